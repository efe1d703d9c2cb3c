//! The worklist over columns: open and closed invoices and payments as a caller holds them
//! (string ids in the Arrow `utf8` layout, day numbers, minor units), on every core.
//!
//! The payments (paid by `as_of`) are indexed by their invoices' packed ids, behind a filter of
//! two bits a key; then the invoices are read once, in pieces that free threads take: each
//! invoice's id is hashed and checked against the filter (most open invoices have no payment
//! and stop there), its payments give the customer's history (`late × amount`, `amount`), and
//! an open invoice overdue adds to its (customer, currency) group. Each thread sums into its own
//! tables keyed by packed ids; the tables are merged, the groups scored and the top K kept.
//! Building on the invoices' side would insert every invoice (open and closed) into the index;
//! building on the payments' side inserts fewer keys and reads the invoices as a stream.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::worklist::{bucket_of, convert_floor, merge_group, rank, GroupFacts, Scoring, WorklistConfig, WorklistRow};
use crate::calendar::day_number;
use crate::columnar::memory::{prefetch, zeroed_words, AHEAD};
use crate::columnar::pieces::{run, split, worker_threads};
use crate::columnar::{hash, unpack_key, Utf8Ids};
use crate::error::{Error, ErrorKind, Result};

/// Invoices for the worklist: the open ones carry currency and open amount, closed ones
/// (`currency` and `open_amount` empty) only link their payments to a customer and a due date.
#[derive(Debug, Clone, Copy)]
pub struct InvoiceColumns<'a> {
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
    pub open_amount: &'a [i64],
    /// Whether each row is disputed (`None`: none is).
    pub disputed: Option<&'a [bool]>,
}

/// Payments: the invoice each pays, its date and amount.
#[derive(Debug, Clone, Copy)]
pub struct PaymentColumns<'a> {
    /// The id of the invoice paid (payments on ids of no invoice are left out).
    pub invoice_id: Utf8Ids<'a>,
    /// Payment dates as day numbers (payments after `as_of` are left out).
    pub paid_date: &'a [i32],
    /// Amounts in minor units (any one scale: they only weigh the late days).
    pub amount: &'a [i64],
}

/// The worklist's input as columns.
#[derive(Debug, Clone, Copy)]
pub struct WorklistColumns<'a> {
    /// Open invoices.
    pub open: InvoiceColumns<'a>,
    /// Closed invoices (history only), if any.
    pub closed: Option<InvoiceColumns<'a>>,
    /// Payments on open and closed invoices.
    pub payments: PaymentColumns<'a>,
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

fn check_invoices(name: &str, inv: &InvoiceColumns<'_>, open: bool, currencies: usize) -> Result<()> {
    let n = inv.invoice_id.len();
    check_len(&format!("{name}.customer"), inv.customer.len(), n)?;
    check_len(&format!("{name}.due_date"), inv.due_date.len(), n)?;
    if open {
        check_len(&format!("{name}.currency"), inv.currency.len(), n)?;
        check_len(&format!("{name}.open_amount"), inv.open_amount.len(), n)?;
        if let Some(i) = inv.currency.iter().position(|&c| usize::from(c) >= currencies) {
            return Err(bad(format!("{name}.currency[{i}]"), inv.currency[i], "not an index into currencies"));
        }
    }
    if let Some(d) = inv.disputed {
        check_len(&format!("{name}.disputed"), d.len(), n)?;
    }
    for (col, ids) in [("invoice_id", &inv.invoice_id), ("customer", &inv.customer)] {
        if let Some(i) = ids.first_null() {
            return Err(bad(format!("{name}.{col}[{i}]"), "null", "every row needs an id"));
        }
    }
    if let Some(b) = inv.customer.first_bad(None) {
        return Err(bad(format!("{name}.customer[{}]", b.row()), "(bytes)", "a customer id is UTF-8 text"));
    }
    Ok(())
}

