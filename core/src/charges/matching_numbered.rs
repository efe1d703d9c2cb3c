//! The numbered path of [`match_payments`](super::match_payments): when every invoice looked up
//! has an id of one [`Numbering`] (`INV-000000001`) and their numbers are dense, each payment's
//! id is read as its number and found by `number − min` in a bitmap of the invoices' numbers
//! (a bit a number: 1.9 MiB for 15M numbers, which stays in the cache), then its position among
//! the invoices looked up by the count of bits before it (when the numbers rise with the rows,
//! as in a ledger kept in id order) or by a table of positions. No hash, no probe, no packed
//! keys; most payments of a ledger are on invoices not looked up, and their bit is 0.
//!
//! It gives exactly the general path's rows. It declines (`None`: the general path runs and
//! names the error) when an invoice id does not follow the first one's numbering, when the
//! numbers are too sparse for a table, or when two invoices have the same number (a duplicate
//! id). A payment whose id does not follow the numbering, or whose number is out of range or
//! not among the invoices', is on no invoice looked up, as in the general path.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::columnar::pieces::{fill_pieces, in_chunks, worker_threads};
use crate::columnar::{prefetch_at, Numbering, Utf8Ids};

/// The invoices looked up, by number.
pub(super) struct ByNumber<'w> {
    numbering: Numbering,
    min: u64,
    /// `max − min + 1`.
    span: u64,
    /// Bit `number − min` is set for each invoice looked up.
    bits: Vec<u64>,
    /// When the numbers rise with the positions: the bits set before each word.
    rank: Vec<u32>,
    /// Otherwise: the position + 1 of each number (0: none).
    table: Vec<u32>,
    /// The rows looked up (position `k` is row `rows[k]`); `None`: every row, in order (or
    /// positions wanted, not rows).
    pub(super) rows: Option<&'w [u32]>,
}

/// What a share of the invoices looked up holds: their numbers' range and whether they rise.
#[derive(Clone, Copy)]
struct Share {
    min: u64,
    max: u64,
    first: u64,
    last: u64,
    rising: bool,
}

