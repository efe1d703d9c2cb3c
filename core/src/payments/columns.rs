//! The batch kernel: a whole ledger of open items and a bank statement of receipts, as columns,
//! allocated oldest first per customer and currency, on every core.

use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};

use crate::columnar::memory::{atomic_values, zeroed_atomics};
use crate::columnar::pieces::worker_threads;
use crate::columnar::Utf8Ids;
use crate::error::{Error, ErrorKind, Result};

/// Open items as columns (one row per item or installment). Customers are dense codes (a
/// dictionary-encoded column: `0..customers`), currencies codes of any kind; amounts are
/// integers in minor units, dates day numbers ([`crate::calendar::day_number`]).
#[derive(Debug, Clone, Copy)]
pub struct OpenItemRows<'a> {
    /// Customer code of each item.
    pub customer: &'a [u32],
    /// Currency code of each item.
    pub currency: &'a [u16],
    /// Due date (day number).
    pub due: &'a [i32],
    /// Item ids (the last tie-break of the order).
    pub id: Utf8Ids<'a>,
    /// Open amount in minor units; an item at or below zero takes nothing.
    pub open: &'a [i64],
}

/// Receipts as columns: who paid, in which currency, when and how much (minor units, > 0).
#[derive(Debug, Clone, Copy)]
pub struct ReceiptRows<'a> {
    /// Customer code (the same codes as the items').
    pub customer: &'a [u32],
    /// Currency code.
    pub currency: &'a [u16],
    /// Receipt date (day number).
    pub date: &'a [i32],
    /// Amount in minor units, positive.
    pub amount: &'a [i64],
}

/// The result of [`allocate_columns`]: what each item received and what is left of each
/// receipt, in the rows' order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AllocatedColumns {
    /// Cash applied to each item (minor units).
    pub applied: Vec<i64>,
    /// What is left of each receipt (unapplied credit).
    pub unapplied: Vec<i64>,
}

fn length_error(field: &str, got: usize, want: usize) -> Error {
    Error::new(
        ErrorKind::InvalidRequest,
        field,
        got.to_string(),
        format!("expected {want} rows, like the other columns"),
    )
}

/// How rows map to dense group numbers (customer, currency): computed from dense codes, or
/// listed when the codes are too sparse for that.
enum GroupOf {
    Dense { currencies: u32 },
    Listed { items: Vec<u32>, receipts: Vec<u32> },
}

impl GroupOf {
    /// The numbering and the number of groups.
    fn new(items: &OpenItemRows, receipts: &ReceiptRows) -> (GroupOf, usize) {
        let max_cust = items.customer.iter().chain(receipts.customer).copied().max().unwrap_or(0) as usize;
        let max_cur = items.currency.iter().chain(receipts.currency).copied().max().unwrap_or(0) as usize;
        let rows = items.open.len() + receipts.amount.len();
        let span = (max_cust + 1).saturating_mul(max_cur + 1);
        if span <= 2 * rows + 1024 && span < u32::MAX as usize {
            return (GroupOf::Dense { currencies: max_cur as u32 + 1 }, span);
        }
        let mut map: std::collections::HashMap<(u32, u16), u32> = std::collections::HashMap::new();
        let mut number = |c: u32, k: u16| {
            let n = map.len() as u32;
            *map.entry((c, k)).or_insert(n)
        };
        let ig = items.customer.iter().zip(items.currency).map(|(&c, &k)| number(c, k)).collect();
        let rg = receipts.customer.iter().zip(receipts.currency).map(|(&c, &k)| number(c, k)).collect();
        let n = map.len();
        (GroupOf::Listed { items: ig, receipts: rg }, n)
    }

    #[inline]
    fn item(&self, t: &OpenItemRows, r: usize) -> u32 {
        match self {
            GroupOf::Dense { currencies } => t.customer[r] * currencies + u32::from(t.currency[r]),
            GroupOf::Listed { items, .. } => items[r],
        }
    }

    #[inline]
    fn receipt(&self, t: &ReceiptRows, r: usize) -> u32 {
        match self {
            GroupOf::Dense { currencies } => t.customer[r] * currencies + u32::from(t.currency[r]),
            GroupOf::Listed { receipts, .. } => receipts[r],
        }
    }
}

/// One row on its way to its partition: its group, date, row number and amount.
#[derive(Clone, Copy, Default)]
struct Entry {
    group: u32,
    day: i32,
    row: u32,
    amount: i64,
}

