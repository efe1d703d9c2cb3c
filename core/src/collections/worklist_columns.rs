//! The worklist over columns: open and closed invoices and payments as a caller holds them
//! (string ids in the Arrow `utf8` layout, day numbers, minor units), on every core.
//!
//! Ids are keys: packed into a `u128` up to 15 bytes, interned beyond ([`super::worklist_ids`]).
//! The history is a join of the payments (paid by `as_of`) to their invoices by id,
//! radix-partitioned ([`super::worklist_join`]): the payments go to partitions by their key's
//! hash behind a filter of two bits a key; then the invoices are read once, in pieces that free
//! threads take: an overdue open invoice adds to its (customer, currency) group, and an invoice
//! the filter lets through goes, with its due day and its customer's code, to its partition.
//! Each partition is then joined in a table that fits a core's cache, into `Σ late × amount`
//! and `Σ amount` per customer. The groups of the threads are merged, scored (the product model
//! on integers, rows built for the top K only; the others in decimals) and the top K kept.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::worklist::{bucket_of, convert_floor, merge_group, rank, GroupFacts, Scoring, WorklistConfig, WorklistRow};
use super::worklist_ids::{LongIds, Names};
use super::worklist_join::{Intern, InvParts, Payments};
use super::worklist_numbered::{fast_totals as numbered_totals, guess as numbered_guess, Group, Prune, Totals};
use crate::calendar::day_number;
use crate::columnar::memory::prefetch;
use crate::columnar::pieces::{run, split, worker_threads};
use crate::columnar::{all_fit, hash, min_and_fit, prefetch_at, MinorUnits, Utf8Ids};
use crate::error::{Error, ErrorKind, Result};
use crate::money::minor_units_text;

/// Why an amount too wide for the kernel's 64-bit minor units is refused.
const OVER: &str = "does not fit 64-bit minor units";

/// Invoices for the worklist: the open ones carry currency and open amount, closed ones
/// (`currency` and `open_amount` empty) only link their payments to a customer and a due date.
/// Amounts are `i64` minor units, or `A = i128` as Arrow's `decimal128` holds them (read in
/// place; each must fit 64 bits).
#[derive(Debug, Clone, Copy)]
pub struct InvoiceColumns<'a, A: MinorUnits = i64> {
    /// Invoice ids (what payments name).
    pub invoice_id: Utf8Ids<'a>,
    /// Customer ids.
    pub customer: Utf8Ids<'a>,
    /// Due dates as day numbers.
    pub due_date: &'a [i32],
    /// Currency of each row, an index into [`WorklistColumns::currencies`] (empty for closed
    /// invoices).
    pub currency: &'a [u16],
    /// Open amounts in minor units at [`WorklistColumns::scale`] (empty for closed invoices).
    pub open_amount: &'a [A],
    /// Whether each row is disputed (`None`: none is).
    pub disputed: Option<&'a [bool]>,
}

/// Payments: the invoice each pays, its date and amount (`i64` or `i128`, as for the invoices).
#[derive(Debug, Clone, Copy)]
pub struct PaymentColumns<'a, A: MinorUnits = i64> {
    /// The id of the invoice paid (payments on ids of no invoice are left out).
    pub invoice_id: Utf8Ids<'a>,
    /// Payment dates as day numbers (payments after `as_of` are left out).
    pub paid_date: &'a [i32],
    /// Amounts in minor units (any one scale: they only weigh the late days).
    pub amount: &'a [A],
}

/// The worklist's input as columns, amounts of type `A` (`i64`, or `i128` read in place from
/// `decimal128`).
#[derive(Debug, Clone, Copy)]
pub struct WorklistColumns<'a, A: MinorUnits = i64> {
    /// Open invoices.
    pub open: InvoiceColumns<'a, A>,
    /// Closed invoices (history only), if any.
    pub closed: Option<InvoiceColumns<'a, A>>,
    /// Payments on open and closed invoices.
    pub payments: PaymentColumns<'a, A>,
    /// Currency codes the `currency` columns index.
    pub currencies: &'a [&'a str],
    /// Decimals of the open amounts' minor units (2: cents).
    pub scale: u32,
}

fn bad(field: String, value: impl ToString, why: &str) -> Error {
    Error::new(ErrorKind::InvalidRequest, field, value.to_string(), why)
}

