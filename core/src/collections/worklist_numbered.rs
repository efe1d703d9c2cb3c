//! The columnar worklist's fast path for numbered ids ([`Numbering`]: one prefix, then a fixed
//! count of digits, as most accounting ids are). When the open and closed invoice ids follow one
//! numbering, are dense and unique, and the customer ids follow one numbering and are dense:
//!
//! - the join of the payments to their invoices is a direct-address table
//!   `number − min → (due day, customer code)`, filled in one pass over the invoices (the rows
//!   come nearly in number order, so the writes are nearly sequential) and read once by each
//!   payment's number (a payment whose id does not follow the numbering, or falls outside the
//!   table or on an empty slot, names no invoice: left out, as the general path leaves out a
//!   payment on an unknown id);
//! - a customer's code is its number − min (no interning, no hashing), and each thread's totals
//!   per (customer, currency) are a flat array of 32-byte records indexed by the code (200k
//!   customers: 6.4 MB, in L3), a customer's second currency in a small spill map.
//!
//! Sums are `i64` here (small records); a sum that would leave `i64` makes the fast path give
//! up ([`totals`] returns `None`) and the general path (sums in `i128`) runs: the result is the
//! general path's in every case, which the tests below check on random numbered and non-numbered
//! ids.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering::Relaxed};

use super::worklist_columns::{InvoiceColumns, WorklistColumns};
use crate::columnar::memory::{prefetch, zeroed_atomics};
use crate::columnar::pieces::{run, split, worker_threads, Piece};
use crate::columnar::{numbered, prefetch_at, Numbered, Numbering, Utf8Ids};

/// A column's numbers are dense when their span is at most this many times its rows (plus
/// [`SLACK`]): the direct-address tables are then at most a few times the rows.
const DENSE: u64 = 2;
const SLACK: u64 = 1024;
/// Rows a thread reads ahead (their random reads asked for together).
const BLOCK: usize = 64;

/// The numbers of the invoice and customer ids of the open (`[0]`) and closed (`[1]`, empty
/// when there are none) invoices, when the fast path applies.
pub(super) struct Plan {
    inv: [Vec<u64>; 2],
    cust: [Vec<u64>; 2],
    invoices: Numbering,
    customers: Numbering,
    imin: u64,
    ispan: usize,
    cmin: u64,
    cspan: usize,
}

impl Plan {
    /// Whether every customer id is UTF-8 without a look at its bytes (the numbering's prefix
    /// is, and the rest are ASCII digits).
    pub(super) fn customers_are_text(&self) -> bool {
        self.customers.is_utf8()
    }
}

/// The numbers of `ids` (`like`: the numbering they must follow), `None` for a column with a
/// null or an id that does not follow it.
fn numbers_of(ids: &Utf8Ids<'_>, like: Option<Numbering>, threads: usize) -> Option<Numbered> {
    if ids.first_null().is_some() {
        return None;
    }
    numbered(ids, like, threads).filter(|n| like.is_none_or(|l| l == n.numbering))
}

/// The span `max − min + 1` of the numbers of one or two columns of `rows` rows, if dense.
fn span(cols: &[&Numbered], rows: usize) -> Option<(u64, usize)> {
    let min = cols.iter().map(|n| n.min).min()?;
    let max = cols.iter().map(|n| n.max).max()?;
    let span = max.checked_sub(min)?.checked_add(1)?;
    (span <= DENSE * rows as u64 + SLACK && span < u64::from(u32::MAX)).then_some((min, span as usize))
}

