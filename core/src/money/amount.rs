//! Amounts as callers give them: the strict text form, the supported magnitude, and the
//! overflow error.

use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind, Result};

/// The largest absolute amount arrears accepts (10^18). Larger inputs are
/// [`ErrorKind::Overflow`] errors, so that every intermediate figure stays exact.
///
/// ```
/// assert_eq!(arrears::MAX_AMOUNT.to_string(), "1000000000000000000");
/// let err = arrears::parse_amount("total", "1000000000000000001").unwrap_err();
/// assert_eq!(err.kind(), arrears::ErrorKind::Overflow);
/// ```
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(2_808_348_672, 232_830_643, 0, false, 0);

/// The error of a computation whose result leaves the supported range.
pub(crate) fn overflow(field: &str, value: Decimal) -> Error {
    Error::new(
        ErrorKind::Overflow,
        field,
        value.to_string(),
        "the computation would exceed the supported range (|amount| <= 10^18)",
    )
}

/// `raw` minor units at `scale` decimals written as the amount they are (`-1050`, 2 ->
/// `-10.50`), for errors: a caller reads amounts, not the minor units a batch holds them in.
/// Exact for any `i128` (beyond what a `Decimal` holds). The bindings use it so that an error on
/// a batch column shows what the caller wrote.
///
/// ```
/// assert_eq!(arrears::money::minor_units_text(-1050, 2), "-10.50");
/// assert_eq!(arrears::money::minor_units_text(5, 3), "0.005");
/// assert_eq!(arrears::money::minor_units_text(i128::MAX, 0), i128::MAX.to_string());
/// ```
pub fn minor_units_text(raw: i128, scale: u32) -> String {
    let digits = raw.unsigned_abs().to_string();
    let scale = scale as usize;
    let digits =
        if digits.len() <= scale { format!("{}{digits}", "0".repeat(scale + 1 - digits.len())) } else { digits };
    let (whole, frac) = digits.split_at(digits.len() - scale);
    let sign = if raw < 0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac}")
    }
}

/// `Ok` when `value` is within [`MAX_AMOUNT`] in absolute value.
pub(crate) fn check_magnitude(field: &str, value: Decimal) -> Result<()> {
    // A mantissa of at most 10^18 is within the limit whatever the scale (no comparison needed).
    if value.mantissa().unsigned_abs() <= 1_000_000_000_000_000_000 {
        return Ok(());
    }
    if value.abs() > MAX_AMOUNT {
        return Err(Error::new(
            ErrorKind::Overflow,
            field,
            value.to_string(),
            "amounts are limited to 10^18 in absolute value",
        ));
    }
    Ok(())
}

/// Parses a decimal amount written as text: an optional `-`, digits, optionally `.` and digits.
/// No exponent, no spaces, no thousands separators, nothing rounded (more than 28 significant
/// digits is an error).
///
/// ```
/// assert_eq!(arrears::parse_amount("amount", "-1000.50").unwrap().to_string(), "-1000.50");
/// assert!(arrears::parse_amount("amount", "1e3").is_err());
/// assert!(arrears::parse_amount("amount", "1,000.00").is_err());
/// // zeros past the 28th decimal are dropped (the value is the same)
/// assert_eq!(arrears::parse_amount("amount", &format!("1.5{}", "0".repeat(40))).unwrap().scale(), 28);
/// assert!(arrears::parse_amount("amount", &format!("0.{}1", "0".repeat(28))).is_err());
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidAmount`] naming `field` and the text; [`ErrorKind::Overflow`] beyond
/// [`MAX_AMOUNT`] (its magnitude in the reason: `1E+30` written out is "about 10^30").
pub fn parse_amount(field: &str, text: &str) -> Result<Decimal> {
    let bad = |reason: &str| Error::new(ErrorKind::InvalidAmount, field, text, reason);
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return Err(bad(
            "expected a decimal number such as \"1234.56\" or \"-0.5\" (no exponent, spaces or separators)",
        ));
    }
    let whole = int.trim_start_matches('0').len();
    if whole > 19 {
        // beyond the limit whatever its digits: said as a magnitude, not as a count of digits
        return Err(Error::new(
            ErrorKind::Overflow,
            field,
            text,
            format!("amounts are limited to 10^18 in absolute value; this one is about 10^{}", whole - 1),
        ));
    }
    // zeros past the 28th decimal change nothing: dropped, so only digits that count can overflow
    let text = match frac {
        Some(f) if f.len() > 28 => {
            let keep = f.trim_end_matches('0').len().max(28);
            &text[..text.len() - (f.len() - keep)]
        }
        _ => text,
    };
    let value = Decimal::from_str_exact(text)
        .map_err(|_| bad("too many digits: at most 28 significant digits are supported"))?;
    check_magnitude(field, value)?;
    Ok(value)
}
