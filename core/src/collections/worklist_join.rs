//! The history join of the columnar worklist: payments to their invoices by id, radix-partitioned
//! so that every table read at random fits in a core's cache.
//!
//! 1. The payments (paid by `as_of`) are written into partitions by the hash of their invoice's
//!    key, on every core, and a filter of two bits a key is set.
//! 2. The invoices (open and closed) are read in pieces that free threads take (in
//!    `worklist_columns`): an invoice the filter lets through is written, with its due day and
//!    its customer's code (interned per thread, [`Intern`]), into the same partition.
//! 3. Threads take partitions: each builds a small table of a partition's payments and probes it
//!    with the partition's invoices, summing `late × amount` and `amount` per customer code.
//!
//! The first version probed one index of all payments (hundreds of MB) from every invoice: two
//! misses to memory a matched invoice. Here the only tables read at random are the filter (a byte
//! a payment) and the customer codes (a few MB); a partition's table is some hundred KB.
//!
//! Sums are `i128`: `late` is under 2^22 days (the date range), an amount under 2^63, so a
//! product is under 2^85 and the sum of under 2^32 rows cannot overflow.

use crate::columnar::memory::{prefetch, zeroed_words};
use crate::columnar::pieces::{run, split, worker_threads, Piece};
use crate::columnar::{hash, MinorUnits};

/// A payment in its partition, as the join's table holds it.
#[derive(Clone, Copy)]
struct PayRow {
    key: u128,
    amount: i64,
    date: i32,
}

/// Rows of `W` words in partitions: one block of zeroed memory (untouched pages cost nothing)
/// with room for `per` rows a partition, the rows past that in a spill vector of their
/// partition. Fresh memory faulted in by a vector a partition cost more than the partitioning
/// itself.
#[derive(Default)]
pub(super) struct Parts<const W: usize> {
    words: Vec<u64>,
    len: Vec<u32>,
    per: usize,
    spill: Vec<Vec<[u64; W]>>,
}

/// A payment: its key's two words, amount, day.
type PayParts = Parts<4>;
/// An invoice the filter let through: its key's two words, due day and customer code.
pub(super) type InvParts = Parts<3>;

impl<const W: usize> Parts<W> {
    fn new(n: usize, per: usize) -> Parts<W> {
        let words = vec![0u64; n * per * W];
        Parts { words, len: vec![0; n], per, spill: (0..n).map(|_| Vec::new()).collect() }
    }

    #[inline]
    fn push(&mut self, p: usize, row: [u64; W]) {
        let l = self.len[p] as usize;
        if l < self.per {
            let at = (p * self.per + l) * W;
            self.words[at..at + W].copy_from_slice(&row);
            self.len[p] += 1;
        } else {
            self.spill[p].push(row);
        }
    }

    /// Partition `p`'s rows: those in the block, then those spilled.
    fn rows(&self, p: usize) -> [&[[u64; W]]; 2] {
        let at = p * self.per * W;
        let block = &self.words[at..at + self.len[p] as usize * W];
        [block.as_chunks::<W>().0, &self.spill[p]]
    }

    fn count(&self) -> usize {
        self.len.iter().map(|&l| l as usize).sum::<usize>() + self.spill.iter().map(Vec::len).sum::<usize>()
    }
}

/// Payments in partitions (per thread that wrote them, then per partition) and the filter of
/// their keys.
pub(super) struct Payments {
    parts: Vec<PayParts>,
    filter: Vec<u64>,
    fmask: usize,
    bits: u32,
    rows: usize,
}

/// Rows a thread reads ahead (their random reads asked for together).
const BLOCK: usize = 64;

#[inline]
fn filter_bits(h: u64) -> u64 {
    (1u64 << ((h >> 40) & 63)) | (1u64 << ((h >> 46) & 63))
}

