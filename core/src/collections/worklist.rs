//! The collection worklist: customers (or customer-currency pairs) ranked by a score of their
//! overdue amount by age and their payment history, each row with the components of its score.
//!
//! Two ways in, one ranking: [`worklist`] over [`OverdueItem`]s and [`PaidItem`]s (the object
//! API, the wire operation `worklist`), and [`worklist_columns`](fn@super::worklist_columns) over
//! columns (the batch kernel). Both reduce the rows to one [`GroupFacts`] per group, then
//! [`rank`] scores them with a [`ScoreFn`] (the configured [`Scoring`], or the caller's own) and
//! keeps the top K.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::calendar::day_number;
use crate::calendar::serde::date;
use crate::error::{Error, ErrorKind, Result};
use crate::money::serde::amount;

/// An open item for the worklist (an installment or an invoice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverdueItem {
    /// The customer's id.
    pub customer: String,
    /// ISO 4217 code of the amount.
    pub currency: String,
    /// The due date (the item is overdue when it is before `as_of`).
    #[serde(with = "date")]
    pub due_date: NaiveDate,
    /// The open amount (items of zero or less are not overdue: credits are not chased).
    #[serde(with = "amount")]
    pub open_amount: Decimal,
    /// Whether the item is disputed (left out of the score unless `include_disputed`).
    #[serde(default)]
    pub disputed: bool,
}

/// A payment of the customer's history: what was paid, when, against which due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaidItem {
    /// The customer's id.
    pub customer: String,
    /// The due date of the item paid.
    #[serde(with = "date")]
    pub due_date: NaiveDate,
    /// The payment date (payments after `as_of` are not history yet and are left out).
    #[serde(with = "date")]
    pub paid_date: NaiveDate,
    /// The amount paid, in minor units of any one scale the caller keeps for all history
    /// (only its weights matter: late days are averaged weighted by it).
    #[serde(with = "amount")]
    pub amount: Decimal,
}

/// What a row of the worklist is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    /// One row per customer and currency (the default).
    #[default]
    CustomerCurrency,
    /// One row per customer, amounts converted to the reporting currency.
    Customer,
}

/// Additive points (SEMANTICS.md "Prioritization": additive by default): each term is a
/// component of the score.
///
/// `points = Σ bucket_weights[b] × overdue in bucket b (reporting units)
///         + per_day_past_due × min(max_dpd, dpd_cap) + per_day_late × min(avg_late, late_cap)
///         + per_risk_point × risk points`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointWeights {
    /// Inclusive upper bounds of the age buckets in days past due (`[30, 60, 90]`: 1-30, 31-60,
    /// 61-90, 90+), strictly increasing, each at least 1.
    pub bucket_bounds: Vec<i32>,
    /// Points per reporting-currency unit overdue in each bucket (one more than the bounds),
    /// never falling with age (an amount that ages never loses points).
    #[serde(with = "crate::money::serde::amount_list")]
    pub bucket_weights: Vec<Decimal>,
    /// Points per day past due of the oldest item.
    #[serde(with = "amount")]
    pub per_day_past_due: Decimal,
    /// Days past due counted at most.
    pub dpd_cap: i32,
    /// Points per day of the amount-weighted average lateness of past payments.
    #[serde(with = "amount")]
    pub per_day_late: Decimal,
    /// Average late days counted at most.
    pub late_cap: i32,
    /// Points per point of the customer's risk score (`risk_points` of the configuration).
    #[serde(with = "amount")]
    pub per_risk_point: Decimal,
}

impl Default for PointWeights {
    fn default() -> PointWeights {
        PointWeights {
            bucket_bounds: vec![30, 60, 90],
            bucket_weights: ["1", "1.5", "2", "3"].iter().map(|w| w.parse().unwrap_or_default()).collect(),
            per_day_past_due: Decimal::from(10),
            dpd_cap: 365,
            per_day_late: Decimal::from(20),
            late_cap: 120,
            per_risk_point: Decimal::from(10),
        }
    }
}

