//! Customer ids to dense keys: string ids (packed into one integer when short) and integer ids
//! interned across batches, then ranked so the keys follow the ids' order.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::column::{row_str, Column};

/// A small, fast hasher for short keys (customer ids): FxHash's mixing step.
#[derive(Default)]
pub(crate) struct Fx(u64);

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

/// Interns the string (or integer) values of a column across batches, then ranks them so the
/// keys follow the values' order.
pub(crate) struct Interner {
    packed: PackedTable,
    packed_ids: Vec<u32>,
    strings: FxMap<Vec<u8>, u32>,
    /// Per interned string: its packed key (u128::MAX for a long string, kept in `long`).
    pub(crate) string_names: Vec<u128>,
    long: FxMap<u32, Vec<u8>>,
    ints: FxMap<i128, u32>,
    pub(crate) int_names: Vec<i128>,
}

impl Interner {
    pub(crate) fn new() -> Self {
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
    pub(crate) fn str_id(&mut self, s: &[u8]) -> u32 {
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
    pub(crate) fn int_id(&mut self, v: i128) -> u32 {
        let next = self.int_names.len() as u32;
        *self.ints.entry(v).or_insert_with(|| {
            self.int_names.push(v);
            next
        })
    }

    /// The bytes of interned string `id`.
    pub(crate) fn name(&self, id: usize) -> Vec<u8> {
        match self.string_names[id] {
            u128::MAX => self.long.get(&(id as u32)).cloned().unwrap_or_default(),
            k => unpack(k),
        }
    }

    /// rank[first-seen id] = position in sorted order.
    pub(crate) fn ranks(&self) -> Vec<u32> {
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

/// Short keys (customer ids of up to 15 bytes) packed into one integer with their length, so a
/// lookup compares two integers instead of calling memcmp.
#[inline]
pub(crate) fn pack(s: &[u8]) -> Option<u128> {
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
pub(crate) fn be_key(k: u128) -> u128 {
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

/// A thread's share of the rows: (column, first row, the output slice for those rows).
type Segment<'s, 'a> = (&'s Column<'a>, usize, &'s mut [u32]);

/// Dense keys for the string ids of every row of every batch, in sorted order of the strings
/// (so the core's key order is the id order). Each thread interns its share of the rows in a
/// table of packed keys; the threads' tables are merged and sorted; then every row's local id
/// is replaced by its rank, again on all threads. Returns the keys per batch and the sorted
/// distinct strings. Null rows get the empty string's key (the kernel reports them first).
pub(crate) fn intern_rows(cols: &[&Column<'_>], threads: usize) -> (Vec<Vec<u32>>, Vec<Vec<u8>>) {
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
