//! Wire operations of collections: the worklist and dunning (see [`crate::wire`] for the
//! format rules).
//!
//! | op | request | response |
//! |----|---------|----------|
//! | `worklist` | [`WorklistRequest`] | `{"rows": [WorklistRow, ...]}` ([`WorklistRow`](crate::collections::WorklistRow)) |
//! | `dunning` | [`DunningRequest`] | [`DunningRun`](crate::collections::DunningRun): `{"actions", "skipped", "history"}` |
//! | `dunning_policy` | `{}` | the standard [`DunningPolicy`] |
//! | `risk_score` | [`RiskRequest`] | `{"scores": [RiskScore, ...]}` ([`RiskScore`](crate::collections::RiskScore)) |
//! | `assign_collectors` | `{"accounts": [Account, ...], "collectors": [Collector, ...]}` | [`Assignments`](crate::collections::Assignments) |
//! | `credit_check` | [`CreditRequest`] | [`CreditDecision`](crate::collections::CreditDecision) |

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Empty;
use crate::calendar::serde::date;
use crate::collections::{
    assign_collectors, credit_check, dunning, risk_scores, worklist, Account, Collector, CreditRequest, DunningItem,
    DunningPolicy, DunningRecord, OverdueItem, PaidItem, RiskInput, RiskWeights, WorklistConfig,
};
use crate::error::Result;
use crate::serde_forms::{from_json, to_json};

/// Request of the `worklist` operation.
///
/// ```json
/// {"config": {"as_of": "2025-06-30", "top_k": 10, "by": "customer_currency", "reporting_currency": "EUR",
///             "fx": {"USD": "0.92"}, "scoring": {"points": PointWeights} | {"product": ProductWeights},
///             "include_disputed": false, "risk_points": {"ACME": "12"}},
///  "open": [{"customer": "ACME", "currency": "EUR", "due_date": "2025-05-01", "open_amount": "500.00", "disputed": false}],
///  "history": [{"customer": "ACME", "due_date": "2025-01-31", "paid_date": "2025-03-02", "amount": "50.00"}]}
/// ```
/// Required: `config.as_of` and `open`. The default scoring is additive points (buckets
/// `[30, 60, 90]` weighted 1, 1.5, 2, 3 per unit; 10 a day past due up to 365; 20 a day late on
/// average up to 120; 10 a risk point).
///
/// ```
/// let out = arrears::call_json("worklist", r#"{"config": {"as_of": "2025-06-30"}, "open": [
///     {"customer": "ACME", "currency": "EUR", "due_date": "2025-05-01", "open_amount": "500.00"}]}"#)?;
/// assert!(out.starts_with(r#"{"rows":[{"avg_late":0,"components":[{"basis":"0 EUR × 1","name":"overdue_1-30","value":"0"}"#));
/// assert!(out.ends_with(r#""rank":1,"score":"1350"}]}"#), "{out}");
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorklistRequest {
    /// The configuration.
    pub config: WorklistConfig,
    /// The open items.
    pub open: Vec<OverdueItem>,
    /// The payment history.
    #[serde(default)]
    pub history: Vec<PaidItem>,
}

