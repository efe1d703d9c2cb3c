//! The aging kernel over integer customer keys: plain columns ([`age_columns`]) or any
//! [`AgingSource`]s ([`age_sources`]), on every core.

use super::exact::is_sum_overflow;
use super::table::{currency_rank, overflow_error, row_total};
use super::*;
use crate::calendar::{day_number, MAX_DAY, MIN_DAY};
use crate::columnar::groups::{Groups, HEAD};
use crate::columnar::hash;
use crate::columnar::memory::{prefetch, prefetch_lines, zeroed_lines, Line, AHEAD};
use crate::columnar::pieces::{run, split, worker_threads, Claim};
use crate::error::{Error, ErrorKind, Result};
use crate::money::Currency;
use rust_decimal::Decimal;

/// A source of rows for [`age_sources()`]: a partition (an Arrow record batch, a slice of
/// columns) that the kernel reads by row index. Implementations check nothing: the kernel
/// checks every value it uses and names the first bad row.
pub trait AgingSource: Sync {
    /// Rows in this source.
    fn len(&self) -> usize;
    /// Whether it has no rows.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The customer key of row `i` (must be below the `key_bound` given to the kernel).
    fn customer(&self, i: usize) -> u64;
    /// The currency index of row `i` (into the kernel's currency list).
    fn currency(&self, i: usize) -> u32;
    /// The day number of the date the age is counted from (due or issue date, per the spec).
    fn date(&self, i: usize) -> i32;
    /// The open amount of row `i` in minor units at the batch's scale (i128 so that a decimal128
    /// column passes through unchecked; the kernel rejects what does not fit i64).
    fn amount(&self, i: usize) -> i128;
    /// Whether row `i` is disputed.
    fn disputed(&self, _i: usize) -> bool {
        false
    }
    /// A hint that the kernel will read row `i`'s customer key soon (it calls this a few dozen
    /// rows ahead): a source that reads keys through a table can ask for the table's entry with
    /// [`prefetch_at`](crate::columnar::prefetch_at), so that the read does not wait on memory. Does nothing by default.
    fn prefetch_customer(&self, _i: usize) {}
    /// `Some(row)` for the first row (in this source) whose value the source could not give,
    /// e.g. an Arrow null, and the column's name; checked before anything else.
    fn first_invalid(&self) -> Option<(usize, &'static str)> {
        None
    }
}

/// Plain columns for [`age_columns()`]: one entry per open item, all slices of the same length.
#[derive(Debug, Clone, Copy)]
pub struct AgingColumns<'a> {
    /// Customer key of each item: any integer (dense keys such as dictionary indices are
    /// fastest; sparse ones are compacted first). Rows come out sorted by this key.
    pub customer: &'a [u32],
    /// Index of each item's currency in `currencies`.
    pub currency: &'a [u16],
    /// The currency codes the indices refer to (ISO 4217).
    pub currencies: &'a [&'a str],
    /// Due date of each item as a day number ([`day_number`]).
    pub due_date: &'a [i32],
    /// Issue dates, required when aging by issue date.
    pub issue_date: Option<&'a [i32]>,
    /// Open amount of each item in minor units at `scale` (12.34 at scale 2 is 1234).
    pub amount: &'a [i64],
    /// Decimal places of `amount` (0 ..= 18).
    pub scale: u32,
    /// Disputed flags, if any.
    pub disputed: Option<&'a [bool]>,
}

/// Checks the currency list of a batch: known ISO 4217 codes, no duplicates, and a scale the
/// currencies can carry (18 at most).
pub(crate) fn check_currencies(currencies: &[&str], scale: u32) -> Result<()> {
    if currencies.len() >= usize::from(NO_CURRENCY) {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "currencies",
            currencies.len().to_string(),
            "at most 65534 currency codes",
        ));
    }
    if scale > 18 {
        return Err(Error::new(ErrorKind::InvalidPrecision, "scale", scale.to_string(), "at most 18 decimal places"));
    }
    for (i, c) in currencies.iter().enumerate() {
        if Currency::lookup(c).is_none() {
            return Err(Error::new(
                ErrorKind::UnknownCurrency,
                format!("currencies[{i}]"),
                *c,
                "not in the current ISO 4217 list",
            ));
        }
        if currencies[..i].contains(c) {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                format!("currencies[{i}]"),
                *c,
                "a currency code appears twice in the currency list",
            ));
        }
    }
    Ok(())
}

