//! A collections day over a sample portfolio: what is overdue, today's reminders and calls (one
//! action per customer), whom to call first and why, the statement of account to send the first
//! of them, which orders to hold, the interest and fees that have accrued, the aging, the
//! receivables metrics with their definitions, and the cash expected per week.
//!
//! ```text
//! cargo run --example collections_day [-- PORTFOLIO.json] [--as-of YYYY-MM-DD]
//! ```
//! The bundled portfolio is `core/examples/data/invoices.json` (thirty-five customers in seven
//! countries, each scheduled with its country's calendar; a file of the same shape may be given).
//! A customer's payment plan is data (its terms and the payments received); its status on each
//! day comes from `plan_status` and decides whether the invoices it covers are dunned.

use std::collections::BTreeMap;

use arrears::aging::{aging, AgingSpec, Credits, OpenItem};
use arrears::charges::{interest, statement, Claim, InterestOptions, InterestRule, StatementItem, StatementRules};
use arrears::collections::{
    credit_check, dunning, risk_score, worklist, Action, Channel, CreditRequest, Decision, DunningItem, DunningPolicy,
    DunningRecord, DunningRun, Grouping, OverdueItem, PaidItem as HistoryPaid, RiskInput, RiskPayment, RiskWeights,
    StepStatus, WorklistConfig,
};
use arrears::metrics::{self, CeiVariant, ForecastItem, ForecastPeriod, PaidItem};
use arrears::payments::{
    payment_plan, plan_status, promise_status, PlanState, PlanStatus, PlanTerms, Promise, Received,
};
use arrears::{format_date, from_json, parse_amount, parse_date, schedule, Calendar, PaymentTerms, ScheduleOptions};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

const SAMPLE: &str = include_str!("data/invoices.json");
const USAGE: &str = concat!(
    "usage: cargo run --example collections_day [-- PORTFOLIO.json] [--as-of YYYY-MM-DD]\n",
    "  PORTFOLIO.json  a portfolio of the shape of core/examples/data/invoices.json (default: that file)\n",
    "  --as-of DATE    the collections day (default: the portfolio's as_of)\n",
    "  -h, --help      this text"
);

#[derive(Deserialize)]
struct Portfolio {
    as_of: String,
    calendar: Calendar,
    #[serde(default)]
    calendars: BTreeMap<String, Calendar>,
    terms: BTreeMap<String, PaymentTerms>,
    invoices: Vec<Invoice>,
    #[serde(default)]
    sales: Option<Sales>,
    #[serde(default)]
    allowance_percents: Vec<String>,
    #[serde(default)]
    history: Vec<PaidItem>,
    #[serde(default)]
    customers: BTreeMap<String, Customer>,
    #[serde(default)]
    fx: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct Sales {
    period_days: u32,
    credit_sales: BTreeMap<String, String>,
    beginning_receivables: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
struct Customer {
    #[serde(default)]
    country: String,
    #[serde(default)]
    limit_currency: Option<String>,
    #[serde(default)]
    credit_limit: Option<String>,
    #[serde(default)]
    open_orders: Option<String>,
    #[serde(default)]
    collateral: Option<String>,
    #[serde(default)]
    new_order: Option<String>,
    #[serde(default)]
    broken_promises: u32,
    /// A payment plan for the customer's overdue balance (its invoices marked `on_plan`).
    #[serde(default)]
    plan: Option<CustomerPlan>,
    /// On hold: not dunned.
    #[serde(default)]
    on_hold: bool,
}

/// A payment plan: its terms, the payments received under it and its grace days; its status on
/// each day is `plan_status`'s, never a flag in the data.
#[derive(Deserialize)]
struct CustomerPlan {
    terms: PlanTerms,
    #[serde(default)]
    payments: Vec<Received>,
    #[serde(default)]
    grace_days: u32,
}

#[derive(Deserialize)]
struct Invoice {
    number: String,
    customer: String,
    currency: String,
    total: String,
    issued: String,
    terms: String,
    #[serde(default)]
    disputed: bool,
    /// A promise to pay it (amount, date); its status on each day is `promise_status`'s.
    #[serde(default)]
    promise: Option<Promise>,
    /// Covered by the customer's payment plan.
    #[serde(default)]
    on_plan: bool,
}

/// An open installment, after the customer's credit notes were applied to its oldest items.
#[derive(Clone)]
struct Open {
    customer: String,
    currency: String,
    invoice: String,
    k: u32,
    issued: NaiveDate,
    due: NaiveDate,
    amount: Decimal,
    disputed: bool,
    promise: Option<Promise>,
    on_plan: bool,
    /// The installment's early-payment discounts (none once a credit note reduced it).
    discounts: Vec<arrears::InstallmentDiscount>,
}

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn main() {
    let mut file = None;
    let mut as_of = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            "--as-of" => match args.next() {
                Some(d) => as_of = Some(d),
                None => fail("--as-of needs a date (YYYY-MM-DD)"),
            },
            f if f.starts_with('-') => fail(&format!("unknown option {f}")),
            f if file.is_some() => fail(&format!("one portfolio file at most (got {f} too)")),
            f => file = Some(f.to_string()),
        }
    }
    if let Err(e) = run(file, as_of) {
        eprintln!("collections_day: {e}");
        std::process::exit(1);
    }
}

