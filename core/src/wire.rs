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
//! | `schedule` | [`ScheduleRequest`] | [`Schedule`] |
//! | `due_date` | [`DueDateRequest`] | `{"due_date": "YYYY-MM-DD"}` |
//! | `terms` | [`PaymentTerms`] | the same terms, validated, in canonical form |
//! | `round` | [`RoundRequest`] | `{"amount": "..."}` |
//! | `currency` | `{"code": "EUR"}` | [`Currency`] |
//! | `currencies` | `{}` | `{"currencies": [Currency, ...]}` |
//! | `version` | `{}` | `{"version": "0.1.0"}` |
//! | `parse_terms` | `{"text": "2/10 net 30", "options": {"eom": "us", "cut_off": null}}` | `{"terms": PaymentTerms, "text": "<canonical>"}` |
//! | `format_terms` | `{"terms": PaymentTerms}` | `{"text": "<canonical>"}` |
//! | `preset` | `{"name": "2_10_net_30"}` | `{"name": ..., "terms": PaymentTerms, "text": ...}` |
//! | `presets` | `{}` | `{"presets": [{"name", "terms", "text"}, ...]}` |
//! | `settle` | [`SettleRequest`] | [`Settlement`](crate::discount::Settlement) |
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

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

// The value forms live with their values and the JSON reader and writer below the domains; the
// old paths (`arrears::wire::amount`, `arrears::wire::from_json`...) keep working.
pub use crate::calendar::serde::{date, opt_date, WireDate};
pub use crate::money::serde::{amount, amount_list, opt_amount};
pub use crate::serde_forms::{from_json, to_json};

use crate::calendar::{Adjustment, Calendar, DueRule};
use crate::error::{Error, ErrorKind, Result};
use crate::money::{Currency, MoneyRules, Rounding, RoundingMode};
use crate::notation::{NotationOptions, PRESETS};
use crate::schedule::{schedule, schedule_with_discount_base, DiscountBase, Installment, Schedule, ScheduleOptions};
use crate::terms::PaymentTerms;

/// The canonical text of a response already built as a JSON value (its keys are sorted): one
/// tree, not a second copy of it as [`to_json`] would make.
pub(crate) fn value_json(value: serde_json::Value) -> String {
    value.to_string()
}

/// Request of the `schedule` operation. See the module docs for the JSON.
///
/// ```
/// use arrears::{from_json, wire::ScheduleRequest};
/// let req: ScheduleRequest = from_json(r#"{"total": "0.05", "currency": "EUR", "base_date": "2026-01-01",
///     "rounding": "half_even", "terms": {"lines": [{"kind": "percent", "value": "50"}, {"kind": "balance"}]}}"#)?;
/// let amounts: Vec<String> = req.run()?.installments.iter().map(|i| i.amount.to_string()).collect();
/// assert_eq!(amounts, ["0.02", "0.03"]);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleRequest {
    /// Invoice total (negative for a credit note).
    #[serde(with = "amount")]
    pub total: Decimal,
    /// ISO 4217 code.
    pub currency: String,
    /// The date due-date rules start from (invoice, delivery or receipt date).
    #[serde(with = "date")]
    pub base_date: NaiveDate,
    /// The payment terms.
    pub terms: PaymentTerms,
    /// Rounding mode; default `half_up`.
    #[serde(default)]
    pub rounding: RoundingMode,
    /// Precision override (decimal places).
    #[serde(default)]
    pub precision: Option<u32>,
    /// Cash-rounding increment.
    #[serde(default, with = "opt_amount")]
    pub cash_increment: Option<Decimal>,
    /// Business-day calendar for the terms' adjustment; default Saturday-Sunday, no holidays.
    #[serde(default)]
    pub calendar: Option<Calendar>,
    /// Reproduce engines that let an over-allocated term produce a negative balance line.
    #[serde(default)]
    pub allow_negative_balance: bool,
    /// What percent discounts apply to: `"gross"` (default) or `"net"` (needs `tax`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_base: Option<DiscountBaseName>,
    /// The invoice's tax, for `"discount_base": "net"`.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_amount")]
    pub tax: Option<Decimal>,
}

/// The wire names of [`DiscountBase`]: `"gross"` and `"net"`.
///
/// ```
/// let b: arrears::wire::DiscountBaseName = arrears::from_json(r#""net""#)?;
/// assert_eq!(b, arrears::wire::DiscountBaseName::Net);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscountBaseName {
    /// Tax included.
    Gross,
    /// Net of the installment's tax share.
    Net,
}

