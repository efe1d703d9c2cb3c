//! Reading the two tables: the invoices' and payments' columns gathered from every batch
//! (borrowed where a lone batch allows), checked for nulls, with amounts in minor units of each
//! row's currency and currency codes as indices.

use std::borrow::Cow;

use arrears::aging::pack_code;
use arrears::columnar::{dict_codes, short_codes, DictCodesError, Utf8Ids};
use arrears::{Error, ErrorKind, MoneyRules, Rounding};

use super::amounts::{currencies_and_amounts, selected_currencies_and_amounts};
use super::overdue::overdue_rows;
use super::InterestArgs;
use crate::arrow::{batch_len, column, Column, ImportedStream, Values};
use crate::{bad, col_err};

/// Strings as one Arrow `utf8` layout: borrowed from a single batch, or the batches' joined.
pub(crate) struct Ids<'a> {
    offsets: Cow<'a, [i32]>,
    data: Cow<'a, [u8]>,
}

impl<'a> Ids<'a> {
    pub(crate) fn new() -> Ids<'a> {
        Ids { offsets: Cow::Owned(vec![0]), data: Cow::Owned(Vec::new()) }
    }

    /// Appends the `n` strings of `col`; a lone `utf8` column is borrowed, not copied.
    pub(crate) fn push(&mut self, col: &Column<'a>, n: usize, only: bool, name: &str) -> Result<(), Error> {
        if let (true, Values::Utf8 { offsets, data }) = (only, &col.values) {
            self.offsets = Cow::Borrowed(&offsets[..=n]);
            self.data = Cow::Borrowed(data);
            return Ok(());
        }
        let too_big = || bad(ErrorKind::LimitExceeded, name, "", "the ids take more than 2 GiB");
        let (offsets, data) = (self.offsets.to_mut(), self.data.to_mut());
        if let Values::Utf8 { offsets: o, data: d } = &col.values {
            let (a, z) = (o[0] as usize, o[n] as usize);
            let base = i64::from(*offsets.last().unwrap_or(&0)) - i64::from(o[0]);
            data.extend_from_slice(&d[a..z]);
            for &x in &o[1..=n] {
                offsets.push(i32::try_from(base + i64::from(x)).map_err(|_| too_big())?);
            }
            return Ok(());
        }
        if !col.is_string() && !matches!(col.values, Values::Dict { .. }) {
            return Err(bad(ErrorKind::InvalidRequest, name, col.type_name.clone(), "ids must be strings (utf8)"));
        }
        for i in 0..n {
            data.extend_from_slice(str_of(col, i));
            offsets.push(i32::try_from(data.len()).map_err(|_| too_big())?);
        }
        Ok(())
    }

    /// Appends the strings of rows `rows` (of this batch) of `col`.
    fn push_rows(&mut self, col: &Column<'a>, rows: &[u32], first: usize, name: &str) -> Result<(), Error> {
        if !col.is_string() && !matches!(col.values, Values::Dict { .. }) {
            return Err(bad(ErrorKind::InvalidRequest, name, col.type_name.clone(), "ids must be strings (utf8)"));
        }
        let (offsets, data) = (self.offsets.to_mut(), self.data.to_mut());
        for &r in rows {
            data.extend_from_slice(str_of(col, r as usize - first));
            offsets.push(
                i32::try_from(data.len())
                    .map_err(|_| bad(ErrorKind::LimitExceeded, name, "", "the ids take more than 2 GiB"))?,
            );
        }
        Ok(())
    }

    pub(crate) fn view(&self, name: &str) -> Result<Utf8Ids<'_>, Error> {
        let n = self.offsets.len().saturating_sub(1);
        Utf8Ids::try_new(&self.offsets, &self.data, None, n)
            .map_err(|e| bad(ErrorKind::InvalidRequest, name, "", format!("malformed ids: {e:?}")))
    }
}

/// The string at row `i` of a string or dictionary-of-strings column (empty when neither).
fn str_of<'a>(col: &Column<'a>, i: usize) -> &'a [u8] {
    match &col.values {
        Values::Dict { indices, values } => values.str_at(indices.int_at(i).unwrap_or(0) as usize),
        _ => col.str_at(i),
    }
    .unwrap_or(b"")
}

