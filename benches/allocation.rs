//! The PAYMENT ALLOCATION report of ../shared/bench (common.py, README "Definitions") computed
//! with arrears, printing the peers' one-line JSON (rows, total, sha256, compute_s).
//!
//! ```text
//! cargo bench -p arrears --bench allocation -- --data /tmp/arrears-peers/n10000000 [--repeat 5] [--threads 0] [--cache]
//! cargo bench -p arrears --bench allocation        # no data: 1M synthetic invoices, no peer checksum
//! ```
//!
//! Load (outside the timing): `invoices.csv` into the columns a caller holds (ids as an Arrow
//! `utf8` column holds them; customers dictionary-encoded; dates as day numbers; money in
//! cents). `--cache` keeps them in `<data>/arrears-allocation.bin` for the next run. Compute
//! (timed, median of `--repeat` runs), from those columns to the finished report: each
//! (customer, currency)'s open balance ([`open_balances`]) and its receipt of
//! floor(balance × 55 / 100) on the as-of date, the allocation of every receipt oldest first
//! ([`allocate_columns`]: due date, then invoice id), and the report rows (the invoices that
//! receive money) in invoice-id order ([`id_order`]).
//! The checksum is formatted outside the timing, as the peers do. Besides the peers' fields the
//! line has `compute_cpu_s_per_run` (user + system CPU of the process per run);
//! `ARREARS_BENCH_STEPS=1` prints each step's time to stderr. A benchmark measures; it asserts
//! nothing about time.

use std::collections::HashMap;
use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

#[path = "support.rs"]
mod support;
use support::{cents, cpu_s, day, money, put, sha256_hex, take};

use arrears::columnar::{id_order, nonzero_rows, Utf8Ids};
use arrears::payments::{allocate_columns, open_balances, OpenItemRows, ReceiptRows};

/// The columns of the invoices file.
#[derive(Default)]
struct Data {
    inv_off: Vec<i32>,
    inv_ids: Vec<u8>,
    customer: Vec<u32>,
    customers: Vec<String>,
    currency: Vec<u16>,
    currencies: Vec<String>,
    due: Vec<i32>,
    open: Vec<i64>,
}

/// The peers' share of each open balance paid on the as-of date (common.py RECEIPT_SHARE_PCT).
const RECEIPT_SHARE_PCT: i64 = 55;

fn load_csv(dir: &str) -> Data {
    let mut data = Data { inv_off: vec![0], ..Data::default() };
    let text = std::fs::read_to_string(format!("{dir}/invoices.csv")).expect("invoices.csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (ii, ci, di, oi, ki) =
        (col("invoice_id"), col("customer_id"), col("due_date"), col("open_amount"), col("currency"));
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
        data.open.push(cents(f[oi]));
    }
    let mut by_key: Vec<(&str, u32)> = names.into_iter().collect();
    by_key.sort_by_key(|e| e.1);
    data.customers = by_key.into_iter().map(|(s, _)| s.to_string()).collect();
    data
}

