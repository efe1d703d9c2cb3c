//! `interest_arrow`: the late interest of every invoice of an Arrow table, its payments read from
//! a second table, with the core's columnar kernel ([`interest_columns`], and [`match_payments`]
//! for payments that name their invoice by id). This file only gathers the columns (dates,
//! amounts in minor units of each row's currency, currency indices, ids) and names the bad row;
//! every rule is the core's.

use std::borrow::Cow;

use arrears::charges::{
    interest_columns, match_payments, match_positions, BatchRule, InterestBatch, InterestRule, InvoiceRows,
    PaymentRows, Preset, PresetInput, Unmatched,
};
use arrears::columnar::{id_order, MinorUnits};
use arrears::{Calendar, Error, ErrorKind, Rounding};

use crate::arrow::{Column, ExportBatch, ImportedStream, Values};
use crate::bad;

mod amounts;
mod export;
mod overdue;
pub(crate) mod read;
use export::export;
pub use export::Types;
use read::{raw_amount, read_invoices, read_payments, rescale, shown, Invoices};

/// Column names and options of an `interest_arrow` call.
pub struct InterestArgs {
    pub invoice_id: String,
    pub due_date: String,
    pub amount: String,
    pub amount_scale: Option<u32>,
    pub currency: Option<String>,
    pub currency_code: Option<String>,
    pub issue_date: Option<String>,
    /// A boolean column: only its true rows are computed (null: not selected).
    pub select: Option<String>,
    pub payment_invoice: String,
    pub payment_date: String,
    pub payment_amount: String,
    pub payment_amount_scale: Option<u32>,
    pub unmatched: Unmatched,
    pub breakdown: bool,
    pub threads: usize,
    /// The open-amount column of the overdue filter (read when `overdue`).
    pub open_amount: Option<String>,
    /// Only the invoices due before the as-of date (and open, with `open_amount`) are computed.
    pub overdue: bool,
    /// The result's rows in invoice-id order (else in row order).
    pub order_by_id: bool,
    /// The types of the result's `row` and money columns.
    pub types: Types,
}

/// The rule of a batch: one rule, or a statutory preset with its data.
pub enum SpecRule {
    Rule(InterestRule),
    Preset(&'static Preset, PresetInput),
}

/// What every invoice shares: the rule, the as-of date, rounding and calendar.
pub struct InterestSpec {
    pub rule: SpecRule,
    pub as_of: arrears::chrono::NaiveDate,
    pub rounding: Rounding,
    pub calendar: Calendar,
}

/// An error on invoice `i` of the ids gathered (`invoices[3].invoice_id`) renamed to the row `to_row(i)`.
fn at_row(e: Error, to_row: impl Fn(usize) -> usize) -> Error {
    let f = e.field();
    let Some((num, tail)) = f.strip_prefix("invoices[").and_then(|r| r.split_once(']')) else { return e };
    match num.parse::<usize>() {
        // (the core's reason may count rows of the ids it was given: only the field is kept)
        Ok(i) if e.reason().contains("appears twice") => Error::new(
            e.kind(),
            format!("invoices[{}]{tail}", to_row(i)),
            e.value(),
            "the id appears twice among the invoices looked up",
        ),
        Ok(i) => Error::new(e.kind(), format!("invoices[{}]{tail}", to_row(i)), e.value(), e.reason()),
        Err(_) => e,
    }
}

/// Every `invoices[k]` and `payments[j]` in an error's field and reason renamed
/// `invoices[inv(k)]`, `payments[pay(j)]`: the kernel's positions among the rows it was given
/// back to the caller's rows.
fn at_rows(e: Error, inv: impl Fn(usize) -> usize, pay: impl Fn(usize) -> usize) -> Error {
    let map = |text: &str| -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find('[') {
            let (head, tail) = rest.split_at(at + 1);
            out.push_str(head);
            rest = tail;
            let to: Option<&dyn Fn(usize) -> usize> = if head.ends_with("invoices[") {
                Some(&inv)
            } else if head.ends_with("payments[") {
                Some(&pay)
            } else {
                None
            };
            let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
            if let (Some(f), Ok(k), true) = (to, rest[..digits].parse::<usize>(), rest[digits..].starts_with(']')) {
                out.push_str(&f(k).to_string());
                rest = &rest[digits..];
            }
        }
        out.push_str(rest);
        out
    };
    Error::new(e.kind(), map(e.field()), e.value(), map(e.reason()))
}

