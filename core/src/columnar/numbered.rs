//! Numbered ids: one prefix, then a fixed count of decimal digits (`INV-000000001`,
//! `CUST-0001540`). Accounting ids are nearly always written so (the EU VAT directive requires
//! invoices to be numbered in one or more sequences), and a kernel that knows a column's ids
//! follow one [`Numbering`] reads each id as an integer: no hashing, no interning, and, when the
//! numbers are dense, a table indexed by `number − min` instead of a hash table.
//!
//! The guarantee a kernel builds on: two ids that follow the same numbering compare, as bytes,
//! exactly as their numbers compare (same prefix, same length, digits in order). A kernel's
//! numbered path must give exactly its general path's result; the general path stays for every
//! column that does not follow one numbering.
//!
//! ```
//! use arrears::columnar::Numbering;
//! let n = Numbering::of(b"INV-000000042").unwrap();
//! assert_eq!((n.prefix(), n.width()), (&b"INV-"[..], 9));
//! assert_eq!(n.number(b"INV-000001234"), Some(1234));
//! assert_eq!(n.number(b"INV-1234"), None); // another width
//! assert_eq!(n.number(b"CRN-000001234"), None); // another prefix
//! let mut id = Vec::new();
//! n.write_id(1234, &mut id);
//! assert_eq!(id, b"INV-000001234");
//! ```

use std::sync::atomic::{AtomicBool, Ordering};

use super::ids::Utf8Ids;
use super::pieces::{in_chunks, worker_threads};

/// The longest prefix a numbering keeps.
const MAX_PREFIX: usize = 16;
/// The most digits a number may have (every 19-digit number fits a `u64`).
const MAX_WIDTH: usize = 19;

/// How a column writes its ids when they are numbers: a prefix of up to 16 bytes, then exactly
/// `width` ASCII digits (1 to 19).
///
/// ```
/// use arrears::columnar::Numbering;
/// let n = Numbering::of(b"CUST-0001540").unwrap();
/// assert!(n.number(b"CUST-0000009") < n.number(b"CUST-0001540"));
/// assert!(n.is_utf8());
/// assert_eq!(Numbering::of(b"CUST-A"), None); // no trailing digits
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Numbering {
    prefix: [u8; MAX_PREFIX],
    prefix_len: u8,
    width: u8,
    // derived from the three above once, for [`Numbering::number`] (it reads millions of ids):
    // the prefix's first 8 bytes as a little-endian word, the mask of those that are prefix
    // (none when the prefix is longer than 8), and the mask of the bytes of an id's last 8
    // that are not digits (a width under 8)
    head: u64,
    head_mask: u64,
    tail_lead: u64,
}

impl Numbering {
    /// The numbering `id` follows: the bytes before its trailing run of ASCII digits, and that
    /// run's length (a run over 19 digits leaves its first digits in the prefix). `None` when
    /// `id` does not end in a digit or the prefix would be longer than 16 bytes.
    pub fn of(id: &[u8]) -> Option<Numbering> {
        let run = id.iter().rev().take_while(|b| b.is_ascii_digit()).count().min(MAX_WIDTH);
        let prefix_len = id.len() - run;
        if run == 0 || prefix_len > MAX_PREFIX {
            return None;
        }
        let mut prefix = [0u8; MAX_PREFIX];
        prefix[..prefix_len].copy_from_slice(&id[..prefix_len]);
        let head_mask = match prefix_len {
            0..8 => (1u64 << (8 * prefix_len)) - 1,
            8 => u64::MAX,
            _ => 0,
        };
        let head = u64::from_le_bytes(*prefix.first_chunk::<8>()?) & head_mask;
        let tail_lead = if run >= 8 { 0 } else { (1u64 << (8 * (8 - run))) - 1 };
        Some(Numbering { prefix, prefix_len: prefix_len as u8, width: run as u8, head, head_mask, tail_lead })
    }

    /// The prefix every id of this numbering starts with.
    pub fn prefix(&self) -> &[u8] {
        &self.prefix[..self.prefix_len as usize]
    }

    /// The count of digits after the prefix.
    pub fn width(&self) -> usize {
        self.width as usize
    }

