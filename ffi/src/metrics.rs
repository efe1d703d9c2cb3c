//! Typed receivables metrics for C: DSO, countback DSO, best possible DSO, CEI and the bad-debt
//! allowance, over decimal strings. Each result is a decimal string (ratios rounded half up to
//! `decimals`, 0..=10, by the core's `metrics::round_ratio`) to free with `arrears_string_free`. Payment timing, roll rates and the
//! cash forecast are reached through `arrears_call_json` (ops `payment_timing`, `roll_rates`,
//! `cash_forecast`).

use std::ffi::c_char;
use std::ptr;

use arrears::metrics::{self, CeiVariant, MonthDays};
use arrears::rust_decimal::Decimal;
use arrears::ErrorKind;

use crate::args::{c_string, out_null, slice, text};
use crate::money::{rounding, ArrearsRoundingMode};
use crate::status::{guard, invalid, ArrearsStatus, Failure};

/// How countback DSO counts month lengths.
pub type ArrearsMonthDays = i32;
/// Every month counts 30 days (the default).
pub const ARREARS_MONTH_DAYS_THIRTY: ArrearsMonthDays = 0;
/// Each month counts its calendar length, the newest month being the one holding `as_of`.
pub const ARREARS_MONTH_DAYS_ACTUAL: ArrearsMonthDays = 1;

unsafe fn amount(field: &str, p: *const c_char) -> Result<Decimal, Failure> {
    Ok(arrears::parse_amount(field, text(field, p)?)?)
}

unsafe fn put(out: *mut *mut c_char, field: &str, s: String) -> Result<(), Failure> {
    if out.is_null() {
        return Err(out_null(field));
    }
    *out = c_string(s).into_raw();
    Ok(())
}

unsafe fn clear(outs: &[*mut *mut c_char]) {
    for &o in outs {
        if !o.is_null() {
            *o = ptr::null_mut();
        }
    }
}

/// Days sales outstanding: receivables / credit sales x `days`. With `beginning_receivables`
/// (NULL = not used) the average of beginning and ending receivables is used instead of the
/// ending receivables. `*out` receives the figure rounded half up to `decimals`.
#[no_mangle]
pub unsafe extern "C" fn arrears_dso(
    receivables: *const c_char,
    beginning_receivables: *const c_char,
    credit_sales: *const c_char,
    days: u32,
    decimals: u32,
    out: *mut *mut c_char,
) -> ArrearsStatus {
    guard(|| {
        clear(&[out]);
        let mut ar = amount("receivables", receivables)?;
        if !beginning_receivables.is_null() {
            ar = metrics::average_receivables(amount("beginning_receivables", beginning_receivables)?, ar);
        }
        let d = metrics::dso(ar, amount("credit_sales", credit_sales)?, days, decimals)?;
        put(out, "out", d.to_string())
    })
}

/// Countback DSO: `monthly_sales` (`n` decimal strings, newest month first) are subtracted from
/// the receivables until they run out, the last month pro-rated by its length (`month_days`,
/// `ARREARS_MONTH_DAYS_*`; `as_of` `YYYY-MM-DD` is needed for actual lengths, else may be NULL).
/// `*out_days` and `*out_months` (either may be NULL) receive the figures.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn arrears_countback_dso(
    receivables: *const c_char,
    monthly_sales: *const *const c_char,
    n: usize,
    month_days: ArrearsMonthDays,
    as_of: *const c_char,
    decimals: u32,
    out_days: *mut *mut c_char,
    out_months: *mut *mut c_char,
) -> ArrearsStatus {
    guard(|| {
        clear(&[out_days, out_months]);
        let ar = amount("receivables", receivables)?;
        let mut sales = Vec::new();
        for (i, &p) in slice("monthly_sales", monthly_sales, n)?.iter().enumerate() {
            sales.push(amount(&format!("monthly_sales[{i}]"), p)?);
        }
        let md = match month_days {
            ARREARS_MONTH_DAYS_THIRTY => MonthDays::Thirty,
            ARREARS_MONTH_DAYS_ACTUAL => MonthDays::Actual,
            other => {
                return Err(invalid(
                    ErrorKind::InvalidRequest,
                    "month_days",
                    other,
                    "expected one of the ARREARS_MONTH_DAYS_* values (0..1)",
                ))
            }
        };
        let as_of = if as_of.is_null() { None } else { Some(arrears::parse_date("as_of", text("as_of", as_of)?)?) };
        let c = metrics::countback_dso(ar, &sales, md, as_of, decimals)?;
        let (days, months) = (c.days.to_string(), c.months.to_string());
        if !out_days.is_null() {
            put(out_days, "out_days", days)?;
        }
        if !out_months.is_null() {
            put(out_months, "out_months", months)?;
        }
        Ok(())
    })
}

