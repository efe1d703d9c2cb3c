//! The batch's checks of its input (column lengths, selected rows, each invoice), run on every
//! core with the first bad row found, and how its errors are named: as the object API names
//! them, by row (`invoices[3].due_date`, `payments[2].amount`), the rule's own fields under
//! `rule.` (a preset's under `preset.`).

use super::columns::InvoiceRows;
use crate::calendar::{date_of_day_number, MAX_DAY, MIN_DAY};
use crate::columnar::pieces::{run, split, worker_threads};
use crate::columnar::MinorUnits;
use crate::error::{Error, ErrorKind, Result};

/// The fields of an interest rule's own errors (`rate`, `reference.table.rates`...).
const RULE_FIELDS: [&str; 6] = ["rate", "reference", "floor", "grace_days", "day_count", "earlier_day_count"];

/// A batch error named as the object API names it: a rule's own field under `rule.` (a preset's
/// under the preset's data: `preset.reference_rates`...), with the invoice that needed it in the
/// reason; any other field of invoice `i` under `invoices[i].`.
pub(crate) fn rule_error(e: Error, invoice: Option<usize>, preset: bool) -> Error {
    let f = e.field().to_string();
    let is_rule =
        RULE_FIELDS.iter().any(|r| f == *r || f.starts_with(&format!("{r}.")) || f.starts_with(&format!("{r}[")));
    if !is_rule {
        return match invoice {
            Some(i) => e.within(&format!("invoices[{i}]")),
            None => e,
        };
    }
    let field = if preset { super::presets::preset_field(&f) } else { format!("rule.{f}") };
    let reason = match invoice {
        Some(i) => format!("{} (the interest of invoices[{i}])", e.reason()),
        None => e.reason().to_string(),
    };
    Error::new(e.kind(), field, e.value(), reason)
}

pub(crate) fn length_error(name: &str, len: usize, other: &str, n: usize) -> Error {
    Error::new(
        ErrorKind::InvalidRequest,
        name,
        len.to_string(),
        format!("columns of different lengths: {name} has {len} rows, {other} has {n}"),
    )
}

/// Every invoice column has the length of `amount`.
pub(crate) fn check_lengths<T: MinorUnits>(inv: &InvoiceRows<'_, T>) -> Result<()> {
    let n = inv.amount.len();
    let issue = inv.issue_date.map(<[i32]>::len);
    for (name, len) in
        [("due_date", Some(inv.due_date.len())), ("currency", Some(inv.currency.len())), ("issue_date", issue)]
    {
        match len {
            Some(len) if len != n => return Err(length_error(&format!("invoices.{name}"), len, "invoices.amount", n)),
            _ => {}
        }
    }
    Ok(())
}

/// The error of the first bad row of `n`, each checked by `check`, on up to `threads` threads.
pub(crate) fn first_error(n: usize, threads: usize, check: impl Fn(usize) -> Result<()> + Sync) -> Result<()> {
    first_error_min(n, threads, |i| check(i).map(|()| i64::MAX)).map(|_| ())
}

/// [`first_error`] with a value per good row (`check`'s): the smallest of them (`i64::MAX` for
/// no row), found in the same pass.
pub(crate) fn first_error_min(n: usize, threads: usize, check: impl Fn(usize) -> Result<i64> + Sync) -> Result<i64> {
    let pieces = split([n]);
    let found = run(&pieces, worker_threads(threads, n), |claim| {
        let mut least = i64::MAX;
        for piece in claim {
            for i in piece.start..piece.end {
                least = least.min(check(i).map_err(|e| (i, e))?);
            }
        }
        Ok::<i64, (usize, Error)>(least)
    });
    let mut least = i64::MAX;
    let mut first: Option<(usize, Error)> = None;
    for r in found {
        match r {
            Ok(v) => least = least.min(v),
            Err((i, e)) if first.as_ref().is_none_or(|(j, _)| i < *j) => first = Some((i, e)),
            Err(_) => {}
        }
    }
    match first {
        Some((_, e)) => Err(e),
        None => Ok(least),
    }
}

/// The number of rows a batch computes: `rows`, checked (strictly ascending, each below `n`), or `n`.
pub(crate) fn check_rows(rows: Option<&[u32]>, n: usize) -> Result<usize> {
    let Some(rows) = rows else { return Ok(n) };
    for (k, &r) in rows.iter().enumerate() {
        if r as usize >= n || (k > 0 && r <= rows[k - 1]) {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                format!("rows[{k}]"),
                r.to_string(),
                format!("selected rows are strictly ascending and below the {n} invoices"),
            ));
        }
    }
    Ok(rows.len())
}

/// Checks invoice `i` of a batch.
pub(crate) fn check_invoice<T: MinorUnits>(inv: &InvoiceRows<'_, T>, i: usize) -> Result<()> {
    let due = inv.due_date[i];
    if !(MIN_DAY..=MAX_DAY).contains(&due) {
        date_of_day_number(&format!("invoices[{i}].due_date"), due)?;
    }
    if usize::from(inv.currency[i]) >= inv.currencies.len() {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            format!("invoices[{i}].currency"),
            inv.currency[i].to_string(),
            format!("the batch has {} currencies", inv.currencies.len()),
        ));
    }
    let amount: i128 = inv.amount[i].into();
    if !inv.amount[i].fits() {
        // (the currency index was checked above)
        let code = inv.currencies[usize::from(inv.currency[i])];
        return Err(Error::new(
            ErrorKind::Overflow,
            format!("invoices[{i}].amount"),
            amount.to_string(),
            format!("does not fit 64-bit minor units of {code}"),
        ));
    }
    if amount < 0 {
        return Err(Error::new(
            ErrorKind::InvalidAmount,
            format!("invoices[{i}].amount"),
            amount.to_string(),
            "late interest runs on a debt: the amount is zero or positive",
        ));
    }
    if let Some(issue) = inv.issue_date {
        if !(MIN_DAY..=MAX_DAY).contains(&issue[i]) {
            date_of_day_number(&format!("invoices[{i}].issue_date"), issue[i])?;
        }
        if due < issue[i] {
            return Err(Error::new(
                ErrorKind::InvalidDate,
                format!("invoices[{i}].due_date"),
                date_of_day_number("", due).map(crate::calendar::format_date).unwrap_or_default(),
                "the due date is before the invoice date",
            ));
        }
    }
    Ok(())
}
