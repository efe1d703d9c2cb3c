//! Customer risk from payment history: a score and a tier (A/B/C), explained component by
//! component.
//!
//! Components (each: its measure, its points, its reason in words):
//! - `days_late`: the amount-weighted average days late of the payments (early counts 0), capped;
//! - `paid_late`: the share of the amount paid late, in percent;
//! - `trend`: the average days late of recent payments (paid within `recent_days` of `as_of`)
//!   minus that of older ones: positive when the customer pays later than it used to, negative
//!   when it improves (0 without both);
//! - `broken_promises`, `disputes`: counts;
//! - `credit_use`: exposure ÷ credit limit in percent (0 without a limit);
//! - `uncovered`: the share of the exposure not covered by collateral and deposits, in percent.
//!
//! The score is the sum of the points, never below 0: when an improving `trend` would take it
//! there, a last component `floor` gives the difference back, so the components always sum to
//! the score. The tier is A below `tier_b_from`, B below
//! `tier_c_from`, C from there. Every weight is configuration.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::calendar::day_number;
use crate::calendar::serde::date;
use crate::error::{Error, ErrorKind, Result};
use crate::money::serde::{amount, opt_amount};

/// A past payment for the risk score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskPayment {
    /// The due date of the item paid.
    #[serde(with = "date")]
    pub due_date: NaiveDate,
    /// The payment date.
    #[serde(with = "date")]
    pub paid_date: NaiveDate,
    /// The amount (positive).
    #[serde(with = "amount")]
    pub amount: Decimal,
}

/// What is known of one customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskInput {
    /// The customer's id.
    pub customer: String,
    /// Its payments (those after `as_of` are left out).
    #[serde(default)]
    pub payments: Vec<RiskPayment>,
    /// Promises to pay it broke.
    #[serde(default)]
    pub broken_promises: u32,
    /// Disputes it raised.
    #[serde(default)]
    pub disputes: u32,
    /// Its credit limit, if it has one.
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    pub credit_limit: Option<Decimal>,
    /// What it owes now (open receivables and orders).
    #[serde(default, with = "amount")]
    pub exposure: Decimal,
    /// Collateral and deposits held.
    #[serde(default, with = "amount")]
    pub collateral: Decimal,
}

/// Points per unit of each component, the caps, the trend window and the tier bounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RiskWeights {
    /// Points per average day late.
    #[serde(with = "amount")]
    pub per_day_late: Decimal,
    /// Average days late counted at most.
    pub late_cap: u32,
    /// Points per percent of the amount paid late.
    #[serde(with = "amount")]
    pub per_percent_paid_late: Decimal,
    /// Points per day the recent average is later than the older one.
    #[serde(with = "amount")]
    pub per_day_trend: Decimal,
    /// Payments within this many days before `as_of` are recent.
    pub recent_days: u32,
    /// Points per broken promise.
    #[serde(with = "amount")]
    pub per_broken_promise: Decimal,
    /// Points per dispute.
    #[serde(with = "amount")]
    pub per_dispute: Decimal,
    /// Points per percent of the credit limit used.
    #[serde(with = "amount")]
    pub per_percent_credit_use: Decimal,
    /// Points per percent of the exposure not covered by collateral.
    #[serde(with = "amount")]
    pub per_percent_uncovered: Decimal,
    /// Scores from this are tier B.
    #[serde(with = "amount")]
    pub tier_b_from: Decimal,
    /// Scores from this are tier C.
    #[serde(with = "amount")]
    pub tier_c_from: Decimal,
}

impl Default for RiskWeights {
    fn default() -> RiskWeights {
        let d = |x: i64| Decimal::from(x);
        RiskWeights {
            per_day_late: d(2),
            late_cap: 90,
            per_percent_paid_late: Decimal::new(5, 1),
            per_day_trend: d(1),
            recent_days: 90,
            per_broken_promise: d(15),
            per_dispute: d(5),
            per_percent_credit_use: Decimal::new(3, 1),
            per_percent_uncovered: Decimal::new(1, 1),
            tier_b_from: d(60),
            tier_c_from: d(120),
        }
    }
}

