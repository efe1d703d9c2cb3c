//! Installment schedules: payment terms applied to an invoice total and a base date.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::calendar::{Adjustment, Calendar, DueRule};
use crate::error::{Error, ErrorKind, Result};
use crate::money::{overflow, MoneyRules, Rounding};
use crate::terms::{DiscountAmount, LineAmount, PaymentTerms};

/// Options of [`schedule()`]: rounding, the calendar for the terms' adjustment, and whether an
/// over-allocated term may produce a negative balance (off: it is an error).
///
/// JSON (every field optional): `{"rounding": {"mode": "half_up", "precision": null,
/// "cash_increment": null}, "calendar": {"weekend": ["sat", "sun"], "holidays": []},
/// "allow_negative_balance": false}`.
///
/// ```
/// use arrears::{from_json, RoundingMode, ScheduleOptions};
/// let o: ScheduleOptions = from_json(r#"{"rounding": {"mode": "half_even", "precision": 0}}"#)?;
/// assert_eq!((o.rounding.mode, o.rounding.precision), (RoundingMode::HalfEven, Some(0)));
/// assert!(!o.allow_negative_balance);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScheduleOptions {
    /// Rounding mode, precision override, cash increment.
    pub rounding: Rounding,
    /// Calendar used when the terms have a business-day adjustment.
    pub calendar: Calendar,
    /// Let fixed lines allocate more than the total, leaving a negative balance line, as some
    /// ERPs do. Off by default: such terms are an [`ErrorKind::InvalidTerms`] error.
    pub allow_negative_balance: bool,
}

/// One early-payment discount of an installment: pay `payable` on or before `deadline`
/// (inclusive) and the installment is settled, `discount` being taken off.
///
/// JSON: `{"deadline": "2026-02-10", "discount": "20.00", "payable": "980.00"}`.
///
/// ```
/// let d: arrears::InstallmentDiscount =
///     arrears::from_json(r#"{"deadline": "2026-02-10", "discount": "20.00", "payable": "980.00"}"#)?;
/// assert_eq!(d.payable.to_string(), "980.00");
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstallmentDiscount {
    /// The last day (inclusive) the discount is earned, after any business-day adjustment.
    #[serde(with = "crate::calendar::serde::date")]
    pub deadline: NaiveDate,
    /// The discount, with exactly the currency's decimals (same sign as the installment).
    #[serde(with = "crate::money::serde::amount")]
    pub discount: Decimal,
    /// The installment amount less the discount.
    #[serde(with = "crate::money::serde::amount")]
    pub payable: Decimal,
}

/// One installment: which term line produced it, when it is due and how much, and the
/// early-payment discounts it earns.
///
/// JSON: `{"amount": "300.00", "due_date": "2026-01-31", "line": 0}`, plus
/// `"discounts": [InstallmentDiscount, ...]` when the line has discount tiers.
///
/// ```
/// let i: arrears::Installment =
///     arrears::from_json(r#"{"amount": "300.00", "due_date": "2026-01-31", "line": 0}"#)?;
/// assert_eq!(i.amount.to_string(), "300.00");
/// assert_eq!(arrears::to_json(&i), r#"{"amount":"300.00","due_date":"2026-01-31","line":0}"#);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Installment {
    /// Index of the term line (0-based).
    pub line: usize,
    /// Due date, after any business-day adjustment.
    #[serde(with = "crate::calendar::serde::date")]
    pub due_date: NaiveDate,
    /// Amount, with exactly the currency's decimals.
    #[serde(with = "crate::money::serde::amount")]
    pub amount: Decimal,
    /// The discount tiers, in the line's order (omitted from JSON when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discounts: Vec<InstallmentDiscount>,
}

