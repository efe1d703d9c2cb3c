//! Wire operations of payment terms: schedules, due dates, terms and their notations, presets,
//! discounts, e-invoicing forms (see [`crate::wire`] for the format rules).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{value_json, Empty};
use crate::calendar::serde::date;
use crate::calendar::{Adjustment, Calendar, DueRule};
use crate::error::{Error, ErrorKind, Result};
use crate::money::serde::{amount, opt_amount};
use crate::money::{MoneyRules, Rounding, RoundingMode};
use crate::serde_forms::{from_json, to_json};
use crate::terms::discount::{settle_with, GrossInWindow};
use crate::terms::notation::{NotationOptions, PRESETS};
use crate::terms::{
    schedule, schedule_with_discount_base, DiscountBase, Installment, PaymentTerms, Schedule, ScheduleOptions,
};

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

#[derive(Serialize)]
struct DueDateResponse {
    #[serde(with = "date")]
    due_date: NaiveDate,
}

/// Request of the `settle` operation: what a payment on `date` settles of one installment (as
/// [`schedule()`] lists it, discounts included). `payment` absent: the amount that settles it.
///
/// ```
/// let out = arrears::call_json("settle", r#"{"currency": "EUR", "date": "2026-01-05",
///   "installment": {"amount": "1000.00", "due_date": "2026-01-31", "line": 0,
///     "discounts": [{"deadline": "2026-01-11", "discount": "20.00", "payable": "980.00"}]}}"#)?;
/// assert_eq!(out, r#"{"deadline":"2026-01-11","discount":"20.00","open_after":"0.00","overpayment":"0.00","paid":"980.00","settled":"1000.00"}"#);
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
    /// What a payment of the gross amount inside a discount window does: `"take_discount"`
    /// (default; the excess is an overpayment) or `"decline_discount"`.
    #[serde(default)]
    pub gross_in_window: GrossInWindow,
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

/// The operations of this file, for [`super::call_json`].
pub(super) const OPS: &[super::Operation] = &[
    ("schedule", op_schedule),
    ("due_date", op_due_date),
    ("terms", op_terms),
    ("parse_terms", op_parse_terms),
    ("format_terms", op_format_terms),
    ("preset", op_preset),
    ("presets", op_presets),
    ("settle", op_settle),
    ("discount_cost", op_discount_cost),
    ("to_xrechnung", op_to_xrechnung),
    ("from_xrechnung", op_from_xrechnung),
    ("to_x12_itd", op_to_x12_itd),
    ("from_x12_itd", op_from_x12_itd),
    ("to_edifact_pat", op_to_edifact_pat),
    ("from_edifact_pat", op_from_edifact_pat),
];

fn op_schedule(request: &str) -> Result<String> {
    Ok(to_json(&from_json::<ScheduleRequest>(request)?.run()?))
}

fn op_due_date(request: &str) -> Result<String> {
    let due_date = from_json::<DueDateRequest>(request)?.run()?;
    Ok(to_json(&DueDateResponse { due_date }))
}

fn op_terms(request: &str) -> Result<String> {
    Ok(to_json(&from_json::<PaymentTerms>(request)?))
}

fn op_parse_terms(request: &str) -> Result<String> {
    let r = from_json::<ParseTermsRequest>(request)?;
    let terms = PaymentTerms::parse(&r.text, &r.options)?;
    Ok(value_json(terms_and_text(&terms)?))
}

fn op_format_terms(request: &str) -> Result<String> {
    let r = from_json::<TermsRequest>(request)?;
    Ok(value_json(serde_json::json!({ "text": r.terms.format()? })))
}

fn op_preset(request: &str) -> Result<String> {
    let r = from_json::<NameRequest>(request)?;
    let mut v = terms_and_text(&PaymentTerms::preset(&r.name)?)?;
    v["name"] = serde_json::Value::String(r.name);
    Ok(value_json(v))
}

fn op_presets(request: &str) -> Result<String> {
    from_json::<Empty>(request)?;
    let mut all = Vec::with_capacity(PRESETS.len());
    for (name, _) in PRESETS {
        let mut v = terms_and_text(&PaymentTerms::preset(name)?)?;
        v["name"] = serde_json::Value::String(name.to_string());
        all.push(v);
    }
    Ok(value_json(serde_json::json!({ "presets": all })))
}

fn op_settle(request: &str) -> Result<String> {
    let r = from_json::<SettleRequest>(request)?;
    let rules = MoneyRules::new(
        &r.currency,
        &Rounding { mode: r.rounding, precision: r.precision, cash_increment: r.cash_increment },
    )?;
    let installment =
        Installment { amount: rules.exact("installment.amount", r.installment.amount)?, ..r.installment.clone() };
    Ok(to_json(&settle_with(&installment, r.date, r.payment, r.open, r.gross_in_window, &rules)?))
}

fn op_discount_cost(request: &str) -> Result<String> {
    let r = from_json::<DiscountCostRequest>(request)?;
    if r.decimals > 10 {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "decimals",
            r.decimals.to_string(),
            "decimals run from 0 to 10",
        ));
    }
    let c = crate::terms::discount::discount_cost(r.percent, r.discount_days, r.net_days, r.year_basis)?;
    let fmt = |v: Decimal| {
        let mut v = RoundingMode::HalfUp.round(v, r.decimals);
        v.rescale(r.decimals);
        v.to_string()
    };
    Ok(value_json(serde_json::json!({ "nominal": fmt(c.nominal), "effective": fmt(c.effective) })))
}

fn op_to_xrechnung(request: &str) -> Result<String> {
    let r = from_json::<ToXRechnungRequest>(request)?;
    let x = crate::terms::einvoice::to_xrechnung(&r.terms, r.base_amount)?;
    Ok(value_json(serde_json::json!({ "text": x.text, "net_days": x.net_days })))
}

fn op_from_xrechnung(request: &str) -> Result<String> {
    let r = from_json::<FromXRechnungRequest>(request)?;
    let x = crate::terms::einvoice::from_xrechnung(&r.text, r.net_days)?;
    let mut v = serde_json::json!({ "terms": x.terms });
    if x.base_amounts.iter().any(Option::is_some) {
        v["base_amounts"] =
            serde_json::json!(x.base_amounts.iter().map(|b| b.map(|b| b.to_string())).collect::<Vec<_>>());
    }
    Ok(value_json(v))
}

fn op_to_x12_itd(request: &str) -> Result<String> {
    let r = from_json::<TermsRequest>(request)?;
    Ok(value_json(serde_json::json!({ "segment": crate::terms::einvoice::to_x12_itd(&r.terms)? })))
}

fn op_from_x12_itd(request: &str) -> Result<String> {
    let r = from_json::<SegmentRequest>(request)?;
    Ok(value_json(serde_json::json!({ "terms": crate::terms::einvoice::from_x12_itd(&r.segment)? })))
}

fn op_to_edifact_pat(request: &str) -> Result<String> {
    let r = from_json::<TermsRequest>(request)?;
    Ok(value_json(serde_json::json!({ "segment": crate::terms::einvoice::to_edifact_pat(&r.terms)? })))
}

fn op_from_edifact_pat(request: &str) -> Result<String> {
    let r = from_json::<SegmentRequest>(request)?;
    Ok(value_json(serde_json::json!({ "terms": crate::terms::einvoice::from_edifact_pat(&r.segment)? })))
}
