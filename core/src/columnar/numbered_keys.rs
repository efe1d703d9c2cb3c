//! Dense keys of string id columns that follow one numbering: each row's key is its number less
//! the least number, so no id is hashed or sorted ([`numbered_keys`]).

use super::column::{Column, Values};
use super::numbered::Numbering;
use super::pieces::{in_chunks, worker_threads};

/// The keys of [`numbered_keys`]: by column, a key a row (`number - min`), and how to write a
/// key's id back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberedKeys {
    /// Each column's keys, one a row.
    pub keys: Vec<Vec<u32>>,
    /// The numbering every id follows.
    pub numbering: Numbering,
    /// The least number (key 0).
    pub min: u64,
}

impl NumberedKeys {
    /// The id of key `k`.
    pub fn id(&self, k: u32) -> Vec<u8> {
        let mut out = Vec::new();
        self.numbering.write_id(self.min + u64::from(k), &mut out);
        out
    }
}

/// Dense keys for string id columns (plain or dictionary-encoded) whose every id, and every
/// dictionary value, follows one numbering, with the numbers dense (their span at most twice
/// the rows, plus 1024): a row's key is its number less the least, so keys compare as the ids
/// do, and equal ids share a key across columns. `None` for anything else (a null, another
/// kind of column, an id that does not follow the first id's numbering, sparse numbers): then
/// intern the ids ([`super::dense_string_keys`]). Dictionary indices are mapped on `threads`
/// threads (0: all, from 50k rows on).
///
/// ```
/// use arrears::columnar::{numbered_keys, Column, Values};
/// let (offsets, data) = ([0, 4, 8, 12], b"C-07C-03C-07");
/// let col = Column::new(3, Values::Utf8 { offsets: &offsets, data }, "utf8");
/// let k = numbered_keys(&[&col], 1).unwrap();
/// assert_eq!((k.keys[0].as_slice(), k.min), (&[4, 0, 4][..], 3));
/// assert_eq!(k.id(4), b"C-07");
/// ```
pub fn numbered_keys(cols: &[&Column<'_>], threads: usize) -> Option<NumberedKeys> {
    let mut numbering: Option<Numbering> = None;
    let mut number = |s: Option<&[u8]>| -> Option<u64> {
        let s = s?;
        let n = match numbering {
            Some(n) => n,
            None => *numbering.insert(Numbering::of(s)?),
        };
        n.number(s)
    };
    // each column's dictionary values as numbers (a plain column: none), and the least and most
    let (mut min, mut max, mut rows) = (u64::MAX, 0u64, 0usize);
    let mut dict_numbers: Vec<Option<Vec<u64>>> = Vec::with_capacity(cols.len());
    for c in cols {
        if c.validity.is_some() {
            return None;
        }
        rows += c.len;
        let mut see = |x: u64| {
            min = min.min(x);
            max = max.max(x);
        };
        match &c.values {
            Values::Dict { values, .. } if values.validity.is_none() && values.is_string() => {
                let v = (0..values.len).map(|j| number(values.str_at(j))).collect::<Option<Vec<u64>>>()?;
                v.iter().for_each(|&x| see(x));
                dict_numbers.push(Some(v));
            }
            _ if c.is_string() => {
                for i in 0..c.len {
                    see(number(c.str_at(i))?);
                }
                dict_numbers.push(None);
            }
            _ => return None,
        }
    }
    let numbering = numbering?;
    let span = max.checked_sub(min)?;
    if span >= u64::from(u32::MAX) || span > 2 * rows as u64 + 1024 {
        return None;
    }
    let threads = worker_threads(threads, rows);
    let mut keys = Vec::with_capacity(cols.len());
    for (c, dict) in cols.iter().zip(&dict_numbers) {
        let mut out = vec![0u32; c.len];
        match (&c.values, dict) {
            (Values::Dict { indices, .. }, Some(d)) => {
                let d: Vec<u32> = d.iter().map(|&x| (x - min) as u32).collect();
                let bad = std::sync::atomic::AtomicBool::new(false);
                let fill = |o: &mut [u32], start: usize| {
                    if let Values::I32(ix) = indices.values {
                        // Arrow's usual int32 indices: a plain gather, no dispatch per row
                        for (slot, &j) in o.iter_mut().zip(ix.get(start..).unwrap_or_default()) {
                            match d.get(usize::try_from(j).unwrap_or(usize::MAX)) {
                                Some(&key) => *slot = key,
                                None => bad.store(true, std::sync::atomic::Ordering::Relaxed),
                            }
                        }
                        if ix.len() >= start + o.len() {
                            return;
                        }
                    }
                    for (k, slot) in o.iter_mut().enumerate() {
                        match indices.int_at(start + k).and_then(|j| d.get(usize::try_from(j).ok()?)) {
                            Some(&key) => *slot = key,
                            None => bad.store(true, std::sync::atomic::Ordering::Relaxed),
                        }
                    }
                };
                in_chunks(&mut out, if c.len < 100_000 { 1 } else { threads }, |start, o| fill(o, start));
                if bad.into_inner() {
                    return None; // an index outside its dictionary: the caller's check names it
                }
            }
            _ => {
                for (i, slot) in out.iter_mut().enumerate() {
                    *slot = (numbering.number(c.str_at(i)?)? - min) as u32;
                }
            }
        }
        keys.push(out);
    }
    Some(NumberedKeys { keys, numbering, min })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionaries_and_plain_columns_share_keys_or_fall_back() {
        let (vo, vd) = ([0, 4, 8], b"C-05C-02");
        let values = Column::new(2, Values::Utf8 { offsets: &vo, data: vd }, "utf8");
        let idx = [1i32, 0, 1];
        let dict = Column::new(
            3,
            Values::Dict { indices: Box::new(Column::new(3, Values::I32(&idx), "int32")), values: Box::new(values) },
            "dict",
        );
        let (po, pd) = ([0, 4, 8], b"C-02C-09");
        let plain = Column::new(2, Values::Utf8 { offsets: &po, data: pd }, "utf8");
        let k = numbered_keys(&[&dict, &plain], 2).unwrap();
        assert_eq!((k.keys, k.min), (vec![vec![0, 3, 0], vec![0, 7]], 2));
        let (oo, od) = ([0, 4, 8], b"C-02D-09");
        let other = Column::new(2, Values::Utf8 { offsets: &oo, data: od }, "utf8");
        assert_eq!(numbered_keys(&[&dict, &other], 1), None);
        let (so, sd) = ([0, 8, 16], b"C-000000C-999999");
        let sparse = Column::new(2, Values::Utf8 { offsets: &so, data: sd }, "utf8");
        assert_eq!(numbered_keys(&[&sparse], 1), None);
        let bad_idx = [1i32, 5, 1];
        let (vo2, vd2) = ([0, 4, 8], b"C-05C-02");
        let values2 = Column::new(2, Values::Utf8 { offsets: &vo2, data: vd2 }, "utf8");
        let broken = Column::new(
            3,
            Values::Dict {
                indices: Box::new(Column::new(3, Values::I32(&bad_idx), "int32")),
                values: Box::new(values2),
            },
            "dict",
        );
        assert_eq!(numbered_keys(&[&broken], 1), None);
    }
}
