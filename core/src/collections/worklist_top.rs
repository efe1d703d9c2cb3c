//! The product model's top K ranked on integers (the columnar worklist's usual ranking): every
//! group scored exactly, the K best kept for [`super::facts_and_rank`] to build rows of; and,
//! before the payments are read, which customers can still reach the top K at all (the fast
//! path then reads only their payments).

use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

use rust_decimal::Decimal;

use super::super::worklist::{Grouping, ProductWeights, Scoring, WorklistConfig};
use super::super::worklist_ids::Names;
use super::super::worklist_numbered::Group;
use super::{avg_late, Agg, Hist, WorklistColumns};
use crate::columnar::pieces::{fill_pieces, worker_threads};
use crate::columnar::MinorUnits;

/// The product model's rows ranked on integers: the groups of the top K by score (ties by
/// customer, then currency code), for [`super::facts_and_rank`] to build rows of. `None` (every group
/// is then scored with decimals, and any error found as before) for the other models, rows by
/// customer, no K, or a group some figure of which would leave the decimal range.
pub(super) fn top_candidates<G: GroupView + ?Sized, A: MinorUnits>(
    groups: &G,
    hist: &Hist,
    cols: &WorklistColumns<'_, A>,
    config: &WorklistConfig,
    rates: &[Decimal],
    customers: &Names<'_>,
) -> Option<Vec<usize>> {
    let (p, k) = ranked_on_integers(config, cols)?;
    let convs = Conv::all(rates, cols.scale, config.reporting_scale());
    let score = |v: [i128; 4], cur: u32, avg: i64| product_score(p, v, convs[cur as usize], avg);
    let mut scored: Vec<(i128, usize)> = Vec::with_capacity(groups.count());
    for g in 0..groups.count() {
        let (cust, cur) = groups.group_key(g);
        let v = groups.four(g);
        if v[0].unsigned_abs() > DEC_MAX || v[3].unsigned_abs() > DEC_MAX {
            return None;
        }
        if v[1] == 0 {
            continue;
        }
        scored.push((score(v, cur, avg_late(hist, cust))?, g));
    }
    let code = |c: u32| cols.currencies[c as usize];
    let order = |a: &(i128, usize), b: &(i128, usize)| {
        let (x, y) = (groups.group_key(a.1), groups.group_key(b.1));
        b.0.cmp(&a.0).then_with(|| customers.cmp(x.0, y.0)).then_with(|| code(x.1).cmp(code(y.1)))
    };
    if k > 0 && k < scored.len() {
        scored.select_nth_unstable_by(k - 1, order);
    }
    scored.truncate(k);
    Some(scored.into_iter().map(|x| x.1).collect())
}

/// The largest mantissa of a decimal.
const DEC_MAX: u128 = (1 << 96) - 1;

/// The product model's weights and K when [`top_candidates`] ranks on integers (rows by
/// customer and currency, a top K, amounts' scale at most 28).
pub(super) fn ranked_on_integers<'c, A: MinorUnits>(
    config: &'c WorklistConfig,
    cols: &WorklistColumns<'_, A>,
) -> Option<(&'c ProductWeights, usize)> {
    let (Scoring::Product(p), Some(k)) = (&config.scoring, config.top_k) else { return None };
    (config.by == Grouping::CustomerCurrency && k > 0 && cols.scale <= 28).then_some((p, k))
}

/// [`convert_floor`](super::super::worklist::convert_floor) for one currency, its powers of ten worked out once (a ranking converts
/// every group's overdue amount): the same value, `None` in the same cases.
#[derive(Clone, Copy)]
pub(super) struct Conv {
    num: i128,
    mul: i128,
    den: i128,
}

impl Conv {
    /// Amounts at `scale` decimals converted at `rate` to `to_scale`; `None` when a power of ten
    /// leaves `i128` (then `convert_floor` gives `None` for every amount).
    fn of(rate: Decimal, scale: u32, to_scale: u32) -> Option<Conv> {
        let (num, mut den) = (rate.mantissa(), 10i128.checked_pow(rate.scale())?);
        let mut mul = 1;
        if to_scale >= scale {
            mul = 10i128.checked_pow(to_scale - scale)?;
        } else {
            den = den.checked_mul(10i128.checked_pow(scale - to_scale)?)?;
        }
        Some(Conv { num, mul, den })
    }

    /// The rates of `currencies` as converters (see [`Conv::of`]).
    pub(super) fn all(rates: &[Decimal], scale: u32, to_scale: u32) -> Vec<Option<Conv>> {
        rates.iter().map(|&r| Conv::of(r, scale, to_scale)).collect()
    }

    /// `floor(minor × rate)` at the target scale, as `convert_floor`.
    #[inline]
    fn floor(&self, minor: i128) -> Option<i128> {
        let x = minor.checked_mul(self.num)?.checked_mul(self.mul)?;
        if let (Ok(a), Ok(d)) = (i64::try_from(x), i64::try_from(self.den)) {
            return Some(i128::from(a.div_euclid(d)));
        }
        Some(x.div_euclid(self.den))
    }
}

