//! The native half of the Python package `arrears`: one wire-format entry point.
//!
//! Thin by design: `call(op, request_json)` runs `arrears::call_json` with the GIL released
//! and returns `(ok, payload)`: the response JSON, or the error JSON
//! (`{"code", "field", "value", "reason", "message"}`) from which `arrears.errors` builds the
//! typed exception. A panic never reaches Python as a crash: it comes back as an error with
//! code `"internal"`. All conversion between Python values and the wire format lives in the
//! pure-Python package (`python/arrears/__init__.py`).

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::prelude::*;

mod aging;
mod allocate;
mod arrow;
mod balances;
mod interest;
mod schedule;
mod worklist;

/// A typed core error naming `field` and its `value`.
pub(crate) fn bad(
    kind: arrears::ErrorKind,
    field: &str,
    value: impl Into<String>,
    reason: impl Into<String>,
) -> arrears::Error {
    arrears::Error::new(kind, field, value, reason)
}

/// The most decimal places `aging_arrow` takes (amounts are summed as 64-bit minor units: the
/// aging kernel's limit).
pub(crate) const AGING_MAX_SCALE: u32 = 18;
/// The most decimal places `schedule_arrow` takes (rust_decimal's, the core's money type).
pub(crate) const SCHEDULE_MAX_SCALE: u32 = 28;

/// A scale argument (`amount_scale`, `total_scale`): a Python int in `0..=max`, else the typed
/// error naming the argument and the value given (a bool is a TypeError, as for amounts).
fn scale_arg(name: &str, value: Option<&Bound<'_, PyAny>>, max: u32) -> PyResult<Result<Option<u32>, arrears::Error>> {
    let Some(v) = value else { return Ok(Ok(None)) };
    if v.is_instance_of::<pyo3::types::PyBool>() || !v.is_instance_of::<pyo3::types::PyInt>() {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "{name}: expected an int (decimal places), got {}",
            v.get_type().name()?
        )));
    }
    let text = v.str()?.to_string();
    Ok(match v.extract::<i64>() {
        Ok(s) if (0..=i64::from(max)).contains(&s) => Ok(Some(s as u32)),
        _ => Err(bad(
            arrears::ErrorKind::InvalidPrecision,
            name,
            text,
            format!("a scale (decimal places) must be 0..={max}"),
        )),
    })
}

/// A column that could not be read (missing, or of a type arrears does not take).
pub(crate) fn col_err(name: &str, e: String) -> arrears::Error {
    bad(arrears::ErrorKind::InvalidRequest, name, name, e)
}

const INTERNAL: &str = r#"{"code":"internal","field":"","value":"","reason":"internal error in arrears (please report it)","message":"internal error in arrears (please report it)"}"#;

/// Runs one wire operation. Returns `(True, response_json)` or `(False, error_json)`.
#[pyfunction]
fn call(py: Python<'_>, op: String, request: String) -> (bool, String) {
    py.detach(move || match std::panic::catch_unwind(|| arrears::call_json(&op, &request)) {
        Ok(Ok(response)) => (true, response),
        Ok(Err(e)) => (false, arrears::to_json(&e)),
        Err(_) => (false, INTERNAL.to_string()),
    })
}

/// Ages an Arrow table (any object with `__arrow_c_stream__`), read in place. `spec` is an
/// `aging` wire request without items. Returns `(True, arrow_array_stream capsule)` or
/// `(False, error_json)`.
#[pyfunction]
#[pyo3(signature = (data, spec, customer, due_date, amount, currency=None, currency_code=None, issue_date=None, amount_scale=None, disputed=None, threads=0))]
#[allow(clippy::too_many_arguments)]
fn aging_arrow(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    spec: String,
    customer: String,
    due_date: String,
    amount: String,
    currency: Option<String>,
    currency_code: Option<String>,
    issue_date: Option<String>,
    amount_scale: Option<&Bound<'_, PyAny>>,
    disputed: Option<String>,
    threads: usize,
) -> PyResult<(bool, Py<PyAny>)> {
    let amount_scale = match scale_arg("amount_scale", amount_scale, AGING_MAX_SCALE)? {
        Ok(s) => s,
        Err(e) => return to_python(py, Ok(Err(e))),
    };
    let stream = match arrow::import(data)? {
        Ok(s) => s,
        Err(e) => return to_python(py, Ok(Err(e))),
    };
    let args = aging::AgingArgs {
        customer,
        currency,
        currency_code,
        due_date,
        issue_date,
        amount,
        amount_scale,
        disputed,
        threads,
    };
    let result = py.detach(|| {
        catch_unwind(AssertUnwindSafe(|| -> Result<arrow::ExportBatch, arrears::Error> {
            let request: arrears::wire::AgingRequest = arrears::from_json(&spec)?;
            let spec = request.spec()?;
            let (table, names) = aging::age_stream(&stream, &spec, &args)?;
            Ok(aging::aging_batch(&table, &names, args.threads))
        }))
    });
    drop(stream);
    to_python(py, result)
}

