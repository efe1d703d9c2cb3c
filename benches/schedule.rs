//! Schedule generation throughput: parsed terms applied to many invoices.
//!
//! `cargo bench -p arrears --bench schedule` (release). Prints schedules per second for a
//! 2-line term ("30 % now, balance 60 days after end of month"), a 3-part equal split, the
//! same 2-line term through the JSON wire entry point (what each binding call pays), and both
//! terms through the columnar batch entry point `batch::schedule_columns` (what the Python,
//! Node and C batch calls run), in invoices per second.
//! A benchmark measures; it asserts nothing about time.

use std::hint::black_box;
use std::time::Instant;

use arrears::batch::{schedule_columns, InvoiceColumns};
use arrears::{call_json, schedule, DueRule, PaymentTerms, ScheduleOptions, Step, TermLine};
use chrono::NaiveDate;
use rust_decimal::Decimal;

fn inputs(n: usize) -> Vec<(Decimal, NaiveDate)> {
    // Deterministic spread of totals (0.01 .. 99,999.99) and dates over ten years.
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let cents = (x % 9_999_999) as i64 + 1;
            (Decimal::new(cents, 2), start + chrono::Duration::days((x >> 40) as i64 % 3650))
        })
        .collect()
}

fn bench(name: &str, n: usize, rounds: usize, f: impl FnMut() -> usize) {
    bench_unit(name, "schedules/s", n, rounds, f);
}

fn bench_unit(name: &str, unit: &str, n: usize, rounds: usize, mut f: impl FnMut() -> usize) {
    f(); // warm up
    let mut best = f64::INFINITY;
    let mut sink = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        sink += f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    black_box(sink);
    println!("{name:<48} {:>12.0} {unit}  ({:>7.1} ns each, best of {rounds})", n as f64 / best, best * 1e9 / n as f64);
}

fn main() {
    let n = 200_000;
    let data = inputs(n);
    let two_line = PaymentTerms::new(vec![
        TermLine::percent(Decimal::from(30), DueRule::immediate()),
        TermLine::balance(vec![Step::EndOfMonth, Step::AddDays(60)]),
    ])
    .unwrap();
    let equal3 = PaymentTerms::equal_split(3, |k| vec![Step::AddDays(30 * (k as i32 + 1))]).unwrap();
    let opts = ScheduleOptions::default();

    println!("arrears {} schedule benchmark, {n} invoices, 1 thread", arrears::VERSION);
    bench("2-line term (30 % now, balance EOM + 60)", n, 5, || {
        data.iter().map(|(t, d)| schedule(*t, "EUR", *d, &two_line, &opts).unwrap().installments.len()).sum()
    });
    bench("equal split 30/60/90", n, 5, || {
        data.iter().map(|(t, d)| schedule(*t, "EUR", *d, &equal3, &opts).unwrap().installments.len()).sum()
    });
    // The batch path: the same invoices as columns (minor units, day numbers).
    let totals: Vec<i64> = data.iter().map(|(t, _)| t.mantissa() as i64).collect();
    let currency = vec![0u16; n];
    let days: Vec<i32> = data.iter().map(|(_, d)| arrears::aging::day_number(*d)).collect();
    let invoices = InvoiceColumns { total: &totals, currency: &currency, base_date: &days, terms: None };
    for (name, terms) in
        [("batch: 2-line term (schedule_columns)", &two_line), ("batch: equal split 30/60/90", &equal3)]
    {
        let terms = std::slice::from_ref(terms);
        bench_unit(name, "invoices/s ", n, 5, || schedule_columns(terms, &["EUR"], &opts, &invoices).unwrap().len());
    }
    let requests: Vec<String> = data
        .iter()
        .take(n / 10)
        .map(|(t, d)| {
            format!(
                r#"{{"total":"{t}","currency":"EUR","base_date":"{d}","terms":{{"lines":[{{"kind":"percent","value":"30"}},{{"kind":"balance","due":["end_of_month",{{"add_days":60}}]}}]}}}}"#
            )
        })
        .collect();
    bench("2-line term through call_json (parse + run + JSON)", requests.len(), 3, || {
        requests.iter().map(|r| call_json("schedule", r).unwrap().len()).sum()
    });
}
