//! The batch under a statutory preset: each invoice's version of the preset chosen as
//! [`Preset::regime`] chooses it for one claim (by `input.obligation_date`, else the invoice's
//! `issue_date`; RU art. 395 by the first day of interest), then the invoices of each version
//! computed by the kernel of [`interest_columns`](super::interest_columns) under that version's
//! rule, and the results put back in row order. Equal to `interest()` under `preset.regime()`
//! invoice by invoice, errors included.

use super::batch_checks::{check_invoice, check_lengths, check_rows, first_error, rule_error};
use super::columns::{group_payments, InterestBatch, InterestColumns, InvoiceRows, PaymentRows, PeriodColumns, Prep};
use super::interest::InterestStatus;
use super::presets::{Preset, PresetInput, VersionBy};
use crate::calendar::{date_of_day_number, day_number, format_date};
use crate::columnar::MinorUnits;
use crate::error::{Error, ErrorKind, Result};

/// The late interest of a batch under `preset` (see [`BatchRule::Preset`](super::BatchRule)).
pub(crate) fn preset_columns<T: MinorUnits>(
    batch: &InterestBatch<'_>,
    preset: &Preset,
    input: &PresetInput,
    inv: &InvoiceRows<'_, T>,
    pay: &PaymentRows<'_>,
) -> Result<InterestColumns> {
    check_lengths(inv)?;
    let count = check_rows(inv.rows, inv.amount.len())?;
    let row = |k: usize| inv.rows.map_or(k, |r| r[k] as usize);
    first_error(count, batch.threads, |k| check_invoice(inv, row(k)))?;
    let pick = versions(preset, input, inv, count)?;
    let mut used: Vec<usize> = pick.clone();
    used.sort_unstable();
    used.dedup();
    // each version's rule, as the object API resolves it for one claim
    let mut rules = Vec::with_capacity(used.len());
    for &v in &used {
        let from = preset.versions[v].from;
        let (input, due) = match preset.version_by {
            VersionBy::ObligationDate => (PresetInput { obligation_date: Some(from), ..input.clone() }, from),
            VersionBy::InterestDay => (input.clone(), from.pred_opt().unwrap_or(from)),
        };
        let regime = preset.regime(&input, due).map_err(|e| e.within("preset"))?;
        rules.push(regime.rule);
    }
    let end = day_number(batch.as_of);
    let version_of = |v: usize| day_number(preset.versions[v].from);
    if used.len() == 1 {
        let prep = Prep::new(batch, &rules[0], inv).map_err(|e| rule_error(e, None, true))?;
        let grouped = group_payments(inv, pay, end, batch.threads)?;
        let mut out = prep
            .run(batch, inv, &grouped)
            .map_err(|(i, e)| rule_error(super::batch_units::interest_in_units(e, batch, inv, i), Some(i), true))?;
        out.version = vec![version_of(used[0]); count];
        return Ok(out);
    }
    // the rows of each version, ascending
    let mut groups: Vec<Vec<u32>> = vec![Vec::new(); used.len()];
    for (k, &v) in pick.iter().enumerate() {
        let g = used.partition_point(|&u| u < v);
        groups[g].push(row(k) as u32);
    }
    let grouped = group_payments(inv, pay, end, batch.threads)?;
    let mut parts = Vec::with_capacity(groups.len());
    let mut first_bad: Option<(usize, Error)> = None;
    for (g, rows) in groups.iter().enumerate() {
        let sub = InvoiceRows { rows: Some(rows), ..*inv };
        let prep = Prep::new(batch, &rules[g], &sub).map_err(|e| rule_error(e, None, true))?;
        match prep.run(batch, &sub, &grouped) {
            Ok(out) => parts.push(out),
            Err((i, e)) => {
                if first_bad.as_ref().is_none_or(|(j, _)| i < *j) {
                    first_bad = Some((i, e));
                }
            }
        }
    }
    if let Some((i, e)) = first_bad {
        return Err(rule_error(super::batch_units::interest_in_units(e, batch, inv, i), Some(i), true));
    }
    Ok(merge(parts, &pick, &used, count, batch.breakdown, version_of))
}

