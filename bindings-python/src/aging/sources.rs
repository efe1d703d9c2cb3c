//! The batches as the aging kernels' sources: the general [`KeyedBatch`] and [`Batch`], and the
//! fast readers of the common shapes (plain slices, int32 dictionary indices, `utf8` ids).

use arrears::aging::{age_keyed, pack_code, pack_key, pack_key_at, AgingSource, KeyedSource};
use arrears::Error;

use super::intern::{be_key, pack, row_str};
use super::{AgingArgs, Batch, Keys, Names};
use crate::arrow::{Column, Values};

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
    amount: &'a [i128],
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
        let Values::Decimal { values: amounts, .. } = &b.amount.values else { return None };
        if b.disputed.is_some() || amounts.len() < b.len || b.date.len() != b.len {
            return None;
        }
        out.push(FastBatch {
            ids,
            codes,
            code_text: code,
            currency: b.currency.as_ref(),
            date: b.date,
            amount: &amounts[..b.len],
            invalid: b.first_invalid(),
        });
    }
    Some(out)
}

/// Ages batches with string ids by their bytes ([`age_keyed`]); `None` when an id is longer
/// than 15 bytes.
pub(super) fn age_keyed_batches(
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
pub(super) fn rank_dictionaries(batches: &mut [Batch<'_>]) -> Option<Names> {
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
pub(super) trait AmountSlice: Sync {
    fn at(&self, i: usize) -> i128;
}

impl AmountSlice for &[i128] {
    #[inline]
    fn at(&self, i: usize) -> i128 {
        self[i]
    }
}

impl AmountSlice for &[i64] {
    #[inline]
    fn at(&self, i: usize) -> i128 {
        i128::from(self[i])
    }
}

/// A batch whose columns are all plain slices (keys laid out per row).
pub(super) struct Flat<'a, A> {
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
/// and no disputed column (`None`: the general sources serve).
pub(super) fn flat_sources<'a>(batches: &'a [Batch<'a>]) -> Option<FlatAmounts<'a>> {
    let mut dec = Vec::new();
    let mut int = Vec::new();
    for b in batches {
        let Keys::Rows(customer) = &b.keys else { return None };
        if b.disputed.is_some() || !b.cur_map.is_empty() || b.cur_keys.is_empty() {
            return None;
        }
        let (currency, date, invalid) = (b.cur_keys.as_slice(), b.date, b.first_invalid());
        match &b.amount.values {
            Values::Decimal { values: amounts, .. } => {
                dec.push(Flat { customer, currency, date, amount: *amounts, invalid })
            }
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
