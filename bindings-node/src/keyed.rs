//! `agingColumns` with string customer ids: a JS `string[]` or Arrow-style utf8 (`Int32Array`
//! offsets + `Uint8Array` bytes, and an optional validity bitmap), grouped by the core's
//! `arrears::aging::age_keyed`.
//!
//! Conversion and error mapping only: the ids are read (and their offsets and UTF-8 checked)
//! here, the currency indices become packed codes, and the kernel does the rest (a null id,
//! from either form, is the source's `first_invalid`, which the kernel reports). The result's
//! customer column gives the id strings back, one per row.

use std::ptr;

use arrears::aging::{
    age_columns, age_keyed, pack_code, pack_key, pack_key_at, unpack_key, AgeBasis, AgingColumns, AgingSpec,
    AgingTable, KeyedAging, KeyedSource,
};
use arrears::{Error, ErrorKind};
use napi::bindgen_prelude::{FromNapiValue, Result, Status, ToNapiValue};
use napi::sys;

use crate::AgingInput;

/// Ids longer than this many bytes cannot be grouped as strings (`pack_key`).
const MAX_ID: usize = 15;

/// The reason given for an id longer than [`MAX_ID`] bytes.
fn long_id_reason(bytes: usize) -> String {
    format!(
        "string customer ids may have at most {MAX_ID} bytes (UTF-8), this one has {bytes}: encode the ids as \
         integer keys instead (a Uint32Array customer column, e.g. each id's index in a sorted list of the distinct ids)"
    )
}

/// A JS `string[]` of customer ids, read on the JS thread into packed keys (no string per id is
/// kept). Reading stops at the first id longer than [`MAX_ID`] bytes: that is an error anyway.
pub struct IdList {
    /// The array's length.
    len: usize,
    /// The ids packed by `pack_key`, up to the first long one (0 for a null row).
    keys: Vec<u128>,
    /// The first row that is `null` or `undefined` (or a hole).
    first_null: Option<usize>,
    /// The first row whose id is longer than [`MAX_ID`] bytes, the id and its length in bytes.
    first_long: Option<(usize, String, usize)>,
}

impl FromNapiValue for IdList {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let mut is_array = false;
        check(unsafe { sys::napi_is_array(env, value, &mut is_array) })?;
        if !is_array {
            return Err(napi::Error::new(Status::ArrayExpected, "customer ids must be an array of strings"));
        }
        let mut len = 0u32;
        check(unsafe { sys::napi_get_array_length(env, value, &mut len) })?;
        let mut list =
            IdList { len: len as usize, keys: Vec::with_capacity(len as usize), first_null: None, first_long: None };
        for i in 0..len {
            let mut item = ptr::null_mut();
            check(unsafe { sys::napi_get_element(env, value, i, &mut item) })?;
            // One call per id: with room for 20 bytes, a copy of at most 15 bytes is the whole
            // string (V8 writes whole characters, so a cut-off copy has at least 17 bytes).
            let mut buf = [0u8; 21];
            let mut copied = 0usize;
            let status =
                unsafe { sys::napi_get_value_string_utf8(env, item, buf.as_mut_ptr().cast(), buf.len(), &mut copied) };
            match status {
                sys::Status::napi_ok if copied <= MAX_ID => {
                    list.keys.push(pack_key(&buf[..copied]).unwrap_or(0));
                }
                sys::Status::napi_ok => {
                    let id = unsafe { String::from_napi_value(env, item)? };
                    let bytes = id.len();
                    list.first_long = Some((i as usize, id, bytes));
                    break;
                }
                sys::Status::napi_string_expected => {
                    let mut t = 0;
                    check(unsafe { sys::napi_typeof(env, item, &mut t) })?;
                    if t != sys::ValueType::napi_null && t != sys::ValueType::napi_undefined {
                        // index.js checks the elements first; this is the backstop
                        return Err(napi::Error::new(
                            Status::StringExpected,
                            format!("customer[{i}] must be a string"),
                        ));
                    }
                    list.first_null.get_or_insert(i as usize);
                    list.keys.push(0);
                }
                other => check(other)?,
            }
        }
        Ok(list)
    }
}

fn check(status: sys::napi_status) -> Result<()> {
    match status {
        sys::Status::napi_ok => Ok(()),
        s => Err(napi::Error::new(Status::from(s), "reading the customer ids")),
    }
}

/// Where the ids come from.
enum Ids<'a> {
    /// A `string[]`, packed.
    Keys(&'a [u128]),
    /// Arrow-style utf8, checked by [`check_utf8`]: row `i` is `data[offsets[i]..offsets[i + 1]]`
    /// (never read with a null row: the kernel stops at `first_invalid` before reading a row).
    Utf8 { offsets: &'a [i32], data: &'a [u8] },
}

