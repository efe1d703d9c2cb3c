//! Typed columnar aging for C: `arrears_aging` (integer customer keys), `arrears_aging_utf8`
//! (customer ids as an Arrow-style utf8 column), `arrears_aging_merge`, `arrears_aging_free`.
//!
//! The inputs are the caller's arrays, read in place (no copy, no object per item); the result
//! is one allocation holding plain arrays that C reads directly.

use std::ffi::{c_char, CString};
use std::ptr;

use arrears::aging::{
    age_columns, date_of_day_number, day_number, pack_code, unpack_key, AgeBasis, AgingBuckets, AgingColumns,
    AgingSpec, AgingTable, Credits, IdColumn, KeyedColumns, NotDue,
};
use arrears::columnar::{BadId, Utf8Ids, Utf8IdsError};
use arrears::{Currency, ErrorKind};

use crate::{c_string, guard, invalid, out_null, slice, text, ArrearsStatus, Failure};

/// Which date an item's age is counted from (`ArrearsAgingSpec.basis`).
pub type ArrearsAgeBasis = i32;
/// Age = as_of - due date (the default).
pub const ARREARS_AGE_BASIS_DUE_DATE: ArrearsAgeBasis = 0;
/// Age = as_of - issue date (needs the `issue_date` column).
pub const ARREARS_AGE_BASIS_ISSUE_DATE: ArrearsAgeBasis = 1;

/// Where items not yet due (age <= 0) go (`ArrearsAgingSpec.not_due`).
pub type ArrearsNotDue = i32;
/// Their own first column, `not_due` (the default).
pub const ARREARS_NOT_DUE_COLUMN: ArrearsNotDue = 0;
/// Folded into the first bucket (every age <= the first bound).
pub const ARREARS_NOT_DUE_FOLD: ArrearsNotDue = 1;

/// What happens to credits, negative open amounts (`ArrearsAgingSpec.credits`).
pub type ArrearsCredits = i32;
/// Netted into the bucket of their age (the default).
pub const ARREARS_CREDITS_NET: ArrearsCredits = 0;
/// In their own last column, `credits`, whatever their age.
pub const ARREARS_CREDITS_SEPARATE: ArrearsCredits = 1;

/// What `arrears_aging` computes; start from `arrears_aging_spec_default()`.
#[repr(C)]
pub struct ArrearsAgingSpec {
    /// The report date as a day number (days since 1970-01-01); used when `as_of_date` is NULL.
    /// The default spec leaves it unset (`INT32_MIN`, an error), so a forgotten report date
    /// cannot silently age everything as of 1970-01-01.
    pub as_of: i32,
    /// The report date as `YYYY-MM-DD`, or NULL to use `as_of`.
    pub as_of_date: *const c_char,
    /// An `ARREARS_AGE_BASIS_*` value.
    pub basis: ArrearsAgeBasis,
    /// Inclusive upper bounds of the buckets in days, strictly increasing (NULL with
    /// `bounds_len` 0: the standard 30, 60, 90).
    pub bounds: *const i32,
    /// Number of bounds (at most 64).
    pub bounds_len: usize,
    /// One label per bucket column (the `not_due` column included, `credits` not), or NULL for
    /// the defaults (`not_due`, `1-30`, `31-60`, `61-90`, `90+`).
    pub labels: *const *const c_char,
    /// Number of labels (ignored when `labels` is NULL).
    pub labels_len: usize,
    /// An `ARREARS_NOT_DUE_*` value.
    pub not_due: ArrearsNotDue,
    /// An `ARREARS_CREDITS_*` value.
    pub credits: ArrearsCredits,
    /// Worker threads; 0 = as many as the machine has.
    pub threads: usize,
}

/// The result of `arrears_aging` / `arrears_aging_utf8` / `arrears_aging_merge`: per (customer,
/// currency) rows, sorted by customer key then currency code, and portfolio totals per currency,
/// sorted by code. Every amount is in minor units at `scale` (the scale the amounts came in).
/// All arrays belong to the result: free it with `arrears_aging_free`, and do not modify it.
///
/// For `arrears_aging_utf8` (and merges of its results) the customer key `k` of a row is the
/// index of its id in `id_offsets` / `id_data`, the distinct ids in byte order; for
/// `arrears_aging` it is the caller's own key, and `id_offsets` / `id_data` are NULL.
#[repr(C)]
pub struct ArrearsAging {
    /// The report date (day number).
    pub as_of: i32,
    /// Decimal places of every amount.
    pub scale: u32,
    /// Money columns per row: the buckets, then `credits` when credits are separate.
    pub columns: usize,
    /// The `columns` labels.
    pub labels: *const *const c_char,
    /// Number of currency codes in `currencies`.
    pub currencies_len: usize,
    /// Currency codes that `currency` and `totals_currency` index (a merge may add codes).
    pub currencies: *const *const c_char,
    /// Number of rows.
    pub rows: usize,
    /// Customer key of each row.
    pub customer: *const u32,
    /// Currency index of each row (into `currencies`).
    pub currency: *const u32,
    /// `rows * columns` amounts, row-major: `cells[r * columns + c]`.
    pub cells: *const i64,
    /// Open balance of each row (the sum of its columns).
    pub total: *const i64,
    /// Disputed part of each row's open balance.
    pub disputed: *const i64,
    /// Open items of each row.
    pub items: *const i64,
    /// Number of currencies with totals.
    pub totals_len: usize,
    /// Currency index of each total (into `currencies`).
    pub totals_currency: *const u32,
    /// `totals_len * columns` amounts, row-major.
    pub totals_cells: *const i64,
    /// Open balance per currency.
    pub totals_total: *const i64,
    /// Disputed amount per currency.
    pub totals_disputed: *const i64,
    /// Open items per currency.
    pub totals_items: *const i64,
    /// Number of distinct customer ids (`arrears_aging_utf8` results; 0 otherwise).
    pub ids_len: usize,
    /// `ids_len + 1` offsets into `id_data`: customer key `k`'s id is the bytes
    /// `id_data[id_offsets[k] .. id_offsets[k + 1]]` (UTF-8, not NUL-terminated). Never NULL for
    /// `arrears_aging_utf8` results, NULL for `arrears_aging` results.
    pub id_offsets: *const i32,
    /// The ids' bytes, in key order (NULL for `arrears_aging` results).
    pub id_data: *const u8,
}