fn fail(why: &str) -> ! {
    eprintln!("collections_day: {why}\n{USAGE}");
    std::process::exit(2);
}

fn run(file: Option<String>, as_of_arg: Option<String>) -> Res<()> {
    let text = match &file {
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?,
        None => SAMPLE.to_string(),
    };
    let p: Portfolio = from_json(&text)?;
    let as_of = parse_date("as_of", as_of_arg.as_deref().unwrap_or(&p.as_of))?;
    let open = open_installments(&p)?;
    let customers: std::collections::BTreeSet<&str> = p.invoices.iter().map(|i| i.customer.as_str()).collect();
    let currencies: std::collections::BTreeSet<&str> = p.invoices.iter().map(|i| i.currency.as_str()).collect();
    println!("arrears {} - collections day {}", arrears::VERSION, format_date(as_of));
    println!(
        "{} invoices of {} customers in {} currencies; {} open installments (per customer country's calendar)",
        p.invoices.len(),
        customers.len(),
        currencies.len(),
        open.len()
    );
    println!(
        "One definition throughout: an installment is OVERDUE when its open amount is above zero and its due date\n\
         is before {} (days past due = that day - due date). Credit notes are applied to the customer's oldest\n\
         open installments of the same currency first; what is left of a credit stays a credit, never overdue.",
        format_date(as_of)
    );
    let (run, earlier_fees) = dunning_today(&p, &open, as_of)?;
    if let Some(top) = call_first(&p, &open, as_of)? {
        statement_of_account(&open, &top, as_of)?;
    }
    credit_holds(&p, &open, as_of)?;
    accrued(&open, &run, &earlier_fees, as_of)?;
    aging_section(&open, as_of, &p)?;
    forecast(&p, &open, as_of)?;
    Ok(())
}