/// A product of three factors, the ../shared/bench COLLECTION WORKLIST score with its defaults:
/// `floor(overdue in reporting minor units) × (dpd_offset + min(max_dpd, dpd_cap))
/// × (late_offset + min(avg_late, late_cap))`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductWeights {
    /// Added to the days past due (30).
    pub dpd_offset: i32,
    /// Days past due counted at most (365).
    pub dpd_cap: i32,
    /// Added to the average late days (30).
    pub late_offset: i32,
    /// Average late days counted at most (120).
    pub late_cap: i32,
}

impl Default for ProductWeights {
    fn default() -> ProductWeights {
        ProductWeights { dpd_offset: 30, dpd_cap: 365, late_offset: 30, late_cap: 120 }
    }
}

/// The scoring model (configuration, never a hard-coded curve).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Scoring {
    /// Additive points.
    Points(PointWeights),
    /// The product of amount, age and history factors.
    Product(ProductWeights),
}

impl Default for Scoring {
    fn default() -> Scoring {
        Scoring::Points(PointWeights::default())
    }
}

/// The worklist's configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorklistConfig {
    /// The day of the list: items due before it are overdue.
    #[serde(with = "date")]
    pub as_of: NaiveDate,
    /// Rows kept (the K highest scores); `None` keeps all.
    #[serde(default)]
    pub top_k: Option<usize>,
    /// Customer-currency pairs (default) or customers.
    #[serde(default)]
    pub by: Grouping,
    /// The currency amounts are converted into for scoring (default `EUR`).
    #[serde(default = "eur")]
    pub reporting_currency: String,
    /// Rate of each currency into the reporting currency (the reporting currency is 1 unless
    /// given); an item in a currency without a rate is an error.
    #[serde(default, with = "rate_map")]
    pub fx: BTreeMap<String, Decimal>,
    /// The scoring model.
    #[serde(default)]
    pub scoring: Scoring,
    /// Whether disputed items count (default: no; they are reported in `disputed`).
    #[serde(default)]
    pub include_disputed: bool,
    /// Risk points per customer (for example a risk score's points), weighted by
    /// `per_risk_point`.
    #[serde(default, with = "rate_map")]
    pub risk_points: BTreeMap<String, Decimal>,
}

fn eur() -> String {
    "EUR".into()
}

/// Maps of decimal strings.
mod rate_map {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &BTreeMap<String, Decimal>, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(v.len()))?;
        for (k, d) in v {
            m.serialize_entry(k, &d.to_string())?;
        }
        m.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<BTreeMap<String, Decimal>, D::Error> {
        #[derive(Deserialize)]
        struct W(#[serde(with = "crate::money::serde::amount")] Decimal);
        Ok(BTreeMap::<String, W>::deserialize(d)?.into_iter().map(|(k, w)| (k, w.0)).collect())
    }
}

impl WorklistConfig {
    /// A configuration with the defaults: pairs, EUR, additive points, disputed items left out.
    ///
    /// ```
    /// let c = arrears::collections::WorklistConfig::new(arrears::parse_date("as_of", "2025-06-30")?);
    /// assert_eq!(c.reporting_currency, "EUR");
    /// # Ok::<(), arrears::Error>(())
    /// ```
    pub fn new(as_of: NaiveDate) -> WorklistConfig {
        WorklistConfig {
            as_of,
            top_k: None,
            by: Grouping::default(),
            reporting_currency: eur(),
            fx: BTreeMap::new(),
            scoring: Scoring::default(),
            include_disputed: false,
            risk_points: BTreeMap::new(),
        }
    }

    /// The ../shared/bench COLLECTION WORKLIST configuration: pairs, the product model, the
    /// benchmark's rates to EUR, top `k`.
    ///
    /// ```
    /// let c = arrears::collections::WorklistConfig::bench(arrears::parse_date("as_of", "2025-06-30")?, 1000);
    /// assert_eq!(c.fx["SEK"].to_string(), "0.088");
    /// # Ok::<(), arrears::Error>(())
    /// ```
    pub fn bench(as_of: NaiveDate, k: usize) -> WorklistConfig {
        let fx = [("EUR", 10000), ("USD", 9200), ("GBP", 11700), ("CHF", 10400), ("SEK", 880)]
            .iter()
            .map(|&(c, r)| (c.to_string(), Decimal::new(r, 4).normalize()))
            .collect();
        WorklistConfig {
            top_k: Some(k),
            fx,
            scoring: Scoring::Product(ProductWeights::default()),
            ..WorklistConfig::new(as_of)
        }
    }

