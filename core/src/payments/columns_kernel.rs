//! The batch allocation's kernel ([`super::allocate_columns`] checks, then calls it): a
//! counting sort of the items by group (customer, currency), then each group's receipts applied
//! to its items oldest first, groups spread over the threads.
//!
//! Only the items of a group that has a receipt are sorted (a day's statement pays a few
//! customers of a large ledger). They go in two steps: to partitions of about 8k items (runs of
//! groups) by one count pass and one scatter into a single buffer (each thread
//! writes its rows to its own stretch of each partition: a few thousand sequential streams),
//! then each partition, in the cache, by a counting sort on its groups; where the row breaks a
//! tie (ids in row order) a counting sort by due day before it leaves each group's items in
//! order (`by_group_and_day`), else a group's items are sorted by (due day, tie-break of
//! [`Tie`]). A one-step counting sort straight to the groups measured five times
//! slower at 10M items and 1M groups (each row a random access into 4 MB of counts and 80 MB
//! of keys).
//!
//! Memory is the cost to watch: every byte of a fresh buffer is zeroed by the system on first
//! touch (on the virtual machines these benches run on, 1 GB of fresh pages cost 0.05 to 5 s,
//! depending on whether the host still backs them). So an entry of the scatter is two words
//! where the amounts allow (key; open amount and group in one), and a group's items are sorted
//! as (key, open amount) pairs, what each took counted as the receipts go, not kept beside them.

use std::ops::Range;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};

use super::batch_order::{cmp_ids, Tie};
use super::columns::{AllocatedColumns, OpenItemRows, ReceiptRows};
use crate::columnar::memory::{atomic_values, zeroed_atomics};
use crate::columnar::{MinorUnits, Utf8Ids};

/// How rows map to dense group numbers (customer, currency): computed from dense codes, or
/// listed when the codes are too sparse for that.
enum GroupOf {
    Dense { currencies: u32 },
    Listed { items: Vec<u32>, receipts: Vec<u32> },
}

