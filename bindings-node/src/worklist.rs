//! `worklistColumns` and `worklistColumnsAsync`: open invoices, closed invoices (history only)
//! and payments as typed-array columns (ids as `string[]` or Arrow-style utf8 offsets + bytes),
//! ranked by the core's columnar `worklist_columns`; the rows come back in the wire form of the
//! `worklist` operation (the same rows, scores and components).

use arrears::collections::{
    worklist_columns, InvoiceColumns, PaymentColumns, WorklistColumns, WorklistConfig, WorklistRow,
};
use arrears::columnar::Utf8Ids;
use arrears::{Error, ErrorKind};
use napi::bindgen_prelude::{AsyncTask, BigInt64Array, Int32Array, Result, Uint16Array, Uint8Array};
use napi::{Env, Task};
use napi_derive::napi;
use serde::{Deserialize, Serialize};

use crate::interest::{IdSource, IdStrings};
use crate::{guarded, outcome, task_error, Outcome, INTERNAL};

/// Invoices as columns (`lib/collections.js` checks the array types): open ones carry
/// `currency` and `openAmount` (and optionally `disputed`), closed ones only the ids and due dates.
#[napi(object, object_to_js = false)]
pub struct WorklistInvoiceInput {
    #[napi(ts_type = "string[]")]
    pub invoice_id: Option<IdStrings>,
    pub invoice_id_offsets: Option<Int32Array>,
    pub invoice_id_data: Option<Uint8Array>,
    #[napi(ts_type = "string[]")]
    pub customer: Option<IdStrings>,
    pub customer_offsets: Option<Int32Array>,
    pub customer_data: Option<Uint8Array>,
    pub due_date: Int32Array,
    pub currency: Option<Uint16Array>,
    pub open_amount: Option<BigInt64Array>,
    /// 1 = disputed, 0 = not.
    pub disputed: Option<Uint8Array>,
}

/// Payments as columns: the invoice id each pays, its date and amount.
#[napi(object, object_to_js = false)]
pub struct WorklistPaymentInput {
    #[napi(ts_type = "string[]")]
    pub invoice_id: Option<IdStrings>,
    pub invoice_id_offsets: Option<Int32Array>,
    pub invoice_id_data: Option<Uint8Array>,
    pub date: Int32Array,
    pub amount: BigInt64Array,
}

/// What `lib/collections.js` passes: the wire configuration, the currencies the `currency`
/// columns index and the open amounts' decimals.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchSpec {
    config: WorklistConfig,
    currencies: Vec<String>,
    #[serde(default = "two")]
    scale: u32,
}

fn two() -> u32 {
    2
}

#[derive(Serialize)]
struct Rows<'a> {
    rows: &'a [WorklistRow],
}

fn bad(field: String, value: impl ToString, why: &str) -> Error {
    Error::new(ErrorKind::InvalidRequest, field, value.to_string(), why)
}

/// An id column of `table` (`invoices.invoiceId`...), given in one of its two forms.
fn id_column<'a>(
    list: Option<&'a IdStrings>,
    offsets: Option<&'a [i32]>,
    data: Option<&'a [u8]>,
    name: &str,
) -> arrears::Result<IdSource<'a>> {
    IdSource::of(list, offsets, data, name)?
        .ok_or_else(|| bad(name.to_string(), "", "required: a string[] or utf8 offsets + data (Arrow-style)"))
}

/// The number of ids of a source (a `string[]`'s length, or the offsets less one).
fn rows_of(list: Option<&IdStrings>, offsets: Option<&[i32]>) -> usize {
    list.map_or_else(|| offsets.map_or(0, |o| o.len().saturating_sub(1)), IdStrings::len)
}

/// Checked `Utf8Ids` of an invoices table.
struct Ids<'a> {
    invoice: IdSource<'a>,
    customer: IdSource<'a>,
    n: usize,
}

fn invoice_ids<'a>(inv: &'a WorklistInvoiceInput, table: &str) -> arrears::Result<Ids<'a>> {
    let n = inv.due_date.len();
    let invoice = id_column(
        inv.invoice_id.as_ref(),
        inv.invoice_id_offsets.as_deref(),
        inv.invoice_id_data.as_deref(),
        &format!("{table}.invoice_id"),
    )?;
    let customer = id_column(
        inv.customer.as_ref(),
        inv.customer_offsets.as_deref(),
        inv.customer_data.as_deref(),
        &format!("{table}.customer"),
    )?;
    for (col, rows) in [
        ("invoice_id", rows_of(inv.invoice_id.as_ref(), inv.invoice_id_offsets.as_deref())),
        ("customer", rows_of(inv.customer.as_ref(), inv.customer_offsets.as_deref())),
    ] {
        if rows != n {
            return Err(bad(
                format!("{table}.{col}"),
                rows,
                &format!("columns of different lengths: {col} has {rows} rows, due_date has {n}"),
            ));
        }
    }
    Ok(Ids { invoice, customer, n })
}

/// `disputed` as booleans (each 0 or 1).
fn flags(d: &[u8], table: &str) -> arrears::Result<Vec<bool>> {
    if let Some(i) = d.iter().position(|&x| x > 1) {
        return Err(bad(format!("{table}[{i}].disputed"), d[i], "1 (disputed) or 0"));
    }
    Ok(d.iter().map(|&x| x == 1).collect())
}

