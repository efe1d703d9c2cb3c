//! The columnar entry of aging: a binding's columns in ([`AgingBatch`]es of
//! [`Column`] views), the kernel chosen here ([`age_batches`]).
//!
//! Which kernel runs depends on the shape of the customer ids, decided once for every binding:
//! - string ids in chunks that share few dictionaries (one unified dictionary, a categorical
//!   column): each dictionary value is ranked once, and the rows are read through their
//!   indices by the integer-key kernel ([`age_sources`]);
//! - other string ids of up to 15 bytes (plain, per-chunk dictionaries as Parquet readers
//!   give them, packed): grouped by their bytes in one pass ([`age_keyed`](super::age_keyed));
//! - longer string ids: interned on all cores into keys in the ids' order, then
//!   [`age_sources`];
//! - integer ids: used as keys when dense and non-negative, otherwise interned and ranked.

use std::borrow::Cow;

use super::sources::{
    age_keyed_batches, flat_dict_sources, flat_sources, materialize_dict_keys, Batch, FlatAmounts, Keys,
};
use super::{age_sources, AgingSpec, AgingTable};
use crate::columnar::dicts::{intern_dictionaries, rank_dictionaries, shared_dictionaries};
use crate::columnar::intern::{intern_rows, Interner};
use crate::columnar::{pack_code, Column, Values};
use crate::error::{Error, ErrorKind, Result};
use crate::money::Currency;

/// One partition of open items as columns viewed in place (an Arrow record batch, a binding's
/// typed arrays), every column `len` rows.
pub struct AgingBatch<'a> {
    /// Rows.
    pub len: usize,
    /// Customer ids: strings (plain, dictionary-encoded, packed) or integers (plain or
    /// dictionary-encoded).
    pub customer: Column<'a>,
    /// The currency column, as [`BatchOptions::currencies`] says (`None` with a fixed code).
    pub currency: Option<Column<'a>>,
    /// The day number each row's age is counted from (due or issue date, per the spec).
    pub date: &'a [i32],
    /// The first row without a date, if any.
    pub date_null: Option<usize>,
    /// Open amounts in minor units at [`BatchOptions::scale`]: decimal128 or integers.
    pub amount: Column<'a>,
    /// Disputed flags: booleans or integers (non-zero: disputed), if any.
    pub disputed: Option<Column<'a>>,
}

/// Where the rows' currency codes come from.
#[derive(Debug, Clone, Copy)]
pub enum Currencies<'a> {
    /// One code for every row (no currency column); errors name it `currency_code`.
    Fixed(&'a str),
    /// Each batch's currency column holds ISO 4217 codes as strings (plain or
    /// dictionary-encoded).
    Codes,
    /// Each batch's currency column holds `u16` indices into this list of codes.
    List(&'a [&'a str]),
}

