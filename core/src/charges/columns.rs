//! The batch kernel: the late interest of a whole ledger over plain columns, on every core.
//!
//! Invoices are rows (due date, amount in minor units of their currency, currency index);
//! payments point at them by row ([`PaymentRows`]) or by id ([`match_payments`] turns ids into
//! rows). Each invoice's result equals [`interest()`](super::interest()) on the same claim,
//! errors included.
//!
//! How it is fast: interest is linear in the principal, so for simple interest an invoice's
//! numerator is `amount × (W[end] − W[due]) − Σ payment × (W[end] − W[max(due, paid)])`, where
//! `W` is the running sum of rate × day weight over the days of the batch (built once, a few
//! thousand entries): a few integer operations per invoice and payment, whatever the rate
//! changes and day counts. Compounding, a breakdown, an overpaid invoice or a day the rate table
//! does not cover take the general path, [`interest()`](super::interest())'s engine.

use std::sync::Mutex;

use chrono::NaiveDate;

use super::batch_checks::{check_invoice, check_lengths, check_rows, first_error, first_error_min, rule_error};
use super::day_count::Conventions;
use super::interest::{accrue, status_of, Compounding, Debt, InterestRule, InterestStatus, Rounder, Row, DENOM};
use super::presets::{Preset, PresetInput};
use super::rates::{Fixing, Rate, RatePlan};
use crate::calendar::{date_of_day_number, day_number, Calendar, MAX_DAY};
use crate::columnar::pieces::{run, split, worker_threads, PIECE};
use crate::columnar::MinorUnits;
use crate::error::{Error, ErrorKind, Result};
use crate::money::{Currency, MoneyRules, Rounding};

pub(crate) use super::grouping::{group_payments, Grouped};
pub use super::matching::{match_payments, match_positions, Unmatched};

/// The invoices of a batch: one entry per invoice in each column. The amounts are read at the
/// width the caller holds them ([`MinorUnits`]: `i64`, or `i128` as Arrow's `decimal128` stores
/// them, read in place); each must fit 64 bits.
#[derive(Debug, Clone, Copy)]
pub struct InvoiceRows<'a, T: MinorUnits = i64> {
    /// Due dates (day numbers, days since 1970-01-01).
    pub due_date: &'a [i32],
    /// Amounts owed at the due date, in minor units of each invoice's currency (its ISO 4217
    /// minor unit, or the batch's precision override): 1234.56 EUR is `123456`.
    pub amount: &'a [T],
    /// Index of each invoice's currency in `currencies`.
    pub currency: &'a [u16],
    /// The currency codes.
    pub currencies: &'a [&'a str],
    /// Invoice dates, if known: no payment may be dated before its invoice's.
    pub issue_date: Option<&'a [i32]>,
    /// Compute only these rows (strictly ascending, as a filter gives them); the results then
    /// have one entry per selected row, in this order. `None`: every row.
    pub rows: Option<&'a [u32]>,
}

/// The payments of a batch: one entry per payment (or credit note) in each column.
#[derive(Debug, Clone, Copy)]
pub struct PaymentRows<'a> {
    /// The row of the invoice each payment is on; `u32::MAX`: on no invoice of the batch
    /// (skipped unread, as [`match_payments`] marks them with [`Unmatched::Skip`]).
    pub invoice: &'a [u32],
    /// Payment dates (day numbers).
    pub date: &'a [i32],
    /// Amounts, positive, in minor units of the invoice's currency.
    pub amount: &'a [i64],
}

/// The rule of a batch: one interest rule for every invoice, or a statutory preset whose
/// version follows each invoice's obligation date (as [`Preset::regime`] gives it one claim).
#[derive(Debug, Clone, Copy)]
pub enum BatchRule<'a> {
    /// One rule for every invoice.
    Rule(&'a InterestRule),
    /// A statutory preset and the caller's data for it. The version of a preset versioned by
    /// the obligation date follows `input.obligation_date` when given, else each invoice's
    /// `issue_date`; RU art. 395 (versioned by the days of interest) needs neither.
    Preset {
        /// The preset ([`preset()`](super::preset())).
        preset: &'a Preset,
        /// The reference rates and the other data the preset needs.
        input: &'a PresetInput,
    },
}

