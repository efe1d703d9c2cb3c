//! The columnar worklist's fast path for numbered ids ([`Numbering`]: one prefix, then a fixed
//! count of digits, as most accounting ids are). When the open and closed invoice ids follow one
//! numbering, are dense and unique, and the customer ids follow one numbering and are dense:
//!
//! - the join of the payments to their invoices is a direct-address table
//!   `number − min → (due day, customer code)` (both in one 32-bit entry when the customer codes
//!   and the span of due days fit: 60 MB for 15M invoices instead of 120, and reads that hit
//!   the cache more often; else 64 bits), filled in one pass over the invoices (the rows come
//!   nearly in number order, so the writes are nearly sequential) with a bitmap of the slots
//!   written, and read once by each payment's number (a payment whose id does not follow the
//!   numbering, or falls outside the table or on a slot not written, names no invoice: left
//!   out, as the general path leaves out a payment on an unknown id). Only written slots are
//!   read, so the table needs no zeroing and its memory is kept for the next call
//!   ([`join`]);
//! - a customer's code is its number − min (no interning, no hashing), and each thread's totals
//!   per (customer, currency) are a flat array of 32-byte records indexed by the code (200k
//!   customers: 6.4 MB, in L3), a customer's second currency in a small spill map.
//!
//! With a top K of the product model (the bench's worklist), the overdue groups come first and
//! only the customers that can still reach the top K whatever their payment history get their
//! invoices into the table and their payments summed ([`totals`]): on the bench's data a tenth
//! of the customers, a third of the invoices and payments.
//!
//! Sums are `i64` here (small records); a sum that would leave `i64` makes the fast path give
//! up ([`totals`] returns `None`) and the general path (sums in `i128`) runs: the result is the
//! general path's in every case, which the tests below check on random numbered and non-numbered
//! ids.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU32, AtomicU8, Ordering::Relaxed};

use super::worklist_columns::{InvoiceColumns, WorklistColumns};
use crate::columnar::memory::filled;
use crate::columnar::pieces::{in_chunks, run, split, worker_threads};
use crate::columnar::{prefetch_at, MinorUnits, Numbering};

#[path = "worklist_numbered_join.rs"]
mod join;
use join::joined;

/// A column's numbers are dense when their span is at most this many times its rows (plus
/// [`SLACK`]): the direct-address tables are then at most a few times the rows.
const DENSE: u64 = 2;
const SLACK: u64 = 1024;
/// Rows a thread reads ahead (their random reads asked for together).
const BLOCK: usize = 64;
/// Rows a thread reads ahead when only some of them make random reads (about a third).
const WIDE_BLOCK: usize = 256;

/// The numberings of the invoice and customer ids and the spans of their numbers, when the fast
/// path applies.
pub(super) struct Plan {
    invoices: Numbering,
    customers: Numbering,
    imin: u64,
    ispan: usize,
    cmin: u64,
    cspan: usize,
    /// A table entry is `(customer code + 1) << dbits | (due day − dmin)`: 32 bits when the
    /// codes and the due days' span fit them together (`dbits` < 32: half the table's memory,
    /// and the payments' reads of it hit the cache more often), else 64 (`dbits` = 32).
    dmin: i32,
    dbits: u32,
}

impl Plan {
    /// The table entry of an invoice of customer `code` due on `due`, `None` when the due day
    /// falls outside the plan's span of due days.
    #[inline(always)]
    fn entry(&self, code: usize, due: i32) -> Option<u64> {
        let d = (i64::from(due) - i64::from(self.dmin)) as u64;
        (d >> self.dbits == 0).then_some(((code as u64 + 1) << self.dbits) | d)
    }

    /// The customer code and due day of a (non-zero) table entry.
    #[inline(always)]
    fn decode(&self, e: u64) -> (usize, i32) {
        let code = (e >> self.dbits) as usize - 1;
        (code, (i64::from(self.dmin) + (e & ((1u64 << self.dbits) - 1)) as i64) as i32)
    }
}