/// An amount column: decimal128 (its scale) or integer minor units (a given scale).
pub(crate) fn amount_scale(col: &Column<'_>, name: &str, given: Option<u32>) -> Result<u32, Error> {
    match &col.values {
        Values::Decimal { scale, .. } => match u32::try_from(*scale) {
            Ok(s) if s <= crate::AGING_MAX_SCALE => Ok(s),
            _ => Err(bad(
                ErrorKind::InvalidAmount,
                name,
                col.type_name.clone(),
                format!("a decimal scale must be 0..={}", crate::AGING_MAX_SCALE),
            )),
        },
        _ if col.is_integer() => given.ok_or_else(|| {
            bad(
                ErrorKind::InvalidAmount,
                name,
                col.type_name.clone(),
                "integer amounts are minor units: pass their scale",
            )
        }),
        _ => Err(bad(
            ErrorKind::InvalidAmount,
            name,
            col.type_name.clone(),
            "amounts must be decimal128 (or integer minor units with a scale); a float cannot hold money",
        )),
    }
}

#[inline]
pub(crate) fn raw_amount(col: &Column<'_>, i: usize) -> i128 {
    match &col.values {
        Values::Decimal { values, .. } => values[i],
        _ => col.int_at(i).unwrap_or(0),
    }
}

/// The first `n` values of a decimal128 column.
pub(crate) fn decimals<'a>(col: &Column<'a>, n: usize) -> Option<&'a [i128]> {
    match col.values {
        Values::Decimal { values, .. } => Some(&values[..n]),
        _ => None,
    }
}

/// Decimals as 64-bit integers at their own scale; the first that does not fit.
pub(crate) fn narrow(values: &[i128]) -> Result<Vec<i64>, usize> {
    let mut out = Vec::with_capacity(values.len());
    let mut wide = false;
    for &v in values {
        wide |= v != i128::from(v as i64);
        out.push(v as i64);
    }
    if wide {
        return Err(values.iter().position(|&v| i64::try_from(v).is_err()).unwrap_or(0));
    }
    Ok(out)
}

/// `raw` minor units at `scale` decimals as the caller wrote the amount (`-1050`, 2 -> `-10.50`):
/// what an error shows, never the minor units the binding converted it to.
pub(crate) fn shown(raw: i128, scale: u32) -> String {
    arrears::money::minor_units_text(raw, scale)
}

/// The reason of an amount too large for a batch, naming its currency.
pub(crate) fn over(code: &str) -> String {
    format!("does not fit 64-bit minor units of {code}")
}

/// [`over`] for the currency at index `k` of `codes`, when there is one.
pub(crate) fn over_at(codes: &[String], k: Option<&u16>) -> String {
    match k.and_then(|&k| codes.get(usize::from(k))) {
        Some(code) => over(code),
        None => "does not fit 64-bit minor units".to_string(),
    }
}

/// `raw` at `have` decimals as minor units at `want` decimals, exactly.
#[inline]
pub(crate) fn rescale(raw: i128, have: u32, want: u32, field: impl Fn() -> String, code: &str) -> Result<i64, Error> {
    let v = if have == want {
        Some(raw)
    } else if have > want {
        let f = 10i128.pow(have - want);
        if raw % f != 0 {
            return Err(bad(
                ErrorKind::InvalidAmount,
                &field(),
                shown(raw, have),
                format!("has more decimals than {code} allows ({want}); round it explicitly"),
            ));
        }
        Some(raw / f)
    } else {
        10i128.checked_pow(want - have).and_then(|f| raw.checked_mul(f))
    };
    v.and_then(|v| i64::try_from(v).ok())
        .ok_or_else(|| bad(ErrorKind::Overflow, &field(), shown(raw, have), over(code)))
}

pub(crate) fn dates<'a>(col: &Column<'a>, name: &str) -> Result<&'a [i32], Error> {
    match col.values {
        Values::Date32(d) => Ok(d),
        _ => Err(bad(ErrorKind::InvalidDate, name, col.type_name.clone(), "dates must be an Arrow date32 column")),
    }
}

/// A column of one of a batch call's tables as its errors name it (the house convention, see
/// `arrears::Error`): row `r` is `table[r].column`, built here, where the row is read; the whole
/// column is `table.column`, or the column alone for the tables the Python API names so (the
/// late-interest and allocation invoices, the open-balance items: `open_amount`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Col<'n> {
    pub(crate) table: &'n str,
    pub(crate) column: &'n str,
    /// The whole column is named by the column alone.
    pub(crate) bare: bool,
}

