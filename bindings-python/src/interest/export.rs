//! `interest_arrow`'s result as Arrow batches: one row per invoice computed (`row`,
//! `currency`, `status`, `interest`, and `version` under a preset) and, with a breakdown, one
//! per period line. What the kernel and the reading already hold in the result's order (the
//! selected rows, their currencies, the interest in minor units) is moved into the Arrow
//! buffers, not copied, where the column's type allows (`row_type="uint32"`,
//! `amount_type="decimal64"`); the rest is written once, on two threads for a large result.

use arrears::charges::{InterestColumns, InterestStatus, PeriodColumns};
use arrears::Error;

use super::read::Invoices;
use crate::arrow::{decimal64, ExportBatch, ExportColumn};

/// The types of the result's `row` and money columns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Types {
    /// `row` as `uint32` (every row number of a call fits) instead of `int64`.
    pub row_u32: bool,
    /// Money as `decimal64(18, s)` instead of `decimal128(38, s)`.
    pub decimal64: bool,
}

/// The `m` values `f(0)`, ..., `f(m - 1)`, written once (no zeroing pass first), each half on
/// its own thread for a large column.
fn filled<T: Send>(m: usize, threads: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let mut v = Vec::with_capacity(m);
    let half = if m >= 100_000 && threads != 1 { m / 2 } else { m };
    let (a, b) = v.spare_capacity_mut()[..m].split_at_mut(half);
    std::thread::scope(|s| {
        if !b.is_empty() {
            s.spawn(|| b.iter_mut().enumerate().for_each(|(t, x)| _ = x.write(f(half + t))));
        }
        a.iter_mut().enumerate().for_each(|(t, x)| _ = x.write(f(t)));
    });
    // SAFETY: the `m` slots were each written above (a panic would have left before this).
    unsafe { v.set_len(m) };
    v
}

/// The result batches, row `p` being the kernel's invoice `order[p]` (`p` without an order).
pub(super) fn export(
    out: InterestColumns,
    inv: Invoices<'_>,
    order: Option<Vec<u32>>,
    types: Types,
    threads: usize,
) -> Result<Vec<ExportBatch>, Error> {
    let m = out.interest.len();
    let selected = inv.selected.as_deref();
    // kernel invoice k: the caller's row, its currency
    let row_of = |k: usize| selected.map_or(k, |s| s[k] as usize);
    let cur_of = |k: usize| inv.currency[if inv.gathered || selected.is_none() { k } else { row_of(k) }];
    let at = |p: usize| order.as_ref().map_or(p, |o| o[p] as usize);
    let top = inv.scales.iter().copied().max().unwrap_or(2);
    let money = (&inv.codes[..], &inv.scales[..]);
    let lines = match &out.periods {
        Some(p) => Some(periods(p, m, (|q| row_of(at(q)), |q| cur_of(at(q)), &at), money, types)?),
        None => None,
    };
    let status = filled(m, threads, |p| i16::from(out.status[at(p)].code()));
    let version = if order.is_some() && !out.version.is_empty() {
        filled(m, threads, |p| out.version[at(p)])
    } else {
        out.version
    };
    let interest = if types.decimal64 {
        let values = if order.is_some() { filled(m, threads, |p| out.interest[at(p)]) } else { out.interest };
        let cur = |p: usize| usize::from(cur_of(at(p)));
        decimal64("interest", values, cur, |p| row_of(at(p)), money, top)?
    } else {
        let up: Vec<i128> = inv.scales.iter().map(|&s| 10i128.pow(top - s)).collect();
        let v = filled(m, threads, |p| {
            let k = at(p);
            i128::from(out.interest[k]) * up[usize::from(cur_of(k))]
        });
        ExportColumn::Decimal { values: v, scale: top }
    };
    // moved when they are the result's order already: the selected rows, their currencies
    let in_order = order.is_none();
    let row = match (types.row_u32, in_order, selected) {
        (true, true, Some(_)) => None,
        (true, _, _) => Some(ExportColumn::UInt32(filled(m, threads, |p| row_of(at(p)) as u32))),
        (false, _, _) => Some(ExportColumn::Int64(filled(m, threads, |p| row_of(at(p)) as i64))),
    };
    let currency = (!in_order || inv.currency.len() != m)
        .then(|| filled(m, threads, |p| cur_of(at(p)) as i16))
        .map(|index| ExportColumn::Dict16 { names: inv.codes.clone(), index });
    let row = row.unwrap_or_else(|| ExportColumn::UInt32(inv.selected.unwrap_or_default()));
    let currency = currency.unwrap_or(ExportColumn::Dict16U { names: inv.codes.clone(), index: inv.currency });
    let mut batches = vec![ExportBatch {
        columns: vec![
            ("row".into(), row),
            ("currency".into(), currency),
            (
                "status".into(),
                ExportColumn::Dict16 {
                    names: InterestStatus::ALL.map(|s| s.name().to_string()).to_vec(),
                    index: status,
                },
            ),
            ("interest".into(), interest),
        ],
        len: m,
    }];
    if !version.is_empty() {
        // under a preset: the first day of the version each invoice's interest follows
        batches[0].columns.push(("version".into(), ExportColumn::Date32(version)));
    }
    batches.extend(lines);
    Ok(batches)
}