/// The installments of one invoice. Their amounts sum exactly to `total`.
///
/// JSON: `{"currency": "EUR", "due_date": "2026-04-01", "installments": [...], "total": "1000.00"}`;
/// `due_date` is the latest installment date (the invoice's due date).
///
/// ```
/// use arrears::{schedule, parse_date, PaymentTerms, ScheduleOptions, Step};
/// // 30/60/90 on a credit note: the split mirrors, the residue stays on the last part
/// let terms = PaymentTerms::equal_split(3, |k| vec![Step::AddDays(30 * (k as i32 + 1))])?;
/// let s = schedule("-100.00".parse().unwrap(), "USD", parse_date("d", "2026-03-15")?, &terms,
///                  &ScheduleOptions::default())?;
/// let amounts: Vec<String> = s.installments.iter().map(|i| i.amount.to_string()).collect();
/// assert_eq!(amounts, ["-33.33", "-33.33", "-33.34"]);
/// assert_eq!(s.due_date.to_string(), "2026-06-13");
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// ISO 4217 code.
    pub currency: String,
    /// The invoice total, with exactly the currency's decimals.
    #[serde(with = "crate::money::serde::amount")]
    pub total: Decimal,
    /// The latest installment date.
    #[serde(with = "crate::calendar::serde::date")]
    pub due_date: NaiveDate,
    /// The installments, in term-line order.
    pub installments: Vec<Installment>,
}

/// Splits `total` into installments by `terms`, from `base_date`.
///
/// - Each line is rounded with the options' rounding; the balance line, the last member of the
///   equal group, or the last line of terms whose percents sum to 100 absorbs the residue, so the
///   installments sum **exactly** to the total.
/// - `fixed` lines take the sign of the total (credit notes); a fixed amount must fit the
///   currency's precision (it is never rounded silently).
/// - If rounding alone would make a line overshoot what is left (a few minor units on tiny
///   totals), the line is capped at what is left. Over-allocation by the terms themselves (fixed
///   or percent lines that exceed the total) is an error unless `allow_negative_balance`.
/// - A line that computes to zero yields no installment; a zero total yields one installment of
///   zero on the base date (line 0).
/// - Due dates: each line's rule from the base date, then the terms' adjustment over the
///   options' calendar.
///
/// ```
/// use arrears::{schedule, PaymentTerms, ScheduleOptions, TermLine, Step, parse_date};
/// use rust_decimal::Decimal;
/// let terms = PaymentTerms::new(vec![
///     TermLine::percent(Decimal::from(30), vec![]),
///     TermLine::balance(vec![Step::EndOfMonth, Step::AddDays(60)]),
/// ])?;
/// let s = schedule("1000.00".parse().unwrap(), "EUR", parse_date("base_date", "2026-01-31")?,
///                  &terms, &ScheduleOptions::default())?;
/// let rows: Vec<String> = s.installments.iter()
///     .map(|i| format!("{} {}", i.due_date, i.amount)).collect();
/// assert_eq!(rows, ["2026-01-31 300.00", "2026-04-01 700.00"]);
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::UnknownCurrency`], [`ErrorKind::InvalidPrecision`], [`ErrorKind::InvalidRounding`]
/// for the money rules; [`ErrorKind::InvalidAmount`] for a total or fixed line with more decimals
/// than the currency allows; [`ErrorKind::InvalidTerms`] for over-allocation;
/// [`ErrorKind::DateOutOfRange`] for a due date outside 0001..9999; [`ErrorKind::Overflow`].
pub fn schedule(
    total: Decimal,
    currency: &str,
    base_date: NaiveDate,
    terms: &PaymentTerms,
    options: &ScheduleOptions,
) -> Result<Schedule> {
    schedule_with_discount_base(total, currency, base_date, terms, options, DiscountBase::Gross)
}

/// What an early-payment percent discount is computed on.
///
/// ```
/// use arrears::DiscountBase;
/// assert_eq!(DiscountBase::default(), DiscountBase::Gross);
/// let net = DiscountBase::NetOfTax("150.00".parse().unwrap());
/// assert_ne!(net, DiscountBase::Gross);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DiscountBase {
    /// The installment amount, tax included (the default).
    #[default]
    Gross,
    /// The installment amount less its tax share, `round(tax x installment / total)`; the value
    /// is the invoice's total tax (same sign as the total, at most the total).
    NetOfTax(Decimal),
}

