//! Annual rates: a fixed percent, or a reference-rate table (caller data) plus a margin, fixed
//! for each day by a rate-fixing mode; an optional floor of a multiple of another table.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::calendar::serde::{date, opt_date};
use crate::calendar::{date_of_day_number, day_number, format_date, MAX_DAY};
use crate::error::{Error, ErrorKind, Result};

/// The lowest annual rate accepted, in percent.
pub const MIN_RATE: Decimal = Decimal::from_parts(100, 0, 0, true, 0);
/// The highest annual rate accepted, in percent.
pub const MAX_RATE: Decimal = Decimal::from_parts(1000, 0, 0, false, 0);
/// Decimal places a rate, a margin or a floor multiple may have (rates are kept exactly in
/// millionths of a percent).
pub const RATE_DECIMALS: u32 = 6;

/// A rate in millionths of a percent, exactly; `None` with more than [`RATE_DECIMALS`] decimals
/// or beyond ±10^12 %.
pub(crate) fn micro(rate: Decimal) -> Option<i64> {
    let r = rate.normalize();
    if r.scale() > RATE_DECIMALS {
        return None;
    }
    let m = r.mantissa().checked_mul(10i128.pow(RATE_DECIMALS - r.scale()))?;
    i64::try_from(m).ok().filter(|v| v.unsigned_abs() <= 1_000_000_000_000_000_000)
}

/// A rate in percent from millionths of a percent.
pub(crate) fn percent(micro: i64) -> Decimal {
    Decimal::from_i128_with_scale(i128::from(micro), RATE_DECIMALS).normalize()
}

/// Checks an annual rate given by the caller: within [`MIN_RATE`] ..= [`MAX_RATE`] and with at
/// most [`RATE_DECIMALS`] decimals.
pub(crate) fn check_rate(field: &str, rate: Decimal) -> Result<i64> {
    if rate < MIN_RATE || rate > MAX_RATE {
        return Err(Error::new(
            ErrorKind::InvalidRule,
            field,
            rate.to_string(),
            "an annual rate is a percent between -100 and 1000",
        ));
    }
    micro(rate).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidRule,
            field,
            rate.to_string(),
            format!("a rate has at most {RATE_DECIMALS} decimal places"),
        )
    })
}

/// One rate of a [`RateTable`]: in force from `from` through `to` (inclusive), or, without `to`,
/// until the day before the next entry (the last entry: until further notice).
///
/// JSON: `{"from": "2024-01-01", "rate": "3.62"}` or `{"from": ..., "to": "2024-06-30", "rate": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateEntry {
    /// First day the rate is in force.
    #[serde(with = "date")]
    pub from: NaiveDate,
    /// Last day the rate is in force; `None`: until the next entry.
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// The annual rate in percent (decimal string, -100 ..= 1000, at most 6 decimals).
    #[serde(with = "crate::money::serde::amount")]
    pub rate: Decimal,
}

/// A reference-rate table: dated annual rates with no gap and no overlap, in date order.
///
/// The caller supplies it (arrears never assumes a rate is current); [`super::sample_table`]
/// has dated samples of the ECB, Bundesbank, Bank of England and Bank of Russia rates.
///
/// JSON: `{"rates": [{"from": "2023-01-01", "to": "2023-06-30", "rate": "1.62"}, {"from": "2023-07-01", "rate": "3.12"}]}`.
///
/// ```
/// use arrears::charges::{RateEntry, RateTable};
/// use arrears::{parse_date, ErrorKind};
/// let d = |s| parse_date("d", s).unwrap();
/// let t = RateTable::new(vec![
///     RateEntry { from: d("2023-01-01"), to: Some(d("2023-06-30")), rate: "1.62".parse().unwrap() },
///     RateEntry { from: d("2023-07-01"), to: None, rate: "3.12".parse().unwrap() },
/// ])?;
/// assert_eq!(t.rate_on(d("2023-07-15")).unwrap().to_string(), "3.12");
/// assert!(t.rate_on(d("2022-12-31")).is_none());
/// // a gap is an error naming the first day without a rate
/// let gap = RateTable::new(vec![
///     RateEntry { from: d("2023-01-01"), to: Some(d("2023-06-29")), rate: "1.62".parse().unwrap() },
///     RateEntry { from: d("2023-07-01"), to: None, rate: "3.12".parse().unwrap() },
/// ]).unwrap_err();
/// assert_eq!((gap.kind(), gap.field(), gap.value()), (ErrorKind::InvalidRule, "rates[1].from", "2023-06-30"));
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RateTable {
    entries: Vec<RateEntry>,
    /// (first day, last day inclusive, rate in millionths of a percent), one per entry.
    lines: Vec<(i32, i32, i64)>,
}

