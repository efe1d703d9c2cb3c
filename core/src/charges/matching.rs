//! Payments matched to their invoices by id: string ids (Arrow `utf8` layout) in, invoice rows
//! out, through one open-addressing index of the invoices' packed ids, probed on every core.

use std::collections::HashMap;

use super::matching_numbered::ByNumber;
use crate::columnar::memory::{prefetch, zeroed_words, AHEAD};
use crate::columnar::pieces::{fill_pieces, worker_threads};
use crate::columnar::{hash, Utf8Ids};
use crate::error::{Error, ErrorKind, Result};

/// What happens to a payment whose invoice id is not among the invoices looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Unmatched {
    /// It is an error naming the payment (the default).
    #[default]
    Error,
    /// It is marked `u32::MAX` and left out (a ledger's payments on invoices closed before the batch).
    Skip,
}

/// The row of each payment's invoice: `payment_ids[j]` looked up among `invoice_ids` (only the
/// rows `rows` lists, all when `None`: an interest batch needs only the invoices due before its
/// as-of date). Ids are compared as bytes. When the invoices looked up are numbered
/// ([`Numbering`](crate::columnar::Numbering): `INV-000000001`) and their numbers dense, each
/// payment's id is read as its number and found by it, without hashing; the result is the same.
///
/// ```
/// use arrears::charges::{match_payments, Unmatched};
/// use arrears::columnar::Utf8Ids;
/// let inv = Utf8Ids::try_new(&[0, 5, 10], b"INV-1INV-2", None, 2).unwrap();
/// let pay = Utf8Ids::try_new(&[0, 5, 10, 15], b"INV-2INV-9INV-2", None, 3).unwrap();
/// assert_eq!(match_payments(&inv, &pay, None, Unmatched::Skip, 1)?, [1, u32::MAX, 1]);
/// let err = match_payments(&inv, &pay, None, Unmatched::Error, 1).unwrap_err();
/// assert_eq!((err.field(), err.value()), ("payments[1].invoice_id", "INV-9"));
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidRequest`] for a null id (`invoices[i].invoice_id`,
/// `payments[j].invoice_id`), an invoice id that appears twice among the rows looked up
/// (`invoices[i].invoice_id`), or, with [`Unmatched::Error`], a payment on no invoice looked up
/// (`payments[j].invoice_id`).
pub fn match_payments(
    invoice_ids: &Utf8Ids<'_>,
    payment_ids: &Utf8Ids<'_>,
    rows: Option<&[u32]>,
    unmatched: Unmatched,
    threads: usize,
) -> Result<Vec<u32>> {
    match_ids(invoice_ids, payment_ids, rows, unmatched, threads, true, false)
}

/// [`match_payments`] among the invoices of rows `rows`, each payment's invoice given as its
/// position in `rows` (`k` for the invoice of row `rows[k]`; `u32::MAX`: none) instead of its
/// row: the invoice numbers of a batch whose columns were gathered from those rows, in that
/// order, as [`interest_columns`](super::interest_columns) then takes them with no `rows`.
/// Errors as [`match_payments`], naming rows.
///
/// ```
/// use arrears::charges::{match_payments, match_positions, Unmatched};
/// use arrears::columnar::Utf8Ids;
/// let inv = Utf8Ids::try_new(&[0, 5, 10, 15], b"INV-1INV-2INV-3", None, 3).unwrap();
/// let pay = Utf8Ids::try_new(&[0, 5, 10, 15], b"INV-3INV-1INV-2", None, 3).unwrap();
/// // the invoices of rows 0 and 2 looked up: INV-1 is at position 0, INV-3 at 1
/// assert_eq!(match_positions(&inv, &pay, &[0, 2], Unmatched::Skip, 1)?, [1, 0, u32::MAX]);
/// assert_eq!(match_payments(&inv, &pay, Some(&[0, 2]), Unmatched::Skip, 1)?, [2, 0, u32::MAX]);
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// As [`match_payments`].
pub fn match_positions(
    invoice_ids: &Utf8Ids<'_>,
    payment_ids: &Utf8Ids<'_>,
    rows: &[u32],
    unmatched: Unmatched,
    threads: usize,
) -> Result<Vec<u32>> {
    match_ids(invoice_ids, payment_ids, Some(rows), unmatched, threads, true, true)
}

