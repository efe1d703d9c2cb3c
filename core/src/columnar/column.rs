//! Columns as a binding holds them, viewed in place: the source description a batch kernel
//! reads ([`Column`]). A binding turns its input (Arrow arrays, typed arrays, C arrays) into
//! these views, copying nothing; the kernel decides how to read them (see
//! `crate::aging::age_batches`).
//!
//! The layouts are Arrow's (they are what every producer hands over): strings as `offsets` into
//! one byte buffer, dictionaries as indices into a values column, validity and booleans as
//! bitmaps with bit `i` of byte `i >> 3` for row `i`. Nothing here is checked: a binding passes
//! only buffers whose parts agree (Arrow's validation, or `Utf8Ids::try_new`); reads outside a
//! buffer give "no value" rather than a panic.

use std::borrow::Cow;

/// A bitmap in Arrow's layout: row `i` is bit `(offset + i) & 7` of byte `(offset + i) >> 3`.
/// For validity a set bit is a value and a clear one a null; for booleans a set bit is `true`.
///
/// ```
/// use arrears::columnar::Bits;
/// let b = Bits::new(&[0b1111_1011], 0, 8).unwrap();
/// assert!(b.get(0) && !b.get(2));
/// assert_eq!(b.first_unset(), Some(2));
/// assert_eq!(Bits::new(&[0b1111_1011], 3, 5).unwrap().first_unset(), None);
/// assert!(Bits::new(&[0xff], 4, 5).is_none()); // too short
/// ```
#[derive(Debug, Clone)]
pub struct Bits<'a> {
    bytes: Cow<'a, [u8]>,
    offset: usize,
    len: usize,
}

impl<'a> Bits<'a> {
    /// `len` bits from bit `offset` of `bytes`; `None` when `bytes` is too short.
    pub fn new(bytes: &'a [u8], offset: usize, len: usize) -> Option<Bits<'a>> {
        Bits::of(Cow::Borrowed(bytes), offset, len)
    }

    /// As [`Bits::new`], holding its bytes (a bitmap the binding computed).
    pub fn owned(bytes: Vec<u8>, offset: usize, len: usize) -> Option<Bits<'static>> {
        Bits::of(Cow::Owned(bytes), offset, len)
    }

    /// A bitmap of these bits.
    ///
    /// ```
    /// use arrears::columnar::Bits;
    /// assert_eq!(Bits::from_bools([true, false, true]).first_unset(), Some(1));
    /// ```
    pub fn from_bools(bits: impl IntoIterator<Item = bool>) -> Bits<'static> {
        let mut bytes = Vec::new();
        let mut len = 0;
        for b in bits {
            if len & 7 == 0 {
                bytes.push(0u8);
            }
            bytes[len >> 3] |= u8::from(b) << (len & 7);
            len += 1;
        }
        Bits { bytes: Cow::Owned(bytes), offset: 0, len }
    }

    fn of<'b>(bytes: Cow<'b, [u8]>, offset: usize, len: usize) -> Option<Bits<'b>> {
        let bits = offset.checked_add(len)?;
        (bits.div_ceil(8) <= bytes.len()).then_some(Bits { bytes, offset, len })
    }

    /// The number of bits.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no bits.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bit `i` (`false` beyond the end).
    #[inline]
    pub fn get(&self, i: usize) -> bool {
        let j = self.offset + i;
        i < self.len && self.bytes[j >> 3] >> (j & 7) & 1 == 1
    }

    /// The first clear bit (a null row, for validity), if any.
    pub fn first_unset(&self) -> Option<usize> {
        let mut i = 0;
        while i < self.len {
            let j = self.offset + i;
            // whole bytes of set bits skipped at once
            if j & 7 == 0 && i + 8 <= self.len && self.bytes[j >> 3] == 0xff {
                i += 8;
                continue;
            }
            if !self.get(i) {
                return Some(i);
            }
            i += 1;
        }
        None
    }
}