impl RateTable {
    /// A table from its entries, checked.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRule`] naming the entry (`rates[i].from`, `.to`, `.rate`) and the
    /// date: no entry, entries out of date order, a `to` before its `from`, a gap (the value is
    /// the first day without a rate), an overlap (the value is the first day with two), a rate
    /// outside -100 ..= 1000 % or with more than 6 decimals; [`ErrorKind::LimitExceeded`] for
    /// more than [`crate::limits::MAX_RATES`] entries.
    pub fn new(entries: Vec<RateEntry>) -> Result<RateTable> {
        crate::limits::check("rates", entries.len(), crate::limits::MAX_RATES)?;
        if entries.is_empty() {
            return Err(Error::new(ErrorKind::InvalidRule, "rates", "[]", "a rate table needs at least one rate"));
        }
        let bad = |i: usize, what: &str, v: NaiveDate, why: String| {
            Error::new(ErrorKind::InvalidRule, format!("rates[{i}].{what}"), format_date(v), why)
        };
        let mut lines = Vec::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            let m = check_rate(&format!("rates[{i}].rate"), e.rate)?;
            if let Some(to) = e.to {
                if to < e.from {
                    return Err(bad(i, "to", to, format!("ends before it starts ({})", format_date(e.from))));
                }
            }
            if i > 0 {
                let p = &entries[i - 1];
                if e.from <= p.from {
                    return Err(bad(
                        i,
                        "from",
                        e.from,
                        format!(
                            "entries must be in date order: this one starts on or before the one before it ({})",
                            format_date(p.from)
                        ),
                    ));
                }
                if let Some(pto) = p.to {
                    if e.from <= pto {
                        return Err(bad(
                            i,
                            "from",
                            e.from,
                            format!("overlaps the entry before it, which runs through {}", format_date(pto)),
                        ));
                    }
                    let next = pto.succ_opt().unwrap_or(pto);
                    if e.from > next {
                        return Err(bad(
                            i,
                            "from",
                            next,
                            format!(
                                "gap: no rate from {} to the day before {}",
                                format_date(next),
                                format_date(e.from)
                            ),
                        ));
                    }
                }
            }
            lines.push((day_number(e.from), 0, m));
        }
        for i in 0..lines.len() {
            lines[i].1 = match (entries[i].to, lines.get(i + 1)) {
                (Some(to), _) => day_number(to),
                (None, Some(next)) => next.0 - 1,
                (None, None) => MAX_DAY,
            };
        }
        Ok(RateTable { entries, lines })
    }

    /// The entries, as given.
    pub fn entries(&self) -> &[RateEntry] {
        &self.entries
    }

    /// The rate in force on `date`, if the table covers it.
    pub fn rate_on(&self, date: NaiveDate) -> Option<Decimal> {
        self.at(day_number(date)).map(|(m, _)| percent(m))
    }

    /// The rate (millionths of a percent) on `day` and the last day of its entry.
    pub(crate) fn at(&self, day: i32) -> Option<(i64, i32)> {
        let i = self.lines.partition_point(|l| l.0 <= day).checked_sub(1)?;
        let (_, end, m) = self.lines[i];
        (day <= end).then_some((m, end))
    }

    fn coverage(&self) -> String {
        let first = self.entries[0].from;
        let last = self.lines[self.lines.len() - 1].1;
        match date_of_day_number("", last) {
            Ok(d) if last < MAX_DAY => format!("{} ..= {}", format_date(first), format_date(d)),
            _ => format!("from {}", format_date(first)),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RateTableWire {
    rates: Vec<RateEntry>,
}

impl Serialize for RateTable {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        RateTableWire { rates: self.entries.clone() }.serialize(s)
    }
}

impl<'de> Deserialize<'de> for RateTable {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let w = RateTableWire::deserialize(d)?;
        RateTable::new(w.rates).map_err(crate::serde_forms::de_error::<D::Error>)
    }
}

