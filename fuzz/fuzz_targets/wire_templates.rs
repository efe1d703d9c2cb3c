//! Every operation `call_json` knows (`arrears::wire::operations()`, whatever domains have
//! landed: terms, reports, late charges, and each one added later), driven from the shared
//! conformance vectors (`tests/vectors/*.json`, read once at start): a vector's request of the
//! operation is the template, and its leaves are perturbed the way callers get them wrong —
//! amounts of any size and scale, dates near month ends, leap days and the range edges,
//! currencies with 0 to 4 decimals or unknown, small and huge integers — then, one time in
//! five, mutated (a field dropped, renamed, made null or of a wrong type, an unknown field
//! added) and one time in fifty damaged as text. The `call_json` target has hand-written
//! generators for the older operations; this one needs none, so a new operation is fuzzed as
//! soon as it has vectors.
//!
//! Checks, for every request: no panic; an error names a field and serializes; a success is
//! canonical JSON; an untouched template gives its vector's expected response. Per operation,
//! for requests that were only perturbed (not mutated): `interest`'s periods add up to its
//! interest; each `statement` line's total due is its principal, interest and fees, and each
//! currency's totals are its lines' sums.
//!
//! `ARREARS_FUZZ_TRACE=1` prints each call's operation, outcome and request.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Unstructured;
use arrears::call_json;
use arrears_fuzz as g;
use arrears_fuzz::mutate::{damage, mutate};
use arrears_fuzz::U;
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

type R<T> = arbitrary::Result<T>;

/// A vector's case: its operation, its request, and its expected response if it has one.
struct Case {
    op: String,
    request: Value,
    expected: Option<Value>,
}

fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("the vectors are read from {dir}: {e}"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        let mut out = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            for c in doc["cases"].as_array().into_iter().flatten() {
                if let (Some(op), Some(request)) = (c["op"].as_str(), c.get("request")) {
                    out.push(Case {
                        op: op.to_string(),
                        request: request.clone(),
                        expected: c.get("expected").cloned(),
                    });
                }
            }
        }
        out
    })
}

fn ops() -> &'static [&'static str] {
    static OPS: OnceLock<Vec<&'static str>> = OnceLock::new();
    OPS.get_or_init(|| {
        let mut ops = arrears::wire::operations();
        ops.push("reschedule"); // an unknown one
        ops
    })
}

fn is_date(s: &str) -> bool {
    s.len() == 10
        && s.as_bytes()[4] == b'-'
        && s.as_bytes()[7] == b'-'
        && s.chars().filter(|c| c.is_ascii_digit()).count() == 8
}

fn is_decimal(s: &str) -> Option<u32> {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let ok = !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit());
    ok.then_some(frac.len() as u32)
}

fn is_currency(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// Perturbs the leaves of `v`, each with probability one in `den`.
fn perturb(v: &mut Value, u: U, den: u32) -> R<()> {
    if den == 0 {
        return Ok(());
    }
    match v {
        Value::Object(m) => {
            for (_, x) in m.iter_mut() {
                perturb(x, u, den)?;
            }
        }
        Value::Array(a) => {
            for x in a.iter_mut() {
                perturb(x, u, den)?;
            }
            // now and then an element doubled or dropped (lists of events, items, rates)
            if !a.is_empty() && g::chance(u, 1, 12)? {
                let i = u.int_in_range(0..=a.len() - 1)?;
                if g::chance(u, 1, 2)? {
                    let x = a[i].clone();
                    a.insert(i, x);
                } else {
                    a.remove(i);
                }
            }
        }
        Value::String(s) if g::chance(u, 1, den)? => {
            if is_date(s) {
                *s = g::date_text(u)?;
            } else if let Some(scale) = is_decimal(s) {
                let scale = if g::chance(u, 1, 8)? { u.int_in_range(0..=6)? } else { scale };
                *s = g::amount(u, scale)?.to_string();
            } else if is_currency(s) {
                *s = g::currency(u)?.to_string();
            }
        }
        Value::Number(n) if g::chance(u, 1, den)? => {
            let x = *u.choose(&[0i64, 1, 2, -1, 7, 28, 31, 365, 366, 10_000, i64::from(u32::MAX), i64::MAX])?;
            *n = if n.is_u64() && x < 0 { serde_json::Number::from(0) } else { serde_json::Number::from(x) };
        }
        Value::Bool(b) if g::chance(u, 1, den)? => *b = !*b,
        _ => {}
    }
    Ok(())
}

fn dec(v: &Value) -> Decimal {
    v.as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("not a decimal string: {v}"))
}

