//! Money: the rounding modes (`ARREARS_ROUND_*`) and `arrears_round`; [`rounding`] reads the
//! rounding arguments that schedule options and the allowance share.

use std::ffi::c_char;
use std::ptr;

use arrears::{ErrorKind, Rounding, RoundingMode};

use crate::args::{c_string, out_null, text};
use crate::status::{guard, invalid, ArrearsStatus, Failure};

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

fn rounding_mode(v: ArrearsRoundingMode, field: &str) -> Result<RoundingMode, Failure> {
    usize::try_from(v).ok().and_then(|i| RoundingMode::ALL.get(i).copied()).ok_or_else(|| {
        invalid(ErrorKind::InvalidRounding, field, v, "expected one of the ARREARS_ROUND_* values (0..6)")
    })
}

pub(crate) unsafe fn rounding(
    mode: ArrearsRoundingMode,
    precision: i32,
    cash: *const c_char,
) -> Result<Rounding, Failure> {
    let cash_increment = if cash.is_null() {
        None
    } else {
        Some(arrears::parse_amount("cash_increment", text("cash_increment", cash)?)?)
    };
    Ok(Rounding { mode: rounding_mode(mode, "rounding")?, precision: u32::try_from(precision).ok(), cash_increment })
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
