//! The native half of the Node package `arrears`: one wire-format entry point.
//!
//! Thin by design: `callJson(op, requestJson)` runs `arrears::call_json` and returns the
//! canonical response JSON. On an `arrears::Error` it throws a JS `Error` whose `code` is the
//! stable code (`"invalid_terms"`, ...) and whose `message` is the error's JSON form
//! (`{code, field, value, reason, message}`), which `index.js` turns into an `ArrearsError`. A
//! panic never aborts the process: it is thrown as code `"internal"`. All conversion between JS
//! values and the wire format lives in `index.js`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::bindgen_prelude::{Error, Result};
use napi_derive::napi;

/// The error JSON thrown for a panic (a bug in arrears: it promises never to panic).
const INTERNAL: &str = r#"{"code":"internal","field":"","message":"internal error in arrears (please report it)","reason":"internal error in arrears (please report it)","value":""}"#;

/// Runs `f`, turning an `arrears::Error` into a JS error with the stable code, and a panic into
/// code `"internal"`.
fn guarded(f: impl FnOnce() -> arrears::Result<String>) -> Result<String, String> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(json)) => Ok(json),
        Ok(Err(e)) => Err(Error::new(e.kind().code().to_string(), arrears::to_json(&e))),
        Err(_) => Err(Error::new("internal".to_string(), INTERNAL)),
    }
}

/// Runs one wire operation (`schedule`, `due_date`, `terms`, `round`, `currency`, `currencies`,
/// `version`) on a JSON request and returns the canonical JSON response (compact, sorted keys).
///
/// Throws an `Error` whose `code` is the stable arrears code and whose `message` is the error
/// JSON `{"code","field","value","reason","message"}`.
#[napi(js_name = "callJson", catch_unwind)]
pub fn call_json(op: String, request: String) -> Result<String, String> {
    guarded(|| arrears::call_json(&op, &request))
}

/// The library version (Cargo's version of the arrears crate).
#[napi(catch_unwind)]
pub fn version() -> String {
    arrears::VERSION.to_string()
}

/// Test hook, not part of the API (`index.js` does not export it): panics inside the same guard
/// as `callJson`, so the tests can check that a panic is thrown as code `"internal"` and the
/// process survives.
#[napi(js_name = "__panicForTests", catch_unwind)]
pub fn panic_for_tests() -> Result<String, String> {
    guarded(|| panic!("deliberate panic (test hook)"))
}
