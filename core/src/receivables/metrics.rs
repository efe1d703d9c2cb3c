//! Receivables metrics: DSO (ending or average receivables), countback DSO, best possible DSO,
//! average days delinquent, CEI, average days to pay and days late, bad-debt allowance, roll
//! rates between two aging snapshots, and a cash forecast from each customer's lateness.
//!
//! Every figure is exact decimal arithmetic on the caller's amounts. Ratios (days, percents) are
//! rounded once, half up, to the `decimals` every ratio function takes ([`round_ratio`]; the
//! wire's default is 2): one rule, and the same figure, in every language. Money figures
//! (allowance, forecast) are rounded once per figure with the currency's rules.
//!
//! ```
//! use arrears::metrics::{dso, best_possible_dso, cei, CeiVariant};
//! let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
//! // 50m receivables, 730m annual credit sales: 25 days
//! assert_eq!(dso(d("50000000"), d("730000000"), 365, 2)?.to_string(), "25.00");
//! // March: 3,590 current of 6,340 receivables, 10,890 sales over 90 days
//! assert_eq!(best_possible_dso(d("3590"), d("10890"), 90, 2)?.to_string(), "29.67");
//! let c = cei(d("6200"), d("10890"), d("6340"), d("3590"), CeiVariant::MonthlyAverage { months: 3 }, 2)?;
//! assert_eq!(c.to_string(), "55.93");
//! # Ok::<(), arrears::Error>(())
//! ```

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::money::{MoneyRules, Rounding, RoundingMode};

fn positive(field: &str, v: Decimal) -> Result<Decimal> {
    if v <= Decimal::ZERO {
        return Err(Error::new(ErrorKind::InvalidAmount, field, v.to_string(), "must be greater than zero"));
    }
    Ok(v)
}

fn non_negative(field: &str, v: Decimal) -> Result<Decimal> {
    if v < Decimal::ZERO {
        return Err(Error::new(ErrorKind::InvalidAmount, field, v.to_string(), "must not be negative"));
    }
    Ok(v)
}

fn days_field(field: &str, days: u32) -> Result<Decimal> {
    if days == 0 || days > 36_600 {
        return Err(Error::new(ErrorKind::InvalidRequest, field, days.to_string(), "a period of 1 to 36600 days"));
    }
    Ok(Decimal::from(days))
}

fn overflow(field: &str) -> Error {
    Error::new(ErrorKind::Overflow, field, "", "the figure leaves the range of a 96-bit decimal")
}

fn ratio(num: Decimal, den: Decimal, times: Decimal, field: &str) -> Result<Decimal> {
    num.checked_mul(times).and_then(|x| x.checked_div(den)).ok_or_else(|| overflow(field))
}

/// The most decimals a ratio (DSO, CEI, days to pay, a rate) is given with.
pub const MAX_RATIO_DECIMALS: u32 = 10;

