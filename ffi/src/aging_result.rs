//! The result of the aging calls, `ArrearsAging`: one allocation (`AgingOut`) holding the core's
//! table and the plain arrays C reads; `arrears_aging_merge` and `arrears_aging_free`.

use std::ffi::{c_char, CString};
use std::ptr;

use arrears::calendar::day_number;
use arrears::receivables::aging::{AgingTable, Credits};
use arrears::ErrorKind;

use crate::args::{c_string, null_arg, out_null};
use crate::status::{guard, invalid, ArrearsStatus, Failure};

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
    /// The ids of a string-keyed result, sorted by their bytes: customer key `k` is `ids[k]`.
    /// `None` for integer keys.
    ids: Option<Vec<Vec<u8>>>,
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
fn set_ids(o: &mut AgingOut, ids: Vec<Vec<u8>>) -> Result<(), Failure> {
    let bytes: usize = ids.iter().map(Vec::len).sum();
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
    for id in &ids {
        data.extend_from_slice(id);
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

/// Hands `table` to C: the result of `arrears_aging` (`ids` `None`) or of `arrears_aging_utf8`
/// (`ids` the ids sorted by their bytes, customer key `k` being `ids[k]`), to free with
/// `arrears_aging_free`.
pub(crate) fn into_c(table: AgingTable, ids: Option<Vec<Vec<u8>>>) -> Result<*mut ArrearsAging, Failure> {
    let mut o = out_of_table(table)?;
    if let Some(ids) = ids {
        set_ids(&mut o, ids)?;
    }
    Ok(Box::into_raw(o).cast())
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
                return Err(null_arg(name));
            }
        }
        let a = &*a.cast::<AgingOut>();
        let b = &*b.cast::<AgingOut>();
        let mut table = a.table.clone();
        let ids = match (&a.ids, &b.ids) {
            (None, None) => {
                table.merge(&b.table)?;
                None
            }
            (Some(ia), Some(ib)) => {
                // both onto the union of the ids, sorted by their bytes
                let mut ids = [ia.as_slice(), ib.as_slice()].concat();
                ids.sort_unstable();
                ids.dedup();
                let key_in = |own: &[Vec<u8>], k: u64| ids.binary_search(&own[k as usize]).unwrap_or(0) as u64;
                table.renumber_customers(|k| key_in(ia, k))?;
                let mut other = b.table.clone();
                other.renumber_customers(|k| key_in(ib, k))?;
                table.merge(&other)?;
                Some(ids)
            }
            (ka, _) => {
                let kind = |ids: &Option<Vec<Vec<u8>>>| match ids {
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
        *out = into_c(table, ids)?;
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
