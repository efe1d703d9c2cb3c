//! `worklist_arrow`: the collection worklist of Arrow tables (open invoices, payments, and
//! optionally closed invoices for the history) with the core's columnar kernel
//! [`worklist_columns`]. This file only gathers the columns (ids in the Arrow `utf8` layout, day
//! numbers, the `decimal128` amounts as they lie, which the kernel reads in place, currency
//! indices), names the bad row in the caller's column names and exports the ranked rows; every
//! rule is the core's.

use std::borrow::Cow;

use arrears::collections::{
    worklist_columns, InvoiceColumns, PaymentColumns, WorklistColumns, WorklistConfig, WorklistRow,
};
use arrears::rust_decimal::Decimal;
use arrears::{Error, ErrorKind, Rounding};

use crate::arrow::{batch_len, column, Column, ExportBatch, ExportColumn, ImportedStream, Values};
use crate::interest::read::{
    amount_scale, currencies, dates, decimals, first_null, raw_amount, shown, Codes, Col, Ids,
};
use crate::{bad, col_err};

/// Column names and options of a `worklist_arrow` call.
pub struct WorklistArgs {
    pub invoice_id: String,
    pub customer: String,
    pub due_date: String,
    pub currency: Option<String>,
    pub currency_code: Option<String>,
    pub open_amount: String,
    pub amount_scale: Option<u32>,
    pub disputed: Option<String>,
    pub payment_invoice: String,
    pub payment_date: String,
    pub payment_amount: String,
    pub payment_amount_scale: Option<u32>,
    pub components: bool,
    pub threads: usize,
}

/// One invoices table: ids, customers, due days; currencies, open amounts and disputes for the
/// open table. Amounts stay as the caller's `decimal128` holds them (borrowed from a lone batch):
/// the kernel reads them in place and refuses one too wide for 64 bits.
struct Invoices<'a> {
    ids: Ids<'a>,
    customers: Ids<'a>,
    due: Cow<'a, [i32]>,
    currency: Vec<u16>,
    amount: Cow<'a, [i128]>,
    disputed: Option<Vec<bool>>,
}

/// The first `n` amounts of `col` appended to `out` (a lone batch's decimals borrowed).
fn amounts<'a>(out: &mut Cow<'a, [i128]>, col: &Column<'a>, n: usize, only: bool) {
    match (decimals(col, n), &mut *out) {
        (Some(v), Cow::Borrowed(a)) if only => *a = v,
        (Some(v), a) => a.to_mut().extend_from_slice(v),
        (None, a) => a.to_mut().extend((0..n).map(|i| raw_amount(col, i))),
    }
}