/// Schedules every row of an Arrow table of invoices in one call. `terms` is a JSON array of
/// wire terms, `options` a JSON object of schedule options. Returns `(True, capsule)` or
/// `(False, error_json)`.
#[pyfunction]
#[pyo3(signature = (data, terms, options, total, base_date, currency=None, currency_code=None, terms_column=None, total_scale=None))]
#[allow(clippy::too_many_arguments)]
fn schedule_arrow(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    terms: String,
    options: String,
    total: String,
    base_date: String,
    currency: Option<String>,
    currency_code: Option<String>,
    terms_column: Option<String>,
    total_scale: Option<&Bound<'_, PyAny>>,
) -> PyResult<(bool, Py<PyAny>)> {
    let total_scale = match scale_arg("total_scale", total_scale, SCHEDULE_MAX_SCALE)? {
        Ok(s) => s,
        Err(e) => return to_python(py, Ok(Err(e))),
    };
    let stream = match arrow::import(data)? {
        Ok(s) => s,
        Err(e) => return to_python(py, Ok(Err(e))),
    };
    let args = schedule::ScheduleArgs { total, base_date, currency, currency_code, terms: terms_column, total_scale };
    let result = py.detach(|| {
        catch_unwind(AssertUnwindSafe(|| -> Result<arrow::ExportBatch, arrears::Error> {
            let terms: Vec<arrears::PaymentTerms> = arrears::from_json(&terms).map_err(|e| e.within("terms"))?;
            let options: arrears::ScheduleOptions = arrears::from_json(&options).map_err(|e| e.within("options"))?;
            schedule::schedule_stream(&stream, &terms, &options, &args)
        }))
    });
    drop(stream);
    to_python(py, result)
}