struct SliceSource<'a> {
    cols: &'a AgingColumns<'a>,
    date: &'a [i32],
    remap: Option<&'a [u32]>,
}

impl AgingSource for SliceSource<'_> {
    fn len(&self) -> usize {
        self.cols.amount.len()
    }
    #[inline]
    fn customer(&self, i: usize) -> u64 {
        let k = self.cols.customer[i];
        match self.remap {
            // present by construction: the remap holds every key of the column
            Some(keys) => keys.binary_search(&k).unwrap_or(0) as u64,
            None => u64::from(k),
        }
    }
    #[inline]
    fn currency(&self, i: usize) -> u32 {
        u32::from(self.cols.currency[i])
    }
    #[inline]
    fn date(&self, i: usize) -> i32 {
        self.date[i]
    }
    #[inline]
    fn amount(&self, i: usize) -> i128 {
        i128::from(self.cols.amount[i])
    }
    #[inline]
    fn disputed(&self, i: usize) -> bool {
        self.cols.disputed.is_some_and(|d| d[i])
    }
}

/// Ages plain columns on up to `threads` threads (0 = as many as the machine has).
///
/// # Errors
/// [`ErrorKind::InvalidRequest`] for columns of different lengths (naming the column and both
/// lengths) or a missing `issue_date` column when aging by issue date;
/// [`ErrorKind::UnknownCurrency`] for a code outside ISO 4217; for the first bad row `i`:
/// `items[i].currency` out of the list, `items[i].due_date` / `items[i].issue_date` outside the supported dates
/// ([`ErrorKind::DateOutOfRange`]); [`ErrorKind::Overflow`] when a sum leaves i64.
pub fn age_columns(spec: &AgingSpec, cols: &AgingColumns<'_>, threads: usize) -> Result<AgingTable> {
    let n = cols.amount.len();
    let check_len = |name: &str, len: usize| {
        if len != n {
            Err(Error::new(
                ErrorKind::InvalidRequest,
                name,
                len.to_string(),
                format!("columns of different lengths: {name} has {len} rows, amount has {n}"),
            ))
        } else {
            Ok(())
        }
    };
    check_len("customer", cols.customer.len())?;
    check_len("currency", cols.currency.len())?;
    check_len("due_date", cols.due_date.len())?;
    if let Some(d) = cols.issue_date {
        check_len("issue_date", d.len())?;
    }
    if let Some(d) = cols.disputed {
        check_len("disputed", d.len())?;
    }
    let date = match spec.basis {
        AgeBasis::DueDate => cols.due_date,
        AgeBasis::IssueDate => cols.issue_date.ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidRequest,
                "issue_date",
                "null",
                "aging by issue date needs the issue_date column",
            )
        })?,
    };
    let date_field = match spec.basis {
        AgeBasis::DueDate => "due_date",
        AgeBasis::IssueDate => "issue_date",
    };
    let max = u64::from(cols.customer.iter().copied().max().unwrap_or(0));
    let dense = max < (4 * n as u64).max(1 << 20);
    let remap: Option<Vec<u32>> = if dense {
        None
    } else {
        let mut keys = cols.customer.to_vec();
        keys.sort_unstable();
        keys.dedup();
        Some(keys)
    };
    let src = SliceSource { cols, date, remap: remap.as_deref() };
    let bound = match &remap {
        Some(k) => k.len() as u64,
        None => max + 1,
    };
    let mut table = age_sources(spec, &[src], bound, cols.currencies, cols.scale, threads)
        .map_err(|e| rename_date_field(e, date_field))?;
    if let Some(keys) = remap {
        for k in &mut table.keys {
            k.0 = u64::from(keys[k.0 as usize]);
        }
    }
    Ok(table)
}

