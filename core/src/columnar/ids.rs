//! String ids laid out as an Arrow `utf8` column (offsets into one buffer of bytes, an optional
//! validity bitmap), checked once by one constructor, then read by every kernel without checks.
//!
//! The Node (`customerOffsets` + `customerData`), C (`id_offsets` + `id_data`) and Python
//! (Arrow) bindings hand their columns to [`Utf8Ids::try_new`] and only rename the fields of
//! its errors; the checked offsets and bytes are then handed to the kernels as a
//! [`Column`](super::Column) (see `aging::age_batches`), which pack each id with
//! [`pack_key_at`] in one load.

use super::keys::pack_key_at;

/// A checked view of a `utf8` id column: `rows + 1` offsets from at least 0, never
/// decreasing, within the bytes; a validity bitmap (if any) with a bit a row.
///
/// ```
/// use arrears::columnar::{BadId, Utf8Ids};
/// let offsets = [0, 2, 3, 6];
/// let ids = Utf8Ids::try_new(&offsets, b"ABCDEF", None, 3)?;
/// assert_eq!(ids.get(2), b"DEF");
/// assert_eq!(ids.first_bad(Some(15)), None);
/// assert_eq!(ids.first_bad(Some(2)), Some(BadId::TooLong { row: 2, len: 3 }));
/// # Ok::<(), arrears::columnar::Utf8IdsError>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Utf8Ids<'a> {
    offsets: &'a [i32],
    data: &'a [u8],
    /// Kept only when some row is null (rows never read otherwise).
    validity: Option<&'a [u8]>,
    rows: usize,
    first_null: Option<usize>,
}

/// Why a column is not a `utf8` id column ([`Utf8Ids::try_new`]); each binding names the
/// fields in its own terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Utf8IdsError {
    /// There are not `rows + 1` offsets (`got` of them).
    OffsetCount {
        /// Offsets given.
        got: usize,
        /// Offsets needed.
        want: usize,
    },
    /// `offsets[index]` is negative.
    NegativeOffset {
        /// Its index.
        index: usize,
        /// Its value.
        offset: i32,
    },
    /// `offsets[index]` is below the one before it.
    DecreasingOffset {
        /// Its index.
        index: usize,
        /// Its value.
        offset: i32,
        /// The offset before it.
        previous: i32,
    },
    /// `offsets[index]` points past the end of the bytes.
    PastData {
        /// Its index.
        index: usize,
        /// Its value.
        offset: i32,
        /// How many bytes there are.
        data_len: usize,
    },
    /// The validity bitmap has fewer than a bit a row.
    ShortValidity {
        /// Bytes given.
        got: usize,
        /// Bytes needed.
        need: usize,
    },
}

impl std::fmt::Display for Utf8IdsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Utf8IdsError::OffsetCount { got, want } => write!(f, "{got} offsets where {want} are needed"),
            Utf8IdsError::NegativeOffset { index, offset } => write!(f, "offsets[{index}] is negative ({offset})"),
            Utf8IdsError::DecreasingOffset { index, offset, previous } => {
                write!(f, "offsets[{index}] ({offset}) is below offsets[{}] ({previous})", index - 1)
            }
            Utf8IdsError::PastData { index, offset, data_len } => {
                write!(f, "offsets[{index}] ({offset}) is past the end of the {data_len} bytes")
            }
            Utf8IdsError::ShortValidity { got, need } => write!(f, "a validity bitmap of {got} bytes, {need} needed"),
        }
    }
}

impl std::error::Error for Utf8IdsError {}

/// The first id of a checked column that cannot be used ([`Utf8Ids::first_bad`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadId {
    /// Row `row`'s bytes are not UTF-8; `at` is the first bad byte, an index into the bytes.
    InvalidUtf8 {
        /// The row.
        row: usize,
        /// The first bad byte's index in the bytes.
        at: usize,
    },
    /// `offsets[index]` falls inside a character (the bytes are valid UTF-8 as a whole), so
    /// row `index - 1` ends and row `index` starts in the middle of one.
    SplitCharacter {
        /// The offset's index.
        index: usize,
    },
    /// Row `row`'s id is longer than the limit asked for.
    TooLong {
        /// The row.
        row: usize,
        /// Its length in bytes.
        len: usize,
    },
}

impl BadId {
    /// The first row the problem is in.
    pub fn row(&self) -> usize {
        match *self {
            BadId::InvalidUtf8 { row, .. } | BadId::TooLong { row, .. } => row,
            BadId::SplitCharacter { index } => index.saturating_sub(1),
        }
    }
}

