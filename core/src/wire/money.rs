//! Wire operations of money: rounding and the ISO 4217 list (see [`crate::wire`]).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{value_json, Empty};
use crate::error::{Error, ErrorKind, Result};
use crate::money::serde::{amount, opt_amount};
use crate::money::{Currency, MoneyRules, Rounding, RoundingMode};
use crate::serde_forms::{from_json, to_json};

/// Request of the `round` operation.
///
/// ```
/// let out = arrears::call_json("round", r#"{"amount": "781.515", "currency": "EUR",
///                                           "rounding": "ceiling", "cash_increment": "0.05"}"#)?;
/// assert_eq!(out, r#"{"amount":"781.55"}"#);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundRequest {
    /// The figure to round.
    #[serde(with = "amount")]
    pub amount: Decimal,
    /// ISO 4217 code.
    pub currency: String,
    /// Rounding mode; default `half_up`.
    #[serde(default)]
    pub rounding: RoundingMode,
    /// Precision override.
    #[serde(default)]
    pub precision: Option<u32>,
    /// Cash-rounding increment.
    #[serde(default, with = "opt_amount")]
    pub cash_increment: Option<Decimal>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeRequest {
    code: String,
}

#[derive(Serialize)]
struct AmountResponse {
    #[serde(with = "amount")]
    amount: Decimal,
}

/// The operations of this file, for [`super::call_json`].
pub(super) const OPS: &[super::Operation] =
    &[("round", op_round), ("currency", op_currency), ("currencies", op_currencies)];

fn op_round(request: &str) -> Result<String> {
    let r = from_json::<RoundRequest>(request)?;
    let rules = MoneyRules::new(
        &r.currency,
        &Rounding { mode: r.rounding, precision: r.precision, cash_increment: r.cash_increment },
    )?;
    Ok(to_json(&AmountResponse { amount: rules.round(r.amount)? }))
}

fn op_currency(request: &str) -> Result<String> {
    let r = from_json::<CodeRequest>(request)?;
    let c = Currency::lookup(&r.code).ok_or_else(|| {
        Error::new(ErrorKind::UnknownCurrency, "code", r.code.as_str(), "not in the current ISO 4217 list")
    })?;
    Ok(to_json(c))
}

fn op_currencies(request: &str) -> Result<String> {
    from_json::<Empty>(request)?;
    Ok(value_json(serde_json::json!({ "currencies": Currency::all() })))
}