/// Request of the `dunning` operation.
///
/// ```json
/// {"as_of": "2025-06-21", "policy": null,
///  "items": [{"customer": "ACME", "invoice": "I-1", "installment": 0, "currency": "EUR", "due_date": "2025-06-01",
///             "issue_date": null, "open_amount": "100.00", "disputed": false, "promised_until": null, "on_plan": false,
///             "plan_state": null, "promise_state": null}],
///  "history": [{"invoice": "I-1", "installment": 0, "offset": 7, "anchor": "due_date", "date": "2025-06-08", "status": "sent"}],
///  "on_hold": ["BETA"]}
/// ```
/// Required: `as_of` and `items`; `policy` defaults to the standard one (`dunning_policy`). An
/// item's `plan_state` / `promise_state` is the `status` that `plan_status` / `promise_status`
/// return for the run's day: a plan `on_track` or `late` (within grace) or a `pending` promise
/// holds the item back (skipped `on_plan` / `promised`).
///
/// ```
/// let out = arrears::call_json("dunning", r#"{"as_of": "2025-06-21", "items": [{"customer": "ACME",
///     "invoice": "I-1", "currency": "EUR", "due_date": "2025-06-01", "open_amount": "100.00"}]}"#)?;
/// assert!(out.starts_with(r#"{"actions":[{"action":"letter","channel":"letter","customer":"ACME","date":"2025-06-21","fees":[],"#));
/// assert!(out.ends_with(r#""history":[{"anchor":"due_date","date":"2025-06-21","installment":0,"invoice":"I-1","offset":15,"status":"sent"}],"skipped":[]}"#));
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DunningRequest {
    /// The day of the run.
    #[serde(with = "date")]
    pub as_of: NaiveDate,
    /// The policy (default: the standard one).
    #[serde(default)]
    pub policy: Option<DunningPolicy>,
    /// The open installments.
    pub items: Vec<DunningItem>,
    /// The steps done before (the caller's state).
    #[serde(default)]
    pub history: Vec<DunningRecord>,
    /// Customers on hold.
    #[serde(default)]
    pub on_hold: Vec<String>,
}

/// Request of the `risk_score` operation: customers' histories, the weights (default
/// [`RiskWeights::default`]) and the day.
///
/// ```
/// let out = arrears::call_json("risk_score", r#"{"as_of": "2025-06-30", "customers": [{"customer": "ACME",
///     "payments": [{"due_date": "2025-01-31", "paid_date": "2025-03-17", "amount": "1000.00"}], "broken_promises": 2,
///     "credit_limit": "10000", "exposure": "9000"}]}"#)?;
/// assert!(out.contains(r#""customer":"ACME","score":"207","tier":"C""#));
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskRequest {
    /// The day (payments after it are left out; the trend window ends on it).
    #[serde(with = "date")]
    pub as_of: NaiveDate,
    /// The customers.
    pub customers: Vec<RiskInput>,
    /// The weights.
    #[serde(default)]
    pub weights: RiskWeights,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssignRequest {
    accounts: Vec<Account>,
    collectors: Vec<Collector>,
}

pub(super) const OPS: &[super::Operation] = &[
    ("worklist", op_worklist),
    ("dunning", op_dunning),
    ("dunning_policy", op_dunning_policy),
    ("risk_score", op_risk_score),
    ("assign_collectors", op_assign),
    ("credit_check", op_credit_check),
];

fn op_risk_score(request: &str) -> Result<String> {
    let r: RiskRequest = from_json(request)?;
    let scores = risk_scores(&r.customers, &r.weights, r.as_of)?;
    Ok(to_json(&serde_json::json!({ "scores": scores })))
}

fn op_assign(request: &str) -> Result<String> {
    let r: AssignRequest = from_json(request)?;
    Ok(to_json(&assign_collectors(&r.accounts, &r.collectors)?))
}

fn op_credit_check(request: &str) -> Result<String> {
    let r: CreditRequest = from_json(request)?;
    Ok(to_json(&credit_check(&r)?))
}

fn op_dunning(request: &str) -> Result<String> {
    let r: DunningRequest = from_json(request)?;
    let policy = r.policy.unwrap_or_else(DunningPolicy::standard);
    Ok(to_json(&dunning(&policy, &r.items, &r.history, &r.on_hold, r.as_of)?))
}

fn op_dunning_policy(request: &str) -> Result<String> {
    from_json::<Empty>(request)?;
    Ok(to_json(&DunningPolicy::standard()))
}

fn op_worklist(request: &str) -> Result<String> {
    let r: WorklistRequest = from_json(request)?;
    r.config.validate().map_err(|e| e.within("config"))?;
    let rows = worklist(&r.open, &r.history, &r.config)?;
    Ok(to_json(&serde_json::json!({ "rows": rows })))
}
