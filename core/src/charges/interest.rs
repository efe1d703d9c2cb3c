//! Late interest on one claim: the principal over its timeline of payments and credit notes, the
//! rate of each day, the day count, optional compounding, and the breakdown that explains it.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::day_count::{span, Conventions, DayCount, DEN};
use super::rates::{percent, Rate, RateFloor, RatePlan, ReferenceRate};
use crate::calendar::serde::{date, opt_date};
use crate::calendar::{date_of_day_number, day_number, format_date, Adjustment, Calendar, Step};
use crate::error::{Error, ErrorKind, Result};
use crate::money::{check_magnitude, overflow, MoneyRules, Rounding, RoundingMode};

/// What lowers the principal of a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A payment received (the default).
    #[default]
    Payment,
    /// A credit note against the claim.
    CreditNote,
}

/// A payment or credit note: it lowers the principal from the day after `date` (one made on or
/// before the due date lowers the starting principal). Events after the as-of date are not yet
/// known on that date and are left out.
///
/// JSON: `{"kind": "payment", "date": "2026-03-01", "amount": "200.00"}` (`kind` default
/// `payment`; an optional `currency` must be the claim's).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChargeEvent {
    /// Payment or credit note.
    #[serde(default)]
    pub kind: EventKind,
    /// The day it was made.
    #[serde(with = "date")]
    pub date: NaiveDate,
    /// The amount, positive, in the claim's currency.
    #[serde(with = "crate::money::serde::amount")]
    pub amount: Decimal,
    /// The currency it was made in, if the caller says (it must be the claim's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

/// A debt that may be late: its principal, currency, due date and what lowered it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Claim {
    /// The amount owed at the due date before any payment (positive).
    pub principal: Decimal,
    /// ISO 4217 code.
    pub currency: String,
    /// The contractual due date (the rule's roll may move it to a working day).
    pub due_date: NaiveDate,
    /// The invoice date, if known: no event may be dated before it.
    pub invoice_date: Option<NaiveDate>,
    /// Payments and credit notes, in any order.
    pub events: Vec<ChargeEvent>,
}

impl Claim {
    /// A claim with no payment yet.
    pub fn new(principal: Decimal, currency: &str, due_date: NaiveDate) -> Claim {
        Claim { principal, currency: currency.to_string(), due_date, invoice_date: None, events: Vec::new() }
    }
}

/// Whether interest is capitalised. JSON `"none"` (default), `"monthly"`, `"annual"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compounding {
    /// Simple interest.
    #[default]
    None,
    /// Capitalised every month after the due date (due + 1, + 2... months, each from the due date).
    Monthly,
    /// Capitalised every year after the due date.
    Annual,
}

/// Days up to `until` (inclusive) are counted with `day_count` instead of the rule's (a regime
/// whose convention changed on a date: RU art. 395 counted 360/30 before 2016).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EarlierDayCount {
    /// The last day counted the earlier way.
    #[serde(with = "date")]
    pub until: NaiveDate,
    /// The earlier day count.
    pub day_count: DayCount,
}

/// How interest is computed: the rate, an optional floor, the day count, compounding, grace and
/// the due-date roll.
///
/// ```
/// use arrears::charges::{DayCount, InterestRule};
/// let r = InterestRule::fixed("8.5".parse().unwrap());
/// assert_eq!((r.day_count, r.grace_days), (DayCount::Act365, 0));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InterestRule {
    /// The annual rate.
    pub rate: Rate,
    /// A floor under the rate, if any.
    pub floor: Option<RateFloor>,
    /// The day count (default act/365).
    pub day_count: DayCount,
    /// A day count for the days up to a date, if the convention changed.
    pub earlier_day_count: Option<EarlierDayCount>,
    /// Simple (default) or compounded.
    pub compounding: Compounding,
    /// Days after the due date within which a full payment owes no interest at all (interest,
    /// once charged, still runs from the due date).
    pub grace_days: u32,
    /// How a due date on a non-working day moves before interest starts (DE §193 BGB: following).
    pub due_date_roll: Adjustment,
}

