//! The one error type of arrears.
//!
//! Every failure is an [`Error`] variant that names the **field** that was wrong (a path in the
//! wire format, such as `terms.lines[1].value` or `base_date`), the **value** that was given
//! (as text), and the **reason**. The same error reaches Python as an `arrears.ArrearsError`
//! subclass, Node as an `Error` with a `code`, and C as an `ArrearsStatus` plus a message.
//! A batch (columnar) call names a row's field as the object API would: `table[row].column`
//! (`invoices[3].due_date`, `receipts[1].amount`, `items[2].id`), a whole column `table.column`.

use std::fmt;

/// A stable, language-neutral name for each kind of error.
///
/// [`ErrorKind::code`] is the string Node puts in `err.code` and Python in `err.code`;
/// [`ErrorKind::status`] is the number the C API returns. Both never change once released.
///
/// ```
/// use arrears::ErrorKind;
/// assert_eq!(ErrorKind::InvalidTerms.code(), "invalid_terms");
/// assert_eq!(ErrorKind::InvalidTerms.status(), 7);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An amount is malformed, a float, too precise for its currency, or too large.
    InvalidAmount,
    /// A date is malformed or not a real calendar date.
    InvalidDate,
    /// A currency code is not in ISO 4217 (and no explicit precision was given), or is malformed.
    UnknownCurrency,
    /// A precision override is out of range, or a currency has no minor unit and none was given.
    InvalidPrecision,
    /// An unknown rounding mode, or a cash-rounding increment that is not positive or not a
    /// multiple of the currency's minor unit.
    InvalidRounding,
    /// A due-date step, adjustment or calendar is invalid (e.g. `set_day(32)`, seven weekend days).
    InvalidRule,
    /// Payment terms are inconsistent (percents over 100, no balance line, over-allocation...).
    InvalidTerms,
    /// A computed date falls outside 0001-01-01 ..= 9999-12-31.
    DateOutOfRange,
    /// An amount computation would overflow the decimal range arrears supports.
    Overflow,
    /// A wire (JSON) request is malformed: bad JSON, a missing or unknown field, a wrong type.
    InvalidRequest,
    /// A request is larger than a documented limit (lines, steps, holidays, reports per merge...):
    /// the field names the list and the value its size; see [`crate::limits`].
    LimitExceeded,
}

impl ErrorKind {
    /// Every kind, in status order.
    pub const ALL: [ErrorKind; 11] = [
        ErrorKind::InvalidAmount,
        ErrorKind::InvalidDate,
        ErrorKind::UnknownCurrency,
        ErrorKind::InvalidPrecision,
        ErrorKind::InvalidRounding,
        ErrorKind::InvalidRule,
        ErrorKind::InvalidTerms,
        ErrorKind::DateOutOfRange,
        ErrorKind::Overflow,
        ErrorKind::InvalidRequest,
        ErrorKind::LimitExceeded,
    ];

