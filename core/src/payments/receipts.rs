//! The batch's receipt check: every receipt must find its customer among the open items, in
//! the currency of that customer's items (the batch converts nothing), before
//! [`crate::payments::allocate_columns`] runs. The bindings call it for the caller who wants
//! such a receipt refused rather than left unapplied.

use std::collections::HashMap;

use super::columns::{OpenItemRows, ReceiptRows};
use crate::error::{Error, ErrorKind, Result};

/// The currencies a customer's items are in: none yet, one, or several (then listed apart).
const NONE: u16 = u16::MAX;
const SEVERAL: u16 = u16::MAX - 1;

/// Each customer's currency ([`NONE`], one code, or [`SEVERAL`]): a vector by customer code when
/// the codes are dense enough, else a map.
enum ByCustomer {
    Dense(Vec<u16>),
    Sparse(HashMap<u32, u16>),
}

impl ByCustomer {
    fn get(&self, c: u32) -> u16 {
        match self {
            ByCustomer::Dense(v) => v.get(c as usize).copied().unwrap_or(NONE),
            ByCustomer::Sparse(m) => m.get(&c).copied().unwrap_or(NONE),
        }
    }

    fn slot(&mut self, c: u32) -> &mut u16 {
        match self {
            ByCustomer::Dense(v) => &mut v[c as usize],
            ByCustomer::Sparse(m) => m.entry(c).or_insert(NONE),
        }
    }
}

/// Checks that every receipt can go to open items of its own customer and currency: its
/// customer has at least one item row (of any open amount), and an item row in the receipt's
/// currency. The first receipt (in row order) that does not is the error; nothing is allocated.
///
/// A receipt that passes may still be left unapplied, in part or in full, when its customer's
/// items in that currency are settled already: that is credit, not an error.
///
/// ```
/// use arrears::columnar::Utf8Ids;
/// use arrears::payments::{check_receipts, OpenItemRows, ReceiptRows};
/// let (offsets, ids) = ([0, 2, 4], b"I1I2");
/// let items = OpenItemRows { customer: &[0, 1], currency: &[0, 0], due: &[10, 10],
///                            id: Utf8Ids::try_new(&offsets, ids, None, 2).unwrap(), open: &[100, 0] };
/// let ok = ReceiptRows { customer: &[0, 1], currency: &[0, 0], date: &[30, 30], amount: &[50, 20] };
/// assert!(check_receipts(&items, &ok).is_ok()); // customer 1 is settled: its receipt is credit
/// let stranger = ReceiptRows { customer: &[0, 7], currency: &[0, 0], date: &[30, 30], amount: &[50, 20] };
/// assert_eq!(check_receipts(&items, &stranger).unwrap_err().field(), "receipts[1].customer");
/// let dollars = ReceiptRows { customer: &[0], currency: &[3], date: &[30], amount: &[50] };
/// assert_eq!(check_receipts(&items, &dollars).unwrap_err().field(), "receipts[0].currency");
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidRequest`] naming `receipts[row].customer` (the customer code as its
/// value) for a customer with no open item, or `receipts[row].currency` (the currency code)
/// for a currency none of the customer's items is in; `items.currency` or `receipts.currency`
/// for columns of another length than their table's customers.
pub fn check_receipts<T>(items: &OpenItemRows<'_, T>, receipts: &ReceiptRows) -> Result<()> {
    let lengths = [
        ("items.currency", items.currency.len(), items.customer.len()),
        ("receipts.currency", receipts.currency.len(), receipts.customer.len()),
    ];
    if let Some((f, got, want)) = lengths.into_iter().find(|l| l.1 != l.2) {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            f,
            got.to_string(),
            format!("expected {want} rows, like the other columns"),
        ));
    }
    let rows = items.customer.len() + receipts.customer.len();
    let max = items.customer.iter().copied().max().unwrap_or(0) as usize;
    let mut by = if max <= 2 * rows + 1024 {
        ByCustomer::Dense(vec![NONE; max + 1])
    } else {
        ByCustomer::Sparse(HashMap::new())
    };
    let mut several = false;
    for (&c, &k) in items.customer.iter().zip(items.currency) {
        let s = by.slot(c);
        if *s == NONE {
            *s = k;
        } else if *s != k && *s != SEVERAL {
            *s = SEVERAL;
            several = true;
        }
    }
    // the (customer, currency) pairs of the customers with several currencies, when a receipt
    // of such a customer needs them
    let mut pairs: Option<std::collections::HashSet<(u32, u16)>> = None;
    for (q, (&c, &k)) in receipts.customer.iter().zip(receipts.currency).enumerate() {
        let have = by.get(c);
        let known = match have {
            NONE => {
                return Err(Error::new(
                    ErrorKind::InvalidRequest,
                    format!("receipts[{q}].customer"),
                    c.to_string(),
                    "no open item of this customer: a receipt is allocated to its customer's items",
                ))
            }
            SEVERAL if several => pairs
                .get_or_insert_with(|| {
                    items
                        .customer
                        .iter()
                        .zip(items.currency)
                        .filter(|(&c, _)| by.get(c) == SEVERAL)
                        .map(|(&c, &k)| (c, k))
                        .collect()
                })
                .contains(&(c, k)),
            one => one == k,
        };
        if !known {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                format!("receipts[{q}].currency"),
                k.to_string(),
                "none of the customer's open items is in this currency; convert the receipt first",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columnar::Utf8Ids;

    #[test]
    fn several_currencies_and_sparse_codes() {
        let (offsets, ids) = ([0, 1, 2, 3], b"abc");
        let id = Utf8Ids::try_new(&offsets, ids, None, 3).unwrap();
        let items = OpenItemRows {
            customer: &[4_000_000, 4_000_000, 9],
            currency: &[1, 2, 1],
            due: &[0; 3],
            id,
            open: &[1; 3],
        };
        let r = |c: &'static [u32], k: &'static [u16]| ReceiptRows {
            customer: c,
            currency: k,
            date: &[0, 0],
            amount: &[1, 1],
        };
        assert!(check_receipts(&items, &r(&[4_000_000, 4_000_000], &[2, 1])).is_ok());
        let e = check_receipts(&items, &r(&[9, 4_000_000], &[1, 3])).unwrap_err();
        assert_eq!((e.field(), e.value()), ("receipts[1].currency", "3"));
        let e = check_receipts(&items, &r(&[9, 8], &[1, 1])).unwrap_err();
        assert_eq!((e.field(), e.value()), ("receipts[1].customer", "8"));
        let short = ReceiptRows { customer: &[9, 9], currency: &[1], date: &[0, 0], amount: &[1, 1] };
        assert_eq!(check_receipts(&items, &short).unwrap_err().field(), "receipts.currency");
    }
}
