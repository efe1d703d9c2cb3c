//! Collections: whom to remind today, whom to call first, who gets more credit, explained.
//!
//! Start with [`worklist()`] (open items and payment history in, ranked rows out, each with the
//! components of its score) or, for volume, [`worklist_columns()`] (the same over columns, on every
//! core); then [`dunning()`] (today's reminders, calls and notices, one action per customer),
//! [`risk_score`] (score and tier A/B/C with a reason per component), [`assign_collectors`] and
//! [`credit_check`].
//!
//! Depends on `money`, `calendar` and the shared `columnar` layer (pieces, packed keys); never
//! imports the wire. Nothing is stored: dunning's state is the caller's, passed in and returned.
//!
//! Files: `worklist.rs` the configuration, the scoring models and the object API;
//! `worklist_columns.rs` the batch kernel, with `worklist_join.rs` (its radix-partitioned
//! payment → invoice join), `worklist_ids.rs` (ids over 15 bytes interned),
//! `worklist_numbered.rs` (the fast path for numbered ids: direct-address tables, and for a top
//! K only the payments of customers that can reach it) and `worklist_top.rs` (the top K ranked
//! on integers, and which customers can reach it before any payment is read); `dunning.rs`
//! policies and runs (its rules in its header), `dunning_fees.rs` their fees (late-charges fee
//! rules) and business-day offsets; `risk.rs`, `assign.rs`, `credit.rs`.
//!
//! One definition of **overdue** everywhere in this module: an open amount above zero whose due
//! date is before the day asked about (days past due = that day − due date, at least 1).
//!
//! Rules (SEMANTICS.md "Prioritization"):
//! - an item is **overdue** when its open amount is positive and its due date is before `as_of`
//!   (days past due = as_of − due date ≥ 1); credits are not chased and do not net;
//! - a customer's history is its payments made by `as_of`, each late `max(0, paid − due)` days;
//!   `avg_late` is their amount-weighted average, floored (0 without payments);
//! - scores are points (additive, [`Scoring::Points`], the default) or a product of factors
//!   ([`Scoring::Product`], the ../shared/bench COLLECTION WORKLIST definition with
//!   [`WorklistConfig::bench`]); every weight is configuration, negative weights and bucket
//!   weights that fall with age are errors naming the field, so a score **never falls when an
//!   overdue amount or its age grows**;
//! - each row carries its score's components; ties break by customer id, then currency code
//!   (byte order); the top K are kept;
//! - disputed items are left out of the score unless asked, and reported per row (`disputed`);
//! - a pluggable scorer: any [`ScoreFn`] through [`worklist_with`].
//!
//! ```
//! use arrears::collections::{worklist, OverdueItem, WorklistConfig};
//! let d = |s| arrears::parse_date("d", s).unwrap();
//! let open = vec![
//!     OverdueItem { customer: "ACME".into(), currency: "EUR".into(), due_date: d("2025-05-01"),
//!                   open_amount: "500.00".parse().unwrap(), disputed: false },
//!     OverdueItem { customer: "BETA".into(), currency: "EUR".into(), due_date: d("2025-06-20"),
//!                   open_amount: "800.00".parse().unwrap(), disputed: true },
//! ];
//! let rows = worklist(&open, &[], &WorklistConfig::new(d("2025-06-30")))?;
//! assert_eq!(rows.len(), 1); // BETA's only item is disputed
//! assert_eq!((rows[0].customer.as_str(), rows[0].max_dpd, rows[0].score.to_string().as_str()),
//!            ("ACME", 60, "1350"));  // 500 × 1.5 (31-60) + 60 days × 10
//! # Ok::<(), arrears::Error>(())
//! ```

mod assign;
mod column_checks;
mod credit;
mod dunning;
mod dunning_fees;
mod risk;
mod worklist;
mod worklist_columns;
mod worklist_ids;
mod worklist_join;
mod worklist_numbered;

pub use assign::{assign_collectors, Account, AssignReason, Assignment, Assignments, Collector, Load};
pub use credit::{credit_check, CreditDecision, CreditReason, CreditRequest, CreditRules, Decision};
pub use dunning::{
    dunning, Action, ActionItem, Anchor, Channel, CustomerAction, DunningItem, DunningPolicy, DunningRecord,
    DunningRun, Fee, LevelModel, SkipReason, Skipped, Step, StepStatus,
};
pub use dunning_fees::OffsetUnit;
pub use risk::{risk_score, risk_scores, RiskComponent, RiskInput, RiskPayment, RiskScore, RiskWeights, Tier};
pub use worklist::{
    worklist, worklist_with, GroupFacts, Grouping, OverdueItem, PaidItem, PointWeights, ProductWeights, ScoreComponent,
    ScoreFn, Scoring, WorklistConfig, WorklistRow,
};
pub use worklist_columns::{worklist_columns, InvoiceColumns, PaymentColumns, WorklistColumns};