/// The allocation behind an `ArrearsAging *`: the view first, so the two pointers are equal.
#[repr(C)]
struct AgingOut {
    view: ArrearsAging,
    table: AgingTable,
    label_strings: Vec<CString>,
    label_ptrs: Vec<*const c_char>,
    currency_strings: Vec<CString>,
    currency_ptrs: Vec<*const c_char>,
    customer: Vec<u32>,
    currency: Vec<u32>,
    cells: Vec<i64>,
    total: Vec<i64>,
    disputed: Vec<i64>,
    items: Vec<i64>,
    totals_currency: Vec<u32>,
    totals_cells: Vec<i64>,
    totals_total: Vec<i64>,
    totals_disputed: Vec<i64>,
    totals_items: Vec<i64>,
    /// The packed ids (`arrears::aging::pack_key`) of a string-keyed result, sorted: customer key
    /// `k` is `ids[k]`. `None` for integer keys.
    ids: Option<Vec<u128>>,
    id_offsets: Vec<i32>,
    id_data: Vec<u8>,
}

fn out_of_table(table: AgingTable) -> Result<Box<AgingOut>, Failure> {
    let spec = table.spec();
    let columns = spec.columns();
    let nb = spec.buckets.len();
    let sep = spec.credits == Credits::Separate;
    let n = table.len();
    let w = columns.len();
    let mut o = Box::new(AgingOut {
        view: ArrearsAging {
            as_of: day_number(spec.as_of),
            scale: table.scale(),
            columns: w,
            labels: ptr::null(),
            currencies_len: table.currencies().len(),
            currencies: ptr::null(),
            rows: n,
            customer: ptr::null(),
            currency: ptr::null(),
            cells: ptr::null(),
            total: ptr::null(),
            disputed: ptr::null(),
            items: ptr::null(),
            totals_len: 0,
            totals_currency: ptr::null(),
            totals_cells: ptr::null(),
            totals_total: ptr::null(),
            totals_disputed: ptr::null(),
            totals_items: ptr::null(),
            ids_len: 0,
            id_offsets: ptr::null(),
            id_data: ptr::null(),
        },
        label_strings: columns.into_iter().map(c_string).collect(),
        label_ptrs: Vec::new(),
        currency_strings: table.currencies().iter().map(|c| c_string(c.clone())).collect(),
        currency_ptrs: Vec::new(),
        customer: Vec::with_capacity(n),
        currency: Vec::with_capacity(n),
        cells: Vec::with_capacity(n * w),
        total: Vec::with_capacity(n),
        disputed: Vec::with_capacity(n),
        items: Vec::with_capacity(n),
        totals_currency: Vec::new(),
        totals_cells: Vec::new(),
        totals_total: Vec::new(),
        totals_disputed: Vec::new(),
        totals_items: Vec::new(),
        ids: None,
        id_offsets: Vec::new(),
        id_data: Vec::new(),
        table,
    });
    let o_ref = &mut *o;
    for r in o_ref.table.rows() {
        // keys come from uint32_t columns, or index the distinct ids of an int32-offset utf8
        // column (fewer than 2^32); a merge only combines them
        o_ref.customer.push(r.customer as u32);
        o_ref.currency.push(r.currency);
        o_ref.cells.extend_from_slice(r.buckets);
        if sep {
            o_ref.cells.push(r.credits);
        }
        o_ref.total.push(r.total);
        o_ref.disputed.push(r.disputed);
        o_ref.items.push(r.items);
    }
    for (cur, cells) in o.table.totals()? {
        let money = &cells[..nb + usize::from(sep)];
        let total = money.iter().try_fold(0i64, |a, &v| a.checked_add(v)).ok_or_else(|| {
            invalid(
                ErrorKind::Overflow,
                "amount",
                o.currency_strings[cur as usize].to_string_lossy(),
                "a currency total leaves the range of 64-bit minor units",
            )
        })?;
        o.totals_currency.push(cur);
        o.totals_cells.extend_from_slice(money);
        o.totals_total.push(total);
        o.totals_disputed.push(cells[cells.len() - 2]);
        o.totals_items.push(cells[cells.len() - 1]);
    }
    o.label_ptrs = o.label_strings.iter().map(|s| s.as_ptr()).collect();
    o.currency_ptrs = o.currency_strings.iter().map(|s| s.as_ptr()).collect();
    let o_ref = &mut *o;
    let v = &mut o_ref.view;
    v.labels = o_ref.label_ptrs.as_ptr();
    v.currencies = o_ref.currency_ptrs.as_ptr();
    v.customer = o_ref.customer.as_ptr();
    v.currency = o_ref.currency.as_ptr();
    v.cells = o_ref.cells.as_ptr();
    v.total = o_ref.total.as_ptr();
    v.disputed = o_ref.disputed.as_ptr();
    v.items = o_ref.items.as_ptr();
    v.totals_len = o_ref.totals_currency.len();
    v.totals_currency = o_ref.totals_currency.as_ptr();
    v.totals_cells = o_ref.totals_cells.as_ptr();
    v.totals_total = o_ref.totals_total.as_ptr();
    v.totals_disputed = o_ref.totals_disputed.as_ptr();
    v.totals_items = o_ref.totals_items.as_ptr();
    Ok(o)
}

