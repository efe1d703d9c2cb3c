//! `interestColumns` and `interestColumnsAsync`: invoices and their payments as typed-array
//! columns, the late interest of every invoice computed by the core's columnar
//! `interest_columns` (payments given by invoice id are matched first by `match_payments`), the
//! results given back as typed arrays.

use std::ptr;

use arrears::charges::{
    interest_columns, match_payments, BatchRule, InterestBatch, InterestColumns, InterestRule, InvoiceRows,
    PaymentRows, Unmatched,
};
use arrears::chrono::NaiveDate;
use arrears::columnar::{Utf8Ids, Utf8IdsError};
use arrears::rust_decimal::Decimal;
use arrears::{Calendar, Error, ErrorKind, Rounding, RoundingMode};
use napi::bindgen_prelude::{
    AsyncTask, BigInt64Array, FromNapiValue, Int32Array, Result, Status, Uint16Array, Uint32Array, Uint8Array,
};
use napi::sys;
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
    #[napi(ts_type = "string[]")]
    pub id: Option<IdStrings>,
    /// ... or Arrow-style utf8: row `i` is the bytes `id_offsets[i] .. id_offsets[i + 1]` of `id_data`.
    pub id_offsets: Option<Int32Array>,
    pub id_data: Option<Uint8Array>,
}

/// The payments as columns: each on an invoice row (`invoice`) or an invoice id (`invoice_id`).
#[napi(object, object_to_js = false)]
pub struct InterestPaymentInput {
    pub invoice: Option<Uint32Array>,
    #[napi(ts_type = "string[]")]
    pub invoice_id: Option<IdStrings>,
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
    /// Under a preset: per invoice, the day number of the first day of the version it followed.
    pub version: Option<Int32Array>,
}

/// What the batch computes (`lib/charges.js` builds it from the options).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchSpec {
    #[serde(with = "arrears::wire::date")]
    as_of: NaiveDate,
    #[serde(default)]
    rule: Option<InterestRule>,
    #[serde(default)]
    preset: Option<arrears::wire::PresetRequest>,
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

/// A JS `string[]` of ids read straight into one Arrow-style utf8 column (offsets + bytes), one
/// copy per id and no string object on the Rust side (what `Vec<String>` would allocate per id).
pub struct IdStrings {
    offsets: Vec<i32>,
    data: Vec<u8>,
    /// The ids hold more than `i32::MAX` bytes (reading stopped there).
    too_big: bool,
}

impl IdStrings {
    pub(crate) fn len(&self) -> usize {
        self.offsets.len() - 1
    }
}

fn napi_check(status: sys::napi_status, what: &str) -> Result<()> {
    match status {
        sys::Status::napi_ok => Ok(()),
        s => Err(napi::Error::new(Status::from(s), format!("reading the ids: {what}"))),
    }
}

impl FromNapiValue for IdStrings {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        /// Room each id is copied into first; a copy of at most `ROOM - 5` bytes is the whole id
        /// (V8 copies whole characters, of at most 4 bytes, and a NUL).
        const ROOM: usize = 64;
        let mut is_array = false;
        napi_check(unsafe { sys::napi_is_array(env, value, &mut is_array) }, "napi_is_array")?;
        if !is_array {
            return Err(napi::Error::new(Status::ArrayExpected, "ids must be an array of strings"));
        }
        let mut len = 0u32;
        napi_check(unsafe { sys::napi_get_array_length(env, value, &mut len) }, "napi_get_array_length")?;
        let mut ids = IdStrings { offsets: Vec::with_capacity(len as usize + 1), data: Vec::new(), too_big: false };
        ids.offsets.push(0);
        for i in 0..len {
            let mut item = ptr::null_mut();
            napi_check(unsafe { sys::napi_get_element(env, value, i, &mut item) }, "napi_get_element")?;
            let at = ids.data.len();
            ids.data.reserve(ROOM);
            let mut copied = 0usize;
            // SAFETY: `reserve` made room for ROOM bytes after `at`; napi writes at most ROOM
            // (the id's bytes and a NUL) and says how many id bytes it wrote.
            let st = unsafe {
                sys::napi_get_value_string_utf8(env, item, ids.data.as_mut_ptr().add(at).cast(), ROOM, &mut copied)
            };
            if st == sys::Status::napi_string_expected {
                // lib/charges.js checks the elements first; this is the backstop
                return Err(napi::Error::new(Status::StringExpected, format!("ids[{i}] must be a string")));
            }
            napi_check(st, "napi_get_value_string_utf8")?;
            if copied + 5 > ROOM {
                // possibly cut off: ask for the length, then copy the whole id
                napi_check(
                    unsafe { sys::napi_get_value_string_utf8(env, item, ptr::null_mut(), 0, &mut copied) },
                    "napi_get_value_string_utf8",
                )?;
                ids.data.reserve(copied + 1);
                let mut again = 0usize;
                napi_check(
                    unsafe {
                        sys::napi_get_value_string_utf8(
                            env,
                            item,
                            ids.data.as_mut_ptr().add(at).cast(),
                            copied + 1,
                            &mut again,
                        )
                    },
                    "napi_get_value_string_utf8",
                )?;
                copied = again;
            }
            // SAFETY: napi initialised `copied` bytes after `at`.
            unsafe { ids.data.set_len(at + copied) };
            match i32::try_from(ids.data.len()) {
                Ok(end) => ids.offsets.push(end),
                Err(_) => {
                    ids.too_big = true;
                    break;
                }
            }
        }
        Ok(ids)
    }
}

