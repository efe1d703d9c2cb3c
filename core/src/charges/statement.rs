//! The statement of account of one customer on a date: every open item with its principal,
//! interest to date, fees, the early discount still available, and the total due; totals per
//! currency (never across currencies); a typed result, its JSON form, and a plain-text letter.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::fees::{late_fee, FeeCharge, FeeRule};
use super::interest::{interest, ChargeEvent, Claim, InterestOptions, InterestPeriod, InterestRule, InterestStatus};
use super::presets::{Preset, PresetInput};
use crate::calendar::format_date;
use crate::calendar::serde::{date, opt_date};
use crate::error::{Error, ErrorKind, Result};
use crate::money::MoneyRules;
use crate::terms::discount::settle;
use crate::terms::{Installment, InstallmentDiscount};

/// One item of a customer's account.
///
/// JSON: `{"id": "INV-1001", "currency": "EUR", "amount": "1000.00", "due_date": "2026-01-15"}`
/// plus, optionally, `"invoice_date"`, `"events": [ChargeEvent...]`, `"discounts":
/// [InstallmentDiscount...]` (as `schedule` gives them) and `"fees": "5.00"` (fees already
/// charged on it, e.g. by dunning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementItem {
    /// The item's id (invoice number).
    pub id: String,
    /// ISO 4217 code.
    pub currency: String,
    /// The amount invoiced.
    #[serde(with = "crate::money::serde::amount")]
    pub amount: Decimal,
    /// The due date.
    #[serde(with = "date")]
    pub due_date: NaiveDate,
    /// The invoice date, if known.
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    pub invoice_date: Option<NaiveDate>,
    /// Payments and credit notes on it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<ChargeEvent>,
    /// Its early-payment discount tiers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discounts: Vec<InstallmentDiscount>,
    /// Fees already charged on it.
    #[serde(default, with = "crate::money::serde::amount")]
    pub fees: Decimal,
}

/// One line of a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementLine {
    /// The item's id.
    pub id: String,
    /// Its currency.
    pub currency: String,
    /// The due date interest runs from.
    #[serde(with = "date")]
    pub due_date: NaiveDate,
    /// Days late on the statement date.
    pub days_late: i64,
    /// Whether interest is charged on it.
    pub status: InterestStatus,
    /// The principal still owed.
    #[serde(with = "crate::money::serde::amount")]
    pub principal: Decimal,
    /// Interest to date.
    #[serde(with = "crate::money::serde::amount")]
    pub interest: Decimal,
    /// Fees (already charged, plus the rule's compensation once the item is late).
    #[serde(with = "crate::money::serde::amount")]
    pub fees: Decimal,
    /// The early discount still available if paid by `discount_deadline`.
    #[serde(with = "crate::money::serde::amount")]
    pub discount: Decimal,
    /// The last day the discount is earned.
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    pub discount_deadline: Option<NaiveDate>,
    /// principal + interest + fees.
    #[serde(with = "crate::money::serde::amount")]
    pub total_due: Decimal,
    /// The interest breakdown, when asked for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<InterestPeriod>,
}

/// The totals of one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementTotal {
    /// The currency.
    pub currency: String,
    /// Sum of the lines' principal.
    #[serde(with = "crate::money::serde::amount")]
    pub principal: Decimal,
    /// Sum of the lines' interest.
    #[serde(with = "crate::money::serde::amount")]
    pub interest: Decimal,
    /// Sum of the lines' fees.
    #[serde(with = "crate::money::serde::amount")]
    pub fees: Decimal,
    /// Sum of the discounts still available.
    #[serde(with = "crate::money::serde::amount")]
    pub discount: Decimal,
    /// Sum of the lines' total due.
    #[serde(with = "crate::money::serde::amount")]
    pub total_due: Decimal,
}

/// A customer's statement of account on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// The customer.
    pub customer: String,
    /// The statement date.
    #[serde(with = "date")]
    pub as_of: NaiveDate,
    /// One line per item that still owes something, in the items' order.
    pub lines: Vec<StatementLine>,
    /// Totals per currency, by currency code.
    pub totals: Vec<StatementTotal>,
}

