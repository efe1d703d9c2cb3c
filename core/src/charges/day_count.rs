//! Day counts: how many days a stretch of lateness counts, and the year each day is divided by.
//!
//! Every day count is kept as a weight per day over one common denominator, [`DEN`] =
//! lcm(360, 365, 366) = 1,603,080, so that days of different conventions (act/act across a leap
//! year, a regime that changed its convention) add up exactly, with no rounding, before the one
//! rounding of the interest.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::calendar::{date_of_day_number, day_number};
use crate::error::{Error, ErrorKind, Result};

/// The common denominator of every day's weight: lcm(360, 365, 366).
pub(crate) const DEN: i64 = 1_603_080;

/// How days of lateness are counted and which year length each is divided by.
///
/// | name | days counted | year |
/// |---|---|---|
/// | `act/365` (default) | calendar days | 365 |
/// | `act/360` | calendar days | 360 |
/// | `act/act` | calendar days | each day its own year's length (365 or 366) |
/// | `30E/360` | every month 30 days (a 31st counts nothing, February's end jumps to the 30th) | 360 |
///
/// ```
/// use arrears::charges::DayCount;
/// use arrears::parse_date;
/// let (due, end) = (parse_date("d", "2015-12-31")?, parse_date("d", "2016-07-30")?);
/// assert_eq!(DayCount::Thirty360E.days(due, end), 210); // LI-07: 2016-01-01 ..= 2016-07-30
/// assert_eq!(DayCount::Act365.days(due, end), 212);
/// assert_eq!("act/act".parse::<DayCount>()?, DayCount::ActAct);
/// assert_eq!(DayCount::ActAct.basis(parse_date("d", "2024-03-01")?), 366);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DayCount {
    /// Calendar days over 365 (`act/365`): the default.
    #[default]
    Act365,
    /// Calendar days over 360 (`act/360`).
    Act360,
    /// Each calendar day over the length of its own year (`act/act`).
    ActAct,
    /// 30-day months over 360 (`30E/360`, the "kaufmännische" method).
    Thirty360E,
}

impl DayCount {
    /// Every day count.
    pub const ALL: [DayCount; 4] = [DayCount::Act365, DayCount::Act360, DayCount::ActAct, DayCount::Thirty360E];

    /// The wire name (`"act/365"`, `"act/360"`, `"act/act"`, `"30E/360"`).
    pub const fn name(self) -> &'static str {
        match self {
            DayCount::Act365 => "act/365",
            DayCount::Act360 => "act/360",
            DayCount::ActAct => "act/act",
            DayCount::Thirty360E => "30E/360",
        }
    }

    /// The days counted from `from` (exclusive) through `to` (inclusive); 0 when `to` is not
    /// after `from`.
    pub fn days(self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to <= from {
            return 0;
        }
        match self {
            DayCount::Thirty360E => thirty_e(to) - thirty_e(from),
            _ => (to - from).num_days(),
        }
    }

    /// The year length `date`'s interest is divided by (365, 360, or for act/act 365 or 366).
    pub fn basis(self, date: NaiveDate) -> u32 {
        match self {
            DayCount::Act365 => 365,
            DayCount::Act360 | DayCount::Thirty360E => 360,
            DayCount::ActAct => year_len(date.year()),
        }
    }
}

/// 360 y + 30 m + min(d, 30): 30E/360 counts the difference of this between two dates.
fn thirty_e(d: NaiveDate) -> i64 {
    360 * i64::from(d.year()) + 30 * i64::from(d.month()) + i64::from(d.day().min(30))
}

fn year_len(year: i32) -> u32 {
    if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366
    } else {
        365
    }
}