impl Payments {
    /// Partitions the payments whose `date` is at most `as_of`; `key(j)` is payment `j`'s
    /// invoice key.
    pub(super) fn build<K, A: MinorUnits>(key: K, date: &[i32], amount: &[A], as_of: i32, threads: usize) -> Payments
    where
        K: Fn(usize) -> u128 + Sync,
    {
        let n = date.len();
        // about 8k payments a partition (some 300 KB of table): at most 1024 partitions, whose
        // open write positions stay in the cache
        let bits = (n / 8192).next_power_of_two().trailing_zeros().min(10);
        let fwords = (n / 8).next_power_of_two().max(8);
        let pieces = split([n]);
        let threads = worker_threads(threads, n);
        // room for half as much again as a thread's share
        let per = n * 3 / ((2usize << bits) * threads) + 16;
        let results = run(&pieces, threads, |claim| {
            let mut parts = PayParts::new(1 << bits, per);
            let mut filter = zeroed_words(fwords);
            let (mut keys, mut hashes, mut at) = ([0u128; BLOCK], [0u64; BLOCK], [0usize; BLOCK]);
            for piece in claim {
                let mut a = piece.start;
                while a < piece.end {
                    let b = (a + BLOCK).min(piece.end);
                    // the filter words of a block are asked for before any is written
                    let mut m = 0;
                    for (j, &d) in date.iter().enumerate().take(b).skip(a) {
                        if d <= as_of {
                            let k = key(j);
                            let h = hash(k, 0);
                            prefetch(filter.as_ptr() as usize + ((h >> 20) as usize & (fwords - 1)) * 8);
                            (keys[m], hashes[m], at[m]) = (k, h, j);
                            m += 1;
                        }
                    }
                    for x in 0..m {
                        let (h, j) = (hashes[x], at[x]);
                        filter[(h >> 20) as usize & (fwords - 1)] |= filter_bits(h);
                        let k = keys[x];
                        let row = [k as u64, (k >> 64) as u64, amount[j].low() as u64, date[j] as i64 as u64];
                        parts.push(part(h, bits), row);
                    }
                    a = b;
                }
            }
            Ok::<_, ()>((parts, filter))
        });
        let mut all = Vec::with_capacity(results.len());
        let mut filter: Vec<u64> = Vec::new();
        for (parts, f) in results.into_iter().flatten() {
            if filter.is_empty() {
                filter = f;
            } else {
                filter.iter_mut().zip(&f).for_each(|(a, b)| *a |= b);
            }
            all.push(parts);
        }
        let rows = all.iter().map(PayParts::count).sum();
        Payments { parts: all, filter, fmask: fwords - 1, bits, rows }
    }

    /// Partitions a thread writes its invoices into, each with room for its expected share.
    pub(super) fn invoice_parts(&self, threads: usize) -> InvParts {
        let np = 1usize << self.bits;
        InvParts::new(np, self.rows * 3 / (2 * np * threads.max(1)) + 16)
    }

    /// Asks for the filter word of hash `h`.
    #[inline]
    pub(super) fn prefetch(&self, h: u64) {
        prefetch(self.filter.as_ptr() as usize + ((h >> 20) as usize & self.fmask) * 8);
    }

    /// Whether some payment may name a key of hash `h`.
    #[inline]
    pub(super) fn may_have(&self, h: u64) -> bool {
        let bits = filter_bits(h);
        self.filter[(h >> 20) as usize & self.fmask] & bits == bits
    }

    /// Writes an invoice the filter let through into its partition.
    #[inline]
    pub(super) fn push(&self, parts: &mut InvParts, key: u128, h: u64, due: i32, code: u32) {
        let row = [key as u64, (key >> 64) as u64, u64::from(due as u32) | u64::from(code) << 32];
        parts.push(part(h, self.bits), row);
    }

    /// Joins each partition's invoices (`invoices[t]`: the partitions thread `t` wrote, its
    /// customer codes below `codes[t]`) to its payments: `Σ late × amount` and `Σ amount` per
    /// thread and code.
    pub(super) fn join(&self, invoices: &[InvParts], codes: &[usize], threads: usize) -> Vec<Vec<[i128; 2]>> {
        let np = 1usize << self.bits;
        let pieces: Vec<Piece> = (0..np).map(|p| Piece { source: 0, start: p, end: p + 1, offset: 0 }).collect();
        let total = self.rows + invoices.iter().map(InvParts::count).sum::<usize>();
        let results = run(&pieces, worker_threads(threads, total), |claim| {
            let mut sums: Vec<Vec<[i128; 2]>> = codes.iter().map(|&n| vec![[0i128; 2]; n]).collect();
            let (mut rows, mut slots): (Vec<PayRow>, Vec<u32>) = (Vec::new(), Vec::new());
            for piece in claim {
                self.join_part(piece.start, invoices, &mut rows, &mut slots, &mut sums);
            }
            Ok::<_, ()>(sums)
        });
        let mut all = results.into_iter().flatten();
        let mut out = all.next().unwrap_or_else(|| codes.iter().map(|&n| vec![[0i128; 2]; n]).collect());
        for other in all {
            for (a, b) in out.iter_mut().zip(other) {
                for (x, y) in a.iter_mut().zip(b) {
                    x[0] += y[0];
                    x[1] += y[1];
                }
            }
        }
        out
    }