/// The due date of a term line for one base date: the rule's raw date and the date after the
/// business-day adjustment. The single path ([`schedule()`]) and the batch path
/// ([`crate::terms::schedule_columns::schedule_columns`]) both compute dates and discount deadlines through it, so
/// they accept and reject exactly the same terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LineDue {
    /// The rule applied to the base date.
    pub(crate) raw: NaiveDate,
    /// `raw` after the terms' business-day adjustment: the installment's due date.
    pub(crate) adjusted: NaiveDate,
}

impl LineDue {
    /// The line's due dates; errors carry the step's field (`[k]`) or none (the adjustment).
    pub(crate) fn of(rule: &DueRule, base: NaiveDate, calendar: &Calendar, adjustment: Adjustment) -> Result<LineDue> {
        let raw = rule.apply(base)?;
        Ok(LineDue { raw, adjusted: calendar.adjust(raw, adjustment)? })
    }

    /// The (inclusive) deadline of a discount tier of this line.
    ///
    /// The terms' own dates must nest: the raw deadline falls between the base date and the
    /// line's raw due date (a discount period within the payment period), else the terms are
    /// [`ErrorKind::InvalidTerms`] (field empty: the caller names the tier's `due`). The
    /// business-day move then never takes a deadline out of that period: the adjusted deadline
    /// is kept between the base date and the adjusted due date (`preceding` on a weekend invoice
    /// date would otherwise put it before the invoice).
    pub(crate) fn deadline(
        &self,
        rule: &DueRule,
        base: NaiveDate,
        calendar: &Calendar,
        adjustment: Adjustment,
    ) -> Result<NaiveDate> {
        let raw = rule.apply(base)?;
        if raw < base || raw > self.raw {
            return Err(Error::new(
                ErrorKind::InvalidTerms,
                "",
                crate::calendar::format_date(raw),
                format!(
                    "the discount deadline must fall between the base date {} and the due date {}",
                    crate::calendar::format_date(base),
                    crate::calendar::format_date(self.raw)
                ),
            ));
        }
        Ok(calendar.adjust(raw, adjustment)?.max(base).min(self.adjusted))
    }
}