/// The worklist of [`super::worklist`] over columns, on `threads` threads (0: all cores from
/// 50k rows on). Invoice ids match as bytes; a payment on an id of no invoice is left out.
///
/// ```
/// use arrears::collections::{worklist_columns, InvoiceColumns, PaymentColumns, WorklistColumns, WorklistConfig};
/// use arrears::columnar::Utf8Ids;
/// let as_of = arrears::parse_date("as_of", "2025-06-30")?;
/// let a = arrears::aging::day_number(as_of);
/// let ids = |off: &'static [i32], data: &'static [u8]| Utf8Ids::try_new(off, data, None, off.len() - 1).unwrap();
/// let open = InvoiceColumns {
///     invoice_id: ids(&[0, 2, 4], b"I1I2"), customer: ids(&[0, 1, 2], b"AB"),
///     due_date: &[a - 10, a - 40], currency: &[0, 0], open_amount: &[10000, 5000], disputed: None };
/// let payments = PaymentColumns { invoice_id: ids(&[0, 2], b"I2"), paid_date: &[a - 5], amount: &[100] };
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
/// out of range or a currency without a rate; [`ErrorKind::Overflow`] for a score out of range.
pub fn worklist_columns(
    cols: &WorklistColumns<'_>,
    config: &WorklistConfig,
    threads: usize,
) -> Result<Vec<WorklistRow>> {
    config.validate()?;
    check_invoices("open", &cols.open, true, cols.currencies.len())?;
    if let Some(c) = &cols.closed {
        check_invoices("closed", c, false, 0)?;
    }
    let p = &cols.payments;
    check_len("payments.paid_date", p.paid_date.len(), p.invoice_id.len())?;
    check_len("payments.amount", p.amount.len(), p.invoice_id.len())?;
    if let Some(j) = p.invoice_id.first_null() {
        return Err(bad(format!("payments.invoice_id[{j}]"), "null", "every row needs an id"));
    }
    let rates: Vec<Decimal> = cols
        .currencies
        .iter()
        .enumerate()
        .map(|(k, c)| config.rate(c, &format!("currencies[{k}]")))
        .collect::<Result<_>>()?;
    let bounds: Vec<i32> = match &config.scoring {
        Scoring::Points(w) => w.bucket_bounds.clone(),
        Scoring::Product(_) => Vec::new(),
    };
    let nb = if matches!(config.scoring, Scoring::Points(_)) { bounds.len() + 1 } else { 0 };
    let as_of = day_number(config.as_of);
    let Some(index) = PayIndex::build(p, as_of, threads) else {
        return Err(bad("payments.invoice_id".into(), "(longer than 15 bytes)", "invoice ids of up to 15 bytes"));
    };
    let sources: Vec<&InvoiceColumns<'_>> = std::iter::once(&cols.open).chain(cols.closed.as_ref()).collect();
    let pieces = split(sources.iter().map(|s| s.invoice_id.len()));
    let total: usize = sources.iter().map(|s| s.invoice_id.len()).sum();
    let scan = Scan { index: &index, as_of, bounds: &bounds, nb, include_disputed: config.include_disputed };
    let results = run(&pieces, worker_threads(threads, total), |claim| {
        let mut t = Tables::new(nb);
        for piece in claim {
            scan.piece(sources[piece.source], piece.source == 0, piece.start, piece.end, &mut t)?;
        }
        Ok::<Tables, Error>(t)
    });
    let mut all = results.into_iter();
    let mut t = match all.next() {
        Some(r) => r?,
        None => Tables::new(nb),
    };
    for r in all {
        t.merge(r?);
    }
    facts_and_rank(t, cols, config, &rates)
}

