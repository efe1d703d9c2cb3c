//! Each customer's open balance per currency, from the batch's columns: what an allocation can
//! apply to the customer in that currency (items at or below zero take nothing, so they count
//! for nothing), the figure a statement's receipts are checked or planned against.

use std::collections::{HashMap, HashSet};

use crate::columnar::memory::AHEAD;
use crate::columnar::pieces::{run, split, worker_threads};
use crate::columnar::{prefetch_at, MinorUnits};
use crate::error::{Error, ErrorKind, Result};
use crate::money::Currency;

/// The result of [`open_balances`]: one entry per (customer, currency) with a balance above
/// zero, in the order of the customer codes, then the currency codes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OpenBalances {
    /// Customer code.
    pub customer: Vec<u32>,
    /// Currency code.
    pub currency: Vec<u16>,
    /// The sum of the customer's open amounts above zero in that currency (minor units).
    pub balance: Vec<i64>,
}

/// Each (customer, currency)'s open balance: the sum of its items' open amounts above zero,
/// exactly; the credits (amounts at or below zero) count for nothing, as in
/// [`crate::payments::allocate_columns`], where such an item takes nothing. The columns are
/// those of [`crate::payments::OpenItemRows`] (customers as dense codes, currencies as codes of
/// any kind); amounts in minor units as `i64` or `i128` (or `i32`: [`crate::columnar::MinorUnits`]: a
/// decimal column's values as they are, read in place), each within 64 bits. Groups without a
/// balance above zero are left out.
///
/// `threads`: 0 for every core from 50,000 rows on.
///
/// ```
/// use arrears::payments::open_balances;
/// let customer = [0, 0, 1, 0, 1];
/// let currency = [0, 0, 0, 1, 0];
/// let open: [i64; 5] = [100, 50, -30, 20, 0];
/// let b = open_balances(&customer, &currency, &open, 1)?;
/// assert_eq!((b.customer, b.currency, b.balance), (vec![0, 0], vec![0, 1], vec![150, 20]));
/// // decimal128 mantissas as they are
/// let wide: [i128; 5] = [100, 50, -30, 20, 0];
/// assert_eq!(open_balances(&customer, &currency, &wide, 0)?.balance, [150, 20]);
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidRequest`] for columns of different lengths (`items.customer`,
/// `items.currency`); [`ErrorKind::Overflow`] naming `items[row].open` (the amount as its
/// value) for the first row whose amount does not fit 64 bits or at which its group's balance
/// passes `i64::MAX` minor units.
pub fn open_balances<T>(customer: &[u32], currency: &[u16], open: &[T], threads: usize) -> Result<OpenBalances>
where
    T: MinorUnits,
{
    balances(customer, currency, open, None, threads)
}

/// [`open_balances`] with the currency codes as indices into `currencies`, a list of ISO 4217
/// codes (the form the Node and C calls take, as their aging and late-interest columns do):
/// the list is checked first, then every row's index (the result's `currency` holds the same
/// indices). The amounts of one currency are minor units of that currency.
///
/// ```
/// use arrears::payments::open_balances_listed;
/// let b = open_balances_listed(&[0, 0, 1], &[1, 1, 0], &["EUR", "USD"], &[100i64, 50, 70], 0)?;
/// assert_eq!((b.customer, b.currency, b.balance), (vec![0, 1], vec![1, 0], vec![150, 70]));
/// let e = open_balances_listed(&[0], &[0], &["EUR", "XYZ"], &[1i64], 0).unwrap_err();
/// assert_eq!((e.kind().code(), e.field(), e.value()), ("unknown_currency", "currencies[1]", "XYZ"));
/// let e = open_balances_listed(&[0, 0], &[0, 2], &["EUR", "USD"], &[1i64, 2], 0).unwrap_err();
/// assert_eq!((e.field(), e.value()), ("items[1].currency", "2"));
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// Those of [`open_balances`]; [`ErrorKind::UnknownCurrency`] naming `currencies[k]` for a code
/// not in the current ISO 4217 list; [`ErrorKind::InvalidRequest`] for a code listed twice
/// (`currencies[k]`), more than 65,534 codes (`currencies`), or the first row whose index is
/// outside the list (`items[row].currency`, the index as its value).
pub fn open_balances_listed<T>(
    customer: &[u32],
    currency: &[u16],
    currencies: &[&str],
    open: &[T],
    threads: usize,
) -> Result<OpenBalances>
where
    T: MinorUnits,
{
    if currencies.len() >= usize::from(u16::MAX) {
        let n = currencies.len().to_string();
        return Err(Error::new(ErrorKind::InvalidRequest, "currencies", n, "at most 65534 currency codes"));
    }
    let mut seen = HashSet::with_capacity(currencies.len());
    for (k, &c) in currencies.iter().enumerate() {
        if Currency::lookup(c).is_none() {
            let reason = "not in the current ISO 4217 list";
            return Err(Error::new(ErrorKind::UnknownCurrency, format!("currencies[{k}]"), c, reason));
        }
        if !seen.insert(c) {
            let reason = "a currency code appears twice in the currency list";
            return Err(Error::new(ErrorKind::InvalidRequest, format!("currencies[{k}]"), c, reason));
        }
    }
    balances(customer, currency, open, Some(currencies.len()), threads)
}

