//! Credit check for a new order: exposure against the credit limit, plus rules, to approve,
//! review or hold, with the reasons and the credit still available.
//!
//! `exposure = open receivables + open orders − collateral − deposits` (never below 0: cover
//! beyond the exposure is not credit); `available = limit − exposure` (negative when over);
//! the order fits when `exposure + order ≤ limit`. Rules (each optional, configuration):
//! hold while an item is `hold_days_overdue` or more days past due (61 by default), or while a
//! payment plan is broken; review while an item is `review_days_overdue` or more days past due
//! (31), or when the order would use `review_use_percent` or more of the limit (90). An order
//! over the limit is held. The decision is the strictest rule met.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::money::serde::{amount, opt_amount};

/// The rules of a credit check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CreditRules {
    /// Hold while an item is this many days past due or more (none: no such rule).
    pub hold_days_overdue: Option<i32>,
    /// Review while an item is this many days past due or more.
    pub review_days_overdue: Option<i32>,
    /// Hold while a payment plan is broken.
    pub hold_if_plan_broken: bool,
    /// Review when the order would use this percent of the limit or more.
    #[serde(with = "opt_amount")]
    pub review_use_percent: Option<Decimal>,
}

impl Default for CreditRules {
    fn default() -> CreditRules {
        CreditRules {
            hold_days_overdue: Some(61),
            review_days_overdue: Some(31),
            hold_if_plan_broken: true,
            review_use_percent: Some(Decimal::from(90)),
        }
    }
}

/// A customer's position and the new order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditRequest {
    /// The customer's id.
    pub customer: String,
    /// The credit limit.
    #[serde(with = "amount")]
    pub credit_limit: Decimal,
    /// Open receivables (net of credits).
    #[serde(with = "amount")]
    pub open_receivables: Decimal,
    /// Open orders not yet invoiced.
    #[serde(default, with = "amount")]
    pub open_orders: Decimal,
    /// Collateral held (guarantees, credit insurance cover).
    #[serde(default, with = "amount")]
    pub collateral: Decimal,
    /// Deposits and prepayments held.
    #[serde(default, with = "amount")]
    pub deposits: Decimal,
    /// The new order.
    #[serde(with = "amount")]
    pub order: Decimal,
    /// Days past due of the customer's oldest open item (0: none overdue).
    #[serde(default)]
    pub max_days_overdue: i32,
    /// Whether a payment plan of the customer is broken: [`plan_status`](crate::payments::plan_status)
    /// on the day says [`PlanState::Broken`](crate::payments::PlanState::Broken).
    #[serde(default)]
    pub plan_broken: bool,
    /// The rules (default: hold from 61 days or a broken plan, review from 31 days or 90 % use).
    #[serde(default)]
    pub rules: CreditRules,
}

/// The decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Release the order.
    Approve,
    /// A person decides.
    Review,
    /// Do not release it.
    Hold,
}

/// A rule that decided, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditReason {
    /// `over_limit`, `overdue`, `plan_broken`, `limit_use`, `within_limit`.
    pub rule: String,
    /// What it asks for.
    pub decision: Decision,
    /// In words.
    pub detail: String,
}

/// The result of a credit check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditDecision {
    /// The customer's id.
    pub customer: String,
    /// The strictest decision of the rules met.
    pub decision: Decision,
    /// Open receivables + open orders − collateral − deposits, at least 0.
    #[serde(with = "amount")]
    pub exposure: Decimal,
    /// Limit − exposure, before the order (negative when over).
    #[serde(with = "amount")]
    pub available: Decimal,
    /// Limit − exposure − order.
    #[serde(with = "amount")]
    pub available_after: Decimal,
    /// The rules met, strictest first.
    pub reasons: Vec<CreditReason>,
}

fn ovf() -> Error {
    Error::new(ErrorKind::Overflow, "order", "", "the exposure leaves the decimal range")
}

