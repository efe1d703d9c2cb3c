//! Collections in C: the worklist of a whole ledger over plain arrays (`arrears_worklist_batch`,
//! by the core's columnar `worklist_columns`: open and closed invoices and payments, ids as
//! Arrow-style utf8 columns). Dunning, risk scores, collector assignment and the rest go through
//! `arrears_call_json` (their shapes are nested).

use std::ffi::{c_char, CString};
use std::ptr;

use arrears::collections::{
    worklist_columns, InvoiceColumns, PaymentColumns, WorklistColumns, WorklistConfig, WorklistRow,
};
use arrears::ErrorKind;

use crate::args::{c_string, copy_into, out_null, slice, text};
use crate::charges::id_column;
use crate::status::{guard, invalid, ArrearsStatus, Failure};

/// Invoices for `arrears_worklist_batch`, `n` rows. Ids are Arrow-style utf8 columns: row `i`'s
/// invoice id is the bytes `invoice_id_data[invoice_id_offsets[i] .. invoice_id_offsets[i + 1]]`
/// (`n + 1` offsets), likewise its customer; ids of any length. Open invoices also need
/// `currency` (an index into the call's `currencies`) and `open_amount` (minor units at the call's
/// `scale`); `disputed` (0 or 1) may be NULL. Closed invoices (history only) need only the ids and
/// `due_date` (`currency`, `open_amount` and `disputed` are ignored: pass NULL).
#[repr(C)]
pub struct ArrearsWorklistInvoices {
    /// `n + 1` offsets into `invoice_id_data`.
    pub invoice_id_offsets: *const i32,
    /// The invoice ids' bytes.
    pub invoice_id_data: *const u8,
    /// Bytes in `invoice_id_data`.
    pub invoice_id_data_len: usize,
    /// `n + 1` offsets into `customer_data`.
    pub customer_offsets: *const i32,
    /// The customer ids' bytes.
    pub customer_data: *const u8,
    /// Bytes in `customer_data`.
    pub customer_data_len: usize,
    /// Due dates (day numbers, see `arrears_day_number`).
    pub due_date: *const i32,
    /// Open invoices: index of each row's currency in `currencies`.
    pub currency: *const u16,
    /// Open invoices: open amounts in minor units (items of zero or less are not chased).
    pub open_amount: *const i64,
    /// Open invoices: 1 = disputed, 0 = not; NULL = none is.
    pub disputed: *const u8,
    /// Rows.
    pub n: usize,
}

/// Payments for `arrears_worklist_batch`, `m` rows: the id of the invoice each pays (Arrow-style
/// utf8; a payment on no invoice is left out), its date and amount (minor units of any one
/// scale: they weigh the late days).
#[repr(C)]
pub struct ArrearsWorklistPayments {
    /// `m + 1` offsets into `invoice_id_data`.
    pub invoice_id_offsets: *const i32,
    /// The ids' bytes.
    pub invoice_id_data: *const u8,
    /// Bytes in `invoice_id_data`.
    pub invoice_id_data_len: usize,
    /// Payment dates (day numbers; after the as-of date: left out).
    pub paid_date: *const i32,
    /// Amounts.
    pub amount: *const i64,
    /// Rows.
    pub m: usize,
}

/// One part of a row's score.
#[repr(C)]
pub struct ArrearsScoreComponent {
    /// `amount`, `age`, `history` (product) or `overdue_1-30`, `days_past_due`... (points).
    pub name: *const c_char,
    /// The points it adds or the factor it multiplies by, a decimal string.
    pub value: [c_char; 64],
    /// Its input in words (`"1234.00 EUR × 1.5"`).
    pub basis: *const c_char,
}

/// A ranked row of the worklist.
#[repr(C)]
pub struct ArrearsWorklistRow {
    /// 1 for the first row.
    pub rank: usize,
    /// The customer's id.
    pub customer: *const c_char,
    /// The row's currency (the reporting currency when rows are customers).
    pub currency: *const c_char,
    /// The overdue amount counted, a decimal string.
    pub overdue: [c_char; 64],
    /// Items overdue.
    pub n_overdue: u64,
    /// Days past due of the oldest item.
    pub max_dpd: i32,
    /// Amount-weighted average days late of the customer's payments (floored).
    pub avg_late: i64,
    /// Disputed overdue amount left out of the score, a decimal string.
    pub disputed: [c_char; 64],
    /// The score, a decimal string.
    pub score: [c_char; 64],
    /// Number of components.
    pub components_len: usize,
    /// The score's components.
    pub components: *const ArrearsScoreComponent,
}