/// The kernel of both entries; `listed`: the length of the currency list the codes index.
fn balances<T>(
    customer: &[u32],
    currency: &[u16],
    open: &[T],
    listed: Option<usize>,
    threads: usize,
) -> Result<OpenBalances>
where
    T: MinorUnits,
{
    let n = open.len();
    for (field, len) in [("items.customer", customer.len()), ("items.currency", currency.len())] {
        if len != n {
            let reason = format!("expected {n} rows, like items.open");
            return Err(Error::new(ErrorKind::InvalidRequest, field, len.to_string(), reason));
        }
    }
    let max_cust = customer.iter().copied().max().unwrap_or(0) as usize;
    let max_cur = currency.iter().copied().max().unwrap_or(0) as usize;
    if let Some(k) = listed.filter(|&k| n > 0 && max_cur >= k) {
        let r = currency.iter().position(|&c| usize::from(c) >= k).unwrap_or(0);
        let reason = format!("a currency index outside the currency list of {k} codes");
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            format!("items[{r}].currency"),
            currency[r].to_string(),
            reason,
        ));
    }
    let currencies = max_cur + 1;
    let span = (max_cust + 1).saturating_mul(currencies);
    if span > 2 * n + 1024 {
        return sparse(customer, currency, open);
    }
    // each thread's sums over the pieces of rows it takes (overflow flagged, not checked per
    // row: an amount beyond 64 bits, or a sum that wraps)
    let pieces = split([n]);
    let parts = run(&pieces, worker_threads(threads, n), |claim| {
        let mut sum = vec![0i64; span];
        let mut over = false;
        for piece in claim {
            over |= add_rows(&mut sum, (customer, currency, open), currencies, piece.start..piece.end);
        }
        Ok::<_, ()>((sum, over))
    });
    let mut parts: Vec<(Vec<i64>, bool)> = parts.into_iter().flatten().collect();
    let (mut total, mut over) = parts.pop().unwrap_or_default();
    for (part, o) in parts {
        over |= o;
        for (t, p) in total.iter_mut().zip(part) {
            let (s, o) = t.overflowing_add(p);
            *t = s;
            over |= o;
        }
    }
    if over {
        return Err(overflow_row(customer, currency, open));
    }
    let mut out = OpenBalances::default();
    for (g, &b) in total.iter().enumerate() {
        if b > 0 {
            out.customer.push((g / currencies) as u32);
            out.currency.push((g % currencies) as u16);
            out.balance.push(b);
        }
    }
    Ok(out)
}