/// Whether `offsets` (at least one) are all in order within `len` bytes: the first not negative,
/// none below the one before, the last at most `len`. Compares without a branch a pair (the
/// compiler makes it a vector loop: a 10M-row column in a few milliseconds instead of a
/// branch-per-offset walk several times longer); a column that fails is walked offset by offset
/// to name its first bad offset. From [`PARALLEL`] offsets on, the column is cut into one run
/// per core (each run's last offset is the next one's first, so every pair is compared), read
/// at once: a check over a few hundred megabytes of offsets is not left to one core while the
/// others wait.
fn in_order(offsets: &[i32], len: usize) -> bool {
    let (Some(&first), Some(&last)) = (offsets.first(), offsets.last()) else { return false };
    if first < 0 || last as usize > len {
        return false;
    }
    let threads = match offsets.len() {
        n if n >= PARALLEL => std::thread::available_parallelism().map_or(1, |t| t.get()).clamp(1, 8),
        _ => 1,
    };
    if threads == 1 {
        return pairs_in_order(offsets);
    }
    let per = (offsets.len() - 1).div_ceil(threads);
    std::thread::scope(|scope| {
        let runs: Vec<_> = (0..offsets.len() - 1)
            .step_by(per)
            .map(|a| {
                let run = &offsets[a..(a + per + 1).min(offsets.len())];
                scope.spawn(move || pairs_in_order(run))
            })
            .collect();
        // (a thread that panicked, which this code cannot do, counts as out of order: the
        // column is then walked offset by offset)
        runs.into_iter().fold(true, |ok, r| r.join().unwrap_or(false) & ok)
    })
}

/// Offsets from which [`in_order`] reads a column on every core (below, a thread costs more
/// than it saves).
const PARALLEL: usize = 1 << 20;

/// Whether no offset is below the one before it (a vector loop).
fn pairs_in_order(offsets: &[i32]) -> bool {
    const CHUNK: usize = 4096;
    let (a, b) = (&offsets[..offsets.len().saturating_sub(1)], offsets.get(1..).unwrap_or(&[]));
    a.chunks(CHUNK).zip(b.chunks(CHUNK)).all(|(x, y)| x.iter().zip(y).fold(true, |ok, (p, q)| ok & (p <= q)))
}

impl<'a> Utf8Ids<'a> {
    /// Checks the layout of `rows` ids (the bytes themselves: [`Utf8Ids::first_bad`]). Bit `i`
    /// of `validity` (least significant first, 1 = valid) says whether row `i` has an id; a
    /// column of no rows may have no offsets at all.
    ///
    /// # Errors
    /// The first [`Utf8IdsError`]: the validity bitmap first, then the offsets' count, then
    /// each offset in order.
    pub fn try_new(
        offsets: &'a [i32],
        data: &'a [u8],
        validity: Option<&'a [u8]>,
        rows: usize,
    ) -> Result<Utf8Ids<'a>, Utf8IdsError> {
        let first_null = match validity {
            Some(bits) => {
                let need = rows.div_ceil(8);
                if bits.len() < need {
                    return Err(Utf8IdsError::ShortValidity { got: bits.len(), need });
                }
                first_zero_bit(&bits[..need], rows)
            }
            None => None,
        };
        if rows == 0 && offsets.len() <= 1 {
            return Ok(Utf8Ids { offsets: &[], data: &[], validity: None, rows: 0, first_null: None });
        }
        if offsets.len() != rows + 1 {
            return Err(Utf8IdsError::OffsetCount { got: offsets.len(), want: rows + 1 });
        }
        let validity = validity.filter(|_| first_null.is_some());
        if in_order(offsets, data.len()) {
            return Ok(Utf8Ids { offsets, data, validity, rows, first_null });
        }
        let mut previous = 0i32;
        for (index, &offset) in offsets.iter().enumerate() {
            if offset < 0 {
                return Err(Utf8IdsError::NegativeOffset { index, offset });
            }
            if index > 0 && offset < previous {
                return Err(Utf8IdsError::DecreasingOffset { index, offset, previous });
            }
            if offset as usize > data.len() {
                return Err(Utf8IdsError::PastData { index, offset, data_len: data.len() });
            }
            previous = offset;
        }
        Ok(Utf8Ids { offsets, data, validity, rows, first_null })
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The first row without an id (a null), if any.
    pub fn first_null(&self) -> Option<usize> {
        self.first_null
    }

