//! Late charges: the interest and fees a late customer owes on any date, under any rate table
//! and the statutory regimes, exact and explained.
//!
//! Start with [`interest()`] (one [`Claim`] under an [`InterestRule`], as of a date: the total
//! and the [`InterestPeriod`] lines that explain it), [`preset()`] (a statutory regime resolved
//! to a rule and a fee by [`Preset::regime`]) and [`statement()`] (a customer's open items with
//! interest, fees and discounts, and its plain-text letter). [`interest_columns()`] computes a
//! whole ledger at once over plain columns, on every core.
//!
//! Depends on `money`, `calendar`, `terms` (the early discounts a statement shows) and the
//! shared `columnar` layer; never imports the wire or `receivables`.
//!
//! Files: `day_count.rs` (act/365, act/360, act/act, 30E/360 as weights over one denominator),
//! `rates.rs` (rate tables, margins, floors, the four rate-fixing modes), `interest.rs` (the
//! timeline, compounding, the breakdown), `presets.rs` (EU, DE, UK, FR, IT, RU, versioned; the
//! sample rate tables), `fees.rs` (fixed, percent, bands, per invoice or dunning level),
//! `statement.rs` (statement of account), `columns.rs` (the batch kernel), `matching.rs` (payments
//! matched to invoices by id) and `matching_numbered.rs` (its path for numbered ids).
//!
//! Rules (SEMANTICS.md, "Late charges", "Money and rounding"):
//! - interest runs on each day after the due date (after the rule's roll over the caller's
//!   calendar) through the as-of date: due Jul 1, paid Jul 5 = 4 days; a payment or credit note
//!   lowers the principal from the day after it (on or before the due date: the starting
//!   principal); a payment beyond the principal is unapplied credit, on which nothing accrues;
//! - a grace period only decides whether interest is charged at all (paid within it: none);
//!   once charged, interest runs from the due date;
//! - each day's interest is principal × annual rate × the day's weight (1/365, 1/360, 1/its
//!   year's length, or its 30E/360 share); the numerators are summed exactly in integers
//!   (minor units × millionths of a percent × 1/1,603,080 of a day) and rounded **once**, with the
//!   currency's rules: never a daily amount or a daily rate rounded first. With compounding, each
//!   capitalised period's interest is rounded once when it joins the principal (it is booked);
//! - rates are -100 ..= 1000 % with at most 6 decimals; a reference table with a gap, an
//!   overlap, or no rate for a day that needs one is an error naming the date; how a change
//!   reaches a running debt is the rule's [`Fixing`];
//! - the breakdown's lines sum exactly to the total: each line shows the change of the rounded
//!   running total, within one minor unit of its exact share;
//! - fees run on the overdue principal, never on a balance holding fees; totals are per
//!   currency, never across currencies.
//!
//! ```
//! use arrears::charges::{interest, preset, sample_table, Claim, ChargeEvent, EventKind, InterestOptions, PresetInput};
//! use arrears::parse_date;
//! // A German B2B invoice of 10,000 EUR due 2024-05-31, 4,000 paid on 2024-08-15, as of 2024-12-31
//! let mut claim = Claim::new("10000.00".parse().unwrap(), "EUR", parse_date("due_date", "2024-05-31")?);
//! claim.events.push(ChargeEvent { kind: EventKind::Payment, date: parse_date("date", "2024-08-15")?,
//!                                 amount: "4000.00".parse().unwrap(), currency: None });
//! let input = PresetInput { reference_rates: sample_table("de_basiszins")?.table.clone(),
//!                           obligation_date: Some(parse_date("d", "2024-05-01")?), contract_rate: None, legal_rates: None };
//! let regime = preset("de_288_b2b")?.regime(&input, claim.due_date)?;
//! let out = interest(&claim, &regime.rule, parse_date("as_of", "2024-12-31")?, &InterestOptions::default())?;
//! // 2024-06-01 ..= 06-30 at 3.62 + 9; 07-01 ..= 08-15 at 3.37 + 9 on 10,000; then 6,000 until 12-31
//! let lines: Vec<(String, String, String)> = out.periods.iter()
//!     .map(|p| (p.principal.to_string(), p.rate.to_string(), p.interest.to_string())).collect();
//! assert_eq!(lines, [("10000.00".into(), "12.62".into(), "103.73".into()),
//!                    ("10000.00".into(), "12.37".into(), "155.89".into()),
//!                    ("6000.00".into(), "12.37".into(), "280.61".into())]);
//! assert_eq!(out.interest.to_string(), "540.23");
//! assert_eq!(regime.fee.map(|f| f.bands[0].amount), Some(arrears::charges::FeeAmount::Fixed(40.into())));
//! # Ok::<(), arrears::Error>(())
//! ```

mod batch_checks;
mod batch_preset;
mod batch_units;
mod columns;
mod day_count;
mod fees;
mod grouping;
mod interest;
mod matching;
mod matching_numbered;
mod overdue;
mod presets;
mod rates;
mod statement;

pub use columns::{
    interest_columns, match_payments, match_positions, BatchRule, InterestBatch, InterestColumns, InvoiceRows,
    PaymentRows, PeriodColumns, Unmatched,
};
pub use day_count::DayCount;
pub use fees::{fee_due, late_fee, FeeAmount, FeeBand, FeeCharge, FeeRule};
pub use interest::{
    interest, ChargeEvent, Claim, Compounding, EarlierDayCount, EventKind, Interest, InterestOptions, InterestPeriod,
    InterestRule, InterestStatus,
};
pub use overdue::overdue_rows;
pub use presets::{
    preset, presets, sample_table, sample_tables, Preset, PresetInput, PresetVersion, Regime, SampleTable, VersionBy,
};
pub use rates::{Fixing, Rate, RateEntry, RateFloor, RateTable, ReferenceRate, MAX_RATE, MIN_RATE, RATE_DECIMALS};
pub use statement::{statement, Statement, StatementItem, StatementLine, StatementRules, StatementTotal};
