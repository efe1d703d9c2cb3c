//! `agingColumns` with string customer ids: a JS `string[]` or Arrow-style utf8 (`Int32Array`
//! offsets + `Uint8Array` bytes, and an optional validity bitmap), grouped by the core's
//! `arrears::aging::age_keyed`.
//!
//! Conversion and error mapping only: the ids are read (and their offsets and UTF-8 checked)
//! here and handed to the core's columnar entry (`arrears::aging::age_batches`) as column views,
//! which chooses the kernel (a null id, from either form, is reported by the kernel). The
//! result's customer column gives the id strings back, one per row.

use std::ptr;

use arrears::aging::{
    age_batches, age_columns, pack_key, unpack_key, AgeBasis, AgingBatch, AgingColumns, AgingFields, AgingSpec,
    AgingTable, BatchOptions, Currencies,
};
use arrears::columnar::{BadId, Bits, Column, Utf8Ids, Utf8IdsError, Values};
use arrears::{Error, ErrorKind};
use napi::bindgen_prelude::{FromNapiValue, Result, Status, ToNapiValue};
use napi::sys;

use crate::aging::AgingInput;

/// Ids of up to this many bytes are read as packed keys (`pack_key`); a longer one switches the
/// list to whole ids (the core interns those).
const MAX_PACKED: usize = 15;

/// A JS `string[]` of customer ids, read on the JS thread: packed keys while every id has at
/// most 15 bytes (no string per id is kept), all ids as an Arrow-style utf8 column from the
/// first longer one on.
pub struct IdList {
    /// The array's length.
    len: usize,
    /// The ids packed by `pack_key` (0 for a null row), while no id is longer than 15 bytes.
    keys: Vec<u128>,
    /// Every id so far as utf8 offsets and bytes (a null row is empty), once one was long.
    utf8: Option<(Vec<i32>, Vec<u8>)>,
    /// The first row that is `null` or `undefined` (or a hole).
    first_null: Option<usize>,
}