impl<'a> From<&'a InterestRule> for BatchRule<'a> {
    fn from(rule: &'a InterestRule) -> BatchRule<'a> {
        BatchRule::Rule(rule)
    }
}

/// What a batch computes: the rule, the as-of date and how.
#[derive(Debug, Clone, Copy)]
pub struct InterestBatch<'a> {
    /// The interest rule of every invoice, or a statutory preset ([`BatchRule`]; a
    /// `&InterestRule` converts with `.into()`).
    pub rule: BatchRule<'a>,
    /// The as-of date (the last day of interest).
    pub as_of: NaiveDate,
    /// The rounding of every figure.
    pub rounding: &'a Rounding,
    /// The calendar of the rule's due-date roll.
    pub calendar: &'a Calendar,
    /// Threads (0: all cores from 50k invoices on).
    pub threads: usize,
    /// Whether to give the breakdown ([`PeriodColumns`]).
    pub breakdown: bool,
}

/// The breakdown of a batch as a flat table: invoice `i`'s lines are rows
/// `offsets[i] .. offsets[i + 1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodColumns {
    /// Line offsets per invoice (invoices + 1 entries).
    pub offsets: Vec<u32>,
    /// First day of each line (day number).
    pub from: Vec<i32>,
    /// Last day of each line (day number, inclusive).
    pub to: Vec<i32>,
    /// Days counted.
    pub days: Vec<i64>,
    /// Principal, minor units.
    pub principal: Vec<i64>,
    /// Annual rate in millionths of a percent (12.37 % is `12_370_000`).
    pub rate: Vec<i64>,
    /// Year length the days are divided by.
    pub day_basis: Vec<u16>,
    /// Interest of the line, minor units (the lines of an invoice sum to its interest).
    pub interest: Vec<i64>,
}

/// A piece's share of the outputs, taken by the thread that computes it.
type OutSlot<'a> = Mutex<Option<(&'a mut [i64], &'a mut [InterestStatus])>>;

/// The result of a batch: per invoice (per selected row when the batch has `rows`), its interest
/// and status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InterestColumns {
    /// Interest per invoice, minor units of its currency.
    pub interest: Vec<i64>,
    /// Status per invoice.
    pub status: Vec<InterestStatus>,
    /// Decimal places of each currency of the batch.
    pub scales: Vec<u32>,
    /// The breakdown, when asked for.
    pub periods: Option<PeriodColumns>,
    /// With a preset ([`BatchRule::Preset`]): per invoice, the first day of the preset's version
    /// that applies (day number); empty with a rule.
    pub version: Vec<i32>,
}