/// The rows as the kernel reads them: the JS columns in place.
struct Rows<'a> {
    ids: Ids<'a>,
    first_null: Option<usize>,
    currency: &'a [u16],
    /// Each code of the currency list packed by `pack_code`.
    codes: &'a [u32],
    currencies: &'a [String],
    date: &'a [i32],
    amount: &'a [i64],
    disputed: Option<&'a [u8]>,
}

impl KeyedSource for Rows<'_> {
    fn len(&self) -> usize {
        self.amount.len()
    }
    #[inline]
    fn customer(&self, i: usize) -> Option<u128> {
        match &self.ids {
            Ids::Keys(k) => k.get(i).copied(),
            Ids::Utf8 { offsets, data } => {
                let (a, z) = (offsets[i] as usize, offsets[i + 1] as usize);
                pack_key_at(data, a, z.saturating_sub(a))
            }
        }
    }
    #[inline]
    fn currency(&self, i: usize) -> u32 {
        self.codes.get(usize::from(self.currency[i])).copied().unwrap_or(u32::MAX)
    }
    fn currency_text(&self, i: usize) -> String {
        let c = usize::from(self.currency[i]);
        self.currencies.get(c).cloned().unwrap_or_else(|| c.to_string())
    }
    #[inline]
    fn date(&self, i: usize) -> i32 {
        self.date[i]
    }
    #[inline]
    fn amount(&self, i: usize) -> i128 {
        i128::from(self.amount[i])
    }
    #[inline]
    fn disputed(&self, i: usize) -> bool {
        self.disputed.is_some_and(|d| d[i] != 0)
    }
    fn has_disputed(&self) -> bool {
        self.disputed.is_some()
    }
    fn first_invalid(&self) -> Option<(usize, &'static str)> {
        self.first_null.map(|i| (i, "customer"))
    }
}

fn invalid(field: impl Into<String>, value: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidRequest, field.into(), value.into(), reason.into())
}

/// Whether row `i` has a value in an Arrow validity bitmap (bit `i` of byte `i >> 3`, least
/// significant bit first, 1 = valid); every row has one when there is no bitmap.
#[inline]
fn is_valid(validity: Option<&[u8]>, i: usize) -> bool {
    validity.is_none_or(|bits| bits[i >> 3] >> (i & 7) & 1 == 1)
}

/// Checks an Arrow validity bitmap for `n` rows (at least one bit a row; bits past row `n - 1`
/// are not read) and returns its first null row, if any.
fn check_validity(bits: &[u8], n: usize) -> arrears::Result<Option<usize>> {
    let need = n.div_ceil(8);
    if bits.len() < need {
        let hint = if bits.is_empty() {
            " (apache-arrow gives an empty nullBitmap when a column has no nulls: leave customerValidity out then)"
        } else {
            ""
        };
        return Err(invalid(
            "customer_validity",
            bits.len().to_string(),
            format!(
                "customerValidity needs a bit a row: amount has {n} rows, so at least {need} byte{}, got {}{hint}",
                if need == 1 { "" } else { "s" },
                bits.len()
            ),
        ));
    }
    // the first byte with a 0 bit among its rows, then that bit
    Ok(bits[..need].iter().enumerate().find_map(|(k, &b)| {
        let rows = (n - 8 * k).min(8);
        let nulls = !b & (0xffu16 >> (8 - rows)) as u8;
        (nulls != 0).then(|| 8 * k + nulls.trailing_zeros() as usize)
    }))
}

