//! Aging: open amounts per customer and currency, spread over age buckets.
//!
//! Start with [`aging()`] (open items in, an [`AgingReport`] out) or, for volume,
//! [`age_columns()`] / [`age_keyed()`] (columns in, an [`AgingTable`] out).
//!
//! Depends on `money`, `calendar` and the shared `columnar` layer (pieces, packed keys, group
//! tables); never imports the wire.
//!
//! Files: this one holds the spec (bases, buckets, credits); `batches.rs` the columnar entry
//! every binding calls ([`age_batches`]: columns in, the kernel chosen by the ids' shape);
//! `sources.rs` the batches as the kernels' sources; `columns.rs` the integer-key kernel
//! ([`age_sources`]); `keyed.rs` the string-id kernel ([`age_keyed`]); `table.rs` the mergeable
//! [`AgingTable`]; `report.rs` the object API and the [`AgingReport`].
//!
//! Two ways in, one kernel:
//! - [`aging()`] over [`OpenItem`]s (decimal amounts, dates, string keys): the object API, the
//!   wire operation `aging`, what a report screen calls;
//! - [`age_batches()`] over columns as a binding holds them ([`AgingBatch`]: Arrow arrays,
//!   typed arrays, C arrays, viewed in place), with no object per invoice, on several threads:
//!   the Python (Arrow), Node (typed arrays) and C (arrays) batch paths all end here, and it
//!   picks the kernel ([`age_sources()`] over integer keys, [`age_keyed()`] over string ids);
//!   [`age_columns()`] is its plain form for integer keys already in slices.
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
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};

mod batches;
mod columns;
mod exact;
mod keyed;
mod report;
mod sources;
mod table;

pub use batches::{age_batches, AgingBatch, AgingFields, BatchAging, BatchOptions, Currencies, Customers};
pub use columns::{age_columns, age_sources, AgingColumns, AgingSource};
pub use keyed::{age_keyed, IdColumn, KeyedAging, KeyedColumns, KeyedSource};
pub use report::{aging, report, AgingReport, AgingRow, AgingTotal, OpenItem, MAX_MERGE_REPORTS};
pub use table::{AgingTable, AgingTableRow};

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
pub const MAX_BOUNDS: usize = crate::limits::MAX_BUCKETS;

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

    /// `Ok` when `as_of` is inside the supported dates (0001-01-01 ..= 9999-12-31): a spec is
    /// built from any `NaiveDate`, and every kernel checks it before aging.
    ///
    /// # Errors
    /// [`ErrorKind::DateOutOfRange`] naming `as_of`.
    pub fn check_as_of(&self) -> Result<()> {
        crate::calendar::check_range("as_of", Some(self.as_of), || crate::calendar::format_date(self.as_of)).map(|_| ())
    }

    fn width(&self) -> usize {
        // buckets, credits?, disputed, items
        self.buckets.len() + usize::from(self.credits == Credits::Separate) + 2
    }
}

/// Row `row`'s `column` as the object API names an open item's field: `items[row].column`.
pub(crate) fn item_field(column: &str, row: usize) -> String {
    format!("items[{row}].{column}")
}

/// The row and column of an [`item_field`] (`items[3].date` -> (3, `date`)).
pub(crate) fn item_row(field: &str) -> Option<(usize, &str)> {
    let (row, column) = field.strip_prefix("items[")?.split_once("].")?;
    Some((row.parse().ok()?, column))
}
