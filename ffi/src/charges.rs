//! Late interest in C: one claim (`arrears_interest`, its breakdown in `ArrearsInterest`) and a
//! whole ledger over plain arrays (`arrears_interest_batch`, by the core's columnar
//! `interest_columns`), whose payments point at invoice rows; `arrears_match_payments` finds those
//! rows from invoice ids (Arrow-style utf8 columns). A rule is flat (`ArrearsInterestRule`: a fixed annual percent, day count,
//! compounding, grace, due-date roll) or, for reference-rate tables and floors, its wire JSON;
//! fees, statements, presets and the sample tables go through `arrears_call_json`.

use std::ffi::c_char;
use std::ptr;

use arrears::charges::{
    interest, interest_columns, match_payments, BatchRule, ChargeEvent, Claim, Compounding, DayCount, EventKind,
    Interest, InterestBatch, InterestColumns, InterestOptions, InterestRule, InterestStatus, InvoiceRows, PaymentRows,
    Unmatched,
};
use arrears::columnar::{Utf8Ids, Utf8IdsError};
use arrears::{Error, ErrorKind};

use crate::args::{copy_into, null_arg, out_null, slice, text};
use crate::calendar::{adjustment, calendar, ArrearsAdjustment, ArrearsCalendar, ARREARS_ADJUSTMENT_NONE};
use crate::money::{rounding, ArrearsRoundingMode, ARREARS_ROUND_HALF_UP};
use crate::status::{guard, invalid, ArrearsStatus, Failure};

/// How days become a fraction of a year (`ArrearsInterestRule.day_count`).
pub type ArrearsDayCount = i32;
/// Actual days over 365 (the default).
pub const ARREARS_DAY_COUNT_ACT_365: ArrearsDayCount = 0;
/// Actual days over 360.
pub const ARREARS_DAY_COUNT_ACT_360: ArrearsDayCount = 1;
/// Each day over its own year's length (365 or 366).
pub const ARREARS_DAY_COUNT_ACT_ACT: ArrearsDayCount = 2;
/// 30E/360.
pub const ARREARS_DAY_COUNT_30E_360: ArrearsDayCount = 3;

/// Compounding of interest (`ArrearsInterestRule.compounding`).
pub type ArrearsCompounding = i32;
/// Simple interest (the default).
pub const ARREARS_COMPOUNDING_NONE: ArrearsCompounding = 0;
/// Interest joins the principal every month from the first day of interest.
pub const ARREARS_COMPOUNDING_MONTHLY: ArrearsCompounding = 1;
/// Interest joins the principal every year from the first day of interest.
pub const ARREARS_COMPOUNDING_ANNUAL: ArrearsCompounding = 2;

/// Why a claim owes interest or not on the as-of date (`ArrearsInterest.status`,
/// `ArrearsInterestBatch.status`).
pub type ArrearsInterestStatus = i32;
/// The as-of date is not after the due date.
pub const ARREARS_INTEREST_NOT_DUE: ArrearsInterestStatus = 0;
/// Nothing was left owing on the due date.
pub const ARREARS_INTEREST_PAID_ON_TIME: ArrearsInterestStatus = 1;
/// Still open, but the grace period has not ended.
pub const ARREARS_INTEREST_WITHIN_GRACE: ArrearsInterestStatus = 2;
/// Paid in full within the grace period: no interest at all.
pub const ARREARS_INTEREST_PAID_WITHIN_GRACE: ArrearsInterestStatus = 3;
/// Interest runs (it may be zero at a zero rate).
pub const ARREARS_INTEREST_CHARGED: ArrearsInterestStatus = 4;

/// An interest rule at a fixed annual rate; start from `arrears_interest_rule_fixed(rate)`. A
/// rule with a reference-rate table (and a margin, a fixing mode, a floor) is given as its JSON
/// instead (`rule_json`, e.g. `{"reference": {"table": {"rates": [...]}, "margin": "9"}}`).
#[repr(C)]
pub struct ArrearsInterestRule {
    /// Annual percent as a decimal string (`"10.25"`), -100 ..= 1000 with at most 6 decimals.
    pub rate: *const c_char,
    /// An `ARREARS_DAY_COUNT_*` value.
    pub day_count: ArrearsDayCount,
    /// An `ARREARS_COMPOUNDING_*` value.
    pub compounding: ArrearsCompounding,
    /// Days after the due date within which a payment in full owes no interest at all.
    pub grace_days: u32,
    /// How a due date on a non-working day of the options' calendar rolls (`ARREARS_ADJUSTMENT_*`).
    pub due_date_roll: ArrearsAdjustment,
}

