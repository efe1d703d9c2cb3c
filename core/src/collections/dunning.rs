//! Dunning: which reminder, call or notice each open installment gets today, merged into one
//! action per customer.
//!
//! Rules (SEMANTICS.md "Dunning and reminders"):
//! - a [`DunningPolicy`] is a list of [`Step`]s, each at an offset in days from the due date
//!   (negative: before it) or from the issue date, with an [`Action`], a [`Channel`], a level and
//!   an optional fee (a late-charges fee rule: fixed, a percent of the overdue principal, bands,
//!   min and max; see `dunning_fees.rs`); no two steps share an anchor and an offset; offsets
//!   count calendar days, or business days of the caller's calendar when the policy says so;
//! - per installment: a step is done at most once; with nothing done yet, the **latest** step due
//!   is emitted (a first run after a holiday sends one reminder, not a burst of stale ones); after
//!   a step marked `sent`, escalation goes to the **first later** step whose day has come; after a
//!   step still `draft` or `blocked`, nothing is emitted (a draft is not escalated);
//! - "later" is the escalation order of an installment's steps: by the day each falls on, and
//!   among steps falling on one day (a step from the due date and one from the issue date can) by
//!   level, then offset, then anchor (the issue date after the due date), whatever the order the
//!   policy lists them in. Steps on one day go out as one: only the **latest** of them (the
//!   highest level) is emitted, on that day, and the others are passed over for good (never one
//!   today and another tomorrow);
//! - skipped, with the reason: installments not open (paid), disputed, under an active promise
//!   to pay, on a payment plan in good standing, below the policy's minimum, of a customer on hold;
//! - the emitted steps of one customer on one day are merged into one [`CustomerAction`] at the
//!   highest level (its action and channel), listing its items, with the fees it charges (per
//!   currency, the highest fee among its items' steps, on the overdue principal of its items in
//!   that currency, owed once per dunning level or once per invoice: a fee is per reminder, not
//!   per item);
//! - level models: [`LevelModel::Steps`] (the step's own level: ERPs' level by days overdue)
//!   or [`LevelModel::RemindersSent`] (one more than the reminders already sent for the item);
//! - the state (what was done when) is the caller's: passed in as `history` and returned with
//!   today's steps added (`sent`); arrears stores nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::dunning_fees::{action_fees, is_plain_fixed, step_day, step_fee, Charged, OffsetUnit};
use crate::calendar::serde::{date, opt_date};
use crate::calendar::{day_number, Calendar};
use crate::charges::FeeRule;
use crate::error::{Error, ErrorKind, Result};
use crate::money::serde::amount;
use crate::payments::{PlanState, PromiseState};

/// What a step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A reminder.
    Remind,
    /// A phone call.
    Call,
    /// A dunning letter.
    Letter,
    /// A final notice before further steps.
    FinalNotice,
    /// Service or deliveries stopped.
    StopService,
    /// Handed to a collection agency.
    CollectionAgency,
    /// Legal action.
    Legal,
}

/// How a step reaches the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// E-mail.
    Email,
    /// Telephone.
    Phone,
    /// Text message.
    Sms,
    /// Postal letter.
    Letter,
    /// Registered letter.
    RegisteredLetter,
    /// A visit or a call by the account's collector.
    Personal,
    /// The customer portal.
    Portal,
    /// An outside party (agency, lawyer).
    External,
}

/// The date a step's offset counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The installment's due date (the default).
    #[default]
    DueDate,
    /// The invoice's issue date.
    IssueDate,
}

/// One step of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Days from the anchor (negative: before it).
    pub offset: i32,
    /// The date the offset counts from.
    #[serde(default)]
    pub anchor: Anchor,
    /// What is done.
    pub action: Action,
    /// How.
    pub channel: Channel,
    /// Its level (0 for courtesy reminders before the due date).
    pub level: u32,
    /// The fee it charges, in the item's currency: a late-charges fee rule (fixed, a percent of
    /// the overdue principal, bands, min and max), owed once per dunning level unless the rule
    /// says `per` invoice (see `dunning_fees.rs`). JSON: `"5.00"` or `{"percent": "1", "min": "5.00"}`.
    #[serde(default, with = "step_fee", skip_serializing_if = "Option::is_none")]
    pub fee: Option<FeeRule>,
}