    /// Checks the weights, rates and risk points: negative values, unordered bounds and
    /// weights that fall with age are errors naming the field.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRequest`] naming the field (`scoring.points.bucket_weights[2]`,
    /// `fx.USD`...) and its value; [`ErrorKind::LimitExceeded`] for more than
    /// [`crate::limits::MAX_BUCKETS`] bounds.
    pub fn validate(&self) -> Result<()> {
        let bad = |field: String, v: &dyn std::fmt::Display, why: &str| {
            Err(Error::new(ErrorKind::InvalidRequest, field, v.to_string(), why))
        };
        for (c, r) in &self.fx {
            if *r <= Decimal::ZERO {
                return bad(format!("fx.{c}"), r, "a rate is positive");
            }
        }
        for (c, r) in &self.risk_points {
            if r.is_sign_negative() && !r.is_zero() {
                return bad(format!("risk_points.{c}"), r, "risk points are not negative");
            }
        }
        match &self.scoring {
            Scoring::Points(w) => {
                crate::limits::check(
                    "scoring.points.bucket_bounds",
                    w.bucket_bounds.len(),
                    crate::limits::MAX_BUCKETS,
                )?;
                for (i, b) in w.bucket_bounds.iter().enumerate() {
                    if *b < 1 || (i > 0 && *b <= w.bucket_bounds[i - 1]) {
                        return bad(
                            format!("scoring.points.bucket_bounds[{i}]"),
                            b,
                            "bounds are at least 1 and strictly increasing",
                        );
                    }
                }
                if w.bucket_weights.len() != w.bucket_bounds.len() + 1 {
                    return bad(
                        "scoring.points.bucket_weights".into(),
                        &w.bucket_weights.len(),
                        "one weight per bucket: one more than the bounds",
                    );
                }
                for (i, x) in w.bucket_weights.iter().enumerate() {
                    if x.is_sign_negative() && !x.is_zero() {
                        return bad(format!("scoring.points.bucket_weights[{i}]"), x, "weights are not negative");
                    }
                    if i > 0 && *x < w.bucket_weights[i - 1] {
                        return bad(
                            format!("scoring.points.bucket_weights[{i}]"),
                            x,
                            "weights never fall with age (an amount that ages must not lose points)",
                        );
                    }
                }
                let named = [
                    ("per_day_past_due", w.per_day_past_due),
                    ("per_day_late", w.per_day_late),
                    ("per_risk_point", w.per_risk_point),
                ];
                for (name, x) in named {
                    if x.is_sign_negative() && !x.is_zero() {
                        return bad(format!("scoring.points.{name}"), &x, "weights are not negative");
                    }
                }
                for (name, x) in [("dpd_cap", w.dpd_cap), ("late_cap", w.late_cap)] {
                    if x < 0 {
                        return bad(format!("scoring.points.{name}"), &x, "caps are not negative");
                    }
                }
            }
            Scoring::Product(p) => {
                let named = [
                    ("dpd_offset", p.dpd_offset),
                    ("dpd_cap", p.dpd_cap),
                    ("late_offset", p.late_offset),
                    ("late_cap", p.late_cap),
                ];
                for (name, x) in named {
                    if x < 0 {
                        return bad(format!("scoring.product.{name}"), &x, "offsets and caps are not negative");
                    }
                }
            }
        }
        Ok(())
    }