impl<'w> ByNumber<'w> {
    /// The numbers of the `count` invoices looked up (rows `rows`, or the first `count`), or
    /// `None` when the general path must run.
    pub(super) fn build(
        ids: &Utf8Ids<'_>,
        rows: Option<&'w [u32]>,
        count: usize,
        threads: usize,
    ) -> Option<ByNumber<'w>> {
        if count == 0 || count >= u32::MAX as usize {
            return None;
        }
        let row = |k: usize| rows.map_or(k, |r| r[k] as usize);
        let numbering = Numbering::of(ids.get(row(0)))?;
        if let Some(by) = Self::rising(ids, rows, count, threads, numbering) {
            return Some(by);
        }
        let mut numbers = vec![0u64; count];
        let read = |start: usize, out: &mut [u64]| -> Option<Share> {
            let mut s = Share { min: u64::MAX, max: 0, first: 0, last: 0, rising: true };
            let mut prev = None;
            for (t, slot) in out.iter_mut().enumerate() {
                let x = numbering.number(ids.get(row(start + t)))?;
                *slot = x;
                s.min = s.min.min(x);
                s.max = s.max.max(x);
                s.rising &= prev.is_none_or(|p| p < x);
                prev = Some(x);
            }
            s.first = *out.first()?;
            s.last = prev?;
            Some(s)
        };
        let threads = worker_threads(threads, count).min(8);
        let shares = in_chunks(&mut numbers, threads, read);
        let shares: Vec<Share> = shares.into_iter().collect::<Option<_>>()?;
        let min = shares.iter().map(|s| s.min).min()?;
        let max = shares.iter().map(|s| s.max).max()?;
        let rising = shares.iter().all(|s| s.rising) && shares.windows(2).all(|w| w[0].last < w[1].first);
        let span = max - min + 1;
        let words = span.div_ceil(64);
        let mut bits;
        let (mut rank, mut table) = (Vec::new(), Vec::new());
        if rising {
            // a bit and a rank per 64 numbers: at most 24 bytes a number looked up (and 12 KiB)
            if words > 2 * count as u64 + 1024 {
                return None;
            }
            bits = vec![0u64; words as usize];
            for &x in &numbers {
                let d = x - min;
                bits[(d >> 6) as usize] |= 1 << (d & 63);
            }
            rank = ranks(&bits);
        } else {
            // a table of positions and the bits: at most 18 bytes a number looked up (and 18 KiB)
            if span > 4 * count as u64 + 4096 {
                return None;
            }
            bits = vec![0u64; words as usize];
            table = vec![0u32; span as usize];
            for (k, &x) in numbers.iter().enumerate() {
                let d = x - min;
                let (w, bit) = ((d >> 6) as usize, 1u64 << (d & 63));
                if bits[w] & bit != 0 {
                    return None; // a duplicate id: the general path names it
                }
                bits[w] |= bit;
                table[d as usize] = k as u32 + 1;
            }
        }
        Some(ByNumber { numbering, min, span, bits, rank, table, rows })
    }

    /// The usual ledger, kept in id order: the numbers rise with the positions, so the first
    /// and the last give the range, and one pass on every core reads each id and sets its bit
    /// (no list of the numbers kept). `None` when a number is out of that range or falls (the
    /// caller then reads them all first), or when the range is too sparse.
    fn rising(
        ids: &Utf8Ids<'_>,
        rows: Option<&'w [u32]>,
        count: usize,
        threads: usize,
        numbering: Numbering,
    ) -> Option<ByNumber<'w>> {
        let row = |k: usize| rows.map_or(k, |r| r[k] as usize);
        let (min, max) = (numbering.number(ids.get(row(0)))?, numbering.number(ids.get(row(count - 1)))?);
        if max < min || max - min >= u64::MAX / 2 {
            return None;
        }
        let span = max - min + 1;
        let words = span.div_ceil(64);
        if words > 2 * count as u64 + 1024 {
            return None;
        }
        // each share's words are its own but for the first and the last (which a neighbour may
        // share): every finished word is or-ed in, a few per thousand ids
        let cells: Vec<AtomicU64> = (0..words).map(|_| AtomicU64::new(0)).collect();
        let threads = worker_threads(threads, count).min(8);
        let per = count.div_ceil(threads);
        let share = |c: usize| -> Option<(u64, u64)> {
            let (start, end) = (c * per, ((c + 1) * per).min(count));
            let first = numbering.number(ids.get(row(start)))?;
            if first < min || first > max {
                return None;
            }
            let (mut prev, mut word, mut at) = (first, 0u64, (first - min) >> 6);
            for k in start..end {
                let x = numbering.number(ids.get(row(k)))?;
                if (x <= prev && k > start) || x > max {
                    return None;
                }
                let d = x - min;
                if d >> 6 != at {
                    cells[at as usize].fetch_or(word, Ordering::Relaxed);
                    (word, at) = (0, d >> 6);
                }
                word |= 1 << (d & 63);
                prev = x;
            }
            cells[at as usize].fetch_or(word, Ordering::Relaxed);
            Some((first, prev))
        };
        let shares: Vec<Option<(u64, u64)>> = if threads == 1 {
            vec![share(0)]
        } else {
            std::thread::scope(|s| {
                let share = &share;
                let others: Vec<_> = (1..threads.min(count.div_ceil(per))).map(|c| s.spawn(move || share(c))).collect();
                let mut out = vec![share(0)];
                out.extend(others.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))));
                out
            })
        };
        let shares: Vec<(u64, u64)> = shares.into_iter().collect::<Option<_>>()?;
        if !shares.windows(2).all(|w| w[0].1 < w[1].0) {
            return None;
        }
        let bits: Vec<u64> = cells.into_iter().map(AtomicU64::into_inner).collect();
        let rank = ranks(&bits);
        Some(ByNumber { numbering, min, span, bits, rank, table: Vec::new(), rows })
    }

    /// The position among the invoices looked up of the one whose number is `min + d`
    /// (`d` below the span, or `u64::MAX`), `u32::MAX` when none has it.
    #[inline]
    fn position_of(&self, d: u64) -> u32 {
        if d == u64::MAX {
            return u32::MAX;
        }
        let (w, b) = ((d >> 6) as usize, d & 63);
        let word = self.bits[w];
        if word >> b & 1 == 0 {
            return u32::MAX;
        }
        if self.table.is_empty() {
            self.rank[w] + (word & ((1u64 << b) - 1)).count_ones()
        } else {
            self.table[d as usize] - 1
        }
    }

    /// The rows of payments `start..` into `dst`, a block at a time: each id read as its number,
    /// asking for its word of the bitmap (read at random: the words of a block are fetched
    /// together, not one after the other), then the positions, asking for the row of each found
    /// (the rows looked up are read at random too), then the rows.
    fn rows_into(&self, ids: &Utf8Ids<'_>, start: usize, dst: &mut [u32]) {
        const BLOCK: usize = 64;
        let mut at = [u64::MAX; BLOCK];
        for (b, out) in dst.chunks_mut(BLOCK).enumerate() {
            let first = start + b * BLOCK;
            for (t, d) in at.iter_mut().enumerate().take(out.len()) {
                *d = match self.numbering.number(ids.get(first + t)) {
                    Some(x) if x.wrapping_sub(self.min) < self.span => x - self.min,
                    _ => u64::MAX,
                };
                if *d != u64::MAX {
                    prefetch_at(&self.bits, (*d >> 6) as usize);
                }
            }
            for (o, &d) in out.iter_mut().zip(&at) {
                *o = self.position_of(d);
                if let (Some(rows), true) = (self.rows, *o != u32::MAX) {
                    prefetch_at(rows, *o as usize);
                }
            }
            if let Some(rows) = self.rows {
                for o in out.iter_mut().filter(|o| **o != u32::MAX) {
                    *o = rows[*o as usize];
                }
            }
        }
    }

    /// The row of each payment's invoice (`u32::MAX`: none looked up), on `threads` cores;
    /// every entry is written once by the thread that reads its payment.
    pub(super) fn match_all(&self, ids: &Utf8Ids<'_>, threads: usize) -> Vec<u32> {
        let m = ids.len();
        // zeroed by the system page by page as the threads first write them: no pass before
        let mut out = vec![0u32; m];
        fill_pieces(&mut out, worker_threads(threads, m), |start, _, dst| self.rows_into(ids, start, dst));
        out
    }
}