/// Reads the open invoices (`open`) or the closed ones (history only) of `stream`; `table` is the
/// name errors start with (`invoices`, `closed`). Returns the invoices and, for the open ones,
/// the currency codes and the amounts' scale.
fn read_invoices<'a>(
    stream: &'a ImportedStream,
    table: &str,
    open: bool,
    args: &WorklistArgs,
) -> Result<(Invoices<'a>, Vec<String>, u32), Error> {
    let cur_name = args.currency.as_deref().unwrap_or("currency");
    let mut reads = vec![args.invoice_id.as_str(), args.customer.as_str(), args.due_date.as_str()];
    if open {
        reads.push(args.open_amount.as_str());
        reads.extend(args.currency_code.is_none().then_some(cur_name));
        reads.extend(args.disputed.as_deref());
    }
    // the customer ids' bytes are checked by the core (none to check when they are numbered
    // with a UTF-8 prefix), and each distinct currency code is looked up in the ISO table: not
    // here as well
    let text_later = [args.customer.as_str(), cur_name];
    crate::arrow::validate_leaving_text(stream, &reads, &text_later, args.threads);
    let rounding = Rounding::default();
    let mut codes = Codes::new(&rounding);
    if let (true, Some(c)) = (open, &args.currency_code) {
        codes.index(c.as_bytes(), || "currency_code".to_string())?;
    }
    let only = stream.batches.len() == 1;
    let rows: usize = stream.batches.iter().map(batch_len).sum();
    let mut inv = Invoices {
        ids: Ids::new(),
        customers: Ids::new(),
        due: if only { Cow::Borrowed(&[]) } else { Cow::Owned(Vec::with_capacity(rows)) },
        currency: Vec::new(),
        amount: Cow::Borrowed(&[]),
        disputed: (open && args.disputed.is_some()).then(|| Vec::with_capacity(rows)),
    };
    let name = |c: &str| format!("{table}.{c}");
    let mut scale = None;
    let mut offset = 0usize;
    for b in &stream.batches {
        let n = batch_len(b);
        let get = |c: &str| column(stream, b, c).map_err(|e| col_err(&name(c), e));
        let (id, cust, due) = (get(&args.invoice_id)?, get(&args.customer)?, get(&args.due_date)?);
        let amount = if open { Some(get(&args.open_amount)?) } else { None };
        let cur = if open && args.currency_code.is_none() { Some(get(cur_name)?) } else { None };
        let disputed = match (open, &args.disputed) {
            (true, Some(d)) => Some(get(d)?),
            _ => None,
        };
        let col = |c| Col::of(table, c);
        first_null(
            &[
                (Some(&id), col(&args.invoice_id)),
                (Some(&cust), col(&args.customer)),
                (Some(&due), col(&args.due_date)),
                (amount.as_ref(), col(&args.open_amount)),
                (cur.as_ref(), col(cur_name)),
                (disputed.as_ref(), col(args.disputed.as_deref().unwrap_or("disputed"))),
            ],
            offset,
        )?;
        inv.ids.push(&id, n, only, &name(&args.invoice_id))?;
        inv.customers.push(&cust, n, only, &name(&args.customer))?;
        let days = &dates(&due, &name(&args.due_date))?[..n];
        match &mut inv.due {
            Cow::Borrowed(d) => *d = days,
            Cow::Owned(v) => v.extend_from_slice(days),
        }
        if let Some(amount) = &amount {
            scale = Some(amount_scale(amount, &name(&args.open_amount), args.amount_scale)?);
            amounts(&mut inv.amount, amount, n, only);
            // (utf8 and dictionary codes numbered on every core by the core, each looked up once)
            match &cur {
                Some(c) => currencies(c, n, &mut codes, (col(cur_name), args.threads), offset, &mut inv.currency)?,
                None => inv.currency.resize(inv.currency.len() + n, 0),
            }
        }
        if let (Some(out), Some(c)) = (inv.disputed.as_mut(), &disputed) {
            let dname = name(args.disputed.as_deref().unwrap_or("disputed"));
            let Values::Bool(bits) = &c.values else {
                return Err(bad(ErrorKind::InvalidRequest, &dname, c.type_name.clone(), "disputed is a bool column"));
            };
            out.extend(bits.iter().take(n));
        }
        offset += n;
    }
    Ok((inv, codes.codes, scale.unwrap_or(2)))
}

/// The payments: the invoice id each pays, its date and amount (minor units of any one scale,
/// as the caller's decimals hold them).
struct Payments<'a> {
    ids: Ids<'a>,
    date: Cow<'a, [i32]>,
    amount: Cow<'a, [i128]>,
    /// Decimals of `amount` (the column's scale, or `payment_amount_scale`).
    scale: u32,
}

fn read_payments<'a>(stream: &'a ImportedStream, args: &WorklistArgs) -> Result<Payments<'a>, Error> {
    let names = [args.payment_invoice.as_str(), args.payment_date.as_str(), args.payment_amount.as_str()];
    crate::arrow::validate(stream, &names, args.threads);
    let rows: usize = stream.batches.iter().map(batch_len).sum();
    let only = stream.batches.len() == 1;
    let name = |c: &str| format!("payments.{c}");
    let date = if only { Cow::Borrowed(&[][..]) } else { Cow::Owned(Vec::with_capacity(rows)) };
    let mut p = Payments { ids: Ids::new(), date, amount: Cow::Borrowed(&[]), scale: 0 };
    let mut offset = 0usize;
    for b in &stream.batches {
        let n = batch_len(b);
        let get = |c: &str| column(stream, b, c).map_err(|e| col_err(&name(c), e));
        let (link, date, amount) = (get(&args.payment_invoice)?, get(&args.payment_date)?, get(&args.payment_amount)?);
        let col = |c| Col::of("payments", c);
        first_null(
            &[
                (Some(&link), col(&args.payment_invoice)),
                (Some(&date), col(&args.payment_date)),
                (Some(&amount), col(&args.payment_amount)),
            ],
            offset,
        )?;
        p.ids.push(&link, n, only, &name(&args.payment_invoice))?;
        let days = &dates(&date, &name(&args.payment_date))?[..n];
        match &mut p.date {
            Cow::Borrowed(d) => *d = days,
            Cow::Owned(v) => v.extend_from_slice(days),
        }
        p.scale = amount_scale(&amount, &name(&args.payment_amount), args.payment_amount_scale)?;
        amounts(&mut p.amount, &amount, n, only);
        offset += n;
    }
    Ok(p)
}

