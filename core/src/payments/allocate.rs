//! The allocation of one payment to open items: checks, the walk over the strategy's groups,
//! each item's parts in order, discounts, the tolerance.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::exchange::{bookings, exchange_difference};
use super::order::{default_within, groups, split};
use super::types::{
    Allocation, AllocationOptions, GrossInWindow, InstallmentAllocation, ItemAllocation, PaymentItem, Strategy,
    Tolerance, Within,
};
use crate::calendar::format_date;
use crate::calendar::serde::date;
use crate::error::{Error, ErrorKind, Result};
use crate::money::serde::{amount, opt_amount};
use crate::money::{MoneyRules, Rounding};
use crate::terms::discount::{settle, settle_with};
use crate::terms::Installment;

/// A payment: amount, currency, date, and the rate it converts at into the company currency
/// (for the exchange difference of items booked in one).
///
/// JSON: `{"amount": "250.00", "currency": "EUR", "date": "2026-02-10", "rate": "1.0825"}`
/// (`rate` optional: company units per unit of the payment's currency on its date).
///
/// ```
/// let p: arrears::payments::Payment =
///     arrears::from_json(r#"{"amount": "250.00", "currency": "EUR", "date": "2026-02-10"}"#)?;
/// assert_eq!(p.amount.to_string(), "250.00");
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    /// The amount received (positive).
    #[serde(with = "amount")]
    pub amount: Decimal,
    /// ISO 4217 code.
    pub currency: String,
    /// The day it was received (value date).
    #[serde(with = "date")]
    pub date: NaiveDate,
    /// Company units per unit of the payment's currency on its date: required when an item is
    /// booked in a company currency ([`PaymentItem::company_currency`]), whose exchange
    /// difference it gives.
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    pub rate: Option<Decimal>,
}

impl Payment {
    /// A payment of `amount` in `currency` received on `date`, without a rate.
    ///
    /// ```
    /// let p = arrears::payments::Payment::new("10.00".parse().unwrap(), "EUR", arrears::parse_date("d", "2026-01-31")?);
    /// assert!(p.rate.is_none());
    /// # Ok::<(), arrears::Error>(())
    /// ```
    pub fn new(amount: Decimal, currency: &str, date: NaiveDate) -> Payment {
        Payment { amount, currency: currency.to_string(), date, rate: None }
    }
}

/// What is open of one item while a payment is applied, and what it received.
struct ItemState {
    fees_open: Decimal,
    interest_open: Decimal,
    fees: Decimal,
    interest: Decimal,
    /// Fees and interest written off under the tolerance.
    charges_write_off: Decimal,
    installments: Vec<InstallmentAllocation>,
    /// Installment indices in due-date order (stable).
    order: Vec<usize>,
}

/// One step of `oldest_first`: an item's installment (none: the item's charges alone), and
/// whether it is the item's first or last step (where its charges go).
struct Step {
    item: usize,
    installment: Option<usize>,
    first: bool,
    last: bool,
}

/// One allocation under way.
struct Work<'a> {
    items: &'a [PaymentItem],
    rules: MoneyRules,
    date: NaiveDate,
    gross: GrossInWindow,
    within: Within,
    states: Vec<ItemState>,
}

fn invalid(kind: ErrorKind, field: String, value: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::new(kind, field, value, reason)
}

