//! # arrears — an embeddable accounts-receivable engine
//!
//! Pure logic, no I/O and no clock: "today" is always a parameter. Money is exact
//! ([`rust_decimal::Decimal`]), dates are [`chrono::NaiveDate`], every rounding is explicit and
//! per currency, and totals are exact (installments sum to the invoice).
//!
//! ## The map
//!
//! One folder per domain; each `mod.rs` says what the domain is and where to start reading
//! (`ARCHITECTURE.md` at the repository root draws the layers and their one direction).
//!
//! | folder | what | start with |
//! |---|---|---|
//! | [`money`] | ISO 4217 currencies, seven named rounding modes, precision overrides, cash rounding | [`MoneyRules`] |
//! | [`calendar`] | ISO dates, day numbers, due-date rules of ordered steps, business days | [`DueRule`], [`Calendar::adjust`] |
//! | [`terms`] | term lines and discount tiers, the notations people write ([`notation`]), e-invoicing forms ([`einvoice`]), schedules of one invoice or many, what settles an installment ([`discount`]) | [`PaymentTerms`], [`schedule()`] |
//! | [`charges`] | late interest over any rate table and the statutory regimes (EU, DE, UK, FR, IT, RU), with its breakdown; late fees; statements of account; the batch kernel | [`charges::interest()`], [`charges::interest_columns()`] |
//! | [`payments`] | where a payment goes: allocation strategies (oldest first, pro rata, statutory presets), installments, discounts taken, tolerance, unapplied credit | [`payments::allocate()`] |
//! | [`collections`] | the collection worklist (customers ranked by overdue amount, age and payment history, every score explained; its batch kernel), dunning, risk scores, collector assignment, credit checks | [`collections::worklist()`], [`collections::dunning()`] |
//! | [`receivables`] | aging reports that merge across partitions ([`aging`]), DSO, CEI, allowance, cash forecast ([`metrics`]) | [`aging::aging`], [`aging::age_columns`] |
//! | [`columnar`] | the batch machinery every kernel shares, no domain rule: pieces for threads, packed keys, group tables | `aging::age_sources` |
//! | [`wire`] | the JSON form shared by the Python, Node and C bindings: [`call_json`], one file of requests per domain | [`call_json`] |
//! | [`limits`] | the documented limits on a request's size | [`limits`] |
//!
//! Dependencies point one way: `wire` → domains (`receivables` → `terms` → `money`,
//! `calendar`) → `columnar`; no domain imports the wire. The crate root re-exports the names
//! used most, and the old flat paths (`arrears::aging`, `arrears::batch`, `arrears::dates`,
//! `arrears::schedule`...) keep working.
//!
//! ```
//! use arrears::{schedule, PaymentTerms, ScheduleOptions, TermLine, Step, parse_date};
//! use rust_decimal::Decimal;
//!
//! // "30 % now, balance 60 days after end of month" on 1,000.00 EUR invoiced 2026-01-31
//! let terms = PaymentTerms::new(vec![
//!     TermLine::percent(Decimal::from(30), vec![]),
//!     TermLine::balance(vec![Step::EndOfMonth, Step::AddDays(60)]),
//! ])?;
//! let s = schedule("1000.00".parse().unwrap(), "EUR", parse_date("base_date", "2026-01-31")?,
//!                  &terms, &ScheduleOptions::default())?;
//! assert_eq!(s.installments[0].amount.to_string(), "300.00");
//! assert_eq!(s.installments[1].due_date.to_string(), "2026-04-01");
//! assert_eq!(s.installments[1].amount.to_string(), "700.00");
//! # Ok::<(), arrears::Error>(())
//! ```
//!
//! ## Errors
//! Every fallible function returns [`Error`], whose variants name the field (a wire-format path),
//! the offending value and the reason; [`ErrorKind`] gives the stable code shared with the other
//! languages. No input makes arrears panic.
//!
//! ## Crate features
//! None yet: the crate always builds with `std`, `serde` and `serde_json`.