/// [`schedule()`] with the discount base for percent discounts made explicit.
///
/// ```
/// use arrears::{schedule_with_discount_base, parse_date, DiscountBase, PaymentTerms, ScheduleOptions};
/// use arrears::notation::NotationOptions;
/// let terms = PaymentTerms::parse("2/10 net 30", &NotationOptions::default())?;
/// let s = schedule_with_discount_base("1150.00".parse().unwrap(), "EUR", parse_date("d", "2026-01-01")?,
///     &terms, &ScheduleOptions::default(), DiscountBase::NetOfTax("150.00".parse().unwrap()))?;
/// let d = &s.installments[0].discounts[0];
/// assert_eq!((d.deadline.to_string(), d.discount.to_string(), d.payable.to_string()),
///            ("2026-01-11".to_string(), "20.00".to_string(), "1130.00".to_string()));
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// As [`schedule()`]; also [`ErrorKind::InvalidAmount`] (field `tax`) for a tax with the wrong
/// sign, more than the total or too precise, and [`ErrorKind::InvalidTerms`] (field
/// `terms.lines[i].discounts[j]...`) for a deadline before the base date or after the
/// installment's due date, or a fixed discount larger than the installment.
pub fn schedule_with_discount_base(
    total: Decimal,
    currency: &str,
    base_date: NaiveDate,
    terms: &PaymentTerms,
    options: &ScheduleOptions,
    discount_base: DiscountBase,
) -> Result<Schedule> {
    let rules = MoneyRules::new(currency, &options.rounding)?;
    let total = rules.exact("total", total)?;
    crate::calendar::check_range("base_date", Some(base_date), || crate::calendar::format_date(base_date))?;

    if total.is_zero() {
        return Ok(Schedule {
            currency: currency.to_string(),
            total,
            due_date: base_date,
            installments: vec![Installment { line: 0, due_date: base_date, amount: total, discounts: Vec::new() }],
        });
    }

    let tax = match discount_base {
        DiscountBase::Gross => None,
        DiscountBase::NetOfTax(tax) => {
            let tax = rules.exact("tax", tax)?;
            if (!tax.is_zero() && tax.is_sign_negative() != total.is_sign_negative()) || tax.abs() > total.abs() {
                return Err(Error::new(
                    ErrorKind::InvalidAmount,
                    "tax",
                    tax.to_string(),
                    format!("the tax must have the sign of the total {total} and be at most the total"),
                ));
            }
            Some(tax)
        }
    };
    // The line amounts live on the stack for the usual handful of lines.
    let n = terms.lines().len();
    let mut on_stack = [Decimal::ZERO; 8];
    let mut on_heap = Vec::new();
    let amounts: &mut [Decimal] = if n <= on_stack.len() {
        &mut on_stack[..n]
    } else {
        on_heap.resize(n, Decimal::ZERO);
        &mut on_heap
    };
    split(total, terms, &rules, options.allow_negative_balance, amounts)?;
    let mut installments = Vec::with_capacity(n);
    for (i, (line, &amount)) in terms.lines().iter().zip(amounts.iter()).enumerate() {
        if amount.is_zero() {
            continue;
        }
        let due = LineDue::of(&line.due, base_date, &options.calendar, terms.adjustment())
            .map_err(|e| e.within(&format!("terms.lines[{i}].due")))?;
        let date = due.adjusted;
        let amount = rules.fix_scale(amount);
        let mut discounts = Vec::with_capacity(line.discounts.len());
        for (j, d) in line.discounts.iter().enumerate() {
            let at = format!("terms.lines[{i}].discounts[{j}]");
            let deadline = due
                .deadline(&d.due, base_date, &options.calendar, terms.adjustment())
                .map_err(|e| e.within(&format!("{at}.due")))?;
            let discount = match d.amount {
                DiscountAmount::Percent(p) => {
                    let base = match tax {
                        None => amount,
                        Some(tax) => {
                            let share =
                                rules.round(tax.checked_mul(amount).ok_or_else(|| overflow("tax", tax))? / total)?;
                            amount - share
                        }
                    };
                    let raw = percent_of(base.checked_mul(p).ok_or_else(|| overflow("total", base))?);
                    if rules.cash_increment().is_some() {
                        // cash rounding follows what is paid: the payable is the cash-rounded
                        // figure, the discount the amount less it (SEMANTICS, early discounts)
                        amount - rules.round(amount - raw)?
                    } else {
                        rules.round(raw)?
                    }
                }
                DiscountAmount::Fixed(v) => {
                    let v = rules.exact(&format!("{at}.fixed"), v)?;
                    if v > amount.abs() {
                        return Err(Error::new(
                            ErrorKind::InvalidTerms,
                            format!("{at}.fixed"),
                            v.to_string(),
                            format!("a fixed discount cannot exceed the installment {amount}"),
                        ));
                    }
                    if amount.is_sign_negative() {
                        -v
                    } else {
                        v
                    }
                }
            };
            let discount = rules.fix_scale(discount);
            discounts.push(InstallmentDiscount { deadline, discount, payable: rules.fix_scale(amount - discount) });
        }
        installments.push(Installment { line: i, due_date: date, amount, discounts });
    }
    let due_date = installments.iter().map(|i| i.due_date).max().unwrap_or(base_date);
    Ok(Schedule { currency: currency.to_string(), total, due_date, installments })
}

