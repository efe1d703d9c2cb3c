//! Schedules for a whole list of invoices in one call, over plain columns (see the `arrears::batch`
//! docs for the layout and an example).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::{date_of_day_number, day_number};
use crate::error::{Error, ErrorKind, Result};
use crate::money::{MoneyRules, RoundingMode};
use crate::terms::{schedule_with_discount_base, DiscountBase, LineDue, ScheduleOptions};
use crate::terms::{DiscountAmount, LineAmount, PaymentTerms};

/// The invoices of a batch, one entry per invoice in each column.
#[derive(Debug, Clone, Copy)]
pub struct InvoiceColumns<'a> {
    /// Invoice totals in minor units of their currency (negative for credit notes).
    pub total: &'a [i64],
    /// Index of each invoice's currency in the batch's currency list.
    pub currency: &'a [u16],
    /// Base dates (invoice, delivery or receipt date) as day numbers.
    pub base_date: &'a [i32],
    /// Index of each invoice's terms in the batch's terms list; `None`: all use the first.
    pub terms: Option<&'a [u32]>,
}

/// The installments of a batch, columnar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScheduleColumns {
    /// Invoice `i`'s installments are rows `offsets[i] .. offsets[i + 1]` (len = invoices + 1).
    pub offsets: Vec<u32>,
    /// Term line of each installment.
    pub line: Vec<u32>,
    /// Due date of each installment (day number).
    pub due_date: Vec<i32>,
    /// Amount of each installment in minor units of its invoice's currency.
    pub amount: Vec<i64>,
    /// Scale (decimal places) of each currency of the batch, in the currency list's order.
    pub scales: Vec<u32>,
    /// Installment `k`'s discount tiers are rows `discount_offsets[k] .. discount_offsets[k + 1]`
    /// of the discount columns (len = installments + 1).
    pub discount_offsets: Vec<u32>,
    /// Last day (inclusive) of each discount tier (day number).
    pub discount_deadline: Vec<i32>,
    /// Discount of each tier in minor units (the payable amount is the installment's less it).
    pub discount_amount: Vec<i64>,
}