/// The worklist: `rows_len` rows by rank. Free with `arrears_worklist_free`; do not modify.
#[repr(C)]
pub struct ArrearsWorklist {
    /// Number of rows.
    pub rows_len: usize,
    /// The rows (NULL when there are none).
    pub rows: *const ArrearsWorklistRow,
}

#[repr(C)]
struct WorklistOut {
    view: ArrearsWorklist,
    rows: Vec<ArrearsWorklistRow>,
    components: Vec<Vec<ArrearsScoreComponent>>,
    strings: Vec<CString>,
}

/// The invoice columns of `table` (`invoices`, `closed`).
unsafe fn invoices<'a>(
    table: &str,
    inv: &'a ArrearsWorklistInvoices,
    open: bool,
) -> Result<InvoiceColumns<'a>, Failure> {
    let n = inv.n;
    let f = |c: &str| format!("{table}.{c}");
    let invoice_id =
        id_column(&f("invoice_id"), inv.invoice_id_offsets, inv.invoice_id_data, inv.invoice_id_data_len, n)?;
    let customer = id_column(&f("customer"), inv.customer_offsets, inv.customer_data, inv.customer_data_len, n)?;
    let due_date = slice(&f("due_date"), inv.due_date, n)?;
    if !open {
        return Ok(InvoiceColumns { invoice_id, customer, due_date, currency: &[], open_amount: &[], disputed: None });
    }
    let disputed = if inv.disputed.is_null() {
        None
    } else {
        let d = slice(&f("disputed"), inv.disputed, n)?;
        if let Some(i) = d.iter().position(|&x| x > 1) {
            return Err(invalid(
                ErrorKind::InvalidRequest,
                &format!("{table}[{i}].disputed"),
                d[i],
                "1 (disputed) or 0",
            ));
        }
        // 0 and 1 are the bytes of `false` and `true`
        Some(std::slice::from_raw_parts(d.as_ptr().cast::<bool>(), n))
    };
    Ok(InvoiceColumns {
        invoice_id,
        customer,
        due_date,
        currency: slice(&f("currency"), inv.currency, n)?,
        open_amount: slice(&f("open_amount"), inv.open_amount, n)?,
        disputed,
    })
}

fn rows_out(found: Vec<WorklistRow>) -> Box<WorklistOut> {
    let mut o = WorklistOut {
        view: ArrearsWorklist { rows_len: 0, rows: ptr::null() },
        rows: Vec::new(),
        components: Vec::new(),
        strings: Vec::new(),
    };
    // the pointers are into the CStrings' and inner vectors' heap buffers, which do not move
    let keep = |s: &str, strings: &mut Vec<CString>| {
        let c = c_string(s.to_string());
        let p = c.as_ptr();
        strings.push(c);
        p
    };
    for r in &found {
        let comps: Vec<ArrearsScoreComponent> = r
            .components
            .iter()
            .map(|c| {
                let mut out =
                    ArrearsScoreComponent { name: keep(&c.name, &mut o.strings), value: [0; 64], basis: ptr::null() };
                out.basis = keep(&c.basis, &mut o.strings);
                copy_into(&mut out.value, &c.value.to_string());
                out
            })
            .collect();
        let mut row = ArrearsWorklistRow {
            rank: r.rank,
            customer: keep(&r.customer, &mut o.strings),
            currency: keep(&r.currency, &mut o.strings),
            overdue: [0; 64],
            n_overdue: r.n_overdue,
            max_dpd: r.max_dpd,
            avg_late: r.avg_late,
            disputed: [0; 64],
            score: [0; 64],
            components_len: comps.len(),
            components: if comps.is_empty() { ptr::null() } else { comps.as_ptr() },
        };
        copy_into(&mut row.overdue, &r.overdue.to_string());
        copy_into(&mut row.disputed, &r.disputed.to_string());
        copy_into(&mut row.score, &r.score.to_string());
        o.rows.push(row);
        o.components.push(comps);
    }
    o.view =
        ArrearsWorklist { rows_len: o.rows.len(), rows: if o.rows.is_empty() { ptr::null() } else { o.rows.as_ptr() } };
    Box::new(o)
}