impl InterestRule {
    /// Simple interest at a fixed annual percent, act/365, no grace, no roll.
    pub fn fixed(percent: Decimal) -> InterestRule {
        InterestRule::with_rate(Rate::Fixed(percent))
    }

    /// Simple interest at a reference rate plus a margin, act/365, no grace, no roll.
    pub fn reference(reference: ReferenceRate) -> InterestRule {
        InterestRule::with_rate(Rate::Reference(reference))
    }

    fn with_rate(rate: Rate) -> InterestRule {
        InterestRule {
            rate,
            floor: None,
            day_count: DayCount::Act365,
            earlier_day_count: None,
            compounding: Compounding::None,
            grace_days: 0,
            due_date_roll: Adjustment::None,
        }
    }

    pub(crate) fn conventions(&self) -> Conventions {
        Conventions {
            earlier: self.earlier_day_count.map(|e| (day_number(e.until), e.day_count)),
            day_count: self.day_count,
        }
    }

    pub(crate) fn check(&self) -> Result<()> {
        if self.grace_days > crate::limits::MAX_GRACE_DAYS {
            return Err(Error::new(
                ErrorKind::InvalidRule,
                "grace_days",
                self.grace_days.to_string(),
                format!("at most {} days", crate::limits::MAX_GRACE_DAYS),
            ));
        }
        RatePlan::new(&self.rate, self.floor.as_ref()).map(|_| ())
    }
}

/// Options of one computation: rounding, the calendar of the due-date roll, and the first day
/// to report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InterestOptions {
    /// Rounding of every figure (mode, precision, cash increment); half-up at the currency's
    /// precision by default.
    pub rounding: Rounding,
    /// Working days for the rule's due-date roll; Saturday-Sunday, no holidays by default.
    pub calendar: Calendar,
    /// Count only the interest of the days after this date (a statement after one that charged
    /// interest through `since`); the debt's rules still run from its due date.
    pub since: Option<NaiveDate>,
}

/// Why a claim owes interest or not, on the as-of date. JSON snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterestStatus {
    /// The as-of date is not after the due date.
    NotDue,
    /// Nothing was left owing on the due date.
    PaidOnTime,
    /// Still open, but the grace period has not ended.
    WithinGrace,
    /// Paid in full within the grace period: no interest at all.
    PaidWithinGrace,
    /// Interest runs (it may be zero at a zero rate).
    Charged,
}

impl InterestStatus {
    /// Every status, in the order of [`code`](InterestStatus::code): the one list the bindings'
    /// status columns (Python's dictionary, Node's `INTEREST_STATUSES`, C's
    /// `ARREARS_INTEREST_*`) follow.
    ///
    /// ```
    /// use arrears::charges::InterestStatus;
    /// let names: Vec<&str> = InterestStatus::ALL.iter().map(|s| s.name()).collect();
    /// assert_eq!(names, ["not_due", "paid_on_time", "within_grace", "paid_within_grace", "charged"]);
    /// assert!(InterestStatus::ALL.iter().enumerate().all(|(i, s)| usize::from(s.code()) == i));
    /// ```
    pub const ALL: [InterestStatus; 5] = [
        InterestStatus::NotDue,
        InterestStatus::PaidOnTime,
        InterestStatus::WithinGrace,
        InterestStatus::PaidWithinGrace,
        InterestStatus::Charged,
    ];

    /// The status's number in a status column: its place in [`ALL`](InterestStatus::ALL).
    ///
    /// ```
    /// use arrears::charges::InterestStatus;
    /// assert_eq!(InterestStatus::Charged.code(), 4);
    /// ```
    pub const fn code(self) -> u8 {
        match self {
            InterestStatus::NotDue => 0,
            InterestStatus::PaidOnTime => 1,
            InterestStatus::WithinGrace => 2,
            InterestStatus::PaidWithinGrace => 3,
            InterestStatus::Charged => 4,
        }
    }