/// The interest rule and fee of a statement's items: one rule for all, or a statutory preset
/// resolved for each item (its version chosen by the input's obligation date, else the item's
/// invoice date; RU's by its due date).
#[derive(Debug, Clone, Copy)]
pub enum StatementRules<'a> {
    /// One rule and, optionally, a fee for every item.
    Rule(&'a InterestRule, Option<&'a FeeRule>),
    /// A preset over the caller's data; its version's fee unless `fee` replaces it.
    Preset(&'a Preset, &'a PresetInput, Option<&'a FeeRule>),
}

impl StatementRules<'_> {
    fn for_item(&self, item: &StatementItem) -> Result<(InterestRule, Option<FeeRule>)> {
        match *self {
            StatementRules::Rule(rule, fee) => Ok((rule.clone(), fee.cloned())),
            StatementRules::Preset(preset, input, fee) => {
                let mut input = input.clone();
                let from_item = input.obligation_date.is_none();
                input.obligation_date = input.obligation_date.or(item.invoice_date);
                // Without the preset's own obligation date the item's invoice date stands in for
                // it: an error about it names that field.
                let regime = preset.regime(&input, item.due_date).map_err(|e| {
                    if from_item && e.field() == "obligation_date" {
                        e.with_field("invoice_date")
                    } else {
                        e
                    }
                })?;
                Ok((regime.rule, fee.cloned().or(regime.fee)))
            }
        }
    }
}

/// The statement of `customer` on `as_of`: each item's interest under its rule, the fee rule's
/// compensation once per late item (on the principal owed when it fell due), the discount still
/// available, and totals per currency. Items that owe nothing are left out.
///
/// ```
/// use arrears::charges::{statement, InterestOptions, InterestRule, StatementItem, StatementRules};
/// let items: Vec<StatementItem> = arrears::from_json(r#"[
///   {"id": "INV-1", "currency": "EUR", "amount": "1000.00", "due_date": "2026-01-31"},
///   {"id": "INV-2", "currency": "EUR", "amount": "500.00", "due_date": "2026-04-30",
///    "discounts": [{"deadline": "2026-04-10", "discount": "10.00", "payable": "490.00"}]}]"#)?;
/// let s = statement("ACME", arrears::parse_date("as_of", "2026-03-31")?, &items,
///                   StatementRules::Rule(&InterestRule::fixed("9.12".parse().unwrap()), None),
///                   &InterestOptions::default(), false)?;
/// assert_eq!(s.lines[0].interest.to_string(), "14.74"); // 1000 x 9.12 % x 59 / 365
/// assert_eq!(s.lines[1].discount.to_string(), "10.00");
/// assert_eq!(s.totals[0].total_due.to_string(), "1514.74");
/// assert!(s.to_text().contains("INV-1"));
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// Each item's errors as [`interest()`], its field prefixed `items[i]` (the principal's as
/// `items[i].amount`); [`ErrorKind::InvalidRequest`] (`items[i].id`) for an item listed twice
/// (the same id and due date); [`ErrorKind::InvalidAmount`] for negative `fees` and for discount
/// tiers that are negative or do not add up to the amount (`items[i].discounts[t].payable`);
/// [`ErrorKind::InvalidRule`] (field `fee.per`) for a per-dunning-level fee (those come from the
/// collections run, as item `fees`); [`ErrorKind::LimitExceeded`] beyond
/// [`crate::limits::MAX_STATEMENT_ITEMS`] items.
pub fn statement(
    customer: &str,
    as_of: NaiveDate,
    items: &[StatementItem],
    rules: StatementRules<'_>,
    options: &InterestOptions,
    breakdown: bool,
) -> Result<Statement> {
    crate::limits::check("items", items.len(), crate::limits::MAX_STATEMENT_ITEMS)?;
    let fee = match rules {
        StatementRules::Rule(_, f) | StatementRules::Preset(_, _, f) => f,
    };
    if let Some(f) = fee {
        if f.per == FeeCharge::DunningLevel {
            return Err(Error::new(
                ErrorKind::InvalidRule,
                "fee.per",
                "dunning_level",
                "a statement charges a fee once per late item; dunning-level fees come from the collections run as item fees",
            ));
        }
    }
    // an item is its id and due date (an invoice's installments are items of one id)
    let mut seen: HashMap<(&str, NaiveDate), usize> = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if let Some(first) = seen.insert((&item.id, item.due_date), i) {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                format!("items[{i}].id"),
                &item.id,
                format!("listed twice with the same due date (also items[{first}]): its amount would be counted twice"),
            ));
        }
    }
    let mut lines = Vec::new();
    let mut totals: BTreeMap<String, [Decimal; 5]> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        let line = rules
            .for_item(item)
            .and_then(|(rule, fee)| statement_line(item, as_of, &rule, fee.as_ref(), options, breakdown))
            .map_err(|e| e.within(&format!("items[{i}]")))?;
        let Some(line) = line else { continue };
        let t = totals.entry(line.currency.clone()).or_insert([Decimal::ZERO; 5]);
        for (cell, v) in t.iter_mut().zip([line.principal, line.interest, line.fees, line.discount, line.total_due]) {
            *cell += v;
        }
        lines.push(line);
    }
    let totals = totals
        .into_iter()
        .map(|(currency, [principal, interest, fees, discount, total_due])| StatementTotal {
            currency,
            principal,
            interest,
            fees,
            discount,
            total_due,
        })
        .collect();
    Ok(Statement { customer: customer.to_string(), as_of, lines, totals })
}