/// Checks one item against the payment and puts its amounts at the currency's scale.
fn check_item(i: usize, item: &PaymentItem, payment: &Payment, rules: &MoneyRules) -> Result<PaymentItem> {
    let at = |f: &str| format!("items[{i}].{f}");
    if item.currency != payment.currency {
        return Err(invalid(
            ErrorKind::InvalidRequest,
            at("currency"),
            item.currency.clone(),
            format!(
                "the payment is in {}; convert it first (a payment applies to items of its own currency)",
                payment.currency
            ),
        ));
    }
    if item.invoice_date > payment.date {
        return Err(invalid(
            ErrorKind::InvalidDate,
            "payment.date".into(),
            format_date(payment.date),
            format!("before the invoice date {} of item {} (items[{i}])", format_date(item.invoice_date), item.id),
        ));
    }
    if item.installments.is_empty() {
        return Err(invalid(
            ErrorKind::InvalidRequest,
            at("installments"),
            "[]",
            "an item has at least one installment",
        ));
    }
    crate::limits::check(&at("installments"), item.installments.len(), crate::limits::MAX_LINES)?;
    if let Some(r) = item.rate.filter(|r| r.is_sign_negative() && !r.is_zero()) {
        // the rate ranks debts by burden (BGB §366, Codice civile 1193): a negative one is a typo
        return Err(invalid(
            ErrorKind::InvalidRequest,
            at("rate"),
            r.to_string(),
            "a debt's interest rate is not negative",
        ));
    }
    let non_negative = |field: String, v: Decimal| -> Result<Decimal> {
        let v = rules.exact(&field, v)?;
        if v.is_sign_negative() && !v.is_zero() {
            return Err(invalid(ErrorKind::InvalidAmount, field, v.to_string(), "must not be negative"));
        }
        Ok(v)
    };
    let mut out = item.clone();
    out.fees = non_negative(at("fees"), item.fees)?;
    out.interest = non_negative(at("interest"), item.interest)?;
    if let Some(t) = item.tax {
        let t = non_negative(at("tax"), t)?;
        let gross: Decimal = item.installments.iter().map(|i| i.amount).sum();
        if t > gross {
            return Err(invalid(
                ErrorKind::InvalidAmount,
                at("tax"),
                t.to_string(),
                format!("more than the item's amount {gross}"),
            ));
        }
        out.tax = Some(t);
    }
    for (k, inst) in out.installments.iter_mut().enumerate() {
        let f = |x: &str| format!("items[{i}].installments[{k}].{x}");
        if inst.due_date < item.invoice_date {
            return Err(invalid(
                ErrorKind::InvalidDate,
                f("due_date"),
                format_date(inst.due_date),
                format!(
                    "before the item's invoice date {}: an installment falls due on or after its invoice date",
                    format_date(item.invoice_date)
                ),
            ));
        }
        inst.amount = non_negative(f("amount"), inst.amount)?;
        if let Some(o) = inst.open {
            let o = non_negative(f("open"), o)?;
            if o > inst.amount {
                return Err(invalid(
                    ErrorKind::InvalidAmount,
                    f("open"),
                    o.to_string(),
                    format!("more than the installment's amount {}", inst.amount),
                ));
            }
            inst.open = Some(o);
        }
        crate::limits::check(&f("discounts"), inst.discounts.len(), crate::limits::MAX_DISCOUNTS)?;
        for (t, d) in inst.discounts.iter_mut().enumerate() {
            let g = |x: &str| format!("items[{i}].installments[{k}].discounts[{t}].{x}");
            d.discount = non_negative(g("discount"), d.discount)?;
            d.payable = non_negative(g("payable"), d.payable)?;
            if d.discount + d.payable != inst.amount {
                return Err(invalid(
                    ErrorKind::InvalidAmount,
                    g("payable"),
                    d.payable.to_string(),
                    format!("discount + payable must equal the installment's amount {}", inst.amount),
                ));
            }
        }
    }
    Ok(out)
}

/// Resolves the `order` of a specified allocation to item indices.
fn resolve_order(order: &[String], ids: &HashMap<&str, usize>) -> Result<Vec<usize>> {
    let mut seen = vec![false; ids.len()];
    let mut out = Vec::with_capacity(order.len());
    for (k, id) in order.iter().enumerate() {
        let i = *ids.get(id.as_str()).ok_or_else(|| {
            invalid(ErrorKind::InvalidRequest, format!("order[{k}]"), id.clone(), "no item has this id")
        })?;
        if std::mem::replace(&mut seen[i], true) {
            return Err(invalid(ErrorKind::InvalidRequest, format!("order[{k}]"), id.clone(), "listed twice"));
        }
        out.push(i);
    }
    Ok(out)
}

