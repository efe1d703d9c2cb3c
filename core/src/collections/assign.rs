//! Collector assignment: worklist customers distributed over collectors with capacities,
//! existing owners kept where possible, deterministic.
//!
//! Accounts are taken by priority (highest first, ties by customer id). First, each account
//! whose owner is a collector with room keeps its owner. Then every other account, in the same
//! order, goes to the collector with room that carries the least amount so far (ties: fewer
//! accounts, then collector id): the highest priorities are spread first. An account no
//! collector has room for stays unassigned, with the reason. A capacity is a number of accounts
//! and/or an amount; every capacity is respected.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::money::serde::{amount, opt_amount};

/// A collector and its capacities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collector {
    /// Its id.
    pub id: String,
    /// At most this many accounts (none: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_accounts: Option<i64>,
    /// At most this amount in all (none: no limit).
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    pub max_amount: Option<Decimal>,
}

/// An account to assign (a worklist row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// The customer's id.
    pub customer: String,
    /// The amount it brings to a collector's load (its overdue amount).
    #[serde(with = "amount")]
    pub amount: Decimal,
    /// Its priority (the worklist score).
    #[serde(with = "amount")]
    pub priority: Decimal,
    /// Its current collector, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// Why an account went where it went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignReason {
    /// Kept by its owner.
    KeptOwner,
    /// Assigned to the least-loaded collector with room.
    Assigned,
    /// Its owner had no room (or is not a collector): assigned to another.
    Reassigned,
    /// No collector had room.
    NoCapacity,
}

/// One account's assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// The customer's id.
    pub customer: String,
    /// The collector (none when no collector had room).
    pub collector: Option<String>,
    /// Why.
    pub reason: AssignReason,
}

/// A collector's load after the assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Load {
    /// The collector's id.
    pub collector: String,
    /// Accounts assigned.
    pub accounts: i64,
    /// Their amount.
    #[serde(with = "amount")]
    pub amount: Decimal,
}

/// The result: one assignment per account (by priority), each collector's load (by id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignments {
    /// Per account, highest priority first.
    pub assignments: Vec<Assignment>,
    /// Per collector, by id.
    pub loads: Vec<Load>,
}

fn too_much(collector: &str) -> Error {
    Error::new(ErrorKind::Overflow, "accounts", collector, "a collector's load leaves the decimal range")
}

fn invalid(field: String, value: impl ToString, why: &str) -> Error {
    Error::new(ErrorKind::InvalidRequest, field, value.to_string(), why)
}