impl<'n> Col<'n> {
    /// A column whose whole-column errors name the column alone (`open_amount`).
    pub(crate) fn bare(table: &'n str, column: &'n str) -> Col<'n> {
        Col { table, column, bare: true }
    }

    /// A column whose whole-column errors name `table.column`.
    pub(crate) fn of(table: &'n str, column: &'n str) -> Col<'n> {
        Col { table, column, bare: false }
    }

    /// The whole column: `table.column`, or the column alone.
    pub(crate) fn whole(&self) -> String {
        if self.bare {
            self.column.to_string()
        } else {
            format!("{}.{}", self.table, self.column)
        }
    }

    /// Row `row` of the column: `table[row].column`.
    pub(crate) fn row(&self, row: usize) -> String {
        format!("{}[{row}].{}", self.table, self.column)
    }
}

/// The first null row among `cols` (row numbers from `offset`), as the typed error naming it
/// (`table[row].column`).
pub(crate) fn first_null(cols: &[(Option<&Column<'_>>, Col<'_>)], offset: usize) -> Result<(), Error> {
    let found = cols.iter().filter_map(|(c, col)| Some((c.as_ref()?.first_null()?, col))).min_by_key(|x| x.0);
    match found {
        Some((r, col)) => Err(bad(
            ErrorKind::InvalidRequest,
            &col.row(offset + r),
            "null",
            format!("row {} has no {}", offset + r, col.whole()),
        )),
        None => Ok(()),
    }
}

/// The invoices' columns, gathered from every batch.
pub(super) struct Invoices<'a> {
    pub(super) due: Cow<'a, [i32]>,
    /// With [`Invoices::gathered`]: the selected rows' due dates (in selection order).
    pub(super) due_gathered: Vec<i32>,
    pub(super) amount: Vec<i64>,
    /// A lone batch's decimal128 amounts, read in place by the kernel (every currency at the
    /// column's scale, no selection): `amount` is then empty.
    pub(super) wide: Option<&'a [i128]>,
    pub(super) currency: Vec<u16>,
    pub(super) codes: Vec<String>,
    pub(super) scales: Vec<u32>,
    pub(super) issue: Option<Vec<i32>>,
    pub(super) selected: Option<Vec<u32>>,
    pub(super) ids: Option<Ids<'a>>,
    /// Whether `ids` holds only the selected rows' ids (else every row's).
    pub(super) compact: bool,
    /// With a selection: whether `currency` and `amount` hold one entry per selected row (in
    /// selection order), else one per row.
    pub(super) gathered: bool,
}

/// Currency codes, their scales under the rounding, and the index of each code seen (codes of
/// up to 3 bytes found by their packed form, one integer compare per code).
pub(crate) struct Codes<'r> {
    pub(crate) codes: Vec<String>,
    pub(crate) packed: Vec<u32>,
    pub(crate) scales: Vec<u32>,
    pub(crate) rounding: &'r Rounding,
}