/// Checks Arrow-style utf8 ids for `n` rows: `n + 1` offsets from 0 up, never decreasing,
/// within `data`, on character boundaries, and the bytes between them valid UTF-8. The ids of
/// null rows (`validity`) are not read: only their offsets are checked. Returns the first
/// (valid) row whose id is longer than [`MAX_ID`] bytes, if any.
fn check_utf8(offsets: &[i32], data: &[u8], validity: Option<&[u8]>, n: usize) -> arrears::Result<Option<usize>> {
    if n == 0 && offsets.len() <= 1 {
        // an empty column: Arrow writers give [0], some give no offsets at all
        return Ok(None);
    }
    if offsets.len() != n + 1 {
        return Err(invalid(
            "customer_offsets",
            offsets.len().to_string(),
            format!(
                "customerOffsets needs one entry more than there are rows: amount has {n} rows, so {} offsets, got {}",
                n + 1,
                offsets.len()
            ),
        ));
    }
    let mut long = None;
    let mut prev = 0i32;
    for (i, &o) in offsets.iter().enumerate() {
        if o < 0 || (i > 0 && o < prev) {
            let reason = if o < 0 {
                "an offset into customerData cannot be negative".to_string()
            } else {
                format!("offsets must not decrease: customer_offsets[{}] is {prev}", i - 1)
            };
            return Err(invalid(format!("customer_offsets[{i}]"), o.to_string(), reason));
        }
        if o as usize > data.len() {
            return Err(invalid(
                format!("customer_offsets[{i}]"),
                o.to_string(),
                format!("beyond the end of customerData ({} bytes)", data.len()),
            ));
        }
        if i > 0 && long.is_none() && (o - prev) as usize > MAX_ID && is_valid(validity, i - 1) {
            long = Some(i - 1);
        }
        prev = o;
    }
    // The bytes of each run of valid rows (all rows when none is null), `r0 .. r1`.
    let mut r0 = 0;
    while r0 < n {
        if !is_valid(validity, r0) {
            r0 += 1;
            continue;
        }
        let r1 = (r0..n).find(|&r| !is_valid(validity, r)).unwrap_or(n);
        let (first, last) = (offsets[r0] as usize, offsets[r1] as usize);
        if let Err(e) = std::str::from_utf8(&data[first..last]) {
            let at = first + e.valid_up_to();
            // the row whose bytes hold it: the last offset at or before it
            let row = offsets.partition_point(|&o| o as usize <= at).saturating_sub(1).min(n - 1);
            return Err(invalid(
                format!("customer_data[{at}]"),
                format!("0x{:02x}", data[at]),
                format!("not valid UTF-8 (in the id of row {row}, customer[{row}])"),
            ));
        }
        // Valid as a whole; each id is valid when no offset cuts a character.
        let inner = &offsets[r0..=r1];
        if let Some(k) = inner.iter().position(|&o| (o as usize) < last && (data[o as usize] as i8) < -0x40) {
            let i = r0 + k;
            return Err(invalid(
                format!("customer_offsets[{i}]"),
                offsets[i].to_string(),
                "splits a UTF-8 character of customerData in two",
            ));
        }
        r0 = r1;
    }
    Ok(long)
}

/// The error for the first id longer than [`MAX_ID`] bytes.
fn long_id_error(row: usize, id: &str) -> Error {
    invalid(format!("customer[{row}]"), id, long_id_reason(id.len()))
}

/// The columns' lengths against `amount`'s, as the core's `age_columns` checks them.
fn check_len(name: &str, len: usize, n: usize) -> arrears::Result<()> {
    if len == n {
        return Ok(());
    }
    Err(invalid(name, len.to_string(), format!("columns of different lengths: {name} has {len} rows, amount has {n}")))
}

/// A string-keyed aging: the kernel's result, the caller's currency list, and that list's
/// index of each code of the kernel's table.
pub struct IdAging {
    pub keyed: KeyedAging,
    pub currencies: Vec<String>,
    pub currency_index: Vec<u16>,
}