fn check_len(field: &str, got: usize, want: usize) -> Result<()> {
    if got != want {
        return Err(bad(field.to_string(), got, &format!("{want} rows expected (one per invoice)")));
    }
    Ok(())
}

/// The checks of one invoices table, in order, but for the customer ids' bytes ([`check_text`]):
/// with `currencies` for the open one (its currency indices, then its amounts fit 64 bits; such
/// an amount is shown at `scale` decimals with its currency).
fn check_invoices<A: MinorUnits>(
    name: &str,
    inv: &InvoiceColumns<'_, A>,
    currencies: Option<&[&str]>,
    scale: u32,
    threads: usize,
) -> Result<()> {
    let n = inv.invoice_id.len();
    check_len(&format!("{name}.customer"), inv.customer.len(), n)?;
    check_len(&format!("{name}.due_date"), inv.due_date.len(), n)?;
    if let Some(currencies) = currencies {
        check_len(&format!("{name}.currency"), inv.currency.len(), n)?;
        check_len(&format!("{name}.open_amount"), inv.open_amount.len(), n)?;
        // the largest index first (a vector loop on every core), the row only when one is out
        // of range
        let out = |&c: &u16| usize::from(c) >= currencies.len();
        let most = fold_pieces(inv.currency, threads, 0, |x| x.iter().copied().max().unwrap_or(0), u16::max);
        if let Some(i) = Some(most).filter(|c| out(c)).and_then(|_| inv.currency.iter().position(out)) {
            return Err(bad(format!("{name}[{i}].currency"), inv.currency[i], "not an index into currencies"));
        }
        // (no pass over i64 amounts: they fit)
        if A::WIDE && !fold_pieces(inv.open_amount, threads, true, all_fit, |a, b| a & b) {
            let i = inv.open_amount.iter().position(|a| !a.fits()).unwrap_or(0);
            let code = currencies[usize::from(inv.currency[i])];
            return Err(Error::new(
                ErrorKind::Overflow,
                format!("{name}[{i}].open_amount"),
                minor_units_text(inv.open_amount[i].into(), scale),
                format!("{OVER} of {code}"),
            ));
        }
    }
    if let Some(d) = inv.disputed {
        check_len(&format!("{name}.disputed"), d.len(), n)?;
    }
    for (col, ids) in [("invoice_id", &inv.invoice_id), ("customer", &inv.customer)] {
        if let Some(i) = ids.first_null() {
            return Err(bad(format!("{name}[{i}].{col}"), "null", "every row needs an id"));
        }
    }
    Ok(())
}

/// `piece` of each piece of `v`, the pieces taken by free threads ([`run`]), combined by
/// `join` (a min or a max: the result does not depend on how `v` is cut), `none` when `v` is empty.
fn fold_pieces<T: Sync, A: Send + Sync + Copy>(
    v: &[T],
    threads: usize,
    none: A,
    piece: impl Fn(&[T]) -> A + Sync,
    join: impl Fn(A, A) -> A + Sync,
) -> A {
    let parts = run(&split([v.len()]), worker_threads(threads, v.len()), |claim| {
        Ok::<A, ()>(claim.fold(none, |acc, p| join(acc, piece(&v[p.start..p.end]))))
    });
    parts.into_iter().flatten().fold(none, &join)
}

/// The last check of an invoices table: its customer ids are UTF-8.
fn check_text<A: MinorUnits>(name: &str, inv: &InvoiceColumns<'_, A>) -> Result<()> {
    if let Some(b) = inv.customer.first_bad(None) {
        // (the value shown with U+FFFD for the bytes that are not UTF-8)
        let shown = String::from_utf8_lossy(inv.customer.get(b.row()));
        return Err(bad(format!("{name}[{}].customer", b.row()), shown, "a customer id is UTF-8 text"));
    }
    Ok(())
}

