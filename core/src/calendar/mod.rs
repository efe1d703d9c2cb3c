//! Dates and due dates: the ISO text form, day numbers, due-date rules of ordered steps, and
//! business days over a calendar.
//!
//! Start with [`DueRule`] (ordered [`Step`]s applied to a base date) and
//! [`Calendar::adjust`] (the business-day move of an [`Adjustment`]). [`parse_date`] and
//! [`format_date`] are the strict `YYYY-MM-DD` edges; [`day_number`] the integer form the batch
//! kernels read.
//!
//! Depends on `error` and `serde_forms`; never imports another domain, the columnar layer or the
//! wire.
//!
//! Rules (SEMANTICS.md, "Dates"): dates are [`NaiveDate`]s from 0001-01-01 to 9999-12-31 (a
//! computation leaving the range is an [`ErrorKind::DateOutOfRange`](crate::ErrorKind) error);
//! "today" is always a parameter; steps apply left to right and their order is kept
//! (Jan 31 `[end_of_month, add_days 30]` = Mar 2, `[add_months 1, end_of_month]` = Feb 28);
//! `add_months` clamps the day to the target month; monthly series are computed from the start
//! date, never chained; the optional business-day adjustment (`following`,
//! `modified_following`, `preceding`) runs after the steps, over any weekend and the caller's
//! holidays.
//!
//! ```
//! use arrears::calendar::{parse_date, Adjustment, Calendar, DueRule, Step};
//! let rule = DueRule::new(vec![Step::EndOfMonth, Step::AddDays(30)]);
//! let due = rule.apply(parse_date("invoice_date", "2026-01-31")?)?;
//! assert_eq!(due.to_string(), "2026-03-02");
//! // a Monday already: no move
//! assert_eq!(Calendar::default().adjust(due, Adjustment::Following)?, due);
//! # Ok::<(), arrears::Error>(())
//! ```

mod business_day;
mod date;
mod day;
mod due_rule;
pub mod serde;

pub use business_day::{Adjustment, Calendar};
pub(crate) use date::check_range;
pub use date::{format_date, parse_date, MAX_DATE, MIN_DATE};
pub use day::{date_of_day_number, day_number, MAX_DAY, MIN_DAY};
pub use due_rule::{DueRule, Step};

#[allow(unused_imports)] // for the docs above
use chrono::NaiveDate;
