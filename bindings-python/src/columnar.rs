//! The columnar (Arrow) entry points: aging over a table, scheduling a table of invoices.
//!
//! Conversion only: Arrow columns are viewed in place and handed to the core's kernels
//! (`arrears::aging::age_sources`, `arrears::batch::schedule_columns`); string keys are
//! dictionary-encoded here (sorted, so the core's key order is the customer id order). Errors
//! come back as the core's typed errors (`Err(arrears::Error)`) for the Python package to raise.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use arrears::aging::{
    age_keyed, age_sources, pack_code, pack_key, pack_key_at, unpack_key_into, AgingSource, AgingTable, KeyedSource,
};
use arrears::{Error, ErrorKind};

use crate::arrow::{batch_len, column, Column, ExportBatch, ExportColumn, ImportedStream, Values};

/// A small, fast hasher for short keys (customer ids): FxHash's mixing step.
#[derive(Default)]
pub struct Fx(u64);

impl Hasher for Fx {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

fn bad(kind: ErrorKind, field: &str, value: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::new(kind, field, value, reason)
}

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

/// Interns the string (or integer) values of a column across batches, then ranks them so the
/// keys follow the values' order.
struct Interner {
    packed: PackedTable,
    packed_ids: Vec<u32>,
    strings: FxMap<Vec<u8>, u32>,
    /// Per interned string: its packed key (u128::MAX for a long string, kept in `long`).
    string_names: Vec<u128>,
    long: FxMap<u32, Vec<u8>>,
    ints: FxMap<i128, u32>,
    int_names: Vec<i128>,
}

impl Interner {
    fn new() -> Self {
        Interner {
            packed: PackedTable::new(),
            packed_ids: Vec::new(),
            strings: FxMap::default(),
            string_names: Vec::new(),
            long: FxMap::default(),
            ints: FxMap::default(),
            int_names: Vec::new(),
        }
    }

    #[inline]
    fn str_id(&mut self, s: &[u8]) -> u32 {
        if let Some(k) = pack(s) {
            let p = self.packed.id(k) as usize;
            if p == self.packed_ids.len() {
                self.packed_ids.push(self.string_names.len() as u32);
                self.string_names.push(k);
            }
            return self.packed_ids[p];
        }
        if let Some(&id) = self.strings.get(s) {
            return id;
        }
        let id = self.string_names.len() as u32;
        self.strings.insert(s.to_vec(), id);
        self.string_names.push(u128::MAX);
        self.long.insert(id, s.to_vec());
        id
    }

    #[inline]
    fn int_id(&mut self, v: i128) -> u32 {
        let next = self.int_names.len() as u32;
        *self.ints.entry(v).or_insert_with(|| {
            self.int_names.push(v);
            next
        })
    }

    /// The bytes of interned string `id`.
    fn name(&self, id: usize) -> Vec<u8> {
        match self.string_names[id] {
            u128::MAX => self.long.get(&(id as u32)).cloned().unwrap_or_default(),
            k => unpack(k),
        }
    }