/// Scores the merged groups (sorted by customer, then currency code) and keeps the top K.
fn facts_and_rank(
    t: Tables,
    cols: &WorklistColumns<'_>,
    config: &WorklistConfig,
    rates: &[Decimal],
) -> Result<Vec<WorklistRow>> {
    let rep_scale = config.reporting_scale();
    let code = |c: u32| cols.currencies[c as usize];
    let mut order: Vec<usize> = (0..t.groups.keys.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        let (ka, kb) = (t.groups.keys[a], t.groups.keys[b]);
        ka.0.cmp(&kb.0).then_with(|| code(ka.1).cmp(code(kb.1)))
    });
    let scale_dec = |v: i128| Decimal::try_from_i128_with_scale(v, cols.scale).map_err(|_| overflow_err("overdue"));
    let mut keys: Vec<(String, String)> = Vec::new();
    let mut packed: Vec<(u128, u32)> = Vec::new();
    let mut facts: Vec<GroupFacts> = Vec::with_capacity(order.len());
    let by_pair = config.by == super::Grouping::CustomerCurrency;
    for g in order {
        let (cust, cur) = t.groups.keys[g];
        let v = &t.groups.vals[g * t.groups.width..(g + 1) * t.groups.width];
        let (overdue, n, max_dpd, disputed) = (v[0], v[1] as u64, v[2] as i32, v[3]);
        if n == 0 && by_pair {
            continue; // only disputed items: not on the list (a customer's row still reports them)
        }
        let rate = rates[cur as usize];
        let avg_late = match t.hist.get(cust, 0) {
            Some(h) if h[1] > 0 => (h[0].div_euclid(h[1])).min(i128::from(i64::MAX)) as i64,
            _ => 0,
        };
        let base = convert_floor(overdue, cols.scale, rate, rep_scale).ok_or_else(|| overflow_err("base"))?;
        let buckets = v[4..4 + t.groups.width - 4]
            .iter()
            .map(|&b| scale_dec(b)?.checked_mul(rate).ok_or_else(|| overflow_err("buckets")))
            .collect::<Result<_>>()?;
        let name = || String::from_utf8_lossy(&unpack_key(cust)).into_owned();
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
            disputed: scale_dec(disputed)?,
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
            x.0.cmp(&y.0).then_with(|| code(x.1).cmp(code(y.1)))
        };
        let key =
            |i: usize| (String::from_utf8_lossy(&unpack_key(packed[i].0)).into_owned(), code(packed[i].1).to_string());
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

/// What a thread sums: groups keyed by (customer, currency index): overdue, count, max days past
/// due, disputed, buckets; history keyed by customer: Σ late × amount, Σ amount.
struct Tables {
    groups: Agg,
    hist: Agg,
}

impl Tables {
    fn new(nb: usize) -> Tables {
        Tables { groups: Agg::new(4 + nb), hist: Agg::new(2) }
    }

    fn merge(&mut self, other: Tables) {
        for (g, &(k, c)) in other.groups.keys.iter().enumerate() {
            let v = &other.groups.vals[g * other.groups.width..(g + 1) * other.groups.width];
            let w = self.groups.slot(k, c);
            w[0] += v[0];
            w[1] += v[1];
            w[2] = w[2].max(v[2]);
            for j in 3..v.len() {
                w[j] += v[j];
            }
        }
        for (g, &(k, c)) in other.hist.keys.iter().enumerate() {
            let w = self.hist.slot(k, c);
            w[0] += other.hist.vals[2 * g];
            w[1] += other.hist.vals[2 * g + 1];
        }
    }
}

/// Sums of `width` cells per (packed id, code), in an open-addressing index of `tag << 32 |
/// record + 1` words over dense records.
struct Agg {
    index: Vec<u64>,
    mask: usize,
    keys: Vec<(u128, u32)>,
    vals: Vec<i128>,
    width: usize,
}

impl Agg {
    fn new(width: usize) -> Agg {
        Agg { index: vec![0; 1024], mask: 1023, keys: Vec::new(), vals: Vec::new(), width }
    }

