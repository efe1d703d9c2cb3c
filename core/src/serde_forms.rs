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
/// syntax, missing or unknown fields, wrong types and a key written twice in one object (its
/// path, the key as the value: `{"fx": {"USD": "1", "USD": "2"}}` names `fx.USD`).
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    TYPED.with(|t| t.borrow_mut().take());
    if let Some((path, key)) = duplicate_key(text) {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            path,
            key,
            "the key appears twice in one object (JSON leaves which one counts open; write it once)",
        ));
    }
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
                    if inner.is_syntax() || inner.is_eof() {
                        let field = if path.is_empty() { "request".to_string() } else { path };
                        return Err(Error::new(
                            ErrorKind::InvalidRequest,
                            field,
                            "(malformed JSON)",
                            inner.to_string(),
                        ));
                    }
                    let (field, value, reason) = plain_words(&path, &inner.to_string());
                    Err(Error::new(ErrorKind::InvalidRequest, field, value, reason))
                }
            }
        }
    }
}

/// A serde error of a request's shape in plain words: the field (a missing field names itself),
/// the value given, and what was expected, with no Rust type names and no JSON positions
/// (`base_date: expected a date, got null`, not `invalid type: null, expected a string at line
/// 1 column 36`).
fn plain_words(path: &str, message: &str) -> (String, String, String) {
    let msg = match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => &message[..i],
        _ => message,
    };
    let field = |name: &str| if path.is_empty() { name.to_string() } else { format!("{path}.{name}") };
    let here = if path.is_empty() { "request".to_string() } else { path.to_string() };
    let ticked = |s: &str| s.split('`').nth(1).unwrap_or("").to_string();
    let choices = |s: &str| s.split('`').skip(1).step_by(2).collect::<Vec<_>>().join(", ");
    if let Some(rest) = msg.strip_prefix("missing field ") {
        let name = ticked(rest);
        return (field(&name), String::new(), "required, but missing".to_string());
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let (name, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let name = ticked(name);
        // the path already ends with the unknown field
        let at = if path.ends_with(&name) { here } else { field(&name) };
        let known = if expected == "nothing" || expected.is_empty() { "none".to_string() } else { choices(expected) };
        return (at, name, format!("unknown field; the known fields here are {known}"));
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let (name, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let name = ticked(name);
        return (here, name.clone(), format!("expected one of {}, got \"{name}\"", choices(expected)));
    }
    if let Some(rest) = msg.strip_prefix("invalid length ") {
        // only a list has a length: a list where an object of named fields was expected
        let (n, expected) = rest.split_once(", expected ").unwrap_or((rest, "another value"));
        let got = format!("a list of {n} values");
        return (here, got.clone(), format!("expected {}, got {got}", expected_in_words(expected)));
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = msg.strip_prefix(prefix) {
            let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, "another value"));
            let got = match got.split_once(' ') {
                Some((_, v)) if v.starts_with('`') => v.trim_matches('`').to_string(),
                Some(("string", v)) => v.to_string(),
                _ => match got {
                    "map" => "an object".to_string(),
                    "sequence" => "a list".to_string(),
                    "unit value" => "null".to_string(),
                    other => other.to_string(),
                },
            };
            let value = got.trim_matches('"').to_string();
            return (here, value, format!("expected {}, got {got}", expected_in_words(expected)));
        }
    }
    (here, String::new(), msg.to_string())
}

/// What serde says was expected, in words.
fn expected_in_words(expected: &str) -> String {
    let whole = |max: &str| format!("a whole number from 0 to {max}");
    match expected {
        "u8" => whole("255"),
        "u16" => whole("65535"),
        "u32" => whole("4294967295"),
        "u64" | "usize" => whole("18446744073709551615"),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_string(),
        "a sequence" => "a list".to_string(),
        "a map" => "an object".to_string(),
        "a boolean" => "true or false".to_string(),
        e if e.starts_with("struct ") => "an object".to_string(),
        e if e.starts_with("tuple struct ") => "a value".to_string(),
        e => e.to_string(),
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

/// The first key written twice in one object of the JSON document `text`: its path
/// (`config.fx.USD`, `items[2].id`) and the key. serde keeps the last of two keys of a map
/// silently, so a request with two values for one thing would count one of them unseen. `None`
/// for malformed JSON too (the typed read then says what is wrong).
///
/// It is a pass of its own over the text, before the typed read: that read offers no hook to see
/// a map's keys (a derived struct refuses a repeated field, a map keeps the last), so finding
/// them within it would mean wrapping every `Deserializer`, `Visitor`, `MapAccess`, `SeqAccess`
/// and `EnumAccess` it goes through, as serde_path_to_error does (about 1,500 lines), on every
/// call. This walk builds nothing on the way down.
fn duplicate_key(text: &str) -> Option<(String, String)> {
    let mut found = None;
    let mut de = serde_json::Deserializer::from_str(text);
    // an error here is the duplicate (found) or malformed JSON (reported by the typed read)
    let _ = serde::de::DeserializeSeed::deserialize(Walk { found: &mut found }, &mut de);
    found.map(|(mut segments, key): (Vec<String>, String)| {
        segments.reverse();
        let mut path = String::new();
        for s in segments {
            if !path.is_empty() && !s.starts_with('[') {
                path.push('.');
            }
            path.push_str(&s);
        }
        (path, key)
    })
}

/// A walk over any JSON value that stops at the first key met twice in one object, the path to
/// it collected (innermost first) as the walk unwinds, so nothing is built on the way down.
struct Walk<'a> {
    found: &'a mut Option<(Vec<String>, String)>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Walk<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let mut i = 0usize;
        loop {
            match seq.next_element_seed(Walk { found: &mut *self.found }) {
                Ok(Some(())) => i += 1,
                Ok(None) => return Ok(()),
                Err(e) => {
                    if let Some((segments, _)) = self.found.as_mut() {
                        segments.push(format!("[{i}]"));
                    }
                    return Err(e);
                }
            }
        }
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                *self.found = Some((vec![key.clone()], key));
                return Err(serde::de::Error::custom("a key appears twice"));
            }
            if let Err(e) = map.next_value_seed(Walk { found: &mut *self.found }) {
                if let Some((segments, _)) = self.found.as_mut() {
                    segments.push(key);
                }
                return Err(e);
            }
            seen.insert(key);
        }
        Ok(())
    }
}