    /// The rate of `currency` into the reporting currency.
    pub(crate) fn rate(&self, currency: &str, field: &str) -> Result<Decimal> {
        match self.fx.get(currency) {
            Some(r) => Ok(*r),
            None if currency == self.reporting_currency => Ok(Decimal::ONE),
            None => Err(Error::new(
                ErrorKind::InvalidRequest,
                field,
                currency,
                format!("no rate into {} in fx", self.reporting_currency),
            )),
        }
    }

    /// The reporting currency's decimals (2 when it is not in ISO 4217).
    pub(crate) fn reporting_scale(&self) -> u32 {
        crate::Currency::lookup(&self.reporting_currency).and_then(|c| c.minor_units).map_or(2, u32::from)
    }
}

/// What one group (customer-currency pair, or customer) brings to its score.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupFacts {
    /// Overdue amount in the row's currency (the pair's, or the reporting currency).
    pub overdue: Decimal,
    /// Items overdue.
    pub n_overdue: u64,
    /// Days past due of the oldest overdue item.
    pub max_dpd: i32,
    /// The overdue amount converted to the reporting currency, in its minor units, floored.
    pub base: i128,
    /// Overdue amounts per age bucket of the points model, in reporting-currency units.
    pub buckets: Vec<Decimal>,
    /// Disputed overdue amount (in the row's currency), left out of the score unless asked.
    pub disputed: Decimal,
    /// The customer's amount-weighted average days late over its payments (floored; 0 without).
    pub avg_late: i64,
    /// The customer's risk points.
    pub risk_points: Decimal,
}

/// One part of a score: its name, its value and what it was computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreComponent {
    /// `overdue_1-30`, `days_past_due`, `history`... (product factors: `amount`, `age`, `history`).
    pub name: String,
    /// The points it adds (additive) or the factor it multiplies by (product).
    #[serde(with = "amount")]
    pub value: Decimal,
    /// Its input, in words (`"1234.00 EUR × 1.5"`).
    pub basis: String,
}

/// A scoring function: a pluggable Rust scorer. It must be deterministic, and to keep the
/// worklist's promise it must never give less when an overdue amount or its age grows.
pub trait ScoreFn {
    /// The score of one group and its components.
    ///
    /// # Errors
    /// [`ErrorKind::Overflow`] when a score leaves the decimal range.
    fn score(&self, facts: &GroupFacts, config: &WorklistConfig) -> Result<(Decimal, Vec<ScoreComponent>)>;
}

fn overflow(what: &str) -> Error {
    Error::new(ErrorKind::Overflow, "scoring", what, "the score leaves the decimal range")
}

impl ScoreFn for Scoring {
    fn score(&self, f: &GroupFacts, config: &WorklistConfig) -> Result<(Decimal, Vec<ScoreComponent>)> {
        let rep = &config.reporting_currency;
        match self {
            Scoring::Product(p) => {
                let age = i128::from(p.dpd_offset) + i128::from(f.max_dpd.clamp(0, p.dpd_cap));
                let hist = i128::from(p.late_offset) + f.avg_late.clamp(0, i64::from(p.late_cap)) as i128;
                let s = f.base.checked_mul(age).and_then(|x| x.checked_mul(hist)).ok_or_else(|| overflow("product"))?;
                let score = Decimal::try_from_i128_with_scale(s, 0).map_err(|_| overflow("product"))?;
                let comps = vec![
                    comp("amount", Decimal::from_i128_with_scale(f.base, 0), format!("overdue in {rep} minor units")),
                    comp(
                        "age",
                        Decimal::from(age as i64),
                        format!("{} + min({} days past due, {})", p.dpd_offset, f.max_dpd, p.dpd_cap),
                    ),
                    comp(
                        "history",
                        Decimal::from(hist as i64),
                        format!("{} + min({} days late on average, {})", p.late_offset, f.avg_late, p.late_cap),
                    ),
                ];
                Ok((score, comps))
            }
            Scoring::Points(w) => {
                let mut comps = Vec::with_capacity(w.bucket_weights.len() + 3);
                let mut total = Decimal::ZERO;
                let mut add = |name: String, v: Option<Decimal>, basis: String| -> Result<()> {
                    let v = v.ok_or_else(|| overflow(&name))?;
                    total = total.checked_add(v).ok_or_else(|| overflow(&name))?;
                    comps.push(comp(&name, v, basis));
                    Ok(())
                };
                let labels = bucket_labels(&w.bucket_bounds);
                for (b, amount) in f.buckets.iter().enumerate() {
                    let wt = w.bucket_weights[b];
                    add(format!("overdue_{}", labels[b]), amount.checked_mul(wt), format!("{amount} {rep} × {wt}"))?;
                }
                let dpd = Decimal::from(f.max_dpd.clamp(0, w.dpd_cap));
                add(
                    "days_past_due".into(),
                    dpd.checked_mul(w.per_day_past_due),
                    format!("{dpd} days × {}", w.per_day_past_due),
                )?;
                let late = Decimal::from(f.avg_late.clamp(0, i64::from(w.late_cap)));
                add(
                    "history".into(),
                    late.checked_mul(w.per_day_late),
                    format!("{late} days late on average × {}", w.per_day_late),
                )?;
                let r = f.risk_points;
                add("risk".into(), r.checked_mul(w.per_risk_point), format!("{r} risk points × {}", w.per_risk_point))?;
                Ok((total.normalize(), comps))
            }
        }
    }
}

