//! Aging by integer customer keys: what to compute (`ArrearsAgingSpec`, from
//! `arrears_aging_spec_default()`) and `arrears_aging`, with the readers of the columns it shares
//! with `arrears_aging_utf8`. The inputs are the caller's arrays, viewed in place (no copy, no
//! object per item) as the core's columns and aged by its columnar entry
//! (`arrears::aging::age_batches`, which chooses the kernel); the result (`aging_result`) is one
//! allocation holding plain arrays that C reads directly.

use std::ffi::c_char;
use std::ptr;

use arrears::calendar::date_of_day_number;
use arrears::columnar::{Column, Values};
use arrears::receivables::aging::{
    age_batches, AgeBasis, AgingBatch, AgingBuckets, AgingFields, AgingSpec, BatchAging, BatchOptions, Credits,
    Currencies, NotDue,
};
use arrears::ErrorKind;

use crate::aging_result::{into_c, ArrearsAging};
use crate::args::{out_null, slice, text};
use crate::status::{boundary, guard, invalid, ArrearsStatus, Failure, ARREARS_NULL_POINTER};

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

pub(crate) unsafe fn aging_spec(spec: *const ArrearsAgingSpec) -> Result<(AgingSpec, usize), Failure> {
    if spec.is_null() {
        return Err(boundary(
            ARREARS_NULL_POINTER,
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
        let mut l = Vec::new();
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
pub(crate) unsafe fn currency_codes<'a>(
    currencies: *const *const c_char,
    n_currencies: usize,
) -> Result<Vec<&'a str>, Failure> {
    let mut codes = Vec::new();
    for (i, p) in slice("currencies", currencies, n_currencies)?.iter().enumerate() {
        codes.push(text(&format!("currencies[{i}]"), *p)?);
    }
    Ok(codes)
}

/// The disputed column (NULL: none), each flag checked to be 0 or 1.
pub(crate) unsafe fn disputed_bytes<'a>(disputed: *const u8, n: usize) -> Result<Option<&'a [u8]>, Failure> {
    if disputed.is_null() {
        return Ok(None);
    }
    let raw = slice("disputed", disputed, n)?;
    if let Some(i) = raw.iter().position(|&d| d > 1) {
        return Err(invalid(
            ErrorKind::InvalidRequest,
            &format!("items[{i}].disputed"),
            raw[i],
            "a disputed flag is 0 or 1",
        ));
    }
    Ok(Some(raw))
}

/// The columns of one aging call, viewed in place.
pub(crate) struct Columns<'a> {
    pub customer: Column<'a>,
    pub currency: &'a [u16],
    pub codes: &'a [&'a str],
    pub date: &'a [i32],
    pub date_field: &'a str,
    pub amount: &'a [i64],
    pub disputed: Option<&'a [u8]>,
}

/// The date column the age is counted from, per the spec's basis (`issue_date` must be given
/// when aging by issue date).
pub(crate) fn basis_date<'a>(
    spec: &AgingSpec,
    due_date: &'a [i32],
    issue_date: Option<&'a [i32]>,
) -> Result<(&'a [i32], &'static str), Failure> {
    match spec.basis {
        AgeBasis::DueDate => Ok((due_date, "due_date")),
        AgeBasis::IssueDate => match issue_date {
            Some(d) => Ok((d, "issue_date")),
            None => Err(invalid(
                ErrorKind::InvalidRequest,
                "issue_date",
                "null",
                "aging by issue date needs the issue_date column",
            )),
        },
    }
}

/// Ages the columns with the core's columnar entry, which chooses the kernel.
pub(crate) fn age(spec: &AgingSpec, cols: Columns<'_>, scale: u32, threads: usize) -> Result<BatchAging, Failure> {
    let n = cols.amount.len();
    let batch = AgingBatch {
        len: n,
        customer: cols.customer,
        currency: Some(Column::new(n, Values::U16(cols.currency), "uint16_t *")),
        date: cols.date,
        date_null: None,
        amount: Column::new(n, Values::I64(cols.amount), "int64_t *"),
        disputed: cols.disputed.map(|d| Column::new(n, Values::U8(d), "uint8_t *")),
    };
    let fields = AgingFields { date: cols.date_field, ..AgingFields::default() };
    let options = BatchOptions { currencies: Currencies::List(cols.codes), scale, threads, fields };
    Ok(age_batches(spec, vec![batch], &options)?)
}

/// Ages open items given as columns, all of length `n` (C cannot check array lengths: every
/// non-NULL array must hold `n` elements):
/// - `customer`: customer key of each item (any integer; rows come out sorted by key);
/// - `currency`: index of each item's currency in `currencies` (`n_currencies` ISO 4217 codes,
///   no duplicates);
/// - `due_date`, `issue_date` (NULL unless aging by issue date): day numbers (days since
///   1970-01-01, see `arrears_day_number`);
/// - `amount`: open amount in minor units at `scale` decimals (12.34 at scale 2 is 1234); a
///   currency with fewer decimals than `scale` takes whole units of its own (JPY at scale 2:
///   multiples of 100; `ARREARS_INVALID_AMOUNT` at `items[i].amount` otherwise);
///   negative for credits;
/// - `disputed`: NULL, or 0 / 1 per item.
///
/// On success `*out` holds the result, to free with `arrears_aging_free`; on failure it is NULL
/// and the last error names the first bad row (`items[17].due_date`, `items[3].currency`, `items[5].disputed`),
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
        let disputed = disputed_bytes(disputed, n)?;
        let issue_date = if issue_date.is_null() { None } else { Some(slice("issue_date", issue_date, n)?) };
        let customer = slice("customer", customer, n)?;
        let currency = slice("currency", currency, n)?;
        let due_date = slice("due_date", due_date, n)?;
        let amount = slice("amount", amount, n)?;
        let (date, date_field) = basis_date(&spec, due_date, issue_date)?;
        let customer = Column::new(n, Values::U32(customer), "uint32_t *");
        let cols = Columns { customer, currency, codes: &codes, date, date_field, amount, disputed };
        let table = age(&spec, cols, scale, threads)?.into_int_keys();
        *out = into_c(table, None)?;
        Ok(())
    })
}
