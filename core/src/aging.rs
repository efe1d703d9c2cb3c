//! Aging: open amounts per customer and currency, spread over age buckets.
//!
//! Two ways in, one kernel:
//! - [`aging()`] over [`OpenItem`]s (decimal amounts, dates, string keys): the object API, the
//!   wire operation `aging`, what a report screen calls;
//! - [`age_columns()`] over plain columns ([`AgingColumns`]: integer customer keys, currency
//!   indices, day numbers, minor units), with no object per invoice, on several threads; the
//!   Python (Arrow), Node (typed arrays) and C (arrays) batch paths all end here through
//!   [`age_sources()`].
//!
//! Both give an [`AgingTable`]: exact integer cells per (customer, currency), which **merge**
//! ([`AgingTable::merge`]): the aging of two partitions merged equals the aging of the whole, so
//! the work can be split across threads, processes or cluster partitions.
//!
//! Rules (SEMANTICS.md, "Aging"): age = as_of − due date (or − issue date); the default buckets
//! are `not_due` (age ≤ 0), `1-30`, `31-60`, `61-90`, `90+`; bounds are inclusive upper bounds,
//! any strictly increasing list; not-yet-due items can fold into the first bucket; totals are per
//! customer and currency and per currency, never across currencies; credits (negative open
//! amounts) net into their bucket or stand in their own column; disputed amounts are flagged in
//! their own column (and stay in their bucket, so buckets still sum to the open balance). Items
//! with a zero open amount are not open and are left out.
//!
//! ```
//! use arrears::aging::{age_columns, AgingColumns, AgingSpec};
//! use arrears::parse_date;
//!
//! let spec = AgingSpec::new(parse_date("as_of", "2025-06-30")?);
//! let as_of = arrears::aging::day_number(spec.as_of);
//! let cols = AgingColumns {
//!     customer: &[7, 7, 3],
//!     currency: &[0, 0, 0],
//!     currencies: &["EUR"],
//!     due_date: &[as_of + 5, as_of - 45, as_of - 1],
//!     issue_date: None,
//!     amount: &[10000, 2550, 99],   // minor units (cents)
//!     scale: 2,
//!     disputed: None,
//! };
//! let table = age_columns(&spec, &cols, 2)?;
//! let rows: Vec<_> = table.rows().map(|r| (r.customer, r.buckets.to_vec(), r.total)).collect();
//! assert_eq!(rows, vec![(3, vec![0, 99, 0, 0, 0], 99), (7, vec![10000, 0, 2550, 0, 0], 12550)]);
//! # Ok::<(), arrears::Error>(())
//! ```

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::calendar::format_date;
// Day numbers are calendar facts; `arrears::aging::day_number` and friends keep working.
pub use crate::calendar::{date_of_day_number, day_number, MAX_DAY, MIN_DAY};
use crate::error::{Error, ErrorKind, Result};
use crate::money::Currency;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Which date an item's age is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeBasis {
    /// Age = as_of − due date (the default).
    #[default]
    DueDate,
    /// Age = as_of − issue date.
    IssueDate,
}

/// Where items that are not yet due (age ≤ 0) go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotDue {
    /// Their own first column, `not_due` (the default).
    #[default]
    Column,
    /// Folded into the first bucket (age ≤ first bound).
    Fold,
}

/// What happens to credits (negative open amounts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Credits {
    /// Netted into the bucket of their age (the default).
    #[default]
    Net,
    /// In their own `credits` column, whatever their age.
    Separate,
}

/// The largest bound, in days (100 years): ages beyond it all land in the last bucket anyway.
pub const MAX_BOUND: i32 = 36_500;
/// At most this many bounds.
pub const MAX_BOUNDS: usize = 64;

/// Age buckets: inclusive upper bounds in days, labels, and the not-due rule.
///
/// With bounds `[30, 60, 90]` and [`NotDue::Column`] the columns are `not_due` (age ≤ 0),
/// `1-30`, `31-60`, `61-90`, `90+`; with [`NotDue::Fold`] they are `0-30` (every age ≤ 30,
/// including not yet due), `31-60`, `61-90`, `90+`.
///
/// ```
/// use arrears::aging::{AgingBuckets, NotDue};
/// let b = AgingBuckets::new(vec![30, 60, 90], NotDue::Column)?;
/// assert_eq!(b.labels(), ["not_due", "1-30", "31-60", "61-90", "90+"]);
/// assert_eq!([-5, 0, 1, 30, 31, 91].map(|age| b.column_of(age)), [0, 0, 1, 1, 2, 4]);
/// let folded = AgingBuckets::new(vec![30, 60, 90, 120], NotDue::Fold)?;
/// assert_eq!(folded.labels(), ["0-30", "31-60", "61-90", "91-120", "120+"]);
/// assert!(AgingBuckets::new(vec![30, 30], NotDue::Column).is_err());
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AgingBuckets {
    bounds: Vec<i32>,
    labels: Vec<String>,
    not_due: NotDue,
    lo: i32,
    table: Vec<u8>,
}

impl AgingBuckets {
    /// Buckets with these bounds and the default labels.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRequest`] (field `bounds[i]`) for an empty list, bounds not strictly
    /// increasing (unsorted or duplicate), a bound ≤ 0 with a `not_due` column, or a bound beyond
    /// ±[`MAX_BOUND`] days; more than [`MAX_BOUNDS`] bounds.
    pub fn new(bounds: Vec<i32>, not_due: NotDue) -> Result<AgingBuckets> {
        AgingBuckets::with_labels(bounds, None, not_due)
    }

