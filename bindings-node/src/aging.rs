//! `agingColumns` and `agingColumnsAsync`: open items as typed-array columns, aged by the
//! core's columnar entry (`arrears::aging::age_batches`, which chooses the kernel for integer
//! keys and string ids alike; the ids are read in `aging_ids.rs`), the table given back as
//! typed arrays.

use std::panic::{catch_unwind, AssertUnwindSafe};

use arrears::aging::AgingTable;
use arrears::columnar::{Column, Values};
use arrears::wire::AgingRequest;
use napi::bindgen_prelude::{
    AsyncTask, BigInt, BigInt64Array, Either, Int32Array, Result, Uint16Array, Uint32Array, Uint8Array,
};
use napi::{Env, Task};
use napi_derive::napi;

use crate::aging_ids::{self, IdAging, IdColumn, IdList};
use crate::{guarded, outcome, task_error, Outcome, INTERNAL};

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
        // lib/aging.js checks this first; the backstop, so that a bitmap is never ignored
        return Err(arrears::Error::new(
            arrears::ErrorKind::InvalidRequest,
            "customer_validity",
            "",
            "customerValidity goes only with customerOffsets + customerData",
        ));
    }
    let Some(customer) = &input.customer else {
        return Ok(Aged::Ids(aging_ids::age_ids(input, &spec, threads as usize)?));
    };
    // The lengths and the basis checked as the core's `age_columns` checks them, first.
    let n = input.amount.len();
    if customer.len() != n {
        let len = customer.len();
        return Err(arrears::Error::new(
            arrears::ErrorKind::InvalidRequest,
            "customer",
            len.to_string(),
            format!("columns of different lengths: customer has {len} rows, amount has {n}"),
        ));
    }
    aging_ids::check_lengths(input, n)?;
    if spec.basis == arrears::aging::AgeBasis::IssueDate && input.issue_date.is_none() {
        return Err(arrears::Error::new(
            arrears::ErrorKind::InvalidRequest,
            "issue_date",
            "null",
            "aging by issue date needs the issue_date column",
        ));
    }
    let keys = Column::new(n, Values::U32(customer), "Uint32Array");
    Ok(Aged::Keys(aging_ids::age_input(input, &spec, keys, threads as usize)?.into_int_keys()))
}

fn aging_output(aged: &Aged) -> arrears::Result<AgingOutput> {
    let (table, remap) = match aged {
        Aged::Keys(t) => (t, None),
        Aged::Ids(a) => (&a.table, Some(&a.currency_index)),
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
        Aged::Ids(a) => Either::B(IdColumn::new(a)),
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
