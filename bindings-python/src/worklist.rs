//! `worklist_arrow`: the collection worklist of Arrow tables (open invoices, payments, and
//! optionally closed invoices for the history) with the core's columnar kernel
//! [`worklist_columns`]. This file only gathers the columns (ids in the Arrow `utf8` layout, day
//! numbers, amounts in minor units at the column's scale, currency indices), names the bad row in
//! the caller's column names and exports the ranked rows; every rule is the core's.

use std::borrow::Cow;

use arrears::collections::{
    worklist_columns, InvoiceColumns, PaymentColumns, WorklistColumns, WorklistConfig, WorklistRow,
};
use arrears::rust_decimal::Decimal;
use arrears::{Error, ErrorKind, Rounding};

use crate::arrow::{batch_len, column, ExportBatch, ExportColumn, ImportedStream, Values};
use crate::interest::read::{
    amount_scale, currencies, dates, decimals, first_null, narrow, over_at, raw_amount, shown, Codes, Col, Ids,
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
/// open table.
struct Invoices<'a> {
    ids: Ids<'a>,
    customers: Ids<'a>,
    due: Cow<'a, [i32]>,
    currency: Vec<u16>,
    amount: Vec<i64>,
    disputed: Option<Vec<bool>>,
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
    crate::arrow::validate(stream, &reads, args.threads);
    let rounding = Rounding::default();
    let mut codes = Codes { codes: Vec::new(), packed: Vec::new(), scales: Vec::new(), rounding: &rounding };
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
        amount: Vec::new(),
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
            let field = name(&args.open_amount);
            let s = amount_scale(amount, &field, args.amount_scale)?;
            scale = Some(s);
            let dec = decimals(amount, n);
            // a lone batch's utf8 codes and decimal amounts: read together on every core
            let lone = match (&cur, dec) {
                (Some(c), Some(v)) if inv.currency.is_empty() && inv.amount.is_empty() => match c.values {
                    Values::Utf8 { offsets, data } => {
                        let field = |i: usize| col(cur_name).row(offset + i);
                        codes_and_amounts((offsets, data), v, &mut codes, field, args.threads)
                    }
                    _ => None,
                },
                _ => None,
            };
            // else the amounts narrowed on another thread while the currencies are read
            let mut read_codes = |out: &mut Vec<u16>| match &cur {
                Some(c) => currencies(c, n, &mut codes, (col(cur_name), 1), offset, out),
                None => {
                    out.resize(out.len() + n, 0);
                    Ok(())
                }
            };
            let (read, narrowed) = match (lone, dec) {
                (Some(Ok((c, a))), _) => {
                    inv.currency = c;
                    (Ok(()), Some(a))
                }
                (Some(Err(e)), _) => (Err(e), None),
                (None, Some(v)) if n >= PARALLEL => std::thread::scope(|scope| {
                    let narrowing = scope.spawn(move || narrow(v));
                    let read = read_codes(&mut inv.currency);
                    (read, Some(narrowing.join().unwrap_or_else(|e| std::panic::resume_unwind(e))))
                }),
                (None, _) => (read_codes(&mut inv.currency), dec.map(narrow)),
            };
            read?;
            // an amount too large is shown as the caller wrote it, with its currency
            let too_big = |i: usize, v: i128, cur: &[u16]| {
                let why = over_at(&codes.codes, cur.get((cur.len() + i).wrapping_sub(n)));
                bad(ErrorKind::Overflow, &col(&args.open_amount).row(offset + i), shown(v, s), why)
            };
            match narrowed {
                Some(Ok(v)) if inv.amount.is_empty() => inv.amount = v,
                Some(Ok(v)) => inv.amount.extend_from_slice(&v),
                Some(Err(i)) => return Err(too_big(i, raw_amount(amount, i), &inv.currency)),
                None => {
                    for i in 0..n {
                        let v = raw_amount(amount, i);
                        let x = i64::try_from(v).map_err(|_| too_big(i, v, &inv.currency))?;
                        inv.amount.push(x);
                    }
                }
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

/// Rows from which a batch's amounts and currency codes are read on several threads.
const PARALLEL: usize = 100_000;

/// Threads for `rows` rows: `threads`, or (0) the cores; one below [`PARALLEL`] rows.
fn parts(threads: usize, rows: usize) -> usize {
    match threads {
        _ if rows < PARALLEL => 1,
        0 => std::thread::available_parallelism().map_or(1, |t| t.get()),
        t => t,
    }
    .clamp(1, 16)
}

/// A vector of `n` zeros on huge pages where the system gives them (untouched until written:
/// each part's pages are faulted in by the thread that writes them).
fn zeroed<T: Clone + Default + PartialEq>(n: usize) -> Vec<T> {
    let v = vec![T::default(); n];
    arrears::columnar::advise_huge(&v);
    v
}

/// Decimals as 64-bit integers at their own scale, as [`narrow`] gives them, on `threads`
/// threads into one output on huge pages; `Err(row)`: the first that does not fit.
fn narrow_on(values: &[i128], threads: usize) -> Result<Vec<i64>, usize> {
    let t = parts(threads, values.len());
    if t == 1 {
        return narrow(values);
    }
    let mut out = zeroed::<i64>(values.len());
    let per = values.len().div_ceil(t);
    let wide = std::thread::scope(|scope| {
        let parts: Vec<_> = out
            .chunks_mut(per)
            .zip(values.chunks(per))
            .enumerate()
            .map(|(k, (o, v))| scope.spawn(move || narrow_into(v, o).map(|i| k * per + i)))
            .collect();
        parts.into_iter().find_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    wide.map_or(Ok(out), Err)
}

/// `values` as 64-bit integers into `out`; the first that does not fit, if any.
fn narrow_into(values: &[i128], out: &mut [i64]) -> Option<usize> {
    let mut wide = false;
    for (o, &v) in out.iter_mut().zip(values) {
        *o = v as i64;
        wide |= v != i128::from(v as i64);
    }
    wide.then(|| values.iter().position(|&v| i64::try_from(v).is_err()).unwrap_or(0))
}

/// The codes a part of the rows uses: `(row, packed code)` of each in order of first use (its
/// index in the part's output is its place here).
type Seen = Vec<(usize, u32)>;

/// The currency index and the 64-bit amount of every row of a lone batch's utf8 currency column
/// (`offsets`, `data`) and decimal amounts, on several threads, each a contiguous part of the
/// rows into outputs on huge pages. Each part indexes its codes in order of first use; the parts'
/// codes are then indexed into `codes` in row order, so a bad code is the first in row order, as
/// [`currencies`] finds it (`field(row)` names it). `None` (read them one row at a time then)
/// below [`PARALLEL`] rows, or for codes longer than 3 bytes or many distinct codes.
#[allow(clippy::type_complexity)]
fn codes_and_amounts(
    (offsets, data): (&[i32], &[u8]),
    values: &[i128],
    codes: &mut Codes<'_>,
    field: impl Fn(usize) -> String,
    threads: usize,
) -> Option<Result<(Vec<u16>, Result<Vec<i64>, usize>), Error>> {
    let n = values.len();
    let t = parts(threads, n);
    if t == 1 || offsets.len() <= n {
        return None;
    }
    let (mut cur, mut amount) = (zeroed::<u16>(n), zeroed::<i64>(n));
    let per = n.div_ceil(t);
    let code_of = |i: usize| &data[offsets[i] as usize..offsets[i + 1] as usize];
    let results: Vec<Option<(Seen, Option<usize>)>> = std::thread::scope(|scope| {
        let parts: Vec<_> = cur
            .chunks_mut(per)
            .zip(amount.chunks_mut(per))
            .zip(values.chunks(per))
            .enumerate()
            .map(|(k, ((c, a), v))| {
                scope.spawn(move || {
                    let wide = narrow_into(v, a).map(|i| k * per + i);
                    let mut seen: Seen = Vec::new();
                    let mut packed: Vec<u32> = Vec::new();
                    for (j, out) in c.iter_mut().enumerate() {
                        let p = arrears::aging::pack_code(code_of(k * per + j));
                        // the codes seen compared without a branch (rows mix currencies at random)
                        let found = packed.iter().enumerate().fold(usize::MAX, |f, (x, &q)| if q == p { x } else { f });
                        *out = if found != usize::MAX {
                            found as u16
                        } else if p == u32::MAX || packed.len() >= 256 {
                            return None;
                        } else {
                            packed.push(p);
                            seen.push((k * per + j, p));
                            (packed.len() - 1) as u16
                        };
                    }
                    Some((seen, wide))
                })
            })
            .collect();
        parts.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    let results: Vec<(Seen, Option<usize>)> = results.into_iter().collect::<Option<_>>()?;
    let mut wide = None;
    for (k, (seen, w)) in results.iter().enumerate() {
        let mut map = Vec::with_capacity(seen.len());
        for &(row, _) in seen {
            match codes.index(code_of(row), || field(row)) {
                Ok(g) => map.push(g),
                Err(e) => return Some(Err(e)),
            }
        }
        if map.iter().enumerate().any(|(l, &g)| l != usize::from(g)) {
            let end = ((k + 1) * per).min(n);
            cur[k * per..end].iter_mut().for_each(|c| *c = map[usize::from(*c)]);
        }
        wide = wide.or(*w);
    }
    Some(Ok((cur, wide.map_or(Ok(amount), Err))))
}

/// The payments: the invoice id each pays, its date and amount (minor units of any one scale).
struct Payments<'a> {
    ids: Ids<'a>,
    date: Cow<'a, [i32]>,
    amount: Vec<i64>,
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
    let mut p = Payments { ids: Ids::new(), date, amount: Vec::with_capacity(rows), scale: 0 };
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
        let field = name(&args.payment_amount);
        p.scale = amount_scale(&amount, &field, args.payment_amount_scale)?;
        let sc = p.scale;
        let too_big = |i: usize, v: i128| {
            bad(
                ErrorKind::Overflow,
                &col(&args.payment_amount).row(offset + i),
                shown(v, sc),
                "does not fit 64-bit minor units",
            )
        };
        match decimals(&amount, n).map(|v| narrow_on(v, args.threads)) {
            Some(Ok(v)) if p.amount.is_empty() => p.amount = v,
            Some(Ok(v)) => p.amount.extend_from_slice(&v),
            Some(Err(i)) => return Err(too_big(i, raw_amount(&amount, i))),
            None => {
                for i in 0..n {
                    let v = raw_amount(&amount, i);
                    p.amount.push(i64::try_from(v).map_err(|_| too_big(i, v))?);
                }
            }
        }
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
    let open_cols = InvoiceColumns {
        invoice_id: view(&open.ids, "invoices", &args.invoice_id)?,
        customer: view(&open.customers, "invoices", &args.customer)?,
        due_date: &open.due,
        currency: &open.currency,
        open_amount: &open.amount,
        disputed: open.disputed.as_deref(),
    };
    let closed_cols = match &closed {
        Some((c, _, _)) => Some(InvoiceColumns {
            invoice_id: view(&c.ids, "closed", &args.invoice_id)?,
            customer: view(&c.customers, "closed", &args.customer)?,
            due_date: &c.due,
            currency: &[],
            open_amount: &[],
            disputed: None,
        }),
        None => None,
    };
    let empty = Ids::new();
    let (pay_ids, pay_date, pay_amount) = match &payments {
        Some(p) => (view(&p.ids, "payments", &args.payment_invoice)?, &p.date[..], &p.amount[..]),
        None => (view(&empty, "payments", &args.payment_invoice)?, &[][..], &[][..]),
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