/// How a rate change reaches a running debt (SEMANTICS.md, "Late charges").
///
/// | name | the reference rate of day `t` is the table's rate on |
/// |---|---|
/// | `split_at_each_change` | `t` itself (RU key rate) |
/// | `split_by_half_year` | 1 Jan or 1 Jul of `t`'s half-year (EU, DE, FR, IT) |
/// | `fixed_at_start` | 31 Dec or 30 Jun before the first day of interest, for the debt's whole life (UK) |
/// | `annual` | 1 Jan of `t`'s year (TR) |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Fixing {
    /// Every change of the table applies from its date.
    #[default]
    SplitAtEachChange,
    /// The rate in force on the half-year's first day holds for the half-year.
    SplitByHalfYear,
    /// The rate in force on the 31 Dec / 30 Jun before interest starts holds throughout.
    FixedAtStart,
    /// The rate in force on 1 January holds for the year.
    Annual,
}

impl Fixing {
    /// Every fixing mode.
    pub const ALL: [Fixing; 4] =
        [Fixing::SplitAtEachChange, Fixing::SplitByHalfYear, Fixing::FixedAtStart, Fixing::Annual];

    /// The wire name.
    pub const fn name(self) -> &'static str {
        match self {
            Fixing::SplitAtEachChange => "split_at_each_change",
            Fixing::SplitByHalfYear => "split_by_half_year",
            Fixing::FixedAtStart => "fixed_at_start",
            Fixing::Annual => "annual",
        }
    }

    /// The reference date of day `day` for a debt whose interest starts on `first`, and the
    /// last day that reference holds.
    pub(crate) fn reference(self, day: i32, first: i32) -> (i32, i32) {
        let ymd = |d: i32| date_of_day_number("", d).map(|x| (x.year(), x.month())).unwrap_or((1970, 1));
        let dn = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).map(day_number);
        match self {
            Fixing::SplitAtEachChange => (day, day),
            Fixing::SplitByHalfYear => {
                let (y, m) = ymd(day);
                let (start, end) = if m <= 6 { (dn(y, 1, 1), dn(y, 6, 30)) } else { (dn(y, 7, 1), dn(y, 12, 31)) };
                (start.unwrap_or(day), end.unwrap_or(MAX_DAY))
            }
            Fixing::Annual => {
                let (y, _) = ymd(day);
                (dn(y, 1, 1).unwrap_or(day), dn(y, 12, 31).unwrap_or(MAX_DAY))
            }
            Fixing::FixedAtStart => {
                let (y, m) = ymd(first);
                let r = if m <= 6 { dn(y - 1, 12, 31) } else { dn(y, 6, 30) };
                (r.unwrap_or(first), MAX_DAY)
            }
        }
    }
}

impl fmt::Display for Fixing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Fixing {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Fixing::ALL.into_iter().find(|x| x.name() == s).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidRule,
                "fixing",
                s,
                "expected one of split_at_each_change, split_by_half_year, fixed_at_start, annual",
            )
        })
    }
}

crate::serde_forms::serde_via_str!(Fixing);

/// A reference rate plus a margin: the table's rate (fixed per `fixing`) + `margin` points.
///
/// JSON: `{"table": RateTable, "margin": "9", "fixing": "split_by_half_year"}` (`margin`
/// default `"0"`, `fixing` default `split_at_each_change`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceRate {
    /// The reference rates (caller data).
    pub table: RateTable,
    /// Points added to the reference rate (may be negative).
    #[serde(default, with = "crate::money::serde::amount")]
    pub margin: Decimal,
    /// How a change of the reference reaches the debt.
    #[serde(default)]
    pub fixing: Fixing,
}

/// A floor under the rate: `times` × a table's rate, fixed per `fixing` (FR L441-10: a
/// contractual rate is at least three times the legal rate).
///
/// JSON: `{"table": RateTable, "times": "3", "fixing": "split_by_half_year"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateFloor {
    /// The rates the floor is a multiple of.
    pub table: RateTable,
    /// The multiple (e.g. `3`).
    #[serde(with = "crate::money::serde::amount")]
    pub times: Decimal,
    /// How a change of the table reaches the debt; default `split_by_half_year`.
    #[serde(default = "half_year")]
    pub fixing: Fixing,
}

fn half_year() -> Fixing {
    Fixing::SplitByHalfYear
}

/// The annual rate of a rule: fixed, or a reference rate plus a margin.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Rate {
    /// A fixed annual percent.
    Fixed(Decimal),
    /// A reference-rate table plus a margin.
    Reference(ReferenceRate),
}

