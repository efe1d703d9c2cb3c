//! Every operation of `call_json` (`wire::OPERATIONS` and `wire::REPORT_OPERATIONS`, and an
//! unknown one) driven by a structure-aware generator: typed values (term lines, steps,
//! discounts, calendars, open items... built from the core's own types where it has them)
//! serialized into each operation's request, with amounts as decimal strings of a few shapes,
//! dates near month ends, leap days and the range edges, currencies with 0 to 4 decimals or
//! none, and bad codes. One request in ten is then mutated (a field dropped, turned into the
//! wrong type or null, an unknown field added) and one in fifty damaged as text.
//!
//! Checks, for every request: no panic; an error names a field and serializes; a success is
//! canonical JSON (parsed and written again with sorted keys: the same bytes). Per operation,
//! for unmutated requests: schedule installments sum to the total, carry the currency's
//! decimals, discounts nest in their installment and `due_date` is the latest date; `terms` is
//! idempotent; `round` keeps the scale and moves by less than a unit; aging buckets sum to row
//! totals, rows to currency totals; `aging_merge` of the reports of a split equals the report
//! of the whole; `parse_terms` -> `format_terms` -> `parse_terms` is stable; `format_terms` and
//! `to_xrechnung` read back to the terms given; settle amounts add up.
//!
//! The bugs it found (net days `to_xrechnung` wrote but `from_xrechnung` refused; `aging_merge`
//! merging reports that contradict themselves) are fixed; their inputs are in
//! fuzz/regressions/call_json/.
//!
//! `ARREARS_FUZZ_ERRORS=<op>` prints the errors of unmutated requests of one operation (to
//! tune the generator); `ARREARS_FUZZ_TRACE=1` prints each call's operation and outcome (to
//! pick seeds). `ARREARS_FUZZ_STATS=1` prints the share of successful calls (all, and per operation) every
//! 2^k executions from 1024 on.
#![no_main]

use arbitrary::Unstructured;
use arrears::notation::PRESETS;
use arrears::{call_json, from_json, to_json, PaymentTerms};
use arrears_fuzz as g;
use arrears_fuzz::mutate::{damage, mutate};
use arrears_fuzz::stats::{op_name, record, N_OPS};
use arrears_fuzz::U;
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

type R<T> = arbitrary::Result<T>;

// ---- generation -------------------------------------------------------------------------

fn s(v: impl ToString) -> Value {
    Value::String(v.to_string())
}

fn amount(u: U, scale: u32) -> R<Value> {
    Ok(s(g::amount(u, scale)?))
}

fn positive(u: U, scale: u32) -> R<Value> {
    Ok(s(g::money(u, scale)?))
}

fn date(u: U) -> R<Value> {
    Ok(s(g::date_text(u)?))
}

fn decimals(u: U) -> R<Value> {
    Ok(json!(if g::chance(u, 1, 30)? { *u.choose(&[11u64, 4_294_967_295, 12])? } else { u.int_in_range(0u64..=10)? }))
}

fn terms_value(lines: &[arrears::TermLine], adjustment: arrears::Adjustment, u: U) -> R<Value> {
    let lines: Vec<Value> = lines.iter().map(|l| serde_json::to_value(l).unwrap_or(Value::Null)).collect();
    let mut m = Map::new();
    m.insert("lines".into(), Value::Array(lines));
    if !adjustment.is_none() || g::chance(u, 1, 4)? {
        m.insert("adjustment".into(), s(adjustment.name()));
    }
    Ok(Value::Object(m))
}

/// Terms with a notation most of the time: a parsed generated notation, else generated lines.
fn notation_terms(u: U) -> R<Value> {
    if !g::chance(u, 1, 4)? {
        for _ in 0..3 {
            let options = g::notation_options(u)?;
            if let Ok(t) = PaymentTerms::parse(&g::notation_text(u)?, &options) {
                return Ok(serde_json::to_value(&t).unwrap_or(Value::Null));
            }
        }
    }
    if g::chance(u, 1, 2)? {
        let (lines, adj) = g::lines(u, 2)?;
        terms_value(&lines, adj, u)
    } else {
        let lines = g::einvoice_lines(u)?;
        terms_value(&lines, arrears::Adjustment::None, u)
    }
}

/// Terms the e-invoicing forms can carry, most of the time.
fn einvoice_terms(u: U) -> R<Value> {
    if g::chance(u, 1, 6)? {
        return notation_terms(u);
    }
    let lines = g::einvoice_lines(u)?;
    terms_value(&lines, arrears::Adjustment::None, u)
}

