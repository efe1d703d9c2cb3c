//! Named preset terms, and terms as text (`Display`).

use std::fmt;

use super::notation::NotationOptions;
use super::PaymentTerms;
use crate::error::{Error, ErrorKind, Result};

/// Canonical notation, or the JSON form when the terms have none (see [`PaymentTerms::format`]).
///
/// ```
/// use arrears::{notation::NotationOptions, PaymentTerms};
/// assert_eq!(PaymentTerms::parse("n30", &NotationOptions::default())?.to_string(), "net 30");
/// # Ok::<(), arrears::Error>(())
/// ```
impl fmt::Display for PaymentTerms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.format() {
            Ok(s) => f.write_str(&s),
            Err(_) => f.write_str(&crate::to_json(self)),
        }
    }
}

/// The named presets: `(name, notation)`, parsed with the default options.
///
/// ```
/// assert!(arrears::notation::PRESETS.iter().any(|(n, t)| *n == "2_10_net_30" && *t == "2/10 net 30"));
/// ```
pub const PRESETS: [(&str, &str); 26] = [
    ("net_7", "net 7"),
    ("net_10", "net 10"),
    ("net_14", "net 14"),
    ("net_15", "net 15"),
    ("net_20", "net 20"),
    ("net_30", "net 30"),
    ("net_45", "net 45"),
    ("net_60", "net 60"),
    ("net_90", "net 90"),
    ("net_120", "net 120"),
    ("1_10_net_30", "1/10 net 30"),
    ("2_10_net_30", "2/10 net 30"),
    ("2_10_net_45", "2/10 net 45"),
    ("2_10_net_60", "2/10 net 60"),
    ("3_10_2_20_net_45", "3/10 2/20 net 45"),
    ("net_30_eom", "net 30 EOM"),
    ("2_10_net_30_eom", "2/10 net 30 EOM"),
    ("10_eom", "10 EOM"),
    ("10_prox", "10 prox"),
    ("15_mfi", "15 MFI"),
    ("30_60_90", "30/60/90"),
    ("cod", "COD"),
    ("cia", "CIA"),
    ("cwo", "CWO"),
    ("cnd", "CND"),
    ("due_on_receipt", "due on receipt"),
];

impl PaymentTerms {
    /// Named preset terms (see [`PRESETS`]).
    ///
    /// ```
    /// use arrears::PaymentTerms;
    /// assert_eq!(PaymentTerms::preset("net_30_eom")?.to_string(), "net 30 EOM");
    /// let err = PaymentTerms::preset("net_31").unwrap_err();
    /// assert_eq!((err.field(), err.value()), ("name", "net_31"));
    /// assert!(err.reason().contains("2_10_net_30"));
    /// # Ok::<(), arrears::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::InvalidTerms`] (field `name`) for an unknown name; the reason lists the names.
    pub fn preset(name: &str) -> Result<PaymentTerms> {
        match PRESETS.iter().find(|(n, _)| *n == name) {
            Some((_, text)) => PaymentTerms::parse(text, &NotationOptions::default()),
            None => Err(Error::new(
                ErrorKind::InvalidTerms,
                "name",
                name,
                format!("unknown preset; expected one of {}", PRESETS.map(|(n, _)| n).join(", ")),
            )),
        }
    }
}
