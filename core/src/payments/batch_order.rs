//! The batch's item ids: the tie-break of the oldest-first order (due date, then id) as
//! integers where the ids allow it, and the check that no two items share an id.
//!
//! Three ways to break a tie between two items due on the same day, all giving the order of the
//! ids' bytes: the rows themselves when the ids strictly increase down the column (a ledger
//! sorted by id, the usual export), the ids' numbers when every id follows one numbering
//! ([`crate::columnar::numbered`]: `INV-000000042`, compared as `42`), or the bytes. The
//! duplicate check rides on the same passes: strictly increasing ids repeat none; numbers are
//! checked in a bitmap indexed by `number - min` when they are dense, else sorted.

use crate::columnar::{numbered, Utf8Ids};
use crate::error::{Error, ErrorKind, Result};

/// How two items due on the same day are ordered (each the order of the ids' bytes).
pub(crate) enum Tie {
    /// The ids strictly increase with the row: the row.
    Rows,
    /// Every id follows one numbering: its number (by row).
    Numbers(Vec<u64>),
    /// The ids' bytes.
    Bytes,
}

/// The error for row `row`, whose id repeats row `first`'s.
fn repeated(ids: &Utf8Ids<'_>, row: usize, first: usize) -> Error {
    Error::new(
        ErrorKind::InvalidRequest,
        format!("items[{row}].id"),
        String::from_utf8_lossy(ids.get(row)).into_owned(),
        format!("repeats items[{first}].id: an item id is unique in a batch"),
    )
}

/// Whether every id is above the one before it (as bytes), on `threads` threads (each share
/// also compares its first row with the row before it): each id packed once ([`Utf8Ids::key`]),
/// compared with the previous one's key, the bytes where an id is too long to pack.
fn increasing(ids: &Utf8Ids<'_>, threads: usize) -> bool {
    let n = ids.len();
    let rising = |rows: std::ops::Range<usize>| {
        let mut prev = ids.key(rows.start - 1);
        for i in rows {
            let key = ids.key(i);
            let less = match (prev, key) {
                (Some(a), Some(b)) => a < b,
                _ => cmp_ids(ids, i - 1, i).is_lt(),
            };
            if !less {
                return false;
            }
            prev = key;
        }
        true
    };
    if n < 2 {
        return true;
    }
    if threads == 1 || n < 100_000 {
        return rising(1..n);
    }
    let share = |t: usize| (n * t / threads).max(1)..n * (t + 1) / threads;
    std::thread::scope(|s| {
        let rising = &rising;
        let hs: Vec<_> = (0..threads).map(|t| s.spawn(move || rising(share(t)))).collect();
        hs.into_iter().all(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    })
}

/// The first row (in row order) whose key repeats an earlier row's, with that earlier row:
/// `rows` sorted by (key, row), then the least second row of a run of equal keys.
fn first_repeat(mut rows: Vec<u32>, same: impl Fn(u32, u32) -> bool) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut start = 0;
    for i in 1..=rows.len() {
        if i < rows.len() && same(rows[start], rows[i]) {
            continue;
        }
        if i - start > 1 && best.is_none_or(|b| (rows[start + 1] as usize) < b.0) {
            best = Some((rows[start + 1] as usize, rows[start] as usize));
        }
        start = i;
    }
    rows.clear();
    best
}

/// Duplicates among numbers (every row valid): a bitmap by `number - min` when the numbers are
/// dense, else a sort.
fn number_repeat(numbers: &[u64], min: u64, max: u64) -> Option<(usize, usize)> {
    let n = numbers.len();
    let span = max - min;
    if span < (8 * n as u64).max(1 << 16) {
        let mut seen = vec![0u64; (span as usize >> 6) + 1];
        for (row, &x) in numbers.iter().enumerate() {
            let k = (x - min) as usize;
            let (w, b) = (k >> 6, 1u64 << (k & 63));
            if seen[w] & b != 0 {
                let first = numbers.iter().position(|&y| y == x).unwrap_or(row);
                return Some((row, first));
            }
            seen[w] |= b;
        }
        return None;
    }
    let mut rows: Vec<u32> = (0..n as u32).collect();
    rows.sort_unstable_by_key(|&r| (numbers[r as usize], r));
    first_repeat(rows, |a, b| numbers[a as usize] == numbers[b as usize])
}

