//! The rows of a column whose value is not zero, compacted on every core: what a batch hands
//! back when only the rows that received something matter (the invoices a payment run pays,
//! out of a whole ledger).

use super::pieces::worker_threads;
use crate::error::{Error, ErrorKind, Result};

/// The rows of [`nonzero_rows`]: their numbers, values and tags, in row order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NonZeroRows {
    /// Row numbers, ascending.
    pub rows: Vec<u32>,
    /// Each row's value (never 0).
    pub values: Vec<i64>,
    /// Each row's tag (a currency index, say), when tags were given; else empty.
    pub tags: Vec<u16>,
}

/// The rows of `values` that are not 0, in row order: their numbers, their values and, when
/// `tags` is not empty (one per row), their tags. `values` is compacted in place (no second
/// column of values is allocated) and each thread counts, then compacts, its own share of the
/// rows (`threads`: 0 is all cores from 50k rows on).
///
/// # Errors
/// `LimitExceeded` for more rows than a `u32` numbers (`values`), `InvalidRequest` when `tags`
/// is neither empty nor one per row.
///
/// ```
/// use arrears::columnar::nonzero_rows;
/// let out = nonzero_rows(vec![0, 5, 0, -2, 7], &[3, 1, 4, 1, 5], 0).unwrap();
/// assert_eq!(out.rows, [1, 3, 4]);
/// assert_eq!(out.values, [5, -2, 7]);
/// assert_eq!(out.tags, [1, 1, 5]);
/// ```
pub fn nonzero_rows(mut values: Vec<i64>, tags: &[u16], threads: usize) -> Result<NonZeroRows> {
    let n = values.len();
    if u32::try_from(n).is_err() {
        return Err(Error::new(ErrorKind::LimitExceeded, "values", n.to_string(), "at most 4294967295 rows"));
    }
    if !tags.is_empty() && tags.len() != n {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "tags",
            tags.len().to_string(),
            format!("one tag a row ({n})"),
        ));
    }
    let per = n.div_ceil(worker_threads(threads, n)).max(1);
    let counts: Vec<usize> = values.chunks(per).map(|s| s.iter().filter(|&&a| a != 0).count()).collect();
    let total: usize = counts.iter().sum();
    let mut rows = vec![0u32; total];
    let mut out_tags = vec![0u16; if tags.is_empty() { 0 } else { total }];
    // each share's rows and tags, its values moved to the front of its own stretch
    let fill = |k: usize, share: &mut [i64], r: &mut [u32], t: &mut [u16]| {
        let mut j = 0;
        for i in 0..share.len() {
            let a = share[i];
            if a != 0 {
                let row = k * per + i;
                r[j] = row as u32; // (checked above: every row number fits)
                if !t.is_empty() {
                    t[j] = tags[row];
                }
                share[j] = a;
                j += 1;
            }
        }
    };
    let (mut r_rest, mut t_rest) = (&mut rows[..], &mut out_tags[..]);
    let mut parts = Vec::with_capacity(counts.len());
    for (share, &c) in values.chunks_mut(per).zip(&counts) {
        let (r, rr) = std::mem::take(&mut r_rest).split_at_mut(c);
        let (t, tr) = if tags.is_empty() {
            (&mut [][..], std::mem::take(&mut t_rest))
        } else {
            std::mem::take(&mut t_rest).split_at_mut(c)
        };
        (r_rest, t_rest) = (rr, tr);
        parts.push((share, r, t));
    }
    if parts.len() <= 1 {
        for (k, (share, r, t)) in parts.into_iter().enumerate() {
            fill(k, share, r, t);
        }
    } else {
        std::thread::scope(|sc| {
            let fill = &fill;
            for (k, (share, r, t)) in parts.into_iter().enumerate() {
                sc.spawn(move || fill(k, share, r, t));
            }
        });
    }
    // the shares' values side by side, then the rest let go
    let mut at = 0;
    for (k, &c) in counts.iter().enumerate() {
        values.copy_within(k * per..k * per + c, at);
        at += c;
    }
    values.truncate(total);
    values.shrink_to_fit();
    Ok(NonZeroRows { rows, values, tags: out_tags })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn equals_a_plain_filter_on_any_threads(
            v in prop::collection::vec(prop_oneof![Just(0i64), -5i64..5], 0..400),
            threads in 0usize..5,
            tagged in any::<bool>(),
        ) {
            let tags: Vec<u16> = if tagged { (0..v.len()).map(|i| (i * 7 % 11) as u16).collect() } else { Vec::new() };
            let out = nonzero_rows(v.clone(), &tags, threads).unwrap();
            let want: Vec<usize> = (0..v.len()).filter(|&i| v[i] != 0).collect();
            prop_assert_eq!(out.rows, want.iter().map(|&i| i as u32).collect::<Vec<_>>());
            prop_assert_eq!(out.values, want.iter().map(|&i| v[i]).collect::<Vec<_>>());
            let want_tags: Vec<u16> = if tagged { want.iter().map(|&i| tags[i]).collect() } else { Vec::new() };
            prop_assert_eq!(out.tags, want_tags);
        }
    }

    #[test]
    fn many_rows_on_threads_and_bad_tags() {
        let v: Vec<i64> = (0..300_000).map(|i| if i % 3 == 0 { 0 } else { i }).collect();
        let one = nonzero_rows(v.clone(), &[], 1).unwrap();
        for t in [0, 2, 3, 7] {
            assert_eq!(nonzero_rows(v.clone(), &[], t).unwrap(), one);
        }
        assert_eq!(one.rows.len(), 200_000);
        let e = nonzero_rows(vec![1, 2], &[0], 0).unwrap_err();
        assert_eq!((e.field(), e.value()), ("tags", "1"));
    }
}