/// Lays out the distinct ids of a string-keyed result (`ids` sorted, key `k` = `ids[k]`).
fn set_ids(o: &mut AgingOut, ids: Vec<u128>) -> Result<(), Failure> {
    let bytes: usize = ids.iter().map(|&k| unpack_key(k).len()).sum();
    if i32::try_from(bytes).is_err() {
        // only a merge can get here: each input's ids fit its int32 offsets
        return Err(invalid(
            ErrorKind::Overflow,
            "id_data",
            bytes,
            "the distinct ids take more than 2^31 - 1 bytes, past int32 offsets",
        ));
    }
    let mut offsets = Vec::with_capacity(ids.len() + 1);
    let mut data = Vec::with_capacity(bytes);
    offsets.push(0);
    for &k in &ids {
        data.extend_from_slice(&unpack_key(k));
        offsets.push(data.len() as i32);
    }
    o.view.ids_len = ids.len();
    o.ids = Some(ids);
    o.id_offsets = offsets;
    o.id_data = data;
    o.view.id_offsets = o.id_offsets.as_ptr();
    o.view.id_data = o.id_data.as_ptr();
    Ok(())
}

/// The default aging spec: no report date yet (set `as_of` or `as_of_date`), by due date, the standard
/// buckets (`not_due`, `1-30`, `31-60`, `61-90`, `90+`), credits netted, all threads.
#[no_mangle]
pub extern "C" fn arrears_aging_spec_default() -> ArrearsAgingSpec {
    ArrearsAgingSpec {
        as_of: i32::MIN,
        as_of_date: ptr::null(),
        basis: ARREARS_AGE_BASIS_DUE_DATE,
        bounds: ptr::null(),
        bounds_len: 0,
        labels: ptr::null(),
        labels_len: 0,
        not_due: ARREARS_NOT_DUE_COLUMN,
        credits: ARREARS_CREDITS_NET,
        threads: 0,
    }
}

unsafe fn aging_spec(spec: *const ArrearsAgingSpec) -> Result<(AgingSpec, usize), Failure> {
    if spec.is_null() {
        return Err(crate::boundary(
            crate::ARREARS_NULL_POINTER,
            "null_pointer",
            "spec",
            "spec: must not be NULL (start from arrears_aging_spec_default())".into(),
        ));
    }
    let s = &*spec;
    let as_of = if s.as_of_date.is_null() {
        date_of_day_number("as_of", s.as_of)?
    } else {
        arrears::parse_date("as_of_date", text("as_of_date", s.as_of_date)?)?
    };
    let basis = match s.basis {
        ARREARS_AGE_BASIS_DUE_DATE => AgeBasis::DueDate,
        ARREARS_AGE_BASIS_ISSUE_DATE => AgeBasis::IssueDate,
        v => {
            return Err(invalid(
                ErrorKind::InvalidRequest,
                "basis",
                v,
                "expected one of the ARREARS_AGE_BASIS_* values (0..1)",
            ))
        }
    };
    let not_due = match s.not_due {
        ARREARS_NOT_DUE_COLUMN => NotDue::Column,
        ARREARS_NOT_DUE_FOLD => NotDue::Fold,
        v => {
            return Err(invalid(
                ErrorKind::InvalidRequest,
                "not_due",
                v,
                "expected one of the ARREARS_NOT_DUE_* values (0..1)",
            ))
        }
    };
    let credits = match s.credits {
        ARREARS_CREDITS_NET => Credits::Net,
        ARREARS_CREDITS_SEPARATE => Credits::Separate,
        v => {
            return Err(invalid(
                ErrorKind::InvalidRequest,
                "credits",
                v,
                "expected one of the ARREARS_CREDITS_* values (0..1)",
            ))
        }
    };
    let bounds = if s.bounds_len == 0 { vec![30, 60, 90] } else { slice("bounds", s.bounds, s.bounds_len)?.to_vec() };
    let labels = if s.labels.is_null() {
        None
    } else {
        let mut l = Vec::with_capacity(s.labels_len);
        for (i, p) in slice("labels", s.labels, s.labels_len)?.iter().enumerate() {
            let f = format!("labels[{i}]");
            l.push(text(&f, *p)?.to_string());
        }
        Some(l)
    };
    let buckets = AgingBuckets::with_labels(bounds, labels, not_due)?;
    Ok((AgingSpec { as_of, basis, buckets, credits }, s.threads))
}

