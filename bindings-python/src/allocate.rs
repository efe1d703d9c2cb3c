//! `allocate_arrow`: a ledger of open items and a statement of receipts, two Arrow tables,
//! allocated by the core's batch kernel ([`allocate_columns`], after [`check_receipts`] unless
//! the caller leaves unmatched receipts unapplied). This file only gathers the columns (customer
//! ids as dense codes shared by both tables, currency indices, day numbers, amounts in minor
//! units of each row's currency: a decimal column of one chunk at its currencies' scale as it
//! is, read in place by the kernel, which checks that each fits 64 bits; item ids) and names
//! the bad row in the caller's words; every rule is the core's.

use std::borrow::Cow;
use std::collections::HashMap;

use arrears::columnar::{id_order, nonzero_rows, MinorUnits, Numbering};
use arrears::payments::{allocate_columns, check_receipts, AllocatedColumns, OpenItemRows, ReceiptRows};
use arrears::{Error, ErrorKind, Rounding};

use crate::arrow::{batch_len, column, decimal64, Column, ExportBatch, ExportColumn, ImportedStream, Values};
use crate::interest::read::{
    amount_scale, currencies, dates, decimals, first_null, narrow, over_at, raw_amount, rescale, shown, Codes, Col, Ids,
};
use crate::{bad, col_err, AGING_MAX_SCALE};

/// Column names and options of an `allocate_arrow` call.
pub struct AllocateArgs {
    pub customer: String,
    pub currency: String,
    /// One currency for every row of both tables (no currency columns read).
    pub currency_code: Option<String>,
    pub due_date: String,
    pub item_id: String,
    pub open_amount: String,
    pub amount_scale: Option<u32>,
    pub receipt_customer: String,
    pub receipt_currency: String,
    pub receipt_date: String,
    pub receipt_amount: String,
    pub receipt_amount_scale: Option<u32>,
    /// Refuse a receipt whose customer has no item in its currency ([`check_receipts`]);
    /// otherwise such a receipt is left unapplied.
    pub check: bool,
    /// Results as decimal64(18, s) (moved as they are, at most 18 digits each) instead of
    /// decimal128(38, s).
    pub decimal64: bool,
    /// Only the items that receive money, with their row numbers (`row`, `applied`).
    pub applied_only: bool,
    /// The items' result in item-id order ([`id_order`]), with their row numbers.
    pub order_by_id: bool,
    /// Row numbers as uint32 (as they are kept: every row number of a call fits) instead of int64.
    pub row_u32: bool,
    pub threads: usize,
}

/// The column names of one table, and the table its errors name: row `r` of a column
/// `items[r].open_amount`, `receipts[r].amount`; the whole column `open_amount` (`bare`: the
/// items') or `receipts.amount`.
pub(crate) struct Names<'n> {
    pub(crate) table: &'static str,
    pub(crate) bare: bool,
    pub(crate) customer: &'n str,
    pub(crate) currency: &'n str,
    /// None: no date read (open balances).
    pub(crate) date: Option<&'n str>,
    pub(crate) amount: &'n str,
    pub(crate) scale: Option<u32>,
    pub(crate) id: Option<&'n str>,
    /// Decimals kept where they are ([`Table::wide`]) when the table is one batch and every
    /// currency has the column's scale, instead of narrowed to 64 bits (open balances: the
    /// core reads them in place).
    pub(crate) in_place: bool,
}

impl<'n> Names<'n> {
    /// Its column `column` as errors name it.
    pub(crate) fn col<'c>(&self, column: &'c str) -> Col<'c> {
        Col { table: self.table, column, bare: self.bare }
    }
}

/// One table's columns, gathered from every batch.
pub(crate) struct Table<'a> {
    pub(crate) customers: Vec<Column<'a>>,
    pub(crate) currency: Vec<u16>,
    date: Cow<'a, [i32]>,
    pub(crate) amount: Vec<i64>,
    /// With [`Names::in_place`]: the decimal column's values as they are (`amount` then empty).
    pub(crate) wide: Option<&'a [i128]>,
    ids: Option<Ids<'a>>,
}

