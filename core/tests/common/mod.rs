//! What the aging test files share: the naive reference's bucket column.

use arrears::aging::{AgingSpec, Credits, NotDue};

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
