//! Dates at the edges: the strict ISO text form and the supported range.

use chrono::{Datelike, NaiveDate};

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

pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    // Proleptic Gregorian, as chrono: no date is built to find out.
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
