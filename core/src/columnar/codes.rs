//! Short codes of a `utf8` column (currency codes, up to 3 bytes) numbered in order of first
//! use, on every core: what a binding hands a kernel as a code index per row; and the same for
//! a dictionary column, each dictionary value used given its number by the caller
//! ([`dict_codes`]).

use super::pack_code;
use super::pieces::{in_chunks, worker_threads};

/// The code of each of the `n` rows of a `utf8` column (`offsets`, `data`: Arrow's layout) as
/// an index into the distinct codes in order of first use (row order), and the first row of
/// each distinct code; on `threads` threads (0: the cores from 50k rows on), each numbering a
/// contiguous part of the rows, the parts' numbers then joined in row order. `None` when a code
/// is longer than 3 bytes, when there are more than 256 distinct codes, or when `offsets` has
/// fewer than `n + 1` entries: read such a column one row at a time.
///
/// ```
/// use arrears::columnar::short_codes;
/// let (offsets, data) = ([0, 3, 6, 9, 12], b"EURUSDEURSEK");
/// let (index, first) = short_codes(&offsets, data, 4, 1).unwrap();
/// assert_eq!((index, first), (vec![0, 1, 0, 2], vec![0, 1, 3]));
/// assert!(short_codes(&[0, 4], b"EURO", 1, 1).is_none());
/// ```
pub fn short_codes(offsets: &[i32], data: &[u8], n: usize, threads: usize) -> Option<(Vec<u16>, Vec<usize>)> {
    if offsets.len() <= n {
        return None;
    }
    let mut index = vec![0u16; n];
    // each part: its codes' packed forms and first rows, in order of first use
    let parts = in_chunks(&mut index, worker_threads(threads, n), |start, out| {
        let (mut packed, mut first): (Vec<u32>, Vec<usize>) = (Vec::new(), Vec::new());
        // a code's number + 1 by a hash of its packed form (0: none yet; a code that collides
        // with another is found by its number in `packed`, then looked for there)
        let mut slots = [0u16; 1 << SLOT_BITS];
        let ends = offsets[start..=start + out.len()].windows(2);
        for (j, (o, w)) in out.iter_mut().zip(ends).enumerate() {
            let p = data.get(w[0] as usize..w[1] as usize).map_or(u32::MAX, pack_code);
            let h = (p.wrapping_mul(0x9E37_79B1) >> (32 - SLOT_BITS)) as usize;
            let k = usize::from(slots[h]);
            *o = if k != 0 && packed[k - 1] == p {
                (k - 1) as u16
            } else if let Some(x) = packed.iter().position(|&q| q == p) {
                x as u16
            } else if p == u32::MAX || packed.len() >= 256 {
                return None;
            } else {
                packed.push(p);
                first.push(start + j);
                slots[h] = packed.len() as u16;
                (packed.len() - 1) as u16
            };
        }
        Some((start, out.len(), packed, first))
    });
    let (mut all, mut firsts): (Vec<u32>, Vec<usize>) = (Vec::new(), Vec::new());
    for part in parts {
        let (start, len, packed, first) = part?;
        let mut map = Vec::with_capacity(packed.len());
        for (&p, &row) in packed.iter().zip(&first) {
            map.push(match all.iter().position(|&q| q == p) {
                Some(g) => g as u16,
                None if all.len() >= 256 => return None,
                None => {
                    all.push(p);
                    firsts.push(row);
                    (all.len() - 1) as u16
                }
            });
        }
        if map.iter().enumerate().any(|(l, &g)| l != usize::from(g)) {
            index[start..start + len].iter_mut().for_each(|c| *c = map[usize::from(*c)]);
        }
    }
    Some((index, firsts))
}

/// Bits of the hash a part finds its codes' numbers by (a table of 8 KiB).
const SLOT_BITS: u32 = 12;

/// Why [`dict_codes`] numbered no row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DictCodesError<E> {
    /// Row `row` (the first such row) holds `index`, outside the dictionary.
    BadIndex {
        /// The row.
        row: usize,
        /// Its index, as the column holds it.
        index: i32,
    },
    /// The caller's numbering of a dictionary value failed.
    Code(E),
}

