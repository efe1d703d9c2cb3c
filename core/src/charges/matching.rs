//! Payments matched to their invoices by id: string ids (Arrow `utf8` layout) in, invoice rows
//! out, through one open-addressing index of the invoices' packed ids, probed on every core.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::columnar::memory::{prefetch, zeroed_words, AHEAD};
use crate::columnar::pieces::{run, split, worker_threads, PIECE};
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
/// rows `keep` accepts, all when `None`: an interest batch needs only the invoices due before
/// its as-of date). Ids are compared as bytes.
///
/// ```
/// use arrears::charges::{match_payments, Unmatched};
/// use arrears::columnar::Utf8Ids;
/// let inv = Utf8Ids::try_new(&[0, 5, 10], b"INV-1INV-2", None, 2).unwrap();
/// let pay = Utf8Ids::try_new(&[0, 5, 10, 15], b"INV-2INV-9INV-2", None, 3).unwrap();
/// assert_eq!(match_payments(&inv, &pay, None, Unmatched::Skip, 1)?, [1, u32::MAX, 1]);
/// let err = match_payments(&inv, &pay, None, Unmatched::Error, 1).unwrap_err();
/// assert_eq!((err.field(), err.value()), ("payments.invoice_id[1]", "INV-9"));
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidRequest`] for a null id (`invoice_id[i]`, `payments.invoice_id[j]`), an
/// invoice id that appears twice among the rows looked up (`invoice_id[i]`), or, with
/// [`Unmatched::Error`], a payment on no invoice looked up (`payments.invoice_id[j]`).
pub fn match_payments(
    invoice_ids: &Utf8Ids<'_>,
    payment_ids: &Utf8Ids<'_>,
    keep: Option<&(dyn Fn(usize) -> bool + Sync)>,
    unmatched: Unmatched,
    threads: usize,
) -> Result<Vec<u32>> {
    let null = |field: &str, i: usize| {
        Error::new(ErrorKind::InvalidRequest, format!("{field}[{i}]"), "null", "every row needs an id")
    };
    if let Some(i) = invoice_ids.first_null() {
        return Err(null("invoice_id", i));
    }
    if let Some(j) = payment_ids.first_null() {
        return Err(null("payments.invoice_id", j));
    }
    let n = invoice_ids.len();
    let wanted = |i: usize| keep.is_none_or(|k| k(i));
    let short = (0..n).all(|i| !wanted(i) || invoice_ids.get(i).len() < 16)
        && (0..payment_ids.len()).all(|j| payment_ids.get(j).len() < 16);
    let mut out = vec![u32::MAX; payment_ids.len()];
    if short {
        let index = Index::build(invoice_ids, &wanted)?;
        let pieces = split([payment_ids.len()]);
        let slots: Vec<Mutex<Option<&mut [u32]>>> = out.chunks_mut(PIECE).map(|c| Mutex::new(Some(c))).collect();
        let results = run(&pieces, worker_threads(threads, payment_ids.len()), |claim| {
            for piece in claim {
                let Some(dst) = slots[piece.start / PIECE].lock().map(|mut s| s.take()).unwrap_or(None) else {
                    continue;
                };
                index.probe_all(payment_ids, piece.start, piece.end, dst);
            }
            Ok::<(), Error>(())
        });
        for r in results {
            r?;
        }
    } else {
        let mut map: HashMap<&[u8], u32> = HashMap::new();
        for i in (0..n).filter(|&i| wanted(i)) {
            if let Some(first) = map.insert(invoice_ids.get(i), i as u32) {
                return Err(duplicate(invoice_ids, i, first as usize));
            }
        }
        for (j, o) in out.iter_mut().enumerate() {
            *o = map.get(payment_ids.get(j)).copied().unwrap_or(u32::MAX);
        }
    }
    if unmatched == Unmatched::Error {
        if let Some(j) = out.iter().position(|&r| r == u32::MAX) {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                format!("payments.invoice_id[{j}]"),
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
        format!("invoice_id[{i}]"),
        String::from_utf8_lossy(ids.get(i)).into_owned(),
        format!("the id appears twice (rows {first} and {i})"),
    )
}

/// Packed ids of the invoices looked up, found through slots of `hash tag << 32 | position + 1`.
struct Index {
    slots: Vec<u64>,
    mask: usize,
    keys: Vec<u128>,
    rows: Vec<u32>,
}

impl Index {
    fn build(ids: &Utf8Ids<'_>, wanted: &dyn Fn(usize) -> bool) -> Result<Index> {
        let mut keys = Vec::new();
        let mut rows = Vec::new();
        for i in 0..ids.len() {
            if wanted(i) {
                keys.push(ids.key(i).unwrap_or(0));
                rows.push(i as u32);
            }
        }
        let cap = (keys.len() * 2).next_power_of_two().max(64);
        let mut index = Index { slots: zeroed_words(cap), mask: cap - 1, keys, rows };
        let hashes: Vec<u64> = index.keys.iter().map(|&k| hash(k, 0)).collect();
        for p in 0..index.keys.len() {
            if let Some(&h) = hashes.get(p + AHEAD) {
                prefetch(index.slots.as_ptr() as usize + (h as usize & index.mask) * 8);
            }
            let h = hashes[p];
            let tag = h >> 32 << 32;
            let mut s = h as usize & index.mask;
            loop {
                let v = index.slots[s];
                if v == 0 {
                    index.slots[s] = tag | (p as u64 + 1);
                    break;
                }
                if v >> 32 << 32 == tag && index.keys[(v as u32 - 1) as usize] == index.keys[p] {
                    let first = index.rows[(v as u32 - 1) as usize] as usize;
                    return Err(duplicate(ids, index.rows[p] as usize, first));
                }
                s = (s + 1) & index.mask;
            }
        }
        Ok(index)
    }

    /// The rows of payments `start..end`, into `dst` (`u32::MAX` when not found).
    fn probe_all(&self, ids: &Utf8Ids<'_>, start: usize, end: usize, dst: &mut [u32]) {
        const BLOCK: usize = 64;
        let mut hashes = [0u64; BLOCK];
        let mut keys = [0u128; BLOCK];
        let mut a = start;
        while a < end {
            let b = (a + BLOCK).min(end);
            for j in a..b {
                let k = ids.key(j).unwrap_or(0);
                let h = hash(k, 0);
                keys[j - a] = k;
                hashes[j - a] = h;
                prefetch(self.slots.as_ptr() as usize + (h as usize & self.mask) * 8);
            }
            for j in a..b {
                let (h, k) = (hashes[j - a], keys[j - a]);
                let tag = h >> 32 << 32;
                let mut s = h as usize & self.mask;
                dst[j - start] = loop {
                    let v = self.slots[s];
                    if v == 0 {
                        break u32::MAX;
                    }
                    if v >> 32 << 32 == tag {
                        let p = (v as u32 - 1) as usize;
                        if self.keys[p] == k {
                            break self.rows[p];
                        }
                    }
                    s = (s + 1) & self.mask;
                };
            }
            a = b;
        }
    }
}