    /// Whether ids that follow this numbering are UTF-8 (they are exactly when the prefix is: the
    /// digits are ASCII), so a column whose every id follows it needs no per-byte UTF-8 check.
    pub fn is_utf8(&self) -> bool {
        std::str::from_utf8(self.prefix()).is_ok()
    }

    /// `id`'s number, or `None` when `id` does not follow this numbering (another length,
    /// another prefix, a byte that is not a digit).
    ///
    /// ```
    /// use arrears::columnar::Numbering;
    /// let n = Numbering::of(b"A-00").unwrap();
    /// assert_eq!(n.number(b"A-99"), Some(99));
    /// assert_eq!(n.number(b"A-9x"), None);
    /// ```
    #[inline(always)]
    pub fn number(&self, id: &[u8]) -> Option<u64> {
        let (p, w) = (self.prefix_len as usize, self.width as usize);
        if id.len() != p + w {
            return None;
        }
        // ids of 8 bytes or more with a prefix of at most 8: the prefix compared in one masked
        // word (no call to memcmp: it cost more than the rest of the read), up to 8 digits read
        // from the id's last 8 bytes with the prefix's bytes among them taken as leading zeros
        if let (Some(head), true) = (id.first_chunk::<8>(), p <= 8) {
            if (u64::from_le_bytes(*head) ^ self.head) & self.head_mask != 0 {
                return None;
            }
            let tail = u64::from_le_bytes(*id.last_chunk::<8>()?);
            if w <= 8 {
                let lead = self.tail_lead;
                return eight((tail & !lead) | (ZEROS & lead));
            }
            if w <= 16 {
                // the first w − 8 digits: before the last 8 bytes (ids of 16 bytes or more), or
                // at p.. in the head word, moved to its top
                let h = w - 8;
                if h == 1 {
                    // (9 digits, the common invoice width: the first is one byte, no second word)
                    let d = id[p].wrapping_sub(b'0');
                    return (d <= 9).then_some(u64::from(d) * 100_000_000 + eight(tail)?);
                }
                let first = match id.len().checked_sub(16) {
                    Some(a) => u64::from_le_bytes(*id[a..].first_chunk::<8>()?),
                    None => u64::from_le_bytes(*head) << (8 * (8 - p - h)),
                };
                return Some(eight(leading_zeros(first, h))? * 100_000_000 + eight(tail)?);
            }
            return digits(&id[p..]);
        }
        if id[..p] != self.prefix[..p] {
            return None;
        }
        digits(&id[p..])
    }

    /// Appends the id of number `n` (below `10^width`) to `out`: the prefix, then `n` with
    /// leading zeros to the width.
    pub fn write_id(&self, n: u64, out: &mut Vec<u8>) {
        out.extend_from_slice(self.prefix());
        let mut buf = [b'0'; 20];
        let mut v = n;
        let mut at = buf.len();
        while v > 0 {
            at -= 1;
            buf[at] = b'0' + (v % 10) as u8;
            v /= 10;
        }
        let start = (buf.len() - self.width as usize).min(at);
        out.extend_from_slice(&buf[start..]);
    }
}

/// The value of a run of ASCII digits (at most 19), `None` if a byte is not a digit: eight
/// digits at a time in one word (the sum of the digits' place values in three multiplies).
#[inline]
fn digits(d: &[u8]) -> Option<u64> {
    let head = d.len() % 8;
    let mut n = 0u64;
    for &b in &d[..head] {
        let v = b.wrapping_sub(b'0');
        if v > 9 {
            return None;
        }
        n = n * 10 + v as u64;
    }
    for chunk in d[head..].chunks_exact(8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        n = n * 100_000_000 + eight(u64::from_le_bytes(w))?;
    }
    Some(n)
}

/// Eight ASCII zeros.
const ZEROS: u64 = 0x3030_3030_3030_3030;

/// Word `x` with its bytes below the top `w` (other bytes than the digits) made `'0'`.
#[inline(always)]
fn leading_zeros(x: u64, w: usize) -> u64 {
    let lead = if w >= 8 { 0 } else { (1u64 << (8 * (8 - w))) - 1 };
    (x & !lead) | (ZEROS & lead)
}

