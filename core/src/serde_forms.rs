//! How arrears values travel as JSON, below every domain: typed errors carried through serde
//! ([`de_error`]), types that go to and from JSON as their text ([`serde_via_str!`]), and the
//! canonical reader and writer ([`from_json`], [`to_json`]) that the wire operations, the
//! bindings and the domains' `Display` fallbacks use. The value forms live with their values:
//! amounts in [`crate::money::serde`], dates in [`crate::calendar::serde`].
//!
//! Depends on `error` only; every domain may use it; it imports no domain.

use std::cell::RefCell;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};

thread_local! {
    static TYPED: RefCell<Option<Error>> = const { RefCell::new(None) };
}

/// Turns a typed arrears error into a serde error, keeping the typed error for [`from_json`].
pub(crate) fn de_error<E: serde::de::Error>(err: Error) -> E {
    let msg = err.to_string();
    TYPED.with(|t| *t.borrow_mut() = Some(err));
    E::custom(msg)
}

/// Implements `Serialize`/`Deserialize` through `Display`/`FromStr` (whose error is an [`Error`]).
macro_rules! serde_via_str {
    ($t:ty) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse::<$t>().map_err(|e| {
                    crate::serde_forms::de_error::<D::Error>(crate::Error::new(e.kind(), "", e.value(), e.reason()))
                })
            }
        }
    };
}
pub(crate) use serde_via_str;

/// Deserializes a JSON document into `T`, turning failures into typed errors whose field is the
/// JSON path of the bad value (`terms.lines[1].value`).
///
/// ```
/// use arrears::{from_json, PaymentTerms};
/// let err = from_json::<PaymentTerms>(r#"{"lines": [{"kind": "percent", "value": "30"},
///                                                   {"kind": "fixed", "value": "1e3"}]}"#).unwrap_err();
/// assert_eq!((err.kind().code(), err.field(), err.value()), ("invalid_amount", "lines[1].value", "1e3"));
/// ```
///
/// # Errors
/// The typed error raised by the value's own check, or [`ErrorKind::InvalidRequest`] for JSON
/// syntax, missing or unknown fields and wrong types.
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    TYPED.with(|t| t.borrow_mut().take());
    let mut de = serde_json::Deserializer::from_str(text);
    let result = serde_path_to_error::deserialize(&mut de);
    if result.is_ok() {
        // Trailing characters after the document.
        if let Err(e) = de.end() {
            return Err(Error::new(ErrorKind::InvalidRequest, "request", "(malformed JSON)", e.to_string()));
        }
    }
    match result {
        Ok(v) => Ok(v),
        Err(err) => {
            let path = err.path().to_string();
            // `.` is the root; `?` is where serde_path_to_error could not tell (a syntax error at the top).
            let path = if path == "." || path == "?" { String::new() } else { path };
            match TYPED.with(|t| t.borrow_mut().take()) {
                Some(typed) => Err(typed.within(&path)),
                None => {
                    let inner = err.into_inner();
                    let field = if path.is_empty() { "request".to_string() } else { path };
                    let value = if inner.is_syntax() || inner.is_eof() { "(malformed JSON)" } else { "" };
                    Err(Error::new(ErrorKind::InvalidRequest, field, value, inner.to_string()))
                }
            }
        }
    }
}

/// Serializes a value to the canonical wire form: compact JSON, keys sorted.
///
/// ```
/// let c = arrears::Currency::lookup("EUR").unwrap();
/// assert_eq!(arrears::to_json(c), r#"{"code":"EUR","minor_units":2,"name":"Euro","numeric":978}"#);
/// ```
pub fn to_json<T: Serialize>(value: &T) -> String {
    // serde_json::Value keeps object keys in a BTreeMap: sorted, hence canonical.
    match serde_json::to_value(value) {
        Ok(v) => v.to_string(),
        // Our types serialize infallibly (no non-string map keys, no NaN).
        Err(e) => format!("{{\"error\":{:?}}}", e.to_string()),
    }
}
