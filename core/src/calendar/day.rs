//! Day numbers: dates as days since 1970-01-01 (Arrow `date32`, the C API's `int32_t` days),
//! the form every batch kernel reads.

use chrono::NaiveDate;

use crate::error::{Error, ErrorKind, Result};

const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => unreachable!(),
};

/// Days since 1970-01-01 (Arrow `date32`, the C API's day numbers).
///
/// ```
/// let d = arrears::parse_date("d", "1970-01-02").unwrap();
/// assert_eq!(arrears::aging::day_number(d), 1);
/// ```
pub fn day_number(date: NaiveDate) -> i32 {
    // The supported range (years 1..=9999) is far inside i32 days.
    (date - EPOCH).num_days() as i32
}

/// The date of a day number, checked against the supported range.
///
/// ```
/// let d = arrears::aging::date_of_day_number("items[0].due_date", 20269).unwrap();
/// assert_eq!(arrears::format_date(d), "2025-06-30");
/// assert!(arrears::aging::date_of_day_number("items[0].due_date", i32::MIN).is_err());
/// ```
///
/// # Errors
/// [`ErrorKind::DateOutOfRange`] naming `field` when the day is outside 0001-01-01 ..= 9999-12-31.
pub fn date_of_day_number(field: &str, day: i32) -> Result<NaiveDate> {
    if !(MIN_DAY..=MAX_DAY).contains(&day) {
        return Err(out_of_range_day(field, day));
    }
    Ok(EPOCH + chrono::TimeDelta::days(i64::from(day)))
}

fn out_of_range_day(field: &str, day: i32) -> Error {
    Error::new(
        ErrorKind::DateOutOfRange,
        field,
        day.to_string(),
        format!(
            "a day number (days since 1970-01-01) must be between {MIN_DAY} and {MAX_DAY} (0001-01-01 ..= 9999-12-31)"
        ),
    )
}

/// Day number of [`crate::MIN_DATE`].
pub const MIN_DAY: i32 = -719_162;
/// Day number of [`crate::MAX_DATE`].
pub const MAX_DAY: i32 = 2_932_896;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_bounds_match_the_date_range() {
        assert_eq!(day_number(crate::calendar::MIN_DATE), MIN_DAY);
        assert_eq!(day_number(crate::calendar::MAX_DATE), MAX_DAY);
        assert_eq!(date_of_day_number("d", MAX_DAY).unwrap(), crate::calendar::MAX_DATE);
        assert!(date_of_day_number("d", MAX_DAY + 1).is_err());
    }
}