impl Currencies<'_> {
    /// Checks a fixed code against ISO 4217 (the other forms are checked with the rows).
    ///
    /// ```
    /// use arrears::aging::Currencies;
    /// assert!(Currencies::Fixed("EUR").check().is_ok());
    /// assert_eq!(Currencies::Fixed("XYZ").check().unwrap_err().field(), "currency_code");
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::UnknownCurrency`] (field `currency_code`).
    pub fn check(&self) -> Result<()> {
        match self {
            Currencies::Fixed(code) if Currency::lookup(code).is_none() => {
                Err(Error::new(ErrorKind::UnknownCurrency, "currency_code", *code, "not in the current ISO 4217 list"))
            }
            _ => Ok(()),
        }
    }
}

/// The caller's names of the columns, for errors (`items[7].customer` becomes `items[7].<customer>`).
#[derive(Debug, Clone, Copy)]
pub struct AgingFields<'a> {
    /// The customer column.
    pub customer: &'a str,
    /// The currency column.
    pub currency: &'a str,
    /// The date column the age is counted from (`due_date`, `issue_date`).
    pub date: &'a str,
    /// The amount column.
    pub amount: &'a str,
}

impl Default for AgingFields<'_> {
    fn default() -> Self {
        AgingFields { customer: "customer", currency: "currency", date: "date", amount: "amount" }
    }
}

/// How [`age_batches`] reads its batches.
#[derive(Debug, Clone, Copy)]
pub struct BatchOptions<'a> {
    /// Where the currency codes come from.
    pub currencies: Currencies<'a>,
    /// Decimal places of the amounts (0 ..= 18).
    pub scale: u32,
    /// Worker threads (0: all cores from 50k rows on).
    pub threads: usize,
    /// The column names errors use.
    pub fields: AgingFields<'a>,
}

/// The customers of an [`age_batches`] table: customer key `k` is entry `k`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Customers {
    /// String ids, sorted.
    Strings(Vec<String>),
    /// Integer ids, sorted (64-bit patterns: a `u64` id above `i64::MAX` reads negative).
    Ints(Vec<i64>),
    /// Short string ids packed by [`pack_key`](crate::columnar::pack_key), sorted.
    Packed(Vec<u128>),
}

impl Customers {
    /// The number of customers.
    pub fn len(&self) -> usize {
        match self {
            Customers::Strings(v) => v.len(),
            Customers::Ints(v) => v.len(),
            Customers::Packed(v) => v.len(),
        }
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// String ids as their bytes, in key order (which is their byte order), whether they were
    /// packed or kept whole; `None` for integer ids.
    ///
    /// ```
    /// use arrears::aging::{pack_key, Customers};
    /// let short = Customers::Packed(vec![pack_key(b"ACME").unwrap()]);
    /// assert_eq!(short.into_bytes(), Some(vec![b"ACME".to_vec()]));
    /// let long = Customers::Strings(vec!["a customer id of 25 bytes".into()]);
    /// assert_eq!(long.into_bytes().unwrap()[0].len(), 25);
    /// assert_eq!(Customers::Ints(vec![7]).into_bytes(), None);
    /// ```
    pub fn into_bytes(self) -> Option<Vec<Vec<u8>>> {
        match self {
            Customers::Strings(v) => Some(v.into_iter().map(String::into_bytes).collect()),
            Customers::Packed(v) => Some(v.into_iter().map(crate::columnar::unpack_key).collect()),
            Customers::Ints(_) => None,
        }
    }
}

/// The result of [`age_batches`]: the table, whose customer keys index `customers`.
#[derive(Debug, Clone)]
pub struct BatchAging {
    /// The aging table.
    pub table: AgingTable,
    /// The customer of each key.
    pub customers: Customers,
}

impl BatchAging {
    /// The table with integer ids as its customer keys (as [`age_columns`](super::age_columns)
    /// gives them); other ids leave the keys as they are.
    pub fn into_int_keys(self) -> AgingTable {
        let mut table = self.table;
        if let Customers::Ints(ids) = &self.customers {
            for k in &mut table.keys {
                k.0 = ids.get(k.0 as usize).map_or(k.0, |&id| id as u64);
            }
        }
        table
    }
}

/// What the batches told while they were read: ids interned so far, currency codes met, and
/// whether integer ids can be keys as they are.
struct State {
    interner: Interner,
    cur_codes: Vec<String>,
    direct_max: i128,
    all_direct: bool,
    total: usize,
}

