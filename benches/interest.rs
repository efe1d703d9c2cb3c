//! The LATE INTEREST report of ../shared/bench (common.py, README "Definitions") computed with
//! arrears, printing the peers' one-line JSON (rows, total, sha256, compute_s).
//!
//! ```text
//! cargo bench -p arrears --bench interest -- --data /tmp/arrears-peers/n10000000 [--repeat 5] [--threads 0] [--cache]
//! cargo bench -p arrears --bench interest        # no data: 1M synthetic invoices, no peer checksum
//! ```
//!
//! Load (outside the timing): `invoices.csv` and `payments.csv` into the columns a caller holds
//! (ids as an Arrow `utf8` column holds them: offsets into one buffer; dates as day numbers;
//! money in cents). `--cache` keeps them in `<data>/arrears-interest.bin` for the next run.
//! Compute (timed, median of `--repeat` runs), from those columns to the finished report:
//! the overdue invoices ([`overdue_rows`]: `open_amount > 0`, `due_date < A`), every payment
//! matched to its invoice by id ([`match_payments`], payments on other invoices skipped), the
//! interest of every invoice ([`interest_columns`]: the peers' sample rates + 8 points, fixed per
//! half-year, act/365, half-up, one rounding per invoice), and the report rows in invoice-id
//! order ([`id_order`]: checked, sorted only when the ids are not in order already). The
//! checksum is formatted outside the timing, as the peers do. Besides the peers' fields the line
//! has `compute_cpu_s_per_run` (user + system CPU of the process per run: on a shared machine
//! it tells the work from the waiting); `ARREARS_BENCH_STEPS=1` prints each step's time to
//! stderr. A benchmark measures; it asserts nothing about time.

use std::collections::HashMap;
use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

#[path = "support.rs"]
mod support;
use support::{cents, cpu_s, day, money, put, sha256_hex, take};

use arrears::charges::{
    interest_columns, match_payments, overdue_rows, Fixing, InterestBatch, InterestRule, InvoiceRows, PaymentRows,
    RateEntry, RateTable, ReferenceRate, Unmatched,
};
use arrears::columnar::{id_order, Utf8Ids};
use arrears::{parse_date, Calendar, Rounding};

/// The columns of the two files.
#[derive(Default)]
struct Data {
    inv_off: Vec<i32>,
    inv_ids: Vec<u8>,
    customer: Vec<u32>,
    customers: Vec<String>,
    currency: Vec<u16>,
    currencies: Vec<String>,
    due: Vec<i32>,
    amount: Vec<i64>,
    open: Vec<i64>,
    pay_off: Vec<i32>,
    pay_ids: Vec<u8>,
    pay_date: Vec<i32>,
    pay_amount: Vec<i64>,
}

fn load_csv(dir: &str) -> Data {
    let mut data = Data { inv_off: vec![0], pay_off: vec![0], ..Data::default() };
    let text = std::fs::read_to_string(format!("{dir}/invoices.csv")).expect("invoices.csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (ii, ci, di, ai, oi, ki) =
        (col("invoice_id"), col("customer_id"), col("due_date"), col("amount"), col("open_amount"), col("currency"));
    let mut names: HashMap<&str, u32> = HashMap::new();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        data.inv_ids.extend_from_slice(f[ii].as_bytes());
        data.inv_off.push(data.inv_ids.len() as i32);
        let next = names.len() as u32;
        data.customer.push(*names.entry(f[ci]).or_insert(next));
        let k = match data.currencies.iter().position(|c| c == f[ki]) {
            Some(k) => k,
            None => {
                data.currencies.push(f[ki].to_string());
                data.currencies.len() - 1
            }
        };
        data.currency.push(k as u16);
        data.due.push(day(f[di]));
        data.amount.push(cents(f[ai]));
        data.open.push(cents(f[oi]));
    }
    let mut by_key: Vec<(&str, u32)> = names.into_iter().collect();
    by_key.sort_by_key(|e| e.1);
    data.customers = by_key.into_iter().map(|(s, _)| s.to_string()).collect();
    let text = std::fs::read_to_string(format!("{dir}/payments.csv")).expect("payments.csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (ii, di, ai) = (col("invoice_id"), col("paid_date"), col("amount"));
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        data.pay_ids.extend_from_slice(f[ii].as_bytes());
        data.pay_off.push(data.pay_ids.len() as i32);
        data.pay_date.push(day(f[di]));
        data.pay_amount.push(cents(f[ai]));
    }
    data
}

