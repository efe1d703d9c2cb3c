//! Export: an [`ExportBatch`] (owned Rust vectors) becomes arrow-rs arrays, moved (not copied)
//! into their buffers, and one `ArrowArrayStream` in a PyCapsule named `arrow_array_stream`,
//! which pyarrow (or polars) imports without copying.

use std::sync::Arc;

use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::types::Int16Type;
use arrow_array::{
    ArrayRef, Date32Array, Decimal128Array, Decimal64Array, DictionaryArray, Int16Array, Int32Array, Int64Array,
    RecordBatch, RecordBatchIterator, StringArray, UInt32Array, UInt64Array,
};
use arrow_buffer::{Buffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, Field, Schema};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

/// A column to export.
pub enum ExportColumn {
    /// Strings already laid out as Arrow `utf8` buffers (valid UTF-8).
    Utf8Raw {
        offsets: Vec<i32>,
        data: Vec<u8>,
    },
    /// Strings given as indices into a few names (no string per row).
    Utf8Indexed {
        names: Vec<String>,
        index: Vec<u16>,
    },
    /// decimal128(38, scale) from exact integers at `scale`.
    Decimal {
        values: Vec<i128>,
        scale: u32,
    },
    /// decimal64(18, scale) from exact integers at `scale`, moved as they are (the caller has
    /// checked that every value has at most 18 digits).
    Decimal64 {
        values: Vec<i64>,
        scale: u32,
    },
    /// `dictionary<int16, utf8>`: indices into a few names (no string per row).
    Dict16 {
        names: Vec<String>,
        index: Vec<i16>,
    },
    /// [`ExportColumn::Dict16`] from unsigned indices (each below 32768), whose buffer is moved
    /// and read as `int16`, not copied.
    Dict16U {
        names: Vec<String>,
        index: Vec<u16>,
    },
    Int64(Vec<i64>),
    UInt64(Vec<u64>),
    UInt32(Vec<u32>),
    Int32(Vec<i32>),
    Date32(Vec<i32>),
    /// Nullable columns: validity per row.
    NullableDate32(Vec<Option<i32>>),
    NullableDecimal {
        values: Vec<Option<i128>>,
        scale: u32,
    },
}

/// The largest value a decimal64 holds (18 digits; Arrow's decimal64 precision is 1 to 18).
const DECIMAL64_MAX: i64 = 999_999_999_999_999_999;

/// Minor units at each row's currency's scale (`scales[cur(i)]`, currencies `codes`) as a
/// decimal64(18, top) column: moved as they are when every currency has the scale `top` (no
/// copy), otherwise each row times 10^(top - its scale), in place. A value of more than 18
/// digits is an [`ErrorKind::Overflow`](arrears::ErrorKind::Overflow) naming the row
/// (`{name}[{row(i)}]`: `applied[7]`, `interest[12]`).
pub fn decimal64(
    name: &str,
    mut v: Vec<i64>,
    cur: impl Fn(usize) -> usize,
    row: impl Fn(usize) -> usize,
    (codes, scales): (&[String], &[u32]),
    top: u32,
) -> Result<ExportColumn, arrears::Error> {
    let up: Vec<i64> = scales.iter().map(|&s| 10i64.pow(top.saturating_sub(s))).collect();
    let fits = |w: i64| (-DECIMAL64_MAX..=DECIMAL64_MAX).contains(&w);
    let bad_row = if up.iter().all(|&f| f == 1) {
        // one scale: the values stay where they are, only checked
        v.iter().position(|&x| !fits(x))
    } else {
        v.iter_mut().enumerate().find_map(|(i, x)| match x.checked_mul(up.get(cur(i)).copied().unwrap_or(1)) {
            Some(w) if fits(w) => {
                *x = w;
                None
            }
            _ => Some(i),
        })
    };
    if let Some(i) = bad_row {
        let code = codes.get(cur(i)).map(String::as_str).unwrap_or_default();
        let scale = scales.get(cur(i)).copied().unwrap_or(top);
        return Err(crate::bad(
            arrears::ErrorKind::Overflow,
            &format!("{name}[{}]", row(i)),
            arrears::rust_decimal::Decimal::new(v[i], scale).to_string(),
            format!("{code} amount of more than 18 digits at {top} decimal places: use amount_type=\"decimal128\""),
        ));
    }
    Ok(ExportColumn::Decimal64 { values: v, scale: top })
}

