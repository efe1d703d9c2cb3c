//! Typed collections calls whose shapes are flat: a credit check for a new order
//! (`arrears_credit_check`) and a customer's risk score from flat payment-history arrays
//! (`arrears_risk_score`). Amounts are decimal strings, dates day numbers in the arrays; the
//! results carry their reasons, rule by rule or component by component.

use std::ffi::{c_char, CString};
use std::ptr;

use arrears::collections::{
    credit_check, risk_score, CreditRequest, CreditRules, Decision, RiskInput, RiskPayment, RiskWeights, Tier,
};
use arrears::rust_decimal::Decimal;
use arrears::ErrorKind;

use crate::args::{c_string, copy_into, null_arg, out_null, slice, text};
use crate::status::{guard, invalid, ArrearsStatus, Failure};

/// A credit decision (`ArrearsCreditDecision.decision`, `ArrearsCreditReason.decision`).
pub type ArrearsCreditDecisionKind = i32;
/// Release the order.
pub const ARREARS_CREDIT_APPROVE: ArrearsCreditDecisionKind = 0;
/// A person decides.
pub const ARREARS_CREDIT_REVIEW: ArrearsCreditDecisionKind = 1;
/// Do not release it.
pub const ARREARS_CREDIT_HOLD: ArrearsCreditDecisionKind = 2;

/// A customer's position, the new order and the rules; start from
/// `arrears_credit_request_default()` (the default rules) and set the amounts. Amounts are
/// decimal strings; NULL is `"0"` for `open_orders`, `collateral` and `deposits`.
#[repr(C)]
pub struct ArrearsCreditRequest {
    /// The customer's id (NULL: empty).
    pub customer: *const c_char,
    /// The credit limit (not negative).
    pub credit_limit: *const c_char,
    /// Open receivables, net of credits.
    pub open_receivables: *const c_char,
    /// Open orders not yet invoiced, or NULL.
    pub open_orders: *const c_char,
    /// Collateral held (guarantees, credit insurance cover), or NULL.
    pub collateral: *const c_char,
    /// Deposits and prepayments held, or NULL.
    pub deposits: *const c_char,
    /// The new order (not negative).
    pub order: *const c_char,
    /// Days past due of the customer's oldest open item (0: none overdue).
    pub max_days_overdue: i32,
    /// Whether a payment plan of the customer is broken (`plan_status` on the day says `broken`).
    pub plan_broken: bool,
    /// Rule: hold while an item is this many days past due or more; 0 = no such rule (61).
    pub hold_days_overdue: i32,
    /// Rule: review while an item is this many days past due or more; 0 = no such rule (31).
    pub review_days_overdue: i32,
    /// Rule: hold while a payment plan is broken (true).
    pub hold_if_plan_broken: bool,
    /// Rule: review when the order would use this percent of the limit or more, a decimal
    /// string; NULL = no such rule (`"90"`).
    pub review_use_percent: *const c_char,
}

/// A rule that decided, and why.
#[repr(C)]
pub struct ArrearsCreditReason {
    /// `over_limit`, `overdue`, `plan_broken`, `limit_use` or `within_limit`.
    pub rule: [c_char; 16],
    /// What it asks for (`ARREARS_CREDIT_*`).
    pub decision: ArrearsCreditDecisionKind,
    /// In words.
    pub detail: *const c_char,
}

/// The result of `arrears_credit_check`. Free with `arrears_credit_decision_free`.
#[repr(C)]
pub struct ArrearsCreditDecision {
    /// The strictest decision of the rules met (`ARREARS_CREDIT_*`).
    pub decision: ArrearsCreditDecisionKind,
    /// Open receivables + open orders − collateral − deposits, at least 0.
    pub exposure: [c_char; 64],
    /// Limit − exposure, before the order (negative when over).
    pub available: [c_char; 64],
    /// Limit − exposure − order.
    pub available_after: [c_char; 64],
    /// Number of reasons.
    pub reasons_len: usize,
    /// The rules met, strictest first.
    pub reasons: *const ArrearsCreditReason,
}

#[repr(C)]
struct CreditOut {
    view: ArrearsCreditDecision,
    reasons: Vec<ArrearsCreditReason>,
    strings: Vec<CString>,
}

