//! Payment plans for an overdue balance (n installments or a fixed installment, weekly,
//! biweekly or monthly, an optional down payment, optional annuity interest), their status from
//! the payments received, and promises to pay.

use chrono::{Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::calendar::serde::{date, opt_date};
use crate::error::{Error, ErrorKind, Result};
use crate::money::serde::{amount, opt_amount};
use crate::money::{overflow, MoneyRules, RoundingMode};

/// How often a plan's installments fall due.
///
/// ```
/// let f: arrears::payments::Frequency = arrears::from_json(r#""biweekly""#)?;
/// assert_eq!(f, arrears::payments::Frequency::Biweekly);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Every 7 days.
    Weekly,
    /// Every 14 days.
    Biweekly,
    /// Every month, counted from the start date (never chained), the day clamped to the month.
    #[default]
    Monthly,
}

impl Frequency {
    fn per_year(self) -> u32 {
        match self {
            Frequency::Weekly => 52,
            Frequency::Biweekly => 26,
            Frequency::Monthly => 12,
        }
    }

    /// The date of period `k` from `start`.
    fn nth(self, start: NaiveDate, k: u32) -> Result<NaiveDate> {
        let d = match self {
            Frequency::Weekly => start.checked_add_days(Days::new(7 * u64::from(k))),
            Frequency::Biweekly => start.checked_add_days(Days::new(14 * u64::from(k))),
            Frequency::Monthly => start.checked_add_months(Months::new(k)),
        };
        crate::calendar::check_range("start", d, || format!("{} + {k} periods", crate::calendar::format_date(start)))
    }
}

/// What a payment plan is asked to cover and how.
///
/// JSON: `{"balance": "1000.00", "currency": "EUR", "start": "2026-01-15", "count": 3}` or
/// `"installment": "300.00"` instead of `count`; optional `"frequency": "monthly"` (default),
/// `"down_payment": "100.00"` (due on `start`; the installments then begin one period later),
/// `"rate": "6"` (annual %, annuity interest on the financed rest).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanTerms {
    /// The overdue balance the plan covers.
    #[serde(with = "amount")]
    pub balance: Decimal,
    /// ISO 4217 code.
    pub currency: String,
    /// The first due date (the down payment's, or the first installment's).
    #[serde(with = "date")]
    pub start: NaiveDate,
    /// Number of installments (or `installment`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// A fixed installment amount (or `count`); the last installment takes the rest.
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    pub installment: Option<Decimal>,
    /// How often installments fall due.
    #[serde(default)]
    pub frequency: Frequency,
    /// A down payment due on `start`.
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    pub down_payment: Option<Decimal>,
    /// Annual interest rate in percent (annuity); none by default.
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    pub rate: Option<Decimal>,
}

/// One installment of a plan (number 0 is the down payment when there is one).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanInstallment {
    /// 0-based position in the plan.
    pub number: u32,
    /// Due date.
    #[serde(with = "date")]
    pub due_date: NaiveDate,
    /// What falls due: principal + interest.
    #[serde(with = "amount")]
    pub amount: Decimal,
    /// The part that repays the balance.
    #[serde(with = "amount")]
    pub principal: Decimal,
    /// The interest part.
    #[serde(with = "amount")]
    pub interest: Decimal,
}

/// A payment plan: its installments (principal parts sum exactly to the balance).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// ISO 4217 code.
    pub currency: String,
    /// The installments in due-date order.
    pub installments: Vec<PlanInstallment>,
    /// Sum of the amounts.
    #[serde(with = "amount")]
    pub total: Decimal,
    /// Sum of the interest parts.
    #[serde(with = "amount")]
    pub interest: Decimal,
}

fn bad(field: &str, value: impl ToString, reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidAmount, field, value.to_string(), reason)
}

