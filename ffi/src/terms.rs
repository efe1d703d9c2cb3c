//! Payment terms: the term lines `arrears_schedule` takes (`ArrearsTermLine`), and the opaque
//! terms handles (`ArrearsTerms`) made from notation text, wire JSON or a preset name, which
//! `arrears_schedule_batch` takes.

use std::ffi::c_char;
use std::ptr;

use arrears::notation::{EomReading, NotationOptions};
use arrears::{ErrorKind, PaymentTerms, TermLine};

use crate::args::{c_string, null_arg, out_null, slice, text};
use crate::calendar::{adjustment, steps, ArrearsAdjustment, ArrearsStep};
use crate::status::{guard, invalid, ArrearsStatus, Failure};

/// Kind of a payment-term line.
pub type ArrearsLineKind = i32;
/// `value` percent of the total.
pub const ARREARS_LINE_PERCENT: ArrearsLineKind = 0;
/// `value` percent of what the earlier lines left.
pub const ARREARS_LINE_PERCENT_OF_REMAINDER: ArrearsLineKind = 1;
/// A fixed amount `value` (takes the sign of the total).
pub const ARREARS_LINE_FIXED: ArrearsLineKind = 2;
/// The balance (last line; `value` must be NULL).
pub const ARREARS_LINE_BALANCE: ArrearsLineKind = 3;
/// An equal share of the rest (trailing group; `value` must be NULL).
pub const ARREARS_LINE_EQUAL: ArrearsLineKind = 4;

/// One payment-term line.
#[repr(C)]
pub struct ArrearsTermLine {
    /// An `ARREARS_LINE_*` value.
    pub kind: ArrearsLineKind,
    /// Decimal string (percent or fixed amount); NULL for balance and equal lines.
    pub value: *const c_char,
    /// The due-date steps from the base date (NULL when `steps_len` is 0).
    pub steps: *const ArrearsStep,
    /// Number of steps.
    pub steps_len: usize,
}

/// The payment terms of `arrears_schedule`: `lines_len` term lines at `lines`, with the terms'
/// business-day `adjustment_`; errors name the field (`terms.lines[1].value`, `terms.adjustment`).
pub(crate) unsafe fn payment_terms(
    lines: *const ArrearsTermLine,
    lines_len: usize,
    adjustment_: ArrearsAdjustment,
) -> Result<PaymentTerms, Failure> {
    let mut term_lines = Vec::new();
    for (i, l) in slice("terms.lines", lines, lines_len)?.iter().enumerate() {
        let field = format!("terms.lines[{i}]");
        let value = if l.value.is_null() {
            None
        } else {
            let f = format!("{field}.value");
            Some(arrears::parse_amount(&f, text(&f, l.value)?)?)
        };
        let due = steps(&format!("{field}.due"), l.steps, l.steps_len)?;
        let need = |v: Option<_>| {
            v.ok_or_else(|| {
                invalid(ErrorKind::InvalidTerms, &format!("{field}.value"), "NULL", "this kind of line needs a value")
            })
        };
        let no_value = |v: Option<arrears::rust_decimal::Decimal>| match v {
            Some(x) => Err(invalid(
                ErrorKind::InvalidTerms,
                &format!("{field}.value"),
                x,
                "a balance or equal line takes no value (pass NULL)",
            )),
            None => Ok(()),
        };
        term_lines.push(match l.kind {
            ARREARS_LINE_PERCENT => TermLine::percent(need(value)?, due),
            ARREARS_LINE_PERCENT_OF_REMAINDER => TermLine::percent_of_remainder(need(value)?, due),
            ARREARS_LINE_FIXED => TermLine::fixed(need(value)?, due),
            ARREARS_LINE_BALANCE => {
                no_value(value)?;
                TermLine::balance(due)
            }
            ARREARS_LINE_EQUAL => {
                no_value(value)?;
                TermLine::equal(due)
            }
            other => {
                return Err(invalid(
                    ErrorKind::InvalidTerms,
                    &format!("{field}.kind"),
                    other,
                    "expected one of the ARREARS_LINE_* values (0..4)",
                ))
            }
        });
    }
    PaymentTerms::with_adjustment(term_lines, adjustment(adjustment_, "terms.adjustment")?)
        .map_err(|e| Failure::from(e.within("terms")))
}

/// How `EOM` in `net N EOM` is read by `arrears_terms_parse`.
pub type ArrearsEomReading = i32;
/// Month end + N days (invoice Jan 15, `net 30 EOM`: Mar 2). The default.
pub const ARREARS_EOM_US: ArrearsEomReading = 0;
/// The end of the month N/30 months after the invoice month (Feb 28).
pub const ARREARS_EOM_UK: ArrearsEomReading = 1;
/// Date + N days, then month end (Italian "data fattura fine mese").
pub const ARREARS_EOM_DFFM: ArrearsEomReading = 2;

