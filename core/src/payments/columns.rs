//! The batch kernel: a whole ledger of open items and a bank statement of receipts, as columns,
//! allocated oldest first per customer and currency, on every core.

use std::sync::Mutex;

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

/// Dense group numbers (customer, currency) for both tables: `(item groups, receipt groups,
/// groups)`.
fn group_numbers(items: &OpenItemRows, receipts: &ReceiptRows) -> (Vec<u32>, Vec<u32>, usize) {
    let max_cust = items.customer.iter().chain(receipts.customer).copied().max().unwrap_or(0) as usize;
    let max_cur = items.currency.iter().chain(receipts.currency).copied().max().unwrap_or(0) as usize;
    let rows = items.open.len() + receipts.amount.len();
    let span = (max_cust + 1).saturating_mul(max_cur + 1);
    if span <= 2 * rows + 1024 && span <= u32::MAX as usize {
        let key = |c: u32, k: u16| c * (max_cur as u32 + 1) + u32::from(k);
        let ig = items.customer.iter().zip(items.currency).map(|(&c, &k)| key(c, k)).collect();
        let rg = receipts.customer.iter().zip(receipts.currency).map(|(&c, &k)| key(c, k)).collect();
        return (ig, rg, span);
    }
    // sparse codes: number the pairs that occur
    let mut map: std::collections::HashMap<(u32, u16), u32> = std::collections::HashMap::new();
    let mut number = |c: u32, k: u16| {
        let n = map.len() as u32;
        *map.entry((c, k)).or_insert(n)
    };
    let ig: Vec<u32> = items.customer.iter().zip(items.currency).map(|(&c, &k)| number(c, k)).collect();
    let rg: Vec<u32> = receipts.customer.iter().zip(receipts.currency).map(|(&c, &k)| number(c, k)).collect();
    (ig, rg, map.len())
}

/// Rows ordered by group (a counting sort, stable: row order within a group), and each group's
/// start; rows for which `keep` is false are left out.
fn by_group(groups: &[u32], n_groups: usize, keep: impl Fn(usize) -> bool) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; n_groups + 1];
    for (r, &g) in groups.iter().enumerate() {
        if keep(r) {
            start[g as usize + 1] += 1;
        }
    }
    for g in 0..n_groups {
        start[g + 1] += start[g];
    }
    let mut next = start.clone();
    let mut perm = vec![0u32; start[n_groups] as usize];
    for (r, &g) in groups.iter().enumerate() {
        if keep(r) {
            let p = &mut next[g as usize];
            perm[*p as usize] = r as u32;
            *p += 1;
        }
    }
    (perm, start)
}

/// A contiguous run of groups and the output slices it owns.
struct Job<'o> {
    groups: std::ops::Range<usize>,
    applied: &'o mut [i64],
    unapplied: &'o mut [i64],
}

struct Kernel<'a> {
    items: OpenItemRows<'a>,
    receipts: ReceiptRows<'a>,
    perm: Vec<u32>,
    start: Vec<u32>,
    rperm: Vec<u32>,
    rstart: Vec<u32>,
    /// Item rows are in id order, so row order breaks ties.
    ids_sorted: bool,
}