/// Distributes `accounts` over `collectors`.
///
/// ```
/// use arrears::collections::{assign_collectors, Account, AssignReason, Collector};
/// let acc = |c: &str, amt: &str, p: &str, owner: Option<&str>| Account {
///     customer: c.into(), amount: amt.parse().unwrap(), priority: p.parse().unwrap(), owner: owner.map(String::from) };
/// let collectors = vec![
///     Collector { id: "ann".into(), max_accounts: Some(2), max_amount: None },
///     Collector { id: "bob".into(), max_accounts: None, max_amount: Some("1000".parse().unwrap()) },
/// ];
/// let out = assign_collectors(&[acc("A", "900", "50", Some("bob")), acc("B", "500", "40", None), acc("C", "200", "30", None)], &collectors)?;
/// let got: Vec<_> = out.assignments.iter().map(|a| (a.customer.as_str(), a.collector.as_deref(), a.reason)).collect();
/// assert_eq!(got, [("A", Some("bob"), AssignReason::KeptOwner), ("B", Some("ann"), AssignReason::Assigned),
///                  ("C", Some("ann"), AssignReason::Assigned)]);
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidRequest`] for a negative capacity (`collectors[1].max_amount`), a
/// collector listed twice (`collectors[i].id`), an account listed twice
/// (`accounts[i].customer`) or with a negative amount; [`ErrorKind::LimitExceeded`] beyond
/// [`crate::limits::MAX_WORKLIST_ITEMS`] accounts or collectors.
pub fn assign_collectors(accounts: &[Account], collectors: &[Collector]) -> Result<Assignments> {
    crate::limits::check("accounts", accounts.len(), crate::limits::MAX_WORKLIST_ITEMS)?;
    crate::limits::check("collectors", collectors.len(), crate::limits::MAX_WORKLIST_ITEMS)?;
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (k, c) in collectors.iter().enumerate() {
        if c.max_accounts.is_some_and(|m| m < 0) {
            return Err(invalid(
                format!("collectors[{k}].max_accounts"),
                c.max_accounts.unwrap_or_default(),
                "a capacity is not negative",
            ));
        }
        if c.max_amount.is_some_and(|m| m < Decimal::ZERO) {
            return Err(invalid(
                format!("collectors[{k}].max_amount"),
                c.max_amount.unwrap_or_default(),
                "a capacity is not negative",
            ));
        }
        if by_id.insert(&c.id, k).is_some() {
            return Err(invalid(format!("collectors[{k}].id"), &c.id, "the collector is listed twice"));
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, a) in accounts.iter().enumerate() {
        if a.amount < Decimal::ZERO {
            return Err(invalid(format!("accounts[{i}].amount"), a.amount, "an account's amount is not negative"));
        }
        if seen.insert(&a.customer, i).is_some() {
            return Err(invalid(format!("accounts[{i}].customer"), &a.customer, "the account is listed twice"));
        }
    }
    let mut order: Vec<usize> = (0..accounts.len()).collect();
    order.sort_by(|&x, &y| {
        accounts[y].priority.cmp(&accounts[x].priority).then_with(|| accounts[x].customer.cmp(&accounts[y].customer))
    });
    let mut count = vec![0i64; collectors.len()];
    let mut load = vec![Decimal::ZERO; collectors.len()];
    let fits = |k: usize, a: &Account, count: &[i64], load: &[Decimal]| -> bool {
        let c = &collectors[k];
        c.max_accounts.is_none_or(|m| count[k] < m)
            && c.max_amount.is_none_or(|m| load[k].checked_add(a.amount).is_some_and(|x| x <= m))
    };
    let mut chosen: Vec<Option<(usize, AssignReason)>> = vec![None; accounts.len()];
    for &i in &order {
        let a = &accounts[i];
        if let Some(&k) = a.owner.as_deref().and_then(|o| by_id.get(o)) {
            if fits(k, a, &count, &load) {
                count[k] += 1;
                load[k] = load[k].checked_add(a.amount).ok_or_else(|| too_much(&collectors[k].id))?;
                chosen[i] = Some((k, AssignReason::KeptOwner));
            }
        }
    }
    for &i in &order {
        if chosen[i].is_some() {
            continue;
        }
        let a = &accounts[i];
        let best = (0..collectors.len()).filter(|&k| fits(k, a, &count, &load)).min_by(|&x, &y| {
            load[x].cmp(&load[y]).then(count[x].cmp(&count[y])).then_with(|| collectors[x].id.cmp(&collectors[y].id))
        });
        if let Some(k) = best {
            count[k] += 1;
            load[k] = load[k].checked_add(a.amount).ok_or_else(|| too_much(&collectors[k].id))?;
            let reason = if a.owner.is_some() { AssignReason::Reassigned } else { AssignReason::Assigned };
            chosen[i] = Some((k, reason));
        }
    }
    let assignments = order
        .iter()
        .map(|&i| Assignment {
            customer: accounts[i].customer.clone(),
            collector: chosen[i].map(|(k, _)| collectors[k].id.clone()),
            reason: chosen[i].map_or(AssignReason::NoCapacity, |(_, r)| r),
        })
        .collect();
    let mut loads: Vec<Load> = (0..collectors.len())
        .map(|k| Load { collector: collectors[k].id.clone(), accounts: count[k], amount: load[k] })
        .collect();
    loads.sort_by(|a, b| a.collector.cmp(&b.collector));
    Ok(Assignments { assignments, loads })
}