/// The payment plan for `terms`, every figure rounded with `rules`.
///
/// - `count` n: equal installments of the financed rest (balance − down payment), each rounded
///   toward zero, the last taking the residue (5.47 in three: 1.82, 1.82, 1.83); with a `rate`,
///   an annuity: payment = P·r / (1 − (1 + r)^−n) at r = rate / 100 / periods a year (52, 26,
///   12), rounded; each period's interest is the rest × r, rounded; the last installment repays
///   the rest exactly (the residue on the last).
/// - `installment` A: as many installments of A as it takes, the last the rest (with a rate, A
///   must exceed the first period's interest).
///
/// ```
/// use arrears::payments::{payment_plan, PlanTerms};
/// let terms: PlanTerms = arrears::from_json(r#"{"balance": "5.47", "currency": "EUR", "start": "2026-01-31", "count": 3}"#)?;
/// let rules = arrears::MoneyRules::new("EUR", &arrears::Rounding::default())?;
/// let plan = payment_plan(&terms, &rules)?;
/// let got: Vec<(String, String)> = plan.installments.iter().map(|i| (i.due_date.to_string(), i.amount.to_string())).collect();
/// assert_eq!(got, [("2026-01-31".into(), "1.82".into()), ("2026-02-28".into(), "1.82".into()), ("2026-03-31".into(), "1.83".into())]);
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidAmount`] for a balance that is not positive (`balance`), a down payment
/// not below the balance (`down_payment`), an installment that is zero or larger than the
/// financed rest, or too small to cover the interest (`installment`), a negative rate (`rate`);
/// [`ErrorKind::InvalidRequest`] for neither or both of `count` and `installment`, a zero count
/// or one so large that the installments would be zero (`count`); [`ErrorKind::LimitExceeded`] beyond [`crate::limits::MAX_LINES`] installments.
pub fn payment_plan(terms: &PlanTerms, rules: &MoneyRules) -> Result<Plan> {
    let balance = rules.exact("balance", terms.balance)?;
    if balance <= Decimal::ZERO {
        return Err(bad("balance", balance, "a plan covers a positive balance"));
    }
    let down = match terms.down_payment {
        Some(d) => {
            let d = rules.exact("down_payment", d)?;
            if d <= Decimal::ZERO || d >= balance {
                return Err(bad(
                    "down_payment",
                    d,
                    format!("a down payment is above zero and below the balance {balance}"),
                ));
            }
            d
        }
        None => Decimal::ZERO,
    };
    let rate = match terms.rate {
        Some(r) if r < Decimal::ZERO || r > Decimal::from(1000) => {
            return Err(bad("rate", r, "an annual rate from 0 to 1000 %"))
        }
        Some(r) => r / Decimal::ONE_HUNDRED / Decimal::from(terms.frequency.per_year()),
        None => Decimal::ZERO,
    };
    let financed = balance - down;
    let parts = match (terms.count, terms.installment) {
        (Some(0), None) => {
            return Err(Error::new(ErrorKind::InvalidRequest, "count", "0", "a plan has at least one installment"))
        }
        (Some(n), None) => {
            crate::limits::check("count", n as usize, crate::limits::MAX_LINES)?;
            by_count(financed, n, rate, rules)?
        }
        (None, Some(a)) => {
            let a = rules.exact("installment", a)?;
            if a <= Decimal::ZERO || a > financed {
                return Err(bad(
                    "installment",
                    a,
                    format!("an installment is above zero and at most the financed balance {financed}"),
                ));
            }
            by_amount(financed, a, rate, rules)?
        }
        _ => {
            return Err(Error::new(ErrorKind::InvalidRequest, "count", "", "give exactly one of count and installment"))
        }
    };
    let offset = u32::from(!down.is_zero());
    let mut installments = Vec::with_capacity(parts.len() + 1);
    if !down.is_zero() {
        installments.push(PlanInstallment {
            number: 0,
            due_date: terms.start,
            amount: down,
            principal: down,
            interest: rules.fix_scale(Decimal::ZERO),
        });
    }
    for (k, (principal, interest)) in parts.into_iter().enumerate() {
        let number = k as u32 + offset;
        installments.push(PlanInstallment {
            number,
            due_date: terms.frequency.nth(terms.start, number)?,
            amount: rules.fix_scale(principal + interest),
            principal: rules.fix_scale(principal),
            interest: rules.fix_scale(interest),
        });
    }
    let total: Decimal = installments.iter().map(|i| i.amount).sum();
    let interest = installments.iter().map(|i| i.interest).sum();
    if crate::money::check_magnitude("total", total).is_err() {
        return Err(Error::new(
            ErrorKind::Overflow,
            "balance",
            balance.to_string(),
            format!("with its interest the plan would total {total}, beyond the limit of 10^18 an amount has"),
        ));
    }
    Ok(Plan {
        currency: rules.currency().to_string(),
        installments,
        total: rules.fix_scale(total),
        interest: rules.fix_scale(interest),
    })
}

/// (principal, interest) of `n` installments repaying `financed` at periodic rate `r`.
fn by_count(financed: Decimal, n: u32, r: Decimal, rules: &MoneyRules) -> Result<Vec<(Decimal, Decimal)>> {
    if r.is_zero() {
        let share = RoundingMode::TowardZero.round(financed / Decimal::from(n), rules.scale());
        if share.is_zero() {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                "count",
                n.to_string(),
                format!("{n} installments of {financed} would be zero"),
            ));
        }
        let mut out = vec![(share, Decimal::ZERO); n as usize];
        out[n as usize - 1].0 = financed - share * Decimal::from(n - 1);
        return Ok(out);
    }
    let mut growth = Decimal::ONE;
    for _ in 0..n {
        growth = growth.checked_mul(Decimal::ONE + r).ok_or_else(|| overflow("count", Decimal::from(n)))?;
    }
    // P·r / (1 − (1+r)^−n) = P·r·g / (g − 1)
    let payment =
        financed.checked_mul(r).and_then(|x| x.checked_mul(growth)).and_then(|x| x.checked_div(growth - Decimal::ONE));
    let payment = rules.round(payment.ok_or_else(|| overflow("balance", financed))?)?;
    amortize(financed, payment, r, rules, Some(n))
}

/// (principal, interest) of installments of `a` repaying `financed` at periodic rate `r`.
fn by_amount(financed: Decimal, a: Decimal, r: Decimal, rules: &MoneyRules) -> Result<Vec<(Decimal, Decimal)>> {
    let first_interest = rules.round(financed * r)?;
    if a <= first_interest {
        return Err(bad("installment", a, format!("does not cover the first period's interest {first_interest}")));
    }
    amortize(financed, a, r, rules, None)
}

/// Installments of `payment` until the rest is repaid (or `count` of them, the last repaying the
/// rest): each period's interest rounded on the rest.
fn amortize(
    financed: Decimal,
    payment: Decimal,
    r: Decimal,
    rules: &MoneyRules,
    count: Option<u32>,
) -> Result<Vec<(Decimal, Decimal)>> {
    let mut rest = financed;
    let mut out = Vec::new();
    loop {
        let interest = rules.round(rest * r)?;
        let last = match count {
            Some(n) => out.len() as u32 + 1 == n,
            None => rest + interest <= payment,
        };
        if last {
            out.push((rest, interest));
            return Ok(out);
        }
        let principal = (payment - interest).min(rest).max(Decimal::ZERO);
        rest -= principal;
        out.push((principal, interest));
        crate::limits::check("installment", out.len() + 1, crate::limits::MAX_LINES)?;
    }
}

/// A payment received towards a plan or a promise.
///
/// JSON: `{"date": "2026-02-01", "amount": "100.00"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Received {
    /// When it was received.
    #[serde(with = "date")]
    pub date: NaiveDate,
    /// How much.
    #[serde(with = "amount")]
    pub amount: Decimal,
}

/// Where a plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanState {
    /// Every installment due so far is paid.
    OnTrack,
    /// An installment is past due but within the grace days.
    Late,
    /// An installment was not paid by its due date + grace (`broken_by` names it).
    Broken,
    /// Everything is paid.
    Completed,
}

