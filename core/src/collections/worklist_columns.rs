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
use crate::columnar::{hash, prefetch_at, unpack_key, Utf8Ids};
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
    let mut order: Vec<usize> = (0..t.groups.groups).collect();
    order.sort_unstable_by(|&a, &b| {
        let (ka, kb) = (t.groups.key(a), t.groups.key(b));
        ka.0.cmp(&kb.0).then_with(|| code(ka.1).cmp(code(kb.1)))
    });
    let scale_dec = |v: i128| Decimal::try_from_i128_with_scale(v, cols.scale).map_err(|_| overflow_err("overdue"));
    let mut keys: Vec<(String, String)> = Vec::new();
    let mut packed: Vec<(u128, u32)> = Vec::new();
    let mut facts: Vec<GroupFacts> = Vec::with_capacity(order.len());
    let by_pair = config.by == super::Grouping::CustomerCurrency;
    for g in order {
        let (cust, cur) = t.groups.key(g);
        let v = t.groups.vals(g);
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
        let buckets = v[4..]
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
        for g in 0..other.groups.groups {
            let (k, c) = other.groups.key(g);
            let v = other.groups.vals(g);
            let w = self.groups.slot(k, c);
            w[0] += v[0];
            w[1] += v[1];
            w[2] = w[2].max(v[2]);
            for j in 3..v.len() {
                w[j] += v[j];
            }
        }
        for g in 0..other.hist.groups {
            let (k, c) = other.hist.key(g);
            let v = other.hist.vals(g);
            let w = self.hist.slot(k, c);
            w[0] += v[0];
            w[1] += v[1];
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

/// A payment kept for the history.
#[derive(Clone, Copy)]
struct Paid {
    key: u128,
    amount: i64,
    date: i32,
}

/// Payments by their invoice's packed id, in two halves (by the hash's top bit) that two
/// threads fill at once: slots of `tag << 32 | position + 1` (a key may have several), behind a
/// filter of two bits a key.
struct PayIndex {
    filter: Vec<u64>,
    fwords: usize,
    fmask: usize,
    slots: Vec<u64>,
    half: usize,
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
        let mut paid: Vec<Paid> = Vec::with_capacity(n);
        crate::columnar::memory::advise_huge(paid.spare_capacity_mut());
        for j in 0..n {
            if p.paid_date[j] <= as_of {
                paid.push(Paid { key: p.invoice_id.key(j)?, amount: p.amount[j], date: p.paid_date[j] });
            }
        }
        // each half holds about half the keys at a load of at most 0.6
        let half = (paid.len() * 5 / 6 + 1).next_power_of_two().max(32);
        let fwords = (paid.len() / 16).next_power_of_two().max(8);
        let (mut filter, mut slots) = (zeroed_words(2 * fwords), zeroed_words(2 * half));
        {
            let (f0, f1) = filter.split_at_mut(fwords);
            let (s0, s1) = slots.split_at_mut(half);
            let paid = &paid;
            if worker_threads(threads, paid.len()) > 1 {
                std::thread::scope(|scope| {
                    let other = scope.spawn(move || fill_half(1, f1, s1, paid));
                    fill_half(0, f0, s0, paid);
                    other.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                });
            } else {
                fill_half(0, f0, s0, paid);
                fill_half(1, f1, s1, paid);
            }
        }
        Some(PayIndex { filter, fwords, fmask: fwords - 1, slots, half, mask: half - 1, paid })
    }

    /// The filter word and the first slot of hash `h`.
    #[inline]
    fn locate(&self, h: u64) -> (usize, usize) {
        let part = (h >> 63) as usize;
        (part * self.fwords + ((h >> 24) as usize & self.fmask), part * self.half + (h as usize & self.mask))
    }
}

/// Fills one half of the filter and the slots with the payments whose hash has top bit `part`.
fn fill_half(part: u64, filter: &mut [u64], slots: &mut [u64], paid: &[Paid]) {
    let (fmask, smask) = (filter.len() - 1, slots.len() - 1);
    let mine: Vec<(u32, u64)> =
        paid.iter().enumerate().map(|(t, q)| (t as u32, hash(q.key, 0))).filter(|&(_, h)| h >> 63 == part).collect();
    for (n, &(t, h)) in mine.iter().enumerate() {
        if let Some(&(_, ahead)) = mine.get(n + AHEAD) {
            prefetch(slots.as_ptr() as usize + (ahead as usize & smask) * 8);
            prefetch(filter.as_ptr() as usize + ((ahead >> 24) as usize & fmask) * 8);
        }
        filter[(h >> 24) as usize & fmask] |= filter_bits(h);
        let mut s = h as usize & smask;
        while slots[s] != 0 {
            s = (s + 1) & smask;
        }
        slots[s] = (h >> 32) << 32 | (u64::from(t) + 1);
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
        let (mut gkeys, mut gcur, mut ghash, mut gat) = ([0u128; BLOCK], [0u32; BLOCK], [0u64; BLOCK], [0usize; BLOCK]);
        let (mut hkeys, mut hw, mut hc) = ([0u128; BLOCK], [0i128; BLOCK], [0i128; BLOCK]);
        let mut a = start;
        while a < end {
            let b = (a + BLOCK).min(end);
            // stage 1: hash each invoice id, ask for its filter word; the overdue open rows ask
            // for their group's index line
            let mut overdue = 0;
            if open {
                for i in a..b {
                    if inv.open_amount[i] <= 0 || inv.due_date[i] >= self.as_of {
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
                let Some(k) = inv.invoice_id.key(i) else {
                    continue; // a longer id matches no payment (payment ids are packed)
                };
                let h = hash(k, 0);
                prefetch(ix.filter.as_ptr() as usize + ix.locate(h).0 * 8);
                (keys[hashed], hashes[hashed], at[hashed]) = (k, h, i);
                hashed += 1;
            }
            // stage 2: the ones the filter lets through ask for their slot
            let mut through = 0;
            for x in 0..hashed {
                let h = hashes[x];
                let bits = filter_bits(h);
                let (word, slot) = ix.locate(h);
                if ix.filter[word] & bits != bits {
                    continue;
                }
                prefetch(ix.slots.as_ptr() as usize + slot * 8);
                (keys[through], hashes[through], at[through]) = (keys[x], h, at[x]);
                through += 1;
            }
            // the overdue rows' group records are asked for
            for &h in &ghash[..overdue] {
                t.groups.prefetch_record(h);
            }
            // stage 3: the first payment whose tag matches is asked for, and the customer's
            // history cell
            for x in 0..through {
                let h = hashes[x];
                let (_, mut s) = ix.locate(h);
                let base = (h >> 63) as usize * ix.half;
                loop {
                    let v = ix.slots[s];
                    if v == 0 {
                        break;
                    }
                    if v >> 32 == h >> 32 {
                        prefetch_at(&ix.paid, (v as u32 - 1) as usize);
                        if let Some(c) = inv.customer.key(at[x]) {
                            t.hist.prefetch(hash(c, 0));
                        }
                        break;
                    }
                    s = base + ((s - base + 1) & ix.mask);
                }
            }
            // the overdue rows into their groups (while the payments asked for come)
            for x in 0..overdue {
                let i = gat[x];
                let (dpd, amt) = (self.as_of - inv.due_date[i], i128::from(inv.open_amount[i]));
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
            // stage 4: every payment of theirs, summed per invoice; its customer's history record
            // is asked for
            let mut paid = 0;
            for x in 0..through {
                let (h, k, i) = (hashes[x], keys[x], at[x]);
                let (_, mut s) = ix.locate(h);
                let base = (h >> 63) as usize * ix.half;
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
                    s = base + ((s - base + 1) & ix.mask);
                }
                if c != 0 || w != 0 {
                    let cust = self.customer(inv, i)?;
                    let h = hash(cust, 0);
                    t.hist.prefetch_record(h);
                    (hkeys[paid], hw[paid], hc[paid]) = (cust, w, c);
                    paid += 1;
                }
            }
            // stage 5: the payments into their customers' history
            for x in 0..paid {
                let cell = t.hist.slot(hkeys[x], 0);
                cell[0] += hw[x];
                cell[1] += hc[x];
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