/// Options of the interest calls; start from `arrears_interest_options_default()`.
#[repr(C)]
pub struct ArrearsInterestOptions {
    /// An `ARREARS_ROUND_*` value.
    pub rounding: ArrearsRoundingMode,
    /// Decimal places instead of the ISO 4217 minor unit; negative = the currency's own.
    pub precision: i32,
    /// Cash-rounding increment as a decimal string, or NULL.
    pub cash_increment: *const c_char,
    /// The calendar of the rule's due-date roll; NULL = Saturday-Sunday weekend, no holidays.
    pub calendar: *const ArrearsCalendar,
    /// `arrears_interest_batch`: worker threads (0 = all cores from 50,000 invoices on).
    pub threads: usize,
    /// `arrears_interest_batch`: whether to give the breakdown (the `period_*` columns).
    pub breakdown: bool,
}

/// One line of the breakdown: days with one principal, one rate and one day basis.
#[repr(C)]
pub struct ArrearsInterestPeriod {
    /// First day of interest of the line, `YYYY-MM-DD`.
    pub from: [c_char; 11],
    /// Last day of interest of the line (inclusive), `YYYY-MM-DD`.
    pub to: [c_char; 11],
    /// Days counted.
    pub days: i64,
    /// Principal, decimal string.
    pub principal: [c_char; 64],
    /// Annual rate in percent, decimal string.
    pub rate: [c_char; 64],
    /// The year length the days are divided by.
    pub day_basis: u32,
    /// An `ARREARS_DAY_COUNT_*` value.
    pub day_count: ArrearsDayCount,
    /// Interest of the line, decimal string (the lines sum exactly to the total).
    pub interest: [c_char; 64],
}

/// The interest of one claim. Free with `arrears_interest_free`.
#[repr(C)]
pub struct ArrearsInterest {
    /// ISO 4217 code.
    pub currency: [c_char; 4],
    /// The due date after the rule's roll, `YYYY-MM-DD`.
    pub due_date: [c_char; 11],
    /// An `ARREARS_INTEREST_*` value.
    pub status: ArrearsInterestStatus,
    /// Days from the due date to the as-of date.
    pub days_late: i64,
    /// The principal left on the as-of date.
    pub principal: [c_char; 64],
    /// Paid beyond the principal (nothing accrues on it).
    pub unapplied: [c_char; 64],
    /// The interest, rounded once at the currency's precision.
    pub interest: [c_char; 64],
    /// Number of breakdown lines.
    pub periods_len: usize,
    /// The breakdown (NULL when `periods_len` is 0).
    pub periods: *mut ArrearsInterestPeriod,
}

/// A fixed-rate rule with the defaults: act/365, simple, no grace, no due-date roll. `rate` is
/// read by the call the rule is passed to, not here.
#[no_mangle]
pub extern "C" fn arrears_interest_rule_fixed(rate: *const c_char) -> ArrearsInterestRule {
    ArrearsInterestRule {
        rate,
        day_count: ARREARS_DAY_COUNT_ACT_365,
        compounding: ARREARS_COMPOUNDING_NONE,
        grace_days: 0,
        due_date_roll: ARREARS_ADJUSTMENT_NONE,
    }
}

/// Default interest options: half-up at the currency's precision, no cash rounding, the default
/// calendar, all threads, no breakdown.
#[no_mangle]
pub extern "C" fn arrears_interest_options_default() -> ArrearsInterestOptions {
    ArrearsInterestOptions {
        rounding: ARREARS_ROUND_HALF_UP,
        precision: -1,
        cash_increment: ptr::null(),
        calendar: ptr::null(),
        threads: 0,
        breakdown: false,
    }
}

