//! The COLLECTION WORKLIST of ../shared/bench (common.py, README "Definitions") computed with
//! arrears, printing the peers' one-line JSON (rows, total, sha256, compute_s).
//!
//! ```text
//! cargo bench -p arrears --bench worklist -- --data /tmp/arrears-peers/n10000000 [--repeat 5] [--threads 0] [--cache] [--k 1000]
//! cargo bench -p arrears --bench worklist        # no data: 1M synthetic invoices, no peer checksum
//! ```
//!
//! Load (outside the timing): `invoices.csv`, `closed_invoices.csv` and `payments.csv` into the
//! columns a caller holds (ids as an Arrow `utf8` column holds them: offsets into one buffer;
//! currencies as a dictionary index; dates as day numbers; money in cents). `--cache` keeps them
//! in `<data>/arrears-worklist.bin` for the next run. Compute (timed, median of `--repeat` runs):
//! [`worklist_columns`] with [`WorklistConfig::bench`], from those columns to the ranked top K
//! (the payments joined to their invoices by id, the overdue groups by customer id and currency,
//! the scores, the top K with their components). The checksum is formatted outside the timing,
//! as the peers do. `compute_cpu_s_per_run` is the process's user + system CPU per run (on a
//! shared machine it tells the work from the waiting). A benchmark measures; it asserts nothing
//! about time.

use std::collections::HashMap;
use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

#[path = "support.rs"]
mod support;
use support::{cents, cpu_s, day, money, put, sha256_hex, take};

use arrears::collections::{
    worklist_columns, InvoiceColumns, PaymentColumns, WorklistColumns, WorklistConfig, WorklistRow,
};
use arrears::columnar::Utf8Ids;

/// The columns of the three files.
#[derive(Default)]
struct Data {
    inv_off: Vec<i32>,
    inv_ids: Vec<u8>,
    cust_off: Vec<i32>,
    cust_ids: Vec<u8>,
    currency: Vec<u16>,
    currencies: Vec<String>,
    due: Vec<i32>,
    open: Vec<i64>,
    c_inv_off: Vec<i32>,
    c_inv_ids: Vec<u8>,
    c_cust_off: Vec<i32>,
    c_cust_ids: Vec<u8>,
    c_due: Vec<i32>,
    pay_off: Vec<i32>,
    pay_ids: Vec<u8>,
    pay_date: Vec<i32>,
    pay_amount: Vec<i64>,
}

/// Reads one invoices file: ids, customers, due days; currency and open amount when `open`.
fn load_invoices(path: &str, d: &mut Data, open: bool) {
    let text = std::fs::read_to_string(path).expect("invoices file");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (ii, ci, di, oi, ki) =
        (col("invoice_id"), col("customer_id"), col("due_date"), col("open_amount"), col("currency"));
    let mut curs: HashMap<String, u16> = d.currencies.iter().enumerate().map(|(k, c)| (c.clone(), k as u16)).collect();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        if open {
            d.inv_ids.extend_from_slice(f[ii].as_bytes());
            d.inv_off.push(d.inv_ids.len() as i32);
            d.cust_ids.extend_from_slice(f[ci].as_bytes());
            d.cust_off.push(d.cust_ids.len() as i32);
            d.due.push(day(f[di]));
            d.open.push(cents(f[oi]));
            let next = curs.len() as u16;
            let k = *curs.entry(f[ki].to_string()).or_insert_with(|| {
                d.currencies.push(f[ki].to_string());
                next
            });
            d.currency.push(k);
        } else {
            d.c_inv_ids.extend_from_slice(f[ii].as_bytes());
            d.c_inv_off.push(d.c_inv_ids.len() as i32);
            d.c_cust_ids.extend_from_slice(f[ci].as_bytes());
            d.c_cust_off.push(d.c_cust_ids.len() as i32);
            d.c_due.push(day(f[di]));
        }
    }
}

fn load_csv(dir: &str) -> Data {
    let mut d = Data {
        inv_off: vec![0],
        cust_off: vec![0],
        c_inv_off: vec![0],
        c_cust_off: vec![0],
        pay_off: vec![0],
        ..Data::default()
    };
    load_invoices(&format!("{dir}/invoices.csv"), &mut d, true);
    load_invoices(&format!("{dir}/closed_invoices.csv"), &mut d, false);
    let text = std::fs::read_to_string(format!("{dir}/payments.csv")).expect("payments.csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (ii, di, ai) = (col("invoice_id"), col("paid_date"), col("amount"));
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        d.pay_ids.extend_from_slice(f[ii].as_bytes());
        d.pay_off.push(d.pay_ids.len() as i32);
        d.pay_date.push(day(f[di]));
        d.pay_amount.push(cents(f[ai]));
    }
    d
}