/// The late interest of every invoice (row) of an Arrow table, with the payments of a second
/// table (or none). `rule` (or `preset`, a `PresetRequest`), `rounding` and `calendar` are wire JSON. Returns `(True, [capsule,
/// ...])` (the interest, then the breakdown when asked) or `(False, error_json)`.
#[pyfunction]
#[pyo3(signature = (invoices, payments, rule, as_of, rounding, calendar=None, preset=None, invoice_id="invoice_id".to_string(), due_date="due_date".to_string(), amount="amount".to_string(), amount_scale=None, currency=None, currency_code=None, issue_date=None, select=None, payment_invoice="invoice_id".to_string(), payment_date="paid_date".to_string(), payment_amount="amount".to_string(), payment_amount_scale=None, unmatched="error".to_string(), breakdown=false, threads=0, open_amount=None, overdue=false, order="row".to_string(), row_type="int64".to_string(), amount_type="decimal128".to_string()))]
#[allow(clippy::too_many_arguments)]
fn interest_arrow(
    py: Python<'_>,
    invoices: &Bound<'_, PyAny>,
    payments: Option<&Bound<'_, PyAny>>,
    rule: Option<String>,
    as_of: String,
    rounding: String,
    calendar: Option<String>,
    preset: Option<String>,
    invoice_id: String,
    due_date: String,
    amount: String,
    amount_scale: Option<&Bound<'_, PyAny>>,
    currency: Option<String>,
    currency_code: Option<String>,
    issue_date: Option<String>,
    select: Option<String>,
    payment_invoice: String,
    payment_date: String,
    payment_amount: String,
    payment_amount_scale: Option<&Bound<'_, PyAny>>,
    unmatched: String,
    breakdown: bool,
    threads: usize,
    open_amount: Option<String>,
    overdue: bool,
    order: String,
    row_type: String,
    amount_type: String,
) -> PyResult<(bool, Py<PyAny>)> {
    let fail = |py: Python<'_>, e: arrears::Error| -> PyResult<(bool, Py<PyAny>)> {
        Ok((false, arrears::to_json(&e).into_pyobject(py)?.into_any().unbind()))
    };
    let by_id = match order.as_str() {
        "row" => false,
        "invoice_id" => true,
        other => {
            return fail(
                py,
                bad(arrears::ErrorKind::InvalidRequest, "order", other, "expected \"row\" or \"invoice_id\""),
            )
        }
    };
    let row_u32 = match row_type_arg(&row_type) {
        Ok(r) => r,
        Err(e) => return fail(py, e),
    };
    let decimal64 = match decimal64_arg(&amount_type) {
        Ok(d) => d,
        Err(e) => return fail(py, e),
    };
    if open_amount.is_some() && !overdue {
        let e = bad(
            arrears::ErrorKind::InvalidRequest,
            "open_amount",
            open_amount.unwrap_or_default(),
            "the column of the overdue filter: pass overdue=True too",
        );
        return fail(py, e);
    }
    let amount_scale = match scale_arg("amount_scale", amount_scale, AGING_MAX_SCALE)? {
        Ok(s) => s,
        Err(e) => return fail(py, e),
    };
    let payment_amount_scale = match scale_arg("payment_amount_scale", payment_amount_scale, AGING_MAX_SCALE)? {
        Ok(s) => s,
        Err(e) => return fail(py, e),
    };
    let unmatched = match unmatched.as_str() {
        "error" => arrears::charges::Unmatched::Error,
        "skip" => arrears::charges::Unmatched::Skip,
        other => {
            return fail(
                py,
                bad(arrears::ErrorKind::InvalidRequest, "unmatched", other, "expected \"error\" or \"skip\""),
            )
        }
    };
    let inv = match arrow::import(invoices)? {
        Ok(s) => s,
        Err(e) => return fail(py, e.within("invoices")),
    };
    let pay = match payments.map(arrow::import).transpose()? {
        Some(Err(e)) => return fail(py, e.within("payments")),
        Some(Ok(s)) => Some(s),
        None => None,
    };
    let args = interest::InterestArgs {
        invoice_id,
        due_date,
        amount,
        amount_scale,
        currency,
        currency_code,
        issue_date,
        select,
        payment_invoice,
        payment_date,
        payment_amount,
        payment_amount_scale,
        unmatched,
        breakdown,
        threads,
        open_amount,
        overdue,
        order_by_id: by_id,
        types: interest::Types { row_u32, decimal64 },
    };
    let result = py.detach(|| {
        catch_unwind(AssertUnwindSafe(|| -> Result<Vec<arrow::ExportBatch>, arrears::Error> {
            let rule = match (&rule, &preset) {
                (Some(r), None) => interest::SpecRule::Rule(arrears::from_json(r).map_err(|e| e.within("rule"))?),
                (None, Some(p)) => {
                    let request: arrears::wire::PresetRequest =
                        arrears::from_json(p).map_err(|e| e.within("preset"))?;
                    let (found, input) = request.resolve()?;
                    interest::SpecRule::Preset(found, input)
                }
                _ => {
                    return Err(bad(
                        arrears::ErrorKind::InvalidRequest,
                        "rule",
                        "",
                        "give exactly one of rule and preset",
                    ))
                }
            };
            let spec = interest::InterestSpec {
                rule,
                as_of: arrears::parse_date("as_of", &as_of)?,
                rounding: arrears::from_json(&rounding)?,
                calendar: match &calendar {
                    Some(c) => arrears::from_json(c).map_err(|e| e.within("calendar"))?,
                    None => arrears::Calendar::default(),
                },
            };
            interest::interest_streams(&inv, pay.as_ref(), &spec, &args)
        }))
    });
    drop((inv, pay));
    match result {
        Ok(Ok(batches)) => {
            let capsules = batches.into_iter().map(|b| arrow::export(py, b)).collect::<PyResult<Vec<_>>>()?;
            Ok((true, pyo3::types::PyList::new(py, capsules)?.into_any().unbind()))
        }
        Ok(Err(e)) => fail(py, e),
        Err(_) => Ok((false, INTERNAL.into_pyobject(py)?.into_any().unbind())),
    }
}

