//! The worst requests under 1 MB: time and peak memory of each (issue 10, "no small request may
//! burn seconds or gigabytes"). Target: every one completes in under 100 ms and 100 MB.
//!
//! `cargo bench -p arrears --bench limits` (release). Each request is built as JSON text (as a
//! binding sends it), checked to be under 1 MB, run through `call_json` five times; the line
//! gives its size, whether it succeeded (or the error code: a request beyond a limit is refused
//! early), the best and worst time, and the peak heap it claimed above what was live before it
//! (counted by this program's allocator). The shapes are those the fuzzing and the exhaustive
//! search found slow before the limits (`arrears::limits`), pushed to the limits.
//! A benchmark measures; it asserts nothing about time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// The system allocator, counting the bytes live and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(p, layout)
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const MB: usize = 1 << 20;

fn run(name: &str, op: &str, request: String) {
    assert!(request.len() < MB, "{name}: the request is {} bytes, not under 1 MB", request.len());
    let (mut best, mut worst, mut peak) = (f64::INFINITY, 0f64, 0usize);
    let mut outcome = String::new();
    for _ in 0..5 {
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let t = Instant::now();
        let r = arrears::call_json(op, &request);
        let s = t.elapsed().as_secs_f64();
        peak = peak.max(PEAK.load(Ordering::Relaxed) - before);
        best = best.min(s);
        worst = worst.max(s);
        outcome = match r {
            Ok(out) => format!("ok ({} bytes out)", out.len()),
            Err(e) => format!("{} at {}", e.kind().code(), e.field()),
        };
    }
    println!(
        "{name:<52} {:>7.0} KB  {:>8.2}-{:>8.2} ms  peak {:>6.1} MB  {outcome}",
        request.len() as f64 / 1024.0,
        best * 1e3,
        worst * 1e3,
        peak as f64 / MB as f64
    );
}

fn dates(from: &str, n: usize) -> Vec<String> {
    let start = arrears::parse_date("d", from).unwrap();
    (0..n).map(|k| format!("\"{}\"", arrears::format_date(start + chrono::Days::new(k as u64)))).collect()
}

