//! Collections day: the installment schedules of a sample portfolio, what is overdue today, a
//! statement of account, the aging report and the receivables metrics (DSO, best possible DSO,
//! CEI, allowance, forecast).
//!
//! Run it with `cargo run --example collections_day` (or pass another portfolio file of the same
//! shape as `core/examples/data/invoices.json`, and optionally `--as-of YYYY-MM-DD`).

use std::collections::BTreeMap;

use arrears::aging::{aging, AgingSpec, OpenItem};
use arrears::charges::{statement, InterestOptions, InterestRule, StatementItem, StatementRules};
use arrears::metrics::{self, CeiVariant, ForecastItem, ForecastPeriod, PaidItem};
use arrears::{format_date, from_json, parse_date, schedule, Calendar, PaymentTerms, Rounding, ScheduleOptions};
use rust_decimal::Decimal;
use serde::Deserialize;

const SAMPLE: &str = include_str!("data/invoices.json");

#[derive(Deserialize)]
struct Portfolio {
    as_of: String,
    calendar: Calendar,
    terms: BTreeMap<String, PaymentTerms>,
    invoices: Vec<Invoice>,
    #[serde(default)]
    sales: Option<Sales>,
    #[serde(default)]
    allowance_percents: Vec<String>,
    #[serde(default)]
    history: Vec<PaidItem>,
}

#[derive(Deserialize)]
struct Sales {
    period_days: u32,
    credit_sales: BTreeMap<String, String>,
    beginning_receivables: BTreeMap<String, String>,
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
}