impl ScheduleColumns {
    /// The number of invoices.
    pub fn invoices(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// The number of installments.
    pub fn len(&self) -> usize {
        self.amount.len()
    }

    /// Whether there is no installment.
    pub fn is_empty(&self) -> bool {
        self.amount.is_empty()
    }
}

fn minor(v: Decimal, scale: u32) -> Result<i64> {
    let mut v = v;
    v.rescale(scale);
    i64::try_from(v.mantissa())
        .map_err(|_| Error::new(ErrorKind::Overflow, "amount", v.to_string(), "does not fit 64-bit minor units"))
}

/// Schedules every invoice of the batch, as [`crate::schedule()`] would one by one.
///
/// Invoices whose terms and currency fit the integer path (no cash increment, no
/// `percent_of_remainder` line, percents with few decimals, equal groups of reasonable size) are
/// scheduled in minor units with `i128` arithmetic, rounding each figure exactly as
/// [`crate::MoneyRules::round`] does; any other invoice, and any invoice the integer path finds
/// an error in, goes through [`crate::schedule()`] itself, so results and errors are the same.
///
/// # Errors
/// [`ErrorKind::InvalidRequest`] for columns of different lengths (naming the column), an empty
/// terms list, or a terms index out of range (`invoices[i].terms`); [`ErrorKind::UnknownCurrency`] for a
/// code of the list (`currencies[j]`) or an index out of it (`invoices[i].currency`);
/// [`ErrorKind::DateOutOfRange`] for `invoices[i].base_date`; and the errors of [`crate::schedule()`]
/// for invoice `i`, with the field prefixed by `invoices[i].`.
pub fn schedule_columns(
    terms: &[PaymentTerms],
    currencies: &[&str],
    options: &ScheduleOptions,
    invoices: &InvoiceColumns<'_>,
) -> Result<ScheduleColumns> {
    let n = invoices.total.len();
    let check_len = |name: &str, len: usize| {
        if len != n {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                name,
                len.to_string(),
                format!("columns of different lengths: {name} has {len} rows, total has {n}"),
            ));
        }
        Ok(())
    };
    check_len("currency", invoices.currency.len())?;
    check_len("base_date", invoices.base_date.len())?;
    if let Some(t) = invoices.terms {
        check_len("terms", t.len())?;
    }
    if terms.is_empty() {
        return Err(Error::new(ErrorKind::InvalidRequest, "terms", "[]", "at least one payment terms"));
    }
    let mut rules = Vec::with_capacity(currencies.len());
    for (j, c) in currencies.iter().enumerate() {
        rules.push(
            MoneyRules::new(c, &options.rounding)
                .map_err(|e| Error::new(e.kind(), format!("currencies[{j}]"), e.value(), e.reason()))?,
        );
    }
    let mut out = ScheduleColumns {
        offsets: Vec::with_capacity(n + 1),
        line: Vec::with_capacity(n * 2),
        due_date: Vec::with_capacity(n * 2),
        amount: Vec::with_capacity(n * 2),
        scales: rules.iter().map(|r| r.scale()).collect(),
        discount_offsets: Vec::with_capacity(n * 2 + 1),
        discount_deadline: Vec::new(),
        discount_amount: Vec::new(),
    };
    out.offsets.push(0);
    out.discount_offsets.push(0);
    // The integer plan of each (terms, currency) pair, built on first use: money rules and
    // line constants are resolved once per batch, not once per invoice.
    let mut plans = Plans::new(terms.len(), rules.len());
    let mut scratch = Vec::new();
    for i in 0..n {
        let c = usize::from(invoices.currency[i]);
        let r = rules.get(c).ok_or_else(|| {
            Error::new(
                ErrorKind::UnknownCurrency,
                format!("invoices[{i}].currency"),
                c.to_string(),
                format!("currency index outside the list of {} currencies", currencies.len()),
            )
        })?;
        let t = invoices.terms.map_or(0, |t| t[i] as usize);
        let term = terms.get(t).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidRequest,
                format!("invoices[{i}].terms"),
                t.to_string(),
                "terms index outside the terms list",
            )
        })?;
        let day = invoices.base_date[i];
        // The field name is only formatted for the error.
        let base =
            date_of_day_number("", day).or_else(|_| date_of_day_number(&format!("invoices[{i}].base_date"), day))?;
        let plan = plans.get(t, c, || Plan::new(term, r));
        if let Some(plan) = plan {
            let mark = Mark::of(&out);
            if plan.run(term, options, invoices.total[i], base, day, &mut scratch, &mut out).is_some() {
                out.offsets.push(out.amount.len() as u32);
                continue;
            }
            // The integer path stops at anything unusual (an error, a figure out of its range):
            // undo its rows and let `schedule()` give the result or the error.
            mark.reset(&mut out);
        }
        let total = Decimal::new(invoices.total[i], r.scale());
        let s = schedule_with_discount_base(total, r.currency(), base, term, options, DiscountBase::Gross)
            .map_err(|e| e.within(&format!("invoices[{i}]")))?;
        for inst in &s.installments {
            out.line.push(inst.line as u32);
            out.due_date.push(day_number(inst.due_date));
            out.amount.push(minor(inst.amount, r.scale())?);
            for d in &inst.discounts {
                out.discount_deadline.push(day_number(d.deadline));
                out.discount_amount.push(minor(d.discount, r.scale())?);
            }
            out.discount_offsets.push(out.discount_amount.len() as u32);
        }
        out.offsets.push(out.amount.len() as u32);
    }
    Ok(out)
}

/// The plans of the (terms, currency) pairs a batch uses, each built on first use. The index is
/// dense while the pairs are few, a map when the lists are long (a terms list per invoice), so
/// memory follows the pairs used, not terms x currencies.
struct Plans {
    currencies: usize,
    dense: Vec<u32>,
    sparse: std::collections::HashMap<(usize, usize), u32>,
    plans: Vec<Option<Plan>>,
}

const UNBUILT: u32 = u32::MAX;