/// The index of the version of each of the `count` rows computed.
fn versions<T: MinorUnits>(
    preset: &Preset,
    input: &PresetInput,
    inv: &InvoiceRows<'_, T>,
    count: usize,
) -> Result<Vec<usize>> {
    let row = |k: usize| inv.rows.map_or(k, |r| r[k] as usize);
    let first = preset.versions[0].from;
    let find = |date: chrono::NaiveDate| preset.versions.iter().rposition(|v| v.from <= date);
    let fixed = |v: usize| Ok(vec![v; count]);
    match preset.version_by {
        VersionBy::InterestDay => {
            let mut out = Vec::with_capacity(count);
            for k in 0..count {
                let i = row(k);
                let due = date_of_day_number(&format!("invoices[{i}].due_date"), inv.due_date[i])?;
                let start = due.succ_opt().unwrap_or(due);
                let Some(v) = find(start) else {
                    return Err(Error::new(
                        ErrorKind::InvalidDate,
                        format!("invoices[{i}].due_date"),
                        format_date(due),
                        format!(
                            "{} covers interest from {}; earlier days ran on other rates and day counts: pass a rule",
                            preset.name,
                            format_date(first)
                        ),
                    ));
                };
                out.push(v);
            }
            Ok(out)
        }
        VersionBy::ObligationDate => match (input.obligation_date, inv.issue_date, preset.versions.len()) {
            (Some(o), _, _) => match find(o) {
                Some(v) => fixed(v),
                None => Err(Error::new(
                    ErrorKind::InvalidDate,
                    "preset.obligation_date",
                    format_date(o),
                    format!("{} covers obligations from {}", preset.name, format_date(first)),
                )),
            },
            (None, _, 1) => fixed(0),
            (None, Some(issue), _) => {
                let mut out = Vec::with_capacity(count);
                for k in 0..count {
                    let i = row(k);
                    let date = date_of_day_number(&format!("invoices[{i}].issue_date"), issue[i])?;
                    let Some(v) = find(date) else {
                        return Err(Error::new(
                            ErrorKind::InvalidDate,
                            format!("invoices[{i}].issue_date"),
                            format_date(date),
                            format!("{} covers obligations from {}", preset.name, format_date(first)),
                        ));
                    };
                    out.push(v);
                }
                Ok(out)
            }
            (None, None, _) => Err(Error::new(
                ErrorKind::InvalidRequest,
                "preset.obligation_date",
                "",
                format!(
                    "{}'s rule changed on {}: give the date the obligation arose (obligation_date, or the invoices' issue_date)",
                    preset.name,
                    format_date(preset.versions[1].from)
                ),
            )),
        },
    }
}

/// The results of each version's rows put back in row order.
fn merge(
    parts: Vec<InterestColumns>,
    pick: &[usize],
    used: &[usize],
    count: usize,
    breakdown: bool,
    version_of: impl Fn(usize) -> i32,
) -> InterestColumns {
    let mut out = InterestColumns {
        interest: Vec::with_capacity(count),
        status: Vec::with_capacity(count),
        scales: parts.first().map(|p| p.scales.clone()).unwrap_or_default(),
        periods: None,
        version: Vec::with_capacity(count),
    };
    let mut next = vec![0usize; parts.len()];
    let mut lines = Vec::new();
    for &v in pick {
        let g = used.partition_point(|&u| u < v);
        let (p, at) = (&parts[g], next[g]);
        next[g] += 1;
        out.interest.push(p.interest[at]);
        out.status.push(p.status.get(at).copied().unwrap_or(InterestStatus::NotDue));
        out.version.push(version_of(v));
        if let (true, Some(pc)) = (breakdown, &p.periods) {
            lines.push((pc, pc.offsets[at] as usize..pc.offsets[at + 1] as usize));
        }
    }
    if breakdown {
        let mut cols = PeriodColumns { offsets: Vec::with_capacity(count + 1), ..PeriodColumns::default() };
        cols.offsets.push(0);
        for (pc, range) in lines {
            cols.from.extend_from_slice(&pc.from[range.clone()]);
            cols.to.extend_from_slice(&pc.to[range.clone()]);
            cols.days.extend_from_slice(&pc.days[range.clone()]);
            cols.principal.extend_from_slice(&pc.principal[range.clone()]);
            cols.rate.extend_from_slice(&pc.rate[range.clone()]);
            cols.day_basis.extend_from_slice(&pc.day_basis[range.clone()]);
            cols.interest.extend_from_slice(&pc.interest[range]);
            cols.offsets.push(cols.interest.len() as u32);
        }
        out.periods = Some(cols);
    }
    out
}