    /// Buckets with these bounds and labels (one per column, `not_due` included when it is a
    /// column; `None` for the defaults).
    ///
    /// ```
    /// use arrears::aging::{AgingBuckets, NotDue};
    /// let labels = ["current", "d1_30", "d31_60", "d61_90", "d90_plus"].map(String::from).to_vec();
    /// let b = AgingBuckets::with_labels(vec![30, 60, 90], Some(labels), NotDue::Column)?;
    /// assert_eq!(b.labels()[4], "d90_plus");
    /// # Ok::<(), arrears::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`AgingBuckets::new`]; also `labels` of the wrong length, or an empty or repeated label.
    pub fn with_labels(bounds: Vec<i32>, labels: Option<Vec<String>>, not_due: NotDue) -> Result<AgingBuckets> {
        let bad =
            |i: usize, v: String, why: String| Error::new(ErrorKind::InvalidRequest, format!("bounds[{i}]"), v, why);
        if bounds.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                "bounds",
                "[]",
                "give at least one bound, e.g. [30, 60, 90]",
            ));
        }
        crate::limits::check("bounds", bounds.len(), MAX_BOUNDS)?;
        for (i, &b) in bounds.iter().enumerate() {
            if !(-MAX_BOUND..=MAX_BOUND).contains(&b) {
                return Err(bad(i, b.to_string(), format!("a bound is between -{MAX_BOUND} and {MAX_BOUND} days")));
            }
            if not_due == NotDue::Column && b <= 0 {
                return Err(bad(
                    i,
                    b.to_string(),
                    "with a not_due column the bounds are ages in days past due, at least 1".into(),
                ));
            }
            if i > 0 && b <= bounds[i - 1] {
                let what = if b == bounds[i - 1] { "duplicate bound" } else { "bounds out of order" };
                return Err(bad(
                    i,
                    b.to_string(),
                    format!("{what}: bounds must be strictly increasing ({b} follows {})", bounds[i - 1]),
                ));
            }
        }
        let mut default_labels = Vec::new();
        if not_due == NotDue::Column {
            default_labels.push("not_due".to_string());
        }
        let mut prev: Option<i32> = if not_due == NotDue::Column { Some(0) } else { None };
        for &b in &bounds {
            default_labels.push(match prev {
                None if b >= 0 => format!("0-{b}"),
                None => format!("<={b}"),
                Some(p) if p + 1 == b => format!("{b}"),
                Some(p) => format!("{}-{b}", p + 1),
            });
            prev = Some(b);
        }
        default_labels.push(format!("{}+", bounds[bounds.len() - 1]));
        let labels = match labels {
            None => default_labels,
            Some(l) => {
                if l.len() != default_labels.len() {
                    return Err(Error::new(
                        ErrorKind::InvalidRequest,
                        "labels",
                        l.len().to_string(),
                        format!(
                            "{} labels expected, one per column ({})",
                            default_labels.len(),
                            default_labels.join(", ")
                        ),
                    ));
                }
                for (i, s) in l.iter().enumerate() {
                    if s.is_empty() || l[..i].contains(s) {
                        return Err(Error::new(
                            ErrorKind::InvalidRequest,
                            format!("labels[{i}]"),
                            s.as_str(),
                            "labels must be non-empty and distinct",
                        ));
                    }
                }
                l
            }
        };
        let lo = bounds[0].min(0);
        let hi = bounds[bounds.len() - 1] + 1;
        let first = usize::from(not_due == NotDue::Column);
        let table = (lo..=hi)
            .map(|age| {
                if not_due == NotDue::Column && age <= 0 {
                    0
                } else {
                    (first + bounds.iter().filter(|&&b| b < age).count()) as u8
                }
            })
            .collect();
        Ok(AgingBuckets { bounds, labels, not_due, lo, table })
    }

    /// The standard buckets: `not_due`, `1-30`, `31-60`, `61-90`, `90+`.
    pub fn standard() -> AgingBuckets {
        AgingBuckets::new(vec![30, 60, 90], NotDue::Column).expect("valid standard buckets")
    }

    /// The inclusive upper bounds, in days.
    pub fn bounds(&self) -> &[i32] {
        &self.bounds
    }

    /// One label per column.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Where not-yet-due items go.
    pub fn not_due(&self) -> NotDue {
        self.not_due
    }

    /// The number of age columns.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Never true: there is always at least one column.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The column of an item of this age (days).
    #[inline]
    pub fn column_of(&self, age: i32) -> usize {
        let i = (age.clamp(self.lo, self.lo + self.table.len() as i32 - 1) - self.lo) as usize;
        self.table[i] as usize
    }
}

impl Default for AgingBuckets {
    fn default() -> AgingBuckets {
        AgingBuckets::standard()
    }
}

/// What an aging run computes: as of when, from which date, into which buckets, and how credits
/// are shown.
///
/// JSON (inside an `aging` request): `"as_of"`, `"basis"` (`due_date` | `issue_date`),
/// `"bounds"` (default `[30, 60, 90]`), `"labels"`, `"not_due"` (`column` | `fold`),
/// `"credits"` (`net` | `separate`).
///
/// ```
/// use arrears::aging::{AgingSpec, AgeBasis, Credits};
/// let mut spec = AgingSpec::new(arrears::parse_date("as_of", "2026-11-24")?);
/// spec.basis = AgeBasis::IssueDate;
/// spec.credits = Credits::Separate;
/// assert_eq!(spec.columns(), ["not_due", "1-30", "31-60", "61-90", "90+", "credits"]);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AgingSpec {
    /// The report date.
    pub as_of: NaiveDate,
    /// Age from the due date (default) or the issue date.
    pub basis: AgeBasis,
    /// The buckets.
    pub buckets: AgingBuckets,
    /// Credits netted (default) or in their own column.
    pub credits: Credits,
}

impl AgingSpec {
    /// Standard buckets by due date, credits netted.
    pub fn new(as_of: NaiveDate) -> AgingSpec {
        AgingSpec { as_of, basis: AgeBasis::DueDate, buckets: AgingBuckets::standard(), credits: Credits::Net }
    }

    /// The money columns of a row: the buckets, then `credits` when credits are separate.
    pub fn columns(&self) -> Vec<String> {
        let mut c = self.buckets.labels().to_vec();
        if self.credits == Credits::Separate {
            c.push("credits".into());
        }
        c
    }

    fn width(&self) -> usize {
        // buckets, credits?, disputed, items
        self.buckets.len() + usize::from(self.credits == Credits::Separate) + 2
    }
}

/// A source of rows for [`age_sources()`]: a partition (an Arrow record batch, a slice of
/// columns) that the kernel reads by row index. Implementations check nothing: the kernel
/// checks every value it uses and names the first bad row.
pub trait AgingSource: Sync {
    /// Rows in this source.
    fn len(&self) -> usize;
    /// Whether it has no rows.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The customer key of row `i` (must be below the `key_bound` given to the kernel).
    fn customer(&self, i: usize) -> u64;
    /// The currency index of row `i` (into the kernel's currency list).
    fn currency(&self, i: usize) -> u32;
    /// The day number of the date the age is counted from (due or issue date, per the spec).
    fn date(&self, i: usize) -> i32;
    /// The open amount of row `i` in minor units at the batch's scale (i128 so that a decimal128
    /// column passes through unchecked; the kernel rejects what does not fit i64).
    fn amount(&self, i: usize) -> i128;
    /// Whether row `i` is disputed.
    fn disputed(&self, _i: usize) -> bool {
        false
    }
    /// A hint that the kernel will read row `i`'s customer key soon (it calls this a few dozen
    /// rows ahead): a source that reads keys through a table can ask for the table's entry with
    /// [`prefetch_at`], so that the read does not wait on memory. Does nothing by default.
    fn prefetch_customer(&self, _i: usize) {}
    /// `Some(row)` for the first row (in this source) whose value the source could not give,
    /// e.g. an Arrow null, and the column's name; checked before anything else.
    fn first_invalid(&self) -> Option<(usize, &'static str)> {
        None
    }
}

