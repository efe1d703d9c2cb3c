//! Short codes of a `utf8` column (currency codes, up to 3 bytes) numbered in order of first
//! use, on every core: what a binding hands a kernel as a code index per row.

use super::memory::advise_huge;
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
    advise_huge(&index);
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

#[cfg(test)]
mod tests {
    use super::short_codes;

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
}
