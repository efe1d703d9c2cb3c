//! Errors of the batch in the caller's units: the kernels count in minor units, an error shows
//! the amount they stand for, with its currency, as the object API's errors do.

use super::columns::{InterestBatch, InvoiceRows};
use crate::columnar::MinorUnits;
use crate::error::{Error, ErrorKind};
use crate::money::{minor_units_text, MoneyRules};

/// `e` (raised for invoice row `i`) with an interest that does not fit 64-bit minor units shown
/// as the amount (`92233720368547758.08`, its currency in the reason), not as minor units; any other
/// error as it is.
pub(crate) fn interest_in_units<T: MinorUnits>(
    e: Error,
    batch: &InterestBatch<'_>,
    inv: &InvoiceRows<'_, T>,
    i: usize,
) -> Error {
    if e.kind() != ErrorKind::Overflow || e.field() != "interest" {
        return e;
    }
    let Ok(raw) = e.value().parse::<i128>() else { return e };
    let Some(code) = inv.currency.get(i).and_then(|&c| inv.currencies.get(usize::from(c))) else { return e };
    let Ok(rules) = MoneyRules::new(code, batch.rounding) else { return e };
    Error::new(
        ErrorKind::Overflow,
        e.field(),
        minor_units_text(raw, rules.scale()),
        format!("the interest does not fit 64-bit minor units of {code}"),
    )
}
