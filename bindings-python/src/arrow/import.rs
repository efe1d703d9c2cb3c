//! Import: an object implementing the Arrow PyCapsule interface becomes arrow-rs arrays.
//!
//! `__arrow_c_stream__` (pyarrow Table/RecordBatch/ChunkedArray of structs, polars DataFrame,
//! DuckDB relation) is read with arrow-rs's `ffi_stream::ArrayStreamReader`, one struct array
//! per batch; `__arrow_c_array__` (a RecordBatch or StructArray) with `ffi::from_ffi`. Both
//! keep the struct arrays whole: their offset and length apply on top of their children's
//! (`StructArray::from` slices the children), and their validity, if any, is kept apart as
//! null rows of the batch. (`ArrowArrayStreamReader` would give `RecordBatch`es, which drop a
//! struct array's validity: a null row would read as whatever its children hold.)
//!
//! Nothing is validated here beyond the struct level: each column is validated when it is
//! viewed ([`super::column`]) or, on all threads, by [`super::validate`] for the columns a call
//! reads; columns the call does not read cost nothing.

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Mutex, OnceLock};

use arrow_array::ffi::{from_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::{ArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::{new_empty_array, Array, ArrayReader, StructArray};
use arrow_buffer::NullBuffer;
use arrow_data::ArrayData;
use arrow_schema::DataType;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

use super::type_name;

/// One record batch: its columns (offsets applied), its null rows, its length.
pub struct ImportedBatch {
    pub columns: Vec<arrow_array::ArrayRef>,
    /// Null rows of the batch itself (a struct array with a validity bitmap).
    pub nulls: Option<NullBuffer>,
    pub len: usize,
    /// Each column's validation, done once ([`super::checked`]).
    pub(super) checked: Vec<OnceLock<Result<(), String>>>,
}

/// A whole stream, imported: the column names and every record batch.
pub struct ImportedStream {
    pub names: Vec<String>,
    pub batches: Vec<ImportedBatch>,
    /// Dictionaries (where their values live) validated so far: chunks sharing one are
    /// validated once.
    pub(super) dictionaries: Mutex<HashSet<(usize, usize, usize)>>,
}

/// Malformed Arrow input as the typed error (field `data`).
fn malformed(reason: impl Into<String>) -> arrears::Error {
    crate::bad(arrears::ErrorKind::InvalidRequest, "data", "Arrow data", reason)
}

/// Moves an Arrow stream out of a Python object implementing the PyCapsule interface. The outer
/// error is Python's (not an Arrow object, a bad capsule); the inner one is the typed error for
/// Arrow data that is not what the interface promises.
pub fn import(obj: &Bound<'_, PyAny>) -> PyResult<Result<ImportedStream, arrears::Error>> {
    if obj.hasattr("__arrow_c_stream__")? {
        let capsule = obj.call_method0("__arrow_c_stream__")?;
        let capsule = capsule
            .cast::<PyCapsule>()
            .map_err(|_| PyTypeError::new_err("__arrow_c_stream__() did not return a PyCapsule"))?;
        let p = capsule.pointer_checked(Some(c"arrow_array_stream"))?.cast::<FFI_ArrowArrayStream>();
        // SAFETY: the capsule holds an ArrowArrayStream; `from_raw` moves it out and marks the
        // source released, as the PyCapsule interface prescribes for consumers.
        let stream = unsafe { FFI_ArrowArrayStream::from_raw(p.as_ptr()) };
        return Ok(guarded(|| read_stream(stream)));
    }
    if obj.hasattr("__arrow_c_array__")? {
        let pair = obj.call_method0("__arrow_c_array__")?;
        let pair =
            pair.cast::<PyTuple>().map_err(|_| PyTypeError::new_err("__arrow_c_array__() must return a tuple"))?;
        let sc = pair.get_item(0)?;
        let ac = pair.get_item(1)?;
        let sc = sc.cast::<PyCapsule>().map_err(|_| PyTypeError::new_err("expected an arrow_schema capsule"))?;
        let ac = ac.cast::<PyCapsule>().map_err(|_| PyTypeError::new_err("expected an arrow_array capsule"))?;
        let sp = sc.pointer_checked(Some(c"arrow_schema"))?.cast::<FFI_ArrowSchema>();
        let ap = ac.pointer_checked(Some(c"arrow_array"))?.cast::<FFI_ArrowArray>();
        // SAFETY: the schema stays owned by its capsule (borrowed while importing); the array
        // is moved out of its capsule, which is left released.
        let (schema, array) = unsafe { (&*sp.as_ptr(), FFI_ArrowArray::from_raw(ap.as_ptr())) };
        return Ok(guarded(|| {
            // SAFETY: the pair comes from the producer's __arrow_c_array__.
            let data = unsafe { from_ffi(array, schema) }.map_err(|e| malformed(e.to_string()))?;
            let names = struct_names(data.data_type())?;
            Ok(ImportedStream { names, batches: vec![batch(data)?], dictionaries: Mutex::default() })
        }));
    }
    Err(PyTypeError::new_err(format!(
        "expected an Arrow table (an object with __arrow_c_stream__, such as a pyarrow.Table or RecordBatch, a \
         polars.DataFrame or a DuckDB relation), got {}",
        obj.get_type().name()?
    )))
}

/// Runs arrow-rs's import, turning a panic (an assertion on a structure that breaks the C data
/// interface's rules) into the typed error.
fn guarded(f: impl FnOnce() -> Result<ImportedStream, arrears::Error>) -> Result<ImportedStream, arrears::Error> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(malformed("malformed Arrow data: its parts do not agree (the importer stopped)")))
}

/// The column names of a stream of struct arrays (record batches).
fn struct_names(t: &DataType) -> Result<Vec<String>, arrears::Error> {
    match t {
        DataType::Struct(fields) => Ok(fields.iter().map(|f| f.name().clone()).collect()),
        other => Err(malformed(format!(
            "expected a table (record batches, or struct arrays), got an array of {}",
            type_name(other)
        ))),
    }
}

fn read_stream(stream: FFI_ArrowArrayStream) -> Result<ImportedStream, arrears::Error> {
    let reader = ArrayStreamReader::try_new(stream).map_err(|e| malformed(e.to_string()))?;
    let struct_type = reader.field().data_type().clone();
    let names = struct_names(&struct_type)?;
    let mut batches = Vec::new();
    for array in reader {
        let array = array.map_err(|e| malformed(e.to_string()))?;
        batches.push(batch(array.into_data())?);
    }
    if batches.is_empty() {
        // no rows: one empty batch of the schema's types, so that the columns' names and types
        // are checked (and the result typed) as for any other table
        batches.push(batch(new_empty_array(&struct_type).into_data())?);
    }
    Ok(ImportedStream { names, batches, dictionaries: Mutex::default() })
}

/// One struct array as a batch, its own level validated (children long enough for its offset
/// and length, its null count) before its children are sliced to it.
fn batch(data: ArrayData) -> Result<ImportedBatch, arrears::Error> {
    data.validate().and_then(|()| data.validate_nulls()).map_err(|e| malformed(e.to_string()))?;
    let len = data.len();
    let (_, columns, nulls) = StructArray::from(data).into_parts();
    let checked = columns.iter().map(|_| OnceLock::new()).collect();
    Ok(ImportedBatch { columns, nulls: nulls.filter(|n| n.null_count() > 0), len, checked })
}
