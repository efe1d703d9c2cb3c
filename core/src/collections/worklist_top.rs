//! The product model's top K ranked on integers (the columnar worklist's usual ranking): every
//! group scored exactly, the K best kept for [`super::facts_and_rank`] to build rows of; and,
//! before the payments are read, which customers can still reach the top K at all (the fast
//! path then reads only their payments).

use rust_decimal::Decimal;

use super::super::worklist::{convert_floor, Grouping, ProductWeights, Scoring, WorklistConfig};
use super::super::worklist_ids::Names;
use super::super::worklist_numbered::Group;
use super::{avg_late, Agg, Hist, WorklistColumns};

/// The product model's rows ranked on integers: the groups of the top K by score (ties by
/// customer, then currency code), for [`super::facts_and_rank`] to build rows of. `None` (every group
/// is then scored with decimals, and any error found as before) for the other models, rows by
/// customer, no K, or a group some figure of which would leave the decimal range.
pub(super) fn top_candidates<G: GroupView + ?Sized>(
    groups: &G,
    hist: &Hist,
    cols: &WorklistColumns<'_>,
    config: &WorklistConfig,
    rates: &[Decimal],
    customers: &Names<'_>,
) -> Option<Vec<usize>> {
    let (p, k) = ranked_on_integers(config, cols)?;
    let rep_scale = config.reporting_scale();
    let score = |v: [i128; 4], cur: u32, avg: i64| product_score(p, v, cols.scale, rates[cur as usize], rep_scale, avg);
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
pub(super) fn ranked_on_integers<'c>(
    config: &'c WorklistConfig,
    cols: &WorklistColumns<'_>,
) -> Option<(&'c ProductWeights, usize)> {
    let (Scoring::Product(p), Some(k)) = (&config.scoring, config.top_k) else { return None };
    (config.by == Grouping::CustomerCurrency && k > 0 && cols.scale <= 28).then_some((p, k))
}

/// The product model's score of a group (overdue amount, count, max days past due, disputed
/// amount) at `rate`, its customer paying `avg` days late on average; `None` when a figure
/// leaves the decimal range.
fn product_score(
    p: &ProductWeights,
    v: [i128; 4],
    scale: u32,
    rate: Decimal,
    rep_scale: u32,
    avg: i64,
) -> Option<i128> {
    let base = convert_floor(v[0], scale, rate, rep_scale)?;
    let age = i128::from(p.dpd_offset) + i128::from((v[2] as i32).clamp(0, p.dpd_cap));
    let late = i128::from(p.late_offset) + i128::from(avg.clamp(0, i64::from(p.late_cap)));
    // (age and late are below 2^33: with a base below 2^62 the product fits, unchecked)
    let s = if base.unsigned_abs() < 1 << 62 { base * age * late } else { base.checked_mul(age)?.checked_mul(late)? };
    (s.unsigned_abs() <= DEC_MAX).then_some(s)
}

/// Which groups' customers can reach the top K of [`top_candidates`] whatever their payment
/// history (see [`super::super::worklist_numbered::totals`]): a group's score lies between its scores at
/// the least and the most average days late counted (0 and `late_cap`), so with `T` the K-th
/// highest of the lowest scores, K groups score at least `T`, and a group whose highest score
/// is below `T` is ranked below them all. `None` (keep every customer) when the ranking is not
/// on integers, some figure leaves the decimal range, or there are no more than K groups.
pub(super) fn reachable(
    groups: &[Group],
    cols: &WorklistColumns<'_>,
    config: &WorklistConfig,
    rates: &[Decimal],
) -> Option<Vec<bool>> {
    let (p, k) = ranked_on_integers(config, cols)?;
    let rep_scale = config.reporting_scale();
    let mut bounds = Vec::with_capacity(groups.len());
    for g in 0..groups.len() {
        let v = groups.four(g);
        if v[0].unsigned_abs() > DEC_MAX || v[3].unsigned_abs() > DEC_MAX {
            return None;
        }
        let cur = groups[g].currency;
        let score = |avg: i64| product_score(p, v, cols.scale, rates[cur as usize], rep_scale, avg);
        let (a, b) = (score(0)?, score(i64::from(p.late_cap))?);
        // (no group of disputed items only is ranked)
        bounds.push((v[1] > 0).then_some((a.min(b), a.max(b))));
    }
    let mut lows: Vec<i128> = bounds.iter().flatten().map(|b| b.0).collect();
    if lows.len() <= k {
        return None;
    }
    let at = lows.len() - k;
    let t = *lows.select_nth_unstable(at).1;
    Some(bounds.iter().map(|b| b.is_some_and(|(_, high)| high >= t)).collect())
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