/// The currency index and minor units of each of the `n` rows of a batch: decimals at the
/// currencies' own scale are narrowed as they are (or, `in_place`, kept where they are);
/// anything else is rescaled row by row, exactly. The currencies are read on `threads` threads
/// when no decimals are narrowed beside them.
#[allow(clippy::too_many_arguments)]
fn money<'a>(
    t: &mut Table<'a>,
    codes: &mut Codes<'_>,
    cur: Option<&Column<'_>>,
    amount: &Column<'a>,
    n: usize,
    offset: usize,
    names: &Names<'_>,
    in_place: bool,
    threads: usize,
) -> Result<(), Error> {
    let (cur_col, amount_col) = (names.col(names.currency), names.col(names.amount));
    let have = amount_scale(amount, &amount_col.whole(), names.scale)?;
    let first = t.currency.len();
    // decimals narrowed on a second thread (from 100k rows) while the currencies are read; kept
    // when every currency has the column's scale (the usual case), else rescaled row by row
    let decimal = decimals(amount, n);
    let (read, narrowed) = std::thread::scope(|scope| {
        let narrowing = decimal.filter(|v| !in_place && v.len() >= 100_000).map(|v| scope.spawn(move || narrow(v)));
        let threads = if narrowing.is_some() { 1 } else { threads };
        let read = match cur {
            Some(c) => currencies(c, n, codes, (cur_col, threads), offset, &mut t.currency),
            None => {
                t.currency.resize(first + n, 0);
                Ok(())
            }
        };
        let narrowed = narrowing.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        (read, narrowed)
    });
    read?;
    let idx = &t.currency[first..];
    if let (Some(v), true) = (decimal, codes.scales.iter().all(|&s| s == have)) {
        if in_place {
            t.wide = Some(v);
            return Ok(());
        }
        match narrowed.unwrap_or_else(|| narrow(v)) {
            Ok(v) if t.amount.is_empty() => t.amount = v,
            Ok(v) => t.amount.extend_from_slice(&v),
            Err(i) => {
                let field = amount_col.row(offset + i);
                return Err(bad(ErrorKind::Overflow, &field, shown(v[i], have), over_at(&codes.codes, idx.get(i))));
            }
        }
        return Ok(());
    }
    t.amount.reserve(n);
    for (i, &k) in idx.iter().enumerate() {
        let k = usize::from(k);
        let field = || amount_col.row(offset + i);
        t.amount.push(rescale(raw_amount(amount, i), have, codes.scales[k], field, &codes.codes[k])?);
    }
    Ok(())
}

/// Reads every batch of one table.
pub(crate) fn read_table<'a>(
    stream: &'a ImportedStream,
    names: &Names<'_>,
    codes: &mut Codes<'_>,
    one_currency: bool,
    threads: usize,
) -> Result<Table<'a>, Error> {
    let rows: usize = stream.batches.iter().map(batch_len).sum();
    let mut reads = vec![names.customer, names.amount];
    reads.extend(names.date);
    reads.extend((!one_currency).then_some(names.currency));
    reads.extend(names.id);
    crate::arrow::validate(stream, &reads, threads);
    let only = stream.batches.len() == 1;
    let currency = Vec::with_capacity(rows);
    let mut t = Table {
        customers: Vec::with_capacity(stream.batches.len()),
        currency,
        date: if only { Cow::Borrowed(&[]) } else { Cow::Owned(Vec::with_capacity(rows)) },
        amount: Vec::new(),
        wide: None,
        ids: names.id.map(|_| Ids::new()),
    };
    let field = |c: &str| names.col(c).whole();
    let mut offset = 0usize;
    for b in &stream.batches {
        let n = batch_len(b);
        let get = |c: &str| column(stream, b, c).map_err(|e| col_err(&field(c), e));
        let customer = get(names.customer)?;
        let cur = if one_currency { None } else { Some(get(names.currency)?) };
        let date = names.date.map(get).transpose()?;
        let amount = get(names.amount)?;
        let ids = names.id.map(get).transpose()?;
        first_null(
            &[
                (ids.as_ref(), names.col(names.id.unwrap_or_default())),
                (Some(&customer), names.col(names.customer)),
                (cur.as_ref(), names.col(names.currency)),
                (date.as_ref(), names.col(names.date.unwrap_or_default())),
                (Some(&amount), names.col(names.amount)),
            ],
            offset,
        )?;
        if let (Some(date), Some(name)) = (&date, names.date) {
            let days = &dates(date, &field(name))?[..n];
            match &mut t.date {
                Cow::Borrowed(d) => *d = days,
                Cow::Owned(v) => v.extend_from_slice(days),
            }
        }
        money(&mut t, codes, cur.as_ref(), &amount, n, offset, names, names.in_place && only, threads)?;
        if let (Some(out), Some(c), Some(name)) = (t.ids.as_mut(), &ids, names.id) {
            out.push(c, n, only, &field(name))?;
        }
        t.customers.push(customer);
        offset += n;
    }
    if offset > u32::MAX as usize - 1 {
        let what = names.table;
        return Err(bad(
            ErrorKind::LimitExceeded,
            what,
            offset.to_string(),
            format!("at most 4294967294 {what} a call"),
        ));
    }
    Ok(t)
}