fn scale_of(code: &str, precision: Option<u32>) -> u32 {
    precision.or_else(|| g::minor_units(code)).unwrap_or(2)
}

fn precision(u: U, code: &str) -> R<Option<u32>> {
    Ok(if g::minor_units(code).is_none() && !g::chance(u, 1, 8)? {
        Some(u.int_in_range(0u32..=4)?)
    } else if g::chance(u, 1, 6)? {
        Some(*u.choose(&[0u32, 1, 2, 3, 4, 10, 11])?)
    } else {
        None
    })
}

fn cash_increment(u: U) -> R<Value> {
    Ok(s(*u.choose(&["0.05", "0.10", "5", "0.03", "1", "0.001", "-0.05", "0", "0.5"])?))
}

fn open_item(u: U, as_of: chrono::NaiveDate) -> R<Value> {
    let code =
        if g::chance(u, 1, 40)? { "EUX" } else { *u.choose(&["EUR", "JPY", "KWD", "CLF", "USD", "EUR", "XAU"])? };
    let scale = g::minor_units(code).unwrap_or(4);
    let due = g::date_near(u, as_of)?;
    let mut m = Map::new();
    m.insert("customer".into(), s(*u.choose(&["ACME", "BOLT", "C-1", "", "Ä", "acme"])?));
    m.insert("currency".into(), s(code));
    m.insert("due_date".into(), s(arrears::format_date(due)));
    if !g::chance(u, 1, 10)? {
        m.insert("issue_date".into(), s(arrears::format_date(g::date_near(u, due)?)));
    }
    let sc = if g::chance(u, 1, 40)? { scale + 1 } else { scale };
    m.insert("amount".into(), amount(u, sc)?);
    if g::chance(u, 1, 4)? {
        m.insert("disputed".into(), json!(g::chance(u, 1, 2)?));
    }
    if g::chance(u, 1, 8)? {
        m.insert("id".into(), s("INV-1"));
    }
    Ok(Value::Object(m))
}

fn aging_request(u: U, as_of: chrono::NaiveDate, items: Vec<Value>) -> R<Value> {
    let mut m = Map::new();
    m.insert("as_of".into(), s(arrears::format_date(as_of)));
    let fold = g::chance(u, 1, 4)?;
    if g::chance(u, 1, 3)? {
        m.insert("basis".into(), s(*u.choose(&["due_date", "issue_date"])?));
    }
    let mut nb = 3;
    if g::chance(u, 1, 3)? {
        let mut b = if fold { u.int_in_range(-30i64..=30)? } else { u.int_in_range(1i64..=30)? };
        let mut bounds = Vec::new();
        nb = u.int_in_range(1usize..=6)?;
        for _ in 0..nb {
            bounds.push(b);
            b += *u.choose(&[30, 15, 1, 60])?;
        }
        if g::chance(u, 1, 20)? {
            bounds.reverse();
        }
        m.insert("bounds".into(), json!(bounds));
    }
    if fold {
        m.insert("not_due".into(), s("fold"));
    } else if g::chance(u, 1, 5)? {
        m.insert("not_due".into(), s("column"));
    }
    if g::chance(u, 1, 8)? {
        let k = nb + usize::from(!fold) + 1;
        let labels: Vec<String> = (0..k).map(|i| format!("b{i}")).collect();
        m.insert("labels".into(), json!(labels));
    }
    if g::chance(u, 1, 3)? {
        m.insert("credits".into(), s(*u.choose(&["net", "separate"])?));
    }
    m.insert("items".into(), Value::Array(items));
    Ok(Value::Object(m))
}

fn later(u: U, d: chrono::NaiveDate) -> R<chrono::NaiveDate> {
    Ok(if g::chance(u, 1, 10)? {
        g::date_near(u, d)?
    } else {
        d.checked_add_days(chrono::Days::new(u.int_in_range(0u64..=90)?)).unwrap_or(d)
    })
}

fn paid_item(u: U) -> R<Value> {
    let issue = g::date(u)?;
    let due = later(u, issue)?;
    let paid = later(u, issue)?;
    Ok(json!({
        "customer": *u.choose(&["ACME", "BOLT", ""])?,
        "amount": positive(u, 2)?,
        "issue_date": arrears::format_date(issue),
        "due_date": arrears::format_date(due),
        "paid_date": arrears::format_date(paid),
    }))
}