/// Which level an emitted step reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelModel {
    /// The step's own level (ERPs' level by days overdue, thresholds); also read as
    /// `days_overdue`.
    #[default]
    #[serde(alias = "days_overdue")]
    Steps,
    /// One more than the reminders already sent for the item (ERPs' reminder counter).
    RemindersSent,
}

/// A dunning policy: its steps, level model and minimum amount.
///
/// Define one's own by listing steps (any order; they are kept in the order of their days):
///
/// ```
/// use arrears::collections::{Action, Channel, DunningPolicy, Step};
/// let step = |offset, action, channel, level| Step { offset, anchor: Default::default(), action, channel, level, fee: None };
/// let policy = DunningPolicy::new(vec![
///     step(5, Action::Remind, Channel::Email, 1),
///     step(20, Action::Letter, Channel::Letter, 2),
///     step(40, Action::FinalNotice, Channel::RegisteredLetter, 3),
/// ])?;
/// assert_eq!(policy.steps.len(), 3);
/// let dup = DunningPolicy::new(vec![step(5, Action::Remind, Channel::Email, 1), step(5, Action::Call, Channel::Phone, 1)]);
/// let e = dup.unwrap_err();
/// assert_eq!((e.field(), e.value()), ("steps[1].offset", "5"));
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DunningPolicy {
    /// The steps.
    pub steps: Vec<Step>,
    /// The level model.
    #[serde(default)]
    pub level_model: LevelModel,
    /// Installments whose open amount is below this are not dunned (default 0: all open ones).
    #[serde(default, with = "amount")]
    pub min_amount: Decimal,
    /// What offsets count: calendar days (the default) or business days of `calendar`.
    #[serde(default, skip_serializing_if = "OffsetUnit::is_calendar_days")]
    pub offset_unit: OffsetUnit,
    /// The caller's business-day calendar for business-day offsets (none: Saturday-Sunday
    /// weekend, no holidays).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Calendar>,
}

impl DunningPolicy {
    /// A checked policy with the default level model and no minimum.
    ///
    /// # Errors
    /// As [`DunningPolicy::validate`].
    pub fn new(steps: Vec<Step>) -> Result<DunningPolicy> {
        let p = DunningPolicy {
            steps,
            level_model: LevelModel::Steps,
            min_amount: Decimal::ZERO,
            offset_unit: OffsetUnit::CalendarDays,
            calendar: None,
        };
        p.validate()?;
        Ok(p)
    }

    /// The practice this library serves: −14 and −5 e-mail reminders, −1 a call, reminders at
    /// +1 and +7 (e-mail) and +15 and +30 (letter), personal contact from +31 (to +60), a formal
    /// notice at +61 (the step after which an agency takes over). No fees: add the late-charges
    /// fees a contract allows.
    ///
    /// ```
    /// let p = arrears::collections::DunningPolicy::standard();
    /// assert_eq!(p.steps.iter().map(|s| s.offset).collect::<Vec<_>>(), [-14, -5, -1, 1, 7, 15, 30, 31, 61]);
    /// ```
    pub fn standard() -> DunningPolicy {
        use Action::{Call, FinalNotice, Remind};
        use Channel::{Email, Personal, Phone, RegisteredLetter};
        let s = |offset, action, channel, level| Step {
            offset,
            anchor: Anchor::DueDate,
            action,
            channel,
            level,
            fee: None,
        };
        DunningPolicy {
            steps: vec![
                s(-14, Remind, Email, 0),
                s(-5, Remind, Email, 0),
                s(-1, Call, Phone, 0),
                s(1, Remind, Email, 1),
                s(7, Remind, Email, 2),
                s(15, Action::Letter, Channel::Letter, 3),
                s(30, Action::Letter, Channel::Letter, 4),
                s(31, Call, Personal, 5),
                s(61, FinalNotice, RegisteredLetter, 6),
            ],
            level_model: LevelModel::Steps,
            min_amount: Decimal::ZERO,
            offset_unit: OffsetUnit::CalendarDays,
            calendar: None,
        }
    }