    /// The status's JSON name (snake_case).
    ///
    /// ```
    /// use arrears::charges::InterestStatus;
    /// assert_eq!(InterestStatus::PaidWithinGrace.name(), "paid_within_grace");
    /// assert_eq!(arrears::to_json(&InterestStatus::PaidWithinGrace), "\"paid_within_grace\"");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            InterestStatus::NotDue => "not_due",
            InterestStatus::PaidOnTime => "paid_on_time",
            InterestStatus::WithinGrace => "within_grace",
            InterestStatus::PaidWithinGrace => "paid_within_grace",
            InterestStatus::Charged => "charged",
        }
    }
}

/// One line of the breakdown: a stretch of days with one principal, one rate and one day basis.
///
/// Its `interest` is the change of the rounded running total over its days, so that the lines
/// sum exactly to the total and each is within one minor unit of its exact share.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InterestPeriod {
    /// First day of interest of the line.
    #[serde(with = "date")]
    pub from: NaiveDate,
    /// Last day of interest of the line (inclusive).
    #[serde(with = "date")]
    pub to: NaiveDate,
    /// Days counted (calendar days, or 30E/360 days).
    pub days: i64,
    /// The principal the interest ran on.
    #[serde(with = "crate::money::serde::amount")]
    pub principal: Decimal,
    /// The annual rate applied, in percent.
    #[serde(with = "crate::money::serde::amount")]
    pub rate: Decimal,
    /// The reference rate it came from, if the rule has one.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::money::serde::opt_amount")]
    pub reference_rate: Option<Decimal>,
    /// The year length the days are divided by (360, 365 or 366).
    pub day_basis: u32,
    /// The day count of the line.
    pub day_count: DayCount,
    /// The interest of the line.
    #[serde(with = "crate::money::serde::amount")]
    pub interest: Decimal,
}

/// The late interest of a claim on a date, and how it came about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Interest {
    /// The claim's currency.
    pub currency: String,
    /// The due date interest runs from (after the rule's roll).
    #[serde(with = "date")]
    pub due_date: NaiveDate,
    /// Whether interest is charged.
    pub status: InterestStatus,
    /// Days from the due date to the as-of date or the last day anything was owed.
    pub days_late: i64,
    /// The principal still owed on the as-of date.
    #[serde(with = "crate::money::serde::amount")]
    pub principal: Decimal,
    /// What was paid beyond the principal (unapplied credit, no interest on it).
    #[serde(with = "crate::money::serde::amount")]
    pub unapplied: Decimal,
    /// The interest, rounded once (per compounding period when compounded).
    #[serde(with = "crate::money::serde::amount")]
    pub interest: Decimal,
    /// The breakdown; its lines sum exactly to `interest`.
    pub periods: Vec<InterestPeriod>,
    /// The first day reported, when only the days after `since` were asked for.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_date")]
    pub since: Option<NaiveDate>,
}

/// The denominator of an interest numerator (principal in minor units × rate in millionths of a
/// percent × day weight over [`DEN`]) in minor units.
pub(crate) const DENOM: i128 = DEN as i128 * 100 * 1_000_000;

/// Rounds numerators to minor units (or to the cash increment) with a named mode.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rounder {
    pub(crate) mode: RoundingMode,
    /// The cash increment in minor units (1 without one).
    pub(crate) step: i128,
    /// The currency's decimals (minor units back to the amount the caller wrote, in errors).
    pub(crate) scale: u32,
}

impl Rounder {
    pub(crate) fn new(rules: &MoneyRules) -> Result<Rounder> {
        let step = match rules.cash_increment() {
            None => 1,
            Some(inc) => {
                let units = inc * Decimal::from(10u64.pow(rules.scale()));
                units.normalize().mantissa().max(1)
            }
        };
        Ok(Rounder { mode: rules.mode(), step, scale: rules.scale() })
    }

    #[inline]
    pub(crate) fn round(&self, num: i128) -> i128 {
        self.round_over(num, DENOM)
    }

