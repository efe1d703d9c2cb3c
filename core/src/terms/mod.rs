//! Payment terms: lines that split an invoice total into installments, their due dates and
//! early-payment discounts; the notations people write, the e-invoicing forms, and the
//! schedule of an invoice.
//!
//! Start with [`PaymentTerms`] (ordered [`TermLine`]s, checked as a whole) and [`schedule()`]
//! (the installments of one invoice); [`PaymentTerms::parse`] reads `2/10 net 30` and friends
//! ([`notation`]), [`schedule_columns()`] schedules a whole list of invoices at once.
//!
//! Depends on `money`, `calendar` and `columnar`; never imports `receivables` or the wire.
//!
//! Rules (SEMANTICS.md, "Payment terms and installments", "Early-payment discounts"): lines are
//! `percent`, `percent_of_remainder`, `fixed` (takes the sign of the total), `balance` and
//! `equal`; each line is rounded and the balance line (or the last line of terms whose percents
//! sum to 100, or the last equal share) absorbs the residue, so installments sum exactly to the
//! total; inconsistent terms are errors, never a negative installment; a zero line yields no
//! installment; discount deadlines are inclusive and nest inside the line's payment period; with a
//! cash-rounding increment, cash rounding follows what is paid: the payable after a percent
//! discount is the cash-rounded figure and the discount is the amount less it (868.35 at 10 %,
//! 0.05 rounded up: payable 781.55, discount 86.80).
//!
//! Files: `line.rs` (lines, amounts, discount tiers), `payment_terms.rs` (the terms and their
//! checks), `notation.rs` and `presets.rs` (text), `einvoice.rs` (XRechnung, X12 ITD, EDIFACT
//! PAT), `schedule.rs` (one invoice), `schedule_columns.rs` (many, as columns), `discount.rs`
//! (what settles an installment on a date, the annual cost of a discount).
//!
//! ```
//! use arrears::terms::{schedule, PaymentTerms, ScheduleOptions};
//! use arrears::notation::NotationOptions;
//! let terms = PaymentTerms::parse("2/10 net 30", &NotationOptions::default())?;
//! let s = schedule("1000.00".parse().unwrap(), "EUR", arrears::parse_date("d", "2026-01-01")?,
//!                  &terms, &ScheduleOptions::default())?;
//! let tier = &s.installments[0].discounts[0];
//! assert_eq!((tier.deadline.to_string(), tier.payable.to_string()), ("2026-01-11".into(), "980.00".into()));
//! # Ok::<(), arrears::Error>(())
//! ```

pub mod discount;
pub mod einvoice;
mod line;
pub mod notation;
mod payment_terms;
mod presets;
mod schedule;
mod schedule_columns;

pub use line::{Discount, DiscountAmount, LineAmount, LineError, TermLine};
pub use payment_terms::PaymentTerms;
pub(crate) use schedule::LineDue;
pub use schedule::{
    schedule, schedule_with_discount_base, DiscountBase, Installment, InstallmentDiscount, Schedule, ScheduleOptions,
};
pub(crate) use schedule_columns::round_div;
pub use schedule_columns::{schedule_columns, InvoiceColumns, ScheduleColumns};