/// [`match_payments`], through the numbered path when `numbered` and the ids allow it; with
/// `positions`, each found invoice as its position among `rows` ([`match_positions`]).
pub(super) fn match_ids(
    invoice_ids: &Utf8Ids<'_>,
    payment_ids: &Utf8Ids<'_>,
    rows: Option<&[u32]>,
    unmatched: Unmatched,
    threads: usize,
    numbered: bool,
    positions: bool,
) -> Result<Vec<u32>> {
    let null = |field: &str, i: usize| {
        Error::new(ErrorKind::InvalidRequest, format!("{field}[{i}].invoice_id"), "null", "every row needs an id")
    };
    if let Some(i) = invoice_ids.first_null() {
        return Err(null("invoices", i));
    }
    if let Some(j) = payment_ids.first_null() {
        return Err(null("payments", j));
    }
    let n = invoice_ids.len();
    if let Some(&bad) = rows.and_then(|r| r.iter().find(|&&i| i as usize >= n)) {
        return Err(Error::new(ErrorKind::InvalidRequest, "rows", bad.to_string(), format!("there are {n} invoices")));
    }
    let count = rows.map_or(n, <[u32]>::len);
    if let Some(mut by) = ByNumber::build(invoice_ids, rows, count, threads).filter(|_| numbered) {
        if positions {
            by.rows = None;
        }
        return unmatched_error(by.match_all(payment_ids, threads), payment_ids, unmatched);
    }
    general(invoice_ids, payment_ids, rows, threads, positions)
        .and_then(|out| unmatched_error(out, payment_ids, unmatched))
}

/// The general path: any ids, through a hash index of the invoices looked up.
fn general(
    invoice_ids: &Utf8Ids<'_>,
    payment_ids: &Utf8Ids<'_>,
    rows: Option<&[u32]>,
    threads: usize,
    positions: bool,
) -> Result<Vec<u32>> {
    let n = invoice_ids.len();
    let all: Vec<u32>;
    let wanted: &[u32] = match rows {
        Some(r) => r,
        None => {
            all = (0..n as u32).collect();
            &all
        }
    };
    let mut out = crate::columnar::memory::filled(payment_ids.len(), u32::MAX);
    if let Some(mut index) = Index::build(invoice_ids, wanted, threads)? {
        index.positions = positions;
        fill_pieces(&mut out, worker_threads(threads, payment_ids.len()), |start, end, dst| {
            index.probe_all(payment_ids, start, end, dst);
        });
    } else {
        // id -> position among the rows looked up
        let mut map: HashMap<&[u8], u32> = HashMap::new();
        for (k, &i) in wanted.iter().enumerate() {
            let i = i as usize;
            if let Some(first) = map.insert(invoice_ids.get(i), k as u32) {
                return Err(duplicate(invoice_ids, i, wanted[first as usize] as usize));
            }
        }
        for (j, o) in out.iter_mut().enumerate() {
            *o = match map.get(payment_ids.get(j)) {
                Some(&k) if positions => k,
                Some(&k) => wanted[k as usize],
                None => u32::MAX,
            };
        }
    }
    Ok(out)
}

/// `out`, or with [`Unmatched::Error`] the error naming its first payment on no invoice.
fn unmatched_error(out: Vec<u32>, payment_ids: &Utf8Ids<'_>, unmatched: Unmatched) -> Result<Vec<u32>> {
    if unmatched == Unmatched::Error {
        if let Some(j) = out.iter().position(|&r| r == u32::MAX) {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                format!("payments[{j}].invoice_id"),
                String::from_utf8_lossy(payment_ids.get(j)).into_owned(),
                "no invoice of the batch has this id",
            ));
        }
    }
    Ok(out)
}