    /// Checks the steps: no two with the same anchor and offset, fees not negative, at most
    /// [`crate::limits::MAX_DUNNING_STEPS`].
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRule`] naming `steps[i].offset` or `steps[i].fee`, or `min_amount`;
    /// [`ErrorKind::LimitExceeded`] for too many steps.
    pub fn validate(&self) -> Result<()> {
        crate::limits::check("steps", self.steps.len(), crate::limits::MAX_DUNNING_STEPS)?;
        let mut seen = HashMap::new();
        for (i, s) in self.steps.iter().enumerate() {
            if let Some(j) = seen.insert((s.anchor, s.offset), i) {
                return Err(Error::new(
                    ErrorKind::InvalidRule,
                    format!("steps[{i}].offset"),
                    s.offset.to_string(),
                    format!("steps[{j}] has the same offset from the same date: each step needs its own day"),
                ));
            }
            if !(-36_500..=36_500).contains(&s.offset) {
                return Err(Error::new(
                    ErrorKind::InvalidRule,
                    format!("steps[{i}].offset"),
                    s.offset.to_string(),
                    "offsets are within 100 years",
                ));
            }
            match s.fee.as_ref().map(|f| (f, is_plain_fixed(f))) {
                Some((_, Some(a))) if a < Decimal::ZERO => {
                    return Err(Error::new(
                        ErrorKind::InvalidRule,
                        format!("steps[{i}].fee"),
                        a.to_string(),
                        "fees are not negative",
                    ));
                }
                Some((f, _)) => f.check().map_err(|e| e.within(&format!("steps[{i}].fee")))?,
                None => {}
            }
        }
        if self.min_amount < Decimal::ZERO {
            return Err(Error::new(
                ErrorKind::InvalidRule,
                "min_amount",
                self.min_amount.to_string(),
                "the minimum is not negative",
            ));
        }
        Ok(())
    }
}

/// An open installment for dunning.
///
/// A payment plan or a promise to pay holds dunning back while it is in good standing: pass its
/// state on the run's day (from [`plan_status`](crate::payments::plan_status) or
/// [`promise_status`](crate::payments::promise_status)) as `plan_state` or `promise_state`.
///
/// ```
/// use arrears::collections::{dunning, DunningItem, DunningPolicy, SkipReason};
/// use arrears::payments::{payment_plan, plan_status, PlanTerms, Received};
/// let d = |s| arrears::parse_date("d", s).unwrap();
/// let rules = arrears::MoneyRules::new("EUR", &arrears::Rounding::default())?;
/// let terms: PlanTerms = arrears::from_json(r#"{"balance": "300.00", "currency": "EUR", "start": "2025-07-01", "count": 3}"#)?;
/// let plan = payment_plan(&terms, &rules)?;
/// let paid = [Received { date: d("2025-07-01"), amount: "100.00".parse().unwrap() }];
/// let item = |today| -> arrears::Result<DunningItem> { Ok(DunningItem {
///     customer: "ACME".into(), invoice: "I-1".into(), installment: 0, currency: "EUR".into(),
///     due_date: d("2025-06-01"), issue_date: None, open_amount: "200.00".parse().unwrap(), disputed: false,
///     promised_until: None, on_plan: false,
///     plan_state: Some(plan_status(&plan, &paid, today, 5, &rules)?.status), promise_state: None }) };
/// // on track on 2025-07-15: skipped
/// let run = dunning(&DunningPolicy::standard(), &[item(d("2025-07-15"))?], &[], &[], d("2025-07-15"))?;
/// assert_eq!(run.skipped[0].reason, SkipReason::OnPlan);
/// // the August installment missed past its 5 grace days: the plan is broken, dunning resumes
/// let run = dunning(&DunningPolicy::standard(), &[item(d("2025-08-07"))?], &[], &[], d("2025-08-07"))?;
/// assert_eq!(run.actions[0].items[0].invoice, "I-1");
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DunningItem {
    /// The customer's id.
    pub customer: String,
    /// The invoice's id.
    pub invoice: String,
    /// The installment's number within the invoice (default 0).
    #[serde(default)]
    pub installment: u32,
    /// ISO 4217 code.
    pub currency: String,
    /// The installment's due date.
    #[serde(with = "date")]
    pub due_date: NaiveDate,
    /// The invoice's issue date (needed by steps anchored on it).
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    pub issue_date: Option<NaiveDate>,
    /// What is still open (0 or less: paid, nothing to dun).
    #[serde(with = "amount")]
    pub open_amount: Decimal,
    /// Disputed: not dunned.
    #[serde(default)]
    pub disputed: bool,
    /// A promise to pay by this date: not dunned through that day (the promise's
    /// [`Promise::date`](crate::payments::Promise::date): it is active through its date; the next day it is kept or broken).
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    pub promised_until: Option<NaiveDate>,
    /// On a payment plan in good standing: not dunned (the caller's own flag; or pass the
    /// plan's state as `plan_state`).
    #[serde(default)]
    pub on_plan: bool,
    /// The state on the run's day of the payment plan covering the installment, as
    /// [`plan_status`](crate::payments::plan_status) returns it for that day: `on_track` or `late`
    /// (within its grace days) is a plan in good standing and skips the item (reason `on_plan`);
    /// `broken` or `completed` does not ([`PlanState::in_good_standing`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_state: Option<PlanState>,
    /// The state on the run's day of a promise to pay covering the installment, as
    /// [`promise_status`](crate::payments::promise_status) returns it for that day: `pending` is an
    /// active promise and skips the item (reason `promised`); `kept` or `broken` does not
    /// ([`PromiseState::is_active`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promise_state: Option<PromiseState>,
}

/// Where a step done stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Sent to the customer: the next run may escalate.
    #[default]
    Sent,
    /// Prepared, not sent yet: not escalated.
    Draft,
    /// Held back by a person: not escalated.
    Blocked,
}