/// Ages batches of columns, choosing the kernel by the shape of the ids (see the module's
/// documentation). The same rules as [`age_sources`]: every value is checked and the first bad
/// row named (`<customer>[i]`, `<currency>[i]`, `<date>[i]`, `<amount>[i]` in the caller's
/// names, `i` counted over all batches); nulls first.
///
/// ```
/// use arrears::aging::{age_batches, AgingBatch, AgingFields, AgingSpec, BatchOptions, Currencies, Customers};
/// use arrears::columnar::{Column, Values};
/// let as_of = arrears::parse_date("as_of", "2026-11-24")?;
/// let today = arrears::aging::day_number(as_of);
/// let (offsets, ids) = ([0, 4, 8, 12], b"BOLTACMEBOLT");
/// let (date, amount) = ([today - 10, today + 3, today - 40], [5000i64, 700, 100]);
/// let batch = AgingBatch {
///     len: 3,
///     customer: Column::new(3, Values::Utf8 { offsets: &offsets, data: ids }, "utf8"),
///     currency: None,
///     date: &date,
///     date_null: None,
///     amount: Column::new(3, Values::I64(&amount), "int64"),
///     disputed: None,
/// };
/// let options = BatchOptions { currencies: Currencies::Fixed("EUR"), scale: 2, threads: 1, fields: AgingFields::default() };
/// let out = age_batches(&AgingSpec::new(as_of), vec![batch], &options)?;
/// assert_eq!(out.table.rows().map(|r| r.total).collect::<Vec<_>>(), [700, 5100]);
/// assert!(matches!(out.customers, Customers::Packed(ref p) if p.len() == 2));
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// As [`age_sources`] and [`age_keyed`](super::age_keyed), fields renamed as above; also
/// [`ErrorKind::InvalidRequest`] for a column of a type no kernel reads, or a dictionary index
/// outside its dictionary; [`ErrorKind::UnknownCurrency`] for a currency string outside
/// ISO 4217 (field: the currency column).
pub fn age_batches(spec: &AgingSpec, batches: Vec<AgingBatch<'_>>, options: &BatchOptions<'_>) -> Result<BatchAging> {
    options.currencies.check()?;
    let mut state =
        State { interner: Interner::new(), cur_codes: Vec::new(), direct_max: -1, all_direct: true, total: 0 };
    match options.currencies {
        Currencies::Fixed(code) => state.cur_codes.push(code.to_string()),
        Currencies::List(list) => state.cur_codes = list.iter().map(|c| c.to_string()).collect(),
        Currencies::Codes => {}
    }
    let mut prepared = Vec::with_capacity(batches.len());
    for b in batches {
        let batch = prepare(b, options, &mut state)?;
        state.total += batch.len;
        prepared.push(batch);
    }
    if let Currencies::List(list) = options.currencies {
        // the list checked as the integer kernel checks it, whichever kernel runs
        super::columns::check_currencies(list, options.scale)?;
    }
    run_paths(spec, prepared, options, state)
}

/// One batch checked and its keys chosen (customers), its currency codes looked up.
fn prepare<'a>(b: AgingBatch<'a>, options: &BatchOptions<'_>, state: &mut State) -> Result<Batch<'a>> {
    let fields = &options.fields;
    let keys = customer_keys(&b.customer, b.len, fields.customer, state)?;
    let mut cur_map: Vec<u16> = Vec::new();
    let missing = || Error::new(ErrorKind::InvalidRequest, fields.currency, "null", "the currency column is missing");
    let (currency, cur_keys): (Option<Column<'a>>, Cow<'a, [u16]>) = match options.currencies {
        Currencies::Fixed(_) => (None, Cow::Owned(vec![0u16])),
        Currencies::List(_) => {
            let c = b.currency.ok_or_else(missing)?;
            match c.values {
                Values::U16(index) => (Some(c), Cow::Borrowed(index)),
                _ => {
                    return Err(Error::new(
                        ErrorKind::InvalidRequest,
                        fields.currency,
                        c.type_name.into_owned(),
                        "currency indices must be u16",
                    ))
                }
            }
        }
        Currencies::Codes => {
            let c = b.currency.ok_or_else(missing)?;
            match &c.values {
                Values::Dict { values, .. } if values.is_string() => {
                    // read through the dictionary in the kernel: no array per row; a null
                    // value is no code (a row pointing to it is a null row, reported as such)
                    for j in 0..values.len {
                        cur_map.push(match values.is_null(j) {
                            true => u16::MAX,
                            false => {
                                code_index(&mut state.cur_codes, fields.currency, values.str_at(j).unwrap_or(b""))?
                            }
                        });
                    }
                }
                // plain strings: read per row later (by the string-keyed kernel, or
                // string_currencies)
                _ if c.is_string() => {}
                _ => {
                    return Err(Error::new(
                        ErrorKind::InvalidRequest,
                        fields.currency,
                        c.type_name.into_owned(),
                        "the currency column must hold ISO 4217 codes as strings",
                    ))
                }
            }
            (Some(c), Cow::Owned(Vec::new()))
        }
    };
    // a dictionary index outside its dictionary (malformed input) must not read as some other
    // id or code
    for (col, name) in [(Some(&b.customer), fields.customer), (currency.as_ref(), fields.currency)] {
        if let Some((i, v, n)) = col.and_then(Column::first_bad_index) {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                super::item_field(name, state.total + i),
                v.to_string(),
                format!("a dictionary index outside its dictionary of {n} values"),
            ));
        }
    }
    Ok(Batch {
        len: b.len,
        customer: b.customer,
        keys,
        currency,
        cur_keys,
        cur_map,
        date: b.date,
        date_null: b.date_null,
        amount: b.amount,
        disputed: b.disputed,
    })
}