impl ScheduleRequest {
    /// The [`ScheduleOptions`] this request asks for.
    pub fn options(&self) -> ScheduleOptions {
        ScheduleOptions {
            rounding: Rounding { mode: self.rounding, precision: self.precision, cash_increment: self.cash_increment },
            calendar: self.calendar.clone().unwrap_or_default(),
            allow_negative_balance: self.allow_negative_balance,
        }
    }

    /// Runs the request.
    ///
    /// # Errors
    /// As [`schedule()`].
    pub fn run(&self) -> Result<Schedule> {
        let base = match (self.discount_base, self.tax) {
            (None | Some(DiscountBaseName::Gross), None) => DiscountBase::Gross,
            (Some(DiscountBaseName::Net), Some(tax)) => DiscountBase::NetOfTax(tax),
            (Some(DiscountBaseName::Net), None) => {
                return Err(Error::new(
                    ErrorKind::InvalidRequest,
                    "tax",
                    "",
                    "\"discount_base\": \"net\" needs the invoice's tax",
                ))
            }
            (_, Some(tax)) => {
                return Err(Error::new(
                    ErrorKind::InvalidRequest,
                    "tax",
                    tax.to_string(),
                    "tax is only used with \"discount_base\": \"net\"",
                ))
            }
        };
        match base {
            DiscountBase::Gross => schedule(self.total, &self.currency, self.base_date, &self.terms, &self.options()),
            base => schedule_with_discount_base(
                self.total,
                &self.currency,
                self.base_date,
                &self.terms,
                &self.options(),
                base,
            ),
        }
    }
}

/// Request of the `due_date` operation.
///
/// ```
/// use arrears::{from_json, wire::DueDateRequest};
/// let req: DueDateRequest = from_json(r#"{"base_date": "2026-12-24", "steps": [{"add_days": 1}],
///     "adjustment": "following", "calendar": {"holidays": ["2026-12-25"]}}"#)?;
/// assert_eq!(req.run()?.to_string(), "2026-12-28");
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DueDateRequest {
    /// The base date.
    #[serde(with = "date")]
    pub base_date: NaiveDate,
    /// The rule's steps.
    #[serde(default)]
    pub steps: DueRule,
    /// Business-day adjustment; default none.
    #[serde(default)]
    pub adjustment: Adjustment,
    /// Calendar for the adjustment; default Saturday-Sunday, no holidays.
    #[serde(default)]
    pub calendar: Option<Calendar>,
}

impl DueDateRequest {
    /// Runs the request: the steps, then the adjustment.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRule`], [`ErrorKind::DateOutOfRange`].
    pub fn run(&self) -> Result<NaiveDate> {
        self.steps.validate().map_err(|e| e.within("steps"))?;
        let d = self.steps.apply(self.base_date).map_err(|e| e.within("steps"))?;
        self.calendar.clone().unwrap_or_default().adjust(d, self.adjustment).map_err(|e| e.within("adjustment"))
    }
}

/// Request of the `round` operation.
///
/// ```
/// let out = arrears::call_json("round", r#"{"amount": "781.515", "currency": "EUR",
///                                           "rounding": "ceiling", "cash_increment": "0.05"}"#)?;
/// assert_eq!(out, r#"{"amount":"781.55"}"#);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundRequest {
    /// The figure to round.
    #[serde(with = "amount")]
    pub amount: Decimal,
    /// ISO 4217 code.
    pub currency: String,
    /// Rounding mode; default `half_up`.
    #[serde(default)]
    pub rounding: RoundingMode,
    /// Precision override.
    #[serde(default)]
    pub precision: Option<u32>,
    /// Cash-rounding increment.
    #[serde(default, with = "opt_amount")]
    pub cash_increment: Option<Decimal>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeRequest {
    code: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Empty {}

#[derive(Serialize)]
struct DueDateResponse {
    #[serde(with = "date")]
    due_date: NaiveDate,
}

#[derive(Serialize)]
struct AmountResponse {
    #[serde(with = "amount")]
    amount: Decimal,
}

pub use crate::wire_reports::{AgingRequest, ReceivablesBasis, SalesBasis, REPORT_OPERATIONS};

/// Request of the `settle` operation: what a payment on `date` settles of one installment (as
/// [`schedule()`] lists it, discounts included). `payment` absent: the amount that settles it.
///
/// ```
/// let out = arrears::call_json("settle", r#"{"currency": "EUR", "date": "2026-01-05",
///   "installment": {"amount": "1000.00", "due_date": "2026-01-31", "line": 0,
///     "discounts": [{"deadline": "2026-01-11", "discount": "20.00", "payable": "980.00"}]}}"#)?;
/// assert_eq!(out, r#"{"deadline":"2026-01-11","discount":"20.00","open_after":"0.00","paid":"980.00","settled":"1000.00"}"#);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettleRequest {
    /// ISO 4217 code.
    pub currency: String,
    /// The installment.
    pub installment: Installment,
    /// The payment date.
    #[serde(with = "date")]
    pub date: NaiveDate,
    /// A (partial) payment; absent: the amount that settles the open amount.
    #[serde(default, with = "opt_amount")]
    pub payment: Option<Decimal>,
    /// What is still open of the installment; default its amount.
    #[serde(default, with = "opt_amount")]
    pub open: Option<Decimal>,
    /// Rounding mode; default `half_up`.
    #[serde(default)]
    pub rounding: RoundingMode,
    /// Precision override.
    #[serde(default)]
    pub precision: Option<u32>,
    /// Cash-rounding increment.
    #[serde(default, with = "opt_amount")]
    pub cash_increment: Option<Decimal>,
}

