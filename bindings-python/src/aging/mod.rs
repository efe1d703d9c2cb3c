//! `aging_arrow`: ages an Arrow table of open items with the core's columnar entry.
//!
//! Conversion only: each record batch's columns are viewed in place, checked for types the
//! core can read (dates as date32, amounts as decimal128 or integer minor units, one decimal
//! scale), and handed over as the core's column views (`arrears::aging::age_batches`), which
//! chooses the kernel (shared dictionaries, per-chunk dictionaries, plain strings, integer
//! keys). Errors come back as the core's typed errors (`Err(arrears::Error)`) for the Python
//! package to raise.
//!
//! - this file: the column checks and the views (`age_stream`);
//! - [`result`]: the aging table as an Arrow batch.

use arrears::aging::{age_batches, AgingBatch, AgingFields, AgingTable, BatchOptions, Currencies, Customers};
use arrears::{Error, ErrorKind};

use crate::arrow::{batch_len, column, column_type, Column, ImportedStream, Values};
use crate::{bad, col_err};
use arrow_schema::DataType;

mod result;

pub use result::aging_batch;

/// The names of the customer keys, in key order.
pub enum Names {
    Strings(Vec<String>),
    Ints(Vec<i64>),
    /// From a `uint64` column (or dictionary of them): exported as `uint64`, so ids of 2^63 and
    /// above come back as they went in.
    UInts(Vec<u64>),
    /// Ids packed by `pack_key` (from a `utf8` column, so their bytes are UTF-8).
    Packed(Vec<u128>),
}

/// One batch's columns, viewed (the core's views borrow them).
struct Batch<'a> {
    len: usize,
    customer: Column<'a>,
    currency: Option<Column<'a>>,
    date: &'a [i32],
    /// The first row without a date.
    date_null: Option<usize>,
    amount: Column<'a>,
    disputed: Option<Column<'a>>,
}

/// Column names and options of an aging run over an Arrow table.
pub struct AgingArgs {
    pub customer: String,
    pub currency: Option<String>,
    pub currency_code: Option<String>,
    pub due_date: String,
    pub issue_date: Option<String>,
    pub amount: String,
    pub amount_scale: Option<u32>,
    pub disputed: Option<String>,
    pub threads: usize,
}

/// Ages the imported stream. Returns the table and the names of its customer keys.
pub fn age_stream(
    stream: &ImportedStream,
    spec: &arrears::aging::AgingSpec,
    args: &AgingArgs,
) -> Result<(AgingTable, Names), Error> {
    let basis_col = match spec.basis {
        arrears::aging::AgeBasis::DueDate => args.due_date.clone(),
        arrears::aging::AgeBasis::IssueDate => args.issue_date.clone().ok_or_else(|| {
            bad(ErrorKind::InvalidRequest, "issue_date", "None", "aging by issue date needs the issue_date column name")
        })?,
    };
    // every column this call reads, validated on all cores before it is viewed
    let cur_name = args.currency.as_deref().unwrap_or("currency");
    let mut reads = vec![args.customer.as_str(), basis_col.as_str(), args.amount.as_str()];
    reads.extend(args.currency_code.is_none().then_some(cur_name));
    reads.extend(args.disputed.as_deref());
    crate::arrow::validate(stream, &reads, args.threads);
    let currencies = match &args.currency_code {
        Some(code) => Currencies::Fixed(code),
        None => Currencies::Codes,
    };
    currencies.check()?;
    let mut views: Vec<Batch<'_>> = Vec::with_capacity(stream.batches.len());
    let mut scale: Option<u32> = None;
    for b in &stream.batches {
        views.push(view_batch(stream, b, args, &basis_col, &mut scale)?);
    }
    let batches: Vec<AgingBatch<'_>> = views
        .iter()
        .map(|v| AgingBatch {
            len: v.len,
            customer: v.customer.core(),
            currency: v.currency.as_ref().map(Column::core),
            date: v.date,
            date_null: v.date_null,
            amount: v.amount.core(),
            disputed: v.disputed.as_ref().map(Column::core),
        })
        .collect();
    let fields = AgingFields { customer: &args.customer, currency: cur_name, date: &basis_col, amount: &args.amount };
    let options = BatchOptions { currencies, scale: scale.unwrap_or(2), threads: args.threads, fields };
    let out = age_batches(spec, batches, &options)?;
    // integer ids are interned as i128 and named as 64-bit patterns: uint64 ids go back as such
    let unsigned = match column_type(stream, &args.customer) {
        Some(DataType::UInt64) => true,
        Some(DataType::Dictionary(_, v)) => **v == DataType::UInt64,
        _ => false,
    };
    let names = match out.customers {
        Customers::Ints(v) if unsigned => Names::UInts(v.into_iter().map(|x| x as u64).collect()),
        Customers::Ints(v) => Names::Ints(v),
        Customers::Strings(v) => Names::Strings(v),
        Customers::Packed(v) => Names::Packed(v),
    };
    Ok((out.table, names))
}