/// The bits set before each word of `bits`.
fn ranks(bits: &[u64]) -> Vec<u32> {
    let mut rank = Vec::with_capacity(bits.len());
    let mut before = 0u32;
    for w in bits {
        rank.push(before);
        before += w.count_ones();
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::super::matching::{match_ids, match_payments, Unmatched};
    use super::*;
    use proptest::prelude::*;

    /// An id column (`None`: a null row).
    fn column(ids: &[Option<Vec<u8>>]) -> (Vec<i32>, Vec<u8>, Option<Vec<u8>>) {
        let (mut off, mut data) = (vec![0i32], Vec::new());
        let mut valid = vec![0u8; ids.len().div_ceil(8)];
        for (i, id) in ids.iter().enumerate() {
            if let Some(id) = id {
                data.extend_from_slice(id);
                valid[i / 8] |= 1 << (i % 8);
            }
            off.push(data.len() as i32);
        }
        let nulls = ids.iter().any(Option::is_none);
        (off, data, nulls.then_some(valid))
    }

    fn id(prefix: &str, width: usize, n: u64) -> Vec<u8> {
        format!("{prefix}{n:0width$}").into_bytes()
    }

    /// One id: mostly `INV-` and 6 digits, sometimes another prefix or width, a letter, a long
    /// id, an empty one, or a null.
    fn some_id(numbers: u64) -> impl Strategy<Value = Option<Vec<u8>>> {
        prop_oneof![
            12 => (0..numbers).prop_map(|n| Some(id("INV-", 6, n))),
            1 => (0..numbers).prop_map(|n| Some(id("CRN-", 6, n))),
            1 => (0..numbers).prop_map(|n| Some(id("INV-", 7, n))),
            1 => (0..numbers).prop_map(|n| Some(id("", 3, n % 1000))),
            1 => Just(Some(b"INV-00000x".to_vec())),
            1 => (0..numbers).prop_map(|n| Some(id("A-LONG-INVOICE-PREFIX-", 6, n))),
            1 => Just(Some(Vec::new())),
            1 => Just(None),
        ]
    }

    /// Invoice ids: all of one numbering (rising, shuffled or with gaps) or a mix.
    fn invoice_ids() -> impl Strategy<Value = Vec<Option<Vec<u8>>>> {
        prop_oneof![
            (1..60u64, 1..4u64, 0..1000u64)
                .prop_map(|(n, step, from)| { (0..n).map(|i| Some(id("INV-", 6, from + i * step))).collect() }),
            (1..60u64, 0..1000u64)
                .prop_flat_map(|(n, from)| Just((0..n).map(|i| from + i).collect::<Vec<u64>>()).prop_shuffle())
                .prop_map(|v| v.into_iter().map(|x| Some(id("INV-", 6, x))).collect()),
            proptest::collection::vec((0..200u64).prop_map(|n| Some(id("INV-", 6, n))), 0..60),
            proptest::collection::vec(some_id(200), 0..60),
            // sparse numbers: no table
            proptest::collection::vec((0..999_999u64).prop_map(|n| Some(id("INV-", 6, n))), 0..20),
        ]
    }

    fn payment_ids() -> impl Strategy<Value = Vec<Option<Vec<u8>>>> {
        proptest::collection::vec(
            prop_oneof![6 => (0..1200u64).prop_map(|n| Some(id("INV-", 6, n))), 2 => some_id(1200)],
            0..80,
        )
    }

    /// `None`, ascending rows, or any rows (repeated, out of order, out of range).
    fn rows(n: usize) -> impl Strategy<Value = Option<Vec<u32>>> {
        let n = n as u32;
        prop_oneof![
            Just(None),
            proptest::collection::vec(any::<bool>(), n as usize)
                .prop_map(|keep| Some((0..keep.len() as u32).filter(|&i| keep[i as usize]).collect())),
            proptest::collection::vec(0..n.max(1) + 1, 0..(n as usize + 2)).prop_map(Some),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]
        #[test]
        fn numbered_path_equals_general_path(
            (inv, rows) in invoice_ids().prop_flat_map(|inv| { let n = inv.len(); (Just(inv), rows(n)) }),
            pay in payment_ids(),
            skip: bool,
            threads in 0usize..4,
        ) {
            let (io, idata, ivalid) = column(&inv);
            let (po, pdata, pvalid) = column(&pay);
            let a = Utf8Ids::try_new(&io, &idata, ivalid.as_deref(), inv.len()).unwrap();
            let b = Utf8Ids::try_new(&po, &pdata, pvalid.as_deref(), pay.len()).unwrap();
            let unmatched = if skip { Unmatched::Skip } else { Unmatched::Error };
            let fast = match_payments(&a, &b, rows.as_deref(), unmatched, threads);
            let slow = match_ids(&a, &b, rows.as_deref(), unmatched, threads, false, false);
            prop_assert_eq!(&fast, &slow);
            if let Some(r) = rows.as_deref() {
                // as positions among the rows, on either path: the same invoices
                let as_rows = |p: Result<Vec<u32>, crate::error::Error>| {
                    p.map(|v| v.iter().map(|&k| if k == u32::MAX { k } else { r[k as usize] }).collect::<Vec<u32>>())
                };
                for numbered in [true, false] {
                    let pos = match_ids(&a, &b, Some(r), unmatched, threads, numbered, true);
                    prop_assert_eq!(&as_rows(pos), &slow);
                }
            }
            if let Ok(found) = &fast {
                // each match is a row looked up with the payment's very id
                for (j, &r) in found.iter().enumerate() {
                    if r != u32::MAX {
                        prop_assert_eq!(a.get(r as usize), b.get(j));
                    }
                }
            }
        }
    }

    #[test]
    fn the_general_path_ends_when_most_keys_hash_to_one_half() {
        // the general path's two hash halves were sized for half the keys each: a few dozen
        // keys mostly in one half filled it, and a probe never ended (found by the property above)
        for from in 0..3000u64 {
            let n = 40 + from % 24;
            let inv: Vec<Option<Vec<u8>>> = (0..n).map(|i| Some(id("K", 3, (from + i * 7) % 1000))).collect();
            let (io, idata, _) = column(&inv);
            let a = Utf8Ids::try_new(&io, &idata, None, inv.len()).unwrap();
            let rows: Vec<u32> = (0..n as u32).collect();
            let got = match_ids(&a, &a, Some(&rows), Unmatched::Error, 1, false, false).unwrap();
            assert_eq!(got, rows);
        }
    }

    #[test]
    fn the_numbered_path_is_taken_for_a_numbered_ledger() {
        // open invoices of a ledger whose closed invoices were numbered in between, payments on
        // both, a selection of the overdue ones
        let inv: Vec<Option<Vec<u8>>> = (0..3000u64).map(|i| Some(id("INV-", 9, 1 + i * 3 / 2))).collect();
        let (io, idata, _) = column(&inv);
        let a = Utf8Ids::try_new(&io, &idata, None, inv.len()).unwrap();
        let pay: Vec<Option<Vec<u8>>> = (0..5000u64).map(|j| Some(id("INV-", 9, j * 7 % 4600))).collect();
        let (po, pdata, _) = column(&pay);
        let b = Utf8Ids::try_new(&po, &pdata, None, pay.len()).unwrap();
        let overdue: Vec<u32> = (0..3000u32).filter(|r| r % 3 != 1).collect();
        for rows in [None, Some(&overdue[..])] {
            let count = rows.map_or(3000, <[u32]>::len);
            let by = ByNumber::build(&a, rows, count, 2).expect("numbered");
            assert!(by.table.is_empty(), "rising numbers need no table");
            let out = by.match_all(&b, 2);
            assert_eq!(out, match_ids(&a, &b, rows, Unmatched::Skip, 2, false, false).unwrap());
            assert!(out.iter().filter(|&&r| r != u32::MAX).count() > 1000);
        }
        // shuffled rows: a table
        let rev: Vec<u32> = (0..3000u32).rev().collect();
        let by = ByNumber::build(&a, Some(&rev), 3000, 1).expect("numbered");
        assert!(!by.table.is_empty());
        assert_eq!(by.match_all(&b, 1), match_ids(&a, &b, Some(&rev), Unmatched::Skip, 1, false, false).unwrap());
        // a duplicate, another numbering, sparse numbers: the general path
        assert!(ByNumber::build(&a, Some(&[5, 5]), 2, 1).is_none());
        let mixed: Vec<Option<Vec<u8>>> = vec![Some(id("INV-", 9, 1)), Some(id("INV-", 8, 2))];
        let (mo, mdata, _) = column(&mixed);
        let m = Utf8Ids::try_new(&mo, &mdata, None, 2).unwrap();
        assert!(ByNumber::build(&m, None, 2, 1).is_none());
        let sparse: Vec<Option<Vec<u8>>> = (0..10u64).map(|i| Some(id("INV-", 9, i * 1_000_000))).collect();
        let (so, sdata, _) = column(&sparse);
        let s = Utf8Ids::try_new(&so, &sdata, None, 10).unwrap();
        assert!(ByNumber::build(&s, None, 10, 1).is_none());
    }
}
