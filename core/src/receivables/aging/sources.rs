//! The batches of [`age_batches`](super::age_batches) as the kernels' sources: the general
//! [`Batch`] (an [`AgingSource`]) and [`KeyedBatch`] (a [`KeyedSource`]), and the fast readers
//! of the common shapes (plain slices, int32 dictionary indices, `utf8` or packed ids), which
//! read each value with no type dispatch beyond one predictable branch.

use std::borrow::Cow;
use std::sync::Arc;

use super::batches::Currencies;
use super::{age_keyed, AgingSource, AgingSpec, KeyedAging, KeyedSource};
use crate::columnar::{pack_code, pack_key, pack_key_at, prefetch_at, row_str, Column, Values};
use crate::error::Result;

/// Customer keys of one batch.
pub(super) enum Keys<'a> {
    /// One key per row.
    Rows(Cow<'a, [u32]>),
    /// Dictionary indices mapped through a per-batch table.
    Dict(Arc<Vec<u32>>),
    /// Integer values used directly (dense, non-negative).
    Direct,
    /// Strings, interned after all batches are seen.
    Pending,
}

/// One batch on its way to a kernel: its columns and the keys chosen for them.
pub(super) struct Batch<'a> {
    pub(super) len: usize,
    pub(super) customer: Column<'a>,
    pub(super) keys: Keys<'a>,
    pub(super) currency: Option<Column<'a>>,
    /// One currency index per row (or one for all rows).
    pub(super) cur_keys: Cow<'a, [u16]>,
    /// For a dictionary-encoded currency column: currency index per dictionary entry.
    pub(super) cur_map: Vec<u16>,
    pub(super) date: &'a [i32],
    /// The first row without a date.
    pub(super) date_null: Option<usize>,
    pub(super) amount: Column<'a>,
    pub(super) disputed: Option<Column<'a>>,
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

/// The customer ids of a batch for [`age_keyed`]: plain `utf8` read straight from the buffers,
/// packed ids as they are, anything else through [`row_str`].
enum KeyCol<'a, 'b> {
    Utf8 { offsets: &'a [i32], data: &'a [u8] },
    Packed(&'a [u128]),
    Any(&'b Column<'a>),
}

/// The currency of a batch for [`age_keyed`].
enum CurCol<'a, 'b> {
    Fixed(u32),
    Utf8 {
        offsets: &'a [i32],
        data: &'a [u8],
    },
    Dict {
        indices: &'b Column<'a>,
        packed: Vec<u32>,
    },
    /// Indices into the caller's list, whose codes are packed in `packed`.
    Indices {
        index: &'a [u16],
        packed: &'b [u32],
    },
    Any(&'b Column<'a>),
}

/// One batch as a [`KeyedSource`].
struct KeyedBatch<'a, 'b> {
    b: &'b Batch<'a>,
    key: KeyCol<'a, 'b>,
    cur: CurCol<'a, 'b>,
    fixed_text: &'b str,
    list: &'b [&'b str],
}

