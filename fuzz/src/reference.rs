//! Naive references of the columnar kernels, written the slow, obvious way: `schedule()` per
//! invoice for `batch::schedule_columns`, and a map of i128 sums with a linear scan of the
//! bounds for the aging kernels. Errors follow the kernels' documented order: the lists first,
//! then the first bad row, then overflow (a cell whose running sum, in row order, leaves i64,
//! or a row whose buckets do not sum inside i64).

use std::collections::BTreeMap;

use arrears::aging::{day_number, AgeBasis, AgingSpec, Credits, NotDue, MAX_DAY, MIN_DAY};
use arrears::batch::ScheduleColumns;
use arrears::{schedule, Error, ErrorKind, MoneyRules, PaymentTerms, ScheduleOptions};
use rust_decimal::Decimal;

/// One invoice of a batch.
#[derive(Debug, Clone)]
pub struct Invoice {
    pub total: i64,
    pub currency: u16,
    pub day: i32,
    pub terms: u32,
}

/// `batch::schedule_columns` as `schedule()` invoice by invoice (the same shape as the
/// property test's reference in core/tests/batch_props.rs).
pub fn schedule_columns(
    terms: &[PaymentTerms],
    currencies: &[&str],
    options: &ScheduleOptions,
    rows: &[Invoice],
    all_use_first: bool,
) -> Result<ScheduleColumns, Error> {
    if terms.is_empty() {
        return Err(Error::new(ErrorKind::InvalidRequest, "terms", "[]", "at least one payment terms"));
    }
    let mut scales = Vec::new();
    for (j, c) in currencies.iter().enumerate() {
        let r = MoneyRules::new(c, &options.rounding)
            .map_err(|e| Error::new(e.kind(), format!("currencies[{j}]"), e.value(), e.reason()))?;
        scales.push(r.scale());
    }
    let mut out = ScheduleColumns { offsets: vec![0], discount_offsets: vec![0], scales, ..Default::default() };
    let minor = |v: Decimal, scale: u32| {
        let mut v = v;
        v.rescale(scale);
        i64::try_from(v.mantissa())
            .map_err(|_| Error::new(ErrorKind::Overflow, "amount", v.to_string(), "does not fit 64-bit minor units"))
    };
    for (i, inv) in rows.iter().enumerate() {
        let c = usize::from(inv.currency);
        if c >= currencies.len() {
            return Err(Error::new(
                ErrorKind::UnknownCurrency,
                format!("invoices[{i}].currency"),
                c.to_string(),
                "currency index outside the list",
            ));
        }
        let t = if all_use_first { 0 } else { inv.terms as usize };
        let Some(term) = terms.get(t) else {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                format!("invoices[{i}].terms"),
                t.to_string(),
                "terms index outside the terms list",
            ));
        };
        let base = arrears::aging::date_of_day_number(&format!("invoices[{i}].base_date"), inv.day)?;
        let scale = out.scales[c];
        let s = schedule(Decimal::new(inv.total, scale), currencies[c], base, term, options)
            .map_err(|e| e.within(&format!("invoices[{i}]")))?;
        for inst in &s.installments {
            out.line.push(inst.line as u32);
            out.due_date.push(day_number(inst.due_date));
            out.amount.push(minor(inst.amount, scale)?);
            for d in &inst.discounts {
                out.discount_deadline.push(day_number(d.deadline));
                out.discount_amount.push(minor(d.discount, scale)?);
            }
            out.discount_offsets.push(out.discount_amount.len() as u32);
        }
        out.offsets.push(out.amount.len() as u32);
    }
    Ok(out)
}

/// The column of an open amount `a` aged `age` days (as core/tests/common's `naive_column`).
pub fn column(spec: &AgingSpec, age: i64, a: i64) -> usize {
    if spec.credits == Credits::Separate && a < 0 {
        spec.buckets.len()
    } else if spec.buckets.not_due() == NotDue::Column && age <= 0 {
        0
    } else {
        let bounds = spec.buckets.bounds();
        let first = usize::from(spec.buckets.not_due() == NotDue::Column);
        first + bounds.iter().position(|&b| age <= i64::from(b)).unwrap_or(bounds.len())
    }
}

/// A row of the naive aging: its key, money cells (buckets, then credits when separate),
/// disputed sum and item count.
pub type Cells = (Vec<i128>, i128, i128);

/// An error as (kind, field): what the comparisons look at.
pub type Expected = (ErrorKind, String);

