//! The Arrow C Data and C Stream interfaces, the subset arrears reads and writes.
//!
//! Import: any object implementing the Arrow PyCapsule interface (`__arrow_c_stream__` or
//! `__arrow_c_array__`: pyarrow Table/RecordBatch, polars DataFrame, DuckDB relation, ...) is
//! moved into an [`ImportedStream`]: its schema and record batches, owned here and released
//! when dropped. Columns are then *viewed* in place ([`Column`]): no value is copied.
//!
//! Export: an [`ExportBatch`] (owned Rust buffers) becomes an `ArrowArrayStream` in a PyCapsule
//! named `arrow_array_stream`, which pyarrow (or polars) imports without copying.
//!
//! Spec: <https://arrow.apache.org/docs/format/CDataInterface.html> and
//! <https://arrow.apache.org/docs/format/CStreamInterface.html>. Written against the spec
//! rather than pulling in arrow-rs: arrears needs a handful of types, and the binding stays a
//! thin, fast-building crate.

use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::ptr;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

#[repr(C)]
pub struct FfiSchema {
    format: *const c_char,
    name: *const c_char,
    metadata: *const c_char,
    flags: i64,
    n_children: i64,
    children: *mut *mut FfiSchema,
    dictionary: *mut FfiSchema,
    release: Option<unsafe extern "C" fn(*mut FfiSchema)>,
    private_data: *mut c_void,
}

#[repr(C)]
pub struct FfiArray {
    length: i64,
    null_count: i64,
    offset: i64,
    n_buffers: i64,
    n_children: i64,
    buffers: *mut *const c_void,
    children: *mut *mut FfiArray,
    dictionary: *mut FfiArray,
    release: Option<unsafe extern "C" fn(*mut FfiArray)>,
    private_data: *mut c_void,
}

#[repr(C)]
pub struct FfiStream {
    get_schema: Option<unsafe extern "C" fn(*mut FfiStream, *mut FfiSchema) -> c_int>,
    get_next: Option<unsafe extern "C" fn(*mut FfiStream, *mut FfiArray) -> c_int>,
    get_last_error: Option<unsafe extern "C" fn(*mut FfiStream) -> *const c_char>,
    release: Option<unsafe extern "C" fn(*mut FfiStream)>,
    private_data: *mut c_void,
}

impl FfiSchema {
    const fn empty() -> FfiSchema {
        FfiSchema {
            format: ptr::null(),
            name: ptr::null(),
            metadata: ptr::null(),
            flags: 0,
            n_children: 0,
            children: ptr::null_mut(),
            dictionary: ptr::null_mut(),
            release: None,
            private_data: ptr::null_mut(),
        }
    }
}

impl FfiArray {
    const fn empty() -> FfiArray {
        FfiArray {
            length: 0,
            null_count: 0,
            offset: 0,
            n_buffers: 0,
            n_children: 0,
            buffers: ptr::null_mut(),
            children: ptr::null_mut(),
            dictionary: ptr::null_mut(),
            release: None,
            private_data: ptr::null_mut(),
        }
    }
}

/// A schema owned by us (released on drop).
pub struct OwnedSchema(Box<FfiSchema>);
/// A record batch owned by us (released on drop).
pub struct OwnedArray(Box<FfiArray>);

impl Drop for OwnedSchema {
    fn drop(&mut self) {
        if let Some(release) = self.0.release {
            // SAFETY: the producer's release callback, called once on the struct it filled.
            unsafe { release(&mut *self.0) };
        }
    }
}

impl Drop for OwnedArray {
    fn drop(&mut self) {
        if let Some(release) = self.0.release {
            // SAFETY: as above.
            unsafe { release(&mut *self.0) };
        }
    }
}

// The producer guarantees the data can be read from any thread until released.
unsafe impl Send for OwnedArray {}
unsafe impl Sync for OwnedArray {}
unsafe impl Send for OwnedSchema {}
unsafe impl Sync for OwnedSchema {}

/// A whole stream, imported: the schema and every record batch.
pub struct ImportedStream {
    pub schema: OwnedSchema,
    pub batches: Vec<OwnedArray>,
}

