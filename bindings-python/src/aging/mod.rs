//! `aging_arrow`: ages an Arrow table of open items with the core's kernels.
//!
//! Conversion only: Arrow columns are viewed in place and handed to the core's kernels
//! (`arrears::aging::age_sources`, `arrears::aging::age_keyed`); string keys are
//! dictionary-encoded here (sorted, so the core's key order is the customer id order). Errors
//! come back as the core's typed errors (`Err(arrears::Error)`) for the Python package to raise.
//!
//! - this file: the column checks and the choice of path (`age_stream`);
//! - [`sources`]: the batches as the kernels' sources (the fast readers among them);
//! - [`intern`]: string and integer ids to dense keys;
//! - [`result`]: the aging table as an Arrow batch.

use std::collections::HashMap;

use arrears::aging::{age_sources, pack_code, AgingSource, AgingTable};
use arrears::{Error, ErrorKind};

use crate::arrow::{batch_len, column, column_type, Column, ImportedStream, Values};
use crate::{bad, col_err};
use arrow_schema::DataType;

pub(crate) mod intern;
mod result;
mod sources;

pub use result::aging_batch;

use intern::{intern_rows, Interner};
use sources::{
    age_keyed_batches, flat_dict_sources, flat_sources, materialize_dict_keys, rank_dictionaries, FlatAmounts,
};

/// Customer keys of one batch.
enum Keys {
    /// One key per row.
    Rows(Vec<u32>),
    /// Dictionary indices mapped through a per-batch table.
    Dict(std::sync::Arc<Vec<u32>>),
    /// Integer values used directly (dense, non-negative).
    Direct,
    /// Strings, interned after all batches are seen.
    Pending,
}

/// The names of the customer keys, in key order.
pub enum Names {
    Strings(Vec<String>),
    Ints(Vec<i64>),
    /// From a `uint64` column (or dictionary of them): exported as `uint64`, so ids of 2^63 and
    /// above come back as they went in.
    UInts(Vec<u64>),
    /// Ids packed by [`pack_key`] (from a `utf8` column, so their bytes are UTF-8).
    Packed(Vec<u128>),
}

impl Names {
    fn len(&self) -> usize {
        match self {
            Names::Strings(v) => v.len(),
            Names::Ints(v) => v.len(),
            Names::UInts(v) => v.len(),
            Names::Packed(v) => v.len(),
        }
    }
}

struct Batch<'a> {
    len: usize,
    customer: Column<'a>,
    keys: Keys,
    currency: Option<Column<'a>>,
    cur_keys: Vec<u16>,
    /// For a dictionary-encoded currency column: currency index per dictionary entry.
    cur_map: Vec<u16>,
    date: &'a [i32],
    /// The first row without a date.
    date_null: Option<usize>,
    amount: Column<'a>,
    disputed: Option<Column<'a>>,
}

