//! The rows a late-interest run computes: the overdue invoices of a batch, read from its columns.

use crate::columnar::pieces::worker_threads;

/// The rows (numbered from `offset`) of invoices due before `as_of` (day numbers, see
/// [`crate::calendar::day_number`]) and, when `open` is given, whose open amount is above zero:
/// the invoices that can owe late interest on that day, as the `rows` selection of
/// [`super::InvoiceRows`]. The same definition of overdue as aging's (one day past due from the
/// day after the due date); an invoice not yet due, or settled or in credit, has no interest to
/// compute. Only the sign of `open` is read, so any integer or decimal mantissa type will do.
///
/// On `threads` threads (0: every core from 50,000 rows on); the rows are in order either way.
///
/// ```
/// use arrears::charges::overdue_rows;
/// let due = [100, 120, 90, 95];
/// let open: [i64; 4] = [5_00, 7_00, 0, -3_00];
/// assert_eq!(overdue_rows(&due, Some(&open[..]), 110, 0, 1), [0]);
/// assert_eq!(overdue_rows(&due, None::<&[i64]>, 110, 10, 1), [10, 12, 13]);
/// ```
pub fn overdue_rows<T>(due: &[i32], open: Option<&[T]>, as_of: i32, offset: u32, threads: usize) -> Vec<u32>
where
    T: Copy + PartialOrd + Default + Sync,
{
    let n = match open {
        Some(o) => due.len().min(o.len()),
        None => due.len(),
    };
    let zero = T::default();
    // without a branch a row (due dates and open amounts are as good as random: a branch would
    // be mispredicted often): each row written, counted when kept
    // `room`: the capacity, at least `r.len() + 1` (zeroed memory the system hands out lazily:
    // only the pages written cost anything)
    let rows = |r: std::ops::Range<usize>, room: usize| -> Vec<u32> {
        let mut out = vec![0u32; room];
        let mut len = 0;
        match open {
            Some(o) => {
                for i in r {
                    out[len] = offset.wrapping_add(i as u32);
                    len += usize::from((due[i] < as_of) & (o[i] > zero));
                }
            }
            None => {
                for i in r {
                    out[len] = offset.wrapping_add(i as u32);
                    len += usize::from(due[i] < as_of);
                }
            }
        }
        out.truncate(len);
        out
    };
    let threads = worker_threads(threads, n).min(n.max(1));
    if threads == 1 {
        return rows(0..n, n + 1);
    }
    let bounds: Vec<usize> = (0..=threads).map(|t| n * t / threads).collect();
    // the first part has room for every row: the others are appended to it, not all copied
    // into a new vector
    let (mut out, rest) = std::thread::scope(|s| {
        let handles: Vec<_> =
            bounds.windows(2).skip(1).map(|w| s.spawn(|| rows(w[0]..w[1], w[1] - w[0] + 1))).collect();
        let first = rows(bounds[0]..bounds[1], n + 1);
        let rest: Vec<Vec<u32>> =
            handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect();
        (first, rest)
    });
    for p in rest {
        out.extend_from_slice(&p);
    }
    out.shrink_to_fit();
    out
}

#[cfg(test)]
mod tests {
    use super::overdue_rows;
    use proptest::prelude::*;

    proptest! {
        /// Any thread count gives the rows a plain filter gives, in order.
        #[test]
        fn rows_as_a_plain_filter(rows in proptest::collection::vec((0i32..20, -3i128..3), 0..300),
                                  as_of in 0i32..21, offset in 0u32..1000, threads in 1usize..4, wide in any::<bool>()) {
            let due: Vec<i32> = rows.iter().map(|r| r.0).collect();
            let open: Vec<i128> = rows.iter().map(|r| r.1).collect();
            let want: Vec<u32> = (0..rows.len())
                .filter(|&i| due[i] < as_of && (!wide || open[i] > 0))
                .map(|i| offset + i as u32)
                .collect();
            let got = if wide { overdue_rows(&due, Some(&open[..]), as_of, offset, threads) }
                      else { overdue_rows(&due, None::<&[i128]>, as_of, offset, threads) };
            prop_assert_eq!(got, want);
        }
    }
}
