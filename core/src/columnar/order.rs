//! Rows put in the order of their ids: a report keyed by invoice id lists its rows by id, and a
//! ledger kept in id order needs no sort at all, which is checked first.

use super::pieces::worker_threads;
use super::{Numbering, Utf8Ids};

/// The order of rows `rows` (every row when `None`) by their ids, compared as bytes, ties by
/// position (a null id sorts first, as the empty id): `None` when they are in that order
/// already, else the positions (indices into `rows`) in that order.
///
/// When every id looked at follows one [`Numbering`] (`INV-000000001`), ids are compared by
/// their numbers, which gives the same order without reading their bytes twice; otherwise
/// by bytes. Either way the result is the same.
///
/// ```
/// use arrears::columnar::{id_order, Utf8Ids};
/// let ids = Utf8Ids::try_new(&[0, 5, 10, 15], b"INV-3INV-1INV-2", None, 3).unwrap();
/// assert_eq!(id_order(&ids, None, 1), Some(vec![1, 2, 0]));
/// assert_eq!(id_order(&ids, Some(&[1, 2]), 1), None); // INV-1, INV-2: in order already
/// assert_eq!(id_order(&ids, Some(&[2, 0, 1]), 1), Some(vec![2, 0, 1]));
/// ```
///
/// # Panics
/// When a row of `rows` is not below `ids.len()` (a caller's bug: rows come from the same column).
pub fn id_order(ids: &Utf8Ids<'_>, rows: Option<&[u32]>, threads: usize) -> Option<Vec<u32>> {
    let count = rows.map_or(ids.len(), <[u32]>::len);
    let row = |k: usize| rows.map_or(k, |r| r[k] as usize);
    if count < 2 {
        return None;
    }
    let id = |k: usize| if ids.is_valid(row(k)) { Some(ids.get(row(k))) } else { None };
    // first whether they are in order (the common case: a ledger kept in id order), each id
    // packed once into an integer of its bytes' order (one load), compared with the one before
    if ids.first_null().is_none() && in_order(ids, &row, count, threads) {
        return None;
    }
    if let Some(numbering) = id(0).and_then(Numbering::of) {
        let number = |k: usize| id(k).and_then(|s| numbering.number(s));
        // first whether they are in order (the common case: a ledger kept in id order), on
        // `threads` cores, without storing a number: each chunk's first and last number, and
        // whether its numbers never fall
        let threads = worker_threads(threads, count).min(8);
        let per = count.div_ceil(threads).max(1);
        let chunk = |c: usize| -> Option<(u64, u64, bool)> {
            let (start, end) = (c * per, ((c + 1) * per).min(count));
            let first = number(start)?;
            let mut prev = first;
            let mut rising = true;
            for k in start + 1..end {
                let x = number(k)?;
                rising &= prev <= x;
                prev = x;
            }
            Some((first, prev, rising))
        };
        let chunks = count.div_ceil(per);
        let shares: Vec<Option<(u64, u64, bool)>> = if chunks == 1 {
            vec![chunk(0)]
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> = (1..chunks).map(|c| s.spawn(move || chunk(c))).collect();
                let mut out = vec![chunk(0)];
                out.extend(handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))));
                out
            })
        };
        if let Some(shares) = shares.into_iter().collect::<Option<Vec<_>>>() {
            let joins = shares.windows(2).all(|w| w[0].1 <= w[1].0);
            if joins && shares.iter().all(|s| s.2) {
                return None;
            }
            // (number, position) as one integer: the sort needs no indirect key
            let mut keyed: Vec<u128> =
                (0..count).map(|k| u128::from(number(k).unwrap_or(0)) << 32 | k as u128).collect();
            keyed.sort_unstable();
            return Some(keyed.iter().map(|&p| p as u32).collect());
        }
    }
    if (1..count).all(|k| id(k - 1) <= id(k)) {
        return None;
    }
    let mut pos: Vec<u32> = (0..count as u32).collect();
    pos.sort_by(|&a, &b| id(a as usize).cmp(&id(b as usize)));
    Some(pos)
}

