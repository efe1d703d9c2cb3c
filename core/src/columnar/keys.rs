//! Keys packed into integers: short byte strings (customer ids) into a `u128` that sorts as the
//! bytes do, short codes (currency codes) into a `u32`, and the hash the group tables use.

/// Packs a byte string of up to 15 bytes into a `u128` that compares as the bytes do (bytes
/// big-endian, then the length, so a prefix sorts first); `None` for longer strings.
///
/// ```
/// use arrears::columnar::{pack_key, unpack_key};
/// let (a, b, c) = (pack_key(b"CUST-1").unwrap(), pack_key(b"CUST-10").unwrap(), pack_key(b"CUST-2").unwrap());
/// assert!(a < b && b < c);
/// assert_eq!(unpack_key(b), b"CUST-10");
/// assert_eq!(pack_key(b"a string of 16 b"), None);
/// ```
#[inline]
pub fn pack_key(s: &[u8]) -> Option<u128> {
    let n = s.len();
    // whole-word loads (overlapping) instead of a byte copy of variable length
    let word = |b: &[u8]| -> u64 {
        let mut w = [0u8; 8];
        w.copy_from_slice(b);
        u64::from_be_bytes(w)
    };
    let half = |b: &[u8]| -> u64 {
        let mut w = [0u8; 4];
        w.copy_from_slice(b);
        u64::from(u32::from_be_bytes(w))
    };
    let (hi, lo) = match n {
        0..=3 => {
            let mut hi = 0u64;
            for (j, &b) in s.iter().enumerate() {
                hi |= u64::from(b) << (56 - 8 * j);
            }
            (hi, 0)
        }
        4..=7 => {
            // bytes 0..4, then the last n - 4 of the word ending at n
            let tail = half(&s[n - 4..]).checked_shl(8 * (8 - n as u32)).unwrap_or(0) & 0xffff_ffff;
            ((half(&s[..4]) << 32) | tail, 0)
        }
        8..=15 => {
            let tail = word(&s[n - 8..]).checked_shl(8 * (16 - n as u32)).unwrap_or(0);
            (word(&s[..8]), tail)
        }
        _ => return None,
    };
    Some((u128::from(hi) << 64) | u128::from(lo) | n as u128)
}

/// [`pack_key`] of `data[start..start + len]`, read with one 16-byte load when `data` has room
/// for it (for ids laid out in one buffer, as an Arrow `utf8` column holds them); `None` when
/// `len` is over 15, or when the range is not inside `data` (never the empty id in its place:
/// check offsets first, as [`crate::columnar::Utf8Ids::try_new`] does).
///
/// ```
/// use arrears::columnar::{pack_key, pack_key_at};
/// let data = b"CUST-1CUST-22 and more bytes after";
/// assert_eq!(pack_key_at(data, 6, 7), pack_key(b"CUST-22"));
/// assert_eq!(pack_key_at(data, 0, 6), pack_key(b"CUST-1"));
/// assert_eq!(pack_key_at(data, 0, 16), None);
/// assert_eq!(pack_key_at(b"AB", 5, 1), None); // outside the bytes
/// ```
#[inline]
pub fn pack_key_at(data: &[u8], start: usize, len: usize) -> Option<u128> {
    if len > 15 {
        return None;
    }
    match data.get(start..start.saturating_add(16)) {
        Some(b) => {
            let mut w = [0u8; 16];
            w.copy_from_slice(b);
            Some((u128::from_be_bytes(w) & !(u128::MAX >> (8 * len))) | len as u128)
        }
        None => pack_key(data.get(start..start.checked_add(len)?)?),
    }
}

/// The bytes of a key packed by [`pack_key`].
///
/// ```
/// assert_eq!(arrears::aging::unpack_key(arrears::aging::pack_key(b"").unwrap()), b"");
/// ```
pub fn unpack_key(k: u128) -> Vec<u8> {
    let mut out = Vec::with_capacity(15);
    unpack_key_into(k, &mut out);
    out
}

/// Appends the bytes of a key packed by [`pack_key`] to `out` (no allocation per key when
/// laying many out into one buffer).
///
/// ```
/// use arrears::columnar::{pack_key, unpack_key_into};
/// let mut buf = b"id=".to_vec();
/// unpack_key_into(pack_key(b"CUST-7").unwrap(), &mut buf);
/// assert_eq!(buf, b"id=CUST-7");
/// ```
pub fn unpack_key_into(k: u128, out: &mut Vec<u8>) {
    let n = (k & 0xff) as usize;
    out.extend_from_slice(&k.to_be_bytes()[..n.min(15)]);
}

/// Packs a currency code of up to 3 bytes into a `u32` that compares as the bytes do;
/// `u32::MAX` for anything longer (no ISO 4217 code is).
///
/// ```
/// use arrears::columnar::pack_code;
/// assert!(pack_code(b"CHF") < pack_code(b"EUR"));
/// assert_eq!(pack_code(b"EURO"), u32::MAX);
/// ```
#[inline]
pub fn pack_code(s: &[u8]) -> u32 {
    match s.len() {
        3 => u32::from(s[0]) << 24 | u32::from(s[1]) << 16 | u32::from(s[2]) << 8 | 3,
        n @ 0..=2 => {
            let mut v = n as u32;
            for (j, &b) in s.iter().enumerate() {
                v |= u32::from(b) << (24 - 8 * j);
            }
            v
        }
        _ => u32::MAX,
    }
}

pub(crate) fn unpack_code(c: u32) -> String {
    let n = (c & 0xff) as usize;
    String::from_utf8_lossy(&c.to_be_bytes()[..n.min(3)]).into_owned()
}

#[inline]
fn mix(a: u64, b: u64) -> u64 {
    let m = u128::from(a) * u128::from(b);
    (m as u64) ^ ((m >> 64) as u64)
}

#[inline]
pub(crate) fn hash(key: u128, cur: u32) -> u64 {
    let lo = key as u64 ^ 0xA076_1D64_78BD_642F;
    let hi = (key >> 64) as u64 ^ (u64::from(cur) << 8) ^ 0xE703_7ED1_A0B4_28DB;
    mix(mix(lo, hi), 0x8EBC_6AF0_9C88_C6E3)
}