/// A core error's field in the caller's names (`open[3].customer` -> `invoices[3].customer_id`,
/// `open.customer` -> `invoices.customer_id`).
fn rename(e: Error, args: &WorklistArgs) -> Error {
    let f = e.field().to_string();
    let cur = args.currency.as_deref().unwrap_or("currency");
    let disputed = args.disputed.as_deref().unwrap_or("disputed");
    // the table and column, and the row when the field names one (`open[3].customer`)
    let (table, row, col) = match f.split_once('.') {
        Some((t, c)) => match t.strip_suffix(']').and_then(|t| t.split_once('[')) {
            Some((t, r)) => (t, Some(r), c),
            None => (t, None, c),
        },
        None => match f.strip_prefix("customer[").and_then(|r| r.strip_suffix(']')) {
            Some(r) => return Error::new(e.kind(), format!("{}[{r}]", args.customer), e.value(), e.reason()),
            None => return e,
        },
    };
    let to = match (table, col) {
        ("open", "invoice_id") => ("invoices", args.invoice_id.as_str()),
        ("open", "customer") => ("invoices", args.customer.as_str()),
        ("open", "due_date") => ("invoices", args.due_date.as_str()),
        ("open", "currency") => ("invoices", cur),
        ("open", "open_amount") => ("invoices", args.open_amount.as_str()),
        ("open", "disputed") => ("invoices", disputed),
        ("closed", "invoice_id") => ("closed", args.invoice_id.as_str()),
        ("closed", "customer") => ("closed", args.customer.as_str()),
        ("closed", "due_date") => ("closed", args.due_date.as_str()),
        ("payments", "invoice_id") => ("payments", args.payment_invoice.as_str()),
        ("payments", "paid_date") => ("payments", args.payment_date.as_str()),
        ("payments", "amount") => ("payments", args.payment_amount.as_str()),
        _ => return e,
    };
    let field = match row {
        Some(r) => format!("{}[{r}].{}", to.0, to.1),
        None => format!("{}.{}", to.0, to.1),
    };
    Error::new(e.kind(), field, e.value(), e.reason())
}

fn view<'s>(ids: &'s Ids<'_>, table: &str, col: &str) -> Result<arrears::columnar::Utf8Ids<'s>, Error> {
    ids.view(&format!("{table}.{col}"))
}

/// The worklist of the open invoices `inv`, the closed ones `closed` and the payments `pay`:
/// one batch of ranked rows and, with `components`, one of their score's components.
pub fn worklist_streams(
    inv: &ImportedStream,
    closed: Option<&ImportedStream>,
    pay: Option<&ImportedStream>,
    config: &WorklistConfig,
    args: &WorklistArgs,
) -> Result<Vec<ExportBatch>, Error> {
    config.validate().map_err(|e| e.within("config"))?;
    // the payments and closed invoices are read while the open invoices are
    let (open, closed, payments) = std::thread::scope(|scope| {
        let paying = pay.map(|p| scope.spawn(move || read_payments(p, args)));
        let closing = closed.map(|c| read_invoices(c, "closed", false, args));
        let open = read_invoices(inv, "invoices", true, args);
        let join = |h: std::thread::ScopedJoinHandle<'_, _>| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        (open, closing, paying.map(join))
    });
    let (open, codes, scale) = open?;
    let closed = closed.transpose()?;
    let payments = payments.transpose()?;
    let code_refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    // (the id columns' offsets are checked again by the core's view of them: for a large table
    // the payments' and closed invoices' on a second thread)
    let empty = Ids::new();
    let others = || {
        let pay = match &payments {
            Some(p) => view(&p.ids, "payments", &args.payment_invoice),
            None => view(&empty, "payments", &args.payment_invoice),
        };
        let closed = closed.as_ref().map(|(c, _, _)| -> Result<_, Error> {
            Ok((view(&c.ids, "closed", &args.invoice_id)?, view(&c.customers, "closed", &args.customer)?))
        });
        (pay, closed.transpose())
    };
    let opened = || (view(&open.ids, "invoices", &args.invoice_id), view(&open.customers, "invoices", &args.customer));
    let ((open_ids, open_customers), (pay_ids, closed_views)) = if args.threads == 1 || open.due.len() < 100_000 {
        (opened(), others())
    } else {
        std::thread::scope(|scope| {
            let others = scope.spawn(others);
            let join =
                |h: std::thread::ScopedJoinHandle<'_, _>| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            (opened(), join(others))
        })
    };
    let open_cols = InvoiceColumns {
        invoice_id: open_ids?,
        customer: open_customers?,
        due_date: &open.due,
        currency: &open.currency,
        open_amount: &open.amount,
        disputed: open.disputed.as_deref(),
    };
    let closed_cols = match (&closed, closed_views?) {
        (Some((c, _, _)), Some((invoice_id, customer))) => Some(InvoiceColumns {
            invoice_id,
            customer,
            due_date: &c.due,
            currency: &[],
            open_amount: &[],
            disputed: None,
        }),
        _ => None,
    };
    let pay_ids = pay_ids?;
    let (pay_date, pay_amount) = match &payments {
        Some(p) => (&p.date[..], &p.amount[..]),
        None => (&[][..], &[][..]),
    };
    let cols = WorklistColumns {
        open: open_cols,
        closed: closed_cols,
        payments: PaymentColumns { invoice_id: pay_ids, paid_date: pay_date, amount: pay_amount },
        currencies: &code_refs,
        scale,
    };
    let rows = worklist_columns(&cols, config, args.threads).map_err(|e| {
        // a payment amount is shown as the caller's decimal, not the core's minor units
        let e = match (&payments, e.field().starts_with("payments[") && e.field().ends_with("].amount")) {
            (Some(p), true) => match e.value().parse::<i128>() {
                Ok(v) => Error::new(e.kind(), e.field(), shown(v, p.scale), e.reason()),
                Err(_) => e,
            },
            _ => e,
        };
        rename(e, args)
    })?;
    export(&rows, args.components)
}

