//! `scheduleBatch` and `scheduleBatchAsync`: invoices as typed-array columns, scheduled in one
//! call by the core's `schedule_columns`, the installments given back as typed arrays.

use arrears::batch::{schedule_columns, InvoiceColumns, ScheduleColumns};
use arrears::notation::NotationOptions;
use arrears::rust_decimal::Decimal;
use arrears::{Calendar, PaymentTerms, Rounding, RoundingMode, ScheduleOptions};
use napi::bindgen_prelude::{AsyncTask, BigInt64Array, Int32Array, Result, Uint16Array, Uint32Array};
use napi::{Env, Task};
use napi_derive::napi;
use serde::Deserialize;

use crate::{guarded, outcome, task_error, Outcome, INTERNAL};

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
