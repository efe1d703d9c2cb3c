//! The C ABI of arrears: `libarrears.so` / `libarrears.a` with the header `include/arrears.h`.
//!
//! Conventions:
//! - every function returns an `ArrearsStatus` (`ARREARS_OK` = 0; 1..10 are the core error kinds,
//!   the same numbers as `arrears::ErrorKind::status`; 100+ are C-boundary errors);
//! - after a failure, `arrears_last_error_message()` and friends describe it, per thread, until
//!   the next arrears call on that thread;
//! - strings are NUL-terminated UTF-8; amounts are decimal strings, dates `YYYY-MM-DD`;
//! - what the library allocates, the library frees (`arrears_string_free`,
//!   `arrears_schedule_free`, `arrears_aging_free`, `arrears_schedule_batch_free`,
//!   `arrears_terms_free`), and every free function accepts NULL;
//! - columnar entry points (`arrears_aging`, `arrears_aging_utf8`, `arrears_schedule_batch`) take
//!   plain arrays of one length `n` (C cannot check it), dates as day numbers (days since
//!   1970-01-01) and amounts as int64 minor units (`arrears_aging_utf8`: customer ids as an
//!   Arrow-style utf8 column, int32 offsets and bytes);
//! - no panic crosses the boundary: an internal failure returns `ARREARS_PANIC`;
//! - enum-like fields are plain `int32_t`s, so an out-of-range value is an error, never UB.

#![allow(non_camel_case_types)]
#![allow(clippy::missing_safety_doc)] // the safety contract is stated once, in the header preamble

use std::cell::RefCell;
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

mod aging;
mod batch;
mod metrics;

pub use aging::*;
pub use batch::*;
pub use metrics::*;

use arrears::{
    Adjustment, Calendar, DueRule, Error, ErrorKind, PaymentTerms, Rounding, RoundingMode, ScheduleOptions, Step,
    TermLine,
};

/// Status of every call: `ARREARS_OK` or an error code.
pub type ArrearsStatus = i32;
/// Success.
pub const ARREARS_OK: ArrearsStatus = 0;
/// An amount is malformed, too precise for its currency, or too large.
pub const ARREARS_INVALID_AMOUNT: ArrearsStatus = 1;
/// A date is malformed or not a calendar date.
pub const ARREARS_INVALID_DATE: ArrearsStatus = 2;
/// A currency code is unknown (and no precision was given) or malformed.
pub const ARREARS_UNKNOWN_CURRENCY: ArrearsStatus = 3;
/// A precision is out of range, or the currency has no minor unit and none was given.
pub const ARREARS_INVALID_PRECISION: ArrearsStatus = 4;
/// An unknown rounding mode or a bad cash increment.
pub const ARREARS_INVALID_ROUNDING: ArrearsStatus = 5;
/// A bad due-date step, adjustment or calendar.
pub const ARREARS_INVALID_RULE: ArrearsStatus = 6;
/// Inconsistent payment terms.
pub const ARREARS_INVALID_TERMS: ArrearsStatus = 7;
/// A computed date falls outside 0001-01-01 ..= 9999-12-31.
pub const ARREARS_DATE_OUT_OF_RANGE: ArrearsStatus = 8;
/// An amount computation would overflow.
pub const ARREARS_OVERFLOW: ArrearsStatus = 9;
/// A malformed JSON request (syntax, missing or unknown field, wrong type, unknown operation).
pub const ARREARS_INVALID_REQUEST: ArrearsStatus = 10;
/// A request is larger than a documented limit (lines, steps, holidays, counts of arrays...).
pub const ARREARS_LIMIT_EXCEEDED: ArrearsStatus = 11;
/// A required pointer argument was NULL.
pub const ARREARS_NULL_POINTER: ArrearsStatus = 100;
/// A string argument was not valid UTF-8.
pub const ARREARS_INVALID_UTF8: ArrearsStatus = 101;
/// An internal failure (a bug): reported instead of unwinding into C.
pub const ARREARS_PANIC: ArrearsStatus = 199;