/// Plain columns for [`age_columns()`]: one entry per open item, all slices of the same length.
#[derive(Debug, Clone, Copy)]
pub struct AgingColumns<'a> {
    /// Customer key of each item: any integer (dense keys such as dictionary indices are
    /// fastest; sparse ones are compacted first). Rows come out sorted by this key.
    pub customer: &'a [u32],
    /// Index of each item's currency in `currencies`.
    pub currency: &'a [u16],
    /// The currency codes the indices refer to (ISO 4217).
    pub currencies: &'a [&'a str],
    /// Due date of each item as a day number ([`day_number`]).
    pub due_date: &'a [i32],
    /// Issue dates, required when aging by issue date.
    pub issue_date: Option<&'a [i32]>,
    /// Open amount of each item in minor units at `scale` (12.34 at scale 2 is 1234).
    pub amount: &'a [i64],
    /// Decimal places of `amount` (0 ..= 18).
    pub scale: u32,
    /// Disputed flags, if any.
    pub disputed: Option<&'a [bool]>,
}

/// The result of an aging run: exact integer cells per (customer key, currency), mergeable.
///
/// Each row holds the bucket amounts, the credits column (when separate), the disputed amount
/// and the item count; amounts are minor units at [`AgingTable::scale`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgingTable {
    spec: AgingSpec,
    scale: u32,
    currencies: Vec<String>,
    keys: Vec<(u64, u32)>,
    cells: Vec<i64>,
}

/// One row of an [`AgingTable`], borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgingTableRow<'a> {
    /// The customer key.
    pub customer: u64,
    /// The currency index into [`AgingTable::currencies`].
    pub currency: u32,
    /// The amount in each bucket (minor units).
    pub buckets: &'a [i64],
    /// The credits column (0 when credits are netted).
    pub credits: i64,
    /// The disputed part of the open balance.
    pub disputed: i64,
    /// The open balance: buckets plus credits.
    pub total: i64,
    /// How many open items.
    pub items: i64,
}

impl AgingTable {
    /// The spec it was computed with.
    pub fn spec(&self) -> &AgingSpec {
        &self.spec
    }

    /// Decimal places of the amounts.
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// The currency codes that [`AgingTableRow::currency`] indexes.
    pub fn currencies(&self) -> &[String] {
        &self.currencies
    }

    /// Number of (customer, currency) rows.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The rows, sorted by customer key, then currency code.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = AgingTableRow<'_>> + '_ {
        let w = self.spec.width();
        let nb = self.spec.buckets.len();
        let sep = self.spec.credits == Credits::Separate;
        self.keys.iter().enumerate().map(move |(g, &(customer, currency))| {
            let c = &self.cells[g * w..(g + 1) * w];
            let credits = if sep { c[nb] } else { 0 };
            AgingTableRow {
                customer,
                currency,
                buckets: &c[..nb],
                credits,
                disputed: c[w - 2],
                // cannot overflow: checked when the cells were summed (see `finish`)
                total: c[..nb].iter().sum::<i64>() + credits,
                items: c[w - 1],
            }
        })
    }

    /// Portfolio totals per currency (same columns as a row), sorted by currency code.
    ///
    /// # Errors
    /// [`ErrorKind::Overflow`] if a currency's total leaves the i64 range of minor units.
    pub fn totals(&self) -> Result<Vec<(u32, Vec<i64>)>> {
        let w = self.spec.width();
        let mut out: Vec<(u32, Vec<i64>)> = Vec::new();
        let mut order: Vec<usize> = (0..self.currencies.len()).collect();
        order.sort_by(|&a, &b| self.currencies[a].cmp(&self.currencies[b]));
        let mut sums = vec![vec![0i64; w]; self.currencies.len()];
        let mut seen = vec![false; self.currencies.len()];
        for (g, &(_, cur)) in self.keys.iter().enumerate() {
            seen[cur as usize] = true;
            for (s, &v) in sums[cur as usize].iter_mut().zip(&self.cells[g * w..(g + 1) * w]) {
                *s = s.checked_add(v).ok_or_else(|| overflow_error(&self.currencies[cur as usize]))?;
            }
        }
        for i in order {
            if seen[i] {
                out.push((i as u32, std::mem::take(&mut sums[i])));
            }
        }
        Ok(out)
    }

    /// Adds another partition's aging to this one. Both must share the spec and scale; currency
    /// lists may differ (they are unified by code). Merging is associative and commutative, and
    /// the merge of the parts equals the aging of the whole.
    ///
    /// ```
    /// use arrears::aging::{age_columns, AgingColumns, AgingSpec};
    /// let spec = AgingSpec::new(arrears::parse_date("as_of", "2025-06-30")?);
    /// let part = |customer: &'static [u32], amount: &'static [i64]| AgingColumns {
    ///     customer, currency: &[0, 0], currencies: &["EUR"], due_date: &[20000, 20300],
    ///     issue_date: None, amount, scale: 2, disputed: None };
    /// let mut a = age_columns(&spec, &part(&[1, 2], &[100, 200]), 1)?;
    /// let b = age_columns(&spec, &part(&[2, 3], &[300, 400]), 1)?;
    /// a.merge(&b)?;
    /// assert_eq!(a.rows().map(|r| r.total).collect::<Vec<_>>(), [100, 500, 400]);
    /// # Ok::<(), arrears::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRequest`] when the specs or scales differ; [`ErrorKind::Overflow`]
    /// when a cell leaves the i64 range.
    pub fn merge(&mut self, other: &AgingTable) -> Result<()> {
        if self.spec != other.spec {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                "spec",
                format_date(other.spec.as_of),
                "only agings with the same as_of, basis, buckets and credits rule merge",
            ));
        }
        if self.scale != other.scale {
            return Err(mixed_scale("scale", other.scale, self.scale));
        }
        // unify currencies by code
        let mut currencies = self.currencies.clone();
        let mut map_other = Vec::with_capacity(other.currencies.len());
        for c in &other.currencies {
            map_other.push(match currencies.iter().position(|x| x == c) {
                Some(i) => i as u32,
                None => {
                    currencies.push(c.clone());
                    (currencies.len() - 1) as u32
                }
            });
        }
        let rank = currency_rank(&currencies);
        let w = self.spec.width();
        let mut keys = Vec::with_capacity(self.keys.len() + other.keys.len());
        let mut cells = Vec::with_capacity(self.cells.len() + other.cells.len());
        let (mut i, mut j) = (0, 0);
        while i < self.keys.len() || j < other.keys.len() {
            let a = self.keys.get(i).map(|k| (k.0, rank[k.1 as usize], *k));
            let b = other
                .keys
                .get(j)
                .map(|k| (k.0, rank[map_other[k.1 as usize] as usize], (k.0, map_other[k.1 as usize])));
            match (a, b) {
                (Some(x), Some(y)) if (x.0, x.1) == (y.0, y.1) => {
                    keys.push(x.2);
                    let overflowed = || overflow_error(&currencies[x.2 .1 as usize]);
                    for t in 0..w {
                        let v = self.cells[i * w + t].checked_add(other.cells[j * w + t]).ok_or_else(overflowed)?;
                        cells.push(v);
                    }
                    // The merged row's total must fit too, as every table's does (rows() sums it).
                    let money = self.spec.buckets.len() + usize::from(self.spec.credits == Credits::Separate);
                    row_total(&cells[cells.len() - w..][..money]).ok_or_else(overflowed)?;
                    i += 1;
                    j += 1;
                }
                (Some(x), Some(y)) if (x.0, x.1) < (y.0, y.1) => {
                    keys.push(x.2);
                    cells.extend_from_slice(&self.cells[i * w..(i + 1) * w]);
                    i += 1;
                }
                (Some(x), None) => {
                    keys.push(x.2);
                    cells.extend_from_slice(&self.cells[i * w..(i + 1) * w]);
                    i += 1;
                }
                (_, Some(y)) => {
                    keys.push(y.2);
                    cells.extend_from_slice(&other.cells[j * w..(j + 1) * w]);
                    j += 1;
                }
                (None, None) => unreachable!(),
            }
        }
        self.currencies = currencies;
        self.keys = keys;
        self.cells = cells;
        Ok(())
    }

    /// Gives every customer key `k` the key `to(k)`. This puts tables whose keys index
    /// different id lists (two [`age_keyed`] runs, each keyed by its own sorted ids) on one
    /// list before [`merge`](Self::merge). `to` must keep the keys' order (strictly increasing
    /// over the keys present), so that the rows stay sorted.
    ///
    /// ```
    /// use arrears::aging::{age_columns, AgingColumns, AgingSpec};
    /// let spec = AgingSpec::new(arrears::parse_date("as_of", "2025-06-30")?);
    /// let cols = AgingColumns { customer: &[0, 1], currency: &[0, 0], currencies: &["EUR"],
    ///     due_date: &[20000, 20300], issue_date: None, amount: &[100, 200], scale: 2, disputed: None };
    /// let mut t = age_columns(&spec, &cols, 1)?;
    /// t.renumber_customers(|k| 10 + 5 * k)?;
    /// assert_eq!(t.rows().map(|r| r.customer).collect::<Vec<_>>(), [10, 15]);
    /// assert!(t.renumber_customers(|k| 100 - k).is_err()); // the order is reversed
    /// # Ok::<(), arrears::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRequest`] (field `customer`) when `to` does not keep the order of
    /// the keys; the table is then unchanged.
    pub fn renumber_customers(&mut self, mut to: impl FnMut(u64) -> u64) -> Result<()> {
        let mut keys = self.keys.clone();
        // (old, new) of the previous row: a customer's rows (one per currency) are adjacent
        let mut last: Option<(u64, u64)> = None;
        for k in &mut keys {
            let new = match last {
                Some((old, new)) if old == k.0 => new,
                Some((old, prev)) => {
                    let new = to(k.0);
                    if new <= prev {
                        return Err(Error::new(
                            ErrorKind::InvalidRequest,
                            "customer",
                            k.0.to_string(),
                            format!(
                                "renumbering must keep the order of the keys: {old} -> {prev}, but {} -> {new}",
                                k.0
                            ),
                        ));
                    }
                    new
                }
                None => to(k.0),
            };
            last = Some((k.0, new));
            k.0 = new;
        }
        self.keys = keys;
        Ok(())
    }
}

