//! Rounding: the seven named modes, a caller's [`Rounding`], and [`MoneyRules`] (the rounding
//! resolved for one currency).

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::amount::{check_magnitude, overflow, MAX_AMOUNT};
use super::Currency;
use crate::error::{Error, ErrorKind, Result};

/// The largest precision (decimal places) arrears accepts as an override.
pub const MAX_PRECISION: u32 = 10;

/// How a figure is rounded to its precision. The default is [`RoundingMode::HalfUp`].
///
/// Worked numbers at 2 decimals (the JSON name is in brackets):
///
/// | value   | half_up | half_even | half_down | toward_zero | away_from_zero | floor | ceiling |
/// |---------|---------|-----------|-----------|-------------|----------------|-------|---------|
/// | 2.345   | 2.35    | 2.34      | 2.34      | 2.34        | 2.35           | 2.34  | 2.35    |
/// | 2.355   | 2.36    | 2.36      | 2.35      | 2.35        | 2.36           | 2.35  | 2.36    |
/// | -2.345  | -2.35   | -2.34     | -2.34     | -2.34       | -2.35          | -2.35 | -2.34   |
/// | 2.341   | 2.34    | 2.34      | 2.34      | 2.34        | 2.35           | 2.34  | 2.35    |
///
/// ```
/// use arrears::RoundingMode;
/// use rust_decimal::Decimal;
/// let x: Decimal = "-2.345".parse().unwrap();
/// assert_eq!(RoundingMode::HalfUp.round(x, 2).to_string(), "-2.35");
/// assert_eq!(RoundingMode::Floor.round(x, 2).to_string(), "-2.35");
/// assert_eq!(RoundingMode::Ceiling.round(x, 2).to_string(), "-2.34");
/// assert_eq!("half_even".parse::<RoundingMode>().unwrap(), RoundingMode::HalfEven);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RoundingMode {
    /// Half away from zero: commercial rounding (`half_up`). The default.
    #[default]
    HalfUp,
    /// Half to the even neighbour, banker's rounding (`half_even`).
    HalfEven,
    /// Half toward zero (`half_down`).
    HalfDown,
    /// Truncate (`toward_zero`).
    TowardZero,
    /// Any fraction moves away from zero (`away_from_zero`).
    AwayFromZero,
    /// Toward negative infinity (`floor`).
    Floor,
    /// Toward positive infinity (`ceiling`).
    Ceiling,
}

impl RoundingMode {
    /// Every mode, in documentation order.
    pub const ALL: [RoundingMode; 7] = [
        RoundingMode::HalfUp,
        RoundingMode::HalfEven,
        RoundingMode::HalfDown,
        RoundingMode::TowardZero,
        RoundingMode::AwayFromZero,
        RoundingMode::Floor,
        RoundingMode::Ceiling,
    ];

    /// The wire name (`"half_up"`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            RoundingMode::HalfUp => "half_up",
            RoundingMode::HalfEven => "half_even",
            RoundingMode::HalfDown => "half_down",
            RoundingMode::TowardZero => "toward_zero",
            RoundingMode::AwayFromZero => "away_from_zero",
            RoundingMode::Floor => "floor",
            RoundingMode::Ceiling => "ceiling",
        }
    }

    fn strategy(self) -> RoundingStrategy {
        match self {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::HalfDown => RoundingStrategy::MidpointTowardZero,
            RoundingMode::TowardZero => RoundingStrategy::ToZero,
            RoundingMode::AwayFromZero => RoundingStrategy::AwayFromZero,
            RoundingMode::Floor => RoundingStrategy::ToNegativeInfinity,
            RoundingMode::Ceiling => RoundingStrategy::ToPositiveInfinity,
        }
    }

    /// Rounds `value` to `dp` decimal places with this mode (the scale of the result is exactly `dp`
    /// when `value` has at least that many; use [`MoneyRules::round`] for money).
    pub fn round(self, value: Decimal, dp: u32) -> Decimal {
        value.round_dp_with_strategy(dp, self.strategy())
    }
}

impl fmt::Display for RoundingMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for RoundingMode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        RoundingMode::ALL.into_iter().find(|m| m.name() == s).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidRounding,
                "rounding",
                s,
                "expected one of half_up, half_even, half_down, toward_zero, away_from_zero, floor, ceiling",
            )
        })
    }
}

crate::serde_forms::serde_via_str!(RoundingMode);