fn rename_date_field(e: Error, name: &str) -> Error {
    match item_row(e.field()) {
        Some((row, "date")) => Error::new(e.kind(), item_field(name, row), e.value(), e.reason()),
        _ => e,
    }
}

/// The aging kernel over any [`AgingSource`]s (partitions read in order; row numbers in errors
/// count across them). `key_bound` is one more than the largest customer key (keys must be
/// dense: below max(4 × rows, 2^20), as dictionary indices are); `currencies` the codes that the
/// currency indices refer to; `scale` the decimals of the amounts.
///
/// One pass over the rows, split across `threads` threads (0 = all the machine has): every
/// value is checked, then summed straight into the cache line of its customer key, the line of
/// the row 16 ahead being asked for meanwhile (no lookup table is consulted per row). With 2-4
/// currency codes every (customer, currency) pair has its own line; with up to 16 too, when the
/// first rows show customers billing in several currencies. Otherwise a customer's first
/// currency takes its line, and its other currencies are summed apart.
///
/// The threads' cells are then added together (checked) and the rows laid out in key order.
///
/// # Errors
/// As [`age_columns`]; the row fields are `items[i].customer`, `items[i].currency`, `items[i].date`, `items[i].amount`,
/// or the column a source reports as null. [`ErrorKind::InvalidRequest`] (field `customer`) for
/// keys too sparse.
pub fn age_sources<S: AgingSource>(
    spec: &AgingSpec,
    sources: &[S],
    key_bound: u64,
    currencies: &[&str],
    scale: u32,
    threads: usize,
) -> Result<AgingTable> {
    age_sources_unnamed(spec, sources, key_bound, currencies, scale, threads).or_else(|e| {
        if !is_sum_overflow(&e) {
            return Err(e);
        }
        // a sum wrapped somewhere: the final sums decide, summed exactly (the slow path)
        super::exact::sources_table(spec, sources, currencies, scale)
    })
}

fn age_sources_unnamed<S: AgingSource>(
    spec: &AgingSpec,
    sources: &[S],
    key_bound: u64,
    currencies: &[&str],
    scale: u32,
    threads: usize,
) -> Result<AgingTable> {
    check_currencies(currencies, scale)?;
    spec.check_as_of()?;
    let n_cur = currencies.len() as u64;
    let total: usize = sources.iter().map(|s| s.len()).sum();
    // nulls first, in row order
    first_null(sources.iter().map(|s| (s.len(), s.first_invalid())))?;
    let limit = (4 * total as u64).max(1 << 20);
    if key_bound > limit {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "customer",
            key_bound.to_string(),
            format!("customer keys must be dense (below {limit} for {total} rows): encode them as indices first"),
        ));
    }
    let kb = key_bound as usize;
    // Automatic: all cores from 50k rows on (below that, starting threads costs more than it saves).
    let threads = worker_threads(threads, total);
    let pieces = split(sources.iter().map(|s| s.len()));
    let as_of = day_number(spec.as_of);

    // One pass: check every value and sum, partition by partition. A customer's first currency
    // (in the order a thread sums its rows) takes the customer's cache line; any other currency
    // of the same customer (rare) is summed apart.
    let w = spec.width();
    let nb = spec.buckets.len();
    let sep = spec.credits == Credits::Separate;
    // Each customer's cells, then (in the last slot of its last line) 1 + the index of the
    // currency that owns the lines (0: none yet). Reading a row touches just those lines.
    let lines_per = (w + 1).div_ceil(8);
    let tag_at = lines_per * 8 - 1;
    // a customer's other currencies: records of (key, currency) then its w cells, in an
    // open-addressing table whose slot is asked for with the main line
    let extra_lines = (HEAD + w).div_ceil(8);
    // With a few currencies and not too many customers, every (customer, currency) pair gets
    // its own lines instead: customers billing in several currencies then cost no more than
    // others (the first-currency scheme sends every second-currency row to `extra`).
    // (32 MiB of lines a thread at most, and not many more pairs than rows; with 2-4 codes
    // always, with up to 16 when the first rows show customers billing in several of them: with
    // customers each in one currency, the first-currency lines are fewer and faster)
    let fits = kb * n_cur as usize * lines_per * 64 <= 32 << 20 && kb * n_cur as usize <= 4 * total.max(1);
    let direct = fits
        && ((2..=4).contains(&n_cur) || ((5..=16).contains(&n_cur) && several_currencies(sources, kb, n_cur as u32)));
    let nc = n_cur as usize;
    let slots = if direct { kb * nc } else { kb };
    let layout = Layout { key_bound, kb, n_cur, nc, w, nb, sep, lines_per, tag_at, extra_lines, direct, slots };
    let precision = Precision::of(currencies, scale);
    let parts = run(&pieces, threads, |list| sum_rows(spec, as_of, sources, &layout, precision.as_ref(), list));
    let overflowed = || overflow_error(if currencies.len() == 1 { currencies[0] } else { "" });
    let mut parts = first_error(parts)
        .map_err(|e| if e.row == usize::MAX { overflowed() } else { e.into_error(currencies) })?
        .into_iter();
    let first =
        parts.next().unwrap_or_else(|| (vec![Line([0; 8]); kb * lines_per], Groups::with_capacity(extra_lines, 64)));
    if direct {
        combine_pairs(spec, scale, currencies, &layout, first.0, parts)
    } else {
        combine_first_currency(spec, scale, currencies, total, &layout, first, parts)
    }
}

