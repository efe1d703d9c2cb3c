//! Business days: a calendar of weekend days and holidays, and how a date that is not a business
//! day moves.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::date::{check_range, format_date, MAX_DATE, MIN_DATE};
use crate::error::{Error, ErrorKind, Result};

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

crate::serde_forms::serde_via_str!(Adjustment);

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
    holidays: Vec<crate::calendar::serde::WireDate>,
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
            holidays: self.holidays.iter().map(|d| crate::calendar::serde::WireDate(*d)).collect(),
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
                    return Err(crate::serde_forms::de_error::<D::Error>(Error::new(
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
            crate::serde_forms::de_error::<D::Error>(Error::new(e.kind(), field, e.value(), e.reason()))
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
    use chrono::Days;

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
}
