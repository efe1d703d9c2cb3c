//! The native half of the Node package `arrears`.
//!
//! Thin by design: conversion and error mapping only, no business logic.
//! - `callJson(op, requestJson)` runs `arrears::call_json` and returns the canonical response
//!   JSON; every typed wire function of `index.js` goes through it.
//! - `agingColumns` and `scheduleBatch` read typed arrays (no JSON, no copy: the slices point
//!   into the JS buffers) and call the core's columnar `age_columns` / `schedule_columns`; the
//!   results come back as typed arrays that own the core's vectors. With string customer ids (a
//!   `string[]`, or Arrow-style utf8 offsets + bytes) `agingColumns` calls `age_keyed` instead
//!   (see `keyed.rs`) and gives the ids back as strings.
//!
//! On an `arrears::Error` a function throws a JS `Error` whose `code` is the stable code
//! (`"invalid_terms"`, ...) and whose `message` is the error's JSON form
//! (`{code, field, value, reason, message}`), which `index.js` turns into an `ArrearsError`. A
//! panic never aborts the process: it is thrown as code `"internal"`.

use std::panic::{catch_unwind, AssertUnwindSafe};

mod keyed;

use arrears::aging::{age_columns, AgingColumns, AgingTable};
use arrears::batch::{schedule_columns, InvoiceColumns, ScheduleColumns};
use arrears::notation::NotationOptions;
use arrears::rust_decimal::Decimal;
use arrears::wire::AgingRequest;
use arrears::{Calendar, PaymentTerms, Rounding, RoundingMode, ScheduleOptions};
use keyed::{IdAging, IdColumn, IdList};
use napi::bindgen_prelude::{
    AsyncTask, BigInt, BigInt64Array, Either, Error, Int32Array, Result, Status, Uint16Array, Uint32Array, Uint8Array,
};
use napi::{Env, Task};
use napi_derive::napi;
use serde::Deserialize;

/// The error JSON thrown for a panic (a bug in arrears: it promises never to panic).
const INTERNAL: &str = r#"{"code":"internal","field":"","message":"internal error in arrears (please report it)","reason":"internal error in arrears (please report it)","value":""}"#;

/// The JS error for an arrears error: `code` is the stable code, the message the error JSON.
fn js_error(e: &arrears::Error) -> Error<String> {
    Error::new(e.kind().code().to_string(), arrears::to_json(e))
}

/// Runs `f`, turning an `arrears::Error` into a JS error with the stable code, and a panic into
/// code `"internal"`.
fn guarded<T>(f: impl FnOnce() -> arrears::Result<T>) -> Result<T, String> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(js_error(&e)),
        Err(_) => Err(Error::new("internal".to_string(), INTERNAL)),
    }
}

/// Runs one wire operation (`schedule`, `due_date`, `parse_terms`, `aging`, `dso`, ...: every
/// operation of `arrears::wire::OPERATIONS` and `REPORT_OPERATIONS`) on a JSON request and
/// returns the canonical JSON response (compact, sorted keys).
///
/// Throws an `Error` whose `code` is the stable arrears code and whose `message` is the error
/// JSON `{"code","field","value","reason","message"}`.
#[napi(js_name = "callJson", catch_unwind)]
pub fn call_json(op: String, request: String) -> Result<String, String> {
    guarded(|| arrears::call_json(&op, &request))
}

/// The library version (Cargo's version of the arrears crate).
#[napi(catch_unwind)]
pub fn version() -> String {
    arrears::VERSION.to_string()
}

/// Test hook, not part of the API (`index.js` does not export it): panics inside the same guard
/// as `callJson`, so the tests can check that a panic is thrown as code `"internal"` and the
/// process survives.
#[napi(js_name = "__panicForTests", catch_unwind)]
pub fn panic_for_tests() -> Result<String, String> {
    guarded(|| panic!("deliberate panic (test hook)"))
}

// ---------------------------------------------------------------------------------------------
// Columnar aging

