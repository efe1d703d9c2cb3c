//! Due-date rules: ordered steps from a base date, and business-day adjustment over a calendar.
//!
//! Dates are [`NaiveDate`]s limited to 0001-01-01 ..= 9999-12-31 (ISO `YYYY-MM-DD` at the edges);
//! a computation that leaves that range is an [`ErrorKind::DateOutOfRange`] error.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};

/// The earliest date arrears handles.
///
/// ```
/// use arrears::{DueRule, Step, MIN_DATE};
/// let err = DueRule::new(vec![Step::AddDays(-1)]).apply(MIN_DATE).unwrap_err();
/// assert_eq!(err.kind(), arrears::ErrorKind::DateOutOfRange);
/// ```
pub const MIN_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => unreachable!(),
};
/// The latest date arrears handles.
///
/// ```
/// assert_eq!(arrears::format_date(arrears::MAX_DATE), "9999-12-31");
/// ```
pub const MAX_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => unreachable!(),
};

/// Parses a strict ISO date `YYYY-MM-DD` (year 0001 to 9999).
///
/// ```
/// let d = arrears::parse_date("invoice_date", "2024-02-29").unwrap();
/// assert_eq!(arrears::format_date(d), "2024-02-29");
/// assert!(arrears::parse_date("invoice_date", "2023-02-29").is_err());
/// assert!(arrears::parse_date("invoice_date", "2023-2-1").is_err());
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidDate`] naming `field` and the text.
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err(Error::new(
            ErrorKind::InvalidDate,
            field,
            text,
            "expected an ISO date YYYY-MM-DD, e.g. \"2026-01-31\"",
        ));
    }
    let num = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    if y == 0 {
        return Err(Error::new(ErrorKind::InvalidDate, field, text, "years run from 0001 to 9999"));
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
        .ok_or_else(|| Error::new(ErrorKind::InvalidDate, field, text, "no such day in the calendar"))
}

/// Formats a date as ISO `YYYY-MM-DD` (four-digit year).
///
/// ```
/// let d = chrono::NaiveDate::from_ymd_opt(7, 3, 1).unwrap();
/// assert_eq!(arrears::format_date(d), "0007-03-01");
/// ```
pub fn format_date(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// `date` if it is inside the supported range; `what` (the offending value, as text) is only
/// built for the error, so the hot path formats nothing.
pub(crate) fn check_range(field: &str, date: Option<NaiveDate>, what: impl FnOnce() -> String) -> Result<NaiveDate> {
    match date {
        Some(d) if (MIN_DATE..=MAX_DATE).contains(&d) => Ok(d),
        _ => Err(Error::new(
            ErrorKind::DateOutOfRange,
            field,
            what(),
            "the result would fall outside 0001-01-01 ..= 9999-12-31",
        )),
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    // Proleptic Gregorian, as chrono: no date is built to find out.
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

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

/// How a due date that falls on a non-business day moves. JSON: `"none"` (default),
/// `"following"`, `"modified_following"`, `"preceding"`.
///
/// ```
/// use arrears::{Adjustment, Calendar, parse_date};
/// let sat = parse_date("d", "2026-01-31")?; // the last day of January is a Saturday
/// let cal = Calendar::default();
/// assert_eq!(cal.adjust(sat, Adjustment::Following)?.to_string(), "2026-02-02");
/// // modified following stays in the month: back to Friday
/// assert_eq!(cal.adjust(sat, "modified_following".parse()?)?.to_string(), "2026-01-30");
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Adjustment {
    /// Keep the date as computed.
    #[default]
    None,
    /// The next business day.
    Following,
    /// The next business day, unless that is in the next month: then the previous one.
    ModifiedFollowing,
    /// The previous business day.
    Preceding,
}

impl Adjustment {
    /// Every adjustment.
    pub const ALL: [Adjustment; 4] =
        [Adjustment::None, Adjustment::Following, Adjustment::ModifiedFollowing, Adjustment::Preceding];

    /// The wire name.
    pub const fn name(self) -> &'static str {
        match self {
            Adjustment::None => "none",
            Adjustment::Following => "following",
            Adjustment::ModifiedFollowing => "modified_following",
            Adjustment::Preceding => "preceding",
        }
    }

    /// Whether this is [`Adjustment::None`] (used to keep the JSON form short).
    pub fn is_none(&self) -> bool {
        *self == Adjustment::None
    }
}

impl fmt::Display for Adjustment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Adjustment {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Adjustment::ALL.into_iter().find(|a| a.name() == s).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidRule,
                "adjustment",
                s,
                "expected one of none, following, modified_following, preceding",
            )
        })
    }
}

crate::wire::serde_via_str!(Adjustment);

const WEEKDAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A business-day calendar: any set of weekend days plus caller-supplied holidays.
///
/// JSON: `{"weekend": ["sat", "sun"], "holidays": ["2026-12-25", "2026-12-26"]}`; both fields are
/// optional (default weekend Saturday and Sunday, no holidays). Weekday names are `mon` .. `sun`.
///
/// ```
/// use arrears::{Adjustment, Calendar, parse_date};
/// use chrono::Weekday;
/// let cal = Calendar::new(&[Weekday::Fri, Weekday::Sat], &[parse_date("h", "2026-03-22")?])?;
/// let fri = parse_date("d", "2026-03-20")?;
/// assert_eq!(cal.adjust(fri, Adjustment::Following)?.to_string(), "2026-03-23"); // Sat, Sun is a holiday
/// assert_eq!(cal.adjust(fri, Adjustment::Preceding)?.to_string(), "2026-03-19");
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Calendar {
    weekend: [bool; 7],
    holidays: Vec<NaiveDate>,
    /// For each holiday, the first business day after it and the last one before it (`None`
    /// past the supported range): a run of consecutive holidays and weekend days is crossed in
    /// one step, however long (derived from the two fields above).
    next: Vec<Option<NaiveDate>>,
    prev: Vec<Option<NaiveDate>>,
}

impl Default for Calendar {
    /// Saturday and Sunday off, no holidays.
    fn default() -> Calendar {
        Calendar {
            weekend: [false, false, false, false, false, true, true],
            holidays: Vec::new(),
            next: Vec::new(),
            prev: Vec::new(),
        }
    }
}

impl Calendar {
    /// A calendar with these weekend days and holidays (duplicates are fine).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRule`] when all seven days are weekend days;
    /// [`ErrorKind::LimitExceeded`] for more than [`crate::limits::MAX_HOLIDAYS`] holidays.
    pub fn new(weekend: &[Weekday], holidays: &[NaiveDate]) -> Result<Calendar> {
        crate::limits::check("calendar.holidays", holidays.len(), crate::limits::MAX_HOLIDAYS)?;
        let mut mask = [false; 7];
        for d in weekend {
            mask[d.num_days_from_monday() as usize] = true;
        }
        if mask.iter().all(|w| *w) {
            return Err(Error::new(
                ErrorKind::InvalidRule,
                "calendar.weekend",
                "mon,tue,wed,thu,fri,sat,sun",
                "a calendar needs at least one working weekday",
            ));
        }
        let mut holidays = holidays.to_vec();
        holidays.sort_unstable();
        holidays.dedup();
        let is_weekend = |d: NaiveDate| mask[d.weekday().num_days_from_monday() as usize];
        // The business day next to each holiday, from the far end: a neighbour that is the next
        // holiday takes that holiday's answer; weekend days (at most six in a row) are walked.
        let n = holidays.len();
        let mut next: Vec<Option<NaiveDate>> = vec![None; n];
        for i in (0..n).rev() {
            let mut d = holidays[i].succ_opt();
            next[i] = loop {
                match d {
                    Some(x) if x > MAX_DATE => break None,
                    Some(x) if i + 1 < n && x == holidays[i + 1] => break next[i + 1],
                    Some(x) if is_weekend(x) => d = x.succ_opt(),
                    other => break other,
                }
            };
        }
        let mut prev: Vec<Option<NaiveDate>> = vec![None; n];
        for i in 0..n {
            let mut d = holidays[i].pred_opt();
            prev[i] = loop {
                match d {
                    Some(x) if x < MIN_DATE => break None,
                    Some(x) if i > 0 && x == holidays[i - 1] => break prev[i - 1],
                    Some(x) if is_weekend(x) => d = x.pred_opt(),
                    other => break other,
                }
            };
        }
        Ok(Calendar { weekend: mask, holidays, next, prev })
    }

    /// The weekend days, Monday first.
    pub fn weekend(&self) -> Vec<Weekday> {
        (0..7u8).filter(|i| self.weekend[*i as usize]).filter_map(|i| Weekday::try_from(i).ok()).collect()
    }

    /// The holidays, sorted and without duplicates.
    pub fn holidays(&self) -> &[NaiveDate] {
        &self.holidays
    }

