//! `interestColumns` and `interestColumnsAsync`: invoices and their payments as typed-array
//! columns, the late interest of every invoice computed by the core's columnar
//! `interest_columns` (payments given by invoice id are matched first by `match_payments`), the
//! results given back as typed arrays.

use arrears::charges::{
    interest_columns, match_payments, InterestBatch, InterestColumns, InterestRule, InterestStatus, InvoiceRows,
    PaymentRows, Unmatched,
};
use arrears::chrono::NaiveDate;
use arrears::columnar::{Utf8Ids, Utf8IdsError};
use arrears::rust_decimal::Decimal;
use arrears::{Calendar, Error, ErrorKind, Rounding, RoundingMode};
use napi::bindgen_prelude::{AsyncTask, BigInt64Array, Int32Array, Result, Uint16Array, Uint32Array, Uint8Array};
use napi::{Env, Task};
use napi_derive::napi;
use serde::Deserialize;

use crate::{guarded, outcome, task_error, Outcome, INTERNAL};

/// The invoices as columns (`lib/charges.js` checks the array types).
#[napi(object, object_to_js = false)]
pub struct InterestInvoiceInput {
    pub due_date: Int32Array,
    pub amount: BigInt64Array,
    pub currency: Uint16Array,
    pub currencies: Vec<String>,
    pub issue_date: Option<Int32Array>,
    pub rows: Option<Uint32Array>,
    /// Invoice ids, for payments given by invoice id: a `string[]`...
    pub id: Option<Vec<String>>,
    /// ... or Arrow-style utf8: row `i` is the bytes `id_offsets[i] .. id_offsets[i + 1]` of `id_data`.
    pub id_offsets: Option<Int32Array>,
    pub id_data: Option<Uint8Array>,
}

/// The payments as columns: each on an invoice row (`invoice`) or an invoice id (`invoice_id`).
#[napi(object, object_to_js = false)]
pub struct InterestPaymentInput {
    pub invoice: Option<Uint32Array>,
    pub invoice_id: Option<Vec<String>>,
    pub invoice_id_offsets: Option<Int32Array>,
    pub invoice_id_data: Option<Uint8Array>,
    pub date: Int32Array,
    pub amount: BigInt64Array,
}

/// The breakdown as a flat table (see `arrears::charges::PeriodColumns`).
#[napi(object, object_from_js = false)]
pub struct PeriodOutput {
    pub offsets: Uint32Array,
    pub from: Int32Array,
    pub to: Int32Array,
    pub days: Int32Array,
    pub principal: BigInt64Array,
    pub rate: BigInt64Array,
    pub day_basis: Uint16Array,
    pub interest: BigInt64Array,
}

/// Per invoice: interest (minor units of its currency), status (an index into
/// `INTEREST_STATUSES`), the currencies' scales, and the breakdown when asked for.
#[napi(object, object_from_js = false)]
pub struct InterestOutput {
    pub interest: BigInt64Array,
    pub status: Uint8Array,
    pub scales: Uint32Array,
    pub periods: Option<PeriodOutput>,
}

/// What the batch computes (`lib/charges.js` builds it from the options).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchSpec {
    #[serde(with = "arrears::wire::date")]
    as_of: NaiveDate,
    rule: InterestRule,
    #[serde(default)]
    rounding: RoundingMode,
    #[serde(default)]
    precision: Option<u32>,
    #[serde(default, with = "arrears::wire::opt_amount")]
    cash_increment: Option<Decimal>,
    #[serde(default)]
    calendar: Option<Calendar>,
    #[serde(default)]
    breakdown: bool,
    #[serde(default)]
    unmatched: UnmatchedName,
}

/// What happens to a payment on an invoice id the batch does not hold.
#[derive(Deserialize, Default, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum UnmatchedName {
    #[default]
    Error,
    Skip,
}

/// The status codes, in the order of `INTEREST_STATUSES` in `lib/charges.js`.
fn status_code(s: InterestStatus) -> u8 {
    match s {
        InterestStatus::NotDue => 0,
        InterestStatus::PaidOnTime => 1,
        InterestStatus::WithinGrace => 2,
        InterestStatus::PaidWithinGrace => 3,
        InterestStatus::Charged => 4,
    }
}