/// The total of a row's money cells (buckets, then credits when separate), `None` when it leaves
/// i64: every table checks it when a row is made, so that [`AgingTable::rows`] can add unchecked.
pub(crate) fn row_total(money: &[i64]) -> Option<i64> {
    money.iter().try_fold(0i64, |acc, &v| acc.checked_add(v))
}

fn currency_rank(currencies: &[String]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..currencies.len()).collect();
    order.sort_by(|&a, &b| currencies[a].cmp(&currencies[b]));
    let mut rank = vec![0u32; currencies.len()];
    for (r, i) in order.into_iter().enumerate() {
        rank[i] = r as u32;
    }
    rank
}

fn overflow_error(currency: &str) -> Error {
    Error::new(
        ErrorKind::Overflow,
        "amount",
        currency,
        "a sum of open amounts leaves the range of 64-bit minor units (±9.2e18)",
    )
}

fn mixed_scale(field: &str, got: u32, want: u32) -> Error {
    Error::new(
        ErrorKind::InvalidAmount,
        field,
        got.to_string(),
        format!(
            "mixed decimal scales: this part has {got} decimal places, the rest has {want}; rescale to one scale first"
        ),
    )
}

/// Checks the currency list of a batch: known ISO 4217 codes, no duplicates, and a scale the
/// currencies can carry (18 at most).
fn check_currencies(currencies: &[&str], scale: u32) -> Result<()> {
    if currencies.len() >= usize::from(NO_CURRENCY) {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "currencies",
            currencies.len().to_string(),
            "at most 65534 currency codes",
        ));
    }
    if scale > 18 {
        return Err(Error::new(ErrorKind::InvalidPrecision, "scale", scale.to_string(), "at most 18 decimal places"));
    }
    for (i, c) in currencies.iter().enumerate() {
        if Currency::lookup(c).is_none() {
            return Err(Error::new(
                ErrorKind::UnknownCurrency,
                format!("currencies[{i}]"),
                *c,
                "not in the current ISO 4217 list",
            ));
        }
        if currencies[..i].contains(c) {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                format!("currencies[{i}]"),
                *c,
                "a currency code appears twice in the currency list",
            ));
        }
    }
    Ok(())
}

struct SliceSource<'a> {
    cols: &'a AgingColumns<'a>,
    date: &'a [i32],
    remap: Option<&'a [u32]>,
}

impl AgingSource for SliceSource<'_> {
    fn len(&self) -> usize {
        self.cols.amount.len()
    }
    #[inline]
    fn customer(&self, i: usize) -> u64 {
        let k = self.cols.customer[i];
        match self.remap {
            // present by construction: the remap holds every key of the column
            Some(keys) => keys.binary_search(&k).unwrap_or(0) as u64,
            None => u64::from(k),
        }
    }
    #[inline]
    fn currency(&self, i: usize) -> u32 {
        u32::from(self.cols.currency[i])
    }
    #[inline]
    fn date(&self, i: usize) -> i32 {
        self.date[i]
    }
    #[inline]
    fn amount(&self, i: usize) -> i128 {
        i128::from(self.cols.amount[i])
    }
    #[inline]
    fn disputed(&self, i: usize) -> bool {
        self.cols.disputed.is_some_and(|d| d[i])
    }
}

