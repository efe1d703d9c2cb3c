//! Property tests of aging and metrics: buckets sum to the open balance, merging is associative
//! and equals the whole, bucket boundaries are inclusive, threads do not change the result, and
//! no input panics.

mod common;

use arrears::aging::{
    age_columns, aging, AgeBasis, AgingBuckets, AgingColumns, AgingSpec, AgingTable, Credits, NotDue, OpenItem,
};
use arrears::{call_json, parse_date};
use proptest::prelude::*;
use rust_decimal::Decimal;

// two-decimal and three-decimal codes at scale 2 (a zero-decimal one, JPY, takes whole units only:
// see `coarse_currencies_take_whole_units`)
const CODES: [&str; 4] = ["EUR", "GBP", "KWD", "USD"];
const FIVE: [&str; 5] = ["EUR", "GBP", "KWD", "USD", "ZAR"];
/// More codes than the kernel gives each (customer, currency) its own lines for.
const MANY: [&str; 17] = [
    "EUR", "GBP", "KWD", "USD", "ZAR", "AUD", "CAD", "CHF", "CNY", "DKK", "BRL", "HKD", "INR", "NOK", "NZD", "SEK",
    "SGD",
];

#[derive(Debug, Clone)]
struct Rows {
    customer: Vec<u32>,
    currency: Vec<u16>,
    due: Vec<i32>,
    issue: Vec<i32>,
    amount: Vec<i64>,
    disputed: Vec<bool>,
}

impl Rows {
    fn cols(&self) -> AgingColumns<'_> {
        AgingColumns {
            customer: &self.customer,
            currency: &self.currency,
            currencies: &CODES,
            due_date: &self.due,
            issue_date: Some(&self.issue),
            amount: &self.amount,
            scale: 2,
            disputed: Some(&self.disputed),
        }
    }

    fn slice(&self, r: std::ops::Range<usize>) -> Rows {
        Rows {
            customer: self.customer[r.clone()].to_vec(),
            currency: self.currency[r.clone()].to_vec(),
            due: self.due[r.clone()].to_vec(),
            issue: self.issue[r.clone()].to_vec(),
            amount: self.amount[r.clone()].to_vec(),
            disputed: self.disputed[r].to_vec(),
        }
    }
}

fn rows(max: usize, customers: u32) -> impl Strategy<Value = Rows> {
    proptest::collection::vec(
        (0..customers, 0u16..4, -200i32..400, 0i32..200, -1_000_000i64..10_000_000, any::<bool>(), 0u8..10),
        0..max,
    )
    .prop_map(|v| {
        let base = 20_269; // 2025-06-30
        Rows {
            customer: v.iter().map(|r| r.0).collect(),
            currency: v.iter().map(|r| r.1).collect(),
            due: v.iter().map(|r| base - r.2).collect(),
            issue: v.iter().map(|r| base - r.2 - r.3).collect(),
            // some zero amounts (not open) and credits
            amount: v.iter().map(|r| if r.6 == 0 { 0 } else { r.4 }).collect(),
            disputed: v.iter().map(|r| r.5).collect(),
        }
    })
}

fn spec() -> impl Strategy<Value = AgingSpec> {
    (proptest::collection::btree_set(1i32..200, 1..6), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(bounds, fold, separate, issue)| {
            let mut s = AgingSpec::new(parse_date("as_of", "2025-06-30").unwrap());
            s.buckets =
                AgingBuckets::new(bounds.into_iter().collect(), if fold { NotDue::Fold } else { NotDue::Column })
                    .unwrap();
            s.credits = if separate { Credits::Separate } else { Credits::Net };
            s.basis = if issue { AgeBasis::IssueDate } else { AgeBasis::DueDate };
            s
        },
    )
}