/// A step done for an installment (the caller's state).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DunningRecord {
    /// The invoice's id.
    pub invoice: String,
    /// The installment's number.
    #[serde(default)]
    pub installment: u32,
    /// The step's offset.
    pub offset: i32,
    /// The step's anchor.
    #[serde(default)]
    pub anchor: Anchor,
    /// The day it was done.
    #[serde(with = "date")]
    pub date: NaiveDate,
    /// Sent, draft or blocked.
    #[serde(default)]
    pub status: StepStatus,
}

/// An item of a customer's action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    /// The invoice's id.
    pub invoice: String,
    /// The installment's number.
    pub installment: u32,
    /// ISO 4217 code.
    pub currency: String,
    /// The open amount.
    #[serde(with = "amount")]
    pub open_amount: Decimal,
    /// Days past due (negative: days before the due date).
    pub days_overdue: i32,
    /// The step emitted for it.
    pub offset: i32,
    /// The step's anchor.
    pub anchor: Anchor,
    /// The step's action.
    pub action: Action,
    /// The level (per the policy's level model).
    pub level: u32,
}

/// A fee charged in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    /// ISO 4217 code.
    pub currency: String,
    /// The amount.
    #[serde(with = "amount")]
    pub amount: Decimal,
}

/// One customer's merged action of the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerAction {
    /// The customer's id.
    pub customer: String,
    /// The day.
    #[serde(with = "date")]
    pub date: NaiveDate,
    /// The highest level among its items.
    pub level: u32,
    /// The action of the highest-level item (the later step on a tie).
    pub action: Action,
    /// Its channel.
    pub channel: Channel,
    /// The items, by invoice and installment.
    pub items: Vec<ActionItem>,
    /// Fees charged, per currency.
    pub fees: Vec<Fee>,
}

/// Why an installment got nothing today although a step was due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Disputed.
    Disputed,
    /// Under an active promise to pay.
    Promised,
    /// On a payment plan in good standing.
    OnPlan,
    /// Below the policy's minimum.
    BelowMinimum,
    /// The customer is on hold.
    CustomerOnHold,
    /// The last step done is a draft or blocked: not escalated.
    AwaitingPrevious,
}