fn cstr(p: *const c_char) -> String {
    if p.is_null() {
        String::new()
    } else {
        // SAFETY: a non-null format/name is a NUL-terminated string owned by the schema.
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}

/// Moves an Arrow stream out of a Python object implementing the PyCapsule interface.
pub fn import(obj: &Bound<'_, PyAny>) -> PyResult<ImportedStream> {
    if obj.hasattr("__arrow_c_stream__")? {
        let capsule = obj.call_method0("__arrow_c_stream__")?;
        let capsule = capsule
            .cast::<PyCapsule>()
            .map_err(|_| PyTypeError::new_err("__arrow_c_stream__() did not return a PyCapsule"))?;
        let p = capsule.pointer_checked(Some(c"arrow_array_stream"))?.cast::<FfiStream>();
        // SAFETY: the capsule holds an ArrowArrayStream; we move it out and mark the source
        // released, as the PyCapsule interface prescribes for consumers.
        let mut stream = unsafe {
            let s = ptr::read(p.as_ptr());
            (*p.as_ptr()).release = None;
            s
        };
        let result = read_stream(&mut stream);
        if let Some(release) = stream.release {
            // SAFETY: we own the moved stream.
            unsafe { release(&mut stream) };
        }
        return result;
    }
    if obj.hasattr("__arrow_c_array__")? {
        let pair = obj.call_method0("__arrow_c_array__")?;
        let pair =
            pair.cast::<PyTuple>().map_err(|_| PyTypeError::new_err("__arrow_c_array__() must return a tuple"))?;
        let sc = pair.get_item(0)?;
        let ac = pair.get_item(1)?;
        let sc = sc.cast::<PyCapsule>().map_err(|_| PyTypeError::new_err("expected an arrow_schema capsule"))?;
        let ac = ac.cast::<PyCapsule>().map_err(|_| PyTypeError::new_err("expected an arrow_array capsule"))?;
        let sp = sc.pointer_checked(Some(c"arrow_schema"))?.cast::<FfiSchema>();
        let ap = ac.pointer_checked(Some(c"arrow_array"))?.cast::<FfiArray>();
        // SAFETY: move both structs out of their capsules and mark the sources released.
        let (schema, array) = unsafe {
            let s = ptr::read(sp.as_ptr());
            (*sp.as_ptr()).release = None;
            let a = ptr::read(ap.as_ptr());
            (*ap.as_ptr()).release = None;
            (s, a)
        };
        return Ok(ImportedStream {
            schema: OwnedSchema(Box::new(schema)),
            batches: vec![OwnedArray(Box::new(array))],
        });
    }
    Err(PyTypeError::new_err(format!(
        "expected an Arrow table (an object with __arrow_c_stream__, such as a pyarrow.Table or RecordBatch, a \
         polars.DataFrame or a DuckDB relation), got {}",
        obj.get_type().name()?
    )))
}

fn stream_error(stream: &mut FfiStream, code: c_int) -> PyErr {
    let msg = match stream.get_last_error {
        // SAFETY: the producer's callback on its own stream.
        Some(f) => cstr(unsafe { f(stream) }),
        None => String::new(),
    };
    PyValueError::new_err(format!("the Arrow stream failed (error {code}): {msg}"))
}

fn read_stream(stream: &mut FfiStream) -> PyResult<ImportedStream> {
    let get_schema = stream.get_schema.ok_or_else(|| PyValueError::new_err("Arrow stream without get_schema"))?;
    let get_next = stream.get_next.ok_or_else(|| PyValueError::new_err("Arrow stream without get_next"))?;
    let mut schema = OwnedSchema(Box::new(FfiSchema::empty()));
    // SAFETY: callbacks of a live stream, writing into structs we own.
    let rc = unsafe { get_schema(stream, &mut *schema.0) };
    if rc != 0 {
        return Err(stream_error(stream, rc));
    }
    let mut batches = Vec::new();
    loop {
        let mut a = OwnedArray(Box::new(FfiArray::empty()));
        // SAFETY: as above.
        let rc = unsafe { get_next(stream, &mut *a.0) };
        if rc != 0 {
            return Err(stream_error(stream, rc));
        }
        if a.0.release.is_none() {
            break;
        }
        batches.push(a);
    }
    Ok(ImportedStream { schema, batches })
}

/// A bitmap with its bit offset.
#[derive(Clone, Copy)]
pub struct Bitmap<'a> {
    bits: &'a [u8],
    offset: usize,
}