fn day_count_code(d: DayCount) -> ArrearsDayCount {
    DayCount::ALL.iter().position(|x| *x == d).map_or(ARREARS_DAY_COUNT_ACT_365, |i| i as i32)
}

fn status_code(s: InterestStatus) -> ArrearsInterestStatus {
    match s {
        InterestStatus::NotDue => ARREARS_INTEREST_NOT_DUE,
        InterestStatus::PaidOnTime => ARREARS_INTEREST_PAID_ON_TIME,
        InterestStatus::WithinGrace => ARREARS_INTEREST_WITHIN_GRACE,
        InterestStatus::PaidWithinGrace => ARREARS_INTEREST_PAID_WITHIN_GRACE,
        InterestStatus::Charged => ARREARS_INTEREST_CHARGED,
    }
}

/// The rule of a call: exactly one of the flat `rule` and `rule_json`.
unsafe fn read_rule(rule: *const ArrearsInterestRule, rule_json: *const c_char) -> Result<InterestRule, Failure> {
    match (rule.is_null(), rule_json.is_null()) {
        (false, true) => {
            let r = &*rule;
            let rate = arrears::parse_amount("rule.rate", text("rule.rate", r.rate)?)?;
            let day_count =
                usize::try_from(r.day_count).ok().and_then(|i| DayCount::ALL.get(i).copied()).ok_or_else(|| {
                    invalid(
                        ErrorKind::InvalidRule,
                        "rule.day_count",
                        r.day_count,
                        "expected an ARREARS_DAY_COUNT_* value (0..3)",
                    )
                })?;
            let compounding = match r.compounding {
                ARREARS_COMPOUNDING_NONE => Compounding::None,
                ARREARS_COMPOUNDING_MONTHLY => Compounding::Monthly,
                ARREARS_COMPOUNDING_ANNUAL => Compounding::Annual,
                v => {
                    return Err(invalid(
                        ErrorKind::InvalidRule,
                        "rule.compounding",
                        v,
                        "expected an ARREARS_COMPOUNDING_* value (0..2)",
                    ))
                }
            };
            let mut out = InterestRule::fixed(rate);
            out.day_count = day_count;
            out.compounding = compounding;
            out.grace_days = r.grace_days;
            out.due_date_roll = adjustment(r.due_date_roll, "rule.due_date_roll")?;
            Ok(out)
        }
        (true, false) => {
            Ok(arrears::from_json::<InterestRule>(text("rule_json", rule_json)?).map_err(|e| e.within("rule"))?)
        }
        (true, true) => Err(null_arg("rule")),
        (false, false) => Err(invalid(ErrorKind::InvalidRequest, "rule", "", "give exactly one of rule and rule_json")),
    }
}

/// A rule's own errors (`rate`, `reference.table...`) named under `rule`, as the wire names them.
fn rule_field(e: Error) -> Error {
    let f = e.field();
    let rule_fields = ["rate", "reference", "floor", "grace_days", "day_count"];
    if rule_fields.iter().any(|r| f == *r || f.starts_with(&format!("{r}.")) || f.starts_with(&format!("{r}["))) {
        e.within("rule")
    } else {
        e
    }
}

unsafe fn options_of(options: *const ArrearsInterestOptions) -> Result<(InterestOptions, usize, bool), Failure> {
    if options.is_null() {
        return Ok((InterestOptions::default(), 0, false));
    }
    let o = &*options;
    let opts = InterestOptions {
        rounding: rounding(o.rounding, o.precision, o.cash_increment)?,
        calendar: calendar("calendar", o.calendar)?,
        since: None,
    };
    Ok((opts, o.threads, o.breakdown))
}