/// Adds the open amounts above zero of `rows` to their groups' sums (group = customer ×
/// `currencies` + currency); whether an amount did not fit 64 bits or a sum wrapped. A function
/// of its own: its slices are arguments the compiler keeps in registers across the stores.
fn add_rows<T: MinorUnits>(
    sum: &mut [i64],
    (customer, currency, open): (&[u32], &[u16], &[T]),
    currencies: usize,
    rows: std::ops::Range<usize>,
) -> bool {
    let group = |r: usize| customer[r] as usize * currencies + currency[r] as usize;
    let mut over = false;
    let end = rows.end;
    for r in rows {
        // the group a row adds to is requested AHEAD rows early (a table of 8 MB at 1M groups:
        // most adds would wait on memory otherwise)
        if r + AHEAD < end {
            prefetch_at(sum, group(r + AHEAD));
        }
        let v: i128 = open[r].into();
        let narrow = v as i64;
        over |= i128::from(narrow) != v;
        if narrow > 0 {
            let g = group(r);
            let (s, o) = sum[g].overflowing_add(narrow);
            sum[g] = s;
            over |= o;
        }
    }
    over
}

/// Codes too sparse for a table by code: a map.
fn sparse<T: MinorUnits>(customer: &[u32], currency: &[u16], open: &[T]) -> Result<OpenBalances> {
    let mut sums: HashMap<(u32, u16), i64> = HashMap::new();
    for r in 0..open.len() {
        let v: i128 = open[r].into();
        let Ok(v) = i64::try_from(v) else { return Err(too_wide(r, v)) };
        if v > 0 {
            let s = sums.entry((customer[r], currency[r])).or_insert(0);
            match s.checked_add(v) {
                Some(x) => *s = x,
                None => return Err(overflow_at(r, v.into())),
            }
        }
    }
    let mut groups: Vec<((u32, u16), i64)> = sums.into_iter().filter(|e| e.1 > 0).collect();
    groups.sort_unstable();
    let mut out = OpenBalances::default();
    for ((c, k), b) in groups {
        out.customer.push(c);
        out.currency.push(k);
        out.balance.push(b);
    }
    Ok(out)
}

/// The error for the first row whose amount does not fit 64 bits or at which its group's
/// balance passes `i64::MAX` (found again, exactly, in row order).
fn overflow_row<T: MinorUnits>(customer: &[u32], currency: &[u16], open: &[T]) -> Error {
    let mut sums: HashMap<(u32, u16), i64> = HashMap::new();
    for r in 0..open.len() {
        let v: i128 = open[r].into();
        let Ok(v) = i64::try_from(v) else { return too_wide(r, v) };
        if v > 0 {
            let s = sums.entry((customer[r], currency[r])).or_insert(0);
            match s.checked_add(v) {
                Some(x) => *s = x,
                None => return overflow_at(r, v.into()),
            }
        }
    }
    overflow_at(0, 0) // not reached: the sums above found the row
}

fn too_wide(row: usize, value: i128) -> Error {
    Error::new(ErrorKind::Overflow, format!("items[{row}].open"), value.to_string(), "does not fit 64-bit minor units")
}