/// Every installment still open, credits applied oldest first per customer and currency.
fn open_installments(p: &Portfolio) -> Res<Vec<Open>> {
    let mut items: Vec<Open> = Vec::new();
    for inv in &p.invoices {
        let terms = p.terms.get(&inv.terms).ok_or_else(|| format!("{}: unknown terms {:?}", inv.number, inv.terms))?;
        let country = p.customers.get(&inv.customer).map(|c| c.country.as_str()).unwrap_or("");
        let calendar = p.calendars.get(country).unwrap_or(&p.calendar).clone();
        let options = ScheduleOptions { calendar, ..ScheduleOptions::default() };
        let total = parse_amount("total", &inv.total)?;
        let issued = parse_date("issued", &inv.issued)?;
        let s = schedule(total, &inv.currency, issued, terms, &options).map_err(|e| format!("{}: {e}", inv.number))?;
        for (k, inst) in s.installments.iter().enumerate() {
            items.push(Open {
                customer: inv.customer.clone(),
                currency: inv.currency.clone(),
                invoice: inv.number.clone(),
                k: k as u32,
                issued,
                due: inst.due_date,
                amount: inst.amount,
                disputed: inv.disputed,
                promise: inv.promise.clone(),
                on_plan: inv.on_plan,
                discounts: inst.discounts.clone(),
            });
        }
    }
    // credits (negative installments) applied to the oldest undisputed positive ones
    let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, it) in items.iter().enumerate() {
        groups.entry((it.customer.clone(), it.currency.clone())).or_default().push(i);
    }
    for idx in groups.values() {
        let mut credit: Decimal =
            idx.iter().map(|&i| items[i].amount).filter(|a| *a < Decimal::ZERO).sum::<Decimal>().abs();
        let mut by_due: Vec<usize> =
            idx.iter().copied().filter(|&i| items[i].amount > Decimal::ZERO && !items[i].disputed).collect();
        by_due.sort_by_key(|&i| (items[i].due, items[i].invoice.clone(), items[i].k));
        for &i in &by_due {
            let take = credit.min(items[i].amount);
            items[i].amount -= take;
            if !take.is_zero() {
                items[i].discounts.clear();
            }
            credit -= take;
        }
        let mut first_credit = true;
        for &i in idx {
            if items[i].amount < Decimal::ZERO {
                items[i].amount = if first_credit { -credit } else { Decimal::ZERO };
                first_credit = false;
            }
        }
    }
    items.retain(|i| !i.amount.is_zero());
    Ok(items)
}

/// The open installments for dunning on a day: an installment covered by its customer's plan
/// carries the plan's state on that day, one under a promise to pay the promise's (each holds
/// the installment back while in good standing). The sample's promised invoices are unpaid, so
/// no payment counts towards a promise yet.
fn dunning_items(open: &[Open], plans: &BTreeMap<String, PlanStatus>, day: NaiveDate) -> Res<Vec<DunningItem>> {
    let promise_state = |o: &Open| -> Res<Option<arrears::payments::PromiseState>> {
        let Some(promise) = &o.promise else { return Ok(None) };
        let rules = arrears::MoneyRules::new(&o.currency, &arrears::Rounding::default())?;
        Ok(Some(promise_status(promise, &[], day, &rules)?.status))
    };
    let states = open.iter().map(promise_state).collect::<Res<Vec<_>>>()?;
    Ok(open
        .iter()
        .zip(states)
        .filter(|(o, _)| o.amount > Decimal::ZERO)
        .map(|(o, promise_state)| DunningItem {
            customer: o.customer.clone(),
            invoice: o.invoice.clone(),
            installment: o.k,
            currency: o.currency.clone(),
            due_date: o.due,
            issue_date: Some(o.issued),
            open_amount: o.amount,
            disputed: o.disputed,
            promised_until: None,
            on_plan: false,
            plan_state: if o.on_plan { plans.get(&o.customer).map(|s| s.status) } else { None },
            promise_state,
        })
        .collect())
}

/// The sample contract's policy: the standard steps, a fee of 5 for the +30 letter and 15 for the
/// formal notice (in the item's currency; minor currencies aside, a sample).
fn policy() -> DunningPolicy {
    let mut p = DunningPolicy::standard();
    for s in &mut p.steps {
        // fixed fees owed once per dunning level (late-charges fee rules: a percent with a
        // minimum, or bands, would do as well)
        let fixed = |cents| arrears::charges::FeeRule {
            per: arrears::charges::FeeCharge::DunningLevel,
            ..arrears::charges::FeeRule::fixed(Decimal::new(cents, 2))
        };
        s.fee = match s.offset {
            30 => Some(fixed(500)),
            61 => Some(fixed(1500)),
            _ => None,
        };
    }
    p
}