/// The text of currency `index` of a caller's list, or the index when it is outside the list.
fn list_text(list: &[&str], index: Option<&u16>) -> String {
    match index {
        Some(&c) => list.get(usize::from(c)).map_or_else(|| c.to_string(), |s| s.to_string()),
        None => String::new(),
    }
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
            KeyCol::Packed(keys) => keys.get(i).copied(),
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
            CurCol::Indices { index, packed } => packed.get(usize::from(index[i])).copied().unwrap_or(u32::MAX),
            CurCol::Any(c) => pack_code(row_str(c, i)),
        }
    }
    fn currency_text(&self, i: usize) -> String {
        match (&self.cur, &self.b.currency) {
            (CurCol::Indices { index, .. }, _) => list_text(self.list, index.get(i)),
            (_, Some(c)) => String::from_utf8_lossy(row_str(c, i)).into_owned(),
            (_, None) => self.fixed_text.to_string(),
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
    Packed(&'a [u128]),
}

/// Currency codes of a [`FastBatch`].
enum FastCodes<'a> {
    Utf8 { offsets: &'a [i32], data: &'a [u8] },
    Dict { indices: &'a [i32], packed: Vec<u32> },
    Indices { index: &'a [u16], packed: &'a [u32] },
    Fixed(u32),
}

/// The common shapes, read with no type dispatch beyond one predictable branch per value:
/// `utf8` ids (plain, dictionary-encoded with int32 indices, or packed), `utf8` or dictionary
/// currency codes, indices into a list of codes (or one code for all rows), decimal128 or
/// int64 amounts, disputed flags as bytes (or none).
struct FastBatch<'a, A> {
    ids: FastIds<'a>,
    codes: FastCodes<'a>,
    code_text: &'a str,
    list: &'a [&'a str],
    currency: Option<&'a Column<'a>>,
    date: &'a [i32],
    amount: A,
    disputed: Option<&'a [u8]>,
    invalid: Option<(usize, &'static str)>,
}

#[inline(always)]
fn str_range(offsets: &[i32], j: usize) -> (usize, usize) {
    match (offsets.get(j), offsets.get(j + 1)) {
        (Some(&a), Some(&z)) => (a as usize, (z as usize).saturating_sub(a as usize)),
        _ => (0, 0),
    }
}

impl<A: AmountSlice> KeyedSource for FastBatch<'_, A> {
    fn len(&self) -> usize {
        self.date.len()
    }
    #[inline(always)]
    fn customer(&self, i: usize) -> Option<u128> {
        let (data, (a, n)) = match &self.ids {
            FastIds::Utf8 { offsets, data } => (data, str_range(offsets, i)),
            FastIds::Dict { indices, offsets, data } => (data, str_range(offsets, indices[i] as usize)),
            FastIds::Packed(keys) => return Some(keys[i]),
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
            FastCodes::Indices { index, packed } => packed.get(usize::from(index[i])).copied().unwrap_or(u32::MAX),
            FastCodes::Fixed(c) => *c,
        }
    }
    #[inline(always)]
    fn prefetch_customer(&self, i: usize, step: u8) {
        if let FastIds::Dict { indices, offsets, data } = &self.ids {
            let j = indices[i] as usize;
            if step == 0 {
                prefetch_at(offsets, j);
            } else if let Some(&a) = offsets.get(j) {
                prefetch_at(data, a as usize);
            }
        }
    }
    fn currency_text(&self, i: usize) -> String {
        match (&self.codes, self.currency) {
            (FastCodes::Indices { index, .. }, _) => list_text(self.list, index.get(i)),
            (_, Some(c)) => String::from_utf8_lossy(row_str(c, i)).into_owned(),
            (_, None) => self.code_text.to_string(),
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
    #[inline(always)]
    fn disputed(&self, i: usize) -> bool {
        self.disputed.is_some_and(|d| d[i] != 0)
    }
    fn has_disputed(&self) -> bool {
        self.disputed.is_some()
    }
    fn first_invalid(&self) -> Option<(usize, &'static str)> {
        self.invalid
    }
}

/// The customer ids and currency codes of a batch in a fast shape, if they have one.
fn fast_parts<'a>(
    b: &'a Batch<'a>,
    code: &str,
    packed_list: Option<&'a [u32]>,
) -> Option<(FastIds<'a>, FastCodes<'a>)> {
    let ids = match &b.customer.values {
        Values::Utf8 { offsets, data } if offsets.len() > b.len => FastIds::Utf8 { offsets, data },
        Values::Packed(keys) if keys.len() >= b.len => FastIds::Packed(&keys[..b.len]),
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
            Values::U16(index) if index.len() >= b.len => match packed_list {
                Some(packed) => FastCodes::Indices { index, packed },
                None => return None,
            },
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
    Some((ids, codes))
}

/// The batches as [`FastBatch`]es, when every one has such a shape (with amounts of the kind
/// `amounts` reads).
fn fast_batches<'a, A: AmountSlice>(
    batches: &'a [Batch<'a>],
    code: &'a str,
    list: &'a [&'a str],
    packed_list: Option<&'a [u32]>,
    amounts: impl Fn(&'a Values<'a>) -> Option<A>,
) -> Option<Vec<FastBatch<'a, A>>> {
    let mut out = Vec::with_capacity(batches.len());
    for b in batches {
        let (ids, codes) = fast_parts(b, code, packed_list)?;
        let amount = amounts(&b.amount.values)?;
        let disputed = match &b.disputed {
            None => None,
            Some(Column { values: Values::U8(d), .. }) if d.len() >= b.len => Some(&d[..b.len]),
            Some(_) => return None,
        };
        if amount.len() < b.len || b.date.len() != b.len {
            return None;
        }
        out.push(FastBatch {
            ids,
            codes,
            code_text: code,
            list,
            currency: b.currency.as_ref(),
            date: b.date,
            amount: amount.head(b.len),
            disputed,
            invalid: b.first_invalid(),
        });
    }
    Some(out)
}