fn overflow_at(row: usize, value: i128) -> Error {
    Error::new(
        ErrorKind::Overflow,
        format!("items[{row}].open"),
        value.to_string(),
        "the open balance of its customer and currency passes 9223372036854775807 minor units",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A plain map over the rows.
    fn model(customer: &[u32], currency: &[u16], open: &[i64]) -> OpenBalances {
        let mut m: std::collections::BTreeMap<(u32, u16), i64> = std::collections::BTreeMap::new();
        for r in 0..open.len() {
            *m.entry((customer[r], currency[r])).or_insert(0) += open[r].max(0);
        }
        let mut out = OpenBalances::default();
        for ((c, k), b) in m.into_iter().filter(|e| e.1 > 0) {
            out.customer.push(c);
            out.currency.push(k);
            out.balance.push(b);
        }
        out
    }

    proptest! {
        // dense and sparse codes, one and several threads, i64 and i128 amounts
        #[test]
        fn equals_a_plain_sum(
            rows in prop::collection::vec((0u32..30, 0u16..3, -500i64..5_000), 0..300),
            sparse_codes in any::<bool>(),
            threads in 1usize..4,
        ) {
            let customer: Vec<u32> = rows.iter().map(|r| if sparse_codes { r.0 * 1_000_003 } else { r.0 }).collect();
            let currency: Vec<u16> = rows.iter().map(|r| r.1).collect();
            let open: Vec<i64> = rows.iter().map(|r| r.2).collect();
            let want = model(&customer, &currency, &open);
            prop_assert_eq!(open_balances(&customer, &currency, &open, threads).unwrap(), want.clone());
            let wide: Vec<i128> = open.iter().map(|&v| i128::from(v)).collect();
            prop_assert_eq!(open_balances(&customer, &currency, &wide, threads).unwrap(), want);
        }
    }

    #[test]
    fn many_rows_on_threads_and_errors() {
        let n = 200_000;
        let customer: Vec<u32> = (0..n).map(|i| (i * 7919 % 5000) as u32).collect();
        let currency: Vec<u16> = (0..n).map(|i| (i % 3) as u16).collect();
        let open: Vec<i64> = (0..n).map(|i| (i as i64 * 37) % 1000 - 100).collect();
        let want = model(&customer, &currency, &open);
        for t in [0, 1, 2, 3] {
            assert_eq!(open_balances(&customer, &currency, &open, t).unwrap(), want);
        }
        // the first row at which a balance passes i64::MAX, on any thread count
        let big = [i64::MAX - 5, 3, 2, 1, 7];
        for t in [1, 2] {
            let e = open_balances(&[0, 1, 0, 0, 0], &[0; 5], &big, t).unwrap_err();
            assert_eq!((e.kind(), e.field(), e.value()), (ErrorKind::Overflow, "items[4].open", "7"));
        }
        let e = open_balances(&[0, 7_000_000], &[0, 0], &[i128::from(i64::MAX) + 1, 1], 1).unwrap_err();
        assert_eq!((e.field(), e.value()), ("items[0].open", "9223372036854775808"));
        let e = open_balances(&[0], &[0, 0], &[1i64], 1).unwrap_err();
        assert_eq!((e.kind(), e.field(), e.value()), (ErrorKind::InvalidRequest, "items.currency", "2"));
        // a credit beyond 64 bits is an error too (dense and sparse codes, any thread count)
        let wide = [5, -(i128::from(i64::MAX) + 2), 1];
        for (cust, t) in [([0u32, 1, 0], 1), ([0, 9_000_000, 0], 1), ([0, 1, 0], 2)] {
            let e = open_balances(&cust, &[0; 3], &wide, t).unwrap_err();
            assert_eq!(
                (e.kind(), e.field(), e.value()),
                (ErrorKind::Overflow, "items[1].open", "-9223372036854775809")
            );
        }
    }

    #[test]
    fn listed_currencies_are_checked() {
        let b = open_balances_listed(&[3, 3, 1], &[0, 1, 1], &["JPY", "EUR"], &[5i64, 7, 9], 1).unwrap();
        assert_eq!(b, open_balances(&[3, 3, 1], &[0, 1, 1], &[5i64, 7, 9], 1).unwrap());
        let err = |cur: &[u16], list: &[&str]| {
            let e = open_balances_listed(&[0; 3], cur, list, &[1i64; 3], 1).unwrap_err();
            (e.kind(), e.field().to_string(), e.value().to_string())
        };
        assert_eq!(
            err(&[0, 0, 0], &["EUR", "EURO"]),
            (ErrorKind::UnknownCurrency, "currencies[1]".into(), "EURO".into())
        );
        assert_eq!(err(&[0, 0, 0], &["EUR", "EUR"]), (ErrorKind::InvalidRequest, "currencies[1]".into(), "EUR".into()));
        assert_eq!(
            err(&[0, 3, 2], &["EUR", "USD"]),
            (ErrorKind::InvalidRequest, "items[1].currency".into(), "3".into())
        );
        assert_eq!(err(&[0, 0, 0], &[]), (ErrorKind::InvalidRequest, "items[0].currency".into(), "0".into()));
        // no rows: any list, even an empty one
        assert_eq!(open_balances_listed::<i64>(&[], &[], &[], &[], 0).unwrap(), OpenBalances::default());
        let e = open_balances_listed(&[0, 0], &[0], &["EUR"], &[1i64, 2], 1).unwrap_err();
        assert_eq!((e.field(), e.value()), ("items.currency", "1"));
    }
}
