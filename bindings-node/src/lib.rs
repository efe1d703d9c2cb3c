//! The native half of the Node package `arrears`: one wire-format entry point.
//!
//! Thin by design: `call(op, requestJson)` runs `arrears::call_json` and returns
//! `{ ok, payload }`: the response JSON, or the error JSON (`{code, field, value, reason,
//! message}`) from which `index.js` builds an `ArrearsError`. A panic never aborts the process:
//! it comes back as an error with code `"internal"`. All conversion between JS values and the
//! wire format lives in `index.js`.

use napi_derive::napi;

/// Outcome of a wire call.
#[napi(object)]
pub struct CallResult {
    /// Whether the call succeeded.
    pub ok: bool,
    /// The response JSON, or the error JSON.
    pub payload: String,
}

/// Runs one wire operation.
#[napi(catch_unwind)]
pub fn call(op: String, request: String) -> CallResult {
    match std::panic::catch_unwind(|| arrears::call_json(&op, &request)) {
        Ok(Ok(payload)) => CallResult { ok: true, payload },
        Ok(Err(e)) => CallResult { ok: false, payload: arrears::to_json(&e) },
        Err(_) => CallResult {
            ok: false,
            payload: r#"{"code":"internal","field":"","value":"","reason":"internal error in arrears (please report it)","message":"internal error in arrears (please report it)"}"#.to_string(),
        },
    }
}

/// The library version (Cargo's version of the arrears crate).
#[napi(catch_unwind)]
pub fn version() -> String {
    arrears::VERSION.to_string()
}