/// The checks of the columns in order, and the rates of the currencies. With `defer`, the
/// customer ids' bytes ([`check_text`]) are left to the caller (`pending`): a numbered fast
/// path that reads every customer id as a number of a UTF-8 numbering needs no look at them.
/// A later check's error is returned only once the deferred checks before it pass, so the
/// first error is the same either way.
fn checks<'c, 'a, A: MinorUnits>(
    cols: &'c WorklistColumns<'a, A>,
    config: &WorklistConfig,
    defer: bool,
    pending: &mut Vec<(&'static str, &'c InvoiceColumns<'a, A>)>,
    threads: usize,
) -> Result<Vec<Decimal>> {
    let tables = std::iter::once(("open", &cols.open, true)).chain(cols.closed.as_ref().map(|c| ("closed", c, false)));
    let later = |pending: &[(&str, &InvoiceColumns<'_, A>)], e: Error| -> Error {
        pending.iter().find_map(|(name, inv)| check_text(name, inv).err()).unwrap_or(e)
    };
    for (name, inv, open) in tables {
        let currencies = open.then_some(cols.currencies);
        check_invoices(name, inv, currencies, cols.scale, threads).map_err(|e| later(pending, e))?;
        if defer {
            pending.push((name, inv));
        } else {
            check_text(name, inv)?;
        }
    }
    let p = &cols.payments;
    let rates = (|| {
        check_len("payments.paid_date", p.paid_date.len(), p.invoice_id.len())?;
        check_len("payments.amount", p.amount.len(), p.invoice_id.len())?;
        if let Some(j) = p.invoice_id.first_null() {
            return Err(bad(format!("payments[{j}].invoice_id"), "null", "every row needs an id"));
        }
        // (one vectorised pass on every core, which also finds an i128 amount too wide for 64
        // bits: the position is only looked for when some amount is too wide or not positive)
        let join = |(m, ok): (i64, bool), (n, fit): (i64, bool)| (m.min(n), ok & fit);
        let (least, fit) = fold_pieces(p.amount, threads, (i64::MAX, true), min_and_fit, join);
        if !fit {
            let j = p.amount.iter().position(|a| !a.fits()).unwrap_or(0);
            let v: i128 = p.amount[j].into();
            return Err(Error::new(ErrorKind::Overflow, format!("payments[{j}].amount"), v.to_string(), OVER));
        }
        if least <= 0 {
            let j = p.amount.iter().position(|a| a.low() <= 0).unwrap_or(0);
            let why = "a payment is positive (a refund or reversal is not history)";
            return Err(bad(format!("payments[{j}].amount"), p.amount[j].low(), why));
        }
        cols.currencies.iter().enumerate().map(|(k, c)| config.rate(c, &format!("currencies[{k}]"))).collect()
    })();
    rates.map_err(|e| later(pending, e))
}

/// The worklist of [`super::worklist()`] over columns, on `threads` threads (0: all cores from
/// 50k rows on). Invoice ids match as bytes, of any length (up to 15 bytes they are packed
/// into integers, longer ones are interned first); a payment on an id of no invoice is left out.
///
/// Memory: when the invoice ids are numbered (`INV-000000042`-style, dense), the fast path joins
/// payments through a table of 4 bytes per invoice number in the ids' range, and keeps that table
/// for the next call (one per process, at most 256 MiB; a larger one is freed), so repeated
/// calls do not pay for fresh pages again. No other call keeps memory between calls.
///
/// ```
/// use arrears::collections::{worklist_columns, InvoiceColumns, PaymentColumns, WorklistColumns, WorklistConfig};
/// use arrears::columnar::Utf8Ids;
/// let as_of = arrears::parse_date("as_of", "2025-06-30")?;
/// let a = arrears::aging::day_number(as_of);
/// let ids = |off: &'static [i32], data: &'static [u8]| Utf8Ids::try_new(off, data, None, off.len() - 1).unwrap();
/// let open = InvoiceColumns {
///     invoice_id: ids(&[0, 2, 4], b"I1I2"), customer: ids(&[0, 1, 2], b"AB"),
///     due_date: &[a - 10, a - 40], currency: &[0, 0], open_amount: &[10000_i64, 5000], disputed: None };
/// let payments = PaymentColumns { invoice_id: ids(&[0, 2], b"I2"), paid_date: &[a - 5], amount: &[100_i64] };
/// let cols = WorklistColumns { open, closed: None, payments, currencies: &["EUR"], scale: 2 };
/// let rows = worklist_columns(&cols, &WorklistConfig::bench(as_of, 10), 1)?;
/// // A: 10000 × (30 + 10) × 30; B: 5000 × (30 + 40) × (30 + 35)
/// assert_eq!(rows.iter().map(|r| (r.customer.as_str(), r.score.to_string())).collect::<Vec<_>>(),
///            [("B", "22750000".to_string()), ("A", "12000000".to_string())]);
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// The configuration's ([`WorklistConfig::validate`]); [`ErrorKind::InvalidRequest`] for
/// columns of different lengths, null ids, a customer id that is not UTF-8, a currency index
/// out of range, a currency without a rate or a payment amount that is not positive
/// (`payments[4].amount`, in minor units); [`ErrorKind::Overflow`] for a score out of range,
/// or an `i128` amount that does not fit 64 bits (`open[3].open_amount`, shown at `scale`
/// decimals with its currency; `payments[4].amount`, in minor units).
pub fn worklist_columns<A: MinorUnits>(
    cols: &WorklistColumns<'_, A>,
    config: &WorklistConfig,
    threads: usize,
) -> Result<Vec<WorklistRow>> {
    worklist_columns_with(cols, config, threads, true)
}

/// [`worklist_columns`], with the numbered fast path ([`super::worklist_numbered`]) allowed or
/// not (the tests compare both paths).
pub(super) fn worklist_columns_with<A: MinorUnits>(
    cols: &WorklistColumns<'_, A>,
    config: &WorklistConfig,
    threads: usize,
    fast: bool,
) -> Result<Vec<WorklistRow>> {
    config.validate()?;
    // a guess from some rows: the fast path may apply (the fill then reads every id)
    let guess = if fast && matches!(config.scoring, Scoring::Product(_)) { numbered_guess(cols) } else { None };
    let mut pending = Vec::new();
    let rates = checks(cols, config, guess.is_some(), &mut pending, threads)?;
    let bounds: Vec<i32> = match &config.scoring {
        Scoring::Points(w) => w.bucket_bounds.clone(),
        Scoring::Product(_) => Vec::new(),
    };
    let nb = if matches!(config.scoring, Scoring::Points(_)) { bounds.len() + 1 } else { 0 };
    let as_of = day_number(config.as_of);
    let prune = |groups: &[Group]| reachable(groups, cols, config, &rates, threads);
    let prune: Option<&Prune<'_>> = ranked_on_integers(config, cols).map(|_| &prune as &Prune<'_>);
    let fast = guess.and_then(|g| numbered_totals(g, cols, as_of, config.include_disputed, threads, prune));
    // every customer id a number of a UTF-8 numbering: its bytes need no look
    if !fast.as_ref().is_some_and(|t| t.customers.is_utf8()) {
        for (name, inv) in pending {
            check_text(name, inv)?;
        }
    }
    super::column_checks::currencies_and_decimals(cols)?;
    let (groups, hist, customers, only) = match fast {
        Some(t) => fast_tables(t, cols, config, &rates),
        None => {
            let (groups, hist, customers) = general(cols, as_of, &bounds, nb, config.include_disputed, threads)?;
            let only = top_candidates(&groups, &hist, cols, config, &rates, &customers);
            (groups, hist, customers, only)
        }
    };
    facts_and_rank(&groups, &hist, cols, config, &rates, only, &customers)
}

/// The fast path's totals as the ranking reads them: groups keyed by the customer's number,
/// and the groups of the top K when [`top_candidates`] finds them (then only those become
/// records: the ranking reads no other).
fn fast_tables<A: MinorUnits>(
    t: Totals,
    cols: &WorklistColumns<'_, A>,
    config: &WorklistConfig,
    rates: &[Decimal],
) -> (Agg, Hist, Names<'static>, Option<Vec<usize>>) {
    let hist = Hist::Flat { sums: t.hist, min: t.cmin };
    let customers = Names::Numbered(t.customers);
    let only = top_candidates(&t.groups[..], &hist, cols, config, rates, &customers);
    // (groups left out by the prune can only be ranked out: see `reachable`)
    debug_assert!(!t.pruned || only.is_some(), "a pruned ranking ranks on integers");
    let kept: Box<dyn Iterator<Item = &Group>> = match &only {
        Some(top) => Box::new(top.iter().map(|&g| &t.groups[g])),
        None => Box::new(t.groups.iter()),
    };
    let mut recs = Vec::with_capacity(only.as_ref().map_or(t.groups.len(), Vec::len) * 6);
    for g in kept {
        recs.extend([g.customer, u64::from(g.currency)].map(i128::from));
        recs.extend([g.overdue, g.n, i64::from(g.max_dpd), g.disputed].map(i128::from));
    }
    let groups = Agg::records(4, recs);
    let only = only.map(|top| (0..top.len()).collect());
    (groups, hist, customers, only)
}

/// The general path: ids packed or interned, the history joined by hash partitions.
fn general<'a, A: MinorUnits>(
    cols: &WorklistColumns<'a, A>,
    as_of: i32,
    bounds: &[i32],
    nb: usize,
    include_disputed: bool,
    threads: usize,
) -> Result<(Agg, Hist, Names<'a>)> {
    let p = &cols.payments;
    // ids over 15 bytes: the payments' invoice ids and every customer id interned
    let mut invoice_ids = LongIds::default();
    invoice_ids.add(&p.invoice_id);
    let mut customers = LongIds::default();
    customers.add(&cols.open.customer);
    if let Some(c) = &cols.closed {
        customers.add(&c.customer);
    }
    let pay_key = |j: usize| invoice_ids.key(&p.invoice_id, j).unwrap_or(0);
    let payments = Payments::build(pay_key, p.paid_date, p.amount, as_of, threads);
    let sources: Vec<&InvoiceColumns<'_, A>> = std::iter::once(&cols.open).chain(cols.closed.as_ref()).collect();
    let pieces = split(sources.iter().map(|s| s.invoice_id.len()));
    let total: usize = sources.iter().map(|s| s.invoice_id.len()).sum();
    let scan = Scan {
        payments: &payments,
        invoice_ids: &invoice_ids,
        customers: &customers,
        as_of,
        bounds,
        nb,
        include_disputed,
    };
    let workers = worker_threads(threads, total);
    let results = run(&pieces, workers, |claim| {
        let mut t = Tables::new(nb, payments.invoice_parts(workers));
        for piece in claim {
            scan.piece(sources[piece.source], piece.source == 0, piece.start, piece.end, &mut t)?;
        }
        Ok::<Tables, Error>(t)
    });
    let mut tables = Vec::with_capacity(results.len());
    for r in results {
        tables.push(r?);
    }
    // the history: each thread's invoices joined to the payments, summed per customer
    let mut parts = Vec::with_capacity(tables.len());
    let mut codes = Vec::with_capacity(tables.len());
    for t in &mut tables {
        parts.push(std::mem::take(&mut t.parts));
        codes.push(t.intern.keys.len());
    }
    let sums = payments.join(&parts, &codes, threads);
    drop(parts);
    drop(payments);
    let mut hist = Agg::new(2);
    for (t, sums) in tables.iter().zip(&sums) {
        for (&key, s) in t.intern.keys.iter().zip(sums) {
            if s[1] != 0 || s[0] != 0 {
                let cell = hist.slot(key, 0);
                cell[0] += s[0];
                cell[1] += s[1];
            }
        }
    }
    let mut all = tables.into_iter();
    let mut groups = match all.next() {
        Some(t) => t.groups,
        None => Agg::new(4 + nb),
    };
    for t in all {
        merge_groups(&mut groups, t.groups);
    }
    Ok((groups, Hist::Agg(hist), Names::Ids(customers)))
}