/// The late interest of one claim: `principal` (decimal string) in `currency`, due on
/// `due_date`, as of `as_of` (the last day of interest; dates `YYYY-MM-DD`), with `n_payments`
/// payments or credit notes (`payment_dates[k]`, `payment_amounts[k]`, both NULL when there are
/// none), each lowering the principal from the day after it. `invoice_date` may be NULL; no
/// payment may be dated before it. The rule is exactly one of `rule` (a fixed rate) and `rule_json` (any rule as
/// JSON, e.g. a reference table plus a margin). `options` may be NULL. On success `*out` holds
/// the interest and its breakdown, to free with `arrears_interest_free`; on failure it is NULL
/// and the last error names the field (`payments[0].date`, `payments[1].amount`, `rule.rate`,
/// `rule.reference.table.rates[1].from`...).
///
/// ```c
/// ArrearsInterestRule rule = arrears_interest_rule_fixed("10.25");
/// const char *dates[] = {"2025-03-11"}, *amounts[] = {"200.00"};
/// ArrearsInterest *r = NULL;
/// if (arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", dates, amounts, 1,
///                      &rule, NULL, NULL, &r) != ARREARS_OK) {
///     fprintf(stderr, "%s\n", arrears_last_error_message());
///     return 1;
/// }
/// for (size_t k = 0; k < r->periods_len; k++)
///     printf("%s..%s %s x %s%% = %s\n", r->periods[k].from, r->periods[k].to, r->periods[k].principal,
///            r->periods[k].rate, r->periods[k].interest);
/// printf("interest %s\n", r->interest);
/// arrears_interest_free(r);
/// ```
/// ```text
/// 2025-03-02..2025-03-11 1000.00 x 10.25% = 2.81
/// 2025-03-12..2025-03-31 800.00 x 10.25% = 4.49
/// interest 7.30
/// ```
#[no_mangle]
pub unsafe extern "C" fn arrears_interest(
    principal: *const c_char,
    currency: *const c_char,
    due_date: *const c_char,
    invoice_date: *const c_char,
    as_of: *const c_char,
    payment_dates: *const *const c_char,
    payment_amounts: *const *const c_char,
    n_payments: usize,
    rule: *const ArrearsInterestRule,
    rule_json: *const c_char,
    options: *const ArrearsInterestOptions,
    out: *mut *mut ArrearsInterest,
) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        let principal = arrears::parse_amount("principal", text("principal", principal)?)?;
        let currency = text("currency", currency)?;
        let due_date = arrears::parse_date("due_date", text("due_date", due_date)?)?;
        let invoice_date = if invoice_date.is_null() {
            None
        } else {
            Some(arrears::parse_date("invoice_date", text("invoice_date", invoice_date)?)?)
        };
        let as_of = arrears::parse_date("as_of", text("as_of", as_of)?)?;
        let dates = slice("payment_dates", payment_dates, n_payments)?;
        let amounts = slice("payment_amounts", payment_amounts, n_payments)?;
        let mut events = Vec::with_capacity(n_payments);
        for (k, (d, a)) in dates.iter().zip(amounts).enumerate() {
            let (df, af) = (format!("payment_dates[{k}]"), format!("payment_amounts[{k}]"));
            events.push(ChargeEvent {
                kind: EventKind::Payment,
                date: arrears::parse_date(&df, text(&df, *d)?)?,
                amount: arrears::parse_amount(&af, text(&af, *a)?)?,
                currency: None,
            });
        }
        let rule = read_rule(rule, rule_json)?;
        let (options, _, _) = options_of(options)?;
        let claim = Claim { principal, currency: currency.to_string(), due_date, invoice_date, events };
        let result = interest(&claim, &rule, as_of, &options).map_err(|e| {
            // the core names a payment `events[k].date`; here they are the payment arrays
            let e = rule_field(e);
            match e.field().strip_prefix("events[").and_then(|r| r.split_once("].")) {
                Some((k, "date")) => Error::new(e.kind(), format!("payment_dates[{k}]"), e.value(), e.reason()),
                Some((k, "amount")) => Error::new(e.kind(), format!("payment_amounts[{k}]"), e.value(), e.reason()),
                _ => e,
            }
        })?;
        *out = interest_to_c(&result);
        Ok(())
    })
}

