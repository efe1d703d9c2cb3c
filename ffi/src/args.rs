//! Arguments in and out: reading C strings and arrays ([`text`], [`slice`]) with the failures
//! a NULL or impossible argument gets, and writing results ([`c_string`], [`copy_into`]), with
//! `arrears_string_free` for every string the library hands out.

use std::ffi::{c_char, CStr, CString};

use arrears::{Error, ErrorKind};

use crate::status::{boundary, Failure, ARREARS_INVALID_UTF8, ARREARS_NULL_POINTER};

/// The NUL-terminated UTF-8 string at `p`, borrowed (`field` names it in a failure).
pub(crate) unsafe fn text<'a>(field: &str, p: *const c_char) -> Result<&'a str, Failure> {
    if p.is_null() {
        return Err(null_arg(field));
    }
    CStr::from_ptr(p)
        .to_str()
        .map_err(|e| boundary(ARREARS_INVALID_UTF8, "invalid_utf8", field, format!("{field}: not valid UTF-8 ({e})")))
}

/// The `len` elements at `p` as a slice. C cannot say how long an array is, so a count larger
/// than the array cannot be detected; an impossible one can, and is refused before any slice is
/// made: a byte size beyond `isize::MAX` (no allocation is that large; `from_raw_parts` would be
/// undefined behaviour) or a pointer not aligned for `T`.
pub(crate) unsafe fn slice<'a, T>(field: &str, p: *const T, len: usize) -> Result<&'a [T], Failure> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(boundary(
            ARREARS_NULL_POINTER,
            "null_pointer",
            field,
            format!("{field}: NULL with a length of {len}"),
        ));
    }
    let bytes = len.checked_mul(std::mem::size_of::<T>());
    if bytes.is_none_or(|b| b > isize::MAX as usize) {
        return Err(Failure::from(Error::new(
            ErrorKind::LimitExceeded,
            field,
            len.to_string(),
            format!(
                "{len} elements of {} bytes cannot be an array in memory (more than isize::MAX bytes); check the count",
                std::mem::size_of::<T>()
            ),
        )));
    }
    if !(p as usize).is_multiple_of(std::mem::align_of::<T>()) {
        return Err(Failure::from(Error::new(
            ErrorKind::InvalidRequest,
            field,
            format!("{p:p}"),
            format!("the array is not aligned to {} bytes", std::mem::align_of::<T>()),
        )));
    }
    Ok(std::slice::from_raw_parts(p, len))
}

/// A required input argument was NULL.
pub(crate) fn null_arg(field: &str) -> Failure {
    boundary(ARREARS_NULL_POINTER, "null_pointer", field, format!("{field}: must not be NULL"))
}

/// A required output pointer was NULL.
pub(crate) fn out_null(field: &str) -> Failure {
    boundary(ARREARS_NULL_POINTER, "null_pointer", field, format!("{field}: the output pointer must not be NULL"))
}

/// `s` as a C string, to hand out with `into_raw` (freed by `arrears_string_free`) or to keep.
pub(crate) fn c_string(s: String) -> CString {
    // Interior NULs cannot come from arrears' own text; replace defensively rather than fail.
    CString::new(s.replace('\0', "\u{FFFD}")).unwrap_or_default()
}

/// Copies `s` and a NUL into a fixed-size field of a result struct (dates, amounts, codes).
pub(crate) fn copy_into<const N: usize>(dst: &mut [c_char; N], s: &str) {
    // Callers only copy strings that fit (dates 10 bytes, amounts < 40, codes 3).
    for (d, b) in dst.iter_mut().zip(s.bytes().take(N - 1).chain(std::iter::once(0))) {
        *d = b as c_char;
    }
}

/// Frees a string returned by arrears (NULL is fine).
#[no_mangle]
pub unsafe extern "C" fn arrears_string_free(s: *mut c_char) {
    if !s.is_null() {
        drop(CString::from_raw(s));
    }
}