/// The bits of a due-day offset and the lowest due day of a table entry for customer codes
/// below `cspan` and due days in `(min, max)`: 32-bit entries when both fit, the days' span
/// centred in the room left (a guess from some rows then misses a day less often), else 64.
fn due_layout(cspan: usize, (min, max): (i32, i32)) -> (i32, u32) {
    const WIDE: (i32, u32) = (i32::MIN, 32);
    let cbits = 64 - (cspan as u64).leading_zeros();
    let (Some(room), true) = (32u32.checked_sub(cbits), min <= max) else { return WIDE };
    let span = i64::from(max) - i64::from(min) + 1;
    let free = (1i64 << room) - span;
    if room == 0 || free < 0 {
        return WIDE;
    }
    // (the lowest day at least i32::MIN: the room still covers min..=max)
    ((i64::from(min) - free / 2).max(i64::from(i32::MIN)) as i32, room)
}

/// The lowest and highest numbers of invoice and customer ids, and due days.
#[derive(Clone, Copy)]
struct Range {
    inv: (u64, u64),
    cust: (u64, u64),
    due: (i32, i32),
}

impl Range {
    const EMPTY: Range = Range { inv: (u64::MAX, 0), cust: (u64::MAX, 0), due: (i32::MAX, i32::MIN) };

    fn join(self, o: Range) -> Range {
        Range {
            inv: (self.inv.0.min(o.inv.0), self.inv.1.max(o.inv.1)),
            cust: (self.cust.0.min(o.cust.0), self.cust.1.max(o.cust.1)),
            due: (self.due.0.min(o.due.0), self.due.1.max(o.due.1)),
        }
    }
}

/// The span `max − min + 1` of numbers in `(min, max)` of `rows` ids, if dense.
fn span((min, max): (u64, u64), rows: usize) -> Option<usize> {
    let span = max.checked_sub(min)?.checked_add(1)?;
    (span <= DENSE * rows as u64 + SLACK && span < u64::from(u32::MAX)).then_some(span as usize)
}

/// Rows of each end of a column, and rows spread over it, a guess reads.
const SAMPLE: usize = 1024;

/// A guess of the plan from some rows of each column (its ends, and rows spread over it), its
/// spans widened by an eighth: the fill then checks every row and, when a number falls outside
/// a span, [`Miss::Range`] sends the caller to [`plan`], which reads every id (the fill does not
/// need a pass of its own over the ids first). `None` when the fast path does not apply (a
/// sampled id not numbered, nulls, spans not dense, no open invoice).
pub(super) fn guess<A: MinorUnits>(cols: &WorklistColumns<'_, A>) -> Option<Plan> {
    let sources = checked_sources(cols)?;
    let (invoices, customers) =
        (Numbering::of(cols.open.invoice_id.get(0))?, Numbering::of(cols.open.customer.get(0))?);
    let mut r = Range::EMPTY;
    let mut rows = 0;
    for s in &sources {
        let n = s.invoice_id.len();
        rows += n;
        let step = (n / (4 * SAMPLE)).max(1);
        let sample = (0..n.min(SAMPLE)).chain(n.saturating_sub(SAMPLE)..n).chain((0..n).step_by(step));
        for i in sample {
            let inv = invoices.number(s.invoice_id.get(i))?;
            let cust = customers.number(s.customer.get(i))?;
            r.inv = (r.inv.0.min(inv), r.inv.1.max(inv));
            r.cust = (r.cust.0.min(cust), r.cust.1.max(cust));
            let due = *s.due_date.get(i)?;
            r.due = (r.due.0.min(due), r.due.1.max(due));
        }
    }
    // dense as sampled; the margins cost only address space until a row lands there
    span(r.inv, rows)?;
    span(r.cust, rows)?;
    let widen = |(min, max): (u64, u64)| {
        let m = (max - min) / 8 + SLACK;
        let (min, max) = (min.saturating_sub(m), max.saturating_add(m));
        (min, usize::try_from(max - min + 1).ok().filter(|&s| s < u32::MAX as usize))
    };
    let ((imin, ispan), (cmin, cspan)) = (widen(r.inv), widen(r.cust));
    let cspan = cspan?;
    let (dmin, dbits) = due_layout(cspan, r.due);
    Some(Plan { invoices, customers, imin, ispan: ispan?, cmin, cspan, dmin, dbits })
}

