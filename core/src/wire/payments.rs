//! Wire operations of payments (see [`crate::wire`] for the format rules).
//!
//! | op | request | response |
//! |----|---------|----------|
//! | `allocate_payment` | [`AllocateRequest`] | [`Allocation`](crate::payments::Allocation) |
//! | `payment_plan` | [`PlanRequest`] | [`Plan`] |
//! | `plan_status` | [`PlanStatusRequest`] | [`PlanStatus`](crate::payments::PlanStatus) |
//! | `promise_status` | [`PromiseRequest`] | [`PromiseStatus`](crate::payments::PromiseStatus) |
//! | `company_schedule` | [`CompanyScheduleRequest`] | [`CompanySchedule`](crate::payments::CompanySchedule) |

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::money::{MoneyRules, Rounding, RoundingMode};
use crate::payments::{
    allocate, company_schedule, payment_plan, plan_status, promise_status, AllocationOptions, Frequency, GrossInWindow,
    Payment, PaymentItem, Plan, PlanTerms, Promise, Received, Strategy, Tolerance, Within,
};
use crate::serde_forms::{from_json, to_json};

/// Request of the `allocate_payment` operation.
///
/// ```json
/// {"payment": {"amount": "250.00", "currency": "EUR", "date": "2026-02-10", "rate": "1.0825"},
///  "items": [{"id": "INV-1", "currency": "EUR", "invoice_date": "2026-01-01",
///             "installments": [{"due_date": "2026-01-31", "amount": "300.00", "open": "300.00", "discounts": []}],
///             "fees": "0.00", "interest": "0.00", "secured": false, "rate": null,
///             "company_currency": "USD", "invoice_rate": "1.0950"}],
///  "strategy": "oldest_first", "order": [], "within": null, "gross_in_window": "take_discount",
///  "tolerance": {"amount": "0.05", "percent": null}, "rounding": "half_up", "precision": null}
/// ```
/// Required: `payment` and `items`. `strategy`: `oldest_first` (default), `specified` (with
/// `order`, the ids to pay in turn; empty: the items' order), `proportional`, `largest_first`,
/// `smallest_first`, `de_bgb_366`, `it_cc_1193`, `ru_gk_319`. `within`:
/// `fees_interest_principal`, `fees_principal_interest`, `principal_first` (default: the
/// strategy's). `gross_in_window`: `take_discount` (default) or `decline_discount`. An item with
/// `company_currency` and `invoice_rate` (company units per document unit) gets its
/// `exchange_difference` at the payment's `rate` (then required).
///
/// ```
/// let out = arrears::call_json("allocate_payment", r#"{
///   "payment": {"amount": "150.00", "currency": "EUR", "date": "2026-02-01"},
///   "items": [{"id": "A", "currency": "EUR", "invoice_date": "2026-01-01",
///              "installments": [{"due_date": "2026-01-31", "amount": "100.00"}]}]}"#)?;
/// assert!(out.contains(r#""unapplied":"50.00""#));
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocateRequest {
    /// The payment.
    pub payment: Payment,
    /// The open items.
    pub items: Vec<PaymentItem>,
    /// The order among items.
    #[serde(default)]
    pub strategy: Strategy,
    /// With `specified`: the ids in the order to pay.
    #[serde(default)]
    pub order: Vec<String>,
    /// The order inside an item (default: the strategy's).
    #[serde(default)]
    pub within: Option<Within>,
    /// A gross payment inside a discount window.
    #[serde(default)]
    pub gross_in_window: GrossInWindow,
    /// The write-off tolerance (none by default).
    #[serde(default)]
    pub tolerance: Option<Tolerance>,
    /// Rounding mode (default `half_up`).
    #[serde(default)]
    pub rounding: RoundingMode,
    /// Precision override.
    #[serde(default)]
    pub precision: Option<u32>,
}

/// The operations of this file, for [`super::call_json`].
pub(super) const OPS: &[super::Operation] = &[
    ("allocate_payment", op_allocate),
    ("payment_plan", op_plan),
    ("plan_status", op_plan_status),
    ("promise_status", op_promise_status),
    ("company_schedule", op_company_schedule),
];

fn op_allocate(request: &str) -> Result<String> {
    let r: AllocateRequest = from_json(request)?;
    let options = AllocationOptions {
        strategy: r.strategy,
        order: r.order,
        within: r.within,
        gross_in_window: r.gross_in_window,
        tolerance: r.tolerance,
        rounding: r.rounding,
        precision: r.precision,
    };
    Ok(to_json(&allocate(&r.payment, &r.items, &options)?))
}

/// Request of the `payment_plan` operation: the [`PlanTerms`] fields plus rounding.
///
/// ```
/// let out = arrears::call_json("payment_plan", r#"{"balance": "1000.00", "currency": "EUR",
///     "start": "2026-01-31", "count": 2, "frequency": "monthly"}"#)?;
/// assert!(out.contains(r#""due_date":"2026-02-28""#));
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    /// The overdue balance.
    #[serde(with = "crate::money::serde::amount")]
    pub balance: Decimal,
    /// ISO 4217 code.
    pub currency: String,
    /// The first due date.
    #[serde(with = "crate::calendar::serde::date")]
    pub start: NaiveDate,
    /// Number of installments (or `installment`).
    #[serde(default)]
    pub count: Option<u32>,
    /// A fixed installment (or `count`).
    #[serde(default, with = "crate::money::serde::opt_amount")]
    pub installment: Option<Decimal>,
    /// `weekly`, `biweekly`, `monthly` (default).
    #[serde(default)]
    pub frequency: Frequency,
    /// A down payment due on `start`.
    #[serde(default, with = "crate::money::serde::opt_amount")]
    pub down_payment: Option<Decimal>,
    /// Annual interest rate, percent (annuity).
    #[serde(default, with = "crate::money::serde::opt_amount")]
    pub rate: Option<Decimal>,
    /// Rounding mode (default `half_up`).
    #[serde(default)]
    pub rounding: RoundingMode,
    /// Precision override.
    #[serde(default)]
    pub precision: Option<u32>,
}