/// An installment left out today, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The customer's id.
    pub customer: String,
    /// The invoice's id.
    pub invoice: String,
    /// The installment's number.
    pub installment: u32,
    /// Why.
    pub reason: SkipReason,
}

/// The result of a run: today's actions, what was skipped, and the history with today's steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DunningRun {
    /// One action per customer, by customer id.
    pub actions: Vec<CustomerAction>,
    /// Installments with a step due that got none, and why.
    pub skipped: Vec<Skipped>,
    /// The history passed in, then today's steps (`sent`).
    pub history: Vec<DunningRecord>,
}

fn bad(kind: ErrorKind, field: String, value: impl ToString, why: &str) -> Error {
    Error::new(kind, field, value.to_string(), why)
}

/// An item's currency is an ISO 4217 code and its open amount has no more decimals than that
/// currency (as every other call checks amounts): `at.currency`, `at.open_amount`.
pub(crate) fn check_amount(at: &str, currency: &str, amount: Decimal) -> Result<()> {
    let rules = crate::MoneyRules::new(currency, &crate::Rounding::default()).map_err(|e| e.within(at))?;
    rules.exact(&format!("{at}.open_amount"), amount).map(|_| ())
}

/// Today's dunning: for each open installment, the step it gets (if any), merged per customer.
///
/// ```
/// use arrears::collections::{dunning, DunningItem, DunningPolicy};
/// let d = |s| arrears::parse_date("d", s).unwrap();
/// let item = DunningItem { customer: "ACME".into(), invoice: "I-1".into(), installment: 0, currency: "EUR".into(),
///     due_date: d("2025-06-01"), issue_date: None, open_amount: "100.00".parse().unwrap(), disputed: false,
///     promised_until: None, on_plan: false, plan_state: None, promise_state: None };
/// // 20 days late with nothing done: only the latest step due (+15, a letter), not +1 and +7 too
/// let run = dunning(&DunningPolicy::standard(), &[item.clone()], &[], &[], d("2025-06-21"))?;
/// assert_eq!((run.actions[0].items[0].offset, run.actions[0].level), (15, 3));
/// // the next day nothing new; at +30 escalation to the next step
/// let again = dunning(&DunningPolicy::standard(), &[item.clone()], &run.history, &[], d("2025-06-22"))?;
/// assert!(again.actions.is_empty());
/// let later = dunning(&DunningPolicy::standard(), &[item], &run.history, &[], d("2025-07-01"))?;
/// assert_eq!(later.actions[0].items[0].offset, 30);
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// The policy's ([`DunningPolicy::validate`]); [`ErrorKind::InvalidRequest`] for history naming
/// an installment not among the items (`history[i].invoice`) or a step not in the policy
/// (`history[i].offset`), an item listed twice (`items[i].invoice`), a step anchored on the
/// issue date for an item without one (`items[i].issue_date`); [`ErrorKind::UnknownCurrency`]
/// for a currency not in ISO 4217 (`items[i].currency`); [`ErrorKind::InvalidAmount`] for an
/// open amount with more decimals than its currency (`items[i].open_amount`); [`ErrorKind::LimitExceeded`]
/// beyond [`crate::limits::MAX_DUNNING_ITEMS`] items or history entries.
pub fn dunning(
    policy: &DunningPolicy,
    items: &[DunningItem],
    history: &[DunningRecord],
    on_hold: &[String],
    today: NaiveDate,
) -> Result<DunningRun> {
    policy.validate().map_err(|e| e.within("policy"))?;
    crate::limits::check("items", items.len(), crate::limits::MAX_DUNNING_ITEMS)?;
    crate::limits::check("history", history.len(), crate::limits::MAX_DUNNING_ITEMS)?;
    let mut index: HashMap<(&str, u32), usize> = HashMap::with_capacity(items.len());
    for (i, it) in items.iter().enumerate() {
        check_amount(&format!("items[{i}]"), &it.currency, it.open_amount)?;
        if index.insert((&it.invoice, it.installment), i).is_some() {
            return Err(bad(
                ErrorKind::InvalidRequest,
                format!("items[{i}].invoice"),
                &it.invoice,
                "the installment is listed twice",
            ));
        }
    }
    let step_of: HashMap<(Anchor, i32), usize> =
        policy.steps.iter().enumerate().map(|(k, s)| ((s.anchor, s.offset), k)).collect();
    // each item's steps done: (step, status, date)
    let mut done: Vec<Vec<(usize, StepStatus)>> = vec![Vec::new(); items.len()];
    for (h, r) in history.iter().enumerate() {
        let Some(&i) = index.get(&(r.invoice.as_str(), r.installment)) else {
            let why = "no installment among the items has this invoice and installment (pass every installment the history names)";
            return Err(bad(ErrorKind::InvalidRequest, format!("history[{h}].invoice"), &r.invoice, why));
        };
        let Some(&k) = step_of.get(&(r.anchor, r.offset)) else {
            return Err(bad(
                ErrorKind::InvalidRequest,
                format!("history[{h}].offset"),
                r.offset,
                "no step of the policy has this offset",
            ));
        };
        done[i].push((k, r.status));
    }
    let holds: BTreeSet<&str> = on_hold.iter().map(String::as_str).collect();
    let t = day_number(today);
    let mut emitted: BTreeMap<&str, Vec<(usize, usize, u32)>> = BTreeMap::new();
    let mut skipped = Vec::new();
    let mut out_history = history.to_vec();
    for (i, it) in items.iter().enumerate() {
        if it.open_amount <= Decimal::ZERO {
            continue;
        }
        let Some(k) = step_today(policy, it, i, &done[i], t)? else { continue };
        let reason = if let Some(k) = k.1 {
            Some(k)
        } else if it.disputed {
            Some(SkipReason::Disputed)
        } else if it.promised_until.is_some_and(|p| p >= today) || it.promise_state.is_some_and(PromiseState::is_active)
        {
            Some(SkipReason::Promised)
        } else if it.on_plan || it.plan_state.is_some_and(PlanState::in_good_standing) {
            Some(SkipReason::OnPlan)
        } else if it.open_amount < policy.min_amount {
            Some(SkipReason::BelowMinimum)
        } else if holds.contains(it.customer.as_str()) {
            Some(SkipReason::CustomerOnHold)
        } else {
            None
        };
        if let Some(reason) = reason {
            skipped.push(Skipped {
                customer: it.customer.clone(),
                invoice: it.invoice.clone(),
                installment: it.installment,
                reason,
            });
            continue;
        }
        let step = &policy.steps[k.0];
        let level = match policy.level_model {
            LevelModel::Steps => step.level,
            LevelModel::RemindersSent => done[i].iter().filter(|d| d.1 == StepStatus::Sent).count() as u32 + 1,
        };
        emitted.entry(&it.customer).or_default().push((i, k.0, level));
        out_history.push(DunningRecord {
            invoice: it.invoice.clone(),
            installment: it.installment,
            offset: step.offset,
            anchor: step.anchor,
            date: today,
            status: StepStatus::Sent,
        });
    }
    // the levels already charged per item: its sent steps with a fee (their own level, or their
    // count among the sent steps under the reminders-sent model)
    let charged: Vec<Vec<u32>> = done
        .iter()
        .map(|d| {
            d.iter()
                .filter(|x| x.1 == StepStatus::Sent)
                .enumerate()
                .filter(|(_, x)| policy.steps[x.0].fee.is_some())
                .map(|(n, x)| match policy.level_model {
                    LevelModel::Steps => policy.steps[x.0].level,
                    LevelModel::RemindersSent => n as u32 + 1,
                })
                .collect()
        })
        .collect();
    let actions = emitted
        .into_iter()
        .map(|(customer, list)| merge(policy, items, &charged, customer, list, today))
        .collect::<Result<_>>()?;
    Ok(DunningRun { actions, skipped, history: out_history })
}

