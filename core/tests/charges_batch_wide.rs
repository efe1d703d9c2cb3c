//! The interest batch reads its invoices' amounts at the width the caller holds them
//! (`MinorUnits`: `i64`, or `i128` as Arrow's decimal128 stores them): the same result either
//! way, and an amount that does not fit 64 bits is an overflow naming its row, its value and
//! its currency, whichever row and thread.

use arrears::charges::{interest_columns, InterestBatch, InterestColumns, InterestRule, InvoiceRows, PaymentRows};
use arrears::chrono::NaiveDate;
use arrears::columnar::MinorUnits;
use arrears::{Calendar, Error, ErrorKind, Rounding};
use proptest::prelude::*;

fn run<T: MinorUnits>(
    amount: &[T],
    due: &[i32],
    currency: &[u16],
    rows: Option<&[u32]>,
    pays: (&[u32], &[i32], &[i64]),
    threads: usize,
) -> Result<InterestColumns, Error> {
    let (rounding, calendar) = (Rounding::default(), Calendar::default());
    let rule = InterestRule::fixed("9.5".parse().unwrap());
    let batch = InterestBatch {
        rule: (&rule).into(),
        as_of: NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
        rounding: &rounding,
        calendar: &calendar,
        threads,
        breakdown: false,
    };
    let invoices = InvoiceRows { due_date: due, amount, currency, currencies: &["EUR", "JPY"], issue_date: None, rows };
    interest_columns(&batch, &invoices, &PaymentRows { invoice: pays.0, date: pays.1, amount: pays.2 })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// i128 amounts give what the same amounts as i64 give, selection, payments and errors
    /// (a negative amount) included, on any thread count.
    #[test]
    fn wide_amounts_equal_narrow_ones(
        invs in proptest::collection::vec((-5i64..10_000_000, 20_000i32..20_300, 0u16..2, any::<bool>()), 1..60),
        pays in proptest::collection::vec((0u32..70, 19_990i32..20_300, 1i64..1_000_000), 0..40),
        threads in 0usize..4,
        select in any::<bool>(),
    ) {
        let amount: Vec<i64> = invs.iter().map(|v| v.0).collect();
        let wide: Vec<i128> = amount.iter().map(|&a| i128::from(a)).collect();
        let due: Vec<i32> = invs.iter().map(|v| v.1).collect();
        let cur: Vec<u16> = invs.iter().map(|v| v.2).collect();
        let chosen: Vec<u32> = (0..invs.len() as u32).filter(|&i| !select || invs[i as usize].3).collect();
        let rows = select.then_some(&chosen[..]);
        let pi: Vec<u32> = pays.iter().map(|p| p.0.min(invs.len() as u32 - 1)).collect();
        let pd: Vec<i32> = pays.iter().map(|p| p.1).collect();
        let pa: Vec<i64> = pays.iter().map(|p| p.2).collect();
        let narrow = run(&amount, &due, &cur, rows, (&pi, &pd, &pa), threads);
        prop_assert_eq!(run(&wide, &due, &cur, rows, (&pi, &pd, &pa), threads), narrow);
    }
}

/// The first amount past 64 bits is named with its value (minor units) and currency, on any
/// thread count, from any row; a row not selected is not read.
#[test]
fn an_amount_past_64_bits_is_an_overflow_naming_its_row() {
    let n = 200_000;
    let mut amount = vec![100i128; n];
    let (due, cur) = (vec![20_000i32; n], vec![1u16; n]);
    let big = i128::from(i64::MAX) + 1;
    amount[150_001] = big;
    amount[170_000] = -big;
    let none: (&[u32], &[i32], &[i64]) = (&[], &[], &[]);
    for threads in [0, 1, 2, 3] {
        let e = run(&amount, &due, &cur, None, none, threads).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Overflow);
        assert_eq!((e.field(), e.value()), ("invoices[150001].amount", big.to_string().as_str()));
        assert_eq!(e.reason(), "does not fit 64-bit minor units of JPY");
    }
    let odd: Vec<u32> = (1..n as u32).step_by(2).collect();
    let e = run(&amount, &due, &cur, Some(&odd), none, 2).unwrap_err();
    assert_eq!(e.field(), "invoices[150001].amount");
    let even: Vec<u32> = (0..n as u32).step_by(2).collect();
    let e = run(&amount, &due, &cur, Some(&even), none, 2).unwrap_err();
    assert_eq!((e.field(), e.value()), ("invoices[170000].amount", (-big).to_string().as_str()));
    let fine: Vec<u32> = (0..100_000).collect();
    let out = run(&amount, &due, &cur, Some(&fine), none, 2).unwrap();
    assert_eq!(out, run(&vec![100i64; 100_000], &due[..100_000], &cur[..100_000], None, none, 2).unwrap());
}
