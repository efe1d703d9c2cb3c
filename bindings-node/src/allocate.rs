//! `allocateColumns` and `allocateColumnsAsync`: open items and receipts as typed-array columns,
//! allocated oldest first per customer and currency by the core's batch kernel
//! (`arrears::payments::allocate_columns`, after `check_receipts` unless unmatched receipts are
//! left unapplied), the results given back as typed arrays. `openBalances` (+ `Async`): each
//! customer's open balance per currency over the same item columns
//! (`arrears::payments::open_balances_listed`).

use arrears::payments::{
    allocate_columns, check_receipts, open_balances_listed, AllocatedColumns, OpenBalances, OpenItemRows, ReceiptRows,
};
use arrears::{Error, ErrorKind};
use napi::bindgen_prelude::{AsyncTask, BigInt64Array, Int32Array, Result, Uint16Array, Uint32Array, Uint8Array};
use napi::{Env, Task};
use napi_derive::napi;

use crate::interest::{IdSource, IdStrings};
use crate::{guarded, outcome, task_error, Outcome, INTERNAL};

/// The open items as columns (`lib/payments.js` checks the array types).
#[napi(object, object_to_js = false)]
pub struct AllocateItemInput {
    pub customer: Uint32Array,
    pub currency: Uint16Array,
    pub due_date: Int32Array,
    pub open: BigInt64Array,
    /// Item ids (the last tie-break of the order): a `string[]`...
    #[napi(ts_type = "string[]")]
    pub id: Option<IdStrings>,
    /// ... or Arrow-style utf8: row `i` is the bytes `id_offsets[i] .. id_offsets[i + 1]` of `id_data`.
    pub id_offsets: Option<Int32Array>,
    pub id_data: Option<Uint8Array>,
}

/// The receipts as columns.
#[napi(object, object_to_js = false)]
pub struct AllocateReceiptInput {
    pub customer: Uint32Array,
    pub currency: Uint16Array,
    pub date: Int32Array,
    pub amount: BigInt64Array,
}

/// Per item the cash applied, per receipt what is left (minor units).
#[napi(object, object_from_js = false)]
pub struct AllocateOutput {
    pub applied: BigInt64Array,
    pub unapplied: BigInt64Array,
}

fn run(
    items: &AllocateItemInput,
    receipts: &AllocateReceiptInput,
    unapplied: bool,
    threads: u32,
) -> arrears::Result<AllocatedColumns> {
    let n = items.open.len();
    let source = IdSource::of(items.id.as_ref(), items.id_offsets.as_deref(), items.id_data.as_deref(), "items.id")?;
    let Some(source) = source else {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "items.id",
            "",
            "the items need their ids (id, or idOffsets + idData): the last tie-break of the order",
        ));
    };
    if let Some(list) = items.id.as_ref().filter(|l| l.len() != n) {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "items.id",
            list.len().to_string(),
            format!("expected {n} rows, like the other columns"),
        ));
    }
    let rows = OpenItemRows {
        customer: &items.customer,
        currency: &items.currency,
        due: &items.due_date,
        id: source.ids(n, "items.id")?,
        open: &items.open,
    };
    let pays = ReceiptRows {
        customer: &receipts.customer,
        currency: &receipts.currency,
        date: &receipts.date,
        amount: &receipts.amount,
    };
    if !unapplied {
        check_receipts(&rows, &pays)?;
    }
    allocate_columns(&rows, &pays, threads as usize)
}

fn output(out: AllocatedColumns) -> AllocateOutput {
    AllocateOutput { applied: out.applied.into(), unapplied: out.unapplied.into() }
}

/// Allocates every receipt to its customer's open items in its currency, oldest first, with
/// `arrears::payments::allocate_columns`, reading the JS buffers in place. `unapplied`: leave a
/// receipt whose customer has no item in its currency unapplied instead of refusing the batch;
/// `threads` 0 = automatic.
#[napi(js_name = "allocateColumns", catch_unwind)]
pub fn allocate_columns_js(
    items: AllocateItemInput,
    receipts: AllocateReceiptInput,
    unapplied: bool,
    threads: u32,
) -> Result<AllocateOutput, String> {
    guarded(|| Ok(output(run(&items, &receipts, unapplied, threads)?)))
}

