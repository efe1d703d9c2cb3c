//! Schedules for a whole list of invoices in one call, over plain columns: what the Python, Node
//! and C batch entry points call (a call per invoice across a language boundary costs more than
//! the schedule itself).
//!
//! Amounts are integers in minor units at each currency's scale (the ISO 4217 minor units, or
//! the options' precision override): 1234.56 EUR is `123456`, 1000 JPY is `1000`. Dates are day
//! numbers (days since 1970-01-01, see [`crate::aging::day_number`]). The result is columnar too:
//! invoice `i`'s installments are rows `offsets[i] .. offsets[i + 1]`.
//!
//! ```
//! use arrears::batch::{schedule_columns, InvoiceColumns};
//! use arrears::{PaymentTerms, ScheduleOptions};
//! use arrears::notation::NotationOptions;
//!
//! let terms = [PaymentTerms::parse("30/60/90", &NotationOptions::default())?];
//! let day = arrears::aging::day_number(arrears::parse_date("d", "2026-01-31")?);
//! let invoices = InvoiceColumns { total: &[100_000, 547], currency: &[0, 0], base_date: &[day, day], terms: None };
//! let out = schedule_columns(&terms, &["EUR"], &ScheduleOptions::default(), &invoices)?;
//! assert_eq!(out.offsets, [0, 3, 6]);
//! assert_eq!(out.amount, [33_333, 33_333, 33_334, 182, 182, 183]);
//! assert_eq!(out.line, [0, 1, 2, 0, 1, 2]);
//! # Ok::<(), arrears::Error>(())
//! ```

use rust_decimal::Decimal;

use crate::aging::{date_of_day_number, day_number};
use crate::error::{Error, ErrorKind, Result};
use crate::money::MoneyRules;
use crate::schedule::{schedule_with_discount_base, DiscountBase, ScheduleOptions};
use crate::terms::PaymentTerms;

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
/// # Errors
/// [`ErrorKind::InvalidRequest`] for columns of different lengths (naming the column), an empty
/// terms list, or a terms index out of range (`terms[i]`); [`ErrorKind::UnknownCurrency`] for a
/// code of the list (`currencies[j]`) or an index out of it (`currency[i]`);
/// [`ErrorKind::DateOutOfRange`] for `base_date[i]`; and the errors of [`crate::schedule()`]
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
    for i in 0..n {
        let c = usize::from(invoices.currency[i]);
        let r = rules.get(c).ok_or_else(|| {
            Error::new(
                ErrorKind::UnknownCurrency,
                format!("currency[{i}]"),
                c.to_string(),
                format!("currency index outside the list of {} currencies", currencies.len()),
            )
        })?;
        let t = invoices.terms.map_or(0, |t| t[i] as usize);
        let terms = terms.get(t).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidRequest,
                format!("terms[{i}]"),
                t.to_string(),
                "terms index outside the terms list",
            )
        })?;
        let base = date_of_day_number(&format!("base_date[{i}]"), invoices.base_date[i])?;
        let total = Decimal::new(invoices.total[i], r.scale());
        let s = schedule_with_discount_base(total, r.currency(), base, terms, options, DiscountBase::Gross)
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
