//! `arrears_call_json`: every operation of the core's wire format (`arrears::wire`), a JSON
//! request in and the canonical JSON response out, including those with no typed C call.

use std::ffi::c_char;
use std::ptr;

use crate::args::{c_string, out_null, text};
use crate::status::{guard, ArrearsStatus};

/// Runs a wire-format operation: `request_json` in, the canonical response JSON (compact, sorted
/// keys) in `*out_response_json`, to free with `arrears_string_free`. On failure
/// `*out_response_json` is NULL and the last error names the JSON path of the bad value.
///
/// Operations (requests and responses as in the core's `arrears::wire` docs and tests/vectors/):
/// - schedules and dates: `schedule`, `due_date`, `terms`, `round`, `currency`, `currencies`,
///   `version`;
/// - notation and presets: `parse_terms` (`{"text": "2/10 net 30", "options": {"eom": "uk",
///   "cut_off": 25}}`), `format_terms` (`{"terms": ...}`), `preset` (`{"name": "net_30"}`),
///   `presets` (`{}`);
/// - discounts: `settle` (what settles an installment on a date, partial payments),
///   `discount_cost` (nominal and effective annual cost);
/// - e-invoicing forms: `to_xrechnung` / `from_xrechnung` (`#SKONTO#` note lines),
///   `to_x12_itd` / `from_x12_itd`, `to_edifact_pat` / `from_edifact_pat`;
/// - reports: `aging`, `aging_merge` (open items as JSON; `arrears_aging` is the typed columnar
///   path), `dso`, `countback_dso`, `best_possible_dso`, `cei`, `payment_timing`, `allowance`,
///   `roll_rates`, `cash_forecast`;
/// - late charges: `interest` (one claim: its payments, a rule or a statutory preset, the period
///   breakdown), `late_fee`, `statement` and `statement_text` (a customer's statement of account,
///   typed JSON or the plain-text letter), `interest_presets`, `rate_table`, `rate_tables` (the
///   dated sample reference rates);
/// - payments: `allocate_payment` (one payment over a customer's items: strategies, installments,
///   discounts, tolerance, unapplied credit, two currencies), `payment_plan`, `plan_status`,
///   `promise_status`, `company_schedule`;
/// - collections: `dunning` (an item's `plan_state` / `promise_state` is the `status` that
///   `plan_status` / `promise_status` return for the day), `dunning_policy`, `worklist`,
///   `risk_score`, `assign_collectors`, `credit_check`.
///
/// Typed C helpers exist for the hot paths: `arrears_schedule`, `arrears_schedule_batch`,
/// `arrears_aging`, `arrears_aging_utf8`, and the `arrears_terms_*` handles; for late charges,
/// `arrears_interest`, `arrears_interest_batch`, `arrears_interest_batch_preset` and
/// `arrears_match_payments`; for payments, `arrears_allocate_batch`; for collections,
/// `arrears_worklist_batch`, `arrears_credit_check` and `arrears_risk_score` (dunning, collector
/// assignment and the worklist of objects go through this call).
#[no_mangle]
pub unsafe extern "C" fn arrears_call_json(
    op: *const c_char,
    request_json: *const c_char,
    out_response_json: *mut *mut c_char,
) -> ArrearsStatus {
    guard(|| {
        if out_response_json.is_null() {
            return Err(out_null("out_response_json"));
        }
        *out_response_json = ptr::null_mut();
        let op = text("op", op)?;
        let request = text("request_json", request_json)?;
        let response = arrears::call_json(op, request)?;
        *out_response_json = c_string(response).into_raw();
        Ok(())
    })
}
