//! What the aging test files share: the naive reference's bucket column.

use arrears::aging::{day_number, AgeBasis, AgingSpec, Credits, NotDue};

/// The column an open amount `a` aged `age` days falls in, found the naive way: credits apart
/// when the spec separates them, then the not-due column, then a linear scan of the bounds.
pub fn naive_column(spec: &AgingSpec, age: i32, a: i64) -> usize {
    if spec.credits == Credits::Separate && a < 0 {
        spec.buckets.len()
    } else if spec.buckets.not_due() == NotDue::Column && age <= 0 {
        0
    } else {
        let bounds = spec.buckets.bounds();
        let first = usize::from(spec.buckets.not_due() == NotDue::Column);
        first + bounds.iter().position(|&b| age <= b).unwrap_or(bounds.len())
    }
}

/// The column of a row (due date, issue date, amount) in the naive reference, aged by the
/// spec's basis; `None` for a zero amount (not open).
pub fn naive_row_column(spec: &AgingSpec, due: i32, issue: i32, a: i64) -> Option<usize> {
    if a == 0 {
        return None;
    }
    let date = if spec.basis == AgeBasis::IssueDate { issue } else { due };
    Some(naive_column(spec, day_number(spec.as_of) - date, a))
}