/// A tier: A (low risk), B, C (high risk).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tier {
    /// Low risk.
    A,
    /// Medium risk.
    B,
    /// High risk.
    C,
}

/// One component of a risk score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskComponent {
    /// `days_late`, `paid_late`, `trend`, `broken_promises`, `disputes`, `credit_use`, `uncovered`,
    /// and `floor` (only when the others sum below 0: the points that bring the score back to 0).
    pub name: String,
    /// Its measure (days, percent, count).
    #[serde(with = "amount")]
    pub measure: Decimal,
    /// The points it adds.
    #[serde(with = "amount")]
    pub points: Decimal,
    /// Why, in words.
    pub reason: String,
}

/// A customer's risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskScore {
    /// The customer's id.
    pub customer: String,
    /// The sum of the components' points (at least 0: see the `floor` component).
    #[serde(with = "amount")]
    pub score: Decimal,
    /// Its tier.
    pub tier: Tier,
    /// The components.
    pub components: Vec<RiskComponent>,
}

impl RiskWeights {
    /// Checks the weights: none negative, tier bounds in order.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRequest`] naming the weight and its value.
    pub fn validate(&self) -> Result<()> {
        let named = [
            ("per_day_late", self.per_day_late),
            ("per_percent_paid_late", self.per_percent_paid_late),
            ("per_day_trend", self.per_day_trend),
            ("per_broken_promise", self.per_broken_promise),
            ("per_dispute", self.per_dispute),
            ("per_percent_credit_use", self.per_percent_credit_use),
            ("per_percent_uncovered", self.per_percent_uncovered),
            ("tier_b_from", self.tier_b_from),
            ("tier_c_from", self.tier_c_from),
        ];
        for (name, x) in named {
            if x < Decimal::ZERO {
                return Err(Error::new(ErrorKind::InvalidRequest, name, x.to_string(), "weights are not negative"));
            }
        }
        if self.tier_c_from < self.tier_b_from {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                "tier_c_from",
                self.tier_c_from.to_string(),
                "tier C starts at or above tier B",
            ));
        }
        Ok(())
    }
}

fn ovf(field: &str) -> Error {
    Error::new(ErrorKind::Overflow, field, "", "the computation leaves the decimal range")
}

/// Amount-weighted average days late (early counts 0) and the share of the amount paid late.
fn lateness(payments: &[&RiskPayment]) -> Result<Option<(Decimal, Decimal)>> {
    let (mut w, mut c, mut late_amount) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for p in payments {
        let late = (day_number(p.paid_date) - day_number(p.due_date)).max(0);
        w = Decimal::from(late).checked_mul(p.amount).and_then(|x| w.checked_add(x)).ok_or_else(|| ovf("payments"))?;
        c = c.checked_add(p.amount).ok_or_else(|| ovf("payments"))?;
        if late > 0 {
            late_amount = late_amount.checked_add(p.amount).ok_or_else(|| ovf("payments"))?;
        }
    }
    if c <= Decimal::ZERO {
        return Ok(None);
    }
    let avg = w.checked_div(c).ok_or_else(|| ovf("payments"))?;
    let share =
        late_amount.checked_mul(Decimal::ONE_HUNDRED).and_then(|x| x.checked_div(c)).ok_or_else(|| ovf("payments"))?;
    Ok(Some((avg, share)))
}

fn r2(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero).normalize()
}