/// Rounding mode (`ArrearsScheduleOptions.rounding`, `arrears_round`).
pub type ArrearsRoundingMode = i32;
/// Half away from zero (the default).
pub const ARREARS_ROUND_HALF_UP: ArrearsRoundingMode = 0;
/// Half to even (banker's rounding).
pub const ARREARS_ROUND_HALF_EVEN: ArrearsRoundingMode = 1;
/// Half toward zero.
pub const ARREARS_ROUND_HALF_DOWN: ArrearsRoundingMode = 2;
/// Truncate.
pub const ARREARS_ROUND_TOWARD_ZERO: ArrearsRoundingMode = 3;
/// Any fraction away from zero.
pub const ARREARS_ROUND_AWAY_FROM_ZERO: ArrearsRoundingMode = 4;
/// Toward negative infinity.
pub const ARREARS_ROUND_FLOOR: ArrearsRoundingMode = 5;
/// Toward positive infinity.
pub const ARREARS_ROUND_CEILING: ArrearsRoundingMode = 6;

/// Business-day adjustment of a due date.
pub type ArrearsAdjustment = i32;
/// Keep the date.
pub const ARREARS_ADJUSTMENT_NONE: ArrearsAdjustment = 0;
/// Next business day.
pub const ARREARS_ADJUSTMENT_FOLLOWING: ArrearsAdjustment = 1;
/// Next business day unless it is in the next month, then the previous one.
pub const ARREARS_ADJUSTMENT_MODIFIED_FOLLOWING: ArrearsAdjustment = 2;
/// Previous business day.
pub const ARREARS_ADJUSTMENT_PRECEDING: ArrearsAdjustment = 3;

/// Kind of a due-date step.
pub type ArrearsStepKind = i32;
/// Add `value` calendar days (negative: subtract).
pub const ARREARS_STEP_ADD_DAYS: ArrearsStepKind = 0;
/// Add `value` months, clamping the day.
pub const ARREARS_STEP_ADD_MONTHS: ArrearsStepKind = 1;
/// Last day of the current month (`value` ignored).
pub const ARREARS_STEP_END_OF_MONTH: ArrearsStepKind = 2;
/// Day `value` (1..31, clamped) of the current month.
pub const ARREARS_STEP_SET_DAY: ArrearsStepKind = 3;
/// First date on or after the current one whose day is `value` (1..31, clamped).
pub const ARREARS_STEP_NEXT_DAY_OF_MONTH: ArrearsStepKind = 4;

/// Kind of a payment-term line.
pub type ArrearsLineKind = i32;
/// `value` percent of the total.
pub const ARREARS_LINE_PERCENT: ArrearsLineKind = 0;
/// `value` percent of what the earlier lines left.
pub const ARREARS_LINE_PERCENT_OF_REMAINDER: ArrearsLineKind = 1;
/// A fixed amount `value` (takes the sign of the total).
pub const ARREARS_LINE_FIXED: ArrearsLineKind = 2;
/// The balance (last line; `value` must be NULL).
pub const ARREARS_LINE_BALANCE: ArrearsLineKind = 3;
/// An equal share of the rest (trailing group; `value` must be NULL).
pub const ARREARS_LINE_EQUAL: ArrearsLineKind = 4;

/// Weekend bit of Monday in `ArrearsCalendar.weekend_mask`; Tuesday is `<< 1` ... Sunday `<< 6`.
pub const ARREARS_WEEKDAY_MONDAY: u8 = 1;
/// The usual Saturday + Sunday weekend mask.
pub const ARREARS_WEEKEND_SAT_SUN: u8 = (1 << 5) | (1 << 6);

/// One due-date step.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct ArrearsStep {
    /// An `ARREARS_STEP_*` value.
    pub kind: ArrearsStepKind,
    /// Days, months or day of month, per `kind`.
    pub value: i32,
}