/// Ages batches with string ids by their bytes ([`age_keyed`]); `None` when an id is longer
/// than 15 bytes.
pub(super) fn age_keyed_batches(
    spec: &AgingSpec,
    batches: &[Batch<'_>],
    currencies: &Currencies<'_>,
    scale: u32,
    threads: usize,
) -> Result<Option<KeyedAging>> {
    let (fixed, list): (&str, &[&str]) = match currencies {
        Currencies::Fixed(code) => (code, &[]),
        Currencies::List(list) => ("", list),
        Currencies::Codes => ("", &[]),
    };
    let packed_list: Vec<u32> = list.iter().map(|c| pack_code(c.as_bytes())).collect();
    let is_list = matches!(currencies, Currencies::List(_));
    let packed = is_list.then_some(packed_list.as_slice());
    if let Some(fast) = fast_batches(batches, fixed, list, packed, |v| match v {
        Values::Decimal { values, .. } => Some(*values),
        _ => None,
    }) {
        return age_keyed(spec, &fast, scale, threads);
    }
    if let Some(fast) = fast_batches(batches, fixed, list, packed, |v| match v {
        Values::I64(values) => Some(*values),
        _ => None,
    }) {
        return age_keyed(spec, &fast, scale, threads);
    }
    let sources: Vec<KeyedBatch<'_, '_>> = batches
        .iter()
        .map(|b| {
            let key = match &b.customer.values {
                Values::Utf8 { offsets, data } if offsets.len() > b.len => KeyCol::Utf8 { offsets, data },
                Values::Packed(keys) => KeyCol::Packed(keys),
                _ => KeyCol::Any(&b.customer),
            };
            let cur = match &b.currency {
                None => CurCol::Fixed(pack_code(fixed.as_bytes())),
                Some(c) => match &c.values {
                    Values::Utf8 { offsets, data } if offsets.len() > b.len => CurCol::Utf8 { offsets, data },
                    Values::U16(index) if is_list => CurCol::Indices { index, packed: &packed_list },
                    Values::Dict { indices, values } => CurCol::Dict {
                        indices,
                        packed: (0..values.len).map(|j| pack_code(values.str_at(j).unwrap_or(b""))).collect(),
                    },
                    _ => CurCol::Any(c),
                },
            };
            KeyedBatch { b, key, cur, fixed_text: fixed, list }
        })
        .collect();
    age_keyed(spec, &sources, scale, threads)
}

/// Amounts as the kernel reads them from a plain slice.
pub(super) trait AmountSlice: Sync + Copy {
    fn at(&self, i: usize) -> i128;
    fn len(&self) -> usize;
    fn head(self, n: usize) -> Self;
}

impl AmountSlice for &[i128] {
    #[inline]
    fn at(&self, i: usize) -> i128 {
        self[i]
    }
    fn len(&self) -> usize {
        <[i128]>::len(self)
    }
    fn head(self, n: usize) -> Self {
        &self[..n]
    }
}

impl AmountSlice for &[i64] {
    #[inline]
    fn at(&self, i: usize) -> i128 {
        i128::from(self[i])
    }
    fn len(&self) -> usize {
        <[i64]>::len(self)
    }
    fn head(self, n: usize) -> Self {
        &self[..n]
    }
}

/// A batch whose columns are all plain slices (keys laid out per row).
pub(super) struct Flat<'a, A> {
    customer: &'a [u32],
    currency: &'a [u16],
    date: &'a [i32],
    amount: A,
    /// Disputed flags as bytes (non-zero: disputed), if any.
    disputed: Option<&'a [u8]>,
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
    #[inline]
    fn disputed(&self, i: usize) -> bool {
        self.disputed.is_some_and(|d| d[i] != 0)
    }
    fn first_invalid(&self) -> Option<(usize, &'static str)> {
        self.invalid
    }
}