/// The step item `i` gets today (`None`: none is due), with a reason to hold it back when the
/// last step done is not sent. Of several steps due on one day, the latest in the escalation
/// order (the highest level) is the one.
fn step_today(
    policy: &DunningPolicy,
    it: &DunningItem,
    i: usize,
    done: &[(usize, StepStatus)],
    t: i32,
) -> Result<Option<(usize, Option<SkipReason>)>> {
    // the steps' days for this item, in order of day (then of the policy's order)
    let mut days: Vec<(i32, usize)> = Vec::with_capacity(policy.steps.len());
    for (k, s) in policy.steps.iter().enumerate() {
        let anchor = match s.anchor {
            Anchor::DueDate => it.due_date,
            Anchor::IssueDate => it.issue_date.ok_or_else(|| {
                bad(
                    ErrorKind::InvalidRequest,
                    format!("items[{i}].issue_date"),
                    "null",
                    "a step of the policy counts from the issue date",
                )
            })?,
        };
        days.push((step_day(policy, anchor, s.offset).map_err(|e| e.within(&format!("items[{i}]")))?, k));
    }
    // the escalation order: by day, then on one day by level, offset and anchor (steps of two
    // anchors can fall on one day; the policy's listing order plays no part)
    let rank = |k: usize| {
        let s = &policy.steps[k];
        (s.level, s.offset, s.anchor)
    };
    days.sort_unstable_by_key(|&(day, k)| (day, rank(k)));
    let pos = |k: usize| days.iter().position(|d| d.1 == k).unwrap_or(0);
    let last = done.iter().map(|&(k, st)| (pos(k), st)).max_by_key(|d| d.0);
    // from `from` on in the order: the first step whose day has come, then the latest step on
    // that same day (the one furthest along the order)
    let next = |from: usize| {
        let first = days[from..].iter().position(|d| d.0 <= t)? + from;
        let same_day = days[first..].iter().take_while(|d| d.0 == days[first].0).count();
        Some(days[first + same_day - 1].1)
    };
    let choice = match last {
        // nothing done: the latest step due
        None => days.iter().rev().find(|d| d.0 <= t).map(|d| (d.1, None)),
        // escalation from a sent step: the first later day whose step has come, its latest step
        Some((p, StepStatus::Sent)) => next(p + 1).map(|k| (k, None)),
        Some((p, _)) => next(p + 1).map(|k| (k, Some(SkipReason::AwaitingPrevious))),
    };
    Ok(choice)
}

