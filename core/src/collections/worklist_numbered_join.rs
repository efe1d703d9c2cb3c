//! The numbered fast path's join of the payments to their invoices (see [`super`]): the
//! direct-address table `number − imin →` [`Plan::entry`], filled on every core with a bitmap of
//! the slots written, then read by each payment whose slot's bit is set.
//!
//! The table is never read where the fill did not write (the bitmap says where it did), so it
//! needs no zeroing: its memory is kept for the next call ([`Cell::table`], [`Cell::keep`]). A
//! fresh table of 15M invoices is 60 MB of pages that the kernel faults in and clears on every
//! call (a tenth of the kernel's whole CPU time on the bench's data, on two cores).

use std::sync::atomic::{AtomicI64, AtomicU32, AtomicU8, Ordering::Relaxed};
use std::sync::Mutex;

use super::{bit, InvoiceColumns, Local, Miss, Plan, WorklistColumns, BLOCK, GO, WIDE_BLOCK};
use crate::columnar::memory::{prefetch, zeroed_atomics, zeroed_atomics32};
use crate::columnar::pieces::{fill_pieces, run, split, worker_threads, Piece};
use crate::columnar::{prefetch_at, MinorUnits};

/// The largest table kept between calls, in cells (256 MiB of 32-bit cells, 64M invoice
/// numbers): a larger one is given back to the system, so a process never holds more than this.
const KEEP_MAX: usize = 1 << 26;

/// A table of 32-bit cells kept from the last call (taken by one call at a time: a call that
/// finds it taken makes its own).
static SPARE32: Mutex<Vec<AtomicU32>> = Mutex::new(Vec::new());

/// A cell of the direct-address table of the invoices (`number − imin →` [`Plan::entry`]): 32
/// or 64 bits wide.
pub(super) trait Cell: Sync + Sized {
    /// A table of at least `n` cells of any value (a cell is read only where it was written).
    fn table(n: usize) -> Vec<Self>;
    /// Keeps `table` for the next call, where the width keeps any.
    fn keep(table: Vec<Self>);
    fn put(&self, e: u64);
    fn get(&self) -> u64;
}

impl Cell for AtomicU32 {
    fn table(n: usize) -> Vec<Self> {
        match SPARE32.try_lock() {
            Ok(mut spare) if spare.len() >= n => std::mem::take(&mut *spare),
            _ => zeroed_atomics32(n),
        }
    }
    fn keep(table: Vec<Self>) {
        if table.len() <= KEEP_MAX {
            if let Ok(mut spare) = SPARE32.try_lock() {
                if table.len() > spare.len() {
                    *spare = table;
                }
            }
        }
    }
    #[inline(always)]
    fn put(&self, e: u64) {
        self.store(e as u32, Relaxed);
    }
    #[inline(always)]
    fn get(&self) -> u64 {
        u64::from(self.load(Relaxed))
    }
}

impl Cell for AtomicI64 {
    fn table(n: usize) -> Vec<Self> {
        zeroed_atomics(n)
    }
    fn keep(_: Vec<Self>) {}
    #[inline(always)]
    fn put(&self, e: u64) {
        self.store(e as i64, Relaxed);
    }
    #[inline(always)]
    fn get(&self) -> u64 {
        self.load(Relaxed) as u64
    }
}

/// What [`fill`] makes: the table, each thread's groups, and the bitmap of the slots written.
type Filled<C> = (Vec<C>, Vec<Local>, Vec<u64>);