/// The open items as columns (`index.js` checks the array types and builds the spec JSON). The
/// customers are exactly one of: `customer` (integer keys), `customer_ids` (a JS `string[]`), or
/// `customer_offsets` + `customer_data` (Arrow-style utf8: row `i` is the bytes
/// `customer_offsets[i] .. customer_offsets[i + 1]` of `customer_data`), with an optional
/// `customer_validity` (Arrow validity bitmap: bit `i` of byte `i >> 3`, 0 = row `i` is null).
#[napi(object, object_to_js = false)]
pub struct AgingInput {
    pub customer: Option<Uint32Array>,
    #[napi(ts_type = "Array<string | null | undefined>")]
    pub customer_ids: Option<IdList>,
    pub customer_offsets: Option<Int32Array>,
    pub customer_data: Option<Uint8Array>,
    pub customer_validity: Option<Uint8Array>,
    pub currency: Uint16Array,
    pub currencies: Vec<String>,
    pub due_date: Int32Array,
    pub issue_date: Option<Int32Array>,
    pub amount: BigInt64Array,
    pub scale: u32,
    pub disputed: Option<Uint8Array>,
}

/// Portfolio totals of one currency (same columns as a row).
#[napi(object, object_from_js = false)]
pub struct AgingTotalOutput {
    pub currency: String,
    pub buckets: Vec<BigInt>,
    pub total: BigInt,
    pub disputed: BigInt,
    pub items: BigInt,
}

/// The aging table as columns: row `r` is (`customer[r]`, `currencies[currency[r]]`), its
/// amount in column `c` is `buckets[c][r]` (minor units at `scale`). `customer` holds keys
/// (`Uint32Array`) for integer input, the id strings (`string[]`) for string input.
#[napi(object, object_from_js = false)]
pub struct AgingOutput {
    #[napi(ts_type = "Uint32Array | string[]")]
    pub customer: Either<Uint32Array, IdColumn>,
    pub currency: Uint16Array,
    pub currencies: Vec<String>,
    pub columns: Vec<String>,
    pub buckets: Vec<BigInt64Array>,
    pub total: BigInt64Array,
    pub disputed: BigInt64Array,
    pub items: BigInt64Array,
    pub scale: u32,
    pub totals: Vec<AgingTotalOutput>,
}

/// An aging by integer keys, or by string ids.
pub enum Aged {
    Keys(AgingTable),
    Ids(IdAging),
}

fn age(input: &AgingInput, spec_json: &str, threads: u32) -> arrears::Result<Aged> {
    let spec = arrears::from_json::<AgingRequest>(spec_json)?.spec()?;
    if input.customer_validity.is_some() && (input.customer.is_some() || input.customer_offsets.is_none()) {
        // index.js checks this first; the backstop, so that a bitmap is never ignored
        return Err(arrears::Error::new(
            arrears::ErrorKind::InvalidRequest,
            "customer_validity",
            "",
            "customerValidity goes only with customerOffsets + customerData",
        ));
    }
    let Some(customer) = &input.customer else {
        return Ok(Aged::Ids(keyed::age_ids(input, &spec, threads as usize)?));
    };
    let currencies: Vec<&str> = input.currencies.iter().map(String::as_str).collect();
    // The core takes `&[bool]`; a Uint8Array may hold any byte, so it is read as `!= 0` (the
    // one column copied, one byte a row, only when given).
    let disputed: Option<Vec<bool>> = input.disputed.as_ref().map(|d| d.iter().map(|&b| b != 0).collect());
    let cols = AgingColumns {
        customer,
        currency: &input.currency,
        currencies: &currencies,
        due_date: &input.due_date,
        issue_date: input.issue_date.as_deref(),
        amount: &input.amount,
        scale: input.scale,
        disputed: disputed.as_deref(),
    };
    Ok(Aged::Keys(age_columns(&spec, &cols, threads as usize)?))
}