/// The payments' sums per customer: `Σ late × amount` and `Σ amount`, in a table keyed by
/// the customer's key (general path), or by its number − `min` (fast path).
enum Hist {
    Agg(Agg),
    Flat { sums: Vec<[i64; 2]>, min: u64 },
}

/// The average days late of customer `cust` (0 without payments).
fn avg_late(hist: &Hist, cust: u128) -> i64 {
    match hist {
        Hist::Agg(hist) => match hist.get(cust, 0) {
            Some(h) if h[1] > 0 => (h[0].div_euclid(h[1])).min(i128::from(i64::MAX)) as i64,
            _ => 0,
        },
        Hist::Flat { sums, min } => match sums.get((cust as u64).wrapping_sub(*min) as usize) {
            Some(h) if h[1] > 0 => h[0].div_euclid(h[1]),
            _ => 0,
        },
    }
}

#[path = "worklist_top.rs"]
mod top;
use top::{ranked_on_integers, reachable, top_candidates};

/// Scores the merged groups (sorted by customer, then currency code) and keeps the top K.
fn facts_and_rank<A: MinorUnits>(
    groups: &Agg,
    hist: &Hist,
    cols: &WorklistColumns<'_, A>,
    config: &WorklistConfig,
    rates: &[Decimal],
    only: Option<Vec<usize>>,
    customers: &Names<'_>,
) -> Result<Vec<WorklistRow>> {
    let rep_scale = config.reporting_scale();
    let code = |c: u32| cols.currencies[c as usize];
    let mut order: Vec<usize> = only.unwrap_or_else(|| (0..groups.groups).collect());
    order.sort_unstable_by(|&a, &b| {
        let (ka, kb) = (groups.key(a), groups.key(b));
        customers.cmp(ka.0, kb.0).then_with(|| code(ka.1).cmp(code(kb.1)))
    });
    let scale_dec = |v: i128| Decimal::try_from_i128_with_scale(v, cols.scale).map_err(|_| overflow_err("overdue"));
    let mut keys: Vec<(String, String)> = Vec::new();
    let mut packed: Vec<(u128, u32)> = Vec::new();
    let mut facts: Vec<GroupFacts> = Vec::with_capacity(order.len());
    let by_pair = config.by == super::Grouping::CustomerCurrency;
    for g in order {
        let (cust, cur) = groups.key(g);
        let v = groups.vals(g);
        let (overdue, n, max_dpd, disputed) = (v[0], v[1] as u64, v[2] as i32, v[3]);
        if n == 0 && by_pair {
            continue; // only disputed items: not on the list (a customer's row still reports them)
        }
        let rate = rates[cur as usize];
        let avg_late = avg_late(hist, cust);
        let base = convert_floor(overdue, cols.scale, rate, rep_scale).ok_or_else(|| overflow_err("base"))?;
        let buckets = v[4..]
            .iter()
            .map(|&b| scale_dec(b)?.checked_mul(rate).ok_or_else(|| overflow_err("buckets")))
            .collect::<Result<_>>()?;
        let name = || customers.text(cust);
        let risk_points = if config.risk_points.is_empty() {
            Decimal::ZERO
        } else {
            config.risk_points.get(&name()).copied().unwrap_or_default()
        };
        let f = GroupFacts {
            overdue: scale_dec(overdue)?,
            n_overdue: n,
            max_dpd,
            base,
            buckets,
            // none disputed: `0`, as the object API sums it (from zero, not at the amounts' scale)
            disputed: if disputed == 0 { Decimal::ZERO } else { scale_dec(disputed)? },
            avg_late,
            risk_points,
        };
        if by_pair {
            // names are made for the rows kept only
            packed.push((cust, cur));
            facts.push(f);
        } else {
            merge_group(&mut keys, &mut facts, (name(), code(cur).to_string()), f, config, rate)?;
        }
    }
    if by_pair {
        let tie = |a: usize, b: usize| -> Ordering {
            let (x, y) = (packed[a], packed[b]);
            customers.cmp(x.0, y.0).then_with(|| code(x.1).cmp(code(y.1)))
        };
        let key = |i: usize| (customers.text(packed[i].0), code(packed[i].1).to_string());
        rank(&facts, config, &config.scoring, tie, key)
    } else {
        let kept: Vec<usize> = (0..facts.len()).filter(|&i| facts[i].n_overdue > 0).collect();
        let facts: Vec<GroupFacts> = kept.iter().map(|&i| facts[i].clone()).collect();
        rank(&facts, config, &config.scoring, |a, b| keys[kept[a]].cmp(&keys[kept[b]]), |i| keys[kept[i]].clone())
    }
}

