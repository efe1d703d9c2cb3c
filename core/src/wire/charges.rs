//! Wire operations of late charges: interest, fees, statements, the statutory presets and the
//! sample rate tables (see [`crate::wire`] for the format rules).
//!
//! | op | request | response |
//! |----|---------|----------|
//! | `interest` | [`InterestRequest`] | [`Interest`] (+ `"preset": {"name", "version"}` with a preset) |
//! | `late_fee` | [`LateFeeRequest`] | `{"fee": "40.00"}` |
//! | `statement` | [`StatementRequest`] | [`Statement`] |
//! | `statement_text` | [`StatementRequest`] | `{"text": "STATEMENT OF ACCOUNT\n..."}` |
//! | `interest_presets` | `{}` | `{"presets": [Preset, ...]}` |
//! | `rate_table` | `{"name": "ecb_mro"}` | [`SampleTable`](crate::charges::SampleTable): `{"name", "title", "source", "compiled", "complete_through", "note", "table": {"rates": [...]}}` |
//! | `rate_tables` | `{}` | `{"tables": [{"name", "title", "source", "compiled", "complete_through", "entries"}, ...]}` |

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{value_json, Empty};
use crate::calendar::serde::{date, opt_date};
use crate::calendar::Calendar;
use crate::charges::{
    fee_due, interest, late_fee, preset, presets, sample_table, sample_tables, statement, ChargeEvent, Claim, FeeRule,
    Interest, InterestOptions, InterestRule, PresetInput, RateTable, Regime, Statement, StatementItem, StatementRules,
};
use crate::error::{Error, ErrorKind, Result};
use crate::money::serde::{amount, opt_amount};
use crate::money::{MoneyRules, Rounding, RoundingMode};
use crate::serde_forms::{from_json, to_json};

/// A statutory preset and the caller's data for it.
///
/// JSON: `{"name": "de_288_b2b", "reference_rates": RateTable, "obligation_date": "2024-05-01",
/// "contract_rate": null, "legal_rates": null}`; `obligation_date` defaults to the claim's
/// `invoice_date`; `contract_rate` and `legal_rates` only for `fr_l441_10`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresetRequest {
    /// The preset's name (see `interest_presets`).
    pub name: String,
    /// The reference rates (the `table` of a `rate_table` response will do for a try).
    pub reference_rates: RateTable,
    /// The date the obligation arose (chooses the version).
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    pub obligation_date: Option<NaiveDate>,
    /// A contractual rate, where the regime allows one.
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    pub contract_rate: Option<Decimal>,
    /// The legal rates a contractual rate is floored on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_rates: Option<RateTable>,
}

impl PresetRequest {
    fn input(&self, invoice_date: Option<NaiveDate>) -> PresetInput {
        PresetInput {
            reference_rates: self.reference_rates.clone(),
            obligation_date: self.obligation_date.or(invoice_date),
            contract_rate: self.contract_rate,
            legal_rates: self.legal_rates.clone(),
        }
    }

    /// The preset and the caller's data for it, for a batch
    /// ([`BatchRule::Preset`](crate::charges::BatchRule)): each invoice's `issue_date` chooses
    /// its version unless `obligation_date` is given.
    ///
    /// ```
    /// let p: arrears::wire::PresetRequest = arrears::from_json(r#"{"name": "de_288_b2b",
    ///     "reference_rates": {"rates": [{"from": "2024-01-01", "rate": "3.62"}]}}"#)?;
    /// let (preset, input) = p.resolve()?;
    /// assert_eq!((preset.name, input.obligation_date), ("de_288_b2b", None));
    /// # Ok::<(), arrears::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRule`] naming `preset.name` for an unknown preset.
    pub fn resolve(&self) -> Result<(&'static crate::charges::Preset, PresetInput)> {
        let p = preset(&self.name).map_err(|e| e.with_field("preset.name"))?;
        Ok((p, self.input(None)))
    }

    fn regime(&self, invoice_date: Option<NaiveDate>, due_date: NaiveDate) -> Result<Regime> {
        let p = preset(&self.name).map_err(|e| e.with_field("preset.name"))?;
        p.regime(&self.input(invoice_date), due_date).map_err(|e| {
            if e.field() == "due_date" {
                e
            } else if e.field() == "obligation_date" && self.obligation_date.is_none() && invoice_date.is_some() {
                // the request's invoice_date stood in for the obligation date
                e.with_field("invoice_date")
            } else {
                e.within("preset")
            }
        })
    }
}

