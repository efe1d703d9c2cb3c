//! The order in which a payment reaches the items: one group per step; a group of several items
//! shares the cash pro rata (the proportional strategy, and the ties of the statutory presets).

use std::cmp::Reverse;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::types::{PaymentItem, Strategy, Within};
use crate::money::mul_div_floor;

/// The oldest-first key: due date, invoice date, id.
fn oldest_key(item: &PaymentItem) -> (NaiveDate, NaiveDate, &str) {
    (item.due_date(), item.invoice_date, item.id.as_str())
}

/// Item indices in oldest-first order.
pub(super) fn oldest_first(items: &[PaymentItem]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..items.len()).collect();
    idx.sort_by(|&a, &b| oldest_key(&items[a]).cmp(&oldest_key(&items[b])));
    idx
}

/// The statutory key of an item: what decides among debts before the pro-rata tie.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct StatutoryKey {
    not_due: bool,
    secured: bool,
    burden: Reverse<Decimal>,
    when: NaiveDate,
}

fn statutory_key(item: &PaymentItem, strategy: Strategy, date: NaiveDate) -> StatutoryKey {
    let due = item.due_date();
    let not_due = due > date;
    match strategy {
        Strategy::RuGk319 => StatutoryKey {
            not_due,
            secured: item.secured,
            burden: Reverse(Decimal::ZERO),
            when: if not_due { item.invoice_date } else { due },
        },
        _ => StatutoryKey {
            not_due,
            secured: item.secured,
            burden: Reverse(item.rate.unwrap_or(Decimal::ZERO)),
            when: item.invoice_date,
        },
    }
}

/// The groups a payment visits in turn. `order` holds indices already resolved for
/// [`Strategy::Specified`] (empty: the items' order).
pub(super) fn groups(items: &[PaymentItem], strategy: Strategy, order: &[usize], date: NaiveDate) -> Vec<Vec<usize>> {
    let singles = |idx: Vec<usize>| idx.into_iter().map(|i| vec![i]).collect();
    match strategy {
        Strategy::OldestFirst => singles(oldest_first(items)),
        Strategy::Specified if order.is_empty() => singles((0..items.len()).collect()),
        Strategy::Specified => singles(order.to_vec()),
        Strategy::Proportional => vec![oldest_first(items)],
        Strategy::LargestFirst | Strategy::SmallestFirst => {
            let mut idx = oldest_first(items);
            let largest = strategy == Strategy::LargestFirst;
            // stable: equal totals keep the oldest-first order
            idx.sort_by(|&a, &b| {
                let (x, y) = (items[a].open_total(), items[b].open_total());
                if largest {
                    y.cmp(&x)
                } else {
                    x.cmp(&y)
                }
            });
            singles(idx)
        }
        Strategy::DeBgb366 | Strategy::ItCc1193 | Strategy::RuGk319 => {
            let mut idx = oldest_first(items);
            idx.sort_by_key(|&i| statutory_key(&items[i], strategy, date));
            let mut out: Vec<Vec<usize>> = Vec::new();
            let mut last: Option<StatutoryKey> = None;
            for i in idx {
                let key = statutory_key(&items[i], strategy, date);
                match (out.last_mut(), &last) {
                    (Some(group), Some(k)) if *k == key => group.push(i),
                    _ => out.push(vec![i]),
                }
                last = Some(key);
            }
            out
        }
    }
}

/// The order inside an item a strategy implies when the caller names none.
pub(super) fn default_within(strategy: Strategy) -> Within {
    match strategy {
        Strategy::RuGk319 => Within::FeesPrincipalInterest,
        _ => Within::FeesInterestPrincipal,
    }
}

/// `cash` (minor units) split over `caps` in proportion, `cash < Σ caps`: each share rounded
/// down, then the units left over one each to the items in the given order (each share stays
/// within its cap).
pub(super) fn split(cash: u128, caps: &[u128]) -> Vec<u128> {
    let total: u128 = caps.iter().sum();
    let mut shares: Vec<u128> = caps.iter().map(|&c| mul_div_floor(cash, c, total)).collect();
    let mut left = cash - shares.iter().sum::<u128>();
    for (s, &c) in shares.iter_mut().zip(caps) {
        if left == 0 {
            break;
        }
        if *s < c {
            *s += 1;
            left -= 1;
        }
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_gives_the_residue_in_order() {
        assert_eq!(split(100, &[100, 100, 100]), [34, 33, 33]);
        assert_eq!(split(2, &[1, 1, 1]), [1, 1, 0]);
    }
}
