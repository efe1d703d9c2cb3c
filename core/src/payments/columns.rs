//! The batch kernel: a whole ledger of open items and a bank statement of receipts, as columns,
//! allocated oldest first per customer and currency, on every core.

use super::batch_order::item_order;
use super::columns_kernel::allocate;
use crate::columnar::pieces::worker_threads;
use crate::columnar::{MinorUnits, Utf8Ids};
use crate::error::{Error, ErrorKind, Result};

/// Open items as columns (one row per item or installment). Customers are dense codes (a
/// dictionary-encoded column: `0..customers`), currencies codes of any kind; amounts are
/// minor units as `i64` or `i128` (`T`: [`crate::columnar::MinorUnits`], `i64` unless said: a
/// decimal128 column's values can be read in place), each within 64 bits; dates day numbers
/// ([`crate::calendar::day_number`]).
#[derive(Debug, Clone, Copy)]
pub struct OpenItemRows<'a, T = i64> {
    /// Customer code of each item.
    pub customer: &'a [u32],
    /// Currency code of each item.
    pub currency: &'a [u16],
    /// Due date (day number).
    pub due: &'a [i32],
    /// Item ids (the last tie-break of the order).
    pub id: Utf8Ids<'a>,
    /// Open amount in minor units (within 64 bits); an item at or below zero takes nothing.
    pub open: &'a [T],
}

/// Receipts as columns: who paid, in which currency, when and how much (minor units, > 0).
#[derive(Debug, Clone, Copy)]
pub struct ReceiptRows<'a> {
    /// Customer code (the same codes as the items').
    pub customer: &'a [u32],
    /// Currency code.
    pub currency: &'a [u16],
    /// Receipt date (day number).
    pub date: &'a [i32],
    /// Amount in minor units, positive.
    pub amount: &'a [i64],
}

/// The result of [`allocate_columns`]: what each item received and what is left of each
/// receipt, in the rows' order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AllocatedColumns {
    /// Cash applied to each item (minor units).
    pub applied: Vec<i64>,
    /// What is left of each receipt (unapplied credit).
    pub unapplied: Vec<i64>,
}

fn length_error(field: &str, got: usize, want: usize) -> Error {
    Error::new(
        ErrorKind::InvalidRequest,
        field,
        got.to_string(),
        format!("expected {want} rows, like the other columns"),
    )
}

