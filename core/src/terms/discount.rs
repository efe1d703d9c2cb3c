//! Early-payment discounts: what settles an installment on a date, what a partial payment earns,
//! and the annual cost of a discount.
//!
//! The discount tiers themselves live on the term lines ([`crate::Discount`]); [`crate::schedule()`]
//! lists each installment's deadlines and amounts ([`crate::InstallmentDiscount`]).

use chrono::NaiveDate;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::money::{overflow, MoneyRules};
use crate::terms::{Installment, InstallmentDiscount};

/// What a payment on a date does to an installment.
///
/// JSON: `{"deadline": "2026-02-10", "discount": "20.00", "open_after": "0.00", "overpayment":
/// "5.00", "paid": "980.00", "settled": "1000.00"}`; `deadline` is omitted when no discount is
/// earned. `paid + overpayment` is the payment, exactly.
///
/// ```
/// use arrears::discount::Settlement;
/// let s: Settlement = arrears::from_json(
///     r#"{"discount": "0.00", "open_after": "0.00", "overpayment": "0.00", "paid": "10.00", "settled": "10.00"}"#)?;
/// assert!(s.deadline.is_none());
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settlement {
    /// The deadline of the tier earned, if any.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_date")]
    pub deadline: Option<NaiveDate>,
    /// The discount earned (settled − paid).
    #[serde(with = "crate::money::serde::amount")]
    pub discount: Decimal,
    /// The part of the payment the installment takes (the amount that settles the open amount
    /// when no payment is given).
    #[serde(with = "crate::money::serde::amount")]
    pub paid: Decimal,
    /// The part of the payment beyond what settles the installment (credit for the payer); zero
    /// when no payment is given.
    #[serde(with = "crate::money::serde::amount")]
    pub overpayment: Decimal,
    /// How much of the installment the payment settles (paid + discount).
    #[serde(with = "crate::money::serde::amount")]
    pub settled: Decimal,
    /// What stays open after it.
    #[serde(with = "crate::money::serde::amount")]
    pub open_after: Decimal,
}

/// What a payment of the gross amount inside a discount window does.
///
/// JSON: `"take_discount"` (default: the discount is taken and the excess becomes an
/// overpayment, unapplied credit) or `"decline_discount"` (a payment that covers the whole open
/// amount pays it gross, without discount; a payment between the discounted and the gross amount
/// still takes the full discount, the rest being an overpayment). Used by [`settle_with`] and
/// by the payments' allocation.
///
/// ```
/// let g: arrears::discount::GrossInWindow = arrears::from_json(r#""decline_discount""#)?;
/// assert_eq!(g, arrears::discount::GrossInWindow::DeclineDiscount);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrossInWindow {
    /// Take the discount; the excess is an overpayment.
    #[default]
    TakeDiscount,
    /// Pay the gross amount; no discount.
    DeclineDiscount,
}

