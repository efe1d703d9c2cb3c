//! Aging by string customer ids, `arrears_aging_utf8`: the ids come as an Arrow-style utf8
//! column, checked by the core's `Utf8Ids` and aged by its columnar entry (`age_batches`, as
//! `arrears_aging` is); this file only renames the fields and maps the errors to this API's
//! terms.

use std::ffi::c_char;
use std::ptr;

use arrears::columnar::{Column, Utf8Ids, Utf8IdsError, Values};
use arrears::{Currency, ErrorKind};

use crate::aging::{age, aging_spec, basis_date, currency_codes, disputed_bytes, ArrearsAgingSpec, Columns};
use crate::aging_result::{into_c, ArrearsAging};
use crate::args::{out_null, slice};
use crate::status::{boundary, guard, invalid, ArrearsStatus, Failure, ARREARS_INVALID_UTF8, ARREARS_PANIC};

/// The customer ids of `arrears_aging_utf8`, checked by the core's `Utf8Ids` (offsets at least
/// 0, none decreasing, within `id_data`; every id UTF-8, of any length), errors named in
/// this API's terms: the offset (`id_offsets[i]`) or the first bad row (`items[i].customer`).
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
    match ids.first_bad(None) {
        None => Ok(ids),
        Some(bad) => {
            let row = bad.row();
            let id = ids.get(row);
            let field = format!("items[{row}].customer");
            let why = std::str::from_utf8(id)
                .err()
                .map_or_else(|| "a UTF-8 character is split between two ids".to_string(), |e| e.to_string());
            Err(Failure {
                status: ARREARS_INVALID_UTF8,
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
/// bytes). Every id must be valid UTF-8, of any length (the empty id is one id; ids of up to 15
/// bytes are grouped as packed integers, longer ones interned first). The other arguments are
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
/// id (`items[7].customer`: `ARREARS_INVALID_UTF8`), or the first bad row (`items[3].currency`, `items[17].due_date`, `items[5].disputed`), as
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
        let (date, date_field) = basis_date(&spec, due_date, issue_date)?;
        let customer = Column::new(n, Values::Utf8 { offsets: ids.offsets(), data: ids.data() }, "utf8");
        let cols = Columns { customer, currency, codes: &codes, date, date_field, amount, disputed };
        let aged = age(&spec, cols, scale, threads)?;
        let Some(customers) = aged.customers.into_bytes() else {
            // a utf8 column gives string ids, never integers
            return Err(boundary(
                ARREARS_PANIC,
                "internal",
                "customer",
                "internal error in arrears: a checked id did not pack (please report it)".into(),
            ));
        };
        *out = into_c(aged.table, Some(customers))?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aging::{
        arrears_aging, arrears_aging_spec_default, ArrearsCredits, ARREARS_CREDITS_NET, ARREARS_CREDITS_SEPARATE,
    };
    use crate::aging_result::{arrears_aging_free, arrears_aging_merge};
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

    /// `arrears_aging_utf8` on these ids (`offsets.len() - 1` rows), each row 1.00 due on day
    /// 20000 in currency `currency` of the list `["EUR"]`.
    unsafe fn eur_rows(
        offsets: &[i32],
        bytes: &[u8],
        currency: u16,
        spec: &ArrearsAgingSpec,
        out: &mut *mut ArrearsAging,
    ) -> ArrearsStatus {
        let n = offsets.len() - 1;
        let codes = [c"EUR".as_ptr()];
        arrears_aging_utf8(
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
            spec,
            out,
        )
    }

    #[test]
    fn utf8_errors_name_the_offset_or_row() {
        let spec = spec(ARREARS_CREDITS_NET, 1);
        let run = |offsets: &[i32], bytes: &[u8], currency: u16| unsafe {
            let mut out = ptr::null_mut();
            let st = eur_rows(offsets, bytes, currency, &spec, &mut out);
            assert!(out.is_null());
            let field = CStr::from_ptr(crate::arrears_last_error_field()).to_str().unwrap().to_string();
            (st, field)
        };
        assert_eq!(run(&[0, 2, 1], b"AB", 0), (crate::ARREARS_INVALID_REQUEST, "id_offsets[2]".into()));
        assert_eq!(run(&[-1, 1], b"AB", 0), (crate::ARREARS_INVALID_REQUEST, "id_offsets[0]".into()));
        assert_eq!(run(&[0, 3], b"AB", 0), (crate::ARREARS_INVALID_REQUEST, "id_offsets[1]".into()));
        assert_eq!(run(&[0, 1, 2], b"A\xff", 0), (crate::ARREARS_INVALID_UTF8, "items[1].customer".into()));
        assert_eq!(run(&[0, 1, 2], b"AB", 1), (crate::ARREARS_INVALID_REQUEST, "items[0].currency".into()));
    }

    #[test]
    fn ids_of_any_length_age_and_merge_by_their_bytes() {
        let spec = spec(ARREARS_CREDITS_NET, 2);
        let age = |ids: &[&str]| unsafe {
            let (mut offsets, mut bytes) = (vec![0i32], Vec::new());
            for id in ids {
                bytes.extend_from_slice(id.as_bytes());
                offsets.push(bytes.len() as i32);
            }
            let mut out = ptr::null_mut();
            let st = eur_rows(&offsets, &bytes, 0, &spec, &mut out);
            assert_eq!(st, crate::ARREARS_OK);
            out
        };
        let guid = "6f9619ff-8b86-d011-b42d-00cf4fc964ff"; // 36 bytes
        unsafe {
            let a = age(&[guid, "X", guid, "a customer id of 25 bytes"]);
            let rows: Vec<(String, i64)> =
                rows_of(a).into_iter().map(|r| (String::from_utf8(r.0).unwrap(), r.3)).collect();
            assert_eq!(rows, [(guid.to_string(), 200), ("X".into(), 100), ("a customer id of 25 bytes".into(), 100)]);
            let b = age(&["ACME", guid]);
            let mut m = ptr::null_mut();
            assert_eq!(arrears_aging_merge(a, b, &mut m), crate::ARREARS_OK);
            let rows: Vec<(String, i64)> =
                rows_of(m).into_iter().map(|r| (String::from_utf8(r.0).unwrap(), r.3)).collect();
            let want = [(guid, 300), ("ACME", 100), ("X", 100), ("a customer id of 25 bytes", 100)];
            assert_eq!(rows, want.map(|(id, t)| (id.to_string(), t)));
            for p in [a, b, m] {
                arrears_aging_free(p);
            }
        }
    }
}