/// Whether the ids of positions `0..count` (`row(k)` the row of position `k`, no id null) never
/// fall, as bytes, on `threads` cores: each share also compares its first id with the one
/// before it.
fn in_order(ids: &Utf8Ids<'_>, row: &(impl Fn(usize) -> usize + Sync), count: usize, threads: usize) -> bool {
    let rising = |from: usize, to: usize| {
        let mut prev = ids.key(row(from - 1));
        for k in from..to {
            let key = ids.key(row(k));
            let fine = match (prev, key) {
                (Some(a), Some(b)) => a <= b,
                _ => ids.get(row(k - 1)) <= ids.get(row(k)),
            };
            if !fine {
                return false;
            }
            prev = key;
        }
        true
    };
    let threads = worker_threads(threads, count).min(8);
    if threads == 1 {
        return rising(1, count);
    }
    let share = |t: usize| ((count * t / threads).max(1), count * (t + 1) / threads);
    std::thread::scope(|s| {
        let rising = &rising;
        let hs: Vec<_> = (1..threads)
            .map(|t| {
                let (a, b) = share(t);
                s.spawn(move || a >= b || rising(a, b))
            })
            .collect();
        let (a, b) = share(0);
        let first = a >= b || rising(a, b);
        let rest: Vec<bool> =
            hs.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect();
        first && rest.into_iter().all(|x| x)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn column(ids: &[Option<String>]) -> (Vec<i32>, Vec<u8>, Vec<u8>) {
        let (mut off, mut data, mut valid) = (vec![0], Vec::new(), vec![0u8; ids.len().div_ceil(8)]);
        for (i, s) in ids.iter().enumerate() {
            if let Some(s) = s {
                data.extend_from_slice(s.as_bytes());
                valid[i >> 3] |= 1 << (i & 7);
            }
            off.push(data.len() as i32);
        }
        (off, data, valid)
    }

    /// The order by a plain stable sort of (id, position).
    fn expected(ids: &[Option<String>], rows: Option<&[u32]>) -> Option<Vec<u32>> {
        let at: Vec<usize> = rows.map_or_else(|| (0..ids.len()).collect(), |r| r.iter().map(|&x| x as usize).collect());
        let mut pos: Vec<u32> = (0..at.len() as u32).collect();
        pos.sort_by_key(|&k| ids[at[k as usize]].as_ref().map(String::as_bytes));
        (pos.iter().enumerate().any(|(k, &p)| k as u32 != p)).then_some(pos)
    }

    fn id() -> impl Strategy<Value = Option<String>> {
        prop_oneof![
            8 => (0u32..40).prop_map(|n| Some(format!("INV-{n:04}"))),
            1 => (0u32..40).prop_map(|n| Some(format!("INV-{n:05}"))),
            1 => (0u32..40).prop_map(|n| Some(format!("CN-{n:04}"))),
            1 => Just(None),
        ]
    }

    proptest! {
        // numbered and general paths alike: numbered ids, a row breaking the pattern, another
        // prefix, nulls, duplicates, already sorted or not, a selection or every row
        #[test]
        fn same_order_as_a_stable_sort(
            mut ids in prop::collection::vec(id(), 0..60),
            sorted in any::<bool>(),
            pick in prop::collection::vec(any::<bool>(), 60),
            threads in 1usize..4,
        ) {
            if sorted {
                ids.sort();
            }
            let (off, data, valid) = column(&ids);
            let col = Utf8Ids::try_new(&off, &data, Some(&valid), ids.len()).unwrap();
            prop_assert_eq!(id_order(&col, None, threads), expected(&ids, None));
            let rows: Vec<u32> = (0..ids.len() as u32).filter(|&i| pick[i as usize]).collect();
            prop_assert_eq!(id_order(&col, Some(&rows), threads), expected(&ids, Some(&rows)));
        }
    }

    #[test]
    fn many_numbered_rows_on_threads() {
        let ids: Vec<Option<String>> =
            (0..120_000u32).map(|i| Some(format!("INV-{:09}", (i * 7919) % 120_000))).collect();
        let (off, data, valid) = column(&ids);
        let col = Utf8Ids::try_new(&off, &data, Some(&valid), ids.len()).unwrap();
        assert_eq!(id_order(&col, None, 0), expected(&ids, None));
        let mut sorted = ids.clone();
        sorted.sort();
        let (off, data, valid) = column(&sorted);
        let col = Utf8Ids::try_new(&off, &data, Some(&valid), sorted.len()).unwrap();
        assert_eq!(id_order(&col, None, 0), None);
    }
}