/// The plan of the fast path, `None` when it does not apply (ids not numbered, not dense, nulls,
/// no open invoice): the general path then runs. Reads only the invoice and customer ids.
pub(super) fn plan(cols: &WorklistColumns<'_>, threads: usize) -> Option<Plan> {
    let (open, closed) = (&cols.open, cols.closed.as_ref().filter(|c| !c.invoice_id.is_empty()));
    if open.invoice_id.is_empty() || open.customer.len() != open.invoice_id.len() {
        return None;
    }
    if closed.is_some_and(|c| c.customer.len() != c.invoice_id.len()) {
        return None;
    }
    let rows = open.invoice_id.len() + closed.map_or(0, |c| c.invoice_id.len());
    let inv0 = numbers_of(&open.invoice_id, None, threads)?;
    let inv1 = match closed {
        Some(c) => Some(numbers_of(&c.invoice_id, Some(inv0.numbering), threads)?),
        None => None,
    };
    let invs: Vec<&Numbered> = std::iter::once(&inv0).chain(inv1.as_ref()).collect();
    let (imin, ispan) = span(&invs, rows)?;
    let cust0 = numbers_of(&open.customer, None, threads)?;
    let cust1 = match closed {
        Some(c) => Some(numbers_of(&c.customer, Some(cust0.numbering), threads)?),
        None => None,
    };
    let custs: Vec<&Numbered> = std::iter::once(&cust0).chain(cust1.as_ref()).collect();
    let (cmin, cspan) = span(&custs, rows)?;
    let (invoices, customers) = (inv0.numbering, cust0.numbering);
    Some(Plan {
        inv: [inv0.numbers, inv1.map(|n| n.numbers).unwrap_or_default()],
        cust: [cust0.numbers, cust1.map(|n| n.numbers).unwrap_or_default()],
        invoices,
        customers,
        imin,
        ispan,
        cmin,
        cspan,
    })
}

/// One (customer, currency) group's totals, merged over the threads.
pub(super) struct Group {
    /// The customer's number.
    pub(super) customer: u64,
    /// The currency's index.
    pub(super) currency: u32,
    /// Overdue (not disputed) amount, count, max days past due, disputed amount.
    pub(super) overdue: i64,
    pub(super) n: i64,
    pub(super) max_dpd: i32,
    pub(super) disputed: i64,
}

/// The fast path's totals: the groups, and `Σ late × amount`, `Σ amount` of the payments per
/// customer code (number − `cmin`).
pub(super) struct Totals {
    pub(super) customers: Numbering,
    pub(super) cmin: u64,
    pub(super) groups: Vec<Group>,
    pub(super) hist: Vec<[i64; 2]>,
}

/// A record of a thread's totals: overdue, disputed, count, then `currency + 1` (0: none yet)
/// above the max days past due.
type Rec = [i64; 4];

/// One thread's totals: a record per customer code (its first currency), the other currencies
/// in a spill map; the payments' sums per code; whether some sum left `i64`.
struct Local {
    recs: Vec<Rec>,
    spill: HashMap<(u32, u32), Rec>,
    hist: Vec<[i64; 2]>,
    overflow: bool,
}

impl Local {
    fn new(cspan: usize) -> Local {
        // zeroed memory (calloc): pages are first touched by this thread, and only those used
        Local { recs: vec![[0; 4]; cspan], spill: HashMap::new(), hist: Vec::new(), overflow: false }
    }

    /// Adds an overdue row of customer `code` in currency `cur`.
    #[inline]
    fn add(&mut self, code: usize, cur: u32, dpd: i32, amount: i64, disputed: bool) {
        let r = &mut self.recs[code];
        let tag = i64::from(cur + 1) << 32;
        if r[3] == 0 {
            r[3] = tag;
        }
        let r =
            if r[3] >> 32 == tag >> 32 { r } else { self.spill.entry((code as u32, cur)).or_insert([0, 0, 0, tag]) };
        if disputed {
            let (s, o) = r[1].overflowing_add(amount);
            r[1] = s;
            self.overflow |= o;
        } else {
            let (s, o) = r[0].overflowing_add(amount);
            r[0] = s;
            r[2] += 1;
            if dpd > r[3] as u32 as i32 {
                r[3] = tag | i64::from(dpd as u32);
            }
            self.overflow |= o;
        }
    }

    /// Adds `other`'s groups into these.
    fn merge(&mut self, other: Local) {
        self.overflow |= other.overflow;
        for (code, r) in other.recs.iter().enumerate() {
            if r[3] != 0 {
                self.add_rec(code as u32, r);
            }
        }
        for ((code, _), r) in &other.spill {
            self.add_rec(*code, r);
        }
    }