/// The interest in its C form (owned by the caller until `arrears_interest_free`).
fn interest_to_c(r: &Interest) -> *mut ArrearsInterest {
    let periods: Box<[ArrearsInterestPeriod]> = r
        .periods
        .iter()
        .map(|p| {
            let mut c = ArrearsInterestPeriod {
                from: [0; 11],
                to: [0; 11],
                days: p.days,
                principal: [0; 64],
                rate: [0; 64],
                day_basis: p.day_basis,
                day_count: day_count_code(p.day_count),
                interest: [0; 64],
            };
            copy_into(&mut c.from, &arrears::format_date(p.from));
            copy_into(&mut c.to, &arrears::format_date(p.to));
            copy_into(&mut c.principal, &p.principal.to_string());
            copy_into(&mut c.rate, &p.rate.to_string());
            copy_into(&mut c.interest, &p.interest.to_string());
            c
        })
        .collect();
    let mut c = Box::new(ArrearsInterest {
        currency: [0; 4],
        due_date: [0; 11],
        status: status_code(r.status),
        days_late: r.days_late,
        principal: [0; 64],
        unapplied: [0; 64],
        interest: [0; 64],
        periods_len: periods.len(),
        periods: if periods.is_empty() { ptr::null_mut() } else { Box::into_raw(periods).cast() },
    });
    copy_into(&mut c.currency, &r.currency);
    copy_into(&mut c.due_date, &arrears::format_date(r.due_date));
    copy_into(&mut c.principal, &r.principal.to_string());
    copy_into(&mut c.unapplied, &r.unapplied.to_string());
    copy_into(&mut c.interest, &r.interest.to_string());
    Box::into_raw(c)
}

/// Frees a result of `arrears_interest` (NULL is fine).
#[no_mangle]
pub unsafe extern "C" fn arrears_interest_free(r: *mut ArrearsInterest) {
    if r.is_null() {
        return;
    }
    let r = Box::from_raw(r);
    if !r.periods.is_null() {
        drop(Box::from_raw(ptr::slice_from_raw_parts_mut(r.periods, r.periods_len)));
    }
}

/// The interest of a batch, columnar (one entry per invoice, or per selected row when the batch has
/// `rows`): `interest[i]` in minor units at `scales[currency[i]]`,
/// `status[i]` an `ARREARS_INTEREST_*` value. With `options->breakdown`, invoice `i`'s lines are
/// rows `period_offsets[i] .. period_offsets[i + 1]` of the `period_*` columns (otherwise
/// `periods` is 0 and those pointers are NULL). Free with `arrears_interest_batch_free`; do not
/// modify. An array of length 0 may be any non-NULL pointer: do not read it.
#[repr(C)]
pub struct ArrearsInterestBatch {
    /// Number of invoices computed (`n`, or `n_rows` with `rows`).
    pub invoices: usize,
    /// Interest per invoice, minor units of its currency.
    pub interest: *const i64,
    /// Status per invoice (`ARREARS_INTEREST_*`).
    pub status: *const i32,
    /// Number of scales (= the number of currencies given).
    pub scales_len: usize,
    /// Decimal places of each currency, in the order given.
    pub scales: *const u32,
    /// Number of breakdown lines.
    pub periods: usize,
    /// `invoices + 1` offsets into the `period_*` columns.
    pub period_offsets: *const u32,
    /// First day of each line (day number).
    pub period_from: *const i32,
    /// Last day of each line (day number, inclusive).
    pub period_to: *const i32,
    /// Days counted.
    pub period_days: *const i64,
    /// Principal, minor units.
    pub period_principal: *const i64,
    /// Annual rate in millionths of a percent (12.37 % is 12370000).
    pub period_rate: *const i64,
    /// Year length the days are divided by.
    pub period_day_basis: *const u16,
    /// Interest of the line, minor units.
    pub period_interest: *const i64,
    /// Under a preset (`arrears_interest_batch_preset`): per invoice, the day number of the first
    /// day of the preset's version it followed; NULL with a rule.
    pub version: *const i32,
}

#[repr(C)]
struct BatchOut {
    view: ArrearsInterestBatch,
    cols: InterestColumns,
    status: Vec<i32>,
}