    /// `num / den` (an interest numerator over a reduced denominator) rounded.
    #[inline]
    pub(crate) fn round_over(&self, num: i128, den: i128) -> i128 {
        let den = den * self.step;
        if let (RoundingMode::HalfUp, Ok(n), Ok(d)) = (self.mode, i64::try_from(num), i64::try_from(den)) {
            // half away from zero in 64 bits: (|n| + d/2) / d, the sign put back
            if let Some(up) = n.unsigned_abs().checked_add(d.unsigned_abs() / 2) {
                let q = (up / d.unsigned_abs()) as i128;
                return if n < 0 { -q } else { q } * self.step;
            }
        }
        crate::terms::round_div(num, den, self.mode) * self.step
    }
}

/// A claim in integers: day numbers and minor units.
pub(crate) struct Debt<'a> {
    /// The (rolled) due date.
    pub(crate) due: i32,
    /// The last day of interest (the as-of date).
    pub(crate) end: i32,
    /// The principal before any event.
    pub(crate) amount: i128,
    /// (day, amount) of each event up to `end`, sorted by day: each lowers the principal from
    /// the next day.
    pub(crate) events: &'a [(i32, i128)],
    /// Report only the days after this one.
    pub(crate) since: i32,
    /// Months between capitalisations (0: simple interest).
    pub(crate) compound_months: i32,
    /// The due date as a date (compounding dates are months from it).
    pub(crate) due_date: NaiveDate,
}

/// A line of the breakdown in integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Row {
    pub(crate) from: i32,
    pub(crate) to: i32,
    pub(crate) days: i64,
    pub(crate) principal: i128,
    pub(crate) micro: i64,
    pub(crate) reference: Option<i64>,
    pub(crate) basis: u32,
    pub(crate) day_count: DayCount,
    pub(crate) num: i128,
    pub(crate) interest: i128,
}

/// The interest of a debt in minor units, and its rows when asked for: the one engine behind
/// [`interest()`], the statement and the batch kernel's general path.
pub(crate) fn accrue(
    debt: &Debt<'_>,
    plan: &RatePlan<'_>,
    conv: &Conventions,
    rounder: Rounder,
    mut rows: Option<&mut Vec<Row>>,
) -> Result<i128> {
    let first = debt.due + 1;
    let mut t = if debt.compound_months == 0 { first.max(debt.since + 1) } else { first };
    let mut base = debt.amount;
    let mut ev = 0;
    let mut capital: i128 = 0;
    let (mut period_num, mut period_vis, mut total) = (0i128, 0i128, 0i128);
    let mut k = 1;
    let mut cap_day = next_capitalisation(debt, k)?;
    let mut period_rows = 0;
    while t <= debt.end {
        while ev < debt.events.len() && debt.events[ev].0 < t {
            base -= debt.events[ev].1;
            ev += 1;
        }
        let p = (base + capital).max(0);
        let mut seg_end = debt.end.min(cap_day);
        if ev < debt.events.len() {
            seg_end = seg_end.min(debt.events[ev].0);
        }
        if t <= debt.since {
            seg_end = seg_end.min(debt.since);
        }
        if p > 0 {
            let dr = plan.on(t, first)?;
            let (dc, dc_through) = conv.at(t);
            seg_end = seg_end.min(dr.through).min(dc_through);
            let (weight, days, basis) = span(dc, t, seg_end);
            // the principal in force (capitalised interest included) as an amount, not in minor units
            let too_big = || {
                let shown = Decimal::try_from_i128_with_scale(p, rounder.scale).unwrap_or(Decimal::MAX);
                overflow("principal", shown)
            };
            let num = p
                .checked_mul(i128::from(dr.micro))
                .and_then(|x| x.checked_mul(i128::from(weight)))
                .ok_or_else(too_big)?;
            period_num = period_num.checked_add(num).ok_or_else(too_big)?;
            if t > debt.since {
                period_vis += num;
                if let Some(rows) = rows.as_deref_mut() {
                    let row = Row {
                        from: t,
                        to: seg_end,
                        days,
                        principal: p,
                        micro: dr.micro,
                        reference: dr.reference,
                        basis,
                        day_count: dc,
                        num,
                        interest: 0,
                    };
                    push_row(rows, period_rows, row);
                }
            }
        }
        t = seg_end + 1;
        if debt.compound_months > 0 && seg_end == cap_day {
            if t <= debt.end {
                capital += rounder.round(period_num);
            }
            total += close_period(rows.as_deref_mut(), &mut period_rows, period_vis, rounder);
            (period_num, period_vis) = (0, 0);
            k += 1;
            cap_day = next_capitalisation(debt, k)?;
        }
    }
    total += close_period(rows, &mut period_rows, period_vis, rounder);
    Ok(total)
}

