//! The object API: open items in, a report of decimal amounts out; reports merge and are
//! checked as a whole.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::table::overflow_error;
use super::*;
use crate::calendar::{day_number, format_date};
use crate::error::{Error, ErrorKind, Result};
use crate::money::Currency;

// ---------------------------------------------------------------------------------------------
// Object API

/// An open item for [`aging()`]: an invoice (or installment, or credit note) with what is still
/// owed on it.
///
/// JSON: `{"customer": "C-1", "currency": "EUR", "due_date": "2026-10-31", "issue_date":
/// "2026-10-01", "amount": "1200.00", "disputed": false, "id": "INV-1"}`; `issue_date`,
/// `disputed` and `id` are optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenItem {
    /// Customer id.
    pub customer: String,
    /// ISO 4217 code.
    pub currency: String,
    /// Due date.
    #[serde(with = "crate::calendar::serde::date")]
    pub due_date: NaiveDate,
    /// Issue date (required when aging by issue date).
    #[serde(default, with = "crate::calendar::serde::opt_date", skip_serializing_if = "Option::is_none")]
    pub issue_date: Option<NaiveDate>,
    /// The open amount; negative for a credit. At most the currency's decimals.
    #[serde(with = "crate::money::serde::amount")]
    pub amount: Decimal,
    /// Under dispute.
    #[serde(default)]
    pub disputed: bool,
    /// The caller's id, for error messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// One row of an [`AgingReport`]: a customer in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgingRow {
    /// Customer id.
    pub customer: String,
    /// ISO 4217 code.
    pub currency: String,
    /// Amount per bucket, in the order of [`AgingReport::columns`] (credits last when separate).
    #[serde(with = "crate::money::serde::amount_list")]
    pub buckets: Vec<Decimal>,
    /// The disputed part of the total.
    #[serde(with = "crate::money::serde::amount")]
    pub disputed: Decimal,
    /// The open balance (sum of the buckets).
    #[serde(with = "crate::money::serde::amount")]
    pub total: Decimal,
    /// How many open items.
    pub items: u64,
}

/// Totals of one currency over the whole portfolio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgingTotal {
    /// ISO 4217 code.
    pub currency: String,
    /// Amount per bucket.
    #[serde(with = "crate::money::serde::amount_list")]
    pub buckets: Vec<Decimal>,
    /// Disputed amount.
    #[serde(with = "crate::money::serde::amount")]
    pub disputed: Decimal,
    /// Open balance.
    #[serde(with = "crate::money::serde::amount")]
    pub total: Decimal,
    /// Open items.
    pub items: u64,
    /// Share of the open balance that is not yet due, in percent, 2 decimals half up (`null`
    /// when not-due items are folded or the balance is zero).
    #[serde(with = "crate::money::serde::opt_amount")]
    pub percent_current: Option<Decimal>,
}

/// The aging report: rows per customer and currency, totals per currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgingReport {
    /// Report date.
    #[serde(with = "crate::calendar::serde::date")]
    pub as_of: NaiveDate,
    /// Age basis.
    pub basis: AgeBasis,
    /// Whether not-yet-due items have their own (first) column.
    pub not_due: NotDue,
    /// Column labels of `buckets` in rows and totals.
    pub columns: Vec<String>,
    /// Rows sorted by customer, then currency.
    pub rows: Vec<AgingRow>,
    /// One per currency, sorted by code.
    pub totals: Vec<AgingTotal>,
}

