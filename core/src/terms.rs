//! Payment terms: lines that split an invoice total into installments, each with a due rule.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::calendar::{Adjustment, DueRule, Step};
use crate::error::{Error, ErrorKind, Result};

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
pub struct LineError(Error);

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Record the typed error for `wire::from_json`, which reads it back.
        let _: serde_json::Error = crate::serde_forms::de_error(self.0.clone());
        self.0.fmt(f)
    }
}

/// Payment terms: ordered lines plus the business-day adjustment of their due dates.
///
/// Rules (checked by [`PaymentTerms::new`] and when terms are read from JSON):
/// - at least one line; `percent` and `percent_of_remainder` values in (0, 100]; `fixed` > 0;
/// - at most one `balance` line, and it is the last; `equal` lines form the trailing group and
///   exclude a `balance` line;
/// - `percent` lines sum to at most 100;
/// - without a `balance` or `equal` line, the terms are either `percent` lines summing to exactly
///   100 (the last one absorbs the rounding residue) or end with `percent_of_remainder` 100.
///
/// JSON: `{"lines": [TermLine, ...], "adjustment": "none"}` (`adjustment` optional).
///
/// ```
/// use arrears::{PaymentTerms, TermLine, Step, DueRule};
/// use rust_decimal::Decimal;
/// // 30 % now, balance 60 days after the end of the month
/// let terms = PaymentTerms::new(vec![
///     TermLine::percent(Decimal::from(30), DueRule::immediate()),
///     TermLine::balance(vec![Step::EndOfMonth, Step::AddDays(60)]),
/// ])?;
/// assert_eq!(terms.lines().len(), 2);
/// let bad = PaymentTerms::new(vec![TermLine::percent(Decimal::from(60), vec![]),
///                                  TermLine::percent(Decimal::from(60), vec![])]).unwrap_err();
/// assert_eq!(bad.kind(), arrears::ErrorKind::InvalidTerms);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "TermsWire", into = "TermsWire")]
pub struct PaymentTerms {
    lines: Vec<TermLine>,
    adjustment: Adjustment,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsWire {
    lines: Vec<TermLine>,
    #[serde(default)]
    adjustment: Adjustment,
}

impl From<PaymentTerms> for TermsWire {
    fn from(t: PaymentTerms) -> TermsWire {
        TermsWire { lines: t.lines, adjustment: t.adjustment }
    }
}

impl TryFrom<TermsWire> for PaymentTerms {
    type Error = LineError;
    fn try_from(w: TermsWire) -> std::result::Result<PaymentTerms, LineError> {
        PaymentTerms::with_adjustment(w.lines, w.adjustment).map_err(LineError)
    }
}

impl PaymentTerms {
    /// Terms with these lines and no business-day adjustment.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidTerms`] (field `lines[i]...`) or [`ErrorKind::InvalidRule`] for a bad step.
    pub fn new(lines: Vec<TermLine>) -> Result<PaymentTerms> {
        PaymentTerms::with_adjustment(lines, Adjustment::None)
    }

    /// Terms with these lines whose due dates move by `adjustment` over the caller's calendar.
    ///
    /// # Errors
    /// As [`PaymentTerms::new`].
    pub fn with_adjustment(lines: Vec<TermLine>, adjustment: Adjustment) -> Result<PaymentTerms> {
        validate(&lines)?;
        Ok(PaymentTerms { lines, adjustment })
    }

    /// `n` equal installments, the k-th due by `rule(k)` from the base date (k = 0 .. n-1); each
    /// date is computed from the base date, never chained.
    ///
    /// ```
    /// use arrears::{PaymentTerms, Step};
    /// // "30/60/90": three equal parts at 30, 60 and 90 days
    /// let t = PaymentTerms::equal_split(3, |k| vec![Step::AddDays(30 * (k as i32 + 1))])?;
    /// assert_eq!(t.lines().len(), 3);
    /// # Ok::<(), arrears::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::InvalidTerms`] when `n` is 0.
    pub fn equal_split<R: Into<DueRule>>(n: usize, rule: impl Fn(usize) -> R) -> Result<PaymentTerms> {
        PaymentTerms::new((0..n).map(|k| TermLine::equal(rule(k))).collect())
    }

