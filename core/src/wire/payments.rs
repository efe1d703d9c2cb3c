//! Wire operations of payments (see [`crate::wire`] for the format rules).
//!
//! | op | request | response |
//! |----|---------|----------|
//! | `allocate_payment` | [`AllocateRequest`] | [`Allocation`](crate::payments::Allocation) |

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::money::RoundingMode;
use crate::payments::{allocate, AllocationOptions, GrossInWindow, Payment, PaymentItem, Strategy, Tolerance, Within};
use crate::serde_forms::{from_json, to_json};

/// Request of the `allocate_payment` operation.
///
/// ```json
/// {"payment": {"amount": "250.00", "currency": "EUR", "date": "2026-02-10"},
///  "items": [{"id": "INV-1", "currency": "EUR", "invoice_date": "2026-01-01",
///             "installments": [{"due_date": "2026-01-31", "amount": "300.00", "open": "300.00", "discounts": []}],
///             "fees": "0.00", "interest": "0.00", "secured": false, "rate": null}],
///  "strategy": "oldest_first", "order": [], "within": null, "gross_in_window": "take_discount",
///  "tolerance": {"amount": "0.05", "percent": null}, "rounding": "half_up", "precision": null}
/// ```
/// Required: `payment` and `items`. `strategy`: `oldest_first` (default), `specified` (with
/// `order`, the ids to pay in turn; empty: the items' order), `proportional`, `largest_first`,
/// `smallest_first`, `de_bgb_366`, `it_cc_1193`, `ru_gk_319`. `within`:
/// `fees_interest_principal`, `fees_principal_interest`, `principal_first` (default: the
/// strategy's). `gross_in_window`: `take_discount` (default) or `decline_discount`.
///
/// ```
/// let out = arrears::call_json("allocate_payment", r#"{
///   "payment": {"amount": "150.00", "currency": "EUR", "date": "2026-02-01"},
///   "items": [{"id": "A", "currency": "EUR", "invoice_date": "2026-01-01",
///              "installments": [{"due_date": "2026-01-31", "amount": "100.00"}]}]}"#)?;
/// assert!(out.contains(r#""unapplied":"50.00""#));
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocateRequest {
    /// The payment.
    pub payment: Payment,
    /// The open items.
    pub items: Vec<PaymentItem>,
    /// The order among items.
    #[serde(default)]
    pub strategy: Strategy,
    /// With `specified`: the ids in the order to pay.
    #[serde(default)]
    pub order: Vec<String>,
    /// The order inside an item (default: the strategy's).
    #[serde(default)]
    pub within: Option<Within>,
    /// A gross payment inside a discount window.
    #[serde(default)]
    pub gross_in_window: GrossInWindow,
    /// The write-off tolerance (none by default).
    #[serde(default)]
    pub tolerance: Option<Tolerance>,
    /// Rounding mode (default `half_up`).
    #[serde(default)]
    pub rounding: RoundingMode,
    /// Precision override.
    #[serde(default)]
    pub precision: Option<u32>,
}

/// The operations of this file, for [`super::call_json`].
pub(super) const OPS: &[super::Operation] = &[("allocate_payment", op_allocate)];

fn op_allocate(request: &str) -> Result<String> {
    let r: AllocateRequest = from_json(request)?;
    let options = AllocationOptions {
        strategy: r.strategy,
        order: r.order,
        within: r.within,
        gross_in_window: r.gross_in_window,
        tolerance: r.tolerance,
        rounding: r.rounding,
        precision: r.precision,
    };
    Ok(to_json(&allocate(&r.payment, &r.items, &options)?))
}