/// The default request: no amounts yet (set `credit_limit`, `open_receivables` and `order`), the
/// default rules (hold from 61 days past due or a broken plan, review from 31 days or 90 % use).
#[no_mangle]
pub extern "C" fn arrears_credit_request_default() -> ArrearsCreditRequest {
    ArrearsCreditRequest {
        customer: ptr::null(),
        credit_limit: ptr::null(),
        open_receivables: ptr::null(),
        open_orders: ptr::null(),
        collateral: ptr::null(),
        deposits: ptr::null(),
        order: ptr::null(),
        max_days_overdue: 0,
        plan_broken: false,
        hold_days_overdue: 61,
        review_days_overdue: 31,
        hold_if_plan_broken: true,
        review_use_percent: c"90".as_ptr(),
    }
}

unsafe fn amount(field: &str, p: *const c_char) -> Result<Decimal, Failure> {
    Ok(arrears::parse_amount(field, text(field, p)?)?)
}

unsafe fn amount_or_zero(field: &str, p: *const c_char) -> Result<Decimal, Failure> {
    if p.is_null() {
        return Ok(Decimal::ZERO);
    }
    amount(field, p)
}

fn decision_code(d: Decision) -> ArrearsCreditDecisionKind {
    match d {
        Decision::Approve => ARREARS_CREDIT_APPROVE,
        Decision::Review => ARREARS_CREDIT_REVIEW,
        Decision::Hold => ARREARS_CREDIT_HOLD,
    }
}

/// Checks a new order against the customer's credit (the `credit_check` operation of
/// `arrears_call_json`, typed): exposure against the limit plus the rules, to approve, review or
/// hold, with the reasons and the credit still available. On success `*out` holds the decision,
/// to free with `arrears_credit_decision_free`; on failure it is NULL and the last error names
/// the field and value (`order` for a negative order, `rules.hold_days_overdue` for a negative
/// threshold, `credit_limit` for a malformed amount).
///
/// ```c
/// ArrearsCreditRequest r = arrears_credit_request_default();
/// r.customer = "ACME";
/// r.credit_limit = "10000";
/// r.open_receivables = "6000";
/// r.open_orders = "2000";
/// r.collateral = "1000";
/// r.order = "2500";
/// r.max_days_overdue = 12;
/// ArrearsCreditDecision *d = NULL;
/// if (arrears_credit_check(&r, &d) == ARREARS_OK) {
///     printf("%d %s %s %s\n", d->decision, d->exposure, d->available, d->reasons[0].rule);
///     arrears_credit_decision_free(d);
/// }
/// ```
/// ```text
/// 1 7000 3000 limit_use
/// ```
#[no_mangle]
pub unsafe extern "C" fn arrears_credit_check(
    request: *const ArrearsCreditRequest,
    out: *mut *mut ArrearsCreditDecision,
) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        let Some(r) = request.as_ref() else { return Err(null_arg("request")) };
        let days = |v: i32| (v != 0).then_some(v);
        let rules = CreditRules {
            hold_days_overdue: days(r.hold_days_overdue),
            review_days_overdue: days(r.review_days_overdue),
            hold_if_plan_broken: r.hold_if_plan_broken,
            review_use_percent: if r.review_use_percent.is_null() {
                None
            } else {
                Some(amount("rules.review_use_percent", r.review_use_percent)?)
            },
        };
        let req = CreditRequest {
            customer: if r.customer.is_null() { String::new() } else { text("customer", r.customer)?.to_string() },
            credit_limit: amount("credit_limit", r.credit_limit)?,
            open_receivables: amount("open_receivables", r.open_receivables)?,
            open_orders: amount_or_zero("open_orders", r.open_orders)?,
            collateral: amount_or_zero("collateral", r.collateral)?,
            deposits: amount_or_zero("deposits", r.deposits)?,
            order: amount("order", r.order)?,
            max_days_overdue: r.max_days_overdue,
            plan_broken: r.plan_broken,
            rules,
        };
        let d = credit_check(&req)?;
        let mut o = Box::new(CreditOut {
            view: ArrearsCreditDecision {
                decision: decision_code(d.decision),
                exposure: [0; 64],
                available: [0; 64],
                available_after: [0; 64],
                reasons_len: d.reasons.len(),
                reasons: ptr::null(),
            },
            reasons: Vec::with_capacity(d.reasons.len()),
            strings: Vec::with_capacity(d.reasons.len()),
        });
        copy_into(&mut o.view.exposure, &d.exposure.to_string());
        copy_into(&mut o.view.available, &d.available.to_string());
        copy_into(&mut o.view.available_after, &d.available_after.to_string());
        for x in &d.reasons {
            let detail = c_string(x.detail.clone());
            let mut c =
                ArrearsCreditReason { rule: [0; 16], decision: decision_code(x.decision), detail: detail.as_ptr() };
            copy_into(&mut c.rule, &x.rule);
            o.reasons.push(c);
            o.strings.push(detail);
        }
        o.view.reasons = if o.reasons.is_empty() { ptr::null() } else { o.reasons.as_ptr() };
        *out = Box::into_raw(o).cast();
        Ok(())
    })
}