/// One payment-term line.
#[repr(C)]
pub struct ArrearsTermLine {
    /// An `ARREARS_LINE_*` value.
    pub kind: ArrearsLineKind,
    /// Decimal string (percent or fixed amount); NULL for balance and equal lines.
    pub value: *const c_char,
    /// The due-date steps from the base date (NULL when `steps_len` is 0).
    pub steps: *const ArrearsStep,
    /// Number of steps.
    pub steps_len: usize,
}

/// A business-day calendar.
#[repr(C)]
pub struct ArrearsCalendar {
    /// Weekend days: bit 0 Monday .. bit 6 Sunday (`ARREARS_WEEKEND_SAT_SUN` is the usual one).
    pub weekend_mask: u8,
    /// Holidays as `YYYY-MM-DD` strings (NULL when `holidays_len` is 0).
    pub holidays: *const *const c_char,
    /// Number of holidays.
    pub holidays_len: usize,
}

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

struct LastError {
    code: CString,
    field: CString,
    value: CString,
    message: CString,
}

thread_local! {
    static LAST_ERROR: RefCell<Option<LastError>> = const { RefCell::new(None) };
}

/// A failure at the boundary: a core error, or one of the C-only statuses.
struct Failure {
    status: ArrearsStatus,
    code: &'static str,
    field: String,
    value: String,
    message: String,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure {
            status: e.kind().status(),
            code: e.kind().code(),
            field: e.field().to_string(),
            value: e.value().to_string(),
            message: e.to_string(),
        }
    }
}

fn boundary(status: ArrearsStatus, code: &'static str, field: &str, message: String) -> Failure {
    Failure { status, code, field: field.to_string(), value: String::new(), message }
}

fn c_string(s: String) -> CString {
    // Interior NULs cannot come from arrears' own text; replace defensively rather than fail.
    CString::new(s.replace('\0', "\u{FFFD}")).unwrap_or_default()
}

fn set_last_error(f: Option<Failure>) {
    LAST_ERROR.with(|slot| {
        *slot.borrow_mut() = f.map(|f| LastError {
            code: c_string(f.code.to_string()),
            field: c_string(f.field),
            value: c_string(f.value),
            message: c_string(f.message),
        })
    });
}

/// Runs a boundary function: clears the last error, catches panics, records failures.
fn guard(body: impl FnOnce() -> Result<(), Failure>) -> ArrearsStatus {
    set_last_error(None);
    let result = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| {
        Err(boundary(ARREARS_PANIC, "internal", "", "internal error in arrears (please report it)".into()))
    });
    match result {
        Ok(()) => ARREARS_OK,
        Err(f) => {
            let status = f.status;
            set_last_error(Some(f));
            status
        }
    }
}

unsafe fn text<'a>(field: &str, p: *const c_char) -> Result<&'a str, Failure> {
    if p.is_null() {
        return Err(boundary(ARREARS_NULL_POINTER, "null_pointer", field, format!("{field}: must not be NULL")));
    }
    CStr::from_ptr(p)
        .to_str()
        .map_err(|e| boundary(ARREARS_INVALID_UTF8, "invalid_utf8", field, format!("{field}: not valid UTF-8 ({e})")))
}

/// The `len` elements at `p` as a slice. C cannot say how long an array is, so a count larger
/// than the array cannot be detected; an impossible one can, and is refused before any slice is
/// made: a byte size beyond `isize::MAX` (no allocation is that large; `from_raw_parts` would be
/// undefined behaviour) or a pointer not aligned for `T`.
unsafe fn slice<'a, T>(field: &str, p: *const T, len: usize) -> Result<&'a [T], Failure> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(boundary(
            ARREARS_NULL_POINTER,
            "null_pointer",
            field,
            format!("{field}: NULL with a length of {len}"),
        ));
    }
    let bytes = len.checked_mul(std::mem::size_of::<T>());
    if bytes.is_none_or(|b| b > isize::MAX as usize) {
        return Err(Failure::from(Error::new(
            ErrorKind::LimitExceeded,
            field,
            len.to_string(),
            format!(
                "{len} elements of {} bytes cannot be an array in memory (more than isize::MAX bytes); check the count",
                std::mem::size_of::<T>()
            ),
        )));
    }
    if !(p as usize).is_multiple_of(std::mem::align_of::<T>()) {
        return Err(Failure::from(Error::new(
            ErrorKind::InvalidRequest,
            field,
            format!("{p:p}"),
            format!("the array is not aligned to {} bytes", std::mem::align_of::<T>()),
        )));
    }
    Ok(std::slice::from_raw_parts(p, len))
}