/// Today's dunning, after the runs of the last 120 days (each day's steps recorded as sent), and
/// the fees those earlier runs charged, per currency.
fn dunning_today(p: &Portfolio, open: &[Open], as_of: NaiveDate) -> Res<(DunningRun, BTreeMap<String, Decimal>)> {
    let policy = policy();
    let on_hold: Vec<String> = p.customers.iter().filter(|(_, c)| c.on_hold).map(|(n, _)| n.clone()).collect();
    let mut history: Vec<DunningRecord> = Vec::new();
    let mut earlier_fees: BTreeMap<String, Decimal> = BTreeMap::new();
    for back in (1..=120).rev() {
        let day = as_of - chrono::Days::new(back);
        let items = dunning_items(open, &plan_states(p, day)?, day)?;
        let run = dunning(&policy, &items, &history, &on_hold, day)?;
        for f in run.actions.iter().flat_map(|a| &a.fees) {
            *earlier_fees.entry(f.currency.clone()).or_default() += f.amount;
        }
        history = run.history;
    }
    let plans = plan_states(p, as_of)?;
    let run = dunning(&policy, &dunning_items(open, &plans, as_of)?, &history, &on_hold, as_of)?;
    println!("\nToday's reminders and calls (one action per customer, at its highest level; standard policy:");
    println!(
        "   offsets count calendar days from each installment's due date, set by its customer's country calendar)"
    );
    for a in &run.actions {
        let fees: Vec<String> = a.fees.iter().map(|f| format!("{} {}", f.amount, f.currency)).collect();
        let fee = if fees.is_empty() { String::new() } else { format!(", fee {}", fees.join(" + ")) };
        println!("   {:<34} {} (level {}){fee}", a.customer, instruction(a.action, a.channel), a.level);
        for i in &a.items {
            let when = if i.days_overdue > 0 {
                format!("{} days past due", i.days_overdue)
            } else {
                format!("due in {} days", -i.days_overdue)
            };
            println!(
                "      {}/{} {:>14} {}  {when}  (step {:+})",
                i.invoice,
                i.installment + 1,
                i.open_amount.to_string(),
                i.currency,
                i.offset
            );
        }
    }
    let mut why: BTreeMap<String, usize> = BTreeMap::new();
    for s in &run.skipped {
        *why.entry(word(&s.reason)).or_default() += 1;
    }
    let skipped: Vec<String> = why.iter().map(|(r, n)| format!("{n} {r}")).collect();
    println!("   held back today: {}", if skipped.is_empty() { "none".into() } else { skipped.join(", ") });
    for (name, s) in &plans {
        let next = s.next_due.map(|d| format!(", next installment {}", format_date(d))).unwrap_or_default();
        let held =
            if s.status.in_good_standing() { "its invoices are not dunned" } else { "its invoices are dunned again" };
        println!(
            "   payment plan of {name}: {} on {} (paid {} of {} due so far{next}): {held}",
            word(&s.status),
            format_date(as_of),
            s.paid,
            s.due
        );
    }
    let sent = run.history.iter().filter(|h| h.status == StepStatus::Sent).count();
    println!(
        "   ({sent} steps on record, the last 120 days' runs included: the state is the caller's, arrears keeps none)"
    );
    Ok((run, earlier_fees))
}

/// Each customer's payment plan and its status on `day`, from the payments received by then.
fn plan_states(p: &Portfolio, day: NaiveDate) -> Res<BTreeMap<String, PlanStatus>> {
    let mut out = BTreeMap::new();
    for (name, c) in &p.customers {
        // a plan holds nothing back before it starts
        let Some(plan) = c.plan.as_ref().filter(|pl| pl.terms.start <= day) else { continue };
        let rules = arrears::MoneyRules::new(&plan.terms.currency, &arrears::Rounding::default())?;
        let schedule = payment_plan(&plan.terms, &rules)?;
        out.insert(name.clone(), plan_status(&schedule, &plan.payments, day, plan.grace_days, &rules)?);
    }
    Ok(out)
}

