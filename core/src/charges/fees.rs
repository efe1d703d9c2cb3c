//! Late fees: fixed, a percent of the overdue principal, or tiered by amount bands, with a
//! minimum and a maximum; charged once per invoice or once per dunning level.
//!
//! The collections domain calls [`fee_due`] when a dunning step is reached; a statement calls
//! [`late_fee`] once per late invoice. The base is always the overdue **principal**, never a
//! balance that already holds fees or interest.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::money::serde::opt_amount;
use crate::money::{overflow, MoneyRules};

/// How much one band of a fee is: a fixed amount or a percent of the overdue principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeeAmount {
    /// A fixed amount in the claim's currency.
    Fixed(Decimal),
    /// A percent (0 ..= 100) of the overdue principal, rounded with the currency's rules.
    Percent(Decimal),
}

/// A band: from `from` (inclusive) of overdue principal up to the next band's `from`.
///
/// JSON: `{"from": "1000.00", "fixed": "70.00"}` or `{"from": "0", "percent": "1"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FeeBand {
    /// The smallest principal of the band.
    pub from: Decimal,
    /// The fee in the band.
    pub amount: FeeAmount,
}

/// When a fee is owed again. JSON `"invoice"` (default) or `"dunning_level"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeCharge {
    /// Once per invoice (statutory compensation: EU €40, UK £40/70/100).
    #[default]
    Invoice,
    /// Once per dunning level reached (a reminder fee).
    DunningLevel,
}

/// A late fee rule.
///
/// JSON (exactly one of `fixed`, `percent`, `bands`):
/// `{"fixed": "40.00"}`, `{"percent": "5", "min": "10.00", "max": "150.00"}`,
/// `{"bands": [{"from": "0", "fixed": "40.00"}, {"from": "1000.00", "fixed": "70.00"},
/// {"from": "10000.00", "fixed": "100.00"}], "per": "invoice", "currency": "GBP"}`.
/// `per` defaults to `invoice`; `currency`, when given, is the only currency the rule applies to.
///
/// ```
/// use arrears::charges::{late_fee, FeeRule};
/// use arrears::{MoneyRules, Rounding};
/// let uk: FeeRule = arrears::from_json(r#"{"bands": [{"from": "0", "fixed": "40.00"},
///     {"from": "1000.00", "fixed": "70.00"}, {"from": "10000.00", "fixed": "100.00"}]}"#)?;
/// let gbp = MoneyRules::new("GBP", &Rounding::default())?;
/// let fees: Vec<String> = ["999.99", "1000.00", "9999.99", "10000.00"].iter()
///     .map(|p| late_fee(&uk, p.parse().unwrap(), &gbp).unwrap().to_string()).collect();
/// assert_eq!(fees, ["40.00", "70.00", "70.00", "100.00"]); // LF-01
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FeeRule {
    /// The bands, by increasing `from` (a flat fee is one band from 0).
    pub bands: Vec<FeeBand>,
    /// The smallest fee charged (when the principal is in a band).
    pub min: Option<Decimal>,
    /// The largest fee charged.
    pub max: Option<Decimal>,
    /// Once per invoice or once per dunning level.
    pub per: FeeCharge,
    /// The only currency the rule applies to, if it is tied to one (statutory amounts).
    pub currency: Option<String>,
}

impl FeeRule {
    /// A fixed fee, once per invoice.
    pub fn fixed(amount: Decimal) -> FeeRule {
        FeeRule::flat(FeeAmount::Fixed(amount))
    }

    /// A percent of the overdue principal, once per invoice.
    pub fn percent(percent: Decimal) -> FeeRule {
        FeeRule::flat(FeeAmount::Percent(percent))
    }

    fn flat(amount: FeeAmount) -> FeeRule {
        FeeRule {
            bands: vec![FeeBand { from: Decimal::ZERO, amount }],
            min: None,
            max: None,
            per: FeeCharge::Invoice,
            currency: None,
        }
    }

    /// Whether the rule is one band from 0: its JSON form is then `{"fixed": ...}` or
    /// `{"percent": ...}`, not `bands`.
    fn is_flat(&self) -> bool {
        self.bands.len() == 1 && self.bands[0].from.is_zero()
    }

    /// The field of band `i`'s amount in the rule's JSON form: `fixed` / `percent` for a flat
    /// rule, `bands[i].fixed` / `bands[i].percent` otherwise.
    fn amount_field(&self, i: usize) -> String {
        let what = match self.bands.get(i).map(|b| b.amount) {
            Some(FeeAmount::Percent(_)) => "percent",
            _ => "fixed",
        };
        if self.is_flat() {
            what.to_string()
        } else {
            format!("bands[{i}].{what}")
        }
    }

