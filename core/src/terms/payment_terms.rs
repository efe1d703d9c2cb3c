//! Payment terms: ordered lines plus a business-day adjustment, checked as a whole.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::line::LineError;
use super::{Discount, DiscountAmount, LineAmount, TermLine};
use crate::calendar::{Adjustment, DueRule, Step};
use crate::error::{Error, ErrorKind, Result};

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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "TermsWire")]
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

/// JSON: the object form `{"lines": [...], "adjustment": "none"}`, or the notation text
/// (`"2/10 net 30"`), parsed with the default options (US reading of EOM, no cut-off): wherever
/// terms are taken, both forms are.
///
/// ```
/// use arrears::{from_json, PaymentTerms};
/// let text: PaymentTerms = from_json(r#""2/10 net 30""#)?;
/// let object: PaymentTerms = from_json(r#"{"lines": [{"kind": "balance", "due": [{"add_days": 30}],
///     "discounts": [{"percent": "2", "due": [{"add_days": 10}]}]}]}"#)?;
/// assert_eq!(text, object);
/// let err = from_json::<PaymentTerms>(r#""2/10 net thirty""#).unwrap_err();
/// assert_eq!((err.field(), err.value()), ("", "2/10 net thirty"));
/// # Ok::<(), arrears::Error>(())
/// ```
impl<'de> Deserialize<'de> for PaymentTerms {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Terms;
        impl<'de> serde::de::Visitor<'de> for Terms {
            type Value = PaymentTerms;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("payment terms: an object with \"lines\", or a notation such as \"2/10 net 30\"")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> std::result::Result<PaymentTerms, E> {
                PaymentTerms::parse(text, &crate::terms::notation::NotationOptions::default()).map_err(|e| {
                    // the error is the value's own: its field is where the text stands
                    let field = if e.field() == "text" { "" } else { e.field() };
                    crate::serde_forms::de_error(Error::new(e.kind(), field, e.value(), e.reason()))
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> std::result::Result<PaymentTerms, A::Error> {
                let wire = TermsWire::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                PaymentTerms::try_from(wire).map_err(|e| crate::serde_forms::de_error(e.0))
            }
        }
        d.deserialize_any(Terms)
    }
}

/// Parses the notation with the default options (see [`PaymentTerms::parse`]).
///
/// ```
/// let t: arrears::PaymentTerms = "net 30 EOM".parse()?;
/// assert_eq!(t.to_string(), "net 30 EOM");
/// # Ok::<(), arrears::Error>(())
/// ```
impl std::str::FromStr for PaymentTerms {
    type Err = Error;
    fn from_str(text: &str) -> Result<PaymentTerms> {
        PaymentTerms::parse(text, &crate::terms::notation::NotationOptions::default())
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

pub(crate) fn terms_error(field: impl Into<String>, value: impl Into<String>, reason: impl Into<String>) -> Error {
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
                validate_discount(d, &line.due, &dues).map_err(|e| e.within(&format!("lines[{i}].discounts[{j}]")))?;
                // Two tiers with one deadline contradict each other ("2/10 3/10 net 30").
                if let Some(k) = line.discounts[..j].iter().position(|e| e.due == d.due) {
                    return Err(terms_error(
                        format!("lines[{i}].discounts[{j}].due"),
                        d.due.steps.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
                        format!("discounts[{k}] has the same deadline: each tier needs a deadline of its own"),
                    ));
                }
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
fn validate_discount(
    d: &Discount,
    line_due: &DueRule,
    dues: &[Option<(chrono::NaiveDate, chrono::NaiveDate)>],
) -> Result<()> {
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
    let rule = |r: &DueRule| r.steps.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ");
    // Only days added: the periods compare as numbers of days (no invoice date needed to say so).
    let days = |r: &DueRule| -> Option<i64> {
        r.steps.iter().map(|s| if let Step::AddDays(n) = *s { Some(i64::from(n)) } else { None }).sum()
    };
    for &(base, due) in dues.iter().flatten() {
        if let Ok(deadline) = d.due.apply(base) {
            if deadline < base {
                return Err(terms_error(
                    "due",
                    rule(&d.due),
                    format!(
                        "the discount deadline ({}) falls before the invoice date for some invoice dates",
                        rule(&d.due)
                    ),
                ));
            }
            if deadline > due {
                let reason = match (days(&d.due), days(line_due)) {
                    (Some(dd), Some(nd)) => {
                        format!("the discount period ({dd} days) is longer than the payment period ({nd} days)")
                    }
                    _ => format!(
                        "the discount deadline ({}) falls after the line's due date ({}) for some invoice dates; a \
                         discount period ends on or before the due date",
                        rule(&d.due),
                        rule(line_due)
                    ),
                };
                return Err(terms_error("due", rule(&d.due), reason));
            }
        }
    }
    Ok(())
}