impl<'r> Codes<'r> {
    /// No code yet; scales under `rounding`.
    pub(crate) fn new(rounding: &'r Rounding) -> Codes<'r> {
        Codes { codes: Vec::new(), packed: Vec::new(), scales: Vec::new(), rounding }
    }

    #[inline]
    pub(crate) fn index(&mut self, s: &[u8], field: impl Fn() -> String) -> Result<u16, Error> {
        let p = pack_code(s);
        let found = if p != u32::MAX {
            self.packed.iter().position(|&x| x == p)
        } else {
            self.codes.iter().position(|c| c.as_bytes() == s)
        };
        if let Some(k) = found {
            return Ok(k as u16);
        }
        let code = String::from_utf8_lossy(s).into_owned();
        let rules =
            MoneyRules::new(&code, self.rounding).map_err(|e| Error::new(e.kind(), field(), &code, e.reason()))?;
        if self.codes.len() >= usize::from(u16::MAX) {
            return Err(bad(ErrorKind::LimitExceeded, &field(), code, "more than 65535 currencies"));
        }
        self.codes.push(code);
        self.packed.push(p);
        self.scales.push(rules.scale());
        Ok((self.codes.len() - 1) as u16)
    }
}

/// The currency index of each of the `n` rows of a batch of the column `name` (its rows from
/// `offset`); a `utf8` column of short codes or a dictionary column of int32 indices numbered
/// on `threads` threads by the core ([`short_codes`], [`dict_codes`]: 0, the cores for a large
/// column; 1, this one, when another thread has work beside it), each code looked up once, in
/// the order of its first row.
pub(crate) fn currencies(
    col: &Column<'_>,
    n: usize,
    codes: &mut Codes<'_>,
    (name, threads): (Col<'_>, usize),
    offset: usize,
    out: &mut Vec<u16>,
) -> Result<(), Error> {
    if let Values::Utf8 { offsets, data } = &col.values {
        // short codes numbered on `threads` threads by the core ([`short_codes`]), each code
        // looked up once, in the order of its first row (`None`: a long code, too many codes)
        if let Some((mut mine, first)) = short_codes(offsets, data, n, threads) {
            let mut map = Vec::with_capacity(first.len());
            for row in first {
                let code = &data[offsets[row] as usize..offsets[row + 1] as usize];
                map.push(codes.index(code, || name.row(offset + row))?);
            }
            if map.iter().enumerate().any(|(l, &g)| l != usize::from(g)) {
                mine.iter_mut().for_each(|c| *c = map[usize::from(*c)]);
            }
            append(out, mine);
            return Ok(());
        }
    }
    if let Values::Dict { indices, values } = &col.values {
        if let Values::I32(ix) = indices.values {
            if ix.len() >= n {
                let field = |i: usize| move || name.row(offset + i);
                let code = |j: usize, row: usize| codes.index(values.str_at(j).unwrap_or(b""), field(row));
                let mine = dict_codes(&ix[..n], values.len, threads, code).map_err(|e| match e {
                    DictCodesError::BadIndex { row, index } => bad(
                        ErrorKind::InvalidRequest,
                        &field(row)(),
                        index.to_string(),
                        format!("a dictionary index outside its dictionary of {} values", values.len),
                    ),
                    DictCodesError::Code(e) => e,
                })?;
                append(out, mine);
                return Ok(());
            }
        }
    }
    currencies_in(col, n, codes, name, offset, out)
}

/// `codes` after the codes in `out` (taken whole when `out` is empty: no copy of a lone batch's).
fn append(out: &mut Vec<u16>, codes: Vec<u16>) {
    if out.is_empty() {
        *out = codes;
    } else {
        out.extend_from_slice(&codes);
    }
}

/// [`currencies`] on this thread, of any column of strings (dictionary indices of any width).
fn currencies_in(
    col: &Column<'_>,
    n: usize,
    codes: &mut Codes<'_>,
    name: Col<'_>,
    offset: usize,
    out: &mut Vec<u16>,
) -> Result<(), Error> {
    let field = |i: usize| move || name.row(offset + i);
    let bad_index = || match col.first_bad_index() {
        Some((i, v, size)) => Err(bad(
            ErrorKind::InvalidRequest,
            &field(i)(),
            v.to_string(),
            format!("a dictionary index outside its dictionary of {size} values"),
        )),
        None => Ok(()),
    };
    bad_index()?;
    match &col.values {
        Values::Dict { indices, values } => {
            // each dictionary value looked up once, when a row first uses it (u16::MAX: not yet)
            let mut known: Vec<u16> = vec![u16::MAX; values.len];
            let mut look = |known: &mut Vec<u16>, i: usize, j: usize| -> Result<u16, Error> {
                let k = codes.index(values.str_at(j).unwrap_or(b""), field(i))?;
                if let Some(slot) = known.get_mut(j) {
                    *slot = k;
                }
                Ok(k)
            };
            let first = out.len();
            out.resize(first + n, 0);
            let dst = &mut out[first..];
            for (i, o) in dst.iter_mut().enumerate() {
                let j = indices.int_at(i).unwrap_or(0) as usize;
                *o = match known.get(j) {
                    Some(&k) if k != u16::MAX => k,
                    _ => look(&mut known, i, j)?,
                };
            }
        }
        Values::Utf8 { offsets, data } => {
            out.reserve(n);
            for i in 0..n {
                let s = &data[offsets[i] as usize..offsets[i + 1] as usize];
                let p = pack_code(s);
                // the codes seen so far compared without a branch (rows mix currencies at random:
                // a branch a code would be mispredicted about once a row)
                let found = codes.packed.iter().enumerate().fold(usize::MAX, |k, (j, &x)| if x == p { j } else { k });
                let k = match found {
                    k if k != usize::MAX && p != u32::MAX => k as u16,
                    _ => codes.index(s, field(i))?,
                };
                out.push(k);
            }
        }
        _ if col.is_string() => {
            let mut last: Option<(&[u8], u16)> = None;
            for i in 0..n {
                let s = col.str_at(i).unwrap_or(b"");
                let k = match last {
                    Some((t, k)) if t == s => k,
                    _ => codes.index(s, field(i))?,
                };
                last = Some((s, k));
                out.push(k);
            }
        }
        _ => {
            let e = "currency codes must be strings";
            return Err(bad(ErrorKind::InvalidRequest, &name.whole(), col.type_name.clone(), e));
        }
    }
    Ok(())
}

/// Reads every batch of the invoices; with a selection and `gather`, the selected rows' currency
/// and amount only ([`Invoices::gathered`]).
pub(super) fn read_invoices<'a>(
    stream: &'a ImportedStream,
    args: &InterestArgs,
    rounding: &Rounding,
    want_ids: bool,
    as_of: i32,
    gather: bool,
) -> Result<Invoices<'a>, Error> {
    let rows: usize = stream.batches.iter().map(batch_len).sum();
    let cur_name = args.currency.as_deref().unwrap_or("currency");
    let mut reads = vec![args.due_date.as_str(), args.amount.as_str()];
    reads.extend(args.currency_code.is_none().then_some(cur_name));
    reads.extend(args.issue_date.as_deref());
    reads.extend(args.select.as_deref());
    reads.extend(args.open_amount.as_deref().filter(|_| args.overdue));
    reads.extend(want_ids.then_some(args.invoice_id.as_str()));
    crate::arrow::validate(stream, &reads, args.threads);
    let mut codes = Codes { codes: Vec::new(), packed: Vec::new(), scales: Vec::new(), rounding };
    if let Some(c) = &args.currency_code {
        codes.index(c.as_bytes(), || "currency_code".to_string())?;
    }
    let only = stream.batches.len() == 1;
    let gathered = gather && (args.select.is_some() || args.overdue);
    let mut inv = Invoices {
        due: if only { Cow::Borrowed(&[]) } else { Cow::Owned(Vec::with_capacity(rows)) },
        due_gathered: Vec::new(),
        amount: Vec::new(),
        wide: None,
        currency: Vec::new(),
        codes: Vec::new(),
        scales: Vec::new(),
        issue: args.issue_date.as_ref().map(|_| Vec::with_capacity(rows)),
        selected: (args.select.is_some() || args.overdue).then(Vec::new),
        ids: want_ids.then(Ids::new),
        compact: false,
        gathered,
    };
    let mut offset = 0usize;
    for b in &stream.batches {
        let n = batch_len(b);
        let get = |name: &str| column(stream, b, name).map_err(|e| col_err(name, e));
        let due = get(&args.due_date)?;
        let amount = get(&args.amount)?;
        let cur = match &args.currency_code {
            Some(_) => None,
            None => Some(get(cur_name)?),
        };
        let issue = args.issue_date.as_deref().map(get).transpose()?;
        let ids = if want_ids { Some(get(&args.invoice_id)?) } else { None };
        let open = args.open_amount.as_deref().filter(|_| args.overdue).map(get).transpose()?;
        let col = |c| Col::bare("invoices", c);
        first_null(
            &[
                (ids.as_ref(), col(&args.invoice_id)),
                (Some(&due), col(&args.due_date)),
                (Some(&amount), col(&args.amount)),
                (cur.as_ref(), col(cur_name)),
                (issue.as_ref(), col(args.issue_date.as_deref().unwrap_or_default())),
                (open.as_ref(), col(args.open_amount.as_deref().unwrap_or_default())),
            ],
            offset,
        )?;
        let due_days = &dates(&due, &args.due_date)?[..n];
        match &mut inv.due {
            Cow::Borrowed(d) => *d = due_days,
            Cow::Owned(v) => v.extend_from_slice(due_days),
        }
        if let (Some(out), Some(c)) = (inv.issue.as_mut(), &issue) {
            out.extend_from_slice(&dates(c, args.issue_date.as_deref().unwrap_or_default())?[..n]);
        }
        let before = inv.selected.as_ref().map_or(0, Vec::len);
        if let Some(sel) = inv.selected.as_mut() {
            let chosen = match &args.select {
                Some(name) => {
                    let c = get(name)?;
                    let Values::Bool(bits) = &c.values else {
                        let e = "a selection is a bool column";
                        return Err(bad(ErrorKind::InvalidRequest, name, c.type_name.clone(), e));
                    };
                    Some(match &c.validity {
                        Some(valid) => bits & valid.inner(),
                        None => bits.clone(),
                    })
                }
                None => None,
            };
            match (args.overdue, chosen) {
                (false, Some(bits)) => sel.extend(bits.set_indices().map(|i| (offset + i) as u32)),
                (_, bits) => {
                    let open = open.as_ref().map(|c| (c, args.open_amount.as_deref().unwrap_or_default()));
                    overdue_rows(sel, due_days, as_of, open, bits.as_ref(), offset, args.threads)?
                }
            }
        }
        let cur_col = cur.as_ref().map(|c| (c, cur_name));
        match inv.selected.take() {
            Some(sel) => {
                let mine = &sel[before..];
                let cols = (cur_col, &amount, due_days);
                let done = selected_currencies_and_amounts(&mut inv, &mut codes, cols, n, offset, mine, args);
                inv.selected = Some(sel);
                done?
            }
            None => currencies_and_amounts(&mut inv, &mut codes, (cur_col, &amount), (n, only), offset, args)?,
        }
        if let (Some(out), Some(c)) = (inv.ids.as_mut(), &ids) {
            match &inv.selected {
                // only the selected rows' ids are looked up: only they are gathered (a lone
                // utf8 column is read in place)
                Some(sel) if !(only && matches!(c.values, Values::Utf8 { .. })) => {
                    inv.compact = true;
                    let from = sel.partition_point(|&r| (r as usize) < offset);
                    out.push_rows(c, &sel[from..], offset, &args.invoice_id)?
                }
                _ => out.push(c, n, only, &args.invoice_id)?,
            }
        }
        offset += n;
    }
    if offset > u32::MAX as usize - 1 {
        return Err(bad(
            ErrorKind::LimitExceeded,
            "invoices",
            offset.to_string(),
            "at most 4294967294 invoices a call",
        ));
    }
    inv.codes = codes.codes;
    inv.scales = codes.scales;
    Ok(inv)
}