fn overflow_err(what: &str) -> Error {
    Error::new(ErrorKind::Overflow, "open.open_amount", what, "a sum leaves the decimal range")
}

/// What a thread keeps: groups keyed by (customer, currency index): overdue, count, max days
/// past due, disputed, buckets; the codes of the customers of its invoices the filter let
/// through, and those invoices in their partitions.
struct Tables {
    groups: Agg,
    intern: Intern,
    parts: InvParts,
}

impl Tables {
    fn new(nb: usize, parts: InvParts) -> Tables {
        Tables { groups: Agg::new(4 + nb), intern: Intern::new(), parts }
    }
}

/// Adds the groups of `other` into `into`.
fn merge_groups(into: &mut Agg, other: Agg) {
    for g in 0..other.groups {
        let (k, c) = other.key(g);
        let v = other.vals(g);
        let w = into.slot(k, c);
        w[0] += v[0];
        w[1] += v[1];
        w[2] = w[2].max(v[2]);
        for j in 3..v.len() {
            w[j] += v[j];
        }
    }
}

/// Sums of `width` cells per (packed id, code): records of `[id, code, cells...]` one after
/// another (the id beside its cells: one miss, not two), found through an open-addressing index
/// of `tag << 32 | record + 1` words.
struct Agg {
    index: Vec<u64>,
    mask: usize,
    recs: Vec<i128>,
    groups: usize,
    width: usize,
}