/// The currency codes of a columnar call (NULL and UTF-8 checked; the kernel checks the rest).
unsafe fn currency_codes<'a>(currencies: *const *const c_char, n_currencies: usize) -> Result<Vec<&'a str>, Failure> {
    let mut codes = Vec::with_capacity(n_currencies);
    for (i, p) in slice("currencies", currencies, n_currencies)?.iter().enumerate() {
        codes.push(text(&format!("currencies[{i}]"), *p)?);
    }
    Ok(codes)
}

/// The disputed column (NULL: none), each flag checked to be 0 or 1.
unsafe fn disputed_bytes<'a>(disputed: *const u8, n: usize) -> Result<Option<&'a [u8]>, Failure> {
    if disputed.is_null() {
        return Ok(None);
    }
    let raw = slice("disputed", disputed, n)?;
    if let Some(i) = raw.iter().position(|&d| d > 1) {
        return Err(invalid(ErrorKind::InvalidRequest, &format!("disputed[{i}]"), raw[i], "a disputed flag is 0 or 1"));
    }
    Ok(Some(raw))
}

/// The disputed column as flags ([`disputed_bytes`]).
unsafe fn disputed_flags<'a>(disputed: *const u8, n: usize) -> Result<Option<&'a [bool]>, Failure> {
    // Sound: every byte is 0 or 1, the two valid bit patterns of a bool (same size and
    // alignment as u8).
    Ok(disputed_bytes(disputed, n)?.map(|raw| std::slice::from_raw_parts(raw.as_ptr().cast::<bool>(), raw.len())))
}

/// Ages open items given as columns, all of length `n` (C cannot check array lengths: every
/// non-NULL array must hold `n` elements):
/// - `customer`: customer key of each item (any integer; rows come out sorted by key);
/// - `currency`: index of each item's currency in `currencies` (`n_currencies` ISO 4217 codes,
///   no duplicates);
/// - `due_date`, `issue_date` (NULL unless aging by issue date): day numbers (days since
///   1970-01-01, see `arrears_day_number`);
/// - `amount`: open amount in minor units at `scale` decimals (12.34 at scale 2 is 1234);
///   negative for credits;
/// - `disputed`: NULL, or 0 / 1 per item.
///
/// On success `*out` holds the result, to free with `arrears_aging_free`; on failure it is NULL
/// and the last error names the first bad row (`due_date[17]`, `currency[3]`, `disputed[5]`),
/// the bad bound (`bounds[1]`: unsorted or duplicate) or the NULL argument.
#[no_mangle]
pub unsafe extern "C" fn arrears_aging(
    customer: *const u32,
    currency: *const u16,
    currencies: *const *const c_char,
    n_currencies: usize,
    due_date: *const i32,
    issue_date: *const i32,
    amount: *const i64,
    disputed: *const u8,
    n: usize,
    scale: u32,
    spec: *const ArrearsAgingSpec,
    out: *mut *mut ArrearsAging,
) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        let (spec, threads) = aging_spec(spec)?;
        let codes = currency_codes(currencies, n_currencies)?;
        let disputed = disputed_flags(disputed, n)?;
        let issue_date = if issue_date.is_null() { None } else { Some(slice("issue_date", issue_date, n)?) };
        let cols = AgingColumns {
            customer: slice("customer", customer, n)?,
            currency: slice("currency", currency, n)?,
            currencies: &codes,
            due_date: slice("due_date", due_date, n)?,
            issue_date,
            amount: slice("amount", amount, n)?,
            scale,
            disputed,
        };
        let table = age_columns(&spec, &cols, threads)?;
        *out = Box::into_raw(out_of_table(table)?).cast();
        Ok(())
    })
}

/// The longest customer id `arrears_aging_utf8` takes, in bytes (what `pack_key` packs).
const MAX_ID_BYTES: usize = 15;