fn cached(dir: &str) -> Data {
    let path = format!("{dir}/arrears-worklist.bin");
    if let Ok(b) = std::fs::read(&path) {
        let at = &mut 0;
        let mut d = Data {
            inv_off: take(&b, at),
            inv_ids: take(&b, at),
            cust_off: take(&b, at),
            cust_ids: take(&b, at),
            ..Data::default()
        };
        let curs: Vec<u8> = take(&b, at);
        d.currencies = String::from_utf8(curs).expect("utf8").split('\n').map(String::from).collect();
        d.currency = take(&b, at);
        d.due = take(&b, at);
        d.open = take(&b, at);
        d.c_inv_off = take(&b, at);
        d.c_inv_ids = take(&b, at);
        d.c_cust_off = take(&b, at);
        d.c_cust_ids = take(&b, at);
        d.c_due = take(&b, at);
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
    put(&mut b, &d.cust_off);
    put(&mut b, &d.cust_ids);
    put(&mut b, d.currencies.join("\n").as_bytes());
    put(&mut b, &d.currency);
    put(&mut b, &d.due);
    put(&mut b, &d.open);
    put(&mut b, &d.c_inv_off);
    put(&mut b, &d.c_inv_ids);
    put(&mut b, &d.c_cust_off);
    put(&mut b, &d.c_cust_ids);
    put(&mut b, &d.c_due);
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
    let mut d = Data {
        inv_off: vec![0],
        cust_off: vec![0],
        c_inv_off: vec![0],
        c_cust_off: vec![0],
        pay_off: vec![0],
        ..Data::default()
    };
    d.currencies = ["CHF", "EUR", "GBP", "SEK", "USD"].map(String::from).to_vec();
    let customers = n / 50 + 1;
    for i in 0..n {
        let id = format!("INV-{:09}", i + 1);
        d.inv_ids.extend_from_slice(id.as_bytes());
        d.inv_off.push(d.inv_ids.len() as i32);
        d.cust_ids.extend_from_slice(format!("CUST-{:07}", next() % customers as u64).as_bytes());
        d.cust_off.push(d.cust_ids.len() as i32);
        d.currency.push((next() % 5) as u16);
        let due = as_of - 1000 + (next() % 1100) as i32;
        d.due.push(due);
        let amount = (next() % 500_000) as i64 + 100;
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

fn ids<'a>(off: &'a [i32], bytes: &'a [u8]) -> Utf8Ids<'a> {
    Utf8Ids::try_new(off, bytes, None, off.len() - 1).expect("ids")
}

fn report(data: &Data, config: &WorklistConfig, threads: usize) -> Vec<WorklistRow> {
    let (inv, cust, c_inv, c_cust, pay) = (
        ids(&data.inv_off, &data.inv_ids),
        ids(&data.cust_off, &data.cust_ids),
        ids(&data.c_inv_off, &data.c_inv_ids),
        ids(&data.c_cust_off, &data.c_cust_ids),
        ids(&data.pay_off, &data.pay_ids),
    );
    let codes: Vec<&str> = data.currencies.iter().map(String::as_str).collect();
    let cols = WorklistColumns {
        open: InvoiceColumns {
            invoice_id: inv,
            customer: cust,
            due_date: &data.due,
            currency: &data.currency,
            open_amount: &data.open,
            disputed: None,
        },
        closed: Some(InvoiceColumns {
            invoice_id: c_inv,
            customer: c_cust,
            due_date: &data.c_due,
            currency: &[],
            open_amount: &[],
            disputed: None,
        }),
        payments: PaymentColumns { invoice_id: pay, paid_date: &data.pay_date, amount: &data.pay_amount },
        currencies: &codes,
        scale: 2,
    };
    worklist_columns(&cols, config, threads).expect("worklist")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let repeat: usize = arg("--repeat").and_then(|r| r.parse().ok()).unwrap_or(5);
    let threads: usize = arg("--threads").and_then(|r| r.parse().ok()).unwrap_or(0);
    let k: usize = arg("--k").and_then(|r| r.parse().ok()).unwrap_or(1000);
    let as_of_text = arg("--as-of").unwrap_or_else(|| "2025-06-30".into());
    let as_of = day(&as_of_text);
    let t = Instant::now();
    let data = match arg("--data") {
        Some(dir) if args.iter().any(|a| a == "--cache") => cached(&dir),
        Some(dir) => load_csv(&dir),
        None => synthetic(1_000_000, as_of),
    };
    let load_s = t.elapsed().as_secs_f64();
    let config = WorklistConfig::bench(arrears::parse_date("as_of", &as_of_text).expect("as_of"), k);
    let mut times = Vec::new();
    let mut rep = None;
    let cpu0 = cpu_s();
    for _ in 0..repeat.max(1) {
        drop(rep.take());
        let t = Instant::now();
        rep = Some(black_box(report(&data, &config, threads)));
        times.push(t.elapsed().as_secs_f64());
    }
    let cpu_per_run = (cpu_s() - cpu0) / times.len() as f64;
    let rows = rep.expect("one run");
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let mut text = Vec::new();
    let mut total: i64 = 0;
    for r in &rows {
        let cents = (r.overdue * arrears::rust_decimal::Decimal::from(100)).trunc().mantissa() as i64;
        total += cents;
        writeln!(
            text,
            "{},{},{},{},{},{},{},{}",
            r.rank,
            r.customer,
            r.currency,
            money(cents),
            r.n_overdue,
            r.max_dpd,
            r.avg_late,
            r.score
        )
        .expect("write");
    }
    println!(
        "{{\"peer\": \"arrears-rust\", \"op\": \"worklist\", \"n\": {}, \"threads\": {}, \"load_s\": {:.4}, \"compute_s\": {:.4}, \"compute_runs_s\": [{}], \"rows\": {}, \"total\": \"{}\", \"sha256\": \"{}\", \"compute_cpu_s_per_run\": {:.3}}}",
        data.due.len(),
        if threads == 0 { std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) } else { threads },
        load_s,
        median,
        times.iter().map(|t| format!("{t:.4}")).collect::<Vec<_>>().join(", "),
        rows.len(),
        money(total),
        sha256_hex(&text),
        cpu_per_run,
    );
}