fn list(u: U, max: usize, f: impl Fn(U) -> R<Value>) -> R<Value> {
    let n = u.int_in_range(0..=max)?;
    Ok(Value::Array((0..n).map(|_| f(u)).collect::<R<_>>()?))
}

fn put(m: &mut Map<String, Value>, key: &str, v: Value) {
    m.insert(key.to_string(), v);
}

/// The request of `op`.
fn request(op: &str, u: U) -> R<Value> {
    let mut m = Map::new();
    match op {
        "schedule" => {
            let code = g::currency(u)?;
            let p = precision(u, code)?;
            let scale = scale_of(code, p);
            let (lines, adj) = g::lines(u, scale)?;
            let base = g::date(u)?;
            let sc = if g::chance(u, 1, 30)? { scale + 1 } else { scale };
            let total = g::amount(u, sc)?;
            put(&mut m, "total", s(total));
            put(&mut m, "currency", s(code));
            put(&mut m, "base_date", s(arrears::format_date(base)));
            put(&mut m, "terms", terms_value(&lines, adj, u)?);
            if let Some(p) = p {
                put(&mut m, "precision", json!(p));
            }
            if g::chance(u, 1, 3)? {
                put(&mut m, "rounding", s(g::mode(u)?.name()));
            }
            if g::chance(u, 1, 8)? {
                put(&mut m, "cash_increment", cash_increment(u)?);
            }
            if g::chance(u, 1, 3)? {
                put(&mut m, "calendar", serde_json::to_value(g::calendar(u, base)?).unwrap_or(Value::Null));
            }
            if g::chance(u, 1, 8)? {
                put(&mut m, "allow_negative_balance", json!(g::chance(u, 1, 2)?));
            }
            if g::chance(u, 1, 5)? {
                put(&mut m, "discount_base", s(*u.choose(&["net", "net", "gross"])?));
                if !g::chance(u, 1, 8)? {
                    let share = Decimal::new(u.int_in_range(0i64..=10)?, 1);
                    let mut tax = (total * share).round_dp(scale);
                    tax.rescale(scale);
                    put(&mut m, "tax", s(tax));
                }
            }
        }
        "due_date" => {
            let base = g::date(u)?;
            put(&mut m, "base_date", s(arrears::format_date(base)));
            put(&mut m, "steps", serde_json::to_value(g::rule(u, 4)?).unwrap_or(Value::Null));
            if g::chance(u, 1, 2)? {
                put(&mut m, "adjustment", s(u.choose(&arrears::Adjustment::ALL)?.name()));
            }
            if g::chance(u, 1, 3)? {
                let cal = if g::chance(u, 1, 30)? {
                    json!({"weekend": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]})
                } else {
                    serde_json::to_value(g::calendar(u, base)?).unwrap_or(Value::Null)
                };
                put(&mut m, "calendar", cal);
            }
        }
        "terms" => {
            let (lines, adj) = g::lines(u, 2)?;
            return terms_value(&lines, adj, u);
        }
        "round" => {
            let code = g::currency(u)?;
            let p = precision(u, code)?;
            let sc = u.int_in_range(0u32..=12)?;
            put(&mut m, "amount", amount(u, sc)?);
            put(&mut m, "currency", s(code));
            if let Some(p) = p {
                put(&mut m, "precision", json!(p));
            }
            if g::chance(u, 1, 2)? {
                put(&mut m, "rounding", s(g::mode(u)?.name()));
            }
            if g::chance(u, 1, 4)? {
                put(&mut m, "cash_increment", cash_increment(u)?);
            }
        }
        "currency" => put(&mut m, "code", s(g::currency(u)?)),
        "currencies" | "version" | "presets" => {
            if g::chance(u, 1, 20)? {
                put(&mut m, "x", json!(1));
            }
        }
        "parse_terms" => {
            put(&mut m, "text", s(g::notation_text(u)?));
            if g::chance(u, 1, 2)? {
                let o = g::notation_options(u)?;
                let mut om = Map::new();
                if !g::chance(u, 1, 4)? {
                    put(&mut om, "eom", s(o.eom.name()));
                }
                if let Some(c) = o.cut_off {
                    put(&mut om, "cut_off", json!(c));
                }
                put(&mut m, "options", Value::Object(om));
            }
        }
        "format_terms" => put(&mut m, "terms", notation_terms(u)?),
        "to_x12_itd" | "to_edifact_pat" => put(&mut m, "terms", einvoice_terms(u)?),
        "to_xrechnung" => {
            put(&mut m, "terms", einvoice_terms(u)?);
            if g::chance(u, 1, 3)? {
                let sc = *u.choose(&[2u32, 2, 3])?;
                put(&mut m, "base_amount", amount(u, sc)?);
            }
        }
        "preset" => {
            let name = if g::chance(u, 1, 10)? { "net_31" } else { u.choose(&PRESETS)?.0 };
            put(&mut m, "name", s(name));
        }
        "settle" => return settle_request(u),
        "discount_cost" => {
            put(&mut m, "percent", s(g::percent(u)?));
            let dd = u.int_in_range(0u32..=60)?;
            put(&mut m, "discount_days", json!(dd));
            put(&mut m, "net_days", json!(if g::chance(u, 1, 10)? { dd } else { dd + u.int_in_range(1u32..=90)? }));
            if g::chance(u, 1, 4)? {
                put(&mut m, "year_basis", json!(*u.choose(&[360u32, 365, 366, 0])?));
            }
            if g::chance(u, 1, 3)? {
                put(&mut m, "decimals", decimals(u)?);
            }
        }
        "from_xrechnung" => {
            put(&mut m, "text", s(g::xrechnung_text(u)?));
            put(&mut m, "net_days", json!(if g::chance(u, 1, 20)? { -1 } else { u.int_in_range(0i32..=90)? }));
        }
        "from_x12_itd" => put(&mut m, "segment", s(g::x12_text(u)?)),
        "from_edifact_pat" => put(&mut m, "segment", s(g::edifact_text(u)?)),
        "aging" => {
            let as_of = g::date(u)?;
            let items = list(u, 12, |u| open_item(u, as_of))?;
            return aging_request(u, as_of, items.as_array().cloned().unwrap_or_default());
        }
        "aging_merge" => return merge_request(u).map(|(r, _)| r),
        "dso" => {
            put(&mut m, "receivables", amount(u, 2)?);
            put(&mut m, "credit_sales", positive(u, 2)?);
            put(&mut m, "days", json!(*u.choose(&[30u32, 90, 365, 0, 31])?));
            if g::chance(u, 1, 3)? {
                put(&mut m, "receivables_basis", s("average"));
                if !g::chance(u, 1, 8)? {
                    put(&mut m, "beginning_receivables", positive(u, 2)?);
                }
            }
            if g::chance(u, 1, 3)? {
                put(&mut m, "decimals", decimals(u)?);
            }
        }
        "countback_dso" => {
            let sales: Vec<Decimal> = (0..u.int_in_range(1usize..=6)?).map(|_| g::money(u, 2)).collect::<R<_>>()?;
            let sum: Decimal = sales.iter().copied().fold(Decimal::ZERO, |a, b| a.saturating_add(b));
            let receivables = if !g::chance(u, 1, 8)? {
                (sum * Decimal::new(u.int_in_range(0i64..=10)?, 1)).round_dp(2)
            } else {
                sum + Decimal::ONE
            };
            put(&mut m, "receivables", s(receivables));
            put(&mut m, "monthly_sales", json!(sales.iter().map(|d| d.to_string()).collect::<Vec<_>>()));
            if g::chance(u, 1, 2)? {
                put(&mut m, "month_days", s("actual"));
                if !g::chance(u, 1, 8)? {
                    put(&mut m, "as_of", date(u)?);
                }
            }
            if g::chance(u, 1, 3)? {
                put(&mut m, "decimals", decimals(u)?);
            }
        }
        "best_possible_dso" => {
            let current = g::money(u, 2)?;
            put(&mut m, "current_receivables", s(current));
            put(&mut m, "credit_sales", positive(u, 2)?);
            put(&mut m, "days", json!(*u.choose(&[30u32, 90, 365, 0])?));
            if g::chance(u, 1, 2)? {
                let extra = g::money(u, 2)?;
                put(
                    &mut m,
                    "total_receivables",
                    s(if !g::chance(u, 1, 8)? { current.saturating_add(extra) } else { current - extra }),
                );
            }
            if g::chance(u, 1, 3)? {
                put(&mut m, "decimals", decimals(u)?);
            }
        }
        "cei" => {
            let b = g::money(u, 2)?;
            let sales = g::money(u, 2)?;
            let e = (b.saturating_add(sales) * Decimal::new(u.int_in_range(0i64..=10)?, 1)).round_dp(2);
            let ec = (e * Decimal::new(u.int_in_range(0i64..=10)?, 1)).round_dp(2);
            put(&mut m, "beginning_receivables", s(b));
            put(&mut m, "credit_sales", s(sales));
            put(&mut m, "ending_receivables", s(e));
            put(&mut m, "ending_current_receivables", s(ec));
            if g::chance(u, 1, 3)? {
                put(&mut m, "sales_basis", s("monthly_average"));
                if !g::chance(u, 1, 8)? {
                    put(&mut m, "months", json!(u.int_in_range(0u32..=12)?));
                }
            }
            if g::chance(u, 1, 3)? {
                put(&mut m, "decimals", decimals(u)?);
            }
        }
        "payment_timing" => {
            let mut paid = list(u, 6, paid_item)?;
            if paid.as_array().is_some_and(|a| a.is_empty()) && !g::chance(u, 1, 10)? {
                paid = json!([paid_item(u)?]);
            }
            put(&mut m, "paid", paid);
            if g::chance(u, 1, 3)? {
                put(&mut m, "decimals", decimals(u)?);
            }
        }
        "allowance" => {
            let code = g::currency(u)?;
            let p = precision(u, code)?;
            let n = u.int_in_range(1usize..=5)?;
            let scale = scale_of(code, p);
            let buckets: Vec<Value> = (0..n).map(|_| amount(u, scale)).collect::<R<_>>()?;
            let k = if g::chance(u, 1, 10)? { n + 1 } else { n };
            let percents: Vec<Value> =
                (0..k).map(|_| Ok(s(Decimal::new(u.int_in_range(0i64..=10_000)?, 2)))).collect::<R<_>>()?;
            put(&mut m, "currency", s(code));
            put(&mut m, "buckets", Value::Array(buckets));
            put(&mut m, "percents", Value::Array(percents));
            if let Some(p) = p {
                put(&mut m, "precision", json!(p));
            }
            if g::chance(u, 1, 3)? {
                put(&mut m, "rounding", s(g::mode(u)?.name()));
            }
        }
        "roll_rates" => {
            let n = u.int_in_range(2usize..=6)?;
            let k = if g::chance(u, 1, 10)? { n - 1 } else { n };
            put(&mut m, "previous", Value::Array((0..n).map(|_| positive(u, 2)).collect::<R<_>>()?));
            put(&mut m, "current", Value::Array((0..k).map(|_| positive(u, 2)).collect::<R<_>>()?));
            if g::chance(u, 1, 3)? {
                put(&mut m, "decimals", decimals(u)?);
            }
        }
        "cash_forecast" => {
            let as_of = g::date(u)?;
            put(&mut m, "as_of", s(arrears::format_date(as_of)));
            if g::chance(u, 1, 2)? {
                put(&mut m, "period", s(*u.choose(&["week", "month"])?));
            }
            put(
                &mut m,
                "horizon",
                json!(if g::chance(u, 1, 20)? { *u.choose(&[0u32, 521])? } else { u.int_in_range(1u32..=26)? }),
            );
            if g::chance(u, 1, 3)? {
                put(&mut m, "default_days_late", json!(u.int_in_range(-30i64..=60)?));
            }
            let open = list(u, 8, |u| {
                let code = if g::chance(u, 1, 30)? { "EUX" } else { *u.choose(&["EUR", "JPY", "KWD", "USD"])? };
                Ok(json!({
                    "customer": *u.choose(&["ACME", "BOLT", "NEW"])?,
                    "currency": code,
                    "due_date": arrears::format_date(g::date_near(u, as_of)?),
                    "amount": amount(u, g::minor_units(code).unwrap_or(2))?,
                }))
            })?;
            put(&mut m, "open", open);
            if g::chance(u, 1, 2)? {
                put(&mut m, "history", list(u, 6, paid_item)?);
            }
        }
        _ => {
            put(&mut m, "x", json!(1));
        }
    }
    Ok(Value::Object(m))
}

