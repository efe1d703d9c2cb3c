//! The native half of the Node package `arrears`.
//!
//! Thin by design: conversion and error mapping only, no business logic. One file per domain of
//! the core, as the JS side has one `lib/` module per domain:
//! - here: `callJson(op, requestJson)` runs `arrears::call_json` and returns the canonical
//!   response JSON (every typed wire function of `lib/` goes through it), `version`, and the
//!   error and panic guards the other files share.
//! - `aging.rs`: `agingColumns` (+ `Async`) reads typed arrays (no JSON, no copy: the slices
//!   point into the JS buffers) and calls the core's columnar `age_columns`; the results come
//!   back as typed arrays that own the core's vectors. With string customer ids (a `string[]`,
//!   or Arrow-style utf8 offsets + bytes) it calls `age_keyed` instead, through `aging_ids.rs`,
//!   and gives the ids back as strings.
//! - `schedule.rs`: `scheduleBatch` (+ `Async`), typed-array invoice columns through the
//!   core's `schedule_columns`.
//! - `interest.rs`: `interestColumns` (+ `Async`), typed-array invoice and payment columns
//!   through the core's `interest_columns` (payments by invoice id matched by `match_payments`).
//! - `allocate.rs`: `allocateColumns` (+ `Async`), typed-array open items and receipts through the
//!   core's `allocate_columns` (after `check_receipts`); `openBalances` (+ `Async`), the items'
//!   open balances per customer and currency through the core's `open_balances_listed`.
//! - `worklist.rs`: `worklistColumns` (+ `Async`), typed-array open and closed invoices and
//!   payments through the core's `worklist_columns`.
//!
//! On an `arrears::Error` a function throws a JS `Error` whose `code` is the stable code
//! (`"invalid_terms"`, ...) and whose `message` is the error's JSON form
//! (`{code, field, value, reason, message}`), which `lib/wire.js` turns into an `ArrearsError`.
//! A panic never aborts the process: it is thrown as code `"internal"`.

// napi-derive registers the exported functions only outside `cfg(test)`; `clippy --all-targets`
// checks this crate with it, where the exports in the domain modules look unused.
#![cfg_attr(test, allow(dead_code))]

use std::panic::{catch_unwind, AssertUnwindSafe};

mod aging;
mod aging_ids;
mod allocate;
mod interest;
mod schedule;
mod worklist;

use napi::bindgen_prelude::{Error, Result, Status};
use napi_derive::napi;

/// The error JSON thrown for a panic (a bug in arrears: it promises never to panic).
pub(crate) const INTERNAL: &str = r#"{"code":"internal","field":"","message":"internal error in arrears (please report it)","reason":"internal error in arrears (please report it)","value":""}"#;

/// The JS error for an arrears error: `code` is the stable code, the message the error JSON.
fn js_error(e: &arrears::Error) -> Error<String> {
    Error::new(e.kind().code().to_string(), arrears::to_json(e))
}

/// Runs `f`, turning an `arrears::Error` into a JS error with the stable code, and a panic into
/// code `"internal"`.
pub(crate) fn guarded<T>(f: impl FnOnce() -> arrears::Result<T>) -> Result<T, String> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(js_error(&e)),
        Err(_) => Err(Error::new("internal".to_string(), INTERNAL)),
    }
}

/// Runs one wire operation (`schedule`, `due_date`, `parse_terms`, `aging`, `dso`, ...: every
/// operation of `arrears::wire::OPERATIONS` and `REPORT_OPERATIONS`) on a JSON request and
/// returns the canonical JSON response (compact, sorted keys).
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

/// `"release"` or `"debug"`: how the native addon was built (a debug build is many times slower).
#[napi(catch_unwind)]
pub fn build_profile() -> String {
    if cfg!(debug_assertions) { "debug" } else { "release" }.to_string()
}

/// Test hook, not part of the API (`index.js` does not export it): panics inside the same guard
/// as `callJson`, so the tests can check that a panic is thrown as code `"internal"` and the
/// process survives.
#[napi(js_name = "__panicForTests", catch_unwind)]
pub fn panic_for_tests() -> Result<String, String> {
    guarded(|| panic!("deliberate panic (test hook)"))
}

// ---------------------------------------------------------------------------------------------
// Async tasks (the `...Async` entry points of aging.rs, schedule.rs and interest.rs)

/// The outcome of the off-thread part, carried to the JS thread.
pub enum Outcome<T> {
    Done(T),
    Failed(arrears::Error),
    Panicked,
}

pub(crate) fn outcome<T>(f: impl FnOnce() -> arrears::Result<T>) -> Outcome<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Outcome::Done(v),
        Ok(Err(e)) => Outcome::Failed(e),
        Err(_) => Outcome::Panicked,
    }
}

/// An async task's error: napi keeps only a `Status` code there, so the message carries the
/// error JSON (whose `code` `lib/wire.js` reads).
pub(crate) fn task_error(json: String) -> Error {
    Error::new(Status::GenericFailure, json)
}