/// Each customer id's text, by dense code (for error values).
pub(crate) enum CustomerNames {
    Strings(Vec<Vec<u8>>),
    Ints(Vec<i128>),
    /// Numbered ids: a code is the number less the least ([`arrears::columnar::numbered_keys`]).
    Numbered(arrears::columnar::NumberedKeys),
    /// Numbered ids by code: the items' dictionary's, then receipts' ids it lacks
    /// ([`dictionary_codes`]).
    Listed(Numbering, Vec<u64>),
}

impl CustomerNames {
    pub(crate) fn get(&self, code: usize) -> String {
        match self {
            CustomerNames::Strings(v) => {
                v.get(code).map(|s| String::from_utf8_lossy(s).into_owned()).unwrap_or_default()
            }
            CustomerNames::Ints(v) => v.get(code).map(i128::to_string).unwrap_or_default(),
            CustomerNames::Numbered(k) => String::from_utf8_lossy(&k.id(code as u32)).into_owned(),
            CustomerNames::Listed(numbering, numbers) => {
                let mut id = Vec::new();
                if let Some(&n) = numbers.get(code) {
                    numbering.write_id(n, &mut id);
                }
                String::from_utf8_lossy(&id).into_owned()
            }
        }
    }
}

/// The items' customer codes (the caller's dictionary indices where they serve as they are),
/// the receipts', and the ids by code.
pub(crate) type CustomerCodes<'a> = (Cow<'a, [u32]>, Vec<u32>, CustomerNames);

/// The customer columns' names (errors name them) and the threads, for [`customer_codes`].
pub(crate) struct CodeArgs<'n> {
    pub(crate) customer: &'n str,
    pub(crate) receipt_customer: &'n str,
    pub(crate) threads: usize,
}

