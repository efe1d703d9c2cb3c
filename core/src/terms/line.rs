//! Term lines: how much of the total a line takes, when it is due, and its early-payment
//! discount tiers.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::payment_terms::terms_error;
use crate::calendar::DueRule;
use crate::error::{Error, ErrorKind};

/// How much of the total a line takes.
///
/// ```
/// use arrears::LineAmount;
/// let l = LineAmount::Percent("30".parse().unwrap());
/// assert_eq!((l.kind(), l.value().map(|v| v.to_string())), ("percent", Some("30".to_string())));
/// assert!(LineAmount::Balance.is_residual() && LineAmount::Equal.is_residual());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineAmount {
    /// A percent of the invoice total (0 < p <= 100).
    Percent(Decimal),
    /// A percent of what the earlier lines left (0 < p <= 100).
    PercentOfRemainder(Decimal),
    /// A fixed amount (> 0); it takes the sign of the total, so credit notes work.
    Fixed(Decimal),
    /// Whatever the other lines leave; at most one, and it must be the last line.
    Balance,
    /// An equal share of what the earlier lines leave; equal lines form the trailing group of the
    /// terms (e.g. "30 % down, then three equal monthly installments"). The shares are rounded
    /// and the last one takes the residue.
    Equal,
}

impl LineAmount {
    /// The wire `kind`.
    pub const fn kind(&self) -> &'static str {
        match self {
            LineAmount::Percent(_) => "percent",
            LineAmount::PercentOfRemainder(_) => "percent_of_remainder",
            LineAmount::Fixed(_) => "fixed",
            LineAmount::Balance => "balance",
            LineAmount::Equal => "equal",
        }
    }

    /// The line's value, for the kinds that have one.
    pub const fn value(&self) -> Option<Decimal> {
        match self {
            LineAmount::Percent(v) | LineAmount::PercentOfRemainder(v) | LineAmount::Fixed(v) => Some(*v),
            LineAmount::Balance | LineAmount::Equal => None,
        }
    }

    /// Whether this line takes the residue (balance, or a member of the equal group).
    pub const fn is_residual(&self) -> bool {
        matches!(self, LineAmount::Balance | LineAmount::Equal)
    }
}

/// How much an early-payment discount takes off an installment.
///
/// ```
/// use arrears::DiscountAmount;
/// let d = DiscountAmount::Percent("2".parse().unwrap());
/// assert_eq!(d.value().to_string(), "2");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiscountAmount {
    /// A percent (0 < p < 100) of the installment's discount base (gross, or net of tax).
    Percent(Decimal),
    /// A fixed amount (> 0, at most the installment); it takes the sign of the total.
    Fixed(Decimal),
}

impl DiscountAmount {
    /// The percent or the fixed amount.
    pub const fn value(&self) -> Decimal {
        match self {
            DiscountAmount::Percent(v) | DiscountAmount::Fixed(v) => *v,
        }
    }
}

/// One early-payment discount tier of a term line: paid on or before the deadline (inclusive),
/// the installment earns the discount.
///
/// JSON: `{"percent": "2", "due": [{"add_days": 10}]}` or `{"fixed": "5.00", "due": [...]}`;
/// `due` is the deadline rule, steps from the base date (no negative days or months).
///
/// ```
/// use arrears::{from_json, to_json, Discount, Step};
/// let d = Discount::percent("2".parse().unwrap(), vec![Step::AddDays(10)]);
/// assert_eq!(to_json(&d), r#"{"due":[{"add_days":10}],"percent":"2"}"#);
/// assert_eq!(from_json::<Discount>(r#"{"percent": "2", "due": [{"add_days": 10}]}"#)?, d);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "DiscountWire", into = "DiscountWire")]
pub struct Discount {
    /// Percent or fixed amount.
    pub amount: DiscountAmount,
    /// The deadline, from the base date.
    pub due: DueRule,
}

impl Discount {
    /// A percent discount with this deadline rule.
    pub fn percent(p: Decimal, due: impl Into<DueRule>) -> Discount {
        Discount { amount: DiscountAmount::Percent(p), due: due.into() }
    }
    /// A fixed-amount discount with this deadline rule.
    pub fn fixed(amount: Decimal, due: impl Into<DueRule>) -> Discount {
        Discount { amount: DiscountAmount::Fixed(amount), due: due.into() }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiscountWire {
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::money::serde::opt_amount")]
    percent: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::money::serde::opt_amount")]
    fixed: Option<Decimal>,
    #[serde(default)]
    due: DueRule,
}

impl From<Discount> for DiscountWire {
    fn from(d: Discount) -> DiscountWire {
        match d.amount {
            DiscountAmount::Percent(p) => DiscountWire { percent: Some(p), fixed: None, due: d.due },
            DiscountAmount::Fixed(v) => DiscountWire { percent: None, fixed: Some(v), due: d.due },
        }
    }
}

impl TryFrom<DiscountWire> for Discount {
    type Error = LineError;
    fn try_from(w: DiscountWire) -> std::result::Result<Discount, LineError> {
        let amount = match (w.percent, w.fixed) {
            (Some(p), None) => DiscountAmount::Percent(p),
            (None, Some(v)) => DiscountAmount::Fixed(v),
            (Some(p), Some(_)) => {
                return Err(LineError(terms_error(
                    "fixed",
                    p.to_string(),
                    "a discount has a percent or a fixed amount, not both",
                )))
            }
            (None, None) => {
                return Err(LineError(terms_error("percent", "", "a discount needs a percent or a fixed amount")))
            }
        };
        Ok(Discount { amount, due: w.due })
    }
}

/// One line of payment terms: an amount rule, a due-date rule and optional early-payment
/// discount tiers.
///
/// JSON: `{"kind": "percent", "value": "30", "due": [{"add_days": 30}]}`; `kind` is one of
/// `percent`, `percent_of_remainder`, `fixed`, `balance`, `equal`; `value` is a decimal string
/// (absent for `balance` and `equal`); `due` defaults to `[]` (the base date); `discounts` is a
/// list of [`Discount`] tiers, omitted when empty.
///
/// ```
/// use arrears::{from_json, to_json, Step, TermLine};
/// let line = TermLine::balance(vec![Step::EndOfMonth, Step::AddDays(60)]);
/// assert_eq!(to_json(&line), r#"{"due":["end_of_month",{"add_days":60}],"kind":"balance"}"#);
/// let fixed: TermLine = from_json(r#"{"kind": "fixed", "value": "500"}"#)?;
/// assert_eq!(fixed, TermLine::fixed("500".parse().unwrap(), vec![]));
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "LineWire", into = "LineWire")]
pub struct TermLine {
    /// The amount rule.
    pub amount: LineAmount,
    /// When it is due, from the base date.
    pub due: DueRule,
    /// Early-payment discount tiers (empty: none).
    pub discounts: Vec<Discount>,
}

