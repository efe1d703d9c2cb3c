//! ISO 4217 currencies and their minor units.

use std::sync::OnceLock;

use serde::Serialize;

/// An ISO 4217 currency: alphabetic code, numeric code, minor units and English name.
///
/// ```
/// let eur = arrears::Currency::lookup("EUR").unwrap();
/// assert_eq!(eur.minor_units, Some(2));
/// assert_eq!(arrears::Currency::lookup("JPY").unwrap().minor_units, Some(0));
/// assert_eq!(arrears::Currency::lookup("XAU").unwrap().minor_units, None); // "N.A." in ISO 4217
/// assert!(arrears::Currency::lookup("HRK").is_none()); // withdrawn in 2023
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Currency {
    /// Alphabetic code, e.g. `"EUR"`.
    pub code: &'static str,
    /// Numeric code, e.g. `978`.
    pub numeric: u16,
    /// Decimal places of the minor unit; `None` where ISO 4217 says "N.A." (metals, funds, XXX).
    pub minor_units: Option<u8>,
    /// English name as published by the maintenance agency.
    pub name: &'static str,
}

include!("iso4217.rs");

impl Currency {
    /// The currency with this alphabetic code (exact, upper case), if it is in the current list.
    pub fn lookup(code: &str) -> Option<&'static Currency> {
        // Every code is three ASCII letters, so comparing 24-bit keys orders them as the strings
        // (no `memcmp` per probe: this runs once per scheduled invoice).
        let key = |s: &str| match *s.as_bytes() {
            [a, b, c] => Some(u32::from_be_bytes([0, a, b, c])),
            _ => None,
        };
        let wanted = key(code)?;
        // The keys in table order, built once (a sorted `u32` slice: no string work per probe).
        static KEYS: OnceLock<Vec<u32>> = OnceLock::new();
        let keys = KEYS.get_or_init(|| ISO_4217.iter().map(|c| key(c.code).unwrap_or(0)).collect());
        keys.binary_search(&wanted).ok().map(|i| &ISO_4217[i])
    }

    /// The whole current ISO 4217 list, sorted by code.
    ///
    /// ```
    /// assert!(arrears::Currency::all().len() > 170);
    /// ```
    pub fn all() -> &'static [Currency] {
        ISO_4217
    }
}