/// Dense customer codes for both tables, one code per distinct id: string ids (plain or
/// dictionary-encoded: each dictionary interned once) or integer ids.
pub(crate) fn customer_codes<'a>(
    items: &[Column<'a>],
    receipts: &[Column<'_>],
    args: &CodeArgs<'_>,
) -> Result<CustomerCodes<'a>, Error> {
    let all: Vec<(&Column<'_>, bool)> =
        items.iter().map(|c| (c, false)).chain(receipts.iter().map(|c| (c, true))).collect();
    let stringy = |c: &Column<'_>| match &c.values {
        Values::Dict { values, .. } => values.is_string(),
        _ => c.is_string(),
    };
    let integer = |c: &Column<'_>| c.is_integer();
    let col = |receipt: bool| {
        if receipt {
            Col::of("receipts", args.receipt_customer)
        } else {
            Col::bare("items", args.customer)
        }
    };
    if all.iter().all(|(c, _)| integer(c)) {
        let mut map: HashMap<i128, u32> = HashMap::new();
        let mut names = Vec::new();
        let mut code = |v: i128| {
            *map.entry(v).or_insert_with(|| {
                names.push(v);
                (names.len() - 1) as u32
            })
        };
        let mut out = [Vec::new(), Vec::new()];
        for (c, receipt) in &all {
            out[usize::from(*receipt)].extend((0..c.len).map(|i| code(c.int_at(i).unwrap_or(0))));
        }
        let [a, b] = out;
        return Ok((Cow::Owned(a), b, CustomerNames::Ints(names)));
    }
    if let Some((c, receipt)) = all.iter().find(|(c, _)| !stringy(c)) {
        return Err(bad(
            ErrorKind::InvalidRequest,
            &col(*receipt).whole(),
            c.type_name.clone(),
            "customer ids must be strings (plain or dictionary-encoded) in both tables, or integers in both",
        ));
    }
    // a malformed dictionary (an index past its values) is an error naming the row
    let mut offsets = [0usize, 0usize];
    for (c, receipt) in &all {
        if let Some((i, v, size)) = c.first_bad_index() {
            let row = offsets[usize::from(*receipt)] + i;
            return Err(bad(
                ErrorKind::InvalidRequest,
                &col(*receipt).row(row),
                v.to_string(),
                format!("a dictionary index outside its dictionary of {size} values"),
            ));
        }
        offsets[usize::from(*receipt)] += c.len;
    }
    if let Some(codes) = dictionary_codes(items, receipts) {
        return Ok(codes);
    }
    // numbered ids (CUST-0001540) are their numbers less the least: nothing hashed or sorted
    let views: Vec<_> = all.iter().map(|(c, _)| c.core()).collect();
    let refs: Vec<_> = views.iter().collect();
    if let Some(mut k) = arrears::columnar::numbered_keys(&refs, args.threads) {
        let mut out = [Vec::new(), Vec::new()];
        for ((_, receipt), keys) in all.iter().zip(std::mem::take(&mut k.keys)) {
            if out[usize::from(*receipt)].is_empty() {
                out[usize::from(*receipt)] = keys;
            } else {
                out[usize::from(*receipt)].extend(keys);
            }
        }
        let [a, b] = out;
        return Ok((Cow::Owned(a), b, CustomerNames::Numbered(k)));
    }
    // else each dictionary's values interned once (chunks sharing a dictionary share it), plain
    // string columns row by row: the core's dense keys, in the ids' order
    let (keys, names) = arrears::columnar::dense_string_keys(&refs, args.threads);
    let mut out = [Vec::new(), Vec::new()];
    for ((_, receipt), k) in all.iter().zip(keys) {
        out[usize::from(*receipt)].extend(k);
    }
    let [a, b] = out;
    Ok((Cow::Owned(a), b, CustomerNames::Strings(names)))
}