impl TermLine {
    /// A percent of the total.
    pub fn percent(p: Decimal, due: impl Into<DueRule>) -> TermLine {
        TermLine { amount: LineAmount::Percent(p), due: due.into(), discounts: Vec::new() }
    }
    /// A percent of what the earlier lines left.
    pub fn percent_of_remainder(p: Decimal, due: impl Into<DueRule>) -> TermLine {
        TermLine { amount: LineAmount::PercentOfRemainder(p), due: due.into(), discounts: Vec::new() }
    }
    /// A fixed amount (takes the sign of the total).
    pub fn fixed(amount: Decimal, due: impl Into<DueRule>) -> TermLine {
        TermLine { amount: LineAmount::Fixed(amount), due: due.into(), discounts: Vec::new() }
    }
    /// The balance.
    pub fn balance(due: impl Into<DueRule>) -> TermLine {
        TermLine { amount: LineAmount::Balance, due: due.into(), discounts: Vec::new() }
    }
    /// An equal share of the rest.
    pub fn equal(due: impl Into<DueRule>) -> TermLine {
        TermLine { amount: LineAmount::Equal, due: due.into(), discounts: Vec::new() }
    }
    /// The same line with these early-payment discount tiers.
    ///
    /// ```
    /// use arrears::{Discount, Step, TermLine};
    /// // 2/10 net 30
    /// let l = TermLine::balance(vec![Step::AddDays(30)])
    ///     .with_discounts(vec![Discount::percent("2".parse().unwrap(), vec![Step::AddDays(10)])]);
    /// assert_eq!(arrears::to_json(&l),
    ///     r#"{"discounts":[{"due":[{"add_days":10}],"percent":"2"}],"due":[{"add_days":30}],"kind":"balance"}"#);
    /// ```
    pub fn with_discounts(mut self, discounts: Vec<Discount>) -> TermLine {
        self.discounts = discounts;
        self
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LineWire {
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::money::serde::opt_amount")]
    value: Option<Decimal>,
    #[serde(default)]
    due: DueRule,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    discounts: Vec<Discount>,
}

impl From<TermLine> for LineWire {
    fn from(l: TermLine) -> LineWire {
        LineWire { kind: l.amount.kind().to_string(), value: l.amount.value(), due: l.due, discounts: l.discounts }
    }
}

impl TryFrom<LineWire> for TermLine {
    type Error = LineError;
    fn try_from(w: LineWire) -> std::result::Result<TermLine, LineError> {
        let need = |v: Option<Decimal>| {
            v.ok_or_else(|| {
                LineError(Error::new(ErrorKind::InvalidTerms, "value", "", format!("a {} line needs a value", w.kind)))
            })
        };
        let amount = match w.kind.as_str() {
            "percent" => LineAmount::Percent(need(w.value)?),
            "percent_of_remainder" => LineAmount::PercentOfRemainder(need(w.value)?),
            "fixed" => LineAmount::Fixed(need(w.value)?),
            "balance" | "equal" => {
                if let Some(v) = w.value {
                    return Err(LineError(Error::new(
                        ErrorKind::InvalidTerms,
                        "value",
                        v.to_string(),
                        format!("a {} line takes no value", w.kind),
                    )));
                }
                if w.kind == "balance" {
                    LineAmount::Balance
                } else {
                    LineAmount::Equal
                }
            }
            other => {
                return Err(LineError(Error::new(
                    ErrorKind::InvalidTerms,
                    "kind",
                    other,
                    "expected one of percent, percent_of_remainder, fixed, balance, equal",
                )))
            }
        };
        Ok(TermLine { amount, due: w.due, discounts: w.discounts })
    }
}

#[doc(hidden)]
pub struct LineError(pub(crate) Error);

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Record the typed error for `wire::from_json`, which reads it back.
        let _: serde_json::Error = crate::serde_forms::de_error(self.0.clone());
        self.0.fmt(f)
    }
}