    /// Partition `p`: its payments into a table of linear probing, then its invoices through it.
    fn join_part(
        &self,
        p: usize,
        invoices: &[InvParts],
        rows: &mut Vec<PayRow>,
        slots: &mut Vec<u32>,
        sums: &mut [Vec<[i128; 2]>],
    ) {
        rows.clear();
        for t in &self.parts {
            for part in t.rows(p) {
                rows.extend(part.iter().map(|r| PayRow {
                    key: u128::from(r[1]) << 64 | u128::from(r[0]),
                    amount: r[2] as i64,
                    date: r[3] as i64 as i32,
                }));
            }
        }
        if rows.is_empty() {
            return;
        }
        let cap = (rows.len() * 2).next_power_of_two();
        let mask = cap - 1;
        slots.clear();
        slots.resize(cap, 0);
        for (i, r) in rows.iter().enumerate() {
            let mut s = hash(r.key, 0) as usize & mask;
            while slots[s] != 0 {
                s = (s + 1) & mask;
            }
            slots[s] = i as u32 + 1;
        }
        // each invoice's sums wait in a block while the customers' cells are asked for (the
        // cells of all customers are some MB: most would miss the cache)
        let mut done: Vec<(u32, i128, i128)> = Vec::with_capacity(BLOCK);
        for (t, parts) in invoices.iter().enumerate() {
            let sums = &mut sums[t];
            for block in parts.rows(p).iter().flat_map(|rows| rows.chunks(BLOCK)) {
                done.clear();
                for r in block {
                    let key = u128::from(r[1]) << 64 | u128::from(r[0]);
                    let (due, code) = (r[2] as u32 as i32, (r[2] >> 32) as u32);
                    let mut s = hash(key, 0) as usize & mask;
                    let (mut w, mut c, mut any) = (0i128, 0i128, false);
                    loop {
                        let e = slots[s];
                        if e == 0 {
                            break;
                        }
                        let q = &rows[e as usize - 1];
                        if q.key == key {
                            w += i128::from((q.date - due).max(0)) * i128::from(q.amount);
                            c += i128::from(q.amount);
                            any = true;
                        }
                        s = (s + 1) & mask;
                    }
                    if any {
                        crate::columnar::prefetch_at(sums, code as usize);
                        done.push((code, w, c));
                    }
                }
                for &(code, w, c) in &done {
                    let cell = &mut sums[code as usize];
                    cell[0] += w;
                    cell[1] += c;
                }
            }
        }
    }
}

/// The partition of hash `h` among `1 << bits` (its top bits).
#[inline]
fn part(h: u64, bits: u32) -> usize {
    if bits == 0 {
        0
    } else {
        (h >> (64 - bits)) as usize
    }
}

/// Customer keys and their codes (0, 1, ... in order of first sight), one table per thread.
pub(super) struct Intern {
    slots: Vec<u64>,
    mask: usize,
    pub(super) keys: Vec<u128>,
}

impl Intern {
    pub(super) fn new() -> Intern {
        Intern { slots: vec![0; 4096], mask: 4095, keys: Vec::new() }
    }

    #[inline]
    pub(super) fn prefetch(&self, h: u64) {
        prefetch(self.slots.as_ptr() as usize + (h as usize & self.mask) * 8);
    }

    /// Asks for the key the table names first for hash `h` (a guess: the key is not compared),
    /// once its slot has come.
    #[inline]
    pub(super) fn prefetch_key(&self, h: u64) {
        let mut s = h as usize & self.mask;
        loop {
            let e = self.slots[s];
            if e == 0 {
                return;
            }
            if e >> 32 == h >> 32 {
                crate::columnar::prefetch_at(&self.keys, (e as u32 - 1) as usize);
                return;
            }
            s = (s + 1) & self.mask;
        }
    }

    /// The code of `key` (hash `h`), a new one if it has none.
    #[inline]
    pub(super) fn code(&mut self, key: u128, h: u64) -> u32 {
        let mut s = h as usize & self.mask;
        loop {
            let e = self.slots[s];
            if e == 0 {
                let c = self.keys.len() as u32;
                self.keys.push(key);
                self.slots[s] = (h >> 32) << 32 | u64::from(c + 1);
                if self.keys.len() * 2 > self.slots.len() {
                    self.grow();
                }
                return c;
            }
            if e >> 32 == h >> 32 && self.keys[(e as u32 - 1) as usize] == key {
                return e as u32 - 1;
            }
            s = (s + 1) & self.mask;
        }
    }

    fn grow(&mut self) {
        let n = self.slots.len() * 2;
        let mask = n - 1;
        let mut slots = vec![0u64; n];
        for (c, &k) in self.keys.iter().enumerate() {
            let h = hash(k, 0);
            let mut s = h as usize & mask;
            while slots[s] != 0 {
                s = (s + 1) & mask;
            }
            slots[s] = (h >> 32) << 32 | (c as u64 + 1);
        }
        self.slots = slots;
        self.mask = mask;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_past_a_partitions_room_spill_and_are_kept_in_order() {
        let mut parts = Parts::<3>::new(2, 2);
        for v in 0..5u64 {
            parts.push(1, [v, v, v]);
        }
        parts.push(0, [9, 9, 9]);
        let rows: Vec<u64> = parts.rows(1).iter().flat_map(|r| r.iter().map(|x| x[0])).collect();
        assert_eq!(rows, [0, 1, 2, 3, 4]);
        assert_eq!((parts.rows(0)[0], parts.count()), (&[[9u64, 9, 9]][..], 6));
    }

    #[test]
    fn codes_in_order_of_first_sight_through_growth() {
        let mut t = Intern::new();
        let codes: Vec<u32> = (0..10_000u128).chain(0..10_000).map(|k| t.code(k * 7919, hash(k * 7919, 0))).collect();
        assert_eq!(codes[..10_000], codes[10_000..]);
        assert!(codes[..10_000].iter().enumerate().all(|(i, &c)| c as usize == i));
    }
}