fn main() {
    if let Err(e) = run() {
        eprintln!("collections_day: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut file = None;
    let mut as_of_arg = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--as-of" => as_of_arg = args.next(),
            _ => file = Some(a),
        }
    }
    let text = match &file {
        Some(path) => std::fs::read_to_string(path)?,
        None => SAMPLE.to_string(),
    };
    let portfolio: Portfolio = from_json(&text)?;
    let as_of = parse_date("as_of", as_of_arg.as_deref().unwrap_or(&portfolio.as_of))?;
    let options = ScheduleOptions { calendar: portfolio.calendar.clone(), ..ScheduleOptions::default() };

    println!("arrears {} - collections day {}", arrears::VERSION, format_date(as_of));
    println!("{} invoices, {} customers\n", portfolio.invoices.len(), {
        let mut c: Vec<&str> = portfolio.invoices.iter().map(|i| i.customer.as_str()).collect();
        c.sort();
        c.dedup();
        c.len()
    });

    // (customer, currency) -> (open, overdue, worst days late)
    let mut exposure: BTreeMap<(String, String), (Decimal, Decimal, i64)> = BTreeMap::new();
    let mut worklist: Vec<(i64, String, String, String, Decimal, String)> = Vec::new();
    let mut customer = String::new();
    let mut items: Vec<OpenItem> = Vec::new();
    for inv in &portfolio.invoices {
        let terms =
            portfolio.terms.get(&inv.terms).ok_or_else(|| format!("{}: unknown terms {:?}", inv.number, inv.terms))?;
        let total = arrears::parse_amount("total", &inv.total)?;
        let issued = parse_date("issued", &inv.issued)?;
        let s = schedule(total, &inv.currency, issued, terms, &options).map_err(|e| format!("{}: {e}", inv.number))?;
        if inv.customer != customer {
            customer = inv.customer.clone();
            println!("== {customer}");
        }
        // The canonical notation, where one exists (a deposit of a fixed amount has none).
        let notation = terms.format().map(|t| format!(" [{t}]")).unwrap_or_default();
        println!(
            "   {}  issued {}  {:>14} {}  terms: {}{notation}{}",
            inv.number,
            inv.issued,
            s.total.to_string(),
            s.currency,
            inv.terms,
            if inv.disputed { "  (DISPUTED)" } else { "" }
        );
        for (k, inst) in s.installments.iter().enumerate() {
            let late = (as_of - inst.due_date).num_days();
            let status = match late {
                _ if inst.amount < Decimal::ZERO => "credit to apply".to_string(),
                d if d > 0 => format!("OVERDUE {d} days"),
                0 => "due today".to_string(),
                d => format!("due in {} days", -d),
            };
            println!(
                "      {}/{}  due {}  {:>14}  {}",
                k + 1,
                s.installments.len(),
                format_date(inst.due_date),
                inst.amount.to_string(),
                status
            );
            items.push(OpenItem {
                customer: inv.customer.clone(),
                currency: inv.currency.clone(),
                due_date: inst.due_date,
                issue_date: Some(issued),
                amount: inst.amount,
                disputed: inv.disputed,
                id: Some(inv.number.clone()),
            });
            let entry = exposure.entry((inv.customer.clone(), inv.currency.clone())).or_insert((
                Decimal::ZERO,
                Decimal::ZERO,
                0,
            ));
            entry.0 += inst.amount;
            // Credits net into the open balance but are never "overdue".
            if late > 0 && inst.amount > Decimal::ZERO {
                entry.1 += inst.amount;
                entry.2 = entry.2.max(late);
                worklist.push((
                    late,
                    inv.customer.clone(),
                    inv.number.clone(),
                    inv.currency.clone(),
                    inst.amount,
                    format_date(inst.due_date),
                ));
            }
        }
    }

    println!("\nExposure per customer and currency (credits netted; never summed across currencies)");
    println!("   {:<28} {:<4} {:>14} {:>14} {:>10}", "customer", "ccy", "open", "overdue", "max late");
    for ((cust, ccy), (open, overdue, worst)) in &exposure {
        println!("   {:<28} {:<4} {:>14} {:>14} {:>10}", cust, ccy, open.to_string(), overdue.to_string(), worst);
    }

    println!("\nCall first (overdue installments, most days late first)");
    worklist.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)).then_with(|| a.2.cmp(&b.2)));
    for (late, cust, number, ccy, amount, due) in worklist.iter().take(10) {
        println!("   {late:>4} days  {cust:<28} {number}  {:>14} {ccy}  (due {due})", amount.to_string());
    }

    // The statement of account the clerk sends the customer to call first (9.12 % a year, act/365).
    if let Some((_, cust, ..)) = worklist.first() {
        let open = items.iter().filter(|i| &i.customer == cust && i.amount > Decimal::ZERO);
        let lines: Vec<StatementItem> = open
            .map(|i| StatementItem {
                id: i.id.clone().unwrap_or_default(),
                currency: i.currency.clone(),
                amount: i.amount,
                due_date: i.due_date,
                invoice_date: i.issue_date,
                events: vec![],
                discounts: vec![],
                fees: Decimal::ZERO,
            })
            .collect();
        let rule = InterestRule::fixed("9.12".parse()?);
        let s = statement(cust, as_of, &lines, StatementRules::Rule(&rule, None), &InterestOptions::default(), false)?;
        println!("\n{}", s.to_text().trim_end());
    }

    // Aging: every open installment, by due date, standard buckets, credits netted.
    let report = aging(&items, &AgingSpec::new(as_of))?;
    println!("\nAging by due date as of {} (per customer and currency; disputed amounts flagged)", format_date(as_of));
    let head: String = report.columns.iter().map(|c| format!("{c:>12}")).collect();
    println!("   {:<28} {:<4}{head} {:>13} {:>11}", "customer", "ccy", "total", "disputed");
    for r in &report.rows {
        let cells: String = r.buckets.iter().map(|b| format!("{:>12}", b.to_string())).collect();
        println!(
            "   {:<28} {:<4}{cells} {:>13} {:>11}",
            r.customer,
            r.currency,
            r.total.to_string(),
            r.disputed.to_string()
        );
    }
    for t in &report.totals {
        let cells: String = t.buckets.iter().map(|b| format!("{:>12}", b.to_string())).collect();
        println!(
            "   {:<28} {:<4}{cells} {:>13} {:>11}",
            "TOTAL",
            t.currency,
            t.total.to_string(),
            t.disputed.to_string()
        );
    }

    // Metrics per currency, from the aging totals and the period's sales.
    if let Some(sales) = &portfolio.sales {
        println!(
            "\nReceivables metrics per currency ({} days of credit sales; CEI over the period's sales)",
            sales.period_days
        );
        println!(
            "   {:<4} {:>9} {:>9} {:>9} {:>9} {:>9} {:>12}",
            "ccy", "% current", "DSO", "BPDSO", "ADD", "CEI", "allowance"
        );
        let percents: Vec<Decimal> = portfolio
            .allowance_percents
            .iter()
            .map(|p| arrears::parse_amount("allowance_percents", p))
            .collect::<Result<_, _>>()?;
        let two = |d: Decimal| RoundingModeHalfUp::round(d).to_string();
        for t in &report.totals {
            let (Some(s), Some(b)) =
                (sales.credit_sales.get(&t.currency), sales.beginning_receivables.get(&t.currency))
            else {
                continue;
            };
            let s = arrears::parse_amount("credit_sales", s)?;
            let b = arrears::parse_amount("beginning_receivables", b)?;
            let current = t.buckets[0].max(Decimal::ZERO);
            let dso = metrics::dso(t.total, s, sales.period_days, 2)?;
            let bpdso = metrics::best_possible_dso(current, s, sales.period_days, 2)?;
            let cei = metrics::cei(b, s, t.total, current, CeiVariant::Period, 2)?;
            let allowance = if percents.len() == t.buckets.len() {
                metrics::allowance(&t.buckets, &percents, &t.currency, &Rounding::default())?.1.to_string()
            } else {
                "-".into()
            };
            println!(
                "   {:<4} {:>9} {:>9} {:>9} {:>9} {:>9} {:>12}",
                t.currency,
                t.percent_current.map(|p| p.to_string()).unwrap_or_default(),
                two(dso),
                two(bpdso),
                two(dso - bpdso),
                two(cei),
                allowance
            );
        }
    }

    // Payment behaviour and the cash it predicts.
    if !portfolio.history.is_empty() {
        // Per customer: amounts in different currencies never weigh against each other.
        println!("\nPayment history per customer (amount-weighted averages of paid invoices)");
        let mut by_customer: BTreeMap<&str, Vec<PaidItem>> = BTreeMap::new();
        for p in &portfolio.history {
            by_customer.entry(p.customer.as_str()).or_default().push(p.clone());
        }
        for (c, paid) in &by_customer {
            let t = metrics::payment_timing(paid, 2)?;
            println!(
                "   {c:<28} {} paid, {:>6} days to pay, {:>6} days late",
                t.items,
                RoundingModeHalfUp::round(t.days_to_pay).to_string(),
                RoundingModeHalfUp::round(t.days_late).to_string()
            );
        }
        let open: Vec<ForecastItem> = items
            .iter()
            .filter(|i| !i.disputed)
            .map(|i| ForecastItem {
                customer: i.customer.clone(),
                currency: i.currency.clone(),
                due_date: i.due_date,
                amount: i.amount,
            })
            .collect();
        let f = metrics::cash_forecast(&open, &portfolio.history, as_of, ForecastPeriod::Week, 6, 0)?;
        println!("Expected collections per week (each customer's lateness applied; disputed items left out)");
        let mut line = String::new();
        let mut cur = "";
        for p in &f.periods {
            if p.currency != cur {
                if !line.is_empty() {
                    println!("{line}");
                }
                cur = &p.currency;
                line = format!("   {cur:<4}");
            }
            line.push_str(&format!(" {:>12}", p.amount.to_string()));
        }
        println!("{line}");
        let weeks: String = f.periods.iter().take(6).map(|p| format!(" {:>12}", &format_date(p.start)[5..])).collect();
        println!("   {:<4}{weeks}   (week starting)", "");
        for l in &f.later {
            println!("   {:<4} later (from {}): {}", l.currency, format_date(l.start), l.amount);
        }
    }
    Ok(())
}

/// Ratios are shown with 2 decimals, half up.
struct RoundingModeHalfUp;

impl RoundingModeHalfUp {
    fn round(d: Decimal) -> Decimal {
        let mut r = arrears::RoundingMode::HalfUp.round(d, 2);
        r.rescale(2);
        r
    }
}