fn comp(name: &str, value: Decimal, basis: String) -> ScoreComponent {
    ScoreComponent { name: name.to_string(), value: value.normalize(), basis }
}

/// The labels of buckets past due with these bounds: `1-30`, `31-60`, `61-90`, `90+`.
pub(crate) fn bucket_labels(bounds: &[i32]) -> Vec<String> {
    let mut out = Vec::with_capacity(bounds.len() + 1);
    let mut lo = 1;
    for b in bounds {
        out.push(format!("{lo}-{b}"));
        lo = b + 1;
    }
    out.push(match bounds.last() {
        Some(b) => format!("{b}+"),
        None => "1+".into(),
    });
    out
}

/// The bucket of `dpd` days past due (≥ 1) among `bounds`.
#[inline]
pub(crate) fn bucket_of(bounds: &[i32], dpd: i32) -> usize {
    bounds.iter().position(|&b| dpd <= b).unwrap_or(bounds.len())
}

/// One row of the worklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorklistRow {
    /// 1 for the first row.
    pub rank: usize,
    /// The customer's id.
    pub customer: String,
    /// The pair's currency, or the reporting currency when rows are customers.
    pub currency: String,
    /// The overdue amount counted (in `currency`).
    #[serde(with = "amount")]
    pub overdue: Decimal,
    /// Items overdue.
    pub n_overdue: u64,
    /// Days past due of the oldest item.
    pub max_dpd: i32,
    /// Amount-weighted average days late of the customer's payments (floored).
    pub avg_late: i64,
    /// Disputed overdue amount left out of the score (in `currency`).
    #[serde(with = "amount")]
    pub disputed: Decimal,
    /// The score.
    #[serde(with = "amount")]
    pub score: Decimal,
    /// The parts of the score: summed (points) or multiplied (product).
    pub components: Vec<ScoreComponent>,
}

/// Scores every group, keeps the top `config.top_k` by score (ties: `tie`, which orders by
/// customer, then currency), and builds their rows with `row_key` (customer and currency).
pub(crate) fn rank<F: ScoreFn + ?Sized>(
    facts: &[GroupFacts],
    config: &WorklistConfig,
    scorer: &F,
    tie: impl Fn(usize, usize) -> Ordering,
    row_key: impl Fn(usize) -> (String, String),
) -> Result<Vec<WorklistRow>> {
    let mut scored: Vec<(Decimal, usize)> = Vec::with_capacity(facts.len());
    for (i, f) in facts.iter().enumerate() {
        // the components are built again for the rows kept; here only the score is needed
        scored.push((scorer.score(f, config)?.0, i));
    }
    let order = |a: &(Decimal, usize), b: &(Decimal, usize)| b.0.cmp(&a.0).then_with(|| tie(a.1, b.1));
    let k = config.top_k.unwrap_or(scored.len()).min(scored.len());
    if k < scored.len() && k > 0 {
        scored.select_nth_unstable_by(k - 1, order);
    }
    scored.truncate(k);
    scored.sort_unstable_by(order);
    let mut rows = Vec::with_capacity(k);
    for (n, &(score, i)) in scored.iter().enumerate() {
        let f = &facts[i];
        let (customer, currency) = row_key(i);
        let (_, components) = scorer.score(f, config)?;
        rows.push(WorklistRow {
            rank: n + 1,
            customer,
            currency,
            overdue: f.overdue,
            n_overdue: f.n_overdue,
            max_dpd: f.max_dpd,
            avg_late: f.avg_late,
            disputed: f.disputed,
            score,
            components,
        });
    }
    Ok(rows)
}

