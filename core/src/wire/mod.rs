//! The wire format: the JSON form of every public type, shared by Rust, Python, Node and C.
//!
//! Rules:
//! - amounts are **decimal strings** (`"1000.00"`), never JSON numbers; outputs carry exactly the
//!   currency's decimals;
//! - dates are ISO strings `"YYYY-MM-DD"`;
//! - enum values are snake_case strings (`"half_up"`, `"modified_following"`);
//! - responses are compact JSON with **sorted keys**, so every language produces the same bytes;
//! - requests reject unknown fields (a typo is an error, not a silent default).
//!
//! [`call_json`] is the one entry point that speaks it: an operation name and a request document
//! in, a response document out. The operations:
//!
//! | op | request | response |
//! |----|---------|----------|
//! | `schedule` | [`ScheduleRequest`] | [`Schedule`](crate::Schedule) |
//! | `due_date` | [`DueDateRequest`] | `{"due_date": "YYYY-MM-DD"}` |
//! | `terms` | [`PaymentTerms`](crate::PaymentTerms) | the same terms, validated, in canonical form |
//! | `round` | [`RoundRequest`] | `{"amount": "..."}` |
//! | `currency` | `{"code": "EUR"}` | [`Currency`](crate::Currency) |
//! | `currencies` | `{}` | `{"currencies": [Currency, ...]}` |
//! | `version` | `{}` | `{"version": "0.1.0"}` |
//! | `error_codes` | `{}` | `{"codes": [{"code": "invalid_amount", "status": 1}, ...]}` (every [`ErrorKind`]) |
//! | `parse_terms` | `{"text": "2/10 net 30", "options": {"eom": "us", "cut_off": null}}` | `{"terms": PaymentTerms, "text": "<canonical>"}` |
//! | `format_terms` | `{"terms": PaymentTerms}` | `{"text": "<canonical>"}` |
//! | `preset` | `{"name": "2_10_net_30"}` | `{"name": ..., "terms": PaymentTerms, "text": ...}` |
//! | `presets` | `{}` | `{"presets": [{"name", "terms", "text"}, ...]}` |
//! | `settle` | [`SettleRequest`] | [`Settlement`](crate::terms::discount::Settlement) |
//! | `discount_cost` | [`DiscountCostRequest`] | `{"effective": "44.59", "nominal": "37.24"}` (percent) |
//! | `to_xrechnung` | `{"terms": PaymentTerms, "base_amount": null}` | `{"net_days": 30, "text": "#SKONTO#..."}` |
//! | `from_xrechnung` | `{"text": "#SKONTO#...", "net_days": 30}` | `{"terms": ..., "base_amounts": [...]}` (`base_amounts` only when some line has one) |
//! | `to_x12_itd` / `to_edifact_pat` | `{"terms": PaymentTerms}` | `{"segment": "..."}` |
//! | `from_x12_itd` / `from_edifact_pat` | `{"segment": "..."}` | `{"terms": PaymentTerms}` |
//! | `aging` | [`AgingRequest`] | [`AgingReport`](crate::aging::AgingReport) |
//! | `aging_merge` | `{"reports": [AgingReport, ...]}` | the report of the whole |
//! | `dso` | `{"receivables", "credit_sales", "days", "receivables_basis": "ending"\|"average", "beginning_receivables", "decimals": 2}` | `{"dso": "25.00"}` |
//! | `countback_dso` | `{"receivables", "monthly_sales": [newest first], "month_days": "thirty"\|"actual", "as_of"}` | `{"days", "months"}` |
//! | `best_possible_dso` | `{"current_receivables", "credit_sales", "days", "total_receivables"}` | `{"best_possible_dso", "dso", "average_days_delinquent"}` |
//! | `cei` | `{"beginning_receivables", "credit_sales", "ending_receivables", "ending_current_receivables", "sales_basis": "period"\|"monthly_average", "months"}` | `{"cei": "55.93"}` |
//! | `payment_timing` | `{"paid": [PaidItem, ...]}` | `{"days_to_pay", "days_late", "percent_late", "items"}` |
//! | `allowance` | `{"currency", "buckets", "percents", "rounding"}` | `{"currency", "parts", "total"}` |
//! | `roll_rates` | `{"previous": [...], "current": [...]}` | `{"rates": ["25.00", null, ...]}` |
//! | `cash_forecast` | `{"as_of", "period": "week"\|"month", "horizon", "default_days_late", "open": [...], "history": [...]}` | [`Forecast`](crate::metrics::Forecast) |
//! | `interest` | [`InterestRequest`] | [`Interest`](crate::charges::Interest) (+ `"preset": {"name", "version"}`) |
//! | `late_fee` | [`LateFeeRequest`] | `{"fee": "40.00"}` |
//! | `statement` / `statement_text` | [`StatementRequest`] | [`Statement`](crate::charges::Statement) / `{"text": "..."}` |
//! | `interest_presets` | `{}` | `{"presets": [Preset, ...]}` |
//! | `rate_table` / `rate_tables` | `{"name": "ecb_mro"}` / `{}` | [`SampleTable`](crate::charges::SampleTable) / `{"tables": [...]}` |
//! | `allocate_payment` | [`AllocateRequest`] | [`Allocation`](crate::payments::Allocation) |
//! | `company_schedule` | [`CompanyScheduleRequest`] | [`CompanySchedule`](crate::payments::CompanySchedule) |
//! | `payment_plan` / `plan_status` / `promise_status` | [`PlanRequest`] / [`PlanStatusRequest`] / [`PromiseRequest`] | [`Plan`](crate::payments::Plan) / [`PlanStatus`](crate::payments::PlanStatus) / [`PromiseStatus`](crate::payments::PromiseStatus) |
//! | `worklist` | [`WorklistRequest`] | `{"rows": [WorklistRow, ...]}` |
//! | `dunning` / `dunning_policy` | [`DunningRequest`] / `{}` | [`DunningRun`](crate::collections::DunningRun) / the standard policy |
//! | `risk_score` | [`RiskRequest`] | `{"scores": [RiskScore, ...]}` |
//! | `assign_collectors` | `{"accounts": [...], "collectors": [...]}` | [`Assignments`](crate::collections::Assignments) |
//! | `credit_check` | [`CreditRequest`](crate::collections::CreditRequest) | [`CreditDecision`](crate::collections::CreditDecision) |
//!
//! `schedule` also takes `"discount_base": "gross"` (default) or `"net"` with `"tax": "150.00"`
//! (the invoice's tax): percent discounts then apply to each installment less its tax share.
//!
//! A schedule request, in full:
//!
//! ```json
//! {
//!   "total": "1000.00",
//!   "currency": "EUR",
//!   "base_date": "2026-01-31",
//!   "terms": {
//!     "lines": [
//!       {"kind": "percent", "value": "30", "due": []},
//!       {"kind": "balance", "due": ["end_of_month", {"add_days": 60}]}
//!     ],
//!     "adjustment": "none"
//!   },
//!   "rounding": "half_up",
//!   "precision": null,
//!   "cash_increment": null,
//!   "calendar": {"weekend": ["sat", "sun"], "holidays": []},
//!   "allow_negative_balance": false
//! }
//! ```
//! Only `total`, `currency`, `base_date` and `terms` are required. The response:
//!
//! ```json
//! {"currency":"EUR","due_date":"2026-04-01","installments":[
//!   {"amount":"300.00","due_date":"2026-01-31","line":0},
//!   {"amount":"700.00","due_date":"2026-04-01","line":1}],"total":"1000.00"}
//! ```
//!
//! ```
//! let out = arrears::call_json("schedule", r#"{
//!     "total": "1000.00", "currency": "EUR", "base_date": "2026-01-31",
//!     "terms": {"lines": [{"kind": "percent", "value": "30"},
//!                         {"kind": "balance", "due": ["end_of_month", {"add_days": 60}]}]}}"#)?;
//! assert_eq!(out, r#"{"currency":"EUR","due_date":"2026-04-01","installments":[{"amount":"300.00","due_date":"2026-01-31","line":0},{"amount":"700.00","due_date":"2026-04-01","line":1}],"total":"1000.00"}"#);
//!
//! let err = arrears::call_json("schedule", r#"{"total": 1000.0, "currency": "EUR",
//!     "base_date": "2026-01-31", "terms": {"lines": [{"kind": "balance"}]}}"#).unwrap_err();
//! assert_eq!((err.kind().code(), err.field()), ("invalid_amount", "total"));
//! # Ok::<(), arrears::Error>(())
//! ```