impl PlanState {
    /// A plan in good standing: `on_track`, or `late` within its grace days (dunning skips the
    /// items it covers, see [`DunningItem::plan_state`](crate::collections::DunningItem::plan_state));
    /// a `broken` plan is not, nor a `completed` one (whatever is still open is dunned again).
    ///
    /// ```
    /// use arrears::payments::PlanState;
    /// assert!(PlanState::Late.in_good_standing());
    /// assert!(!PlanState::Broken.in_good_standing());
    /// ```
    pub fn in_good_standing(self) -> bool {
        matches!(self, PlanState::OnTrack | PlanState::Late)
    }
}

/// The status of a plan as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PlanStatus {
    /// The state.
    pub status: PlanState,
    /// Paid in all (payments on or before the as-of date).
    #[serde(with = "amount")]
    pub paid: Decimal,
    /// Fallen due in all by the as-of date.
    #[serde(with = "amount")]
    pub due: Decimal,
    /// Due and not paid.
    #[serde(with = "amount")]
    pub overdue: Decimal,
    /// The installment that broke the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broken_by: Option<u32>,
    /// The next installment not fully paid.
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    pub next_due: Option<NaiveDate>,
}

fn check_received(received: &[Received], rules: &MoneyRules) -> Result<()> {
    crate::limits::check("payments", received.len(), crate::limits::MAX_EVENTS)?;
    let mut total = Decimal::ZERO;
    for (k, r) in received.iter().enumerate() {
        let a = rules.exact(&format!("payments[{k}].amount"), r.amount)?;
        if a <= Decimal::ZERO {
            return Err(bad(&format!("payments[{k}].amount"), a, "a payment is positive"));
        }
        // Each is within 10^18, so the sum of MAX_EVENTS of them cannot overflow a Decimal.
        total += a;
    }
    // What the status reports as paid is an amount too: within the limit.
    crate::money::check_magnitude("payments", total)
}