fn check_tolerance(t: &Tolerance, rules: &MoneyRules) -> Result<()> {
    if let Some(a) = t.amount {
        let a = rules.exact("tolerance.amount", a)?;
        if a.is_sign_negative() && !a.is_zero() {
            return Err(invalid(
                ErrorKind::InvalidAmount,
                "tolerance.amount".into(),
                a.to_string(),
                "must not be negative",
            ));
        }
    }
    if let Some(p) = t.percent {
        if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED {
            return Err(invalid(
                ErrorKind::InvalidAmount,
                "tolerance.percent".into(),
                p.to_string(),
                "a percent from 0 to 100",
            ));
        }
    }
    Ok(())
}

/// Allocates one payment to open items (see the [module documentation](super) for the rules).
///
/// ```
/// use arrears::payments::{allocate, AllocationOptions, Payment, PaymentItem};
/// use arrears::parse_date;
/// let d = |s| parse_date("d", s).unwrap();
/// let items = [PaymentItem::single("A", "EUR", d("2026-01-01"), d("2026-01-31"), "100.00".parse().unwrap()),
///              PaymentItem::single("B", "EUR", d("2026-01-01"), d("2026-01-15"), "100.00".parse().unwrap())];
/// let pay = Payment::new("150.00".parse().unwrap(), "EUR", d("2026-02-01"));
/// let out = allocate(&pay, &items, &AllocationOptions::default())?;
/// assert_eq!((out.items[0].principal.to_string(), out.items[1].principal.to_string()), ("50.00".into(), "100.00".into()));
/// assert_eq!(out.unapplied.to_string(), "0.00");
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// All or nothing: [`ErrorKind::InvalidAmount`] for a payment that is not positive
/// (`payment.amount`), a negative or too precise amount, an open amount above its installment,
/// inconsistent discount tiers; [`ErrorKind::InvalidRequest`] for an item in another currency
/// (`items[i].currency`), a duplicate id (`items[i].id`), an unknown or repeated id in `order`
/// (`order[k]`), an `order` given with another strategy than `specified` (`order`), an item
/// without installments; [`ErrorKind::InvalidDate`] for a payment date before an item's
/// invoice date (`payment.date`) or an installment due before it
/// (`items[i].installments[k].due_date`); [`ErrorKind::UnknownCurrency`],
/// [`ErrorKind::LimitExceeded`] (`items`, [`crate::limits::MAX_PAYMENT_ITEMS`]).
pub fn allocate(payment: &Payment, items: &[PaymentItem], options: &AllocationOptions) -> Result<Allocation> {
    let rounding = Rounding { mode: options.rounding, precision: options.precision, cash_increment: None };
    // the currency is the payment's; precision and rounding are the options' own fields
    let rules = MoneyRules::new(&payment.currency, &rounding).map_err(|e| {
        if e.field() == "currency" {
            e.within("payment")
        } else {
            e
        }
    })?;
    let amount = rules.exact("payment.amount", payment.amount)?;
    if amount <= Decimal::ZERO {
        return Err(invalid(
            ErrorKind::InvalidAmount,
            "payment.amount".into(),
            amount.to_string(),
            "a payment is positive",
        ));
    }
    crate::limits::check("items", items.len(), crate::limits::MAX_PAYMENT_ITEMS)?;
    let mut ids: HashMap<&str, usize> = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if ids.insert(item.id.as_str(), i).is_some() {
            return Err(invalid(
                ErrorKind::InvalidRequest,
                format!("items[{i}].id"),
                item.id.clone(),
                "a second item with this id",
            ));
        }
    }
    let checked =
        items.iter().enumerate().map(|(i, it)| check_item(i, it, payment, &rules)).collect::<Result<Vec<_>>>()?;
    let order = if options.strategy == Strategy::Specified {
        resolve_order(&options.order, &ids)?
    } else if !options.order.is_empty() {
        // An order the strategy would not read is a mistake to report, not to ignore.
        return Err(invalid(
            ErrorKind::InvalidRequest,
            "order".into(),
            options.order.join(","),
            "an order is only read by the strategy specified: drop it or set strategy to specified",
        ));
    } else {
        Vec::new()
    };
    if let Some(t) = &options.tolerance {
        check_tolerance(t, &rules)?;
    }
    let bookings = bookings(payment, items, options.rounding)?;
    let mut work = Work::new(&checked, rules, payment.date, options);
    let mut cash = amount;
    if options.strategy == Strategy::OldestFirst {
        // installment by installment, every item's interleaved by due date
        for step in work.oldest_steps() {
            if cash.is_zero() {
                break;
            }
            cash -= work.apply_step(&step, cash)?;
        }
    } else {
        for group in groups(&checked, options.strategy, &order, payment.date) {
            if cash.is_zero() {
                break;
            }
            cash = work.apply_group(&group, cash)?;
        }
    }
    if let Some(t) = &options.tolerance {
        work.write_off(t);
    }
    let mut out = work.finish(payment, amount, cash);
    for (i, (a, b)) in out.items.iter_mut().zip(bookings).enumerate() {
        if let (Some(b), Some(rate)) = (b, payment.rate) {
            let cash = a.fees + a.interest + a.principal;
            let d = exchange_difference(cash, b.rate, rate, &b.rules).map_err(|e| match e.field() {
                "invoice_rate" => e.within(&format!("items[{i}]")),
                _ => e,
            })?;
            a.exchange_difference = Some(d);
        }
    }
    Ok(out)
}