/// Ages plain columns on up to `threads` threads (0 = as many as the machine has).
///
/// # Errors
/// [`ErrorKind::InvalidRequest`] for columns of different lengths (naming the column and both
/// lengths) or a missing `issue_date` column when aging by issue date;
/// [`ErrorKind::UnknownCurrency`] for a code outside ISO 4217; for the first bad row `i`:
/// `currency[i]` out of the list, `due_date[i]` / `issue_date[i]` outside the supported dates
/// ([`ErrorKind::DateOutOfRange`]); [`ErrorKind::Overflow`] when a sum leaves i64.
pub fn age_columns(spec: &AgingSpec, cols: &AgingColumns<'_>, threads: usize) -> Result<AgingTable> {
    let n = cols.amount.len();
    let check_len = |name: &str, len: usize| {
        if len != n {
            Err(Error::new(
                ErrorKind::InvalidRequest,
                name,
                len.to_string(),
                format!("columns of different lengths: {name} has {len} rows, amount has {n}"),
            ))
        } else {
            Ok(())
        }
    };
    check_len("customer", cols.customer.len())?;
    check_len("currency", cols.currency.len())?;
    check_len("due_date", cols.due_date.len())?;
    if let Some(d) = cols.issue_date {
        check_len("issue_date", d.len())?;
    }
    if let Some(d) = cols.disputed {
        check_len("disputed", d.len())?;
    }
    let date = match spec.basis {
        AgeBasis::DueDate => cols.due_date,
        AgeBasis::IssueDate => cols.issue_date.ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidRequest,
                "issue_date",
                "null",
                "aging by issue date needs the issue_date column",
            )
        })?,
    };
    let date_field = match spec.basis {
        AgeBasis::DueDate => "due_date",
        AgeBasis::IssueDate => "issue_date",
    };
    let max = u64::from(cols.customer.iter().copied().max().unwrap_or(0));
    let dense = max < (4 * n as u64).max(1 << 20);
    let remap: Option<Vec<u32>> = if dense {
        None
    } else {
        let mut keys = cols.customer.to_vec();
        keys.sort_unstable();
        keys.dedup();
        Some(keys)
    };
    let src = SliceSource { cols, date, remap: remap.as_deref() };
    let bound = match &remap {
        Some(k) => k.len() as u64,
        None => max + 1,
    };
    let mut table = age_sources(spec, &[src], bound, cols.currencies, cols.scale, threads)
        .map_err(|e| rename_date_field(e, date_field))?;
    if let Some(keys) = remap {
        for k in &mut table.keys {
            k.0 = u64::from(keys[k.0 as usize]);
        }
    }
    Ok(table)
}

fn rename_date_field(e: Error, name: &str) -> Error {
    match e.field().strip_prefix("date[") {
        Some(rest) => Error::new(e.kind(), format!("{name}[{rest}"), e.value(), e.reason()),
        None => e,
    }
}