    /// Whether row `i` has an id.
    #[inline]
    pub fn is_valid(&self, i: usize) -> bool {
        self.validity.is_none_or(|bits| bits[i >> 3] >> (i & 7) & 1 == 1)
    }

    /// The bytes of row `i` (empty for a null row; `i` below [`Utf8Ids::len`]).
    #[inline]
    pub fn get(&self, i: usize) -> &'a [u8] {
        &self.data[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// Row `i`'s id packed by [`crate::columnar::pack_key`] (one load where the buffer has room
    /// after the id), `None` when it is longer than 15 bytes.
    #[inline]
    pub fn key(&self, i: usize) -> Option<u128> {
        let (a, z) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
        pack_key_at(self.data, a, z - a)
    }

    /// The offsets (the checked `rows + 1`, or none for an empty column).
    pub fn offsets(&self) -> &'a [i32] {
        self.offsets
    }

    /// The bytes the offsets point into.
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// The first row (in row order, null rows skipped) whose id is not UTF-8, is cut in the
    /// middle of a character, or has more than `max_len` bytes. The bytes outside the rows'
    /// range are not read; an all-ASCII column is checked in one pass.
    pub fn first_bad(&self, max_len: Option<usize>) -> Option<BadId> {
        if self.rows == 0 {
            return None;
        }
        let long = max_len.and_then(|max| {
            (0..self.rows)
                .find(|&i| self.is_valid(i) && (self.offsets[i + 1] - self.offsets[i]) as usize > max)
                .map(|row| BadId::TooLong { row, len: (self.offsets[row + 1] - self.offsets[row]) as usize })
        });
        let text = self.first_not_text();
        match (long, text) {
            (Some(l), Some(t)) => Some(if t.row() < l.row() { t } else { l }),
            (l, t) => l.or(t),
        }
    }

    /// The first row whose bytes are not UTF-8 or are cut mid-character, over each run of
    /// valid rows.
    fn first_not_text(&self) -> Option<BadId> {
        let (offsets, data, n) = (self.offsets, self.data, self.rows);
        if self.validity.is_none() && data[offsets[0] as usize..offsets[n] as usize].is_ascii() {
            return None;
        }
        let mut r0 = 0;
        while r0 < n {
            if !self.is_valid(r0) {
                r0 += 1;
                continue;
            }
            let r1 = (r0..n).find(|&r| !self.is_valid(r)).unwrap_or(n);
            let (first, last) = (offsets[r0] as usize, offsets[r1] as usize);
            if let Err(e) = std::str::from_utf8(&data[first..last]) {
                let at = first + e.valid_up_to();
                // the row whose bytes hold it: the last offset at or before it
                let row = offsets.partition_point(|&o| o as usize <= at).saturating_sub(1).min(n - 1);
                return Some(BadId::InvalidUtf8 { row, at });
            }
            // valid as a whole; each id is valid when no offset cuts a character
            let inner = &offsets[r0..=r1];
            if let Some(k) = inner.iter().position(|&o| (o as usize) < last && (data[o as usize] as i8) < -0x40) {
                return Some(BadId::SplitCharacter { index: r0 + k });
            }
            r0 = r1;
        }
        None
    }
}