/// The open and closed invoices when every row of both has an invoice and a customer id.
fn checked_sources<'c, 'a, A: MinorUnits>(cols: &'c WorklistColumns<'a, A>) -> Option<Vec<&'c InvoiceColumns<'a, A>>> {
    let sources: Vec<&InvoiceColumns<'_, A>> = std::iter::once(&cols.open).chain(cols.closed.as_ref()).collect();
    let bad = |s: &&InvoiceColumns<'_, A>| {
        s.customer.len() != s.invoice_id.len()
            || s.invoice_id.first_null().is_some()
            || s.customer.first_null().is_some()
    };
    (!cols.open.invoice_id.is_empty() && !sources.iter().any(bad)).then_some(sources)
}

/// The plan of the fast path, `None` when it does not apply (ids not numbered, not dense, nulls,
/// no open invoice): the general path then runs. Reads only the invoice and customer ids (their
/// numbers are read again by the fill: a second read of the ids costs less than the fresh
/// memory that keeping 30M numbers would fault in).
pub(super) fn plan<A: MinorUnits>(cols: &WorklistColumns<'_, A>, threads: usize) -> Option<Plan> {
    let sources = checked_sources(cols)?;
    let (open, rows) = (&cols.open, sources.iter().map(|s| s.invoice_id.len()).sum::<usize>());
    let invoices = Numbering::of(open.invoice_id.get(0))?;
    let customers = Numbering::of(open.customer.get(0))?;
    let pieces = split(sources.iter().map(|s| s.invoice_id.len()));
    let results = run(&pieces, worker_threads(threads, rows), |claim| {
        let mut r = Range::EMPTY;
        for piece in claim {
            let s = sources[piece.source];
            for i in piece.start..piece.end {
                let n = invoices.number(s.invoice_id.get(i)).ok_or(())?;
                let c = customers.number(s.customer.get(i)).ok_or(())?;
                r.inv = (r.inv.0.min(n), r.inv.1.max(n));
                r.cust = (r.cust.0.min(c), r.cust.1.max(c));
                let due = *s.due_date.get(i).ok_or(())?;
                r.due = (r.due.0.min(due), r.due.1.max(due));
            }
        }
        Ok::<Range, ()>(r)
    });
    let mut range = Range::EMPTY;
    for r in results {
        range = range.join(r.ok()?);
    }
    let cspan = span(range.cust, rows)?;
    let (dmin, dbits) = due_layout(cspan, range.due);
    Some(Plan {
        invoices,
        customers,
        imin: range.inv.0,
        ispan: span(range.inv, rows)?,
        cmin: range.cust.0,
        cspan,
        dmin,
        dbits,
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
    /// Whether only the groups that can reach the top K are here (the prune flagged them).
    pub(super) pruned: bool,
}

/// A record of a thread's totals: overdue, disputed, count, then `currency + 1` (0: none yet)
/// above the max days past due.
type Rec = [i64; 4];

/// One thread's totals: a record per customer code (its first currency), the other currencies
/// in a spill map; whether some sum left `i64`.
struct Local {
    recs: Vec<Rec>,
    spill: HashMap<(u32, u32), Rec>,
    overflow: bool,
}

impl Local {
    fn new(cspan: usize) -> Local {
        // zeroed here, by the thread that adds to them ([`filled`] writes every record): the
        // records are read at random, and a read whose page is not yet there waits for it
        // however early it was asked for (faulted in at random, fresh each call, the first read
        // of a record was a two-thread run's costliest line)
        Local { recs: filled(cspan, [0; 4]), spill: HashMap::new(), overflow: false }
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

    /// Adds `other`'s groups into these, on `threads` threads (by ranges of customer codes; a
    /// customer whose first currency differs between the two goes through the spill map after).
    fn merge(&mut self, other: Local, threads: usize) {
        self.overflow |= other.overflow;
        let theirs = &other.recs;
        let parts = in_chunks(&mut self.recs, worker_threads(threads, theirs.len()), |start, mine| {
            let (mut overflow, mut other_currency) = (false, Vec::new());
            for (k, (w, r)) in mine.iter_mut().zip(&theirs[start..]).enumerate() {
                if r[3] == 0 {
                    continue;
                }
                if w[3] == 0 {
                    *w = *r;
                } else if w[3] >> 32 == r[3] >> 32 {
                    overflow |= combine(w, r);
                } else {
                    other_currency.push((start + k) as u32);
                }
            }
            (overflow, other_currency)
        });
        for (overflow, codes) in parts {
            self.overflow |= overflow;
            for code in codes {
                self.add_rec(code, &theirs[code as usize]);
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
        self.overflow |= combine(w, r);
    }
}

/// Adds record `r` into `w` (the same group); whether a sum left `i64`.
#[inline]
fn combine(w: &mut Rec, r: &Rec) -> bool {
    let (a, o1) = w[0].overflowing_add(r[0]);
    let (b, o2) = w[1].overflowing_add(r[1]);
    (w[0], w[1], w[2]) = (a, b, w[2] + r[2]);
    if r[3] as u32 as i32 > w[3] as u32 as i32 {
        w[3] = (w[3] & !0xffff_ffff) | (r[3] & 0xffff_ffff);
    }
    o1 | o2
}

/// Why the fill gave up: a number outside the plan's spans (a guess: [`plan`] then reads them),
/// or no fast path (an id that does not follow the numbering; two invoices sharing a number,
/// whose payments would count for each: the general path's table keeps both rows, this one
/// cannot; a sum that leaves `i64`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Miss {
    Range,
    No,
}

const GO: u8 = 0;

/// Whether bit `i` of `bits` is set.
#[inline(always)]
fn bit(bits: &[u64], i: usize) -> bool {
    bits[i >> 6] >> (i & 63) & 1 == 1
}

/// Which groups' customers can reach the ranking's top K, decided from the groups alone (see
/// [`totals`]): a flag a group, `None` to keep every customer.
pub(super) type Prune<'p> = dyn Fn(&[Group]) -> Option<Vec<bool>> + Sync + 'p;

/// The worklist's totals over numbered ids (see the module): from the `guess`, or when a number
/// falls outside its spans from the exact [`plan`]; `None` when the fast path does not apply
/// (the general path then runs).
pub(super) fn fast_totals<A: MinorUnits>(
    guess: Plan,
    cols: &WorklistColumns<'_, A>,
    as_of: i32,
    include_disputed: bool,
    threads: usize,
    prune: Option<&Prune<'_>>,
) -> Option<Totals> {
    match totals(guess, cols, as_of, include_disputed, threads, prune) {
        Ok(t) => Some(t),
        Err(Miss::Range) => totals(plan(cols, threads)?, cols, as_of, include_disputed, threads, prune).ok(),
        Err(Miss::No) => None,
    }
}

/// The worklist's totals over numbered ids under `plan`, or why not ([`Miss`]).
///
/// With `prune` (a ranking of the top K by a score that the payments move only within known
/// bounds), the overdue groups come first ([`overdue_groups`]); `prune` flags the groups whose
/// customers can still reach the top K; only those groups are kept, only their customers'
/// invoices go into the table and only their payments are summed (the others' scores, even at
/// their highest, fall below K groups' lowest: they are ranked out whatever their history).
pub(super) fn totals<A: MinorUnits>(
    plan: Plan,
    cols: &WorklistColumns<'_, A>,
    as_of: i32,
    include_disputed: bool,
    threads: usize,
    prune: Option<&Prune<'_>>,
) -> Result<Totals, Miss> {
    let sources: Vec<&InvoiceColumns<'_, A>> = std::iter::once(&cols.open).chain(cols.closed.as_ref()).collect();
    let mut keep = None;
    let (mut early, mut pruned) = (None, false);
    if let Some(prune) = prune {
        let groups =
            group_list(&plan, merged(overdue_groups(&plan, &cols.open, as_of, include_disputed, threads)?, threads)?);
        // the groups flagged (all without flags), and their customers' bits
        let groups = match prune(&groups) {
            Some(flags) => {
                pruned = true;
                groups.into_iter().zip(flags).filter(|x| x.1).map(|x| x.0).collect()
            }
            None => groups,
        };
        let mut bits = vec![0u64; plan.cspan.div_ceil(64)];
        for g in &groups {
            let c = (g.customer - plan.cmin) as usize;
            bits[c >> 6] |= 1 << (c & 63);
        }
        (keep, early) = (Some(bits), Some(groups));
    }
    let keep = keep.as_deref();
    let (locals, hist) = if plan.dbits < 32 {
        joined::<AtomicU32, A>(&plan, cols, &sources, as_of, include_disputed, threads, keep)?
    } else {
        joined::<AtomicI64, A>(&plan, cols, &sources, as_of, include_disputed, threads, keep)?
    };
    let groups = match early {
        Some(groups) => groups,
        None => group_list(&plan, merged(locals, threads)?),
    };
    Ok(Totals { customers: plan.customers, cmin: plan.cmin, groups, hist, pruned })
}

/// The threads' groups merged, or [`Miss::No`] when a sum left `i64`.
fn merged(locals: Vec<Local>, threads: usize) -> Result<Local, Miss> {
    let mut all = locals.into_iter();
    let mut acc = all.next().ok_or(Miss::No)?;
    for l in all {
        acc.merge(l, threads);
    }
    if acc.overflow {
        return Err(Miss::No);
    }
    Ok(acc)
}

/// The merged groups as a list.
fn group_list(plan: &Plan, acc: Local) -> Vec<Group> {
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
    groups
}

/// The overdue groups of the open invoices alone, on every core (no table): the first pass of a
/// pruned [`totals`]. Only the overdue rows' customer ids are read here (the table's pass reads
/// every row's).
fn overdue_groups<A: MinorUnits>(
    plan: &Plan,
    open: &InvoiceColumns<'_, A>,
    as_of: i32,
    include_disputed: bool,
    threads: usize,
) -> Result<Vec<Local>, Miss> {
    let n = open.invoice_id.len();
    let stop = AtomicU8::new(GO);
    let disputed = open.disputed.filter(|_| !include_disputed);
    let results = run(&split([n]), worker_threads(threads, n), |claim| {
        let mut l = Local::new(plan.cspan);
        // two blocks in flight: a block's customers' records are asked for a whole block before
        // its rows are added (asked for just before, most of them were still on their way)
        let (mut at, mut codes, mut ms) = ([[0usize; WIDE_BLOCK]; 2], [[0usize; WIDE_BLOCK]; 2], [0usize; 2]);
        let add = |l: &mut Local, at: &[usize], codes: &[usize]| {
            for (&i, &c) in at.iter().zip(codes) {
                let d = disputed.is_some_and(|d| d[i]);
                l.add(c, u32::from(open.currency[i]), as_of - open.due_date[i], open.open_amount[i].low(), d);
            }
        };
        let mut now = 0;
        for piece in claim {
            let mut a = piece.start;
            while a < piece.end {
                if stop.load(Relaxed) != GO {
                    return Ok(l);
                }
                let b = (a + WIDE_BLOCK).min(piece.end);
                // the overdue rows listed (no branch), then their customers' records asked for
                let (at_now, codes_now) = (&mut at[now], &mut codes[now]);
                let mut m = 0;
                for i in a..b {
                    at_now[m] = i;
                    m += usize::from(open.open_amount[i].low() > 0 && open.due_date[i] < as_of);
                }
                for x in 0..m {
                    let c =
                        plan.customers.number(open.customer.get(at_now[x])).map(|c| c.wrapping_sub(plan.cmin) as usize);
                    match c {
                        Some(c) if c < plan.cspan => {
                            codes_now[x] = c;
                            prefetch_at(&l.recs, c);
                        }
                        _ => {
                            stop.store(if c.is_some() { 1 } else { 2 }, Relaxed);
                            return Ok(l);
                        }
                    }
                }
                ms[now] = m;
                // the block before this one added
                let last = 1 - now;
                add(&mut l, &at[last][..ms[last]], &codes[last][..ms[last]]);
                ms[last] = 0;
                now = last;
                a = b;
            }
        }
        let last = 1 - now;
        add(&mut l, &at[last][..ms[last]], &codes[last][..ms[last]]);
        Ok::<Local, ()>(l)
    });
    match stop.into_inner() {
        GO => Ok(results.into_iter().flatten().collect()),
        1 => Err(Miss::Range),
        _ => Err(Miss::No),
    }
}

#[cfg(test)]
#[path = "worklist_numbered_props.rs"]
mod props;