/// The late interest of every invoice of a ledger in one call, each equal to `arrears_interest`
/// on the same claim. The invoice columns all have length `n`, the payment columns length `m`
/// (C cannot check array lengths):
/// - `due_date`: day numbers (days since 1970-01-01, see `arrears_day_number`);
/// - `amount`: owed at the due date, minor units of the invoice's currency (123456 = 1234.56 EUR;
///   the scale is the ISO 4217 minor unit, or `options->precision` when that is not negative);
/// - `currency`: index into `currencies` (`n_currencies` ISO 4217 codes);
/// - `issue_date`: invoice dates (day numbers), or NULL; no payment may be dated before its invoice's;
/// - `rows`: compute only these `n_rows` invoices (strictly ascending rows, e.g. the overdue ones),
///   or NULL for all `n`; the result then has one entry per selected row, in this order;
/// - `pay_invoice`: the row of each payment's invoice (`UINT32_MAX`: on no invoice, skipped);
/// - `pay_date`: payment dates (day numbers); `pay_amount`: positive, minor units.
///
/// The rule is exactly one of `rule` and `rule_json`; `as_of` is the last day of interest
/// (`YYYY-MM-DD`); `options` may be NULL. On success `*out` holds the columns, to free with
/// `arrears_interest_batch_free`; on failure it is NULL and the last error names the first bad
/// row's field as `arrears_interest` names it (`invoices[3].amount`, `invoices[7].currency`,
/// `payments[1].amount`, `payments[0].date`, `payments[2].invoice`), or the rule's field
/// (`rule.rate`; `rule.reference.table.rates` for a table that does not cover an invoice's days,
/// the invoice in the message).
#[no_mangle]
pub unsafe extern "C" fn arrears_interest_batch(
    rule: *const ArrearsInterestRule,
    rule_json: *const c_char,
    as_of: *const c_char,
    currencies: *const *const c_char,
    n_currencies: usize,
    due_date: *const i32,
    amount: *const i64,
    currency: *const u16,
    issue_date: *const i32,
    n: usize,
    rows: *const u32,
    n_rows: usize,
    pay_invoice: *const u32,
    pay_date: *const i32,
    pay_amount: *const i64,
    m: usize,
    options: *const ArrearsInterestOptions,
    out: *mut *mut ArrearsInterestBatch,
) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        let rule = read_rule(rule, rule_json)?;
        let cols =
            BatchCols { due_date, amount, currency, issue_date, n, rows, n_rows, pay_invoice, pay_date, pay_amount, m };
        *out = batch_run((&rule).into(), as_of, currencies, n_currencies, &cols, options)?;
        Ok(())
    })
}

/// `arrears_interest_batch` under a statutory preset instead of a rule: `preset_json` is the
/// `preset` of the `interest` operation (`{"name": "de_288_b2b", "reference_rates": {"rates":
/// [...]}, "obligation_date": "2024-05-01"}`; `arrears_call_json("rate_table", ...)` gives sample
/// rates). Each invoice's version of the preset follows `obligation_date` when given, else its
/// `issue_date`; the result's `version` column says which. Errors as `arrears_interest_batch`,
/// the preset's data under `preset.` (`preset.name`, `preset.obligation_date`,
/// `preset.reference_rates.rates`).
#[no_mangle]
pub unsafe extern "C" fn arrears_interest_batch_preset(
    preset_json: *const c_char,
    as_of: *const c_char,
    currencies: *const *const c_char,
    n_currencies: usize,
    due_date: *const i32,
    amount: *const i64,
    currency: *const u16,
    issue_date: *const i32,
    n: usize,
    rows: *const u32,
    n_rows: usize,
    pay_invoice: *const u32,
    pay_date: *const i32,
    pay_amount: *const i64,
    m: usize,
    options: *const ArrearsInterestOptions,
    out: *mut *mut ArrearsInterestBatch,
) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        let request: arrears::wire::PresetRequest =
            arrears::from_json(text("preset_json", preset_json)?).map_err(|e| e.within("preset"))?;
        let (preset, input) = request.resolve()?;
        let cols =
            BatchCols { due_date, amount, currency, issue_date, n, rows, n_rows, pay_invoice, pay_date, pay_amount, m };
        *out = batch_run(BatchRule::Preset { preset, input: &input }, as_of, currencies, n_currencies, &cols, options)?;
        Ok(())
    })
}

/// The column pointers of a batch call.
#[derive(Clone, Copy)]
struct BatchCols {
    due_date: *const i32,
    amount: *const i64,
    currency: *const u16,
    issue_date: *const i32,
    n: usize,
    rows: *const u32,
    n_rows: usize,
    pay_invoice: *const u32,
    pay_date: *const i32,
    pay_amount: *const i64,
    m: usize,
}