fn statement_line(
    item: &StatementItem,
    as_of: NaiveDate,
    rule: &InterestRule,
    fee: Option<&FeeRule>,
    options: &InterestOptions,
    breakdown: bool,
) -> Result<Option<StatementLine>> {
    let rules = MoneyRules::new(&item.currency, &options.rounding)?;
    let claim = Claim {
        principal: item.amount,
        currency: item.currency.clone(),
        due_date: item.due_date,
        invoice_date: item.invoice_date,
        events: item.events.clone(),
    };
    let charged = rules.exact("fees", item.fees)?;
    if charged < Decimal::ZERO {
        return Err(Error::new(
            ErrorKind::InvalidAmount,
            "fees",
            charged.to_string(),
            "fees already charged are zero or positive (a fee waived lowers them, it is not a negative fee)",
        ));
    }
    // the item's amount is the claim's principal: errors name the field the caller wrote
    let out = interest(&claim, rule, as_of, options).map_err(|e| match e.field() {
        "principal" => Error::new(e.kind(), "amount", e.value(), e.reason()),
        _ => e,
    })?;
    check_discounts(item, &rules)?;
    let mut fees = charged;
    if let (Some(f), InterestStatus::Charged) = (fee, out.status) {
        let due_principal =
            item.amount - item.events.iter().filter(|e| e.date <= out.due_date).map(|e| e.amount).sum::<Decimal>();
        // a rule tied to another currency is named by the item's currency (the value that does
        // not fit), everything else under the statement's `fee`
        fees += late_fee(f, due_principal.max(Decimal::ZERO), &rules).map_err(|e| match e.field() {
            "currency" => e,
            _ => e.within("fee"),
        })?;
    }
    let (discount, discount_deadline) = if out.principal > Decimal::ZERO && !item.discounts.is_empty() {
        let inst = Installment {
            line: 0,
            due_date: item.due_date,
            amount: rules.exact("amount", item.amount)?,
            discounts: item.discounts.clone(),
        };
        let s = settle(&inst, as_of, None, Some(out.principal), &rules)?;
        (s.discount, s.deadline)
    } else {
        (rules.fix_scale(Decimal::ZERO), None)
    };
    let total_due = rules.fix_scale(out.principal + out.interest + fees);
    if total_due.is_zero() {
        return Ok(None);
    }
    Ok(Some(StatementLine {
        id: item.id.clone(),
        currency: item.currency.clone(),
        due_date: out.due_date,
        days_late: out.days_late,
        status: out.status,
        principal: out.principal,
        interest: out.interest,
        fees: rules.fix_scale(fees),
        discount,
        discount_deadline,
        total_due,
        periods: if breakdown { out.periods } else { Vec::new() },
    }))
}

/// An item's discount tiers as [`crate::payments::allocate`] takes them: each discount and
/// payable zero or positive, at the currency's precision, and adding up to the item's amount.
fn check_discounts(item: &StatementItem, rules: &MoneyRules) -> Result<()> {
    crate::limits::check("discounts", item.discounts.len(), crate::limits::MAX_DISCOUNTS)?;
    for (t, d) in item.discounts.iter().enumerate() {
        let f = |x: &str| format!("discounts[{t}].{x}");
        for (name, v) in [("discount", d.discount), ("payable", d.payable)] {
            let v = rules.exact(&f(name), v)?;
            if v < Decimal::ZERO {
                return Err(Error::new(ErrorKind::InvalidAmount, f(name), v.to_string(), "must not be negative"));
            }
        }
        if d.discount + d.payable != item.amount {
            return Err(Error::new(
                ErrorKind::InvalidAmount,
                f("payable"),
                d.payable.to_string(),
                format!("discount + payable must equal the item's amount {}", item.amount),
            ));
        }
    }
    Ok(())
}