impl Plans {
    fn new(terms: usize, currencies: usize) -> Plans {
        let pairs = terms.saturating_mul(currencies);
        let dense = if pairs <= 1 << 16 { vec![UNBUILT; pairs] } else { Vec::new() };
        Plans { currencies, dense, sparse: std::collections::HashMap::new(), plans: Vec::new() }
    }

    fn get(&mut self, t: usize, c: usize, build: impl FnOnce() -> Option<Plan>) -> Option<&mut Plan> {
        let slot = if self.dense.is_empty() {
            self.sparse.entry((t, c)).or_insert(UNBUILT)
        } else {
            &mut self.dense[t * self.currencies + c]
        };
        if *slot == UNBUILT {
            *slot = self.plans.len() as u32;
            self.plans.push(build());
        }
        self.plans[*slot as usize].as_mut()
    }
}

/// Column lengths before an invoice, to undo its rows.
struct Mark {
    rows: usize,
    discount_offsets: usize,
    discounts: usize,
}

impl Mark {
    fn of(out: &ScheduleColumns) -> Mark {
        Mark {
            rows: out.amount.len(),
            discount_offsets: out.discount_offsets.len(),
            discounts: out.discount_amount.len(),
        }
    }

    fn reset(&self, out: &mut ScheduleColumns) {
        out.line.truncate(self.rows);
        out.due_date.truncate(self.rows);
        out.amount.truncate(self.rows);
        out.discount_offsets.truncate(self.discount_offsets);
        out.discount_deadline.truncate(self.discounts);
        out.discount_amount.truncate(self.discounts);
    }
}

/// The largest mantissa of a [`Decimal`] (2^96 - 1): a product below it is exact in `Decimal`.
const DECIMAL_MANTISSA_MAX: i128 = (1 << 96) - 1;
/// The most decimals a percent may have on the integer path (the products stay exact).
const MAX_PERCENT_SCALE: u32 = 12;
/// The largest equal group on the integer path: `Decimal` computes `rest / k` to 28 significant
/// digits, at least 9 decimals of a minor unit here, so with `k` this small the rounded quotient
/// never crosses a rounding boundary the exact one does not.
const MAX_EQUAL_GROUP: usize = 1_000_000;

/// A percent as an integer ratio: the value `x * p / 100` is `x * num / den`.
#[derive(Debug, Clone, Copy)]
struct Pct {
    num: i128,
    /// `10^(scale + 2)`.
    den: i128,
    /// `common_den / den`, to add the exact shares of several lines.
    widen: i128,
}

#[derive(Debug, Clone, Copy)]
enum PlanAmount {
    Percent(Pct),
    /// The amount in minor units (positive; it takes the total's sign).
    Fixed(i128),
    Residual,
}

#[derive(Debug, Clone, Copy)]
enum PlanDiscount {
    Percent(Pct),
    Fixed(i128),
}

/// One (terms, currency) pair resolved for the integer path.
#[derive(Debug, Clone)]
struct Plan {
    amounts: Vec<PlanAmount>,
    discounts: Vec<Vec<PlanDiscount>>,
    mode: RoundingMode,
    /// `|total|` may be at most this many minor units (10^18 in the currency, as `check_magnitude`).
    limit: i128,
    /// The common denominator of the exact (unrounded) shares, `10^(max percent scale + 2)`.
    common_den: i128,
    /// Where the balance line or the equal group starts.
    residual_start: Option<usize>,
    /// Whether the residual group is an equal group (else a balance line).
    equal: bool,
    /// Due dates by base date, reused across the invoices of the batch that share one.
    dates: DateMemo,
}

/// A direct-mapped cache of due dates and discount deadlines (day numbers) by base date: invoices
/// of a batch share few base dates, and the rules only depend on it. An entry is the base day,
/// then each line's due day, then each line's discount deadlines in order; a day that cannot be
/// computed (an error) is [`NO_DAY`], which sends the invoice to the general path.
#[derive(Debug, Clone)]
struct DateMemo {
    /// Entries (a power of two), from MEMO_MIN_SLOTS up to MEMO_MAX_SLOTS.
    slots: usize,
    /// Invoices served so far.
    uses: usize,
    stride: usize,
    /// Where line `i`'s discount deadlines start inside an entry.
    deadlines_at: Vec<usize>,
    data: Vec<i32>,
}