/// Payment terms, opaque: made by `arrears_terms_parse`, `arrears_terms_from_json` or
/// `arrears_terms_preset`, freed by `arrears_terms_free`. Immutable, so one handle may be used
/// by many threads at once.
pub struct ArrearsTerms {
    terms: PaymentTerms,
}

unsafe fn put_terms(out: *mut *mut ArrearsTerms, terms: PaymentTerms) {
    *out = Box::into_raw(Box::new(ArrearsTerms { terms }));
}

/// Parses payment terms written as people write them (`"2/10 net 30"`, `"net 30 EOM"`,
/// `"10 prox"`, `"30/60/90"`, `"COD"`, ...; case- and space-insensitive). `eom` is an
/// `ARREARS_EOM_*` value; `cut_off` the "25th rule" day (1..30), 0 for none. On failure the
/// last error has field `text` and a message naming the position and what was expected.
#[no_mangle]
pub unsafe extern "C" fn arrears_terms_parse(
    text_: *const c_char,
    eom: ArrearsEomReading,
    cut_off: i32,
    out: *mut *mut ArrearsTerms,
) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        let notation = text("text", text_)?;
        let eom = usize::try_from(eom).ok().and_then(|i| EomReading::ALL.get(i).copied()).ok_or_else(|| {
            invalid(ErrorKind::InvalidTerms, "eom", eom, "expected one of the ARREARS_EOM_* values (0..2)")
        })?;
        let cut_off = match cut_off {
            0 => None,
            c => Some(u8::try_from(c).map_err(|_| {
                invalid(ErrorKind::InvalidRule, "options.cut_off", c, "a cut-off day is between 1 and 30 (0: none)")
            })?),
        };
        put_terms(out, PaymentTerms::parse(notation, &NotationOptions { eom, cut_off })?);
        Ok(())
    })
}

/// Payment terms from their wire JSON (what the `terms` operation of `arrears_call_json`
/// accepts), e.g. `{"lines":[{"kind":"percent","value":"30"},{"kind":"balance",
/// "due":["end_of_month",{"add_days":60}]}]}`; errors name the JSON path (`lines[1].value`).
#[no_mangle]
pub unsafe extern "C" fn arrears_terms_from_json(json: *const c_char, out: *mut *mut ArrearsTerms) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        put_terms(out, arrears::from_json::<PaymentTerms>(text("json", json)?)?);
        Ok(())
    })
}

/// The named preset terms `name` (`"net_30"`, `"2_10_net_30"`, `"net_30_eom"`, `"10_prox"`,
/// `"cod"`, ...; the `presets` operation of `arrears_call_json` lists them all).
#[no_mangle]
pub unsafe extern "C" fn arrears_terms_preset(name: *const c_char, out: *mut *mut ArrearsTerms) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        put_terms(out, PaymentTerms::preset(text("name", name)?)?);
        Ok(())
    })
}

pub(crate) unsafe fn terms_ref<'a>(field: &str, p: *const ArrearsTerms) -> Result<&'a PaymentTerms, Failure> {
    if p.is_null() {
        return Err(null_arg(field));
    }
    Ok(&(*p).terms)
}

/// The canonical notation of `terms` (`"2/10 net 30"`) in `*out_text`, to free with
/// `arrears_string_free`; parsing it gives the same terms. Terms with no notation (percent or
/// fixed lines, ...) are an `ARREARS_INVALID_TERMS` error.
#[no_mangle]
pub unsafe extern "C" fn arrears_terms_format(terms: *const ArrearsTerms, out_text: *mut *mut c_char) -> ArrearsStatus {
    guard(|| {
        if out_text.is_null() {
            return Err(out_null("out_text"));
        }
        *out_text = ptr::null_mut();
        let t = terms_ref("terms", terms)?.format()?;
        *out_text = c_string(t).into_raw();
        Ok(())
    })
}

/// The wire JSON of `terms` (canonical: compact, sorted keys) in `*out_json`, to free with
/// `arrears_string_free`.
#[no_mangle]
pub unsafe extern "C" fn arrears_terms_to_json(
    terms: *const ArrearsTerms,
    out_json: *mut *mut c_char,
) -> ArrearsStatus {
    guard(|| {
        if out_json.is_null() {
            return Err(out_null("out_json"));
        }
        *out_json = ptr::null_mut();
        *out_json = c_string(arrears::to_json(terms_ref("terms", terms)?)).into_raw();
        Ok(())
    })
}

/// Frees terms (NULL is fine).
#[no_mangle]
pub unsafe extern "C" fn arrears_terms_free(terms: *mut ArrearsTerms) {
    if !terms.is_null() {
        drop(Box::from_raw(terms));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eom_constants_index_the_core_readings() {
        use arrears::notation::EomReading;
        assert_eq!(EomReading::ALL[ARREARS_EOM_US as usize], EomReading::Us);
        assert_eq!(EomReading::ALL[ARREARS_EOM_UK as usize], EomReading::Uk);
        assert_eq!(EomReading::ALL[ARREARS_EOM_DFFM as usize], EomReading::Dffm);
    }
}