impl Bitmap<'_> {
    #[inline]
    pub fn get(&self, i: usize) -> bool {
        let j = i + self.offset;
        self.bits[j >> 3] & (1 << (j & 7)) != 0
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
    /// decimal128 values as (low, high) 64-bit words.
    Decimal {
        words: &'a [[u64; 2]],
        scale: i32,
    },
    Utf8 {
        offsets: &'a [i32],
        data: &'a [u8],
    },
    LargeUtf8 {
        offsets: &'a [i64],
        data: &'a [u8],
    },
    Utf8View {
        views: &'a [[u32; 4]],
        buffers: Vec<&'a [u8]>,
    },
    Bool(Bitmap<'a>),
    /// float16/32/64: recognised so that money in a float column gets a clear error.
    Float,
    Dict {
        indices: Box<Column<'a>>,
        values: Box<Column<'a>>,
    },
}

/// A column view: its values (already offset) and its validity.
pub struct Column<'a> {
    pub len: usize,
    pub validity: Option<Bitmap<'a>>,
    pub values: Values<'a>,
    pub format: String,
}

impl<'a> Column<'a> {
    /// The string at `i` for the string types.
    #[inline]
    pub fn str_at(&self, i: usize) -> Option<&'a [u8]> {
        match &self.values {
            Values::Utf8 { offsets, data } => data.get(offsets[i] as usize..offsets[i + 1] as usize),
            Values::LargeUtf8 { offsets, data } => data.get(offsets[i] as usize..offsets[i + 1] as usize),
            Values::Utf8View { views, buffers } => {
                let v = &views[i];
                let len = v[0] as usize;
                if len <= 12 {
                    // SAFETY-free: reinterpret the 12 inline bytes of the view
                    let bytes: &'a [u8; 16] = bytemuck_view(v);
                    Some(&bytes[4..4 + len])
                } else {
                    let (buf, off) = (v[2] as usize, v[3] as usize);
                    buffers.get(buf).and_then(|b| b.get(off..off + len))
                }
            }
            _ => None,
        }
    }

    /// Where the values live: equal for columns that share their buffers (chunks of one
    /// dictionary).
    pub fn identity(&self) -> (usize, usize) {
        let p = match &self.values {
            Values::Utf8 { offsets, .. } => offsets.as_ptr() as usize,
            Values::LargeUtf8 { offsets, .. } => offsets.as_ptr() as usize,
            Values::Utf8View { views, .. } => views.as_ptr() as usize,
            _ => self as *const Column<'_> as usize,
        };
        (p, self.len)
    }

    pub fn is_null(&self, i: usize) -> bool {
        self.validity.is_some_and(|v| !v.get(i))
    }

    /// The first null row, if any.
    pub fn first_null(&self) -> Option<usize> {
        let v = self.validity?;
        (0..self.len).find(|&i| !v.get(i))
    }

    pub fn is_string(&self) -> bool {
        matches!(self.values, Values::Utf8 { .. } | Values::LargeUtf8 { .. } | Values::Utf8View { .. })
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
}

fn bytemuck_view(v: &[u32; 4]) -> &[u8; 16] {
    // SAFETY: [u32; 4] and [u8; 16] have the same size; u8 has no alignment requirement.
    unsafe { &*(v as *const [u32; 4] as *const [u8; 16]) }
}

/// # Safety
/// `p` must point to `len` readable values of T (or be null with len 0) that live as long as 'a.
unsafe fn slice<'a, T>(p: *const c_void, len: usize) -> &'a [T] {
    if len == 0 || p.is_null() {
        &[]
    } else {
        std::slice::from_raw_parts(p as *const T, len)
    }
}

/// Views child `name` of a struct batch. Errors name the column and say what was expected.
pub fn column<'a>(schema: &'a OwnedSchema, batch: &'a OwnedArray, name: &str) -> Result<Column<'a>, String> {
    let s = &*schema.0;
    let a = &*batch.0;
    for i in 0..s.n_children.max(0) as usize {
        // SAFETY: children arrays of a valid schema/array, i < n_children.
        let (cs, ca) = unsafe { (&**s.children.add(i), &**a.children.add(i)) };
        if cstr(cs.name) == name {
            // SAFETY: a valid child pair.
            return unsafe { view(cs, ca, name) };
        }
    }
    Err(format!("no column named {name:?}; the table has {}", column_names(schema).join(", ")))
}

/// The names of the batch's columns.
pub fn column_names(schema: &OwnedSchema) -> Vec<String> {
    let s = &*schema.0;
    (0..s.n_children.max(0) as usize)
        .map(|i| {
            // SAFETY: i < n_children.
            cstr(unsafe { (**s.children.add(i)).name })
        })
        .collect()
}

/// The number of rows of a batch.
pub fn batch_len(batch: &OwnedArray) -> usize {
    batch.0.length.max(0) as usize
}