/// How one [`age_sources`] run lays out its cells, fixed before the pass: `w` cells a row
/// (buckets, credits when separate, disputed, items) in `lines_per` cache lines, at `slots`
/// slots (a customer each, or a (customer, currency) pair each when `direct`), with the
/// customer's owning currency tag at `tag_at`, and records of `extra_lines` lines for a
/// customer's other currencies.
#[derive(Debug, Clone, Copy)]
struct Layout {
    key_bound: u64,
    kb: usize,
    n_cur: u64,
    nc: usize,
    w: usize,
    nb: usize,
    sep: bool,
    lines_per: usize,
    tag_at: usize,
    extra_lines: usize,
    direct: bool,
    slots: usize,
}

/// One thread's share of the pass: every row of the pieces it takes, checked and summed into
/// its own lines (and its table of other currencies).
fn sum_rows<S: AgingSource>(
    spec: &AgingSpec,
    as_of: i32,
    sources: &[S],
    layout: &Layout,
    precision: Option<&Precision<'_>>,
    list: Claim<'_>,
) -> std::result::Result<(Vec<Line>, Groups), RowError> {
    let Layout { key_bound, kb, n_cur, nc, w, nb, sep, lines_per, tag_at, extra_lines, direct, slots } = *layout;
    let mut main = zeroed_lines(slots * lines_per);
    let mut extra = Groups::with_capacity(extra_lines, 64);
    let mut overflow = false;
    let main_addr = main.as_ptr() as usize;
    let last_line = if direct { (w - 1) / 8 } else { tag_at / 8 }; // a row's: its count's or owner tag's
    for piece in list {
        let s = &sources[piece.source];
        for i in piece.start..piece.end {
            if i + 2 * AHEAD < piece.end {
                s.prefetch_customer(i + 2 * AHEAD);
            }
            if i + AHEAD < piece.end {
                // the row's lines are requested AHEAD rows early: the sum then finds them
                // in the cache
                let k2 = s.customer(i + AHEAD) as usize;
                let g2 = if direct { k2.wrapping_mul(nc).wrapping_add(s.currency(i + AHEAD) as usize) } else { k2 };
                prefetch_lines(main_addr.wrapping_add(g2.wrapping_mul(lines_per * 64)), last_line);
                if extra.groups > 0 {
                    let h = hash(k2 as u128, s.currency(i + AHEAD));
                    prefetch(extra.records.as_ptr() as usize + extra.slot_of(h) * extra_lines * 64);
                }
            }
            let a = s.amount(i);
            let k = s.customer(i);
            let c = s.currency(i);
            let d = s.date(i);
            if k >= key_bound {
                return Err(RowError::new(piece.offset + i, "customer", k.to_string(), "customer key out of range"));
            }
            if u64::from(c) >= n_cur {
                return Err(RowError::new(
                    piece.offset + i,
                    "currency",
                    c.to_string(),
                    "currency index outside the currency list",
                ));
            }
            if !(MIN_DAY..=MAX_DAY).contains(&d) {
                return Err(RowError::new(
                    piece.offset + i,
                    "date",
                    d.to_string(),
                    "day number outside 0001-01-01 ..= 9999-12-31",
                ));
            }
            if a as i64 as i128 != a {
                return Err(RowError::new(
                    piece.offset + i,
                    "amount",
                    a.to_string(),
                    "an open amount must fit 64-bit minor units",
                ));
            }
            let a = a as i64;
            if a == 0 {
                continue;
            }
            // a currency with fewer decimals than the batch (JPY at scale 2): whole units only
            if let Some(p) = precision {
                p.check(piece.offset + i, a, c)?;
            }
            let k = k as usize;
            let col = if sep && a < 0 { nb } else { spec.buckets.column_of(as_of - d) };
            let disputed = s.disputed(i);
            if direct {
                let g = k * nc + c as usize;
                let lines = &mut main[g * lines_per..(g + 1) * lines_per];
                for (cell, v) in [(col, a), (w - 2, if disputed { a } else { 0 }), (w - 1, 1)] {
                    let x = &mut lines[cell / 8].0[cell % 8];
                    let (y, o) = x.overflowing_add(v);
                    *x = y;
                    overflow |= o;
                }
                continue;
            }
            let lines = &mut main[k * lines_per..(k + 1) * lines_per];
            let owner = &mut lines[tag_at / 8].0[tag_at % 8];
            let tag = i64::from(c) + 1;
            if *owner == 0 {
                *owner = tag;
            }
            let owned = *owner == tag;
            let mut add = |cell: usize, v: i64| {
                let x = &mut lines[cell / 8].0[cell % 8];
                let (y, o) = x.overflowing_add(v);
                *x = y;
                overflow |= o;
            };
            if owned {
                add(col, a);
                if disputed {
                    add(w - 2, a);
                }
                add(w - 1, 1);
            } else {
                if extra.groups == 0 {
                    // customers with several currencies are seldom alone: room for one
                    // other currency per four customers at once, not ten rehashes later
                    extra = Groups::with_capacity(extra_lines, (kb / 4).max(64));
                }
                let t = extra.find(k as u128, c, hash(k as u128, c));
                let rec = &mut extra.records[t * extra_lines..(t + 1) * extra_lines];
                for (cell, v) in [(col, a), (w - 2, if disputed { a } else { 0 }), (w - 1, 1)] {
                    let j = HEAD + cell;
                    let (y, o) = rec[j / 8].0[j % 8].overflowing_add(v);
                    rec[j / 8].0[j % 8] = y;
                    overflow |= o;
                }
            }
        }
    }
    if overflow {
        return Err(RowError::new(usize::MAX, "amount", String::new(), "overflow"));
    }
    Ok((main, extra))
}