const MEMO_MIN_SLOTS: usize = 16;
const MEMO_MAX_SLOTS: usize = 4096;

/// An empty memo entry, or a date the rules cannot compute (day numbers never reach it).
const NO_DAY: i32 = i32::MIN;

impl DateMemo {
    fn new(terms: &PaymentTerms) -> DateMemo {
        let lines = terms.lines();
        let mut deadlines_at = Vec::with_capacity(lines.len());
        let mut at = 1 + lines.len();
        for l in lines {
            deadlines_at.push(at);
            at += l.discounts.len();
        }
        DateMemo { slots: MEMO_MIN_SLOTS, uses: 0, stride: at, deadlines_at, data: Vec::new() }
    }

    /// Where the entry of `base_day` starts in `data`, computed on a miss.
    fn entry(&mut self, terms: &PaymentTerms, options: &ScheduleOptions, base: NaiveDate, base_day: i32) -> usize {
        // Grow with use, so a pair used by few invoices (terms per invoice) stays small.
        self.uses += 1;
        if self.uses > 2 * self.slots && self.slots < MEMO_MAX_SLOTS {
            self.slots *= 2;
            self.data.clear();
        }
        if self.data.is_empty() {
            self.data = vec![NO_DAY; self.slots * self.stride];
        }
        let start = (base_day as u32 as usize & (self.slots - 1)) * self.stride;
        let entry = &mut self.data[start..start + self.stride];
        if entry[0] != base_day {
            // The single path's own date rules ([`LineDue`]): a date it rejects is NO_DAY here,
            // and the invoice goes to `schedule()` for the error.
            let (calendar, adjustment) = (&options.calendar, terms.adjustment());
            entry[0] = base_day;
            for (i, l) in terms.lines().iter().enumerate() {
                let due = LineDue::of(&l.due, base, calendar, adjustment).ok();
                entry[1 + i] = due.map_or(NO_DAY, |d| day_number(d.adjusted));
                for (j, d) in l.discounts.iter().enumerate() {
                    let deadline = due.and_then(|due| due.deadline(&d.due, base, calendar, adjustment).ok());
                    entry[self.deadlines_at[i] + j] = deadline.map_or(NO_DAY, day_number);
                }
            }
        }
        start
    }
}

fn pow10(e: u32) -> i128 {
    10i128.pow(e)
}

/// `v` in minor units at `scale`, if it has no more decimals than that.
fn units(v: Decimal, scale: u32) -> Option<i128> {
    let v = v.normalize();
    (v.scale() <= scale).then(|| v.mantissa() * pow10(scale - v.scale()))
}

