//! The overdue filter of `interest_arrow` (`overdue=True`, `open_amount`): the rows of a batch
//! due before the as-of date, still open when an open-amount column is given, among those a
//! `select` column picks; the rows a computed `select` column would give, read from the columns.

use arrears::{Error, ErrorKind};

use crate::arrow::{Column, Values};
use crate::bad;

/// Appends to `sel` the rows (from `offset` on) due before `as_of`, with an open amount above
/// 0 when `open` is given, among those `bits` selects when given: the overdue filter of
/// `interest_arrow`, on two threads for a large batch.
pub(super) fn overdue_rows(
    sel: &mut Vec<u32>,
    due: &[i32],
    as_of: i32,
    open: Option<(&Column<'_>, &str)>,
    bits: Option<&arrow_buffer::BooleanBuffer>,
    offset: usize,
    threads: usize,
) -> Result<(), Error> {
    let n = due.len();
    let open = match open {
        None => None,
        Some((c, _)) if matches!(c.values, Values::Decimal { .. }) || c.is_integer() => Some(c),
        Some((c, name)) => {
            let e = "an open amount is decimal128 or integer minor units";
            return Err(bad(ErrorKind::InvalidAmount, name, c.type_name.clone(), e));
        }
    };
    let keep = |i: usize| -> bool {
        due[i] < as_of
            && bits.is_none_or(|b| b.value(i))
            && open.is_none_or(|c| match &c.values {
                Values::Decimal { values, .. } => values[i] > 0,
                _ => c.int_at(i).unwrap_or(0) > 0,
            })
    };
    let dec = match open.map(|c| &c.values) {
        Some(Values::Decimal { values, .. }) => Some(&values[..n]),
        _ => None,
    };
    let rows = |r: std::ops::Range<usize>| -> Vec<u32> {
        match (dec, bits) {
            // the common case without a branch a row (due dates and open amounts are as good as
            // random, a branch would be mispredicted often): each row written, counted if kept
            (Some(v), None) => {
                let mut out = vec![0u32; r.len() + 1];
                let mut len = 0;
                for i in r {
                    out[len] = (offset + i) as u32;
                    len += usize::from((due[i] < as_of) & (v[i] > 0));
                }
                out.truncate(len);
                out
            }
            _ => r.filter(|&i| keep(i)).map(|i| (offset + i) as u32).collect(),
        }
    };
    if n < 100_000 || threads == 1 {
        if sel.is_empty() {
            *sel = rows(0..n);
        } else {
            sel.extend(rows(0..n));
        }
    } else {
        let (head, tail) = std::thread::scope(|s| {
            let tail = s.spawn(|| rows(n / 2..n));
            (rows(0..n / 2), tail.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
        });
        if sel.is_empty() {
            *sel = head;
        } else {
            sel.extend(head);
        }
        sel.extend(tail);
    }
    Ok(())
}