/// Rows `rows` partitioned by `group >> shift` (stable: row order within a partition), one
/// vector per partition, each allocated at its exact size. `entry` gives a row's entry, or
/// `None` to leave the row out.
fn partition(
    rows: std::ops::Range<usize>,
    parts: usize,
    shift: u32,
    entry: impl Fn(usize) -> Option<Entry>,
) -> Vec<Vec<Entry>> {
    let mut count = vec![0usize; parts];
    for r in rows.clone() {
        if let Some(e) = entry(r) {
            count[(e.group >> shift) as usize] += 1;
        }
    }
    let mut out: Vec<Vec<Entry>> = count.into_iter().map(Vec::with_capacity).collect();
    for r in rows {
        if let Some(e) = entry(r) {
            out[(e.group >> shift) as usize].push(e);
        }
    }
    out
}

/// Each thread's share of a table, partitioned.
type Parts = Vec<Vec<Vec<Entry>>>;

/// The entries of partition `p` over every thread's share, sorted by local group (stable), with
/// each local group's start in `bounds` (`width + 1` entries).
fn gather(parts: &Parts, p: usize, base: u32, width: usize, out: &mut Vec<Entry>, bounds: &mut Vec<usize>) {
    bounds.clear();
    bounds.resize(width + 1, 0);
    let mut len = 0;
    for share in parts {
        for e in &share[p] {
            bounds[(e.group - base) as usize + 1] += 1;
        }
        len += share[p].len();
    }
    for g in 0..width {
        bounds[g + 1] += bounds[g];
    }
    out.clear();
    out.resize(len, Entry::default());
    let mut next = bounds.clone();
    for share in parts {
        for e in &share[p] {
            let at = &mut next[(e.group - base) as usize];
            out[*at] = *e;
            *at += 1;
        }
    }
}

struct Kernel<'a> {
    ids: Utf8Ids<'a>,
    items: Parts,
    receipts: Parts,
    shift: u32,
    groups: usize,
    /// Item rows are in id order, so the row breaks a tie.
    ids_sorted: bool,
    applied: Vec<AtomicI64>,
    unapplied: Vec<AtomicI64>,
}

impl Kernel<'_> {
    /// Allocates the receipts of partition `p`'s groups; `bufs` are reused between partitions.
    fn run(&self, p: usize, bufs: &mut [Vec<Entry>; 2], bounds: &mut [Vec<usize>; 2]) {
        let [items, receipts] = bufs;
        let [ib, rb] = bounds;
        let base = (p << self.shift) as u32;
        let width = (1usize << self.shift).min(self.groups - base as usize);
        gather(&self.receipts, p, base, width, receipts, rb);
        if receipts.is_empty() {
            return;
        }
        gather(&self.items, p, base, width, items, ib);
        let ids = &self.ids;
        for g in 0..width {
            let rs = &mut receipts[rb[g]..rb[g + 1]];
            if rs.is_empty() {
                continue;
            }
            rs.sort_by_key(|e| e.day); // stable: row order on a date
            let is = &mut items[ib[g]..ib[g + 1]];
            // oldest first: due date, then id (rows in id order: the row)
            if self.ids_sorted {
                is.sort_unstable_by_key(|e| (e.day, e.row));
            } else {
                is.sort_unstable_by(|x, y| {
                    x.day.cmp(&y.day).then_with(|| match (ids.key(x.row as usize), ids.key(y.row as usize)) {
                        (Some(a), Some(b)) => a.cmp(&b),
                        _ => ids.get(x.row as usize).cmp(ids.get(y.row as usize)),
                    })
                });
            }
            let mut cursor = 0;
            for r in rs.iter() {
                let mut left = r.amount;
                while left > 0 && cursor < is.len() {
                    let item = &mut is[cursor];
                    let take = left.min(item.amount);
                    item.amount -= take;
                    left -= take;
                    let a = &self.applied[item.row as usize];
                    a.store(a.load(Ordering::Relaxed) + take, Ordering::Relaxed);
                    if item.amount == 0 {
                        cursor += 1;
                    }
                }
                self.unapplied[r.row as usize].store(left, Ordering::Relaxed);
            }
        }
    }
}