/// A settle request: an installment as `schedule` computes it (discounts included) when the
/// generated terms schedule, else one built by hand; a date around its deadlines; a payment.
fn settle_request(u: U) -> R<Value> {
    let code = if g::chance(u, 1, 20)? { g::currency(u)? } else { *u.choose(&["EUR", "JPY", "KWD", "USD", "CLF"])? };
    let scale = g::minor_units(code).unwrap_or(2);
    let base = g::date(u)?;
    let mut inst: Option<arrears::Installment> = None;
    if !g::chance(u, 1, 4)? {
        let text = *u.choose(&["2/10 net 30", "3/10 2/20 net 45", "1/10 net 30 EOM", "net 30", "5/0 net 10"])?;
        let t = if g::chance(u, 1, 2)? {
            PaymentTerms::parse(text, &Default::default()).ok()
        } else {
            let (lines, adj) = g::lines(u, scale)?;
            PaymentTerms::with_adjustment(lines, adj).ok()
        };
        if let Some(t) = t {
            let total = g::amount(u, scale)?;
            if let Ok(sch) = arrears::schedule(total, code, base, &t, &Default::default()) {
                let k = u.int_in_range(0..=sch.installments.len().saturating_sub(1))?;
                inst = sch.installments.get(k).cloned();
            }
        }
    }
    let inst = match inst {
        Some(i) => serde_json::to_value(&i).unwrap_or(Value::Null),
        None => {
            let a = g::amount(u, scale)?;
            let d = (a * Decimal::new(2, 2)).round_dp(scale);
            json!({"amount": a.to_string(), "due_date": arrears::format_date(g::date_near(u, base)?), "line": 0,
                   "discounts": [{"deadline": arrears::format_date(base), "discount": d.to_string(), "payable": (a - d).to_string()}]})
        }
    };
    let amount: Decimal = inst["amount"].as_str().and_then(|a| a.parse().ok()).unwrap_or(Decimal::ONE);
    let mut m = Map::new();
    put(&mut m, "currency", s(code));
    put(&mut m, "date", s(arrears::format_date(g::date_near(u, base)?)));
    put(&mut m, "installment", inst);
    let part = |u: U, v: Decimal| -> R<Decimal> {
        let mut x = (v * Decimal::new(u.int_in_range(1i64..=12)?, 1)).round_dp(scale);
        x.rescale(scale);
        Ok(x)
    };
    if !g::chance(u, 1, 3)? {
        let p = if g::chance(u, 1, 12)? { -part(u, amount)? } else { part(u, amount)? };
        put(&mut m, "payment", s(p));
    }
    if g::chance(u, 1, 3)? {
        put(&mut m, "open", s(part(u, amount)?));
    }
    if g::chance(u, 1, 4)? {
        put(&mut m, "rounding", s(g::mode(u)?.name()));
    }
    if g::chance(u, 1, 10)? {
        put(&mut m, "cash_increment", cash_increment(u)?);
    }
    Ok(Value::Object(m))
}

