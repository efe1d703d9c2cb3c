//! An open-addressing table of groups keyed by (packed id, code), whose slots are the groups'
//! records of cells.

use super::keys::hash;
use super::memory::{prefetch, zeroed_lines, Line, AHEAD};

/// Words of a group's record before its cells: the id (2 words), then `1 << 63 | count << 32 |
/// currency code` (0: an empty slot).
pub(crate) const HEAD: usize = 3;
pub(crate) const USED: u64 = 1 << 63;

/// Groups in an open-addressing table whose slots are the groups' records: id, currency, row
/// count and cells, in `lines_per` cache lines (one for the usual five buckets). The record a
/// row lands on both confirms the id and holds the sums. `aging::age_sources`
/// keeps a customer's other currencies in one.
pub(crate) struct Groups {
    pub(crate) cap: usize,
    pub(crate) records: Vec<Line>,
    pub(crate) groups: usize,
    pub(crate) lines_per: usize,
}

impl Groups {
    pub(crate) fn with_capacity(lines_per: usize, cap: usize) -> Groups {
        let records = zeroed_lines(cap * lines_per);
        Groups { cap, records, groups: 0, lines_per }
    }

    /// The first slot to probe.
    #[inline]
    pub(crate) fn slot_of(&self, h: u64) -> usize {
        // bits 8..32 of the hash, scaled to the capacity
        ((u64::from(h as u32 >> 8) * self.cap as u64) >> 24) as usize
    }

    #[inline]
    pub(crate) fn word(&self, g: usize, j: usize) -> u64 {
        self.records[g * self.lines_per + j / 8].0[j % 8] as u64
    }

    /// The slot of (key, cur), a new one if it has none.
    #[inline]
    pub(crate) fn find(&mut self, key: u128, cur: u32, h: u64) -> usize {
        let (lo, hi) = (key as u64 as i64, (key >> 64) as u64 as i64);
        let mut i = self.slot_of(h);
        loop {
            let r = &mut self.records[i * self.lines_per].0;
            if r[2] == 0 {
                r[0] = lo;
                r[1] = hi;
                r[2] = (USED | u64::from(cur)) as i64;
                self.groups += 1;
                // grown at 80 % full: at 50 % the table took 2.5 times the memory and measured
                // no faster; a probe seldom goes past the second slot, which stage 1 also asks for
                if self.groups * 10 > self.cap * 8 {
                    self.grow();
                    return self.find(key, cur, h);
                }
                return i;
            }
            if r[0] == lo && r[1] == hi && r[2] as u32 == cur {
                return i;
            }
            i += 1;
            if i == self.cap {
                i = 0;
            }
        }
    }

    fn grow(&mut self) {
        let mut bigger = Groups::with_capacity(self.lines_per, self.cap * 2);
        let lp = self.lines_per;
        // the new slots of the next AHEAD groups are asked for before they are written
        let used: Vec<(usize, usize)> = (0..self.cap)
            .filter(|&g| self.word(g, 2) != 0)
            .map(|g| {
                let (key, cur) = self.key(g);
                (g, bigger.slot_of(hash(key, cur)))
            })
            .collect();
        for (n, &(g, slot)) in used.iter().enumerate() {
            if let Some(&(_, ahead)) = used.get(n + AHEAD) {
                prefetch(bigger.records.as_ptr() as usize + ahead * lp * 64);
            }
            let mut i = slot;
            while bigger.word(i, 2) != 0 {
                i += 1;
                if i == bigger.cap {
                    i = 0;
                }
            }
            bigger.records[i * lp..(i + 1) * lp].copy_from_slice(&self.records[g * lp..(g + 1) * lp]);
        }
        self.cap = bigger.cap;
        self.records = bigger.records;
    }

    pub(crate) fn key(&self, g: usize) -> (u128, u32) {
        ((u128::from(self.word(g, 1)) << 64) | u128::from(self.word(g, 0)), self.word(g, 2) as u32)
    }
}