/// `allocateColumns` off the JS thread.
pub struct AllocateTask {
    items: AllocateItemInput,
    receipts: AllocateReceiptInput,
    unapplied: bool,
    threads: u32,
}

impl Task for AllocateTask {
    type Output = Outcome<AllocatedColumns>;
    type JsValue = AllocateOutput;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(outcome(|| run(&self.items, &self.receipts, self.unapplied, self.threads)))
    }

    fn resolve(&mut self, _env: Env, output_: Self::Output) -> Result<Self::JsValue> {
        match output_ {
            Outcome::Done(columns) => Ok(output(columns)),
            Outcome::Failed(e) => Err(task_error(arrears::to_json(&e))),
            Outcome::Panicked => Err(task_error(INTERNAL.to_string())),
        }
    }
}

/// `allocateColumns` computed off the JS thread; resolves to the same result.
#[napi(js_name = "allocateColumnsAsync", catch_unwind)]
pub fn allocate_columns_async(
    items: AllocateItemInput,
    receipts: AllocateReceiptInput,
    unapplied: bool,
    threads: u32,
) -> AsyncTask<AllocateTask> {
    AsyncTask::new(AllocateTask { items, receipts, unapplied, threads })
}

/// The open items of `openBalances`: customer codes, currency indices into `currencies` (ISO
/// 4217 codes), open amounts in minor units (`lib/payments.js` checks the array types).
#[napi(object, object_to_js = false)]
pub struct BalanceItemInput {
    pub customer: Uint32Array,
    pub currency: Uint16Array,
    pub currencies: Vec<String>,
    pub open: BigInt64Array,
}

/// One row per (customer, currency) with a balance above zero, by customer code, then currency.
#[napi(object, object_from_js = false)]
pub struct BalanceOutput {
    pub customer: Uint32Array,
    /// Indices into the call's `currencies`.
    pub currency: Uint16Array,
    pub balance: BigInt64Array,
}

fn balances(items: &BalanceItemInput, threads: u32) -> arrears::Result<OpenBalances> {
    let currencies: Vec<&str> = items.currencies.iter().map(String::as_str).collect();
    open_balances_listed(&items.customer, &items.currency, &currencies, &items.open, threads as usize)
}

fn balance_output(b: OpenBalances) -> BalanceOutput {
    BalanceOutput { customer: b.customer.into(), currency: b.currency.into(), balance: b.balance.into() }
}

/// Each customer's open balance per currency with `arrears::payments::open_balances_listed`,
/// reading the JS buffers in place; `threads` 0 = automatic.
#[napi(js_name = "openBalances", catch_unwind)]
pub fn open_balances_js(items: BalanceItemInput, threads: u32) -> Result<BalanceOutput, String> {
    guarded(|| Ok(balance_output(balances(&items, threads)?)))
}

/// `openBalances` off the JS thread.
pub struct BalanceTask {
    items: BalanceItemInput,
    threads: u32,
}

impl Task for BalanceTask {
    type Output = Outcome<OpenBalances>;
    type JsValue = BalanceOutput;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(outcome(|| balances(&self.items, self.threads)))
    }

    fn resolve(&mut self, _env: Env, output_: Self::Output) -> Result<Self::JsValue> {
        match output_ {
            Outcome::Done(b) => Ok(balance_output(b)),
            Outcome::Failed(e) => Err(task_error(arrears::to_json(&e))),
            Outcome::Panicked => Err(task_error(INTERNAL.to_string())),
        }
    }
}

/// `openBalances` computed off the JS thread; resolves to the same result.
#[napi(js_name = "openBalancesAsync", catch_unwind)]
pub fn open_balances_async(items: BalanceItemInput, threads: u32) -> AsyncTask<BalanceTask> {
    AsyncTask::new(BalanceTask { items, threads })
}