/// Sums rows into groups (exactly, in i128). Only the final sums decide: when a group's cell,
/// disputed sum or money total ends outside i64, the error names, per such sum, the last row
/// that took it from inside to outside, and of those the earliest row.
pub struct Summer<K> {
    width: usize,
    /// Per (group, sum: a cell, `width` for disputed, `width + 1` for the total), the last row
    /// that took it out of i64.
    last_out: BTreeMap<(K, usize), usize>,
}

impl<K: Ord + Clone> Summer<K> {
    pub fn new(spec: &AgingSpec) -> Summer<K> {
        Summer { width: spec.buckets.len() + usize::from(spec.credits == Credits::Separate), last_out: BTreeMap::new() }
    }

    pub fn add(&mut self, groups: &mut BTreeMap<K, Cells>, row: usize, key: K, col: usize, a: i64, disputed: bool) {
        let fits = |v: i128| i64::try_from(v).is_ok();
        let e = groups.entry(key.clone()).or_insert_with(|| (vec![0; self.width], 0, 0));
        let total = e.0.iter().sum::<i128>();
        let mut moved = vec![(col, e.0[col]), (self.width + 1, total)];
        e.0[col] += i128::from(a);
        if disputed {
            moved.push((self.width, e.1));
            e.1 += i128::from(a);
        }
        e.2 += 1;
        for (q, before) in moved {
            if fits(before) && !fits(before + i128::from(a)) {
                self.last_out.insert((key.clone(), q), row);
            }
        }
    }

    /// The groups as i64 rows, or the overflow error naming the row (`amount[i]`).
    pub fn finish(&self, groups: BTreeMap<K, Cells>) -> Result<Vec<(K, Vec<i64>, i64, i64)>, Expected> {
        let fits = |v: i128| i64::try_from(v).is_ok();
        let mut named: Option<usize> = None;
        for (k, (cells, d, _)) in &groups {
            let mut bad: Vec<usize> = (0..self.width).filter(|&c| !fits(cells[c])).collect();
            if !fits(*d) {
                bad.push(self.width);
            }
            if !fits(cells.iter().sum()) {
                bad.push(self.width + 1);
            }
            for q in bad {
                let row = self.last_out[&(k.clone(), q)];
                named = Some(named.map_or(row, |n| n.min(row)));
            }
        }
        if let Some(row) = named {
            return Err((ErrorKind::Overflow, format!("items[{row}].amount")));
        }
        Ok(groups
            .into_iter()
            .map(|(k, (cells, d, n))| (k, cells.iter().map(|&v| v as i64).collect(), d as i64, n as i64))
            .collect())
    }
}

/// Whether `a` minor units at `scale` carry more decimals than `code` has (JPY at scale 2 takes
/// multiples of 100): the kernels refuse such an amount, as the object API does.
pub fn too_precise(code: &str, a: i64, scale: u32) -> bool {
    match arrears::Currency::lookup(code).and_then(|c| c.minor_units) {
        Some(units) if scale > u32::from(units) => a % 10i64.pow(scale - u32::from(units)) != 0,
        _ => false,
    }
}

/// The currency-list checks every aging kernel makes first.
pub fn check_currencies(currencies: &[&str], scale: u32) -> Result<(), Expected> {
    if scale > 18 {
        return Err((ErrorKind::InvalidPrecision, "scale".into()));
    }
    for (i, c) in currencies.iter().enumerate() {
        if arrears::Currency::lookup(c).is_none() {
            return Err((ErrorKind::UnknownCurrency, format!("currencies[{i}]")));
        }
        if currencies[..i].contains(c) {
            return Err((ErrorKind::InvalidRequest, format!("currencies[{i}]")));
        }
    }
    Ok(())
}

/// Plain aging columns (owned).
#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub customer: Vec<u32>,
    pub currency: Vec<u16>,
    pub due: Vec<i32>,
    pub issue: Vec<i32>,
    pub amount: Vec<i64>,
    pub disputed: Vec<bool>,
}

impl Rows {
    pub fn len(&self) -> usize {
        self.amount.len()
    }

    pub fn is_empty(&self) -> bool {
        self.amount.is_empty()
    }

    pub fn slice(&self, r: std::ops::Range<usize>) -> Rows {
        Rows {
            customer: self.customer[r.clone()].to_vec(),
            currency: self.currency[r.clone()].to_vec(),
            due: self.due[r.clone()].to_vec(),
            issue: self.issue[r.clone()].to_vec(),
            amount: self.amount[r.clone()].to_vec(),
            disputed: self.disputed[r].to_vec(),
        }
    }
}