impl IdList {
    /// Appends `id` to the utf8 form, switching to it (from the packed keys read so far) first.
    fn push_whole(&mut self, id: &[u8]) -> Result<()> {
        let keys = &self.keys;
        let (offsets, data) = self.utf8.get_or_insert_with(|| {
            let mut data = Vec::new();
            let mut offsets = vec![0i32];
            for &k in keys {
                data.extend_from_slice(&unpack_key(k));
                offsets.push(data.len() as i32);
            }
            (offsets, data)
        });
        data.extend_from_slice(id);
        let end = i32::try_from(data.len()).map_err(|_| {
            napi::Error::new(Status::InvalidArg, "the customer ids take more than 2^31 - 1 bytes in UTF-8")
        })?;
        offsets.push(end);
        self.keys = Vec::new();
        Ok(())
    }
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
            IdList { len: len as usize, keys: Vec::with_capacity(len as usize), utf8: None, first_null: None };
        for i in 0..len {
            let mut item = ptr::null_mut();
            check(unsafe { sys::napi_get_element(env, value, i, &mut item) })?;
            // One call per short id: with room for 20 bytes, a copy of at most 15 bytes is the
            // whole string (V8 writes whole characters, so a cut-off copy has at least 17 bytes).
            let mut buf = [0u8; 21];
            let mut copied = 0usize;
            let status =
                unsafe { sys::napi_get_value_string_utf8(env, item, buf.as_mut_ptr().cast(), buf.len(), &mut copied) };
            match status {
                sys::Status::napi_ok if copied <= MAX_PACKED && list.utf8.is_none() => {
                    list.keys.push(pack_key(&buf[..copied]).unwrap_or(0));
                }
                sys::Status::napi_ok if copied <= MAX_PACKED => list.push_whole(&buf[..copied])?,
                sys::Status::napi_ok => {
                    let id = unsafe { String::from_napi_value(env, item)? };
                    list.push_whole(id.as_bytes())?;
                }
                sys::Status::napi_string_expected => {
                    let mut t = 0;
                    check(unsafe { sys::napi_typeof(env, item, &mut t) })?;
                    if t != sys::ValueType::napi_null && t != sys::ValueType::napi_undefined {
                        // lib/aging.js checks the elements first; this is the backstop
                        return Err(napi::Error::new(
                            Status::StringExpected,
                            format!("customer[{i}] must be a string"),
                        ));
                    }
                    list.first_null.get_or_insert(i as usize);
                    if list.utf8.is_some() {
                        list.push_whole(b"")?;
                    } else {
                        list.keys.push(0);
                    }
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

fn invalid(field: impl Into<String>, value: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidRequest, field.into(), value.into(), reason.into())
}

/// The core's layout errors of `customerOffsets` / `customerData` / `customerValidity`, named
/// in this binding's terms.
fn layout_error(e: Utf8IdsError, n: usize) -> Error {
    match e {
        Utf8IdsError::ShortValidity { got, need } => {
            let hint = if got == 0 {
                " (apache-arrow gives an empty nullBitmap when a column has no nulls: leave customerValidity out then)"
            } else {
                ""
            };
            invalid(
                "customer_validity",
                got.to_string(),
                format!(
                    "customerValidity needs a bit a row: amount has {n} rows, so at least {need} byte{}, got {got}{hint}",
                    if need == 1 { "" } else { "s" }
                ),
            )
        }
        Utf8IdsError::OffsetCount { got, want } => invalid(
            "customer_offsets",
            got.to_string(),
            format!(
                "customerOffsets needs one entry more than there are rows: amount has {n} rows, so {want} offsets, got {got}"
            ),
        ),
        Utf8IdsError::NegativeOffset { index, offset } => invalid(
            format!("customer_offsets[{index}]"),
            offset.to_string(),
            "an offset into customerData cannot be negative",
        ),
        Utf8IdsError::DecreasingOffset { index, offset, previous } => invalid(
            format!("customer_offsets[{index}]"),
            offset.to_string(),
            format!("offsets must not decrease: customer_offsets[{}] is {previous}", index - 1),
        ),
        Utf8IdsError::PastData { index, offset, data_len } => invalid(
            format!("customer_offsets[{index}]"),
            offset.to_string(),
            format!("beyond the end of customerData ({data_len} bytes)"),
        ),
    }
}

/// The first unusable id of a checked column, named in this binding's terms.
fn bad_id_error(bad: BadId, ids: &Utf8Ids<'_>) -> Error {
    match bad {
        BadId::InvalidUtf8 { row, at } => invalid(
            format!("customer_data[{at}]"),
            format!("0x{:02x}", ids.data()[at]),
            format!("not valid UTF-8 (in the id of row {row}, items[{row}].customer)"),
        ),
        BadId::SplitCharacter { index } => invalid(
            format!("customer_offsets[{index}]"),
            ids.offsets()[index].to_string(),
            "splits a UTF-8 character of customerData in two",
        ),
        // no length limit is asked for
        BadId::TooLong { row, len } => invalid(format!("items[{row}].customer"), len.to_string(), "an id too long"),
    }
}

/// The columns' lengths against `amount`'s, as the core's `age_columns` checks them.
fn check_len(name: &str, len: usize, n: usize) -> arrears::Result<()> {
    if len == n {
        return Ok(());
    }
    Err(invalid(name, len.to_string(), format!("columns of different lengths: {name} has {len} rows, amount has {n}")))
}

/// A string-keyed aging: the table, its ids (sorted by their bytes: customer key `k` is `customers[k]`),
/// the caller's currency list, and that list's index of each code of the table.
pub struct IdAging {
    pub table: AgingTable,
    pub customers: Vec<Vec<u8>>,
    pub currencies: Vec<String>,
    pub currency_index: Vec<u16>,
}

/// The columns' lengths against `amount`'s (`customer` apart), as the core's `age_columns`
/// checks them.
pub fn check_lengths(input: &AgingInput, n: usize) -> arrears::Result<()> {
    check_len("currency", input.currency.len(), n)?;
    check_len("due_date", input.due_date.len(), n)?;
    if let Some(d) = &input.issue_date {
        check_len("issue_date", d.len(), n)?;
    }
    if let Some(d) = &input.disputed {
        check_len("disputed", d.len(), n)?;
    }
    Ok(())
}

/// Ages `input` with the core's columnar entry, its customer column given: the other columns
/// viewed as they are (currency indices into `currencies`, day numbers, minor units, disputed
/// bytes). Errors name the fields as `age_columns` does.
pub fn age_input(
    input: &AgingInput,
    spec: &AgingSpec,
    customer: Column<'_>,
    threads: usize,
) -> arrears::Result<arrears::aging::BatchAging> {
    let n = input.amount.len();
    let (date, date_field): (&[i32], &str) = match (spec.basis, &input.issue_date) {
        (AgeBasis::IssueDate, Some(d)) => (d, "issue_date"),
        _ => (&input.due_date, "due_date"),
    };
    let currencies: Vec<&str> = input.currencies.iter().map(String::as_str).collect();
    let batch = AgingBatch {
        len: n,
        customer,
        currency: Some(Column::new(n, Values::U16(&input.currency), "Uint16Array")),
        date,
        date_null: None,
        amount: Column::new(n, Values::I64(&input.amount), "BigInt64Array"),
        disputed: input.disputed.as_deref().map(|d| Column::new(n, Values::U8(d), "Uint8Array")),
    };
    let fields = AgingFields { date: date_field, ..AgingFields::default() };
    let options = BatchOptions { currencies: Currencies::List(&currencies), scale: input.scale, threads, fields };
    age_batches(spec, vec![batch], &options)
}

/// Ages `input`, whose customers are ids (`customer_ids`, or `customer_offsets` +
/// `customer_data` with an optional `customer_validity`). Errors name fields as `age_columns`
/// does; a null id, in either form, is the kernel's `items[i].customer` error.
pub fn age_ids(input: &AgingInput, spec: &AgingSpec, threads: usize) -> arrears::Result<IdAging> {
    let n = input.amount.len();
    let customer = match (&input.customer_ids, &input.customer_offsets, &input.customer_data) {
        (Some(list), _, _) => {
            check_len("customer", list.len, n)?;
            let mut c = match &list.utf8 {
                Some((offsets, data)) => Column::new(n, Values::Utf8 { offsets, data }, "string[]"),
                None => Column::new(n, Values::Packed(&list.keys), "string[]"),
            };
            // the first null is the one the kernel reports
            c.validity = list.first_null.map(|f| Bits::from_bools((0..n).map(|i| i != f)));
            c
        }
        (None, Some(offsets), Some(data)) => {
            let validity = input.customer_validity.as_deref();
            let ids = Utf8Ids::try_new(offsets, data, validity, n).map_err(|e| layout_error(e, n))?;
            if let Some(bad) = ids.first_bad(None) {
                return Err(bad_id_error(bad, &ids));
            }
            let mut c = Column::new(n, Values::Utf8 { offsets: ids.offsets(), data: ids.data() }, "utf8");
            c.validity = validity.and_then(|v| Bits::new(v, 0, n));
            c
        }
        _ => return Err(invalid("customer", "null", "the customer column is missing")),
    };
    check_lengths(input, n)?;
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
    let aged = age_input(input, spec, customer, threads)?;
    let Some(customers) = aged.customers.into_bytes() else {
        // string columns give string ids, never integers
        return Err(invalid(
            "customer",
            "",
            "internal error in arrears: string ids aged as integers (please report it)",
        ));
    };
    // The table's codes are those met, sorted; the result indexes the caller's list instead.
    let currency_index = aged
        .table
        .currencies()
        .iter()
        .map(|c| input.currencies.iter().position(|x| x == c).unwrap_or(0) as u16)
        .collect();
    Ok(IdAging { table: aged.table, customers, currencies: input.currencies.clone(), currency_index })
}

/// The result's customer column for string ids: the id of each row, as a JS `string[]` (one
/// string made per customer, shared by its rows).
pub struct IdColumn {
    /// The distinct ids, sorted by their bytes.
    pub customers: Vec<Vec<u8>>,
    /// Each row's index into `customers`.
    pub rows: Vec<u32>,
}

impl IdColumn {
    pub fn new(aged: &IdAging) -> IdColumn {
        IdColumn { customers: aged.customers.clone(), rows: aged.table.rows().map(|r| r.customer as u32).collect() }
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
                    let bytes = val.customers.get(k as usize).map_or(&[][..], Vec::as_slice);
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