/// The batch over the caller's arrays, its result boxed for the caller.
unsafe fn batch_run(
    rule: BatchRule<'_>,
    as_of: *const c_char,
    currencies: *const *const c_char,
    n_currencies: usize,
    c: &BatchCols,
    options: *const ArrearsInterestOptions,
) -> Result<*mut ArrearsInterestBatch, Failure> {
    {
        let BatchCols { due_date, amount, currency, issue_date, n, rows, n_rows, pay_invoice, pay_date, pay_amount, m } =
            *c;
        let as_of = arrears::parse_date("as_of", text("as_of", as_of)?)?;
        let mut codes = Vec::with_capacity(n_currencies);
        for (j, p) in slice("currencies", currencies, n_currencies)?.iter().enumerate() {
            codes.push(text(&format!("currencies[{j}]"), *p)?);
        }
        let (options, threads, breakdown) = options_of(options)?;
        let invoices = InvoiceRows {
            due_date: slice("due_date", due_date, n)?,
            amount: slice("amount", amount, n)?,
            currency: slice("currency", currency, n)?,
            currencies: &codes,
            issue_date: if issue_date.is_null() { None } else { Some(slice("issue_date", issue_date, n)?) },
            rows: if rows.is_null() { None } else { Some(slice("rows", rows, n_rows)?) },
        };
        let payments = PaymentRows {
            invoice: slice("pay_invoice", pay_invoice, m)?,
            date: slice("pay_date", pay_date, m)?,
            amount: slice("pay_amount", pay_amount, m)?,
        };
        let batch =
            InterestBatch { rule, as_of, rounding: &options.rounding, calendar: &options.calendar, threads, breakdown };
        let cols = interest_columns(&batch, &invoices, &payments)?;
        let status: Vec<i32> = cols.status.iter().map(|&s| status_code(s)).collect();
        let mut o = Box::new(BatchOut {
            view: ArrearsInterestBatch {
                invoices: cols.interest.len(),
                interest: ptr::null(),
                status: ptr::null(),
                scales_len: cols.scales.len(),
                scales: ptr::null(),
                periods: 0,
                period_offsets: ptr::null(),
                period_from: ptr::null(),
                period_to: ptr::null(),
                period_days: ptr::null(),
                period_principal: ptr::null(),
                period_rate: ptr::null(),
                period_day_basis: ptr::null(),
                period_interest: ptr::null(),
                version: ptr::null(),
            },
            cols,
            status,
        });
        // The pointers are taken from the vectors where they live now, inside the box.
        let (c, s) = (&o.cols, &o.status);
        let mut v = ArrearsInterestBatch {
            interest: c.interest.as_ptr(),
            status: s.as_ptr(),
            scales: c.scales.as_ptr(),
            ..o.view
        };
        if let Some(p) = &c.periods {
            v.periods = p.interest.len();
            v.period_offsets = p.offsets.as_ptr();
            v.period_from = p.from.as_ptr();
            v.period_to = p.to.as_ptr();
            v.period_days = p.days.as_ptr();
            v.period_principal = p.principal.as_ptr();
            v.period_rate = p.rate.as_ptr();
            v.period_day_basis = p.day_basis.as_ptr();
            v.period_interest = p.interest.as_ptr();
        }
        if !c.version.is_empty() {
            v.version = c.version.as_ptr();
        }
        o.view = v;
        Ok(Box::into_raw(o).cast())
    }
}

/// Frees a result of `arrears_interest_batch` (NULL is fine).
#[no_mangle]
pub unsafe extern "C" fn arrears_interest_batch_free(batch: *mut ArrearsInterestBatch) {
    if !batch.is_null() {
        drop(Box::from_raw(batch.cast::<BatchOut>()));
    }
}

