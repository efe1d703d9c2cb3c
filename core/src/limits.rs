//! The documented limits on the size of a request.
//!
//! A small request must not burn seconds or gigabytes: every list a request can make long has a
//! limit here, far above what real terms, calendars and reports need, and a request beyond one
//! is an [`ErrorKind::LimitExceeded`] error naming the list (`terms.lines`,
//! `calendar.holidays`...) and its size, never a slow or huge computation. Within the limits
//! every operation is linear (or `n log n`) in its input; `benches/limits.rs` times the worst
//! requests under 1 MB (each completes in well under 100 ms and 100 MB).
//!
//! | limit | value | what it bounds |
//! |---|---|---|
//! | [`MAX_LINES`] | 1,200 | lines of one payment terms (100 years of monthly installments) |
//! | [`MAX_STEPS`] | 8 | steps of one due-date rule |
//! | [`MAX_DISCOUNTS`] | 8 | discount tiers of one term line |
//! | [`MAX_HOLIDAYS`] | 100,000 | holidays of one calendar |
//! | [`MAX_TEXT`] | 4,096 bytes | a notation, an XRechnung note, an X12 or EDIFACT segment |
//! | [`MAX_BUCKETS`] | 64 | aging bucket bounds |
//! | [`MAX_MERGE_REPORTS`] | 100,000 | reports of one `aging_merge` |
//! | [`MAX_FORECAST_HORIZON`] | 520 | periods of a cash forecast (ten years of weeks) |
//! | [`MAX_EVENTS`] | 100,000 | payments and credit notes of one claim |
//! | [`MAX_RATES`] | 100,000 | entries of one reference-rate table (a daily table for 270 years) |
//! | [`MAX_GRACE_DAYS`] | 3,660 | grace period of an interest rule (ten years) |
//! | [`MAX_FEE_BANDS`] | 64 | amount bands of one fee rule |
//! | [`MAX_STATEMENT_ITEMS`] | 100,000 | open items of one statement of account |
//! | [`MAX_PAYMENT_ITEMS`] | 100,000 | open items one payment is allocated to |
//! | [`MAX_WORKLIST_ITEMS`] | 1,000,000 | open items, and payments, of one object-API worklist (the columnar kernel has no limit) |
//! | [`MAX_DUNNING_STEPS`] | 64 | steps of one dunning policy |
//! | [`MAX_DUNNING_ITEMS`] | 100,000 | installments, and history entries, of one dunning run |
//!
//! ```
//! use arrears::{ErrorKind, PaymentTerms, TermLine};
//! let lines = vec![TermLine::equal(vec![]); arrears::limits::MAX_LINES + 1];
//! let err = PaymentTerms::new(lines).unwrap_err();
//! assert_eq!((err.kind(), err.field(), err.value()), (ErrorKind::LimitExceeded, "lines", "1201"));
//! ```

use crate::error::{Error, ErrorKind};

/// The most lines one [`crate::PaymentTerms`] may have.
pub const MAX_LINES: usize = 1_200;
/// The most steps one [`crate::DueRule`] may have.
pub const MAX_STEPS: usize = 8;
/// The most discount tiers one [`crate::TermLine`] may have.
pub const MAX_DISCOUNTS: usize = 8;
/// The most holidays one [`crate::Calendar`] may have.
pub const MAX_HOLIDAYS: usize = 100_000;
/// The longest text (in bytes) the notation and e-invoicing parsers read.
pub const MAX_TEXT: usize = 4_096;
/// The most aging bucket bounds.
pub const MAX_BUCKETS: usize = 64;
/// The most reports one aging merge takes.
pub const MAX_MERGE_REPORTS: usize = 100_000;
/// The most periods of a cash forecast.
pub const MAX_FORECAST_HORIZON: u32 = 520;

/// The most payments and credit notes one claim may have.
pub const MAX_EVENTS: usize = 100_000;
/// The most entries one reference-rate table may have.
pub const MAX_RATES: usize = 100_000;
/// The longest grace period of an interest rule, in days.
pub const MAX_GRACE_DAYS: u32 = 3_660;
/// The most amount bands one fee rule may have.
pub const MAX_FEE_BANDS: usize = 64;
/// The most items one statement of account may have.
pub const MAX_STATEMENT_ITEMS: usize = 100_000;
/// The most open items one payment may be allocated to.
pub const MAX_PAYMENT_ITEMS: usize = 100_000;
/// The most open items (and, separately, payments) of one object-API worklist.
pub const MAX_WORKLIST_ITEMS: usize = 1_000_000;
/// The most steps of one dunning policy.
pub const MAX_DUNNING_STEPS: usize = 64;
/// The most installments (and, separately, history entries) of one dunning run.
pub const MAX_DUNNING_ITEMS: usize = 100_000;

/// The error for a list `field` of `size` entries over `limit`.
pub(crate) fn exceeded(field: &str, size: usize, limit: usize) -> Error {
    Error::new(
        ErrorKind::LimitExceeded,
        field,
        size.to_string(),
        format!("at most {limit} are supported (see arrears::limits)"),
    )
}

/// `Ok` when `size` is within `limit`.
pub(crate) fn check(field: &str, size: usize, limit: usize) -> crate::Result<()> {
    if size > limit {
        return Err(exceeded(field, size, limit));
    }
    Ok(())
}
