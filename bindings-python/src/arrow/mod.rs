//! Arrow in and out, through arrow-rs's C Data / C Stream interface.
//!
//! - [`import`]: any object implementing the Arrow PyCapsule interface (`__arrow_c_stream__`
//!   or `__arrow_c_array__`: pyarrow Table/RecordBatch/StructArray/ChunkedArray, polars
//!   DataFrame, DuckDB relation, ...) becomes an [`ImportedStream`] of arrow-rs arrays;
//! - this file: a column of one batch *viewed* in place ([`Column`]: slices of the arrays'
//!   buffers, the arrays' offsets applied, no value copied), and Arrow types named in words;
//! - [`export`]: a result batch (owned Rust vectors) becomes an `arrow_array_stream` capsule.
//!
//! Every column that is viewed is validated first (arrow-rs's `validate_full`: buffer sizes,
//! offsets, UTF-8, child lengths, null counts; a `utf8` column's offsets and bytes by the core's
//! `Utf8Ids`, one pass over ASCII bytes), so the views below can trust the buffers.

use arrow_array::cast::AsArray;
use arrow_array::types::{Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type, UInt64Type, UInt8Type};
use arrow_array::{Array, ArrayRef, DictionaryArray, StringViewArray};
use arrow_buffer::{BooleanBuffer, NullBuffer};
use arrow_schema::{DataType, TimeUnit};

mod export;
mod import;

pub use export::{decimal64, export, ExportBatch, ExportColumn};
pub use import::{import, ImportedBatch, ImportedStream};

/// A `utf8_view` column, read row by row (the core's [`arrears::columnar::StrRows`]).
pub struct ViewRows<'a>(pub &'a StringViewArray);

impl arrears::columnar::StrRows for ViewRows<'_> {
    fn get(&self, i: usize) -> Option<&[u8]> {
        (i < self.0.len()).then(|| self.0.value(i).as_bytes())
    }
    fn identity(&self) -> usize {
        self.0.views().as_ptr() as usize
    }
}

