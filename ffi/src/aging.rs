//! Typed columnar aging for C: `arrears_aging`, `arrears_aging_merge`, `arrears_aging_free`.
//!
//! The inputs are the caller's arrays, read in place (no copy, no object per item); the result
//! is one allocation holding plain arrays that C reads directly.

use std::ffi::{c_char, CString};
use std::ptr;

use arrears::aging::{
    age_columns, date_of_day_number, day_number, AgeBasis, AgingBuckets, AgingColumns, AgingSpec, AgingTable, Credits,
    NotDue,
};
use arrears::ErrorKind;

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

/// The result of `arrears_aging` / `arrears_aging_merge`: per (customer, currency) rows, sorted
/// by customer key then currency code, and portfolio totals per currency, sorted by code. Every
/// amount is in minor units at `scale` (the scale the amounts came in). All arrays belong to the
/// result: free it with `arrears_aging_free`, and do not modify it.
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
        table,
    });
    let o_ref = &mut *o;
    for r in o_ref.table.rows() {
        // keys come from uint32_t columns (a merge only combines them)
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
        let mut codes = Vec::with_capacity(n_currencies);
        for (i, p) in slice("currencies", currencies, n_currencies)?.iter().enumerate() {
            codes.push(text(&format!("currencies[{i}]"), *p)?);
        }
        let disputed = if disputed.is_null() {
            None
        } else {
            let raw = slice("disputed", disputed, n)?;
            if let Some(i) = raw.iter().position(|&d| d > 1) {
                return Err(invalid(
                    ErrorKind::InvalidRequest,
                    &format!("disputed[{i}]"),
                    raw[i],
                    "a disputed flag is 0 or 1",
                ));
            }
            // Sound: every byte is 0 or 1, the two valid bit patterns of a bool (same size and
            // alignment as u8).
            Some(std::slice::from_raw_parts(raw.as_ptr().cast::<bool>(), raw.len()))
        };
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

/// Merges two aging results (of two partitions of the items, e.g. computed on different threads
/// or machines) into a new one, `*out`, equal to the aging of all the items together. Both must
/// have the same spec and scale; their currency lists may differ. `a` and `b` are left as they
/// are (free them with `arrears_aging_free`).
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
        table.merge(&b.table)?;
        *out = Box::into_raw(out_of_table(table)?).cast();
        Ok(())
    })
}

/// Frees a result of `arrears_aging` or `arrears_aging_merge` (NULL is fine).
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