fn out_null(field: &str) -> Failure {
    boundary(ARREARS_NULL_POINTER, "null_pointer", field, format!("{field}: the output pointer must not be NULL"))
}

fn invalid(kind: ErrorKind, field: &str, value: impl ToString, reason: &str) -> Failure {
    Error::new(kind, field, value.to_string(), reason).into()
}

fn copy_into<const N: usize>(dst: &mut [c_char; N], s: &str) {
    // Callers only copy strings that fit (dates 10 bytes, amounts < 40, codes 3).
    for (d, b) in dst.iter_mut().zip(s.bytes().take(N - 1).chain(std::iter::once(0))) {
        *d = b as c_char;
    }
}

fn rounding_mode(v: ArrearsRoundingMode, field: &str) -> Result<RoundingMode, Failure> {
    usize::try_from(v).ok().and_then(|i| RoundingMode::ALL.get(i).copied()).ok_or_else(|| {
        invalid(ErrorKind::InvalidRounding, field, v, "expected one of the ARREARS_ROUND_* values (0..6)")
    })
}

fn adjustment(v: ArrearsAdjustment, field: &str) -> Result<Adjustment, Failure> {
    usize::try_from(v).ok().and_then(|i| Adjustment::ALL.get(i).copied()).ok_or_else(|| {
        invalid(ErrorKind::InvalidRule, field, v, "expected one of the ARREARS_ADJUSTMENT_* values (0..3)")
    })
}

fn step(s: &ArrearsStep, field: &str) -> Result<Step, Failure> {
    let day = |v: i32| {
        u8::try_from(v).map_err(|_| invalid(ErrorKind::InvalidRule, field, v, "a day of the month is between 1 and 31"))
    };
    Ok(match s.kind {
        ARREARS_STEP_ADD_DAYS => Step::AddDays(s.value),
        ARREARS_STEP_ADD_MONTHS => Step::AddMonths(s.value),
        ARREARS_STEP_END_OF_MONTH => Step::EndOfMonth,
        ARREARS_STEP_SET_DAY => Step::SetDay(day(s.value)?),
        ARREARS_STEP_NEXT_DAY_OF_MONTH => Step::NextDayOfMonth(day(s.value)?),
        other => {
            return Err(invalid(
                ErrorKind::InvalidRule,
                field,
                other,
                "expected one of the ARREARS_STEP_* values (0..4)",
            ))
        }
    })
}

unsafe fn steps(field: &str, p: *const ArrearsStep, len: usize) -> Result<DueRule, Failure> {
    let raw = slice(field, p, len)?;
    let steps = raw.iter().enumerate().map(|(i, s)| step(s, &format!("{field}[{i}]"))).collect::<Result<_, _>>()?;
    Ok(DueRule::new(steps))
}

unsafe fn calendar(field: &str, p: *const ArrearsCalendar) -> Result<Calendar, Failure> {
    if p.is_null() {
        return Ok(Calendar::default());
    }
    let c = &*p;
    let weekend: Vec<arrears::chrono::Weekday> = (0u8..7)
        .filter(|bit| c.weekend_mask & (1 << bit) != 0)
        .filter_map(|bit| arrears::chrono::Weekday::try_from(bit).ok())
        .collect();
    if c.weekend_mask & 0x80 != 0 {
        return Err(invalid(
            ErrorKind::InvalidRule,
            &format!("{field}.weekend_mask"),
            c.weekend_mask,
            "only bits 0 (Monday) to 6 (Sunday) exist",
        ));
    }
    let mut holidays = Vec::with_capacity(c.holidays_len);
    for (i, h) in slice(&format!("{field}.holidays"), c.holidays, c.holidays_len)?.iter().enumerate() {
        let f = format!("{field}.holidays[{i}]");
        holidays.push(arrears::parse_date(&f, text(&f, *h)?)?);
    }
    // Calendar::new names its own field (`calendar.weekend`).
    Calendar::new(&weekend, &holidays).map_err(Failure::from)
}