    /// rank[first-seen id] = position in sorted order.
    fn ranks(&self) -> Vec<u32> {
        let n = self.string_names.len().max(self.int_names.len());
        let mut order: Vec<u32> = (0..n as u32).collect();
        if !self.string_names.is_empty() {
            if self.long.is_empty() {
                let be: Vec<u128> = self.string_names.iter().map(|&k| be_key(k)).collect();
                order.sort_unstable_by_key(|&a| be[a as usize]);
            } else {
                order.sort_by_cached_key(|&a| self.name(a as usize));
            }
        } else {
            order.sort_unstable_by_key(|&a| self.int_names[a as usize]);
        }
        let mut rank = vec![0u32; n];
        for (r, &id) in order.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        rank
    }
}

/// The names of the customer keys, in key order.
pub enum Names {
    Strings(Vec<String>),
    Ints(Vec<i64>),
    /// Ids packed by [`pack_key`] (from a `utf8` column, so their bytes are UTF-8).
    Packed(Vec<u128>),
}

impl Names {
    fn len(&self) -> usize {
        match self {
            Names::Strings(v) => v.len(),
            Names::Ints(v) => v.len(),
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
            Values::Decimal { words, .. } => {
                let w = words[i];
                (i128::from(w[1] as i64) << 64) | i128::from(w[0])
            }
            _ => self.amount.int_at(i).unwrap_or(0),
        }
    }
    #[inline]
    fn disputed(&self, i: usize) -> bool {
        match &self.disputed {
            Some(Column { values: Values::Bool(b), .. }) => b.get(i),
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

fn col_err(name: &str, e: String) -> Error {
    bad(ErrorKind::InvalidRequest, name, name, e)
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
        let customer = column(&stream.schema, b, &args.customer).map_err(|e| col_err("customer", e))?;
        let date_col = column(&stream.schema, b, &basis_col).map_err(|e| col_err(&basis_col, e))?;
        let date: &[i32] = match &date_col.values {
            Values::Date32(d) => d,
            _ => {
                return Err(bad(
                    ErrorKind::InvalidDate,
                    &basis_col,
                    date_col.format.clone(),
                    "dates must be an Arrow date32 column (days since 1970-01-01)",
                ))
            }
        };
        if let Some(r) = date_col.first_null() {
            return Err(bad(
                ErrorKind::InvalidRequest,
                &format!("{basis_col}[{}]", offset + r),
                "null",
                format!("row {} has no {basis_col}", offset + r),
            ));
        }
        let amount = column(&stream.schema, b, &args.amount).map_err(|e| col_err("amount", e))?;
        let this_scale =
            match &amount.values {
                Values::Decimal { scale, .. } => {
                    if *scale < 0 {
                        return Err(bad(
                            ErrorKind::InvalidAmount,
                            &args.amount,
                            amount.format.clone(),
                            "a negative decimal scale",
                        ));
                    }
                    *scale as u32
                }
                _ if amount.is_integer() => args.amount_scale.ok_or_else(|| {
                    bad(
                        ErrorKind::InvalidAmount,
                        &args.amount,
                        amount.format.clone(),
                        "integer amounts are minor units: pass amount_scale (2 for cents)",
                    )
                })?,
                _ => return Err(bad(
                    ErrorKind::InvalidAmount,
                    &args.amount,
                    amount.format.clone(),
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
            Some(n) => Some(column(&stream.schema, b, n).map_err(|e| col_err("disputed", e))?),
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
                            values.format.clone(),
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
                    customer.format.clone(),
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
            let c = column(&stream.schema, b, name).map_err(|e| col_err("currency", e))?;
            let mut lookup = |s: &[u8]| code_index(&mut cur_codes, name, s);
            let keys: Vec<u16> = Vec::new();
            match &c.values {
                Values::Dict { values, .. } => {
                    // read through the dictionary in the kernel: no array per row
                    for j in 0..values.len {
                        cur_map.push(lookup(values.str_at(j).unwrap_or(b""))?);
                    }
                }
                // plain strings: read per row later (by the string-keyed kernel, or
                // string_currencies)
                _ if c.is_string() => {}
                _ => {
                    return Err(bad(
                        ErrorKind::InvalidRequest,
                        name,
                        c.format.clone(),
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
            if let Some((i, v, n)) = col.and_then(first_bad_index) {
                return Err(bad(
                    ErrorKind::InvalidRequest,
                    &format!("{name}[{}]", offset + i),
                    v.to_string(),
                    format!("a dictionary index outside its dictionary of {n} values"),
                ));
            }
        }
        batches.push(Batch { len, customer, keys, currency, cur_keys, cur_map, date, amount, disputed });
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
    let cur_name = args.currency.as_deref().unwrap_or("currency");
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

/// The customer ids of a batch for [`age_keyed`]: plain `utf8` read straight from the buffers,
/// anything else through [`row_str`].
enum KeyCol<'a, 'b> {
    Utf8 { offsets: &'a [i32], data: &'a [u8] },
    Any(&'b Column<'a>),
}

/// The currency of a batch for [`age_keyed`].
enum CurCol<'a, 'b> {
    Fixed(u32),
    Utf8 { offsets: &'a [i32], data: &'a [u8] },
    Dict { indices: &'b Column<'a>, packed: Vec<u32> },
    Any(&'b Column<'a>),
}

/// One batch as a [`KeyedSource`].
struct KeyedBatch<'a, 'b> {
    b: &'b Batch<'a>,
    key: KeyCol<'a, 'b>,
    cur: CurCol<'a, 'b>,
    fixed_text: String,
}

impl KeyedSource for KeyedBatch<'_, '_> {
    fn len(&self) -> usize {
        self.b.len
    }
    #[inline]
    fn customer(&self, i: usize) -> Option<u128> {
        match &self.key {
            KeyCol::Utf8 { offsets, data } => {
                let (a, z) = (offsets[i] as usize, offsets[i + 1] as usize);
                pack_key_at(data, a, z.saturating_sub(a))
            }
            KeyCol::Any(c) => pack_key(row_str(c, i)),
        }
    }
    #[inline]
    fn currency(&self, i: usize) -> u32 {
        match &self.cur {
            CurCol::Fixed(c) => *c,
            CurCol::Utf8 { offsets, data } => {
                let (a, z) = (offsets[i] as usize, offsets[i + 1] as usize);
                data.get(a..z).map_or(u32::MAX, pack_code)
            }
            CurCol::Dict { indices, packed } => {
                packed.get(indices.int_at(i).unwrap_or(-1) as usize).copied().unwrap_or(u32::MAX)
            }
            CurCol::Any(c) => pack_code(row_str(c, i)),
        }
    }
    fn currency_text(&self, i: usize) -> String {
        match &self.b.currency {
            Some(c) => String::from_utf8_lossy(row_str(c, i)).into_owned(),
            None => self.fixed_text.clone(),
        }
    }
    #[inline]
    fn date(&self, i: usize) -> i32 {
        self.b.date[i]
    }
    #[inline]
    fn amount(&self, i: usize) -> i128 {
        AgingSource::amount(self.b, i)
    }
    #[inline]
    fn disputed(&self, i: usize) -> bool {
        AgingSource::disputed(self.b, i)
    }
    fn has_disputed(&self) -> bool {
        self.b.disputed.is_some()
    }
    fn first_invalid(&self) -> Option<(usize, &'static str)> {
        AgingSource::first_invalid(self.b)
    }
}

/// The first non-null row of a dictionary column whose index lies outside the dictionary,
/// with that index and the dictionary's size (`None` for other columns). Producers never
/// write such an index, but a malformed array must be an error, not some other value. int32
/// indices (the usual type) are first checked in one pass for their least and greatest.
fn first_bad_index(col: &Column<'_>) -> Option<(usize, i128, usize)> {
    let Values::Dict { indices, values } = &col.values else {
        return None;
    };
    let n = values.len;
    if let Values::I32(ix) = &indices.values {
        let ix = &ix[..col.len.min(ix.len())];
        let (lo, hi) = ix.iter().fold((i32::MAX, i32::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
        if ix.len() == col.len && (ix.is_empty() || (lo >= 0 && (hi as usize) < n)) {
            return None;
        }
    }
    // null rows may hold any index; rows past the indices' end have none (-1)
    let have = col.len.min(indices.len);
    (0..have)
        .filter(|&i| !col.is_null(i))
        .find_map(|i| match indices.int_at(i) {
            Some(v) if v >= 0 && v < n as i128 => None,
            Some(v) => Some((i, v, n)),
            None => Some((i, -1, n)),
        })
        .or_else(|| (have < col.len).then_some((have, -1, n)))
}

/// Customer ids of a [`FastBatch`].
enum FastIds<'a> {
    Utf8 {
        offsets: &'a [i32],
        data: &'a [u8],
    },
    /// int32 indices into a `utf8` dictionary (as Parquet readers give them per chunk)
    Dict {
        indices: &'a [i32],
        offsets: &'a [i32],
        data: &'a [u8],
    },
}

/// Currency codes of a [`FastBatch`].
enum FastCodes<'a> {
    Utf8 { offsets: &'a [i32], data: &'a [u8] },
    Dict { indices: &'a [i32], packed: Vec<u32> },
    Fixed(u32),
}

/// The common shapes, read with no type dispatch beyond one predictable branch per value:
/// `utf8` ids (plain or dictionary-encoded with int32 indices), `utf8` or dictionary currency
/// codes (or one code for all rows), decimal128 amounts, no disputed column.
struct FastBatch<'a> {
    ids: FastIds<'a>,
    codes: FastCodes<'a>,
    code_text: &'a str,
    currency: Option<&'a Column<'a>>,
    date: &'a [i32],
    amount: &'a [[u64; 2]],
    invalid: Option<(usize, &'static str)>,
}

#[inline(always)]
fn str_range(offsets: &[i32], j: usize) -> (usize, usize) {
    match (offsets.get(j), offsets.get(j + 1)) {
        (Some(&a), Some(&z)) => (a as usize, (z as usize).saturating_sub(a as usize)),
        _ => (0, 0),
    }
}

impl KeyedSource for FastBatch<'_> {
    fn len(&self) -> usize {
        self.date.len()
    }
    #[inline(always)]
    fn customer(&self, i: usize) -> Option<u128> {
        let (data, (a, n)) = match &self.ids {
            FastIds::Utf8 { offsets, data } => (data, str_range(offsets, i)),
            FastIds::Dict { indices, offsets, data } => (data, str_range(offsets, indices[i] as usize)),
        };
        pack_key_at(data, a, n)
    }
    #[inline(always)]
    fn currency(&self, i: usize) -> u32 {
        match &self.codes {
            FastCodes::Utf8 { offsets, data } => {
                let (a, n) = str_range(offsets, i);
                match data.get(a..a + 4) {
                    // an ISO code: one 4-byte load, the fourth byte replaced by the length
                    Some(w) if n == 3 => (u32::from_be_bytes([w[0], w[1], w[2], w[3]]) & !0xff) | 3,
                    _ => data.get(a..a + n).map_or(u32::MAX, pack_code),
                }
            }
            FastCodes::Dict { indices, packed } => packed.get(indices[i] as usize).copied().unwrap_or(u32::MAX),
            FastCodes::Fixed(c) => *c,
        }
    }
    #[inline(always)]
    fn prefetch_customer(&self, i: usize, step: u8) {
        if let FastIds::Dict { indices, offsets, data } = &self.ids {
            let j = indices[i] as usize;
            if step == 0 {
                arrears::aging::prefetch_at(offsets, j);
            } else if let Some(&a) = offsets.get(j) {
                arrears::aging::prefetch_at(data, a as usize);
            }
        }
    }
    fn currency_text(&self, i: usize) -> String {
        match self.currency {
            Some(c) => String::from_utf8_lossy(row_str(c, i)).into_owned(),
            None => self.code_text.to_string(),
        }
    }
    #[inline(always)]
    fn date(&self, i: usize) -> i32 {
        self.date[i]
    }
    #[inline(always)]
    fn amount(&self, i: usize) -> i128 {
        self.amount.at(i)
    }
    fn first_invalid(&self) -> Option<(usize, &'static str)> {
        self.invalid
    }
}

/// The batches as [`FastBatch`]es, when every one has such a shape.
fn fast_batches<'a>(batches: &'a [Batch<'a>], code: &'a str) -> Option<Vec<FastBatch<'a>>> {
    let mut out = Vec::with_capacity(batches.len());
    for b in batches {
        let ids = match &b.customer.values {
            Values::Utf8 { offsets, data } if offsets.len() > b.len => FastIds::Utf8 { offsets, data },
            Values::Dict { indices, values } => match (&indices.values, &values.values) {
                (Values::I32(ix), Values::Utf8 { offsets, data }) if ix.len() >= b.len => {
                    FastIds::Dict { indices: &ix[..b.len], offsets, data }
                }
                _ => return None,
            },
            _ => return None,
        };
        let codes = match &b.currency {
            None => FastCodes::Fixed(pack_code(code.as_bytes())),
            Some(c) => match &c.values {
                Values::Utf8 { offsets, data } if offsets.len() > b.len => FastCodes::Utf8 { offsets, data },
                Values::Dict { indices, values } => match &indices.values {
                    Values::I32(ix) if ix.len() >= b.len => FastCodes::Dict {
                        indices: &ix[..b.len],
                        packed: (0..values.len).map(|j| pack_code(values.str_at(j).unwrap_or(b""))).collect(),
                    },
                    _ => return None,
                },
                _ => return None,
            },
        };
        let Values::Decimal { words, .. } = &b.amount.values else { return None };
        if b.disputed.is_some() || words.len() < b.len || b.date.len() != b.len {
            return None;
        }
        out.push(FastBatch {
            ids,
            codes,
            code_text: code,
            currency: b.currency.as_ref(),
            date: b.date,
            amount: &words[..b.len],
            invalid: b.first_invalid(),
        });
    }
    Some(out)
}

/// Ages batches with string ids by their bytes ([`age_keyed`]); `None` when an id is longer
/// than 15 bytes.
fn age_keyed_batches(
    spec: &arrears::aging::AgingSpec,
    batches: &[Batch<'_>],
    args: &AgingArgs,
    scale: u32,
) -> Result<Option<arrears::aging::KeyedAging>, Error> {
    let fixed = args.currency_code.clone().unwrap_or_default();
    if let Some(fast) = fast_batches(batches, &fixed) {
        return age_keyed(spec, &fast, scale, args.threads);
    }
    let sources: Vec<KeyedBatch<'_, '_>> = batches
        .iter()
        .map(|b| {
            let key = match &b.customer.values {
                Values::Utf8 { offsets, data } if offsets.len() > b.len => KeyCol::Utf8 { offsets, data },
                _ => KeyCol::Any(&b.customer),
            };
            let cur = match &b.currency {
                None => CurCol::Fixed(pack_code(fixed.as_bytes())),
                Some(c) => match &c.values {
                    Values::Utf8 { offsets, data } if offsets.len() > b.len => CurCol::Utf8 { offsets, data },
                    Values::Dict { indices, values } => CurCol::Dict {
                        indices,
                        packed: (0..values.len).map(|j| pack_code(values.str_at(j).unwrap_or(b""))).collect(),
                    },
                    _ => CurCol::Any(c),
                },
            };
            KeyedBatch { b, key, cur, fixed_text: fixed.clone() }
        })
        .collect();
    age_keyed(spec, &sources, scale, args.threads)
}

/// Keys for dictionary-encoded string ids by sorting the distinct dictionaries' values (no hash
/// table): equal strings, in one dictionary or several, get one key, and keys follow the
/// strings' order. `None` when some id is longer than 15 bytes (the interner handles those).
fn rank_dictionaries(batches: &mut [Batch<'_>]) -> Option<Names> {
    let mut dicts: Vec<(usize, usize)> = Vec::new();
    let mut entries: Vec<(u128, u32, u32)> = Vec::new();
    let mut which: Vec<usize> = Vec::with_capacity(batches.len());
    for b in batches.iter() {
        let Values::Dict { values, .. } = &b.customer.values else { return None };
        let id = values.identity();
        let d = match dicts.iter().position(|x| *x == id) {
            Some(d) => d,
            None => {
                dicts.push(id);
                for j in 0..values.len {
                    let k = pack(values.str_at(j).unwrap_or(b""))?;
                    entries.push((be_key(k), (dicts.len() - 1) as u32, j as u32));
                }
                dicts.len() - 1
            }
        };
        which.push(d);
    }
    entries.sort_unstable_by_key(|e| e.0);
    let mut maps: Vec<Vec<u32>> = dicts.iter().map(|d| vec![0u32; d.1]).collect();
    let mut names: Vec<String> = Vec::new();
    let mut last: Option<u128> = None;
    for &(k, d, j) in &entries {
        if last != Some(k) {
            // be_key keeps the bytes then the length, big-endian
            let b = k.to_be_bytes();
            names.push(String::from_utf8_lossy(&b[..b[15] as usize]).into_owned());
            last = Some(k);
        }
        maps[d as usize][j as usize] = (names.len() - 1) as u32;
    }
    let maps: Vec<std::sync::Arc<Vec<u32>>> = maps.into_iter().map(std::sync::Arc::new).collect();
    for (b, d) in batches.iter_mut().zip(which) {
        b.keys = Keys::Dict(maps[d].clone());
    }
    Some(Names::Strings(names))
}

/// Amounts as the kernel reads them from a plain slice.
trait AmountSlice: Sync {
    fn at(&self, i: usize) -> i128;
}

impl AmountSlice for &[[u64; 2]] {
    #[inline]
    fn at(&self, i: usize) -> i128 {
        let w = self[i];
        (i128::from(w[1] as i64) << 64) | i128::from(w[0])
    }
}

impl AmountSlice for &[i64] {
    #[inline]
    fn at(&self, i: usize) -> i128 {
        i128::from(self[i])
    }
}

/// A batch whose columns are all plain slices (keys laid out per row).
struct Flat<'a, A> {
    customer: &'a [u32],
    currency: &'a [u16],
    date: &'a [i32],
    amount: A,
    invalid: Option<(usize, &'static str)>,
}

impl<A: AmountSlice> AgingSource for Flat<'_, A> {
    fn len(&self) -> usize {
        self.customer.len()
    }
    #[inline]
    fn customer(&self, i: usize) -> u64 {
        u64::from(self.customer[i])
    }
    #[inline]
    fn currency(&self, i: usize) -> u32 {
        u32::from(if self.currency.len() == 1 { self.currency[0] } else { self.currency[i] })
    }
    #[inline]
    fn date(&self, i: usize) -> i32 {
        self.date[i]
    }
    #[inline]
    fn amount(&self, i: usize) -> i128 {
        self.amount.at(i)
    }
    fn first_invalid(&self) -> Option<(usize, &'static str)> {
        self.invalid
    }
}

/// A batch whose ids and currencies are int32 dictionary indices read through their maps (the
/// shape of a Parquet table read with `read_dictionary` and unified): no key laid out per row.
struct FlatDict<'a> {
    customer: &'a [i32],
    customer_map: &'a [u32],
    currency: &'a [i32],
    currency_map: &'a [u16],
    date: &'a [i32],
    amount: &'a [[u64; 2]],
    invalid: Option<(usize, &'static str)>,
}

impl AgingSource for FlatDict<'_> {
    fn len(&self) -> usize {
        self.customer.len()
    }
    #[inline]
    fn customer(&self, i: usize) -> u64 {
        // an index outside the dictionary (malformed input) becomes a key the kernel rejects
        self.customer_map.get(self.customer[i] as usize).map_or(u64::MAX, |&k| u64::from(k))
    }
    #[inline]
    fn prefetch_customer(&self, i: usize) {
        if let Some(&j) = self.customer.get(i) {
            arrears::aging::prefetch_at(self.customer_map, j as usize);
        }
    }
    #[inline]
    fn currency(&self, i: usize) -> u32 {
        self.currency_map.get(self.currency[i] as usize).map_or(u32::MAX, |&c| u32::from(c))
    }
    #[inline]
    fn date(&self, i: usize) -> i32 {
        self.date[i]
    }
    #[inline]
    fn amount(&self, i: usize) -> i128 {
        self.amount.at(i)
    }
    fn first_invalid(&self) -> Option<(usize, &'static str)> {
        self.invalid
    }
}

/// The batches as [`FlatDict`]s, when every one has that shape.
fn flat_dict_sources<'a>(batches: &'a [Batch<'a>]) -> Option<Vec<FlatDict<'a>>> {
    let mut out = Vec::with_capacity(batches.len());
    for b in batches {
        let (Keys::Dict(customer_map), Values::Dict { indices: ci, .. }) = (&b.keys, &b.customer.values) else {
            return None;
        };
        let Some(Column { values: Values::Dict { indices: ki, .. }, .. }) = &b.currency else { return None };
        let (Values::I32(customer), Values::I32(currency)) = (&ci.values, &ki.values) else { return None };
        let Values::Decimal { words, .. } = &b.amount.values else { return None };
        if b.disputed.is_some() || b.cur_map.is_empty() || customer.len() != b.len || currency.len() != b.len {
            return None;
        }
        out.push(FlatDict {
            customer,
            customer_map,
            currency,
            currency_map: &b.cur_map,
            date: b.date,
            amount: words,
            invalid: b.first_invalid(),
        });
    }
    Some(out)
}

enum FlatAmounts<'a> {
    Decimal(Vec<Flat<'a, &'a [[u64; 2]]>>),
    Int(Vec<Flat<'a, &'a [i64]>>),
}

/// The batches as plain slices, when every one has per-row keys, decimal128 or int64 amounts
/// and no disputed column (`None`: the general sources serve).
fn flat_sources<'a>(batches: &'a [Batch<'a>]) -> Option<FlatAmounts<'a>> {
    let mut dec = Vec::new();
    let mut int = Vec::new();
    for b in batches {
        let Keys::Rows(customer) = &b.keys else { return None };
        if b.disputed.is_some() || !b.cur_map.is_empty() || b.cur_keys.is_empty() {
            return None;
        }
        let (currency, date, invalid) = (b.cur_keys.as_slice(), b.date, b.first_invalid());
        match &b.amount.values {
            Values::Decimal { words, .. } => dec.push(Flat { customer, currency, date, amount: *words, invalid }),
            Values::I64(v) => int.push(Flat { customer, currency, date, amount: *v, invalid }),
            _ => return None,
        }
    }
    match (dec.is_empty(), int.is_empty()) {
        (false, true) | (true, true) => Some(FlatAmounts::Decimal(dec)),
        (true, false) => Some(FlatAmounts::Int(int)),
        _ => None,
    }
}

/// Turns dictionary keys (customer and currency) into one key per row, batches shared across
/// threads.
fn materialize_dict_keys(batches: &mut [Batch<'_>], threads: usize) {
    let threads = match threads {
        0 => std::thread::available_parallelism().map(|t| t.get()).unwrap_or(1),
        t => t,
    }
    .clamp(1, 16);
    let mut lists: Vec<Vec<&mut Batch<'_>>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, b) in batches.iter_mut().enumerate() {
        if matches!(b.keys, Keys::Dict(_)) || !b.cur_map.is_empty() {
            lists[i % threads].push(b);
        }
    }
    std::thread::scope(|scope| {
        for list in lists {
            scope.spawn(move || {
                for b in list {
                    if matches!(b.keys, Keys::Dict(_)) {
                        let rows: Vec<u32> = (0..b.len).map(|i| b.customer(i) as u32).collect();
                        b.keys = Keys::Rows(rows);
                    }
                    if !b.cur_map.is_empty() {
                        let rows: Vec<u16> = (0..b.len).map(|i| b.currency(i) as u16).collect();
                        b.cur_keys = rows;
                        b.cur_map.clear();
                    }
                }
            });
        }
    });
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

/// The aging table as an Arrow batch: customer, currency, one decimal column per bucket
/// (credits when separate), total, disputed, items.
pub fn aging_batch(table: &AgingTable, names: &Names, threads: usize) -> ExportBatch {
    let n = table.len();
    let scale = table.scale();
    let spec = table.spec();
    let labels = spec.columns();
    let sep = labels.len() > spec.buckets.len();
    let ints = matches!(names, Names::Ints(_));
    // Every column sized once (zeroed pages cost nothing until written); each thread fills
    // its share of the rows in every column, and the ids' bytes of its share.
    let mut cells: Vec<Vec<i128>> = (0..labels.len()).map(|_| vec![0; n]).collect();
    let (mut total, mut disputed) = (vec![0i128; n], vec![0i128; n]);
    let mut items = vec![0i64; n];
    let mut currency = vec![0u16; n];
    let mut customer_i = vec![0i64; if ints { n } else { 0 }];
    // as many threads as the kernel was given (0: the cores), from 50k rows on
    let threads = match threads {
        _ if n < 50_000 => 1,
        0 => std::thread::available_parallelism().map_or(1, |p| p.get()).min(8),
        t => t,
    };
    let per = n.div_ceil(threads).max(1);
    let mut cols: Vec<_> = cells.iter_mut().map(|c| c.chunks_mut(per)).collect();
    let mut parts = total
        .chunks_mut(per)
        .zip(disputed.chunks_mut(per))
        .zip(items.chunks_mut(per))
        .zip(currency.chunks_mut(per))
        .enumerate()
        .map(|(p, (((t, d), i), c))| {
            let cells: Vec<&mut [i128]> = cols.iter_mut().map(|it| it.next().unwrap_or_default()).collect();
            (p * per, cells, t, d, i, c)
        })
        .collect::<Vec<_>>();
    let mut ints_parts: Vec<&mut [i64]> = customer_i.chunks_mut(per).collect();
    let fill = |(start, mut cells, total, disputed, items, currency): ShareCols<'_>,
                customer_i: &mut [i64]|
     -> (Vec<u8>, Vec<i32>) {
        let len = total.len();
        let mut data: Vec<u8> = Vec::with_capacity(if ints { 0 } else { len * 12 });
        let mut ends: Vec<i32> = Vec::with_capacity(if ints { 0 } else { len });
        for (j, r) in table.rows().skip(start).take(len).enumerate() {
            let k = r.customer as usize;
            match names {
                Names::Strings(s) => data.extend_from_slice(s.get(k).map_or(&b""[..], |x| x.as_bytes())),
                Names::Packed(p) => {
                    // the id's bytes appended straight from the packed key (no allocation per row)
                    let at = data.len();
                    unpack_key_into(p.get(k).copied().unwrap_or(0), &mut data);
                    if std::str::from_utf8(&data[at..]).is_err() {
                        let fixed = String::from_utf8_lossy(&data[at..]).into_owned();
                        data.truncate(at);
                        data.extend_from_slice(fixed.as_bytes());
                    }
                }
                Names::Ints(v) => customer_i[j] = v.get(k).copied().unwrap_or(r.customer as i64),
            }
            if !ints {
                ends.push(data.len() as i32);
            }
            currency[j] = r.currency as u16;
            for (col, &v) in cells.iter_mut().zip(r.buckets) {
                col[j] = i128::from(v);
            }
            if sep {
                if let Some(col) = cells.last_mut() {
                    col[j] = i128::from(r.credits);
                }
            }
            total[j] = i128::from(r.total);
            disputed[j] = i128::from(r.disputed);
            items[j] = r.items;
        }
        (data, ends)
    };
    let mut shares: Vec<(Vec<u8>, Vec<i32>)> = Vec::with_capacity(parts.len());
    if parts.len() <= 1 {
        if let Some(part) = parts.pop() {
            shares.push(fill(part, ints_parts.pop().unwrap_or_default()));
        }
    } else {
        std::thread::scope(|scope| {
            let fill = &fill;
            let mut ints_parts = ints_parts.into_iter();
            let handles: Vec<_> = parts
                .into_iter()
                .map(|part| {
                    let customer_i = ints_parts.next().unwrap_or_default();
                    scope.spawn(move || fill(part, customer_i))
                })
                .collect();
            for h in handles {
                shares.push(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            }
        });
    }
    // the shares' ids joined, their offsets moved by the bytes before them
    let mut offsets: Vec<i32> = Vec::with_capacity(if ints { 0 } else { n + 1 });
    let mut data: Vec<u8> = Vec::with_capacity(shares.iter().map(|(d, _)| d.len()).sum());
    if !ints {
        offsets.push(0);
        for (d, ends) in &shares {
            let base = data.len() as i32;
            offsets.extend(ends.iter().map(|&e| base + e));
            data.extend_from_slice(d);
        }
    }
    let mut columns = vec![
        (
            "customer".to_string(),
            if ints { ExportColumn::Int64(customer_i) } else { ExportColumn::Utf8Raw { offsets, data } },
        ),
        ("currency".to_string(), ExportColumn::Utf8Indexed { names: table.currencies().to_vec(), index: currency }),
    ];
    for (label, values) in labels.into_iter().zip(cells) {
        columns.push((label, ExportColumn::Decimal { values, scale }));
    }
    columns.push(("total".into(), ExportColumn::Decimal { values: total, scale }));
    columns.push(("disputed".into(), ExportColumn::Decimal { values: disputed, scale }));
    columns.push(("items".into(), ExportColumn::Int64(items)));
    ExportBatch { columns, len: n }
}

/// A share of the result rows for [`aging_batch`]: its first row, and its part of the cell,
/// total, disputed, item-count and currency columns.
type ShareCols<'a> = (usize, Vec<&'a mut [i128]>, &'a mut [i128], &'a mut [i128], &'a mut [i64], &'a mut [u16]);

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
    let mut offset = 0usize;
    for b in &stream.batches {
        let n = batch_len(b);
        let total_col = column(&stream.schema, b, &args.total).map_err(|e| col_err(&args.total, e))?;
        let date_col = column(&stream.schema, b, &args.base_date).map_err(|e| col_err(&args.base_date, e))?;
        let dates: &[i32] = match &date_col.values {
            Values::Date32(d) => d,
            _ => {
                return Err(bad(
                    ErrorKind::InvalidDate,
                    &args.base_date,
                    date_col.format.clone(),
                    "dates must be an Arrow date32 column",
                ))
            }
        };
        for (c, name) in [(&total_col, &args.total), (&date_col, &args.base_date)] {
            if let Some(r) = c.first_null() {
                return Err(bad(
                    ErrorKind::InvalidRequest,
                    &format!("{name}[{}]", offset + r),
                    "null",
                    format!("row {} has no {name}", offset + r),
                ));
            }
        }
        // currency index per row
        let cur: Vec<u16> = match (&args.currency_code, &args.currency) {
            (Some(_), _) => vec![0; n],
            (None, name) => {
                let name = name.as_deref().unwrap_or("currency");
                let c = column(&stream.schema, b, name).map_err(|e| col_err(name, e))?;
                if let Some(r) = c.first_null() {
                    return Err(bad(
                        ErrorKind::InvalidRequest,
                        &format!("{name}[{}]", offset + r),
                        "null",
                        "no currency",
                    ));
                }
                let mut out = Vec::with_capacity(n);
                for i in 0..n {
                    let s = match &c.values {
                        Values::Dict { indices, values } => values.str_at(indices.int_at(i).unwrap_or(0) as usize),
                        _ => c.str_at(i),
                    }
                    .ok_or_else(|| {
                        bad(ErrorKind::InvalidRequest, name, c.format.clone(), "currency codes must be strings")
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
                Values::Decimal { scale, .. } => (*scale, true),
                _ if total_col.is_integer() => (
                    args.total_scale.map(|s| s as i32).ok_or_else(|| {
                        bad(
                            ErrorKind::InvalidAmount,
                            &args.total,
                            total_col.format.clone(),
                            "integer totals are minor units: pass total_scale",
                        )
                    })?,
                    false,
                ),
                _ => return Err(bad(
                    ErrorKind::InvalidAmount,
                    &args.total,
                    total_col.format.clone(),
                    "totals must be decimal128 (or integer minor units with total_scale); a float cannot hold money",
                )),
            };
        let mut totals = Vec::with_capacity(n);
        for i in 0..n {
            let raw: i128 = if is_dec {
                match &total_col.values {
                    Values::Decimal { words, .. } => (i128::from(words[i][1] as i64) << 64) | i128::from(words[i][0]),
                    _ => 0,
                }
            } else {
                total_col.int_at(i).unwrap_or(0)
            };
            let want = scales[cur[i] as usize] as i32;
            let v = if col_scale > want {
                let f = 10i128.pow((col_scale - want) as u32);
                if raw % f != 0 {
                    return Err(bad(
                        ErrorKind::InvalidAmount,
                        &format!("{}[{}]", args.total, offset + i),
                        raw.to_string(),
                        format!(
                            "has more decimals than {} allows ({want}); round it explicitly",
                            codes[cur[i] as usize]
                        ),
                    ));
                }
                raw / f
            } else {
                raw.checked_mul(10i128.pow((want - col_scale) as u32)).unwrap_or(i128::MAX)
            };
            totals.push(i64::try_from(v).map_err(|_| {
                bad(
                    ErrorKind::Overflow,
                    &format!("{}[{}]", args.total, offset + i),
                    raw.to_string(),
                    "does not fit 64-bit minor units",
                )
            })?);
        }
        let terms_idx: Option<Vec<u32>> = match &args.terms {
            Some(name) => {
                let c = column(&stream.schema, b, name).map_err(|e| col_err(name, e))?;
                let mut out = Vec::with_capacity(n);
                for i in 0..n {
                    let v = c.int_at(i).ok_or_else(|| {
                        bad(ErrorKind::InvalidRequest, name, c.format.clone(), "a terms index column holds integers")
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
            // invoices[i] -> the table's row numbers
            let f = e.field().to_string();
            let renamed = ["invoices[", "total[", "currency[", "base_date[", "terms["].iter().find_map(|p| {
                let rest = f.strip_prefix(p)?;
                let (num, tail) = rest.split_once(']')?;
                let row: usize = num.parse().ok()?;
                Some(format!("{}{}]{tail}", p, row + offset))
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

/// Short keys (customer ids of up to 15 bytes) packed into one integer with their length, so a
/// lookup compares two integers instead of calling memcmp.
#[inline]
fn pack(s: &[u8]) -> Option<u128> {
    // (the interner's own layout: little-endian bytes, length in the top byte)
    if s.len() > 15 {
        return None;
    }
    let mut b = [0u8; 16];
    b[..s.len()].copy_from_slice(s);
    b[15] = s.len() as u8;
    Some(u128::from_le_bytes(b))
}

/// An open-addressing table from packed keys to dense ids (first-seen order). Each slot holds
/// the key with its id, so a probe touches one cache line.
struct PackedTable {
    bits: u32,
    /// (key low, key high, id + 1; 0 = empty)
    slots: Vec<[u64; 3]>,
    keys: Vec<u128>,
}

impl PackedTable {
    fn new() -> Self {
        PackedTable { bits: 10, slots: vec![[0; 3]; 1 << 10], keys: Vec::new() }
    }

    #[inline]
    fn slot(&self, k: u128) -> usize {
        // Decorrelated from the top bits the partitioned tables sort by: keys merged from them
        // arrive grouped by those bits, and linear probing must not see one long run.
        ((hash_key(k).wrapping_mul(0xA076_1D64_78BD_642F)) >> (64 - self.bits)) as usize
    }

    #[inline]
    fn id(&mut self, k: u128) -> u32 {
        let mask = self.slots.len() - 1;
        let (lo, hi) = (k as u64, (k >> 64) as u64);
        let mut i = self.slot(k);
        loop {
            let s = self.slots[i];
            if s[2] == 0 {
                self.keys.push(k);
                self.slots[i] = [lo, hi, self.keys.len() as u64];
                if self.keys.len() * 2 > self.slots.len() {
                    self.grow();
                }
                return (self.keys.len() - 1) as u32;
            }
            if s[0] == lo && s[1] == hi {
                return (s[2] - 1) as u32;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        self.bits += 1;
        self.slots = vec![[0; 3]; 1 << self.bits];
        let mask = self.slots.len() - 1;
        for (id, &k) in self.keys.iter().enumerate() {
            let mut i = self.slot(k);
            while self.slots[i][2] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = [k as u64, (k >> 64) as u64, id as u64 + 1];
        }
    }
}

/// Rows interned per block by [`PartitionedTable::intern`].
const INTERN_BLOCK: usize = 1 << 18;
/// Partitions of a [`PartitionedTable`] (by the top bits of the key's hash).
const INTERN_PARTS: usize = 256;

#[inline]
fn hash_key(k: u128) -> u64 {
    let x = ((k as u64) ^ ((k >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(0xD6E8_FEB8_6659_FD93);
    x ^ (x >> 31)
}

/// Packed keys to dense ids (first-seen order in `keys`), in 256 small open-addressing tables
/// chosen by the hash's top bits. A block of rows is first sorted by table (counting sort), then
/// each table takes its rows in one burst while it sits in the cache: one probe per row misses
/// memory far less often than in one large table (10M ids over 200k customers).
struct PartitionedTable {
    parts: Vec<SmallTable>,
    keys: Vec<u128>,
    hashes: Vec<u64>,
    order: Vec<u32>,
}

struct SmallTable {
    bits: u32,
    len: usize,
    /// (key low, key high, id + 1; 0 = empty)
    slots: Vec<[u64; 3]>,
}

impl SmallTable {
    #[inline]
    fn id(&mut self, k: u128, h: u64, keys: &mut Vec<u128>) -> u32 {
        let mask = self.slots.len() - 1;
        let (lo, hi) = (k as u64, (k >> 64) as u64);
        let mut i = (h as usize) & mask;
        loop {
            let s = self.slots[i];
            if s[2] == 0 {
                keys.push(k);
                self.slots[i] = [lo, hi, keys.len() as u64];
                self.len += 1;
                if self.len * 2 > self.slots.len() {
                    self.grow(keys);
                }
                return (keys.len() - 1) as u32;
            }
            if s[0] == lo && s[1] == hi {
                return (s[2] - 1) as u32;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self, keys: &[u128]) {
        let old = std::mem::take(&mut self.slots);
        self.bits += 1;
        self.slots = vec![[0; 3]; 1 << self.bits];
        let mask = self.slots.len() - 1;
        for s in old.into_iter().filter(|s| s[2] != 0) {
            let k = keys[(s[2] - 1) as usize];
            let mut i = (hash_key(k) as usize) & mask;
            while self.slots[i][2] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = s;
        }
    }
}

impl PartitionedTable {
    fn new() -> Self {
        PartitionedTable {
            parts: (0..INTERN_PARTS).map(|_| SmallTable { bits: 6, len: 0, slots: vec![[0; 3]; 64] }).collect(),
            keys: Vec::new(),
            hashes: Vec::new(),
            order: Vec::new(),
        }
    }

    /// The ids of `block`'s keys, into `ids` (same order).
    fn intern(&mut self, block: &[u128], ids: &mut Vec<u32>) {
        ids.clear();
        ids.resize(block.len(), 0);
        self.hashes.clear();
        self.hashes.extend(block.iter().map(|&k| hash_key(k)));
        let part = |h: u64| (h >> 56) as usize;
        let mut start = [0u32; INTERN_PARTS + 1];
        for &h in &self.hashes {
            start[part(h) + 1] += 1;
        }
        for p in 0..INTERN_PARTS {
            start[p + 1] += start[p];
        }
        self.order.clear();
        self.order.resize(block.len(), 0);
        let mut fill = start;
        for (r, &h) in self.hashes.iter().enumerate() {
            let p = part(h);
            self.order[fill[p] as usize] = r as u32;
            fill[p] += 1;
        }
        for p in 0..INTERN_PARTS {
            let table = &mut self.parts[p];
            for &r in &self.order[start[p] as usize..start[p + 1] as usize] {
                let r = r as usize;
                ids[r] = table.id(block[r], self.hashes[r], &mut self.keys);
            }
        }
    }
}

/// The sort key of a packed string: its bytes big-endian, then its length (a shorter string
/// that is a prefix of a longer one sorts first, as in byte order).
#[inline]
fn be_key(k: u128) -> u128 {
    let b = k.to_le_bytes();
    let mut be = [0u8; 16];
    be[..15].copy_from_slice(&b[..15]);
    be[15] = b[15];
    u128::from_be_bytes(be)
}

fn unpack(k: u128) -> Vec<u8> {
    let b = k.to_le_bytes();
    b[..b[15] as usize].to_vec()
}

/// The string of row `i` of a string or dictionary-of-strings column ("" for a null).
#[inline]
fn row_str<'a>(col: &Column<'a>, i: usize) -> &'a [u8] {
    match &col.values {
        Values::Dict { indices, values } => values.str_at(indices.int_at(i).unwrap_or(0) as usize),
        _ => col.str_at(i),
    }
    .unwrap_or(b"")
}

/// A thread's share of the rows: (column, first row, the output slice for those rows).
type Segment<'s, 'a> = (&'s Column<'a>, usize, &'s mut [u32]);

/// Dense keys for the string ids of every row of every batch, in sorted order of the strings
/// (so the core's key order is the id order). Each thread interns its share of the rows in a
/// table of packed keys; the threads' tables are merged and sorted; then every row's local id
/// is replaced by its rank, again on all threads. Returns the keys per batch and the sorted
/// distinct strings. Null rows get the empty string's key (the kernel reports them first).
fn intern_rows(cols: &[&Column<'_>], threads: usize) -> (Vec<Vec<u32>>, Vec<Vec<u8>>) {
    let total: usize = cols.iter().map(|c| c.len).sum();
    let threads = match threads {
        0 if total < 100_000 => 1,
        0 => std::thread::available_parallelism().map(|t| t.get()).unwrap_or(1),
        t => t,
    }
    .clamp(1, 16);
    let mut outs: Vec<Vec<u32>> = cols.iter().map(|c| vec![0u32; c.len]).collect();
    // Cut the rows into `threads` shares of about equal size.
    let per = total.div_ceil(threads).max(1);
    let mut shares: Vec<Vec<Segment<'_, '_>>> = (0..threads).map(|_| Vec::new()).collect();
    let (mut t, mut filled) = (0usize, 0usize);
    for (col, out) in cols.iter().zip(outs.iter_mut()) {
        let mut rest: &mut [u32] = out.as_mut_slice();
        let mut start = 0usize;
        while !rest.is_empty() {
            let take = (per - filled).min(rest.len());
            let (head, tail) = rest.split_at_mut(take);
            shares[t].push((col, start, head));
            rest = tail;
            start += take;
            filled += take;
            if filled == per && t + 1 < threads {
                t += 1;
                filled = 0;
            }
        }
    }
    // Pass 1: local ids (long strings, rare, tagged with the top bit).
    type Local = (Vec<u128>, Vec<Vec<u8>>);
    let (shares, locals): (Vec<Vec<Segment<'_, '_>>>, Vec<Local>) = std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|mut share| {
                scope.spawn(move || {
                    let mut table = PartitionedTable::new();
                    let mut long: FxMap<&[u8], u32> = FxMap::default();
                    let mut long_keys: Vec<Vec<u8>> = Vec::new();
                    let mut block: Vec<u128> = Vec::with_capacity(INTERN_BLOCK);
                    let mut at: Vec<u32> = Vec::with_capacity(INTERN_BLOCK);
                    let mut ids: Vec<u32> = Vec::with_capacity(INTERN_BLOCK);
                    for (col, start, out) in share.iter_mut() {
                        for chunk in (0..out.len()).step_by(INTERN_BLOCK) {
                            block.clear();
                            at.clear();
                            for j in chunk..(chunk + INTERN_BLOCK).min(out.len()) {
                                let s = row_str(col, *start + j);
                                match pack(s) {
                                    Some(k) => {
                                        block.push(k);
                                        at.push(j as u32);
                                    }
                                    None => {
                                        let next = long_keys.len() as u32;
                                        let id = *long.entry(s).or_insert_with(|| {
                                            long_keys.push(s.to_vec());
                                            next
                                        });
                                        out[j] = id | 0x8000_0000;
                                    }
                                }
                            }
                            table.intern(&block, &mut ids);
                            for (&j, &id) in at.iter().zip(&ids) {
                                out[j as usize] = id;
                            }
                        }
                    }
                    (share, (table.keys, long_keys))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).unzip()
    });
    // Merge: every distinct string once, then sort them.
    let mut uniques: Vec<Vec<u8>> = Vec::new();
    let mut packed = PackedTable::new();
    let mut long_global: FxMap<Vec<u8>, u32> = FxMap::default();
    let mut to_global: Vec<(Vec<u32>, Vec<u32>)> = Vec::with_capacity(locals.len());
    for (keys, _) in &locals {
        let p: Vec<u32> = keys
            .iter()
            .map(|&k| {
                let before = packed.keys.len();
                let id = packed.id(k) as usize;
                if packed.keys.len() > before {
                    uniques.push(unpack(k));
                }
                id as u32
            })
            .collect();
        to_global.push((p, Vec::new()));
    }
    let n_packed = uniques.len() as u32;
    for (t, (_, long_keys)) in locals.iter().enumerate() {
        to_global[t].1 = long_keys
            .iter()
            .map(|s| {
                let next = n_packed + long_global.len() as u32;
                *long_global.entry(s.clone()).or_insert_with(|| {
                    uniques.push(s.clone());
                    next
                })
            })
            .collect();
    }
    let mut order: Vec<u32> = (0..uniques.len() as u32).collect();
    if long_global.is_empty() {
        // Packed keys in big-endian byte order (bytes, then length) sort as the strings do.
        let be: Vec<u128> = packed.keys.iter().map(|&k| be_key(k)).collect();
        order.sort_unstable_by_key(|&g| be[g as usize]);
    } else {
        order.sort_unstable_by(|&a, &b| uniques[a as usize].cmp(&uniques[b as usize]));
    }
    let mut rank = vec![0u32; uniques.len()];
    for (r, &g) in order.iter().enumerate() {
        rank[g as usize] = r as u32;
    }
    // Pass 2: local ids -> ranks.
    let maps: Vec<(Vec<u32>, Vec<u32>)> = to_global
        .into_iter()
        .map(|(p, l)| {
            (p.into_iter().map(|g| rank[g as usize]).collect(), l.into_iter().map(|g| rank[g as usize]).collect())
        })
        .collect();
    std::thread::scope(|scope| {
        for (share, (p, l)) in shares.into_iter().zip(&maps) {
            scope.spawn(move || {
                for (_, _, out) in share {
                    for o in out.iter_mut() {
                        *o = if *o & 0x8000_0000 != 0 { l[(*o & 0x7fff_ffff) as usize] } else { p[*o as usize] };
                    }
                }
            });
        }
    });
    let mut sorted: Vec<Vec<u8>> = Vec::with_capacity(uniques.len());
    let mut uniques: Vec<Option<Vec<u8>>> = uniques.into_iter().map(Some).collect();
    for g in order {
        sorted.push(uniques[g as usize].take().unwrap_or_default());
    }
    (outs, sorted)
}