/// Strings as an Arrow-style utf8 column (offsets + bytes), for `Utf8Ids`.
fn utf8(ids: &[String], field: &str) -> arrears::Result<(Vec<i32>, Vec<u8>)> {
    let mut offsets = Vec::with_capacity(ids.len() + 1);
    let mut data = Vec::new();
    offsets.push(0i32);
    for id in ids {
        data.extend_from_slice(id.as_bytes());
        let end = i32::try_from(data.len()).map_err(|_| {
            Error::new(ErrorKind::LimitExceeded, field, data.len().to_string(), "the ids hold more than 2 GiB")
        })?;
        offsets.push(end);
    }
    Ok((offsets, data))
}

/// An id column in one of its forms: a `string[]` (copied into one buffer) or Arrow-style utf8
/// buffers (read in place).
enum IdSource<'a> {
    Owned(Vec<i32>, Vec<u8>),
    Borrowed(&'a [i32], &'a [u8]),
}

impl<'a> IdSource<'a> {
    /// The form given, or `None`; `name` is the column's wire name (`id`, `payments.invoice_id`).
    fn of(
        list: Option<&[String]>,
        offsets: Option<&'a [i32]>,
        data: Option<&'a [u8]>,
        name: &str,
    ) -> arrears::Result<Option<IdSource<'a>>> {
        match (list, offsets, data) {
            (None, None, None) => Ok(None),
            (Some(list), None, None) => {
                let (o, d) = utf8(list, name)?;
                Ok(Some(IdSource::Owned(o, d)))
            }
            (None, Some(o), Some(d)) => Ok(Some(IdSource::Borrowed(o, d))),
            _ => Err(Error::new(
                ErrorKind::InvalidRequest,
                name,
                "",
                "give the ids as a string[] or as utf8 offsets + data (both), not both forms",
            )),
        }
    }

    /// The checked column of `rows` ids; a bad layout names `<name>_offsets`.
    fn ids(&self, rows: usize, name: &str) -> arrears::Result<Utf8Ids<'_>> {
        let (o, d): (&[i32], &[u8]) = match self {
            IdSource::Owned(o, d) => (o, d),
            IdSource::Borrowed(o, d) => (o, d),
        };
        Utf8Ids::try_new(o, d, None, rows).map_err(|e: Utf8IdsError| {
            Error::new(ErrorKind::InvalidRequest, format!("{name}_offsets"), "", format!("{name}: {e}"))
        })
    }
}

/// The invoice row of each payment given by invoice id.
fn rows_of_ids(
    invoices: &InterestInvoiceInput,
    payment_ids: &IdSource<'_>,
    payments: usize,
    unmatched: UnmatchedName,
    threads: usize,
) -> arrears::Result<Vec<u32>> {
    let source =
        IdSource::of(invoices.id.as_deref(), invoices.id_offsets.as_deref(), invoices.id_data.as_deref(), "id")?;
    let Some(source) = source else {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "invoice_id",
            "",
            "payments by invoice id need the invoices' ids (id, or idOffsets + idData)",
        ));
    };
    let n = invoices.amount.len();
    if let Some(list) = &invoices.id {
        if list.len() != n {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                "id",
                list.len().to_string(),
                format!("columns of different lengths: id has {} rows, amount has {n}", list.len()),
            ));
        }
    }
    let inv = source.ids(n, "id")?;
    let pay = payment_ids.ids(payments, "payments.invoice_id")?;
    let unmatched = match unmatched {
        UnmatchedName::Error => Unmatched::Error,
        UnmatchedName::Skip => Unmatched::Skip,
    };
    match_payments(&inv, &pay, invoices.rows.as_deref(), unmatched, threads)
}