fn duplicate(ids: &Utf8Ids<'_>, i: usize, first: usize) -> Error {
    Error::new(
        ErrorKind::InvalidRequest,
        format!("invoices[{i}].invoice_id"),
        String::from_utf8_lossy(ids.get(i)).into_owned(),
        format!("the id appears twice (rows {first} and {i})"),
    )
}

/// Packed ids of the invoices looked up, found through slots of `hash tag << 32 | position + 1`,
/// behind a filter of two bits a key in one word (most payments of a ledger are on invoices not
/// looked up: the filter, a few MiB that stay in the cache, turns nearly all of them away
/// without touching the slots).
struct Index<'w> {
    filter: Vec<u64>,
    filter_mask: usize,
    half_words: usize,
    slots: Vec<u64>,
    mask: usize,
    half: usize,
    keys: Vec<u128>,
    rows: &'w [u32],
    /// Found keys are given as their positions among `rows`, not their rows.
    positions: bool,
}

impl<'w> Index<'w> {
    /// `None` when an id is longer than a packed key holds (the caller falls back to a map).
    fn build(ids: &Utf8Ids<'_>, wanted: &'w [u32], threads: usize) -> Result<Option<Index<'w>>> {
        // packed ids and their hashes, the two halves of the list on two threads
        let mut keys = vec![0u128; wanted.len()];
        let mut hashes = vec![0u64; wanted.len()];
        let fill = |w: &[u32], k: &mut [u128], h: &mut [u64]| -> bool {
            for (t, &i) in w.iter().enumerate() {
                match ids.key(i as usize) {
                    Some(key) => (k[t], h[t]) = (key, hash(key, 0)),
                    None => return false,
                }
            }
            true
        };
        let mid = wanted.len() / 2;
        let (k0, k1) = keys.split_at_mut(mid);
        let (h0, h1) = hashes.split_at_mut(mid);
        let short = if threads != 1 && wanted.len() >= 100_000 {
            std::thread::scope(|scope| {
                let other = scope.spawn(|| fill(&wanted[mid..], k1, h1));
                let mine = fill(&wanted[..mid], k0, h0);
                mine & other.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
            })
        } else {
            fill(&wanted[..mid], k0, h0) & fill(&wanted[mid..], k1, h1)
        };
        if !short {
            return Ok(None);
        }
        let rows = wanted;
        // each half holds the keys of its hash bit at a load of at most 0.8 (a probe that gets
        // past the filter is nearly always a hit, which linear probing finds within a line or
        // two), sized by the fuller half: a few keys may fall mostly in one half, and a full
        // half would never end a probe
        let ones = hashes.iter().filter(|&&h| h >> 63 == 1).count();
        let most = ones.max(keys.len() - ones);
        let half = (most * 5 / 4 + 1).next_power_of_two().max(32);
        let half_words = (keys.len() / 16).next_power_of_two().max(4);
        let mut filter = zeroed_words(2 * half_words);
        let mut slots = zeroed_words(2 * half);
        {
            let (f0, f1) = filter.split_at_mut(half_words);
            let (s0, s1) = slots.split_at_mut(half);
            let fill = |part: u64, f: &mut [u64], s: &mut [u64]| fill_half(part, f, s, &hashes, &keys);
            let dup = if threads != 1 && keys.len() >= 50_000 {
                std::thread::scope(|scope| {
                    let other = scope.spawn(|| fill(1, f1, s1));
                    let mine = fill(0, f0, s0);
                    let theirs = other.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                    mine.or(theirs)
                })
            } else {
                fill(0, f0, s0).or(fill(1, f1, s1))
            };
            if let Some((p, q)) = dup {
                let (a, b) = (rows[p].min(rows[q]) as usize, rows[p].max(rows[q]) as usize);
                return Err(duplicate(ids, b, a));
            }
        }
        Ok(Some(Index {
            filter,
            filter_mask: half_words - 1,
            half_words,
            slots,
            mask: half - 1,
            half,
            keys,
            rows,
            positions: false,
        }))
    }

    /// The first word of the filter and the first slot of `h`'s half.
    #[inline]
    fn locate(&self, h: u64) -> (usize, usize) {
        let part = (h >> 63) as usize;
        (part * self.half_words + ((h >> 24) as usize & self.filter_mask), part * self.half + (h as usize & self.mask))
    }

    /// The rows of payments `start..end`, into `dst` (`u32::MAX` when not found).
    fn probe_all(&self, ids: &Utf8Ids<'_>, start: usize, end: usize, dst: &mut [u32]) {
        const BLOCK: usize = 64;
        let mut hashes = [0u64; BLOCK];
        let mut keys = [0u128; BLOCK];
        let mut at = [0usize; BLOCK];
        let mut a = start;
        while a < end {
            let b = (a + BLOCK).min(end);
            // stage 1: hash every id and ask for its filter word
            let mut hashed = 0;
            for j in a..b {
                let Some(k) = ids.key(j) else { continue };
                let h = hash(k, 0);
                prefetch(self.filter.as_ptr() as usize + self.locate(h).0 * 8);
                (keys[hashed], hashes[hashed], at[hashed]) = (k, h, j);
                hashed += 1;
            }
            // stage 2: keep those the filter lets through, asking for their slot
            let mut through = 0;
            for t in 0..hashed {
                let h = hashes[t];
                let bits = filter_bits(h);
                let (word, slot) = self.locate(h);
                if self.filter[word] & bits != bits {
                    continue;
                }
                prefetch(self.slots.as_ptr() as usize + slot * 8);
                (keys[through], hashes[through], at[through]) = (keys[t], h, at[t]);
                through += 1;
            }
            // stage 3: walk their slots
            for t in 0..through {
                let (h, k) = (hashes[t], keys[t]);
                let tag = h >> 32 << 32;
                let (part, mut s) = ((h >> 63) as usize * self.half, h as usize & self.mask);
                dst[at[t] - start] = loop {
                    let v = self.slots[part + s];
                    if v == 0 {
                        break u32::MAX;
                    }
                    if v >> 32 << 32 == tag {
                        let p = (v as u32 - 1) as usize;
                        if self.keys[p] == k {
                            break if self.positions { p as u32 } else { self.rows[p] };
                        }
                    }
                    s = (s + 1) & self.mask;
                };
            }
            a = b;
        }
    }
}