/// An `aging_merge` request from the `aging` reports of a split, and the report of the whole
/// (when every part ages).
fn merge_request(u: U) -> R<(Value, Option<String>)> {
    let as_of = g::date(u)?;
    let items = list(u, 12, |u| open_item(u, as_of))?.as_array().cloned().unwrap_or_default();
    let whole = aging_request(u, as_of, items.clone())?;
    let cuts = u.int_in_range(1usize..=3)?;
    let mut reports = Vec::new();
    let mut ok = true;
    let mut start = 0;
    for k in 0..cuts {
        let end = if k + 1 == cuts { items.len() } else { u.int_in_range(start..=items.len())? };
        let mut part = whole.clone();
        part["items"] = Value::Array(items[start..end].to_vec());
        start = end;
        match call_json("aging", &part.to_string()) {
            Ok(r) => reports.push(serde_json::from_str::<Value>(&r).unwrap_or(Value::Null)),
            Err(_) => ok = false,
        }
    }
    let mismatched = !ok || g::chance(u, 1, 20)?;
    if mismatched {
        // reports that do not fit together
        let mut other = whole.clone();
        other["as_of"] = s(arrears::format_date(g::date(u)?));
        if let Ok(r) = call_json("aging", &other.to_string()) {
            reports.push(serde_json::from_str::<Value>(&r).unwrap_or(Value::Null));
        }
    }
    let want = if mismatched { None } else { call_json("aging", &whole.to_string()).ok() };
    Ok((json!({ "reports": reports }), want))
}