/// The aging kernel over any [`AgingSource`]s (partitions read in order; row numbers in errors
/// count across them). `key_bound` is one more than the largest customer key (keys must be
/// dense: below max(4 × rows, 2^20), as dictionary indices are); `currencies` the codes that the
/// currency indices refer to; `scale` the decimals of the amounts.
///
/// One pass over the rows, split across `threads` threads (0 = all the machine has): every
/// value is checked, then summed straight into the cache line of its customer key, the line of
/// the row 16 ahead being asked for meanwhile (no lookup table is consulted per row). With 2-4
/// currency codes every (customer, currency) pair has its own line; with up to 16 too, when the
/// first rows show customers billing in several currencies. Otherwise a customer's first
/// currency takes its line, and its other currencies are summed apart.
///
/// The threads' cells are then added together (checked) and the rows laid out in key order.
///
/// # Errors
/// As [`age_columns`]; the row fields are `customer[i]`, `currency[i]`, `date[i]`, `amount[i]`,
/// or the column a source reports as null. [`ErrorKind::InvalidRequest`] (field `customer`) for
/// keys too sparse.
pub fn age_sources<S: AgingSource>(
    spec: &AgingSpec,
    sources: &[S],
    key_bound: u64,
    currencies: &[&str],
    scale: u32,
    threads: usize,
) -> Result<AgingTable> {
    check_currencies(currencies, scale)?;
    let n_cur = currencies.len() as u64;
    let total: usize = sources.iter().map(|s| s.len()).sum();
    // nulls first, in row order
    first_null(sources.iter().map(|s| (s.len(), s.first_invalid())))?;
    let limit = (4 * total as u64).max(1 << 20);
    if key_bound > limit {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "customer",
            key_bound.to_string(),
            format!("customer keys must be dense (below {limit} for {total} rows): encode them as indices first"),
        ));
    }
    let kb = key_bound as usize;
    // Automatic: all cores from 50k rows on (below that, starting threads costs more than it saves).
    let threads = worker_threads(threads, total);
    let pieces = split(sources.iter().map(|s| s.len()));
    let as_of = day_number(spec.as_of);

    // One pass: check every value and sum, partition by partition. A customer's first currency
    // (in the order a thread sums its rows) takes the customer's cache line; any other currency
    // of the same customer (rare) is summed apart.
    let w = spec.width();
    let nb = spec.buckets.len();
    let sep = spec.credits == Credits::Separate;
    // Each customer's cells, then (in the last slot of its last line) 1 + the index of the
    // currency that owns the lines (0: none yet). Reading a row touches just those lines.
    let lines_per = (w + 1).div_ceil(8);
    let tag_at = lines_per * 8 - 1;
    // a customer's other currencies: records of (key, currency) then its w cells, in an
    // open-addressing table whose slot is asked for with the main line
    let extra_lines = (keyed::HEAD + w).div_ceil(8);
    // With a few currencies and not too many customers, every (customer, currency) pair gets
    // its own lines instead: customers billing in several currencies then cost no more than
    // others (the first-currency scheme sends every second-currency row to `extra`).
    // (32 MiB of lines a thread at most, and not many more pairs than rows; with 2-4 codes
    // always, with up to 16 when the first rows show customers billing in several of them: with
    // customers each in one currency, the first-currency lines are fewer and faster)
    let fits = kb * n_cur as usize * lines_per * 64 <= 32 << 20 && kb * n_cur as usize <= 4 * total.max(1);
    let direct = fits
        && ((2..=4).contains(&n_cur) || ((5..=16).contains(&n_cur) && several_currencies(sources, kb, n_cur as u32)));
    let nc = n_cur as usize;
    let slots = if direct { kb * nc } else { kb };
    let parts = run(&pieces, threads, |list| -> std::result::Result<(Vec<Line>, keyed::Groups), RowError> {
        let mut main = zeroed_lines(slots * lines_per);
        let mut extra = keyed::Groups::with_capacity(extra_lines, 64);
        let mut overflow = false;
        let main_addr = main.as_ptr() as usize;
        for piece in list {
            let s = &sources[piece.source];
            for i in piece.start..piece.end {
                if i + 2 * AHEAD < piece.end {
                    s.prefetch_customer(i + 2 * AHEAD);
                }
                if i + AHEAD < piece.end {
                    // the row's lines are requested AHEAD rows early: the sum then finds them
                    // in the cache
                    let k2 = s.customer(i + AHEAD) as usize;
                    let g2 = if direct { k2.wrapping_mul(nc).wrapping_add(s.currency(i + AHEAD) as usize) } else { k2 };
                    prefetch(main_addr.wrapping_add(g2.wrapping_mul(lines_per * 64)));
                    if extra.groups > 0 {
                        let h = keyed::hash(k2 as u128, s.currency(i + AHEAD));
                        prefetch(extra.records.as_ptr() as usize + extra.slot_of(h) * extra_lines * 64);
                    }
                }
                let a = s.amount(i);
                let k = s.customer(i);
                let c = s.currency(i);
                let d = s.date(i);
                if k >= key_bound {
                    return Err(RowError::new(
                        piece.offset + i,
                        "customer",
                        k.to_string(),
                        "customer key out of range",
                    ));
                }
                if u64::from(c) >= n_cur {
                    return Err(RowError::new(
                        piece.offset + i,
                        "currency",
                        c.to_string(),
                        "currency index outside the currency list",
                    ));
                }
                if !(MIN_DAY..=MAX_DAY).contains(&d) {
                    return Err(RowError::new(
                        piece.offset + i,
                        "date",
                        d.to_string(),
                        "day number outside 0001-01-01 ..= 9999-12-31",
                    ));
                }
                if a as i64 as i128 != a {
                    return Err(RowError::new(
                        piece.offset + i,
                        "amount",
                        a.to_string(),
                        "an open amount must fit 64-bit minor units",
                    ));
                }
                let a = a as i64;
                if a == 0 {
                    continue;
                }
                let k = k as usize;
                let col = if sep && a < 0 { nb } else { spec.buckets.column_of(as_of - d) };
                let disputed = s.disputed(i);
                if direct {
                    let g = k * nc + c as usize;
                    let lines = &mut main[g * lines_per..(g + 1) * lines_per];
                    for (cell, v) in [(col, a), (w - 2, if disputed { a } else { 0 }), (w - 1, 1)] {
                        let x = &mut lines[cell / 8].0[cell % 8];
                        let (y, o) = x.overflowing_add(v);
                        *x = y;
                        overflow |= o;
                    }
                    continue;
                }
                let lines = &mut main[k * lines_per..(k + 1) * lines_per];
                let owner = &mut lines[tag_at / 8].0[tag_at % 8];
                let tag = i64::from(c) + 1;
                if *owner == 0 {
                    *owner = tag;
                }
                let owned = *owner == tag;
                let mut add = |cell: usize, v: i64| {
                    let x = &mut lines[cell / 8].0[cell % 8];
                    let (y, o) = x.overflowing_add(v);
                    *x = y;
                    overflow |= o;
                };
                if owned {
                    add(col, a);
                    if disputed {
                        add(w - 2, a);
                    }
                    add(w - 1, 1);
                } else {
                    if extra.groups == 0 {
                        // customers with several currencies are seldom alone: room for one
                        // other currency per four customers at once, not ten rehashes later
                        extra = keyed::Groups::with_capacity(extra_lines, (kb / 4).max(64));
                    }
                    let t = extra.find(k as u128, c, keyed::hash(k as u128, c));
                    let rec = &mut extra.records[t * extra_lines..(t + 1) * extra_lines];
                    for (cell, v) in [(col, a), (w - 2, if disputed { a } else { 0 }), (w - 1, 1)] {
                        let j = keyed::HEAD + cell;
                        let (y, o) = rec[j / 8].0[j % 8].overflowing_add(v);
                        rec[j / 8].0[j % 8] = y;
                        overflow |= o;
                    }
                }
            }
        }
        if overflow {
            return Err(RowError::new(usize::MAX, "amount", String::new(), "overflow"));
        }
        Ok((main, extra))
    });
    let overflowed = || overflow_error(if currencies.len() == 1 { currencies[0] } else { "" });
    let mut parts = first_error(parts)
        .map_err(|e| if e.row == usize::MAX { overflowed() } else { e.into_error(currencies) })?
        .into_iter();
    let (mut main, mut extra) = parts
        .next()
        .unwrap_or_else(|| (vec![Line([0; 8]); kb * lines_per], keyed::Groups::with_capacity(extra_lines, 64)));
    let cell = |k: usize, col: usize| (k * lines_per + col / 8, col % 8);
    if direct {
        // pairs: the threads' lines summed, then rows in key and currency-code order
        for (m2, _) in parts {
            for g in 0..slots {
                for col in 0..w {
                    let (l, j) = cell(g, col);
                    main[l].0[j] = main[l].0[j].checked_add(m2[l].0[j]).ok_or_else(overflowed)?;
                }
            }
        }
        let names: Vec<String> = currencies.iter().map(|c| c.to_string()).collect();
        let rank = currency_rank(&names);
        let mut by_rank: Vec<usize> = (0..nc).collect();
        by_rank.sort_by_key(|&c| rank[c]);
        let mut keys: Vec<(u64, u32)> = Vec::new();
        let mut cells: Vec<i64> = Vec::new();
        for k in 0..kb {
            for &c in &by_rank {
                let g = k * nc + c;
                if main[cell(g, w - 1).0].0[cell(g, w - 1).1] == 0 {
                    continue;
                }
                keys.push((k as u64, c as u32));
                cells.extend((0..w).map(|col| main[cell(g, col).0].0[cell(g, col).1]));
                let row = &cells[cells.len() - w..];
                row_total(&row[..nb + usize::from(sep)]).ok_or_else(|| overflow_error(currencies[c]))?;
            }
        }
        return Ok(AgingTable { spec: spec.clone(), scale, currencies: names, keys, cells });
    }
    let tag_of = |m: &[Line], k: usize| -> u16 {
        let (l, j) = cell(k, tag_at);
        match m[l].0[j] {
            0 => NO_CURRENCY,
            t => (t - 1) as u16,
        }
    };
    // adds `cells` (w of them, read by `get`) into the extra record of (k, c)
    let add_extra = |extra: &mut keyed::Groups, k: usize, c: u16, get: &dyn Fn(usize) -> i64| -> Result<()> {
        let t = extra.find(k as u128, u32::from(c), keyed::hash(k as u128, u32::from(c)));
        for col in 0..w {
            let j = keyed::HEAD + col;
            let x = &mut extra.records[t * extra_lines + j / 8].0[j % 8];
            *x = x.checked_add(get(col)).ok_or_else(overflowed)?;
        }
        Ok(())
    };
    for (m2, e2) in parts {
        for k in 0..kb {
            let (ta, tb) = (tag_of(&main, k), tag_of(&m2, k));
            if tb == NO_CURRENCY {
                continue;
            }
            if ta == NO_CURRENCY || ta == tb {
                for col in 0..w {
                    let (l, j) = cell(k, col);
                    main[l].0[j] = main[l].0[j].checked_add(m2[l].0[j]).ok_or_else(overflowed)?;
                }
                let (l, j) = cell(k, tag_at);
                main[l].0[j] = i64::from(tb) + 1;
            } else {
                // the other thread's first currency is this customer's second one here
                add_extra(&mut extra, k, tb, &|col| {
                    let (l, j) = cell(k, col);
                    m2[l].0[j]
                })?;
            }
        }
        for g in 0..e2.cap {
            if e2.word(g, 2) == 0 {
                continue;
            }
            let (k, c) = e2.key(g);
            let (k, c) = (k as usize, c as u16);
            let get = |col: usize| e2.word(g, keyed::HEAD + col) as i64;
            let t = tag_of(&main, k);
            if t == c || t == NO_CURRENCY {
                for col in 0..w {
                    let (l, j) = cell(k, col);
                    main[l].0[j] = main[l].0[j].checked_add(get(col)).ok_or_else(overflowed)?;
                }
                let (l, j) = cell(k, tag_at);
                main[l].0[j] = i64::from(c) + 1;
            } else {
                add_extra(&mut extra, k, c, &get)?;
            }
        }
    }
    let prim: Vec<u16> = (0..kb).map(|k| tag_of(&main, k)).collect();
    // the other currencies' records, in (customer, currency index) order
    let mut others: Vec<(u64, usize)> = (0..extra.cap)
        .filter(|&g| extra.word(g, 2) != 0)
        .map(|g| {
            let (k, c) = extra.key(g);
            (k as u64 * n_cur + u64::from(c), g)
        })
        .collect();
    // in customer order, then the currency codes' order
    let code_rank = currency_rank(&currencies.iter().map(|c| c.to_string()).collect::<Vec<_>>());
    let rank_of = |combo: u64| (combo / n_cur, code_rank[(combo % n_cur) as usize]);
    others.sort_unstable_by_key(|o| rank_of(o.0));
    let n_others = others.len();

    // Lay the rows out in key order, each customer's currencies in code order: its first
    // currency's line merged into the run of its other pairs.
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(kb.min(total) + n_others);
    let mut cells: Vec<i64> = Vec::with_capacity((kb.min(total) + n_others) * w);
    let mut e = 0;
    for k in 0..kb {
        let mut own = prim[k] != NO_CURRENCY;
        while e < n_others && others[e].0 / n_cur == k as u64 {
            let c = (others[e].0 % n_cur) as usize;
            if own && code_rank[usize::from(prim[k])] < code_rank[c] {
                keys.push((k as u64, u32::from(prim[k])));
                cells.extend((0..w).map(|col| main[k * lines_per + col / 8].0[col % 8]));
                own = false;
            }
            let g = others[e].1;
            keys.push((k as u64, c as u32));
            cells.extend((0..w).map(|col| extra.word(g, keyed::HEAD + col) as i64));
            e += 1;
        }
        if own {
            keys.push((k as u64, u32::from(prim[k])));
            cells.extend((0..w).map(|col| main[k * lines_per + col / 8].0[col % 8]));
        }
    }
    drop(main);
    let groups = keys.len();
    // Row totals must fit too (rows() sums them unchecked).
    for g in 0..groups {
        let row = &cells[g * w..(g + 1) * w];
        row_total(&row[..nb + usize::from(sep)]).ok_or_else(|| overflow_error(currencies[keys[g].1 as usize]))?;
    }
    let table = AgingTable {
        spec: spec.clone(),
        scale,
        currencies: currencies.iter().map(|s| s.to_string()).collect(),
        keys,
        cells,
    };
    debug_assert!(table
        .keys
        .windows(2)
        .all(|p| (p[0].0, code_rank[p[0].1 as usize]) < (p[1].0, code_rank[p[1].1 as usize])));
    Ok(table)
}

