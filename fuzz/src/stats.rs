//! Call statistics of the `call_json` target: how many calls of each operation succeed (a
//! generator whose requests all fail tests only the error paths).

use arrears::wire::{OPERATIONS, REPORT_OPERATIONS};
use std::sync::atomic::{AtomicU64, Ordering};

/// The operations the target calls: the wire's, the report ones, and an unknown one.
pub const N_OPS: usize = OPERATIONS.len() + REPORT_OPERATIONS.len() + 1;

/// The name of operation `i` (the last: an unknown one).
pub fn op_name(i: usize) -> &'static str {
    if i < OPERATIONS.len() {
        OPERATIONS[i]
    } else if i < OPERATIONS.len() + REPORT_OPERATIONS.len() {
        REPORT_OPERATIONS[i - OPERATIONS.len()]
    } else {
        "reschedule"
    }
}

static CALLS: [AtomicU64; N_OPS] = [const { AtomicU64::new(0) }; N_OPS];
static OKS: [AtomicU64; N_OPS] = [const { AtomicU64::new(0) }; N_OPS];
static CLEAN: AtomicU64 = AtomicU64::new(0);
static CLEAN_OK: AtomicU64 = AtomicU64::new(0);
static TOTAL: AtomicU64 = AtomicU64::new(0);

/// Counts a call; with `ARREARS_FUZZ_STATS` set, prints the share of successful calls (all,
/// unmutated, per operation) every 2^k calls from 1024 on.
pub fn record(op: usize, ok: bool, mutated: bool) {
    CALLS[op].fetch_add(1, Ordering::Relaxed);
    if ok {
        OKS[op].fetch_add(1, Ordering::Relaxed);
    }
    if !mutated {
        CLEAN.fetch_add(1, Ordering::Relaxed);
        if ok {
            CLEAN_OK.fetch_add(1, Ordering::Relaxed);
        }
    }
    let n = TOTAL.fetch_add(1, Ordering::Relaxed) + 1;
    if n >= 1024 && n.is_power_of_two() && std::env::var_os("ARREARS_FUZZ_STATS").is_some() {
        let oks: u64 = OKS.iter().map(|a| a.load(Ordering::Relaxed)).sum();
        let (c, co) = (CLEAN.load(Ordering::Relaxed), CLEAN_OK.load(Ordering::Relaxed));
        let mut per = Vec::new();
        for (i, calls) in CALLS.iter().enumerate() {
            let calls = calls.load(Ordering::Relaxed);
            let ok = OKS[i].load(Ordering::Relaxed);
            per.push(format!("{} {}/{}", op_name(i), ok, calls));
        }
        eprintln!(
            "call_json stats: {n} calls, {oks} ok ({:.1} %); unmutated {co}/{c} ok ({:.1} %)\n  per op: {}",
            100.0 * oks as f64 / n as f64,
            100.0 * co as f64 / c.max(1) as f64,
            per.join(", ")
        );
    }
}