// ---- checks -----------------------------------------------------------------------------

fn dec(v: &Value) -> Decimal {
    v.as_str().and_then(|t| t.parse().ok()).unwrap_or_else(|| panic!("not a decimal string: {v}"))
}

fn scale_of_text(v: &Value) -> u32 {
    let t = v.as_str().unwrap_or("");
    t.split_once('.').map_or(0, |(_, f)| f.len() as u32)
}

fn check_schedule(req: &Value, out: &Value) {
    let code = req["currency"].as_str().unwrap_or("");
    let scale = scale_of(code, req["precision"].as_u64().map(|p| p as u32));
    let total = dec(&out["total"]);
    assert_eq!(total, dec(&req["total"]), "total");
    assert_eq!(scale_of_text(&out["total"]), scale, "total's decimals");
    let insts = out["installments"].as_array().expect("installments");
    assert!(!insts.is_empty(), "no installment");
    let mut sum = Decimal::ZERO;
    let mut latest = "";
    for i in insts {
        let a = dec(&i["amount"]);
        assert_eq!(scale_of_text(&i["amount"]), scale, "installment decimals: {i}");
        sum += a;
        let due = i["due_date"].as_str().expect("due_date");
        latest = latest.max(due);
        for d in i["discounts"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
            assert_eq!(dec(&d["payable"]) + dec(&d["discount"]), a, "payable + discount = amount: {i}");
            assert!(d["deadline"].as_str().unwrap_or("") <= due, "deadline after the due date: {i}");
        }
    }
    assert_eq!(sum, total, "installments sum to the total");
    assert_eq!(out["due_date"].as_str(), Some(latest), "due_date is the latest installment date");
}