/// The customer ids of `arrears_aging_utf8`, checked by the core's `Utf8Ids` (offsets at least
/// 0, none decreasing, within `id_data`; every id UTF-8 of at most 15 bytes), errors named in
/// this API's terms: the offset (`id_offsets[i]`) or the first bad row (`customer[i]`).
unsafe fn utf8_ids<'a>(
    offsets: *const i32,
    data: *const u8,
    data_len: usize,
    n: usize,
) -> Result<Utf8Ids<'a>, Failure> {
    if n == 0 {
        // no row reads an id: the offsets may be NULL (or a lone 0)
        return Utf8Ids::try_new(&[], &[], None, 0)
            .map_err(|e| invalid(ErrorKind::InvalidRequest, "id_offsets", 0, &e.to_string()));
    }
    let Some(len) = n.checked_add(1) else {
        return Err(invalid(ErrorKind::InvalidRequest, "n", n, "too many rows"));
    };
    let offsets = slice("id_offsets", offsets, len)?;
    let data = slice("id_data", data, data_len)?;
    let ids = Utf8Ids::try_new(offsets, data, None, n).map_err(|e| match e {
        Utf8IdsError::NegativeOffset { index, offset } => {
            invalid(ErrorKind::InvalidRequest, &format!("id_offsets[{index}]"), offset, "an offset is at least 0")
        }
        Utf8IdsError::DecreasingOffset { index, offset, previous } => invalid(
            ErrorKind::InvalidRequest,
            &format!("id_offsets[{index}]"),
            offset,
            &format!("offsets must not decrease (id_offsets[{}] is {previous})", index - 1),
        ),
        Utf8IdsError::PastData { index, offset, data_len } => invalid(
            ErrorKind::InvalidRequest,
            &format!("id_offsets[{index}]"),
            offset,
            &format!("past the end of id_data (id_data_len is {data_len})"),
        ),
        // n + 1 offsets were taken and there is no validity bitmap: these cannot happen
        other => invalid(ErrorKind::InvalidRequest, "id_offsets", "", &other.to_string()),
    })?;
    match ids.first_bad(Some(MAX_ID_BYTES)) {
        None => Ok(ids),
        Some(BadId::TooLong { row, len }) => Err(invalid(
            ErrorKind::InvalidRequest,
            &format!("customer[{row}]"),
            String::from_utf8_lossy(ids.get(row)),
            &format!(
                "an id of {len} bytes; arrears_aging_utf8 takes ids of at most {MAX_ID_BYTES} bytes: encode the ids \
                 as integer keys and use arrears_aging"
            ),
        )),
        Some(bad) => {
            let row = bad.row();
            let id = ids.get(row);
            let field = format!("customer[{row}]");
            let why = std::str::from_utf8(id)
                .err()
                .map_or_else(|| "a UTF-8 character is split between two ids".to_string(), |e| e.to_string());
            Err(Failure {
                status: crate::ARREARS_INVALID_UTF8,
                code: "invalid_utf8",
                message: format!("{field}: not valid UTF-8 ({why})"),
                value: id.escape_ascii().to_string(),
                field,
            })
        }
    }
}