/// The breakdown as a flat table: one row per period line, with its invoice's row (result row
/// `q` has the kernel's lines of invoice `at(q)`, the caller's row `row(q)` in currency
/// `cur(q)`).
fn periods(
    p: &PeriodColumns,
    m: usize,
    (row, cur, at): (impl Fn(usize) -> usize, impl Fn(usize) -> u16, impl Fn(usize) -> usize),
    (codes, scales): (&[String], &[u32]),
    types: Types,
) -> Result<ExportBatch, Error> {
    let lines = p.from.len();
    let top = scales.iter().copied().max().unwrap_or(2);
    let up: Vec<i64> = scales.iter().map(|&s| 10i64.pow(top - s)).collect();
    let (mut r, mut c, mut principal, mut interest) =
        (Vec::with_capacity(lines), Vec::with_capacity(lines), Vec::with_capacity(lines), Vec::with_capacity(lines));
    let mut from = Vec::with_capacity(lines);
    let mut to = Vec::with_capacity(lines);
    let mut days = Vec::with_capacity(lines);
    let mut rate = Vec::with_capacity(lines);
    let mut basis = Vec::with_capacity(lines);
    for q in 0..m {
        let j = at(q);
        let (rq, cq) = (row(q), cur(q));
        for l in p.offsets[j] as usize..p.offsets[j + 1] as usize {
            from.push(p.from[l]);
            to.push(p.to[l]);
            days.push(p.days[l]);
            rate.push(i128::from(p.rate[l]));
            basis.push(i32::from(p.day_basis[l]));
            r.push(rq);
            c.push(cq);
            principal.push(p.principal[l]);
            interest.push(p.interest[l]);
        }
    }
    let money = |name: &str, v: Vec<i64>| -> Result<ExportColumn, Error> {
        if types.decimal64 {
            decimal64(name, v, |l| usize::from(c[l]), |l| r[l], (codes, scales), top)
        } else {
            let values = v.iter().zip(&c).map(|(&x, &k)| i128::from(x) * i128::from(up[usize::from(k)])).collect();
            Ok(ExportColumn::Decimal { values, scale: top })
        }
    };
    let (principal, interest) = (money("breakdown.principal", principal)?, money("breakdown.interest", interest)?);
    let row = if types.row_u32 {
        ExportColumn::UInt32(r.iter().map(|&x| x as u32).collect())
    } else {
        ExportColumn::Int64(r.iter().map(|&x| x as i64).collect())
    };
    Ok(ExportBatch {
        columns: vec![
            ("row".into(), row),
            ("currency".into(), ExportColumn::Dict16U { names: codes.to_vec(), index: c }),
            ("from".into(), ExportColumn::Date32(from)),
            ("to".into(), ExportColumn::Date32(to)),
            ("days".into(), ExportColumn::Int64(days)),
            ("principal".into(), principal),
            ("rate".into(), ExportColumn::Decimal { values: rate, scale: 6 }),
            ("day_basis".into(), ExportColumn::Int32(basis)),
            ("interest".into(), interest),
        ],
        len: lines,
    })
}
