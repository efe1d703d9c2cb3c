//! Dunning's fees and business-day offsets.
//!
//! A step's fee is a late-charges [`FeeRule`] (fixed, a percent of the overdue principal, tiered
//! bands, a minimum and a maximum). On the wire a step's `fee` is a decimal string (a fixed fee
//! owed once per dunning level, the form policies had before) or a fee-rule object
//! (`{"percent": "1", "min": "5.00"}`); a rule without `per` is owed once per dunning level.
//!
//! Rules of a customer's action (one per customer and day):
//! - per currency of its items, the **principal** is the open amount of its items in that
//!   currency that are overdue (due before the day: courtesy reminders before the due date owe
//!   no fee, as a late fee runs on the overdue principal only);
//! - each item whose step has a fee (at level 1 or more, in a currency the rule applies to)
//!   asks for [`fee_due`] of that rule on the principal at the item's level, given the levels
//!   already charged for the item (its sent steps with a fee): a rule `per` invoice is owed the
//!   first time only, a rule `per` dunning level once per level;
//! - the action charges, per currency, the **highest** of those fees (a fee is per reminder, not
//!   per item), rounded by the currency's rules; a zero fee is not listed.
//!
//! Business-day offsets ([`OffsetUnit::BusinessDays`]): a step at offset `n` falls on the `n`-th
//! business day of the policy's calendar after its anchor (before it when `n` is negative; the
//! anchor itself at 0), weekends and holidays not counted.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::dunning::{DunningItem, DunningPolicy, Fee};
use crate::calendar::{day_number, Calendar};
use crate::charges::{fee_due, FeeAmount, FeeCharge, FeeRule};
use crate::error::{Error, ErrorKind, Result};
use crate::money::{MoneyRules, Rounding};

/// What a step's offset counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OffsetUnit {
    /// Calendar days (the default).
    #[default]
    CalendarDays,
    /// Business days of the policy's calendar (Saturday-Sunday weekend without one).
    BusinessDays,
}

impl OffsetUnit {
    pub(crate) fn is_calendar_days(&self) -> bool {
        *self == OffsetUnit::CalendarDays
    }
}

/// The day number of a step `offset` from `anchor` under the policy's unit and calendar.
pub(crate) fn step_day(policy: &DunningPolicy, anchor: NaiveDate, offset: i32) -> Result<i32> {
    if policy.offset_unit == OffsetUnit::CalendarDays || offset == 0 {
        return Ok(day_number(anchor) + offset);
    }
    let default = Calendar::default();
    let cal = policy.calendar.as_ref().unwrap_or(&default);
    let mut d = anchor;
    let mut left = offset.unsigned_abs();
    while left > 0 {
        let next = if offset > 0 { d.succ_opt() } else { d.pred_opt() };
        d = next.ok_or_else(|| {
            Error::new(
                ErrorKind::DateOutOfRange,
                "offset",
                offset.to_string(),
                format!("{offset} business days from {anchor} leave the supported dates"),
            )
        })?;
        if cal.is_business_day(d) {
            left -= 1;
        }
    }
    Ok(day_number(d))
}

/// Whether a rule is the old fixed form (a fixed amount owed once per level, nothing else).
pub(crate) fn is_plain_fixed(r: &FeeRule) -> Option<Decimal> {
    match (r.bands.as_slice(), r.min, r.max, r.per, &r.currency) {
        ([b], None, None, FeeCharge::DunningLevel, None) if b.from.is_zero() => match b.amount {
            FeeAmount::Fixed(a) => Some(a),
            FeeAmount::Percent(_) => None,
        },
        _ => None,
    }
}

/// A step's `fee` on the wire: a decimal string (fixed, once per level) or a fee-rule object
/// (without `per`: once per level).
pub(crate) mod step_fee {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<FeeRule>, s: S) -> std::result::Result<S::Ok, S::Error> {
        match v {
            None => s.serialize_none(),
            Some(r) => match is_plain_fixed(r) {
                Some(a) => s.serialize_str(&a.to_string()),
                None => r.serialize(s),
            },
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<FeeRule>, D::Error> {
        let de = crate::serde_forms::de_error::<D::Error>;
        let v = serde_json::Value::deserialize(d)?;
        match v {
            serde_json::Value::Null => Ok(None),
            serde_json::Value::String(text) => {
                let a = crate::money::parse_amount("", &text).map_err(de)?;
                Ok(Some(FeeRule { per: FeeCharge::DunningLevel, ..FeeRule::fixed(a) }))
            }
            serde_json::Value::Object(mut m) => {
                m.entry("per").or_insert_with(|| serde_json::Value::String("dunning_level".into()));
                FeeRule::deserialize(serde_json::Value::Object(m)).map(Some).map_err(serde::de::Error::custom)
            }
            other => Err(de(Error::new(
                ErrorKind::InvalidRequest,
                "",
                other.to_string(),
                "a fee is a decimal string (fixed) or a fee rule ({\"fixed\"|\"percent\"|\"bands\", \"min\", \"max\", \"per\"})",
            ))),
        }
    }
}

/// One emitted item of an action: its row in `items`, its step and level, and the levels already
/// charged for it.
pub(crate) struct Charged<'a> {
    pub item: usize,
    pub step: usize,
    pub level: u32,
    pub charged: &'a [u32],
}

/// The fees of one customer's action, per currency (see the module's rules).
pub(crate) fn action_fees(
    policy: &DunningPolicy,
    items: &[DunningItem],
    emitted: &[Charged<'_>],
    today: NaiveDate,
) -> Result<Vec<Fee>> {
    // per currency: the overdue principal, and the rules asked for
    let mut principal: BTreeMap<&str, Decimal> = BTreeMap::new();
    for e in emitted {
        let it = &items[e.item];
        if it.due_date < today {
            let p = principal.entry(&it.currency).or_default();
            *p = p.checked_add(it.open_amount).ok_or_else(|| {
                Error::new(ErrorKind::Overflow, format!("items[{}].open_amount", e.item), "", "the sum overflows")
            })?;
        }
    }
    let mut fees: BTreeMap<&str, Decimal> = BTreeMap::new();
    for e in emitted {
        let it = &items[e.item];
        let Some(rule) = &policy.steps[e.step].fee else { continue };
        if e.level == 0 || rule.currency.as_ref().is_some_and(|c| *c != it.currency) {
            continue;
        }
        let Some(&base) = principal.get(it.currency.as_str()) else { continue };
        let rules = MoneyRules::new(&it.currency, &Rounding::default())
            .map_err(|x| Error::new(x.kind(), format!("items[{}].currency", e.item), &it.currency, x.reason()))?;
        // an open amount more precise than its currency is rounded once here, as a fee base
        let base = rules.round(base)?;
        let fee = fee_due(rule, base, e.level, e.charged, &rules)
            .map_err(|x| x.within(&format!("policy.steps[{}].fee", e.step)))?;
        let f = fees.entry(&it.currency).or_insert(fee);
        *f = (*f).max(fee);
    }
    Ok(fees.into_iter().filter(|f| !f.1.is_zero()).map(|(c, a)| Fee { currency: c.to_string(), amount: a }).collect())
}