fn check_aging(out: &Value) {
    let columns = out["columns"].as_array().expect("columns").len();
    let mut by_currency: std::collections::BTreeMap<String, (Vec<Decimal>, Decimal, Decimal, u64)> = Default::default();
    for r in out["rows"].as_array().expect("rows") {
        let b: Vec<Decimal> = r["buckets"].as_array().expect("buckets").iter().map(dec).collect();
        assert_eq!(b.len(), columns, "a row has one amount per column: {r}");
        let total = dec(&r["total"]);
        assert_eq!(b.iter().copied().sum::<Decimal>(), total, "buckets sum to the row total: {r}");
        let e = by_currency
            .entry(r["currency"].as_str().unwrap_or("").to_string())
            .or_insert_with(|| (vec![Decimal::ZERO; columns], Decimal::ZERO, Decimal::ZERO, 0));
        for (s, x) in e.0.iter_mut().zip(&b) {
            *s += *x;
        }
        e.1 += total;
        e.2 += dec(&r["disputed"]);
        e.3 += r["items"].as_u64().unwrap_or(0);
    }
    let totals = out["totals"].as_array().expect("totals");
    assert_eq!(totals.len(), by_currency.len(), "one total per currency of the rows");
    for t in totals {
        let (b, total, disputed, items) = by_currency
            .get(t["currency"].as_str().unwrap_or(""))
            .unwrap_or_else(|| panic!("a currency total without rows: {t}"));
        let tb: Vec<Decimal> = t["buckets"].as_array().expect("buckets").iter().map(dec).collect();
        assert_eq!(&tb, b, "currency buckets are the rows' sums: {t}");
        assert_eq!(dec(&t["total"]), *total, "rows' totals sum to the currency total: {t}");
        assert_eq!(dec(&t["disputed"]), *disputed, "disputed: {t}");
        assert_eq!(t["items"].as_u64(), Some(*items), "items: {t}");
    }
}

fn terms_of(v: &Value) -> PaymentTerms {
    from_json::<PaymentTerms>(&v.to_string()).unwrap_or_else(|e| panic!("not terms: {v}: {e}"))
}

