//! Exact money: ISO 4217 currencies, named rounding modes, precision overrides and cash rounding.
//!
//! Start with [`MoneyRules`]: the rounding a caller asks for ([`Rounding`]: a [`RoundingMode`],
//! an optional precision, an optional cash increment) resolved for one [`Currency`]. Amounts
//! are [`Decimal`]s, never floats; [`parse_amount`] reads the strict text form.
//!
//! Depends on `error` and `serde_forms`; never imports another domain, the columnar layer or
//! the wire.
//!
//! Rules (SEMANTICS.md, "Money and rounding"): each currency has a precision, ISO 4217 minor
//! units by default (EUR 2, JPY 0, KWD 3, CLF 4), overridable per call; an unknown code without
//! an explicit precision is an error; every figure a caller sees is rounded once, at the end,
//! with an explicit mode (`half_up` by default); nothing is rounded silently (an amount with
//! more decimals than its currency is an error); amounts are limited to ±10^18 so every
//! intermediate figure stays exact.
//!
//! ```
//! use arrears::money::{MoneyRules, Rounding};
//! let chf = MoneyRules::new("CHF", &Rounding { cash_increment: Some("0.05".parse().unwrap()), ..Rounding::default() })?;
//! assert_eq!(chf.round("12.34".parse().unwrap())?.to_string(), "12.35");
//! assert!(chf.exact("total", "12.345".parse().unwrap()).is_err());
//! # Ok::<(), arrears::Error>(())
//! ```

mod amount;
mod currency;
mod rounding;
pub mod serde;
mod wide;

pub(crate) use amount::{check_magnitude, overflow};
pub use amount::{minor_units_text, parse_amount, MAX_AMOUNT};
pub use currency::Currency;
pub use rounding::{MoneyRules, Rounding, RoundingMode, MAX_PRECISION};
pub(crate) use wide::{mul_div, mul_div_floor};

#[allow(unused_imports)] // for the docs above
use rust_decimal::Decimal;