    fn add_rec(&mut self, code: u32, r: &Rec) {
        let mine = &mut self.recs[code as usize];
        let cur = (r[3] >> 32) as u32 - 1;
        if mine[3] == 0 {
            *mine = *r;
            return;
        }
        let w = if mine[3] >> 32 == r[3] >> 32 {
            mine
        } else {
            self.spill.entry((code, cur)).or_insert([0, 0, 0, r[3] & !0xffff_ffff])
        };
        let (a, o1) = w[0].overflowing_add(r[0]);
        let (b, o2) = w[1].overflowing_add(r[1]);
        (w[0], w[1], w[2]) = (a, b, w[2] + r[2]);
        if r[3] as u32 as i32 > w[3] as u32 as i32 {
            w[3] = (w[3] & !0xffff_ffff) | (r[3] & 0xffff_ffff);
        }
        self.overflow |= o1 | o2;
    }
}

/// The direct-address table of the invoices, filled on every core: `number − imin →
/// due day | (customer code + 1) << 32` (0: no invoice); each thread's overdue groups on the way.
/// `None` when two rows share a number (their payments would count for each: the general
/// path's table keeps both rows, this one cannot).
fn fill(
    plan: &Plan,
    sources: &[&InvoiceColumns<'_>],
    as_of: i32,
    include_disputed: bool,
    threads: usize,
) -> Option<(Vec<AtomicI64>, Vec<Local>)> {
    let rows: usize = sources.iter().map(|s| s.invoice_id.len()).sum();
    let table = zeroed_atomics(plan.ispan);
    let pieces = split(sources.iter().map(|s| s.invoice_id.len()));
    let workers = worker_threads(threads, rows);
    let results = run(&pieces, workers, |claim| {
        let mut l = Local::new(plan.cspan);
        for piece in claim {
            let (src, inv) = (piece.source, sources[piece.source]);
            let (invn, custn) = (&plan.inv[src][piece.start..piece.end], &plan.cust[src][piece.start..piece.end]);
            let due = &inv.due_date[piece.start..piece.end];
            for x in 0..invn.len() {
                let code = custn[x] - plan.cmin;
                table[(invn[x] - plan.imin) as usize]
                    .store(i64::from(due[x] as u32) | ((code as i64 + 1) << 32), Relaxed);
            }
            if src != 0 {
                continue;
            }
            let (amount, cur) = (&inv.open_amount[piece.start..piece.end], &inv.currency[piece.start..piece.end]);
            let disputed = inv.disputed.map(|d| &d[piece.start..piece.end]).filter(|_| !include_disputed);
            for x in 0..invn.len() {
                if let Some(&c) = custn.get(x + 16) {
                    prefetch_at(&l.recs, (c - plan.cmin) as usize);
                }
                if amount[x] <= 0 || due[x] >= as_of {
                    continue;
                }
                let code = (custn[x] - plan.cmin) as usize;
                l.add(code, u32::from(cur[x]), as_of - due[x], amount[x], disputed.is_some_and(|d| d[x]));
            }
        }
        Ok::<Local, ()>(l)
    });
    let locals: Vec<Local> = results.into_iter().flatten().collect();
    // every row in its own slot, or two rows shared one
    let slots = split([plan.ispan]);
    let filled: usize = run(&slots, worker_threads(threads, plan.ispan), |claim| {
        let mut n = 0usize;
        for p in claim {
            n += table[p.start..p.end].iter().filter(|e| e.load(Relaxed) != 0).count();
        }
        Ok::<usize, ()>(n)
    })
    .into_iter()
    .flatten()
    .sum();
    (filled == rows).then_some((table, locals))
}

/// The payments (paid by `as_of`) through the table: `Σ late × amount` and `Σ amount` per
/// customer code, into the threads' `locals` (one per thread that takes pieces).
fn history(
    plan: &Plan,
    cols: &WorklistColumns<'_>,
    table: &[AtomicI64],
    as_of: i32,
    locals: &mut [Local],
    threads: usize,
) {
    let p = &cols.payments;
    let n = p.invoice_id.len();
    let pieces: Vec<Piece> = split([n]);
    let workers = worker_threads(threads, n).min(locals.len()).max(1);
    let results = run(&pieces, workers, |claim| {
        let mut hist = vec![[0i64; 2]; plan.cspan];
        let mut overflow = false;
        let (mut slot, mut at) = ([0usize; BLOCK], [0usize; BLOCK]);
        let (mut code, mut late) = ([0usize; BLOCK], [0i64; BLOCK]);
        for piece in claim {
            let mut a = piece.start;
            while a < piece.end {
                let b = (a + BLOCK).min(piece.end);
                let mut m = 0;
                for j in a..b {
                    if p.paid_date[j] > as_of {
                        continue;
                    }
                    let Some(num) = plan.invoices.number(p.invoice_id.get(j)) else { continue };
                    let Some(s) = num.checked_sub(plan.imin).filter(|&s| s < plan.ispan as u64) else { continue };
                    prefetch_at(table, s as usize);
                    (slot[m], at[m]) = (s as usize, j);
                    m += 1;
                }
                let mut k = 0;
                for x in 0..m {
                    let e = table[slot[x]].load(Relaxed);
                    if e == 0 {
                        continue; // no invoice has this number
                    }
                    let c = (e as u64 >> 32) as usize - 1;
                    prefetch(hist.as_ptr() as usize + c * 16);
                    let j = at[x];
                    (code[k], late[k], at[k]) = (c, i64::from((p.paid_date[j] - e as u32 as i32).max(0)), j);
                    k += 1;
                }
                for x in 0..k {
                    let amount = p.amount[at[x]];
                    let h = &mut hist[code[x]];
                    let (w, o1) = late[x].overflowing_mul(amount);
                    let (s, o2) = h[0].overflowing_add(w);
                    let (t, o3) = h[1].overflowing_add(amount);
                    (h[0], h[1]) = (s, t);
                    overflow |= o1 | o2 | o3;
                }
                a = b;
            }
        }
        Ok::<_, ()>((hist, overflow))
    });
    for ((hist, overflow), l) in results.into_iter().flatten().zip(locals.iter_mut()) {
        l.hist = hist;
        l.overflow |= overflow;
    }
}

/// The worklist's totals over numbered ids (see the module), or `None`: two invoices share a
/// number, or some sum leaves `i64`; the general path then runs.
pub(super) fn totals(
    plan: Plan,
    cols: &WorklistColumns<'_>,
    as_of: i32,
    include_disputed: bool,
    threads: usize,
) -> Option<Totals> {
    let sources: Vec<&InvoiceColumns<'_>> = std::iter::once(&cols.open).chain(cols.closed.as_ref()).collect();
    let (table, mut locals) = fill(&plan, &sources, as_of, include_disputed, threads)?;
    history(&plan, cols, &table, as_of, &mut locals, threads);
    drop(table);
    let mut all = locals.into_iter();
    let mut acc = all.next()?;
    for l in all {
        for (a, b) in acc.hist.iter_mut().zip(&l.hist) {
            let (x, o1) = a[0].overflowing_add(b[0]);
            let (y, o2) = a[1].overflowing_add(b[1]);
            (a[0], a[1]) = (x, y);
            acc.overflow |= o1 | o2;
        }
        if acc.hist.is_empty() {
            acc.hist = l.hist.clone();
        }
        acc.merge(l);
    }
    if acc.overflow {
        return None;
    }
    if acc.hist.is_empty() {
        acc.hist = vec![[0; 2]; plan.cspan];
    }
    let group = |code: u32, r: &Rec| Group {
        customer: plan.cmin + u64::from(code),
        currency: (r[3] >> 32) as u32 - 1,
        overdue: r[0],
        n: r[2],
        max_dpd: r[3] as u32 as i32,
        disputed: r[1],
    };
    let mut groups: Vec<Group> =
        acc.recs.iter().enumerate().filter(|(_, r)| r[3] != 0).map(|(c, r)| group(c as u32, r)).collect();
    groups.extend(acc.spill.iter().map(|((c, _), r)| group(*c, r)));
    Some(Totals { customers: plan.customers, cmin: plan.cmin, groups, hist: acc.hist })
}

#[cfg(test)]
#[path = "worklist_numbered_props.rs"]
mod props;