/// The library version, e.g. `"0.1.0"` (static; do not free).
#[no_mangle]
pub extern "C" fn arrears_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

fn last_error_part(pick: impl Fn(&LastError) -> *const c_char) -> *const c_char {
    LAST_ERROR.with(|slot| slot.borrow().as_ref().map_or(ptr::null(), pick))
}

/// The message of the last failed call on this thread (names the field and the value), or NULL
/// when the last call succeeded. Valid until the next arrears call on this thread; do not free.
#[no_mangle]
pub extern "C" fn arrears_last_error_message() -> *const c_char {
    last_error_part(|e| e.message.as_ptr())
}

/// The stable code of the last error (`"invalid_terms"`, `"null_pointer"`, ...), or NULL.
#[no_mangle]
pub extern "C" fn arrears_last_error_code() -> *const c_char {
    last_error_part(|e| e.code.as_ptr())
}

/// The field the last error is about (`"total"`, `"terms.lines[1].value"`), or NULL.
#[no_mangle]
pub extern "C" fn arrears_last_error_field() -> *const c_char {
    last_error_part(|e| e.field.as_ptr())
}

/// The offending value of the last error, as text, or NULL.
#[no_mangle]
pub extern "C" fn arrears_last_error_value() -> *const c_char {
    last_error_part(|e| e.value.as_ptr())
}

/// Frees a string returned by arrears (NULL is fine).
#[no_mangle]
pub unsafe extern "C" fn arrears_string_free(s: *mut c_char) {
    if !s.is_null() {
        drop(CString::from_raw(s));
    }
}