/// The amount of every line (zero for lines that yield no installment) into `amounts` (one per
/// line, all zero on entry).
fn split(
    total: Decimal,
    terms: &PaymentTerms,
    rules: &MoneyRules,
    allow_negative: bool,
    amounts: &mut [Decimal],
) -> Result<()> {
    let lines = terms.lines();
    let n = lines.len();
    let mul = |a: Decimal, b: Decimal| a.checked_mul(b).ok_or_else(|| overflow("total", a));
    let sign = if total.is_sign_negative() { Decimal::NEGATIVE_ONE } else { Decimal::ONE };

    // Which line absorbs the residue when the terms have no balance/equal line: the last one
    // (percents summing to 100, or a last percent_of_remainder of 100).
    let residual_group_start = lines.iter().position(|l| l.amount.is_residual());
    let absorber = match residual_group_start {
        Some(_) => None,
        None => Some(n - 1),
    };

    let mut allocated = Decimal::ZERO; // rounded amounts so far
    let mut raw_allocated = Decimal::ZERO; // exact (unrounded) amounts so far, for over-allocation
    let end = residual_group_start.unwrap_or(n);
    for i in 0..end {
        if Some(i) == absorber {
            amounts[i] = total - allocated;
            allocated = total;
            continue;
        }
        let remaining = total - allocated;
        let (raw, amount) = match lines[i].amount {
            LineAmount::Percent(p) => {
                let raw = percent_of(mul(total, p)?);
                (raw, rules.round(raw)?)
            }
            LineAmount::PercentOfRemainder(p) => {
                // The amount comes from what is really left; the over-allocation check uses the
                // exact share of the exact remainder, so rounding never counts as over-allocation.
                let exact_share = percent_of(mul(total - raw_allocated, p)?);
                (exact_share, rules.round(percent_of(mul(remaining, p)?))?)
            }
            LineAmount::Fixed(v) => {
                let v = rules.exact(&format!("terms.lines[{i}].value"), v)?;
                (v * sign, v * sign)
            }
            LineAmount::Balance | LineAmount::Equal => unreachable_residual()?,
        };
        raw_allocated += raw;
        let amount = if allow_negative {
            amount
        } else if raw_allocated.abs() > total.abs() {
            return Err(Error::new(
                ErrorKind::InvalidTerms,
                format!("terms.lines[{i}]"),
                amount.to_string(),
                format!(
                    "the lines up to here allocate {}, more than the total {}; the balance would be negative",
                    rules.fix_scale(allocated + amount),
                    total
                ),
            ));
        } else if (remaining - amount) * sign < Decimal::ZERO {
            // Rounding alone overshoots what is left (tiny totals): cap the line.
            remaining
        } else {
            amount
        };
        amounts[i] = amount;
        allocated += amount;
    }

    if let Some(start) = residual_group_start {
        let rest = total - allocated;
        match lines[start].amount {
            LineAmount::Balance => amounts[start] = rest,
            _ => {
                let k = Decimal::from(n - start);
                let mut share = rules.round(rest / k)?;
                let others = mul(share, k - Decimal::ONE)?;
                if (rest - others) * sign < Decimal::ZERO {
                    // Rounding the share up would leave the last part negative: truncate instead.
                    share = crate::money::RoundingMode::TowardZero.round(rest / k, rules.scale());
                }
                let mut left = rest;
                for amount in amounts.iter_mut().take(n - 1).skip(start) {
                    *amount = share;
                    left -= share;
                }
                amounts[n - 1] = left;
            }
        }
    }
    Ok(())
}

/// `product / 100`, the same value as the division (which is exact whenever the quotient's
/// scale stays within 28): moving the decimal point avoids a general division per line.
fn percent_of(product: Decimal) -> Decimal {
    let scale = product.scale() + 2;
    if scale <= 28 {
        let mut v = product;
        if v.set_scale(scale).is_ok() {
            return v;
        }
    }
    product / Decimal::ONE_HUNDRED
}

fn unreachable_residual() -> Result<(Decimal, Decimal)> {
    Err(Error::new(ErrorKind::InvalidTerms, "terms.lines", "", "internal: residual line before its group"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_of_is_the_division() {
        let mut x: u128 = 0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C834;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let bits = (x % 97) as u32;
            let m = (x >> 32) as i128 & ((1i128 << bits) - 1);
            let m = if x & 1 == 0 { m } else { -m };
            let scale = ((x >> 8) % 29) as u32;
            let v = Decimal::from_i128_with_scale(m, scale);
            let shifted = percent_of(v);
            let divided = v / Decimal::ONE_HUNDRED;
            assert_eq!(shifted, divided, "{v}");
        }
    }
}