unsafe fn view<'a>(s: &'a FfiSchema, a: &'a FfiArray, name: &str) -> Result<Column<'a>, String> {
    let format = cstr(s.format);
    let len = a.length.max(0) as usize;
    let off = a.offset.max(0) as usize;
    let buf = |k: usize| -> *const c_void {
        if (k as i64) < a.n_buffers {
            *a.buffers.add(k)
        } else {
            ptr::null()
        }
    };
    let validity = if a.null_count != 0 && !buf(0).is_null() {
        Some(Bitmap { bits: slice::<u8>(buf(0), (off + len).div_ceil(8)), offset: off })
    } else {
        None
    };
    if !s.dictionary.is_null() {
        let index_schema = FfiSchema { dictionary: ptr::null_mut(), ..ptr::read(s) };
        let indices = view(&*(&index_schema as *const FfiSchema), a, name)?;
        // index_schema is a bitwise copy living on this stack frame: take what we need now.
        let indices =
            Column { len: indices.len, validity: indices.validity, values: indices.values, format: indices.format };
        if a.dictionary.is_null() {
            return Err(format!("column {name:?}: dictionary array without dictionary values"));
        }
        let values = view(&*s.dictionary, &*a.dictionary, name)?;
        return Ok(Column {
            len,
            validity,
            values: Values::Dict { indices: Box::new(indices), values: Box::new(values) },
            format,
        });
    }
    let fixed = |width: usize| -> *const c_void { (buf(1) as *const u8).wrapping_add(off * width) as *const c_void };
    let values = match format.as_str() {
        "c" => Values::I8(slice(fixed(1), len)),
        "C" => Values::U8(slice(fixed(1), len)),
        "s" => Values::I16(slice(fixed(2), len)),
        "S" => Values::U16(slice(fixed(2), len)),
        "i" => Values::I32(slice(fixed(4), len)),
        "I" => Values::U32(slice(fixed(4), len)),
        "l" => Values::I64(slice(fixed(8), len)),
        "L" => Values::U64(slice(fixed(8), len)),
        "tdD" => Values::Date32(slice(fixed(4), len)),
        "e" | "f" | "g" => Values::Float,
        "b" => Values::Bool(Bitmap { bits: slice::<u8>(buf(1), (off + len).div_ceil(8)), offset: off }),
        "u" => {
            let offsets: &[i32] = slice((buf(1) as *const i32).wrapping_add(off) as *const c_void, len + 1);
            let end = offsets.last().copied().unwrap_or(0).max(0) as usize;
            Values::Utf8 { offsets, data: slice(buf(2), end) }
        }
        "U" => {
            let offsets: &[i64] = slice((buf(1) as *const i64).wrapping_add(off) as *const c_void, len + 1);
            let end = offsets.last().copied().unwrap_or(0).max(0) as usize;
            Values::LargeUtf8 { offsets, data: slice(buf(2), end) }
        }
        "vu" => {
            let views: &[[u32; 4]] = slice(fixed(16), len);
            // buffers: validity, views, data buffers..., then an int64 array of their sizes
            let n_data = (a.n_buffers - 3).max(0) as usize;
            let sizes: &[i64] = slice(buf(2 + n_data), n_data);
            let buffers = (0..n_data).map(|k| slice::<u8>(buf(2 + k), sizes[k].max(0) as usize)).collect();
            Values::Utf8View { views, buffers }
        }
        f if f.starts_with("d:") => {
            let parts: Vec<&str> = f[2..].split(',').collect();
            if parts.len() == 3 && parts[2] != "128" {
                return Err(format!("column {name:?}: decimal{} is not supported, use decimal128", parts[2]));
            }
            let scale: i32 =
                parts.get(1).and_then(|p| p.parse().ok()).ok_or(format!("column {name:?}: bad format {f}"))?;
            Values::Decimal { words: slice(fixed(16), len), scale }
        }
        other => return Err(format!("column {name:?}: unsupported Arrow type (format {other:?})")),
    };
    Ok(Column { len, validity, values, format })
}

// ---------------------------------------------------------------------------------------------
// Export

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
    Int64(Vec<i64>),
    Int32(Vec<i32>),
    Date32(Vec<i32>),
    /// Nullable columns: validity per row.
    NullableDate32(Vec<Option<i32>>),
    NullableDecimal {
        values: Vec<Option<i128>>,
        scale: u32,
    },
}

/// One record batch to export.
pub struct ExportBatch {
    pub columns: Vec<(String, ExportColumn)>,
    pub len: usize,
}