/// `floor(minor × rate)` where `minor` is at `scale` decimals and the result at `to_scale`.
pub(crate) fn convert_floor(minor: i128, scale: u32, rate: Decimal, to_scale: u32) -> Option<i128> {
    let (num, mut den) = (rate.mantissa(), 10i128.checked_pow(rate.scale())?);
    let mut x = minor.checked_mul(num)?;
    if to_scale >= scale {
        x = x.checked_mul(10i128.checked_pow(to_scale - scale)?)?;
    } else {
        den = den.checked_mul(10i128.checked_pow(scale - to_scale)?)?;
    }
    // (a 64-bit division where both fit, as nearly always: the same quotient, a fraction of the
    // 128-bit division's time; the worklist converts every group's overdue amount)
    if let (Ok(a), Ok(d)) = (i64::try_from(x), i64::try_from(den)) {
        return Some(i128::from(a.div_euclid(d)));
    }
    Some(x.div_euclid(den))
}

/// The worklist of open items and payment history (the object API).
///
/// ```
/// use arrears::collections::{worklist, OverdueItem, PaidItem, WorklistConfig};
/// use arrears::parse_date;
/// let d = |s| parse_date("d", s).unwrap();
/// let item = |c: &str, due, amt: &str| OverdueItem {
///     customer: c.into(), currency: "EUR".into(), due_date: d(due), open_amount: amt.parse().unwrap(), disputed: false };
/// let open = vec![item("A", "2025-06-01", "100.00"), item("B", "2025-03-01", "100.00"), item("A", "2025-07-15", "900.00")];
/// let paid = vec![PaidItem { customer: "A".into(), due_date: d("2025-01-31"), paid_date: d("2025-03-02"), amount: "50.00".parse().unwrap() }];
/// let rows = worklist(&open, &paid, &WorklistConfig::new(d("2025-06-30")))?;
/// // B: 100 EUR 121 days past due outranks A: 100 EUR 29 days past due, though A pays 30 days late
/// assert_eq!(rows.iter().map(|r| (r.customer.as_str(), r.max_dpd)).collect::<Vec<_>>(), [("B", 121), ("A", 29)]);
/// assert_eq!(rows[1].avg_late, 30);
/// assert_eq!(rows[0].components.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
///            ["overdue_1-30", "overdue_31-60", "overdue_61-90", "overdue_90+", "days_past_due", "history", "risk"]);
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// The configuration's errors ([`WorklistConfig::validate`]); [`ErrorKind::InvalidRequest`] for
/// an item whose currency has no rate (`open[3].currency`) or a payment that is not positive
/// (`history[2].amount`); [`ErrorKind::UnknownCurrency`] for an item's currency not in ISO 4217
/// (`open[3].currency`); [`ErrorKind::InvalidAmount`] for an open amount with more decimals than
/// its currency (`open[3].open_amount`); [`ErrorKind::Overflow`] for sums or
/// scores beyond the decimal range; [`ErrorKind::LimitExceeded`] beyond
/// [`crate::limits::MAX_WORKLIST_ITEMS`] items or payments.
pub fn worklist(open: &[OverdueItem], history: &[PaidItem], config: &WorklistConfig) -> Result<Vec<WorklistRow>> {
    worklist_with(open, history, config, &config.scoring)
}