/// Allocates the receipts of one Arrow table to the open items of another, oldest first per
/// customer and currency. Returns `(True, [items capsule, receipts capsule])` or
/// `(False, error_json)`.
#[pyfunction]
#[pyo3(signature = (items, receipts, customer="customer_id".to_string(), currency="currency".to_string(), currency_code=None, due_date="due_date".to_string(), item_id="invoice_id".to_string(), open_amount="open_amount".to_string(), amount_scale=None, receipt_customer="customer_id".to_string(), receipt_currency="currency".to_string(), receipt_date="paid_date".to_string(), receipt_amount="amount".to_string(), receipt_amount_scale=None, unmatched="error".to_string(), threads=0, amount_type="decimal128".to_string(), applied_only=false, order="row".to_string(), row_type="int64".to_string()))]
#[allow(clippy::too_many_arguments)]
fn allocate_arrow(
    py: Python<'_>,
    items: &Bound<'_, PyAny>,
    receipts: &Bound<'_, PyAny>,
    customer: String,
    currency: String,
    currency_code: Option<String>,
    due_date: String,
    item_id: String,
    open_amount: String,
    amount_scale: Option<&Bound<'_, PyAny>>,
    receipt_customer: String,
    receipt_currency: String,
    receipt_date: String,
    receipt_amount: String,
    receipt_amount_scale: Option<&Bound<'_, PyAny>>,
    unmatched: String,
    threads: usize,
    amount_type: String,
    applied_only: bool,
    order: String,
    row_type: String,
) -> PyResult<(bool, Py<PyAny>)> {
    let fail = |py: Python<'_>, e: arrears::Error| -> PyResult<(bool, Py<PyAny>)> {
        Ok((false, arrears::to_json(&e).into_pyobject(py)?.into_any().unbind()))
    };
    let by_id = match order.as_str() {
        "row" => false,
        "item_id" => true,
        other => {
            return fail(py, bad(arrears::ErrorKind::InvalidRequest, "order", other, "expected \"row\" or \"item_id\""))
        }
    };
    let row_u32 = match row_type_arg(&row_type) {
        Ok(r) => r,
        Err(e) => return fail(py, e),
    };
    let decimal64 = match decimal64_arg(&amount_type) {
        Ok(d) => d,
        Err(e) => return fail(py, e),
    };
    let amount_scale = match scale_arg("amount_scale", amount_scale, AGING_MAX_SCALE)? {
        Ok(s) => s,
        Err(e) => return fail(py, e),
    };
    let receipt_amount_scale = match scale_arg("receipt_amount_scale", receipt_amount_scale, AGING_MAX_SCALE)? {
        Ok(s) => s,
        Err(e) => return fail(py, e),
    };
    let check = match unmatched.as_str() {
        "error" => true,
        "unapplied" => false,
        other => {
            return fail(
                py,
                bad(arrears::ErrorKind::InvalidRequest, "unmatched", other, "expected \"error\" or \"unapplied\""),
            )
        }
    };
    let inv = match arrow::import(items)? {
        Ok(s) => s,
        Err(e) => return fail(py, e.within("items")),
    };
    let rec = match arrow::import(receipts)? {
        Ok(s) => s,
        Err(e) => return fail(py, e.within("receipts")),
    };
    let args = allocate::AllocateArgs {
        customer,
        currency,
        currency_code,
        due_date,
        item_id,
        open_amount,
        amount_scale,
        receipt_customer,
        receipt_currency,
        receipt_date,
        receipt_amount,
        receipt_amount_scale,
        check,
        decimal64,
        applied_only,
        order_by_id: by_id,
        row_u32,
        threads,
    };
    let result = py.detach(|| catch_unwind(AssertUnwindSafe(|| allocate::allocate_streams(&inv, &rec, &args))));
    drop((inv, rec));
    match result {
        Ok(Ok(batches)) => {
            let capsules = batches.into_iter().map(|b| arrow::export(py, b)).collect::<PyResult<Vec<_>>>()?;
            Ok((true, pyo3::types::PyList::new(py, capsules)?.into_any().unbind()))
        }
        Ok(Err(e)) => fail(py, e),
        Err(_) => Ok((false, INTERNAL.into_pyobject(py)?.into_any().unbind())),
    }
}