/// The naive reference: per (customer, currency), bucket by a linear scan of the bounds.
fn reference(rows: &Rows, spec: &AgingSpec) -> Vec<(u64, u32, Vec<i64>, i64, i64)> {
    let mut map = std::collections::BTreeMap::new();
    let ncols = spec.buckets.len() + usize::from(spec.credits == Credits::Separate);
    for i in 0..rows.amount.len() {
        let a = rows.amount[i];
        let Some(col) = common::naive_row_column(spec, rows.due[i], rows.issue[i], a) else {
            continue;
        };
        // currency order within a customer is by code; CODES is sorted
        let e = map.entry((u64::from(rows.customer[i]), u32::from(rows.currency[i]))).or_insert((vec![0; ncols], 0, 0));
        e.0[col] += a;
        if rows.disputed[i] {
            e.1 += a;
        }
        e.2 += 1;
    }
    map.into_iter().map(|((k, c), (cells, d, n))| (k, c, cells, d, n)).collect()
}

fn flat(t: &AgingTable) -> Vec<(u64, u32, Vec<i64>, i64, i64)> {
    t.rows()
        .map(|r| {
            let mut cells = r.buckets.to_vec();
            if t.spec().credits == Credits::Separate {
                cells.push(r.credits);
            }
            (r.customer, r.currency, cells, r.disputed, r.items)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn matches_the_naive_reference_and_buckets_sum(rows in rows(300, 40), spec in spec(), threads in 1usize..4) {
        let t = age_columns(&spec, &rows.cols(), threads).unwrap();
        prop_assert_eq!(flat(&t), reference(&rows, &spec));
        // with four codes in the list the kernel gives each (customer, currency) its own line;
        // with five, it does so when the first rows show customers in several currencies, else
        // it keeps a line per customer (its first currency) and its other currencies apart;
        // with 17, always the latter: all agree
        for list in [&FIVE[..], &MANY[..]] {
            let mut cols = rows.cols();
            cols.currencies = list;
            prop_assert_eq!(flat(&age_columns(&spec, &cols, threads).unwrap()), reference(&rows, &spec));
        }
        // customers each in one currency but every tenth row, five codes: the first-currency
        // lines with a few rows apart
        let mut single = rows.clone();
        for (i, c) in single.currency.iter_mut().enumerate() {
            if i % 10 != 0 {
                *c = (single.customer[i] % 4) as u16;
            }
        }
        let mut cols = single.cols();
        cols.currencies = &FIVE;
        prop_assert_eq!(flat(&age_columns(&spec, &cols, threads).unwrap()), reference(&single, &spec));
        // buckets (and credits) sum to the open balance of each row, and of each currency
        for r in t.rows() {
            prop_assert_eq!(r.buckets.iter().sum::<i64>() + r.credits, r.total);
        }
        for (cur, cells) in t.totals().unwrap() {
            let open: i64 = (0..rows.amount.len()).filter(|&i| u32::from(rows.currency[i]) == cur).map(|i| rows.amount[i]).sum();
            let money = spec.buckets.len() + usize::from(spec.credits == Credits::Separate);
            prop_assert_eq!(cells[..money].iter().sum::<i64>(), open);
        }
    }

    #[test]
    fn merge_is_associative_and_equals_the_whole(rows in rows(300, 30), spec in spec(), cut in (0usize..300, 0usize..300)) {
        let n = rows.amount.len();
        let (a, b) = (cut.0.min(n), cut.1.min(n));
        let (a, b) = (a.min(b), a.max(b));
        let whole = age_columns(&spec, &rows.cols(), 1).unwrap();
        let [x, y, z] = [0..a, a..b, b..n].map(|r| {
            let part = rows.slice(r);
            age_columns(&spec, &part.cols(), 1).unwrap()
        });
        // (x + y) + z
        let mut left = x.clone();
        left.merge(&y).unwrap();
        left.merge(&z).unwrap();
        // x + (y + z), and z + y + x
        let mut yz = y.clone();
        yz.merge(&z).unwrap();
        let mut right = x.clone();
        right.merge(&yz).unwrap();
        let mut rev = z.clone();
        rev.merge(&y).unwrap();
        rev.merge(&x).unwrap();
        prop_assert_eq!(flat(&left), flat(&whole));
        prop_assert_eq!(flat(&right), flat(&whole));
        prop_assert_eq!(flat(&rev), flat(&whole));
    }

    #[test]
    fn boundaries_are_inclusive(bounds in proptest::collection::btree_set(1i32..500, 1..8), fold in any::<bool>()) {
        let bounds: Vec<i32> = bounds.into_iter().collect();
        let b = AgingBuckets::new(bounds.clone(), if fold { NotDue::Fold } else { NotDue::Column }).unwrap();
        let first = usize::from(!fold);
        for (i, &x) in bounds.iter().enumerate() {
            prop_assert_eq!(b.column_of(x), first + i);
            prop_assert_eq!(b.column_of(x + 1), first + i + 1);
        }
        prop_assert_eq!(b.column_of(i32::MAX), b.len() - 1);
        prop_assert_eq!(b.column_of(i32::MIN), 0);
        if !fold {
            prop_assert_eq!(b.column_of(0), 0);
            prop_assert_eq!(b.column_of(1), 1);
        }
    }

    #[test]
    fn object_api_agrees_with_columns(rows in rows(120, 12), spec in spec()) {
        // the same items as OpenItems in two-decimal currencies: EUR and USD only
        let names: Vec<String> = (0..12).map(|i| format!("C{i:02}")).collect();
        let items: Vec<OpenItem> = (0..rows.amount.len()).map(|i| OpenItem {
            customer: names[rows.customer[i] as usize].clone(),
            currency: if rows.currency[i] % 2 == 0 { "EUR" } else { "USD" }.into(),
            due_date: arrears::aging::date_of_day_number("d", rows.due[i]).unwrap(),
            issue_date: Some(arrears::aging::date_of_day_number("d", rows.issue[i]).unwrap()),
            amount: Decimal::new(rows.amount[i], 2),
            disputed: rows.disputed[i],
            id: None,
        }).collect();
        let report = aging(&items, &spec).unwrap();
        let whole: Decimal = items.iter().map(|i| i.amount).sum();
        let totals: Decimal = report.totals.iter().map(|t| t.total).sum();
        prop_assert_eq!(totals, whole);
        for r in &report.rows {
            prop_assert_eq!(r.buckets.iter().copied().sum::<Decimal>(), r.total);
        }
        // merging the reports of two halves gives the report of the whole
        let half = items.len() / 2;
        let merged = aging(&items[..half], &spec).unwrap().merge(&aging(&items[half..], &spec).unwrap()).unwrap();
        prop_assert_eq!(merged, report);
    }

    #[test]
    fn report_wire_garbage_never_panics(op in proptest::sample::select(arrears::wire::REPORT_OPERATIONS.to_vec()), s in ".{0,200}") {
        let _ = call_json(op, &s);
    }

    #[test]
    fn hostile_aging_columns_never_panic(
        customer in proptest::collection::vec(any::<u32>(), 0..20),
        currency in proptest::collection::vec(any::<u16>(), 0..20),
        due in proptest::collection::vec(any::<i32>(), 0..20),
        amount in proptest::collection::vec(any::<i64>(), 0..20),
        threads in 0usize..3,
    ) {
        let n = amount.len();
        let cols = AgingColumns {
            customer: &customer, currency: &currency, currencies: &CODES, due_date: &due,
            issue_date: None, amount: &amount, scale: 2, disputed: None,
        };
        let spec = AgingSpec::new(parse_date("as_of", "2025-06-30").unwrap());
        match age_columns(&spec, &cols, threads) {
            Ok(t) => prop_assert!(t.len() <= n),
            Err(e) => prop_assert!(!e.field().is_empty()),
        }
    }
}

#[test]
fn many_rows_on_two_threads_equal_one_thread() {
    // above the automatic threshold, with several currencies per customer
    let n = 120_000;
    let mut x: u64 = 7;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut r =
        Rows { customer: vec![], currency: vec![], due: vec![], issue: vec![], amount: vec![], disputed: vec![] };
    for _ in 0..n {
        r.customer.push((next() % 9000) as u32);
        r.currency.push((next() % 4) as u16);
        r.due.push(20_269 - 150 + (next() % 300) as i32);
        r.issue.push(20_000);
        r.amount.push((next() % 1_000_000) as i64 - 100_000);
        r.disputed.push(next() % 10 == 0);
    }
    let spec = AgingSpec::new(parse_date("as_of", "2025-06-30").unwrap());
    let one = age_columns(&spec, &r.cols(), 1).unwrap();
    let two = age_columns(&spec, &r.cols(), 2).unwrap();
    let auto = age_columns(&spec, &r.cols(), 0).unwrap();
    assert_eq!(flat(&one), reference(&r, &spec));
    assert_eq!(flat(&one), flat(&two));
    assert_eq!(flat(&one), flat(&auto));
    // and with five codes in the list (a line per pair, as customers bill in several) and 17
    // (a line per customer for its first currency, the others apart), on one and two threads
    for list in [&FIVE[..], &MANY[..]] {
        let mut cols = r.cols();
        cols.currencies = list;
        assert_eq!(flat(&age_columns(&spec, &cols, 1).unwrap()), flat(&one));
        assert_eq!(flat(&age_columns(&spec, &cols, 2).unwrap()), flat(&one));
    }
}

#[test]
fn sparse_keys_are_compacted_and_kept() {
    let spec = AgingSpec::new(parse_date("as_of", "2025-06-30").unwrap());
    let cols = AgingColumns {
        customer: &[4_000_000_000, 17, 4_000_000_000],
        currency: &[0, 0, 3],
        currencies: &CODES,
        due_date: &[20_269, 20_200, 20_100],
        issue_date: None,
        amount: &[100, 200, 300],
        scale: 2,
        disputed: None,
    };
    let t = age_columns(&spec, &cols, 1).unwrap();
    let keys: Vec<(u64, u32, i64)> = t.rows().map(|r| (r.customer, r.currency, r.total)).collect();
    assert_eq!(keys, vec![(17, 0, 200), (4_000_000_000, 0, 100), (4_000_000_000, 3, 300)]);
}

#[test]
fn typed_errors_name_the_row() {
    let spec = AgingSpec::new(parse_date("as_of", "2025-06-30").unwrap());
    let base = AgingColumns {
        customer: &[1, 2, 3],
        currency: &[0, 0, 0],
        currencies: &["EUR"],
        due_date: &[20_269, 20_200, 20_100],
        issue_date: None,
        amount: &[100, 200, 300],
        scale: 2,
        disputed: None,
    };
    let err = |c: AgingColumns| {
        let e = age_columns(&spec, &c, 1).unwrap_err();
        (e.kind().code(), e.field().to_string())
    };
    assert_eq!(err(AgingColumns { customer: &[1, 2], ..base }), ("invalid_request", "customer".into()));
    assert_eq!(err(AgingColumns { currency: &[0, 1, 0], ..base }), ("invalid_request", "items[1].currency".into()));
    assert_eq!(
        err(AgingColumns { due_date: &[0, 0, i32::MAX], ..base }),
        ("date_out_of_range", "items[2].due_date".into())
    );
    assert_eq!(err(AgingColumns { currencies: &["EUX"], ..base }), ("unknown_currency", "currencies[0]".into()));
    assert_eq!(err(AgingColumns { scale: 19, ..base }), ("invalid_precision", "scale".into()));
    let mut s2 = spec.clone();
    s2.basis = AgeBasis::IssueDate;
    let e = age_columns(&s2, &base, 1).unwrap_err();
    assert_eq!((e.kind().code(), e.field()), ("invalid_request", "issue_date"));
    // sums beyond i64 are an error, never a wrap
    let big = AgingColumns { amount: &[i64::MAX, i64::MAX, 1], customer: &[1, 1, 1], ..base };
    assert_eq!(err(big).0, "overflow");
    // unsorted, duplicate, non-positive bounds
    for (bounds, field) in [(vec![60, 30], "bounds[1]"), (vec![30, 30], "bounds[1]"), (vec![0, 30], "bounds[0]")] {
        let e = AgingBuckets::new(bounds, NotDue::Column).unwrap_err();
        assert_eq!((e.kind().code(), e.field()), ("invalid_request", field));
    }
}

#[test]
fn the_first_bad_row_is_named_whichever_thread_takes_its_piece() {
    // rows are handed to the threads in pieces of 64k, to whichever is free: bad rows in
    // several pieces must still give the first of them
    let spec = AgingSpec::new(parse_date("as_of", "2025-06-30").unwrap());
    let n = 300_000;
    let customer: Vec<u32> = (0..n as u32).map(|i| i % 5000).collect();
    let mut currency = vec![0u16; n];
    let mut due = vec![20_000i32; n];
    let amount = vec![5i64; n];
    due[250_000] = 9_000_000;
    currency[150_010] = 7;
    due[70_001] = -9_000_000;
    let cols = |currency: &[u16], due: &[i32]| -> (String, String) {
        let mut out = Vec::new();
        for threads in [1, 2, 3] {
            let c = AgingColumns {
                customer: &customer,
                currency,
                currencies: &CODES,
                due_date: due,
                issue_date: None,
                amount: &amount,
                scale: 2,
                disputed: None,
            };
            let e = age_columns(&spec, &c, threads).unwrap_err();
            out.push((e.kind().code().to_string(), e.field().to_string()));
        }
        assert!(out.windows(2).all(|w| w[0] == w[1]), "{out:?}");
        out.swap_remove(0)
    };
    assert_eq!(cols(&currency, &due), ("date_out_of_range".into(), "items[70001].due_date".into()));
    due[70_001] = 20_000;
    assert_eq!(cols(&currency, &due), ("invalid_request".into(), "items[150010].currency".into()));
    currency[150_010] = 0;
    assert_eq!(cols(&currency, &due), ("date_out_of_range".into(), "items[250000].due_date".into()));
}

/// A currency with fewer decimals than the batch's scale (JPY at scale 2) takes whole units
/// only: 1000.50 JPY is refused naming the row, as the object API refuses it (issue 12).
#[test]
fn coarse_currencies_take_whole_units() {
    let spec = AgingSpec::new(parse_date("as_of", "2025-06-30").unwrap());
    let cols = AgingColumns {
        customer: &[1, 2, 3],
        currency: &[0, 1, 1],
        currencies: &["EUR", "JPY"],
        due_date: &[20_000, 20_000, 20_000],
        issue_date: None,
        amount: &[100_050, 100_000, 100_050],
        scale: 2,
        disputed: None,
    };
    let e = age_columns(&spec, &cols, 1).unwrap_err();
    assert_eq!((e.kind(), e.field(), e.value()), (arrears::ErrorKind::InvalidAmount, "items[2].amount", "1000.50"));
    assert!(e.reason().contains("JPY"), "{e}");
    let whole = AgingColumns { amount: &[100_050, 100_000, 200_000], ..cols };
    assert_eq!(age_columns(&spec, &whole, 2).unwrap().len(), 3);
    // the object API says the same
    let item = arrears::aging::OpenItem {
        customer: "A".into(),
        currency: "JPY".into(),
        due_date: spec.as_of,
        issue_date: None,
        amount: "1000.50".parse().unwrap(),
        disputed: false,
        id: None,
    };
    assert_eq!(arrears::aging::aging(&[item], &spec).unwrap_err().kind(), arrears::ErrorKind::InvalidAmount);
}

/// A sum that leaves 64-bit minor units is named by the row whose amount takes it there, with
/// the amount as text, the currency in the reason (issue 12: not the currency as the value).
#[test]
fn overflow_names_the_row() {
    let spec = AgingSpec::new(parse_date("as_of", "2025-06-30").unwrap());
    let cols = AgingColumns {
        customer: &[1, 2, 1],
        currency: &[0, 0, 0],
        currencies: &["EUR"],
        due_date: &[20_000, 20_000, 20_000],
        issue_date: None,
        amount: &[i64::MAX, 5, i64::MAX],
        scale: 2,
        disputed: None,
    };
    for threads in [1, 2] {
        let e = age_columns(&spec, &cols, threads).unwrap_err();
        assert_eq!(
            (e.kind(), e.field(), e.value()),
            (arrears::ErrorKind::Overflow, "items[2].amount", "92233720368547758.07")
        );
        assert!(e.reason().contains("EUR") && e.reason().contains("64-bit"), "{e}");
    }
}

/// Only the final sums decide: a running sum that leaves 64 bits and comes back (a large
/// credit after large invoices) is no error, and the answer is the same on any number of
/// threads and with ids (the threads share rows in whatever order they get to them).
#[test]
fn final_sums_decide_not_running_ones() {
    let spec = AgingSpec::new(parse_date("as_of", "2025-06-30").unwrap());
    let n = 200_000usize;
    // customer 7: i64::MAX - 10, then +20, then -30 in the same bucket (net i64::MAX - 20);
    // the other rows small, so that the three land in different pieces
    let mut customer = vec![1u32; n];
    let mut amount = vec![1i64; n];
    for (i, a) in [(5usize, i64::MAX - 10), (n / 2, 20), (n - 5, -30)] {
        customer[i] = 7;
        amount[i] = a;
    }
    let currency = vec![0u16; n];
    let due = vec![20_000i32; n];
    let cols = AgingColumns {
        customer: &customer,
        currency: &currency,
        currencies: &["EUR"],
        due_date: &due,
        issue_date: None,
        amount: &amount,
        scale: 2,
        disputed: None,
    };
    for threads in [1, 2, 4] {
        let t = age_columns(&spec, &cols, threads).unwrap();
        let row = t.rows().find(|r| r.customer == 7).unwrap();
        assert_eq!((row.total, row.items), (i64::MAX - 20, 3), "threads {threads}");
    }
    // and a final sum out of range names the last row that took it out: here the +20, as the
    // -30 is gone
    let mut amount2 = amount.clone();
    amount2[n - 5] = 1;
    let cols2 = AgingColumns { amount: &amount2, ..cols };
    for threads in [1, 2, 4] {
        let e = age_columns(&spec, &cols2, threads).unwrap_err();
        assert_eq!((e.kind(), e.field()), (arrears::ErrorKind::Overflow, format!("items[{}].amount", n / 2).as_str()));
    }
}

/// A report shows no amount beyond ±10^18, the limit of every amount in arrears, even where the
/// i64 table behind it could hold more (a currency without decimals holds sums up to 9.2e18): a
/// report of such sums would be one no merge and no other language could take back (found by
/// fuzzing: the halves of a valid-looking report did not merge).
#[test]
fn a_report_shows_no_amount_beyond_the_limit() {
    let spec = AgingSpec::new(parse_date("as_of", "2025-04-29").unwrap());
    let item = |amount: &str| OpenItem {
        customer: "Ä".into(),
        currency: "JPY".into(),
        due_date: parse_date("due", "2026-02-13").unwrap(),
        issue_date: None,
        amount: amount.parse().unwrap(),
        disputed: false,
        id: None,
    };
    let e = aging(&[item("1000000000000000000"), item("1")], &spec).unwrap_err();
    assert_eq!((e.kind(), e.field()), (arrears::ErrorKind::Overflow, "rows[0].buckets[0]"));
    // at the limit exactly, the report is made, and its halves merge into it
    let whole = aging(&[item("999999999999999999"), item("1")], &spec).unwrap();
    let halves = aging(&[item("999999999999999999")], &spec).unwrap().merge(&aging(&[item("1")], &spec).unwrap());
    assert_eq!(halves.unwrap(), whole);
}