impl<'a> Work<'a> {
    fn new(items: &'a [PaymentItem], rules: MoneyRules, date: NaiveDate, options: &AllocationOptions) -> Self {
        let zero = rules.fix_scale(Decimal::ZERO);
        let states = items
            .iter()
            .map(|item| {
                let mut order: Vec<usize> = (0..item.installments.len()).collect();
                order.sort_by_key(|&k| item.installments[k].due_date);
                ItemState {
                    fees_open: item.fees,
                    interest_open: item.interest,
                    fees: zero,
                    interest: zero,
                    charges_write_off: zero,
                    installments: item
                        .installments
                        .iter()
                        .map(|i| InstallmentAllocation {
                            due_date: i.due_date,
                            principal: zero,
                            discount: zero,
                            write_off: zero,
                            open_after: rules.fix_scale(i.open_amount()),
                        })
                        .collect(),
                    order,
                }
            })
            .collect();
        Work {
            items,
            rules,
            date,
            gross: options.gross_in_window,
            within: options.within.unwrap_or_else(|| default_within(options.strategy)),
            states,
        }
    }

    fn installment(&self, i: usize, k: usize) -> Installment {
        let inst = &self.items[i].installments[k];
        Installment { line: 0, due_date: inst.due_date, amount: inst.amount, discounts: inst.discounts.clone() }
    }

    /// The cash that settles item `i` on the payment date (discounts taken).
    fn capacity(&self, i: usize) -> Result<Decimal> {
        let st = &self.states[i];
        let mut cap = st.fees_open + st.interest_open;
        for (k, a) in st.installments.iter().enumerate() {
            if !a.open_after.is_zero() {
                cap += settle(&self.installment(i, k), self.date, None, Some(a.open_after), &self.rules)?.paid;
            }
        }
        Ok(cap)
    }

    /// Applies `cash` to a group; returns what is left.
    fn apply_group(&mut self, group: &[usize], cash: Decimal) -> Result<Decimal> {
        if let [i] = group {
            return Ok(cash - self.apply_item(*i, cash)?);
        }
        let caps = group.iter().map(|&i| self.capacity(i)).collect::<Result<Vec<_>>>()?;
        let total: Decimal = caps.iter().sum();
        if cash >= total {
            // enough for all: each item settled in turn, as a group of one
            let mut left = cash;
            for &i in group {
                left -= self.apply_item(i, left)?;
            }
            return Ok(left);
        }
        let shares: Vec<Decimal> = {
            let units = |d: Decimal| -> u128 {
                let mut d = d;
                d.rescale(self.rules.scale());
                d.mantissa().unsigned_abs()
            };
            let caps_u: Vec<u128> = caps.iter().map(|&c| units(c)).collect();
            split(units(cash), &caps_u)
                .into_iter()
                .map(|s| Decimal::from_i128_with_scale(s as i128, self.rules.scale()))
                .collect()
        };
        let mut left = cash;
        for (&i, share) in group.iter().zip(shares) {
            left -= self.apply_item(i, share)?;
        }
        Ok(left)
    }

