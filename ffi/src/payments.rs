//! Payment allocation in C over plain arrays (`arrears_allocate_batch`, by the core's batch kernel
//! `allocate_columns`, after `check_receipts`): a ledger of open items and a statement of
//! receipts in, each item's applied amount and each receipt's unapplied rest out; and each
//! customer's open balance per currency over the same item arrays (`arrears_open_balances`, by
//! the core's `open_balances_listed`). One payment
//! over structured items (strategies, installments, discounts, tolerance), payment plans and
//! promises go through `arrears_call_json` (`allocate_payment`, `payment_plan`, ...).

use std::ffi::c_char;
use std::ptr;

use arrears::payments::{
    allocate_columns, check_receipts, open_balances_listed, AllocatedColumns, OpenBalances, OpenItemRows, ReceiptRows,
};

use crate::aging::currency_codes;
use crate::args::{out_null, slice};
use crate::charges::id_column;
use crate::status::{guard, ArrearsStatus};

/// Options of `arrears_allocate_batch`; start from `arrears_allocate_options_default()`.
#[repr(C)]
pub struct ArrearsAllocateOptions {
    /// Worker threads (0 = all cores from 50,000 rows on).
    pub threads: usize,
    /// A receipt whose customer has no item in its currency: false (the default) refuses the
    /// batch, naming it (`receipts[j].customer`, `receipts[j].currency`); true leaves it unapplied.
    pub unmatched_unapplied: bool,
}

/// Default allocation options: all threads, an unmatched receipt is an error.
#[no_mangle]
pub extern "C" fn arrears_allocate_options_default() -> ArrearsAllocateOptions {
    ArrearsAllocateOptions { threads: 0, unmatched_unapplied: false }
}

/// The result of `arrears_allocate_batch`, in row order: `applied[i]` per item, `unapplied[j]`
/// per receipt, minor units. Free with `arrears_allocate_batch_free`; do not modify. An array of
/// length 0 may be any non-NULL pointer: do not read it.
#[repr(C)]
pub struct ArrearsAllocateBatch {
    /// Number of items (`n`).
    pub items: usize,
    /// Cash applied to each item.
    pub applied: *const i64,
    /// Number of receipts (`m`).
    pub receipts: usize,
    /// What is left of each receipt (unapplied credit).
    pub unapplied: *const i64,
}

#[repr(C)]
struct AllocateOut {
    view: ArrearsAllocateBatch,
    cols: AllocatedColumns,
}

/// Allocates every receipt to the open items of its customer and currency, oldest first (due
/// date, then item id), receipts in date order (then row order), each item taking
/// `min(its open amount, what is left)`; what no item takes is unapplied. The item columns all
/// have length `n`, the receipt columns length `m` (C cannot check array lengths):
/// - `item_customer`, `receipt_customer`: customer codes (any `uint32_t`, the same in both);
/// - `item_currency`, `receipt_currency`: currency codes (any `uint16_t`, the same in both; the
///   amounts of one code share its minor unit);
/// - `item_due`, `receipt_date`: day numbers (days since 1970-01-01, see `arrears_day_number`);
/// - item ids (the last tie-break of the order, compared as bytes) as an Arrow-style utf8
///   column: item `i`'s id is the bytes `item_id_data[item_id_offsets[i] .. item_id_offsets[i + 1]]`
///   (`n + 1` offsets, at least 0, none decreasing, within `item_id_data_len` bytes);
/// - `item_open`: what is open, minor units (an item at or below zero takes nothing);
/// - `receipt_amount`: positive, minor units.
///
/// `options` may be NULL (the defaults). On success `*out` holds the columns, to free with
/// `arrears_allocate_batch_free`; on failure it is NULL, nothing is allocated, and the last error
/// names the first bad row: `receipts[j].amount` (not positive), `receipts[j].customer` (no item
/// of that customer), `receipts[j].currency` (none of the customer's items in that currency),
/// `items[i].id` (the id of an earlier item again: the value is the id, the message names the
/// earlier row), `item_id_offsets[i]` (a bad id layout).
#[no_mangle]
pub unsafe extern "C" fn arrears_allocate_batch(
    item_customer: *const u32,
    item_currency: *const u16,
    item_due: *const i32,
    item_id_offsets: *const i32,
    item_id_data: *const u8,
    item_id_data_len: usize,
    item_open: *const i64,
    n: usize,
    receipt_customer: *const u32,
    receipt_currency: *const u16,
    receipt_date: *const i32,
    receipt_amount: *const i64,
    m: usize,
    options: *const ArrearsAllocateOptions,
    out: *mut *mut ArrearsAllocateBatch,
) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        let (threads, unapplied) = match options.as_ref() {
            Some(o) => (o.threads, o.unmatched_unapplied),
            None => (0, false),
        };
        let items = OpenItemRows {
            customer: slice("item_customer", item_customer, n)?,
            currency: slice("item_currency", item_currency, n)?,
            due: slice("item_due", item_due, n)?,
            id: id_column("item_id", item_id_offsets, item_id_data, item_id_data_len, n)?,
            open: slice("item_open", item_open, n)?,
        };
        let receipts = ReceiptRows {
            customer: slice("receipt_customer", receipt_customer, m)?,
            currency: slice("receipt_currency", receipt_currency, m)?,
            date: slice("receipt_date", receipt_date, m)?,
            amount: slice("receipt_amount", receipt_amount, m)?,
        };
        if !unapplied {
            check_receipts(&items, &receipts)?;
        }
        let cols = allocate_columns(&items, &receipts, threads)?;
        let mut o = Box::new(AllocateOut {
            view: ArrearsAllocateBatch { items: n, applied: ptr::null(), receipts: m, unapplied: ptr::null() },
            cols,
        });
        // The pointers are taken from the vectors where they live now, inside the box.
        o.view.applied = o.cols.applied.as_ptr();
        o.view.unapplied = o.cols.unapplied.as_ptr();
        *out = Box::into_raw(o).cast();
        Ok(())
    })
}