impl AgingSource for Batch<'_> {
    fn len(&self) -> usize {
        self.len
    }
    #[inline]
    fn customer(&self, i: usize) -> u64 {
        match &self.keys {
            Keys::Rows(k) => u64::from(k[i]),
            Keys::Dict(map) => match &self.customer.values {
                Values::Dict { indices, .. } => map[indices.int_at(i).unwrap_or(0) as usize] as u64,
                _ => 0,
            },
            Keys::Direct => self.customer.int_at(i).unwrap_or(0) as u64,
            Keys::Pending => 0,
        }
    }
    #[inline]
    fn currency(&self, i: usize) -> u32 {
        if !self.cur_map.is_empty() {
            if let Some(Column { values: Values::Dict { indices, .. }, .. }) = &self.currency {
                let j = indices.int_at(i).unwrap_or(0) as usize;
                return u32::from(self.cur_map.get(j).copied().unwrap_or(u16::MAX));
            }
        }
        if self.cur_keys.len() == 1 {
            u32::from(self.cur_keys[0])
        } else {
            u32::from(self.cur_keys.get(i).copied().unwrap_or(u16::MAX))
        }
    }
    #[inline]
    fn date(&self, i: usize) -> i32 {
        self.date[i]
    }
    #[inline]
    fn amount(&self, i: usize) -> i128 {
        match &self.amount.values {
            Values::Decimal { values, .. } => values[i],
            _ => self.amount.int_at(i).unwrap_or(0),
        }
    }
    #[inline]
    fn disputed(&self, i: usize) -> bool {
        match &self.disputed {
            Some(Column { values: Values::Bool(b), .. }) => b.value(i),
            Some(c) => c.int_at(i).unwrap_or(0) != 0,
            None => false,
        }
    }
    fn first_invalid(&self) -> Option<(usize, &'static str)> {
        let mut first: Option<(usize, &'static str)> = None;
        let mut note = |row: Option<usize>, name: &'static str| {
            if let Some(r) = row {
                if first.is_none_or(|f| r < f.0) {
                    first = Some((r, name));
                }
            }
        };
        note(self.date_null, "date");
        note(self.customer.first_null(), "customer");
        if let Some(c) = &self.currency {
            note(c.first_null(), "currency");
        }
        note(self.amount.first_null(), "amount");
        if let Some(c) = &self.disputed {
            note(c.first_null(), "disputed");
        }
        first
    }
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
    let (table, names) = age_batches(stream, spec, args)?;
    // integer ids are interned as i128 and named as 64-bit patterns: uint64 ids go back as such
    let unsigned = match column_type(stream, &args.customer) {
        Some(DataType::UInt64) => true,
        Some(DataType::Dictionary(_, v)) => **v == DataType::UInt64,
        _ => false,
    };
    Ok(match names {
        Names::Ints(v) if unsigned => (table, Names::UInts(v.into_iter().map(|x| x as u64).collect())),
        names => (table, names),
    })
}