/// Whether, in the first rows (four per customer key, in row order), more than one customer in
/// 20 bills in several currencies: then [`age_sources`] gives every (customer, currency) pair
/// its own lines, as the first-currency scheme would send most of their rows to its slower
/// table of other currencies. Rows with a key or currency out of range are skipped here (the
/// pass reports them).
fn several_currencies<S: AgingSource>(sources: &[S], key_bound: usize, n_cur: u32) -> bool {
    // per customer key: 0 not seen, 1 + its first currency, or u8::MAX once it has another
    let mut first = vec![0u8; key_bound];
    let (mut seen, mut several) = (0usize, 0usize);
    let mut budget = key_bound.saturating_mul(4);
    for s in sources {
        for i in 0..s.len().min(budget) {
            let (k, c) = (s.customer(i), s.currency(i));
            if k >= key_bound as u64 || c >= n_cur {
                continue;
            }
            let f = &mut first[k as usize];
            if *f == 0 {
                *f = c as u8 + 1;
                seen += 1;
            } else if *f != u8::MAX && *f != c as u8 + 1 {
                *f = u8::MAX;
                several += 1;
            }
        }
        budget = budget.saturating_sub(s.len());
        if budget == 0 {
            break;
        }
    }
    several * 20 > seen
}

/// Rows looked ahead: the cache line a row will add to is requested this many rows early.
const AHEAD: usize = 16;

/// Asks the CPU to bring `items[i]` into the cache (a hint, for [`AgingSource::prefetch_customer`]):
/// nothing is read into the program, and an index out of range does nothing.
///
/// ```
/// let map = vec![7u32; 1000];
/// arrears::aging::prefetch_at(&map, 500);
/// arrears::aging::prefetch_at(&map, 5000); // out of range: no effect
/// ```
#[inline(always)]
pub fn prefetch_at<T>(items: &[T], i: usize) {
    if i < items.len() {
        prefetch(items.as_ptr() as usize + i * std::mem::size_of::<T>());
    }
}

