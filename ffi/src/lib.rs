//! The C ABI of arrears: `libarrears.so` / `libarrears.a` with the header `include/arrears.h`.
//!
//! Conventions:
//! - every function returns an `ArrearsStatus` (`ARREARS_OK` = 0; 1..10 are the core error kinds,
//!   the same numbers as `arrears::ErrorKind::status`; 100+ are C-boundary errors);
//! - after a failure, `arrears_last_error_message()` and friends describe it, per thread, until
//!   the next arrears call on that thread;
//! - strings are NUL-terminated UTF-8; amounts are decimal strings, dates `YYYY-MM-DD`;
//! - what the library allocates, the library frees (`arrears_string_free`,
//!   `arrears_schedule_free`, `arrears_aging_free`, `arrears_schedule_batch_free`,
//!   `arrears_terms_free`, `arrears_interest_free`, `arrears_interest_batch_free`,
//!   `arrears_allocate_batch_free`, `arrears_worklist_free`), and every free
//!   function accepts NULL;
//! - columnar entry points (`arrears_aging`, `arrears_aging_utf8`, `arrears_schedule_batch`,
//!   `arrears_interest_batch`, `arrears_allocate_batch`, `arrears_worklist_batch`) take plain
//!   arrays of one length `n` (C cannot check it), dates as
//!   day numbers (days since 1970-01-01) and amounts as int64 minor units (`arrears_aging_utf8`:
//!   customer ids as an Arrow-style utf8 column, int32 offsets and bytes);
//! - no panic crosses the boundary: an internal failure returns `ARREARS_PANIC`;
//! - enum-like fields are plain `int32_t`s, so an out-of-range value is an error, never UB.

#![allow(non_camel_case_types)]
#![allow(clippy::missing_safety_doc)] // the safety contract is stated once, in the header preamble

// The modules, in the order cbindgen writes them into the header (each in its source order):
// the conventions first, then the domains from money and calendar up to aging and metrics, as
// the core layers them. One comment per module keeps rustfmt from sorting the list.

// Statuses, `Failure`, the per-thread last error and the panic guard.
mod status;
// Arguments in and out: `text`, `slice`, C strings and `arrears_string_free`.
mod args;
// `arrears_call_json`, every wire-format operation.
mod wire;
// Rounding modes and `arrears_round`.
mod money;
// Due-date steps, business-day calendars, `arrears_due_date`, day numbers.
mod calendar;
// Term lines and the payment-terms handles (`ArrearsTerms`).
mod terms;
// `arrears_schedule` and its options.
mod schedule;
// `arrears_schedule_batch`, schedules over columns.
mod schedule_batch;
// The aging spec and `arrears_aging` (integer customer keys).
mod aging;
// `arrears_aging_utf8` (customer ids as a utf8 column).
mod aging_utf8;
// `ArrearsAging`, `arrears_aging_merge` and `arrears_aging_free`.
mod aging_result;
// DSO, CEI and the allowance over decimal strings.
mod metrics;
// Late interest: `arrears_interest` (one claim), `arrears_interest_batch` (columns) and
// `arrears_match_payments` (payments to invoice rows by id).
mod charges;
// Payment allocation over columns: `arrears_allocate_batch`.
mod payments;
// The worklist over columns: `arrears_worklist_batch`.
mod collections;
// Typed credit checks and risk scores (flat shapes): `arrears_credit_check`, `arrears_risk_score`.
mod credit;

pub use aging::*;
pub use aging_result::*;
pub use aging_utf8::*;
pub use args::*;
pub use calendar::*;
pub use charges::*;
pub use collections::*;
pub use credit::*;
pub use metrics::*;
pub use money::*;
pub use payments::*;
pub use schedule::*;
pub use schedule_batch::*;
pub use status::*;
pub use terms::*;
pub use wire::*;

use std::ffi::c_char;

/// The library version, e.g. `"0.1.0"` (static; do not free).
#[no_mangle]
pub extern "C" fn arrears_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr;

    #[test]
    fn aging_and_batch_round_trip_through_the_c_structs() {
        let codes = [c"EUR".as_ptr()];
        let spec = ArrearsAgingSpec { as_of: 20_000, ..arrears_aging_spec_default() };
        let mut out: *mut ArrearsAging = ptr::null_mut();
        let st = unsafe {
            arrears_aging(
                [2u32, 1].as_ptr(),
                [0u16, 0].as_ptr(),
                codes.as_ptr(),
                1,
                [19_990i32, 20_010].as_ptr(),
                ptr::null(),
                [500i64, -100].as_ptr(),
                [1u8, 0].as_ptr(),
                2,
                2,
                &spec,
                &mut out,
            )
        };
        assert_eq!(st, ARREARS_OK);
        let a = unsafe { &*out };
        let customers = unsafe { std::slice::from_raw_parts(a.customer, a.rows) };
        let totals = unsafe { std::slice::from_raw_parts(a.total, a.rows) };
        assert_eq!((customers, totals), (&[1u32, 2][..], &[-100i64, 500][..]));
        unsafe { arrears_aging_free(out) };

        let mut terms: *mut ArrearsTerms = ptr::null_mut();
        assert_eq!(unsafe { arrears_terms_parse(c"30/60/90".as_ptr(), ARREARS_EOM_US, 0, &mut terms) }, ARREARS_OK);
        let list = [terms.cast_const()];
        let mut b: *mut ArrearsScheduleBatch = ptr::null_mut();
        let st = unsafe {
            arrears_schedule_batch(
                list.as_ptr(),
                1,
                codes.as_ptr(),
                1,
                [100i64].as_ptr(),
                [0u16].as_ptr(),
                [0i32].as_ptr(),
                ptr::null(),
                1,
                ptr::null(),
                &mut b,
            )
        };
        assert_eq!(st, ARREARS_OK);
        let amounts = unsafe { std::slice::from_raw_parts((*b).amount, (*b).installments) };
        assert_eq!(amounts, [33, 33, 34]);
        unsafe {
            arrears_schedule_batch_free(b);
            arrears_terms_free(terms);
        }
    }
}