/// The threads' lines of a `direct` run (a slot per (customer, currency) pair) summed, then the
/// rows laid out in key and currency-code order.
fn combine_pairs(
    spec: &AgingSpec,
    scale: u32,
    currencies: &[&str],
    layout: &Layout,
    mut main: Vec<Line>,
    parts: impl Iterator<Item = (Vec<Line>, Groups)>,
) -> Result<AgingTable> {
    let Layout { kb, nc, w, nb, sep, lines_per, slots, .. } = *layout;
    let overflowed = || overflow_error(if currencies.len() == 1 { currencies[0] } else { "" });
    let cell = |k: usize, col: usize| (k * lines_per + col / 8, col % 8);
    // pairs: the threads' lines summed, then rows in key and currency-code order
    for (m2, _) in parts {
        for g in 0..slots {
            for col in 0..w {
                let (l, j) = cell(g, col);
                main[l].0[j] = main[l].0[j].checked_add(m2[l].0[j]).ok_or_else(overflowed)?;
            }
        }
    }
    let names: Vec<String> = currencies.iter().map(|c| c.to_string()).collect();
    let rank = currency_rank(&names);
    let mut by_rank: Vec<usize> = (0..nc).collect();
    by_rank.sort_by_key(|&c| rank[c]);
    let mut keys: Vec<(u64, u32)> = Vec::new();
    let mut cells: Vec<i64> = Vec::new();
    for k in 0..kb {
        for &c in &by_rank {
            let g = k * nc + c;
            if main[cell(g, w - 1).0].0[cell(g, w - 1).1] == 0 {
                continue;
            }
            keys.push((k as u64, c as u32));
            cells.extend((0..w).map(|col| main[cell(g, col).0].0[cell(g, col).1]));
            let row = &cells[cells.len() - w..];
            row_total(&row[..nb + usize::from(sep)]).ok_or_else(|| overflow_error(currencies[c]))?;
        }
    }
    Ok(AgingTable { spec: spec.clone(), scale, currencies: names, keys, cells })
}