fn check(op: &str, req: &Value, out: &Value) {
    match op {
        "schedule" => check_schedule(req, out),
        "terms" => {
            let again = call_json("terms", &out.to_string()).expect("canonical terms are terms");
            assert_eq!(again, out.to_string(), "terms is not idempotent");
        }
        "round" => {
            let code = req["currency"].as_str().unwrap_or("");
            let scale = scale_of(code, req["precision"].as_u64().map(|p| p as u32));
            assert_eq!(scale_of_text(&out["amount"]), scale, "round keeps the scale: {out}");
            let (a, r) = (dec(&req["amount"]), dec(&out["amount"]));
            let unit = match req.get("cash_increment") {
                Some(c) => {
                    let inc = dec(c);
                    assert!((r / inc).fract().is_zero(), "{r} is not a multiple of {inc}");
                    inc
                }
                None => Decimal::new(1, scale),
            };
            assert!((r - a).abs() < unit, "{a} rounds to {r}");
        }
        "currency" => assert_eq!(out["code"], req["code"], "currency"),
        "parse_terms" => {
            let text = out["text"].as_str().expect("text");
            let f = call_json("format_terms", &json!({"terms": out["terms"]}).to_string())
                .unwrap_or_else(|e| panic!("parsed terms do not format: {e}"));
            assert_eq!(f, json!({ "text": text }).to_string(), "format_terms of parse_terms");
            let again = call_json("parse_terms", &json!({ "text": text }).to_string())
                .unwrap_or_else(|e| panic!("canonical text {text:?} does not parse: {e}"));
            assert_eq!(again, out.to_string(), "parse_terms of the canonical text");
        }
        "format_terms" => {
            let text = out["text"].as_str().expect("text");
            let back = call_json("parse_terms", &json!({ "text": text }).to_string())
                .unwrap_or_else(|e| panic!("formatted text {text:?} does not parse: {e}"));
            let back: Value = serde_json::from_str(&back).expect("json");
            assert_eq!(terms_of(&back["terms"]), terms_of(&req["terms"]), "{text:?} parses to other terms");
        }
        "to_xrechnung" => {
            let r = json!({"text": out["text"], "net_days": out["net_days"]});
            let back = call_json("from_xrechnung", &r.to_string())
                .unwrap_or_else(|e| panic!("written note {r} does not read back: {e}"));
            let back: Value = serde_json::from_str(&back).expect("json");
            assert_eq!(terms_of(&back["terms"]), terms_of(&req["terms"]), "{r} reads as other terms");
        }
        "from_xrechnung" | "from_x12_itd" | "from_edifact_pat" | "preset" => {
            let _ = terms_of(&out["terms"]);
        }
        "settle" => {
            let (paid, disc, settled, open_after) =
                (dec(&out["paid"]), dec(&out["discount"]), dec(&out["settled"]), dec(&out["open_after"]));
            let amount = dec(&req["installment"]["amount"]);
            let open = req.get("open").map(dec).unwrap_or(amount);
            assert_eq!(open_after, open - settled, "open_after = open - settled: {out}");
            assert!(settled.abs() <= open.abs(), "settles more than is open: {out}");
            assert_eq!(settled, paid + disc, "settled = paid + discount: {out}");
            if let Some(p) = req.get("payment").filter(|p| !p.is_null()) {
                let over = dec(&out["overpayment"]);
                assert_eq!(paid + over, dec(p), "paid + overpayment = payment: {out}");
            }
        }
        "aging" => check_aging(out),
        "aging_merge" => check_aging(out),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(i) = u.int_in_range(0..=N_OPS * 2 - 1) else { return };
    // the unknown operation once in 2 * N_OPS
    let i = if i == N_OPS * 2 - 1 { N_OPS - 1 } else { i % (N_OPS - 1) };
    let op = op_name(i);
    let mut want_merge = None;
    let req = if op == "aging_merge" {
        merge_request(&mut u).map(|(r, w)| {
            want_merge = w;
            r
        })
    } else {
        request(op, &mut u)
    };
    let Ok(mut req) = req else { return };
    let mut mutated = false;
    if g::chance(&mut u, 1, 10).unwrap_or(false) {
        mutated = true;
        let _ = mutate(&mut req, &mut u);
        if g::chance(&mut u, 1, 3).unwrap_or(false) {
            let _ = mutate(&mut req, &mut u);
        }
    }
    let mut text = req.to_string();
    if g::chance(&mut u, 1, 50).unwrap_or(false) {
        mutated = true;
        text = damage(&text, &mut u).unwrap_or(text);
    }
    let result = call_json(op, &text);
    record(i, result.is_ok(), mutated);
    if std::env::var_os("ARREARS_FUZZ_TRACE").is_some() {
        eprintln!("trace: {op} ok={} mutated={mutated}", result.is_ok());
    }
    match result {
        Err(e) => {
            if !mutated && std::env::var("ARREARS_FUZZ_ERRORS").is_ok_and(|o| o == op) {
                eprintln!("{op} error: {} {}: {}", e.kind().code(), e.field(), e.reason());
            }
            assert!(!e.field().is_empty(), "{op} {text}: an error that names no field: {e}");
            let j: Value = serde_json::from_str(&to_json(&e)).expect("errors serialize");
            assert_eq!(j["code"], e.kind().code());
        }
        Ok(out) => {
            let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{op} {text}: not JSON: {e}: {out}"));
            assert_eq!(v.to_string(), out, "{op} {text}: not canonical JSON");
            // aging_merge must refuse inconsistent reports rather than merge them: its result
            // is checked whatever the request
            if mutated && op == "aging_merge" {
                check_aging(&v);
            }
            if !mutated {
                check(op, &req, &v);
                if let Some(w) = &want_merge {
                    assert_eq!(&out, w, "aging_merge of the parts vs aging of the whole\nrequest {text}");
                }
            }
        }
    }
});