impl Statement {
    /// The statement as a plain-text letter a collections clerk would send: one line per item,
    /// totals per currency, the discounts still available and the interest lines.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "STATEMENT OF ACCOUNT");
        let _ = writeln!(s, "Customer: {}", self.customer);
        let _ = writeln!(s, "Date:     {}", format_date(self.as_of));
        let _ = writeln!(s);
        if self.lines.is_empty() {
            let _ = writeln!(s, "Nothing is owed on this date. Thank you.");
            return s;
        }
        let head = ["Item", "Due", "Days", "Cur", "Principal", "Interest", "Fees", "Total due"];
        // Columns as wide as their longest cell (at least the usual widths), so that a long item
        // id or a large amount never pushes the row out of line.
        let len = |x: &dyn std::fmt::Display| x.to_string().chars().count();
        let mut w = [14usize, 10, 5, 3, 14, 12, 10, 14];
        for l in &self.lines {
            let cells = [
                len(&l.id),
                10,
                5,
                len(&l.currency),
                len(&l.principal),
                len(&l.interest),
                len(&l.fees),
                len(&l.total_due),
            ];
            w = std::array::from_fn(|i| w[i].max(cells[i]));
        }
        for t in &self.totals {
            let cells =
                [5, 0, 0, len(&t.currency), len(&t.principal), len(&t.interest), len(&t.fees), len(&t.total_due)];
            w = std::array::from_fn(|i| w[i].max(cells[i]));
        }
        let row = |s: &mut String, c: [String; 8]| {
            let _ = writeln!(
                s,
                "{:<w0$} {:<w1$} {:>w2$} {:<w3$} {:>w4$} {:>w5$} {:>w6$} {:>w7$}",
                c[0],
                c[1],
                c[2],
                c[3],
                c[4],
                c[5],
                c[6],
                c[7],
                w0 = w[0],
                w1 = w[1],
                w2 = w[2],
                w3 = w[3],
                w4 = w[4],
                w5 = w[5],
                w6 = w[6],
                w7 = w[7]
            );
        };
        row(&mut s, head.map(String::from));
        for l in &self.lines {
            let days = if l.days_late > 0 { l.days_late.to_string() } else { String::new() };
            let due = format_date(l.due_date);
            let money = [l.principal, l.interest, l.fees, l.total_due].map(|m| m.to_string());
            let [p, i, f, t] = money;
            row(&mut s, [l.id.to_string(), due, days, l.currency.to_string(), p, i, f, t]);
        }
        let _ = writeln!(s);
        for t in &self.totals {
            let [p, i, f, d] = [t.principal, t.interest, t.fees, t.total_due].map(|m| m.to_string());
            row(&mut s, ["Total".into(), String::new(), String::new(), t.currency.to_string(), p, i, f, d]);
        }
        let offers: Vec<&StatementLine> = self.lines.iter().filter(|l| !l.discount.is_zero()).collect();
        if !offers.is_empty() {
            let _ = writeln!(s);
            for l in offers {
                if let Some(d) = l.discount_deadline {
                    let _ = writeln!(
                        s,
                        "{}: pay {} {} by {} and keep a discount of {}.",
                        l.id,
                        l.currency,
                        l.total_due - l.discount,
                        format_date(d),
                        l.discount
                    );
                }
            }
        }
        let with_periods: Vec<&StatementLine> = self.lines.iter().filter(|l| !l.periods.is_empty()).collect();
        if !with_periods.is_empty() {
            let _ = writeln!(s);
            let _ = writeln!(s, "Interest");
            for l in with_periods {
                for p in &l.periods {
                    let _ = writeln!(
                        s,
                        "{:<14} {} - {} {:>5} days on {:>14} at {:>8} % ({}/{}) {:>12}",
                        l.id,
                        format_date(p.from),
                        format_date(p.to),
                        p.days,
                        p.principal,
                        p.rate,
                        p.days,
                        p.day_basis,
                        p.interest
                    );
                }
            }
        }
        let _ = writeln!(s);
        let _ = writeln!(s, "Please pay the total due. Interest runs until payment is received.");
        s
    }
}
