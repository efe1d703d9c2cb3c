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
use crate::terms::{payment_terms, ArrearsTermLine};

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

/// One installment of a schedule.
#[repr(C)]
pub struct ArrearsInstallment {
    /// Index of the term line that produced it.
    pub line: usize,
    /// Due date, `YYYY-MM-DD`.
    pub due_date: [c_char; 11],
    /// Amount, decimal string with exactly the currency's decimals.
    pub amount: [c_char; 64],
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
        let s = arrears::schedule(total, currency, base_date, &terms, &options)?;
        let installments: Box<[ArrearsInstallment]> = s
            .installments
            .iter()
            .map(|i| {
                let mut inst = ArrearsInstallment { line: i.line, due_date: [0; 11], amount: [0; 64] };
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
        *out = Box::into_raw(sched);
        Ok(())
    })
}

/// Frees a schedule returned by `arrears_schedule` (NULL is fine).
#[no_mangle]
pub unsafe extern "C" fn arrears_schedule_free(schedule: *mut ArrearsSchedule) {
    if schedule.is_null() {
        return;
    }
    let s = Box::from_raw(schedule);
    if !s.installments.is_null() {
        drop(Box::from_raw(ptr::slice_from_raw_parts_mut(s.installments, s.installments_len)));
    }
}