/// A batch whose ids and currencies are int32 dictionary indices read through their maps (the
/// shape of a Parquet table read with `read_dictionary` and unified): no key laid out per row.
pub(super) struct FlatDict<'a> {
    customer: &'a [i32],
    customer_map: &'a [u32],
    currency: &'a [i32],
    currency_map: &'a [u16],
    date: &'a [i32],
    amount: &'a [i128],
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
            prefetch_at(self.customer_map, j as usize);
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
pub(super) fn flat_dict_sources<'a>(batches: &'a [Batch<'a>]) -> Option<Vec<FlatDict<'a>>> {
    let mut out = Vec::with_capacity(batches.len());
    for b in batches {
        let (Keys::Dict(customer_map), Values::Dict { indices: ci, .. }) = (&b.keys, &b.customer.values) else {
            return None;
        };
        let Some(Column { values: Values::Dict { indices: ki, .. }, .. }) = &b.currency else { return None };
        let (Values::I32(customer), Values::I32(currency)) = (&ci.values, &ki.values) else { return None };
        let Values::Decimal { values: amounts, .. } = &b.amount.values else { return None };
        if b.disputed.is_some() || b.cur_map.is_empty() || customer.len() != b.len || currency.len() != b.len {
            return None;
        }
        out.push(FlatDict {
            customer,
            customer_map,
            currency,
            currency_map: &b.cur_map,
            date: b.date,
            amount: amounts,
            invalid: b.first_invalid(),
        });
    }
    Some(out)
}

pub(super) enum FlatAmounts<'a> {
    Decimal(Vec<Flat<'a, &'a [i128]>>),
    Int(Vec<Flat<'a, &'a [i64]>>),
}

/// The batches as plain slices, when every one has per-row keys, decimal128 or int64 amounts
/// and no disputed column but one of bytes (`None`: the general sources serve).
pub(super) fn flat_sources<'a>(batches: &'a [Batch<'a>]) -> Option<FlatAmounts<'a>> {
    let mut dec = Vec::new();
    let mut int = Vec::new();
    for b in batches {
        let Keys::Rows(customer) = &b.keys else { return None };
        let disputed = match &b.disputed {
            None => None,
            Some(Column { values: Values::U8(d), .. }) if d.len() >= b.len => Some(*d),
            Some(_) => return None,
        };
        if !b.cur_map.is_empty() || b.cur_keys.is_empty() || customer.len() != b.len {
            return None;
        }
        let (currency, date, invalid) = (&*b.cur_keys, b.date, b.first_invalid());
        match &b.amount.values {
            Values::Decimal { values: amounts, .. } => {
                dec.push(Flat { customer, currency, date, amount: *amounts, disputed, invalid })
            }
            Values::I64(v) => int.push(Flat { customer, currency, date, amount: *v, disputed, invalid }),
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
pub(super) fn materialize_dict_keys(batches: &mut [Batch<'_>], threads: usize) {
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
                        b.keys = Keys::Rows(Cow::Owned(rows));
                    }
                    if !b.cur_map.is_empty() {
                        let rows: Vec<u16> = (0..b.len).map(|i| b.currency(i) as u16).collect();
                        b.cur_keys = Cow::Owned(rows);
                        b.cur_map.clear();
                    }
                }
            });
        }
    });
}