/// Strings in a layout [`Values`] does not name (Arrow's `utf8_view`, say), read row by row.
pub trait StrRows: Sync {
    /// The bytes of row `i` (`None` outside the column).
    fn get(&self, i: usize) -> Option<&[u8]>;
    /// Equal for two views of the same values (chunks sharing one dictionary).
    fn identity(&self) -> usize;
}

/// The values of a [`Column`], borrowed from the caller's buffers.
pub enum Values<'a> {
    /// Signed integers.
    I8(&'a [i8]),
    /// Signed integers.
    I16(&'a [i16]),
    /// Signed integers.
    I32(&'a [i32]),
    /// Signed integers.
    I64(&'a [i64]),
    /// Unsigned integers.
    U8(&'a [u8]),
    /// Unsigned integers.
    U16(&'a [u16]),
    /// Unsigned integers.
    U32(&'a [u32]),
    /// Unsigned integers.
    U64(&'a [u64]),
    /// Unscaled decimal values and their scale (Arrow's decimal128).
    Decimal {
        /// The unscaled values.
        values: &'a [i128],
        /// Decimal places.
        scale: i8,
    },
    /// Strings: row `i` is `data[offsets[i]..offsets[i + 1]]`.
    Utf8 {
        /// One more than the rows.
        offsets: &'a [i32],
        /// The bytes.
        data: &'a [u8],
    },
    /// Strings with 64-bit offsets.
    LargeUtf8 {
        /// One more than the rows.
        offsets: &'a [i64],
        /// The bytes.
        data: &'a [u8],
    },
    /// Strings in another layout.
    Strings(&'a dyn StrRows),
    /// Short strings already packed by [`pack_key`](crate::columnar::pack_key), one a row.
    Packed(&'a [u128]),
    /// Booleans.
    Bool(Bits<'a>),
    /// Indices into a column of values.
    Dict {
        /// One index a row (an integer column).
        indices: Box<Column<'a>>,
        /// The values the indices point to.
        values: Box<Column<'a>>,
    },
    /// A type no kernel reads (errors name it by the column's `type_name`).
    Other,
}

/// A column viewed in place: its rows, validity, values and the name of its type for errors.
///
/// ```
/// use arrears::columnar::{Column, Values};
/// let offsets = [0, 4, 8];
/// let ids = Column::new(2, Values::Utf8 { offsets: &offsets, data: b"ACMEBOLT" }, "utf8");
/// assert_eq!(ids.str_at(1), Some(&b"BOLT"[..]));
/// let ix = [1u16, 0, 1];
/// let dict = Column::new(3, Values::Dict { indices: Box::new(Column::new(3, Values::U16(&ix), "uint16")),
///     values: Box::new(ids) }, "dictionary<uint16, utf8>");
/// assert_eq!(dict.first_bad_index(), None);
/// assert!(dict.is_string_like());
/// ```
pub struct Column<'a> {
    /// Rows.
    pub len: usize,
    /// Null rows (clear bits); `None` when there are none.
    pub validity: Option<Bits<'a>>,
    /// The values.
    pub values: Values<'a>,
    /// The type in the caller's words (`"dictionary<int32, utf8>"`, `"Uint32Array"`), for errors.
    pub type_name: Cow<'a, str>,
}

impl<'a> Column<'a> {
    /// A column without nulls.
    pub fn new(len: usize, values: Values<'a>, type_name: impl Into<Cow<'a, str>>) -> Column<'a> {
        Column { len, validity: None, values, type_name: type_name.into() }
    }

    /// The string at `i` for the string types.
    #[inline]
    pub fn str_at(&self, i: usize) -> Option<&'a [u8]> {
        match &self.values {
            Values::Utf8 { offsets, data } => data.get(*offsets.get(i)? as usize..*offsets.get(i + 1)? as usize),
            Values::LargeUtf8 { offsets, data } => data.get(*offsets.get(i)? as usize..*offsets.get(i + 1)? as usize),
            Values::Strings(s) => s.get(i),
            _ => None,
        }
    }

    /// Where the values live: equal for columns that share their buffers (chunks of one
    /// dictionary).
    pub fn identity(&self) -> (usize, usize) {
        let p = match &self.values {
            Values::Utf8 { offsets, .. } => offsets.as_ptr() as usize,
            Values::LargeUtf8 { offsets, .. } => offsets.as_ptr() as usize,
            Values::Strings(s) => s.identity(),
            _ => self as *const Column<'_> as usize,
        };
        (p, self.len)
    }

    /// Whether row `i` is null.
    #[inline]
    pub fn is_null(&self, i: usize) -> bool {
        self.validity.as_ref().is_some_and(|v| !v.get(i))
    }

    /// The first null row, if any.
    pub fn first_null(&self) -> Option<usize> {
        self.validity.as_ref()?.first_unset().filter(|&i| i < self.len)
    }

    /// Whether the values are strings (not dictionary-encoded ones).
    pub fn is_string(&self) -> bool {
        matches!(self.values, Values::Utf8 { .. } | Values::LargeUtf8 { .. } | Values::Strings(_))
    }

    /// Whether the rows are strings: plain, packed or dictionary-encoded.
    pub fn is_string_like(&self) -> bool {
        match &self.values {
            Values::Dict { values, .. } => values.is_string(),
            Values::Packed(_) => true,
            _ => self.is_string(),
        }
    }

    /// The integer at `i` for the integer types (`None` for other types).
    #[inline]
    pub fn int_at(&self, i: usize) -> Option<i128> {
        Some(match &self.values {
            Values::I8(v) => i128::from(v[i]),
            Values::I16(v) => i128::from(v[i]),
            Values::I32(v) => i128::from(v[i]),
            Values::I64(v) => i128::from(v[i]),
            Values::U8(v) => i128::from(v[i]),
            Values::U16(v) => i128::from(v[i]),
            Values::U32(v) => i128::from(v[i]),
            Values::U64(v) => i128::from(v[i]),
            _ => return None,
        })
    }

    /// Whether the values are integers.
    pub fn is_integer(&self) -> bool {
        matches!(
            self.values,
            Values::I8(_)
                | Values::I16(_)
                | Values::I32(_)
                | Values::I64(_)
                | Values::U8(_)
                | Values::U16(_)
                | Values::U32(_)
                | Values::U64(_)
        )
    }

    /// The first non-null row of a dictionary column whose index lies outside the dictionary,
    /// with that index and the dictionary's size (`None` for other columns): a malformed
    /// array must be an error naming the row, not some other value. int32 indices (the usual
    /// type) are first checked in one pass for their least and greatest.
    pub fn first_bad_index(&self) -> Option<(usize, i128, usize)> {
        let Values::Dict { indices, values } = &self.values else {
            return None;
        };
        let n = values.len;
        if let Values::I32(ix) = &indices.values {
            let (lo, hi) = ix.iter().fold((i32::MAX, i32::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
            if ix.is_empty() || (lo >= 0 && (hi as usize) < n) {
                return None;
            }
        }
        // null rows may hold any index
        (0..indices.len).filter(|&i| !indices.is_null(i)).find_map(|i| match indices.int_at(i) {
            Some(v) if v >= 0 && v < n as i128 => None,
            Some(v) => Some((i, v, n)),
            None => Some((i, -1, n)),
        })
    }
}

/// The string of row `i` of a string or dictionary-of-strings column (`""` for a null or for
/// another type).
#[inline]
pub(crate) fn row_str<'a>(col: &Column<'a>, i: usize) -> &'a [u8] {
    match &col.values {
        Values::Dict { indices, values } => values.str_at(indices.int_at(i).unwrap_or(0) as usize),
        _ => col.str_at(i),
    }
    .unwrap_or(b"")
}
