//! The JSON forms of dates: strict ISO `YYYY-MM-DD` strings. Used as
//! `#[serde(with = "crate::calendar::serde::date")]`.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::calendar::{format_date, parse_date};
use crate::error::{Error, ErrorKind};
use crate::serde_forms::de_error;

/// Serde helpers for dates: strict `YYYY-MM-DD`.
pub mod date {
    use super::*;

    /// Writes `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(v: &NaiveDate, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&format_date(*v))
    }

    /// Reads `YYYY-MM-DD`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<NaiveDate, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        match v {
            serde_json::Value::String(s) => parse_date("", &s).map_err(de_error::<D::Error>),
            other => Err(de_error(Error::new(
                ErrorKind::InvalidDate,
                "",
                other.to_string(),
                "dates are ISO strings \"YYYY-MM-DD\"",
            ))),
        }
    }
}

/// Serde helpers for optional dates: `null` or `YYYY-MM-DD`.
pub mod opt_date {
    use super::*;

    /// Writes `null` or `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(v: &Option<NaiveDate>, s: S) -> std::result::Result<S::Ok, S::Error> {
        match v {
            Some(d) => s.serialize_str(&format_date(*d)),
            None => s.serialize_none(),
        }
    }

    /// Reads `null` or `YYYY-MM-DD`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<NaiveDate>, D::Error> {
        Ok(Option::<WireDate>::deserialize(d)?.map(|w| w.0))
    }
}

/// A date in its wire form (used inside collections).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct WireDate(#[serde(with = "date")] pub NaiveDate);