/// Checks a new order against the customer's credit.
///
/// ```
/// use arrears::collections::{credit_check, CreditRequest, Decision};
/// let d = |s: &str| s.parse().unwrap();
/// let r = CreditRequest { customer: "ACME".into(), credit_limit: d("10000"), open_receivables: d("6000"),
///     open_orders: d("2000"), collateral: d("1000"), deposits: d("0"), order: d("2500"), max_days_overdue: 12,
///     plan_broken: false, rules: Default::default() };
/// let out = credit_check(&r)?;
/// assert_eq!((out.decision, out.exposure.to_string(), out.available.to_string()), (Decision::Review, "7000".into(), "3000".into()));
/// assert_eq!(out.reasons[0].rule, "limit_use"); // 9500 of 10000: 95 % ≥ 90 %
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidRequest`] for a negative limit, amount or order (naming it) or negative
/// rule thresholds; [`ErrorKind::Overflow`] beyond the decimal range.
pub fn credit_check(r: &CreditRequest) -> Result<CreditDecision> {
    let named = [
        ("credit_limit", r.credit_limit),
        ("open_orders", r.open_orders),
        ("collateral", r.collateral),
        ("deposits", r.deposits),
        ("order", r.order),
    ];
    for (name, x) in named {
        if x < Decimal::ZERO {
            return Err(Error::new(ErrorKind::InvalidRequest, name, x.to_string(), "not negative"));
        }
    }
    let rules = &r.rules;
    for (name, x) in
        [("rules.hold_days_overdue", rules.hold_days_overdue), ("rules.review_days_overdue", rules.review_days_overdue)]
    {
        if x.is_some_and(|x| x < 1) {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                name,
                x.unwrap_or_default().to_string(),
                "at least 1 day",
            ));
        }
    }
    if rules.review_use_percent.is_some_and(|x| x < Decimal::ZERO) {
        let v = rules.review_use_percent.unwrap_or_default().to_string();
        return Err(Error::new(ErrorKind::InvalidRequest, "rules.review_use_percent", v, "not negative"));
    }
    let gross = r.open_receivables.checked_add(r.open_orders).ok_or_else(ovf)?;
    let cover = r.collateral.checked_add(r.deposits).ok_or_else(ovf)?;
    let exposure = gross.checked_sub(cover).ok_or_else(ovf)?.max(Decimal::ZERO);
    let available = r.credit_limit.checked_sub(exposure).ok_or_else(ovf)?;
    let available_after = available.checked_sub(r.order).ok_or_else(ovf)?;
    let mut reasons = Vec::new();
    let reason = |reasons: &mut Vec<CreditReason>, rule: &str, decision: Decision, detail: String| {
        reasons.push(CreditReason { rule: rule.into(), decision, detail })
    };
    if available_after < Decimal::ZERO {
        reason(
            &mut reasons,
            "over_limit",
            Decision::Hold,
            format!(
                "exposure {exposure} + order {} exceeds the limit {} by {}",
                r.order, r.credit_limit, -available_after
            ),
        );
    }
    let dpd = r.max_days_overdue;
    if let Some(h) = rules.hold_days_overdue.filter(|&h| dpd >= h) {
        reason(&mut reasons, "overdue", Decision::Hold, format!("an item is {dpd} days past due (hold from {h})"));
    } else if let Some(v) = rules.review_days_overdue.filter(|&v| dpd >= v) {
        reason(&mut reasons, "overdue", Decision::Review, format!("an item is {dpd} days past due (review from {v})"));
    }
    if rules.hold_if_plan_broken && r.plan_broken {
        reason(&mut reasons, "plan_broken", Decision::Hold, "a payment plan is broken".into());
    }
    if let Some(p) = rules.review_use_percent {
        if available_after >= Decimal::ZERO && r.credit_limit > Decimal::ZERO {
            let after = exposure.checked_add(r.order).ok_or_else(ovf)?;
            let used =
                after.checked_mul(Decimal::ONE_HUNDRED).and_then(|x| x.checked_div(r.credit_limit)).ok_or_else(ovf)?;
            let used = used.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero).normalize();
            if used >= p {
                reason(
                    &mut reasons,
                    "limit_use",
                    Decision::Review,
                    format!("the order would use {used} % of the limit (review from {p} %)"),
                );
            }
        }
    }
    if reasons.is_empty() {
        reason(
            &mut reasons,
            "within_limit",
            Decision::Approve,
            format!("{} of {available} available after the order", available_after),
        );
    }
    reasons.sort_by_key(|r| std::cmp::Reverse(r.decision));
    let decision = reasons.iter().map(|x| x.decision).max().unwrap_or(Decision::Approve);
    Ok(CreditDecision { customer: r.customer.clone(), decision, exposure, available, available_after, reasons })
}