/// The rate of one day, as the engine applies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DayRate {
    /// The annual rate applied, in millionths of a percent.
    pub(crate) micro: i64,
    /// The reference rate it came from, if any.
    pub(crate) reference: Option<i64>,
    /// The last day (day number) this rate surely holds.
    pub(crate) through: i32,
}

/// A rule's rate resolved to lookups by day number.
pub(crate) struct RatePlan<'a> {
    rate: &'a Rate,
    margin: i64,
    floor: Option<(&'a RateFloor, i128, u32)>,
}

impl<'a> RatePlan<'a> {
    /// Checks the rate's own numbers (the table is checked when it is built).
    pub(crate) fn new(rate: &'a Rate, floor: Option<&'a RateFloor>) -> Result<RatePlan<'a>> {
        let margin = match rate {
            Rate::Fixed(r) => check_rate("rate", *r)?,
            Rate::Reference(r) => micro(r.margin).filter(|m| m.abs() <= 1_100_000_000).ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidRule,
                    "reference.margin",
                    r.margin.to_string(),
                    "a margin is between -1100 and 1100 points, with at most 6 decimals",
                )
            })?,
        };
        let floor = match floor {
            None => None,
            Some(f) => {
                let t = f.times.normalize();
                if t <= Decimal::ZERO || t > Decimal::from(100) || t.scale() > 4 {
                    return Err(Error::new(
                        ErrorKind::InvalidRule,
                        "floor.times",
                        f.times.to_string(),
                        "a floor multiple is above 0 and at most 100, with at most 4 decimals",
                    ));
                }
                Some((f, t.mantissa(), t.scale()))
            }
        };
        Ok(RatePlan { rate, margin, floor })
    }

    /// The rate of day `day` for a debt whose first day of interest is `first`.
    pub(crate) fn on(&self, day: i32, first: i32) -> Result<DayRate> {
        let (mut micro, reference, mut through) = match self.rate {
            Rate::Fixed(_) => (self.margin, None, MAX_DAY),
            Rate::Reference(r) => {
                let (m, thr) = lookup(&r.table, r.fixing, day, first, "reference.table")?;
                (m + self.margin, Some(m), thr)
            }
        };
        if let Some((f, mant, scale)) = self.floor {
            let (m, thr) = lookup(&f.table, f.fixing, day, first, "floor.table")?;
            // times × rate, rounded toward zero to a millionth (a floor never rounds up)
            let floor = (i128::from(m) * mant / 10i128.pow(scale)) as i64;
            micro = micro.max(floor);
            through = through.min(thr);
        }
        let rate = percent(micro);
        if rate < MIN_RATE || rate > MAX_RATE {
            let date = shown_day(day);
            return Err(Error::new(
                ErrorKind::InvalidRule,
                if reference.is_some() { "reference.margin" } else { "rate" },
                rate.to_string(),
                format!("the rate on {date} is outside -100 ..= 1000 %"),
            ));
        }
        Ok(DayRate { micro, reference, through })
    }
}

/// A day number as an ISO date for an error message, also outside the supported years (the
/// reference date of interest from 0001-01-01 under `fixed_at_start` is 0000-12-31).
fn shown_day(day: i32) -> String {
    match date_of_day_number("", day) {
        Ok(d) => format_date(d),
        Err(_) => chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
            .and_then(|epoch| epoch.checked_add_signed(chrono::TimeDelta::days(i64::from(day))))
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| format!("day {day}")),
    }
}

/// The table's rate on `day`'s reference date under `fixing`, and the last day it holds.
fn lookup(table: &RateTable, fixing: Fixing, day: i32, first: i32, field: &str) -> Result<(i64, i32)> {
    let (ref_day, ref_through) = fixing.reference(day, first);
    match table.at(ref_day) {
        Some((m, end)) => Ok((m, if fixing == Fixing::SplitAtEachChange { end } else { ref_through })),
        None => {
            let (date, from) = (shown_day(ref_day), shown_day(day));
            Err(Error::new(
                ErrorKind::InvalidRule,
                format!("{field}.rates"),
                date.clone(),
                format!(
                    "the rate table has no rate for {date} (it covers {}), which {} needs for the interest of {from}",
                    table.coverage(),
                    fixing.name()
                ),
            ))
        }
    }
}
