//! `interest_arrow`'s `overdue=True` (and `open_amount`): the core's overdue rows
//! ([`arrears::charges::overdue_rows`]) over the batch's columns, among those a `select`
//! column picks.

use arrears::charges::overdue_rows as core_rows;
use arrears::{Error, ErrorKind};

use crate::arrow::{Column, Values};
use crate::bad;

/// Appends to `sel` the rows (from `offset` on) due before `as_of`, with an open amount above
/// 0 when `open` is given, among those `bits` selects when given.
pub(super) fn overdue_rows(
    sel: &mut Vec<u32>,
    due: &[i32],
    as_of: i32,
    open: Option<(&Column<'_>, &str)>,
    bits: Option<&arrow_buffer::BooleanBuffer>,
    offset: usize,
    threads: usize,
) -> Result<(), Error> {
    let n = due.len();
    let first = offset as u32;
    let mut rows = match open {
        None => core_rows(due, None::<&[i64]>, as_of, first, threads),
        Some((c, name)) => match &c.values {
            Values::Decimal { values, .. } => core_rows(due, Some(&values[..n]), as_of, first, threads),
            Values::I8(v) => core_rows(due, Some(&v[..n]), as_of, first, threads),
            Values::I16(v) => core_rows(due, Some(&v[..n]), as_of, first, threads),
            Values::I32(v) => core_rows(due, Some(&v[..n]), as_of, first, threads),
            Values::I64(v) => core_rows(due, Some(&v[..n]), as_of, first, threads),
            Values::U8(v) => core_rows(due, Some(&v[..n]), as_of, first, threads),
            Values::U16(v) => core_rows(due, Some(&v[..n]), as_of, first, threads),
            Values::U32(v) => core_rows(due, Some(&v[..n]), as_of, first, threads),
            Values::U64(v) => core_rows(due, Some(&v[..n]), as_of, first, threads),
            _ => {
                let e = "an open amount is decimal128 or integer minor units";
                return Err(bad(ErrorKind::InvalidAmount, name, c.type_name.clone(), e));
            }
        },
    };
    if let Some(b) = bits {
        rows.retain(|&r| b.value(r as usize - offset));
    }
    if sel.is_empty() {
        *sel = rows;
    } else {
        sel.extend(rows);
    }
    Ok(())
}