/// A view of one column of one record batch, borrowed from the Arrow buffers.
pub enum Values<'a> {
    I8(&'a [i8]),
    I16(&'a [i16]),
    I32(&'a [i32]),
    I64(&'a [i64]),
    U8(&'a [u8]),
    U16(&'a [u16]),
    U32(&'a [u32]),
    U64(&'a [u64]),
    /// date32: days since the epoch.
    Date32(&'a [i32]),
    /// decimal128 values (unscaled) and their scale.
    Decimal {
        values: &'a [i128],
        scale: i8,
    },
    /// `offsets` has one more entry than the column has rows; they index `data` directly.
    Utf8 {
        offsets: &'a [i32],
        data: &'a [u8],
    },
    LargeUtf8 {
        offsets: &'a [i64],
        data: &'a [u8],
    },
    Utf8View(ViewRows<'a>),
    Bool(BooleanBuffer),
    /// float16/32/64: recognised so that money in a float column gets a clear error.
    Float,
    Dict {
        indices: Box<Column<'a>>,
        values: Box<Column<'a>>,
    },
    /// A type arrears does not read (the callers name it in their errors).
    Other,
}

/// A column view: its values (the array's offset applied) and its validity.
pub struct Column<'a> {
    pub len: usize,
    /// Null rows. For a dictionary: a null index or an index to a null value; in a batch with
    /// null rows of its own (a struct array with a validity bitmap), those rows too.
    pub validity: Option<NullBuffer>,
    pub values: Values<'a>,
    /// The Arrow type in words ("dictionary<int32, utf8>"), for error messages.
    pub type_name: String,
}

impl<'a> Column<'a> {
    /// The string at `i` for the string types.
    #[inline]
    pub fn str_at(&self, i: usize) -> Option<&'a [u8]> {
        match &self.values {
            Values::Utf8 { offsets, data } => data.get(*offsets.get(i)? as usize..*offsets.get(i + 1)? as usize),
            Values::LargeUtf8 { offsets, data } => data.get(*offsets.get(i)? as usize..*offsets.get(i + 1)? as usize),
            Values::Utf8View(ViewRows(a)) => (i < a.len()).then(|| a.value(i).as_bytes()),
            _ => None,
        }
    }

    pub fn is_null(&self, i: usize) -> bool {
        self.validity.as_ref().is_some_and(|v| v.is_null(i))
    }

    /// The first null row, if any.
    pub fn first_null(&self) -> Option<usize> {
        let v = self.validity.as_ref()?;
        if v.null_count() == 0 {
            return None;
        }
        (0..self.len).find(|&i| v.is_null(i))
    }

    pub fn is_string(&self) -> bool {
        matches!(self.values, Values::Utf8 { .. } | Values::LargeUtf8 { .. } | Values::Utf8View(_))
    }

    /// The integer at `i` for the integer types (None for other types).
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
    /// with that index and the dictionary's size (`None` for other columns): the core's check
    /// ([`arrears::columnar::Column::first_bad_index`]) on this column's view. Producers never
    /// write such an index, but a malformed array must be an error naming the row.
    pub fn first_bad_index(&self) -> Option<(usize, i128, usize)> {
        self.core().first_bad_index()
    }
}

impl Column<'_> {
    /// The core's view of this column (the same buffers, nothing copied but a computed
    /// bitmap the core cannot borrow).
    pub fn core(&self) -> arrears::columnar::Column<'_> {
        use arrears::columnar::Values as V;
        let values = match &self.values {
            Values::I8(v) => V::I8(v),
            Values::I16(v) => V::I16(v),
            Values::I32(v) => V::I32(v),
            Values::I64(v) => V::I64(v),
            Values::U8(v) => V::U8(v),
            Values::U16(v) => V::U16(v),
            Values::U32(v) => V::U32(v),
            Values::U64(v) => V::U64(v),
            Values::Decimal { values, scale } => V::Decimal { values, scale: *scale },
            Values::Utf8 { offsets, data } => V::Utf8 { offsets, data },
            Values::LargeUtf8 { offsets, data } => V::LargeUtf8 { offsets, data },
            Values::Utf8View(rows) => V::Strings(rows),
            Values::Bool(b) => V::Bool(bits(b)),
            Values::Dict { indices, values } => {
                V::Dict { indices: Box::new(indices.core()), values: Box::new(values.core()) }
            }
            // a date is no id, amount or flag: the core names the type in its error
            Values::Date32(_) | Values::Float | Values::Other => V::Other,
        };
        arrears::columnar::Column {
            len: self.len,
            validity: self.validity.as_ref().map(|n| bits(n.inner())),
            values,
            type_name: std::borrow::Cow::Borrowed(&self.type_name),
        }
    }
}

/// A boolean buffer as the core's bitmap (its bytes borrowed).
fn bits(b: &BooleanBuffer) -> arrears::columnar::Bits<'_> {
    // (arrow-rs keeps its buffers long enough; a copy, should one not be)
    arrears::columnar::Bits::new(b.values(), b.offset(), b.len())
        .unwrap_or_else(|| arrears::columnar::Bits::from_bools(b.iter()))
}

/// Views column `name` of a batch. The column is validated first (once: see [`validate`]);
/// errors name the column and say what was wrong.
pub fn column<'a>(stream: &'a ImportedStream, batch: &'a ImportedBatch, name: &str) -> Result<Column<'a>, String> {
    let Some(k) = stream.names.iter().position(|n| n == name) else {
        return Err(format!("no column named {name:?}; the table has {}", stream.names.join(", ")));
    };
    checked(stream, batch, k, true).clone().map_err(|e| format!("column {name:?} is not valid Arrow data: {e}"))?;
    let mut col = view(&batch.columns[k]);
    if let Some(rows) = &batch.nulls {
        // null rows of the batch itself (a struct array's validity) are null in every column
        col.validity = NullBuffer::union(Some(rows), col.validity.as_ref());
    }
    Ok(col)
}

/// Validates columns `names` (those the stream has) of every batch ahead of [`column`], on up to
/// `threads` threads (0: the cores; one below 100k rows), so the validation of a large table is
/// shared by the cores. Errors are [`column`]'s, found there.
pub fn validate(stream: &ImportedStream, names: &[&str], threads: usize) {
    validate_leaving_text(stream, names, &[], threads)
}

/// [`validate`], but the bytes of the `utf8` columns `text_later` (of `names`) are not checked
/// for UTF-8 here, only their layout (offsets in order, within the data): for columns whose
/// every row the core checks itself, naming the first bad row as `table[row].column` (a
/// worklist's customer ids, which a numbered fast path proves UTF-8 with no pass of their own;
/// currency codes, each distinct one looked up in the ISO table). Such a column is checked so
/// even when it is read on one thread, so the error does not depend on the table's size.
pub fn validate_leaving_text(stream: &ImportedStream, names: &[&str], text_later: &[&str], threads: usize) {
    let at = |n: &&str| stream.names.iter().position(|x| x == n);
    let ks: Vec<(usize, bool)> = names.iter().filter_map(|n| at(n).map(|k| (k, !text_later.contains(n)))).collect();
    let tasks: Vec<(&ImportedBatch, usize, bool)> =
        stream.batches.iter().flat_map(|b| ks.iter().map(move |&(k, text)| (b, k, text))).collect();
    let rows: usize = stream.batches.iter().map(|b| b.len).sum();
    let threads = match threads {
        _ if rows < 100_000 => 1,
        0 => std::thread::available_parallelism().map_or(1, |t| t.get()),
        t => t,
    }
    .clamp(1, 16)
    .min(tasks.len().max(1));
    if threads == 1 {
        // (the others are validated when read)
        for &(b, k, _) in tasks.iter().filter(|t| !t.2) {
            let _ = checked(stream, b, k, false);
        }
        return;
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let t = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(&(b, k, text)) = tasks.get(t) else { break };
                let _ = checked(stream, b, k, text);
            });
        }
    });
}

