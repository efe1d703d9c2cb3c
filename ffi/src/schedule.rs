//! Schedules of one invoice: `arrears_schedule` splits a total into installments by term lines
//! (`ArrearsSchedule`, freed by `arrears_schedule_free`); its options (`ArrearsScheduleOptions`:
//! rounding, calendar) serve `arrears_schedule_batch` too.

use std::ffi::c_char;
use std::ptr;

use arrears::ScheduleOptions;

use crate::args::{copy_into, out_null, text};
use crate::calendar::{calendar, ArrearsAdjustment, ArrearsCalendar};
use crate::money::{rounding, ArrearsRoundingMode, ARREARS_ROUND_HALF_UP};
use crate::status::{guard, ArrearsStatus, Failure};
use crate::terms::{payment_terms, terms_ref, ArrearsTermLine, ArrearsTerms};

/// Options of `arrears_schedule`; start from `arrears_schedule_options_default()`.
#[repr(C)]
pub struct ArrearsScheduleOptions {
    /// An `ARREARS_ROUND_*` value.
    pub rounding: ArrearsRoundingMode,
    /// Decimal places instead of the ISO 4217 minor unit; negative = the currency's own.
    pub precision: i32,
    /// Cash-rounding increment as a decimal string, or NULL.
    pub cash_increment: *const c_char,
    /// Calendar for the terms' adjustment; NULL = Saturday-Sunday weekend, no holidays.
    pub calendar: *const ArrearsCalendar,
    /// Let over-allocating fixed lines leave a negative balance instead of failing.
    pub allow_negative_balance: bool,
}

/// One early-payment discount of an installment: pay `payable` on or before `deadline` and the
/// installment is settled, `discount` being taken off.
#[repr(C)]
pub struct ArrearsInstallmentDiscount {
    /// The last day (inclusive) the discount is earned, `YYYY-MM-DD`.
    pub deadline: [c_char; 11],
    /// The discount, decimal string with exactly the currency's decimals.
    pub discount: [c_char; 64],
    /// The installment amount less the discount.
    pub payable: [c_char; 64],
}

/// One installment of a schedule.
#[repr(C)]
pub struct ArrearsInstallment {
    /// Index of the term line that produced it.
    pub line: usize,
    /// Due date, `YYYY-MM-DD`.
    pub due_date: [c_char; 11],
    /// Amount, decimal string with exactly the currency's decimals.
    pub amount: [c_char; 64],
    /// Number of discount tiers (0 for term lines without any).
    pub discounts_len: usize,
    /// The discount tiers, in the line's order (NULL when `discounts_len` is 0).
    pub discounts: *mut ArrearsInstallmentDiscount,
}

/// A schedule: installments summing exactly to `total`. Free with `arrears_schedule_free`.
#[repr(C)]
pub struct ArrearsSchedule {
    /// ISO 4217 code.
    pub currency: [c_char; 4],
    /// The invoice total, with exactly the currency's decimals.
    pub total: [c_char; 64],
    /// The latest installment date (the invoice's due date), `YYYY-MM-DD`.
    pub due_date: [c_char; 11],
    /// Number of installments.
    pub installments_len: usize,
    /// The installments, in term-line order.
    pub installments: *mut ArrearsInstallment,
}

/// Default schedule options: half-up at the currency's precision, no cash rounding, the default
/// calendar, over-allocation an error.
#[no_mangle]
pub extern "C" fn arrears_schedule_options_default() -> ArrearsScheduleOptions {
    ArrearsScheduleOptions {
        rounding: ARREARS_ROUND_HALF_UP,
        precision: -1,
        cash_increment: ptr::null(),
        calendar: ptr::null(),
        allow_negative_balance: false,
    }
}

pub(crate) unsafe fn schedule_options(options: *const ArrearsScheduleOptions) -> Result<ScheduleOptions, Failure> {
    if options.is_null() {
        return Ok(ScheduleOptions::default());
    }
    let o = &*options;
    Ok(ScheduleOptions {
        rounding: rounding(o.rounding, o.precision, o.cash_increment)?,
        calendar: calendar("calendar", o.calendar)?,
        allow_negative_balance: o.allow_negative_balance,
    })
}

/// Splits `total` (decimal string) in `currency` into installments by the term `lines`, from
/// `base_date` (`YYYY-MM-DD`), with the terms' business-day `adjustment`. `options` may be NULL
/// for the defaults. On success `*out` holds a schedule to free with `arrears_schedule_free`;
/// on failure it is NULL and the last error names the field (`"total"`, `"terms.lines[1].value"`).
#[no_mangle]
pub unsafe extern "C" fn arrears_schedule(
    total: *const c_char,
    currency: *const c_char,
    base_date: *const c_char,
    lines: *const ArrearsTermLine,
    lines_len: usize,
    adjustment_: ArrearsAdjustment,
    options: *const ArrearsScheduleOptions,
    out: *mut *mut ArrearsSchedule,
) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        let total = arrears::parse_amount("total", text("total", total)?)?;
        let currency = text("currency", currency)?;
        let base_date = arrears::parse_date("base_date", text("base_date", base_date)?)?;
        let terms = payment_terms(lines, lines_len, adjustment_)?;
        let options = schedule_options(options)?;
        *out = to_c(arrears::schedule(total, currency, base_date, &terms, &options)?);
        Ok(())
    })
}