    /// The parts of an item in the `within` order: 0 fees, 1 interest, 2 principal.
    fn parts(&self) -> [u8; 3] {
        match self.within {
            Within::FeesInterestPrincipal => [0, 1, 2],
            Within::FeesPrincipalInterest => [0, 2, 1],
            Within::PrincipalFirst => [2, 0, 1],
        }
    }

    /// Applies up to `cash` to item `i`'s fees (`part` 0) or interest (1); returns the cash used.
    fn apply_charge(&mut self, i: usize, part: u8, cash: Decimal) -> Decimal {
        let st = &mut self.states[i];
        let (open, paid) =
            if part == 0 { (&mut st.fees_open, &mut st.fees) } else { (&mut st.interest_open, &mut st.interest) };
        let pay = cash.min(*open);
        *open -= pay;
        *paid += pay;
        pay
    }

    /// Applies up to `cash` to item `i`, its parts in the `within` order; returns the cash used.
    fn apply_item(&mut self, i: usize, cash: Decimal) -> Result<Decimal> {
        let mut left = cash;
        for part in self.parts() {
            if left.is_zero() {
                break;
            }
            if part != 2 {
                left -= self.apply_charge(i, part, left);
                continue;
            }
            for n in 0..self.states[i].order.len() {
                if left.is_zero() {
                    break;
                }
                let k = self.states[i].order[n];
                left -= self.apply_installment(i, k, left)?;
            }
        }
        Ok(cash - left)
    }

    /// The steps of `oldest_first`: every open installment of every item, by due date, then the
    /// invoice date, then the id (an item's installments in due-date order). An item's charges
    /// ride on its installments so that inside the item the `within` order holds: the parts
    /// before the principal on its first step, those after it on its last. An item with no open
    /// installment is one step (its charges) at its due date.
    fn oldest_steps(&self) -> Vec<Step> {
        let mut out = Vec::new();
        for (i, st) in self.states.iter().enumerate() {
            let open: Vec<usize> =
                st.order.iter().copied().filter(|&k| !st.installments[k].open_after.is_zero()).collect();
            if open.is_empty() {
                out.push(Step { item: i, installment: None, first: true, last: true });
            }
            let n = open.len();
            out.extend(open.into_iter().enumerate().map(|(m, k)| Step {
                item: i,
                installment: Some(k),
                first: m == 0,
                last: m + 1 == n,
            }));
        }
        let key = |s: &Step| {
            let item = &self.items[s.item];
            let due = s.installment.map_or_else(|| item.due_date(), |k| item.installments[k].due_date);
            (due, item.invoice_date, item.id.as_str())
        };
        out.sort_by(|a, b| key(a).cmp(&key(b))); // stable: an item's installments keep their order
        out
    }

    /// Applies up to `cash` to one step of `oldest_first`; returns the cash used.
    fn apply_step(&mut self, step: &Step, cash: Decimal) -> Result<Decimal> {
        let parts = self.parts();
        let at = parts.iter().position(|&p| p == 2).unwrap_or(0);
        let mut left = cash;
        for (n, part) in parts.into_iter().enumerate() {
            if left.is_zero() {
                break;
            }
            left -= match (part, step.installment) {
                (2, Some(k)) => self.apply_installment(step.item, k, left)?,
                (2, None) => Decimal::ZERO,
                _ if (n < at && step.first) || (n > at && step.last) => self.apply_charge(step.item, part, left),
                _ => Decimal::ZERO,
            };
        }
        Ok(cash - left)
    }