enum Buf {
    U8(Vec<u8>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    I128(Vec<i128>),
}

impl Buf {
    fn ptr(&self) -> *const c_void {
        match self {
            Buf::U8(v) => v.as_ptr() as *const c_void,
            Buf::I32(v) => v.as_ptr() as *const c_void,
            Buf::I64(v) => v.as_ptr() as *const c_void,
            Buf::I128(v) => v.as_ptr() as *const c_void,
        }
    }
}

struct SchemaPrivate {
    _format: CString,
    _name: CString,
    children: Vec<*mut FfiSchema>,
}

struct ArrayPrivate {
    _buffers: Vec<Buf>,
    pointers: Vec<*const c_void>,
    children: Vec<*mut FfiArray>,
}

unsafe extern "C" fn release_schema(s: *mut FfiSchema) {
    if s.is_null() || (*s).release.is_none() {
        return;
    }
    let private = Box::from_raw((*s).private_data as *mut SchemaPrivate);
    for &c in &private.children {
        if let Some(r) = (*c).release {
            r(c);
        }
        drop(Box::from_raw(c));
    }
    drop(private);
    (*s).release = None;
}

unsafe extern "C" fn release_array(a: *mut FfiArray) {
    if a.is_null() || (*a).release.is_none() {
        return;
    }
    let private = Box::from_raw((*a).private_data as *mut ArrayPrivate);
    for &c in &private.children {
        if let Some(r) = (*c).release {
            r(c);
        }
        drop(Box::from_raw(c));
    }
    drop(private);
    (*a).release = None;
}

fn schema_of(format: &str, name: &str, nullable: bool, children: Vec<FfiSchema>) -> FfiSchema {
    let format = CString::new(format).unwrap_or_default();
    let name = CString::new(name).unwrap_or_default();
    let children: Vec<*mut FfiSchema> = children.into_iter().map(|c| Box::into_raw(Box::new(c))).collect();
    let private = Box::new(SchemaPrivate { _format: format, _name: name, children });
    let mut s = FfiSchema::empty();
    s.format = private._format.as_ptr();
    s.name = private._name.as_ptr();
    s.flags = if nullable { 2 } else { 0 };
    s.n_children = private.children.len() as i64;
    s.children = private.children.as_ptr() as *mut *mut FfiSchema;
    s.release = Some(release_schema);
    s.private_data = Box::into_raw(private) as *mut c_void;
    s
}

fn array_of(len: usize, null_count: usize, buffers: Vec<Option<Buf>>, children: Vec<FfiArray>) -> FfiArray {
    let pointers: Vec<*const c_void> = buffers.iter().map(|b| b.as_ref().map_or(ptr::null(), Buf::ptr)).collect();
    let children: Vec<*mut FfiArray> = children.into_iter().map(|c| Box::into_raw(Box::new(c))).collect();
    let private = Box::new(ArrayPrivate { _buffers: buffers.into_iter().flatten().collect(), pointers, children });
    let mut a = FfiArray::empty();
    a.length = len as i64;
    a.null_count = null_count as i64;
    a.n_buffers = private.pointers.len() as i64;
    a.buffers = private.pointers.as_ptr() as *mut *const c_void;
    a.n_children = private.children.len() as i64;
    a.children = private.children.as_ptr() as *mut *mut FfiArray;
    a.release = Some(release_array);
    a.private_data = Box::into_raw(private) as *mut c_void;
    a
}

fn validity_of(valid: impl Iterator<Item = bool>, len: usize) -> (Option<Buf>, usize) {
    let mut bits = vec![0u8; len.div_ceil(8).max(1)];
    let mut nulls = 0;
    for (i, v) in valid.enumerate() {
        if v {
            bits[i >> 3] |= 1 << (i & 7);
        } else {
            nulls += 1;
        }
    }
    if nulls == 0 {
        (None, 0)
    } else {
        (Some(Buf::U8(bits)), nulls)
    }
}

impl ExportColumn {
    fn format(&self) -> String {
        match self {
            ExportColumn::Utf8Raw { .. } | ExportColumn::Utf8Indexed { .. } => "u".into(),
            ExportColumn::Decimal { scale, .. } | ExportColumn::NullableDecimal { scale, .. } => {
                format!("d:38,{scale}")
            }
            ExportColumn::Int64(_) => "l".into(),
            ExportColumn::Int32(_) => "i".into(),
            ExportColumn::Date32(_) | ExportColumn::NullableDate32(_) => "tdD".into(),
        }
    }

    fn nullable(&self) -> bool {
        matches!(self, ExportColumn::NullableDate32(_) | ExportColumn::NullableDecimal { .. })
    }

