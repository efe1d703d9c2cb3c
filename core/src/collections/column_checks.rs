//! The checks the batch worklist shares with the object API ([`super::worklist()`] checks each
//! item's currency and decimals): every currency of the batch is an ISO 4217 code, and no open
//! amount has more decimals than its currency (5.50 JPY, 550 at scale 2, is refused as the
//! object API refuses it).

use super::worklist_columns::WorklistColumns;
use crate::columnar::MinorUnits;
use crate::error::{Error, ErrorKind, Result};
use crate::money::{minor_units_text, MoneyRules, Rounding};

/// `Ok` when every currency of `cols` is known and every open amount is a whole number of its
/// currency's minor units; else the error naming `currencies[k]` or `open[i].open_amount`. A
/// pass over the rows only when some currency has fewer decimals than the batch's scale.
pub(crate) fn currencies_and_decimals<A: MinorUnits>(cols: &WorklistColumns<'_, A>) -> Result<()> {
    // per currency: the multiple of the scale's units a whole minor unit is (None: any)
    let mut unit: Vec<Option<i128>> = Vec::with_capacity(cols.currencies.len());
    for (k, c) in cols.currencies.iter().enumerate() {
        let rules = MoneyRules::new(c, &Rounding::default())
            .map_err(|e| Error::new(e.kind(), format!("currencies[{k}]"), e.value(), e.reason()))?;
        unit.push(cols.scale.checked_sub(rules.scale()).filter(|&d| d > 0).map(|d| 10i128.pow(d.min(38))));
    }
    if unit.iter().all(Option::is_none) {
        return Ok(());
    }
    let inv = &cols.open;
    for (i, (&amount, &c)) in inv.open_amount.iter().zip(inv.currency).enumerate() {
        if let Some(Some(u)) = unit.get(usize::from(c)) {
            if i128::from(amount.low()) % u != 0 {
                let code = cols.currencies[usize::from(c)];
                return Err(Error::new(
                    ErrorKind::InvalidAmount,
                    format!("open[{i}].open_amount"),
                    minor_units_text(i128::from(amount.low()), cols.scale),
                    format!("has more decimal places than {code} allows; round it first"),
                ));
            }
        }
    }
    Ok(())
}
