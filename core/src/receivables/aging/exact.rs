//! The exact path behind the kernels' overflow signal.
//!
//! The kernels sum 64-bit cells with wrapping adds and one flag: cheap, but a flag says only
//! that some running sum wrapped, and which one depends on how the threads happened to share
//! the rows. So a flag is never the answer: the rows are summed again here, one thread, in
//! i128, and only the final sums decide. When every cell, disputed sum and row total of every
//! (customer, currency) fits in 64-bit minor units, these exact sums are the table; when one
//! does not, the error names the row whose amount last took that sum out of the range (the
//! row after which it stays out), the earliest such row over all sums. The answer is
//! therefore the same on any number of threads, and for any order the rows' pieces are taken
//! in.

use super::table::currency_rank;
use super::{AgingSource, AgingSpec, AgingTable, KeyedAging, KeyedSource};
use crate::calendar::day_number;
use crate::columnar::unpack_code;
use crate::error::{Error, ErrorKind, Result};
use crate::receivables::aging::Credits;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// One checked row as the exact path reads it: (customer key, currency, day number, amount in
/// minor units, disputed).
pub(crate) type ExactRow = (u128, u32, i32, i128, bool);

/// A (customer key, currency) group.
type Group = (u128, u32);

/// Every (customer, currency) group's cells (the spec's width: buckets, credits when separate,
/// disputed, items) in (key, currency) order, summed exactly from `rows` (called twice when a
/// sum is out of range, to name the row). The rows must have been checked (dates in range,
/// amounts fitting 64 bits): the kernels get here only after their pass.
pub(crate) fn exact_groups<I: Iterator<Item = ExactRow>>(
    spec: &AgingSpec,
    scale: u32,
    rows: impl Fn() -> I,
    code: impl Fn(u32) -> Option<String>,
) -> Result<BTreeMap<(u128, u32), Vec<i64>>> {
    let as_of = day_number(spec.as_of);
    let (w, nb) = (spec.width(), spec.buckets.len());
    let money = nb + usize::from(spec.credits == Credits::Separate);
    let column = |date: i32, amount: i128| {
        if money > nb && amount < 0 {
            nb
        } else {
            spec.buckets.column_of(as_of - date)
        }
    };
    let mut sums: HashMap<(u128, u32), Vec<i128>> = HashMap::new();
    for (key, cur, date, amount, disputed) in rows() {
        if amount == 0 {
            continue;
        }
        let cells = sums.entry((key, cur)).or_insert_with(|| vec![0; w]);
        cells[column(date, amount)] += amount;
        if disputed {
            cells[w - 2] += amount;
        }
        cells[w - 1] += 1;
    }
    let fits = |v: i128| i64::try_from(v).is_ok();
    // the sums out of range: per group, which cells (w - 2: disputed, w: the row total)
    let out_of = |cells: &[i128]| -> Vec<usize> {
        let mut bad: Vec<usize> = (0..money).chain([w - 2]).filter(|&c| !fits(cells[c])).collect();
        if !fits(cells[..money].iter().sum()) {
            bad.push(w);
        }
        bad
    };
    let bad: HashMap<(u128, u32), Vec<usize>> =
        sums.iter().map(|(k, cells)| (*k, out_of(cells))).filter(|(_, b)| !b.is_empty()).collect();
    if bad.is_empty() {
        return Ok(sums.into_iter().map(|(k, cells)| (k, cells.into_iter().map(|v| v as i64).collect())).collect());
    }
    // Name a row: per bad sum, the last row that took it from in range to out of it.
    let mut running: HashMap<(u128, u32), Vec<i128>> = bad.keys().map(|k| (*k, vec![0; w + 1])).collect();
    let mut named: Option<(usize, i128, usize, u32)> = None;
    // per (group, sum): the row, its amount and its column
    let mut last_out: HashMap<(Group, usize), (usize, i128, usize)> = HashMap::new();
    for (i, (key, cur, date, amount, disputed)) in rows().enumerate() {
        let Some(run) = running.get_mut(&(key, cur)) else { continue };
        if amount == 0 {
            continue;
        }
        let col = column(date, amount);
        for c in [Some(col), disputed.then_some(w - 2), Some(w)].into_iter().flatten() {
            let before = run[c];
            run[c] += amount;
            if fits(before) && !fits(run[c]) && bad[&(key, cur)].contains(&c) {
                last_out.insert(((key, cur), c), (i, amount, col));
            }
        }
    }
    for ((group, _), (i, amount, col)) in last_out {
        if named.is_none_or(|n| i < n.0) {
            named = Some((i, amount, col, group.1));
        }
    }
    let (i, amount, col, cur) = named.unwrap_or_default();
    let label = spec.columns().get(col).cloned().unwrap_or_default();
    let code = code(cur).unwrap_or_default();
    Err(Error::new(
        ErrorKind::Overflow,
        format!("items[{i}].amount"),
        Decimal::from_i128_with_scale(amount, scale).to_string(),
        format!(
            "with it, this customer's {code} total ({label} or in all) leaves the range aging sums in: 64-bit \
             minor units, about ±9.2e18 (92 quadrillion at 2 decimals) per customer and currency"
        ),
    ))
}