use serde::Deserialize;

// The value forms live with their values and the JSON reader and writer below the domains; the
// old paths (`arrears::wire::amount`, `arrears::wire::from_json`...) keep working.
pub use crate::calendar::serde::{date, opt_date, WireDate};
pub use crate::money::serde::{amount, amount_list, opt_amount};
pub use crate::serde_forms::{from_json, to_json};

use crate::error::{Error, ErrorKind, Result};

mod aging;
mod charges;
mod collections;
mod metrics;
mod money;
mod payments;
mod terms;

pub use aging::AgingRequest;
pub use charges::{InterestRequest, LateFeeRequest, PresetRequest, StatementRequest};
pub use collections::{DunningRequest, RiskRequest, WorklistRequest};
pub use metrics::{ReceivablesBasis, SalesBasis};
pub use money::RoundRequest;
pub use payments::{AllocateRequest, CompanyScheduleRequest, PlanRequest, PlanStatusRequest, PromiseRequest};
pub use terms::{DiscountBaseName, DiscountCostRequest, DueDateRequest, ScheduleRequest, SettleRequest};

/// The canonical text of a response already built as a JSON value (its keys are sorted): one
/// tree, not a second copy of it as [`to_json`] would make.
pub(crate) fn value_json(value: serde_json::Value) -> String {
    value.to_string()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Empty {}

/// One wire operation: its name and what runs it.
pub(super) type Operation = (&'static str, fn(&str) -> Result<String>);

/// Every operation [`call_json`] accepts, one table per domain file, in documentation order.
const TABLES: [&[Operation]; 8] =
    [terms::OPS, money::OPS, VERSION_OP, aging::OPS, metrics::OPS, charges::OPS, payments::OPS, collections::OPS];

const VERSION_OP: &[Operation] = &[("version", op_version), ("error_codes", op_error_codes)];

fn op_version(request: &str) -> Result<String> {
    from_json::<Empty>(request)?;
    Ok(value_json(serde_json::json!({ "version": crate::VERSION })))
}

/// Every error code with its C status, as [`ErrorKind::ALL`] lists them: the bindings' tests
/// compare their own lists (Python's classes, Node's `ERROR_CODES`, C's statuses) with it.
fn op_error_codes(request: &str) -> Result<String> {
    from_json::<Empty>(request)?;
    let codes: Vec<_> =
        ErrorKind::ALL.iter().map(|k| serde_json::json!({ "code": k.code(), "status": k.status() })).collect();
    Ok(value_json(serde_json::json!({ "codes": codes })))
}

/// The names of the terms and money operations [`call_json`] accepts (the report operations are in
/// [`REPORT_OPERATIONS`], the late-charges ones in [`CHARGES_OPERATIONS`]); [`operations`] lists them all.
pub const OPERATIONS: [&str; 20] = [
    "schedule",
    "due_date",
    "terms",
    "round",
    "currency",
    "currencies",
    "version",
    "error_codes",
    "parse_terms",
    "format_terms",
    "preset",
    "presets",
    "settle",
    "discount_cost",
    "to_xrechnung",
    "from_xrechnung",
    "to_x12_itd",
    "from_x12_itd",
    "to_edifact_pat",
    "from_edifact_pat",
];

/// The report operations [`call_json`] accepts besides [`OPERATIONS`].
pub const REPORT_OPERATIONS: [&str; 10] = [
    "aging",
    "aging_merge",
    "dso",
    "countback_dso",
    "best_possible_dso",
    "cei",
    "payment_timing",
    "allowance",
    "roll_rates",
    "cash_forecast",
];

/// The late-charges operations [`call_json`] accepts besides [`OPERATIONS`] and
/// [`REPORT_OPERATIONS`].
pub const CHARGES_OPERATIONS: [&str; 7] =
    ["interest", "late_fee", "statement", "statement_text", "interest_presets", "rate_table", "rate_tables"];

/// The payments operations [`call_json`] accepts besides the lists above.
pub const PAYMENTS_OPERATIONS: [&str; 5] =
    ["allocate_payment", "payment_plan", "plan_status", "promise_status", "company_schedule"];
/// The collections operations [`call_json`] accepts besides the ones above.
pub const COLLECTIONS_OPERATIONS: [&str; 6] =
    ["worklist", "dunning", "dunning_policy", "risk_score", "assign_collectors", "credit_check"];

/// The name of every operation [`call_json`] accepts.
///
/// ```
/// let ops = arrears::wire::operations();
/// assert!(ops.contains(&"schedule") && ops.contains(&"aging_merge"));
/// ```
pub fn operations() -> Vec<&'static str> {
    TABLES.iter().flat_map(|t| t.iter().map(|(name, _)| *name)).collect()
}

/// Runs one wire operation: `request` is a JSON document, the result a canonical JSON document.
///
/// ```
/// assert_eq!(arrears::call_json("version", "{}")?, format!(r#"{{"version":"{}"}}"#, arrears::VERSION));
/// let err = arrears::call_json("reschedule", "{}").unwrap_err();
/// assert_eq!((err.kind().code(), err.field()), ("invalid_request", "op"));
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidRequest`] for an unknown operation or a malformed request (a list for
/// an object, field `request`; a key written twice in one object, its path); otherwise the
/// operation's own errors, with `field` set to the JSON path of the bad value.
pub fn call_json(op: &str, request: &str) -> Result<String> {
    match TABLES.iter().flat_map(|t| t.iter()).find(|(name, _)| *name == op) {
        // serde would read a list as an object's fields by position (["1.005", "EUR"] as a
        // `round` request): every request is an object of named fields (or, for `terms` and
        // `schedule`, a notation string).
        Some(_) if request.trim_start().starts_with('[') => Err(Error::new(
            ErrorKind::InvalidRequest,
            "request",
            "a list",
            "a request is a JSON object of named fields, {\"name\": value, ...}, not a list",
        )),
        // An error about the request as a whole (a notation given as the whole request, say)
        // names it `request`, as a malformed document does: every error names a field.
        Some((_, run)) => run(request).map_err(|e| if e.field().is_empty() { e.within("request") } else { e }),
        None => Err(Error::new(
            ErrorKind::InvalidRequest,
            "op",
            op,
            format!("unknown operation; expected one of {}", operations().join(", ")),
        )),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_lists_the_documented_operations() {
        let mut documented: Vec<&str> = super::OPERATIONS
            .iter()
            .chain(super::REPORT_OPERATIONS.iter())
            .chain(super::CHARGES_OPERATIONS.iter())
            .chain(super::PAYMENTS_OPERATIONS.iter())
            .chain(super::COLLECTIONS_OPERATIONS.iter())
            .copied()
            .collect();
        let mut table = super::operations();
        documented.sort_unstable();
        table.sort_unstable();
        assert_eq!(documented, table);
    }

    #[test]
    fn an_error_about_the_whole_request_names_it() {
        // found by the wire_templates fuzz target: the notation as the whole `terms` request
        let e = super::call_json("terms", r#""1et 30 EOM""#).unwrap_err();
        assert_eq!((e.kind().code(), e.field(), e.value()), ("invalid_terms", "request", "1et 30 EOM"));
    }
}