    #[inline]
    fn prefetch(&self, h: u64) {
        prefetch(self.index.as_ptr() as usize + (h as usize & self.mask) * 8);
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
            if e >> 32 == h >> 32 && self.keys[g] == (key, cur) {
                return Some(&self.vals[g * self.width..(g + 1) * self.width]);
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
                let g = self.keys.len();
                self.keys.push((key, cur));
                self.vals.extend(std::iter::repeat_n(0, self.width));
                self.index[s] = (h >> 32) << 32 | (g as u64 + 1);
                if self.keys.len() * 10 > self.index.len() * 7 {
                    self.grow();
                }
                break g;
            }
            let g = (e as u32 - 1) as usize;
            if e >> 32 == h >> 32 && self.keys[g] == (key, cur) {
                break g;
            }
            s = (s + 1) & self.mask;
        };
        &mut self.vals[g * self.width..(g + 1) * self.width]
    }

    fn grow(&mut self) {
        let slots = self.index.len() * 2;
        let mask = slots - 1;
        let mut index = vec![0u64; slots];
        for (g, &(k, c)) in self.keys.iter().enumerate() {
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

/// A payment kept for the history.
#[derive(Clone, Copy)]
struct Paid {
    key: u128,
    amount: i64,
    date: i32,
}

/// Payments by their invoice's packed id: slots of `tag << 32 | position + 1` (a key may have
/// several), behind a filter of two bits a key.
struct PayIndex {
    filter: Vec<u64>,
    fmask: usize,
    slots: Vec<u64>,
    mask: usize,
    paid: Vec<Paid>,
}

#[inline]
fn filter_bits(h: u64) -> u64 {
    (1u64 << ((h >> 46) & 63)) | (1u64 << ((h >> 52) & 63))
}

impl PayIndex {
    /// `None` when a payment's invoice id is longer than a packed key holds.
    fn build(p: &PaymentColumns<'_>, as_of: i32, threads: usize) -> Option<PayIndex> {
        let n = p.invoice_id.len();
        let keep = |a: usize, b: usize| -> Option<Vec<(Paid, u64)>> {
            let mut out = Vec::with_capacity(b - a);
            for j in a..b {
                if p.paid_date[j] > as_of {
                    continue;
                }
                let key = p.invoice_id.key(j)?;
                out.push((Paid { key, amount: p.amount[j], date: p.paid_date[j] }, hash(key, 0)));
            }
            Some(out)
        };
        let kept = if worker_threads(threads, n) > 1 {
            std::thread::scope(|s| {
                let tail = s.spawn(|| keep(n / 2, n));
                let mut head = keep(0, n / 2)?;
                head.extend(tail.join().unwrap_or_else(|e| std::panic::resume_unwind(e))?);
                Some(head)
            })?
        } else {
            keep(0, n)?
        };
        let slots_n = (kept.len() * 5 / 4 + 1).next_power_of_two().max(64);
        let words = (kept.len() / 8).next_power_of_two().max(8);
        let (mut filter, mut slots) = (zeroed_words(words), zeroed_words(slots_n));
        let (fmask, mask) = (words - 1, slots_n - 1);
        for (t, &(_, h)) in kept.iter().enumerate() {
            if let Some(&(_, ahead)) = kept.get(t + AHEAD) {
                prefetch(slots.as_ptr() as usize + (ahead as usize & mask) * 8);
                prefetch(filter.as_ptr() as usize + ((ahead >> 24) as usize & fmask) * 8);
            }
            filter[(h >> 24) as usize & fmask] |= filter_bits(h);
            let mut s = h as usize & mask;
            while slots[s] != 0 {
                s = (s + 1) & mask;
            }
            slots[s] = (h >> 32) << 32 | (t as u64 + 1);
        }
        let paid = kept.into_iter().map(|(p, _)| p).collect();
        Some(PayIndex { filter, fmask, slots, mask, paid })
    }
}

/// One thread's pass over pieces of invoices.
struct Scan<'a> {
    index: &'a PayIndex,
    as_of: i32,
    bounds: &'a [i32],
    nb: usize,
    include_disputed: bool,
}

impl Scan<'_> {
    /// Rows `start..end` of `inv`: their payments into the history, overdue open rows into
    /// their groups.
    fn piece(&self, inv: &InvoiceColumns<'_>, open: bool, start: usize, end: usize, t: &mut Tables) -> Result<()> {
        const BLOCK: usize = 64;
        let ix = self.index;
        let (mut keys, mut hashes, mut at) = ([0u128; BLOCK], [0u64; BLOCK], [0usize; BLOCK]);
        let mut a = start;
        while a < end {
            let b = (a + BLOCK).min(end);
            // stage 1: hash each invoice id, ask for its filter word
            let mut hashed = 0;
            for i in a..b {
                let Some(k) = inv.invoice_id.key(i) else {
                    continue; // a longer id matches no payment (payment ids are packed)
                };
                let h = hash(k, 0);
                prefetch(ix.filter.as_ptr() as usize + ((h >> 24) as usize & ix.fmask) * 8);
                (keys[hashed], hashes[hashed], at[hashed]) = (k, h, i);
                hashed += 1;
            }
            // stage 2: the ones the filter lets through ask for their slot
            let mut through = 0;
            for x in 0..hashed {
                let h = hashes[x];
                let bits = filter_bits(h);
                if ix.filter[(h >> 24) as usize & ix.fmask] & bits != bits {
                    continue;
                }
                prefetch(ix.slots.as_ptr() as usize + (h as usize & ix.mask) * 8);
                (keys[through], hashes[through], at[through]) = (keys[x], h, at[x]);
                through += 1;
            }
            // stage 3: every payment of theirs
            for x in 0..through {
                let (h, k, i) = (hashes[x], keys[x], at[x]);
                let mut s = h as usize & ix.mask;
                let (mut w, mut c) = (0i128, 0i128);
                loop {
                    let v = ix.slots[s];
                    if v == 0 {
                        break;
                    }
                    if v >> 32 == h >> 32 {
                        let p = &ix.paid[(v as u32 - 1) as usize];
                        if p.key == k {
                            let late = i128::from((p.date - inv.due_date[i]).max(0));
                            w += late * i128::from(p.amount);
                            c += i128::from(p.amount);
                        }
                    }
                    s = (s + 1) & ix.mask;
                }
                if c != 0 || w != 0 {
                    let cust = self.customer(inv, i)?;
                    let cell = t.hist.slot(cust, 0);
                    cell[0] += w;
                    cell[1] += c;
                }
            }
            if open {
                for i in a..b {
                    let (due, amt) = (inv.due_date[i], inv.open_amount[i]);
                    if amt <= 0 || due >= self.as_of {
                        continue;
                    }
                    let cust = self.customer(inv, i)?;
                    let cur = u32::from(inv.currency[i]);
                    if i + AHEAD < b {
                        if let Some(k2) = inv.customer.key(i + AHEAD) {
                            t.groups.prefetch(hash(k2, u32::from(inv.currency[i + AHEAD])));
                        }
                    }
                    let dpd = self.as_of - due;
                    let cell = t.groups.slot(cust, cur);
                    if !self.include_disputed && inv.disputed.is_some_and(|d| d[i]) {
                        cell[3] += i128::from(amt);
                        continue;
                    }
                    cell[0] += i128::from(amt);
                    cell[1] += 1;
                    cell[2] = cell[2].max(i128::from(dpd));
                    if self.nb > 0 {
                        cell[4 + bucket_of(self.bounds, dpd)] += i128::from(amt);
                    }
                }
            }
            a = b;
        }
        Ok(())
    }

    #[inline]
    fn customer(&self, inv: &InvoiceColumns<'_>, i: usize) -> Result<u128> {
        inv.customer.key(i).ok_or_else(|| {
            let id = String::from_utf8_lossy(inv.customer.get(i)).into_owned();
            bad(format!("customer[{i}]"), id, "customer ids of up to 15 bytes in the columnar worklist")
        })
    }
}