fn aging_output(aged: &Aged) -> arrears::Result<AgingOutput> {
    let (table, remap) = match aged {
        Aged::Keys(t) => (t, None),
        Aged::Ids(a) => (&a.keyed.table, Some(&a.currency_index)),
    };
    let columns = table.spec().columns();
    let nb = table.spec().buckets.len();
    let n = table.len();
    let mut currency = Vec::with_capacity(n);
    let mut buckets = vec![Vec::with_capacity(n); columns.len()];
    let (mut total, mut disputed, mut items) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
    for row in table.rows() {
        // The indices came in as a u16 column (by string ids: the caller's list, not the table's).
        currency.push(match remap {
            Some(m) => m.get(row.currency as usize).copied().unwrap_or(0),
            None => row.currency as u16,
        });
        for (c, v) in row.buckets.iter().enumerate() {
            buckets[c].push(*v);
        }
        if columns.len() > nb {
            buckets[nb].push(row.credits);
        }
        total.push(row.total);
        disputed.push(row.disputed);
        items.push(row.items);
    }
    let customer = match aged {
        // The keys came in as a u32 column.
        Aged::Keys(t) => Either::A(t.rows().map(|r| r.customer as u32).collect::<Vec<u32>>().into()),
        Aged::Ids(a) => Either::B(IdColumn::new(&a.keyed, table)),
    };
    let currencies = match aged {
        Aged::Keys(t) => t.currencies().to_vec(),
        Aged::Ids(a) => a.currencies.clone(),
    };
    let width = columns.len();
    let totals = table
        .totals()?
        .into_iter()
        .map(|(cur, v)| AgingTotalOutput {
            currency: table.currencies()[cur as usize].clone(),
            buckets: v[..width].iter().map(|&x| BigInt::from(x)).collect(),
            total: BigInt::from(v[..width].iter().map(|&x| i128::from(x)).sum::<i128>()),
            disputed: BigInt::from(v[width]),
            items: BigInt::from(v[width + 1]),
        })
        .collect();
    Ok(AgingOutput {
        customer,
        currency: currency.into(),
        currencies,
        columns,
        buckets: buckets.into_iter().map(BigInt64Array::new).collect(),
        total: total.into(),
        disputed: disputed.into(),
        items: items.into(),
        scale: table.scale(),
        totals,
    })
}

/// Ages typed-array columns with `arrears::aging::age_columns`, reading the JS buffers in place.
/// `specJson` is an `aging` wire request without items (`{"as_of", "basis", "bounds", "labels",
/// "not_due", "credits", "items": []}`); `threads` 0 = automatic.
#[napi(js_name = "agingColumns", catch_unwind)]
pub fn aging_columns(input: AgingInput, spec_json: String, threads: u32) -> Result<AgingOutput, String> {
    guarded(|| aging_output(&age(&input, &spec_json, threads)?))
}

/// `agingColumns` off the JS thread (on libuv's pool): the computation runs while JS goes on.
pub struct AgingTask {
    input: AgingInput,
    spec_json: String,
    threads: u32,
}

/// The outcome of the off-thread part, carried to the JS thread.
pub enum Outcome<T> {
    Done(T),
    Failed(arrears::Error),
    Panicked,
}

fn outcome<T>(f: impl FnOnce() -> arrears::Result<T>) -> Outcome<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Outcome::Done(v),
        Ok(Err(e)) => Outcome::Failed(e),
        Err(_) => Outcome::Panicked,
    }
}

/// An async task's error: napi keeps only a `Status` code there, so the message carries the
/// error JSON (whose `code` `index.js` reads).
fn task_error(json: String) -> Error {
    Error::new(Status::GenericFailure, json)
}

impl Task for AgingTask {
    type Output = Outcome<Aged>;
    type JsValue = AgingOutput;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(outcome(|| age(&self.input, &self.spec_json, self.threads)))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        match output {
            Outcome::Done(aged) => match catch_unwind(AssertUnwindSafe(|| aging_output(&aged))) {
                Ok(Ok(v)) => Ok(v),
                Ok(Err(e)) => Err(task_error(arrears::to_json(&e))),
                Err(_) => Err(task_error(INTERNAL.to_string())),
            },
            Outcome::Failed(e) => Err(task_error(arrears::to_json(&e))),
            Outcome::Panicked => Err(task_error(INTERNAL.to_string())),
        }
    }
}

/// `agingColumns` computed off the JS thread; resolves to the same result.
#[napi(js_name = "agingColumnsAsync", catch_unwind)]
pub fn aging_columns_async(input: AgingInput, spec_json: String, threads: u32) -> AsyncTask<AgingTask> {
    AsyncTask::new(AgingTask { input, spec_json, threads })
}

// ---------------------------------------------------------------------------------------------
// Batch scheduling

/// The invoices as columns.
#[napi(object, object_to_js = false)]
pub struct InvoiceInput {
    pub total: BigInt64Array,
    pub currency: Uint16Array,
    pub base_date: Int32Array,
    pub terms: Option<Uint32Array>,
}

/// The installments as columns (see `arrears::batch::ScheduleColumns`).
#[napi(object, object_from_js = false)]
pub struct ScheduleOutput {
    pub offsets: Uint32Array,
    pub line: Uint32Array,
    pub due_date: Int32Array,
    pub amount: BigInt64Array,
    pub scales: Uint32Array,
    pub discount_offsets: Uint32Array,
    pub discount_deadline: Int32Array,
    pub discount_amount: BigInt64Array,
}