/// Column `k` of `batch`, validated once (with `text`, a `utf8` column's bytes checked for
/// UTF-8 too: see [`validate_leaving_text`]).
fn checked<'a>(stream: &ImportedStream, batch: &'a ImportedBatch, k: usize, text: bool) -> &'a Result<(), String> {
    batch.checked[k].get_or_init(|| validate_array(stream, &batch.columns[k], text).map_err(|e| e.to_string()))
}

/// The Arrow type of column `name` (as the first batch has it), if there is such a column.
pub fn column_type<'a>(stream: &'a ImportedStream, name: &str) -> Option<&'a DataType> {
    let k = stream.names.iter().position(|n| n == name)?;
    Some(stream.batches.first()?.columns[k].data_type())
}

/// The number of rows of a batch.
pub fn batch_len(batch: &ImportedBatch) -> usize {
    batch.len
}

/// arrow-rs's full validation of one array. A dictionary's indices and values are validated
/// apart, without the indices' bounds ([`Column::first_bad_index`] names the row of a bad
/// index), and values shared by several chunks once; a `utf8` column's bytes only with `text`.
fn validate_array(stream: &ImportedStream, array: &ArrayRef, text: bool) -> Result<(), arrow_schema::ArrowError> {
    if let Some(dict) = array.as_any_dictionary_opt() {
        dict.keys().to_data().validate_full()?;
        let values = dict.values().to_data();
        let at = (values.buffers().first().map_or(0, |b| b.as_ptr() as usize), values.offset(), values.len());
        let first = stream.dictionaries.lock().map(|mut seen| seen.insert(at)).unwrap_or(true);
        return if first { values.validate_full() } else { Ok(()) };
    }
    if let (DataType::Utf8, Some(strings)) = (array.data_type(), array.as_string_opt::<i32>()) {
        return validate_utf8(array, strings, text);
    }
    array.to_data().validate_full()
}

/// A `utf8` array checked as `validate_full` checks it, faster: the buffers' sizes and the null
/// count by arrow-rs, then the offsets and the bytes by the core ([`Utf8Ids`]: every offset, and
/// one pass over the bytes when they are ASCII, as ids nearly always are), instead of arrow-rs's
/// offset-by-offset walk (a third of the time of a 10M-row id column). Without `text`, the
/// bytes are left to the caller ([`validate_leaving_text`]).
///
/// [`Utf8Ids`]: arrears::columnar::Utf8Ids
fn validate_utf8(
    array: &ArrayRef,
    strings: &arrow_array::StringArray,
    text: bool,
) -> Result<(), arrow_schema::ArrowError> {
    let data = array.to_data();
    data.validate()?;
    data.validate_nulls()?;
    let invalid = |e: String| arrow_schema::ArrowError::InvalidArgumentError(e);
    // (null rows' bytes are checked too, as validate_full checks them)
    let ids =
        arrears::columnar::Utf8Ids::try_new(strings.value_offsets(), strings.values().as_slice(), None, strings.len())
            .map_err(|e| invalid(e.to_string()))?;
    if !text {
        return Ok(());
    }
    match ids.first_bad(None) {
        None => Ok(()),
        Some(bad) => Err(invalid(format!("invalid UTF-8 in the string at index {}", bad.row()))),
    }
}