/// A plan as [`payment_plan`] gives it: at least one installment, each amount positive and at
/// the currency's precision, due dates in order, and `total` their sum (a plan read from a caller's
/// store may have been edited; a negative installment would lower what is due).
fn check_plan(plan: &Plan, rules: &MoneyRules) -> Result<()> {
    if plan.installments.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "plan.installments",
            "[]",
            "a plan has at least one installment",
        ));
    }
    crate::limits::check("plan.installments", plan.installments.len(), crate::limits::MAX_LINES)?;
    let mut sum = Decimal::ZERO;
    for (k, i) in plan.installments.iter().enumerate() {
        let field = |x: &str| format!("plan.installments[{k}].{x}");
        let a = rules.exact(&field("amount"), i.amount)?;
        if a <= Decimal::ZERO {
            return Err(bad(&field("amount"), a, "an installment is positive"));
        }
        if k > 0 && i.due_date < plan.installments[k - 1].due_date {
            return Err(Error::new(
                ErrorKind::InvalidDate,
                field("due_date"),
                crate::calendar::format_date(i.due_date),
                "installments are in due-date order",
            ));
        }
        sum = sum.checked_add(a).ok_or_else(|| overflow(&field("amount"), a))?;
    }
    if rules.exact("plan.total", plan.total)? != sum {
        return Err(bad("plan.total", plan.total, format!("the installments sum to {sum}")));
    }
    Ok(())
}

fn paid_by(received: &[Received], day: NaiveDate) -> Decimal {
    received.iter().filter(|r| r.date <= day).map(|r| r.amount).sum()
}

/// The status of `plan` as of `as_of` from the payments received (applied to the installments
/// in order, cumulatively): `completed` when everything is paid; `broken` when some installment
/// was not covered by the payments made by its due date + `grace_days` (that date before
/// `as_of`); `late` when an installment past its due date is unpaid within the grace days;
/// otherwise `on_track`.
///
/// ```
/// use arrears::payments::{plan_status, payment_plan, PlanState, PlanTerms, Received};
/// let rules = arrears::MoneyRules::new("EUR", &arrears::Rounding::default())?;
/// let terms: PlanTerms = arrears::from_json(r#"{"balance": "300.00", "currency": "EUR", "start": "2026-01-31", "count": 3}"#)?;
/// let plan = payment_plan(&terms, &rules)?;
/// let paid: Vec<Received> = arrears::from_json(r#"[{"date": "2026-01-30", "amount": "100.00"}]"#)?;
/// let d = |s| arrears::parse_date("d", s).unwrap();
/// assert_eq!(plan_status(&plan, &paid, d("2026-02-15"), 5, &rules)?.status, PlanState::OnTrack);
/// assert_eq!(plan_status(&plan, &paid, d("2026-03-02"), 5, &rules)?.status, PlanState::Late);
/// assert_eq!(plan_status(&plan, &paid, d("2026-03-06"), 5, &rules)?.broken_by, Some(1));
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidAmount`] for a payment that is not positive or too precise
/// (`payments[k].amount`), an installment that is not positive or too precise
/// (`plan.installments[k].amount`), a `plan.total` that is not the installments' sum;
/// [`ErrorKind::InvalidRequest`] for a plan without installments (`plan.installments`);
/// [`ErrorKind::InvalidDate`] for installments out of due-date order
/// (`plan.installments[k].due_date`); [`ErrorKind::LimitExceeded`].
pub fn plan_status(
    plan: &Plan,
    received: &[Received],
    as_of: NaiveDate,
    grace_days: u32,
    rules: &MoneyRules,
) -> Result<PlanStatus> {
    check_plan(plan, rules)?;
    check_received(received, rules)?;
    let paid = paid_by(received, as_of);
    let mut cumulative = Decimal::ZERO;
    let (mut due, mut late, mut broken_by, mut next_due) = (Decimal::ZERO, false, None, None);
    for i in &plan.installments {
        cumulative += i.amount;
        if i.due_date < as_of {
            due = cumulative;
        }
        // grace beyond the calendar's end: the installment cannot break (not: no grace at all)
        let deadline = i.due_date.checked_add_days(Days::new(u64::from(grace_days))).unwrap_or(NaiveDate::MAX);
        if broken_by.is_none() && deadline < as_of && paid_by(received, deadline) < cumulative {
            broken_by = Some(i.number);
        }
        if i.due_date < as_of && paid < cumulative {
            late = true;
        }
        if next_due.is_none() && paid < cumulative {
            next_due = Some(i.due_date);
        }
    }
    let status = if paid >= plan.total {
        PlanState::Completed
    } else if broken_by.is_some() {
        PlanState::Broken
    } else if late {
        PlanState::Late
    } else {
        PlanState::OnTrack
    };
    let fix = |v: Decimal| rules.fix_scale(v);
    Ok(PlanStatus {
        status,
        paid: fix(paid),
        due: fix(due),
        overdue: fix((due - paid).max(Decimal::ZERO)),
        broken_by: broken_by.filter(|_| status == PlanState::Broken),
        next_due: next_due.filter(|_| status != PlanState::Completed),
    })
}

/// A promise to pay `amount` by `date` (inclusive), made on `made_on` (payments from that day
/// count towards it; default: every payment on or before `date`).
///
/// JSON: `{"amount": "500.00", "date": "2026-02-15", "made_on": "2026-02-01"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Promise {
    /// The amount promised.
    #[serde(with = "amount")]
    pub amount: Decimal,
    /// The date it is promised by.
    #[serde(with = "date")]
    pub date: NaiveDate,
    /// The day the promise was made.
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    pub made_on: Option<NaiveDate>,
}

/// Where a promise stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PromiseState {
    /// Paid in full by its date.
    Kept,
    /// Not paid in full yet, its date not passed.
    Pending,
    /// Its date passed without the full amount.
    Broken,
}