/// Strings as one Arrow `utf8` column.
fn utf8<'s>(values: impl Iterator<Item = &'s str>) -> Result<ExportColumn, Error> {
    let mut offsets = vec![0i32];
    let mut data = Vec::new();
    for s in values {
        data.extend_from_slice(s.as_bytes());
        let end = i32::try_from(data.len())
            .map_err(|_| bad(ErrorKind::LimitExceeded, "rows", "", "the result's strings take more than 2 GiB"))?;
        offsets.push(end);
    }
    Ok(ExportColumn::Utf8Raw { offsets, data })
}

/// Decimals as one `decimal128(38, s)` column at the largest scale among them (exact).
fn decimal(values: impl Iterator<Item = Decimal> + Clone, name: &str) -> Result<ExportColumn, Error> {
    let scale = values.clone().map(|d| d.scale()).max().unwrap_or(0);
    let mut out = Vec::new();
    for (i, d) in values.enumerate() {
        let v = 10i128
            .checked_pow(scale - d.scale())
            .and_then(|f| d.mantissa().checked_mul(f))
            .filter(|v| v.unsigned_abs() < 10u128.pow(38))
            .ok_or_else(|| {
                bad(ErrorKind::Overflow, &format!("{name}[{i}]"), d.to_string(), "does not fit decimal128(38)")
            })?;
        out.push(v);
    }
    Ok(ExportColumn::Decimal { values: out, scale })
}

fn export(rows: &[WorklistRow], components: bool) -> Result<Vec<ExportBatch>, Error> {
    let m = rows.len();
    let mut batches = vec![ExportBatch {
        columns: vec![
            ("rank".into(), ExportColumn::Int64(rows.iter().map(|r| r.rank as i64).collect())),
            ("customer".into(), utf8(rows.iter().map(|r| r.customer.as_str()))?),
            ("currency".into(), utf8(rows.iter().map(|r| r.currency.as_str()))?),
            ("overdue".into(), decimal(rows.iter().map(|r| r.overdue), "overdue")?),
            (
                "n_overdue".into(),
                ExportColumn::Int64(rows.iter().map(|r| i64::try_from(r.n_overdue).unwrap_or(i64::MAX)).collect()),
            ),
            ("max_dpd".into(), ExportColumn::Int32(rows.iter().map(|r| r.max_dpd).collect())),
            ("avg_late".into(), ExportColumn::Int64(rows.iter().map(|r| r.avg_late).collect())),
            ("disputed".into(), decimal(rows.iter().map(|r| r.disputed), "disputed")?),
            ("score".into(), decimal(rows.iter().map(|r| r.score), "score")?),
        ],
        len: m,
    }];
    if components {
        let parts: Vec<(&WorklistRow, &arrears::collections::ScoreComponent)> =
            rows.iter().flat_map(|r| r.components.iter().map(move |c| (r, c))).collect();
        batches.push(ExportBatch {
            columns: vec![
                ("rank".into(), ExportColumn::Int64(parts.iter().map(|(r, _)| r.rank as i64).collect())),
                ("customer".into(), utf8(parts.iter().map(|(r, _)| r.customer.as_str()))?),
                ("currency".into(), utf8(parts.iter().map(|(r, _)| r.currency.as_str()))?),
                ("name".into(), utf8(parts.iter().map(|(_, c)| c.name.as_str()))?),
                ("value".into(), decimal(parts.iter().map(|(_, c)| c.value), "components.value")?),
                ("basis".into(), utf8(parts.iter().map(|(_, c)| c.basis.as_str()))?),
            ],
            len: parts.len(),
        });
    }
    Ok(batches)
}