/// The threads' lines of a first-currency run summed (a customer's currency that is another
/// thread's first one goes to the table of other currencies), then the rows laid out in key
/// order, each customer's currencies in code order.
#[allow(clippy::too_many_arguments)]
fn combine_first_currency(
    spec: &AgingSpec,
    scale: u32,
    currencies: &[&str],
    total: usize,
    layout: &Layout,
    (mut main, mut extra): (Vec<Line>, Groups),
    parts: impl Iterator<Item = (Vec<Line>, Groups)>,
) -> Result<AgingTable> {
    let Layout { kb, n_cur, w, nb, sep, lines_per, tag_at, extra_lines, .. } = *layout;
    let overflowed = || overflow_error(if currencies.len() == 1 { currencies[0] } else { "" });
    let cell = |k: usize, col: usize| (k * lines_per + col / 8, col % 8);
    let tag_of = |m: &[Line], k: usize| -> u16 {
        let (l, j) = cell(k, tag_at);
        match m[l].0[j] {
            0 => NO_CURRENCY,
            t => (t - 1) as u16,
        }
    };
    // adds `cells` (w of them, read by `get`) into the extra record of (k, c)
    let add_extra = |extra: &mut Groups, k: usize, c: u16, get: &dyn Fn(usize) -> i64| -> Result<()> {
        let t = extra.find(k as u128, u32::from(c), hash(k as u128, u32::from(c)));
        for col in 0..w {
            let j = HEAD + col;
            let x = &mut extra.records[t * extra_lines + j / 8].0[j % 8];
            *x = x.checked_add(get(col)).ok_or_else(overflowed)?;
        }
        Ok(())
    };
    for (m2, e2) in parts {
        for k in 0..kb {
            let (ta, tb) = (tag_of(&main, k), tag_of(&m2, k));
            if tb == NO_CURRENCY {
                continue;
            }
            if ta == NO_CURRENCY || ta == tb {
                for col in 0..w {
                    let (l, j) = cell(k, col);
                    main[l].0[j] = main[l].0[j].checked_add(m2[l].0[j]).ok_or_else(overflowed)?;
                }
                let (l, j) = cell(k, tag_at);
                main[l].0[j] = i64::from(tb) + 1;
            } else {
                // the other thread's first currency is this customer's second one here
                add_extra(&mut extra, k, tb, &|col| {
                    let (l, j) = cell(k, col);
                    m2[l].0[j]
                })?;
            }
        }
        for g in 0..e2.cap {
            if e2.word(g, 2) == 0 {
                continue;
            }
            let (k, c) = e2.key(g);
            let (k, c) = (k as usize, c as u16);
            let get = |col: usize| e2.word(g, HEAD + col) as i64;
            let t = tag_of(&main, k);
            if t == c || t == NO_CURRENCY {
                for col in 0..w {
                    let (l, j) = cell(k, col);
                    main[l].0[j] = main[l].0[j].checked_add(get(col)).ok_or_else(overflowed)?;
                }
                let (l, j) = cell(k, tag_at);
                main[l].0[j] = i64::from(c) + 1;
            } else {
                add_extra(&mut extra, k, c, &get)?;
            }
        }
    }
    let prim: Vec<u16> = (0..kb).map(|k| tag_of(&main, k)).collect();
    // the other currencies' records, in (customer, currency index) order
    let mut others: Vec<(u64, usize)> = (0..extra.cap)
        .filter(|&g| extra.word(g, 2) != 0)
        .map(|g| {
            let (k, c) = extra.key(g);
            (k as u64 * n_cur + u64::from(c), g)
        })
        .collect();
    // in customer order, then the currency codes' order
    let code_rank = currency_rank(&currencies.iter().map(|c| c.to_string()).collect::<Vec<_>>());
    let rank_of = |combo: u64| (combo / n_cur, code_rank[(combo % n_cur) as usize]);
    others.sort_unstable_by_key(|o| rank_of(o.0));
    let n_others = others.len();

    // Lay the rows out in key order, each customer's currencies in code order: its first
    // currency's line merged into the run of its other pairs.
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(kb.min(total) + n_others);
    let mut cells: Vec<i64> = Vec::with_capacity((kb.min(total) + n_others) * w);
    let mut e = 0;
    for k in 0..kb {
        let mut own = prim[k] != NO_CURRENCY;
        while e < n_others && others[e].0 / n_cur == k as u64 {
            let c = (others[e].0 % n_cur) as usize;
            if own && code_rank[usize::from(prim[k])] < code_rank[c] {
                keys.push((k as u64, u32::from(prim[k])));
                cells.extend((0..w).map(|col| main[k * lines_per + col / 8].0[col % 8]));
                own = false;
            }
            let g = others[e].1;
            keys.push((k as u64, c as u32));
            cells.extend((0..w).map(|col| extra.word(g, HEAD + col) as i64));
            e += 1;
        }
        if own {
            keys.push((k as u64, u32::from(prim[k])));
            cells.extend((0..w).map(|col| main[k * lines_per + col / 8].0[col % 8]));
        }
    }
    drop(main);
    let groups = keys.len();
    // Row totals must fit too (rows() sums them unchecked).
    for g in 0..groups {
        let row = &cells[g * w..(g + 1) * w];
        row_total(&row[..nb + usize::from(sep)]).ok_or_else(|| overflow_error(currencies[keys[g].1 as usize]))?;
    }
    let table = AgingTable {
        spec: spec.clone(),
        scale,
        currencies: currencies.iter().map(|s| s.to_string()).collect(),
        keys,
        cells,
    };
    debug_assert!(table
        .keys
        .windows(2)
        .all(|p| (p[0].0, code_rank[p[0].1 as usize]) < (p[1].0, code_rank[p[1].1 as usize])));
    Ok(table)
}