/// Runs a wire-format operation: `request_json` in, the canonical response JSON (compact, sorted
/// keys) in `*out_response_json`, to free with `arrears_string_free`. On failure
/// `*out_response_json` is NULL and the last error names the JSON path of the bad value.
///
/// Operations (requests and responses as in the core's `arrears::wire` docs and tests/vectors/):
/// - schedules and dates: `schedule`, `due_date`, `terms`, `round`, `currency`, `currencies`,
///   `version`;
/// - notation and presets: `parse_terms` (`{"text": "2/10 net 30", "options": {"eom": "uk",
///   "cut_off": 25}}`), `format_terms` (`{"terms": ...}`), `preset` (`{"name": "net_30"}`),
///   `presets` (`{}`);
/// - discounts: `settle` (what settles an installment on a date, partial payments),
///   `discount_cost` (nominal and effective annual cost);
/// - e-invoicing forms: `to_xrechnung` / `from_xrechnung` (`#SKONTO#` note lines),
///   `to_x12_itd` / `from_x12_itd`, `to_edifact_pat` / `from_edifact_pat`;
/// - reports: `aging`, `aging_merge` (open items as JSON; `arrears_aging` is the typed columnar
///   path), `dso`, `countback_dso`, `best_possible_dso`, `cei`, `payment_timing`, `allowance`,
///   `roll_rates`, `cash_forecast`.
///
/// Typed C helpers exist for the hot paths: `arrears_schedule`, `arrears_schedule_batch`,
/// `arrears_aging`, `arrears_aging_utf8`, and the `arrears_terms_*` handles.
#[no_mangle]
pub unsafe extern "C" fn arrears_call_json(
    op: *const c_char,
    request_json: *const c_char,
    out_response_json: *mut *mut c_char,
) -> ArrearsStatus {
    guard(|| {
        if out_response_json.is_null() {
            return Err(out_null("out_response_json"));
        }
        *out_response_json = ptr::null_mut();
        let op = text("op", op)?;
        let request = text("request_json", request_json)?;
        let response = arrears::call_json(op, request)?;
        *out_response_json = c_string(response).into_raw();
        Ok(())
    })
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

unsafe fn rounding(mode: ArrearsRoundingMode, precision: i32, cash: *const c_char) -> Result<Rounding, Failure> {
    let cash_increment = if cash.is_null() {
        None
    } else {
        Some(arrears::parse_amount("cash_increment", text("cash_increment", cash)?)?)
    };
    Ok(Rounding { mode: rounding_mode(mode, "rounding")?, precision: u32::try_from(precision).ok(), cash_increment })
}

unsafe fn schedule_options(options: *const ArrearsScheduleOptions) -> Result<ScheduleOptions, Failure> {
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
        let mut term_lines = Vec::with_capacity(lines_len);
        for (i, l) in slice("terms.lines", lines, lines_len)?.iter().enumerate() {
            let field = format!("terms.lines[{i}]");
            let value = if l.value.is_null() {
                None
            } else {
                let f = format!("{field}.value");
                Some(arrears::parse_amount(&f, text(&f, l.value)?)?)
            };
            let due = steps(&format!("{field}.due"), l.steps, l.steps_len)?;
            let need = |v: Option<_>| {
                v.ok_or_else(|| {
                    invalid(
                        ErrorKind::InvalidTerms,
                        &format!("{field}.value"),
                        "NULL",
                        "this kind of line needs a value",
                    )
                })
            };
            let no_value = |v: Option<arrears::rust_decimal::Decimal>| match v {
                Some(x) => Err(invalid(
                    ErrorKind::InvalidTerms,
                    &format!("{field}.value"),
                    x,
                    "a balance or equal line takes no value (pass NULL)",
                )),
                None => Ok(()),
            };
            term_lines.push(match l.kind {
                ARREARS_LINE_PERCENT => TermLine::percent(need(value)?, due),
                ARREARS_LINE_PERCENT_OF_REMAINDER => TermLine::percent_of_remainder(need(value)?, due),
                ARREARS_LINE_FIXED => TermLine::fixed(need(value)?, due),
                ARREARS_LINE_BALANCE => {
                    no_value(value)?;
                    TermLine::balance(due)
                }
                ARREARS_LINE_EQUAL => {
                    no_value(value)?;
                    TermLine::equal(due)
                }
                other => {
                    return Err(invalid(
                        ErrorKind::InvalidTerms,
                        &format!("{field}.kind"),
                        other,
                        "expected one of the ARREARS_LINE_* values (0..4)",
                    ))
                }
            });
        }
        let terms = PaymentTerms::with_adjustment(term_lines, adjustment(adjustment_, "terms.adjustment")?)
            .map_err(|e| e.within("terms"))?;
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

/// Applies `steps` to `base_date` (`YYYY-MM-DD`), then `adjustment` over `calendar` (NULL =
/// Saturday-Sunday weekend, no holidays), and writes the due date (`YYYY-MM-DD` plus NUL) into
/// `out_date`, which must hold 11 bytes.
#[no_mangle]
pub unsafe extern "C" fn arrears_due_date(
    base_date: *const c_char,
    steps_: *const ArrearsStep,
    steps_len: usize,
    adjustment_: ArrearsAdjustment,
    calendar_: *const ArrearsCalendar,
    out_date: *mut c_char,
) -> ArrearsStatus {
    guard(|| {
        if out_date.is_null() {
            return Err(out_null("out_date"));
        }
        let base = arrears::parse_date("base_date", text("base_date", base_date)?)?;
        let rule = steps("steps", steps_, steps_len)?;
        let adj = adjustment(adjustment_, "adjustment")?;
        let cal = calendar("calendar", calendar_)?;
        let date = rule.apply(base).map_err(|e| e.within("steps"))?;
        let date = cal.adjust(date, adj).map_err(|e| e.within("adjustment"))?;
        let text = arrears::format_date(date);
        let out = &mut *out_date.cast::<[c_char; 11]>();
        copy_into(out, &text);
        Ok(())
    })
}

/// Rounds `amount` (decimal string) for `currency` with `mode`, `precision` (negative = the
/// currency's own) and an optional `cash_increment` (NULL = none); `*out` receives a string to
/// free with `arrears_string_free`.
#[no_mangle]
pub unsafe extern "C" fn arrears_round(
    amount: *const c_char,
    currency: *const c_char,
    mode: ArrearsRoundingMode,
    precision: i32,
    cash_increment: *const c_char,
    out: *mut *mut c_char,
) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        let amount = arrears::parse_amount("amount", text("amount", amount)?)?;
        let rules = arrears::MoneyRules::new(text("currency", currency)?, &rounding(mode, precision, cash_increment)?)?;
        *out = c_string(rules.round(amount)?.to_string()).into_raw();
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_match_the_core_kinds() {
        let c = [
            ARREARS_INVALID_AMOUNT,
            ARREARS_INVALID_DATE,
            ARREARS_UNKNOWN_CURRENCY,
            ARREARS_INVALID_PRECISION,
            ARREARS_INVALID_ROUNDING,
            ARREARS_INVALID_RULE,
            ARREARS_INVALID_TERMS,
            ARREARS_DATE_OUT_OF_RANGE,
            ARREARS_OVERFLOW,
            ARREARS_INVALID_REQUEST,
            ARREARS_LIMIT_EXCEEDED,
        ];
        assert_eq!(c.len(), ErrorKind::ALL.len());
        for (kind, status) in ErrorKind::ALL.iter().zip(c) {
            assert_eq!(kind.status(), status, "{kind}");
        }
    }

    #[test]
    fn eom_constants_index_the_core_readings() {
        use arrears::notation::EomReading;
        assert_eq!(EomReading::ALL[ARREARS_EOM_US as usize], EomReading::Us);
        assert_eq!(EomReading::ALL[ARREARS_EOM_UK as usize], EomReading::Uk);
        assert_eq!(EomReading::ALL[ARREARS_EOM_DFFM as usize], EomReading::Dffm);
    }

    #[test]
    fn aging_and_batch_round_trip_through_the_c_structs() {
        let codes = [c"EUR".as_ptr()];
        let spec = ArrearsAgingSpec { as_of: 20_000, ..arrears_aging_spec_default() };
        let mut out: *mut ArrearsAging = ptr::null_mut();
        let st = unsafe {
            arrears_aging(
                [2u32, 1].as_ptr(),
                [0u16, 0].as_ptr(),
                codes.as_ptr(),
                1,
                [19_990i32, 20_010].as_ptr(),
                ptr::null(),
                [500i64, -100].as_ptr(),
                [1u8, 0].as_ptr(),
                2,
                2,
                &spec,
                &mut out,
            )
        };
        assert_eq!(st, ARREARS_OK);
        let a = unsafe { &*out };
        let customers = unsafe { std::slice::from_raw_parts(a.customer, a.rows) };
        let totals = unsafe { std::slice::from_raw_parts(a.total, a.rows) };
        assert_eq!((customers, totals), (&[1u32, 2][..], &[-100i64, 500][..]));
        unsafe { arrears_aging_free(out) };

        let mut terms: *mut ArrearsTerms = ptr::null_mut();
        assert_eq!(unsafe { arrears_terms_parse(c"30/60/90".as_ptr(), ARREARS_EOM_US, 0, &mut terms) }, ARREARS_OK);
        let list = [terms.cast_const()];
        let mut b: *mut ArrearsScheduleBatch = ptr::null_mut();
        let st = unsafe {
            arrears_schedule_batch(
                list.as_ptr(),
                1,
                codes.as_ptr(),
                1,
                [100i64].as_ptr(),
                [0u16].as_ptr(),
                [0i32].as_ptr(),
                ptr::null(),
                1,
                ptr::null(),
                &mut b,
            )
        };
        assert_eq!(st, ARREARS_OK);
        let amounts = unsafe { std::slice::from_raw_parts((*b).amount, (*b).installments) };
        assert_eq!(amounts, [33, 33, 34]);
        unsafe {
            arrears_schedule_batch_free(b);
            arrears_terms_free(terms);
        }
    }
}