/// The weight of the days `a ..= b` (day numbers, inside one year for act/act) over [`DEN`], and
/// the days counted and the basis to show for them.
pub(crate) fn span(dc: DayCount, a: i32, b: i32) -> (i64, i64, u32) {
    if b < a {
        return (0, 0, dc_basis_of_day(dc, a));
    }
    let basis = dc_basis_of_day(dc, a);
    let days = match dc {
        DayCount::Thirty360E => thirty_e_day(b) - thirty_e_day(a - 1),
        _ => i64::from(b - a + 1),
    };
    (days * (DEN / i64::from(basis)), days, basis)
}

fn dc_basis_of_day(dc: DayCount, day: i32) -> u32 {
    match dc {
        DayCount::Act365 => 365,
        DayCount::Act360 | DayCount::Thirty360E => 360,
        DayCount::ActAct => date_of_day_number("", day).map(|d| year_len(d.year())).unwrap_or(365),
    }
}

fn thirty_e_day(day: i32) -> i64 {
    date_of_day_number("", day).map(thirty_e).unwrap_or(0)
}

/// The last day (day number) of the year holding `day`.
pub(crate) fn year_end(day: i32) -> i32 {
    match date_of_day_number("", day) {
        Ok(d) => NaiveDate::from_ymd_opt(d.year(), 12, 31).map(day_number).unwrap_or(day),
        Err(_) => day,
    }
}

/// A day count that may change on a date: days up to `until` (inclusive) counted one way, the
/// rest another (RU art. 395 counted 360/30 before 2016). Internal form of an
/// [`crate::charges::InterestRule`]'s conventions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Conventions {
    pub(crate) earlier: Option<(i32, DayCount)>,
    pub(crate) day_count: DayCount,
}

impl Conventions {
    /// The day count of `day` and the last day it holds without a break in the weights per day
    /// (the change date, a year end for act/act).
    pub(crate) fn at(&self, day: i32) -> (DayCount, i32) {
        let (dc, through) = match self.earlier {
            Some((until, dc)) if day <= until => (dc, until),
            _ => (self.day_count, i32::MAX),
        };
        match dc {
            DayCount::ActAct => (dc, through.min(year_end(day))),
            _ => (dc, through),
        }
    }

    /// The weight of `a ..= b` over [`DEN`], split where the conventions change.
    pub(crate) fn weight(&self, a: i32, b: i32) -> i64 {
        let mut t = a;
        let mut w = 0;
        while t <= b {
            let (dc, through) = self.at(t);
            let e = through.min(b);
            w += span(dc, t, e).0;
            t = e + 1;
        }
        w
    }
}

impl fmt::Display for DayCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for DayCount {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        DayCount::ALL.into_iter().find(|d| d.name() == s).ok_or_else(|| {
            Error::new(ErrorKind::InvalidRule, "day_count", s, "expected one of act/365, act/360, act/act, 30E/360")
        })
    }
}

crate::serde_forms::serde_via_str!(DayCount);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::parse_date;

    #[test]
    fn weights_add_up_day_by_day() {
        let c = Conventions {
            earlier: Some((day_number(parse_date("d", "2015-12-31").unwrap()), DayCount::Thirty360E)),
            day_count: DayCount::ActAct,
        };
        let a = day_number(parse_date("d", "2015-01-20").unwrap());
        let b = day_number(parse_date("d", "2017-03-03").unwrap());
        let by_day: i64 = (a..=b).map(|t| c.weight(t, t)).sum();
        assert_eq!(c.weight(a, b), by_day);
        for dc in DayCount::ALL {
            let plain = Conventions { earlier: None, day_count: dc };
            let d0 = date_of_day_number("", a - 1).unwrap();
            let d1 = date_of_day_number("", b).unwrap();
            let by_day: i64 = (a..=b).map(|t| plain.weight(t, t)).sum();
            assert_eq!(plain.weight(a, b), by_day, "{dc}");
            if dc != DayCount::ActAct {
                assert_eq!(plain.weight(a, b), dc.days(d0, d1) * (DEN / i64::from(dc.basis(d1))), "{dc}");
            }
        }
    }
}