impl Plan {
    /// `None` when the pair needs the general path.
    fn new(terms: &PaymentTerms, rules: &MoneyRules) -> Option<Plan> {
        if rules.cash_increment().is_some() {
            return None;
        }
        let scale = rules.scale();
        let lines = terms.lines();
        let mut max_pscale = 0;
        let mut note = |p: Decimal| -> Option<()> {
            let ps = p.scale();
            if ps > MAX_PERCENT_SCALE || scale + ps + 2 > 28 {
                return None;
            }
            max_pscale = max_pscale.max(ps);
            Some(())
        };
        for l in lines {
            match l.amount {
                LineAmount::Percent(p) => note(p)?,
                LineAmount::PercentOfRemainder(_) => return None,
                _ => {}
            }
            for d in &l.discounts {
                if let DiscountAmount::Percent(p) = d.amount {
                    note(p)?;
                }
            }
        }
        let common_den = pow10(max_pscale + 2);
        let pct = |p: Decimal| {
            let den = pow10(p.scale() + 2);
            Pct { num: p.mantissa(), den, widen: common_den / den }
        };
        let mut amounts = Vec::with_capacity(lines.len());
        let mut discounts = Vec::with_capacity(lines.len());
        for l in lines {
            amounts.push(match l.amount {
                LineAmount::Percent(p) => PlanAmount::Percent(pct(p)),
                LineAmount::Fixed(v) => PlanAmount::Fixed(units(v, scale)?),
                LineAmount::Balance | LineAmount::Equal => PlanAmount::Residual,
                LineAmount::PercentOfRemainder(_) => return None,
            });
            let mut ds = Vec::with_capacity(l.discounts.len());
            for d in &l.discounts {
                ds.push(match d.amount {
                    DiscountAmount::Percent(p) => PlanDiscount::Percent(pct(p)),
                    DiscountAmount::Fixed(v) => PlanDiscount::Fixed(units(v, scale)?),
                });
            }
            discounts.push(ds);
        }
        let residual_start = lines.iter().position(|l| l.amount.is_residual());
        let equal = residual_start.is_some_and(|s| lines[s].amount == LineAmount::Equal);
        if equal && residual_start.is_some_and(|s| lines.len() - s > MAX_EQUAL_GROUP) {
            return None;
        }
        Some(Plan {
            amounts,
            discounts,
            mode: rules.mode(),
            limit: crate::money::MAX_AMOUNT.mantissa() * pow10(scale) / pow10(crate::money::MAX_AMOUNT.scale()),
            common_den,
            residual_start,
            equal,
            dates: DateMemo::new(terms),
        })
    }

    /// Schedules one invoice into `out` (rows and discount rows; not `offsets`). `None`: the
    /// invoice needs the general path (which gives the same result, or the error).
    #[allow(clippy::too_many_arguments)]
    fn run(
        &mut self,
        terms: &PaymentTerms,
        options: &ScheduleOptions,
        total: i64,
        base: NaiveDate,
        base_day: i32,
        amounts: &mut Vec<i128>,
        out: &mut ScheduleColumns,
    ) -> Option<()> {
        let total = i128::from(total);
        if total.abs() > self.limit {
            return None;
        }
        if total == 0 {
            out.line.push(0);
            out.due_date.push(base_day);
            out.amount.push(0);
            out.discount_offsets.push(out.discount_amount.len() as u32);
            return Some(());
        }
        self.split(total, options.allow_negative_balance, amounts)?;
        let start = self.dates.entry(terms, options, base, base_day);
        let days = &self.dates.data[start..start + self.dates.stride];
        for (i, &amount) in amounts.iter().enumerate() {
            if amount == 0 {
                continue;
            }
            let date = days[1 + i];
            if date == NO_DAY {
                return None;
            }
            out.line.push(i as u32);
            out.due_date.push(date);
            out.amount.push(i64::try_from(amount).ok()?);
            let deadlines = &days[self.dates.deadlines_at[i]..];
            for (&deadline, plan) in deadlines.iter().zip(&self.discounts[i]) {
                if deadline == NO_DAY {
                    return None;
                }
                let discount = match *plan {
                    PlanDiscount::Percent(p) => {
                        if amount.abs() > self.limit {
                            return None;
                        }
                        round_div(exact_product(amount, p.num)?, p.den, self.mode)
                    }
                    PlanDiscount::Fixed(v) => {
                        if v > amount.abs() {
                            return None;
                        }
                        v * amount.signum()
                    }
                };
                out.discount_deadline.push(deadline);
                out.discount_amount.push(i64::try_from(discount).ok()?);
            }
            out.discount_offsets.push(out.discount_amount.len() as u32);
        }
        Some(())
    }