    /// The stable snake_case code (`"invalid_amount"`, ...).
    pub const fn code(self) -> &'static str {
        match self {
            ErrorKind::InvalidAmount => "invalid_amount",
            ErrorKind::InvalidDate => "invalid_date",
            ErrorKind::UnknownCurrency => "unknown_currency",
            ErrorKind::InvalidPrecision => "invalid_precision",
            ErrorKind::InvalidRounding => "invalid_rounding",
            ErrorKind::InvalidRule => "invalid_rule",
            ErrorKind::InvalidTerms => "invalid_terms",
            ErrorKind::DateOutOfRange => "date_out_of_range",
            ErrorKind::Overflow => "overflow",
            ErrorKind::InvalidRequest => "invalid_request",
            ErrorKind::LimitExceeded => "limit_exceeded",
        }
    }

    /// The stable status number used by the C API (0 is success there).
    pub const fn status(self) -> i32 {
        match self {
            ErrorKind::InvalidAmount => 1,
            ErrorKind::InvalidDate => 2,
            ErrorKind::UnknownCurrency => 3,
            ErrorKind::InvalidPrecision => 4,
            ErrorKind::InvalidRounding => 5,
            ErrorKind::InvalidRule => 6,
            ErrorKind::InvalidTerms => 7,
            ErrorKind::DateOutOfRange => 8,
            ErrorKind::Overflow => 9,
            ErrorKind::InvalidRequest => 10,
            ErrorKind::LimitExceeded => 11,
        }
    }

    /// The kind with this code, if any.
    ///
    /// ```
    /// use arrears::ErrorKind;
    /// assert_eq!(ErrorKind::from_code("overflow"), Some(ErrorKind::Overflow));
    /// assert!(ErrorKind::ALL.iter().all(|k| ErrorKind::from_code(k.code()) == Some(*k)));
    /// ```
    pub fn from_code(code: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The error of every fallible arrears function.
///
/// Each variant carries the `field` (wire-format path), the offending `value` as text, and a
/// human `reason`. The `Display` form is `"<field>: <what> <value>: <reason>"`.
///
/// ```
/// use arrears::{Error, ErrorKind, MoneyRules, Rounding};
/// let err = MoneyRules::new("EUX", &Rounding::default()).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::UnknownCurrency);
/// assert_eq!(err.field(), "currency");
/// assert_eq!(err.value(), "EUX");
/// assert!(err.to_string().starts_with("currency: unknown currency \"EUX\""));
/// ```
/// Every variant has the same three fields, read through [`Error::field`], [`Error::value`] and
/// [`Error::reason`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[allow(missing_docs)] // the fields are documented once, above
pub enum Error {
    /// See [`ErrorKind::InvalidAmount`].
    #[error("{field}: invalid amount {value:?}: {reason}")]
    InvalidAmount { field: String, value: String, reason: String },
    /// See [`ErrorKind::InvalidDate`].
    #[error("{field}: invalid date {value:?}: {reason}")]
    InvalidDate { field: String, value: String, reason: String },
    /// See [`ErrorKind::UnknownCurrency`].
    #[error("{field}: unknown currency {value:?}: {reason}")]
    UnknownCurrency { field: String, value: String, reason: String },
    /// See [`ErrorKind::InvalidPrecision`].
    #[error("{field}: invalid precision {value:?}: {reason}")]
    InvalidPrecision { field: String, value: String, reason: String },
    /// See [`ErrorKind::InvalidRounding`].
    #[error("{field}: invalid rounding {value:?}: {reason}")]
    InvalidRounding { field: String, value: String, reason: String },
    /// See [`ErrorKind::InvalidRule`].
    #[error("{field}: invalid rule {value:?}: {reason}")]
    InvalidRule { field: String, value: String, reason: String },
    /// See [`ErrorKind::InvalidTerms`].
    #[error("{field}: invalid terms {value:?}: {reason}")]
    InvalidTerms { field: String, value: String, reason: String },
    /// See [`ErrorKind::DateOutOfRange`].
    #[error("{field}: date out of range {value:?}: {reason}")]
    DateOutOfRange { field: String, value: String, reason: String },
    /// See [`ErrorKind::Overflow`].
    #[error("{field}: overflow {value:?}: {reason}")]
    Overflow { field: String, value: String, reason: String },
    /// See [`ErrorKind::InvalidRequest`].
    #[error("{field}: invalid request {value:?}: {reason}")]
    InvalidRequest { field: String, value: String, reason: String },
    /// See [`ErrorKind::LimitExceeded`].
    #[error("{field}: limit exceeded {value:?}: {reason}")]
    LimitExceeded { field: String, value: String, reason: String },
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

macro_rules! each_variant {
    ($self:expr, |$k:ident, $f:ident, $v:ident, $r:ident| $body:expr) => {
        match $self {
            Error::InvalidAmount { field: $f, value: $v, reason: $r } => {
                let $k = ErrorKind::InvalidAmount;
                $body
            }
            Error::InvalidDate { field: $f, value: $v, reason: $r } => {
                let $k = ErrorKind::InvalidDate;
                $body
            }
            Error::UnknownCurrency { field: $f, value: $v, reason: $r } => {
                let $k = ErrorKind::UnknownCurrency;
                $body
            }
            Error::InvalidPrecision { field: $f, value: $v, reason: $r } => {
                let $k = ErrorKind::InvalidPrecision;
                $body
            }
            Error::InvalidRounding { field: $f, value: $v, reason: $r } => {
                let $k = ErrorKind::InvalidRounding;
                $body
            }
            Error::InvalidRule { field: $f, value: $v, reason: $r } => {
                let $k = ErrorKind::InvalidRule;
                $body
            }
            Error::InvalidTerms { field: $f, value: $v, reason: $r } => {
                let $k = ErrorKind::InvalidTerms;
                $body
            }
            Error::DateOutOfRange { field: $f, value: $v, reason: $r } => {
                let $k = ErrorKind::DateOutOfRange;
                $body
            }
            Error::Overflow { field: $f, value: $v, reason: $r } => {
                let $k = ErrorKind::Overflow;
                $body
            }
            Error::InvalidRequest { field: $f, value: $v, reason: $r } => {
                let $k = ErrorKind::InvalidRequest;
                $body
            }
            Error::LimitExceeded { field: $f, value: $v, reason: $r } => {
                let $k = ErrorKind::LimitExceeded;
                $body
            }
        }
    };
}

impl Error {
    /// Builds an error of `kind`.
    pub fn new(
        kind: ErrorKind,
        field: impl Into<String>,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> Error {
        let (field, value, reason) = (field.into(), value.into(), reason.into());
        match kind {
            ErrorKind::InvalidAmount => Error::InvalidAmount { field, value, reason },
            ErrorKind::InvalidDate => Error::InvalidDate { field, value, reason },
            ErrorKind::UnknownCurrency => Error::UnknownCurrency { field, value, reason },
            ErrorKind::InvalidPrecision => Error::InvalidPrecision { field, value, reason },
            ErrorKind::InvalidRounding => Error::InvalidRounding { field, value, reason },
            ErrorKind::InvalidRule => Error::InvalidRule { field, value, reason },
            ErrorKind::InvalidTerms => Error::InvalidTerms { field, value, reason },
            ErrorKind::DateOutOfRange => Error::DateOutOfRange { field, value, reason },
            ErrorKind::Overflow => Error::Overflow { field, value, reason },
            ErrorKind::InvalidRequest => Error::InvalidRequest { field, value, reason },
            ErrorKind::LimitExceeded => Error::LimitExceeded { field, value, reason },
        }
    }

    /// The kind of error (stable code and C status).
    pub fn kind(&self) -> ErrorKind {
        each_variant!(self, |k, _f, _v, _r| k)
    }

    /// The wire-format path of the offending field, e.g. `terms.lines[1].value`.
    pub fn field(&self) -> &str {
        each_variant!(self, |_k, f, _v, _r| f.as_str())
    }

    /// The offending value, as text.
    pub fn value(&self) -> &str {
        each_variant!(self, |_k, _f, v, _r| v.as_str())
    }

    /// Why the value was rejected.
    pub fn reason(&self) -> &str {
        each_variant!(self, |_k, _f, _v, r| r.as_str())
    }

    /// The same error naming another field (where the value came from, when that differs from
    /// where it was checked).
    pub(crate) fn with_field(self, field: &str) -> Error {
        Error::new(self.kind(), field, self.value(), self.reason())
    }

    /// The same error with `prefix` put in front of its field path (`lines[0]` + `due[1]`
    /// becomes `lines[0].due[1]`); used when a nested value is checked in context.
    ///
    /// ```
    /// use arrears::{Error, ErrorKind};
    /// let e = Error::new(ErrorKind::InvalidRule, "[1]", "32", "a day of the month is between 1 and 31");
    /// assert_eq!(e.within("terms.lines[0].due").field(), "terms.lines[0].due[1]");
    /// ```
    pub fn within(self, prefix: &str) -> Error {
        if prefix.is_empty() {
            return self;
        }
        let kind = self.kind();
        let field = if self.field().is_empty() {
            prefix.to_string()
        } else if self.field().starts_with('[') {
            format!("{prefix}{}", self.field())
        } else {
            format!("{prefix}.{}", self.field())
        };
        Error::new(kind, field, self.value(), self.reason())
    }
}

/// JSON: `{"code": "invalid_terms", "field": "terms.lines[1]", "value": "...", "reason": "...",
/// "message": "<the Display text>"}`; the bindings pass errors across in this form.
///
/// ```
/// let err = arrears::call_json("round", r#"{"amount": "x", "currency": "EUR"}"#).unwrap_err();
/// assert_eq!(arrears::to_json(&err), concat!(
///     r#"{"code":"invalid_amount","field":"amount","#,
///     r#""message":"amount: invalid amount \"x\": expected a decimal number such as \"1234.56\" or \"-0.5\" (no exponent, spaces or separators)","#,
///     r#""reason":"expected a decimal number such as \"1234.56\" or \"-0.5\" (no exponent, spaces or separators)","value":"x"}"#));
/// ```
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Error", 5)?;
        st.serialize_field("code", self.kind().code())?;
        st.serialize_field("field", self.field())?;
        st.serialize_field("value", self.value())?;
        st.serialize_field("reason", self.reason())?;
        st.serialize_field("message", &self.to_string())?;
        st.end()
    }
}