/// Best possible DSO: current (not yet due) receivables / credit sales x `days`.
#[no_mangle]
pub unsafe extern "C" fn arrears_best_possible_dso(
    current_receivables: *const c_char,
    credit_sales: *const c_char,
    days: u32,
    decimals: u32,
    out: *mut *mut c_char,
) -> ArrearsStatus {
    guard(|| {
        clear(&[out]);
        let d = metrics::best_possible_dso(
            amount("current_receivables", current_receivables)?,
            amount("credit_sales", credit_sales)?,
            days,
            decimals,
        )?;
        put(out, "out", d.to_string())
    })
}

/// Collection effectiveness index in percent: (B + S - E) / (B + S - E_current) x 100, with S
/// the period's credit sales (`months` = 0) or their average over `months`.
#[no_mangle]
pub unsafe extern "C" fn arrears_cei(
    beginning_receivables: *const c_char,
    credit_sales: *const c_char,
    ending_receivables: *const c_char,
    ending_current_receivables: *const c_char,
    months: u32,
    decimals: u32,
    out: *mut *mut c_char,
) -> ArrearsStatus {
    guard(|| {
        clear(&[out]);
        let variant = if months == 0 { CeiVariant::Period } else { CeiVariant::MonthlyAverage { months } };
        let c = metrics::cei(
            amount("beginning_receivables", beginning_receivables)?,
            amount("credit_sales", credit_sales)?,
            amount("ending_receivables", ending_receivables)?,
            amount("ending_current_receivables", ending_current_receivables)?,
            variant,
            decimals,
        )?;
        put(out, "out", c.to_string())
    })
}

/// Bad-debt allowance for one currency: each of the `n` bucket amounts times its percent,
/// rounded with `mode` at the currency's precision (`precision` >= 0 overrides it). `out_parts`
/// (NULL, or room for `n` pointers) receives each part, `*out_total` their sum; free each string
/// with `arrears_string_free`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn arrears_allowance(
    buckets: *const *const c_char,
    percents: *const *const c_char,
    n: usize,
    currency: *const c_char,
    mode: ArrearsRoundingMode,
    precision: i32,
    out_parts: *mut *mut c_char,
    out_total: *mut *mut c_char,
) -> ArrearsStatus {
    guard(|| {
        clear(&[out_total]);
        if out_total.is_null() {
            return Err(out_null("out_total"));
        }
        let read = |field: &str, p: *const *const c_char| -> Result<Vec<Decimal>, Failure> {
            let mut v = Vec::new();
            for (i, &s) in slice(field, p, n)?.iter().enumerate() {
                v.push(amount(&format!("{field}[{i}]"), s)?);
            }
            Ok(v)
        };
        let (b, p) = (read("buckets", buckets)?, read("percents", percents)?);
        let (parts, total) =
            metrics::allowance(&b, &p, text("currency", currency)?, &rounding(mode, precision, ptr::null())?)?;
        if !out_parts.is_null() {
            for (i, part) in parts.iter().enumerate() {
                *out_parts.add(i) = c_string(part.to_string()).into_raw();
            }
        }
        put(out_total, "out_total", total.to_string())
    })
}