/// The late interest of every invoice of a batch.
///
/// ```
/// use arrears::charges::{interest_columns, InterestBatch, InterestRule, InvoiceRows, PaymentRows};
/// use arrears::{parse_date, Calendar, Rounding};
/// let day = |s| arrears::aging::day_number(parse_date("d", s).unwrap());
/// let rule = InterestRule::fixed("10.25".parse().unwrap());
/// let invoices = InvoiceRows { due_date: &[day("2025-03-01"), day("2025-06-01")], amount: &[100_000, 50_000],
///                              currency: &[0, 0], currencies: &["EUR"], issue_date: None, rows: None };
/// // 200.00 paid on invoice 0 on 2025-03-11: 1000.00 for 10 days, 800.00 for 20
/// let payments = PaymentRows { invoice: &[0], date: &[day("2025-03-11")], amount: &[20_000] };
/// let batch = InterestBatch { rule: (&rule).into(), as_of: parse_date("as_of", "2025-03-31")?, rounding: &Rounding::default(),
///                             calendar: &Calendar::default(), threads: 1, breakdown: false };
/// let out = interest_columns(&batch, &invoices, &payments)?;
/// assert_eq!(out.interest, [730, 0]); // 1000 x 10.25 % x 10/365 + 800 x 10.25 % x 20/365 = 7.3014
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// Fields are named as the object API names them, by row: `invoices[i].due_date`,
/// `invoices[i].amount`, `invoices[i].currency`, `invoices[i].issue_date`, `payments[j].date`,
/// `payments[j].amount`, `payments[j].invoice`; the rule's own fields under `rule.`
/// (`rule.reference.table.rates`; a preset's under `preset.`: `preset.reference_rates.rates`,
/// `preset.obligation_date`), the invoice that needed them in the reason; a column of another
/// length by its name (`invoices.due_date`, `payments.date`).
/// [`ErrorKind::InvalidRequest`] for columns of different lengths, a currency index out of the
/// list or a payment on a row that does not exist; [`ErrorKind::UnknownCurrency`];
/// [`ErrorKind::DateOutOfRange`] for a day number outside the supported dates;
/// [`ErrorKind::InvalidAmount`] for a negative amount or a payment that is not positive;
/// [`ErrorKind::InvalidDate`] for a payment before its invoice; the rule's errors as
/// [`interest()`](super::interest()), and a preset's as [`Preset::regime`].
///
/// ```
/// use arrears::charges::{interest_columns, InterestBatch, InterestRule, InvoiceRows, PaymentRows};
/// use arrears::{parse_date, Calendar, Rounding};
/// let rule = InterestRule::fixed("8".parse().unwrap());
/// let invoices = InvoiceRows { due_date: &[20000, 20010], amount: &[100, -5], currency: &[0, 0],
///                              currencies: &["EUR"], issue_date: None, rows: None };
/// let batch = InterestBatch { rule: (&rule).into(), as_of: parse_date("as_of", "2025-03-31")?,
///                             rounding: &Rounding::default(), calendar: &Calendar::default(), threads: 1, breakdown: false };
/// let none = PaymentRows { invoice: &[], date: &[], amount: &[] };
/// let e = interest_columns(&batch, &invoices, &none).unwrap_err();
/// assert_eq!((e.field(), e.value()), ("invoices[1].amount", "-5"));
/// # Ok::<(), arrears::Error>(())
/// ```
pub fn interest_columns<T: MinorUnits>(
    batch: &InterestBatch<'_>,
    invoices: &InvoiceRows<'_, T>,
    payments: &PaymentRows<'_>,
) -> Result<InterestColumns> {
    let rule = match batch.rule {
        BatchRule::Rule(rule) => rule,
        BatchRule::Preset { preset, input } => {
            return super::batch_preset::preset_columns(batch, preset, input, invoices, payments)
        }
    };
    let prep = Prep::new(batch, rule, invoices).map_err(|e| rule_error(e, None, false))?;
    let by_invoice = group_payments(invoices, payments, prep.end, batch.threads)?;
    prep.run(batch, invoices, &by_invoice)
        .map_err(|(i, e)| rule_error(super::batch_units::interest_in_units(e, batch, invoices, i), Some(i), false))
}

/// What every invoice of a batch shares: the currencies' rounding, the rolled due dates, and the
/// running sums of rate × weight.
pub(crate) struct Prep<'a> {
    pub(crate) end: i32,
    rounders: Vec<Rounder>,
    scales: Vec<u32>,
    /// The (rolled) due date of each computed row, by position; without a roll, the caller's
    /// column, by row ([`Prep::due_at`]).
    due: std::borrow::Cow<'a, [i32]>,
    /// The number of rows computed.
    count: usize,
    /// The earliest due date before the end (the end when none is).
    earliest: i32,
    /// The selected rows, if any.
    rows: Option<&'a [u32]>,
    plan: RatePlan<'a>,
    conv: Conventions,
    /// The first day of `w`: `w[k]` is the sum over days `base + 1 ..= base + k`.
    base: i32,
    /// Running sums of rate (millionths of a percent) × weight; with `fixed_at_start`, of weight only.
    w: Vec<i128>,
    /// The denominator of a numerator over `w` (the engine's, divided by the common factor of
    /// every entry of `w`, so that most numerators fit 64 bits and divide fast).
    den: i128,
    /// Days up to this one need the general path (the rate table does not cover them).
    fast_from: i32,
    fast: bool,
    per_start: bool,
    compound_months: i32,
    grace: u32,
}