/// The items in one batch whose customer column is one dictionary (int32 indices) of numbered
/// ids, each once (Parquet's `read_dictionary`, a categorical), and receipts of plain strings
/// that follow the same numbering: the items' codes are their dictionary indices as they are
/// (the dictionary's order, often the ids' first appearance, which keeps a customer's rows
/// near each other for the kernel), and each receipt's id is found by its number in a table
/// (an id no item has gets a code after the dictionary's). `None` otherwise: the callers' other
/// paths (the dictionary's indices are checked before).
fn dictionary_codes<'a>(items: &[Column<'a>], receipts: &[Column<'_>]) -> Option<CustomerCodes<'a>> {
    let [item] = items else { return None };
    let Values::Dict { indices, values } = &item.values else { return None };
    let Values::I32(ix) = indices.values else { return None };
    if item.validity.is_some() || values.validity.is_some() || ix.len() < item.len || values.len >= u32::MAX as usize {
        return None;
    }
    let numbering = Numbering::of(values.str_at(0)?)?;
    let mut numbers: Vec<u64> =
        (0..values.len).map(|j| numbering.number(values.str_at(j)?)).collect::<Option<Vec<u64>>>()?;
    let mut paid: Vec<u64> = Vec::with_capacity(receipts.iter().map(|c| c.len).sum());
    for c in receipts {
        if c.validity.is_some() || !c.is_string() {
            return None;
        }
        for i in 0..c.len {
            paid.push(numbering.number(c.str_at(i)?)?);
        }
    }
    let (min, max) = numbers.iter().chain(&paid).fold((u64::MAX, 0), |(a, b), &x| (a.min(x), b.max(x)));
    let span = usize::try_from(max.checked_sub(min)?).ok()?;
    if span > 2 * (numbers.len() + paid.len()) + 1024 {
        return None;
    }
    let mut code_of = vec![u32::MAX; span + 1];
    for (j, &x) in numbers.iter().enumerate() {
        let slot = &mut code_of[(x - min) as usize];
        if *slot != u32::MAX {
            return None; // a value twice in the dictionary: two codes for one customer
        }
        *slot = j as u32;
    }
    let mut receipt_codes = Vec::with_capacity(paid.len());
    for x in paid {
        let slot = &mut code_of[(x - min) as usize];
        if *slot == u32::MAX {
            *slot = u32::try_from(numbers.len()).ok()?;
            numbers.push(x);
        }
        receipt_codes.push(*slot);
    }
    // the indices as they are (checked before: each at least 0 and within the dictionary)
    Some((Cow::Borrowed(as_codes(&ix[..item.len])), receipt_codes, CustomerNames::Listed(numbering, numbers)))
}

/// Dictionary indices (each at least 0) as the kernel's customer codes, in place: 40 MB less
/// to copy (and for the system to zero) at 10M items.
#[allow(unsafe_code)]
fn as_codes(ix: &[i32]) -> &[u32] {
    // SAFETY: i32 and u32 have the same size, alignment and bit validity (every bit pattern is a
    // valid u32), so the same memory read as u32 for the same lifetime is sound; the indices
    // are non-negative (the callers checked them), so each reads as the same number.
    unsafe { std::slice::from_raw_parts(ix.as_ptr().cast::<u32>(), ix.len()) }
}

/// A core error in the caller's column names and values.
fn rename(e: Error, args: &AllocateArgs, codes: &Codes<'_>, names: &CustomerNames, tables: [&Table<'_>; 2]) -> Error {
    let [items, receipts] = tables;
    let f = e.field().to_string();
    let row = |r: &str| r.parse::<usize>().ok();
    let cur = |c: &String| if args.currency_code.is_some() { "currency_code".to_string() } else { c.clone() };
    if let Some(q) = f.strip_prefix("receipts[").and_then(|r| r.strip_suffix("].customer")).and_then(row) {
        let value = e.value().parse::<usize>().map(|c| names.get(c)).unwrap_or_default();
        return Error::new(e.kind(), format!("receipts[{q}].{}", args.receipt_customer), value, e.reason());
    }
    if let Some(q) = f.strip_prefix("receipts[").and_then(|r| r.strip_suffix("].currency")).and_then(row) {
        let value = e.value().parse::<usize>().ok().and_then(|k| codes.codes.get(k)).cloned().unwrap_or_default();
        return Error::new(e.kind(), format!("receipts[{q}].{}", cur(&args.receipt_currency)), value, e.reason());
    }
    if let Some(i) = f.strip_prefix("items[").and_then(|r| r.strip_suffix("].id")).and_then(row) {
        let reason = e.reason().replacen("].id", &format!("].{}", args.item_id), 1);
        return Error::new(e.kind(), format!("items[{i}].{}", args.item_id), e.value(), reason);
    }
    if let Some(i) = f.strip_prefix("items[").and_then(|r| r.strip_suffix("].open")).and_then(row) {
        // the kernel's minor units (the decimals as they are) as written, with the currency
        let k = items.currency.get(i);
        let scale = k.and_then(|&k| codes.scales.get(usize::from(k))).copied().unwrap_or(0);
        let value = e.value().parse::<i128>().map_or_else(|_| e.value().to_string(), |v| shown(v, scale));
        return Error::new(e.kind(), format!("items[{i}].{}", args.open_amount), value, over_at(&codes.codes, k));
    }
    if let Some(q) = f.strip_prefix("receipts[").and_then(|r| r.strip_suffix("].amount")).and_then(row) {
        let scale = receipts.currency.get(q).and_then(|&k| codes.scales.get(usize::from(k))).copied().unwrap_or(0);
        let value = receipts.amount.get(q).map(|&v| arrears::rust_decimal::Decimal::new(v, scale).to_string());
        let value = value.unwrap_or_else(|| e.value().to_string());
        return Error::new(e.kind(), format!("receipts[{q}].{}", args.receipt_amount), value, e.reason());
    }
    e
}