/// Whether, in the first rows (four per customer key, in row order), more than one customer in
/// 20 bills in several currencies: then [`age_sources`] gives every (customer, currency) pair
/// its own lines, as the first-currency scheme would send most of their rows to its slower
/// table of other currencies. Rows with a key or currency out of range are skipped here (the
/// pass reports them).
fn several_currencies<S: AgingSource>(sources: &[S], key_bound: usize, n_cur: u32) -> bool {
    // per customer key: 0 not seen, 1 + its first currency, or u8::MAX once it has another
    let mut first = vec![0u8; key_bound];
    let (mut seen, mut several) = (0usize, 0usize);
    let mut budget = key_bound.saturating_mul(4);
    for s in sources {
        for i in 0..s.len().min(budget) {
            let (k, c) = (s.customer(i), s.currency(i));
            if k >= key_bound as u64 || c >= n_cur {
                continue;
            }
            let f = &mut first[k as usize];
            if *f == 0 {
                *f = c as u8 + 1;
                seen += 1;
            } else if *f != u8::MAX && *f != c as u8 + 1 {
                *f = u8::MAX;
                several += 1;
            }
        }
        budget = budget.saturating_sub(s.len());
        if budget == 0 {
            break;
        }
    }
    several * 20 > seen
}

/// The error for the first row (over all sources, given as (rows, first invalid row)) whose
/// value a source could not give: an Arrow null.
pub(crate) fn first_null(sources: impl Iterator<Item = (usize, Option<(usize, &'static str)>)>) -> Result<()> {
    let mut offset = 0;
    for (len, invalid) in sources {
        if let Some((row, col)) = invalid {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                item_field(col, offset + row),
                "null",
                format!(
                    "row {} has no {col}: every open item needs a customer, currency, date and amount",
                    offset + row
                ),
            ));
        }
        offset += len;
    }
    Ok(())
}