/// The risk scores of several customers ([`risk_score`] for each, in the input's order): one
/// entry per customer, since a customer listed twice would be scored twice, as two customers.
///
/// ```
/// use arrears::collections::{risk_scores, RiskInput, RiskWeights};
/// let d = |s| arrears::parse_date("d", s).unwrap();
/// let one = |c: &str| RiskInput { customer: c.into(), payments: vec![], broken_promises: 0, disputes: 0,
///     credit_limit: None, exposure: "0".parse().unwrap(), collateral: "0".parse().unwrap() };
/// let scores = risk_scores(&[one("A"), one("B")], &RiskWeights::default(), d("2025-06-30"))?;
/// assert_eq!(scores.len(), 2);
/// let e = risk_scores(&[one("A"), one("B"), one("A")], &RiskWeights::default(), d("2025-06-30")).unwrap_err();
/// assert_eq!((e.kind(), e.field(), e.value()), (arrears::ErrorKind::InvalidRequest, "customers[2].customer", "A"));
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`risk_score`]'s, under `customers[i]` (the weights' under `weights`);
/// [`ErrorKind::InvalidRequest`] for a customer listed twice (`customers[i].customer`, the
/// second time); [`ErrorKind::LimitExceeded`] beyond [`crate::limits::MAX_WORKLIST_ITEMS`]
/// customers.
pub fn risk_scores(inputs: &[RiskInput], weights: &RiskWeights, as_of: NaiveDate) -> Result<Vec<RiskScore>> {
    weights.validate().map_err(|e| e.within("weights"))?;
    crate::limits::check("customers", inputs.len(), crate::limits::MAX_WORKLIST_ITEMS)?;
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::with_capacity(inputs.len());
    for (i, c) in inputs.iter().enumerate() {
        if let Some(first) = seen.insert(&c.customer, i) {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                format!("customers[{i}].customer"),
                c.customer.clone(),
                format!("the customer is listed twice (also customers[{first}]): one entry per customer"),
            ));
        }
    }
    inputs
        .iter()
        .enumerate()
        .map(|(i, c)| risk_score(c, weights, as_of).map_err(|e| e.within(&format!("customers[{i}]"))))
        .collect()
}