/// The day number of the `k`-th capitalisation (`i32::MAX` for simple interest).
fn next_capitalisation(debt: &Debt<'_>, k: i32) -> Result<i32> {
    if debt.compound_months == 0 {
        return Ok(i32::MAX);
    }
    match k.checked_mul(debt.compound_months) {
        Some(m) => match Step::AddMonths(m).apply(debt.due_date) {
            Ok(d) => Ok(day_number(d)),
            Err(_) => Ok(i32::MAX),
        },
        None => Ok(i32::MAX),
    }
}

/// Appends a row, or extends the last row of the open period when it continues it unchanged.
fn push_row(rows: &mut Vec<Row>, period_start: usize, row: Row) {
    if rows.len() > period_start {
        if let Some(last) = rows.last_mut() {
            let same = last.to + 1 == row.from
                && last.principal == row.principal
                && last.micro == row.micro
                && last.reference == row.reference
                && last.basis == row.basis
                && last.day_count == row.day_count;
            if same {
                last.to = row.to;
                last.days += row.days;
                last.num += row.num;
                return;
            }
        }
    }
    rows.push(row);
}

/// Rounds a period's interest once and gives its rows their share (the change of the rounded
/// running total); returns the period's rounded interest.
fn close_period(rows: Option<&mut Vec<Row>>, period_start: &mut usize, vis: i128, rounder: Rounder) -> i128 {
    if let Some(rows) = rows {
        let mut cum = 0i128;
        let mut before = 0i128;
        for r in rows[*period_start..].iter_mut() {
            cum += r.num;
            let now = rounder.round(cum);
            r.interest = now - before;
            before = now;
        }
        *period_start = rows.len();
    }
    rounder.round(vis)
}

/// The claim checked and in integers: (amount, events up to `end`, unapplied) in minor units.
pub(crate) fn checked_claim(claim: &Claim, rules: &MoneyRules, end: NaiveDate) -> Result<(i128, Vec<(i32, i128)>)> {
    let principal = rules.exact("principal", claim.principal)?;
    if principal.is_sign_negative() && !principal.is_zero() {
        return Err(Error::new(
            ErrorKind::InvalidAmount,
            "principal",
            principal.to_string(),
            "late interest runs on a debt: the principal is zero or positive (a credit owes no interest)",
        ));
    }
    if let Some(inv) = claim.invoice_date {
        if claim.due_date < inv {
            return Err(Error::new(
                ErrorKind::InvalidDate,
                "due_date",
                format_date(claim.due_date),
                format!("the due date is before the invoice date {}", format_date(inv)),
            ));
        }
    }
    crate::limits::check("events", claim.events.len(), crate::limits::MAX_EVENTS)?;
    let mut events = Vec::with_capacity(claim.events.len());
    for (i, e) in claim.events.iter().enumerate() {
        let field = |f: &str| format!("events[{i}].{f}");
        if let Some(c) = &e.currency {
            if c != &claim.currency {
                return Err(Error::new(
                    ErrorKind::InvalidRequest,
                    field("currency"),
                    c.as_str(),
                    format!("a payment or credit note on a {} claim must be in {}", claim.currency, claim.currency),
                ));
            }
        }
        let amount = rules.exact(&field("amount"), e.amount)?;
        if amount <= Decimal::ZERO {
            return Err(Error::new(
                ErrorKind::InvalidAmount,
                field("amount"),
                amount.to_string(),
                "a payment or credit note is a positive amount",
            ));
        }
        if let Some(inv) = claim.invoice_date {
            if e.date < inv {
                return Err(Error::new(
                    ErrorKind::InvalidDate,
                    field("date"),
                    format_date(e.date),
                    format!("dated before the invoice date {}", format_date(inv)),
                ));
            }
        }
        if e.date <= end {
            events.push((day_number(e.date), minor(amount, rules.scale())));
        }
    }
    events.sort_by_key(|e| e.0);
    Ok((minor(principal, rules.scale()), events))
}

