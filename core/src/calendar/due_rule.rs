//! Due-date rules: ordered steps applied to a base date.

use std::fmt;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::date::{check_range, days_in_month, format_date};
use crate::error::{Error, ErrorKind, Result};

/// One step of a due-date rule. Steps apply left to right; order matters and is kept.
///
/// JSON: `{"add_days": 30}`, `{"add_months": 1}`, `"end_of_month"`, `{"set_day": 15}`,
/// `{"next_day_of_month": 10}`, `{"cut_off": 25}`.
///
/// ```
/// use arrears::{DueRule, Step, parse_date};
/// let jan31 = parse_date("d", "2022-01-31").unwrap();
/// // "30 days end of month" and "1 month end of month" differ:
/// let r1 = DueRule::new(vec![Step::EndOfMonth, Step::AddDays(30)]);
/// let r2 = DueRule::new(vec![Step::AddMonths(1), Step::EndOfMonth]);
/// assert_eq!(r1.apply(jan31).unwrap().to_string(), "2022-03-02");
/// assert_eq!(r2.apply(jan31).unwrap().to_string(), "2022-02-28");
/// let json = serde_json::to_string(&r1).unwrap();
/// assert_eq!(json, r#"["end_of_month",{"add_days":30}]"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Add (or, if negative, subtract) calendar days.
    AddDays(i32),
    /// Add calendar months; the day is clamped to the target month (Jan 31 + 1 = Feb 28/29).
    AddMonths(i32),
    /// Move to the last day of the current month.
    EndOfMonth,
    /// Set the day of the current month (1 ..= 31), clamped to the month's length.
    SetDay(u8),
    /// Move to the first date on or after the current one whose day is `d` (1 ..= 31, clamped
    /// to each month's length): "10 prox" is `[end_of_month, next_day_of_month(10)]`.
    NextDayOfMonth(u8),
    /// The cut-off day ("25th rule"): a date whose day is after `d` (1 ..= 30) counts as the 1st
    /// of the next month; other dates stay. Usually the first step of a rule.
    ///
    /// ```
    /// use arrears::{DueRule, Step, parse_date};
    /// let r = DueRule::new(vec![Step::CutOff(25), Step::EndOfMonth, Step::AddDays(30)]);
    /// assert_eq!(r.apply(parse_date("d", "2026-01-25")?)?.to_string(), "2026-03-02");
    /// assert_eq!(r.apply(parse_date("d", "2026-01-26")?)?.to_string(), "2026-03-30");
    /// # Ok::<(), arrears::Error>(())
    /// ```
    CutOff(u8),
}

impl Step {
    /// Checks the step's own parameters (`set_day` and `next_day_of_month` take 1 ..= 31).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRule`].
    pub fn validate(&self) -> Result<()> {
        match *self {
            Step::SetDay(d) | Step::NextDayOfMonth(d) if !(1..=31).contains(&d) => Err(Error::new(
                ErrorKind::InvalidRule,
                "",
                d.to_string(),
                "a day of the month is between 1 and 31 (31 means the last day)",
            )),
            Step::CutOff(d) if !(1..=30).contains(&d) => Err(Error::new(
                ErrorKind::InvalidRule,
                "",
                d.to_string(),
                "a cut-off day is between 1 and 30 (dates after it count as the 1st of the next month)",
            )),
            _ => Ok(()),
        }
    }