/// Ages open items.
///
/// ```
/// use arrears::aging::{aging, AgingSpec, OpenItem};
/// use arrears::parse_date;
/// let item = |customer: &str, due: &str, amount: &str| OpenItem {
///     customer: customer.into(), currency: "EUR".into(), due_date: parse_date("due", due).unwrap(),
///     issue_date: None, amount: amount.parse().unwrap(), disputed: false, id: None };
/// let report = aging(&[item("ACME", "2026-11-30", "100.00"), item("ACME", "2026-10-01", "50.10"),
///                      item("BOLT", "2026-06-01", "-20.00")],
///                    &AgingSpec::new(parse_date("as_of", "2026-11-24")?))?;
/// assert_eq!(report.columns, ["not_due", "1-30", "31-60", "61-90", "90+"]);
/// assert_eq!(report.rows[0].buckets.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
///            ["100.00", "0.00", "50.10", "0.00", "0.00"]);
/// assert_eq!(report.totals[0].total.to_string(), "130.10");
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::UnknownCurrency`] (field `items[i].currency`); [`ErrorKind::InvalidAmount`] for an
/// amount with more decimals than its currency has (`items[i].amount`, mixed scales are not
/// rounded silently); [`ErrorKind::InvalidRequest`] for a missing issue date when aging by issue
/// date; [`ErrorKind::Overflow`].
pub fn aging(items: &[OpenItem], spec: &AgingSpec) -> Result<AgingReport> {
    // Customers in sorted order give keys in report order.
    let mut names: Vec<&str> = items.iter().map(|i| i.customer.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let mut codes: Vec<&str> = Vec::new();
    let mut scale = 0u32;
    for (i, it) in items.iter().enumerate() {
        let cur = Currency::lookup(&it.currency).ok_or_else(|| {
            Error::new(
                ErrorKind::UnknownCurrency,
                format!("items[{i}].currency"),
                it.currency.as_str(),
                "not in the current ISO 4217 list",
            )
        })?;
        let units = u32::from(cur.minor_units.unwrap_or(4));
        let amount = it.amount.normalize();
        if amount.scale() > units {
            return Err(Error::new(
                ErrorKind::InvalidAmount,
                format!("items[{i}].amount"),
                it.amount.to_string(),
                format!(
                    "{} has {} decimal places; {} amounts have {units}: round them explicitly before aging",
                    it.amount,
                    amount.scale(),
                    cur.code
                ),
            ));
        }
        scale = scale.max(units);
        if !codes.contains(&cur.code) {
            codes.push(cur.code);
        }
        if spec.basis == AgeBasis::IssueDate && it.issue_date.is_none() {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                format!("items[{i}].issue_date"),
                "null",
                "aging by issue date needs every item's issue_date",
            ));
        }
    }
    codes.sort_unstable();
    let mut customer = Vec::with_capacity(items.len());
    let mut currency = Vec::with_capacity(items.len());
    let mut due = Vec::with_capacity(items.len());
    let mut issue = Vec::with_capacity(items.len());
    let mut amount = Vec::with_capacity(items.len());
    let mut disputed = Vec::with_capacity(items.len());
    for (i, it) in items.iter().enumerate() {
        customer.push(names.binary_search(&it.customer.as_str()).unwrap_or(0) as u32);
        currency.push(codes.binary_search(&it.currency.as_str()).unwrap_or(0) as u16);
        due.push(day_number(it.due_date));
        issue.push(it.issue_date.map(day_number).unwrap_or(0));
        let mut a = it.amount;
        a.rescale(scale);
        let units = i64::try_from(a.mantissa()).map_err(|_| {
            Error::new(ErrorKind::Overflow, format!("items[{i}].amount"), it.amount.to_string(), "too large")
        })?;
        amount.push(units);
        disputed.push(it.disputed);
    }
    let cols = AgingColumns {
        customer: &customer,
        currency: &currency,
        currencies: &codes,
        due_date: &due,
        issue_date: Some(&issue),
        amount: &amount,
        scale,
        disputed: Some(&disputed),
    };
    let table = age_columns(spec, &cols, 1)?;
    report(&table, |k| names[k as usize].to_string())
}

/// Turns an [`AgingTable`] into an [`AgingReport`], naming customers with `name` (rows keep the
/// table's key order, so `name` should be order-preserving for a sorted report). Amounts carry
/// each currency's ISO minor units (or the table's scale, if larger).
///
/// # Errors
/// [`ErrorKind::Overflow`] when a currency total leaves the i64 range.
pub fn report(table: &AgingTable, name: impl Fn(u64) -> String) -> Result<AgingReport> {
    let scale = table.scale;
    let units: Vec<u32> = table
        .currencies
        .iter()
        .map(|c| Currency::lookup(c).and_then(|c| c.minor_units).map(u32::from).unwrap_or(scale))
        .collect();
    // Exact, shown with the currency's decimals unless the value carries more.
    let dec = |v: i64, cur: u32| {
        let mut d = Decimal::new(v, scale);
        let want = units[cur as usize];
        if d.normalize().scale() <= want {
            d.rescale(want);
        }
        d
    };
    let spec = &table.spec;
    let nb = spec.buckets.len();
    let sep = spec.credits == Credits::Separate;
    let rows = table
        .rows()
        .map(|r| {
            let mut buckets: Vec<Decimal> = r.buckets.iter().map(|&v| dec(v, r.currency)).collect();
            if sep {
                buckets.push(dec(r.credits, r.currency));
            }
            AgingRow {
                customer: name(r.customer),
                currency: table.currencies[r.currency as usize].clone(),
                buckets,
                disputed: dec(r.disputed, r.currency),
                total: dec(r.total, r.currency),
                items: r.items as u64,
            }
        })
        .collect();
    let mut totals = Vec::new();
    for (cur, cells) in table.totals()? {
        let w = cells.len();
        let money = nb + usize::from(sep);
        let total =
            super::table::row_total(&cells[..money]).ok_or_else(|| overflow_error(&table.currencies[cur as usize]))?;
        let buckets: Vec<Decimal> = cells[..money].iter().map(|&v| dec(v, cur)).collect();
        let total = dec(total, cur);
        totals.push(AgingTotal {
            currency: table.currencies[cur as usize].clone(),
            percent_current: percent_current(spec.buckets.not_due(), &buckets, total),
            buckets,
            disputed: dec(cells[w - 2], cur),
            total,
            items: cells[w - 1] as u64,
        });
    }
    let report = AgingReport {
        as_of: spec.as_of,
        basis: spec.basis,
        not_due: spec.buckets.not_due(),
        columns: spec.columns(),
        rows,
        totals,
    };
    report.check_amounts()?;
    Ok(report)
}

impl AgingReport {
    /// Every amount a report shows stays within ±10^18 (the limit of every amount in arrears):
    /// the table behind it adds in i64 minor units, which for a currency without decimals holds
    /// sums up to 9.2 * 10^18, so a report of such sums would be one that no merge, no
    /// `validate` and no other language could take back. The first amount beyond is an
    /// [`ErrorKind::Overflow`] naming it (`rows[i].buckets[j]`, `totals[i].total`, ...).
    fn check_amounts(&self) -> Result<()> {
        // The field's name is only written out for the amount that fails.
        let within = |v: &Decimal| v.abs() <= crate::money::MAX_AMOUNT;
        let check = |at: &dyn Fn() -> String, amounts: &[Decimal], disputed: Decimal, total: Decimal| -> Result<()> {
            if let Some(j) = amounts.iter().position(|b| !within(b)) {
                return crate::money::check_magnitude(&format!("{}.buckets[{j}]", at()), amounts[j]);
            }
            if !within(&disputed) {
                return crate::money::check_magnitude(&format!("{}.disputed", at()), disputed);
            }
            if !within(&total) {
                return crate::money::check_magnitude(&format!("{}.total", at()), total);
            }
            Ok(())
        };
        for (i, r) in self.rows.iter().enumerate() {
            check(&|| format!("rows[{i}]"), &r.buckets, r.disputed, r.total)?;
        }
        for (i, t) in self.totals.iter().enumerate() {
            check(&|| format!("totals[{i}]"), &t.buckets, t.disputed, t.total)?;
        }
        Ok(())
    }
}

fn percent_current(not_due: NotDue, buckets: &[Decimal], total: Decimal) -> Option<Decimal> {
    if not_due != NotDue::Column || total.is_zero() {
        return None;
    }
    let p = buckets[0].checked_mul(Decimal::ONE_HUNDRED)?.checked_div(total)?;
    let mut p = p.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    p.rescale(2);
    Some(p)
}

/// The most reports one [`AgingReport::merge_all`] takes (the wire operation `aging_merge`'s
/// limit): merging is linear in the rows, so this only bounds the memory a request can claim.
pub const MAX_MERGE_REPORTS: usize = crate::limits::MAX_MERGE_REPORTS;

impl AgingReport {
    /// Merges two reports of the same spec (rows of the same customer and currency add up):
    /// [`AgingReport::merge_all`] of the two, whose errors name `reports[0]` (this one) or
    /// `reports[1]` (`other`).
    ///
    /// ```
    /// use arrears::aging::{aging, AgingSpec, OpenItem};
    /// let spec = AgingSpec::new(arrears::parse_date("as_of", "2026-11-24")?);
    /// let item = |c: &str, a: &str| OpenItem { customer: c.into(), currency: "EUR".into(),
    ///     due_date: spec.as_of, issue_date: None, amount: a.parse().unwrap(), disputed: false, id: None };
    /// let whole = aging(&[item("A", "1.00"), item("B", "2.00"), item("A", "3.00")], &spec)?;
    /// let left = aging(&[item("A", "1.00"), item("B", "2.00")], &spec)?;
    /// let right = aging(&[item("A", "3.00")], &spec)?;
    /// assert_eq!(left.merge(&right)?, whole);
    /// # Ok::<(), arrears::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`AgingReport::merge_all`].
    pub fn merge(&self, other: &AgingReport) -> Result<AgingReport> {
        AgingReport::merge_all([self, other])
    }

    /// Merges reports of the same spec into the report of the whole: rows of the same customer
    /// and currency add up, totals per currency add up, `percent_current` is recomputed. Every
    /// input is checked as a whole first ([`AgingReport::validate`]), and every sum is checked,
    /// so a malformed or hostile report is an error, never a plausible wrong total. Linear in
    /// the rows (one sort), however many reports.
    ///
    /// ```
    /// use arrears::aging::{aging, AgingReport, AgingSpec, OpenItem};
    /// let spec = AgingSpec::new(arrears::parse_date("as_of", "2026-11-24")?);
    /// let item = |c: &str, a: &str| OpenItem { customer: c.into(), currency: "EUR".into(),
    ///     due_date: spec.as_of, issue_date: None, amount: a.parse().unwrap(), disputed: false, id: None };
    /// let parts = [aging(&[item("B", "2.00")], &spec)?, aging(&[item("A", "1.00")], &spec)?,
    ///              aging(&[item("A", "3.00")], &spec)?];
    /// let whole = AgingReport::merge_all(&parts)?;
    /// assert_eq!(whole, aging(&[item("A", "1.00"), item("B", "2.00"), item("A", "3.00")], &spec)?);
    ///
    /// let mut bad = parts[0].clone();
    /// bad.rows[0].total = "2.01".parse().unwrap(); // no longer the sum of its buckets
    /// let err = AgingReport::merge_all([&parts[1], &bad]).unwrap_err();
    /// assert_eq!(err.field(), "reports[1].rows[0].total");
    /// # Ok::<(), arrears::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRequest`] for no report, more than [`MAX_MERGE_REPORTS`], reports
    /// whose as_of, basis or columns differ, or a report that fails [`AgingReport::validate`]
    /// (field `reports[i]...`); [`ErrorKind::Overflow`] when a sum leaves the amounts arrears
    /// supports (±10^18, item counts beyond u64).
    pub fn merge_all<'a>(reports: impl IntoIterator<Item = &'a AgingReport>) -> Result<AgingReport> {
        let reports: Vec<&AgingReport> = reports.into_iter().collect();
        let Some(first) = reports.first() else {
            return Err(Error::new(ErrorKind::InvalidRequest, "reports", "[]", "at least one report to merge"));
        };
        if reports.len() > MAX_MERGE_REPORTS {
            return Err(crate::limits::exceeded("reports", reports.len(), MAX_MERGE_REPORTS));
        }
        for (k, r) in reports.iter().enumerate() {
            let at = format!("reports[{k}]");
            let differ = |field: &str, value: String| {
                Err(Error::new(
                    ErrorKind::InvalidRequest,
                    format!("{at}.{field}"),
                    value,
                    "only reports with the same as_of, basis and columns merge",
                ))
            };
            if r.as_of != first.as_of {
                return differ("as_of", format_date(r.as_of));
            }
            if (r.basis, r.not_due) != (first.basis, first.not_due) {
                return differ("basis", format!("{:?}/{:?}", r.basis, r.not_due));
            }
            if r.columns != first.columns {
                return differ("columns", r.columns.join(","));
            }
            r.validate().map_err(|e| e.within(&at))?;
        }
        let width = first.columns.len();
        let sum_into = |acc: &mut [Decimal], add: &[Decimal], field: &str| -> Result<()> {
            for (a, b) in acc.iter_mut().zip(add) {
                *a = checked_sum(*a, *b, field)?;
            }
            Ok(())
        };
        // Rows: all of them in key order (stable, so equal keys keep the reports' order), then
        // each run of one (customer, currency) added up.
        let mut all: Vec<&AgingRow> = reports.iter().flat_map(|r| r.rows.iter()).collect();
        all.sort_by(|a, b| (&a.customer, &a.currency).cmp(&(&b.customer, &b.currency)));
        let mut rows: Vec<AgingRow> = Vec::with_capacity(all.len());
        for r in all {
            match rows.last_mut() {
                Some(last) if last.customer == r.customer && last.currency == r.currency => {
                    sum_into(&mut last.buckets, &r.buckets, "buckets")?;
                    last.disputed = checked_sum(last.disputed, r.disputed, "disputed")?;
                    last.total = checked_sum(last.total, r.total, "total")?;
                    last.items = checked_items(last.items, r.items)?;
                }
                _ => rows.push(r.clone()),
            }
        }
        let mut totals: Vec<AgingTotal> = Vec::new();
        let mut all: Vec<&AgingTotal> = reports.iter().flat_map(|r| r.totals.iter()).collect();
        all.sort_by(|a, b| a.currency.cmp(&b.currency));
        for t in all {
            match totals.last_mut() {
                Some(last) if last.currency == t.currency => {
                    sum_into(&mut last.buckets, &t.buckets, "buckets")?;
                    last.disputed = checked_sum(last.disputed, t.disputed, "disputed")?;
                    last.total = checked_sum(last.total, t.total, "total")?;
                    last.items = checked_items(last.items, t.items)?;
                }
                _ => totals.push(t.clone()),
            }
        }
        for t in &mut totals {
            t.percent_current = percent_current(first.not_due, &t.buckets, t.total);
        }
        debug_assert!(rows.iter().all(|r| r.buckets.len() == width));
        Ok(AgingReport {
            as_of: first.as_of,
            basis: first.basis,
            not_due: first.not_due,
            columns: first.columns.clone(),
            rows,
            totals,
        })
    }

    /// Checks that the report is one [`aging()`] could have produced: at least one column; every
    /// row and total has one amount per column, and a total that is the sum of them; rows sorted
    /// by customer then currency, without repeats; one total per currency of the rows, sorted,
    /// each the sum of that currency's rows (buckets, disputed, total, items); every amount
    /// within ±10^18. Reports read from JSON (the `aging_merge` operation) are checked this way
    /// before they are merged.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRequest`] naming the first inconsistent field (`rows[3].total`,
    /// `totals[0].buckets`, ...); [`ErrorKind::Overflow`] for an amount beyond ±10^18.
    pub fn validate(&self) -> Result<()> {
        let bad = |field: String, value: String, reason: String| {
            Err(Error::new(ErrorKind::InvalidRequest, field, value, reason))
        };
        let width = self.columns.len();
        if width == 0 {
            return bad("columns".into(), "[]".into(), "a report has at least one bucket column".into());
        }
        let check = |at: &str, buckets: &[Decimal], disputed: Decimal, total: Decimal| -> Result<()> {
            if buckets.len() != width {
                return bad(
                    format!("{at}.buckets"),
                    buckets.len().to_string(),
                    format!("{} amounts for {width} columns ({})", buckets.len(), self.columns.join(", ")),
                );
            }
            for (c, v) in buckets.iter().enumerate() {
                crate::money::check_magnitude(&format!("{at}.buckets[{c}]"), *v)?;
            }
            crate::money::check_magnitude(&format!("{at}.disputed"), disputed)?;
            crate::money::check_magnitude(&format!("{at}.total"), total)?;
            let sum = buckets.iter().try_fold(Decimal::ZERO, |a, b| a.checked_add(*b));
            if sum != Some(total) {
                return bad(
                    format!("{at}.total"),
                    total.to_string(),
                    format!(
                        "the total is not the sum of the buckets ({})",
                        sum.map_or("overflow".into(), |s| s.to_string())
                    ),
                );
            }
            Ok(())
        };
        // The sums of the rows per currency, to compare with the totals.
        let mut sums: std::collections::BTreeMap<&str, (Vec<Decimal>, Decimal, Decimal, u64)> = Default::default();
        for (i, r) in self.rows.iter().enumerate() {
            let at = format!("rows[{i}]");
            check(&at, &r.buckets, r.disputed, r.total)?;
            if i > 0 {
                let prev = &self.rows[i - 1];
                if (&prev.customer, &prev.currency) >= (&r.customer, &r.currency) {
                    return bad(
                        at,
                        format!("{}/{}", r.customer, r.currency),
                        "rows are sorted by customer, then currency, each (customer, currency) once".into(),
                    );
                }
            }
            let s = sums
                .entry(r.currency.as_str())
                .or_insert_with(|| (vec![Decimal::ZERO; width], Decimal::ZERO, Decimal::ZERO, 0));
            for (a, b) in s.0.iter_mut().zip(&r.buckets) {
                *a = checked_sum(*a, *b, &format!("{at}.buckets"))?;
            }
            s.1 = checked_sum(s.1, r.disputed, &format!("{at}.disputed"))?;
            s.2 = checked_sum(s.2, r.total, &format!("{at}.total"))?;
            s.3 = checked_items(s.3, r.items)?;
        }
        if self.totals.len() != sums.len() {
            return bad(
                "totals".into(),
                self.totals.len().to_string(),
                format!("one total per currency of the rows ({} currencies)", sums.len()),
            );
        }
        for (k, (t, (code, (buckets, disputed, total, items)))) in self.totals.iter().zip(&sums).enumerate() {
            let at = format!("totals[{k}]");
            check(&at, &t.buckets, t.disputed, t.total)?;
            let differs = |what: &str, got: String, want: String| {
                bad(format!("{at}.{what}"), got, format!("the rows of {code} sum to {want}"))
            };
            if t.currency != *code {
                return bad(
                    format!("{at}.currency"),
                    t.currency.clone(),
                    format!("totals are sorted by currency; expected {code}"),
                );
            }
            if t.buckets != *buckets {
                let show = |v: &[Decimal]| v.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ");
                return differs("buckets", show(&t.buckets), show(buckets));
            }
            if t.disputed != *disputed {
                return differs("disputed", t.disputed.to_string(), disputed.to_string());
            }
            if t.total != *total {
                return differs("total", t.total.to_string(), total.to_string());
            }
            if t.items != *items {
                return differs("items", t.items.to_string(), items.to_string());
            }
        }
        Ok(())
    }
}

/// `a + b` for a merged amount, within the amounts arrears supports.
fn checked_sum(a: Decimal, b: Decimal, field: &str) -> Result<Decimal> {
    let s = a.checked_add(b).ok_or_else(|| crate::money::overflow(field, a))?;
    crate::money::check_magnitude(field, s)?;
    Ok(s)
}

fn checked_items(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b).ok_or_else(|| {
        Error::new(ErrorKind::Overflow, "items", b.to_string(), "the item count leaves the range of 64-bit integers")
    })
}