/// Each customer's open balance per currency from an Arrow table of open items. Returns `(True,
/// capsule)` or `(False, error_json)`.
#[pyfunction]
#[pyo3(signature = (items, customer="customer_id".to_string(), currency="currency".to_string(), currency_code=None, open_amount="open_amount".to_string(), amount_scale=None, threads=0, amount_type="decimal128".to_string()))]
#[allow(clippy::too_many_arguments)]
fn open_balances_arrow(
    py: Python<'_>,
    items: &Bound<'_, PyAny>,
    customer: String,
    currency: String,
    currency_code: Option<String>,
    open_amount: String,
    amount_scale: Option<&Bound<'_, PyAny>>,
    threads: usize,
    amount_type: String,
) -> PyResult<(bool, Py<PyAny>)> {
    let fail = |py: Python<'_>, e: arrears::Error| -> PyResult<(bool, Py<PyAny>)> {
        Ok((false, arrears::to_json(&e).into_pyobject(py)?.into_any().unbind()))
    };
    let decimal64 = match amount_type.as_str() {
        "decimal128" => false,
        "decimal64" => true,
        other => {
            let reason = "expected \"decimal128\" or \"decimal64\"";
            return fail(py, bad(arrears::ErrorKind::InvalidRequest, "amount_type", other, reason));
        }
    };
    let amount_scale = match scale_arg("amount_scale", amount_scale, AGING_MAX_SCALE)? {
        Ok(s) => s,
        Err(e) => return fail(py, e),
    };
    let inv = match arrow::import(items)? {
        Ok(s) => s,
        Err(e) => return fail(py, e.within("items")),
    };
    let args =
        balances::BalanceArgs { customer, currency, currency_code, open_amount, amount_scale, decimal64, threads };
    let result = py.detach(|| catch_unwind(AssertUnwindSafe(|| balances::balance_stream(&inv, &args))));
    drop(inv);
    match result {
        Ok(Ok(batch)) => Ok((true, arrow::export(py, batch)?.into_any().unbind())),
        Ok(Err(e)) => fail(py, e),
        Err(_) => Ok((false, INTERNAL.into_pyobject(py)?.into_any().unbind())),
    }
}

