//! Ids of any length in the columnar worklist. An id of up to 15 bytes is packed into a `u128`
//! ([`crate::columnar::pack_key`]: it compares as its bytes, its low byte is its length); a
//! longer one is interned into a code, its key `code << 8 | 0x80` (a low byte no packed key has).
//! Keys are compared, and turned back into ids, through [`LongIds`], which knows the long ones;
//! without long ids every step is the packed key's.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;

use crate::columnar::{unpack_key, Numbering, Utf8Ids};

const LONG: u128 = 0x80;

/// The ids longer than 15 bytes of some columns, interned.
#[derive(Default)]
pub(super) struct LongIds<'a> {
    map: HashMap<&'a [u8], u32>,
    ids: Vec<&'a [u8]>,
}

impl<'a> LongIds<'a> {
    /// Interns the ids of `col` longer than 15 bytes (a pass over the offsets; the bytes of
    /// short ids are not read).
    pub(super) fn add(&mut self, col: &Utf8Ids<'a>) {
        let off = col.offsets();
        let (map, ids) = (&mut self.map, &mut self.ids);
        for (i, w) in off.windows(2).enumerate() {
            if w[1] - w[0] > 15 && col.is_valid(i) {
                let b = col.get(i);
                let next = ids.len() as u32;
                map.entry(b).or_insert_with(|| {
                    ids.push(b);
                    next
                });
            }
        }
    }

    /// Row `i`'s key: packed, or the code of a long id interned; `None` for a long id not
    /// interned.
    #[inline]
    pub(super) fn key(&self, col: &Utf8Ids<'_>, i: usize) -> Option<u128> {
        col.key(i).or_else(|| self.map.get(col.get(i)).map(|&c| u128::from(c) << 8 | LONG))
    }

    /// The id of a key.
    pub(super) fn bytes(&self, key: u128) -> Cow<'a, [u8]> {
        if key & 0xff == LONG {
            Cow::Borrowed(self.ids[(key >> 8) as usize])
        } else {
            Cow::Owned(unpack_key(key))
        }
    }

    /// The id of a key, as text.
    pub(super) fn text(&self, key: u128) -> String {
        String::from_utf8_lossy(&self.bytes(key)).into_owned()
    }

    /// Keys in the order of their ids' bytes.
    #[inline]
    pub(super) fn cmp(&self, a: u128, b: u128) -> Ordering {
        if self.ids.is_empty() || (a & 0xff != LONG && b & 0xff != LONG) {
            a.cmp(&b)
        } else {
            self.bytes(a).cmp(&self.bytes(b))
        }
    }
}

/// The customers of the groups' keys: ids packed or interned ([`LongIds`]), or the numbers of
/// ids that follow one [`Numbering`] (which compare as the ids do).
pub(super) enum Names<'a> {
    Ids(LongIds<'a>),
    Numbered(Numbering),
}

impl Names<'_> {
    /// Keys in the order of their ids' bytes.
    #[inline]
    pub(super) fn cmp(&self, a: u128, b: u128) -> Ordering {
        match self {
            Names::Ids(ids) => ids.cmp(a, b),
            Names::Numbered(_) => a.cmp(&b),
        }
    }

    /// The id of a key, as text.
    pub(super) fn text(&self, key: u128) -> String {
        match self {
            Names::Ids(ids) => ids.text(key),
            Names::Numbered(n) => {
                let mut id = Vec::with_capacity(n.prefix().len() + n.width());
                n.write_id(key as u64, &mut id);
                String::from_utf8_lossy(&id).into_owned()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_and_short_ids_compare_as_bytes() {
        let rows = ["B-a-rather-long-customer-id", "A", "AA", "A-a-rather-long-customer-id"];
        let data = rows.concat();
        let mut off = vec![0i32];
        for r in rows {
            off.push(off[off.len() - 1] + r.len() as i32);
        }
        let col = Utf8Ids::try_new(&off, data.as_bytes(), None, 4).unwrap();
        let mut long = LongIds::default();
        long.add(&col);
        let k: Vec<u128> = (0..4).map(|i| long.key(&col, i).unwrap()).collect();
        assert_eq!(long.text(k[0]), "B-a-rather-long-customer-id");
        assert_eq!(long.text(k[1]), "A");
        // A < A-a-rather... < AA < B-a-rather... (bytes), whichever kind each key is
        let mut sorted = k.clone();
        sorted.sort_by(|&a, &b| long.cmp(a, b));
        assert_eq!(sorted, [k[1], k[3], k[2], k[0]]);
        let none = LongIds::default();
        assert_eq!(none.key(&col, 0), None);
        assert_eq!(none.key(&col, 1), crate::columnar::pack_key(b"A"));
    }
}