/// How a batch's customer ids become keys: strings wait for all batches; integers in a
/// dictionary are interned value by value; plain integers are keys as they are if every batch's
/// are dense and non-negative (noted in `state`).
fn customer_keys<'a>(customer: &Column<'a>, len: usize, name: &str, state: &mut State) -> Result<Keys<'a>> {
    Ok(match &customer.values {
        Values::Dict { values, .. } if values.is_string() => {
            state.all_direct = false;
            Keys::Pending
        }
        Values::Dict { values, .. } => {
            state.all_direct = false;
            let mut map = Vec::with_capacity(values.len);
            for j in 0..values.len {
                map.push(if let Some(v) = values.int_at(j) {
                    state.interner.int_id(v)
                } else {
                    return Err(Error::new(
                        ErrorKind::InvalidRequest,
                        "customer",
                        values.type_name.to_string(),
                        "customer ids must be strings or integers",
                    ));
                });
            }
            Keys::Dict(std::sync::Arc::new(map))
        }
        Values::Packed(_) => {
            state.all_direct = false;
            Keys::Pending
        }
        _ if customer.is_string() => {
            state.all_direct = false;
            Keys::Pending
        }
        _ if customer.is_integer() => {
            for i in 0..len {
                let v = customer.int_at(i).unwrap_or(0);
                if customer.is_null(i) {
                    continue;
                }
                if v < 0 {
                    state.all_direct = false;
                }
                state.direct_max = state.direct_max.max(v);
            }
            Keys::Direct
        }
        _ => {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                name,
                customer.type_name.to_string(),
                "customer ids must be strings, integers or dictionary-encoded",
            ))
        }
    })
}

