//! The payments of a late-interest batch checked and grouped by invoice, for the kernel of
//! [`interest_columns`](super::interest_columns), which walks the invoices in row order.

use super::batch_checks::length_error;
use super::columns::{InvoiceRows, PaymentRows};
use crate::calendar::{date_of_day_number, MAX_DAY, MIN_DAY};
use crate::columnar::pieces::worker_threads;
use crate::columnar::MinorUnits;
use crate::error::{Error, ErrorKind, Result};

/// Payments grouped by invoice: `inv` ascending, with each payment's (date, amount) in `at`.
pub(crate) struct Grouped {
    pub(super) inv: Vec<u32>,
    pub(super) at: Vec<(i32, i64)>,
}

impl Grouped {
    /// The index of the first payment on invoice `row` or after.
    pub(super) fn first_at(&self, row: usize) -> usize {
        self.inv.partition_point(|&r| (r as usize) < row)
    }
}

/// A payment kept for the kernel: its invoice's row, date and amount.
#[derive(Clone, Copy, Default)]
struct Kept {
    row: u32,
    date: i32,
    amount: i64,
}

/// Checks every payment and groups those up to `end` by invoice, in payment order within an
/// invoice: the payments read on `threads` cores, a share each (a ledger's payments are mostly
/// on invoices the batch does not hold: only those kept are carried further), then a radix sort
/// of the few kept by their invoice's row, which carries their date and amount along.
pub(crate) fn group_payments<T: MinorUnits>(
    invoices: &InvoiceRows<'_, T>,
    payments: &PaymentRows<'_>,
    end: i32,
    threads: usize,
) -> Result<Grouped> {
    let m = payments.amount.len();
    for (name, len) in [("payments.invoice", payments.invoice.len()), ("payments.date", payments.date.len())] {
        if len != m {
            return Err(length_error(name, len, "payments.amount", m));
        }
    }
    let n = invoices.amount.len();
    // the payments `from..to` kept, or the error of the first bad one
    let share = |from: usize, to: usize| -> Result<Vec<Kept>> {
        // room for a quarter of them: memory the system hands out as it is written, so a
        // ledger's few kept payments never regrow it (a copy and fresh pages each time)
        let mut kept = Vec::with_capacity((to - from) / 4 + 1024);
        for i in from..to {
            let inv = payments.invoice[i];
            if inv == u32::MAX {
                continue;
            }
            let (date, amount) = (payments.date[i], payments.amount[i]);
            check_payment(invoices, i, inv, date, amount, n)?;
            if date <= end {
                kept.push(Kept { row: inv, date, amount });
            }
        }
        Ok(kept)
    };
    let threads = worker_threads(threads, m).min(8);
    let parts: Vec<Result<Vec<Kept>>> = if threads == 1 {
        vec![share(0, m)]
    } else {
        let bound = |t: usize| m * t / threads;
        std::thread::scope(|s| {
            let share = &share;
            let others: Vec<_> = (1..threads).map(|t| s.spawn(move || share(bound(t), bound(t + 1)))).collect();
            let mut out = vec![share(0, bound(1))];
            out.extend(others.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))));
            out
        })
    };
    // the first bad payment is in the first share that has one
    let parts: Vec<Vec<Kept>> = parts.into_iter().collect::<Result<_>>()?;
    Ok(by_row(&parts, n))
}