fn age_batches(
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
    let mut interner = Interner::new();
    let mut cur_codes: Vec<String> = Vec::new();
    if let Some(code) = &args.currency_code {
        if arrears::Currency::lookup(code).is_none() {
            return Err(bad(
                ErrorKind::UnknownCurrency,
                "currency_code",
                code.clone(),
                "not in the current ISO 4217 list",
            ));
        }
        cur_codes.push(code.clone());
    }
    let mut batches: Vec<Batch<'_>> = Vec::with_capacity(stream.batches.len());
    let mut scale: Option<u32> = None;
    let mut offset = 0usize;
    let mut direct_max: i128 = -1;
    let mut all_direct = true;
    for b in &stream.batches {
        let len = batch_len(b);
        let customer = column(stream, b, &args.customer).map_err(|e| col_err("customer", e))?;
        let date_col = column(stream, b, &basis_col).map_err(|e| col_err(&basis_col, e))?;
        let date: &[i32] = match &date_col.values {
            Values::Date32(d) => d,
            _ => {
                return Err(bad(
                    ErrorKind::InvalidDate,
                    &basis_col,
                    date_col.type_name.clone(),
                    "dates must be an Arrow date32 column (days since 1970-01-01)",
                ))
            }
        };
        // a null date is reported by the kernel with the other nulls, the first null row first
        let date_null = date_col.first_null();
        let amount = column(stream, b, &args.amount).map_err(|e| col_err("amount", e))?;
        let this_scale =
            match &amount.values {
                Values::Decimal { scale, .. } => match u32::try_from(*scale) {
                    Ok(s) if s <= crate::AGING_MAX_SCALE => s,
                    _ => {
                        return Err(bad(
                            ErrorKind::InvalidAmount,
                            &args.amount,
                            amount.type_name.clone(),
                            format!(
                                "a decimal scale must be 0..={} (amounts are summed as 64-bit minor units); cast \
                                 the column to a decimal128 of such a scale",
                                crate::AGING_MAX_SCALE
                            ),
                        ))
                    }
                },
                _ if amount.is_integer() => args.amount_scale.ok_or_else(|| {
                    bad(
                        ErrorKind::InvalidAmount,
                        &args.amount,
                        amount.type_name.clone(),
                        "integer amounts are minor units: pass amount_scale (2 for cents)",
                    )
                })?,
                _ => return Err(bad(
                    ErrorKind::InvalidAmount,
                    &args.amount,
                    amount.type_name.clone(),
                    "amounts must be decimal128 (or integer minor units with amount_scale); a float cannot hold money",
                )),
            };
        match scale {
            None => scale = Some(this_scale),
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
        // customer keys
        let keys = match &customer.values {
            Values::Dict { values, .. } if values.is_string() => {
                all_direct = false;
                Keys::Pending
            }
            Values::Dict { values, .. } => {
                all_direct = false;
                let mut map = Vec::with_capacity(values.len);
                for j in 0..values.len {
                    map.push(if let Some(v) = values.int_at(j) {
                        interner.int_id(v)
                    } else {
                        return Err(bad(
                            ErrorKind::InvalidRequest,
                            "customer",
                            values.type_name.clone(),
                            "customer ids must be strings or integers",
                        ));
                    });
                }
                Keys::Dict(std::sync::Arc::new(map))
            }
            _ if customer.is_string() => {
                all_direct = false;
                Keys::Pending
            }
            _ if customer.is_integer() => {
                for i in 0..len {
                    let v = customer.int_at(i).unwrap_or(0);
                    if customer.is_null(i) {
                        continue;
                    }
                    if v < 0 {
                        all_direct = false;
                    }
                    direct_max = direct_max.max(v);
                }
                Keys::Direct
            }
            _ => {
                return Err(bad(
                    ErrorKind::InvalidRequest,
                    &args.customer,
                    customer.type_name.clone(),
                    "customer ids must be strings, integers or dictionary-encoded",
                ))
            }
        };
        // currency keys
        let mut cur_map: Vec<u16> = Vec::new();
        let (currency, cur_keys) = if args.currency_code.is_some() {
            (None, vec![0u16])
        } else {
            let name = args.currency.as_deref().unwrap_or("currency");
            let c = column(stream, b, name).map_err(|e| col_err("currency", e))?;
            let mut lookup = |s: &[u8]| code_index(&mut cur_codes, name, s);
            let keys: Vec<u16> = Vec::new();
            match &c.values {
                Values::Dict { values, .. } if values.is_string() => {
                    // read through the dictionary in the kernel: no array per row; a null
                    // value is no code (a row pointing to it is a null row, reported as such)
                    for j in 0..values.len {
                        cur_map.push(match values.is_null(j) {
                            true => u16::MAX,
                            false => lookup(values.str_at(j).unwrap_or(b""))?,
                        });
                    }
                }
                // plain strings: read per row later (by the string-keyed kernel, or
                // string_currencies)
                _ if c.is_string() => {}
                _ => {
                    return Err(bad(
                        ErrorKind::InvalidRequest,
                        name,
                        c.type_name.clone(),
                        "the currency column must hold ISO 4217 codes as strings",
                    ))
                }
            }
            (Some(c), keys)
        };
        // a dictionary index outside its dictionary (malformed Arrow) must not read as some
        // other id or code
        for (col, name) in [
            (Some(&customer), args.customer.as_str()),
            (currency.as_ref(), args.currency.as_deref().unwrap_or("currency")),
        ] {
            if let Some((i, v, n)) = col.and_then(Column::first_bad_index) {
                return Err(bad(
                    ErrorKind::InvalidRequest,
                    &format!("{name}[{}]", offset + i),
                    v.to_string(),
                    format!("a dictionary index outside its dictionary of {n} values"),
                ));
            }
        }
        batches.push(Batch { len, customer, keys, currency, cur_keys, cur_map, date, date_null, amount, disputed });
        offset += len;
    }
    let total_rows = offset;
    if batches.iter().any(|b| matches!(b.keys, Keys::Pending)) && !shared_dictionaries(&batches, total_rows) {
        // String ids, plain or in per-chunk dictionaries: summed by the ids' bytes in one pass.
        if let Some(out) = age_keyed_batches(spec, &batches, args, scale.unwrap_or(2))
            .map_err(|e| rename_fields(e, args, &basis_col))?
        {
            return Ok((out.table, Names::Packed(out.customers)));
        }
    }
    for b in &mut batches {
        string_currencies(b, &mut cur_codes, cur_name)?;
    }
    let codes: Vec<&str> = cur_codes.iter().map(String::as_str).collect();
    let kernel = |batches: &[Batch<'_>], key_bound: u64, names: Names| -> Result<(AgingTable, Names), Error> {
        let table = match flat_sources(batches) {
            // plain slices: the kernel's loop without a type dispatch per value
            Some(FlatAmounts::Decimal(flat)) => {
                age_sources(spec, &flat, key_bound, &codes, scale.unwrap_or(2), args.threads)
            }
            Some(FlatAmounts::Int(flat)) => {
                age_sources(spec, &flat, key_bound, &codes, scale.unwrap_or(2), args.threads)
            }
            None => age_sources(spec, batches, key_bound, &codes, scale.unwrap_or(2), args.threads),
        }
        .map_err(|e| rename_fields(e, args, &basis_col))?;
        Ok((table, names))
    };
    if batches.iter().any(|b| matches!(b.keys, Keys::Pending)) {
        // String ids. Small shared dictionaries are interned value by value; otherwise (plain
        // strings, or per-chunk dictionaries as Parquet readers produce, whose sizes add up
        // to more than the rows) every row is interned, on all cores.
        // Chunks often share one dictionary (after unify_dictionaries, or a categorical
        // column): each distinct dictionary counts, and is interned, once.
        if shared_dictionaries(&batches, total_rows) {
            if let Some(names) = rank_dictionaries(&mut batches) {
                let key_bound = names.len() as u64;
                if let Some(flat) = flat_dict_sources(&batches) {
                    // read through the dictionaries: no key laid out per row
                    let table = age_sources(spec, &flat, key_bound, &codes, scale.unwrap_or(2), args.threads)
                        .map_err(|e| rename_fields(e, args, &basis_col))?;
                    return Ok((table, names));
                }
                materialize_dict_keys(&mut batches, args.threads);
                return kernel(&batches, key_bound, names);
            }
            // long ids: the interner
            let mut cache: HashMap<(usize, usize), std::sync::Arc<Vec<u32>>> = HashMap::new();
            for b in &mut batches {
                if let Values::Dict { values, .. } = &b.customer.values {
                    let map = cache
                        .entry(values.identity())
                        .or_insert_with(|| {
                            std::sync::Arc::new(
                                (0..values.len).map(|j| interner.str_id(values.str_at(j).unwrap_or(b""))).collect(),
                            )
                        })
                        .clone();
                    b.keys = Keys::Dict(map);
                }
            }
        } else {
            let cols: Vec<&Column<'_>> = batches.iter().map(|b| &b.customer).collect();
            let (keys, sorted) = intern_rows(&cols, args.threads);
            for (b, k) in batches.iter_mut().zip(keys) {
                b.keys = Keys::Rows(k);
            }
            let names = Names::Strings(sorted.into_iter().map(|s| String::from_utf8_lossy(&s).into_owned()).collect());
            let key_bound = names.len() as u64;
            materialize_dict_keys(&mut batches, args.threads);
            return kernel(&batches, key_bound, names);
        }
    }
    // Keys: dense integers directly; otherwise ranks of the interned values.
    let direct = all_direct && batches.iter().all(|b| matches!(b.keys, Keys::Direct));
    let names;
    let key_bound;
    if direct && direct_max < (4 * total_rows as i128).max(1 << 20) {
        key_bound = (direct_max + 1).max(0) as u64;
        names = Names::Ints((0..key_bound as i64).collect());
    } else {
        if direct || batches.iter().any(|b| matches!(b.keys, Keys::Direct)) {
            // sparse integers: intern them
            for b in &mut batches {
                if matches!(b.keys, Keys::Direct) {
                    let mut k = Vec::with_capacity(b.len);
                    for i in 0..b.len {
                        k.push(interner.int_id(b.customer.int_at(i).unwrap_or(0)));
                    }
                    b.keys = Keys::Rows(k);
                }
            }
        }
        let rank = interner.ranks();
        let mut remapped: HashMap<usize, std::sync::Arc<Vec<u32>>> = HashMap::new();
        for b in &mut batches {
            match &mut b.keys {
                Keys::Rows(k) => k.iter_mut().for_each(|x| *x = rank[*x as usize]),
                Keys::Dict(m) => {
                    let new = remapped
                        .entry(std::sync::Arc::as_ptr(m) as usize)
                        .or_insert_with(|| std::sync::Arc::new(m.iter().map(|&x| rank[x as usize]).collect()))
                        .clone();
                    *m = new;
                }
                Keys::Direct | Keys::Pending => {}
            }
        }
        key_bound = rank.len() as u64;
        let mut order: Vec<usize> = (0..rank.len()).collect();
        order.sort_unstable_by_key(|&i| rank[i]);
        names = if !interner.string_names.is_empty() {
            Names::Strings(order.iter().map(|&i| String::from_utf8_lossy(&interner.name(i)).into_owned()).collect())
        } else {
            Names::Ints(order.iter().map(|&i| interner.int_names[i] as i64).collect())
        };
    }
    // One key per row for the kernel, which reads them twice (no dictionary hop per read).
    materialize_dict_keys(&mut batches, args.threads);
    kernel(&batches, key_bound, names)
}

/// Whether the string ids come in few distinct dictionaries (one shared by all chunks, or small
/// ones): then each dictionary value is keyed once. Plain strings, or per-chunk dictionaries as
/// Parquet readers produce (whose sizes add up to more than the rows), are read row by row.
fn shared_dictionaries(batches: &[Batch<'_>], total_rows: usize) -> bool {
    let mut distinct: HashMap<(usize, usize), ()> = HashMap::new();
    let mut dict_values = 0usize;
    for b in batches {
        match &b.customer.values {
            Values::Dict { values, .. } => {
                if distinct.insert(values.identity(), ()).is_none() {
                    dict_values += values.len;
                }
            }
            _ => dict_values = usize::MAX / 16,
        }
    }
    dict_values.saturating_mul(8) <= total_rows
}

/// The index of currency code `s` in `cur_codes`, appended once it is checked against ISO 4217
/// (an unknown code is an error naming the column).
fn code_index(cur_codes: &mut Vec<String>, name: &str, s: &[u8]) -> Result<u16, Error> {
    match cur_codes.iter().position(|x| x.as_bytes() == s) {
        Some(p) => Ok(p as u16),
        None => {
            let text = String::from_utf8_lossy(s).into_owned();
            if arrears::Currency::lookup(&text).is_none() {
                return Err(bad(ErrorKind::UnknownCurrency, name, text, "not in the current ISO 4217 list"));
            }
            cur_codes.push(text);
            Ok((cur_codes.len() - 1) as u16)
        }
    }
}

/// Currency indices per row for a batch whose currency column holds plain strings (codes
/// compared as packed integers against the few seen so far), checked against ISO 4217.
fn string_currencies(b: &mut Batch<'_>, cur_codes: &mut Vec<String>, name: &str) -> Result<(), Error> {
    let Some(c) = &b.currency else { return Ok(()) };
    if !c.is_string() || !b.cur_map.is_empty() || !b.cur_keys.is_empty() {
        return Ok(());
    }
    let mut lookup = |s: &[u8]| code_index(cur_codes, name, s);
    let mut keys = Vec::with_capacity(b.len);
    let mut seen: Vec<(u32, u16)> = Vec::new();
    for i in 0..b.len {
        let s = c.str_at(i).unwrap_or(b"");
        let k = pack_code(s);
        match seen.iter().find(|x| x.0 == k) {
            Some(&(_, id)) if k != u32::MAX => keys.push(id),
            _ if c.is_null(i) => keys.push(0),
            _ => {
                let id = lookup(s)?;
                if k != u32::MAX {
                    seen.push((k, id));
                }
                keys.push(id);
            }
        }
    }
    b.cur_keys = keys;
    Ok(())
}

/// The kernel's generic column names -> the caller's.
fn rename_fields(e: Error, args: &AgingArgs, basis_col: &str) -> Error {
    let f = e.field().to_string();
    let currency = args.currency.as_deref().unwrap_or("currency");
    let renamed = [
        ("customer", args.customer.as_str()),
        ("amount", args.amount.as_str()),
        ("date", basis_col),
        ("currency", currency),
    ]
    .iter()
    .find_map(|(k, v)| f.strip_prefix(k).filter(|r| r.starts_with('[')).map(|r| format!("{v}{r}")));
    match renamed {
        Some(field) => Error::new(e.kind(), field, e.value(), e.reason()),
        None => e,
    }
}