    /// The lines.
    pub fn lines(&self) -> &[TermLine] {
        &self.lines
    }

    /// The business-day adjustment.
    pub fn adjustment(&self) -> Adjustment {
        self.adjustment
    }
}

fn terms_error(field: impl Into<String>, value: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidTerms, field, value, reason)
}

fn validate(lines: &[TermLine]) -> Result<()> {
    if lines.is_empty() {
        return Err(terms_error("lines", "[]", "payment terms need at least one line"));
    }
    crate::limits::check("lines", lines.len(), crate::limits::MAX_LINES)?;
    // Where the trailing group of equal lines must start (every line from the first equal one).
    let equal_from = lines.iter().position(|l| l.amount == LineAmount::Equal);
    let hundred = Decimal::ONE_HUNDRED;
    let mut percent_sum = Decimal::ZERO;
    let last = lines.len() - 1;
    for (i, line) in lines.iter().enumerate() {
        line.due.validate().map_err(|e| e.within(&format!("lines[{i}].due")))?;
        crate::limits::check(&format!("lines[{i}].discounts"), line.discounts.len(), crate::limits::MAX_DISCOUNTS)?;
        if !line.discounts.is_empty() {
            // The line's due date on each probe date, once per line (not once per tier).
            let dues = PROBE_DATES.map(|(y, m, d)| {
                chrono::NaiveDate::from_ymd_opt(y, m, d).and_then(|base| Some((base, line.due.apply(base).ok()?)))
            });
            for (j, d) in line.discounts.iter().enumerate() {
                validate_discount(d, &dues).map_err(|e| e.within(&format!("lines[{i}].discounts[{j}]")))?;
            }
        }
        let field = format!("lines[{i}].value");
        match line.amount {
            LineAmount::Percent(p) | LineAmount::PercentOfRemainder(p) => {
                if p <= Decimal::ZERO || p > hundred {
                    return Err(terms_error(field, p.to_string(), "a percent must be greater than 0 and at most 100"));
                }
                if let LineAmount::Percent(p) = line.amount {
                    percent_sum += p;
                }
            }
            LineAmount::Fixed(v) => {
                if v <= Decimal::ZERO {
                    return Err(terms_error(
                        field,
                        v.to_string(),
                        "a fixed amount must be greater than 0 (it takes the sign of the total)",
                    ));
                }
                crate::money::check_magnitude(&field, v)?;
            }
            LineAmount::Balance => {
                if i != last {
                    return Err(terms_error(
                        format!("lines[{i}].kind"),
                        "balance",
                        "the balance line must be the last line",
                    ));
                }
            }
            LineAmount::Equal => {
                // Checked once, at the first equal line (linear, not once per equal line).
                if equal_from == Some(i) && lines[i..].iter().any(|l| l.amount != LineAmount::Equal) {
                    return Err(terms_error(
                        format!("lines[{i}].kind"),
                        "equal",
                        "equal lines must form the trailing group of the terms (no other line after them)",
                    ));
                }
            }
        }
    }
    if percent_sum > hundred {
        return Err(terms_error("lines", percent_sum.normalize().to_string(), "percent lines sum to more than 100"));
    }
    // The share of the total the percent-type lines take, percent_of_remainder lines at their
    // effective share (fixed lines ignored: they only shrink later remainders). Over 100 % the
    // terms over-allocate whatever the total: [percent_of_remainder 50, percent 60] takes 110 %.
    let mut share = Decimal::ZERO;
    for (i, line) in lines.iter().enumerate() {
        let next = match line.amount {
            LineAmount::Percent(p) => share.checked_add(p),
            LineAmount::PercentOfRemainder(p) => {
                (hundred - share).checked_mul(p).and_then(|x| x.checked_div(hundred)).and_then(|x| share.checked_add(x))
            }
            _ => Some(share),
        };
        share = next.unwrap_or(share);
        if share > hundred {
            return Err(terms_error(
                format!("lines[{i}]"),
                share.round_dp(4).normalize().to_string(),
                "with percent_of_remainder lines at their share of the total, the lines up to here take more than 100 %",
            ));
        }
    }
    let residual = lines.iter().any(|l| l.amount.is_residual());
    let ends_with_rest = matches!(lines[last].amount, LineAmount::PercentOfRemainder(p) if p == hundred);
    if !residual && !ends_with_rest {
        let all_percent = lines.iter().all(|l| matches!(l.amount, LineAmount::Percent(_)));
        if !all_percent {
            return Err(terms_error(
                "lines",
                lines[last].amount.kind(),
                "terms with fixed or percent_of_remainder lines need a balance line (or a last percent_of_remainder of 100) to take the rest",
            ));
        }
        if percent_sum != hundred {
            return Err(terms_error(
                "lines",
                percent_sum.normalize().to_string(),
                "without a balance line the percent lines must sum to exactly 100",
            ));
        }
    }
    Ok(())
}