/// The product model's score of a group (overdue amount, count, max days past due, disputed
/// amount) converted by `conv`, its customer paying `avg` days late on average; `None` when a
/// figure leaves the decimal range.
#[inline]
fn product_score(p: &ProductWeights, v: [i128; 4], conv: Option<Conv>, avg: i64) -> Option<i128> {
    let base = conv?.floor(v[0])?;
    let age = i128::from(p.dpd_offset) + i128::from((v[2] as i32).clamp(0, p.dpd_cap));
    let late = i128::from(p.late_offset) + i128::from(avg.clamp(0, i64::from(p.late_cap)));
    // (age and late are below 2^33: with a base below 2^62 the product fits, unchecked)
    let s = if base.unsigned_abs() < 1 << 62 { base * age * late } else { base.checked_mul(age)?.checked_mul(late)? };
    (s.unsigned_abs() <= DEC_MAX).then_some(s)
}

/// Which groups' customers can reach the top K of [`top_candidates`] whatever their payment
/// history (see [`super::super::worklist_numbered::totals`]): a group's score lies between its
/// scores at the least and the most average days late counted (0 and `late_cap`), so with `T`
/// the K-th highest of the lowest scores, K groups score at least `T`, and a group whose
/// highest score is below `T` is ranked below them all. `None` (keep every customer) when the
/// ranking is not on integers, some figure leaves the decimal range, or there are no more than
/// K groups. When it flags the groups, [`top_candidates`] over the flagged groups alone ranks
/// them as over all groups (the same checks pass: every score lies between bounds that did).
pub(super) fn reachable<A: MinorUnits>(
    groups: &[Group],
    cols: &WorklistColumns<'_, A>,
    config: &WorklistConfig,
    rates: &[Decimal],
    threads: usize,
) -> Option<Vec<bool>> {
    let (p, k) = ranked_on_integers(config, cols)?;
    let convs = Conv::all(rates, cols.scale, config.reporting_scale());
    // each group's lowest and highest score, on every core (a serial step between two passes
    // over the rows otherwise: 200k groups on the bench's data)
    let none = (i128::MIN, i128::MIN);
    let mut bounds = vec![none; groups.len()];
    let failed = AtomicBool::new(false);
    fill_pieces(&mut bounds, worker_threads(threads, groups.len()), |start, _, out| {
        for (x, b) in out.iter_mut().enumerate() {
            let (g, v) = (&groups[start + x], groups.four(start + x));
            if v[0].unsigned_abs() > DEC_MAX || v[3].unsigned_abs() > DEC_MAX {
                failed.store(true, Relaxed);
                return;
            }
            if v[1] == 0 {
                // (no group of disputed items only is ranked)
                continue;
            }
            let score = |avg: i64| product_score(p, v, convs[g.currency as usize], avg);
            let (Some(a), Some(z)) = (score(0), score(i64::from(p.late_cap))) else {
                failed.store(true, Relaxed);
                return;
            };
            *b = (a.min(z), a.max(z));
        }
    });
    if failed.into_inner() {
        return None;
    }
    let mut lows: Vec<i128> = groups.iter().zip(&bounds).filter(|(g, _)| g.n > 0).map(|(_, b)| b.0).collect();
    if lows.len() <= k {
        return None;
    }
    let at = lows.len() - k;
    let t = *lows.select_nth_unstable(at).1;
    Some(groups.iter().zip(&bounds).map(|(g, b)| g.n > 0 && b.1 >= t).collect())
}

/// The groups [`top_candidates`] ranks: the general path's table or the fast path's list.
pub(super) trait GroupView {
    /// The number of groups.
    fn count(&self) -> usize;
    /// Group `g`'s customer key and currency index.
    fn group_key(&self, g: usize) -> (u128, u32);
    /// Group `g`'s overdue amount, count, max days past due and disputed amount.
    fn four(&self, g: usize) -> [i128; 4];
}

impl GroupView for Agg {
    fn count(&self) -> usize {
        self.groups
    }
    fn group_key(&self, g: usize) -> (u128, u32) {
        self.key(g)
    }
    fn four(&self, g: usize) -> [i128; 4] {
        let v = self.vals(g);
        [v[0], v[1], v[2], v[3]]
    }
}

impl GroupView for [Group] {
    fn count(&self) -> usize {
        self.len()
    }
    fn group_key(&self, g: usize) -> (u128, u32) {
        (u128::from(self[g].customer), self[g].currency)
    }
    fn four(&self, g: usize) -> [i128; 4] {
        let x = &self[g];
        [x.overdue, x.n, i64::from(x.max_dpd), x.disputed].map(i128::from)
    }
}
