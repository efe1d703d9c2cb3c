//! Wire operations of collections: the worklist (see [`crate::wire`] for the format rules).
//!
//! | op | request | response |
//! |----|---------|----------|
//! | `worklist` | [`WorklistRequest`] | `{"rows": [WorklistRow, ...]}` ([`WorklistRow`](crate::collections::WorklistRow)) |

use serde::{Deserialize, Serialize};

use crate::collections::{worklist, OverdueItem, PaidItem, WorklistConfig};
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

pub(super) const OPS: &[super::Operation] = &[("worklist", op_worklist)];

fn op_worklist(request: &str) -> Result<String> {
    let r: WorklistRequest = from_json(request)?;
    r.config.validate().map_err(|e| e.within("config"))?;
    let rows = worklist(&r.open, &r.history, &r.config)?;
    Ok(to_json(&serde_json::json!({ "rows": rows })))
}
