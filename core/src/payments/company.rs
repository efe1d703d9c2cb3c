//! Two currencies: a schedule in its document currency booked in the company (accounting)
//! currency at the invoice's rate, installment by installment, with the residue on the last.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::calendar::serde::date;
use crate::error::{Error, ErrorKind, Result};
use crate::money::serde::amount;
use crate::money::{overflow, MoneyRules};
use crate::terms::{InstallmentDiscount, Schedule};

/// One installment in the company currency.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CompanyInstallment {
    /// Due date (the document installment's).
    #[serde(with = "date")]
    pub due_date: NaiveDate,
    /// The company amount.
    #[serde(with = "amount")]
    pub amount: Decimal,
    /// The discount tiers in the company currency (omitted when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discounts: Vec<InstallmentDiscount>,
}

/// A schedule in the company currency; its amounts sum exactly to `total`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CompanySchedule {
    /// The company currency.
    pub currency: String,
    /// Company units per document unit.
    #[serde(with = "amount")]
    pub rate: Decimal,
    /// The company total.
    #[serde(with = "amount")]
    pub total: Decimal,
    /// The installments, in the schedule's order.
    pub installments: Vec<CompanyInstallment>,
}

/// The company-currency form of `schedule` at `rate` (company units per document unit): each
/// installment's amount is its document amount × rate rounded with `company`, the last takes
/// the residue so that they sum exactly to the company total, the document total × rate rounded
/// (a `company_total` booked already is checked against it: SEMANTICS, two currencies). Each discount tier's payable is the document payable × rate rounded
/// (cash follows what is paid) and its discount the company amount less it.
///
/// ```
/// use arrears::payments::company_schedule;
/// use arrears::{from_json, MoneyRules, Rounding, Schedule};
/// // ED-03: 868.35 (3 decimals) at 0.5, payable early 781.55
/// let s: Schedule = from_json(r#"{"currency": "EUR", "due_date": "2016-01-03", "total": "868.35",
///   "installments": [{"amount": "868.35", "due_date": "2016-01-03", "line": 0,
///                     "discounts": [{"deadline": "2016-01-02", "discount": "86.80", "payable": "781.55"}]}]}"#)?;
/// let c = company_schedule(&s, "0.5".parse().unwrap(), None, &MoneyRules::new("USD", &Rounding::default())?)?;
/// assert_eq!(c.installments[0].amount.to_string(), "434.18");
/// assert_eq!(c.installments[0].discounts[0].payable.to_string(), "390.78");
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidAmount`] for a rate that is not positive (`rate`), a schedule whose
/// installments do not sum to its total (`schedule.total`), a company total with another sign
/// than the document total, more decimals than the company currency, other than the document
/// total × rate rounded in the company currency, or (a rounding residue of many installments)
/// leaving the last installment with the other sign (`company_total`);
/// [`ErrorKind::Overflow`].
pub fn company_schedule(
    schedule: &Schedule,
    rate: Decimal,
    company_total: Option<Decimal>,
    company: &MoneyRules,
) -> Result<CompanySchedule> {
    if rate <= Decimal::ZERO {
        return Err(Error::new(ErrorKind::InvalidAmount, "rate", rate.to_string(), "a rate is positive"));
    }
    let mut sum = Decimal::ZERO;
    for (k, i) in schedule.installments.iter().enumerate() {
        sum = sum
            .checked_add(i.amount)
            .ok_or_else(|| overflow(&format!("schedule.installments[{k}].amount"), i.amount))?;
    }
    if sum != schedule.total {
        return Err(Error::new(
            ErrorKind::InvalidAmount,
            "schedule.total",
            schedule.total.to_string(),
            format!("the installments sum to {sum}: a schedule's installments sum exactly to its total"),
        ));
    }
    let convert =
        |v: Decimal| -> Result<Decimal> { company.round(v.checked_mul(rate).ok_or_else(|| overflow("rate", rate))?) };
    let total = match company_total {
        Some(t) => {
            let t = company.exact("company_total", t)?;
            if !t.is_zero() && t.is_sign_negative() != schedule.total.is_sign_negative() {
                return Err(Error::new(
                    ErrorKind::InvalidAmount,
                    "company_total",
                    t.to_string(),
                    "the company total has the document total's sign",
                ));
            }
            let converted = convert(schedule.total)?;
            if t != converted {
                // SEMANTICS (two currencies): company amounts sum exactly to the converted total
                return Err(Error::new(
                    ErrorKind::InvalidAmount,
                    "company_total",
                    t.to_string(),
                    format!(
                        "the document total {} {} at rate {rate} is {} {} (rounded {}); the company total is that converted total",
                        schedule.total,
                        schedule.currency,
                        company.fix_scale(converted),
                        company.currency(),
                        company.mode().name()
                    ),
                ));
            }
            t
        }
        None => convert(schedule.total)?,
    };
    let n = schedule.installments.len();
    let mut out = Vec::with_capacity(n);
    let mut booked = Decimal::ZERO;
    for (k, i) in schedule.installments.iter().enumerate() {
        let amount = if k + 1 == n { total - booked } else { convert(i.amount)? };
        if k + 1 == n && !amount.is_zero() && amount.is_sign_negative() != i.amount.is_sign_negative() {
            // the residue flipped the last installment: the company total is not the converted
            // total give or take rounding
            return Err(Error::new(
                ErrorKind::InvalidAmount,
                "company_total",
                total.to_string(),
                format!(
                    "leaves the last installment {} in {}, against the sign of its document amount {}",
                    company.fix_scale(amount),
                    company.currency(),
                    i.amount
                ),
            ));
        }
        booked += amount;
        let discounts = i
            .discounts
            .iter()
            .map(|d| {
                // never beyond the installment (the last one's residue may be a unit short)
                let payable = convert(d.payable)?;
                let payable = if amount.is_sign_negative() { payable.max(amount) } else { payable.min(amount) };
                Ok(InstallmentDiscount { deadline: d.deadline, discount: company.fix_scale(amount - payable), payable })
            })
            .collect::<Result<Vec<_>>>()?;
        out.push(CompanyInstallment { due_date: i.due_date, amount: company.fix_scale(amount), discounts });
    }
    Ok(CompanySchedule {
        currency: company.currency().to_string(),
        rate,
        total: company.fix_scale(total),
        installments: out,
    })
}