#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod calendar;
pub mod charges;
pub mod collections;
pub mod columnar;
mod error;
pub mod limits;
pub mod money;
pub mod payments;
pub mod receivables;
mod serde_forms;
pub mod terms;
pub mod wire;

/// The calendar domain's old name, kept so that `arrears::dates::...` paths keep working.
pub use calendar as dates;
pub use receivables::metrics;
pub use terms::{discount, einvoice, notation};

/// Schedules for a whole list of invoices in one call, over plain columns: what the Python, Node
/// and C batch entry points call (a call per invoice across a language boundary costs more than
/// the schedule itself).
///
/// Amounts are integers in minor units at each currency's scale (the ISO 4217 minor units, or
/// the options' precision override): 1234.56 EUR is `123456`, 1000 JPY is `1000`. Dates are day
/// numbers (days since 1970-01-01, see [`crate::aging::day_number`]). The result is columnar too:
/// invoice `i`'s installments are rows `offsets[i] .. offsets[i + 1]`.
///
/// ```
/// use arrears::batch::{schedule_columns, InvoiceColumns};
/// use arrears::{PaymentTerms, ScheduleOptions};
/// use arrears::notation::NotationOptions;
///
/// let terms = [PaymentTerms::parse("30/60/90", &NotationOptions::default())?];
/// let day = arrears::aging::day_number(arrears::parse_date("d", "2026-01-31")?);
/// let invoices = InvoiceColumns { total: &[100_000, 547], currency: &[0, 0], base_date: &[day, day], terms: None };
/// let out = schedule_columns(&terms, &["EUR"], &ScheduleOptions::default(), &invoices)?;
/// assert_eq!(out.offsets, [0, 3, 6]);
/// assert_eq!(out.amount, [33_333, 33_333, 33_334, 182, 182, 183]);
/// assert_eq!(out.line, [0, 1, 2, 0, 1, 2]);
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// The items live in [`terms`]; this path keeps working.
pub mod batch {
    pub use crate::terms::{schedule_columns, InvoiceColumns, ScheduleColumns};
}

/// Schedules, now in [`terms`]; this path keeps working.
pub mod schedule {
    pub use crate::terms::{
        schedule, schedule_with_discount_base, DiscountBase, Installment, InstallmentDiscount, Schedule,
        ScheduleOptions,
    };
}

/// Aging, now [`receivables::aging`]; this path keeps working, with the day numbers (now in
/// [`calendar`]) and the packed keys and prefetch hint (now in [`columnar`]) it always offered.
pub mod aging {
    pub use crate::calendar::{date_of_day_number, day_number, MAX_DAY, MIN_DAY};
    pub use crate::columnar::{pack_code, pack_key, pack_key_at, prefetch_at, unpack_key, unpack_key_into};
    pub use crate::receivables::aging::*;
}
pub use calendar::{format_date, parse_date, Adjustment, Calendar, DueRule, Step, MAX_DATE, MIN_DATE};
pub use error::{Error, ErrorKind, Result};
pub use money::{parse_amount, Currency, MoneyRules, Rounding, RoundingMode, MAX_AMOUNT, MAX_PRECISION};
pub use serde_forms::{from_json, to_json};
pub use terms::{
    schedule, schedule_with_discount_base, DiscountBase, Installment, InstallmentDiscount, Schedule, ScheduleOptions,
};
pub use terms::{Discount, DiscountAmount, LineAmount, PaymentTerms, TermLine};
pub use wire::call_json;

/// The library version (Cargo's `CARGO_PKG_VERSION`), the same in every language binding.
///
/// ```
/// assert_eq!(arrears::VERSION, env!("CARGO_PKG_VERSION"));
/// ```
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

// Re-exported so users name the same types arrears uses.
pub use chrono;
pub use rust_decimal;

/// The README's Rust snippets, run as doctests so the README never drifts from the API.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