    fn into_array(self, len: usize) -> FfiArray {
        match self {
            ExportColumn::Utf8Raw { offsets, data } => {
                array_of(len, 0, vec![None, Some(Buf::I32(offsets)), Some(Buf::U8(data))], vec![])
            }
            ExportColumn::Utf8Indexed { names, index } => {
                let mut offsets = Vec::with_capacity(index.len() + 1);
                let mut data = Vec::with_capacity(index.len() * 3);
                offsets.push(0i32);
                for &k in &index {
                    data.extend_from_slice(names[k as usize].as_bytes());
                    offsets.push(data.len() as i32);
                }
                array_of(len, 0, vec![None, Some(Buf::I32(offsets)), Some(Buf::U8(data))], vec![])
            }
            ExportColumn::Decimal { values, .. } => array_of(len, 0, vec![None, Some(Buf::I128(values))], vec![]),
            ExportColumn::Int64(v) => array_of(len, 0, vec![None, Some(Buf::I64(v))], vec![]),
            ExportColumn::Int32(v) | ExportColumn::Date32(v) => array_of(len, 0, vec![None, Some(Buf::I32(v))], vec![]),
            ExportColumn::NullableDate32(v) => {
                let (validity, nulls) = validity_of(v.iter().map(Option::is_some), len);
                let values = v.into_iter().map(|x| x.unwrap_or(0)).collect();
                array_of(len, nulls, vec![validity, Some(Buf::I32(values))], vec![])
            }
            ExportColumn::NullableDecimal { values, .. } => {
                let (validity, nulls) = validity_of(values.iter().map(Option::is_some), len);
                let values = values.into_iter().map(|x| x.unwrap_or(0)).collect();
                array_of(len, nulls, vec![validity, Some(Buf::I128(values))], vec![])
            }
        }
    }
}

struct StreamPrivate {
    fields: Vec<(String, String, bool)>,
    batch: Option<ExportBatch>,
}

fn struct_schema(fields: &[(String, String, bool)]) -> FfiSchema {
    let children = fields.iter().map(|(name, format, nullable)| schema_of(format, name, *nullable, vec![])).collect();
    schema_of("+s", "", false, children)
}

unsafe extern "C" fn stream_get_schema(s: *mut FfiStream, out: *mut FfiSchema) -> c_int {
    let p = &*((*s).private_data as *const StreamPrivate);
    ptr::write(out, struct_schema(&p.fields));
    0
}

unsafe extern "C" fn stream_get_next(s: *mut FfiStream, out: *mut FfiArray) -> c_int {
    let p = &mut *((*s).private_data as *mut StreamPrivate);
    match p.batch.take() {
        Some(b) => {
            let len = b.len;
            let children = b.columns.into_iter().map(|(_, c)| c.into_array(len)).collect();
            ptr::write(out, array_of(len, 0, vec![None], children));
        }
        None => ptr::write(out, FfiArray::empty()),
    }
    0
}

unsafe extern "C" fn stream_get_last_error(_s: *mut FfiStream) -> *const c_char {
    ptr::null()
}

unsafe extern "C" fn stream_release(s: *mut FfiStream) {
    if s.is_null() || (*s).release.is_none() {
        return;
    }
    drop(Box::from_raw((*s).private_data as *mut StreamPrivate));
    (*s).release = None;
}

#[repr(transparent)]
struct SendStream(FfiStream);
// The stream's private data is owned Rust data with no thread affinity.
unsafe impl Send for SendStream {}

/// Exports one batch as a PyCapsule `arrow_array_stream`.
pub fn export<'py>(py: Python<'py>, batch: ExportBatch) -> PyResult<Bound<'py, PyCapsule>> {
    let fields = batch.columns.iter().map(|(n, c)| (n.clone(), c.format(), c.nullable())).collect();
    let private = Box::new(StreamPrivate { fields, batch: Some(batch) });
    let stream = FfiStream {
        get_schema: Some(stream_get_schema),
        get_next: Some(stream_get_next),
        get_last_error: Some(stream_get_last_error),
        release: Some(stream_release),
        private_data: Box::into_raw(private) as *mut c_void,
    };
    PyCapsule::new_with_value_and_destructor(py, SendStream(stream), c"arrow_array_stream", |mut s, _| {
        if let Some(r) = s.0.release {
            // SAFETY: not moved out by a consumer (release still set): release it ourselves.
            unsafe { r(&mut s.0) };
        }
    })
}