impl Agg {
    fn new(width: usize) -> Agg {
        Agg { index: vec![0; 1024], mask: 1023, recs: Vec::new(), groups: 0, width }
    }

    /// Records `[id, code, cells...]` as a list with no index: read by [`Agg::key`] and
    /// [`Agg::vals`] only (never looked up).
    fn records(width: usize, recs: Vec<i128>) -> Agg {
        let groups = recs.len() / (width + 2);
        Agg { index: Vec::new(), mask: 0, recs, groups, width }
    }

    #[inline]
    fn prefetch(&self, h: u64) {
        prefetch(self.index.as_ptr() as usize + (h as usize & self.mask) * 8);
    }

    /// Asks for the record the index names first for hash `h` (a guess: the id is not
    /// compared), once its index line has come.
    #[inline]
    fn prefetch_record(&self, h: u64) {
        let mut s = h as usize & self.mask;
        loop {
            let e = self.index[s];
            if e == 0 {
                return;
            }
            if e >> 32 == h >> 32 {
                let g = (e as u32 - 1) as usize;
                prefetch_at(&self.recs, g * (self.width + 2));
                return;
            }
            s = (s + 1) & self.mask;
        }
    }

    #[inline]
    fn key(&self, g: usize) -> (u128, u32) {
        let r = g * (self.width + 2);
        (self.recs[r] as u128, self.recs[r + 1] as u32)
    }

