//! Wire operations of aging: the report and the merge of reports (see [`crate::wire`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::aging::{aging, AgeBasis, AgingBuckets, AgingReport, AgingSpec, Credits, NotDue, OpenItem};
use crate::calendar::serde::date;
use crate::error::Result;
use crate::serde_forms::{from_json, to_json};

fn default_bounds() -> Vec<i32> {
    vec![30, 60, 90]
}

/// Request of the `aging` operation.
///
/// ```json
/// {"as_of": "2026-11-24", "basis": "due_date", "bounds": [30, 60, 90], "labels": null,
///  "not_due": "column", "credits": "net",
///  "items": [{"customer": "ACME", "currency": "EUR", "due_date": "2026-10-01", "amount": "50.10"}]}
/// ```
/// Only `as_of` and `items` are required. The response is an [`AgingReport`].
///
/// ```
/// let out = arrears::call_json("aging", r#"{"as_of": "2026-11-24", "items": [
///     {"customer": "ACME", "currency": "EUR", "due_date": "2026-10-01", "amount": "50.10"}]}"#)?;
/// assert!(out.contains(r#""rows":[{"buckets":["0.00","0.00","50.10","0.00","0.00"],"currency":"EUR","customer":"ACME""#));
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgingRequest {
    /// Report date.
    #[serde(with = "date")]
    pub as_of: NaiveDate,
    /// `due_date` (default) or `issue_date`.
    #[serde(default)]
    pub basis: AgeBasis,
    /// Inclusive upper bounds in days; default `[30, 60, 90]`.
    #[serde(default = "default_bounds")]
    pub bounds: Vec<i32>,
    /// Column labels (one per column), default derived from the bounds.
    #[serde(default)]
    pub labels: Option<Vec<String>>,
    /// `column` (default) or `fold`.
    #[serde(default)]
    pub not_due: NotDue,
    /// `net` (default) or `separate`.
    #[serde(default)]
    pub credits: Credits,
    /// The open items.
    pub items: Vec<OpenItem>,
}

impl AgingRequest {
    /// The spec this request asks for.
    ///
    /// # Errors
    /// The bucket errors of [`AgingBuckets::with_labels`].
    pub fn spec(&self) -> Result<AgingSpec> {
        Ok(AgingSpec {
            as_of: self.as_of,
            basis: self.basis,
            buckets: AgingBuckets::with_labels(self.bounds.clone(), self.labels.clone(), self.not_due)?,
            credits: self.credits,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MergeRequest {
    reports: Vec<AgingReport>,
}

/// The operations of this file, for [`super::call_json`].
pub(super) const OPS: &[super::Operation] = &[("aging", op_aging), ("aging_merge", op_aging_merge)];

fn op_aging(request: &str) -> Result<String> {
    let r: AgingRequest = from_json(request)?;
    Ok(to_json(&aging(&r.items, &r.spec()?)?))
}

fn op_aging_merge(request: &str) -> Result<String> {
    let r: MergeRequest = from_json(request)?;
    Ok(to_json(&AgingReport::merge_all(&r.reports)?))
}