/// Request of the `discount_cost` operation.
///
/// ```
/// let out = arrears::call_json("discount_cost", r#"{"percent": "2", "discount_days": 10, "net_days": 30}"#)?;
/// assert_eq!(out, r#"{"effective":"44.59","nominal":"37.24"}"#);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscountCostRequest {
    /// The discount percent.
    #[serde(with = "amount")]
    pub percent: Decimal,
    /// Days of the discount period.
    pub discount_days: u32,
    /// Days of the net period.
    pub net_days: u32,
    /// Days in a year; default 365.
    #[serde(default = "default_year")]
    pub year_basis: u32,
    /// Decimals of the percents in the response (half up); default 2, at most 10.
    #[serde(default = "default_decimals")]
    pub decimals: u32,
}

fn default_year() -> u32 {
    365
}

fn default_decimals() -> u32 {
    2
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParseTermsRequest {
    text: String,
    #[serde(default)]
    options: NotationOptions,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsRequest {
    terms: PaymentTerms,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NameRequest {
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SegmentRequest {
    segment: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ToXRechnungRequest {
    terms: PaymentTerms,
    #[serde(default, with = "opt_amount")]
    base_amount: Option<Decimal>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FromXRechnungRequest {
    text: String,
    net_days: i32,
}

fn terms_and_text(terms: &PaymentTerms) -> Result<serde_json::Value> {
    let text = terms.format()?;
    Ok(serde_json::json!({ "terms": terms, "text": text }))
}

/// The names of the terms and money operations [`call_json`] accepts (the report operations are in
/// [`REPORT_OPERATIONS`]).
pub const OPERATIONS: [&str; 19] = [
    "schedule",
    "due_date",
    "terms",
    "round",
    "currency",
    "currencies",
    "version",
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
/// [`ErrorKind::InvalidRequest`] for an unknown operation or a malformed request; otherwise the
/// operation's own errors, with `field` set to the JSON path of the bad value.
pub fn call_json(op: &str, request: &str) -> Result<String> {
    match op {
        "schedule" => Ok(to_json(&from_json::<ScheduleRequest>(request)?.run()?)),
        "due_date" => {
            let due_date = from_json::<DueDateRequest>(request)?.run()?;
            Ok(to_json(&DueDateResponse { due_date }))
        }
        "terms" => Ok(to_json(&from_json::<PaymentTerms>(request)?)),
        "round" => {
            let r = from_json::<RoundRequest>(request)?;
            let rules = MoneyRules::new(
                &r.currency,
                &Rounding { mode: r.rounding, precision: r.precision, cash_increment: r.cash_increment },
            )?;
            Ok(to_json(&AmountResponse { amount: rules.round(r.amount)? }))
        }
        "currency" => {
            let r = from_json::<CodeRequest>(request)?;
            let c = Currency::lookup(&r.code).ok_or_else(|| {
                Error::new(ErrorKind::UnknownCurrency, "code", r.code.as_str(), "not in the current ISO 4217 list")
            })?;
            Ok(to_json(c))
        }
        "currencies" => {
            from_json::<Empty>(request)?;
            Ok(value_json(serde_json::json!({ "currencies": Currency::all() })))
        }
        "version" => {
            from_json::<Empty>(request)?;
            Ok(value_json(serde_json::json!({ "version": crate::VERSION })))
        }
        "parse_terms" => {
            let r = from_json::<ParseTermsRequest>(request)?;
            let terms = PaymentTerms::parse(&r.text, &r.options)?;
            Ok(value_json(terms_and_text(&terms)?))
        }
        "format_terms" => {
            let r = from_json::<TermsRequest>(request)?;
            Ok(value_json(serde_json::json!({ "text": r.terms.format()? })))
        }
        "preset" => {
            let r = from_json::<NameRequest>(request)?;
            let mut v = terms_and_text(&PaymentTerms::preset(&r.name)?)?;
            v["name"] = serde_json::Value::String(r.name);
            Ok(value_json(v))
        }
        "presets" => {
            from_json::<Empty>(request)?;
            let mut all = Vec::with_capacity(PRESETS.len());
            for (name, _) in PRESETS {
                let mut v = terms_and_text(&PaymentTerms::preset(name)?)?;
                v["name"] = serde_json::Value::String(name.to_string());
                all.push(v);
            }
            Ok(value_json(serde_json::json!({ "presets": all })))
        }
        "settle" => {
            let r = from_json::<SettleRequest>(request)?;
            let rules = MoneyRules::new(
                &r.currency,
                &Rounding { mode: r.rounding, precision: r.precision, cash_increment: r.cash_increment },
            )?;
            let installment = Installment {
                amount: rules.exact("installment.amount", r.installment.amount)?,
                ..r.installment.clone()
            };
            Ok(to_json(&crate::discount::settle(&installment, r.date, r.payment, r.open, &rules)?))
        }
        "discount_cost" => {
            let r = from_json::<DiscountCostRequest>(request)?;
            if r.decimals > 10 {
                return Err(Error::new(
                    ErrorKind::InvalidRequest,
                    "decimals",
                    r.decimals.to_string(),
                    "decimals run from 0 to 10",
                ));
            }
            let c = crate::discount::discount_cost(r.percent, r.discount_days, r.net_days, r.year_basis)?;
            let fmt = |v: Decimal| {
                let mut v = RoundingMode::HalfUp.round(v, r.decimals);
                v.rescale(r.decimals);
                v.to_string()
            };
            Ok(value_json(serde_json::json!({ "nominal": fmt(c.nominal), "effective": fmt(c.effective) })))
        }
        "to_xrechnung" => {
            let r = from_json::<ToXRechnungRequest>(request)?;
            let x = crate::einvoice::to_xrechnung(&r.terms, r.base_amount)?;
            Ok(value_json(serde_json::json!({ "text": x.text, "net_days": x.net_days })))
        }
        "from_xrechnung" => {
            let r = from_json::<FromXRechnungRequest>(request)?;
            let x = crate::einvoice::from_xrechnung(&r.text, r.net_days)?;
            let mut v = serde_json::json!({ "terms": x.terms });
            if x.base_amounts.iter().any(Option::is_some) {
                v["base_amounts"] =
                    serde_json::json!(x.base_amounts.iter().map(|b| b.map(|b| b.to_string())).collect::<Vec<_>>());
            }
            Ok(value_json(v))
        }
        "to_x12_itd" => {
            let r = from_json::<TermsRequest>(request)?;
            Ok(value_json(serde_json::json!({ "segment": crate::einvoice::to_x12_itd(&r.terms)? })))
        }
        "from_x12_itd" => {
            let r = from_json::<SegmentRequest>(request)?;
            Ok(value_json(serde_json::json!({ "terms": crate::einvoice::from_x12_itd(&r.segment)? })))
        }
        "to_edifact_pat" => {
            let r = from_json::<TermsRequest>(request)?;
            Ok(value_json(serde_json::json!({ "segment": crate::einvoice::to_edifact_pat(&r.terms)? })))
        }
        "from_edifact_pat" => {
            let r = from_json::<SegmentRequest>(request)?;
            Ok(value_json(serde_json::json!({ "terms": crate::einvoice::from_edifact_pat(&r.segment)? })))
        }
        other => crate::wire_reports::call(other, request).unwrap_or_else(|| {
            Err(Error::new(
                ErrorKind::InvalidRequest,
                "op",
                other,
                format!(
                    "unknown operation; expected one of {}, {}",
                    OPERATIONS.join(", "),
                    crate::wire_reports::REPORT_OPERATIONS.join(", ")
                ),
            ))
        }),
    }
}