/// An enum's wire name (`final_notice`, `registered_letter`), spaced.
/// What a dunning action asks the clerk to do, in words: "reminder by email", "dunning letter
/// by post", "call by the collector in person".
fn instruction(action: Action, channel: Channel) -> String {
    let what = match action {
        Action::Remind => "reminder",
        Action::Call => "call",
        Action::Letter => "dunning letter",
        Action::FinalNotice => "final notice",
        Action::StopService => "stop service, notice",
        Action::CollectionAgency => "hand to the collection agency, notice",
        Action::Legal => "legal action, notice",
    };
    let how = match channel {
        Channel::Email => "by email",
        Channel::Phone => "by phone",
        Channel::Sms => "by text message",
        Channel::Letter => "by post",
        Channel::RegisteredLetter => "by registered letter",
        Channel::Personal => "by the collector in person",
        Channel::Portal => "on the customer portal",
        Channel::External => "through the outside party",
    };
    format!("{what} {how}")
}

fn word<T: serde::Serialize>(v: &T) -> String {
    arrears::to_json(v).trim_matches('"').replace('_', " ")
}

fn fx(p: &Portfolio) -> Res<BTreeMap<String, Decimal>> {
    p.fx.iter().map(|(c, r)| Ok((c.clone(), parse_amount("fx", r)?))).collect::<Res<_>>()
}

/// The worklist by customer (amounts in EUR), with each rank's reasons; the first customer's name.
fn call_first(p: &Portfolio, open: &[Open], as_of: NaiveDate) -> Res<Option<String>> {
    let items: Vec<OverdueItem> = open
        .iter()
        .map(|o| OverdueItem {
            customer: o.customer.clone(),
            currency: o.currency.clone(),
            due_date: o.due,
            open_amount: o.amount,
            disputed: o.disputed,
        })
        .collect();
    let history: Vec<HistoryPaid> = p
        .history
        .iter()
        .map(|h| HistoryPaid {
            customer: h.customer.clone(),
            due_date: h.due_date,
            paid_date: h.paid_date,
            amount: h.amount,
        })
        .collect();
    let mut risk_points = BTreeMap::new();
    let mut tiers = BTreeMap::new();
    for (name, c) in &p.customers {
        let payments = p
            .history
            .iter()
            .filter(|h| &h.customer == name)
            .map(|h| RiskPayment { due_date: h.due_date, paid_date: h.paid_date, amount: h.amount })
            .collect();
        let input = RiskInput {
            customer: name.clone(),
            payments,
            broken_promises: c.broken_promises,
            disputes: open.iter().filter(|o| &o.customer == name && o.disputed).count() as u32,
            credit_limit: None,
            exposure: Decimal::ZERO,
            collateral: Decimal::ZERO,
        };
        let r = risk_score(&input, &RiskWeights::default(), as_of)?;
        risk_points.insert(name.clone(), r.score);
        tiers.insert(name.clone(), r.tier);
    }
    let config = WorklistConfig {
        top_k: Some(10),
        by: Grouping::Customer,
        fx: fx(p)?,
        risk_points,
        ..WorklistConfig::new(as_of)
    };
    let rows = worklist(&items, &history, &config)?;
    println!("\nCall first (customers by score: overdue EUR by age + days past due + lateness + risk; disputed items not counted)");
    for r in &rows {
        let tier = tiers.get(&r.customer).map(|t| format!("{t:?}")).unwrap_or_else(|| "-".into());
        println!(
            "   {:>2}. {:<34} {:>12} EUR overdue, oldest {}, pays {} late on average, risk tier {tier}",
            r.rank,
            r.customer,
            r.overdue.to_string(),
            days(i64::from(r.max_dpd)),
            days(r.avg_late)
        );
        let why: Vec<String> =
            r.components.iter().filter(|c| !c.value.is_zero()).map(|c| format!("{} {}", c.name, c.value)).collect();
        let disputed =
            if r.disputed.is_zero() { String::new() } else { format!("; {} EUR disputed, not counted", r.disputed) };
        println!("       score {} = {}{disputed}", r.score, why.join(" + "));
    }
    Ok(rows.first().map(|r| r.customer.clone()))
}

