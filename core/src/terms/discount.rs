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
/// JSON: `{"deadline": "2026-02-10", "discount": "20.00", "open_after": "0.00", "paid": "980.00",
/// "settled": "1000.00"}`; `deadline` is omitted when no discount is earned.
///
/// ```
/// use arrears::discount::Settlement;
/// let s: Settlement = arrears::from_json(
///     r#"{"discount": "0.00", "open_after": "0.00", "paid": "10.00", "settled": "10.00"}"#)?;
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
    /// The payment applied (the amount that settles the open amount when no payment is given).
    #[serde(with = "crate::money::serde::amount")]
    pub paid: Decimal,
    /// How much of the installment the payment settles (paid + discount).
    #[serde(with = "crate::money::serde::amount")]
    pub settled: Decimal,
    /// What stays open after it.
    #[serde(with = "crate::money::serde::amount")]
    pub open_after: Decimal,
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

/// What a payment on `date` settles of an installment.
///
/// - Without `payment`: the amount that settles the open amount on `date`, i.e. the open amount
///   less the discount earned on `date` (the installment's discount, scaled to the open amount
///   when part of it was paid already).
/// - With a payment `P` inside a discount window: it settles `min(open, P / (1 − d))`, where
///   `d = discount / amount` is the installment's discount rate (so paying exactly the tier's
///   `payable` settles the installment); the difference is the discount. Outside every window
///   the payment settles `min(open, P)`.
///
/// `open` defaults to the installment amount. Every figure is rounded with `rules`.
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
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidAmount`] (field `payment` or `open`) for a zero payment, a payment or open
/// amount whose sign differs from the installment's, or an open amount larger than it;
/// [`ErrorKind::Overflow`].
pub fn settle(
    installment: &Installment,
    date: NaiveDate,
    payment: Option<Decimal>,
    open: Option<Decimal>,
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
    match payment {
        None => {
            let discount = match tier {
                None => Decimal::ZERO,
                Some(t) if open == amount => t.discount,
                Some(t) => rules.round(scale(open, t.discount, amount)?)?,
            };
            let paid = open - discount;
            Ok(Settlement {
                deadline: tier.map(|t| t.deadline),
                discount: fix(discount),
                paid: fix(paid),
                settled: fix(open),
                open_after: fix(Decimal::ZERO),
            })
        }
        Some(p) => {
            let p = rules.exact("payment", p)?;
            if p.is_zero() || !same_sign(p) {
                return Err(Error::new(
                    ErrorKind::InvalidAmount,
                    "payment",
                    p.to_string(),
                    format!("a payment must be non-zero and have the installment's sign ({amount})"),
                ));
            }
            let gross = match tier {
                None => p,
                Some(t) => rules.round(scale(p, amount, t.payable)?)?,
            };
            let settled = if gross.abs() > open.abs() { open } else { gross };
            let discount = if settled.abs() > p.abs() { settled - p } else { Decimal::ZERO };
            Ok(Settlement {
                deadline: tier.filter(|_| !discount.is_zero()).map(|t| t.deadline),
                discount: fix(discount),
                paid: fix(p),
                settled: fix(settled),
                open_after: fix(open - settled),
            })
        }
    }
}

/// `a × b / c`, exact up to the decimal's precision.
fn scale(a: Decimal, b: Decimal, c: Decimal) -> Result<Decimal> {
    a.checked_mul(b).and_then(|x| x.checked_div(c)).ok_or_else(|| overflow("payment", a))
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