/// No currency seen yet for a customer.
pub(crate) const NO_CURRENCY: u16 = u16::MAX;

pub(crate) struct RowError {
    pub(crate) row: usize,
    pub(crate) column: &'static str,
    pub(crate) value: String,
    pub(crate) reason: String,
    /// The kind, when the column alone does not tell it.
    pub(crate) kind: Option<ErrorKind>,
}

impl RowError {
    pub(crate) fn new(row: usize, column: &'static str, value: String, reason: &'static str) -> RowError {
        RowError { row, column, value, reason: reason.to_string(), kind: None }
    }

    /// Row `row`'s amount (`minor` units at `scale`) has more decimals than its currency.
    pub(crate) fn too_precise(row: usize, minor: i64, scale: u32, code: &str) -> RowError {
        let units = Currency::lookup(code).and_then(|c| c.minor_units).unwrap_or(0);
        RowError {
            row,
            column: "amount",
            value: Decimal::new(minor, scale).to_string(),
            reason: format!(
                "has more decimal places than {code} allows ({units}): round it before aging (nothing is rounded silently)"
            ),
            kind: Some(ErrorKind::InvalidAmount),
        }
    }

    pub(crate) fn into_error(self, currencies: &[&str]) -> Error {
        let kind = self.kind.unwrap_or(match self.column {
            "date" => ErrorKind::DateOutOfRange,
            "amount" => ErrorKind::Overflow,
            "currency" if currencies.is_empty() => ErrorKind::UnknownCurrency,
            _ => ErrorKind::InvalidRequest,
        });
        Error::new(kind, item_field(self.column, self.row), self.value, self.reason)
    }
}

/// What a row's amount (minor units at `scale`) must be a multiple of, per currency, to carry no
/// more decimals than the currency: `10^(scale - minor units)`, or 1.
pub(crate) struct Precision<'a> {
    scale: u32,
    codes: &'a [&'a str],
    divisors: Vec<i64>,
}

impl<'a> Precision<'a> {
    /// `None` when every currency has at least `scale` decimals (no row needs the check).
    pub(crate) fn of(codes: &'a [&'a str], scale: u32) -> Option<Precision<'a>> {
        let divisors: Vec<i64> = codes.iter().map(|c| divisor(c, scale)).collect();
        divisors.iter().any(|&d| d > 1).then_some(Precision { scale, codes, divisors })
    }

    /// `Err` when `amount` has more decimals than currency `c` allows.
    #[inline]
    fn check(&self, row: usize, amount: i64, c: u32) -> std::result::Result<(), RowError> {
        match self.divisors.get(c as usize) {
            Some(&d) if amount % d != 0 => Err(RowError::too_precise(row, amount, self.scale, self.codes[c as usize])),
            _ => Ok(()),
        }
    }
}

/// `10^(scale - minor units of code)` (1 when the currency has at least `scale` decimals or no
/// minor unit in ISO 4217).
pub(crate) fn divisor(code: &str, scale: u32) -> i64 {
    match Currency::lookup(code).and_then(|c| c.minor_units) {
        Some(units) if scale > u32::from(units) => 10i64.pow(scale - u32::from(units)),
        _ => 1,
    }
}

pub(crate) fn first_error<T>(results: Vec<std::result::Result<T, RowError>>) -> std::result::Result<Vec<T>, RowError> {
    let mut ok = Vec::with_capacity(results.len());
    let mut err: Option<RowError> = None;
    for r in results {
        match r {
            Ok(v) => ok.push(v),
            Err(e) => {
                if err.as_ref().is_none_or(|x| e.row < x.row) {
                    err = Some(e);
                }
            }
        }
    }
    match err {
        Some(e) => Err(e),
        None => Ok(ok),
    }
}