/// A ratio as every language gives it: rounded half up (away from zero) to `decimals` places
/// (0 ..= [`MAX_RATIO_DECIMALS`]; the wire's default is 2) and written with exactly that many.
/// Every metric of this module takes its `decimals` and rounds once, with this.
///
/// ```
/// use arrears::metrics::round_ratio;
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// assert_eq!(round_ratio(d("3.21219"), 2)?.to_string(), "3.21");
/// assert_eq!(round_ratio(d("2.5"), 0)?.to_string(), "3");
/// assert_eq!(round_ratio(d("7"), 3)?.to_string(), "7.000");
/// assert_eq!(round_ratio(d("1"), 11).unwrap_err().field(), "decimals");
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidPrecision`] (field `decimals`) beyond [`MAX_RATIO_DECIMALS`].
pub fn round_ratio(value: Decimal, decimals: u32) -> Result<Decimal> {
    if decimals > MAX_RATIO_DECIMALS {
        return Err(Error::new(
            ErrorKind::InvalidPrecision,
            "decimals",
            decimals.to_string(),
            format!("0 to {MAX_RATIO_DECIMALS} decimal places"),
        ));
    }
    let mut r = RoundingMode::HalfUp.round(value, decimals);
    r.rescale(decimals);
    Ok(r)
}

/// Days sales outstanding: receivables ÷ credit sales × days in the period, rounded once to
/// `decimals` ([`round_ratio`]).
///
/// For the average-receivables variant pass [`average_receivables`] as `receivables`.
///
/// ```
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// assert_eq!(arrears::metrics::dso(d("1000"), d("9340"), 30, 2)?.to_string(), "3.21");
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidAmount`] for credit sales ≤ 0 or negative receivables;
/// [`ErrorKind::InvalidRequest`] for a period of 0 days; [`ErrorKind::InvalidPrecision`].
pub fn dso(receivables: Decimal, credit_sales: Decimal, days: u32, decimals: u32) -> Result<Decimal> {
    round_ratio(dso_exact(receivables, credit_sales, days)?, decimals)
}

/// [`dso`] before its one rounding.
pub(crate) fn dso_exact(receivables: Decimal, credit_sales: Decimal, days: u32) -> Result<Decimal> {
    let ar = non_negative("receivables", receivables)?;
    let s = positive("credit_sales", credit_sales)?;
    ratio(ar, s, days_field("days", days)?, "dso")
}

/// The average of the beginning and ending receivables.
///
/// ```
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// assert_eq!(arrears::metrics::average_receivables(d("100"), d("151")), d("125.5"));
/// ```
pub fn average_receivables(beginning: Decimal, ending: Decimal) -> Decimal {
    (beginning + ending) / Decimal::TWO
}

/// Best possible DSO: current (not yet due) receivables ÷ credit sales × days, rounded once to
/// `decimals`.
///
/// # Errors
/// As [`dso`].
pub fn best_possible_dso(
    current_receivables: Decimal,
    credit_sales: Decimal,
    days: u32,
    decimals: u32,
) -> Result<Decimal> {
    round_ratio(best_possible_dso_exact(current_receivables, credit_sales, days)?, decimals)
}

/// [`best_possible_dso`] before its one rounding.
pub(crate) fn best_possible_dso_exact(
    current_receivables: Decimal,
    credit_sales: Decimal,
    days: u32,
) -> Result<Decimal> {
    let ar = non_negative("current_receivables", current_receivables)?;
    let s = positive("credit_sales", credit_sales)?;
    ratio(ar, s, days_field("days", days)?, "best_possible_dso")
}

/// How month lengths are counted in countback DSO.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MonthDays {
    /// Every month counts 30 days (the default).
    #[default]
    Thirty,
    /// Each month counts its calendar length; the newest month is the one holding `as_of`.
    Actual,
}

/// Countback DSO result: in days, and in months (whole months plus the fraction of the last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Countback {
    /// Days of sales the receivables represent.
    #[serde(with = "crate::money::serde::amount")]
    pub days: Decimal,
    /// The same in months.
    #[serde(with = "crate::money::serde::amount")]
    pub months: Decimal,
}