/// The batch options: the schedule request's options plus how notation text is read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchOptions {
    #[serde(default)]
    rounding: RoundingMode,
    #[serde(default)]
    precision: Option<u32>,
    #[serde(default, with = "arrears::wire::opt_amount")]
    cash_increment: Option<Decimal>,
    #[serde(default)]
    calendar: Option<Calendar>,
    #[serde(default)]
    allow_negative_balance: bool,
    #[serde(default)]
    notation: NotationOptions,
}

/// Reads the terms list: each entry is notation text or wire terms; errors name `terms_list[k]`.
fn terms_list(json: &str, notation: &NotationOptions) -> arrears::Result<Vec<PaymentTerms>> {
    let entries: Vec<serde_json::Value> = arrears::from_json(json).map_err(|e| e.within("terms_list"))?;
    entries
        .iter()
        .enumerate()
        .map(|(k, v)| {
            let field = format!("terms_list[{k}]");
            match v {
                serde_json::Value::String(text) => PaymentTerms::parse(text, notation),
                other => arrears::from_json::<PaymentTerms>(&other.to_string()),
            }
            .map_err(|e| e.within(&field))
        })
        .collect()
}

fn schedule_output(out: ScheduleColumns) -> ScheduleOutput {
    ScheduleOutput {
        offsets: out.offsets.into(),
        line: out.line.into(),
        due_date: out.due_date.into(),
        amount: out.amount.into(),
        scales: out.scales.into(),
        discount_offsets: out.discount_offsets.into(),
        discount_deadline: out.discount_deadline.into(),
        discount_amount: out.discount_amount.into(),
    }
}

fn run_batch(
    terms_json: &str,
    currencies: &[String],
    invoices: &InvoiceInput,
    options_json: &str,
) -> arrears::Result<ScheduleColumns> {
    let o: BatchOptions = arrears::from_json(options_json)?;
    let terms = terms_list(terms_json, &o.notation)?;
    let options = ScheduleOptions {
        rounding: Rounding { mode: o.rounding, precision: o.precision, cash_increment: o.cash_increment },
        calendar: o.calendar.unwrap_or_default(),
        allow_negative_balance: o.allow_negative_balance,
    };
    let currencies: Vec<&str> = currencies.iter().map(String::as_str).collect();
    let cols = InvoiceColumns {
        total: &invoices.total,
        currency: &invoices.currency,
        base_date: &invoices.base_date,
        terms: invoices.terms.as_deref(),
    };
    schedule_columns(&terms, &currencies, &options, &cols)
}

/// Schedules a whole list of invoices in one call with `arrears::batch::schedule_columns`.
/// `termsJson` is a JSON array of terms (notation text or wire terms), `optionsJson` the
/// [`BatchOptions`] (`rounding`, `precision`, `cash_increment`, `calendar`,
/// `allow_negative_balance`, `notation`).
#[napi(js_name = "scheduleBatch", catch_unwind)]
pub fn schedule_batch(
    terms_json: String,
    currencies: Vec<String>,
    invoices: InvoiceInput,
    options_json: String,
) -> Result<ScheduleOutput, String> {
    guarded(|| Ok(schedule_output(run_batch(&terms_json, &currencies, &invoices, &options_json)?)))
}

/// `scheduleBatch` off the JS thread.
pub struct ScheduleTask {
    terms_json: String,
    currencies: Vec<String>,
    invoices: InvoiceInput,
    options_json: String,
}

impl Task for ScheduleTask {
    type Output = Outcome<ScheduleColumns>;
    type JsValue = ScheduleOutput;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(outcome(|| run_batch(&self.terms_json, &self.currencies, &self.invoices, &self.options_json)))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        match output {
            Outcome::Done(columns) => Ok(schedule_output(columns)),
            Outcome::Failed(e) => Err(task_error(arrears::to_json(&e))),
            Outcome::Panicked => Err(task_error(INTERNAL.to_string())),
        }
    }
}

/// `scheduleBatch` computed off the JS thread; resolves to the same result.
#[napi(js_name = "scheduleBatchAsync", catch_unwind)]
pub fn schedule_batch_async(
    terms_json: String,
    currencies: Vec<String>,
    invoices: InvoiceInput,
    options_json: String,
) -> AsyncTask<ScheduleTask> {
    AsyncTask::new(ScheduleTask { terms_json, currencies, invoices, options_json })
}