/// The statement of account to send the first customer to call: each open installment with its
/// interest to date (the rule of the accrual below) and the early discount still available.
fn statement_of_account(open: &[Open], customer: &str, as_of: NaiveDate) -> Res<()> {
    let mut mine: Vec<&Open> = open.iter().filter(|o| o.customer == customer && o.amount > Decimal::ZERO).collect();
    mine.sort_by(|a, b| (a.due, &a.invoice, a.k).cmp(&(b.due, &b.invoice, b.k)));
    let items: Vec<StatementItem> = mine
        .into_iter()
        .map(|o| StatementItem {
            id: format!("{}/{}", o.invoice, o.k + 1),
            currency: o.currency.clone(),
            amount: o.amount,
            due_date: o.due,
            invoice_date: Some(o.issued),
            events: vec![],
            discounts: o.discounts.clone(),
            fees: Decimal::ZERO,
        })
        .collect();
    let rule = InterestRule::fixed("9.12".parse()?);
    let s = statement(customer, as_of, &items, StatementRules::Rule(&rule, None), &InterestOptions::default(), false)?;
    println!(
        "\nStatement of account for the first call (interest 9.12 % a year, act/365, to {}; disputed items included:",
        format_date(as_of)
    );
    println!("   they are owed until the dispute is settled; arrears::charges::statement, also as JSON and typed)");
    for line in s.to_text().lines() {
        println!("   | {line}");
    }
    Ok(())
}

/// Pending orders checked against each customer's limit.
fn credit_holds(p: &Portfolio, open: &[Open], as_of: NaiveDate) -> Res<()> {
    println!("\nCredit holds (pending orders: exposure = open receivables + open orders - collateral vs the limit;");
    println!(
        "   hold from 61 days past due, a broken plan or over the limit; review from 31 days or 90 % of the limit)"
    );
    let amount = |s: &Option<String>, f: &str| -> Res<Decimal> {
        Ok(s.as_deref().map(|x| parse_amount(f, x)).transpose()?.unwrap_or_default())
    };
    let plans = plan_states(p, as_of)?;
    let mut shown = 0;
    for (name, c) in &p.customers {
        let (Some(limit), Some(cur)) = (&c.credit_limit, &c.limit_currency) else { continue };
        let mine = open.iter().filter(|o| &o.customer == name && &o.currency == cur);
        let receivables: Decimal = mine.clone().map(|o| o.amount).sum();
        let max_dpd = mine
            .filter(|o| o.amount > Decimal::ZERO && o.due < as_of)
            .map(|o| (as_of - o.due).num_days())
            .max()
            .unwrap_or(0);
        let r = CreditRequest {
            customer: name.clone(),
            credit_limit: parse_amount("credit_limit", limit)?,
            open_receivables: receivables,
            open_orders: amount(&c.open_orders, "open_orders")?,
            collateral: amount(&c.collateral, "collateral")?,
            deposits: Decimal::ZERO,
            order: amount(&c.new_order, "new_order")?,
            max_days_overdue: max_dpd as i32,
            plan_broken: plans.get(name).is_some_and(|s| s.status == PlanState::Broken),
            rules: Default::default(),
        };
        let d = credit_check(&r)?;
        if d.decision == Decision::Approve {
            continue;
        }
        shown += 1;
        let why: Vec<&str> = d.reasons.iter().map(|x| x.detail.as_str()).collect();
        println!(
            "   {:<6} {:<34} order {:>12} {cur}, available {:>12}: {}",
            format!("{:?}", d.decision).to_uppercase(),
            name,
            r.order.to_string(),
            d.available.to_string(),
            why.join("; ")
        );
    }
    if shown == 0 {
        println!("   none: every pending order is within its customer's limit");
    }
    Ok(())
}

