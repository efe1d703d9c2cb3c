//! Statuses and failures: the `ARREARS_*` status codes, [`Failure`] (what a failed call
//! reports), the per-thread last error that `arrears_last_error_*` read, and [`guard`], which
//! runs every boundary function so that no panic crosses into C.

use std::cell::RefCell;
use std::ffi::{c_char, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use arrears::{Error, ErrorKind};

use crate::args::c_string;

/// Status of every call: `ARREARS_OK` or an error code.
pub type ArrearsStatus = i32;
/// Success.
pub const ARREARS_OK: ArrearsStatus = 0;
/// An amount is malformed, too precise for its currency, or too large.
pub const ARREARS_INVALID_AMOUNT: ArrearsStatus = 1;
/// A date is malformed or not a calendar date.
pub const ARREARS_INVALID_DATE: ArrearsStatus = 2;
/// A currency code is unknown (and no precision was given) or malformed.
pub const ARREARS_UNKNOWN_CURRENCY: ArrearsStatus = 3;
/// A precision is out of range, or the currency has no minor unit and none was given.
pub const ARREARS_INVALID_PRECISION: ArrearsStatus = 4;
/// An unknown rounding mode or a bad cash increment.
pub const ARREARS_INVALID_ROUNDING: ArrearsStatus = 5;
/// A bad due-date step, adjustment or calendar.
pub const ARREARS_INVALID_RULE: ArrearsStatus = 6;
/// Inconsistent payment terms.
pub const ARREARS_INVALID_TERMS: ArrearsStatus = 7;
/// A computed date falls outside 0001-01-01 ..= 9999-12-31.
pub const ARREARS_DATE_OUT_OF_RANGE: ArrearsStatus = 8;
/// An amount computation would overflow.
pub const ARREARS_OVERFLOW: ArrearsStatus = 9;
/// A malformed JSON request (syntax, missing or unknown field, wrong type, unknown operation).
pub const ARREARS_INVALID_REQUEST: ArrearsStatus = 10;
/// A request is larger than a documented limit (lines, steps, holidays, counts of arrays...).
pub const ARREARS_LIMIT_EXCEEDED: ArrearsStatus = 11;
/// A required pointer argument was NULL.
pub const ARREARS_NULL_POINTER: ArrearsStatus = 100;
/// A string argument was not valid UTF-8.
pub const ARREARS_INVALID_UTF8: ArrearsStatus = 101;
/// An internal failure (a bug): reported instead of unwinding into C.
pub const ARREARS_PANIC: ArrearsStatus = 199;

struct LastError {
    code: CString,
    field: CString,
    value: CString,
    message: CString,
}

thread_local! {
    static LAST_ERROR: RefCell<Option<LastError>> = const { RefCell::new(None) };
}

/// A failure at the boundary: a core error, or one of the C-only statuses.
pub(crate) struct Failure {
    pub(crate) status: ArrearsStatus,
    pub(crate) code: &'static str,
    pub(crate) field: String,
    pub(crate) value: String,
    pub(crate) message: String,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure {
            status: e.kind().status(),
            code: e.kind().code(),
            field: e.field().to_string(),
            value: e.value().to_string(),
            message: e.to_string(),
        }
    }
}

/// A failure of the C boundary itself (`ARREARS_NULL_POINTER`, `ARREARS_INVALID_UTF8`,
/// `ARREARS_PANIC`): a status and code of its own, no value.
pub(crate) fn boundary(status: ArrearsStatus, code: &'static str, field: &str, message: String) -> Failure {
    Failure { status, code, field: field.to_string(), value: String::new(), message }
}

/// A core error kind found at the boundary (an enum value out of range, a bad flag...).
pub(crate) fn invalid(kind: ErrorKind, field: &str, value: impl ToString, reason: &str) -> Failure {
    Error::new(kind, field, value.to_string(), reason).into()
}

fn set_last_error(f: Option<Failure>) {
    LAST_ERROR.with(|slot| {
        *slot.borrow_mut() = f.map(|f| LastError {
            code: c_string(f.code.to_string()),
            field: c_string(f.field),
            value: c_string(f.value),
            message: c_string(f.message),
        })
    });
}

/// Runs a boundary function: clears the last error, catches panics, records failures.
pub(crate) fn guard(body: impl FnOnce() -> Result<(), Failure>) -> ArrearsStatus {
    set_last_error(None);
    let result = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| {
        Err(boundary(ARREARS_PANIC, "internal", "", "internal error in arrears (please report it)".into()))
    });
    match result {
        Ok(()) => ARREARS_OK,
        Err(f) => {
            let status = f.status;
            set_last_error(Some(f));
            status
        }
    }
}

fn last_error_part(pick: impl Fn(&LastError) -> *const c_char) -> *const c_char {
    LAST_ERROR.with(|slot| slot.borrow().as_ref().map_or(ptr::null(), pick))
}

/// The message of the last failed call on this thread (names the field and the value), or NULL
/// when the last call succeeded. Valid until the next arrears call on this thread; do not free.
#[no_mangle]
pub extern "C" fn arrears_last_error_message() -> *const c_char {
    last_error_part(|e| e.message.as_ptr())
}

/// The stable code of the last error (`"invalid_terms"`, `"null_pointer"`, ...), or NULL.
#[no_mangle]
pub extern "C" fn arrears_last_error_code() -> *const c_char {
    last_error_part(|e| e.code.as_ptr())
}

/// The field the last error is about (`"total"`, `"terms.lines[1].value"`), or NULL.
#[no_mangle]
pub extern "C" fn arrears_last_error_field() -> *const c_char {
    last_error_part(|e| e.field.as_ptr())
}

/// The offending value of the last error, as text, or NULL.
#[no_mangle]
pub extern "C" fn arrears_last_error_value() -> *const c_char {
    last_error_part(|e| e.value.as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_match_the_core_kinds() {
        let c = [
            ARREARS_INVALID_AMOUNT,
            ARREARS_INVALID_DATE,
            ARREARS_UNKNOWN_CURRENCY,
            ARREARS_INVALID_PRECISION,
            ARREARS_INVALID_ROUNDING,
            ARREARS_INVALID_RULE,
            ARREARS_INVALID_TERMS,
            ARREARS_DATE_OUT_OF_RANGE,
            ARREARS_OVERFLOW,
            ARREARS_INVALID_REQUEST,
            ARREARS_LIMIT_EXCEEDED,
        ];
        assert_eq!(c.len(), ErrorKind::ALL.len());
        for (kind, status) in ErrorKind::ALL.iter().zip(c) {
            assert_eq!(kind.status(), status, "{kind}");
        }
    }
}