/// Whether `e` is a kernel's overflow signal (a sum, no row named) that the exact path decides.
pub(crate) fn is_sum_overflow(e: &Error) -> bool {
    e.kind() == ErrorKind::Overflow && e.field() == "amount"
}

/// The table of [`age_sources`](super::age_sources), summed exactly: rows in key order, each
/// customer's currencies in code order.
pub(crate) fn sources_table<S: AgingSource>(
    spec: &AgingSpec,
    sources: &[S],
    currencies: &[&str],
    scale: u32,
) -> Result<AgingTable> {
    let rows = || {
        sources.iter().flat_map(|s| {
            (0..s.len()).map(move |i| (u128::from(s.customer(i)), s.currency(i), s.date(i), s.amount(i), s.disputed(i)))
        })
    };
    let groups = exact_groups(spec, scale, rows, |c| currencies.get(c as usize).map(|c| c.to_string()))?;
    let names: Vec<String> = currencies.iter().map(|c| c.to_string()).collect();
    let rank = currency_rank(&names);
    let mut groups: Vec<(Group, Vec<i64>)> = groups.into_iter().collect();
    groups.sort_by_key(|((k, c), _)| (*k, rank[*c as usize]));
    let keys = groups.iter().map(|((k, c), _)| (*k as u64, *c)).collect();
    let cells = groups.into_iter().flat_map(|(_, cells)| cells).collect();
    Ok(AgingTable { spec: spec.clone(), scale, currencies: names, keys, cells })
}

/// The result of [`age_keyed`](super::age_keyed), summed exactly: ids in order, the currency
/// list every code met (as the kernel lists them), in code order.
pub(crate) fn keyed_table<S: KeyedSource>(spec: &AgingSpec, sources: &[S], scale: u32) -> Result<KeyedAging> {
    let has_disputed = sources.iter().any(|s| s.has_disputed());
    let rows = || {
        sources.iter().flat_map(move |s| {
            (0..s.len()).map(move |i| {
                let disputed = has_disputed && s.disputed(i);
                (s.customer(i).unwrap_or(0), s.currency(i), s.date(i), s.amount(i), disputed)
            })
        })
    };
    let groups = exact_groups(spec, scale, rows, |c| Some(unpack_code(c)))?;
    let mut codes: Vec<u32> = rows().map(|r| r.1).collect();
    codes.sort_unstable();
    codes.dedup();
    let mut customers: Vec<u128> = Vec::new();
    let mut keys = Vec::with_capacity(groups.len());
    let mut cells = Vec::with_capacity(groups.len() * spec.width());
    for ((k, c), row) in groups {
        if customers.last() != Some(&k) {
            customers.push(k);
        }
        keys.push((customers.len() as u64 - 1, codes.binary_search(&c).unwrap_or(0) as u32));
        cells.extend(row);
    }
    let currencies = codes.iter().map(|&c| unpack_code(c)).collect();
    Ok(KeyedAging { table: AgingTable { spec: spec.clone(), scale, currencies, keys, cells }, customers })
}
