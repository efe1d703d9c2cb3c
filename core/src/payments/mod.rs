//! Payments: where every payment goes. One payment is allocated to a customer's open items
//! (installment by installment), the early discount is taken when the payment date earns it, an
//! overpayment becomes unapplied credit and a small short payment may be written off — exact to
//! the minor unit, all or nothing.
//!
//! Start with [`allocate()`]: a [`Payment`], the open [`PaymentItem`]s (each with its
//! [`ItemInstallment`]s, fees and interest) and [`AllocationOptions`] in, an [`Allocation`] out
//! (per item: cash to fees, interest and principal, discount taken, write-off, what stays open,
//! each installment; plus the unapplied rest).
//!
//! Depends on `money`, `calendar` and `terms` (the discount a payment date earns:
//! [`crate::terms::discount`]); never imports the wire or `receivables`.
//!
//! [`allocate_columns()`] allocates a whole bank statement at once: open items
//! ([`OpenItemRows`]: customer, currency, due date, id, open amount) and receipts
//! ([`ReceiptRows`]: customer, currency, date, amount) as columns in, each item's applied amount
//! and each receipt's unapplied rest out, oldest first per customer and currency, on every
//! core (built on `columnar`: checked id columns, threads taking runs of groups).
//! [`open_balances()`] gives, from the same columns, each customer's open balance per currency
//! (what such an allocation can apply: the open amounts above zero); [`open_balances_listed()`]
//! the same over currency indices into a list of ISO 4217 codes, as the Node and C calls take them.
//!
//! [`payment_plan()`] spreads an overdue balance over installments (n of them or a fixed
//! amount; weekly, biweekly or monthly from the start date, clamped; an optional down payment;
//! optional annuity interest with the residue on the last installment); [`plan_status()`] says
//! whether a plan is on track, late (within grace), broken (by which installment) or completed
//! from the payments received; [`promise_status()`] whether a promise to pay is kept, pending or
//! broken.
//!
//! [`company_schedule()`] books a schedule in the company currency at the invoice's rate: each
//! installment converted and rounded, the last taking the residue so the company amounts sum
//! exactly to the company total; each discount tier's payable converted (cash follows what is
//! paid) and its discount the rest.
//!
//! Files: `types.rs` (items, options, results), `order.rs` (the strategies: the groups a payment
//! visits in turn, the exact pro-rata split), `allocate.rs` (checks, the walk, discounts, the
//! tolerance), `columns.rs` (the batch's columns and checks), `batch_order.rs` (its item ids:
//! the tie-break as integers where ids are in row order or numbered, and the duplicate check),
//! `columns_kernel.rs` (the batch kernel), `receipts.rs` (the batch's receipt check),
//! `balances.rs` (the batch's open balances per customer and currency),
//! `plans.rs` (plans and promises), `company.rs` (two currencies), `exchange.rs` (exchange
//! differences).
//!
//! Rules (SEMANTICS.md, "Payments", "Early-payment discounts"):
//! - **Order among items** ([`Strategy`]): `oldest_first` (default) works at the
//!   **installment** level: every open installment of every item in turn, by its due date, then
//!   the invoice date, then the id, so an invoice's installments interleave with other
//!   invoices' (an item's charges go with its first installment when the order inside the item
//!   puts them before the principal, with its last when after; an item with nothing open but
//!   charges is visited at its due date); the other strategies order whole items (an item's due
//!   date is its earliest open installment's), `specified` (the
//!   caller's list of ids; items not listed get nothing), `proportional`, `largest_first` and
//!   `smallest_first` (by open total, ties oldest first), and the statutory presets
//!   `de_bgb_366` (BGB §366(2): due debts, then the less secured, the more burdensome — higher
//!   `rate` —, the older — earlier invoice date —, then pro rata), `it_cc_1193` (Codice civile
//!   1193: the same order) and `ru_gk_319` (ГК 319.1: due debts, unsecured before secured, the
//!   earlier due date — not yet due: the earlier invoice date —, equal ones pro rata).
//! - **Order inside an item** ([`Within`]): fees (costs), then interest, then principal by
//!   default (BGB §367, Codice civile 1194, ГК 319); `ru_gk_319` puts the art. 395 interest after
//!   the principal (fees, principal, interest); `principal_first` on request. The principal is
//!   paid installment by installment in due-date order, so an aging after the allocation shows
//!   each installment's rest in its own bucket (`core/tests/payments_aging.rs`).
//! - **Pro rata** (`proportional`, and ties of the presets): each item's share is the payment ×
//!   what settles the item on the payment date / what settles them all, rounded down to the
//!   minor unit; the units left over go one each to the items in oldest-first order. A
//!   payment that settles them all settles each one, the rest is unapplied.
//! - **Discounts** are taken automatically, per installment, when the payment date earns a tier
//!   (deadlines inclusive, [`crate::terms::discount::settle`]): cash that covers the payable
//!   settles the installment and keeps the **full** discount (any excess goes on to the next
//!   installment, or is unapplied: never a smaller discount); a partial payment P settles
//!   min(open, P / (1 − d)). A payment of the gross amount inside the window takes the discount
//!   and leaves the excess as credit by default, or declines it
//!   ([`GrossInWindow::DeclineDiscount`]: an installment the remaining cash covers in full is
//!   paid gross).
//! - **Tax share**: an item that gives its `tax` gets the discount taken split, `discount_tax`
//!   = discount × tax / the item's amount, rounded (the tax correction to book; ED-05: 23.60 of
//!   236.00 with 36.00 tax is 3.60 tax and 20.00 net).
//! - **Exchange difference** ([`exchange_difference()`]): an item booked in a company currency
//!   (`company_currency`, `invoice_rate`) and a payment with its `rate` to that currency give
//!   the item's `exchange_difference`, in the company currency: round(cash × payment rate) −
//!   round(cash × invoice rate), cash being what the item received (fees, interest, principal;
//!   a discount or write-off is not cash and is booked at the invoice's rate); positive is an
//!   exchange gain, negative a loss. Every item with a company currency has the same one, and
//!   the payment must then give its rate.
//! - **Overpayment** stays unapplied (credit). A **tolerance** ([`Tolerance`], off by default)
//!   writes off the rest of an item that received cash when the rest is at most `amount` and
//!   at most `percent` % of the item's open total; it is reported per item and installment.
//! - **Exact**: cash applied + unapplied == payment; no part of an item goes below zero;
//!   discounts and write-offs are not cash. Every figure has the currency's decimals.
//! - **All or nothing**: a payment that is not positive, an item in another currency, a
//!   duplicate or unknown id, a payment date before an invoice date, a bad amount: an error
//!   naming the field and value, and no result.
//!
//! ```
//! use arrears::payments::{allocate, AllocationOptions, ItemInstallment, Payment, PaymentItem};
//! use arrears::{from_json, parse_date};
//! // 1,000.00 with 2 % until 2026-01-11, plus a 40.00 fee on an older invoice of 100.00
//! let items: Vec<PaymentItem> = from_json(r#"[
//!   {"id": "INV-1", "currency": "EUR", "invoice_date": "2025-11-01", "fees": "40.00",
//!    "installments": [{"due_date": "2025-12-01", "amount": "100.00"}]},
//!   {"id": "INV-2", "currency": "EUR", "invoice_date": "2026-01-01",
//!    "installments": [{"due_date": "2026-01-31", "amount": "1000.00",
//!      "discounts": [{"deadline": "2026-01-11", "discount": "20.00", "payable": "980.00"}]}]}]"#)?;
//! let pay = Payment::new("1200.00".parse().unwrap(), "EUR", parse_date("date", "2026-01-10")?);
//! let out = allocate(&pay, &items, &AllocationOptions::default())?;
//! let first = &out.items[0];
//! assert_eq!((first.fees.to_string(), first.principal.to_string()), ("40.00".into(), "100.00".into()));
//! let second = &out.items[1];
//! assert_eq!((second.principal.to_string(), second.discount.to_string()), ("980.00".into(), "20.00".into()));
//! assert_eq!(out.unapplied.to_string(), "80.00"); // 1200 - 140 - 980: credit, the discount kept in full
//! # Ok::<(), arrears::Error>(())
//! ```

mod allocate;
mod balances;
mod batch_order;
mod columns;
mod columns_kernel;
#[cfg(test)]
mod columns_props;
mod company;
mod exchange;
mod order;
mod plans;
mod receipts;
mod types;

pub use allocate::{allocate, Payment};
pub use balances::{open_balances, open_balances_listed, OpenBalances};
pub use columns::{allocate_columns, AllocatedColumns, OpenItemRows, ReceiptRows};
pub use company::{company_schedule, CompanyInstallment, CompanySchedule};
pub use exchange::exchange_difference;
pub use plans::{
    payment_plan, plan_status, promise_status, Frequency, Plan, PlanInstallment, PlanState, PlanStatus, PlanTerms,
    Promise, PromiseState, PromiseStatus, Received,
};
pub use receipts::check_receipts;
pub use types::{
    Allocation, AllocationOptions, GrossInWindow, InstallmentAllocation, ItemAllocation, ItemInstallment, PaymentItem,
    Strategy, Tolerance, Within,
};