/// An id column given as Arrow-style utf8 (`rows + 1` offsets into `data_len` bytes), checked by
/// the core's `Utf8Ids`; errors name `<name>_offsets[i]`.
pub(crate) unsafe fn id_column<'a>(
    name: &str,
    offsets: *const i32,
    data: *const u8,
    data_len: usize,
    rows: usize,
) -> Result<Utf8Ids<'a>, Failure> {
    let field = format!("{name}_offsets");
    if rows == 0 {
        return Utf8Ids::try_new(&[], &[], None, 0)
            .map_err(|e| invalid(ErrorKind::InvalidRequest, &field, 0, &e.to_string()));
    }
    let Some(len) = rows.checked_add(1) else {
        return Err(invalid(ErrorKind::InvalidRequest, &field, rows, "too many rows"));
    };
    let offsets = slice(&field, offsets, len)?;
    let data = slice(&format!("{name}_data"), data, data_len)?;
    Utf8Ids::try_new(offsets, data, None, rows).map_err(|e| match e {
        Utf8IdsError::NegativeOffset { index, offset } => {
            invalid(ErrorKind::InvalidRequest, &format!("{field}[{index}]"), offset, "an offset is at least 0")
        }
        Utf8IdsError::DecreasingOffset { index, offset, previous } => invalid(
            ErrorKind::InvalidRequest,
            &format!("{field}[{index}]"),
            offset,
            &format!("offsets must not decrease ({field}[{}] is {previous})", index - 1),
        ),
        Utf8IdsError::PastData { index, offset, data_len } => invalid(
            ErrorKind::InvalidRequest,
            &format!("{field}[{index}]"),
            offset,
            &format!("past the end of {name}_data ({name}_data_len is {data_len})"),
        ),
        // rows + 1 offsets were taken and there is no validity bitmap: these cannot happen
        other => invalid(ErrorKind::InvalidRequest, &field, "", &other.to_string()),
    })
}

/// Matches payments to their invoices by id, for `arrears_interest_batch`'s `pay_invoice`: writes
/// the invoice row of payment `j` to `out_invoice[j]` (`m` entries). Ids are Arrow-style utf8
/// columns: invoice `i`'s id is the bytes `invoice_id_data[invoice_id_offsets[i] ..
/// invoice_id_offsets[i + 1]]` (`n + 1` offsets, at least 0, none decreasing, within the
/// `invoice_id_data_len` bytes), payment `j`'s likewise (`m + 1` offsets); ids compare as bytes.
/// Only the invoices of `rows` (`n_rows` rows, e.g. the overdue ones) are looked up, all when
/// `rows` is NULL; their ids must be unique. A payment on no invoice looked up is an
/// error naming it (`payments[j].invoice_id`), or, with `skip_unmatched`, gets `UINT32_MAX`
/// (which `arrears_interest_batch` skips). `threads` 0 = all cores.
#[no_mangle]
pub unsafe extern "C" fn arrears_match_payments(
    invoice_id_offsets: *const i32,
    invoice_id_data: *const u8,
    invoice_id_data_len: usize,
    n: usize,
    payment_id_offsets: *const i32,
    payment_id_data: *const u8,
    payment_id_data_len: usize,
    m: usize,
    rows: *const u32,
    n_rows: usize,
    skip_unmatched: bool,
    threads: usize,
    out_invoice: *mut u32,
) -> ArrearsStatus {
    guard(|| {
        if out_invoice.is_null() && m > 0 {
            return Err(out_null("out_invoice"));
        }
        let inv = id_column("invoice_id", invoice_id_offsets, invoice_id_data, invoice_id_data_len, n)?;
        let pay = id_column("payment_id", payment_id_offsets, payment_id_data, payment_id_data_len, m)?;
        if !(out_invoice as usize).is_multiple_of(std::mem::align_of::<u32>()) {
            return Err(invalid(
                ErrorKind::InvalidRequest,
                "out_invoice",
                format!("{out_invoice:p}"),
                "the array is not aligned to 4 bytes",
            ));
        }
        let rows = if rows.is_null() { None } else { Some(slice("rows", rows, n_rows)?) };
        let unmatched = if skip_unmatched { Unmatched::Skip } else { Unmatched::Error };
        let found = match_payments(&inv, &pay, rows, unmatched, threads)?;
        if m > 0 {
            std::slice::from_raw_parts_mut(out_invoice, m).copy_from_slice(&found);
        }
        Ok(())
    })
}