    /// Checks the rule on its own.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRule`] naming the field as the rule's JSON form has it (`fixed` or
    /// `percent` for a flat rule, `bands[i].fixed` otherwise): no band, bands not strictly
    /// increasing, a negative amount or bound, a percent outside 0 ..= 100, `min` above `max`;
    ///
    /// ```
    /// let e = arrears::from_json::<arrears::charges::FeeRule>(r#"{"percent": "150"}"#).unwrap_err();
    /// assert_eq!(e.field(), "percent");
    /// ```
    /// [`ErrorKind::LimitExceeded`] beyond [`crate::limits::MAX_FEE_BANDS`] bands.
    pub fn check(&self) -> Result<()> {
        crate::limits::check("bands", self.bands.len(), crate::limits::MAX_FEE_BANDS)?;
        let bad = |f: String, v: Decimal, why: &str| Error::new(ErrorKind::InvalidRule, f, v.to_string(), why);
        if self.bands.is_empty() {
            return Err(Error::new(ErrorKind::InvalidRule, "bands", "[]", "a fee needs at least one band"));
        }
        for (i, b) in self.bands.iter().enumerate() {
            if b.from.is_sign_negative() && !b.from.is_zero() {
                return Err(bad(format!("bands[{i}].from"), b.from, "a band starts at zero or more"));
            }
            if i > 0 && b.from <= self.bands[i - 1].from {
                return Err(bad(format!("bands[{i}].from"), b.from, "bands must be in increasing order of `from`"));
            }
            match b.amount {
                FeeAmount::Fixed(a) if a.is_sign_negative() && !a.is_zero() => {
                    return Err(bad(self.amount_field(i), a, "a fee is zero or positive"))
                }
                FeeAmount::Percent(p) if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED => {
                    return Err(bad(self.amount_field(i), p, "a fee percent is between 0 and 100"))
                }
                _ => {}
            }
        }
        for (name, v) in [("min", self.min), ("max", self.max)] {
            if let Some(v) = v.filter(|v| v.is_sign_negative() && !v.is_zero()) {
                return Err(bad(name.into(), v, "a fee bound is zero or positive"));
            }
        }
        if let (Some(lo), Some(hi)) = (self.min, self.max) {
            if lo > hi {
                return Err(bad("min".into(), lo, "min is above max"));
            }
        }
        Ok(())
    }
}

/// The fee a rule gives on `principal` (the overdue principal, fees and interest excluded),
/// rounded with `rules` (a percent fee once; fixed amounts and bounds must fit the currency).
///
/// # Errors
/// As [`FeeRule::check`]; [`ErrorKind::InvalidAmount`] for a negative principal or a fixed
/// amount too precise for the currency; [`ErrorKind::InvalidRequest`] (field `currency`) when the
/// rule is tied to another currency; [`ErrorKind::Overflow`].
pub fn late_fee(rule: &FeeRule, principal: Decimal, rules: &MoneyRules) -> Result<Decimal> {
    rule.check()?;
    if let Some(c) = &rule.currency {
        if c != rules.currency() {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                "currency",
                rules.currency(),
                format!("this fee is set in {c}; convert it and pass a rule in {}", rules.currency()),
            ));
        }
    }
    let principal = rules.exact("principal", principal)?;
    if principal < Decimal::ZERO {
        return Err(Error::new(
            ErrorKind::InvalidAmount,
            "principal",
            principal.to_string(),
            "the overdue principal is zero or positive",
        ));
    }
    let zero = rules.fix_scale(Decimal::ZERO);
    if principal.is_zero() {
        return Ok(zero);
    }
    let band = match rule.bands.iter().rposition(|b| b.from <= principal) {
        Some(i) => i,
        None => return Ok(zero),
    };
    let mut fee = match rule.bands[band].amount {
        FeeAmount::Fixed(a) => rules.exact(&rule.amount_field(band), a)?,
        FeeAmount::Percent(p) => {
            let raw = principal.checked_mul(p).ok_or_else(|| overflow("principal", principal))? / Decimal::ONE_HUNDRED;
            rules.round(raw)?
        }
    };
    if let Some(lo) = rule.min {
        fee = fee.max(rules.exact("min", lo)?);
    }
    if let Some(hi) = rule.max {
        fee = fee.min(rules.exact("max", hi)?);
    }
    Ok(rules.fix_scale(fee))
}