/// Late interest on the overdue installments (9.12 % a year, act/365) and today's dunning fees.
fn accrued(open: &[Open], run: &DunningRun, earlier_fees: &BTreeMap<String, Decimal>, as_of: NaiveDate) -> Res<()> {
    let rule = InterestRule::fixed("9.12".parse()?);
    let mut by_cur: BTreeMap<&str, (Decimal, Decimal)> = BTreeMap::new();
    for o in open.iter().filter(|o| o.amount > Decimal::ZERO && o.due < as_of && !o.disputed) {
        let claim = Claim {
            principal: o.amount,
            currency: o.currency.clone(),
            due_date: o.due,
            invoice_date: Some(o.issued),
            events: vec![],
        };
        let i = interest(&claim, &rule, as_of, &InterestOptions::default())?;
        by_cur.entry(&o.currency).or_default().0 += i.interest;
    }
    for a in &run.actions {
        for f in &a.fees {
            if let Some(e) = by_cur.get_mut(f.currency.as_str()) {
                e.1 += f.amount;
            }
        }
    }
    println!("\nInterest and fees accrued (interest 9.12 % a year, act/365, on overdue undisputed installments;");
    println!("   dunning fees: 5.00 for the +30 letter, 15.00 for the formal notice, once per level, charged by");
    println!("   the last 120 days' letters and by today's)");
    for (cur, (i, f)) in &by_cur {
        let scale = arrears::MoneyRules::new(cur, &arrears::Rounding::default())?.scale();
        // fees are whole amounts of the currency: shown at its scale (0.00, not 0)
        let (mut before, mut f) = (earlier_fees.get(*cur).copied().unwrap_or_default(), *f);
        before.rescale(scale);
        f.rescale(scale);
        println!(
            "   {cur:<4} interest {:>12}   fees before today {:>8}   fees today {:>8}",
            i.to_string(),
            before.to_string(),
            f.to_string()
        );
    }
    Ok(())
}