/// Request of the `interest` operation.
///
/// ```json
/// {"principal": "1000.00", "currency": "EUR", "due_date": "2025-03-01", "as_of": "2025-03-31",
///  "invoice_date": null, "events": [{"kind": "payment", "date": "2025-03-11", "amount": "200.00"}],
///  "rule": {"rate": "10.25"}, "preset": null, "since": null,
///  "rounding": "half_up", "precision": null, "cash_increment": null, "calendar": null}
/// ```
/// Required: `principal`, `currency`, `due_date`, `as_of`, and exactly one of `rule`
/// ([`InterestRule`] JSON) and `preset` ([`PresetRequest`]).
///
/// ```
/// let out = arrears::call_json("interest", r#"{"principal": "1000.00", "currency": "EUR",
///     "due_date": "2025-03-01", "as_of": "2025-03-31", "rule": {"rate": "10.25"}}"#)?;
/// assert!(out.contains(r#""interest":"8.42""#));
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterestRequest {
    /// The principal at the due date.
    #[serde(with = "amount")]
    pub principal: Decimal,
    /// ISO 4217 code.
    pub currency: String,
    /// The due date.
    #[serde(with = "date")]
    pub due_date: NaiveDate,
    /// The as-of date (last day of interest).
    #[serde(with = "date")]
    pub as_of: NaiveDate,
    /// The invoice date, if known.
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    pub invoice_date: Option<NaiveDate>,
    /// Payments and credit notes.
    #[serde(default)]
    pub events: Vec<ChargeEvent>,
    /// The rule (or `preset`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<InterestRule>,
    /// A statutory preset (or `rule`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<PresetRequest>,
    /// Report only the days after this date.
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    /// Rounding mode (default `half_up`).
    #[serde(default)]
    pub rounding: RoundingMode,
    /// Precision override.
    #[serde(default)]
    pub precision: Option<u32>,
    /// Cash-rounding increment.
    #[serde(default, with = "opt_amount")]
    pub cash_increment: Option<Decimal>,
    /// The calendar of the due-date roll (default Saturday-Sunday, no holidays).
    #[serde(default)]
    pub calendar: Option<Calendar>,
}

fn one_rule(rule: &Option<InterestRule>, preset: &Option<PresetRequest>) -> Result<()> {
    match (rule, preset) {
        (Some(_), None) | (None, Some(_)) => Ok(()),
        _ => Err(Error::new(ErrorKind::InvalidRequest, "rule", "", "give exactly one of rule and preset")),
    }
}

/// The interest of one claim, with the preset's name and version when one was used.
fn run_interest(r: &InterestRequest) -> Result<(Interest, Option<Regime>)> {
    one_rule(&r.rule, &r.preset)?;
    let regime = match &r.preset {
        Some(p) => Some(p.regime(r.invoice_date, r.due_date)?),
        None => None,
    };
    let rule = match (&regime, &r.rule) {
        (Some(g), _) => &g.rule,
        (None, Some(rule)) => rule,
        (None, None) => unreachable!("checked by one_rule"),
    };
    let claim = Claim {
        principal: r.principal,
        currency: r.currency.clone(),
        due_date: r.due_date,
        invoice_date: r.invoice_date,
        events: r.events.clone(),
    };
    let options = InterestOptions {
        rounding: Rounding { mode: r.rounding, precision: r.precision, cash_increment: r.cash_increment },
        calendar: r.calendar.clone().unwrap_or_default(),
        since: r.since,
    };
    let field = if regime.is_some() { "preset" } else { "rule" };
    let out = interest(&claim, rule, r.as_of, &options).map_err(|e| rule_field(e, field))?;
    Ok((out, regime))
}