/// Eight ASCII digits loaded little-endian (the first digit in the low byte) as their value.
#[inline(always)]
fn eight(x: u64) -> Option<u64> {
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    // A digit's high nibble is 3 and adding 6 keeps it 3 (no byte carries: each is 0x3_); both
    // tested in one branch.
    if ((x & HIGH) ^ ZEROS) | ((x.wrapping_add(0x0606_0606_0606_0606) & HIGH) ^ ZEROS) != 0 {
        return None;
    }
    let mut v = x - ZEROS;
    v = (v * 10 + (v >> 8)) & 0x00FF_00FF_00FF_00FF;
    v = (v * 100 + (v >> 16)) & 0x0000_FFFF_0000_FFFF;
    v = (v * 10_000 + (v >> 32)) & 0xFFFF_FFFF;
    Some(v)
}

/// Every row's number under one numbering ([`numbered`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered {
    /// The numbering every id of the column follows.
    pub numbering: Numbering,
    /// A number a row, `u64::MAX` for a null row.
    pub numbers: Vec<u64>,
    /// The smallest number of a row with an id (`u64::MAX` when no row has one).
    pub min: u64,
    /// The largest number of a row with an id (0 when no row has one).
    pub max: u64,
}

impl Numbered {
    /// How many numbers lie from `min` to `max`, both included (0 when no row has an id): the
    /// size of a table indexed by `number − min`.
    pub fn span(&self) -> u64 {
        if self.min > self.max {
            0
        } else {
            self.max - self.min + 1
        }
    }
}