/// The aging of the open installments (credits in their own column) and the metrics from it.
fn aging_section(open: &[Open], as_of: NaiveDate, p: &Portfolio) -> Res<()> {
    let items: Vec<OpenItem> = open
        .iter()
        .map(|o| OpenItem {
            customer: o.customer.clone(),
            currency: o.currency.clone(),
            due_date: o.due,
            issue_date: Some(o.issued),
            amount: o.amount,
            disputed: o.disputed,
            id: Some(o.invoice.clone()),
        })
        .collect();
    let mut spec = AgingSpec::new(as_of);
    spec.credits = Credits::Separate;
    let report = aging(&items, &spec)?;
    println!(
        "\nAging by due date as of {} (per customer and currency; overdue = the columns after not_due;",
        format_date(as_of)
    );
    println!("   credits left after applying them stand in their own column; disputed amounts stay in their bucket and are flagged)");
    let head: String = report.columns.iter().map(|c| format!("{c:>12}")).collect();
    println!("   {:<34} {:<4}{head} {:>13} {:>11}", "customer", "ccy", "total", "disputed");
    let line = |name: &str, cur: &str, cells: &[Decimal], total: Decimal, disputed: Decimal| {
        let cells: String = cells.iter().map(|b| format!("{:>12}", b.to_string())).collect();
        println!("   {name:<34} {cur:<4}{cells} {:>13} {:>11}", total.to_string(), disputed.to_string());
    };
    for r in &report.rows {
        line(&r.customer, &r.currency, &r.buckets, r.total, r.disputed);
    }
    for t in &report.totals {
        line("TOTAL", &t.currency, &t.buckets, t.total, t.disputed);
    }
    let Some(sales) = &p.sales else { return Ok(()) };
    println!("\nReceivables metrics per currency, from the aging totals above and these inputs:");
    println!("   DSO = receivables / credit sales x {} days; BPDSO = current (not yet due) receivables / credit sales x days;", sales.period_days);
    println!(
        "   ADD = DSO - BPDSO; CEI = (B + S - E) / (B + S - E current) x 100 with B the receivables {} days ago,",
        sales.period_days
    );
    println!(
        "   S the period's credit sales, E the receivables now; allowance = each bucket x its rate {:?} %",
        p.allowance_percents
    );
    println!(
        "   {:<4} {:>14} {:>14} {:>9} {:>9} {:>9} {:>9} {:>9} {:>12}",
        "ccy", "credit sales", "receiv. B", "% current", "DSO", "BPDSO", "ADD", "CEI", "allowance"
    );
    let percents: Vec<Decimal> =
        p.allowance_percents.iter().map(|x| parse_amount("allowance_percents", x)).collect::<Result<_, _>>()?;
    let two = |d: Decimal| {
        let mut r = arrears::RoundingMode::HalfUp.round(d, 2);
        r.rescale(2);
        r.to_string()
    };
    for t in &report.totals {
        let (Some(s), Some(b)) = (sales.credit_sales.get(&t.currency), sales.beginning_receivables.get(&t.currency))
        else {
            continue;
        };
        let (s, b) = (parse_amount("credit_sales", s)?, parse_amount("beginning_receivables", b)?);
        let current = t.buckets[0].max(Decimal::ZERO);
        let dso = metrics::dso(t.total, s, sales.period_days, 2)?;
        let bpdso = metrics::best_possible_dso(current, s, sales.period_days, 2)?;
        let cei = metrics::cei(b, s, t.total, current, CeiVariant::Period, 2)?;
        let allowance = if percents.len() + 1 == t.buckets.len() {
            let buckets: Vec<Decimal> = t.buckets[..percents.len()].to_vec();
            metrics::allowance(&buckets, &percents, &t.currency, &Default::default())?.1.to_string()
        } else {
            "-".into()
        };
        println!(
            "   {:<4} {:>14} {:>14} {:>9} {:>9} {:>9} {:>9} {:>9} {:>12}",
            t.currency,
            s.to_string(),
            b.to_string(),
            t.percent_current.map(|p| p.to_string()).unwrap_or_default(),
            two(dso),
            two(bpdso),
            two(dso - bpdso),
            two(cei),
            allowance
        );
    }
    Ok(())
}

/// Expected collections per week: each customer's lateness applied to its open items.
fn forecast(p: &Portfolio, open: &[Open], as_of: NaiveDate) -> Res<()> {
    if p.history.is_empty() {
        return Ok(());
    }
    let items: Vec<ForecastItem> = open
        .iter()
        .filter(|o| !o.disputed && o.amount > Decimal::ZERO)
        .map(|o| ForecastItem {
            customer: o.customer.clone(),
            currency: o.currency.clone(),
            due_date: o.due,
            amount: o.amount,
        })
        .collect();
    let f = metrics::cash_forecast(&items, &p.history, as_of, ForecastPeriod::Week, 6, 0)?;
    println!(
        "\nExpected collections per week (each customer's amount-weighted lateness applied; disputed items left out)"
    );
    let weeks: String = f.periods.iter().take(6).map(|p| format!(" {:>12}", &format_date(p.start)[5..])).collect();
    println!("   {:<4}{weeks}   (week starting)", "ccy");
    let mut by_cur: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for p in &f.periods {
        by_cur.entry(&p.currency).or_default().push(format!(" {:>12}", p.amount.to_string()));
    }
    for (cur, cells) in &by_cur {
        println!("   {cur:<4}{}", cells.concat());
    }
    for l in &f.later {
        println!("   {:<4} later (from {}): {}", l.currency, format_date(l.start), l.amount);
    }
    Ok(())
}

/// "1 day", "46 days".
fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}