/// Frees a result of `arrears_credit_check` (NULL is fine).
#[no_mangle]
pub unsafe extern "C" fn arrears_credit_decision_free(d: *mut ArrearsCreditDecision) {
    if !d.is_null() {
        drop(Box::from_raw(d.cast::<CreditOut>()));
    }
}

/// A risk tier (`ArrearsRiskScore.tier`).
pub type ArrearsRiskTier = i32;
/// Low risk.
pub const ARREARS_RISK_TIER_A: ArrearsRiskTier = 0;
/// Medium risk.
pub const ARREARS_RISK_TIER_B: ArrearsRiskTier = 1;
/// High risk.
pub const ARREARS_RISK_TIER_C: ArrearsRiskTier = 2;

/// What is known of one customer for `arrears_risk_score`: its payment history as `n_payments`
/// rows of flat arrays (due and paid dates as day numbers, see `arrears_day_number`; amounts as
/// positive minor units at `amount_scale` decimals), and counts and amounts (decimal strings;
/// NULL `credit_limit`: no limit, NULL `exposure`/`collateral`: `"0"`).
#[repr(C)]
pub struct ArrearsRiskInput {
    /// The customer's id (NULL: empty).
    pub customer: *const c_char,
    /// Due date of each item paid.
    pub due_date: *const i32,
    /// Payment dates (those after the as-of date are left out).
    pub paid_date: *const i32,
    /// Amounts paid, minor units.
    pub amount: *const i64,
    /// Decimals of `amount` (2: cents), 0 ..= 18.
    pub amount_scale: u32,
    /// Rows of the three arrays.
    pub n_payments: usize,
    /// Promises to pay it broke.
    pub broken_promises: u32,
    /// Disputes it raised.
    pub disputes: u32,
    /// Its credit limit, or NULL.
    pub credit_limit: *const c_char,
    /// What it owes now (open receivables and orders), or NULL.
    pub exposure: *const c_char,
    /// Collateral and deposits held, or NULL.
    pub collateral: *const c_char,
}

/// One component of a risk score.
#[repr(C)]
pub struct ArrearsRiskComponent {
    /// `days_late`, `paid_late`, `trend`, `broken_promises`, `disputes`, `credit_use`, `uncovered`.
    pub name: [c_char; 16],
    /// Its measure (days, percent, count), a decimal string.
    pub measure: [c_char; 64],
    /// The points it adds, a decimal string.
    pub points: [c_char; 64],
    /// Why, in words.
    pub reason: *const c_char,
}

/// The result of `arrears_risk_score`. Free with `arrears_risk_score_free`.
#[repr(C)]
pub struct ArrearsRiskScore {
    /// The sum of the points, at least 0, a decimal string.
    pub score: [c_char; 64],
    /// `ARREARS_RISK_TIER_*`.
    pub tier: ArrearsRiskTier,
    /// Number of components.
    pub components_len: usize,
    /// The components.
    pub components: *const ArrearsRiskComponent,
}

#[repr(C)]
struct RiskOut {
    view: ArrearsRiskScore,
    components: Vec<ArrearsRiskComponent>,
    strings: Vec<CString>,
}

