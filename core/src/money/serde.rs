//! The JSON forms of amounts: decimal strings only, never JSON numbers (a float cannot hold
//! money exactly). Used as `#[serde(with = "crate::money::serde::amount")]`.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serializer};

use crate::error::{Error, ErrorKind};
use crate::money::parse_amount;
use crate::serde_forms::de_error;

/// Serde helpers for amounts: decimal strings only.
pub mod amount {
    use super::*;

    /// Writes the amount as a decimal string.
    pub fn serialize<S: Serializer>(v: &Decimal, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }

    /// Reads a decimal string; a JSON number is an error (floats cannot hold money).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Decimal, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        match v {
            serde_json::Value::String(s) => parse_amount("", &s).map_err(de_error::<D::Error>),
            other => Err(de_error(Error::new(
                ErrorKind::InvalidAmount,
                "",
                other.to_string(),
                "amounts are decimal strings such as \"1000.00\", not JSON numbers (a float cannot hold money exactly)",
            ))),
        }
    }
}

/// Serde helpers for optional amounts.
pub mod opt_amount {
    use super::*;

    /// Writes `null` or a decimal string.
    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> std::result::Result<S::Ok, S::Error> {
        match v {
            Some(d) => s.serialize_str(&d.to_string()),
            None => s.serialize_none(),
        }
    }

    /// Reads `null` or a decimal string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Decimal>, D::Error> {
        #[derive(Deserialize)]
        struct W(#[serde(with = "super::amount")] Decimal);
        Ok(Option::<W>::deserialize(d)?.map(|w| w.0))
    }
}

/// Serde helpers for lists of amounts.
pub mod amount_list {
    use super::*;

    /// Writes the amounts as decimal strings.
    pub fn serialize<S: Serializer>(v: &[Decimal], s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|d| d.to_string()))
    }

    /// Reads a list of decimal strings.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<Decimal>, D::Error> {
        #[derive(Deserialize)]
        struct W(#[serde(with = "super::amount")] Decimal);
        Ok(Vec::<W>::deserialize(d)?.into_iter().map(|w| w.0).collect())
    }
}