/// Ages open items like `arrears_aging`, but with customer ids given as text, in an
/// Arrow-style utf8 column: the id of row `i` is the bytes
/// `id_data[id_offsets[i] .. id_offsets[i + 1]]` (`id_offsets` holds `n + 1` offsets, the first
/// at least 0, none decreasing, the last at most `id_data_len`; `id_data` holds `id_data_len`
/// bytes). Every id must be valid UTF-8 of at most 15 bytes (the empty id is one id); for
/// longer ids, encode them as integer keys and call `arrears_aging`. The other arguments are
/// those of `arrears_aging`: `currency` indexes `currencies` (`n_currencies` ISO 4217 codes, no
/// duplicates), `due_date` / `issue_date` are day numbers, `amount` minor units at `scale`,
/// `disputed` NULL or 0 / 1; every array holds `n` elements.
///
/// The result's rows are sorted by id (byte order) then currency code; a row's `customer` is
/// the index of its id in the result's `id_offsets` / `id_data` (`ids_len` distinct ids).
/// Its `currencies` are the codes that occur in the rows, sorted.
///
/// On success `*out` holds the result, to free with `arrears_aging_free`; on failure it is NULL
/// and the last error names the NULL argument, the bad offset (`id_offsets[3]`), the first bad
/// id (`customer[7]`: `ARREARS_INVALID_UTF8`, or `ARREARS_INVALID_REQUEST` when longer than 15
/// bytes), or the first bad row (`currency[3]`, `due_date[17]`, `disputed[5]`), as
/// `arrears_aging` does. The id column is checked before the rows.
///
/// ```c
/// const int32_t id_offsets[] = {0, 4, 8, 12};
/// const uint8_t id_data[] = "ACMEBOLTACME";  // 12 bytes: ACME, BOLT, ACME
/// const uint16_t currency[] = {0, 1, 0};
/// const char *codes[] = {"EUR", "USD"};
/// const int32_t due[] = {20751, 20790, 20700};  // 2026-10-25, 2026-12-03, 2026-09-04
/// const int64_t amount[] = {150000, 2500, -5000};  // minor units: 1500.00, 25.00, -50.00
/// ArrearsAgingSpec spec = arrears_aging_spec_default();
/// spec.as_of_date = "2026-11-24";
/// ArrearsAging *a = NULL;
/// if (arrears_aging_utf8(id_offsets, id_data, 12, currency, codes, 2, due, NULL, amount, NULL, 3, 2,
///                        &spec, &a) != ARREARS_OK) {
///     fprintf(stderr, "%s\n", arrears_last_error_message());
///     return 1;
/// }
/// for (size_t r = 0; r < a->rows; r++) {
///     uint32_t k = a->customer[r];
///     printf("%.*s %s %lld\n", (int)(a->id_offsets[k + 1] - a->id_offsets[k]),
///            (const char *)a->id_data + a->id_offsets[k], a->currencies[a->currency[r]],
///            (long long)a->total[r]);
/// }
/// arrears_aging_free(a);
/// ```
///
/// prints
///
/// ```text
/// ACME EUR 145000
/// BOLT USD 2500
/// ```
#[no_mangle]
pub unsafe extern "C" fn arrears_aging_utf8(
    id_offsets: *const i32,
    id_data: *const u8,
    id_data_len: usize,
    currency: *const u16,
    currencies: *const *const c_char,
    n_currencies: usize,
    due_date: *const i32,
    issue_date: *const i32,
    amount: *const i64,
    disputed: *const u8,
    n: usize,
    scale: u32,
    spec: *const ArrearsAgingSpec,
    out: *mut *mut ArrearsAging,
) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        let (spec, threads) = aging_spec(spec)?;
        let codes = currency_codes(currencies, n_currencies)?;
        // the list is checked as arrears_aging checks it (age_keyed only meets the codes rows use)
        if codes.len() >= usize::from(u16::MAX) {
            return Err(invalid(ErrorKind::InvalidRequest, "currencies", codes.len(), "at most 65534 currency codes"));
        }
        for (i, c) in codes.iter().enumerate() {
            if Currency::lookup(c).is_none() {
                return Err(invalid(
                    ErrorKind::UnknownCurrency,
                    &format!("currencies[{i}]"),
                    c,
                    "not in the current ISO 4217 list",
                ));
            }
            if codes[..i].contains(c) {
                return Err(invalid(
                    ErrorKind::InvalidRequest,
                    &format!("currencies[{i}]"),
                    c,
                    "a currency code appears twice in the currency list",
                ));
            }
        }
        let disputed = disputed_bytes(disputed, n)?;
        let issue_date = if issue_date.is_null() { None } else { Some(slice("issue_date", issue_date, n)?) };
        let ids = utf8_ids(id_offsets, id_data, id_data_len, n)?;
        let currency = slice("currency", currency, n)?;
        let due_date = slice("due_date", due_date, n)?;
        let amount = slice("amount", amount, n)?;
        let (date, date_field) = match spec.basis {
            AgeBasis::DueDate => (due_date, "due_date"),
            AgeBasis::IssueDate => (
                issue_date.ok_or_else(|| {
                    invalid(
                        ErrorKind::InvalidRequest,
                        "issue_date",
                        "null",
                        "aging by issue date needs the issue_date column",
                    )
                })?,
                "issue_date",
            ),
        };
        let packed: Vec<u32> = codes.iter().map(|c| pack_code(c.as_bytes())).collect();
        let columns = KeyedColumns {
            ids: IdColumn::Utf8(ids),
            currency,
            currencies: &codes,
            codes: &packed,
            date,
            amount,
            disputed,
        };
        let keyed = match columns.age(&spec, scale, threads, date_field)? {
            Some(k) => k,
            // utf8_ids let no id longer than 15 bytes through
            None => {
                return Err(crate::boundary(
                    crate::ARREARS_PANIC,
                    "internal",
                    "customer",
                    "internal error in arrears: a checked id did not pack (please report it)".into(),
                ))
            }
        };
        let mut o = out_of_table(keyed.table)?;
        set_ids(&mut o, keyed.customers)?;
        *out = Box::into_raw(o).cast();
        Ok(())
    })
}

/// Merges two aging results (of two partitions of the items, e.g. computed on different threads
/// or machines) into a new one, `*out`, equal to the aging of all the items together. Both must
/// have the same spec and scale; their currency lists may differ. `a` and `b` are left as they
/// are (free them with `arrears_aging_free`).
///
/// Results of `arrears_aging` merge by customer key; results of `arrears_aging_utf8` merge by
/// id (the merged result lists the union of the ids, and its customer keys index that list). A
/// result of one with a result of the other is an `ARREARS_INVALID_REQUEST` error (field `b`).
#[no_mangle]
pub unsafe extern "C" fn arrears_aging_merge(
    a: *const ArrearsAging,
    b: *const ArrearsAging,
    out: *mut *mut ArrearsAging,
) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        for (name, p) in [("a", a), ("b", b)] {
            if p.is_null() {
                return Err(crate::boundary(
                    crate::ARREARS_NULL_POINTER,
                    "null_pointer",
                    name,
                    format!("{name}: must not be NULL"),
                ));
            }
        }
        let a = &*a.cast::<AgingOut>();
        let b = &*b.cast::<AgingOut>();
        let mut table = a.table.clone();
        let o = match (&a.ids, &b.ids) {
            (None, None) => {
                table.merge(&b.table)?;
                out_of_table(table)?
            }
            (Some(ia), Some(ib)) => {
                // both onto the union of the ids (sorted, as packed ids sort as their bytes)
                let mut ids = [ia.as_slice(), ib.as_slice()].concat();
                ids.sort_unstable();
                ids.dedup();
                let key_in = |own: &[u128], k: u64| ids.binary_search(&own[k as usize]).unwrap_or(0) as u64;
                table.renumber_customers(|k| key_in(ia, k))?;
                let mut other = b.table.clone();
                other.renumber_customers(|k| key_in(ib, k))?;
                table.merge(&other)?;
                let mut o = out_of_table(table)?;
                set_ids(&mut o, ids)?;
                o
            }
            (ka, _) => {
                let kind = |ids: &Option<Vec<u128>>| match ids {
                    Some(_) => "string ids (arrears_aging_utf8)",
                    None => "integer keys (arrears_aging)",
                };
                return Err(invalid(
                    ErrorKind::InvalidRequest,
                    "b",
                    kind(&b.ids),
                    &format!("a is keyed by {} and b by {}: only results keyed alike merge", kind(ka), kind(&b.ids)),
                ));
            }
        };
        *out = Box::into_raw(o).cast();
        Ok(())
    })
}