/// A rule's own errors (rate, reference.table...) named under the request's `rule`, or, for a
/// preset, under the preset's data they came from.
fn rule_field(e: Error, prefix: &str) -> Error {
    let f = e.field();
    if prefix == "preset" {
        let renamed = [
            ("reference.table", "preset.reference_rates"),
            ("reference.margin", "preset.reference_rates"),
            ("floor.table", "preset.legal_rates"),
            ("rate", "preset.contract_rate"),
        ];
        for (from, to) in renamed {
            if let Some(rest) = f.strip_prefix(from) {
                let field = format!("{to}{rest}");
                return e.with_field(&field);
            }
        }
        return e;
    }
    let rule_fields = ["rate", "reference", "floor", "grace_days", "day_count"];
    if rule_fields.iter().any(|r| f == *r || f.starts_with(&format!("{r}."))) {
        e.within(prefix)
    } else {
        e
    }
}

/// Request of the `late_fee` operation.
///
/// JSON: `{"principal": "999.99", "currency": "GBP", "fee": FeeRule}` or, instead of `fee`,
/// `"preset": "uk_late_payment"` with `"obligation_date"` where the preset has versions;
/// optional `"level": 2, "charged_levels": [1]` for a fee at a dunning level, and the rounding
/// fields. Response `{"fee": "40.00"}`.
///
/// ```
/// let out = arrears::call_json("late_fee", r#"{"principal": "1000.00", "currency": "GBP", "preset": "uk_late_payment"}"#)?;
/// assert_eq!(out, r#"{"fee":"70.00"}"#);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LateFeeRequest {
    /// The overdue principal (fees and interest excluded).
    #[serde(with = "amount")]
    pub principal: Decimal,
    /// ISO 4217 code.
    pub currency: String,
    /// The fee rule (or `preset`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<FeeRule>,
    /// A statutory preset's compensation (or `fee`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// The date the obligation arose, for a preset with versions.
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    pub obligation_date: Option<NaiveDate>,
    /// The dunning level reached (1, 2...); without it, the fee itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u32>,
    /// The levels already charged for this invoice.
    #[serde(default)]
    pub charged_levels: Vec<u32>,
    /// Rounding mode (default `half_up`).
    #[serde(default)]
    pub rounding: RoundingMode,
    /// Precision override.
    #[serde(default)]
    pub precision: Option<u32>,
    /// Cash-rounding increment.
    #[serde(default, with = "opt_amount")]
    pub cash_increment: Option<Decimal>,
}

fn run_late_fee(r: &LateFeeRequest) -> Result<Decimal> {
    let rules = MoneyRules::new(
        &r.currency,
        &Rounding { mode: r.rounding, precision: r.precision, cash_increment: r.cash_increment },
    )?;
    let rule = match (&r.fee, &r.preset) {
        (Some(f), None) => f.clone(),
        (None, Some(name)) => {
            let version = preset(name)?.obligation_version(r.obligation_date)?;
            match version.fee.clone() {
                Some(f) => f,
                // A version without a fixed compensation (DE before 2014-07-29, RU): none is due.
                None => return Ok(rules.fix_scale(Decimal::ZERO)),
            }
        }
        _ => return Err(Error::new(ErrorKind::InvalidRequest, "fee", "", "give exactly one of fee and preset")),
    };
    let within = |e: Error| {
        if e.field().starts_with("bands") || ["min", "max", "fixed"].contains(&e.field()) {
            e.within("fee")
        } else {
            e
        }
    };
    match r.level {
        None => late_fee(&rule, r.principal, &rules).map_err(within),
        Some(level) => fee_due(&rule, r.principal, level, &r.charged_levels, &rules).map_err(within),
    }
}