/// The payments linked to an invoice (`links[j]` not `u32::MAX`): their numbers, links and
/// dates, in order; each half on its own thread for many payments.
fn matched(links: &[u32], date: &[i32], threads: usize) -> (Vec<u32>, Vec<u32>, Vec<i32>) {
    let part = |from: usize, to: usize| {
        let (mut kept, mut on, mut dated) = (Vec::new(), Vec::new(), Vec::new());
        for (j, &l) in links[from..to].iter().enumerate() {
            if l != u32::MAX {
                kept.push((from + j) as u32);
                on.push(l);
                dated.push(date[from + j]);
            }
        }
        (kept, on, dated)
    };
    let n = links.len();
    if n < 100_000 || threads == 1 {
        return part(0, n);
    }
    let ((mut kept, mut on, mut dated), (k, o, d)) = std::thread::scope(|s| {
        let tail = s.spawn(|| part(n / 2, n));
        (part(0, n / 2), tail.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    kept.extend_from_slice(&k);
    on.extend_from_slice(&o);
    dated.extend_from_slice(&d);
    (kept, on, dated)
}

/// A core error's field in the caller's column names (`invoices[3].amount` ->
/// `invoices[3].open_amount`, `payments[2].date` -> `payments[2].paid_date`).
fn rename(e: Error, args: &InterestArgs) -> Error {
    let f = e.field().to_string();
    let cur = args.currency.as_deref().unwrap_or("currency");
    let issue = args.issue_date.as_deref().unwrap_or("issue_date");
    let Some((table, rest)) = f.split_once('[') else { return e };
    let Some((num, leaf)) = rest.split_once("].") else { return e };
    let column = match (table, leaf) {
        ("invoices", "due_date") => args.due_date.as_str(),
        ("invoices", "amount") => args.amount.as_str(),
        ("invoices", "currency") => cur,
        ("invoices", "issue_date") => issue,
        ("invoices", "invoice_id") => args.invoice_id.as_str(),
        ("payments", "invoice" | "invoice_id") => args.payment_invoice.as_str(),
        ("payments", "date") => args.payment_date.as_str(),
        ("payments", "amount") => args.payment_amount.as_str(),
        _ => return e,
    };
    Error::new(e.kind(), format!("{table}[{num}].{column}"), e.value(), e.reason())
}

/// The late interest of the invoices of `inv` with the payments of `pay`: one batch per invoice
/// (row, currency, status, interest) and, with `breakdown`, one of the period lines.
pub fn interest_streams(
    inv: &ImportedStream,
    pay: Option<&ImportedStream>,
    spec: &InterestSpec,
    args: &InterestArgs,
) -> Result<Vec<ExportBatch>, Error> {
    // payments name their invoice by id unless the column holds integers (row numbers)
    let by_id =
        pay.is_some_and(|p| crate::arrow::column_type(p, &args.payment_invoice).is_some_and(|t| !t.is_integer()));
    // with a selection and payments by id (or none), the invoices are gathered: the kernel gets
    // the selected rows' columns only, and their positions as invoice numbers
    let gather = pay.is_none() || by_id;
    // the two tables are read at the same time
    let (payments, invoices) = std::thread::scope(|scope| {
        let reading = pay.map(|p| scope.spawn(move || read_payments(p, args)));
        let as_of = arrears::aging::day_number(spec.as_of);
        let invoices = read_invoices(inv, args, &spec.rounding, by_id || args.order_by_id, as_of, gather);
        let payments = reading.map(|r| r.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        (payments, invoices)
    });
    let payments = payments.transpose()?;
    let invoices = invoices?;
    let selected = invoices.selected.as_deref();
    let gathered = selected.filter(|_| invoices.gathered);
    let inv_ids = match &invoices.ids {
        Some(ids) => Some(ids.view(&args.invoice_id)?),
        None => None,
    };
    let (links, date, columns, scale) = match payments {
        None => (Vec::new(), Cow::Owned(Vec::new()), Vec::new(), 0),
        Some(p) => {
            let links = match (&p.ids, &inv_ids) {
                (Some(pay_ids), Some(a)) => {
                    let b = pay_ids.view(&args.payment_invoice)?;
                    if let (Some(sel), false) = (gathered, invoices.compact) {
                        // the kernel's invoices are the selected rows, gathered: their positions
                        match_positions(a, &b, sel, args.unmatched, args.threads).map_err(|e| rename(e, args))?
                    } else if !invoices.compact {
                        match_payments(a, &b, selected, args.unmatched, args.threads).map_err(|e| rename(e, args))?
                    } else {
                        let found = match_payments(a, &b, None, args.unmatched, args.threads);
                        // the ids gathered are the selected rows': back to row numbers
                        let to_row = |i: usize| selected.map_or(i, |s| s[i] as usize);
                        let mut links = found.map_err(|e| rename(at_row(e, to_row), args))?;
                        if let (Some(sel), None) = (selected, gathered) {
                            for l in links.iter_mut().filter(|l| **l != u32::MAX) {
                                *l = sel[*l as usize];
                            }
                        }
                        links
                    }
                }
                _ => p.rows,
            };
            (links, p.date, p.amounts, p.scale)
        }
    };
    // the payments on an invoice of the batch, when not all are: only they are read further
    let (kept, on, dated) = matched(&links, &date, args.threads);
    let (links, date, kept) =
        if kept.len() < links.len() { (on, Cow::Owned(dated), Some(kept)) } else { (links, date, None) };
    // payment amounts in minor units of their invoice's currency
    let amounts = payment_amounts(&invoices, &links, &columns, scale, args, kept.as_deref())?;
    let code_refs: Vec<&str> = invoices.codes.iter().map(String::as_str).collect();
    let (due, issue): (Cow<'_, [i32]>, Option<Vec<i32>>) = match gathered {
        Some(sel) => (
            Cow::Borrowed(&invoices.due_gathered[..]),
            invoices.issue.as_ref().map(|d| sel.iter().map(|&r| d[r as usize]).collect()),
        ),
        None => (Cow::Borrowed(&invoices.due[..]), None),
    };
    let rows = InvoiceRows {
        due_date: &due,
        amount: &invoices.amount,
        currency: &invoices.currency,
        currencies: &code_refs,
        issue_date: if gathered.is_some() { issue.as_deref() } else { invoices.issue.as_deref() },
        rows: if gathered.is_some() { None } else { selected },
    };
    let payment_rows = PaymentRows { invoice: &links, date: &date, amount: &amounts };
    let batch = InterestBatch {
        rule: match &spec.rule {
            SpecRule::Rule(r) => BatchRule::Rule(r),
            SpecRule::Preset(preset, input) => BatchRule::Preset { preset, input },
        },
        as_of: spec.as_of,
        rounding: &spec.rounding,
        calendar: &spec.calendar,
        threads: args.threads,
        breakdown: args.breakdown,
    };
    // a lone batch's decimal128 amounts read in place (the kernel checks each fits 64 bits)
    let out = match invoices.wide {
        Some(wide) => interest_columns(&batch, &with_amounts(&rows, wide), &payment_rows),
        None => interest_columns(&batch, &rows, &payment_rows),
    };
    // the kernel's invoices and payments are positions when gathered: errors name the rows
    let inv_row = |k: usize| gathered.map_or(k, |s| s[k] as usize);
    let pay_row = |j: usize| kept.as_ref().map_or(j, |k| k[j] as usize);
    let out = out.map_err(|e| {
        let e = at_rows(invoice_amount_shown(e, &invoices), inv_row, pay_row);
        rename(payment_amount_shown(e, &columns, scale), args)
    })?;
    // the rows in invoice-id order: a permutation of the kernel's, none when in order already
    let order = match (&inv_ids, args.order_by_id) {
        (Some(ids), true) => id_order(ids, if invoices.compact { None } else { selected }, args.threads),
        _ => None,
    };
    export(out, invoices, order, args.types, args.threads)
}

/// `rows` with the amounts `amount` (of another width).
fn with_amounts<'a, T: MinorUnits>(rows: &InvoiceRows<'a>, amount: &'a [T]) -> InvoiceRows<'a, T> {
    let InvoiceRows { due_date, currency, currencies, issue_date, rows, .. } = *rows;
    InvoiceRows { due_date, amount, currency, currencies, issue_date, rows }
}

/// The core's row `k` and the value of an error on `table[k].amount` in minor units, if it is one.
fn amount_error(e: &Error, table: &str) -> Option<(usize, i128)> {
    let rest = e.field().strip_prefix(table)?.strip_prefix('[')?;
    let (num, "amount") = rest.split_once("].")? else { return None };
    Some((num.parse().ok()?, e.value().parse().ok()?))
}

/// A kernel error on an invoice's amount shows it as the caller wrote it: the kernel's minor
/// units (`-200`) at the scale of the invoice's currency (`-2.00`).
fn invoice_amount_shown(e: Error, inv: &Invoices<'_>) -> Error {
    let Some((k, v)) = amount_error(&e, "invoices") else { return e };
    match inv.currency.get(k).and_then(|&c| inv.scales.get(usize::from(c))) {
        Some(&scale) => Error::new(e.kind(), e.field(), shown(v, scale), e.reason()),
        None => e,
    }
}

/// A kernel error on payment `j`'s amount (`j` the caller's row) shows the caller's own value
/// from the column (`columns`, the payments' batches, at `scale`), not the kernel's minor units.
fn payment_amount_shown(e: Error, columns: &[Column<'_>], scale: u32) -> Error {
    let Some((mut j, _)) = amount_error(&e, "payments") else { return e };
    for c in columns {
        if j < c.len {
            return Error::new(e.kind(), e.field(), shown(raw_amount(c, j), scale), e.reason());
        }
        j -= c.len;
    }
    e
}

/// The payments' amounts in minor units of their invoice's currency (0 for payments on no
/// invoice of the batch): one per payment, or with `kept` one per payment it lists (ascending),
/// `links` then holding theirs.
fn payment_amounts(
    inv: &Invoices<'_>,
    links: &[u32],
    columns: &[Column<'_>],
    scale: u32,
    args: &InterestArgs,
    kept: Option<&[u32]>,
) -> Result<Vec<i64>, Error> {
    let n = inv.currency.len();
    // every currency at the column's scale: no currency to look up
    let uniform = inv.scales.iter().all(|&s| s == scale);
    // the invoices' columns hold every row, the selected ones only computed
    let sparse = inv.selected.as_ref().filter(|_| !inv.gathered);
    let mut amounts = Vec::with_capacity(links.len());
    let (mut start, mut next) = (0usize, 0usize);
    for c in columns {
        let end = start + c.len;
        let dec = match &c.values {
            Values::Decimal { values, .. } => Some(&values[..c.len]),
            _ => None,
        };
        let from = next;
        next = kept.map_or(end, |k| from + k[from..].partition_point(|&j| (j as usize) < end));
        for t in from..next {
            // payment j (of every batch), row i of this one, its link at t
            let j = kept.map_or(t, |k| k[t] as usize);
            let i = j - start;
            let r = links[t];
            let v = || dec.map_or_else(|| raw_amount(c, i), |d| d[i]);
            let field = || format!("payments[{j}].{}", args.payment_amount);
            let minor = if r == u32::MAX {
                0 // on no invoice of the batch: skipped
            } else if r as usize >= n {
                return Err(bad(
                    ErrorKind::InvalidRequest,
                    &format!("payments[{j}].{}", args.payment_invoice),
                    r.to_string(),
                    format!("there are {n} invoices"),
                ));
            } else if uniform {
                let v = v();
                i64::try_from(v).map_err(|_| {
                    bad(
                        ErrorKind::Overflow,
                        &field(),
                        read::shown(v, scale),
                        read::over_at(&inv.codes, inv.currency.get(r as usize)),
                    )
                })?
            } else if sparse.is_some_and(|s| s.binary_search(&r).is_err()) {
                // on an invoice not selected, whose currency was not read: only its sign is
                // checked (a payment is positive), never its amount
                v().signum() as i64
            } else {
                let k = usize::from(inv.currency[r as usize]);
                rescale(v(), scale, inv.scales[k], field, &inv.codes[k])?
            };
            amounts.push(minor);
        }
        start = end;
    }
    Ok(amounts)
}