/// Frees a result of `arrears_aging`, `arrears_aging_utf8` or `arrears_aging_merge` (NULL is fine).
#[no_mangle]
pub unsafe extern "C" fn arrears_aging_free(aging: *mut ArrearsAging) {
    if !aging.is_null() {
        drop(Box::from_raw(aging.cast::<AgingOut>()));
    }
}

/// Writes the day number (days since 1970-01-01) of `date` (`YYYY-MM-DD`) into `*out_day`.
#[no_mangle]
pub unsafe extern "C" fn arrears_day_number(date: *const c_char, out_day: *mut i32) -> ArrearsStatus {
    guard(|| {
        if out_day.is_null() {
            return Err(out_null("out_day"));
        }
        *out_day = day_number(arrears::parse_date("date", text("date", date)?)?);
        Ok(())
    })
}

/// Writes the date of day number `day` (`YYYY-MM-DD` plus NUL) into `out_date`, which must hold
/// 11 bytes.
#[no_mangle]
pub unsafe extern "C" fn arrears_date_of_day_number(day: i32, out_date: *mut c_char) -> ArrearsStatus {
    guard(|| {
        if out_date.is_null() {
            return Err(out_null("out_date"));
        }
        let d = date_of_day_number("day", day)?;
        crate::copy_into(&mut *out_date.cast::<[c_char; 11]>(), &arrears::format_date(d));
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    /// A result's rows by value: (id or key, currency code, cells, total, disputed, items).
    type Row = (Vec<u8>, String, Vec<i64>, i64, i64, i64);

    unsafe fn rows_of(a: *const ArrearsAging) -> Vec<Row> {
        let a = &*a;
        (0..a.rows)
            .map(|r| {
                let k = *a.customer.add(r) as usize;
                let id = if a.id_offsets.is_null() {
                    // integer results: key k stands for the k-th id of `IDS`
                    IDS[k].as_bytes().to_vec()
                } else {
                    let (s, e) = (*a.id_offsets.add(k) as usize, *a.id_offsets.add(k + 1) as usize);
                    std::slice::from_raw_parts(a.id_data.add(s), e - s).to_vec()
                };
                let cur = CStr::from_ptr(*a.currencies.add(*a.currency.add(r) as usize)).to_str().unwrap().to_string();
                let cells = std::slice::from_raw_parts(a.cells.add(r * a.columns), a.columns).to_vec();
                (id, cur, cells, *a.total.add(r), *a.disputed.add(r), *a.items.add(r))
            })
            .collect()
    }

    /// In byte order (upper case before lower case), so key k of the integer encoding is the k-th id.
    const IDS: [&str; 5] = ["", "ACME", "Bolt GmbH", "Zürich AG", "bolt"];

    struct Data {
        offsets: Vec<i32>,
        bytes: Vec<u8>,
        keys: Vec<u32>,
        currency: Vec<u16>,
        due: Vec<i32>,
        amount: Vec<i64>,
        disputed: Vec<u8>,
    }

    fn data(n: usize) -> Data {
        let mut d = Data {
            offsets: vec![0],
            bytes: Vec::new(),
            keys: Vec::new(),
            currency: Vec::new(),
            due: Vec::new(),
            amount: Vec::new(),
            disputed: Vec::new(),
        };
        let mut x = 7u64;
        for i in 0..n {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let k = (x >> 33) as usize % IDS.len();
            d.bytes.extend_from_slice(IDS[k].as_bytes());
            d.offsets.push(d.bytes.len() as i32);
            d.keys.push(k as u32);
            d.currency.push((x >> 40) as u16 % 3);
            d.due.push(20_781 - 60 + (x >> 20) as i32 % 200);
            d.amount.push((x >> 45) as i64 % 100_000 - if i % 5 == 0 { 60_000 } else { 0 });
            d.disputed.push(u8::from(i % 7 == 0));
        }
        d
    }

    const CODES: [&CStr; 3] = [c"USD", c"EUR", c"CHF"];

    fn spec(credits: ArrearsCredits, threads: usize) -> ArrearsAgingSpec {
        ArrearsAgingSpec { as_of: 20_781, credits, threads, ..arrears_aging_spec_default() }
    }

    unsafe fn utf8(d: &Data, range: std::ops::Range<usize>, spec: &ArrearsAgingSpec) -> *mut ArrearsAging {
        let codes = CODES.map(|c| c.as_ptr());
        let mut out = ptr::null_mut();
        let st = arrears_aging_utf8(
            d.offsets[range.start..].as_ptr(),
            d.bytes.as_ptr(),
            d.bytes.len(),
            d.currency[range.start..].as_ptr(),
            codes.as_ptr(),
            3,
            d.due[range.start..].as_ptr(),
            ptr::null(),
            d.amount[range.start..].as_ptr(),
            d.disputed[range.start..].as_ptr(),
            range.len(),
            2,
            spec,
            &mut out,
        );
        assert_eq!(st, crate::ARREARS_OK, "{:?}", CStr::from_ptr(crate::arrears_last_error_message()));
        out
    }

    #[test]
    fn utf8_ids_age_as_their_sorted_integer_keys() {
        let d = data(3000);
        let codes = CODES.map(|c| c.as_ptr());
        for (credits, threads) in [(ARREARS_CREDITS_NET, 1), (ARREARS_CREDITS_SEPARATE, 3)] {
            let spec = spec(credits, threads);
            unsafe {
                let a = utf8(&d, 0..d.amount.len(), &spec);
                let mut b = ptr::null_mut();
                let st = arrears_aging(
                    d.keys.as_ptr(),
                    d.currency.as_ptr(),
                    codes.as_ptr(),
                    3,
                    d.due.as_ptr(),
                    ptr::null(),
                    d.amount.as_ptr(),
                    d.disputed.as_ptr(),
                    d.amount.len(),
                    2,
                    &spec,
                    &mut b,
                );
                assert_eq!(st, crate::ARREARS_OK);
                assert_eq!((*a).ids_len, IDS.len());
                assert!((*b).id_offsets.is_null() && (*b).id_data.is_null() && (*b).ids_len == 0);
                // integer results list every code of the call, utf8 ones the codes used: by code
                assert_eq!(rows_of(a), rows_of(b));
                assert_eq!((*a).rows, (*b).rows);
                arrears_aging_free(a);
                arrears_aging_free(b);
            }
        }
    }

    #[test]
    fn utf8_results_merge_by_id() {
        let d = data(500);
        let spec = spec(ARREARS_CREDITS_SEPARATE, 1);
        unsafe {
            let whole = utf8(&d, 0..500, &spec);
            // the first part lacks some ids (few rows), so the key spaces differ
            let (x, y) = (utf8(&d, 0..3, &spec), utf8(&d, 3..500, &spec));
            assert!((*x).ids_len < (*y).ids_len);
            let mut m = ptr::null_mut();
            assert_eq!(arrears_aging_merge(x, y, &mut m), crate::ARREARS_OK);
            assert_eq!(rows_of(m), rows_of(whole));
            assert_eq!((*m).ids_len, (*whole).ids_len);
            // an integer result does not merge with a utf8 one
            let mut i = ptr::null_mut();
            let codes = CODES.map(|c| c.as_ptr());
            let st = arrears_aging(
                d.keys.as_ptr(),
                d.currency.as_ptr(),
                codes.as_ptr(),
                3,
                d.due.as_ptr(),
                ptr::null(),
                d.amount.as_ptr(),
                ptr::null(),
                10,
                2,
                &spec,
                &mut i,
            );
            assert_eq!(st, crate::ARREARS_OK);
            let mut bad = ptr::null_mut();
            assert_eq!(arrears_aging_merge(x, i, &mut bad), crate::ARREARS_INVALID_REQUEST);
            assert!(bad.is_null());
            assert_eq!(CStr::from_ptr(crate::arrears_last_error_field()), c"b");
            for p in [whole, x, y, m, i] {
                arrears_aging_free(p);
            }
        }
    }

    #[test]
    fn utf8_errors_name_the_offset_or_row() {
        let spec = spec(ARREARS_CREDITS_NET, 1);
        let codes = [c"EUR".as_ptr()];
        let run = |offsets: &[i32], bytes: &[u8], currency: u16| unsafe {
            let n = offsets.len() - 1;
            let mut out = ptr::null_mut();
            let st = arrears_aging_utf8(
                offsets.as_ptr(),
                bytes.as_ptr(),
                bytes.len(),
                vec![currency; n].as_ptr(),
                codes.as_ptr(),
                1,
                vec![20_000; n].as_ptr(),
                ptr::null(),
                vec![100; n].as_ptr(),
                ptr::null(),
                n,
                2,
                &spec,
                &mut out,
            );
            assert!(out.is_null());
            let field = CStr::from_ptr(crate::arrears_last_error_field()).to_str().unwrap().to_string();
            (st, field)
        };
        let long = b"ABCDEFGHIJKLMNOP"; // 16 bytes
        assert_eq!(
            run(&[0, 1, 17], &[b"X".as_slice(), long].concat(), 0),
            (crate::ARREARS_INVALID_REQUEST, "customer[1]".into())
        );
        assert_eq!(run(&[0, 2, 1], b"AB", 0), (crate::ARREARS_INVALID_REQUEST, "id_offsets[2]".into()));
        assert_eq!(run(&[-1, 1], b"AB", 0), (crate::ARREARS_INVALID_REQUEST, "id_offsets[0]".into()));
        assert_eq!(run(&[0, 3], b"AB", 0), (crate::ARREARS_INVALID_REQUEST, "id_offsets[1]".into()));
        assert_eq!(run(&[0, 1, 2], b"A\xff", 0), (crate::ARREARS_INVALID_UTF8, "customer[1]".into()));
        assert_eq!(run(&[0, 1, 2], b"AB", 1), (crate::ARREARS_INVALID_REQUEST, "currency[0]".into()));
    }
}