/// Ages `input`, whose customers are ids (`customer_ids`, or `customer_offsets` +
/// `customer_data` with an optional `customer_validity`), with `age_keyed`. Errors name fields
/// as `age_columns` does; a null id, in either form, is the kernel's `customer[i]` error.
pub fn age_ids(input: &AgingInput, spec: &AgingSpec, threads: usize) -> arrears::Result<IdAging> {
    let n = input.amount.len();
    let (ids, first_null, long) = match (&input.customer_ids, &input.customer_offsets, &input.customer_data) {
        (Some(list), _, _) => {
            check_len("customer", list.len, n)?;
            let long = list.first_long.as_ref().map(|(row, id, _)| long_id_error(*row, id));
            (Ids::Keys(&list.keys), list.first_null, long)
        }
        (None, Some(offsets), Some(data)) => {
            let validity = input.customer_validity.as_deref();
            let first_null = validity.map(|bits| check_validity(bits, n)).transpose()?.flatten();
            // with no null, the bitmap need not be read again
            let validity = validity.filter(|_| first_null.is_some());
            let long = check_utf8(offsets, data, validity, n)?.map(|row| {
                let (a, z) = (offsets[row] as usize, offsets[row + 1] as usize);
                long_id_error(row, &String::from_utf8_lossy(&data[a..z]))
            });
            (Ids::Utf8 { offsets, data }, first_null, long)
        }
        _ => return Err(invalid("customer", "null", "the customer column is missing")),
    };
    check_len("currency", input.currency.len(), n)?;
    check_len("due_date", input.due_date.len(), n)?;
    if let Some(d) = &input.issue_date {
        check_len("issue_date", d.len(), n)?;
    }
    if let Some(d) = &input.disputed {
        check_len("disputed", d.len(), n)?;
    }
    // The currency list, the scale and the issue dates checked exactly as the integer path
    // checks them: by the core, on no rows.
    let currencies: Vec<&str> = input.currencies.iter().map(String::as_str).collect();
    let issue: Option<&[i32]> = input.issue_date.as_ref().map(|_| &[][..]);
    let none = AgingColumns {
        customer: &[],
        currency: &[],
        currencies: &currencies,
        due_date: &[],
        issue_date: issue,
        amount: &[],
        scale: input.scale,
        disputed: None,
    };
    age_columns(spec, &none, 1)?;
    if let Some(e) = long {
        return Err(e);
    }
    let (date, date_field): (&[i32], &str) = match (spec.basis, &input.issue_date) {
        (AgeBasis::IssueDate, Some(d)) => (d, "issue_date"),
        _ => (&input.due_date, "due_date"),
    };
    let codes: Vec<u32> = input.currencies.iter().map(|c| pack_code(c.as_bytes())).collect();
    let rows = Rows {
        ids,
        first_null,
        currency: &input.currency,
        codes: &codes,
        currencies: &input.currencies,
        date,
        amount: &input.amount,
        disputed: input.disputed.as_deref(),
    };
    let keyed = match age_keyed(spec, std::slice::from_ref(&rows), input.scale, threads) {
        Ok(Some(k)) => k,
        // every id was checked to have at most 15 bytes; kept for safety
        Ok(None) => return Err(invalid("customer", "", long_id_reason(MAX_ID + 1))),
        Err(e) => return Err(rename(e, date_field, &rows)),
    };
    // The table's codes are those met, sorted; the result indexes the caller's list instead.
    let currency_index = keyed
        .table
        .currencies()
        .iter()
        .map(|c| input.currencies.iter().position(|x| x == c).unwrap_or(0) as u16)
        .collect();
    Ok(IdAging { keyed, currencies: input.currencies.clone(), currency_index })
}

/// The kernel's errors as `age_columns` gives them: `date[i]` is `due_date[i]` or
/// `issue_date[i]`; a currency index outside the list (which the kernel sees as an unknown code,
/// the list itself being checked) is `invalid_request`; an overflow names the currency when the
/// list has just one.
fn rename(e: Error, date_field: &str, rows: &Rows<'_>) -> Error {
    let field = e.field();
    if e.kind() == ErrorKind::Overflow && e.value().is_empty() && rows.currencies.len() == 1 {
        return Error::new(e.kind(), field, rows.currencies[0].as_str(), e.reason());
    }
    if let Some(rest) = field.strip_prefix("date[") {
        return Error::new(e.kind(), format!("{date_field}[{rest}"), e.value(), e.reason());
    }
    if e.kind() == ErrorKind::UnknownCurrency {
        let row =
            field.strip_prefix("currency[").and_then(|r| r.strip_suffix(']')).and_then(|r| r.parse::<usize>().ok());
        if let Some(i) = row.filter(|&i| i < rows.currency.len()) {
            let c = rows.currency[i];
            if usize::from(c) >= rows.codes.len() {
                return invalid(field, c.to_string(), "currency index outside the currency list");
            }
        }
    }
    e
}

/// The result's customer column for string ids: the id of each row, as a JS `string[]` (one
/// string made per customer, shared by its rows).
pub struct IdColumn {
    /// The distinct ids, packed and sorted (`KeyedAging::customers`).
    pub customers: Vec<u128>,
    /// Each row's index into `customers`.
    pub rows: Vec<u32>,
}

impl IdColumn {
    pub fn new(keyed: &KeyedAging, table: &AgingTable) -> IdColumn {
        IdColumn { customers: keyed.customers.clone(), rows: table.rows().map(|r| r.customer as u32).collect() }
    }
}

impl ToNapiValue for IdColumn {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        let mut array = ptr::null_mut();
        check(unsafe { sys::napi_create_array_with_length(env, val.rows.len(), &mut array) })?;
        let mut last: Option<(u32, sys::napi_value)> = None;
        for (r, &k) in val.rows.iter().enumerate() {
            let s = match last {
                Some((lk, s)) if lk == k => s,
                _ => {
                    let bytes = unpack_key(val.customers.get(k as usize).copied().unwrap_or(0));
                    let mut s = ptr::null_mut();
                    check(unsafe {
                        sys::napi_create_string_utf8(env, bytes.as_ptr().cast(), bytes.len() as isize, &mut s)
                    })?;
                    last = Some((k, s));
                    s
                }
            };
            check(unsafe { sys::napi_set_element(env, array, r as u32, s) })?;
        }
        Ok(array)
    }
}