/// Schedules an invoice by a terms handle (from `arrears_terms_parse("2/10 net 30", ...)`,
/// `arrears_terms_from_json` or `arrears_terms_preset`): as `arrears_schedule`, and each
/// installment lists its early-payment discounts (`discounts`: deadline, discount, payable).
/// `options` may be NULL. On success `*out` holds a schedule to free with
/// `arrears_schedule_free`; on failure it is NULL and the last error names the field.
///
/// ```c
/// ArrearsTerms *terms = NULL;
/// ArrearsSchedule *s = NULL;
/// if (arrears_terms_parse("2/10 net 30", ARREARS_EOM_US, 0, &terms) != ARREARS_OK ||
///     arrears_schedule_terms("1000.00", "EUR", "2026-01-01", terms, NULL, &s) != ARREARS_OK) {
///     fprintf(stderr, "%s\n", arrears_last_error_message());
///     return 1;
/// }
/// const ArrearsInstallmentDiscount *d = &s->installments[0].discounts[0];
/// printf("%s %s, or %s by %s\n", s->installments[0].due_date, s->installments[0].amount, d->payable, d->deadline);
/// arrears_schedule_free(s);
/// arrears_terms_free(terms);
/// ```
/// ```text
/// 2026-01-31 1000.00, or 980.00 by 2026-01-11
/// ```
#[no_mangle]
pub unsafe extern "C" fn arrears_schedule_terms(
    total: *const c_char,
    currency: *const c_char,
    base_date: *const c_char,
    terms: *const ArrearsTerms,
    options: *const ArrearsScheduleOptions,
    out: *mut *mut ArrearsSchedule,
) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        let total = arrears::parse_amount("total", text("total", total)?)?;
        let currency = text("currency", currency)?;
        let base_date = arrears::parse_date("base_date", text("base_date", base_date)?)?;
        let terms = terms_ref("terms", terms)?;
        let options = schedule_options(options)?;
        *out = to_c(arrears::schedule(total, currency, base_date, terms, &options)?);
        Ok(())
    })
}

/// A schedule in its C form (owned by the caller until `arrears_schedule_free`).
fn to_c(s: arrears::Schedule) -> *mut ArrearsSchedule {
    let installments: Box<[ArrearsInstallment]> = s
        .installments
        .iter()
        .map(|i| {
            let discounts: Box<[ArrearsInstallmentDiscount]> = i
                .discounts
                .iter()
                .map(|d| {
                    let mut c = ArrearsInstallmentDiscount { deadline: [0; 11], discount: [0; 64], payable: [0; 64] };
                    copy_into(&mut c.deadline, &arrears::format_date(d.deadline));
                    copy_into(&mut c.discount, &d.discount.to_string());
                    copy_into(&mut c.payable, &d.payable.to_string());
                    c
                })
                .collect();
            let mut inst = ArrearsInstallment {
                line: i.line,
                due_date: [0; 11],
                amount: [0; 64],
                discounts_len: discounts.len(),
                discounts: if discounts.is_empty() { ptr::null_mut() } else { Box::into_raw(discounts).cast() },
            };
            copy_into(&mut inst.due_date, &arrears::format_date(i.due_date));
            copy_into(&mut inst.amount, &i.amount.to_string());
            inst
        })
        .collect();
    let mut sched = Box::new(ArrearsSchedule {
        currency: [0; 4],
        total: [0; 64],
        due_date: [0; 11],
        installments_len: installments.len(),
        installments: Box::into_raw(installments).cast(),
    });
    copy_into(&mut sched.currency, &s.currency);
    copy_into(&mut sched.total, &s.total.to_string());
    copy_into(&mut sched.due_date, &arrears::format_date(s.due_date));
    Box::into_raw(sched)
}

/// Frees a schedule returned by `arrears_schedule` or `arrears_schedule_terms` (NULL is fine).
#[no_mangle]
pub unsafe extern "C" fn arrears_schedule_free(schedule: *mut ArrearsSchedule) {
    if schedule.is_null() {
        return;
    }
    let s = Box::from_raw(schedule);
    if !s.installments.is_null() {
        let installments = Box::from_raw(ptr::slice_from_raw_parts_mut(s.installments, s.installments_len));
        for i in installments.iter() {
            if !i.discounts.is_null() {
                drop(Box::from_raw(ptr::slice_from_raw_parts_mut(i.discounts, i.discounts_len)));
            }
        }
    }
}