    /// The amount of every line in minor units, as `schedule::split` computes them.
    fn split(&self, total: i128, allow_negative: bool, amounts: &mut Vec<i128>) -> Option<()> {
        let n = self.amounts.len();
        amounts.clear();
        amounts.resize(n, 0);
        let sign = total.signum();
        let absorber = if self.residual_start.is_none() { Some(n - 1) } else { None };
        let end = self.residual_start.unwrap_or(n);
        let mut allocated: i128 = 0;
        // The exact shares so far, in units of 1 / common_den minor units.
        let mut raw_allocated: i128 = 0;
        let bound = total.abs().checked_mul(self.common_den)?;
        for (i, (slot, plan)) in amounts.iter_mut().zip(&self.amounts).take(end).enumerate() {
            if Some(i) == absorber {
                *slot = total - allocated;
                allocated = total;
                continue;
            }
            let remaining = total - allocated;
            let (raw, amount) = match *plan {
                PlanAmount::Percent(p) => {
                    let product = exact_product(total, p.num)?;
                    (product.checked_mul(p.widen)?, round_div(product, p.den, self.mode))
                }
                PlanAmount::Fixed(v) => ((v * sign).checked_mul(self.common_den)?, v * sign),
                PlanAmount::Residual => return None,
            };
            raw_allocated = raw_allocated.checked_add(raw)?;
            // `Decimal` adds the exact shares exactly only while they fit its mantissa at the
            // common scale; beyond that it would round, so leave such totals to it.
            if raw.abs() > DECIMAL_MANTISSA_MAX || raw_allocated.abs() > DECIMAL_MANTISSA_MAX {
                return None;
            }
            let amount = if allow_negative {
                amount
            } else if raw_allocated.abs() > bound {
                return None; // over-allocation: the general path names the line
            } else if (remaining - amount) * sign < 0 {
                remaining
            } else {
                amount
            };
            *slot = amount;
            allocated = allocated.checked_add(amount)?;
        }
        if let Some(start) = self.residual_start {
            let rest = total.checked_sub(allocated)?;
            if !self.equal {
                amounts[start] = rest;
            } else {
                if rest.abs() > self.limit {
                    return None;
                }
                let k = (n - start) as i128;
                let mut share = round_div(rest, k, self.mode);
                if (rest - share * (k - 1)) * sign < 0 {
                    share = round_div(rest, k, RoundingMode::TowardZero);
                }
                let mut left = rest;
                for amount in amounts.iter_mut().take(n - 1).skip(start) {
                    *amount = share;
                    left -= share;
                }
                amounts[n - 1] = left;
            }
        }
        Some(())
    }
}

/// `a * b` when `Decimal` computes it exactly (the mantissa fits 96 bits).
fn exact_product(a: i128, b: i128) -> Option<i128> {
    a.checked_mul(b).filter(|p| p.abs() <= DECIMAL_MANTISSA_MAX)
}

/// `num / den` (den > 0) rounded to an integer with `mode`, as `Decimal::round_dp_with_strategy`
/// rounds the exact quotient.
pub(crate) fn round_div(num: i128, den: i128, mode: RoundingMode) -> i128 {
    let (q, r) = match (i64::try_from(num), i64::try_from(den)) {
        (Ok(n), Ok(d)) => (i128::from(n / d), i128::from(n % d)),
        _ => (num / den, num % den),
    };
    if r == 0 {
        return q;
    }
    let away = q + num.signum();
    let twice = 2 * r.abs();
    match mode {
        RoundingMode::TowardZero => q,
        RoundingMode::AwayFromZero => away,
        RoundingMode::Floor => {
            if num < 0 {
                away
            } else {
                q
            }
        }
        RoundingMode::Ceiling => {
            if num > 0 {
                away
            } else {
                q
            }
        }
        RoundingMode::HalfUp | RoundingMode::HalfDown | RoundingMode::HalfEven => {
            if twice > den {
                away
            } else if twice < den {
                q
            } else {
                match mode {
                    RoundingMode::HalfUp => away,
                    RoundingMode::HalfDown => q,
                    _ => {
                        if q % 2 == 0 {
                            q
                        } else {
                            away
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_div_matches_decimal_rounding() {
        for mode in RoundingMode::ALL {
            for num in -2_000i128..=2_000 {
                for den in [1i128, 2, 3, 7, 10, 100, 1000] {
                    let want = mode.round(Decimal::from_i128_with_scale(num, 0) / Decimal::from(den as i64), 0);
                    assert_eq!(Decimal::from(round_div(num, den, mode)), want, "{num} / {den} {mode}");
                }
            }
        }
    }
}