/// The collection worklist of a ledger in one call (the same rows as the `worklist` operation of
/// `arrears_call_json`, over columns, on every core from 50,000 invoices on).
///
/// `config_json` is the wire `WorklistConfig` (`{"as_of": "2025-06-30", "top_k": 100, "fx":
/// {"USD": "0.92"}, "scoring": {"product": {...}}}`: the day, rows kept, rates into the
/// reporting currency, the scoring model, groups). `currencies` are the `n_currencies` codes the
/// open invoices' `currency` indexes; `scale` the decimals of their open amounts (2: cents).
/// `closed` (history only) and `payments` may be NULL. `threads` 0 = automatic.
///
/// On success `*out` holds the rows, to free with `arrears_worklist_free`; on failure it is NULL
/// and the last error names the field and value: `config.fx.USD`, `invoices[3].currency` (not an
/// index into `currencies`), `currencies[1]` (no rate), `invoices[2].disputed`,
/// `payments.invoice_id_offsets[4]`, `invoices[7].customer` (an id that is not UTF-8).
///
/// ```c
/// int32_t a = 0; arrears_day_number("2025-06-30", &a);
/// int32_t off[] = {0, 2, 4}, cust_off[] = {0, 4, 8};
/// int32_t due[] = {a - 60, a - 5};
/// uint16_t cur[] = {0, 0};
/// int64_t open_amount[] = {50000, 8000};
/// const char *codes[] = {"EUR"};
/// ArrearsWorklistInvoices inv = {off, (const uint8_t *)"I1I2", 4, cust_off, (const uint8_t *)"ACMEBETA", 8,
///                                due, cur, open_amount, NULL, 2};
/// ArrearsWorklist *w = NULL;
/// if (arrears_worklist_batch("{\"as_of\": \"2025-06-30\"}", codes, 1, 2, &inv, NULL, NULL, 0, &w) == ARREARS_OK) {
///     for (size_t i = 0; i < w->rows_len; i++)
///         printf("%zu %s %s %s\n", w->rows[i].rank, w->rows[i].customer, w->rows[i].overdue, w->rows[i].score);
///     arrears_worklist_free(w);
/// }
/// ```
/// ```text
/// 1 ACME 500.00 1350
/// 2 BETA 80.00 130
/// ```
#[no_mangle]
pub unsafe extern "C" fn arrears_worklist_batch(
    config_json: *const c_char,
    currencies: *const *const c_char,
    n_currencies: usize,
    scale: u32,
    open: *const ArrearsWorklistInvoices,
    closed: *const ArrearsWorklistInvoices,
    payments: *const ArrearsWorklistPayments,
    threads: usize,
    out: *mut *mut ArrearsWorklist,
) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        let config: WorklistConfig =
            arrears::from_json(text("config_json", config_json)?).map_err(|e| e.within("config"))?;
        config.validate().map_err(|e| e.within("config"))?;
        let mut codes = Vec::with_capacity(n_currencies);
        for (j, p) in slice("currencies", currencies, n_currencies)?.iter().enumerate() {
            codes.push(text(&format!("currencies[{j}]"), *p)?);
        }
        if scale > 18 {
            return Err(invalid(ErrorKind::InvalidPrecision, "scale", scale, "decimals of minor units: 0..=18"));
        }
        let Some(open) = open.as_ref() else { return Err(crate::args::null_arg("open")) };
        let open_cols = invoices("invoices", open, true)?;
        let closed_cols = match closed.as_ref() {
            Some(c) => Some(invoices("closed", c, false)?),
            None => None,
        };
        let pay = match payments.as_ref() {
            Some(p) => PaymentColumns {
                invoice_id: id_column(
                    "payments.invoice_id",
                    p.invoice_id_offsets,
                    p.invoice_id_data,
                    p.invoice_id_data_len,
                    p.m,
                )?,
                paid_date: slice("payments.paid_date", p.paid_date, p.m)?,
                amount: slice("payments.amount", p.amount, p.m)?,
            },
            None => PaymentColumns {
                invoice_id: id_column("payments.invoice_id", ptr::null(), ptr::null(), 0, 0)?,
                paid_date: &[],
                amount: &[],
            },
        };
        let cols = WorklistColumns { open: open_cols, closed: closed_cols, payments: pay, currencies: &codes, scale };
        let rows = worklist_columns(&cols, &config, threads).map_err(|e| match e.field().strip_prefix("open") {
            Some(rest) if rest.starts_with(['.', '[']) => {
                arrears::Error::new(e.kind(), format!("invoices{rest}"), e.value(), e.reason())
            }
            _ => e,
        })?;
        *out = Box::into_raw(rows_out(rows)).cast();
        Ok(())
    })
}

/// Frees a result of `arrears_worklist_batch` (NULL is fine).
#[no_mangle]
pub unsafe extern "C" fn arrears_worklist_free(w: *mut ArrearsWorklist) {
    if !w.is_null() {
        drop(Box::from_raw(w.cast::<WorklistOut>()));
    }
}