fn cached(dir: &str) -> Data {
    let path = format!("{dir}/arrears-interest.bin");
    if let Ok(b) = std::fs::read(&path) {
        let at = &mut 0;
        let mut d = Data { inv_off: take(&b, at), inv_ids: take(&b, at), customer: take(&b, at), ..Data::default() };
        let names: Vec<u8> = take(&b, at);
        d.customers = String::from_utf8(names).expect("utf8").split('\n').map(String::from).collect();
        let curs: Vec<u8> = take(&b, at);
        d.currencies = String::from_utf8(curs).expect("utf8").split('\n').map(String::from).collect();
        d.currency = take(&b, at);
        d.due = take(&b, at);
        d.amount = take(&b, at);
        d.open = take(&b, at);
        d.pay_off = take(&b, at);
        d.pay_ids = take(&b, at);
        d.pay_date = take(&b, at);
        d.pay_amount = take(&b, at);
        return d;
    }
    let d = load_csv(dir);
    let mut b = Vec::new();
    put(&mut b, &d.inv_off);
    put(&mut b, &d.inv_ids);
    put(&mut b, &d.customer);
    put(&mut b, d.customers.join("\n").as_bytes());
    put(&mut b, d.currencies.join("\n").as_bytes());
    put(&mut b, &d.currency);
    put(&mut b, &d.due);
    put(&mut b, &d.amount);
    put(&mut b, &d.open);
    put(&mut b, &d.pay_off);
    put(&mut b, &d.pay_ids);
    put(&mut b, &d.pay_date);
    put(&mut b, &d.pay_amount);
    std::fs::write(&path, b).expect("write cache");
    d
}

fn synthetic(n: usize, as_of: i32) -> Data {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut d = Data { inv_off: vec![0], pay_off: vec![0], ..Data::default() };
    d.currencies = ["CHF", "EUR", "GBP", "SEK", "USD"].map(String::from).to_vec();
    d.customers = (0..n / 50 + 1).map(|i| format!("CUST-{:07}", i + 1)).collect();
    for i in 0..n {
        let id = format!("INV-{:09}", i + 1);
        d.inv_ids.extend_from_slice(id.as_bytes());
        d.inv_off.push(d.inv_ids.len() as i32);
        d.customer.push((next() % d.customers.len() as u64) as u32);
        d.currency.push((next() % 5) as u16);
        let due = as_of - 1000 + (next() % 1100) as i32;
        d.due.push(due);
        let amount = (next() % 500_000) as i64 + 100;
        d.amount.push(amount);
        let paid = if next() % 7 == 0 { amount / 3 } else { 0 };
        d.open.push(amount - paid);
        if paid > 0 {
            d.pay_ids.extend_from_slice(id.as_bytes());
            d.pay_off.push(d.pay_ids.len() as i32);
            d.pay_date.push(due - 30 + (next() % 60) as i32);
            d.pay_amount.push(paid);
        }
    }
    d
}

/// The peers' sample rates (common.py REFERENCE_RATES) as a table; + 8 points per half-year.
fn rule() -> InterestRule {
    let rates = [
        ("2022-01-01", "0"),
        ("2022-07-01", "0"),
        ("2023-01-01", "2.50"),
        ("2023-07-01", "4.00"),
        ("2024-01-01", "4.50"),
        ("2024-07-01", "4.25"),
        ("2025-01-01", "3.15"),
        ("2025-07-01", "2.15"),
    ];
    let entries = rates
        .iter()
        .map(|(d, r)| RateEntry {
            from: parse_date("from", d).expect("date"),
            to: None,
            rate: r.parse().expect("rate"),
        })
        .collect();
    let table = RateTable::new(entries).expect("table");
    InterestRule::reference(ReferenceRate { table, margin: 8.into(), fixing: Fixing::SplitByHalfYear })
}