/// Frees a result of `arrears_allocate_batch` (NULL is fine).
#[no_mangle]
pub unsafe extern "C" fn arrears_allocate_batch_free(batch: *mut ArrearsAllocateBatch) {
    if !batch.is_null() {
        drop(Box::from_raw(batch.cast::<AllocateOut>()));
    }
}

/// The result of `arrears_open_balances`: `rows` rows, one per customer and currency with a
/// balance above zero, by customer code, then currency index. Free with
/// `arrears_open_balances_free`; do not modify. An array of length 0 may be any non-NULL
/// pointer: do not read it.
#[repr(C)]
pub struct ArrearsOpenBalances {
    /// Number of rows.
    pub rows: usize,
    /// Customer code of each row.
    pub customer: *const u32,
    /// Currency of each row: an index into the call's `currencies`.
    pub currency: *const u16,
    /// The customer's open amounts above zero in that currency, summed (minor units).
    pub balance: *const i64,
}

#[repr(C)]
struct BalancesOut {
    view: ArrearsOpenBalances,
    cols: OpenBalances,
}

/// Each customer's open balance per currency: the sum of its items' open amounts above zero,
/// exactly (what `arrears_allocate_batch` can apply to the customer: an item at or below zero
/// takes nothing, so credits count for nothing). The item columns all have length `n` (C cannot
/// check array lengths), as in `arrears_allocate_batch`:
/// - `item_customer`: customer codes (any `uint32_t`);
/// - `item_currency`: each item's currency as an index into `currencies` (`n_currencies` ISO 4217
///   codes);
/// - `item_open`: what is open, minor units of the item's currency.
///
/// `threads`: 0 for all cores from 50,000 rows on. On success `*out` holds the rows, to free with
/// `arrears_open_balances_free`; on failure it is NULL, nothing is allocated, and the last error
/// names the field: `currencies[k]` (a code not in ISO 4217: `ARREARS_UNKNOWN_CURRENCY`, or
/// listed twice), `items[i].currency` (the first index outside `currencies`; the value is the
/// index), `items[i].open` (`ARREARS_OVERFLOW`: the first row at which its customer's balance in
/// its currency passes 2^63 - 1 minor units; the value is its amount).
///
/// ```c
/// const uint32_t customer[] = {0, 0, 1, 0};
/// const uint16_t currency[] = {0, 0, 0, 1};
/// const char *codes[] = {"EUR", "USD"};
/// const int64_t open[] = {10000, 5000, -2000, 750};  // minor units; customer 1 has only a credit
/// ArrearsOpenBalances *b = NULL;
/// if (arrears_open_balances(customer, currency, codes, 2, open, 4, 0, &b) != ARREARS_OK) {
///     fprintf(stderr, "%s\n", arrears_last_error_message());
///     return 1;
/// }
/// for (size_t r = 0; r < b->rows; r++) {
///     printf("%u %s %lld\n", b->customer[r], codes[b->currency[r]], (long long)b->balance[r]);
/// }
/// arrears_open_balances_free(b);
/// ```
/// ```text
/// 0 EUR 15000
/// 0 USD 750
/// ```
#[no_mangle]
pub unsafe extern "C" fn arrears_open_balances(
    item_customer: *const u32,
    item_currency: *const u16,
    currencies: *const *const c_char,
    n_currencies: usize,
    item_open: *const i64,
    n: usize,
    threads: usize,
    out: *mut *mut ArrearsOpenBalances,
) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        let codes = currency_codes(currencies, n_currencies)?;
        let customer = slice("item_customer", item_customer, n)?;
        let currency = slice("item_currency", item_currency, n)?;
        let open = slice("item_open", item_open, n)?;
        let cols = open_balances_listed(customer, currency, &codes, open, threads)?;
        let view = ArrearsOpenBalances {
            rows: cols.balance.len(),
            customer: ptr::null(),
            currency: ptr::null(),
            balance: ptr::null(),
        };
        let mut o = Box::new(BalancesOut { view, cols });
        // The pointers are taken from the vectors where they live now, inside the box.
        o.view.customer = o.cols.customer.as_ptr();
        o.view.currency = o.cols.currency.as_ptr();
        o.view.balance = o.cols.balance.as_ptr();
        *out = Box::into_raw(o).cast();
        Ok(())
    })
}

/// Frees a result of `arrears_open_balances` (NULL is fine).
#[no_mangle]
pub unsafe extern "C" fn arrears_open_balances_free(balances: *mut ArrearsOpenBalances) {
    if !balances.is_null() {
        drop(Box::from_raw(balances.cast::<BalancesOut>()));
    }
}