fn main() {
    println!("{:<52} {:>10}  {:>20}  {:>12}  outcome", "request", "size", "time (best-worst)", "peak heap");
    // Terms at the limits: 600 lines, each with 8 tiers of 8 steps (the static deadline check
    // applies every rule on 14 probe dates).
    let steps = |n: usize, tail: &str| {
        let mut v = vec!["\"end_of_month\"".to_string(); n - 1];
        v.push(tail.to_string());
        format!("[{}]", v.join(","))
    };
    let tier = format!("{{\"percent\":\"1\",\"due\":{}}}", steps(8, "{\"add_days\":1}"));
    let tiers = format!("[{}]", vec![tier; 8].join(","));
    let line = format!("{{\"kind\":\"equal\",\"due\":{},\"discounts\":{tiers}}}", steps(8, "{\"add_days\":30}"));
    let lines = |n: usize| format!("[{}]", vec![line.clone(); n].join(","));
    run("terms: 600 lines x 8 tiers x 8 steps", "terms", format!("{{\"lines\":{}}}", lines(600)));
    // Schedule: 1,200 equal lines through 60k consecutive holidays (every line's due date falls
    // in the run; each used to walk it day by day).
    let holidays = dates("2026-01-01", 60_000).join(",");
    let equal = vec!["{\"kind\":\"equal\",\"due\":[{\"add_days\":30}]}"; 1_200].join(",");
    run(
        "schedule: 1,200 equal lines, 60k consecutive holidays",
        "schedule",
        format!(
            "{{\"total\":\"1000000.00\",\"currency\":\"EUR\",\"base_date\":\"2026-01-01\",\
             \"terms\":{{\"lines\":[{equal}],\"adjustment\":\"following\"}},\"calendar\":{{\"holidays\":[{holidays}]}}}}"
        ),
    );
    run(
        "schedule: 1,200 preceding lines, 60k holidays",
        "schedule",
        format!(
            "{{\"total\":\"1000000.00\",\"currency\":\"EUR\",\"base_date\":\"2026-01-01\",\
             \"terms\":{{\"lines\":[{equal}],\"adjustment\":\"modified_following\"}},\"calendar\":{{\"holidays\":[{holidays}]}}}}"
        ),
    );
    // Over the limits: refused before any work.
    run(
        "terms: 40k lines (over the limit)",
        "terms",
        format!("{{\"lines\":[{}]}}", vec!["{\"kind\":\"equal\"}"; 40_000].join(",")),
    );
    let eom = vec!["\"end_of_month\""; 60_000].join(",");
    run(
        "terms: a rule of 60k steps (over the limit)",
        "terms",
        format!("{{\"lines\":[{{\"kind\":\"balance\",\"due\":[{eom}]}}]}}"),
    );
    // Notation: 1 MB of tiers (refused by length) and a text at the limit.
    run(
        "parse_terms: 1 MB of tiers (over the limit)",
        "parse_terms",
        format!("{{\"text\":\"{}net 30\"}}", "2/10 ".repeat(200_000)),
    );
    let tiers8: String = (0..8).map(|k| format!("{}/{} ", 8 - k, 10 + k)).collect();
    let text = format!("{tiers8}net 30 EOM cut-off 25 following");
    run(
        "parse_terms: 4 KB text at the limit",
        "parse_terms",
        format!("{{\"text\":\"{text}{}\"}}", " ".repeat(4_096 - text.len())),
    );
    // Reports: 3,000 small reports merged at once (each used to rebuild the accumulated rows).
    let report = |c: usize| {
        format!(
            "{{\"as_of\":\"2026-11-24\",\"basis\":\"due_date\",\"not_due\":\"column\",\"columns\":[\"not_due\",\"1-30\"],\
             \"rows\":[{{\"customer\":\"C{c:05}\",\"currency\":\"EUR\",\"buckets\":[\"1.00\",\"2.00\"],\"disputed\":\"0.00\",\"total\":\"3.00\",\"items\":2}}],\
             \"totals\":[{{\"currency\":\"EUR\",\"buckets\":[\"1.00\",\"2.00\"],\"disputed\":\"0.00\",\"total\":\"3.00\",\"items\":2,\"percent_current\":\"33.33\"}}]}}"
        )
    };
    let reports: Vec<String> = (0..3_000).map(|c| report(c % 1_000)).collect();
    run("aging_merge: 3,000 reports", "aging_merge", format!("{{\"reports\":[{}]}}", reports.join(",")));
    // Aging: 1 MB of items with 64 bounds.
    let items: Vec<String> = (0..9_000)
        .map(|k| {
            format!(
                "{{\"customer\":\"C{:04}\",\"currency\":\"EUR\",\"due_date\":\"2026-{:02}-{:02}\",\"amount\":\"{}.{:02}\"}}",
                k % 2_000,
                1 + k % 12,
                1 + k % 28,
                k,
                k % 100
            )
        })
        .collect();
    let bounds: Vec<String> = (1..=64).map(|b| (b * 7).to_string()).collect();
    run(
        "aging: 9,000 items, 64 bounds",
        "aging",
        format!("{{\"as_of\":\"2026-11-24\",\"bounds\":[{}],\"items\":[{}]}}", bounds.join(","), items.join(",")),
    );
    // Forecast: 520 weekly periods over 5 currencies, 1 MB of items and history.
    let codes = ["EUR", "USD", "JPY", "KWD", "GBP"];
    let open: Vec<String> = (0..6_000)
        .map(|k| {
            format!(
                "{{\"customer\":\"C{:04}\",\"currency\":\"{}\",\"due_date\":\"2027-{:02}-{:02}\",\"amount\":\"{}\"}}",
                k % 1_000,
                codes[k % 5],
                1 + k % 12,
                1 + k % 28,
                k
            )
        })
        .collect();
    let history: Vec<String> = (0..3_000)
        .map(|k| {
            format!(
                "{{\"customer\":\"C{:04}\",\"amount\":\"{}.00\",\"issue_date\":\"2026-01-01\",\"due_date\":\"2026-01-31\",\"paid_date\":\"2026-02-{:02}\"}}",
                k % 1_000,
                k + 1,
                1 + k % 28
            )
        })
        .collect();
    run(
        "cash_forecast: 520 weeks, 6,000 items, 3,000 paid",
        "cash_forecast",
        format!(
            "{{\"as_of\":\"2026-11-24\",\"horizon\":520,\"open\":[{}],\"history\":[{}]}}",
            open.join(","),
            history.join(",")
        ),
    );
    // A due date through 75k holidays.
    let holidays = dates("2026-01-01", 75_000).join(",");
    run(
        "due_date: 8 steps through 75k holidays",
        "due_date",
        format!(
            "{{\"base_date\":\"2026-01-01\",\"steps\":{},\"adjustment\":\"preceding\",\"calendar\":{{\"holidays\":[{holidays}]}}}}",
            steps(8, "{\"add_days\":1}")
        ),
    );
}