/// The kernel chosen by the keys' shape, run.
fn run_paths(
    spec: &AgingSpec,
    mut batches: Vec<Batch<'_>>,
    options: &BatchOptions<'_>,
    state: State,
) -> Result<BatchAging> {
    let State { mut interner, mut cur_codes, direct_max, all_direct, total } = state;
    let (scale, threads) = (options.scale, options.threads);
    let rename = |e: Error| rename_fields(e, options);
    let pending = batches.iter().any(|b| matches!(b.keys, Keys::Pending));
    let ids = |batches: &[Batch<'_>]| -> bool {
        let cols: Vec<&Column<'_>> = batches.iter().map(|b| &b.customer).collect();
        shared_dictionaries(&cols, total)
    };
    let shared = pending && ids(&batches);
    if pending && !shared {
        // String ids, plain or in per-chunk dictionaries: summed by the ids' bytes in one pass.
        if let Some(out) = age_keyed_batches(spec, &batches, &options.currencies, scale, threads).map_err(rename)? {
            return Ok(BatchAging { table: out.table, customers: Customers::Packed(out.customers) });
        }
    }
    for b in &mut batches {
        string_currencies(b, &mut cur_codes, options.fields.currency)?;
    }
    let codes: Vec<&str> = cur_codes.iter().map(String::as_str).collect();
    let kernel = |batches: &[Batch<'_>], key_bound: u64, customers: Customers| -> Result<BatchAging> {
        let table = match flat_sources(batches) {
            // plain slices: the kernel's loop without a type dispatch per value
            Some(FlatAmounts::Decimal(flat)) => age_sources(spec, &flat, key_bound, &codes, scale, threads),
            Some(FlatAmounts::Int(flat)) => age_sources(spec, &flat, key_bound, &codes, scale, threads),
            None => age_sources(spec, batches, key_bound, &codes, scale, threads),
        }
        .map_err(rename)?;
        Ok(BatchAging { table, customers })
    };
    if pending {
        let cols: Vec<&Column<'_>> = batches.iter().map(|b| &b.customer).collect();
        if shared {
            // Chunks often share one dictionary (after unify_dictionaries, or a categorical
            // column): each distinct dictionary is ranked once.
            if let Some((maps, names)) = rank_dictionaries(&cols) {
                drop(cols);
                for (b, m) in batches.iter_mut().zip(maps) {
                    b.keys = Keys::Dict(m);
                }
                let customers = Customers::Strings(names);
                let key_bound = customers.len() as u64;
                if let Some(flat) = flat_dict_sources(&batches) {
                    // read through the dictionaries: no key laid out per row
                    let table = age_sources(spec, &flat, key_bound, &codes, scale, threads).map_err(rename)?;
                    return Ok(BatchAging { table, customers });
                }
                materialize_dict_keys(&mut batches, threads);
                return kernel(&batches, key_bound, customers);
            }
            // long ids: the interner, value by value
            let maps = intern_dictionaries(&cols, &mut interner);
            drop(cols);
            for (b, m) in batches.iter_mut().zip(maps) {
                if let Some(m) = m {
                    b.keys = Keys::Dict(m);
                }
            }
        } else {
            // plain strings or per-chunk dictionaries with long ids: every row interned, on
            // all cores
            let (keys, sorted) = intern_rows(&cols, threads);
            drop(cols);
            for (b, k) in batches.iter_mut().zip(keys) {
                b.keys = Keys::Rows(Cow::Owned(k));
            }
            let customers =
                Customers::Strings(sorted.into_iter().map(|s| String::from_utf8_lossy(&s).into_owned()).collect());
            let key_bound = customers.len() as u64;
            materialize_dict_keys(&mut batches, threads);
            return kernel(&batches, key_bound, customers);
        }
    }
    let direct = all_direct && batches.iter().all(|b| matches!(b.keys, Keys::Direct));
    let (key_bound, customers) = if direct && direct_max < (4 * total as i128).max(1 << 20) {
        // dense integers: the keys as they are (a u32 column read as a plain slice)
        for b in &mut batches {
            if let Values::U32(v) = b.customer.values {
                if v.len() == b.len {
                    b.keys = Keys::Rows(Cow::Borrowed(v));
                }
            }
        }
        let key_bound = (direct_max + 1).max(0) as u64;
        (key_bound, Customers::Ints((0..key_bound as i64).collect()))
    } else {
        rank_keys(&mut batches, &mut interner, direct)
    };
    // One key per row for the kernel, which reads them twice (no dictionary hop per read).
    materialize_dict_keys(&mut batches, threads);
    kernel(&batches, key_bound, customers)
}