/// Allocates every receipt to the open items of its customer and currency, oldest first (due
/// date, then id), receipts in date order (then row order), each item taking
/// `min(its open amount, what is left)`; what no item takes is unapplied. The same as
/// [`crate::payments::allocate()`] with `oldest_first`, receipt by receipt, on items of one
/// installment without fees, interest or discounts.
///
/// `threads`: 0 for every core from 50,000 rows on.
///
/// ```
/// use arrears::columnar::Utf8Ids;
/// use arrears::payments::{allocate_columns, OpenItemRows, ReceiptRows};
/// let (offsets, ids) = ([0, 2, 4, 6], b"I1I2I3");
/// let items = OpenItemRows { customer: &[0, 0, 1], currency: &[0, 0, 0], due: &[20, 10, 10],
///                            id: Utf8Ids::try_new(&offsets, ids, None, 3).unwrap(), open: &[100, 100, 50] };
/// let receipts = ReceiptRows { customer: &[0, 1], currency: &[0, 0], date: &[30, 30], amount: &[150, 80] };
/// let out = allocate_columns(&items, &receipts, 1)?;
/// assert_eq!(out.applied, [50, 100, 50]);   // I2 (due 10) first, then I1
/// assert_eq!(out.unapplied, [0, 30]);
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidRequest`] for columns of different lengths (field `items.<column>` or
/// `receipts.<column>`); [`ErrorKind::InvalidAmount`] for a receipt that is not positive
/// (`receipts[row].amount`); [`ErrorKind::InvalidRequest`] naming `items[row].id` (the id as
/// its value, the reason naming the earlier row) for the first row whose id repeats an earlier
/// row's; [`ErrorKind::Overflow`] naming `items[row].open` (the minor units as its value) for
/// the first row whose open amount does not fit 64 bits (a credit too); [`ErrorKind::LimitExceeded`]
/// for `u32::MAX` rows or more in a table. Nothing is allocated on an error.
///
/// ```
/// use arrears::columnar::Utf8Ids;
/// use arrears::payments::{allocate_columns, OpenItemRows, ReceiptRows};
/// let (offsets, ids) = ([0, 2, 4, 6], b"I1I2I1");
/// let items = OpenItemRows { customer: &[0, 0, 1], currency: &[0, 0, 0], due: &[20, 10, 10],
///                            id: Utf8Ids::try_new(&offsets, ids, None, 3).unwrap(), open: &[100, 100, 50] };
/// let receipts = ReceiptRows { customer: &[0], currency: &[0], date: &[30], amount: &[150] };
/// let e = allocate_columns(&items, &receipts, 1).unwrap_err();
/// assert_eq!((e.field(), e.value()), ("items[2].id", "I1"));
/// assert!(e.reason().starts_with("repeats items[0].id"));
/// // decimal128 mantissas read as they are: each must fit 64 bits
/// let (offsets, ids) = ([0, 2, 4], b"I1I2");
/// let wide = [100i128, i128::from(i64::MAX) + 1];
/// let items = OpenItemRows { customer: &[0, 1], currency: &[0, 0], due: &[10, 10],
///                            id: Utf8Ids::try_new(&offsets, ids, None, 2).unwrap(), open: &wide };
/// let e = allocate_columns(&items, &receipts, 1).unwrap_err();
/// assert_eq!((e.field(), e.value()), ("items[1].open", "9223372036854775808"));
/// ```
pub fn allocate_columns<T>(
    items: &OpenItemRows<'_, T>,
    receipts: &ReceiptRows,
    threads: usize,
) -> Result<AllocatedColumns>
where
    T: MinorUnits,
{
    allocate_columns_with(items, receipts, threads, true)
}

/// [`allocate_columns`], on the numbered fast path where the item ids allow it (`numbering`) or
/// on the general path only: the same result either way (the proptest runs both).
pub(crate) fn allocate_columns_with<T>(
    items: &OpenItemRows<'_, T>,
    receipts: &ReceiptRows,
    threads: usize,
    numbering: bool,
) -> Result<AllocatedColumns>
where
    T: MinorUnits,
{
    let n = items.open.len();
    let columns = [
        ("items.customer", items.customer.len()),
        ("items.currency", items.currency.len()),
        ("items.due", items.due.len()),
        ("items.id", items.id.len()),
    ];
    if let Some((f, len)) = columns.into_iter().find(|c| c.1 != n) {
        return Err(length_error(f, len, n));
    }
    let m = receipts.amount.len();
    let columns = [
        ("receipts.customer", receipts.customer.len()),
        ("receipts.currency", receipts.currency.len()),
        ("receipts.date", receipts.date.len()),
    ];
    if let Some((f, len)) = columns.into_iter().find(|c| c.1 != m) {
        return Err(length_error(f, len, m));
    }
    if let Some(q) = receipts.amount.iter().position(|&a| a <= 0) {
        return Err(Error::new(
            ErrorKind::InvalidAmount,
            format!("receipts[{q}].amount"),
            receipts.amount[q].to_string(),
            "a receipt is positive",
        ));
    }
    if n >= u32::MAX as usize || m >= u32::MAX as usize {
        let (what, rows) = if n >= u32::MAX as usize { ("items", n) } else { ("receipts", m) };
        return Err(Error::new(ErrorKind::LimitExceeded, what, rows.to_string(), "at most 4294967294 rows a call"));
    }
    let threads = worker_threads(threads, n + m);
    let tie = item_order(&items.id, threads, numbering)?;
    allocate(items, receipts, &tie, threads).map_err(|row| {
        let value: i128 = items.open[row].into();
        Error::new(
            ErrorKind::Overflow,
            format!("items[{row}].open"),
            value.to_string(),
            "does not fit 64-bit minor units",
        )
    })
}
