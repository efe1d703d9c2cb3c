//! The native half of the Python package `arrears`: one wire-format entry point.
//!
//! Thin by design: `call(op, request_json)` runs `arrears::call_json` with the GIL released
//! and returns `(ok, payload)`: the response JSON, or the error JSON
//! (`{"code", "field", "value", "reason", "message"}`) from which `arrears.errors` builds the
//! typed exception. A panic never reaches Python as a crash: it comes back as an error with
//! code `"internal"`. All conversion between Python values and the wire format lives in the
//! pure-Python package (`python/arrears/__init__.py`).

use pyo3::prelude::*;

/// Runs one wire operation. Returns `(True, response_json)` or `(False, error_json)`.
#[pyfunction]
fn call(py: Python<'_>, op: String, request: String) -> (bool, String) {
    py.detach(move || {
        match std::panic::catch_unwind(|| arrears::call_json(&op, &request)) {
            Ok(Ok(response)) => (true, response),
            Ok(Err(e)) => (false, arrears::to_json(&e)),
            Err(_) => (
                false,
                r#"{"code":"internal","field":"","value":"","reason":"internal error in arrears (please report it)","message":"internal error in arrears (please report it)"}"#.to_string(),
            ),
        }
    })
}

/// The library version (Cargo's version of the arrears crate).
#[pyfunction]
fn version() -> &'static str {
    arrears::VERSION
}

/// The native module `arrears._arrears`.
#[pymodule]
fn _arrears(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(call, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}
