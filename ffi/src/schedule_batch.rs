//! The batch scheduler over columns, `arrears_schedule_batch`: many invoices in one call, by the
//! core's `schedule_columns`, with the installments returned as columns (`ArrearsScheduleBatch`).

use std::ffi::c_char;
use std::ptr;

use arrears::terms::{schedule_columns, InvoiceColumns, ScheduleColumns};

use crate::args::{out_null, slice, text};
use crate::schedule::{schedule_options, ArrearsScheduleOptions};
use crate::status::{guard, ArrearsStatus};
use crate::terms::{terms_ref, ArrearsTerms};

/// The installments of a batch, columnar. Invoice `i`'s installments are rows
/// `offsets[i] .. offsets[i + 1]`; installment `k`'s discount tiers are rows
/// `discount_offsets[k] .. discount_offsets[k + 1]` of the discount columns. Amounts are minor
/// units at the scale of the invoice's currency (`scales[currency[i]]`), dates day numbers.
/// Free with `arrears_schedule_batch_free`; do not modify. An array of length 0 may be any
/// non-NULL pointer: do not read it.
#[repr(C)]
pub struct ArrearsScheduleBatch {
    /// Number of invoices.
    pub invoices: usize,
    /// Number of installments (rows of `line`, `due_date`, `amount`).
    pub installments: usize,
    /// `invoices + 1` offsets into the installment columns.
    pub offsets: *const u32,
    /// Term line of each installment.
    pub line: *const u32,
    /// Due date of each installment (day number).
    pub due_date: *const i32,
    /// Amount of each installment (minor units).
    pub amount: *const i64,
    /// Number of scales (= the number of currencies given).
    pub scales_len: usize,
    /// Decimal places of each currency of the batch, in the order given.
    pub scales: *const u32,
    /// Number of discount tiers (rows of `discount_deadline`, `discount_amount`).
    pub discounts: usize,
    /// `installments + 1` offsets into the discount columns.
    pub discount_offsets: *const u32,
    /// Last day (inclusive) of each discount tier (day number).
    pub discount_deadline: *const i32,
    /// Discount of each tier (minor units): pay the installment less it by the deadline.
    pub discount_amount: *const i64,
}

#[repr(C)]
struct BatchOut {
    view: ArrearsScheduleBatch,
    cols: ScheduleColumns,
}

/// Schedules a whole list of invoices in one call, as `arrears_schedule` would one by one. The
/// invoice columns all have length `n` (C cannot check array lengths):
/// - `total`: invoice total in minor units of its currency (123456 = 1234.56 EUR; the scale is
///   the ISO 4217 minor unit, or `options->precision` when that is not negative);
/// - `currency`: index into `currencies` (`n_currencies` ISO 4217 codes);
/// - `base_date`: day numbers (days since 1970-01-01, see `arrears_day_number`);
/// - `terms_index`: index into `terms` (`n_terms` handles) per invoice, or NULL: all use
///   `terms[0]`.
///
/// `options` may be NULL for the defaults. On success `*out` holds the columns, to free with
/// `arrears_schedule_batch_free`; on failure it is NULL and the last error names the first bad
/// invoice (`invoices[3].currency`, `invoices[7].base_date`, `invoices[2].terms_index`,
/// `invoices[5].total`) or argument.
#[no_mangle]
pub unsafe extern "C" fn arrears_schedule_batch(
    terms: *const *const ArrearsTerms,
    n_terms: usize,
    currencies: *const *const c_char,
    n_currencies: usize,
    total: *const i64,
    currency: *const u16,
    base_date: *const i32,
    terms_index: *const u32,
    n: usize,
    options: *const ArrearsScheduleOptions,
    out: *mut *mut ArrearsScheduleBatch,
) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        let mut list = Vec::new();
        for (k, t) in slice("terms", terms, n_terms)?.iter().enumerate() {
            list.push(terms_ref(&format!("terms[{k}]"), *t)?.clone());
        }
        let mut codes = Vec::new();
        for (j, p) in slice("currencies", currencies, n_currencies)?.iter().enumerate() {
            codes.push(text(&format!("currencies[{j}]"), *p)?);
        }
        let options = schedule_options(options)?;
        let invoices = InvoiceColumns {
            total: slice("total", total, n)?,
            currency: slice("currency", currency, n)?,
            base_date: slice("base_date", base_date, n)?,
            terms: if terms_index.is_null() { None } else { Some(slice("terms_index", terms_index, n)?) },
        };
        let cols = schedule_columns(&list, &codes, &options, &invoices).map_err(|e| {
            // The core calls the index column `terms`; here that name is the list of handles.
            match e.field().strip_prefix("invoices[").and_then(|r| r.strip_suffix("].terms")) {
                Some(row) if !terms_index.is_null() => {
                    arrears::Error::new(e.kind(), format!("invoices[{row}].terms_index"), e.value(), e.reason())
                }
                _ => e,
            }
        })?;
        let mut o = Box::new(BatchOut {
            view: ArrearsScheduleBatch {
                invoices: cols.invoices(),
                installments: cols.len(),
                offsets: cols.offsets.as_ptr(),
                line: cols.line.as_ptr(),
                due_date: cols.due_date.as_ptr(),
                amount: cols.amount.as_ptr(),
                scales_len: cols.scales.len(),
                scales: cols.scales.as_ptr(),
                discounts: cols.discount_amount.len(),
                discount_offsets: cols.discount_offsets.as_ptr(),
                discount_deadline: cols.discount_deadline.as_ptr(),
                discount_amount: cols.discount_amount.as_ptr(),
            },
            cols,
        });
        // Moving `cols` into the box moved the Vec headers, not their heap buffers: the
        // pointers stay valid. Re-take them anyway so the invariant does not rest on that.
        let c = &o.cols;
        let v = ArrearsScheduleBatch {
            offsets: c.offsets.as_ptr(),
            line: c.line.as_ptr(),
            due_date: c.due_date.as_ptr(),
            amount: c.amount.as_ptr(),
            scales: c.scales.as_ptr(),
            discount_offsets: c.discount_offsets.as_ptr(),
            discount_deadline: c.discount_deadline.as_ptr(),
            discount_amount: c.discount_amount.as_ptr(),
            ..o.view
        };
        o.view = v;
        *out = Box::into_raw(o).cast();
        Ok(())
    })
}

/// Frees a result of `arrears_schedule_batch` (NULL is fine).
#[no_mangle]
pub unsafe extern "C" fn arrears_schedule_batch_free(batch: *mut ArrearsScheduleBatch) {
    if !batch.is_null() {
        drop(Box::from_raw(batch.cast::<BatchOut>()));
    }
}