/// A customer's risk score, tier and reasons.
///
/// ```
/// use arrears::collections::{risk_score, RiskInput, RiskPayment, RiskWeights, Tier};
/// let d = |s| arrears::parse_date("d", s).unwrap();
/// let input = RiskInput {
///     customer: "ACME".into(),
///     payments: vec![RiskPayment { due_date: d("2025-01-31"), paid_date: d("2025-03-17"), amount: "1000.00".parse().unwrap() }],
///     broken_promises: 2, disputes: 0, credit_limit: Some("10000".parse().unwrap()),
///     exposure: "9000".parse().unwrap(), collateral: "0".parse().unwrap(),
/// };
/// let r = risk_score(&input, &RiskWeights::default(), d("2025-06-30"))?;
/// // 45 days late × 2 + 100 % paid late × 0.5 + 2 broken promises × 15 + 90 % of the limit × 0.3 + 100 % uncovered × 0.1
/// assert_eq!((r.score.to_string(), r.tier), ("207".to_string(), Tier::C));
/// assert_eq!(r.components[0].reason, "pays 45 days late on average (amount-weighted, 1 payment)");
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// The weights' ([`RiskWeights::validate`]); [`ErrorKind::InvalidRequest`] for a payment that is
/// not positive (`payments[i].amount`), a negative exposure, collateral or limit;
/// [`ErrorKind::Overflow`] beyond the decimal range.
pub fn risk_score(input: &RiskInput, weights: &RiskWeights, as_of: NaiveDate) -> Result<RiskScore> {
    weights.validate()?;
    crate::limits::check("payments", input.payments.len(), crate::limits::MAX_WORKLIST_ITEMS)?;
    for (i, p) in input.payments.iter().enumerate() {
        if p.amount <= Decimal::ZERO {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                format!("payments[{i}].amount"),
                p.amount.to_string(),
                "a payment is positive",
            ));
        }
    }
    for (name, x) in [
        ("exposure", Some(input.exposure)),
        ("collateral", Some(input.collateral)),
        ("credit_limit", input.credit_limit),
    ] {
        if x.is_some_and(|x| x < Decimal::ZERO) {
            return Err(Error::new(ErrorKind::InvalidRequest, name, x.unwrap_or_default().to_string(), "not negative"));
        }
    }
    let t = day_number(as_of);
    let paid: Vec<&RiskPayment> = input.payments.iter().filter(|p| day_number(p.paid_date) <= t).collect();
    let mut comps = Vec::with_capacity(7);
    let mut add = |name: &str, measure: Decimal, weight: Decimal, reason: String| -> Result<()> {
        let points = measure.checked_mul(weight).ok_or_else(|| ovf(name))?;
        comps.push(RiskComponent { name: name.into(), measure: r2(measure), points: r2(points), reason });
        Ok(())
    };
    let w = weights;
    match lateness(&paid)? {
        Some((avg, share)) => {
            let days = avg.floor().min(Decimal::from(w.late_cap));
            let n = paid.len();
            let s = if n == 1 { "" } else { "s" };
            add(
                "days_late",
                days,
                w.per_day_late,
                format!("pays {days} days late on average (amount-weighted, {n} payment{s})"),
            )?;
            add("paid_late", r2(share), w.per_percent_paid_late, format!("{} % of the amount paid late", r2(share)))?;
        }
        None => {
            add("days_late", Decimal::ZERO, w.per_day_late, "no payment history".into())?;
            add("paid_late", Decimal::ZERO, w.per_percent_paid_late, "no payment history".into())?;
        }
    }
    let cut = t - w.recent_days.min(36_500) as i32;
    let (recent, older): (Vec<&RiskPayment>, Vec<&RiskPayment>) =
        paid.iter().partition(|p| day_number(p.paid_date) > cut);
    match (lateness(&recent)?, lateness(&older)?) {
        (Some((a, _)), Some((b, _))) => {
            let delta = a.floor() - b.floor();
            let word = if delta > Decimal::ZERO {
                "later"
            } else if delta < Decimal::ZERO {
                "earlier"
            } else {
                "as late"
            };
            let reason = format!("pays {} days {word} in the last {} days than before", delta.abs(), w.recent_days);
            add("trend", delta, w.per_day_trend, reason)?;
        }
        _ => add("trend", Decimal::ZERO, w.per_day_trend, "no trend: payments in only one period".into())?,
    }
    let bp = Decimal::from(input.broken_promises);
    add("broken_promises", bp, w.per_broken_promise, format!("{} broken promise(s) to pay", input.broken_promises))?;
    add("disputes", Decimal::from(input.disputes), w.per_dispute, format!("{} dispute(s)", input.disputes))?;
    match input.credit_limit {
        Some(limit) if limit > Decimal::ZERO => {
            let used = input
                .exposure
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|x| x.checked_div(limit))
                .ok_or_else(|| ovf("exposure"))?;
            add(
                "credit_use",
                r2(used),
                w.per_percent_credit_use,
                format!("uses {} % of its credit limit of {limit}", r2(used)),
            )?;
        }
        _ => add("credit_use", Decimal::ZERO, w.per_percent_credit_use, "no credit limit".into())?,
    }
    if input.exposure > Decimal::ZERO {
        let covered = input.collateral.min(input.exposure);
        let un = (input.exposure - covered)
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|x| x.checked_div(input.exposure))
            .ok_or_else(|| ovf("collateral"))?;
        add(
            "uncovered",
            r2(un),
            w.per_percent_uncovered,
            format!("{} % of the exposure not covered by collateral or deposits", r2(un)),
        )?;
    } else {
        add("uncovered", Decimal::ZERO, w.per_percent_uncovered, "no exposure".into())?;
    }
    let mut score = Decimal::ZERO;
    for c in &comps {
        score = score.checked_add(c.points).ok_or_else(|| ovf("score"))?;
    }
    if score < Decimal::ZERO {
        // The components still sum to the score: the part below 0 is given back as its own line.
        comps.push(RiskComponent {
            name: "floor".into(),
            measure: Decimal::ZERO,
            points: r2(-score),
            reason: format!("the score does not go below 0 (the points above sum to {})", r2(score)),
        });
        score = Decimal::ZERO;
    }
    let score = r2(score);
    let tier = if score >= w.tier_c_from {
        Tier::C
    } else if score >= w.tier_b_from {
        Tier::B
    } else {
        Tier::A
    };
    Ok(RiskScore { customer: input.customer.clone(), score, tier, components: comps })
}