    /// Whether `date` is neither a weekend day nor a holiday.
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !self.weekend[date.weekday().num_days_from_monday() as usize] && self.holidays.binary_search(&date).is_err()
    }

    /// The first business day on or after (`forward`) or on or before `date`: weekend days are
    /// walked (at most six in a row), a holiday jumps over its whole run of days off at once.
    fn walk(&self, date: NaiveDate, forward: bool) -> Result<NaiveDate> {
        let out_of_range = || format!("business day from {}", format_date(date));
        let mut d = date;
        loop {
            if self.weekend[d.weekday().num_days_from_monday() as usize] {
                let next = if forward { d.succ_opt() } else { d.pred_opt() };
                d = check_range("", next, out_of_range)?;
                continue;
            }
            return match self.holidays.binary_search(&d) {
                Err(_) => Ok(d),
                Ok(i) => check_range("", if forward { self.next[i] } else { self.prev[i] }, out_of_range),
            };
        }
    }

    /// Moves `date` by `adjustment` (no move when it is a business day or the adjustment is none).
    ///
    /// # Errors
    /// [`ErrorKind::DateOutOfRange`] when no business day exists inside the supported range.
    pub fn adjust(&self, date: NaiveDate, adjustment: Adjustment) -> Result<NaiveDate> {
        match adjustment {
            Adjustment::None => Ok(date),
            Adjustment::Following => self.walk(date, true),
            Adjustment::Preceding => self.walk(date, false),
            Adjustment::ModifiedFollowing => {
                let f = self.walk(date, true);
                match f {
                    Ok(d) if d.month() == date.month() && d.year() == date.year() => Ok(d),
                    _ => self.walk(date, false),
                }
            }
        }
    }
}

#[derive(Serialize, Deserialize)]
struct CalendarWire {
    #[serde(default = "default_weekend")]
    weekend: Vec<String>,
    #[serde(default)]
    holidays: Vec<crate::wire::WireDate>,
}

fn default_weekend() -> Vec<String> {
    vec!["sat".into(), "sun".into()]
}

impl Serialize for Calendar {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        CalendarWire {
            weekend: self
                .weekend()
                .iter()
                .map(|d| WEEKDAY_NAMES[d.num_days_from_monday() as usize].to_string())
                .collect(),
            holidays: self.holidays.iter().map(|d| crate::wire::WireDate(*d)).collect(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Calendar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let w = CalendarWire::deserialize(d)?;
        let mut days = Vec::with_capacity(w.weekend.len());
        for (i, name) in w.weekend.iter().enumerate() {
            let lower = name.to_ascii_lowercase();
            let pos = WEEKDAY_NAMES
                .iter()
                .position(|n| lower == *n || (lower.len() > 3 && lower.starts_with(n) && weekday_full(n) == lower));
            match pos.and_then(|p| Weekday::try_from(p as u8).ok()) {
                Some(day) => days.push(day),
                None => {
                    return Err(crate::wire::de_error::<D::Error>(Error::new(
                        ErrorKind::InvalidRule,
                        format!("weekend[{i}]"),
                        name.as_str(),
                        "expected a weekday: mon, tue, wed, thu, fri, sat, sun",
                    )))
                }
            }
        }
        let holidays: Vec<NaiveDate> = w.holidays.into_iter().map(|d| d.0).collect();
        Calendar::new(&days, &holidays).map_err(|e| {
            let field = e.field().strip_prefix("calendar.").unwrap_or(e.field()).to_string();
            crate::wire::de_error::<D::Error>(Error::new(e.kind(), field, e.value(), e.reason()))
        })
    }
}

fn weekday_full(short: &str) -> &'static str {
    match short {
        "mon" => "monday",
        "tue" => "tuesday",
        "wed" => "wednesday",
        "thu" => "thursday",
        "fri" => "friday",
        "sat" => "saturday",
        _ => "sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The jump tables give what walking day by day gives, for random weekends and holiday runs
    /// (including runs at the edges of the supported range).
    #[test]
    fn walk_equals_the_day_by_day_walk() {
        let naive = |cal: &Calendar, date: NaiveDate, forward: bool| -> Option<NaiveDate> {
            let mut d = date;
            while !cal.is_business_day(d) {
                d = if forward { d.succ_opt()? } else { d.pred_opt()? };
                if !(MIN_DATE..=MAX_DATE).contains(&d) {
                    return None;
                }
            }
            Some(d)
        };
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut rnd = |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % m
        };
        for round in 0..300 {
            let weekend: Vec<Weekday> =
                (0..7u8).filter(|_| rnd(4) == 0).filter_map(|i| Weekday::try_from(i).ok()).take(6).collect();
            let origin = match round % 3 {
                0 => MIN_DATE,
                1 => MAX_DATE - Days::new(60),
                _ => NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            };
            let mut holidays = Vec::new();
            for _ in 0..rnd(6) {
                let start = rnd(50);
                for k in 0..rnd(20) {
                    holidays.push(origin + Days::new(start + k));
                }
            }
            let cal = Calendar::new(&weekend, &holidays).unwrap();
            for k in 0..61 {
                let d = origin + Days::new(k);
                for forward in [true, false] {
                    assert_eq!(
                        cal.walk(d, forward).ok(),
                        naive(&cal, d, forward),
                        "{d} {forward} {weekend:?} {holidays:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn days_in_month_agrees_with_chrono() {
        for year in 1..=9999 {
            for month in 1..=12u32 {
                let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap();
                let next = if month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap()
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1).unwrap()
                };
                assert_eq!(days_in_month(year, month), (next - first).num_days() as u32, "{year}-{month}");
            }
        }
    }
}