/// The payments' columns: the invoice each is on (ids, or rows), dates, amounts as given.
pub(super) struct Payments<'a> {
    pub(super) ids: Option<Ids<'a>>,
    pub(super) rows: Vec<u32>,
    pub(super) date: Cow<'a, [i32]>,
    /// The amount column of each batch, read where they are converted.
    pub(super) amounts: Vec<Column<'a>>,
    pub(super) scale: u32,
}

pub(super) fn read_payments<'a>(stream: &'a ImportedStream, args: &InterestArgs) -> Result<Payments<'a>, Error> {
    let rows: usize = stream.batches.iter().map(batch_len).sum();
    let names = [args.payment_invoice.as_str(), args.payment_date.as_str(), args.payment_amount.as_str()];
    crate::arrow::validate(stream, &names, args.threads);
    let name = |c: &str| format!("payments.{c}");
    let only = stream.batches.len() == 1;
    let date = if only { Cow::Borrowed(&[][..]) } else { Cow::Owned(Vec::with_capacity(rows)) };
    let mut p = Payments { ids: None, rows: Vec::new(), date, amounts: Vec::new(), scale: 0 };
    let mut offset = 0usize;
    for b in &stream.batches {
        let n = batch_len(b);
        let get = |c: &str| column(stream, b, c).map_err(|e| col_err(&name(c), e));
        let (link, date, amount) = (get(&args.payment_invoice)?, get(&args.payment_date)?, get(&args.payment_amount)?);
        let link_col = Col::of("payments", &args.payment_invoice);
        first_null(
            &[
                (Some(&link), link_col),
                (Some(&date), Col::of("payments", &args.payment_date)),
                (Some(&amount), Col::of("payments", &args.payment_amount)),
            ],
            offset,
        )?;
        let days = &dates(&date, &name(&args.payment_date))?[..n];
        match &mut p.date {
            Cow::Borrowed(d) => *d = days,
            Cow::Owned(v) => v.extend_from_slice(days),
        }
        p.scale = amount_scale(&amount, &name(&args.payment_amount), args.payment_amount_scale)?;
        p.amounts.push(amount);
        if link.is_integer() {
            for i in 0..n {
                let v = link.int_at(i).unwrap_or(-1);
                p.rows.push(u32::try_from(v).ok().filter(|&r| r != u32::MAX).ok_or_else(|| {
                    bad(
                        ErrorKind::InvalidRequest,
                        &link_col.row(offset + i),
                        v.to_string(),
                        "an invoice row number is 0 or more",
                    )
                })?);
            }
        } else {
            p.ids.get_or_insert_with(Ids::new).push(&link, n, only, &name(&args.payment_invoice))?;
        }
        offset += n;
    }
    if p.ids.is_some() && !p.rows.is_empty() {
        let field = name(&args.payment_invoice);
        return Err(bad(ErrorKind::InvalidRequest, &field, "", "invoice ids in some batches, row numbers in others"));
    }
    Ok(p)
}