fn run(
    open: &WorklistInvoiceInput,
    closed: Option<&WorklistInvoiceInput>,
    payments: Option<&WorklistPaymentInput>,
    spec_json: &str,
    threads: u32,
) -> arrears::Result<Vec<WorklistRow>> {
    let spec: BatchSpec = arrears::from_json(spec_json)?;
    spec.config.validate().map_err(|e| e.within("config"))?;
    let ids = invoice_ids(open, "invoices")?;
    let old = closed.map(|c| invoice_ids(c, "closed")).transpose()?;
    let pay = payments
        .map(|p| {
            id_column(
                p.invoice_id.as_ref(),
                p.invoice_id_offsets.as_deref(),
                p.invoice_id_data.as_deref(),
                "payments.invoice_id",
            )
        })
        .transpose()?;
    let m = payments.map_or(0, |p| p.date.len());
    if let Some(p) = payments {
        let rows = rows_of(p.invoice_id.as_ref(), p.invoice_id_offsets.as_deref());
        if rows != m {
            return Err(bad(
                "payments.invoice_id".into(),
                rows,
                &format!("columns of different lengths: invoice_id has {rows} rows, date has {m}"),
            ));
        }
    }
    let disputed = open.disputed.as_deref().map(|d| flags(d, "invoices")).transpose()?;
    let empty: Utf8Ids<'_> =
        Utf8Ids::try_new(&[0], &[], None, 0).map_err(|e| bad("payments.invoice_id".into(), "", &e.to_string()))?;
    let missing = |c: &str| bad(format!("invoices.{c}"), "", "required for the open invoices");
    let cols = WorklistColumns {
        open: InvoiceColumns {
            invoice_id: view(&ids.invoice, ids.n, "invoices.invoice_id")?,
            customer: view(&ids.customer, ids.n, "invoices.customer")?,
            due_date: &open.due_date,
            currency: open.currency.as_deref().ok_or_else(|| missing("currency"))?,
            open_amount: open.open_amount.as_deref().ok_or_else(|| missing("open_amount"))?,
            disputed: disputed.as_deref(),
        },
        closed: match (&old, closed) {
            (Some(o), Some(c)) => Some(InvoiceColumns {
                invoice_id: view(&o.invoice, o.n, "closed.invoice_id")?,
                customer: view(&o.customer, o.n, "closed.customer")?,
                due_date: &c.due_date,
                currency: &[],
                open_amount: &[],
                disputed: None,
            }),
            _ => None,
        },
        payments: match (&pay, payments) {
            (Some(ids), Some(p)) => PaymentColumns {
                invoice_id: view(ids, m, "payments.invoice_id")?,
                paid_date: &p.date,
                amount: &p.amount,
            },
            _ => PaymentColumns { invoice_id: empty, paid_date: &[], amount: &[] },
        },
        currencies: &spec.currencies.iter().map(String::as_str).collect::<Vec<_>>(),
        scale: spec.scale,
    };
    worklist_columns(&cols, &spec.config, threads as usize).map_err(|e| {
        // the kernel names the open table `open`; the JS side calls it `invoices`
        match e.field().strip_prefix("open") {
            Some(rest) if rest.starts_with(['.', '[']) => {
                Error::new(e.kind(), format!("invoices{rest}"), e.value(), e.reason())
            }
            _ => e,
        }
    })
}

fn view<'s>(s: &'s IdSource<'_>, n: usize, name: &str) -> arrears::Result<Utf8Ids<'s>> {
    s.ids(n, name)
}

fn output(rows: &[WorklistRow]) -> String {
    arrears::to_json(&Rows { rows })
}

/// The collection worklist with `arrears::collections::worklist_columns`, reading the JS
/// buffers in place. `specJson`: `{"config": <WorklistConfig>, "currencies": [...], "scale": 2}`;
/// `threads` 0 = automatic. Returns the `worklist` operation's response JSON.
#[napi(js_name = "worklistColumns", catch_unwind)]
pub fn worklist_columns_js(
    invoices: WorklistInvoiceInput,
    closed: Option<WorklistInvoiceInput>,
    payments: Option<WorklistPaymentInput>,
    spec_json: String,
    threads: u32,
) -> Result<String, String> {
    guarded(|| Ok(output(&run(&invoices, closed.as_ref(), payments.as_ref(), &spec_json, threads)?)))
}

/// `worklistColumns` off the JS thread.
pub struct WorklistTask {
    invoices: WorklistInvoiceInput,
    closed: Option<WorklistInvoiceInput>,
    payments: Option<WorklistPaymentInput>,
    spec_json: String,
    threads: u32,
}

impl Task for WorklistTask {
    type Output = Outcome<Vec<WorklistRow>>;
    type JsValue = String;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(outcome(|| run(&self.invoices, self.closed.as_ref(), self.payments.as_ref(), &self.spec_json, self.threads)))
    }

    fn resolve(&mut self, _env: Env, output_: Self::Output) -> Result<Self::JsValue> {
        match output_ {
            Outcome::Done(rows) => Ok(output(&rows)),
            Outcome::Failed(e) => Err(task_error(arrears::to_json(&e))),
            Outcome::Panicked => Err(task_error(INTERNAL.to_string())),
        }
    }
}

/// `worklistColumns` computed off the JS thread; resolves to the same JSON.
#[napi(js_name = "worklistColumnsAsync", catch_unwind)]
pub fn worklist_columns_async(
    invoices: WorklistInvoiceInput,
    closed: Option<WorklistInvoiceInput>,
    payments: Option<WorklistPaymentInput>,
    spec_json: String,
    threads: u32,
) -> AsyncTask<WorklistTask> {
    AsyncTask::new(WorklistTask { invoices, closed, payments, spec_json, threads })
}