/// `v` (already at `scale` decimals) in minor units.
pub(crate) fn minor(v: Decimal, scale: u32) -> i128 {
    let mut x = v;
    x.rescale(scale);
    x.mantissa()
}

/// Minor units back to an amount, checked against the supported range.
pub(crate) fn amount_of(field: &str, units: i128, scale: u32) -> Result<Decimal> {
    let d = Decimal::try_from_i128_with_scale(units, scale).map_err(|_| overflow(field, Decimal::MAX))?;
    check_magnitude(field, d)?;
    Ok(d)
}

/// Status and days late of a debt: (status, days late, open principal at the end, unapplied).
pub(crate) fn status_of(debt: &Debt<'_>, grace_days: u32) -> (InterestStatus, i64, i128, i128) {
    let owed_after = |day: i32| debt.amount - debt.events.iter().filter(|e| e.0 <= day).map(|e| e.1).sum::<i128>();
    let at_end = owed_after(debt.end);
    let (principal, unapplied) = (at_end.max(0), (-at_end).max(0));
    let grace_end = debt.due.saturating_add(grace_days as i32);
    // the last day anything was owed: the day of the payment that cleared the debt, or the end
    let cleared = debt.events.iter().scan(debt.amount, |left, e| {
        *left -= e.1;
        Some((e.0, *left))
    });
    let last_owed = cleared.filter(|(_, left)| *left <= 0).map(|(d, _)| d).next().unwrap_or(debt.end).min(debt.end);
    let days_late = i64::from((last_owed - debt.due).max(0));
    let status = if debt.end <= debt.due {
        InterestStatus::NotDue
    } else if owed_after(debt.due) <= 0 {
        InterestStatus::PaidOnTime
    } else if owed_after(grace_end.min(debt.end)) <= 0 && grace_days > 0 {
        InterestStatus::PaidWithinGrace
    } else if debt.end <= grace_end {
        InterestStatus::WithinGrace
    } else {
        InterestStatus::Charged
    };
    (status, days_late, principal, unapplied)
}