/// Allocates the receipts of `rec` to the open items of `inv`: one batch per item (`applied`)
/// and one per receipt (`unapplied`), both in row order.
pub fn allocate_streams(
    inv: &ImportedStream,
    rec: &ImportedStream,
    args: &AllocateArgs,
) -> Result<[ExportBatch; 2], Error> {
    let rounding = Rounding::default();
    let mut codes = Codes::new(&rounding);
    if let Some(c) = &args.currency_code {
        codes.index(c.as_bytes(), || "currency_code".to_string())?;
    }
    let one = args.currency_code.is_some();
    let item_names = Names {
        table: "items",
        bare: true,
        customer: &args.customer,
        currency: &args.currency,
        date: Some(&args.due_date),
        amount: &args.open_amount,
        scale: args.amount_scale,
        id: Some(&args.item_id),
        in_place: true,
    };
    let receipt_names = Names {
        table: "receipts",
        bare: false,
        customer: &args.receipt_customer,
        currency: &args.receipt_currency,
        date: Some(&args.receipt_date),
        amount: &args.receipt_amount,
        scale: args.receipt_amount_scale,
        id: None,
        in_place: false,
    };
    let items = read_table(inv, &item_names, &mut codes, one, args.threads)?;
    let receipts = read_table(rec, &receipt_names, &mut codes, one, args.threads)?;
    let code_args =
        CodeArgs { customer: &args.customer, receipt_customer: &args.receipt_customer, threads: args.threads };
    let (item_customer, receipt_customer, names) = customer_codes(&items.customers, &receipts.customers, &code_args)?;
    let ids = match &items.ids {
        Some(i) => i.view(&args.item_id)?,
        None => return Err(bad(ErrorKind::InvalidRequest, &args.item_id, "", "the items need their ids")),
    };
    let receipt_rows = ReceiptRows {
        customer: &receipt_customer,
        currency: &receipts.currency,
        date: &receipts.date,
        amount: &receipts.amount,
    };
    // the decimals as they are (the kernel checks each fits 64 bits), else the minor units
    let (customer, currency, due) = (&item_customer[..], &items.currency[..], &items.date[..]);
    let out = match items.wide {
        Some(open) => allocate_rows(&OpenItemRows { customer, currency, due, id: ids, open }, &receipt_rows, args),
        None => {
            let open = &items.amount[..];
            allocate_rows(&OpenItemRows { customer, currency, due, id: ids, open }, &receipt_rows, args)
        }
    };
    let out = out.map_err(|e| rename(e, args, &codes, &names, [&items, &receipts]))?;
    let top = codes.scales.iter().copied().max().unwrap_or(2).min(AGING_MAX_SCALE);
    // the items' result: every row, or only the rows that receive money, with their numbers
    // the items' currencies are read again only when the currencies' scales differ
    let one_scale = codes.scales.iter().all(|&s| s == top);
    let (mut rows, mut applied, mut item_cur) = if args.applied_only {
        let cur: &[u16] = if one_scale { &[] } else { &items.currency };
        // (the kernel never applies less than nothing: the rows not 0 are those above it)
        let picked = nonzero_rows(out.applied, cur, args.threads)?;
        (Some(picked.rows), picked.values, Cow::Owned(picked.tags))
    } else {
        (None, out.applied, Cow::Borrowed(&items.currency[..]))
    };
    // in item-id order: the core's order of the rows (none when they are in it already, as in a
    // ledger kept by id), the row numbers going with them
    if args.order_by_id {
        let picked = rows.as_deref();
        let row_at = |k: u32| picked.map_or(k, |p| p[k as usize]);
        match id_order(&ids, picked, args.threads) {
            Some(order) => {
                let by_id: Vec<u32> = order.iter().map(|&k| row_at(k)).collect();
                rows = Some(by_id);
                applied = order.iter().map(|&k| applied[k as usize]).collect();
                if !item_cur.is_empty() {
                    item_cur = Cow::Owned(order.iter().map(|&k| item_cur[k as usize]).collect());
                }
            }
            None if rows.is_none() => rows = Some((0..applied.len() as u32).collect()),
            None => {}
        }
    }
    let money_column = |name: &str, v: Vec<i64>, cur: &[u16], rows: Option<&[u32]>, by_row: &[u16]| {
        if args.decimal64 {
            // the row's currency: from `cur`, or by its row when `cur` was left out
            let row = |i: usize| rows.and_then(|r| r.get(i)).map_or(i, |&r| r as usize);
            let k = |i: usize| usize::from(cur.get(i).or_else(|| by_row.get(row(i))).copied().unwrap_or(0));
            decimal64(name, v, k, row, (&codes.codes, &codes.scales), top)
        } else {
            let up: Vec<i128> = codes.scales.iter().map(|&s| 10i128.pow(top.saturating_sub(s))).collect();
            Ok(ExportColumn::Decimal { values: widen(&v, cur, &up, args.threads), scale: top })
        }
    };
    let n = applied.len();
    let applied = money_column("applied", applied, &item_cur, rows.as_deref(), &items.currency)?;
    let unapplied = money_column("unapplied", out.unapplied, &receipts.currency, None, &receipts.currency)?;
    let mut item_cols = Vec::with_capacity(2);
    if let Some(rows) = rows {
        let rows = if args.row_u32 {
            ExportColumn::UInt32(rows)
        } else {
            ExportColumn::Int64(rows.into_iter().map(i64::from).collect())
        };
        item_cols.push(("row".to_string(), rows));
    }
    item_cols.push(("applied".to_string(), applied));
    let m = receipts.currency.len();
    Ok([
        ExportBatch { columns: item_cols, len: n },
        ExportBatch { columns: vec![("unapplied".into(), unapplied)], len: m },
    ])
}