/// The code of each row of a dictionary column (Arrow's `int32` `indices` into a dictionary of
/// `size` values) as the caller numbers the values: `code(value, row)` is called once for each
/// value some row uses, in the order of the first row using each (`row`, which an error names),
/// and its number is written to every row holding that value. On `threads` threads (0: the
/// cores from 50k rows on): each finds its share's first row of each value, then each writes
/// its share's codes; numbers and errors are those of one pass in row order.
///
/// # Errors
///
/// [`DictCodesError::BadIndex`] naming the first row whose index lies outside `0..size` (before
/// any call of `code`); [`DictCodesError::Code`] with the first error of `code`.
///
/// ```
/// use arrears::columnar::{dict_codes, DictCodesError};
/// // dictionary ["USD", "EUR", "SEK"]; rows use EUR, USD, EUR, USD (SEK never)
/// let dict = ["USD", "EUR", "SEK"];
/// let mut seen = Vec::new();
/// let codes = dict_codes(&[1, 0, 1, 0], dict.len(), 1, |j, row| {
///     seen.push((dict[j], row));
///     Ok::<u16, String>(seen.len() as u16 - 1)
/// });
/// assert_eq!(codes, Ok(vec![0, 1, 0, 1]));
/// assert_eq!(seen, [("EUR", 0), ("USD", 1)]);
/// let bad = dict_codes(&[1, 3, -1], dict.len(), 2, |_, _| Ok::<u16, String>(0));
/// assert_eq!(bad, Err(DictCodesError::BadIndex { row: 1, index: 3 }));
/// ```
pub fn dict_codes<E>(
    indices: &[i32],
    size: usize,
    threads: usize,
    mut code: impl FnMut(usize, usize) -> Result<u16, E>,
) -> Result<Vec<u16>, DictCodesError<E>> {
    let n = indices.len();
    let threads = worker_threads(threads, n).min(16);
    let share = |t: usize| n * t / threads..n * (t + 1) / threads;
    // each share's first row of each value, or its first row outside the dictionary
    let firsts: Vec<Result<Vec<usize>, usize>> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    let mut first = vec![usize::MAX; size];
                    for i in share(t) {
                        let j = indices[i] as u32 as usize; // a negative index: past any dictionary
                        let slot = first.get_mut(j).ok_or(i)?;
                        if *slot == usize::MAX {
                            *slot = i;
                        }
                    }
                    Ok(first)
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    let mut first = vec![usize::MAX; size];
    for f in firsts {
        // the shares in row order: the first share with a bad row has the first bad row
        let f = f.map_err(|row| DictCodesError::BadIndex { row, index: indices[row] })?;
        for (a, b) in first.iter_mut().zip(f) {
            *a = (*a).min(b);
        }
    }
    let mut used: Vec<usize> = (0..size).filter(|&j| first[j] != usize::MAX).collect();
    used.sort_unstable_by_key(|&j| first[j]);
    let mut known = vec![0u16; size];
    for j in used {
        known[j] = code(j, first[j]).map_err(DictCodesError::Code)?;
    }
    let mut out = vec![0u16; n];
    // each share written by its own thread (which faults its pages in)
    in_chunks(&mut out, threads, |start, mine| {
        for (o, &j) in mine.iter_mut().zip(&indices[start..]) {
            *o = known[j as usize];
        }
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{dict_codes, short_codes, DictCodesError};

    fn column(codes: &[&str]) -> (Vec<i32>, Vec<u8>) {
        let (mut offsets, mut data) = (vec![0i32], Vec::new());
        for c in codes {
            data.extend_from_slice(c.as_bytes());
            offsets.push(data.len() as i32);
        }
        (offsets, data)
    }

    /// Each part numbers its own codes; joined, the numbers are the first use's over all rows,
    /// on any number of threads (codes first seen in a later part, in another order).
    #[test]
    fn parts_are_numbered_in_row_order() {
        let n = 120_000;
        let codes: Vec<&str> =
            (0..n).map(|i| if i < n / 2 { ["EUR", "USD"][i % 2] } else { ["SEK", "USD", "GB", ""][i % 4] }).collect();
        let (offsets, data) = column(&codes);
        let one = short_codes(&offsets, &data, n, 1).unwrap();
        assert_eq!(one.1, vec![0, 1, n / 2, n / 2 + 2, n / 2 + 3]);
        for threads in [0, 2, 3, 7] {
            assert_eq!(short_codes(&offsets, &data, n, threads).unwrap(), one);
        }
        let names = ["EUR", "USD", "SEK", "GB", ""];
        assert!(one.0.iter().zip(&codes).all(|(&k, c)| names[usize::from(k)] == *c));
    }

    #[test]
    fn long_codes_and_many_codes_are_left_to_the_caller() {
        let (offsets, data) = column(&["EUR", "EURO"]);
        assert!(short_codes(&offsets, &data, 2, 1).is_none());
        let many: Vec<String> = (0..300).map(|i| format!("{i:03}")).collect();
        let (offsets, data) = column(&many.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(short_codes(&offsets, &data, 300, 1).is_none());
        assert!(short_codes(&offsets[..10], &data, 300, 1).is_none());
    }

    /// The codes of each row and the caller's calls (value, first row).
    type Numbered = Result<(Vec<u16>, Vec<(usize, usize)>), DictCodesError<()>>;

    /// The dictionary column's codes in one pass, row order: the reference [`dict_codes`] keeps.
    fn one_pass(ix: &[i32], size: usize) -> Numbered {
        if let Some(row) = ix.iter().position(|&j| j < 0 || j as usize >= size) {
            return Err(DictCodesError::BadIndex { row, index: ix[row] });
        }
        let (mut known, mut calls, mut out) = (vec![None; size], Vec::new(), Vec::new());
        for (i, &j) in ix.iter().enumerate() {
            let j = j as usize;
            let k = *known[j].get_or_insert_with(|| {
                calls.push((j, i));
                // numbers unlike the dictionary's positions: the caller's, written as given
                (calls.len() as u16 - 1) * 3 + 7
            });
            out.push(k);
        }
        Ok((out, calls))
    }

    fn numbered(ix: &[i32], size: usize, threads: usize) -> Numbered {
        let mut calls = Vec::new();
        let out = dict_codes(ix, size, threads, |j, row| {
            calls.push((j, row));
            Ok((calls.len() as u16 - 1) * 3 + 7)
        })?;
        Ok((out, calls))
    }

    /// Values first used in a later share, in another order, and values never used: numbered
    /// in the order of their first row over all rows, on any number of threads.
    #[test]
    fn dictionary_values_are_numbered_in_row_order() {
        let n = 120_000;
        let ix: Vec<i32> = (0..n).map(|i| if i < n / 2 { [4, 1][i % 2] } else { [0, 1, 5, 4][i % 4] }).collect();
        let one = numbered(&ix, 7, 1).unwrap();
        assert_eq!(one.1, vec![(4, 0), (1, 1), (0, n / 2), (5, n / 2 + 2)]);
        assert_eq!(one, one_pass(&ix, 7).unwrap());
        for threads in [0, 2, 3, 7, 16] {
            assert_eq!(numbered(&ix, 7, threads).unwrap(), one);
        }
    }

    /// The first row outside the dictionary is named, whichever share holds it, before any
    /// value is numbered; an error of the caller's numbering is passed on.
    #[test]
    fn bad_indices_and_bad_values_are_named() {
        let mut ix = vec![0i32; 100_000];
        ix[70_000] = 2;
        ix[90_000] = -1;
        for threads in [1, 2, 3, 5] {
            let e = dict_codes(&ix, 2, threads, |_, _| -> Result<u16, ()> { panic!("no value numbered") });
            assert_eq!(e, Err(DictCodesError::BadIndex { row: 70_000, index: 2 }));
        }
        ix[70_000] = 1;
        assert_eq!(numbered(&ix, 2, 2), Err(DictCodesError::BadIndex { row: 90_000, index: -1 }));
        ix[90_000] = 1;
        let e = dict_codes(&ix, 2, 2, |j, row| if j == 1 { Err(row) } else { Ok(0) });
        assert_eq!(e, Err(DictCodesError::Code(70_000)));
        assert_eq!(dict_codes(&[], 0, 0, |_, _| Ok::<u16, ()>(0)), Ok(vec![]));
    }

    proptest::proptest! {
        /// Any column, dictionary size and thread count: the numbering of one pass in row order.
        #[test]
        fn dict_codes_equal_one_pass(
            ix in proptest::collection::vec(-1i32..9, 0..3000),
            size in 0usize..9,
            threads in 0usize..6,
        ) {
            proptest::prop_assert_eq!(numbered(&ix, size, threads), one_pass(&ix, size));
        }
    }
}