/// Allocates every receipt to the open items of its customer and currency, oldest first (due
/// date, then id), receipts in date order (then row order), each item taking
/// `min(its open amount, what is left)`; what no item takes is unapplied. The same as
/// [`crate::payments::allocate()`] with `oldest_first`, receipt by receipt, on items of one
/// installment without fees, interest or discounts.
///
/// `threads`: 0 for every core from 50,000 rows on.
///
/// ```
/// use arrears::columnar::Utf8Ids;
/// use arrears::payments::{allocate_columns, OpenItemRows, ReceiptRows};
/// let (offsets, ids) = ([0, 2, 4, 6], b"I1I2I3");
/// let items = OpenItemRows { customer: &[0, 0, 1], currency: &[0, 0, 0], due: &[20, 10, 10],
///                            id: Utf8Ids::try_new(&offsets, ids, None, 3).unwrap(), open: &[100, 100, 50] };
/// let receipts = ReceiptRows { customer: &[0, 1], currency: &[0, 0], date: &[30, 30], amount: &[150, 80] };
/// let out = allocate_columns(&items, &receipts, 1)?;
/// assert_eq!(out.applied, [50, 100, 50]);   // I2 (due 10) first, then I1
/// assert_eq!(out.unapplied, [0, 30]);
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidRequest`] for columns of different lengths (field `items.<column>` or
/// `receipts.<column>`); [`ErrorKind::InvalidAmount`] for a receipt that is not positive
/// (`receipts.amount[row]`).
pub fn allocate_columns(items: &OpenItemRows, receipts: &ReceiptRows, threads: usize) -> Result<AllocatedColumns> {
    let n = items.open.len();
    let columns = [
        ("items.customer", items.customer.len()),
        ("items.currency", items.currency.len()),
        ("items.due", items.due.len()),
        ("items.id", items.id.len()),
    ];
    if let Some((f, len)) = columns.into_iter().find(|c| c.1 != n) {
        return Err(length_error(f, len, n));
    }
    let m = receipts.amount.len();
    let columns = [
        ("receipts.customer", receipts.customer.len()),
        ("receipts.currency", receipts.currency.len()),
        ("receipts.date", receipts.date.len()),
    ];
    if let Some((f, len)) = columns.into_iter().find(|c| c.1 != m) {
        return Err(length_error(f, len, m));
    }
    if let Some(q) = receipts.amount.iter().position(|&a| a <= 0) {
        return Err(Error::new(
            ErrorKind::InvalidAmount,
            format!("receipts.amount[{q}]"),
            receipts.amount[q].to_string(),
            "a receipt is positive",
        ));
    }
    let (group_of, groups) = GroupOf::new(items, receipts);
    let threads = worker_threads(threads, n + m);
    // partitions of about 8k items, each a run of 2^shift groups (cache-sized)
    let per_group = (n / groups.max(1)).max(1);
    let shift = (8192 / per_group)
        .max(1)
        .next_power_of_two()
        .trailing_zeros()
        .min(usize::BITS - 1 - groups.max(1).leading_zeros());
    let parts = groups.max(1).div_ceil(1 << shift);
    let item_entry = |r: usize| {
        (items.open[r] > 0).then(|| Entry {
            group: group_of.item(items, r),
            day: items.due[r],
            row: r as u32,
            amount: items.open[r],
        })
    };
    let receipt_entry = |r: usize| {
        Some(Entry {
            group: group_of.receipt(receipts, r),
            day: receipts.date[r],
            row: r as u32,
            amount: receipts.amount[r],
        })
    };
    let shares = |len: usize| (0..threads).map(move |t| len * t / threads..len * (t + 1) / threads);
    let ids = &items.id;
    let in_order = |rows: std::ops::Range<usize>| {
        (rows.start.max(1)..rows.end).all(|i| match (ids.key(i - 1), ids.key(i)) {
            (Some(a), Some(b)) => a <= b,
            _ => ids.get(i - 1) <= ids.get(i),
        })
    };
    let item_share = |rows: std::ops::Range<usize>| {
        // the rows' order is checked on the way (a share also checks the row before it)
        let sorted = in_order(rows.start.saturating_sub(1)..rows.end);
        (partition(rows, parts, shift, item_entry), sorted)
    };
    let (item_parts, ids_sorted, receipt_parts) = if threads == 1 {
        let (part, sorted) = item_share(0..n);
        (vec![part], sorted, vec![partition(0..m, parts, shift, receipt_entry)])
    } else {
        std::thread::scope(|s| {
            let i: Vec<_> = shares(n).map(|rows| s.spawn(move || item_share(rows))).collect();
            let r: Parts = shares(m).map(|rows| partition(rows, parts, shift, receipt_entry)).collect();
            let i: Vec<_> = i.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect();
            let sorted = i.iter().all(|x| x.1);
            (i.into_iter().map(|x| x.0).collect::<Parts>(), sorted, r)
        })
    };
    let kernel = Kernel {
        ids: items.id,
        items: item_parts,
        receipts: receipt_parts,
        shift,
        groups,
        ids_sorted,
        applied: zeroed_atomics(n),
        unapplied: zeroed_atomics(m),
    };
    let next = AtomicUsize::new(0);
    let work = || {
        let mut bufs = [Vec::new(), Vec::new()];
        let mut bounds = [Vec::new(), Vec::new()];
        loop {
            let p = next.fetch_add(1, Ordering::Relaxed);
            if p >= parts {
                break;
            }
            kernel.run(p, &mut bufs, &mut bounds);
        }
    };
    if threads == 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(work);
            }
        });
    }
    Ok(AllocatedColumns { applied: atomic_values(kernel.applied), unapplied: atomic_values(kernel.unapplied) })
}