impl<'a> Prep<'a> {
    pub(crate) fn new<T: MinorUnits>(
        batch: &InterestBatch<'a>,
        rule: &'a InterestRule,
        inv: &InvoiceRows<'a, T>,
    ) -> Result<Prep<'a>> {
        check_lengths(inv)?;
        let n = inv.amount.len();
        let mut rounders = Vec::with_capacity(inv.currencies.len());
        let mut scales = Vec::with_capacity(inv.currencies.len());
        for (k, c) in inv.currencies.iter().enumerate() {
            if Currency::lookup(c).is_none() && batch.rounding.precision.is_none() {
                return Err(Error::new(
                    ErrorKind::UnknownCurrency,
                    format!("currencies[{k}]"),
                    *c,
                    "not in the current ISO 4217 list",
                ));
            }
            let rules = MoneyRules::new(c, batch.rounding).map_err(|e| e.within(&format!("currencies[{k}]")))?;
            rounders.push(Rounder::new(&rules)?);
            scales.push(rules.scale());
        }
        rule.check()?;
        let end = day_number(batch.as_of);
        let roll = rule.due_date_roll;
        let count = check_rows(inv.rows, n)?;
        let row = |k: usize| inv.rows.map_or(k, |r| r[k] as usize);
        // each row checked, and the earliest due date before the end found in the same pass
        let early = |d: i32| if d < end { i64::from(d) } else { i64::MAX };
        let least = if roll.is_none() {
            first_error_min(count, batch.threads, |k| check_invoice(inv, row(k)).map(|()| early(inv.due_date[row(k)])))?
        } else {
            first_error(count, batch.threads, |k| check_invoice(inv, row(k)))?;
            i64::MAX
        };
        let due: std::borrow::Cow<'a, [i32]> = if roll.is_none() {
            // read by row: no copy of the selected rows' due dates
            std::borrow::Cow::Borrowed(inv.due_date)
        } else {
            let mut v = Vec::with_capacity(count);
            for k in 0..count {
                let i = row(k);
                let date = date_of_day_number("", inv.due_date[i])?;
                v.push(day_number(
                    batch.calendar.adjust(date, roll).map_err(|e| e.within(&format!("invoices[{i}].due_date")))?,
                ));
            }
            std::borrow::Cow::Owned(v)
        };
        let earliest = match &due {
            std::borrow::Cow::Borrowed(_) => i32::try_from(least).unwrap_or(end),
            std::borrow::Cow::Owned(v) => v.iter().copied().filter(|&d| d < end).min().unwrap_or(end),
        };
        let plan = RatePlan::new(&rule.rate, rule.floor.as_ref())?;
        let per_start = matches!(&rule.rate, Rate::Reference(r) if r.fixing == Fixing::FixedAtStart)
            || rule.floor.as_ref().is_some_and(|f| f.fixing == Fixing::FixedAtStart);
        let fast = rule.compounding == Compounding::None && !batch.breakdown && !(per_start && rule.floor.is_some());
        let compound_months = match rule.compounding {
            Compounding::None => 0,
            Compounding::Monthly => 1,
            Compounding::Annual => 12,
        };
        let mut prep = Prep {
            end,
            rounders,
            scales,
            due,
            count,
            earliest,
            rows: inv.rows,
            plan,
            conv: rule.conventions(),
            base: end,
            w: vec![0],
            den: DENOM,
            fast_from: i32::MIN,
            fast,
            per_start,
            compound_months,
            grace: rule.grace_days,
        };
        if fast {
            prep.build_sums();
        }
        Ok(prep)
    }

    /// Builds `w` over the days from the earliest due date before the end through the end.
    fn build_sums(&mut self) {
        let base = self.earliest;
        self.base = base;
        let len = (self.end - base) as usize;
        let mut w = Vec::with_capacity(len + 1);
        w.push(0i128);
        let mut acc = 0i128;
        let mut g = DENOM;
        let mut t = base + 1;
        while t <= self.end {
            let (micro, through) = if self.per_start {
                (1, MAX_DAY)
            } else {
                match self.plan.on(t, t) {
                    Ok(r) => (r.micro, r.through),
                    Err(_) => {
                        // not covered: invoices needing this day take the general path
                        self.fast_from = t;
                        (0, t)
                    }
                }
            };
            let (_, dc_through) = self.conv.at(t);
            let e = self.end.min(through).min(dc_through);
            for day in t..=e {
                let step = i128::from(micro) * i128::from(self.conv.weight(day, day));
                g = gcd(g, step);
                acc += step;
                w.push(acc);
            }
            t = e + 1;
        }
        // every entry and the denominator share the factor g: divide it out, exactly
        for x in w.iter_mut() {
            *x /= g;
        }
        self.den = DENOM / g;
        self.w = w;
    }

    /// The (rolled) due date of the row computed at position `k`.
    #[inline]
    fn due_at(&self, k: usize) -> i32 {
        match (&self.due, self.rows) {
            (std::borrow::Cow::Borrowed(d), Some(rows)) => d[rows[k] as usize],
            (d, _) => d[k],
        }
    }

    #[inline]
    fn sum(&self, day: i32) -> i128 {
        self.w[(day - self.base) as usize]
    }

    /// Runs every invoice on the worker threads; an error with the row of the first bad invoice.
    pub(crate) fn run<T: MinorUnits>(
        &self,
        batch: &InterestBatch<'_>,
        inv: &InvoiceRows<'_, T>,
        grouped: &Grouped,
    ) -> std::result::Result<InterestColumns, (usize, Error)> {
        let n = self.count;
        let row = |k: usize| self.rows.map_or(k, |r| r[k] as usize);
        // zeroed memory the system hands out lazily: each page is first touched by the thread
        // that computes its rows (no pass over it here), a row not due never written
        let mut interest = vec![0i64; n];
        let mut status = crate::columnar::memory::filled(n, InterestStatus::NotDue);
        let pieces = split([n]);
        let slots: Vec<OutSlot<'_>> =
            interest.chunks_mut(PIECE).zip(status.chunks_mut(PIECE)).map(|c| Mutex::new(Some(c))).collect();
        let threads = worker_threads(batch.threads, n);
        let divs: Vec<FastRound> = self.rounders.iter().map(|r| FastRound::new(*r, self.den)).collect();
        let results = run(&pieces, threads, |claim| {
            let mut rows: Vec<(usize, Vec<u32>, Vec<Row>)> = Vec::new();
            let mut scratch = Vec::new();
            for piece in claim {
                let k = piece.start / PIECE;
                let taken = slots[k].lock().map(|mut s| s.take()).unwrap_or(None);
                let Some((out, st)) = taken else { continue };
                let mut counts = Vec::new();
                let mut lines = Vec::new();
                let mut cur = grouped.first_at(row(piece.start));
                for k in piece.start..piece.end {
                    let i = row(k);
                    while cur < grouped.inv.len() && (grouped.inv[cur] as usize) < i {
                        cur += 1;
                    }
                    let first = cur;
                    while cur < grouped.inv.len() && grouped.inv[cur] as usize == i {
                        cur += 1;
                    }
                    let due = self.due_at(k);
                    if due >= self.end {
                        // not due: the outputs start as 0 and NotDue
                        if batch.breakdown {
                            counts.push(0);
                        }
                        continue;
                    }
                    if self.fast
                        && first == cur
                        && due >= self.fast_from
                        && self.end > due.saturating_add(self.grace as i32)
                    {
                        // the common case: no payment, every day covered, no grace question
                        let amount: i128 = inv.amount[i].into();
                        if amount > 0 {
                            let num = self.numerator(amount, due, &[], due + 1).map_err(|e| (i, e))?;
                            out[k - piece.start] =
                                to_i64(divs[usize::from(inv.currency[i])].round(num)).map_err(|e| (i, e))?;
                            st[k - piece.start] = InterestStatus::Charged;
                            continue;
                        }
                    }
                    let before = lines.len();
                    let want = batch.breakdown.then_some(&mut lines);
                    let div = &divs[usize::from(inv.currency[i])];
                    let pays = &grouped.at[first..cur];
                    let (v, s) = self.one(inv, pays, (k, i), &mut scratch, want, div).map_err(|e| (i, e))?;
                    out[k - piece.start] = v;
                    st[k - piece.start] = s;
                    if batch.breakdown {
                        counts.push((lines.len() - before) as u32);
                    }
                }
                if batch.breakdown {
                    rows.push((k, counts, lines));
                }
            }
            Ok::<_, (usize, Error)>(rows)
        });
        let mut parts = Vec::new();
        let mut first_bad: Option<(usize, Error)> = None;
        for r in results {
            match r {
                Ok(p) => parts.extend(p),
                Err((i, e)) if first_bad.as_ref().is_none_or(|(j, _)| i < *j) => first_bad = Some((i, e)),
                Err(_) => {}
            }
        }
        if let Some(bad) = first_bad {
            return Err(bad);
        }
        drop(slots);
        let periods = batch.breakdown.then(|| assemble(n, parts));
        Ok(InterestColumns { interest, status, scales: self.scales.clone(), periods, version: Vec::new() })
    }

    /// One invoice: (interest in minor units, status), its breakdown lines pushed to `lines`.
    #[inline]
    fn one<T: MinorUnits>(
        &self,
        inv: &InvoiceRows<'_, T>,
        pays: &[(i32, i64)],
        (k, i): (usize, usize),
        scratch: &mut Vec<(i32, i128)>,
        lines: Option<&mut Vec<Row>>,
        div: &FastRound,
    ) -> Result<(i64, InterestStatus)> {
        let due = self.due_at(k);
        if self.end <= due {
            return Ok((0, InterestStatus::NotDue));
        }
        let amount: i128 = inv.amount[i].into();
        let rounder = self.rounders[usize::from(inv.currency[i])];
        if self.fast
            && pays.is_empty()
            && due + 1 > self.fast_from
            && amount > 0
            && self.end > due.saturating_add(self.grace as i32)
        {
            // the common case: no payment, no grace question
            let num = self.numerator(amount, due, &[], due + 1)?;
            return Ok((to_i64(div.round(num))?, InterestStatus::Charged));
        }
        scratch.clear();
        scratch.extend(pays.iter().map(|&(d, a)| (d, i128::from(a))));
        scratch.sort_by_key(|e| e.0);
        // (the due date as a date only for the engine below: the status reads day numbers)
        let mut debt = Debt {
            due,
            end: self.end,
            amount,
            events: scratch,
            since: i32::MIN,
            compound_months: self.compound_months,
            due_date: NaiveDate::MIN,
        };
        let (status, _, _, _) = status_of(&debt, self.grace);
        if status != InterestStatus::Charged {
            return Ok((0, status));
        }
        let paid: i128 = debt.events.iter().map(|e| e.1).sum();
        if self.fast && due + 1 > self.fast_from && paid <= amount {
            let num = self.numerator(amount, due, debt.events, due + 1)?;
            return Ok((to_i64(div.round(num))?, status));
        }
        debt.due_date = date_of_day_number("due_date", due)?;
        let mut rows = Vec::new();
        let total = accrue(&debt, &self.plan, &self.conv, rounder, lines.is_some().then_some(&mut rows))?;
        if let Some(lines) = lines {
            lines.extend(rows);
        }
        Ok((to_i64(total)?, status))
    }

    /// `amount × (W[end] − W[due]) − Σ payment × (W[end] − W[max(due, paid)])`, times the rate
    /// of the first day when the rate is fixed at the start.
    #[inline]
    fn numerator(&self, amount: i128, due: i32, pays: &[(i32, i128)], first: i32) -> Result<i128> {
        let top = self.sum(self.end);
        let mut num = amount.checked_mul(top - self.sum(due)).ok_or_else(too_big)?;
        for &(d, a) in pays {
            if d < self.end {
                num = num
                    .checked_sub(a.checked_mul(top - self.sum(d.max(due))).ok_or_else(too_big)?)
                    .ok_or_else(too_big)?;
            }
        }
        if self.per_start {
            num = num.checked_mul(i128::from(self.plan.on(first, first)?.micro)).ok_or_else(too_big)?;
        }
        Ok(num)
    }
}