/// One record batch to export.
pub struct ExportBatch {
    pub columns: Vec<(String, ExportColumn)>,
    pub len: usize,
}

fn decimal(a: Decimal128Array, scale: u32) -> Result<ArrayRef, ArrowError> {
    let scale = i8::try_from(scale).map_err(|_| ArrowError::InvalidArgumentError(format!("scale {scale}")))?;
    Ok(Arc::new(a.with_precision_and_scale(38, scale)?))
}

impl ExportColumn {
    fn nullable(&self) -> bool {
        matches!(self, ExportColumn::NullableDate32(_) | ExportColumn::NullableDecimal { .. })
    }

    fn into_array(self) -> Result<ArrayRef, ArrowError> {
        Ok(match self {
            ExportColumn::Utf8Raw { offsets, data } => Arc::new(StringArray::try_new(
                OffsetBuffer::new(ScalarBuffer::from(offsets)),
                Buffer::from_vec(data),
                None,
            )?),
            ExportColumn::Utf8Indexed { names, index } => {
                let mut offsets = Vec::with_capacity(index.len() + 1);
                let mut data = Vec::with_capacity(index.len() * 3);
                offsets.push(0i32);
                for &k in &index {
                    data.extend_from_slice(names[k as usize].as_bytes());
                    offsets.push(data.len() as i32);
                }
                return ExportColumn::Utf8Raw { offsets, data }.into_array();
            }
            ExportColumn::Decimal { values, scale } => decimal(Decimal128Array::new(values.into(), None), scale)?,
            ExportColumn::Decimal64 { values, scale } => {
                let scale =
                    i8::try_from(scale).map_err(|_| ArrowError::InvalidArgumentError(format!("scale {scale}")))?;
                Arc::new(Decimal64Array::new(values.into(), None).with_precision_and_scale(18, scale)?)
            }
            ExportColumn::Dict16 { names, index } => Arc::new(DictionaryArray::<Int16Type>::try_new(
                Int16Array::new(index.into(), None),
                Arc::new(StringArray::from(names)),
            )?),
            ExportColumn::Dict16U { names, index } => {
                if index.iter().any(|&k| k > i16::MAX as u16) {
                    let index = index.into_iter().map(|k| k as i16).collect();
                    return ExportColumn::Dict16 { names, index }.into_array();
                }
                // the same bytes read as int16 (equal for indices below 32768)
                let len = index.len();
                let keys = ScalarBuffer::<i16>::new(Buffer::from_vec(index), 0, len);
                Arc::new(DictionaryArray::<Int16Type>::try_new(
                    Int16Array::new(keys, None),
                    Arc::new(StringArray::from(names)),
                )?)
            }
            ExportColumn::Int64(v) => Arc::new(Int64Array::new(v.into(), None)),
            ExportColumn::UInt32(v) => Arc::new(UInt32Array::new(v.into(), None)),
            ExportColumn::UInt64(v) => Arc::new(UInt64Array::new(v.into(), None)),
            ExportColumn::Int32(v) => Arc::new(Int32Array::new(v.into(), None)),
            ExportColumn::Date32(v) => Arc::new(Date32Array::new(v.into(), None)),
            ExportColumn::NullableDate32(v) => Arc::new(Date32Array::from(v)),
            ExportColumn::NullableDecimal { values, scale } => decimal(Decimal128Array::from(values), scale)?,
        })
    }
}

/// Exports one batch as a PyCapsule `arrow_array_stream`.
pub fn export<'py>(py: Python<'py>, batch: ExportBatch) -> PyResult<Bound<'py, PyCapsule>> {
    let internal = |e: ArrowError| PyValueError::new_err(format!("internal error in arrears (please report it): {e}"));
    let mut fields = Vec::with_capacity(batch.columns.len());
    let mut arrays = Vec::with_capacity(batch.columns.len());
    for (name, col) in batch.columns {
        let nullable = col.nullable();
        let array = col.into_array().map_err(internal)?;
        fields.push(Field::new(name, array.data_type().clone(), nullable));
        arrays.push(array);
    }
    let schema = Arc::new(Schema::new(fields));
    let rb = RecordBatch::try_new(schema.clone(), arrays).map_err(internal)?;
    debug_assert_eq!(rb.num_rows(), batch.len);
    let reader = RecordBatchIterator::new([Ok(rb)], schema);
    let stream = FFI_ArrowArrayStream::new(Box::new(reader));
    // A consumer moves the stream out (leaving it released); otherwise dropping it releases it.
    PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
}
