//! Collections day: the installment schedules of a sample portfolio, and what is overdue today.
//!
//! Run it with `cargo run --example collections_day` (or pass another portfolio file of the same
//! shape as `core/examples/data/invoices.json`, and optionally `--as-of YYYY-MM-DD`).

use std::collections::BTreeMap;

use arrears::{format_date, from_json, parse_date, schedule, Calendar, PaymentTerms, ScheduleOptions};
use rust_decimal::Decimal;
use serde::Deserialize;

const SAMPLE: &str = include_str!("data/invoices.json");

#[derive(Deserialize)]
struct Portfolio {
    as_of: String,
    calendar: Calendar,
    terms: BTreeMap<String, PaymentTerms>,
    invoices: Vec<Invoice>,
}

#[derive(Deserialize)]
struct Invoice {
    number: String,
    customer: String,
    currency: String,
    total: String,
    issued: String,
    terms: String,
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
        println!(
            "   {}  issued {}  {:>14} {}  terms: {}",
            inv.number,
            inv.issued,
            s.total.to_string(),
            s.currency,
            inv.terms
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
    Ok(())
}