/// Half-up rounding of numerators over one denominator by a multiplication instead of a
/// division (the denominator is the same for every invoice of a currency); other modes, and
/// numerators beyond 64 bits, go through [`Rounder::round_over`].
#[derive(Clone, Copy)]
struct FastRound {
    rounder: Rounder,
    den: i128,
    /// den × step, and floor(2^64 / it) (0: no fast path).
    d: u64,
    m: u64,
}

impl FastRound {
    fn new(rounder: Rounder, den: i128) -> FastRound {
        let full = den * rounder.step;
        let (d, m) = match (rounder.mode, u64::try_from(full)) {
            (crate::money::RoundingMode::HalfUp, Ok(d)) if (2..(1 << 62)).contains(&d) => {
                (d, ((1u128 << 64) / u128::from(d)) as u64)
            }
            _ => (0, 0),
        };
        FastRound { rounder, den, d, m }
    }

    #[inline]
    fn round(&self, num: i128) -> i128 {
        if self.m != 0 {
            if let Ok(n) = i64::try_from(num) {
                // (|n| + d/2) / d, with a quotient estimate that is exact or one short
                let x = n.unsigned_abs() + self.d / 2;
                let mut q = ((u128::from(x) * u128::from(self.m)) >> 64) as u64;
                if u128::from(q + 1) * u128::from(self.d) <= u128::from(x) {
                    q += 1;
                }
                let q = i128::from(q) * self.rounder.step;
                return if n < 0 { -q } else { q };
            }
        }
        self.rounder.round_over(num, self.den)
    }
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    (a, b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

fn too_big() -> Error {
    Error::new(ErrorKind::Overflow, "amount", "", "the interest numerator would exceed 128 bits")
}

fn to_i64(v: i128) -> Result<i64> {
    i64::try_from(v).map_err(|_| {
        Error::new(ErrorKind::Overflow, "interest", v.to_string(), "the interest does not fit 64-bit minor units")
    })
}

/// The pieces' breakdown lines in invoice order.
fn assemble(n: usize, mut parts: Vec<(usize, Vec<u32>, Vec<Row>)>) -> PeriodColumns {
    parts.sort_by_key(|p| p.0);
    let mut out = PeriodColumns { offsets: Vec::with_capacity(n + 1), ..PeriodColumns::default() };
    out.offsets.push(0);
    let mut at = 0u32;
    for (_, counts, lines) in parts {
        for c in counts {
            at += c;
            out.offsets.push(at);
        }
        for r in lines {
            out.from.push(r.from);
            out.to.push(r.to);
            out.days.push(r.days);
            out.principal.push(i64::try_from(r.principal).unwrap_or(i64::MAX));
            out.rate.push(r.micro);
            out.day_basis.push(r.basis as u16);
            out.interest.push(i64::try_from(r.interest).unwrap_or(i64::MAX));
        }
    }
    out
}