/// [`check_receipts`] when asked, then [`allocate_columns`], on items with amounts of any width.
fn allocate_rows<T: MinorUnits>(
    items: &OpenItemRows<'_, T>,
    receipts: &ReceiptRows<'_>,
    args: &AllocateArgs,
) -> Result<AllocatedColumns, Error> {
    if args.check {
        check_receipts(items, receipts)?;
    }
    allocate_columns(items, receipts, args.threads)
}

/// Minor units at each row's currency's scale, as decimal128 values at the top scale (each
/// row times `up[currency]`), written on `threads` threads into zeroed memory that the system
/// hands out lazily (no pass before the parallel one).
pub(crate) fn widen(v: &[i64], cur: &[u16], up: &[i128], threads: usize) -> Vec<i128> {
    let mut out = vec![0i128; v.len()];
    let same = up.iter().all(|&f| f == 1);
    let fill = |o: &mut [i128], start: usize| {
        for (k, x) in o.iter_mut().enumerate() {
            let i = start + k;
            *x = if same { i128::from(v[i]) } else { i128::from(v[i]) * up[usize::from(cur[i])] };
        }
    };
    let threads = match threads {
        _ if v.len() < 100_000 => 1,
        0 => std::thread::available_parallelism().map_or(1, |t| t.get()),
        t => t,
    }
    .clamp(1, 16);
    let per = v.len().div_ceil(threads).max(1);
    if threads == 1 {
        fill(&mut out, 0);
        return out;
    }
    std::thread::scope(|s| {
        for (t, o) in out.chunks_mut(per).enumerate() {
            let fill = &fill;
            s.spawn(move || fill(o, t * per));
        }
    });
    out
}