/// An id column, from a `string[]` (read into one buffer) or Arrow-style utf8 buffers (read in place).
pub(crate) struct IdSource<'a> {
    offsets: &'a [i32],
    data: &'a [u8],
}

impl<'a> IdSource<'a> {
    /// The form given, or `None`; `name` is the column's wire name (`id`, `payments.invoice_id`).
    pub(crate) fn of(
        list: Option<&'a IdStrings>,
        offsets: Option<&'a [i32]>,
        data: Option<&'a [u8]>,
        name: &str,
    ) -> arrears::Result<Option<IdSource<'a>>> {
        match (list, offsets, data) {
            (None, None, None) => Ok(None),
            (Some(list), None, None) if list.too_big => Err(Error::new(
                ErrorKind::LimitExceeded,
                name,
                list.data.len().to_string(),
                "the ids hold more than 2 GiB of UTF-8",
            )),
            (Some(list), None, None) => Ok(Some(IdSource { offsets: &list.offsets, data: &list.data })),
            (None, Some(offsets), Some(data)) => Ok(Some(IdSource { offsets, data })),
            _ => Err(Error::new(
                ErrorKind::InvalidRequest,
                name,
                "",
                "give the ids as a string[] or as utf8 offsets + data (both), not both forms",
            )),
        }
    }

    /// The checked column of `rows` ids; a bad layout names `<name>_offsets`.
    pub(crate) fn ids(&self, rows: usize, name: &str) -> arrears::Result<Utf8Ids<'_>> {
        Utf8Ids::try_new(self.offsets, self.data, None, rows).map_err(|e: Utf8IdsError| {
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
    let source = IdSource::of(invoices.id.as_ref(), invoices.id_offsets.as_deref(), invoices.id_data.as_deref(), "id")?;
    let Some(source) = source else {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "invoice_id",
            "",
            "payments by invoice id need the invoices' ids (id, or idOffsets + idData)",
        ));
    };
    let n = invoices.amount.len();
    if let Some(list) = invoices.id.as_ref().filter(|l| l.len() != n) {
        return Err(Error::new(
            ErrorKind::InvalidRequest,
            "id",
            list.len().to_string(),
            format!("columns of different lengths: id has {} rows, amount has {n}", list.len()),
        ));
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
                p.invoice_id.as_ref(),
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
    let resolved = spec.preset.as_ref().map(|p| p.resolve()).transpose()?;
    let rule = match (&spec.rule, &resolved) {
        (Some(r), None) => BatchRule::Rule(r),
        (None, Some((preset, input))) => BatchRule::Preset { preset, input },
        _ => return Err(Error::new(ErrorKind::InvalidRequest, "rule", "", "give exactly one of rule and preset")),
    };
    let batch = InterestBatch {
        rule,
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
        status: out.status.iter().map(|&s| s.code()).collect::<Vec<u8>>().into(),
        scales: out.scales.into(),
        periods,
        version: (!out.version.is_empty()).then(|| out.version.into()),
    }
}

/// The late interest of every invoice with `arrears::charges::interest_columns`, reading the JS
/// buffers in place. `specJson`: `{"as_of", "rule" or "preset", "rounding", "precision", "cash_increment",
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