/// Keys as the ranks of the interned ids (sparse or negative integers interned first), so that
/// they follow the ids' order; the key bound and the ids in key order.
fn rank_keys(batches: &mut [Batch<'_>], interner: &mut Interner, direct: bool) -> (u64, Customers) {
    if direct || batches.iter().any(|b| matches!(b.keys, Keys::Direct)) {
        // sparse integers: intern them
        for b in batches.iter_mut() {
            if matches!(b.keys, Keys::Direct) {
                let mut k = Vec::with_capacity(b.len);
                for i in 0..b.len {
                    k.push(interner.int_id(b.customer.int_at(i).unwrap_or(0)));
                }
                b.keys = Keys::Rows(Cow::Owned(k));
            }
        }
    }
    let rank = interner.ranks();
    let mut remapped: std::collections::HashMap<usize, std::sync::Arc<Vec<u32>>> = std::collections::HashMap::new();
    for b in batches.iter_mut() {
        match &mut b.keys {
            Keys::Rows(k) => k.to_mut().iter_mut().for_each(|x| *x = rank[*x as usize]),
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
    let key_bound = rank.len() as u64;
    let mut order: Vec<usize> = (0..rank.len()).collect();
    order.sort_unstable_by_key(|&i| rank[i]);
    let customers = if !interner.string_names.is_empty() {
        Customers::Strings(order.iter().map(|&i| String::from_utf8_lossy(&interner.name(i)).into_owned()).collect())
    } else {
        Customers::Ints(order.iter().map(|&i| interner.int_names[i] as i64).collect())
    };
    (key_bound, customers)
}

/// The index of currency code `s` in `cur_codes`, appended once it is checked against ISO 4217
/// (an unknown code is an error naming the column).
fn code_index(cur_codes: &mut Vec<String>, name: &str, s: &[u8]) -> Result<u16> {
    match cur_codes.iter().position(|x| x.as_bytes() == s) {
        Some(p) => Ok(p as u16),
        None => {
            let text = String::from_utf8_lossy(s).into_owned();
            if Currency::lookup(&text).is_none() {
                return Err(Error::new(ErrorKind::UnknownCurrency, name, text, "not in the current ISO 4217 list"));
            }
            cur_codes.push(text);
            Ok((cur_codes.len() - 1) as u16)
        }
    }
}

/// Currency indices per row for a batch whose currency column holds plain strings (codes
/// compared as packed integers against the few seen so far), checked against ISO 4217.
fn string_currencies(b: &mut Batch<'_>, cur_codes: &mut Vec<String>, name: &str) -> Result<()> {
    let Some(c) = &b.currency else { return Ok(()) };
    if !c.is_string() || !b.cur_map.is_empty() || !b.cur_keys.is_empty() {
        return Ok(());
    }
    let mut keys = Vec::with_capacity(b.len);
    let mut seen: Vec<(u32, u16)> = Vec::new();
    for i in 0..b.len {
        let s = c.str_at(i).unwrap_or(b"");
        let k = pack_code(s);
        match seen.iter().find(|x| x.0 == k) {
            Some(&(_, id)) if k != u32::MAX => keys.push(id),
            _ if c.is_null(i) => keys.push(0),
            _ => {
                let id = code_index(cur_codes, name, s)?;
                if k != u32::MAX {
                    seen.push((k, id));
                }
                keys.push(id);
            }
        }
    }
    b.cur_keys = Cow::Owned(keys);
    Ok(())
}

/// The kernels' generic column names -> the caller's; with a list of currencies, the keyed
/// kernel's errors in the integer kernel's terms (an index outside the list, an overflow
/// naming the one currency).
fn rename_fields(e: Error, options: &BatchOptions<'_>) -> Error {
    let f = e.field().to_string();
    let fields = &options.fields;
    let renamed = [
        ("customer", fields.customer),
        ("amount", fields.amount),
        ("date", fields.date),
        ("currency", fields.currency),
    ]
    .iter()
    .find_map(|(k, v)| super::item_row(&f).filter(|&(_, c)| c == *k).map(|(r, _)| super::item_field(v, r)));
    let e = match renamed {
        Some(field) => Error::new(e.kind(), field, e.value(), e.reason()),
        None => e,
    };
    let Currencies::List(list) = options.currencies else { return e };
    if e.kind() == ErrorKind::Overflow && e.value().is_empty() && list.len() == 1 {
        return Error::new(e.kind(), e.field(), list[0], e.reason());
    }
    let at_row = super::item_row(e.field()).is_some_and(|(_, c)| c == fields.currency);
    if e.kind() == ErrorKind::UnknownCurrency && at_row {
        // the list's codes are checked: a row's unknown code is an index outside the list
        return Error::new(ErrorKind::InvalidRequest, e.field(), e.value(), "currency index outside the currency list");
    }
    e
}