/// The late interest of `claim` on `as_of` under `rule`: every day after the (rolled) due date
/// through `as_of` at that day's rate on that day's principal, summed exactly, rounded once.
///
/// ```
/// use arrears::charges::{interest, Claim, InterestOptions, InterestRule};
/// use arrears::parse_date;
/// // LI-09: 1000.00 at 10.25 % for 30 days is 8.4247 -> 8.42 (rounding the daily rate first gives 8.43)
/// let claim = Claim::new("1000.00".parse().unwrap(), "EUR", parse_date("due_date", "2025-03-01")?);
/// let out = interest(&claim, &InterestRule::fixed("10.25".parse().unwrap()),
///                    parse_date("as_of", "2025-03-31")?, &InterestOptions::default())?;
/// assert_eq!((out.interest.to_string(), out.days_late), ("8.42".to_string(), 30));
/// assert_eq!(out.periods[0].days, 30);
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidAmount`] for a negative principal, a payment or credit note that is not
/// positive or too precise (`events[i].amount`); [`ErrorKind::InvalidDate`] for an event before
/// the invoice date (`events[i].date`) or a due date before it; [`ErrorKind::InvalidRequest`]
/// for an event in another currency (`events[i].currency`); [`ErrorKind::InvalidRule`] for a
/// rate outside -100 ..= 1000 % or a rate table that does not cover a day that needs it (the
/// value is the date); [`ErrorKind::UnknownCurrency`]; [`ErrorKind::Overflow`].
pub fn interest(claim: &Claim, rule: &InterestRule, as_of: NaiveDate, options: &InterestOptions) -> Result<Interest> {
    let rules = MoneyRules::new(&claim.currency, &options.rounding)?;
    rule.check()?;
    let (amount, events) = checked_claim(claim, &rules, as_of)?;
    let due_date = options.calendar.adjust(claim.due_date, rule.due_date_roll)?;
    let debt = Debt {
        due: day_number(due_date),
        end: day_number(as_of),
        amount,
        events: &events,
        since: options.since.map(day_number).unwrap_or(i32::MIN),
        compound_months: match rule.compounding {
            Compounding::None => 0,
            Compounding::Monthly => 1,
            Compounding::Annual => 12,
        },
        due_date,
    };
    let (status, days_late, principal, unapplied) = status_of(&debt, rule.grace_days);
    let mut rows = Vec::new();
    let total = if status == InterestStatus::Charged {
        let plan = RatePlan::new(&rule.rate, rule.floor.as_ref())?;
        accrue(&debt, &plan, &rule.conventions(), Rounder::new(&rules)?, Some(&mut rows))?
    } else {
        0
    };
    let scale = rules.scale();
    let mut periods = Vec::with_capacity(rows.len());
    for r in &rows {
        periods.push(InterestPeriod {
            from: date_of_day_number("from", r.from)?,
            to: date_of_day_number("to", r.to)?,
            days: r.days,
            principal: amount_of("principal", r.principal, scale)?,
            rate: percent(r.micro),
            reference_rate: r.reference.map(percent),
            day_basis: r.basis,
            day_count: r.day_count,
            interest: amount_of("interest", r.interest, scale)?,
        });
    }
    Ok(Interest {
        currency: claim.currency.clone(),
        due_date,
        status,
        days_late,
        principal: amount_of("principal", principal, scale)?,
        unapplied: amount_of("unapplied", unapplied, scale)?,
        interest: amount_of("interest", total, scale)?,
        periods,
        since: options.since,
    })
}

/// The JSON form of an [`InterestRule`]: exactly one of `rate` (a fixed percent) and
/// `reference`; every other field optional.
///
/// ```json
/// {"reference": {"table": {"rates": [{"from": "2024-01-01", "rate": "3.62"}]}, "margin": "9",
///                "fixing": "split_by_half_year"},
///  "floor": null, "day_count": "act/365", "earlier_day_count": null, "compounding": "none",
///  "grace_days": 0, "due_date_roll": "none"}
/// ```
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct InterestRuleWire {
    #[serde(default, with = "crate::money::serde::opt_amount", skip_serializing_if = "Option::is_none")]
    rate: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reference: Option<ReferenceRate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    floor: Option<RateFloor>,
    #[serde(default)]
    day_count: DayCount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    earlier_day_count: Option<EarlierDayCount>,
    #[serde(default)]
    compounding: Compounding,
    #[serde(default)]
    grace_days: u32,
    #[serde(default)]
    due_date_roll: Adjustment,
}

impl Serialize for InterestRule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (rate, reference) = match &self.rate {
            Rate::Fixed(r) => (Some(*r), None),
            Rate::Reference(r) => (None, Some(r.clone())),
        };
        InterestRuleWire {
            rate,
            reference,
            floor: self.floor.clone(),
            day_count: self.day_count,
            earlier_day_count: self.earlier_day_count,
            compounding: self.compounding,
            grace_days: self.grace_days,
            due_date_roll: self.due_date_roll,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for InterestRule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let w = InterestRuleWire::deserialize(d)?;
        let de = crate::serde_forms::de_error::<D::Error>;
        let rate =
            match (w.rate, w.reference) {
                (Some(r), None) => Rate::Fixed(r),
                (None, Some(r)) => Rate::Reference(r),
                _ => return Err(de(Error::new(
                    ErrorKind::InvalidRequest,
                    "rate",
                    "",
                    "an interest rule has exactly one of rate (a fixed percent) and reference (a table and a margin)",
                ))),
            };
        let rule = InterestRule {
            rate,
            floor: w.floor,
            day_count: w.day_count,
            earlier_day_count: w.earlier_day_count,
            compounding: w.compounding,
            grace_days: w.grace_days,
            due_date_roll: w.due_date_roll,
        };
        rule.check().map_err(de)?;
        Ok(rule)
    }
}