/// [`worklist`] with the caller's own scoring function.
///
/// # Errors
/// As [`worklist`], and the scorer's own.
pub fn worklist_with<F: ScoreFn + ?Sized>(
    open: &[OverdueItem],
    history: &[PaidItem],
    config: &WorklistConfig,
    scorer: &F,
) -> Result<Vec<WorklistRow>> {
    config.validate()?;
    crate::limits::check("open", open.len(), crate::limits::MAX_WORKLIST_ITEMS)?;
    crate::limits::check("history", history.len(), crate::limits::MAX_WORKLIST_ITEMS)?;
    let as_of = day_number(config.as_of);
    let sum_err = |f: String| Error::new(ErrorKind::Overflow, f, "", "the sum leaves the decimal range");
    // history per customer: Σ late × amount, Σ amount
    let mut hist: BTreeMap<&str, (Decimal, Decimal)> = BTreeMap::new();
    for (j, p) in history.iter().enumerate() {
        if p.amount <= Decimal::ZERO {
            let why = "a payment is positive (a refund or reversal is not history)";
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                format!("history[{j}].amount"),
                p.amount.to_string(),
                why,
            ));
        }
        if day_number(p.paid_date) > as_of {
            continue;
        }
        let late = Decimal::from((day_number(p.paid_date) - day_number(p.due_date)).max(0));
        let h = hist.entry(&p.customer).or_default();
        let w = late.checked_mul(p.amount).and_then(|x| h.0.checked_add(x));
        let c = h.1.checked_add(p.amount);
        match (w, c) {
            (Some(w), Some(c)) => *h = (w, c),
            _ => return Err(sum_err(format!("history[{j}].amount"))),
        }
    }
    let bounds: &[i32] = match &config.scoring {
        Scoring::Points(w) => &w.bucket_bounds,
        Scoring::Product(_) => &[],
    };
    let nb = if matches!(config.scoring, Scoring::Points(_)) { bounds.len() + 1 } else { 0 };
    let rep_scale = config.reporting_scale();
    // per pair: overdue, n, max_dpd, buckets (in the pair's currency), disputed
    let mut pairs: BTreeMap<(&str, &str), PairSums> = BTreeMap::new();
    for (i, it) in open.iter().enumerate() {
        super::dunning::check_amount(&format!("open[{i}]"), &it.currency, it.open_amount)?;
        let dpd = as_of - day_number(it.due_date);
        if it.open_amount <= Decimal::ZERO || dpd <= 0 {
            continue;
        }
        config.rate(&it.currency, &format!("open[{i}].currency"))?;
        let g = pairs
            .entry((&it.customer, &it.currency))
            .or_insert_with(|| (Decimal::ZERO, 0, 0, vec![Decimal::ZERO; nb], Decimal::ZERO));
        let add = |a: Decimal| a.checked_add(it.open_amount).ok_or_else(|| sum_err(format!("open[{i}].open_amount")));
        if it.disputed && !config.include_disputed {
            g.4 = add(g.4)?;
            continue;
        }
        g.0 = add(g.0)?;
        g.1 += 1;
        g.2 = g.2.max(dpd);
        if nb > 0 {
            let b = bucket_of(bounds, dpd);
            g.3[b] = add(g.3[b])?;
        }
    }
    let mut keys: Vec<(String, String)> = Vec::new();
    let mut facts: Vec<GroupFacts> = Vec::new();
    for ((cust, cur), (overdue, n, max_dpd, buckets, disputed)) in pairs {
        let rate = config.rate(cur, "fx")?;
        let (w, c) = hist.get(cust).copied().unwrap_or_default();
        let avg_late = floor_div(w, c);
        let minor = overdue.checked_mul(Decimal::from(10i64.pow(rep_scale))).and_then(|x| x.checked_mul(rate));
        let base = minor.map(|m| m.floor().mantissa()).ok_or_else(|| overflow("base"))?;
        let buckets =
            buckets.iter().map(|b| b.checked_mul(rate).ok_or_else(|| overflow("buckets"))).collect::<Result<_>>()?;
        let risk_points = config.risk_points.get(cust).copied().unwrap_or_default();
        let f = GroupFacts { overdue, n_overdue: n, max_dpd, base, buckets, disputed, avg_late, risk_points };
        if n == 0 && disputed.is_zero() {
            continue;
        }
        let key = (cust.to_string(), cur.to_string());
        merge_group(&mut keys, &mut facts, key, f, config, rate)?;
    }
    let scored: Vec<usize> = (0..facts.len()).filter(|&i| facts[i].n_overdue > 0).collect();
    let kept: Vec<GroupFacts> = scored.iter().map(|&i| facts[i].clone()).collect();
    let kept_keys: Vec<&(String, String)> = scored.iter().map(|&i| &keys[i]).collect();
    rank(&kept, config, scorer, |a, b| kept_keys[a].cmp(kept_keys[b]), |i| kept_keys[i].clone())
}