/// The rounding a caller asks for: mode, optional precision override, optional cash increment.
///
/// `Rounding::default()` is half-up at the currency's ISO 4217 precision with no cash rounding.
///
/// ```
/// use arrears::{MoneyRules, Rounding, RoundingMode};
/// let chf_cash = Rounding { cash_increment: Some("0.05".parse().unwrap()), ..Rounding::default() };
/// let rules = MoneyRules::new("CHF", &chf_cash).unwrap();
/// assert_eq!(rules.round("12.34".parse().unwrap()).unwrap().to_string(), "12.35");
///
/// // A ledger that books HUF without fillér:
/// let huf0 = Rounding { precision: Some(0), ..Rounding::default() };
/// assert_eq!(MoneyRules::new("HUF", &huf0).unwrap().scale(), 0);
/// # let _ = RoundingMode::HalfUp;
/// ```
///
/// JSON (every field optional): `{"mode": "half_up", "precision": 0, "cash_increment": "0.05"}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rounding {
    /// The rounding mode; half-up by default.
    pub mode: RoundingMode,
    /// Decimal places to use instead of the ISO 4217 minor unit (0 ..= 10).
    pub precision: Option<u32>,
    /// Round to a multiple of this increment (e.g. 0.05 for Swiss cash); must be positive and a
    /// multiple of the minor unit.
    #[serde(with = "crate::money::serde::opt_amount")]
    pub cash_increment: Option<Decimal>,
}

/// Rounding resolved for one currency: the currency code, its scale, mode and cash increment.
///
/// Build it once with [`MoneyRules::new`] and use it for every figure of a computation. It has
/// no JSON form of its own: on the wire it is the currency code plus a [`Rounding`].
///
/// ```
/// use arrears::{MoneyRules, Rounding, RoundingMode};
/// let jpy = MoneyRules::new("JPY", &Rounding { mode: RoundingMode::HalfEven, ..Rounding::default() })?;
/// assert_eq!((jpy.currency(), jpy.scale(), jpy.mode()), ("JPY", 0, RoundingMode::HalfEven));
/// assert_eq!(jpy.round("500.5".parse().unwrap())?.to_string(), "500");
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct MoneyRules {
    // Always three ASCII upper-case letters (checked by `new`): kept inline, so resolving the
    // rules of an invoice allocates nothing.
    currency: [u8; 3],
    scale: u32,
    mode: RoundingMode,
    cash_increment: Option<Decimal>,
}