mod opt_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<NaiveDate>, s: S) -> std::result::Result<S::Ok, S::Error> {
        match v {
            Some(d) => s.serialize_str(&crate::calendar::format_date(*d)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<NaiveDate>, D::Error> {
        Ok(Option::<crate::calendar::serde::WireDate>::deserialize(d)?.map(|w| w.0))
    }
}

/// The tier an installment earns when paid on `date`: the largest discount whose deadline is on
/// or after `date` (deadlines are inclusive).
///
/// ```
/// use arrears::{discount::earned_tier, from_json, parse_date, Installment};
/// let i: Installment = from_json(r#"{"amount": "100.00", "due_date": "2026-01-31", "line": 0,
///   "discounts": [{"deadline": "2026-01-11", "discount": "3.00", "payable": "97.00"},
///                 {"deadline": "2026-01-21", "discount": "2.00", "payable": "98.00"}]}"#)?;
/// assert_eq!(earned_tier(&i, parse_date("d", "2026-01-11")?).unwrap().discount.to_string(), "3.00");
/// assert_eq!(earned_tier(&i, parse_date("d", "2026-01-12")?).unwrap().discount.to_string(), "2.00");
/// assert!(earned_tier(&i, parse_date("d", "2026-01-22")?).is_none());
/// # Ok::<(), arrears::Error>(())
/// ```
pub fn earned_tier(installment: &Installment, date: NaiveDate) -> Option<&InstallmentDiscount> {
    installment.discounts.iter().filter(|d| d.deadline >= date).max_by_key(|d| d.discount.abs())
}

/// What a payment on `date` settles of an installment, taking the discount the date earns.
///
/// The same as [`settle_with`] with [`GrossInWindow::TakeDiscount`].
///
/// ```
/// use arrears::{discount::settle, from_json, parse_date, Installment, MoneyRules, Rounding};
/// // ED-05: 236.00 with 10 % until the next day, paid on the invoice date
/// let i: Installment = from_json(r#"{"amount": "236.00", "due_date": "2026-01-03", "line": 0,
///   "discounts": [{"deadline": "2026-01-02", "discount": "23.60", "payable": "212.40"}]}"#)?;
/// let rules = MoneyRules::new("EUR", &Rounding::default())?;
/// let on = parse_date("date", "2026-01-01")?;
/// let s = settle(&i, on, None, None, &rules)?;
/// assert_eq!((s.paid.to_string(), s.discount.to_string(), s.open_after.to_string()),
///            ("212.40".into(), "23.60".into(), "0.00".into()));
/// // a partial payment of 106.20 settles 118.00 of it
/// let p = settle(&i, on, Some("106.20".parse().unwrap()), None, &rules)?;
/// assert_eq!((p.settled.to_string(), p.discount.to_string()), ("118.00".into(), "11.80".into()));
/// // one cent more than the payable keeps the full discount; the cent is an overpayment
/// let o = settle(&i, on, Some("212.41".parse().unwrap()), None, &rules)?;
/// assert_eq!((o.discount.to_string(), o.paid.to_string(), o.overpayment.to_string()),
///            ("23.60".into(), "212.40".into(), "0.01".into()));
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// As [`settle_with`].
pub fn settle(
    installment: &Installment,
    date: NaiveDate,
    payment: Option<Decimal>,
    open: Option<Decimal>,
    rules: &MoneyRules,
) -> Result<Settlement> {
    settle_with(installment, date, payment, open, GrossInWindow::TakeDiscount, rules)
}

/// What a payment on `date` settles of an installment, with the choice of what a payment of the
/// gross amount inside a discount window does (`gross`).
///
/// Let `O` be the open amount (default: the installment amount) and `D` the discount earned on
/// `date` (the largest tier whose deadline is on or after it, inclusive: the tier's discount,
/// scaled to `O` and rounded when part of the installment was paid already); `O − D` settles it.
///
/// - Without `payment`: `paid = O − D`, `discount = D`, nothing stays open.
/// - A payment `P ≥ O − D` inside the window settles the installment and keeps the **full**
///   discount: `paid = O − D`, `discount = D`, `overpayment = P − (O − D)` (never a smaller
///   discount). With [`GrossInWindow::DeclineDiscount`], a payment `P ≥ O` instead pays the
///   gross amount: `paid = O`, no discount, `overpayment = P − O`.
/// - A partial payment `P < O − D` inside the window settles `P / (1 − d)`, rounded, where
///   `d = discount / amount` is the tier's rate (so paying exactly the tier's `payable` settles
///   the installment); the difference is the discount (at most `D`).
/// - Outside every window `P` settles `min(O, P)`; the rest is an overpayment.
///
/// Every figure is rounded with `rules`; `paid + overpayment == P` exactly. Signs follow the
/// installment (a credit note's figures are negative).
///
/// ```
/// use arrears::discount::{settle_with, GrossInWindow};
/// use arrears::{from_json, parse_date, Installment, MoneyRules, Rounding};
/// let i: Installment = from_json(r#"{"amount": "1000.00", "due_date": "2026-01-31", "line": 0,
///   "discounts": [{"deadline": "2026-01-11", "discount": "20.00", "payable": "980.00"}]}"#)?;
/// let rules = MoneyRules::new("EUR", &Rounding::default())?;
/// let on = parse_date("date", "2026-01-05")?;
/// let gross = Some("1000.00".parse().unwrap());
/// let take = settle_with(&i, on, gross, None, GrossInWindow::TakeDiscount, &rules)?;
/// assert_eq!((take.paid.to_string(), take.discount.to_string(), take.overpayment.to_string()),
///            ("980.00".into(), "20.00".into(), "20.00".into()));
/// let decline = settle_with(&i, on, gross, None, GrossInWindow::DeclineDiscount, &rules)?;
/// assert_eq!((decline.paid.to_string(), decline.discount.to_string(), decline.overpayment.to_string()),
///            ("1000.00".into(), "0.00".into(), "0.00".into()));
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidAmount`] (field `payment` or `open`) for a zero payment, a payment or open
/// amount whose sign differs from the installment's, or an open amount larger than it;
/// [`ErrorKind::Overflow`].
pub fn settle_with(
    installment: &Installment,
    date: NaiveDate,
    payment: Option<Decimal>,
    open: Option<Decimal>,
    gross: GrossInWindow,
    rules: &MoneyRules,
) -> Result<Settlement> {
    let amount = installment.amount;
    let negative = amount.is_sign_negative();
    let same_sign = |v: Decimal| v.is_zero() || v.is_sign_negative() == negative;
    let open = match open {
        None => amount,
        Some(o) => {
            let o = rules.exact("open", o)?;
            if !same_sign(o) || o.abs() > amount.abs() {
                return Err(Error::new(
                    ErrorKind::InvalidAmount,
                    "open",
                    o.to_string(),
                    format!("the open amount must have the installment's sign and be at most {amount}"),
                ));
            }
            o
        }
    };
    let tier = earned_tier(installment, date).filter(|d| !amount.is_zero() && !d.payable.is_zero());
    let fix = |v: Decimal| rules.fix_scale(v);
    // what settles the open amount on `date`: open − full
    let full = match tier {
        None => Decimal::ZERO,
        Some(t) if open == amount => t.discount,
        Some(t) => rules.round(scale(open, t.discount, amount)?)?,
    };
    let Some(p) = payment else {
        return Ok(Settlement {
            deadline: tier.map(|t| t.deadline),
            discount: fix(full),
            paid: fix(open - full),
            overpayment: fix(Decimal::ZERO),
            settled: fix(open),
            open_after: fix(Decimal::ZERO),
        });
    };
    let p = rules.exact("payment", p)?;
    if p.is_zero() || !same_sign(p) {
        return Err(Error::new(
            ErrorKind::InvalidAmount,
            "payment",
            p.to_string(),
            format!("a payment must be non-zero and have the installment's sign ({amount})"),
        ));
    }
    let (paid, discount) = match tier {
        Some(_) if !full.is_zero() && gross == GrossInWindow::DeclineDiscount && p.abs() >= open.abs() => {
            (open, Decimal::ZERO)
        }
        Some(_) if !full.is_zero() && p.abs() >= (open - full).abs() => (open - full, full),
        Some(t) if !full.is_zero() => {
            // partial: P / (1 − d), the discount at most the full one (so it stays below open)
            let g = rules.round(scale(p, amount, t.payable)?)?;
            let d = if g.abs() > p.abs() { g - p } else { Decimal::ZERO };
            (p, if d.abs() > full.abs() { full } else { d })
        }
        _ => (if p.abs() > open.abs() { open } else { p }, Decimal::ZERO),
    };
    let settled = paid + discount;
    Ok(Settlement {
        deadline: tier.filter(|_| !discount.is_zero()).map(|t| t.deadline),
        discount: fix(discount),
        paid: fix(paid),
        overpayment: fix(p - paid),
        settled: fix(settled),
        open_after: fix(open - settled),
    })
}

/// `a × b / c`, exact up to the decimal's precision (in 256 bits where the product of two
/// large amounts leaves a decimal's range).
fn scale(a: Decimal, b: Decimal, c: Decimal) -> Result<Decimal> {
    crate::money::mul_div(a, b, c).ok_or_else(|| overflow("payment", a))
}

/// The annual cost of not taking a discount, as percents (unrounded).
///
/// ```
/// use arrears::discount::discount_cost;
/// let c = discount_cost("2".parse().unwrap(), 10, 30, 365)?;
/// assert_eq!((c.nominal.round_dp(2).to_string(), c.effective.round_dp(2).to_string()),
///            ("37.24".into(), "44.59".into()));
/// assert_eq!(discount_cost("2".parse().unwrap(), 10, 30, 360)?.nominal.round_dp(2).to_string(), "36.73");
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DiscountCost {
    /// Simple rate `d/(1−d) × Y/(net − discount days)`, in percent, exact.
    pub nominal: Decimal,
    /// Compounded rate `(1 + d/(1−d))^(Y/(net − discount days)) − 1`, in percent; computed in
    /// binary floating point (a fractional power) and kept to 10 decimals.
    pub effective: Decimal,
}

/// The nominal and effective annual rate of a discount of `percent` % for paying by day
/// `discount_days` instead of day `net_days`, on a year of `year_basis` days (365 by default in
/// the wire form; 360 for banks' convention).
///
/// ```
/// use arrears::discount::discount_cost;
/// let c = discount_cost("1".parse().unwrap(), 10, 30, 365)?;
/// assert_eq!(c.nominal.round_dp(2).to_string(), "18.43");
/// assert_eq!(discount_cost("2".parse().unwrap(), 30, 30, 365).unwrap_err().field(), "net_days");
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidTerms`] for a percent outside (0, 100) (field `percent`), `net_days` not
/// after `discount_days` (field `net_days`), or a year basis outside 1 ..= 366 (field
/// `year_basis`); [`ErrorKind::Overflow`] when the effective rate is too large to represent.
pub fn discount_cost(percent: Decimal, discount_days: u32, net_days: u32, year_basis: u32) -> Result<DiscountCost> {
    if percent <= Decimal::ZERO || percent >= Decimal::ONE_HUNDRED {
        return Err(Error::new(
            ErrorKind::InvalidTerms,
            "percent",
            percent.to_string(),
            "a discount percent must be greater than 0 and less than 100",
        ));
    }
    if net_days <= discount_days {
        return Err(Error::new(
            ErrorKind::InvalidTerms,
            "net_days",
            net_days.to_string(),
            format!("the net period must be longer than the discount period ({discount_days} days)"),
        ));
    }
    if !(1..=366).contains(&year_basis) {
        return Err(Error::new(
            ErrorKind::InvalidTerms,
            "year_basis",
            year_basis.to_string(),
            "a year basis is between 1 and 366 days (usually 365 or 360)",
        ));
    }
    let d = percent / Decimal::ONE_HUNDRED;
    let rate = d / (Decimal::ONE - d);
    let periods = Decimal::from(year_basis) / Decimal::from(net_days - discount_days);
    let nominal = rate.checked_mul(periods).and_then(|x| x.checked_mul(Decimal::ONE_HUNDRED));
    let nominal = nominal.ok_or_else(|| overflow("percent", percent))?;
    let (r, n) = (rate.to_f64().unwrap_or(f64::NAN), periods.to_f64().unwrap_or(f64::NAN));
    let effective = ((n * r.ln_1p()).exp_m1() * 100.0).min(1e20);
    let effective = Decimal::from_f64(effective).map(|e| e.round_dp(10)).ok_or_else(|| overflow("percent", percent))?;
    Ok(DiscountCost { nominal, effective })
}