/// Fills one half of the filter and the slots with the keys whose hash has top bit `part`;
/// `Some((earlier, later))` positions of a key seen twice.
fn fill_half(
    part: u64,
    filter: &mut [u64],
    slots: &mut [u64],
    hashes: &[u64],
    keys: &[u128],
) -> Option<(usize, usize)> {
    let (fmask, smask) = (filter.len() - 1, slots.len() - 1);
    let mine: Vec<u32> = (0..hashes.len() as u32).filter(|&p| hashes[p as usize] >> 63 == part).collect();
    for (n, &p) in mine.iter().enumerate() {
        if let Some(&ahead) = mine.get(n + AHEAD) {
            prefetch(filter.as_ptr() as usize + ((hashes[ahead as usize] >> 24) as usize & fmask) * 8);
        }
        let h = hashes[p as usize];
        filter[(h >> 24) as usize & fmask] |= filter_bits(h);
    }
    for (n, &p) in mine.iter().enumerate() {
        if let Some(&ahead) = mine.get(n + AHEAD) {
            prefetch(slots.as_ptr() as usize + (hashes[ahead as usize] as usize & smask) * 8);
        }
        let p = p as usize;
        let h = hashes[p];
        let tag = h >> 32 << 32;
        let mut s = h as usize & smask;
        loop {
            let v = slots[s];
            if v == 0 {
                slots[s] = tag | (p as u64 + 1);
                break;
            }
            let q = (v as u32 - 1) as usize;
            if v >> 32 << 32 == tag && keys[q] == keys[p] {
                return Some((q, p));
            }
            s = (s + 1) & smask;
        }
    }
    None
}

/// Two bits of one filter word, from hash bits the slot index does not use.
#[inline]
fn filter_bits(h: u64) -> u64 {
    (1u64 << ((h >> 46) & 63)) | (1u64 << ((h >> 52) & 63))
}