impl MoneyRules {
    /// Resolves `rounding` for `currency` (an ISO 4217 code; any other three upper-case letters
    /// are accepted only with an explicit precision).
    ///
    /// # Errors
    /// [`ErrorKind::UnknownCurrency`] for a malformed or unknown code without a precision,
    /// [`ErrorKind::InvalidPrecision`] for a precision over [`MAX_PRECISION`] or a currency without a
    /// minor unit, [`ErrorKind::InvalidRounding`] for a bad cash increment.
    ///
    /// ```
    /// use arrears::{MoneyRules, Rounding};
    /// assert_eq!(MoneyRules::new("KWD", &Rounding::default()).unwrap().scale(), 3);
    /// let err = MoneyRules::new("eur", &Rounding::default()).unwrap_err();
    /// assert_eq!(err.kind(), arrears::ErrorKind::UnknownCurrency);
    /// ```
    pub fn new(currency: &str, rounding: &Rounding) -> Result<MoneyRules> {
        let well_formed = currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase());
        if !well_formed {
            return Err(Error::new(
                ErrorKind::UnknownCurrency,
                "currency",
                currency,
                "a currency is three upper-case letters (ISO 4217), e.g. \"EUR\"",
            ));
        }
        let iso = Currency::lookup(currency);
        let scale = match (rounding.precision, iso) {
            (Some(p), _) if p > MAX_PRECISION => {
                return Err(Error::new(
                    ErrorKind::InvalidPrecision,
                    "precision",
                    p.to_string(),
                    format!("precision must be between 0 and {MAX_PRECISION}"),
                ))
            }
            (Some(p), _) => p,
            (None, Some(c)) => match c.minor_units {
                Some(m) => u32::from(m),
                None => {
                    return Err(Error::new(
                        ErrorKind::InvalidPrecision,
                        "precision",
                        "none",
                        format!("ISO 4217 gives {currency} no minor unit; pass an explicit precision"),
                    ))
                }
            },
            (None, None) => {
                return Err(Error::new(
                    ErrorKind::UnknownCurrency,
                    "currency",
                    currency,
                    "not in the current ISO 4217 list; pass an explicit precision to use it anyway",
                ))
            }
        };
        if let Some(inc) = rounding.cash_increment {
            let unit_multiple = inc.checked_mul(Decimal::from(10u64.pow(scale)));
            let ok = inc > Decimal::ZERO && inc <= MAX_AMOUNT && unit_multiple.is_some_and(|m| m.fract().is_zero());
            if !ok {
                return Err(Error::new(
                    ErrorKind::InvalidRounding,
                    "cash_increment",
                    inc.to_string(),
                    format!("a cash increment must be positive and a multiple of the minor unit of {currency} (10^-{scale})"),
                ));
            }
        }
        let code = currency.as_bytes();
        Ok(MoneyRules {
            currency: [code[0], code[1], code[2]],
            scale,
            mode: rounding.mode,
            cash_increment: rounding.cash_increment.map(|i| i.normalize()),
        })
    }

    /// The currency code.
    pub fn currency(&self) -> &str {
        // ASCII by construction, so this never falls back.
        std::str::from_utf8(&self.currency).unwrap_or("")
    }

    /// Decimal places of every figure (the ISO minor unit or the override).
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// The rounding mode.
    pub fn mode(&self) -> RoundingMode {
        self.mode
    }

    /// The cash-rounding increment, if any.
    pub fn cash_increment(&self) -> Option<Decimal> {
        self.cash_increment
    }

    /// Rounds a computed figure: to the cash increment when one is set, then to the scale, with
    /// the mode. The result always has exactly `scale` decimals (`"690.00"`, `"0.000"`).
    ///
    /// ```
    /// use arrears::{MoneyRules, Rounding};
    /// let kwd = MoneyRules::new("KWD", &Rounding::default())?;
    /// assert_eq!(kwd.round("1".parse().unwrap())?.to_string(), "1.000");
    /// assert_eq!(kwd.round("0.0005".parse().unwrap())?.to_string(), "0.001");
    /// # Ok::<(), arrears::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::Overflow`] when `value` is beyond [`MAX_AMOUNT`].
    pub fn round(&self, value: Decimal) -> Result<Decimal> {
        check_magnitude("amount", value)?;
        let rounded = match self.cash_increment {
            Some(inc) => {
                let units = value.checked_div(inc).ok_or_else(|| overflow("amount", value))?;
                self.mode.round(units, 0).checked_mul(inc).ok_or_else(|| overflow("amount", value))?
            }
            None => self.mode.round(value, self.scale),
        };
        Ok(self.fix_scale(rounded))
    }

    /// Checks an amount the caller gave: within [`MAX_AMOUNT`] and with no more decimals than the
    /// scale (trailing zeros are fine), and returns it at exactly `scale` decimals. Nothing is
    /// rounded silently.
    ///
    /// ```
    /// use arrears::{MoneyRules, Rounding};
    /// let eur = MoneyRules::new("EUR", &Rounding::default()).unwrap();
    /// assert_eq!(eur.exact("total", "12.5".parse().unwrap()).unwrap().to_string(), "12.50");
    /// assert!(eur.exact("total", "12.345".parse().unwrap()).is_err());
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::InvalidAmount`] for too many decimals, [`ErrorKind::Overflow`] for magnitude.
    pub fn exact(&self, field: &str, value: Decimal) -> Result<Decimal> {
        check_magnitude(field, value)?;
        // Only a value written with more decimals than the scale can have too many.
        if value.scale() > self.scale && value.normalize().scale() > self.scale {
            return Err(Error::new(
                ErrorKind::InvalidAmount,
                field,
                value.to_string(),
                format!(
                    "has more decimal places than {} allows ({}); round it first or pass a precision",
                    self.currency(),
                    self.scale
                ),
            ));
        }
        Ok(self.fix_scale(value))
    }

    /// `value` written with exactly `scale` decimals (no rounding happens: callers pass values
    /// that already fit).
    pub(crate) fn fix_scale(&self, value: Decimal) -> Decimal {
        let mut v = value;
        v.rescale(self.scale);
        v
    }
}

impl fmt::Debug for MoneyRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MoneyRules")
            .field("currency", &self.currency())
            .field("scale", &self.scale)
            .field("mode", &self.mode)
            .field("cash_increment", &self.cash_increment)
            .finish()
    }
}