impl Kernel<'_> {
    fn ids_in_order(ids: &Utf8Ids) -> bool {
        (1..ids.len()).all(|i| match (ids.key(i - 1), ids.key(i)) {
            (Some(a), Some(b)) => a <= b,
            _ => ids.get(i - 1) <= ids.get(i),
        })
    }

    /// Runs one job: each group's items oldest first, each receipt in date order.
    fn run(&self, job: Job<'_>) {
        let (i0, r0) = (self.start[job.groups.start] as usize, self.rstart[job.groups.start] as usize);
        let mut order: Vec<(i32, u32)> = Vec::new();
        let mut rorder: Vec<(i32, u32)> = Vec::new();
        for g in job.groups {
            let (a, z) = (self.start[g] as usize, self.start[g + 1] as usize);
            let (ra, rz) = (self.rstart[g] as usize, self.rstart[g + 1] as usize);
            if ra == rz {
                continue;
            }
            rorder.clear();
            rorder.extend((ra..rz).map(|q| (self.receipts.date[self.rperm[q] as usize], q as u32)));
            rorder.sort_unstable();
            order.clear();
            order.extend((a..z).map(|p| (self.items.due[self.perm[p] as usize], p as u32)));
            if self.ids_sorted {
                order.sort_unstable();
            } else {
                let ids = &self.items.id;
                let perm = &self.perm;
                order.sort_unstable_by(|x, y| {
                    let (rx, ry) = (perm[x.1 as usize] as usize, perm[y.1 as usize] as usize);
                    x.0.cmp(&y.0).then_with(|| match (ids.key(rx), ids.key(ry)) {
                        (Some(kx), Some(ky)) => kx.cmp(&ky),
                        _ => ids.get(rx).cmp(ids.get(ry)),
                    })
                });
            }
            let mut cursor = 0;
            let mut left_open =
                if cursor < order.len() { self.items.open[self.perm[order[0].1 as usize] as usize] } else { 0 };
            for &(_, q) in &rorder {
                let mut left = self.receipts.amount[self.rperm[q as usize] as usize];
                while left > 0 && cursor < order.len() {
                    let p = order[cursor].1 as usize;
                    let take = left.min(left_open);
                    job.applied[p - i0] += take;
                    left -= take;
                    left_open -= take;
                    if left_open == 0 {
                        cursor += 1;
                        if cursor < order.len() {
                            left_open = self.items.open[self.perm[order[cursor].1 as usize] as usize];
                        }
                    }
                }
                job.unapplied[q as usize - r0] = left;
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
    for (f, len) in [
        ("items.customer", items.customer.len()),
        ("items.currency", items.currency.len()),
        ("items.due", items.due.len()),
        ("items.id", items.id.len()),
    ] {
        if len != n {
            return Err(length_error(f, len, n));
        }
    }
    let m = receipts.amount.len();
    for (f, len) in [
        ("receipts.customer", receipts.customer.len()),
        ("receipts.currency", receipts.currency.len()),
        ("receipts.date", receipts.date.len()),
    ] {
        if len != m {
            return Err(length_error(f, len, m));
        }
    }
    if let Some(q) = receipts.amount.iter().position(|&a| a <= 0) {
        return Err(Error::new(
            ErrorKind::InvalidAmount,
            format!("receipts.amount[{q}]"),
            receipts.amount[q].to_string(),
            "a receipt is positive",
        ));
    }
    let (ig, rg, n_groups) = group_numbers(items, receipts);
    let (perm, start) = by_group(&ig, n_groups, |r| items.open[r] > 0);
    let (rperm, rstart) = by_group(&rg, n_groups, |_| true);
    let kernel = Kernel {
        items: *items,
        receipts: *receipts,
        ids_sorted: Kernel::ids_in_order(&items.id),
        perm,
        start,
        rperm,
        rstart,
    };
    let mut applied_p = vec![0i64; kernel.perm.len()];
    let mut unapplied_p = vec![0i64; m];
    let threads = worker_threads(threads, n + m);
    // jobs of about equal rows, in group order, each owning its slices of the outputs
    let chunk = ((n + m) / (threads * 8)).max(4096);
    let mut jobs = Vec::new();
    let (mut rest_a, mut rest_u) = (&mut applied_p[..], &mut unapplied_p[..]);
    let mut g0 = 0;
    while g0 < n_groups {
        let mut g1 = g0;
        let rows = |g1: usize| (kernel.start[g1] - kernel.start[g0] + kernel.rstart[g1] - kernel.rstart[g0]) as usize;
        let step = 64.max(n_groups / (threads * 64).max(1));
        while g1 < n_groups && rows(g1) < chunk {
            g1 = (g1 + step).min(n_groups);
        }
        let (a, b) = std::mem::take(&mut rest_a).split_at_mut((kernel.start[g1] - kernel.start[g0]) as usize);
        let (u, v) = std::mem::take(&mut rest_u).split_at_mut((kernel.rstart[g1] - kernel.rstart[g0]) as usize);
        jobs.push(Job { groups: g0..g1, applied: a, unapplied: u });
        (rest_a, rest_u) = (b, v);
        g0 = g1;
    }
    jobs.reverse();
    let queue = Mutex::new(jobs);
    let take = || queue.lock().ok().and_then(|mut q| q.pop());
    if threads == 1 {
        while let Some(job) = take() {
            kernel.run(job);
        }
    } else {
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| {
                    while let Some(job) = take() {
                        kernel.run(job);
                    }
                });
            }
        });
    }
    let mut applied = vec![0i64; n];
    for (&r, &v) in kernel.perm.iter().zip(&applied_p) {
        applied[r as usize] = v;
    }
    let mut unapplied = vec![0i64; m];
    for (&r, &v) in kernel.rperm.iter().zip(&unapplied_p) {
        unapplied[r as usize] = v;
    }
    Ok(AllocatedColumns { applied, unapplied })
}