/// The fee owed when dunning level `level` (1, 2, ...) is reached, given the levels already
/// charged for this invoice: a per-invoice fee only the first time, a per-level fee once per level.
///
/// ```
/// use arrears::charges::{fee_due, FeeCharge, FeeRule};
/// use arrears::{MoneyRules, Rounding};
/// let eur = MoneyRules::new("EUR", &Rounding::default())?;
/// let reminder = FeeRule { per: FeeCharge::DunningLevel, ..FeeRule::fixed("5.00".parse().unwrap()) };
/// let p = "800.00".parse().unwrap();
/// assert_eq!(fee_due(&reminder, p, 2, &[1], &eur)?.to_string(), "5.00");
/// assert_eq!(fee_due(&reminder, p, 2, &[1, 2], &eur)?.to_string(), "0.00");
/// let compensation = FeeRule::fixed("40.00".parse().unwrap());
/// assert_eq!(fee_due(&compensation, p, 2, &[1], &eur)?.to_string(), "0.00");
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// As [`late_fee`]; [`ErrorKind::InvalidRequest`] (field `level`) for level 0.
pub fn fee_due(rule: &FeeRule, principal: Decimal, level: u32, charged: &[u32], rules: &MoneyRules) -> Result<Decimal> {
    if level == 0 {
        return Err(Error::new(ErrorKind::InvalidRequest, "level", "0", "dunning levels start at 1"));
    }
    let owed = match rule.per {
        FeeCharge::Invoice => charged.is_empty(),
        FeeCharge::DunningLevel => !charged.contains(&level),
    };
    if owed {
        late_fee(rule, principal, rules)
    } else {
        rule.check()?;
        Ok(rules.fix_scale(Decimal::ZERO))
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BandWire {
    #[serde(with = "crate::money::serde::amount")]
    from: Decimal,
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    fixed: Option<Decimal>,
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    percent: Option<Decimal>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeeRuleWire {
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    fixed: Option<Decimal>,
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    percent: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bands: Option<Vec<BandWire>>,
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    min: Option<Decimal>,
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    max: Option<Decimal>,
    #[serde(default)]
    per: FeeCharge,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    currency: Option<String>,
}

fn one_amount(fixed: Option<Decimal>, percent: Option<Decimal>, field: &str) -> Result<FeeAmount> {
    match (fixed, percent) {
        (Some(f), None) => Ok(FeeAmount::Fixed(f)),
        (None, Some(p)) => Ok(FeeAmount::Percent(p)),
        _ => Err(Error::new(ErrorKind::InvalidRequest, field, "", "give exactly one of fixed, percent")),
    }
}

impl Serialize for FeeRule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let split = |a: FeeAmount| match a {
            FeeAmount::Fixed(f) => (Some(f), None),
            FeeAmount::Percent(p) => (None, Some(p)),
        };
        let flat = self.is_flat();
        let (fixed, percent) = if flat { split(self.bands[0].amount) } else { (None, None) };
        let bands = (!flat).then(|| {
            self.bands
                .iter()
                .map(|b| {
                    let (fixed, percent) = split(b.amount);
                    BandWire { from: b.from, fixed, percent }
                })
                .collect()
        });
        FeeRuleWire {
            fixed,
            percent,
            bands,
            min: self.min,
            max: self.max,
            per: self.per,
            currency: self.currency.clone(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for FeeRule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let w = FeeRuleWire::deserialize(d)?;
        let de = crate::serde_forms::de_error::<D::Error>;
        let written_as_bands = w.bands.is_some();
        let bands = match (w.fixed, w.percent, w.bands) {
            (f, p, None) if f.is_some() || p.is_some() => {
                vec![FeeBand { from: Decimal::ZERO, amount: one_amount(f, p, "fixed").map_err(de)? }]
            }
            (None, None, Some(bands)) => {
                let mut out = Vec::with_capacity(bands.len());
                for (i, b) in bands.into_iter().enumerate() {
                    out.push(FeeBand {
                        from: b.from,
                        amount: one_amount(b.fixed, b.percent, &format!("bands[{i}]")).map_err(de)?,
                    });
                }
                out
            }
            _ => {
                return Err(de(Error::new(
                    ErrorKind::InvalidRequest,
                    "",
                    "",
                    "a fee rule has exactly one of fixed, percent, bands",
                )))
            }
        };
        let rule = FeeRule { bands, min: w.min, max: w.max, per: w.per, currency: w.currency };
        rule.check()
            .map_err(|e| {
                // a flat rule's error names `fixed` / `percent`; this caller wrote one band
                let flat_field = matches!(e.field(), "fixed" | "percent");
                if flat_field && written_as_bands {
                    e.within("bands[0]")
                } else {
                    e
                }
            })
            .map_err(de)?;
        Ok(rule)
    }
}