/// The direct-address table of the invoices, filled on every core, and each thread's overdue
/// groups on the way; or why not ([`Miss`]). With `keep` (a bit per customer code) only the
/// invoices of those customers go into the table, and no group is made (the caller has them).
/// Each thread marks the slots it writes in a bitmap of its own: a slot written twice (two
/// invoices sharing a number) is found there, or where two threads' bitmaps overlap.
fn fill<C: Cell, A: MinorUnits>(
    plan: &Plan,
    sources: &[&InvoiceColumns<'_, A>],
    as_of: i32,
    include_disputed: bool,
    threads: usize,
    keep: Option<&[u64]>,
) -> Result<Filled<C>, Miss> {
    let rows: usize = sources.iter().map(|s| s.invoice_id.len()).sum();
    let stop = AtomicU8::new(GO);
    let miss = |m: Miss| {
        stop.store(if m == Miss::Range { 1 } else { 2 }, Relaxed);
    };
    let table = C::table(plan.ispan);
    let cells = &table[..plan.ispan];
    let words = plan.ispan.div_ceil(64);
    let pieces = split(sources.iter().map(|s| s.invoice_id.len()));
    let workers = worker_threads(threads, rows);
    let groups = keep.is_none();
    let results = run(&pieces, workers, |claim| {
        let mut l = Local::new(if groups { plan.cspan } else { 0 });
        let mut written = vec![0u64; words];
        let (mut codes, mut at) = ([0usize; BLOCK], [0usize; BLOCK]);
        for piece in claim {
            let (open, inv) = (piece.source == 0 && groups, sources[piece.source]);
            let disputed = inv.disputed.filter(|_| !include_disputed);
            let mut a = piece.start;
            while a < piece.end {
                if stop.load(Relaxed) != GO {
                    return Ok((l, written));
                }
                let b = (a + BLOCK).min(piece.end);
                // the block's customers' records are asked for while the table is written; the
                // rows kept (all without `keep`) listed in order
                let mut m = 0;
                for i in a..b {
                    let Some(c) = plan.customers.number(inv.customer.get(i)) else {
                        miss(Miss::No);
                        return Ok((l, written));
                    };
                    let c = c.wrapping_sub(plan.cmin) as usize;
                    if c >= plan.cspan {
                        miss(Miss::Range);
                        return Ok((l, written));
                    }
                    (codes[m], at[m]) = (c, i);
                    m += usize::from(keep.is_none_or(|k| bit(k, c)));
                    if open && inv.due_date[i] < as_of {
                        prefetch_at(&l.recs, c);
                    }
                }
                // a slot written before (no branch: checked once a block)
                let mut twice = 0;
                for x in 0..m {
                    let i = at[x];
                    let Some(n) = plan.invoices.number(inv.invoice_id.get(i)) else {
                        miss(Miss::No);
                        return Ok((l, written));
                    };
                    let e = plan.entry(codes[x], inv.due_date[i]);
                    let slot = n.wrapping_sub(plan.imin) as usize;
                    match (cells.get(slot), e) {
                        (Some(cell), Some(e)) => {
                            cell.put(e);
                            let (w, b) = (&mut written[slot >> 6], 1u64 << (slot & 63));
                            twice |= *w & b;
                            *w |= b;
                        }
                        _ => {
                            miss(Miss::Range);
                            return Ok((l, written));
                        }
                    }
                }
                if twice != 0 {
                    miss(Miss::No);
                    return Ok((l, written));
                }
                if open {
                    // (every row kept: `codes` in row order)
                    for i in a..b {
                        let (amount, due) = (inv.open_amount[i].low(), inv.due_date[i]);
                        if amount > 0 && due < as_of {
                            let d = disputed.is_some_and(|d| d[i]);
                            l.add(codes[i - a], u32::from(inv.currency[i]), as_of - due, amount, d);
                        }
                    }
                }
                a = b;
            }
        }
        Ok::<_, ()>((l, written))
    });
    let (locals, mut bitmaps): (Vec<Local>, Vec<Vec<u64>>) = results.into_iter().flatten().unzip();
    match stop.into_inner() {
        GO => {}
        1 => {
            C::keep(table);
            return Err(Miss::Range);
        }
        _ => {
            C::keep(table);
            return Err(Miss::No);
        }
    }
    let mut all = bitmaps.pop().unwrap_or_else(|| vec![0; words]);
    if !union_once(&mut all, &bitmaps, threads) {
        C::keep(table);
        return Err(Miss::No);
    }
    Ok((table, locals, all))
}

/// `acc` ORed with each of `others`, on every core; `false` when two of them share a bit (a slot
/// written by two threads).
fn union_once(acc: &mut [u64], others: &[Vec<u64>], threads: usize) -> bool {
    if others.is_empty() {
        return true;
    }
    let shared = AtomicU8::new(0);
    fill_pieces(acc, worker_threads(threads, acc.len() * 64), |start, end, out| {
        let mut twice = 0;
        for o in others {
            for (w, &x) in out.iter_mut().zip(&o[start..end]) {
                twice |= *w & x;
                *w |= x;
            }
        }
        if twice != 0 {
            shared.store(1, Relaxed);
        }
    });
    shared.into_inner() == 0
}

/// The payments (paid by `as_of`) through the table: `Σ late × amount` and `Σ amount` per
/// customer code, summed over the threads; whether some sum left `i64`. Only a slot whose bit is
/// set in `written` is read.
fn history<C: Cell, A: MinorUnits>(
    plan: &Plan,
    cols: &WorklistColumns<'_, A>,
    table: &[C],
    written: &[u64],
    as_of: i32,
    threads: usize,
) -> (Vec<[i64; 2]>, bool) {
    let p = &cols.payments;
    let n = p.invoice_id.len();
    let pieces: Vec<Piece> = split([n]);
    let workers = worker_threads(threads, n);
    let results = run(&pieces, workers, |claim| {
        let mut hist = vec![[0i64; 2]; plan.cspan];
        let mut overflow = false;
        // (blocks of many rows: a block's table reads are asked for together after the
        // bitmap's, about a third of the rows on the bench's data)
        let (mut slot, mut at) = ([0usize; WIDE_BLOCK], [0usize; WIDE_BLOCK]);
        let (mut code, mut late) = ([0usize; WIDE_BLOCK], [0i64; WIDE_BLOCK]);
        for piece in claim {
            let mut a = piece.start;
            while a < piece.end {
                let b = (a + WIDE_BLOCK).min(piece.end);
                let mut m = 0;
                for j in a..b {
                    if p.paid_date[j] > as_of {
                        continue;
                    }
                    let Some(num) = plan.invoices.number(p.invoice_id.get(j)) else { continue };
                    let Some(s) = num.checked_sub(plan.imin).filter(|&s| s < plan.ispan as u64) else { continue };
                    let s = s as usize;
                    prefetch_at(written, s >> 6);
                    (slot[m], at[m]) = (s, j);
                    m += 1;
                }
                // only the slots written: an invoice's, and with `keep` a kept customer's (no
                // branch)
                let mut kept = 0;
                for x in 0..m {
                    (slot[kept], at[kept]) = (slot[x], at[x]);
                    kept += usize::from(bit(written, slot[x]));
                }
                for &s in &slot[..kept] {
                    prefetch_at(table, s);
                }
                for x in 0..kept {
                    let (c, due) = plan.decode(table[slot[x]].get());
                    prefetch(hist.as_ptr() as usize + c * 16);
                    let j = at[x];
                    let days = (i64::from(p.paid_date[j]) - i64::from(due)).max(0);
                    (code[x], late[x], at[x]) = (c, days, j);
                }
                for x in 0..kept {
                    let amount = p.amount[at[x]].low();
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
    let mut all = results.into_iter().flatten();
    let Some((mut acc, mut overflow)) = all.next() else { return (vec![[0; 2]; plan.cspan], false) };
    for (hist, o) in all {
        overflow |= o;
        for (a, b) in acc.iter_mut().zip(&hist) {
            let (x, o1) = a[0].overflowing_add(b[0]);
            let (y, o2) = a[1].overflowing_add(b[1]);
            (a[0], a[1]) = (x, y);
            overflow |= o1 | o2;
        }
    }
    (acc, overflow)
}

/// The groups and the payments' sums per customer code through a table of cells `C` ([`fill`],
/// [`history`]); with `keep`, the sums of those customers only (the groups then come from
/// [`super::overdue_groups`]). The table is kept for the next call ([`Cell::keep`]).
pub(super) fn joined<C: Cell, A: MinorUnits>(
    plan: &Plan,
    cols: &WorklistColumns<'_, A>,
    sources: &[&InvoiceColumns<'_, A>],
    as_of: i32,
    include_disputed: bool,
    threads: usize,
    keep: Option<&[u64]>,
) -> Result<(Vec<Local>, Vec<[i64; 2]>), Miss> {
    let (table, locals, written) = fill::<C, A>(plan, sources, as_of, include_disputed, threads, keep)?;
    let (hist, overflow) = history(plan, cols, &table[..plan.ispan], &written, as_of, threads);
    C::keep(table);
    if overflow {
        return Err(Miss::No);
    }
    Ok((locals, hist))
}