/// Payment `i` (on invoice row `inv`) checked: its date, its amount, its invoice.
#[inline]
fn check_payment<T: MinorUnits>(
    invoices: &InvoiceRows<'_, T>,
    i: usize,
    inv: u32,
    date: i32,
    amount: i64,
    n: usize,
) -> Result<()> {
    if !(MIN_DAY..=MAX_DAY).contains(&date) {
        date_of_day_number(&format!("payments[{i}].date"), date)?;
    }
    if amount <= 0 {
        return Err(Error::new(
            ErrorKind::InvalidAmount,
            format!("payments[{i}].amount"),
            amount.to_string(),
            "a payment or credit note is a positive amount",
        ));
    }
    let row = inv as usize;
    if row >= n {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            format!("payments[{i}].invoice"),
            inv.to_string(),
            format!("there are {n} invoices"),
        ));
    }
    if let Some(issue) = invoices.issue_date {
        if date < issue[row] {
            return Err(Error::new(
                ErrorKind::InvalidDate,
                format!("payments[{i}].date"),
                date_of_day_number("", date).map(crate::calendar::format_date).unwrap_or_default(),
                format!("dated before the date of its invoice (invoices[{row}].issue_date)"),
            ));
        }
    }
    Ok(())
}

/// The payments kept (`parts`, in payment order) sorted by row, stably: a least-significant-digit
/// radix sort on the bits of a row below `n`, up to 12 bits a pass (two passes for 16M rows).
fn by_row(parts: &[Vec<Kept>], n: usize) -> Grouped {
    let total: usize = parts.iter().map(Vec::len).sum();
    let bits = usize::BITS - n.saturating_sub(1).leading_zeros();
    let passes = bits.div_ceil(12).max(1);
    let width = bits.div_ceil(passes).max(1);
    let mask = (1usize << width) - 1;
    let digit = |k: &Kept, p: u32| (k.row >> (p * width)) as usize & mask;
    // every pass's counts in one read, then each pass's first slot per digit
    let mut next = vec![vec![0u32; mask + 1]; passes as usize];
    for k in parts.iter().flatten() {
        for p in 0..passes {
            next[p as usize][digit(k, p)] += 1;
        }
    }
    for count in &mut next {
        let mut at = 0u32;
        for c in count.iter_mut() {
            (*c, at) = (at, at + *c);
        }
    }
    let mut inv = vec![0u32; total];
    let mut at = vec![(0i32, 0i64); total];
    let mut put = |k: &Kept, slot: &mut u32| {
        let s = *slot as usize;
        *slot += 1;
        inv[s] = k.row;
        at[s] = (k.date, k.amount);
    };
    if passes == 1 {
        for k in parts.iter().flatten() {
            put(k, &mut next[0][digit(k, 0)]);
        }
        return Grouped { inv, at };
    }
    let mut src = vec![Kept::default(); total];
    for k in parts.iter().flatten() {
        let slot = &mut next[0][digit(k, 0)];
        src[*slot as usize] = *k;
        *slot += 1;
    }
    let mut dst = vec![Kept::default(); if passes > 2 { total } else { 0 }];
    for p in 1..passes - 1 {
        for k in &src {
            let slot = &mut next[p as usize][digit(k, p)];
            dst[*slot as usize] = *k;
            *slot += 1;
        }
        std::mem::swap(&mut src, &mut dst);
    }
    let last = (passes - 1) as usize;
    for k in &src {
        put(k, &mut next[last][digit(k, last as u32)]);
    }
    Grouped { inv, at }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The radix sort gives a stable sort by row, for rows of any width (1 to 3 passes).
        #[test]
        fn by_row_is_a_stable_sort(rows in proptest::collection::vec(any::<u32>(), 0..300),
                                   bits in 0u32..32, cut in 0usize..300) {
            let n = 1usize << bits;
            let kept: Vec<Kept> = rows.iter().enumerate()
                .map(|(j, &r)| Kept { row: r % n as u32, date: j as i32, amount: j as i64 * 7 })
                .collect();
            let cut = cut.min(kept.len());
            let parts = vec![kept[..cut].to_vec(), kept[cut..].to_vec()];
            let got = by_row(&parts, n);
            let mut want = kept.clone();
            want.sort_by_key(|k| k.row);
            prop_assert_eq!(got.inv, want.iter().map(|k| k.row).collect::<Vec<_>>());
            prop_assert_eq!(got.at, want.iter().map(|k| (k.date, k.amount)).collect::<Vec<_>>());
        }
    }
}