/// The first 0 bit among the first `rows` bits of `bits` (least significant first).
fn first_zero_bit(bits: &[u8], rows: usize) -> Option<usize> {
    bits.iter().enumerate().find_map(|(k, &b)| {
        let n = (rows - 8 * k).min(8);
        let zeros = !b & (0xffu16 >> (8 - n)) as u8;
        (zeros != 0).then(|| 8 * k + zeros.trailing_zeros() as usize)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_errors_in_order() {
        let e = |o: &[i32], d: &[u8], v: Option<&[u8]>, n| Utf8Ids::try_new(o, d, v, n).unwrap_err();
        assert_eq!(e(&[0, 2, 3], b"ABCDEF", None, 3), Utf8IdsError::OffsetCount { got: 3, want: 4 });
        assert_eq!(e(&[-1, 2, 3, 6], b"ABCDEF", None, 3), Utf8IdsError::NegativeOffset { index: 0, offset: -1 });
        assert_eq!(
            e(&[0, 3, 2, 6], b"ABCDEF", None, 3),
            Utf8IdsError::DecreasingOffset { index: 2, offset: 2, previous: 3 }
        );
        assert_eq!(e(&[0, 2, 99, 6], b"ABCDEF", None, 3), Utf8IdsError::PastData { index: 2, offset: 99, data_len: 6 });
        assert_eq!(e(&[0, 2, 3, 6], b"ABCDEF", Some(&[]), 3), Utf8IdsError::ShortValidity { got: 0, need: 1 });
        assert!(Utf8Ids::try_new(&[], &[], None, 0).is_ok());
    }

    /// The vector check accepts exactly the offsets the walk accepts, over several chunks and a
    /// bad offset anywhere in them.
    #[test]
    fn offsets_in_order_as_the_walk_finds_them() {
        let walk = |o: &[i32], len: usize| {
            o.iter().enumerate().all(|(i, &x)| x >= 0 && (i == 0 || x >= o[i - 1]) && x as usize <= len)
        };
        let good: Vec<i32> = (0..10_000).map(|i| i / 3).collect();
        let len = 3_333;
        assert!(in_order(&good, len) && walk(&good, len));
        assert!(!in_order(&good, len - 1));
        for at in [0usize, 1, 4095, 4096, 4097, 9_998, 9_999] {
            for v in [-1, 0, 5_000, i32::MAX, i32::MIN] {
                let mut o = good.clone();
                o[at] = v;
                assert_eq!(in_order(&o, len), walk(&o, len), "offset {at} = {v}");
                assert_eq!(Utf8Ids::try_new(&o, &[0; 3_333], None, o.len() - 1).is_ok(), walk(&o, len));
            }
        }
        assert!(!in_order(&[], 0) && in_order(&[0], 0) && !in_order(&[1], 0));
    }

    /// A column long enough to be read on every core: a bad offset at either side of a cut
    /// between two threads' runs (for any count of threads) is still found.
    #[test]
    fn offsets_in_order_across_the_threads_runs() {
        let n = PARALLEL + 5;
        let good: Vec<i32> = (0..n as i32).collect();
        let len = n - 1;
        assert!(in_order(&good, len));
        let cuts = (2..=8).flat_map(|t| (1..t).map(move |k| k * (n - 1).div_ceil(t)));
        for at in cuts.flat_map(|c| [c - 1, c, c + 1]).chain([1, n - 1]) {
            let mut o = good.clone();
            // below the one before, above the one after
            o[at] = o[at - 1] - 1;
            assert!(!in_order(&o, len), "offset {at} below the one before");
            o[at] = good[at] + 2;
            assert!(!in_order(&o, len), "offset {at} above the one after (or past the data)");
        }
    }

    proptest::proptest! {
        // the one-pass check accepts exactly the offsets the offset-by-offset check accepts
        #[test]
        fn offsets_accepted_as_one_by_one(offsets in proptest::collection::vec(-2i32..12, 1..12), len in 0usize..12) {
            let data = vec![b'A'; len];
            let rows = offsets.len() - 1;
            // (no rows: the offsets are not read)
            let one_by_one = rows == 0 || offsets.iter().enumerate().all(|(i, &o)| o >= 0 && (i == 0 || o >= offsets[i - 1]) && o as usize <= len);
            proptest::prop_assert_eq!(Utf8Ids::try_new(&offsets, &data, None, rows).is_ok(), one_by_one);
        }
    }

    #[test]
    fn bad_ids_by_row() {
        let ids = Utf8Ids::try_new(&[0, 2, 3, 6], &[0x41, 0x42, 0x43, 0x44, 0xff, 0x46], None, 3).unwrap();
        assert_eq!(ids.first_bad(None), Some(BadId::InvalidUtf8 { row: 2, at: 4 }));
        // a longer id earlier comes first
        assert_eq!(ids.first_bad(Some(1)), Some(BadId::TooLong { row: 0, len: 2 }));
        let cut = "Aü-xy".as_bytes();
        let ids = Utf8Ids::try_new(&[0, 2, 3, 5], cut, None, 3).unwrap();
        assert_eq!(ids.first_bad(None), Some(BadId::SplitCharacter { index: 1 }));
        // a null row's bytes are not read
        let ids = Utf8Ids::try_new(&[0, 1, 2, 3], &[0x41, 0xff, 0x43], Some(&[0b101]), 3).unwrap();
        assert_eq!((ids.first_null(), ids.first_bad(Some(15))), (Some(1), None));
        assert_eq!(ids.key(2), crate::columnar::pack_key(b"C"));
    }
}
