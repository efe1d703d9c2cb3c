//! Receivables: what is owed, how old it is, and how well it is collected.
//!
//! Start with [`aging::aging`] (the aging report of open items) and [`metrics`] (DSO, CEI,
//! payment timing, allowance, roll rates, cash forecast).
//!
//! Depends on `money`, `calendar` and `columnar`; never imports the wire.

pub mod aging;
pub mod metrics;