    #[inline]
    fn vals(&self, g: usize) -> &[i128] {
        let r = g * (self.width + 2) + 2;
        &self.recs[r..r + self.width]
    }

    fn get(&self, key: u128, cur: u32) -> Option<&[i128]> {
        let h = hash(key, cur);
        let mut s = h as usize & self.mask;
        loop {
            let e = self.index[s];
            if e == 0 {
                return None;
            }
            let g = (e as u32 - 1) as usize;
            if e >> 32 == h >> 32 && self.key(g) == (key, cur) {
                return Some(self.vals(g));
            }
            s = (s + 1) & self.mask;
        }
    }

    #[inline]
    fn slot(&mut self, key: u128, cur: u32) -> &mut [i128] {
        let h = hash(key, cur);
        let mut s = h as usize & self.mask;
        let g = loop {
            let e = self.index[s];
            if e == 0 {
                let g = self.groups;
                self.recs.push(key as i128);
                self.recs.push(i128::from(cur));
                self.recs.extend(std::iter::repeat_n(0, self.width));
                self.groups += 1;
                self.index[s] = (h >> 32) << 32 | (g as u64 + 1);
                if self.groups * 10 > self.index.len() * 7 {
                    self.grow();
                }
                break g;
            }
            let g = (e as u32 - 1) as usize;
            if e >> 32 == h >> 32 && self.key(g) == (key, cur) {
                break g;
            }
            s = (s + 1) & self.mask;
        };
        let r = g * (self.width + 2) + 2;
        &mut self.recs[r..r + self.width]
    }

    fn grow(&mut self) {
        let slots = self.index.len() * 2;
        let mask = slots - 1;
        let mut index = vec![0u64; slots];
        for g in 0..self.groups {
            let (k, c) = self.key(g);
            let h = hash(k, c);
            let mut s = h as usize & mask;
            while index[s] != 0 {
                s = (s + 1) & mask;
            }
            index[s] = (h >> 32) << 32 | (g as u64 + 1);
        }
        self.index = index;
        self.mask = mask;
    }
}