impl GroupOf {
    /// The numbering and the number of groups.
    fn new<T>(items: &OpenItemRows<'_, T>, receipts: &ReceiptRows) -> (GroupOf, usize) {
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
    fn item<T>(&self, t: &OpenItemRows<'_, T>, r: usize) -> usize {
        (match self {
            GroupOf::Dense { currencies } => t.customer[r] * currencies + u32::from(t.currency[r]),
            GroupOf::Listed { items, .. } => items[r],
        }) as usize
    }

    #[inline]
    fn receipt(&self, t: &ReceiptRows, r: usize) -> usize {
        (match self {
            GroupOf::Dense { currencies } => t.customer[r] * currencies + u32::from(t.currency[r]),
            GroupOf::Listed { receipts, .. } => receipts[r],
        }) as usize
    }
}

/// A row's sort key: its day, then its row (`day * 2^32 + row`, as integers compare).
#[inline]
fn key(day: i32, row: usize) -> i64 {
    (i64::from(day) << 32) | row as i64
}

#[inline]
fn row_of(key: i64) -> usize {
    key as u32 as usize
}

#[inline]
fn day_of(key: i64) -> i64 {
    key >> 32
}

/// `f(t, rows)` over `threads` equal shares of `0..n` (one thread each), in order.
fn on_shares<T: Send, S: Send>(n: usize, state: Vec<S>, f: impl Fn(S, Range<usize>) -> T + Sync) -> Vec<T> {
    let threads = state.len();
    let share = |t: usize| n * t / threads..n * (t + 1) / threads;
    if threads == 1 {
        return state.into_iter().map(|s| f(s, 0..n)).collect();
    }
    std::thread::scope(|scope| {
        let f = &f;
        let hs: Vec<_> = state.into_iter().enumerate().map(|(t, s)| scope.spawn(move || f(s, share(t)))).collect();
        hs.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// Whether group `g`'s bit is set.
#[inline]
fn has(bits: &[u64], g: usize) -> bool {
    bits[g >> 6] >> (g & 63) & 1 == 1
}

/// The groups' receipts: each group's start (`groups + 1`), and the (key, amount) entries in
/// group order.
fn receipts_by_group(receipts: &ReceiptRows, group_of: &GroupOf, groups: usize) -> (Vec<u32>, Vec<[i64; 2]>) {
    let m = receipts.amount.len();
    let mut start = vec![0u32; groups + 1];
    for q in 0..m {
        start[group_of.receipt(receipts, q) + 1] += 1;
    }
    for g in 0..groups {
        start[g + 1] += start[g];
    }
    let mut next = start.clone();
    let mut out = vec![[0i64; 2]; m];
    for q in 0..m {
        let g = group_of.receipt(receipts, q);
        out[next[g] as usize] = [key(receipts.date[q], q), receipts.amount[q]];
        next[g] += 1;
    }
    (start, out)
}

/// The largest open amount a packed entry holds (47 bits; the group takes the low 16).
const PACKED_MAX: i64 = (1 << 47) - 1;

/// The paying items (their group's bit set in `paying`) in partitions of `1 << shift` groups:
/// each partition's start (`parts + 1`) and its entries, in row order within a partition; one
/// count pass and one scatter, on `threads` threads. An entry is its key and, when `packed`, one
/// word of its open amount (at least 0: an item at or below zero takes nothing) times 2^16 plus
/// its group within the partition, else two words (open amount, group): `words(packed)` each.
/// Packed when every paying item's open amount is at most [`PACKED_MAX`] (2^47 − 1 minor
/// units): a third less memory written, zeroed by the system and read back.
///
/// Amounts wider than 64 bits (`T` of `i128`: decimals read in place) are checked on the count
/// pass, every row's (paying or not): `Err` with the first row whose amount does not fit.
fn items_by_partition<T: MinorUnits>(
    items: &OpenItemRows<'_, T>,
    group_of: &GroupOf,
    paying: &[u64],
    shift: u32,
    parts: usize,
    threads: usize,
) -> Result<(Vec<usize>, Vec<i64>, bool), usize> {
    let n = items.open.len();
    let check = std::mem::size_of::<T>() > std::mem::size_of::<i64>();
    let mut counts = on_shares(n, vec![(); threads], |(), rows| {
        // the last two: whether an amount passes PACKED_MAX, whether one does not fit 64 bits
        let mut c = vec![0usize; parts + 2];
        let (mut top, mut wide) = (0i64, false);
        for r in rows {
            let g = group_of.item(items, r);
            if check {
                wide |= !items.open[r].fits();
            }
            if has(paying, g) {
                c[g >> shift] += 1;
                top = top.max(items.open[r].low());
            }
        }
        c[parts] = usize::from(top > PACKED_MAX);
        c[parts + 1] = usize::from(wide);
        c
    });
    if counts.iter().any(|c| c[parts + 1] != 0) {
        return Err(items.open.iter().position(|&v| !v.fits()).unwrap_or(0));
    }
    let packed = counts.iter().all(|c| c[parts] == 0);
    let words = words(packed);
    // each thread's counts become its cursors: its rows of a partition follow the threads' before
    let mut start = vec![0usize; parts + 1];
    let mut total = 0;
    for p in 0..parts {
        start[p] = total;
        for c in &mut counts {
            let k = c[p];
            c[p] = total;
            total += k;
        }
    }
    start[parts] = total;
    let out = zeroed_atomics(words * total);
    debug_assert!(shift <= 16, "a packed entry keeps 16 bits of group");
    let low = (1usize << shift) - 1;
    on_shares(n, counts, |mut cursor, rows| {
        for r in rows {
            let g = group_of.item(items, r);
            if has(paying, g) {
                let at = words * cursor[g >> shift];
                cursor[g >> shift] += 1;
                out[at].store(key(items.due[r], r), Ordering::Relaxed);
                let open = items.open[r].low();
                if packed {
                    out[at + 1].store(open.max(0) << 16 | (g & low) as i64, Ordering::Relaxed);
                } else {
                    out[at + 1].store(open, Ordering::Relaxed);
                    out[at + 2].store(g as i64, Ordering::Relaxed);
                }
            }
        }
    });
    Ok((start, atomic_values(out), packed))
}

/// The words of an entry of [`items_by_partition`].
#[inline]
fn words(packed: bool) -> usize {
    if packed {
        2
    } else {
        3
    }
}

/// An entry's (key, open amount, group within its partition).
#[inline(always)]
fn entry<const PACKED: bool>(e: &[i64], base: usize) -> (i64, i64, usize) {
    if PACKED {
        (e[0], e[1] >> 16, (e[1] & 0xFFFF) as usize)
    } else {
        (e[0], e[1], e[2] as usize - base)
    }
}

/// A partition's entries (`words` each) sorted by group (counting sort, stable), as (key, open
/// amount), with each of its `width` groups' start in `bounds`.
fn by_group<const PACKED: bool>(
    entries: &[i64],
    base: usize,
    width: usize,
    out: &mut Vec<[i64; 2]>,
    bounds: &mut Vec<usize>,
) {
    let w = words(PACKED);
    bounds.clear();
    bounds.resize(width + 1, 0);
    for e in entries.chunks_exact(w) {
        bounds[entry::<PACKED>(e, base).2 + 1] += 1;
    }
    for g in 0..width {
        bounds[g + 1] += bounds[g];
    }
    out.clear();
    out.resize(entries.len() / w, [0; 2]);
    let mut next = bounds.clone();
    for e in entries.chunks_exact(w) {
        let (k, open, g) = entry::<PACKED>(e, base);
        let at = &mut next[g];
        out[*at] = [k, open];
        *at += 1;
    }
}

/// Scratch of [`by_group_and_day`]: counts by day, and the entries in day order.
#[derive(Default)]
struct DayScratch {
    days: Vec<usize>,
    by_day: Vec<[i64; 3]>,
}

/// As [`by_group`], each group's items oldest first already when the row breaks a tie
/// ([`Tie::Rows`]): a counting sort by due day, then one by group, both stable, so the items
/// come by (group, day, row) (a partition's entries are in row order: each thread's rows
/// ascending, the threads' shares in row order). Two passes a sort, no comparison: cheaper
/// than sorting each group. `false` (nothing done) when the partition's days span more than
/// 4 days an entry (plus 1024): a sort is cheaper then.
fn by_group_and_day<const PACKED: bool>(
    entries: &[i64],
    base: usize,
    width: usize,
    out: &mut Vec<[i64; 2]>,
    bounds: &mut Vec<usize>,
    scratch: &mut DayScratch,
) -> bool {
    let w = words(PACKED);
    let count = entries.len() / w;
    let (lo, hi) = entries.chunks_exact(w).fold((i64::MAX, i64::MIN), |(lo, hi), e| {
        let d = day_of(e[0]);
        (lo.min(d), hi.max(d))
    });
    if count > 0 && (hi - lo) as u64 > 4 * count as u64 + 1024 {
        return false;
    }
    let span = if count == 0 { 0 } else { (hi - lo) as usize + 1 };
    let DayScratch { days, by_day } = scratch;
    days.clear();
    days.resize(span + 1, 0);
    for e in entries.chunks_exact(w) {
        days[(day_of(e[0]) - lo) as usize + 1] += 1;
    }
    for d in 0..span {
        days[d + 1] += days[d];
    }
    by_day.clear();
    by_day.resize(count, [0; 3]);
    for e in entries.chunks_exact(w) {
        let (k, open, g) = entry::<PACKED>(e, base);
        let at = &mut days[(day_of(k) - lo) as usize];
        by_day[*at] = [k, open, g as i64];
        *at += 1;
    }
    bounds.clear();
    bounds.resize(width + 1, 0);
    for e in by_day.iter() {
        bounds[e[2] as usize + 1] += 1;
    }
    for g in 0..width {
        bounds[g + 1] += bounds[g];
    }
    out.clear();
    out.resize(count, [0; 2]);
    let mut next = bounds.clone();
    for e in by_day.iter() {
        let at = &mut next[e[2] as usize];
        out[*at] = [e[0], e[1]];
        *at += 1;
    }
    true
}

/// Sorts a group's items oldest first: (due day, id), the row where it breaks a tie.
fn sort_items(local: &mut [[i64; 2]], tie: &Tie, ids: &Utf8Ids<'_>) {
    match tie {
        Tie::Rows => local.sort_unstable_by_key(|e| e[0]),
        Tie::Numbers(x) => local.sort_unstable_by_key(|e| (day_of(e[0]), x[row_of(e[0])])),
        Tie::Bytes => local.sort_unstable_by(|a, b| {
            day_of(a[0]).cmp(&day_of(b[0])).then_with(|| cmp_ids(ids, row_of(a[0]), row_of(b[0]))).then(a[0].cmp(&b[0]))
        }),
    }
}

/// Allocates the receipts to the items, both sorted by group; `threads` take partitions. `Err`:
/// the first row whose open amount does not fit 64 bits (nothing allocated).
pub(super) fn allocate<T: MinorUnits>(
    items: &OpenItemRows<'_, T>,
    receipts: &ReceiptRows,
    tie: &Tie,
    threads: usize,
) -> Result<AllocatedColumns, usize> {
    let (n, m) = (items.open.len(), receipts.amount.len());
    let (group_of, groups) = GroupOf::new(items, receipts);
    let (rstart, rs) = receipts_by_group(receipts, &group_of, groups);
    let mut paying = vec![0u64; groups.div_ceil(64)];
    for g in (0..groups).filter(|&g| rstart[g + 1] > rstart[g]) {
        paying[g >> 6] |= 1 << (g & 63);
    }
    // partitions of about 8k items, each a run of 2^shift groups (cache-sized)
    let per_group = (n / groups.max(1)).max(1);
    let shift = (8192 / per_group)
        .max(1)
        .next_power_of_two()
        .trailing_zeros()
        .min(usize::BITS - 1 - groups.max(1).leading_zeros());
    let parts = groups.max(1).div_ceil(1 << shift);
    let (pstart, entries, packed) = items_by_partition(items, &group_of, &paying, shift, parts, threads)?;
    let w = words(packed);
    let applied: Vec<AtomicI64> = zeroed_atomics(n);
    let unapplied: Vec<AtomicI64> = zeroed_atomics(m);
    let next = AtomicUsize::new(0);
    let work = || {
        let (mut local, mut bounds, mut rlocal): (Vec<[i64; 2]>, Vec<usize>, Vec<[i64; 2]>) =
            (Vec::new(), Vec::new(), Vec::new());
        let mut scratch = DayScratch::default();
        loop {
            let p = next.fetch_add(1, Ordering::Relaxed);
            if p >= parts {
                break;
            }
            let base = p << shift;
            let width = (1usize << shift).min(groups - base);
            let mine = &entries[w * pstart[p]..w * pstart[p + 1]];
            // by group and day at once where the row breaks a tie, else by group, then sorted
            let sorted = matches!(tie, Tie::Rows)
                && if packed {
                    by_group_and_day::<true>(mine, base, width, &mut local, &mut bounds, &mut scratch)
                } else {
                    by_group_and_day::<false>(mine, base, width, &mut local, &mut bounds, &mut scratch)
                };
            if !sorted && packed {
                by_group::<true>(mine, base, width, &mut local, &mut bounds);
            } else if !sorted {
                by_group::<false>(mine, base, width, &mut local, &mut bounds);
            }
            for g in 0..width {
                let (r0, r1) = (rstart[base + g] as usize, rstart[base + g + 1] as usize);
                if r0 == r1 {
                    continue;
                }
                rlocal.clear();
                rlocal.extend_from_slice(&rs[r0..r1]);
                rlocal.sort_unstable_by_key(|e| e[0]); // date, then row
                let group = &mut local[bounds[g]..bounds[g + 1]];
                if !sorted {
                    sort_items(group, tie, &items.id);
                }
                apply(group, &rlocal, &applied, &unapplied);
            }
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
    Ok(AllocatedColumns { applied: atomic_values(applied), unapplied: atomic_values(unapplied) })
}

/// One group's receipts (sorted) to its items (sorted, as (key, open amount)), oldest first,
/// each item taking `min(what is open, what is left)`; an item at or below zero takes nothing.
fn apply(local: &[[i64; 2]], receipts: &[[i64; 2]], applied: &[AtomicI64], unapplied: &[AtomicI64]) {
    let Some(first) = local.first() else {
        for r in receipts {
            unapplied[row_of(r[0])].store(r[1], Ordering::Relaxed);
        }
        return;
    };
    // the item at `cursor`: what is still open of it, and what it took so far
    let (mut cursor, mut open, mut took) = (0, first[1], 0i64);
    for r in receipts {
        let mut left = r[1];
        while left > 0 {
            if open <= 0 {
                if took > 0 {
                    applied[row_of(local[cursor][0])].store(took, Ordering::Relaxed);
                    took = 0;
                }
                if cursor + 1 >= local.len() {
                    break; // every item settled
                }
                cursor += 1;
                open = local[cursor][1];
                continue;
            }
            let take = left.min(open);
            open -= take;
            left -= take;
            took += take;
        }
        unapplied[row_of(r[0])].store(left, Ordering::Relaxed);
    }
    if took > 0 {
        applied[row_of(local[cursor][0])].store(took, Ordering::Relaxed);
    }
}