/// The collection worklist of Arrow tables: open invoices, payments (or None) and closed invoices
/// (or None), by the core's columnar kernel. `config` is the wire `WorklistConfig` JSON. Returns
/// `(True, [capsule, ...])` (the rows, then their components when asked) or `(False, error_json)`.
#[pyfunction]
#[pyo3(signature = (invoices, payments, config, closed=None, invoice_id="invoice_id".to_string(), customer="customer_id".to_string(), due_date="due_date".to_string(), currency=None, currency_code=None, open_amount="open_amount".to_string(), amount_scale=None, disputed=None, payment_invoice="invoice_id".to_string(), payment_date="paid_date".to_string(), payment_amount="amount".to_string(), payment_amount_scale=None, components=false, threads=0))]
#[allow(clippy::too_many_arguments)]
fn worklist_arrow(
    py: Python<'_>,
    invoices: &Bound<'_, PyAny>,
    payments: Option<&Bound<'_, PyAny>>,
    config: String,
    closed: Option<&Bound<'_, PyAny>>,
    invoice_id: String,
    customer: String,
    due_date: String,
    currency: Option<String>,
    currency_code: Option<String>,
    open_amount: String,
    amount_scale: Option<&Bound<'_, PyAny>>,
    disputed: Option<String>,
    payment_invoice: String,
    payment_date: String,
    payment_amount: String,
    payment_amount_scale: Option<&Bound<'_, PyAny>>,
    components: bool,
    threads: usize,
) -> PyResult<(bool, Py<PyAny>)> {
    let fail = |py: Python<'_>, e: arrears::Error| -> PyResult<(bool, Py<PyAny>)> {
        Ok((false, arrears::to_json(&e).into_pyobject(py)?.into_any().unbind()))
    };
    let amount_scale = match scale_arg("amount_scale", amount_scale, AGING_MAX_SCALE)? {
        Ok(s) => s,
        Err(e) => return fail(py, e),
    };
    let payment_amount_scale = match scale_arg("payment_amount_scale", payment_amount_scale, AGING_MAX_SCALE)? {
        Ok(s) => s,
        Err(e) => return fail(py, e),
    };
    let inv = match arrow::import(invoices)? {
        Ok(s) => s,
        Err(e) => return fail(py, e.within("invoices")),
    };
    let pay = match payments.map(arrow::import).transpose()? {
        Some(Err(e)) => return fail(py, e.within("payments")),
        Some(Ok(s)) => Some(s),
        None => None,
    };
    let old = match closed.map(arrow::import).transpose()? {
        Some(Err(e)) => return fail(py, e.within("closed")),
        Some(Ok(s)) => Some(s),
        None => None,
    };
    let args = worklist::WorklistArgs {
        invoice_id,
        customer,
        due_date,
        currency,
        currency_code,
        open_amount,
        amount_scale,
        disputed,
        payment_invoice,
        payment_date,
        payment_amount,
        payment_amount_scale,
        components,
        threads,
    };
    let result = py.detach(|| {
        catch_unwind(AssertUnwindSafe(|| -> Result<Vec<arrow::ExportBatch>, arrears::Error> {
            let config: arrears::collections::WorklistConfig =
                arrears::from_json(&config).map_err(|e| e.within("config"))?;
            worklist::worklist_streams(&inv, old.as_ref(), pay.as_ref(), &config, &args)
        }))
    });
    drop((inv, pay, old));
    match result {
        Ok(Ok(batches)) => {
            let capsules = batches.into_iter().map(|b| arrow::export(py, b)).collect::<PyResult<Vec<_>>>()?;
            Ok((true, pyo3::types::PyList::new(py, capsules)?.into_any().unbind()))
        }
        Ok(Err(e)) => fail(py, e),
        Err(_) => Ok((false, INTERNAL.into_pyobject(py)?.into_any().unbind())),
    }
}

type Outcome = std::thread::Result<Result<arrow::ExportBatch, arrears::Error>>;

/// `(True, arrow_array_stream capsule)`, `(False, error_json)`, or the internal error for a panic.
fn to_python(py: Python<'_>, result: Outcome) -> PyResult<(bool, Py<PyAny>)> {
    match result {
        Ok(Ok(batch)) => Ok((true, arrow::export(py, batch)?.into_any().unbind())),
        Ok(Err(e)) => Ok((false, arrears::to_json(&e).into_pyobject(py)?.into_any().unbind())),
        Err(_) => Ok((false, INTERNAL.into_pyobject(py)?.into_any().unbind())),
    }
}

/// The library version (Cargo's version of the arrears crate).
#[pyfunction]
fn version() -> &'static str {
    arrears::VERSION
}

/// The native module `arrears._arrears`.
#[pymodule]
fn _arrears(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(call, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(aging_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(schedule_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(interest_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(allocate_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(open_balances_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(worklist_arrow, m)?)?;
    Ok(())
}

/// A `row_type` argument: whether row numbers are exported as uint32 (else int64).
fn row_type_arg(row_type: &str) -> Result<bool, arrears::Error> {
    match row_type {
        "int64" => Ok(false),
        "uint32" => Ok(true),
        other => Err(bad(arrears::ErrorKind::InvalidRequest, "row_type", other, "expected \"int64\" or \"uint32\"")),
    }
}

/// An `amount_type` argument: whether money is exported as decimal64 (else decimal128).
fn decimal64_arg(amount_type: &str) -> Result<bool, arrears::Error> {
    match amount_type {
        "decimal128" => Ok(false),
        "decimal64" => Ok(true),
        other => Err(bad(
            arrears::ErrorKind::InvalidRequest,
            "amount_type",
            other,
            "expected \"decimal128\" or \"decimal64\"",
        )),
    }
}
