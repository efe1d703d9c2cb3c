//! The result of the aging kernels: exact integer cells per (customer key, currency), which merge.

use super::*;
use crate::calendar::format_date;
use crate::error::{Error, ErrorKind, Result};

/// The result of an aging run: exact integer cells per (customer key, currency), mergeable.
///
/// Each row holds the bucket amounts, the credits column (when separate), the disputed amount
/// and the item count; amounts are minor units at [`AgingTable::scale`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgingTable {
    pub(super) spec: AgingSpec,
    pub(super) scale: u32,
    pub(super) currencies: Vec<String>,
    pub(super) keys: Vec<(u64, u32)>,
    pub(super) cells: Vec<i64>,
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
                // fits: checked when the row was made (`row_total`)
                total: row_total(&c[..nb + usize::from(sep)]).unwrap_or(i64::MAX),
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
    // in i128: a row whose total fits is fine even when a partial sum of its cells does not
    i64::try_from(money.iter().map(|&v| i128::from(v)).sum::<i128>()).ok()
}

pub(crate) fn currency_rank(currencies: &[String]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..currencies.len()).collect();
    order.sort_by(|&a, &b| currencies[a].cmp(&currencies[b]));
    let mut rank = vec![0u32; currencies.len()];
    for (r, i) in order.into_iter().enumerate() {
        rank[i] = r as u32;
    }
    rank
}

pub(crate) fn overflow_error(currency: &str) -> Error {
    Error::new(
        ErrorKind::Overflow,
        "amount",
        currency,
        "a sum of open amounts leaves the range of 64-bit minor units (±9.2e18)",
    )
}

pub(crate) fn mixed_scale(field: &str, got: u32, want: u32) -> Error {
    Error::new(
        ErrorKind::InvalidAmount,
        field,
        got.to_string(),
        format!(
            "mixed decimal scales: this part has {got} decimal places, the rest has {want}; rescale to one scale first"
        ),
    )
}