/// The report: (invoice row, interest) of every overdue invoice, in invoice-id order.
fn report(data: &Data, rule: &InterestRule, as_of: i32, threads: usize) -> (Vec<u32>, Vec<i64>) {
    let t0 = Instant::now();
    let inv_ids = Utf8Ids::try_new(&data.inv_off, &data.inv_ids, None, data.due.len()).expect("invoice ids");
    let pay_ids = Utf8Ids::try_new(&data.pay_off, &data.pay_ids, None, data.pay_date.len()).expect("payment ids");
    // the overdue invoices: a filter, as a selection of rows
    let overdue = overdue_rows(&data.due, Some(&data.open), as_of, 0, threads);
    let t1 = Instant::now();
    let rows = match_payments(&inv_ids, &pay_ids, Some(&overdue), Unmatched::Skip, threads).expect("match");
    let t2 = Instant::now();
    let codes: Vec<&str> = data.currencies.iter().map(String::as_str).collect();
    let invoices = InvoiceRows {
        due_date: &data.due,
        amount: &data.amount,
        currency: &data.currency,
        currencies: &codes,
        issue_date: None,
        rows: Some(&overdue),
    };
    let payments = PaymentRows { invoice: &rows, date: &data.pay_date, amount: &data.pay_amount };
    let as_of_date = arrears::aging::date_of_day_number("as_of", as_of).expect("as_of");
    let (rounding, calendar) = (Rounding::default(), Calendar::default());
    let batch = InterestBatch {
        rule: rule.into(),
        as_of: as_of_date,
        rounding: &rounding,
        calendar: &calendar,
        threads,
        breakdown: false,
    };
    let out = interest_columns(&batch, &invoices, &payments).expect("interest");
    let t3 = Instant::now();
    // the report's order: by invoice id (checked, and sorted only when not in that order)
    let (order, interest) = match id_order(&inv_ids, Some(&overdue), threads) {
        None => (overdue, out.interest),
        Some(pos) => (
            pos.iter().map(|&k| overdue[k as usize]).collect(),
            pos.iter().map(|&k| out.interest[k as usize]).collect(),
        ),
    };
    if std::env::var_os("ARREARS_BENCH_STEPS").is_some() {
        let s = |a: Instant, b: Instant| (b - a).as_secs_f64();
        eprintln!(
            "filter {:.4} match {:.4} interest {:.4} order {:.4}",
            s(t0, t1),
            s(t1, t2),
            s(t2, t3),
            t3.elapsed().as_secs_f64()
        );
    }
    (order, interest)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let repeat: usize = arg("--repeat").and_then(|r| r.parse().ok()).unwrap_or(5);
    let threads: usize = arg("--threads").and_then(|r| r.parse().ok()).unwrap_or(0);
    let as_of = day(&arg("--as-of").unwrap_or_else(|| "2025-06-30".into()));
    let t = Instant::now();
    let data = match arg("--data") {
        Some(dir) if args.iter().any(|a| a == "--cache") => cached(&dir),
        Some(dir) => load_csv(&dir),
        None => synthetic(1_000_000, as_of),
    };
    let load_s = t.elapsed().as_secs_f64();
    let rule = rule();
    let mut times = Vec::new();
    let mut rep = None;
    let cpu0 = cpu_s();
    for _ in 0..repeat.max(1) {
        drop(rep.take());
        let t = Instant::now();
        rep = Some(black_box(report(&data, &rule, as_of, threads)));
        times.push(t.elapsed().as_secs_f64());
    }
    let cpu_per_run = (cpu_s() - cpu0) / times.len() as f64;
    let (order, interest) = rep.expect("one run");
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let mut text = Vec::new();
    let mut total: i64 = 0;
    for (&i, &v) in order.iter().zip(&interest) {
        let i = i as usize;
        total += v;
        let id = String::from_utf8_lossy(&data.inv_ids[data.inv_off[i] as usize..data.inv_off[i + 1] as usize]);
        writeln!(
            text,
            "{id},{},{},{},{},{}",
            data.customers[data.customer[i] as usize],
            data.currencies[data.currency[i] as usize],
            as_of - data.due[i],
            money(data.open[i]),
            money(v)
        )
        .expect("write");
    }
    println!(
        "{{\"peer\": \"arrears-rust\", \"op\": \"interest\", \"n\": {}, \"threads\": {}, \"load_s\": {:.4}, \"compute_s\": {:.4}, \"compute_runs_s\": [{}], \"rows\": {}, \"total\": \"{}\", \"sha256\": \"{}\", \"compute_cpu_s_per_run\": {:.3}}}",
        data.due.len(),
        if threads == 0 { std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) } else { threads },
        load_s,
        median,
        times.iter().map(|t| format!("{t:.4}")).collect::<Vec<_>>().join(", "),
        order.len(),
        money(total),
        sha256_hex(&text),
        cpu_per_run,
    );
}