fn view(array: &ArrayRef) -> Column<'_> {
    let len = array.len();
    let type_name = type_name(array.data_type());
    let nulls = || array.logical_nulls().filter(|n| n.null_count() > 0);
    let values = match array.data_type() {
        DataType::Int8 => Values::I8(array.as_primitive::<Int8Type>().values()),
        DataType::Int16 => Values::I16(array.as_primitive::<Int16Type>().values()),
        DataType::Int32 => Values::I32(array.as_primitive::<Int32Type>().values()),
        DataType::Int64 => Values::I64(array.as_primitive::<Int64Type>().values()),
        DataType::UInt8 => Values::U8(array.as_primitive::<UInt8Type>().values()),
        DataType::UInt16 => Values::U16(array.as_primitive::<UInt16Type>().values()),
        DataType::UInt32 => Values::U32(array.as_primitive::<UInt32Type>().values()),
        DataType::UInt64 => Values::U64(array.as_primitive::<UInt64Type>().values()),
        DataType::Date32 => Values::Date32(array.as_primitive::<arrow_array::types::Date32Type>().values()),
        DataType::Decimal128(_, scale) => Values::Decimal {
            values: array.as_primitive::<arrow_array::types::Decimal128Type>().values(),
            scale: *scale,
        },
        DataType::Float16 | DataType::Float32 | DataType::Float64 => Values::Float,
        DataType::Boolean => Values::Bool(array.as_boolean().values().clone()),
        DataType::Utf8 => {
            let a = array.as_string::<i32>();
            Values::Utf8 { offsets: a.value_offsets(), data: a.values().as_slice() }
        }
        DataType::LargeUtf8 => {
            let a = array.as_string::<i64>();
            Values::LargeUtf8 { offsets: a.value_offsets(), data: a.values().as_slice() }
        }
        DataType::Utf8View => Values::Utf8View(ViewRows(array.as_string_view())),
        DataType::Dictionary(key, _) => {
            let (indices, values) = match key.as_ref() {
                DataType::Int8 => dict_parts::<Int8Type>(array),
                DataType::Int16 => dict_parts::<Int16Type>(array),
                DataType::Int32 => dict_parts::<Int32Type>(array),
                DataType::Int64 => dict_parts::<Int64Type>(array),
                DataType::UInt8 => dict_parts::<UInt8Type>(array),
                DataType::UInt16 => dict_parts::<UInt16Type>(array),
                DataType::UInt32 => dict_parts::<UInt32Type>(array),
                DataType::UInt64 => dict_parts::<UInt64Type>(array),
                _ => return Column { len, validity: nulls(), values: Values::Other, type_name },
            };
            let validity = dict_nulls(&indices, &values);
            return Column {
                len,
                validity,
                values: Values::Dict { indices: Box::new(indices), values: Box::new(values) },
                type_name,
            };
        }
        _ => Values::Other,
    };
    Column { len, validity: nulls(), values, type_name }
}

/// A dictionary column's null rows: its null indices, and the rows whose index points to a
/// null value (arrow-rs's `logical_nulls` would do, but it reads the value of an index outside
/// the dictionary, which [`Column::first_bad_index`] must report instead).
fn dict_nulls(indices: &Column<'_>, values: &Column<'_>) -> Option<NullBuffer> {
    let Some(value_nulls) = values.validity.as_ref() else {
        return indices.validity.clone();
    };
    let valid = (0..indices.len).map(|i| {
        !indices.is_null(i)
            && match indices.int_at(i) {
                Some(k) if k >= 0 && (k as usize) < value_nulls.len() => value_nulls.is_valid(k as usize),
                _ => true,
            }
    });
    Some(NullBuffer::new(BooleanBuffer::from_iter(valid))).filter(|n| n.null_count() > 0)
}

fn dict_parts<K: arrow_array::types::ArrowDictionaryKeyType>(array: &ArrayRef) -> (Column<'_>, Column<'_>) {
    let d: &DictionaryArray<K> = array.as_dictionary::<K>();
    let keys = d.keys();
    let indices = Column {
        len: keys.len(),
        validity: keys.nulls().filter(|n| n.null_count() > 0).cloned(),
        values: match view_keys(keys) {
            Some(v) => v,
            None => Values::Other,
        },
        type_name: type_name(keys.data_type()),
    };
    (indices, view(d.values()))
}