fn merge(
    policy: &DunningPolicy,
    items: &[DunningItem],
    charged: &[Vec<u32>],
    customer: &str,
    mut list: Vec<(usize, usize, u32)>,
    today: NaiveDate,
) -> Result<CustomerAction> {
    list.sort_by(|a, b| {
        (&items[a.0].invoice, items[a.0].installment).cmp(&(&items[b.0].invoice, items[b.0].installment))
    });
    let t = day_number(today);
    // the highest level; on a tie the later step (by its position in the policy's day order)
    let top = list
        .iter()
        .max_by_key(|&&(i, k, level)| {
            (level, day_number(items[i].due_date) + policy.steps[k].offset, policy.steps[k].offset)
        })
        .copied();
    let Some((_, k_top, level)) = top else {
        return Err(bad(ErrorKind::InvalidRequest, "items".into(), customer, "no item to merge"));
    };
    let with_fees: Vec<Charged<'_>> =
        list.iter().map(|&(i, k, level)| Charged { item: i, step: k, level, charged: &charged[i] }).collect();
    let fees = action_fees(policy, items, &with_fees, today)?;
    let mut out = Vec::with_capacity(list.len());
    for &(i, k, lv) in &list {
        let (it, s) = (&items[i], &policy.steps[k]);
        out.push(ActionItem {
            invoice: it.invoice.clone(),
            installment: it.installment,
            currency: it.currency.clone(),
            open_amount: it.open_amount,
            days_overdue: t - day_number(it.due_date),
            offset: s.offset,
            anchor: s.anchor,
            action: s.action,
            level: lv,
        });
    }
    let s = &policy.steps[k_top];
    Ok(CustomerAction {
        customer: customer.to_string(),
        date: today,
        level,
        action: s.action,
        channel: s.channel,
        items: out,
        fees,
    })
}