/// Byte order of rows `a` and `b` (packed keys where both fit).
#[inline]
pub(crate) fn cmp_ids(ids: &Utf8Ids<'_>, a: usize, b: usize) -> std::cmp::Ordering {
    match (ids.key(a), ids.key(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => ids.get(a).cmp(ids.get(b)),
    }
}

/// The tie-break of the items' ids, after checking that no id repeats. `numbering`: try the
/// numbered fast path (false: the general path only, which gives the same order and errors).
///
/// # Errors
/// [`ErrorKind::InvalidRequest`] naming `items[row].id` (the id as its value) for the first row
/// whose id repeats an earlier row's (null rows carry no id and repeat nothing).
pub(crate) fn item_order(ids: &Utf8Ids<'_>, threads: usize, numbering: bool) -> Result<Tie> {
    let n = ids.len();
    // ids in row order (the usual export) need no second look, nor memory
    let valid = ids.first_null().is_none();
    if valid && increasing(ids, threads) {
        return Ok(Tie::Rows);
    }
    if numbering && valid && n > 1 {
        if let Some(nb) = numbered(ids, None, threads) {
            if let Some((row, first)) = number_repeat(&nb.numbers, nb.min, nb.max) {
                return Err(repeated(ids, row, first));
            }
            return Ok(Tie::Numbers(nb.numbers));
        }
    }
    let rows: Vec<u32> = (0..n as u32).filter(|&r| ids.is_valid(r as usize)).collect();
    let mut rows = rows;
    rows.sort_unstable_by(|&a, &b| cmp_ids(ids, a as usize, b as usize).then(a.cmp(&b)));
    if let Some((row, first)) = first_repeat(rows, |a, b| cmp_ids(ids, a as usize, b as usize).is_eq()) {
        return Err(repeated(ids, row, first));
    }
    Ok(Tie::Bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(ids: &[&str]) -> (Vec<i32>, Vec<u8>) {
        let mut offsets = vec![0];
        let mut data = Vec::new();
        for id in ids {
            data.extend_from_slice(id.as_bytes());
            offsets.push(data.len() as i32);
        }
        (offsets, data)
    }

    #[test]
    fn ties_and_repeats_in_both_paths() {
        type Case<'a> = (&'a [&'a str], Option<(&'a str, &'a str, &'a str)>, &'a str);
        let cases: [Case; 5] = [
            (&["INV-1", "INV-2", "INV-3"], None, "rows"),
            (&["INV-3", "INV-1", "INV-2"], None, "numbers"),
            (&["B", "A", "C"], None, "bytes"),
            (&["INV-1", "INV-2", "INV-5", "INV-2", "INV-5"], Some(("items[3].id", "INV-2", "[1]")), ""),
            (&["x", "INV-1", "y", "x", "INV-1"], Some(("items[3].id", "x", "[0]")), ""),
        ];
        for (list, err, tie) in cases {
            let (o, d) = column(list);
            let ids = Utf8Ids::try_new(&o, &d, None, list.len()).unwrap();
            for numbering in [true, false] {
                match (item_order(&ids, 1, numbering), err) {
                    (Err(e), Some((field, value, first))) => {
                        assert_eq!((e.field(), e.value()), (field, value));
                        assert!(e.reason().starts_with(&format!("repeats items{first}.id")), "{}", e.reason());
                    }
                    (Ok(t), None) => {
                        let got = match t {
                            Tie::Rows => "rows",
                            Tie::Numbers(_) => "numbers",
                            Tie::Bytes => "bytes",
                        };
                        assert!(got == tie || (!numbering && tie == "numbers" && got == "bytes"), "{list:?}");
                    }
                    (got, _) => panic!("{list:?}: {:?}", got.err()),
                }
            }
        }
    }

    #[test]
    fn sparse_numbers_are_sorted_and_nulls_repeat_nothing() {
        let (o, d) = column(&["N-9000000000", "N-0000000001", "N-9000000000"]);
        let ids = Utf8Ids::try_new(&o, &d, None, 3).unwrap();
        assert_eq!(item_order(&ids, 1, true).err().map(|e| e.field().to_string()).as_deref(), Some("items[2].id"));
        let (o, d) = column(&["A", "", "", "B"]);
        let ids = Utf8Ids::try_new(&o, &d, Some(&[0b1001]), 4).unwrap();
        assert!(matches!(item_order(&ids, 1, true), Ok(Tie::Bytes)));
    }
}