/// Reads every id of `ids` as a number under one numbering: `like`, or the numbering of the first
/// row with an id. `None` as soon as a row's id does not follow it (use the general path then),
/// or when no numbering is given and no row has an id. Runs on `threads` cores (0: all, from
/// 50k rows on).
///
/// ```
/// use arrears::columnar::{numbered, Utf8Ids};
/// let data = b"INV-003INV-001INV-002";
/// let ids = Utf8Ids::try_new(&[0, 7, 14, 21], data, None, 3).unwrap();
/// let n = numbered(&ids, None, 1).unwrap();
/// assert_eq!((n.numbers.as_slice(), n.min, n.max, n.span()), (&[3, 1, 2][..], 1, 3, 3));
/// let other = Utf8Ids::try_new(&[0, 7, 12], b"INV-001INV-2", None, 2).unwrap();
/// assert_eq!(numbered(&other, None, 1), None);
/// ```
pub fn numbered(ids: &Utf8Ids<'_>, like: Option<Numbering>, threads: usize) -> Option<Numbered> {
    let rows = ids.len();
    let numbering = match like {
        Some(n) => n,
        None => Numbering::of(ids.get((0..rows).find(|&i| ids.is_valid(i))?))?,
    };
    let mut numbers = vec![0u64; rows];
    let threads = worker_threads(threads, rows);
    let failed = AtomicBool::new(false);
    let read = |start: usize, out: &mut [u64]| -> (u64, u64) {
        let (mut min, mut max) = (u64::MAX, 0u64);
        for (k, slot) in out.iter_mut().enumerate() {
            let i = start + k;
            if !ids.is_valid(i) {
                *slot = u64::MAX;
                continue;
            }
            match numbering.number(ids.get(i)) {
                Some(n) => {
                    *slot = n;
                    min = min.min(n);
                    max = max.max(n);
                }
                None => {
                    failed.store(true, Ordering::Relaxed);
                    break;
                }
            }
            if k % 4096 == 0 && failed.load(Ordering::Relaxed) {
                break;
            }
        }
        (min, max)
    };
    let ranges = in_chunks(&mut numbers, threads, read);
    if failed.load(Ordering::Relaxed) {
        return None;
    }
    let min = ranges.iter().map(|r| r.0).min().unwrap_or(u64::MAX);
    let max = ranges.iter().map(|r| r.1).max().unwrap_or(0);
    Some(Numbered { numbering, numbers, min, max })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn id(prefix: &[u8], width: usize, n: u64) -> Vec<u8> {
        let mut out = prefix.to_vec();
        out.extend_from_slice(format!("{n:0width$}").as_bytes());
        out
    }

    #[test]
    fn edges() {
        assert_eq!(Numbering::of(b""), None);
        assert_eq!(Numbering::of(b"ABCDEFGHIJKLMNOPQ1"), None); // 17-byte prefix
        let n = Numbering::of(b"ABCDEFGHIJKLMNOP1").unwrap();
        assert_eq!(n.number(b"ABCDEFGHIJKLMNOP7"), Some(7));
        let all = Numbering::of(b"00000000000000000000123").unwrap(); // 23 digits: 19 of them
        assert_eq!((all.prefix(), all.width()), (&b"0000"[..], 19));
        assert_eq!(all.number(b"00009999999999999999999"), Some(9_999_999_999_999_999_999));
        let bare = Numbering::of(b"7").unwrap();
        assert_eq!((bare.prefix(), bare.number(b"0"), bare.number(b"")), (&b""[..], Some(0), None));
        assert!(!Numbering::of(b"\xff1").unwrap().is_utf8());
        for bad in [b"INV-00000000/".as_slice(), b"INV-00000000:", b"INV-0000000 1", b"INV-\xb0000000001"] {
            assert_eq!(Numbering::of(b"INV-000000001").unwrap().number(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn nulls_and_threads() {
        let ids: Vec<Vec<u8>> = (0..200_000u64).map(|n| id(b"X", 7, n * 3 % 200_000)).collect();
        let mut data = Vec::new();
        let mut off = vec![0i32];
        for i in &ids {
            data.extend_from_slice(i);
            off.push(data.len() as i32);
        }
        let mut valid = vec![0xFFu8; 200_000 / 8];
        valid[0] = 0xFE; // row 0 (number 0) is null
        let col = Utf8Ids::try_new(&off, &data, Some(&valid), 200_000).unwrap();
        for t in [1, 2, 3, 0] {
            let n = numbered(&col, None, t).unwrap();
            assert_eq!((n.numbers[0], n.numbers[1], n.min, n.max, n.span()), (u64::MAX, 3, 1, 199_999, 199_999));
        }
        data[7 * 150_000 + 3] = b'a';
        let col = Utf8Ids::try_new(&off, &data, Some(&valid), 200_000).unwrap();
        assert_eq!(numbered(&col, None, 2), None);
    }

    proptest! {
        #[test]
        fn numbers_order_as_ids(prefix in "[A-Z/-]{0,6}", width in 1usize..=19, a: u64, b: u64) {
            let cap = 10u64.pow(width as u32);
            let (a, b) = (a % cap, b % cap);
            let (ia, ib) = (id(prefix.as_bytes(), width, a), id(prefix.as_bytes(), width, b));
            let n = Numbering::of(&ia).unwrap();
            prop_assert_eq!((n.number(&ia), n.number(&ib)), (Some(a), Some(b)));
            prop_assert_eq!(ia.cmp(&ib), a.cmp(&b));
            let mut back = Vec::new();
            n.write_id(a, &mut back);
            prop_assert_eq!(back, ia);
        }

        /// One byte of an id changed: the number is still exactly the digits' value, or `None`.
        #[test]
        fn one_byte_changed(prefix in "[A-Z/-]{0,10}", width in 1usize..=19, a: u64, at: usize, to: u8) {
            let good = id(prefix.as_bytes(), width, a % 10u64.pow(width as u32));
            let n = Numbering::of(&good).unwrap();
            let mut bad = good.clone();
            let at = at % bad.len();
            bad[at] = to;
            let follows = bad.starts_with(n.prefix()) && bad[n.prefix().len()..].iter().all(u8::is_ascii_digit);
            let want = follows.then(|| std::str::from_utf8(&bad[n.prefix().len()..]).unwrap().parse::<u64>().unwrap());
            prop_assert_eq!(n.number(&bad), want);
        }

        #[test]
        fn anything_else_is_refused(prefix in "[A-Z]{0,4}", width in 1usize..=12, id in proptest::collection::vec(any::<u8>(), 0..20)) {
            let n = Numbering::of(&self::id(prefix.as_bytes(), width, 0)).unwrap();
            let follows = id.len() == prefix.len() + width && id.starts_with(prefix.as_bytes())
                && id[prefix.len()..].iter().all(u8::is_ascii_digit);
            prop_assert_eq!(n.number(&id).is_some(), follows);
            if follows {
                prop_assert_eq!(n.number(&id), std::str::from_utf8(&id[prefix.len()..]).unwrap().parse::<u64>().ok());
            }
        }
    }
}