/// Per pair: overdue, count, max days past due, buckets (in the pair's currency), disputed.
type PairSums = (Decimal, u64, i32, Vec<Decimal>, Decimal);

/// `floor(w / c)` exactly (0 when `c` is not positive), as a whole number of days.
fn floor_div(w: Decimal, c: Decimal) -> i64 {
    if c <= Decimal::ZERO {
        return 0;
    }
    let Some(mut q) = w.checked_div(c).map(|x| x.floor()) else { return i64::MAX };
    // the quotient is rounded to 28 digits: step back or on to the exact floor
    // (at most a step each way: the quotient is off by less than one; the bound keeps a
    // product rounded at 28 digits from looping)
    for _ in 0..2 {
        match q.checked_sub(Decimal::ONE) {
            Some(x) if q.checked_mul(c).is_some_and(|p| p > w) => q = x,
            _ => break,
        }
    }
    for _ in 0..2 {
        match q.checked_add(Decimal::ONE) {
            Some(next) if next.checked_mul(c).is_some_and(|p| p <= w) => q = next,
            _ => break,
        }
    }
    i64::try_from(q).unwrap_or(i64::MAX)
}

/// Adds a pair's facts as its own row, or (rows by customer) into its customer's row: amounts
/// converted to the reporting currency (overdue as the sum of the pairs' floored bases).
pub(crate) fn merge_group(
    keys: &mut Vec<(String, String)>,
    facts: &mut Vec<GroupFacts>,
    key: (String, String),
    f: GroupFacts,
    config: &WorklistConfig,
    rate: Decimal,
) -> Result<()> {
    if config.by == Grouping::CustomerCurrency {
        keys.push(key);
        facts.push(f);
        return Ok(());
    }
    let rep_scale = config.reporting_scale();
    let disputed = f
        .disputed
        .checked_mul(rate)
        .map(|d| d.round_dp_with_strategy(rep_scale, rust_decimal::RoundingStrategy::ToNegativeInfinity))
        .ok_or_else(|| overflow("disputed"))?;
    let overdue = Decimal::try_from_i128_with_scale(f.base, rep_scale).map_err(|_| overflow("overdue"))?;
    match keys.last() {
        Some((c, _)) if *c == key.0 => {
            let g = facts.last_mut().ok_or_else(|| overflow("merge"))?;
            g.overdue = g.overdue.checked_add(overdue).ok_or_else(|| overflow("overdue"))?;
            g.n_overdue += f.n_overdue;
            g.max_dpd = g.max_dpd.max(f.max_dpd);
            g.base = g.base.checked_add(f.base).ok_or_else(|| overflow("base"))?;
            for (a, b) in g.buckets.iter_mut().zip(&f.buckets) {
                *a = a.checked_add(*b).ok_or_else(|| overflow("buckets"))?;
            }
            g.disputed = g.disputed.checked_add(disputed).ok_or_else(|| overflow("disputed"))?;
        }
        _ => {
            keys.push((key.0, config.reporting_currency.clone()));
            facts.push(GroupFacts { overdue, disputed, ..f });
        }
    }
    Ok(())
}