/// Request of the `plan_status` operation: `{"plan": Plan, "payments": [{"date", "amount"}],
/// "as_of": "2026-03-01", "grace_days": 5}` (+ `rounding`, `precision`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanStatusRequest {
    /// The plan (as `payment_plan` returned it).
    pub plan: Plan,
    /// The payments received.
    #[serde(default)]
    pub payments: Vec<Received>,
    /// The as-of date.
    #[serde(with = "crate::calendar::serde::date")]
    pub as_of: NaiveDate,
    /// Days after a due date before a missed installment breaks the plan.
    #[serde(default)]
    pub grace_days: u32,
    /// Rounding mode (default `half_up`).
    #[serde(default)]
    pub rounding: RoundingMode,
    /// Precision override.
    #[serde(default)]
    pub precision: Option<u32>,
}

/// Request of the `promise_status` operation: `{"promise": {"amount", "date", "made_on"},
/// "currency": "EUR", "payments": [...], "as_of": "2026-02-16"}` (+ `rounding`, `precision`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromiseRequest {
    /// The promise.
    pub promise: Promise,
    /// ISO 4217 code.
    pub currency: String,
    /// The payments received.
    #[serde(default)]
    pub payments: Vec<Received>,
    /// The as-of date.
    #[serde(with = "crate::calendar::serde::date")]
    pub as_of: NaiveDate,
    /// Rounding mode (default `half_up`).
    #[serde(default)]
    pub rounding: RoundingMode,
    /// Precision override.
    #[serde(default)]
    pub precision: Option<u32>,
}

fn rules(currency: &str, mode: RoundingMode, precision: Option<u32>) -> Result<MoneyRules> {
    MoneyRules::new(currency, &Rounding { mode, precision, cash_increment: None })
}

fn op_plan(request: &str) -> Result<String> {
    let r: PlanRequest = from_json(request)?;
    let terms = PlanTerms {
        balance: r.balance,
        currency: r.currency.clone(),
        start: r.start,
        count: r.count,
        installment: r.installment,
        frequency: r.frequency,
        down_payment: r.down_payment,
        rate: r.rate,
    };
    Ok(to_json(&payment_plan(&terms, &rules(&r.currency, r.rounding, r.precision)?)?))
}

fn op_plan_status(request: &str) -> Result<String> {
    let r: PlanStatusRequest = from_json(request)?;
    // the currency is the plan's; precision is the request's own field
    let rules = rules(&r.plan.currency, r.rounding, r.precision).map_err(|e| {
        if e.field() == "currency" {
            e.within("plan")
        } else {
            e
        }
    })?;
    Ok(to_json(&plan_status(&r.plan, &r.payments, r.as_of, r.grace_days, &rules)?))
}

fn op_promise_status(request: &str) -> Result<String> {
    let r: PromiseRequest = from_json(request)?;
    let rules = rules(&r.currency, r.rounding, r.precision)?;
    Ok(to_json(&promise_status(&r.promise, &r.payments, r.as_of, &rules)?))
}

/// Request of the `company_schedule` operation: a schedule (as `schedule` returns it) booked in
/// the company currency.
///
/// ```
/// let out = arrears::call_json("company_schedule", r#"{"company_currency": "EUR", "rate": "50",
///   "schedule": {"currency": "USD", "due_date": "2026-01-03", "total": "100.00",
///     "installments": [{"amount": "100.00", "due_date": "2026-01-03", "line": 0,
///       "discounts": [{"deadline": "2026-01-02", "discount": "10.00", "payable": "90.00"}]}]}}"#)?;
/// assert!(out.contains(r#""discount":"500.00","payable":"4500.00""#));
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyScheduleRequest {
    /// The document schedule.
    pub schedule: crate::terms::Schedule,
    /// The company currency.
    pub company_currency: String,
    /// Company units per document unit (the invoice's rate).
    #[serde(with = "crate::money::serde::amount")]
    pub rate: Decimal,
    /// The company total, when booked already: checked to be the document total converted (an
    /// error naming both otherwise).
    #[serde(default, with = "crate::money::serde::opt_amount")]
    pub company_total: Option<Decimal>,
    /// Rounding mode (default `half_up`).
    #[serde(default)]
    pub rounding: RoundingMode,
    /// Precision override of the company currency.
    #[serde(default)]
    pub precision: Option<u32>,
}

fn op_company_schedule(request: &str) -> Result<String> {
    let r: CompanyScheduleRequest = from_json(request)?;
    let company = rules(&r.company_currency, r.rounding, r.precision).map_err(|e| {
        if e.field() == "currency" {
            crate::error::Error::new(e.kind(), "company_currency", e.value(), e.reason())
        } else {
            e
        }
    })?;
    Ok(to_json(&company_schedule(&r.schedule, r.rate, r.company_total, &company)?))
}