fn sum(list: &Value, field: &str) -> Decimal {
    list.as_array().into_iter().flatten().map(|x| dec(&x[field])).sum()
}

fn check(op: &str, out: &Value) {
    match op {
        "interest" => {
            if let Some(p) = out.get("periods").filter(|p| p.is_array()) {
                if !p.as_array().is_some_and(|a| a.is_empty()) {
                    assert_eq!(sum(p, "interest"), dec(&out["interest"]), "interest periods add up: {out}");
                }
            }
        }
        "statement" => {
            let lines = out["lines"].as_array().cloned().unwrap_or_default();
            for l in &lines {
                assert_eq!(
                    dec(&l["total_due"]),
                    dec(&l["principal"]) + dec(&l["interest"]) + dec(&l["fees"]),
                    "a line's total due: {l}"
                );
            }
            for t in out["totals"].as_array().into_iter().flatten() {
                let mine: Vec<&Value> = lines.iter().filter(|l| l["currency"] == t["currency"]).collect();
                for f in ["principal", "interest", "fees", "total_due", "discount"] {
                    let s: Decimal = mine.iter().map(|l| dec(&l[f])).sum();
                    assert_eq!(s, dec(&t[f]), "totals[{}].{f} is its lines' sum: {out}", t["currency"]);
                }
            }
        }
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let ops = ops();
    let Ok(i) = u.int_in_range(0..=ops.len() - 1) else { return };
    let op = ops[i];
    let mine: Vec<&Case> = cases().iter().filter(|c| c.op == op).collect();
    let (mut req, expected) = if mine.is_empty() {
        (Value::Object(Map::new()), None)
    } else {
        let Ok(k) = u.int_in_range(0..=mine.len() - 1) else { return };
        (mine[k].request.clone(), mine[k].expected.as_ref())
    };
    // one request in four as the vector has it (0: no perturbation)
    let den = *u.choose(&[0u32, 2, 4, 8]).unwrap_or(&0);
    let orig = req.clone();
    if perturb(&mut req, &mut u, den).is_err() {
        return;
    }
    let untouched = req == orig;
    let mut mutated = false;
    if g::chance(&mut u, 1, 5).unwrap_or(false) {
        mutated = true;
        let _ = mutate(&mut req, &mut u);
    }
    let mut text = req.to_string();
    if g::chance(&mut u, 1, 50).unwrap_or(false) {
        mutated = true;
        text = damage(&text, &mut u).unwrap_or(text);
    }
    let result = call_json(op, &text);
    if std::env::var_os("ARREARS_FUZZ_TRACE").is_some() {
        eprintln!("trace: {op} ok={} mutated={mutated} {text}", result.is_ok());
    }
    match result {
        Err(e) => {
            assert!(!e.field().is_empty(), "{op} {text}: an error that names no field: {e}");
            let j: Value = serde_json::from_str(&arrears::to_json(&e)).expect("errors serialize");
            assert_eq!(j["code"], e.kind().code());
            if untouched && !mutated {
                assert!(expected.is_none(), "{op} {text}: a vector's request fails: {e}");
            }
        }
        Ok(out) => {
            let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{op} {text}: not JSON: {e}: {out}"));
            assert_eq!(v.to_string(), out, "{op} {text}: not canonical JSON");
            if !mutated {
                check(op, &v);
                if untouched {
                    if let Some(want) = expected {
                        assert_eq!(&v, want, "{op} {text}: the vector's expected response");
                    }
                }
            }
        }
    }
});