/// One thread's pass over pieces of invoices.
struct Scan<'a> {
    payments: &'a Payments,
    invoice_ids: &'a LongIds<'a>,
    customers: &'a LongIds<'a>,
    as_of: i32,
    bounds: &'a [i32],
    nb: usize,
    include_disputed: bool,
}

impl Scan<'_> {
    /// Rows `start..end` of `inv`: overdue open rows into their groups, the rows some payment
    /// may name (with their customers' codes) into their partitions.
    fn piece<A: MinorUnits>(
        &self,
        inv: &InvoiceColumns<'_, A>,
        open: bool,
        start: usize,
        end: usize,
        t: &mut Tables,
    ) -> Result<()> {
        const BLOCK: usize = 64;
        let pay = self.payments;
        let (mut keys, mut hashes, mut at) = ([0u128; BLOCK], [0u64; BLOCK], [0usize; BLOCK]);
        let (mut ckeys, mut chashes) = ([0u128; BLOCK], [0u64; BLOCK]);
        let (mut gkeys, mut gcur, mut ghash, mut gat) = ([0u128; BLOCK], [0u32; BLOCK], [0u64; BLOCK], [0usize; BLOCK]);
        let mut a = start;
        while a < end {
            let b = (a + BLOCK).min(end);
            // stage 1: the overdue open rows ask for their group's index line; each invoice id
            // is hashed and asks for its filter word
            let mut overdue = 0;
            if open {
                for i in a..b {
                    if inv.open_amount[i].low() <= 0 || inv.due_date[i] >= self.as_of {
                        continue;
                    }
                    let cust = self.customer(inv, i)?;
                    let cur = u32::from(inv.currency[i]);
                    let h = hash(cust, cur);
                    t.groups.prefetch(h);
                    (gkeys[overdue], gcur[overdue], ghash[overdue], gat[overdue]) = (cust, cur, h, i);
                    overdue += 1;
                }
            }
            let mut hashed = 0;
            for i in a..b {
                let Some(k) = self.invoice_ids.key(&inv.invoice_id, i) else {
                    continue; // a long id no payment names
                };
                let h = hash(k, 0);
                pay.prefetch(h);
                (keys[hashed], hashes[hashed], at[hashed]) = (k, h, i);
                hashed += 1;
            }
            // stage 2: the rows the filter lets through ask for their customer's code
            let mut through = 0;
            for x in 0..hashed {
                if !pay.may_have(hashes[x]) {
                    continue;
                }
                let c = self.customer(inv, at[x])?;
                let ch = hash(c, 0);
                t.intern.prefetch(ch);
                (keys[through], hashes[through], at[through], ckeys[through], chashes[through]) =
                    (keys[x], hashes[x], at[x], c, ch);
                through += 1;
            }
            for &h in &ghash[..overdue] {
                t.groups.prefetch_record(h);
            }
            for &h in &chashes[..through] {
                t.intern.prefetch_key(h);
            }
            // stage 3: the overdue rows into their groups
            for x in 0..overdue {
                let i = gat[x];
                let (dpd, amt) = (self.as_of - inv.due_date[i], i128::from(inv.open_amount[i].low()));
                let cell = t.groups.slot(gkeys[x], gcur[x]);
                if !self.include_disputed && inv.disputed.is_some_and(|d| d[i]) {
                    cell[3] += amt;
                    continue;
                }
                cell[0] += amt;
                cell[1] += 1;
                cell[2] = cell[2].max(i128::from(dpd));
                if self.nb > 0 {
                    cell[4 + bucket_of(self.bounds, dpd)] += amt;
                }
            }
            // stage 4: the rows let through into their partitions
            for x in 0..through {
                let code = t.intern.code(ckeys[x], chashes[x]);
                pay.push(&mut t.parts, keys[x], hashes[x], inv.due_date[at[x]], code);
            }
            a = b;
        }
        Ok(())
    }

    #[inline]
    fn customer<A: MinorUnits>(&self, inv: &InvoiceColumns<'_, A>, i: usize) -> Result<u128> {
        self.customers.key(&inv.customer, i).ok_or_else(|| {
            let id = String::from_utf8_lossy(inv.customer.get(i)).into_owned();
            bad(format!("customer[{i}]"), id, "a customer id the kernel did not intern")
        })
    }
}
