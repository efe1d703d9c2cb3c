//! `schedule_arrow`: schedules every invoice (row) of an Arrow table with the core's batch
//! scheduler.

use arrears::{Error, ErrorKind};

use crate::arrow::{batch_len, column, ExportBatch, ExportColumn, ImportedStream, Values};
use crate::{bad, col_err};

/// Column names of a batch scheduling run over an Arrow table.
pub struct ScheduleArgs {
    pub total: String,
    pub base_date: String,
    pub currency: Option<String>,
    pub currency_code: Option<String>,
    pub terms: Option<String>,
    pub total_scale: Option<u32>,
}

/// Schedules every invoice (row) of the stream; returns the installments as one Arrow batch:
/// invoice (row number), line, due_date, currency, amount (decimal at the largest currency
/// scale), and the first discount tier (deadline, amount; null without one) with the number of
/// tiers.
pub fn schedule_stream(
    stream: &ImportedStream,
    terms: &[arrears::PaymentTerms],
    options: &arrears::ScheduleOptions,
    args: &ScheduleArgs,
) -> Result<ExportBatch, Error> {
    let mut codes: Vec<String> = Vec::new();
    if let Some(c) = &args.currency_code {
        codes.push(c.clone());
    }
    // scales per currency under the options' rounding (precision override included)
    let scale_of =
        |code: &str| -> Result<u32, Error> { Ok(arrears::MoneyRules::new(code, &options.rounding)?.scale()) };
    // Sized once: rows x the most lines of any terms (no regrowth, copying, page faults twice).
    let rows: usize = stream.batches.iter().map(batch_len).sum();
    let cap = rows.saturating_mul(terms.iter().map(|t| t.lines().len()).max().unwrap_or(1)).min(1 << 28);
    let (mut invoice, mut line, mut due, mut cur_out, mut amount) = (
        Vec::with_capacity(cap),
        Vec::with_capacity(cap),
        Vec::with_capacity(cap),
        Vec::with_capacity(cap),
        Vec::with_capacity(cap),
    );
    let (mut d_deadline, mut d_amount, mut d_tiers) =
        (Vec::with_capacity(cap), Vec::with_capacity(cap), Vec::with_capacity(cap));
    // every column this call reads, validated on all cores before it is viewed
    let mut reads = vec![args.total.as_str(), args.base_date.as_str()];
    reads.extend(args.currency_code.is_none().then(|| args.currency.as_deref().unwrap_or("currency")));
    reads.extend(args.terms.as_deref());
    crate::arrow::validate(stream, &reads, 0);
    let mut offset = 0usize;
    for b in &stream.batches {
        let n = batch_len(b);
        let total_col = column(stream, b, &args.total).map_err(|e| col_err(&args.total, e))?;
        let date_col = column(stream, b, &args.base_date).map_err(|e| col_err(&args.base_date, e))?;
        let dates: &[i32] = match &date_col.values {
            Values::Date32(d) => d,
            _ => {
                return Err(bad(
                    ErrorKind::InvalidDate,
                    &args.base_date,
                    date_col.type_name.clone(),
                    "dates must be an Arrow date32 column",
                ))
            }
        };
        let cur_name = args.currency.as_deref().unwrap_or("currency");
        let cur_col = match &args.currency_code {
            Some(_) => None,
            None => Some(column(stream, b, cur_name).map_err(|e| col_err(cur_name, e))?),
        };
        let terms_name = args.terms.as_deref().unwrap_or("terms");
        let terms_col = match &args.terms {
            Some(name) => Some(column(stream, b, name).map_err(|e| col_err(name, e))?),
            None => None,
        };
        // the first row with a null where a value is required, whichever column it is in
        let required = [
            (Some(&total_col), args.total.as_str()),
            (Some(&date_col), args.base_date.as_str()),
            (cur_col.as_ref(), cur_name),
            (terms_col.as_ref(), terms_name),
        ];
        if let Some((r, name)) =
            required.iter().filter_map(|(c, name)| Some((c.as_ref()?.first_null()?, *name))).min_by_key(|x| x.0)
        {
            return Err(bad(
                ErrorKind::InvalidRequest,
                &format!("invoices[{}].{name}", offset + r),
                "null",
                format!("row {} has no {name}", offset + r),
            ));
        }
        // currency index per row
        let cur: Vec<u16> = match &cur_col {
            None => vec![0; n],
            Some(c) => {
                let name = cur_name;
                if let Some((i, v, n)) = c.first_bad_index() {
                    return Err(bad(
                        ErrorKind::InvalidRequest,
                        &format!("invoices[{}].{name}", offset + i),
                        v.to_string(),
                        format!("a dictionary index outside its dictionary of {n} values"),
                    ));
                }
                let mut out = Vec::with_capacity(n);
                for i in 0..n {
                    let s = match &c.values {
                        Values::Dict { indices, values } => values.str_at(indices.int_at(i).unwrap_or(0) as usize),
                        _ => c.str_at(i),
                    }
                    .ok_or_else(|| {
                        bad(ErrorKind::InvalidRequest, name, c.type_name.clone(), "currency codes must be strings")
                    })?;
                    let k = match codes.iter().position(|x| x.as_bytes() == s) {
                        Some(k) => k,
                        None => {
                            codes.push(String::from_utf8_lossy(s).into_owned());
                            codes.len() - 1
                        }
                    };
                    out.push(k as u16);
                }
                out
            }
        };
        let scales: Vec<u32> = codes
            .iter()
            .enumerate()
            .map(|(j, c)| {
                scale_of(c).map_err(|e| Error::new(e.kind(), format!("currencies[{j}]"), e.value(), e.reason()))
            })
            .collect::<Result<_, _>>()?;
        // totals in minor units of each row's currency
        let (col_scale, is_dec) =
            match &total_col.values {
                Values::Decimal { scale, .. } => match u32::try_from(*scale) {
                    Ok(s) if s <= crate::SCHEDULE_MAX_SCALE => (s, true),
                    _ => {
                        return Err(bad(
                            ErrorKind::InvalidAmount,
                            &args.total,
                            total_col.type_name.clone(),
                            format!(
                                "a decimal scale must be 0..={}; cast the column to a decimal128 of such a scale",
                                crate::SCHEDULE_MAX_SCALE
                            ),
                        ))
                    }
                },
                _ if total_col.is_integer() => (
                    args.total_scale.ok_or_else(|| {
                        bad(
                            ErrorKind::InvalidAmount,
                            &args.total,
                            total_col.type_name.clone(),
                            "integer totals are minor units: pass total_scale",
                        )
                    })?,
                    false,
                ),
                _ => return Err(bad(
                    ErrorKind::InvalidAmount,
                    &args.total,
                    total_col.type_name.clone(),
                    "totals must be decimal128 (or integer minor units with total_scale); a float cannot hold money",
                )),
            };
        let mut totals = Vec::with_capacity(n);
        for i in 0..n {
            let raw: i128 = match &total_col.values {
                Values::Decimal { values, .. } if is_dec => values[i],
                _ => total_col.int_at(i).unwrap_or(0),
            };
            let want = scales[cur[i] as usize];
            let too_large = || {
                bad(
                    ErrorKind::Overflow,
                    &format!("invoices[{}].{}", offset + i, args.total),
                    crate::interest::read::shown(raw, col_scale),
                    crate::interest::read::over_at(&codes, cur.get(i)),
                )
            };
            // both scales are at most 28 (checked above, and by the core for currencies), so
            // the powers of ten fit i128; checked all the same
            let v = if col_scale > want {
                let f = 10i128.checked_pow(col_scale - want).ok_or_else(too_large)?;
                if raw % f != 0 {
                    return Err(bad(
                        ErrorKind::InvalidAmount,
                        &format!("invoices[{}].{}", offset + i, args.total),
                        raw.to_string(),
                        format!(
                            "has more decimals than {} allows ({want}); round it explicitly",
                            codes[cur[i] as usize]
                        ),
                    ));
                }
                raw / f
            } else {
                10i128.checked_pow(want - col_scale).and_then(|f| raw.checked_mul(f)).ok_or_else(too_large)?
            };
            totals.push(i64::try_from(v).map_err(|_| too_large())?);
        }
        let terms_idx: Option<Vec<u32>> = match &terms_col {
            Some(c) => {
                let mut out = Vec::with_capacity(n);
                for i in 0..n {
                    let v = c.int_at(i).ok_or_else(|| {
                        bad(
                            ErrorKind::InvalidRequest,
                            terms_name,
                            c.type_name.clone(),
                            "a terms index column holds integers",
                        )
                    })?;
                    out.push(u32::try_from(v).unwrap_or(u32::MAX));
                }
                Some(out)
            }
            None => None,
        };
        let code_refs: Vec<&str> = codes.iter().map(String::as_str).collect();
        let cols = arrears::batch::InvoiceColumns {
            total: &totals,
            currency: &cur,
            base_date: dates,
            terms: terms_idx.as_deref(),
        };
        let out = arrears::batch::schedule_columns(terms, &code_refs, options, &cols).map_err(|e| {
            // invoices[i].currency -> the table's row number and the caller's column name
            let f = e.field().to_string();
            let renamed = f.strip_prefix("invoices[").and_then(|rest| {
                let (num, tail) = rest.split_once(']')?;
                let row: usize = num.parse().ok()?;
                let tail = match tail {
                    ".total" => format!(".{}", args.total),
                    ".base_date" => format!(".{}", args.base_date),
                    ".currency" => format!(".{cur_name}"),
                    ".terms" => format!(".{terms_name}"),
                    t => t.to_string(),
                };
                Some(format!("invoices[{}]{tail}", row + offset))
            });
            match renamed {
                Some(field) => Error::new(e.kind(), field, e.value(), e.reason()),
                None => e,
            }
        })?;
        for i in 0..n {
            for k in out.offsets[i] as usize..out.offsets[i + 1] as usize {
                invoice.push((offset + i) as i64);
                line.push(out.line[k] as i32);
                due.push(out.due_date[k]);
                cur_out.push(cur[i]);
                amount.push((out.amount[k], scales[cur[i] as usize]));
                let (a, z) = (out.discount_offsets[k] as usize, out.discount_offsets[k + 1] as usize);
                d_tiers.push((z - a) as i32);
                if z > a {
                    d_deadline.push(Some(out.discount_deadline[a]));
                    d_amount.push(Some((out.discount_amount[a], scales[cur[i] as usize])));
                } else {
                    d_deadline.push(None);
                    d_amount.push(None);
                }
            }
        }
        offset += n;
    }
    let top = amount.iter().map(|a| a.1).chain(d_amount.iter().flatten().map(|a| a.1)).max().unwrap_or(2);
    let up = |(v, s): (i64, u32)| i128::from(v) * 10i128.pow(top - s);
    let len = invoice.len();
    Ok(ExportBatch {
        columns: vec![
            ("invoice".into(), ExportColumn::Int64(invoice)),
            ("line".into(), ExportColumn::Int32(line)),
            ("due_date".into(), ExportColumn::Date32(due)),
            ("currency".into(), ExportColumn::Utf8Indexed { names: codes.clone(), index: cur_out }),
            ("amount".into(), ExportColumn::Decimal { values: amount.into_iter().map(up).collect(), scale: top }),
            ("discount_deadline".into(), ExportColumn::NullableDate32(d_deadline)),
            (
                "discount_amount".into(),
                ExportColumn::NullableDecimal { values: d_amount.into_iter().map(|x| x.map(up)).collect(), scale: top },
            ),
            ("discount_tiers".into(), ExportColumn::Int32(d_tiers)),
        ],
        len,
    })
}