/// The columns of one batch, viewed and checked for types the core reads: dates as date32,
/// amounts as decimal128 of at most [`crate::AGING_MAX_SCALE`] places (or integer minor units
/// with `amount_scale`), one scale for all batches, disputed flags as bool or integers.
fn view_batch<'a>(
    stream: &'a ImportedStream,
    b: &'a crate::arrow::ImportedBatch,
    args: &AgingArgs,
    basis_col: &str,
    scale: &mut Option<u32>,
) -> Result<Batch<'a>, Error> {
    let len = batch_len(b);
    let customer = column(stream, b, &args.customer).map_err(|e| col_err("customer", e))?;
    let date_col = column(stream, b, basis_col).map_err(|e| col_err(basis_col, e))?;
    let date: &[i32] = match &date_col.values {
        Values::Date32(d) => d,
        _ => {
            return Err(bad(
                ErrorKind::InvalidDate,
                basis_col,
                date_col.type_name.clone(),
                "dates must be an Arrow date32 column (days since 1970-01-01)",
            ))
        }
    };
    // a null date is reported by the kernel with the other nulls, the first null row first
    let date_null = date_col.first_null();
    let amount = column(stream, b, &args.amount).map_err(|e| col_err("amount", e))?;
    let this_scale = amount_scale(&amount, args)?;
    match *scale {
        None => *scale = Some(this_scale),
        Some(s) if s != this_scale => {
            return Err(bad(
                ErrorKind::InvalidAmount,
                &args.amount,
                this_scale.to_string(),
                format!("mixed decimal scales: a batch has {this_scale} decimal places, the first had {s}"),
            ))
        }
        _ => {}
    }
    let disputed = match &args.disputed {
        Some(n) => {
            let c = column(stream, b, n).map_err(|e| col_err("disputed", e))?;
            if !matches!(c.values, Values::Bool(_)) && !c.is_integer() {
                return Err(bad(
                    ErrorKind::InvalidRequest,
                    n,
                    c.type_name.clone(),
                    "the disputed column must be bool (or integers, nonzero = disputed)",
                ));
            }
            Some(c)
        }
        None => None,
    };
    let currency = match args.currency_code {
        Some(_) => None,
        None => {
            let name = args.currency.as_deref().unwrap_or("currency");
            Some(column(stream, b, name).map_err(|e| col_err("currency", e))?)
        }
    };
    Ok(Batch { len, customer, currency, date, date_null, amount, disputed })
}

/// The decimal places of a batch's amounts: a decimal128's scale, or `amount_scale` for
/// integer minor units.
fn amount_scale(amount: &Column<'_>, args: &AgingArgs) -> Result<u32, Error> {
    match &amount.values {
        Values::Decimal { scale, .. } => match u32::try_from(*scale) {
            Ok(s) if s <= crate::AGING_MAX_SCALE => Ok(s),
            _ => Err(bad(
                ErrorKind::InvalidAmount,
                &args.amount,
                amount.type_name.clone(),
                format!(
                    "a decimal scale must be 0..={} (amounts are summed as 64-bit minor units); cast the column to \
                     a decimal128 of such a scale",
                    crate::AGING_MAX_SCALE
                ),
            )),
        },
        _ if amount.is_integer() => args.amount_scale.ok_or_else(|| {
            bad(
                ErrorKind::InvalidAmount,
                &args.amount,
                amount.type_name.clone(),
                "integer amounts are minor units: pass amount_scale (2 for cents)",
            )
        }),
        _ => Err(bad(
            ErrorKind::InvalidAmount,
            &args.amount,
            amount.type_name.clone(),
            "amounts must be decimal128 (or integer minor units with amount_scale); a float cannot hold money",
        )),
    }
}