/// Base dates the static deadline check tries: month starts, middles and ends, including
/// February of a leap and a common year, and the 31st.
const PROBE_DATES: [(i32, u32, u32); 14] = [
    (2023, 1, 1),
    (2023, 1, 15),
    (2023, 1, 28),
    (2023, 1, 31),
    (2023, 2, 1),
    (2023, 2, 28),
    (2024, 2, 14),
    (2024, 2, 29),
    (2024, 4, 30),
    (2024, 7, 26),
    (2024, 8, 31),
    (2024, 11, 30),
    (2024, 12, 27),
    (2024, 12, 31),
];

/// Checks a tier: its amount, its rule, and (on each probe base date where the line's due date,
/// `dues`, can be computed) that its deadline falls between the base date and the due date.
fn validate_discount(d: &Discount, dues: &[Option<(chrono::NaiveDate, chrono::NaiveDate)>]) -> Result<()> {
    match d.amount {
        DiscountAmount::Percent(p) => {
            if p <= Decimal::ZERO || p >= Decimal::ONE_HUNDRED {
                return Err(terms_error(
                    "percent",
                    p.to_string(),
                    "a discount percent must be greater than 0 and less than 100",
                ));
            }
        }
        DiscountAmount::Fixed(v) => {
            if v <= Decimal::ZERO {
                return Err(terms_error(
                    "fixed",
                    v.to_string(),
                    "a fixed discount must be greater than 0 (it takes the sign of the total)",
                ));
            }
            crate::money::check_magnitude("fixed", v)?;
        }
    }
    d.due.validate().map_err(|e| e.within("due"))?;
    for (k, step) in d.due.steps.iter().enumerate() {
        if let Step::AddDays(n) | Step::AddMonths(n) = *step {
            if n < 0 {
                return Err(terms_error(
                    format!("due[{k}]"),
                    n.to_string(),
                    "a discount deadline counts forward from the base date; negative days or months are not allowed",
                ));
            }
        }
    }
    for &(base, due) in dues.iter().flatten() {
        if let Ok(deadline) = d.due.apply(base) {
            if deadline < base {
                return Err(terms_error(
                    "due",
                    d.due.steps.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
                    format!(
                        "the discount deadline falls before the base date (base {}: deadline {})",
                        crate::calendar::format_date(base),
                        crate::calendar::format_date(deadline)
                    ),
                ));
            }
            if deadline > due {
                return Err(terms_error(
                    "due",
                    d.due.steps.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
                    format!(
                        "the discount deadline falls after the line's due date (base {}: deadline {}, due {})",
                        crate::calendar::format_date(base),
                        crate::calendar::format_date(deadline),
                        crate::calendar::format_date(due)
                    ),
                ));
            }
        }
    }
    Ok(())
}
