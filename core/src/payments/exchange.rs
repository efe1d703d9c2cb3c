//! Exchange differences: an item booked in a company currency at its invoice's rate, paid at
//! another rate. The cash applied to it is worth a different company amount at the payment's
//! rate than the receivable it clears at the invoice's rate; the difference is reported per item.

use rust_decimal::Decimal;

use super::allocate::Payment;
use super::types::PaymentItem;
use crate::error::{Error, ErrorKind, Result};
use crate::money::{overflow, MoneyRules, Rounding, RoundingMode};

/// How one item is booked in the company currency: the company currency's rules and the
/// invoice's rate.
pub(super) struct Booking {
    pub(super) rules: MoneyRules,
    pub(super) rate: Decimal,
}

fn invalid(kind: ErrorKind, field: String, value: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::new(kind, field, value, reason)
}

fn positive_rate(field: String, rate: Decimal) -> Result<Decimal> {
    if rate <= Decimal::ZERO {
        return Err(invalid(ErrorKind::InvalidAmount, field, rate.to_string(), "a rate is positive"));
    }
    Ok(rate)
}

/// Checks the items' company currencies and invoice rates against the payment's rate and
/// returns each item's booking (`None`: the item has no company currency). One payment rate
/// converts to one company currency, so every item that has one has the same.
pub(super) fn bookings(payment: &Payment, items: &[PaymentItem], mode: RoundingMode) -> Result<Vec<Option<Booking>>> {
    if let Some(r) = payment.rate {
        positive_rate("payment.rate".into(), r)?;
    }
    let mut first: Option<(usize, &str)> = None;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let at = |f: &str| format!("items[{i}].{f}");
            let (currency, rate) = match (&item.company_currency, item.invoice_rate) {
                (None, None) => return Ok(None),
                (Some(c), Some(r)) => (c.as_str(), positive_rate(at("invoice_rate"), r)?),
                (None, Some(r)) => {
                    return Err(invalid(
                        ErrorKind::InvalidRequest,
                        at("company_currency"),
                        "null",
                        format!("an invoice rate ({r}) needs the company currency it converts to"),
                    ))
                }
                (Some(c), None) => {
                    return Err(invalid(
                        ErrorKind::InvalidRequest,
                        at("invoice_rate"),
                        "null",
                        format!("an item booked in the company currency {c} needs its invoice's rate"),
                    ))
                }
            };
            let rules = MoneyRules::new(currency, &Rounding { mode, precision: None, cash_increment: None })
                .map_err(|e| invalid(e.kind(), at("company_currency"), currency, e.reason()))?;
            match first {
                Some((j, c)) if c != currency => {
                    return Err(invalid(
                        ErrorKind::InvalidRequest,
                        at("company_currency"),
                        currency,
                        format!("items[{j}] is booked in {c}; one payment rate converts to one company currency"),
                    ))
                }
                None => first = Some((i, currency)),
                _ => {}
            }
            if payment.rate.is_none() {
                return Err(invalid(
                    ErrorKind::InvalidRequest,
                    "payment.rate".into(),
                    "null",
                    format!("items[{i}] is booked in {currency}: the payment needs its rate to that currency"),
                ));
            }
            Ok(Some(Booking { rules, rate }))
        })
        .collect::<Result<Vec<_>>>()
        .and_then(|out| match payment.rate {
            // a rate that converts nothing would be dropped without a word
            Some(r) if out.iter().all(Option::is_none) => Err(invalid(
                ErrorKind::InvalidRequest,
                "payment.rate".into(),
                r.to_string(),
                "no item is booked in a company currency (company_currency and invoice_rate): drop the payment's rate or book the items",
            )),
            _ => Ok(out),
        })
}

/// The exchange difference of `cash` (in the document currency) applied to a receivable booked
/// at `invoice_rate` and received at `payment_rate` (both: company units per document unit):
/// `round(cash × payment_rate) − round(cash × invoice_rate)`, each rounded in the company
/// currency with `company`'s mode.
///
/// The sign is the company's, as the creditor: **positive is an exchange gain** (the cash
/// received is worth more company currency than the receivable it clears), negative a loss. A
/// discount taken or a write-off is not cash and has no exchange difference (it is booked at the
/// invoice's rate).
///
/// ```
/// use arrears::payments::exchange_difference;
/// use arrears::{MoneyRules, Rounding};
/// let usd = MoneyRules::new("USD", &Rounding::default())?;
/// // 600.00 EUR booked at 1.10 USD, received at 1.15: 690.00 - 660.00
/// let d = exchange_difference("600.00".parse().unwrap(), "1.10".parse().unwrap(), "1.15".parse().unwrap(), &usd)?;
/// assert_eq!(d.to_string(), "30.00");
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::Overflow`] when a company amount is beyond the representable range.
pub fn exchange_difference(
    cash: Decimal,
    invoice_rate: Decimal,
    payment_rate: Decimal,
    company: &MoneyRules,
) -> Result<Decimal> {
    let at = |rate: Decimal, field: &str| -> Result<Decimal> {
        cash.checked_mul(rate).and_then(|x| company.round(x).ok()).ok_or_else(|| overflow(field, rate))
    };
    let paid = at(payment_rate, "payment.rate")?;
    let booked = at(invoice_rate, "invoice_rate")?;
    Ok(company.fix_scale(paid - booked))
}