    /// Applies the step to `date`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRule`] for a bad day, [`ErrorKind::DateOutOfRange`] when the result
    /// leaves 0001-01-01 ..= 9999-12-31.
    pub fn apply(&self, date: NaiveDate) -> Result<NaiveDate> {
        self.validate()?;
        let what = || format!("{} from {}", self, format_date(date));
        let out = match *self {
            Step::AddDays(n) => {
                let days = Days::new(u64::from(n.unsigned_abs()));
                if n >= 0 {
                    date.checked_add_days(days)
                } else {
                    date.checked_sub_days(days)
                }
            }
            Step::AddMonths(n) => {
                let index = i64::from(date.year()) * 12 + i64::from(date.month0()) + i64::from(n);
                let (year, month0) = (index.div_euclid(12), index.rem_euclid(12) as u32);
                if !(1..=9999).contains(&year) {
                    None
                } else {
                    let year = year as i32;
                    let day = date.day().min(days_in_month(year, month0 + 1));
                    NaiveDate::from_ymd_opt(year, month0 + 1, day)
                }
            }
            Step::EndOfMonth => date.with_day(days_in_month(date.year(), date.month())),
            Step::SetDay(d) => date.with_day(u32::from(d).min(days_in_month(date.year(), date.month()))),
            Step::NextDayOfMonth(d) => {
                let here = u32::from(d).min(days_in_month(date.year(), date.month()));
                if here >= date.day() {
                    date.with_day(here)
                } else {
                    let next = Step::AddMonths(1).apply(date.with_day(1).unwrap_or(date))?;
                    next.with_day(u32::from(d).min(days_in_month(next.year(), next.month())))
                }
            }
            Step::CutOff(d) => {
                if date.day() > u32::from(d) {
                    Some(Step::AddMonths(1).apply(date.with_day(1).unwrap_or(date))?)
                } else {
                    Some(date)
                }
            }
        };
        check_range("", out, what)
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::AddDays(n) => write!(f, "add_days({n})"),
            Step::AddMonths(n) => write!(f, "add_months({n})"),
            Step::EndOfMonth => f.write_str("end_of_month"),
            Step::SetDay(d) => write!(f, "set_day({d})"),
            Step::NextDayOfMonth(d) => write!(f, "next_day_of_month({d})"),
            Step::CutOff(d) => write!(f, "cut_off({d})"),
        }
    }
}

/// A due-date rule: steps applied left to right to a base date. The empty rule is "on the base
/// date". JSON: an array of [`Step`]s.
///
/// ```
/// use arrears::{from_json, parse_date, DueRule};
/// // "day 31 of the following month", clamped: Feb 28 in 2019
/// let rule: DueRule = from_json(r#"[{"add_months": 1}, {"set_day": 31}]"#)?;
/// assert_eq!(rule.apply(parse_date("d", "2019-01-01")?)?.to_string(), "2019-02-28");
/// assert_eq!(DueRule::immediate().apply(parse_date("d", "2019-01-31")?)?.to_string(), "2019-01-31");
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DueRule {
    /// The steps, in order.
    pub steps: Vec<Step>,
}

impl DueRule {
    /// A rule from its steps.
    pub fn new(steps: Vec<Step>) -> DueRule {
        DueRule { steps }
    }

    /// Due on the base date itself.
    pub fn immediate() -> DueRule {
        DueRule::default()
    }

    /// Checks every step; the error's field is `[i]` for step `i`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRule`]; [`ErrorKind::LimitExceeded`] (field empty: the caller's) for
    /// more than [`crate::limits::MAX_STEPS`] steps.
    pub fn validate(&self) -> Result<()> {
        crate::limits::check("", self.steps.len(), crate::limits::MAX_STEPS)?;
        for (i, s) in self.steps.iter().enumerate() {
            s.validate().map_err(|e| e.within(&format!("[{i}]")))?;
        }
        Ok(())
    }

    /// Applies the steps to `base`.
    ///
    /// ```
    /// use arrears::{DueRule, Step, parse_date};
    /// // Oct 1 [add_months 2, set_day 15, add_days 30] = Jan 14
    /// let rule = DueRule::new(vec![Step::AddMonths(2), Step::SetDay(15), Step::AddDays(30)]);
    /// assert_eq!(rule.apply(parse_date("d", "2011-10-01")?)?.to_string(), "2012-01-14");
    /// # Ok::<(), arrears::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRule`], [`ErrorKind::DateOutOfRange`]; the field is `[i]` for step `i`.
    pub fn apply(&self, base: NaiveDate) -> Result<NaiveDate> {
        check_range("", Some(base), || format_date(base))?;
        let mut date = base;
        for (i, s) in self.steps.iter().enumerate() {
            date = s.apply(date).map_err(|e| e.within(&format!("[{i}]")))?;
        }
        Ok(date)
    }
}

impl From<Vec<Step>> for DueRule {
    fn from(steps: Vec<Step>) -> DueRule {
        DueRule { steps }
    }
}