/// Countback DSO: subtract months of credit sales, newest first, from the receivables until
/// they run out; the last, partial month is pro-rated by its own length (or 30 days). Days and
/// months are each rounded once to `decimals`.
///
/// ```
/// use arrears::metrics::{countback_dso, MonthDays};
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// let c = countback_dso(d("212000"), &[d("100000"), d("80000"), d("70000")], MonthDays::Thirty, None, 2)?;
/// assert_eq!(c.days.to_string(), "73.71");   // 30 + 30 + 32000/70000 x 30
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidAmount`] for negative receivables or sales ≤ 0 in a month the
/// receivables reach (field `monthly_sales[i]`; older months are not read);
/// [`ErrorKind::InvalidRequest`] when the receivables exceed all the sales given (more months
/// are needed), or `as_of` is missing with [`MonthDays::Actual`].
pub fn countback_dso(
    receivables: Decimal,
    monthly_sales_newest_first: &[Decimal],
    month_days: MonthDays,
    as_of: Option<NaiveDate>,
    decimals: u32,
) -> Result<Countback> {
    let c = countback_exact(receivables, monthly_sales_newest_first, month_days, as_of)?;
    Ok(Countback { days: round_ratio(c.days, decimals)?, months: round_ratio(c.months, decimals)? })
}

fn countback_exact(
    receivables: Decimal,
    monthly_sales_newest_first: &[Decimal],
    month_days: MonthDays,
    as_of: Option<NaiveDate>,
) -> Result<Countback> {
    let mut left = non_negative("receivables", receivables)?;
    if month_days == MonthDays::Actual && as_of.is_none() {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "as_of",
            "null",
            "actual month lengths count back from the month holding as_of",
        ));
    }
    let mut days = Decimal::ZERO;
    let mut months = Decimal::ZERO;
    let (mut year, mut month) = as_of.map(|d| (d.year(), d.month())).unwrap_or((2000, 1));
    for (i, &sales) in monthly_sales_newest_first.iter().enumerate() {
        // Months older than the ones the receivables cover are not read (nor checked).
        if left.is_zero() {
            break;
        }
        let sales = positive(&format!("monthly_sales[{i}]"), sales)?;
        let len = match month_days {
            MonthDays::Thirty => Decimal::from(30),
            MonthDays::Actual => Decimal::from(month_length(year, month)),
        };
        if left >= sales {
            left -= sales;
            days += len;
            months += Decimal::ONE;
        } else {
            let part = left / sales;
            days += ratio(left, sales, len, "countback_dso")?;
            months += part;
            left = Decimal::ZERO;
            break;
        }
        if month == 1 {
            year -= 1;
            month = 12;
        } else {
            month -= 1;
        }
    }
    if !left.is_zero() {
        let total: Decimal = monthly_sales_newest_first.iter().sum();
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "monthly_sales",
            monthly_sales_newest_first.len().to_string(),
            format!(
                "the receivables ({receivables}) exceed the {} months of sales given ({total}); pass more months",
                monthly_sales_newest_first.len()
            ),
        ));
    }
    Ok(Countback { days, months })
}

fn month_length(year: i32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    match (NaiveDate::from_ymd_opt(year, month, 1), NaiveDate::from_ymd_opt(ny, nm, 1)) {
        (Some(a), Some(b)) => (b - a).num_days() as u32,
        _ => 30,
    }
}

/// Which sales figure CEI uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum CeiVariant {
    /// S = the whole period's credit sales.
    Period,
    /// S = the period's credit sales ÷ its number of months.
    MonthlyAverage {
        /// Months in the period.
        months: u32,
    },
}

/// Collection effectiveness index, in percent:
/// (B + S − ending total) ÷ (B + S − ending current) × 100, rounded once to `decimals`.
///
/// # Errors
/// [`ErrorKind::InvalidAmount`] for negative figures, current receivables above total;
/// [`ErrorKind::InvalidRequest`] for 0 months or a zero denominator (nothing was collectible).
pub fn cei(
    beginning: Decimal,
    credit_sales: Decimal,
    ending_total: Decimal,
    ending_current: Decimal,
    variant: CeiVariant,
    decimals: u32,
) -> Result<Decimal> {
    let b = non_negative("beginning_receivables", beginning)?;
    let s = non_negative("credit_sales", credit_sales)?;
    let e = non_negative("ending_receivables", ending_total)?;
    let c = non_negative("ending_current_receivables", ending_current)?;
    if c > e {
        return Err(Error::new(
            ErrorKind::InvalidAmount,
            "ending_current_receivables",
            c.to_string(),
            format!("current receivables cannot exceed the total ({e})"),
        ));
    }
    let s = match variant {
        CeiVariant::Period => s,
        CeiVariant::MonthlyAverage { months } => {
            if months == 0 {
                return Err(Error::new(ErrorKind::InvalidRequest, "months", "0", "at least one month"));
            }
            s / Decimal::from(months)
        }
    };
    let den = b + s - c;
    if den.is_zero() {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "ending_current_receivables",
            c.to_string(),
            "nothing was collectible in the period (B + S - current = 0): CEI is undefined",
        ));
    }
    round_ratio(ratio(b + s - e, den, Decimal::ONE_HUNDRED, "cei")?, decimals)
}

/// A paid invoice, for [`payment_timing`] and the history of [`cash_forecast`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaidItem {
    /// Customer id.
    #[serde(default)]
    pub customer: String,
    /// Amount paid (the weight); positive.
    #[serde(with = "crate::money::serde::amount")]
    pub amount: Decimal,
    /// Issue date.
    #[serde(with = "crate::calendar::serde::date")]
    pub issue_date: NaiveDate,
    /// Due date.
    #[serde(with = "crate::calendar::serde::date")]
    pub due_date: NaiveDate,
    /// Date paid.
    #[serde(with = "crate::calendar::serde::date")]
    pub paid_date: NaiveDate,
}

/// Amount-weighted payment timing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentTiming {
    /// Average days from issue to payment.
    #[serde(with = "crate::money::serde::amount")]
    pub days_to_pay: Decimal,
    /// Average days paid after the due date (early payments count 0).
    #[serde(with = "crate::money::serde::amount")]
    pub days_late: Decimal,
    /// Share of the paid amount that was paid after its due date, in percent.
    #[serde(with = "crate::money::serde::amount")]
    pub percent_late: Decimal,
    /// How many paid items.
    pub items: u64,
}

/// Average days to pay and days late, weighted by amount, from paid invoices; each figure rounded
/// once to `decimals`.
///
/// ```
/// use arrears::metrics::{payment_timing, PaidItem};
/// let p = |amount: &str, issue: &str, due: &str, paid: &str| PaidItem { customer: "A".into(),
///     amount: amount.parse().unwrap(), issue_date: arrears::parse_date("i", issue).unwrap(),
///     due_date: arrears::parse_date("d", due).unwrap(), paid_date: arrears::parse_date("p", paid).unwrap() };
/// let t = payment_timing(&[p("300", "2026-01-01", "2026-01-31", "2026-02-10"),    // 40 days, 10 late
///                          p("100", "2026-01-01", "2026-01-31", "2026-01-21")], 2)?; // 20 days, early
/// assert_eq!((t.days_to_pay.to_string(), t.days_late.to_string()), ("35.00".into(), "7.50".into()));
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidAmount`] for an amount ≤ 0 (`paid[i].amount`); [`ErrorKind::InvalidDate`]
/// for a payment before the issue date; [`ErrorKind::InvalidRequest`] for an empty list.
pub fn payment_timing(paid: &[PaidItem], decimals: u32) -> Result<PaymentTiming> {
    let t = timing_exact(paid)?;
    Ok(PaymentTiming {
        days_to_pay: round_ratio(t.days_to_pay, decimals)?,
        days_late: round_ratio(t.days_late, decimals)?,
        percent_late: round_ratio(t.percent_late, decimals)?,
        items: t.items,
    })
}

/// [`payment_timing`] before its rounding (the cash forecast rounds the lateness to whole days).
fn timing_exact(paid: &[PaidItem]) -> Result<PaymentTiming> {
    if paid.is_empty() {
        return Err(Error::new(ErrorKind::InvalidRequest, "paid", "[]", "at least one paid item"));
    }
    let (mut w, mut to_pay, mut late, mut late_amount) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for (i, p) in paid.iter().enumerate() {
        let a = positive(&format!("paid[{i}].amount"), p.amount)?;
        if p.paid_date < p.issue_date {
            return Err(Error::new(
                ErrorKind::InvalidDate,
                format!("paid[{i}].paid_date"),
                crate::format_date(p.paid_date),
                "paid before it was issued",
            ));
        }
        let d_pay = Decimal::from((p.paid_date - p.issue_date).num_days());
        let d_late = Decimal::from((p.paid_date - p.due_date).num_days().max(0));
        let of = || overflow("paid");
        w = w.checked_add(a).ok_or_else(of)?;
        to_pay = to_pay.checked_add(a.checked_mul(d_pay).ok_or_else(of)?).ok_or_else(of)?;
        late = late.checked_add(a.checked_mul(d_late).ok_or_else(of)?).ok_or_else(of)?;
        if d_late > Decimal::ZERO {
            late_amount += a;
        }
    }
    Ok(PaymentTiming {
        days_to_pay: (to_pay / w).normalize(),
        days_late: (late / w).normalize(),
        percent_late: (late_amount * Decimal::ONE_HUNDRED / w).normalize(),
        items: paid.len() as u64,
    })
}

/// Bad-debt allowance for one currency: each bucket's amount × its percent, each rounded with
/// the currency's rules; the total is the sum of the rounded parts (so the figures tie).
///
/// ```
/// use arrears::{metrics::allowance, Rounding};
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// let (parts, total) = allowance(&[d("1000.00"), d("333.33"), d("50.00")], &[d("1"), d("5"), d("50")],
///                                "EUR", &Rounding::default())?;
/// assert_eq!(parts.iter().map(|p| p.to_string()).collect::<Vec<_>>(), ["10.00", "16.67", "25.00"]);
/// assert_eq!(total.to_string(), "51.67");
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidRequest`] when there are not as many percents as buckets;
/// [`ErrorKind::InvalidAmount`] for a percent outside 0 ..= 100; the currency's errors.
pub fn allowance(
    buckets: &[Decimal],
    percents: &[Decimal],
    currency: &str,
    rounding: &Rounding,
) -> Result<(Vec<Decimal>, Decimal)> {
    let rules = MoneyRules::new(currency, rounding)?;
    if buckets.len() != percents.len() {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "percents",
            percents.len().to_string(),
            format!("one percent per bucket: {} buckets", buckets.len()),
        ));
    }
    let mut parts = Vec::with_capacity(buckets.len());
    let mut total = rules.round(Decimal::ZERO)?;
    for (i, (&b, &p)) in buckets.iter().zip(percents).enumerate() {
        if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED {
            return Err(Error::new(
                ErrorKind::InvalidAmount,
                format!("percents[{i}]"),
                p.to_string(),
                "a percent between 0 and 100",
            ));
        }
        let part = rules.round(b.checked_mul(p).ok_or_else(|| overflow("allowance"))? / Decimal::ONE_HUNDRED)?;
        total = total.checked_add(part).ok_or_else(|| overflow("allowance"))?;
        parts.push(part);
    }
    Ok((parts, total))
}

/// Roll rates between two aging snapshots of the same buckets: the share of bucket `i` at the
/// earlier date found in bucket `i + 1` at the later one, in percent (`None` when bucket `i`
/// was empty). One rate per adjacent pair of buckets, each rounded once to `decimals`.
///
/// ```
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// let r = arrears::metrics::roll_rates(&[d("1000"), d("400"), d("100")], &[d("900"), d("250"), d("80")], 2)?;
/// assert_eq!(r, vec![Some(d("25.00")), Some(d("20.00"))]);
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidRequest`] when the snapshots have different numbers of buckets or fewer
/// than two.
pub fn roll_rates(previous: &[Decimal], current: &[Decimal], decimals: u32) -> Result<Vec<Option<Decimal>>> {
    if previous.len() != current.len() || previous.len() < 2 {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "current",
            current.len().to_string(),
            format!("two snapshots of the same buckets (at least 2) are needed; previous has {}", previous.len()),
        ));
    }
    (0..previous.len() - 1)
        .map(|i| {
            if previous[i].is_zero() {
                Ok(None)
            } else {
                ratio(current[i + 1], previous[i], Decimal::ONE_HUNDRED, "roll_rates")
                    .and_then(|r| round_ratio(r, decimals))
                    .map(Some)
            }
        })
        .collect()
}

/// Period of a [`cash_forecast`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForecastPeriod {
    /// Weeks of 7 days from as_of (the default).
    #[default]
    Week,
    /// Calendar months, the first being as_of's month (from as_of).
    Month,
}

/// An open item for the forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForecastItem {
    /// Customer id.
    pub customer: String,
    /// ISO 4217 code.
    pub currency: String,
    /// Due date.
    #[serde(with = "crate::calendar::serde::date")]
    pub due_date: NaiveDate,
    /// Open amount.
    #[serde(with = "crate::money::serde::amount")]
    pub amount: Decimal,
}

/// Expected collections of one period in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastBucket {
    /// ISO 4217 code.
    pub currency: String,
    /// First day of the period.
    #[serde(with = "crate::calendar::serde::date")]
    pub start: NaiveDate,
    /// Last day of the period (inclusive).
    #[serde(with = "crate::calendar::serde::date")]
    pub end: NaiveDate,
    /// Expected collections.
    #[serde(with = "crate::money::serde::amount")]
    pub amount: Decimal,
    /// Items expected.
    pub items: u64,
}

/// Cash forecast result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forecast {
    /// Per currency (sorted), then period.
    pub periods: Vec<ForecastBucket>,
    /// Expected after the horizon, per currency: `[{"currency", "amount", "items"}]` as buckets
    /// whose `start` is the day after the horizon and `end` the latest expected date.
    pub later: Vec<ForecastBucket>,
    /// The lateness used per customer with history, sorted by customer.
    pub lateness: Vec<Lateness>,
}

/// A customer's expected lateness in a [`Forecast`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lateness {
    /// Customer id.
    pub customer: String,
    /// Whole days after the due date the customer is expected to pay.
    pub days_late: i64,
}

/// Expected collections per week or month: each open item is expected `lateness(customer)` days
/// after its due date (its customer's amount-weighted average days late from the paid history,
/// rounded half up to whole days; `default_days_late` for customers without history), and never
/// before `as_of`. Periods start at `as_of`; items expected after `horizon` periods are in
/// `later`. Figures are exact sums of the items' amounts.
///
/// ```
/// use arrears::metrics::{cash_forecast, ForecastItem, ForecastPeriod, PaidItem};
/// let date = |s: &str| arrears::parse_date("d", s).unwrap();
/// let open = [ForecastItem { customer: "A".into(), currency: "EUR".into(), due_date: date("2026-12-01"),
///                            amount: "100.00".parse().unwrap() }];
/// let history = [PaidItem { customer: "A".into(), amount: "50.00".parse().unwrap(), issue_date: date("2026-01-01"),
///                           due_date: date("2026-01-31"), paid_date: date("2026-02-14") }]; // 14 days late
/// let f = cash_forecast(&open, &history, date("2026-11-24"), ForecastPeriod::Week, 4, 0)?;
/// // expected 2026-12-15: the fourth week from 2026-11-24
/// assert_eq!(arrears::format_date(f.periods[3].start), "2026-12-15");
/// assert_eq!(f.periods[3].amount.to_string(), "100.00");
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidRequest`] for a horizon of 0, [`ErrorKind::LimitExceeded`] over
/// [`crate::limits::MAX_FORECAST_HORIZON`] periods, [`ErrorKind::DateOutOfRange`] when the
/// periods run past 9999-12-31; the errors of
/// [`payment_timing`] for the history; [`ErrorKind::UnknownCurrency`].
pub fn cash_forecast(
    open: &[ForecastItem],
    history: &[PaidItem],
    as_of: NaiveDate,
    period: ForecastPeriod,
    horizon: u32,
    default_days_late: i64,
) -> Result<Forecast> {
    if horizon == 0 {
        return Err(Error::new(ErrorKind::InvalidRequest, "horizon", "0", "a forecast has at least one period"));
    }
    crate::limits::check("horizon", horizon as usize, crate::limits::MAX_FORECAST_HORIZON as usize)?;
    if !(0..=3650).contains(&default_days_late) {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "default_days_late",
            default_days_late.to_string(),
            "0 to 3650 days",
        ));
    }
    // lateness per customer
    let mut by_customer: std::collections::BTreeMap<&str, Vec<PaidItem>> = std::collections::BTreeMap::new();
    for p in history {
        by_customer.entry(p.customer.as_str()).or_default().push(p.clone());
    }
    let mut lateness: Vec<Lateness> = Vec::new();
    for (c, items) in &by_customer {
        let t = timing_exact(items).map_err(|e| e.within("history"))?;
        let days = t.days_late.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        lateness.push(Lateness { customer: c.to_string(), days_late: i64::try_from(days.mantissa()).unwrap_or(0) });
    }
    let late_of = |c: &str| -> i64 {
        match lateness.binary_search_by(|x| x.customer.as_str().cmp(c)) {
            Ok(i) => lateness[i].days_late,
            Err(_) => default_days_late,
        }
    };
    // period starts
    let mut starts = Vec::with_capacity(horizon as usize + 1);
    for k in 0..=horizon {
        let s = match period {
            ForecastPeriod::Week => as_of.checked_add_days(chrono::Days::new(7 * u64::from(k))),
            ForecastPeriod::Month => {
                if k == 0 {
                    Some(as_of)
                } else {
                    as_of.with_day(1).and_then(|d| d.checked_add_months(chrono::Months::new(k)))
                }
            }
        }
        // Every period, and the start of `later`, lies inside the supported range.
        .filter(|s| *s <= crate::MAX_DATE)
        .ok_or_else(|| {
            Error::new(
                ErrorKind::DateOutOfRange,
                "horizon",
                horizon.to_string(),
                format!("{horizon} periods from {} run past 9999-12-31", crate::format_date(as_of)),
            )
        })?;
        starts.push(s);
    }
    let mut codes: Vec<&str> = open.iter().map(|o| o.currency.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    for (i, c) in codes.iter().enumerate() {
        if crate::Currency::lookup(c).is_none() {
            let item = open.iter().position(|o| o.currency == *c).unwrap_or(i);
            return Err(Error::new(
                ErrorKind::UnknownCurrency,
                format!("open[{item}].currency"),
                *c,
                "not in the current ISO 4217 list",
            ));
        }
    }
    let h = horizon as usize;
    let mut sums = vec![(Decimal::ZERO, 0u64); codes.len() * h];
    let mut later = vec![(Decimal::ZERO, 0u64, as_of); codes.len()];
    for (i, o) in open.iter().enumerate() {
        let cur = codes.binary_search(&o.currency.as_str()).unwrap_or(0);
        let expected = o
            .due_date
            .checked_add_signed(chrono::TimeDelta::days(late_of(&o.customer)))
            .unwrap_or(crate::MAX_DATE)
            .clamp(as_of, crate::MAX_DATE);
        let of = || overflow(&format!("open[{i}].amount"));
        match starts.partition_point(|s| *s <= expected) {
            k if k <= h => {
                let cell = &mut sums[cur * h + k - 1];
                cell.0 = cell.0.checked_add(o.amount).ok_or_else(of)?;
                cell.1 += 1;
            }
            _ => {
                let cell = &mut later[cur];
                cell.0 = cell.0.checked_add(o.amount).ok_or_else(of)?;
                cell.1 += 1;
                cell.2 = cell.2.max(expected);
            }
        }
    }
    let mut periods = Vec::new();
    let mut after = Vec::new();
    for (ci, c) in codes.iter().enumerate() {
        let dp = crate::Currency::lookup(c).and_then(|c| c.minor_units).map(u32::from).unwrap_or(2);
        let show = |mut a: Decimal| {
            if a.scale() < dp {
                a.rescale(dp);
            }
            a
        };
        for k in 0..h {
            let (amount, items) = sums[ci * h + k];
            periods.push(ForecastBucket {
                currency: c.to_string(),
                start: starts[k],
                end: starts[k + 1].pred_opt().unwrap_or(starts[k]),
                amount: show(amount),
                items,
            });
        }
        let (amount, items, last) = later[ci];
        if items > 0 {
            after.push(ForecastBucket {
                currency: c.to_string(),
                start: starts[h],
                end: last,
                amount: show(amount),
                items,
            });
        }
    }
    Ok(Forecast { periods, later: after, lateness })
}