fn view_keys<K: arrow_array::types::ArrowPrimitiveType>(keys: &arrow_array::PrimitiveArray<K>) -> Option<Values<'_>> {
    let any: &dyn Array = keys;
    Some(match any.data_type() {
        DataType::Int8 => Values::I8(any.as_primitive::<Int8Type>().values()),
        DataType::Int16 => Values::I16(any.as_primitive::<Int16Type>().values()),
        DataType::Int32 => Values::I32(any.as_primitive::<Int32Type>().values()),
        DataType::Int64 => Values::I64(any.as_primitive::<Int64Type>().values()),
        DataType::UInt8 => Values::U8(any.as_primitive::<UInt8Type>().values()),
        DataType::UInt16 => Values::U16(any.as_primitive::<UInt16Type>().values()),
        DataType::UInt32 => Values::U32(any.as_primitive::<UInt32Type>().values()),
        DataType::UInt64 => Values::U64(any.as_primitive::<UInt64Type>().values()),
        _ => return None,
    })
}

/// An Arrow type in words, as the Arrow columnar format names it ("float64", "large_utf8",
/// "dictionary<int32, utf8>", "decimal128(18, 2)", "timestamp[ms, tz=UTC]").
pub fn type_name(t: &DataType) -> String {
    let unit = |u: &TimeUnit| match u {
        TimeUnit::Second => "s",
        TimeUnit::Millisecond => "ms",
        TimeUnit::Microsecond => "us",
        TimeUnit::Nanosecond => "ns",
    };
    match t {
        DataType::Null => "null".into(),
        DataType::Boolean => "bool".into(),
        DataType::Int8 => "int8".into(),
        DataType::Int16 => "int16".into(),
        DataType::Int32 => "int32".into(),
        DataType::Int64 => "int64".into(),
        DataType::UInt8 => "uint8".into(),
        DataType::UInt16 => "uint16".into(),
        DataType::UInt32 => "uint32".into(),
        DataType::UInt64 => "uint64".into(),
        DataType::Float16 => "float16".into(),
        DataType::Float32 => "float32".into(),
        DataType::Float64 => "float64".into(),
        DataType::Utf8 => "utf8".into(),
        DataType::LargeUtf8 => "large_utf8".into(),
        DataType::Utf8View => "utf8_view".into(),
        DataType::Binary => "binary".into(),
        DataType::LargeBinary => "large_binary".into(),
        DataType::BinaryView => "binary_view".into(),
        DataType::FixedSizeBinary(n) => format!("fixed_size_binary[{n}]"),
        DataType::Date32 => "date32".into(),
        DataType::Date64 => "date64".into(),
        DataType::Time32(u) => format!("time32[{}]", unit(u)),
        DataType::Time64(u) => format!("time64[{}]", unit(u)),
        DataType::Duration(u) => format!("duration[{}]", unit(u)),
        DataType::Timestamp(u, None) => format!("timestamp[{}]", unit(u)),
        DataType::Timestamp(u, Some(tz)) => format!("timestamp[{}, tz={tz}]", unit(u)),
        DataType::Interval(u) => format!("interval[{}]", format!("{u:?}").to_lowercase()),
        DataType::Decimal32(p, s) => format!("decimal32({p}, {s})"),
        DataType::Decimal64(p, s) => format!("decimal64({p}, {s})"),
        DataType::Decimal128(p, s) => format!("decimal128({p}, {s})"),
        DataType::Decimal256(p, s) => format!("decimal256({p}, {s})"),
        DataType::Dictionary(k, v) => format!("dictionary<{}, {}>", type_name(k), type_name(v)),
        DataType::List(f) => format!("list<{}>", type_name(f.data_type())),
        DataType::LargeList(f) => format!("large_list<{}>", type_name(f.data_type())),
        DataType::ListView(f) => format!("list_view<{}>", type_name(f.data_type())),
        DataType::LargeListView(f) => format!("large_list_view<{}>", type_name(f.data_type())),
        DataType::FixedSizeList(f, n) => format!("fixed_size_list<{}>[{n}]", type_name(f.data_type())),
        DataType::Struct(fields) => format!(
            "struct<{}>",
            fields.iter().map(|f| format!("{}: {}", f.name(), type_name(f.data_type()))).collect::<Vec<_>>().join(", ")
        ),
        DataType::Map(f, _) => format!("map<{}>", type_name(f.data_type())),
        DataType::RunEndEncoded(r, v) => {
            format!("run_end_encoded<{}, {}>", type_name(r.data_type()), type_name(v.data_type()))
        }
        DataType::Union(..) => "union".into(),
    }
}