/// A flat aging row: customer key, currency code, money cells, disputed, items.
pub type Flat = Vec<(u64, String, Vec<i64>, i64, i64)>;

/// `age_columns` the naive way. `issue`: whether the issue-date column is given.
pub fn age_columns(
    spec: &AgingSpec,
    rows: &Rows,
    currencies: &[&str],
    scale: u32,
    issue: bool,
) -> Result<Flat, Expected> {
    if spec.basis == AgeBasis::IssueDate && !issue {
        return Err((ErrorKind::InvalidRequest, "issue_date".into()));
    }
    check_currencies(currencies, scale)?;
    let (dates, name) =
        if spec.basis == AgeBasis::IssueDate { (&rows.issue, "issue_date") } else { (&rows.due, "due_date") };
    let as_of = i64::from(day_number(spec.as_of));
    let mut groups: BTreeMap<(u64, String), Cells> = BTreeMap::new();
    let mut sum = Summer::new(spec);
    for i in 0..rows.len() {
        let c = usize::from(rows.currency[i]);
        if c >= currencies.len() {
            let kind = if currencies.is_empty() { ErrorKind::UnknownCurrency } else { ErrorKind::InvalidRequest };
            return Err((kind, format!("items[{i}].currency")));
        }
        let d = dates[i];
        if !(MIN_DAY..=MAX_DAY).contains(&d) {
            return Err((ErrorKind::DateOutOfRange, format!("items[{i}].{name}")));
        }
        let a = rows.amount[i];
        if a == 0 {
            continue;
        }
        if too_precise(currencies[c], a, scale) {
            return Err((ErrorKind::InvalidAmount, format!("items[{i}].amount")));
        }
        let col = column(spec, as_of - i64::from(d), a);
        sum.add(&mut groups, i, (u64::from(rows.customer[i]), currencies[c].to_string()), col, a, rows.disputed[i]);
    }
    Ok(sum.finish(groups)?.into_iter().map(|((k, c), cells, d, n)| (k, c, cells, d, n)).collect())
}

/// A keyed aging row: customer id bytes, currency code, money cells, disputed, items.
pub type KeyedFlat = Vec<(Vec<u8>, String, Vec<i64>, i64, i64)>;

/// Rows with string ids, for `age_keyed`.
#[derive(Debug, Clone, Default)]
pub struct KeyedRows {
    pub customer: Vec<Vec<u8>>,
    pub currency: Vec<String>,
    pub date: Vec<i32>,
    pub amount: Vec<i128>,
    pub disputed: Vec<bool>,
}

/// `age_keyed` the naive way: `Ok(None)` when an id longer than 15 bytes comes before any bad
/// row.
pub fn age_keyed(spec: &AgingSpec, rows: &KeyedRows, scale: u32) -> Result<Option<KeyedFlat>, Expected> {
    check_currencies(&[], scale)?;
    let as_of = i64::from(day_number(spec.as_of));
    let mut groups: BTreeMap<(Vec<u8>, String), Cells> = BTreeMap::new();
    let mut sum = Summer::new(spec);
    for i in 0..rows.amount.len() {
        if rows.customer[i].len() > 15 {
            return Ok(None);
        }
        let code = &rows.currency[i];
        if code.len() > 3 || arrears::Currency::lookup(code).is_none() {
            return Err((ErrorKind::UnknownCurrency, format!("items[{i}].currency")));
        }
        let d = rows.date[i];
        if !(MIN_DAY..=MAX_DAY).contains(&d) {
            return Err((ErrorKind::DateOutOfRange, format!("items[{i}].date")));
        }
        let Ok(a) = i64::try_from(rows.amount[i]) else {
            return Err((ErrorKind::Overflow, format!("items[{i}].amount")));
        };
        if a == 0 {
            continue;
        }
        if too_precise(code, a, scale) {
            return Err((ErrorKind::InvalidAmount, format!("items[{i}].amount")));
        }
        let col = column(spec, as_of - i64::from(d), a);
        sum.add(&mut groups, i, (rows.customer[i].clone(), code.clone()), col, a, rows.disputed[i]);
    }
    Ok(Some(sum.finish(groups)?.into_iter().map(|((k, c), cells, d, n)| (k, c, cells, d, n)).collect()))
}