    /// Applies up to `cash` (> 0) to installment `k` of item `i`, taking the discount the payment
    /// date earns; returns the cash used.
    fn apply_installment(&mut self, i: usize, k: usize, cash: Decimal) -> Result<Decimal> {
        let open = self.states[i].installments[k].open_after;
        if open.is_zero() {
            return Ok(Decimal::ZERO);
        }
        // the cash beyond what settles it (the settlement's overpayment) goes on
        let s = settle_with(&self.installment(i, k), self.date, Some(cash), Some(open), self.gross, &self.rules)?;
        let a = &mut self.states[i].installments[k];
        a.principal += s.paid;
        a.discount += s.discount;
        a.open_after -= s.settled;
        Ok(s.paid)
    }

    /// Writes off the rest of every item that received cash when it is within the tolerance.
    fn write_off(&mut self, t: &Tolerance) {
        for (i, st) in self.states.iter_mut().enumerate() {
            let paid = st.fees + st.interest + st.installments.iter().map(|a| a.principal).sum::<Decimal>();
            let rest = st.fees_open + st.interest_open + st.installments.iter().map(|a| a.open_after).sum::<Decimal>();
            if paid.is_zero() || rest.is_zero() {
                continue;
            }
            let mut limit = t.amount;
            if let Some(p) = t.percent {
                let base = self.items[i].open_total();
                let by_percent =
                    crate::money::RoundingMode::TowardZero.round(base * p / Decimal::ONE_HUNDRED, self.rules.scale());
                limit = Some(limit.map_or(by_percent, |a| a.min(by_percent)));
            }
            if limit.is_some_and(|l| rest <= l) {
                st.charges_write_off += st.fees_open + st.interest_open;
                st.fees_open = Decimal::ZERO;
                st.interest_open = Decimal::ZERO;
                for a in &mut st.installments {
                    a.write_off += a.open_after;
                    a.open_after = Decimal::ZERO;
                }
            }
        }
    }

    fn finish(self, payment: &Payment, amount: Decimal, unapplied: Decimal) -> Allocation {
        let fix = |v: Decimal| self.rules.fix_scale(v);
        let mut total_discount = Decimal::ZERO;
        let mut total_write_off = Decimal::ZERO;
        let items: Vec<ItemAllocation> = self
            .states
            .into_iter()
            .zip(self.items)
            .map(|(st, item)| {
                let principal: Decimal = st.installments.iter().map(|a| a.principal).sum();
                let discount: Decimal = st.installments.iter().map(|a| a.discount).sum();
                let write_off = st.charges_write_off + st.installments.iter().map(|a| a.write_off).sum::<Decimal>();
                let open_after =
                    st.fees_open + st.interest_open + st.installments.iter().map(|a| a.open_after).sum::<Decimal>();
                total_discount += discount;
                total_write_off += write_off;
                let installments = st
                    .installments
                    .into_iter()
                    .map(|a| InstallmentAllocation {
                        due_date: a.due_date,
                        principal: fix(a.principal),
                        discount: fix(a.discount),
                        write_off: fix(a.write_off),
                        open_after: fix(a.open_after),
                    })
                    .collect();
                let discount_tax = item.tax.map(|t| {
                    let gross: Decimal = item.installments.iter().map(|i| i.amount).sum();
                    if gross.is_zero() {
                        fix(Decimal::ZERO)
                    } else {
                        // exact when the product fits; else the share first (t / gross <= 1)
                        let share =
                            discount.checked_mul(t).map(|x| x / gross).or_else(|| (t / gross).checked_mul(discount));
                        self.rules.mode().round(share.unwrap_or(discount), self.rules.scale())
                    }
                });
                ItemAllocation {
                    id: item.id.clone(),
                    fees: fix(st.fees),
                    interest: fix(st.interest),
                    principal: fix(principal),
                    discount: fix(discount),
                    discount_tax: discount_tax.map(fix),
                    exchange_difference: None,
                    write_off: fix(write_off),
                    open_after: fix(open_after),
                    installments,
                }
            })
            .collect();
        Allocation {
            currency: payment.currency.clone(),
            date: payment.date,
            payment: fix(amount),
            applied: fix(amount - unapplied),
            unapplied: fix(unapplied),
            discount: fix(total_discount),
            write_off: fix(total_write_off),
            items,
        }
    }
}