impl PromiseState {
    /// An active promise: `pending` (its date not passed, not paid in full). Dunning skips the
    /// items it covers (see [`DunningItem::promise_state`](crate::collections::DunningItem::promise_state));
    /// a `kept` or `broken` promise holds nothing back.
    ///
    /// ```
    /// use arrears::payments::PromiseState;
    /// assert!(PromiseState::Pending.is_active());
    /// assert!(!PromiseState::Broken.is_active());
    /// ```
    pub fn is_active(self) -> bool {
        self == PromiseState::Pending
    }
}

/// The status of a promise as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PromiseStatus {
    /// The state.
    pub status: PromiseState,
    /// Paid towards it (from `made_on` through its date, or the as-of date if earlier).
    #[serde(with = "amount")]
    pub paid: Decimal,
}

/// The status of `promise` as of `as_of`: kept when the payments from `made_on` through the
/// promised date (and the as-of date) reach the amount; broken when the date has passed without
/// that; pending otherwise.
///
/// ```
/// use arrears::payments::{promise_status, Promise, PromiseState, Received};
/// let rules = arrears::MoneyRules::new("EUR", &arrears::Rounding::default())?;
/// let p: Promise = arrears::from_json(r#"{"amount": "500.00", "date": "2026-02-15"}"#)?;
/// let paid: Vec<Received> = arrears::from_json(r#"[{"date": "2026-02-10", "amount": "200.00"}]"#)?;
/// let d = |s| arrears::parse_date("d", s).unwrap();
/// assert_eq!(promise_status(&p, &paid, d("2026-02-12"), &rules)?.status, PromiseState::Pending);
/// assert_eq!(promise_status(&p, &paid, d("2026-02-16"), &rules)?.status, PromiseState::Broken);
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidAmount`] for a promise or payment that is not positive (`promise.amount`,
/// `payments[k].amount`); [`ErrorKind::InvalidDate`] for a promise made after the date it
/// promises (`promise.made_on`).
pub fn promise_status(
    promise: &Promise,
    received: &[Received],
    as_of: NaiveDate,
    rules: &MoneyRules,
) -> Result<PromiseStatus> {
    check_received(received, rules)?;
    let amount = rules.exact("promise.amount", promise.amount)?;
    if amount <= Decimal::ZERO {
        return Err(bad("promise.amount", amount, "a promise is of a positive amount"));
    }
    if let Some(m) = promise.made_on.filter(|m| *m > promise.date) {
        // no payment could count towards it: it would read as broken whatever was paid
        return Err(Error::new(
            ErrorKind::InvalidDate,
            "promise.made_on",
            crate::calendar::format_date(m),
            format!(
                "after the promised date {}: a promise is made on or before it",
                crate::calendar::format_date(promise.date)
            ),
        ));
    }
    let until = promise.date.min(as_of);
    let paid: Decimal = received
        .iter()
        .filter(|r| r.date <= until && promise.made_on.is_none_or(|m| r.date >= m))
        .map(|r| r.amount)
        .sum();
    let status = if paid >= amount {
        PromiseState::Kept
    } else if as_of > promise.date {
        PromiseState::Broken
    } else {
        PromiseState::Pending
    };
    Ok(PromiseStatus { status, paid: rules.fix_scale(paid) })
}
