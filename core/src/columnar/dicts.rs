//! Dictionary-encoded string columns: whether their chunks share few dictionaries (then each
//! dictionary value is keyed once, not each row), and dense keys for the values of the
//! distinct dictionaries, in the strings' order.

use std::collections::HashMap;
use std::sync::Arc;

use super::column::{Column, Values};
use super::intern::{be_key, pack, Interner};

/// A dictionary's keys: entry `j` is the key of its value `j`.
pub(crate) type KeyMap = Arc<Vec<u32>>;

/// Whether the string columns `cols` (one per chunk, `total_rows` rows in all) come in few
/// distinct dictionaries (one shared by all chunks, or small ones): then each dictionary value
/// is keyed once. Plain strings, or per-chunk dictionaries as Parquet readers produce (whose
/// sizes add up to more than the rows), are read row by row.
pub(crate) fn shared_dictionaries(cols: &[&Column<'_>], total_rows: usize) -> bool {
    let mut distinct: HashMap<(usize, usize), ()> = HashMap::new();
    let mut dict_values = 0usize;
    for c in cols {
        match &c.values {
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

/// Keys for dictionary-encoded string columns by sorting the distinct dictionaries' values (no
/// hash table): equal strings, in one dictionary or several, get one key, and keys follow the
/// strings' order. Returns, per column, its dictionary's map (index → key), and the strings in
/// key order. `None` when a column is not dictionary-encoded or some value is longer than 15
/// bytes (then [`intern_dictionaries`] serves).
pub(crate) fn rank_dictionaries(cols: &[&Column<'_>]) -> Option<(Vec<KeyMap>, Vec<String>)> {
    let mut dicts: Vec<(usize, usize)> = Vec::new();
    let mut entries: Vec<(u128, u32, u32)> = Vec::new();
    let mut which: Vec<usize> = Vec::with_capacity(cols.len());
    for c in cols {
        let Values::Dict { values, .. } = &c.values else { return None };
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
    let maps: Vec<KeyMap> = maps.into_iter().map(Arc::new).collect();
    Some((which.into_iter().map(|d| maps[d].clone()).collect(), names))
}

/// The interner's ids of each dictionary-encoded column's values (`None` for another column),
/// each distinct dictionary interned once (the path for ids longer than 15 bytes).
pub(crate) fn intern_dictionaries(cols: &[&Column<'_>], interner: &mut Interner) -> Vec<Option<KeyMap>> {
    let mut cache: HashMap<(usize, usize), KeyMap> = HashMap::new();
    cols.iter()
        .map(|c| {
            let Values::Dict { values, .. } = &c.values else { return None };
            let map = cache.entry(values.identity()).or_insert_with(|| {
                Arc::new((0..values.len).map(|j| interner.str_id(values.str_at(j).unwrap_or(b""))).collect())
            });
            Some(map.clone())
        })
        .collect()
}

/// Dense keys for string ids spread over several columns (plain strings, or dictionaries of
/// strings: each dictionary's values are interned once, however many chunks share it), in the
/// sorted order of the ids, on up to `threads` threads (0: all cores for large inputs).
/// Returns the keys of every row of each column and the distinct ids in sorted order (key `k`
/// names `ids[k]`). A null row gets the empty id's key. Indices are not checked here: call
/// [`Column::first_bad_index`] first (an index past its dictionary reads key 0).
///
/// ```
/// use arrears::columnar::{dense_string_keys, Column, Values};
/// let (o1, o2) = ([0, 1, 2], [0, 1, 2]);
/// let a = Column::new(2, Values::Utf8 { offsets: &o1, data: b"CA" }, "utf8");
/// let b = Column::new(2, Values::Utf8 { offsets: &o2, data: b"BA" }, "utf8");
/// let (keys, ids) = dense_string_keys(&[&a, &b], 1);
/// assert_eq!(ids, vec![b"A".to_vec(), b"B".to_vec(), b"C".to_vec()]);
/// assert_eq!(keys, vec![vec![2, 0], vec![1, 0]]);
/// ```
pub fn dense_string_keys(cols: &[&Column<'_>], threads: usize) -> (Vec<Vec<u32>>, Vec<Vec<u8>>) {
    let mut sources: Vec<&Column<'_>> = Vec::new();
    let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
    let mut source_of = Vec::with_capacity(cols.len());
    for c in cols {
        let s = match &c.values {
            Values::Dict { values, .. } => values.as_ref(),
            _ => *c,
        };
        let k = *seen.entry(s.identity()).or_insert_with(|| {
            sources.push(s);
            sources.len() - 1
        });
        source_of.push(k);
    }
    let (keys, names) = super::intern::intern_rows(&sources, threads);
    let out = cols
        .iter()
        .zip(&source_of)
        .map(|(c, &k)| match &c.values {
            Values::Dict { indices, .. } => {
                let map = &keys[k];
                (0..c.len).map(|i| map.get(indices.int_at(i).unwrap_or(0) as usize).copied().unwrap_or(0)).collect()
            }
            _ => keys[k].clone(),
        })
        .collect();
    (out, names)
}