fn cached(dir: &str) -> Data {
    let path = format!("{dir}/arrears-allocation.bin");
    if let Ok(b) = std::fs::read(&path) {
        let at = &mut 0;
        let mut d = Data { inv_off: take(&b, at), inv_ids: take(&b, at), customer: take(&b, at), ..Data::default() };
        let names: Vec<u8> = take(&b, at);
        d.customers = String::from_utf8(names).expect("utf8").split('\n').map(String::from).collect();
        let curs: Vec<u8> = take(&b, at);
        d.currencies = String::from_utf8(curs).expect("utf8").split('\n').map(String::from).collect();
        d.currency = take(&b, at);
        d.due = take(&b, at);
        d.open = take(&b, at);
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
    put(&mut b, &d.open);
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
    let mut d = Data { inv_off: vec![0], ..Data::default() };
    d.currencies = ["CHF", "EUR", "GBP", "SEK", "USD"].map(String::from).to_vec();
    d.customers = (0..n / 50 + 1).map(|i| format!("CUST-{:07}", i + 1)).collect();
    for i in 0..n {
        let id = format!("INV-{:09}", i + 1);
        d.inv_ids.extend_from_slice(id.as_bytes());
        d.inv_off.push(d.inv_ids.len() as i32);
        d.customer.push((next() % d.customers.len() as u64) as u32);
        d.currency.push((next() % 5) as u16);
        d.due.push(as_of - 1000 + (next() % 1100) as i32);
        d.open.push((next() % 500_000) as i64 + 100);
    }
    d
}

/// The receipts: one per (customer, currency) with open invoices, floor(balance × 55 / 100)
/// (arrears' [`open_balances`]: the sum of the open amounts above zero).
fn receipts(data: &Data, as_of: i32, threads: usize) -> (Vec<u32>, Vec<u16>, Vec<i32>, Vec<i64>) {
    let b = open_balances(&data.customer, &data.currency, &data.open, threads).expect("balances");
    let (mut rc, mut rk, mut ra) = (Vec::new(), Vec::new(), Vec::new());
    for ((&c, &k), &v) in b.customer.iter().zip(&b.currency).zip(&b.balance) {
        let r = v * RECEIPT_SHARE_PCT / 100;
        if r > 0 {
            rc.push(c);
            rk.push(k);
            ra.push(r);
        }
    }
    let rd = vec![as_of; ra.len()];
    (rc, rk, rd, ra)
}

/// The report: (invoice row, applied) of every invoice that receives money, in invoice-id order.
fn report(data: &Data, as_of: i32, threads: usize) -> (Vec<u32>, Vec<i64>) {
    let t0 = Instant::now();
    let ids = Utf8Ids::try_new(&data.inv_off, &data.inv_ids, None, data.due.len()).expect("invoice ids");
    let (rc, rk, rd, ra) = receipts(data, as_of, threads);
    let t1 = Instant::now();
    let items =
        OpenItemRows { customer: &data.customer, currency: &data.currency, due: &data.due, id: ids, open: &data.open };
    let rec = ReceiptRows { customer: &rc, currency: &rk, date: &rd, amount: &ra };
    let out = allocate_columns(&items, &rec, threads).expect("allocation");
    let t2 = Instant::now();
    // the rows that receive money (arrears' nonzero_rows: counted and compacted on all cores),
    // then in id order (arrears' id_order: checked on all cores, nothing sorted when the ledger
    // is kept by id)
    let picked = nonzero_rows(out.applied, &[], threads).expect("rows");
    let (mut rows, mut applied) = (picked.rows, picked.values);
    if let Some(order) = id_order(&ids, Some(&rows), threads) {
        rows = order.iter().map(|&k| rows[k as usize]).collect();
        applied = order.iter().map(|&k| applied[k as usize]).collect();
    }
    if std::env::var_os("ARREARS_BENCH_STEPS").is_some() {
        let s = |a: Instant, b: Instant| (b - a).as_secs_f64();
        eprintln!("receipts {:.4} allocate {:.4} report {:.4}", s(t0, t1), s(t1, t2), t2.elapsed().as_secs_f64());
    }
    (rows, applied)
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
    let mut times = Vec::new();
    let mut rep = None;
    let cpu0 = cpu_s();
    for _ in 0..repeat.max(1) {
        drop(rep.take());
        let t = Instant::now();
        rep = Some(black_box(report(&data, as_of, threads)));
        times.push(t.elapsed().as_secs_f64());
    }
    let cpu_per_run = (cpu_s() - cpu0) / times.len() as f64;
    let (rows, applied) = rep.expect("one run");
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let mut text = Vec::new();
    let mut total: i64 = 0;
    for (&i, &v) in rows.iter().zip(&applied) {
        let i = i as usize;
        total += v;
        let id = String::from_utf8_lossy(&data.inv_ids[data.inv_off[i] as usize..data.inv_off[i + 1] as usize]);
        writeln!(
            text,
            "{id},{},{},{},{}",
            data.customers[data.customer[i] as usize],
            data.currencies[data.currency[i] as usize],
            money(v),
            money(data.open[i] - v)
        )
        .expect("write");
    }
    println!(
        "{{\"peer\": \"arrears-rust\", \"op\": \"allocation\", \"n\": {}, \"threads\": {}, \"load_s\": {:.4}, \"compute_s\": {:.4}, \"compute_runs_s\": [{}], \"rows\": {}, \"total\": \"{}\", \"sha256\": \"{}\", \"compute_cpu_s_per_run\": {:.3}}}",
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