/// Asks the kernel to back a large table with huge pages (Linux, where transparent huge pages
/// are often on for `madvise`d memory only). The kernels read their tables at random: with 4 KiB
/// pages nearly every read would also miss the TLB. Call it before the memory is first written.
#[allow(unsafe_code)]
fn advise_huge<T>(v: &[T]) {
    #[cfg(target_os = "linux")]
    {
        let bytes = std::mem::size_of_val(v);
        if bytes < 4 << 20 {
            return;
        }
        const PAGE: usize = 4096;
        const MADV_HUGEPAGE: i32 = 14;
        let start = (v.as_ptr() as usize).div_ceil(PAGE) * PAGE;
        let end = (v.as_ptr() as usize + bytes) / PAGE * PAGE;
        extern "C" {
            fn madvise(addr: *mut std::ffi::c_void, len: usize, advice: i32) -> i32;
        }
        // SAFETY: madvise with MADV_HUGEPAGE is advice on whole pages inside memory this slice
        // owns; it changes neither the contents nor the validity of the memory, and a failure
        // (an old kernel, THP off) leaves everything as it was.
        unsafe {
            madvise(start as *mut std::ffi::c_void, end.saturating_sub(start), MADV_HUGEPAGE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = v;
}

/// `n` zeroed cache lines, backed by huge pages where the system gives them for the asking
/// ([`advise_huge`] before the first write).
fn zeroed_lines(n: usize) -> Vec<Line> {
    let mut v: Vec<Line> = Vec::with_capacity(n);
    advise_huge(v.spare_capacity_mut());
    v.resize(n, Line([0; 8]));
    v
}

/// Asks for the cache line at `addr` (a hint: never faults, whatever the address).
#[inline(always)]
#[allow(unsafe_code)]
fn prefetch(addr: usize) {
    // SAFETY: a prefetch is a hint; it reads nothing into the program and never faults, for
    // any address. SSE is part of the x86_64 baseline.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(addr as *const i8)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = addr;
}

#[path = "aging_keyed.rs"]
mod keyed;
pub use keyed::{age_keyed, pack_code, pack_key, pack_key_at, unpack_key, unpack_key_into, KeyedAging, KeyedSource};

/// The error for the first row (over all sources, given as (rows, first invalid row)) whose
/// value a source could not give: an Arrow null.
fn first_null(sources: impl Iterator<Item = (usize, Option<(usize, &'static str)>)>) -> Result<()> {
    let mut offset = 0;
    for (len, invalid) in sources {
        if let Some((row, col)) = invalid {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                format!("{col}[{}]", offset + row),
                "null",
                format!(
                    "row {} has no {col}: every open item needs a customer, currency, date and amount",
                    offset + row
                ),
            ));
        }
        offset += len;
    }
    Ok(())
}

/// Threads for a kernel: `threads`, or (0) all cores from 50k rows on (below that, starting
/// threads costs more than it saves); at most 64.
fn worker_threads(threads: usize, total: usize) -> usize {
    match threads {
        0 if total < 50_000 => 1,
        0 => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        t => t,
    }
    .clamp(1, 64)
}

/// No currency seen yet for a customer.
const NO_CURRENCY: u16 = u16::MAX;

struct RowError {
    row: usize,
    column: &'static str,
    value: String,
    reason: &'static str,
}

impl RowError {
    fn new(row: usize, column: &'static str, value: String, reason: &'static str) -> RowError {
        RowError { row, column, value, reason }
    }

    fn into_error(self, currencies: &[&str]) -> Error {
        let kind = match self.column {
            "date" => ErrorKind::DateOutOfRange,
            "amount" => ErrorKind::Overflow,
            "currency" if currencies.is_empty() => ErrorKind::UnknownCurrency,
            _ => ErrorKind::InvalidRequest,
        };
        Error::new(kind, format!("{}[{}]", self.column, self.row), self.value, self.reason)
    }
}

#[derive(Clone, Copy)]
struct Piece {
    source: usize,
    start: usize,
    end: usize,
    offset: usize,
}

/// Rows in a piece of work.
const PIECE: usize = 1 << 16;

/// The rows of sources of these lengths in pieces of at most [`PIECE`] rows (none spans two
/// sources), in row order.
fn split(lens: impl IntoIterator<Item = usize>) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (si, len) in lens.into_iter().enumerate() {
        let mut start = 0;
        while start < len {
            let end = (start + PIECE).min(len);
            out.push(Piece { source: si, start, end, offset });
            start = end;
        }
        offset += len;
    }
    out
}

/// The pieces not yet taken, taken one at a time and in order by whichever thread is free.
struct Claim<'a> {
    pieces: &'a [Piece],
    next: &'a AtomicUsize,
}

impl<'a> Iterator for Claim<'a> {
    type Item = &'a Piece;
    fn next(&mut self) -> Option<&'a Piece> {
        self.pieces.get(self.next.fetch_add(1, Ordering::Relaxed))
    }
}

/// Runs `f` on `threads` threads (one result each), each taking the next piece left until none
/// is: a thread whose core is slower (on a shared VM one often is, by a fifth) takes fewer
/// pieces rather than holding up the others. The pieces are taken in row order, so every row
/// before a thread's first bad row is read by some thread, and the first bad row of all is
/// still found.
fn run<T: Send, E: Send, F>(pieces: &[Piece], threads: usize, f: F) -> Vec<std::result::Result<T, E>>
where
    F: Fn(Claim<'_>) -> std::result::Result<T, E> + Sync,
{
    let next = AtomicUsize::new(0);
    let threads = threads.clamp(1, pieces.len().max(1));
    if threads == 1 {
        return vec![f(Claim { pieces, next: &next })];
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (f, next) = (&f, &next);
                scope.spawn(move || f(Claim { pieces, next }))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// Eight cells on one cache line.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Line([i64; 8]);

fn first_error<T>(results: Vec<std::result::Result<T, RowError>>) -> std::result::Result<Vec<T>, RowError> {
    let mut ok = Vec::with_capacity(results.len());
    let mut err: Option<RowError> = None;
    for r in results {
        match r {
            Ok(v) => ok.push(v),
            Err(e) => {
                if err.as_ref().is_none_or(|x| e.row < x.row) {
                    err = Some(e);
                }
            }
        }
    }
    match err {
        Some(e) => Err(e),
        None => Ok(ok),
    }
}

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
        let total = cells[..money]
            .iter()
            .try_fold(0i64, |a, &v| a.checked_add(v))
            .ok_or_else(|| overflow_error(&table.currencies[cur as usize]))?;
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
    Ok(AgingReport {
        as_of: spec.as_of,
        basis: spec.basis,
        not_due: spec.buckets.not_due(),
        columns: spec.columns(),
        rows,
        totals,
    })
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
pub const MAX_MERGE_REPORTS: usize = 100_000;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_bounds_match_the_date_range() {
        assert_eq!(day_number(crate::MIN_DATE), MIN_DAY);
        assert_eq!(day_number(crate::MAX_DATE), MAX_DAY);
        assert_eq!(date_of_day_number("d", MAX_DAY).unwrap(), crate::MAX_DATE);
        assert!(date_of_day_number("d", MAX_DAY + 1).is_err());
    }
}