/// Request of the `statement` and `statement_text` operations.
///
/// ```json
/// {"customer": "ACME GmbH", "as_of": "2026-03-31",
///  "items": [{"id": "INV-1001", "currency": "EUR", "amount": "1000.00", "due_date": "2026-01-15",
///             "invoice_date": "2025-12-16", "events": [], "discounts": [], "fees": "0.00"}],
///  "rule": {"rate": "9.12"}, "preset": null, "fee": {"fixed": "40.00"},
///  "rounding": "half_up", "precision": null, "cash_increment": null, "calendar": null, "breakdown": false}
/// ```
/// Required: `customer`, `as_of`, `items` and exactly one of `rule` and `preset` (a
/// [`PresetRequest`]; each item's version follows its `invoice_date` unless the preset gives an
/// `obligation_date`; the version's fee applies unless `fee` is given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementRequest {
    /// The customer.
    pub customer: String,
    /// The statement date.
    #[serde(with = "date")]
    pub as_of: NaiveDate,
    /// The open items.
    pub items: Vec<StatementItem>,
    /// One interest rule for every item (or `preset`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<InterestRule>,
    /// A statutory preset (or `rule`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<PresetRequest>,
    /// A fee charged once per late item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<FeeRule>,
    /// Rounding mode (default `half_up`).
    #[serde(default)]
    pub rounding: RoundingMode,
    /// Precision override.
    #[serde(default)]
    pub precision: Option<u32>,
    /// Cash-rounding increment.
    #[serde(default, with = "opt_amount")]
    pub cash_increment: Option<Decimal>,
    /// The calendar of the due-date roll.
    #[serde(default)]
    pub calendar: Option<Calendar>,
    /// Whether each line carries its interest breakdown.
    #[serde(default)]
    pub breakdown: bool,
}

fn run_statement(r: &StatementRequest) -> Result<Statement> {
    one_rule(&r.rule, &r.preset)?;
    let options = InterestOptions {
        rounding: Rounding { mode: r.rounding, precision: r.precision, cash_increment: r.cash_increment },
        calendar: r.calendar.clone().unwrap_or_default(),
        since: None,
    };
    match (&r.rule, &r.preset) {
        (Some(rule), _) => {
            statement(&r.customer, r.as_of, &r.items, StatementRules::Rule(rule, r.fee.as_ref()), &options, r.breakdown)
        }
        (None, Some(p)) => {
            let found = preset(&p.name).map_err(|e| e.with_field("preset.name"))?;
            let input = p.input(None);
            statement(
                &r.customer,
                r.as_of,
                &r.items,
                StatementRules::Preset(found, &input, r.fee.as_ref()),
                &options,
                r.breakdown,
            )
        }
        (None, None) => unreachable!("checked by one_rule"),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NameRequest {
    name: String,
}

/// The operations of this file, for [`super::call_json`].
pub(super) const OPS: &[super::Operation] = &[
    ("interest", op_interest),
    ("late_fee", op_late_fee),
    ("statement", op_statement),
    ("statement_text", op_statement_text),
    ("interest_presets", op_presets),
    ("rate_table", op_rate_table),
    ("rate_tables", op_rate_tables),
];

fn op_interest(request: &str) -> Result<String> {
    let r: InterestRequest = from_json(request)?;
    let (out, regime) = run_interest(&r)?;
    let mut v = serde_json::to_value(&out).map_err(|e| Error::new(ErrorKind::InvalidRequest, "", "", e.to_string()))?;
    if let (Some(g), Some(obj)) = (regime, v.as_object_mut()) {
        obj.insert(
            "preset".into(),
            serde_json::json!({"name": g.preset, "version": crate::calendar::format_date(g.version)}),
        );
    }
    Ok(value_json(v))
}

fn op_late_fee(request: &str) -> Result<String> {
    let r: LateFeeRequest = from_json(request)?;
    Ok(value_json(serde_json::json!({ "fee": run_late_fee(&r)?.to_string() })))
}

fn op_statement(request: &str) -> Result<String> {
    let r: StatementRequest = from_json(request)?;
    Ok(to_json(&run_statement(&r)?))
}

fn op_statement_text(request: &str) -> Result<String> {
    let r: StatementRequest = from_json(request)?;
    Ok(value_json(serde_json::json!({ "text": run_statement(&r)?.to_text() })))
}

fn op_presets(request: &str) -> Result<String> {
    from_json::<Empty>(request)?;
    Ok(value_json(serde_json::json!({ "presets": presets() })))
}

fn op_rate_table(request: &str) -> Result<String> {
    let r: NameRequest = from_json(request)?;
    Ok(to_json(sample_table(&r.name)?))
}

fn op_rate_tables(request: &str) -> Result<String> {
    from_json::<Empty>(request)?;
    let tables: Vec<_> = sample_tables()
        .iter()
        .map(|t| {
            serde_json::json!({"name": t.name, "title": t.title, "source": t.source, "compiled": t.compiled,
                               "complete_through": t.complete_through, "entries": t.table.entries().len()})
        })
        .collect();
    Ok(value_json(serde_json::json!({ "tables": tables })))
}
