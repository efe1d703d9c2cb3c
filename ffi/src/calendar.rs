//! Calendar: due-date steps (`ArrearsStep`), business-day adjustments and calendars
//! (`ArrearsCalendar`), `arrears_due_date`, and the day numbers the columnar calls take
//! (`arrears_day_number`, `arrears_date_of_day_number`).

use std::ffi::c_char;

use arrears::calendar::{date_of_day_number, day_number};
use arrears::{Adjustment, Calendar, DueRule, ErrorKind, Step};

use crate::args::{copy_into, out_null, slice, text};
use crate::status::{guard, invalid, ArrearsStatus, Failure};

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
/// The cut-off day `value` (1..30, the "25th rule"): a date after it counts as the 1st of the
/// next month. Usually the first step of a rule.
pub const ARREARS_STEP_CUT_OFF: ArrearsStepKind = 5;

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

pub(crate) fn adjustment(v: ArrearsAdjustment, field: &str) -> Result<Adjustment, Failure> {
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
        ARREARS_STEP_CUT_OFF => Step::CutOff(day(s.value)?),
        other => {
            return Err(invalid(
                ErrorKind::InvalidRule,
                field,
                other,
                "expected one of the ARREARS_STEP_* values (0..5)",
            ))
        }
    })
}

pub(crate) unsafe fn steps(field: &str, p: *const ArrearsStep, len: usize) -> Result<DueRule, Failure> {
    let raw = slice(field, p, len)?;
    let steps = raw.iter().enumerate().map(|(i, s)| step(s, &format!("{field}[{i}]"))).collect::<Result<_, _>>()?;
    Ok(DueRule::new(steps))
}

pub(crate) unsafe fn calendar(field: &str, p: *const ArrearsCalendar) -> Result<Calendar, Failure> {
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
    let mut holidays = Vec::new();
    for (i, h) in slice(&format!("{field}.holidays"), c.holidays, c.holidays_len)?.iter().enumerate() {
        let f = format!("{field}.holidays[{i}]");
        holidays.push(arrears::parse_date(&f, text(&f, *h)?)?);
    }
    // Calendar::new names its own field (`calendar.weekend`).
    Calendar::new(&weekend, &holidays).map_err(Failure::from)
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

/// Writes the day number (days since 1970-01-01) of `date` (`YYYY-MM-DD`) into `*out_day`.
#[no_mangle]
pub unsafe extern "C" fn arrears_day_number(date: *const c_char, out_day: *mut i32) -> ArrearsStatus {
    guard(|| {
        if out_day.is_null() {
            return Err(out_null("out_day"));
        }
        *out_day = day_number(arrears::parse_date("date", text("date", date)?)?);
        Ok(())
    })
}

/// Writes the date of day number `day` (`YYYY-MM-DD` plus NUL) into `out_date`, which must hold
/// 11 bytes.
#[no_mangle]
pub unsafe extern "C" fn arrears_date_of_day_number(day: i32, out_date: *mut c_char) -> ArrearsStatus {
    guard(|| {
        if out_date.is_null() {
            return Err(out_null("out_date"));
        }
        let d = date_of_day_number("day", day)?;
        copy_into(&mut *out_date.cast::<[c_char; 11]>(), &arrears::format_date(d));
        Ok(())
    })
}