fn run(
    invoices: &InterestInvoiceInput,
    payments: Option<&InterestPaymentInput>,
    spec_json: &str,
    threads: u32,
) -> arrears::Result<InterestColumns> {
    let spec: BatchSpec = arrears::from_json(spec_json)?;
    let threads = threads as usize;
    let currencies: Vec<&str> = invoices.currencies.iter().map(String::as_str).collect();
    let rows = InvoiceRows {
        due_date: &invoices.due_date,
        amount: &invoices.amount,
        currency: &invoices.currency,
        currencies: &currencies,
        issue_date: invoices.issue_date.as_deref(),
        rows: invoices.rows.as_deref(),
    };
    let matched: Vec<u32>;
    let invoice: &[u32] = match payments {
        None => &[],
        Some(p) => {
            let ids = IdSource::of(
                p.invoice_id.as_deref(),
                p.invoice_id_offsets.as_deref(),
                p.invoice_id_data.as_deref(),
                "payments.invoice_id",
            )?;
            match (&p.invoice, ids) {
                (Some(rows), None) => rows,
                (None, Some(ids)) => {
                    matched = rows_of_ids(invoices, &ids, p.amount.len(), spec.unmatched, threads)?;
                    &matched
                }
                _ => {
                    return Err(Error::new(
                        ErrorKind::InvalidRequest,
                        "payments.invoice",
                        "",
                        "give each payment's invoice as exactly one of invoice (rows) and its id (invoiceId, or \
                         invoiceIdOffsets + invoiceIdData)",
                    ))
                }
            }
        }
    };
    let pays = match payments {
        None => PaymentRows { invoice: &[], date: &[], amount: &[] },
        Some(p) => PaymentRows { invoice, date: &p.date, amount: &p.amount },
    };
    let rounding = Rounding { mode: spec.rounding, precision: spec.precision, cash_increment: spec.cash_increment };
    let calendar = spec.calendar.unwrap_or_default();
    let batch = InterestBatch {
        rule: &spec.rule,
        as_of: spec.as_of,
        rounding: &rounding,
        calendar: &calendar,
        threads,
        breakdown: spec.breakdown,
    };
    interest_columns(&batch, &rows, &pays)
}

fn output(out: InterestColumns) -> InterestOutput {
    let periods = out.periods.map(|p| PeriodOutput {
        offsets: p.offsets.into(),
        from: p.from.into(),
        to: p.to.into(),
        // days within 0001..9999 are far below 2^31
        days: p.days.iter().map(|&d| i32::try_from(d).unwrap_or(i32::MAX)).collect::<Vec<i32>>().into(),
        principal: p.principal.into(),
        rate: p.rate.into(),
        day_basis: p.day_basis.into(),
        interest: p.interest.into(),
    });
    InterestOutput {
        interest: out.interest.into(),
        status: out.status.iter().map(|&s| status_code(s)).collect::<Vec<u8>>().into(),
        scales: out.scales.into(),
        periods,
    }
}

/// The late interest of every invoice with `arrears::charges::interest_columns`, reading the JS
/// buffers in place. `specJson`: `{"as_of", "rule", "rounding", "precision", "cash_increment",
/// "calendar", "breakdown", "unmatched"}`; `threads` 0 = automatic.
#[napi(js_name = "interestColumns", catch_unwind)]
pub fn interest_columns_js(
    invoices: InterestInvoiceInput,
    payments: Option<InterestPaymentInput>,
    spec_json: String,
    threads: u32,
) -> Result<InterestOutput, String> {
    guarded(|| Ok(output(run(&invoices, payments.as_ref(), &spec_json, threads)?)))
}

/// `interestColumns` off the JS thread.
pub struct InterestTask {
    invoices: InterestInvoiceInput,
    payments: Option<InterestPaymentInput>,
    spec_json: String,
    threads: u32,
}

impl Task for InterestTask {
    type Output = Outcome<InterestColumns>;
    type JsValue = InterestOutput;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(outcome(|| run(&self.invoices, self.payments.as_ref(), &self.spec_json, self.threads)))
    }

    fn resolve(&mut self, _env: Env, output_: Self::Output) -> Result<Self::JsValue> {
        match output_ {
            Outcome::Done(columns) => Ok(output(columns)),
            Outcome::Failed(e) => Err(task_error(arrears::to_json(&e))),
            Outcome::Panicked => Err(task_error(INTERNAL.to_string())),
        }
    }
}

/// `interestColumns` computed off the JS thread; resolves to the same result.
#[napi(js_name = "interestColumnsAsync", catch_unwind)]
pub fn interest_columns_async(
    invoices: InterestInvoiceInput,
    payments: Option<InterestPaymentInput>,
    spec_json: String,
    threads: u32,
) -> AsyncTask<InterestTask> {
    AsyncTask::new(InterestTask { invoices, payments, spec_json, threads })
}