/// A customer's risk score and tier (A/B/C) from its payment history, broken promises, disputes,
/// credit use and cover, component by component with its reason (the `risk_score` operation of
/// `arrears_call_json` for one customer, typed). `as_of` is `YYYY-MM-DD`; `weights_json` the wire
/// `RiskWeights` (`{"per_day_late": "2", "tier_c_from": "120"}`, each field optional) or NULL for
/// the defaults. On failure `*out` is NULL and the last error names the field and value
/// (`payments[2].amount` for an amount that is not positive, `weights.per_day_late` for a
/// negative weight, `payments[0].due_date` for a day outside the calendar).
#[no_mangle]
pub unsafe extern "C" fn arrears_risk_score(
    input: *const ArrearsRiskInput,
    as_of: *const c_char,
    weights_json: *const c_char,
    out: *mut *mut ArrearsRiskScore,
) -> ArrearsStatus {
    guard(|| {
        if out.is_null() {
            return Err(out_null("out"));
        }
        *out = ptr::null_mut();
        let Some(x) = input.as_ref() else { return Err(null_arg("input")) };
        let as_of = arrears::parse_date("as_of", text("as_of", as_of)?)?;
        let weights: RiskWeights = if weights_json.is_null() {
            RiskWeights::default()
        } else {
            arrears::from_json(text("weights_json", weights_json)?).map_err(|e| e.within("weights"))?
        };
        weights.validate().map_err(|e| e.within("weights"))?;
        if x.amount_scale > 18 {
            return Err(invalid(ErrorKind::InvalidPrecision, "amount_scale", x.amount_scale, "0..=18 decimals"));
        }
        let n = x.n_payments;
        let (due, paid, amt) = (
            slice("payments.due_date", x.due_date, n)?,
            slice("payments.paid_date", x.paid_date, n)?,
            slice("payments.amount", x.amount, n)?,
        );
        let date = |column: &str, i: usize, d: i32| -> Result<arrears::chrono::NaiveDate, Failure> {
            Ok(arrears::calendar::date_of_day_number(&format!("payments[{i}].{column}"), d)?)
        };
        let mut payments = Vec::with_capacity(n);
        for i in 0..n {
            payments.push(RiskPayment {
                due_date: date("due_date", i, due[i])?,
                paid_date: date("paid_date", i, paid[i])?,
                amount: Decimal::new(amt[i], x.amount_scale),
            });
        }
        let opt = |field: &str, p: *const c_char| -> Result<Option<Decimal>, Failure> {
            if p.is_null() {
                Ok(None)
            } else {
                amount(field, p).map(Some)
            }
        };
        let r = RiskInput {
            customer: if x.customer.is_null() { String::new() } else { text("customer", x.customer)?.to_string() },
            payments,
            broken_promises: x.broken_promises,
            disputes: x.disputes,
            credit_limit: opt("credit_limit", x.credit_limit)?,
            exposure: opt("exposure", x.exposure)?.unwrap_or_default(),
            collateral: opt("collateral", x.collateral)?.unwrap_or_default(),
        };
        // the core names a payment `payments[i].amount`, as the object API does
        let s = risk_score(&r, &weights, as_of)?;
        let mut o = Box::new(RiskOut {
            view: ArrearsRiskScore {
                score: [0; 64],
                tier: match s.tier {
                    Tier::A => ARREARS_RISK_TIER_A,
                    Tier::B => ARREARS_RISK_TIER_B,
                    Tier::C => ARREARS_RISK_TIER_C,
                },
                components_len: s.components.len(),
                components: ptr::null(),
            },
            components: Vec::with_capacity(s.components.len()),
            strings: Vec::with_capacity(s.components.len()),
        });
        copy_into(&mut o.view.score, &s.score.to_string());
        for c in &s.components {
            let reason = c_string(c.reason.clone());
            let mut v =
                ArrearsRiskComponent { name: [0; 16], measure: [0; 64], points: [0; 64], reason: reason.as_ptr() };
            copy_into(&mut v.name, &c.name);
            copy_into(&mut v.measure, &c.measure.to_string());
            copy_into(&mut v.points, &c.points.to_string());
            o.components.push(v);
            o.strings.push(reason);
        }
        o.view.components = if o.components.is_empty() { ptr::null() } else { o.components.as_ptr() };
        *out = Box::into_raw(o).cast();
        Ok(())
    })
}

/// Frees a result of `arrears_risk_score` (NULL is fine).
#[no_mangle]
pub unsafe extern "C" fn arrears_risk_score_free(s: *mut ArrearsRiskScore) {
    if !s.is_null() {
        drop(Box::from_raw(s.cast::<RiskOut>()));
    }
}
