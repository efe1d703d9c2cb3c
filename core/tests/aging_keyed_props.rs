//! Property tests of the string-keyed aging kernel (`age_keyed`): it equals a naive reference
//! grouped by the id's bytes, whatever the threads and the cut into sources; packed keys sort
//! as their bytes; bad rows are named; long ids hand the work back.

mod common;

use arrears::aging::{
    age_columns, age_keyed, pack_code, pack_key, unpack_key, AgeBasis, AgingBuckets, AgingColumns, AgingSpec, Credits,
    KeyedSource, NotDue,
};
use arrears::{parse_date, ErrorKind};
use proptest::prelude::*;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
struct Rows {
    customer: Vec<String>,
    currency: Vec<String>,
    due: Vec<i32>,
    issue: Vec<i32>,
    amount: Vec<i64>,
    disputed: Vec<bool>,
    basis: AgeBasis,
}

impl KeyedSource for Rows {
    fn len(&self) -> usize {
        self.amount.len()
    }
    fn customer(&self, i: usize) -> Option<u128> {
        pack_key(self.customer[i].as_bytes())
    }
    fn currency(&self, i: usize) -> u32 {
        pack_code(self.currency[i].as_bytes())
    }
    fn currency_text(&self, i: usize) -> String {
        self.currency[i].clone()
    }
    fn date(&self, i: usize) -> i32 {
        if self.basis == AgeBasis::IssueDate {
            self.issue[i]
        } else {
            self.due[i]
        }
    }
    fn amount(&self, i: usize) -> i128 {
        i128::from(self.amount[i])
    }
    fn disputed(&self, i: usize) -> bool {
        self.disputed[i]
    }
    fn has_disputed(&self) -> bool {
        self.disputed.iter().any(|&d| d)
    }
}

impl Rows {
    fn slice(&self, r: std::ops::Range<usize>) -> Rows {
        Rows {
            customer: self.customer[r.clone()].to_vec(),
            currency: self.currency[r.clone()].to_vec(),
            due: self.due[r.clone()].to_vec(),
            issue: self.issue[r.clone()].to_vec(),
            amount: self.amount[r.clone()].to_vec(),
            disputed: self.disputed[r].to_vec(),
            basis: self.basis,
        }
    }
}

// two-decimal and three-decimal codes at scale 2 (a zero-decimal one, JPY, takes whole units only:
// see `coarse_currencies_take_whole_units`)
const CODES: [&str; 4] = ["EUR", "GBP", "KWD", "USD"];

fn rows(max: usize) -> impl Strategy<Value = Rows> {
    (
        proptest::collection::vec("[A-Za-z0-9 -]{0,15}", 1..30),
        proptest::collection::vec(
            (
                any::<prop::sample::Index>(),
                0usize..4,
                -200i32..400,
                0i32..200,
                -1_000_000i64..10_000_000,
                any::<bool>(),
                0u8..10,
            ),
            0..max,
        ),
    )
        .prop_map(|(names, v)| {
            let base = 20_269; // 2025-06-30
            Rows {
                customer: v.iter().map(|r| names[r.0.index(names.len())].clone()).collect(),
                currency: v.iter().map(|r| CODES[r.1].to_string()).collect(),
                due: v.iter().map(|r| base - r.2).collect(),
                issue: v.iter().map(|r| base - r.2 - r.3).collect(),
                amount: v.iter().map(|r| if r.6 == 0 { 0 } else { r.4 }).collect(),
                disputed: v.iter().map(|r| r.5).collect(),
                basis: AgeBasis::DueDate,
            }
        })
}

fn spec() -> impl Strategy<Value = AgingSpec> {
    (proptest::collection::btree_set(1i32..200, 1..9), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
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

type Flat = Vec<(Vec<u8>, String, Vec<i64>, i64, i64)>;
type Groups = BTreeMap<(Vec<u8>, String), (Vec<i64>, i64, i64)>;

/// The naive reference: per (id bytes, code), bucket by a linear scan of the bounds.
fn reference(rows: &Rows, spec: &AgingSpec) -> Flat {
    let mut map: Groups = BTreeMap::new();
    let ncols = spec.buckets.len() + usize::from(spec.credits == Credits::Separate);
    for i in 0..rows.amount.len() {
        let a = rows.amount[i];
        let Some(col) = common::naive_row_column(spec, rows.due[i], rows.issue[i], a) else {
            continue;
        };
        let e = map.entry((rows.customer[i].as_bytes().to_vec(), rows.currency[i].clone())).or_insert((
            vec![0; ncols],
            0,
            0,
        ));
        e.0[col] += a;
        if rows.disputed[i] {
            e.1 += a;
        }
        e.2 += 1;
    }
    map.into_iter().map(|((k, c), (cells, d, n))| (k, c, cells, d, n)).collect()
}

fn keyed(spec: &AgingSpec, sources: &[Rows], threads: usize) -> Flat {
    let out = age_keyed(spec, sources, 2, threads).unwrap().expect("short ids");
    let t = &out.table;
    t.rows()
        .map(|r| {
            let mut cells = r.buckets.to_vec();
            if spec.credits == Credits::Separate {
                cells.push(r.credits);
            }
            (
                unpack_key(out.customers[r.customer as usize]),
                t.currencies()[r.currency as usize].clone(),
                cells,
                r.disputed,
                r.items,
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn equals_the_naive_reference_whatever_the_threads_and_cuts(
        rows in rows(300), spec in spec(), threads in 0usize..4, cuts in proptest::collection::vec(0usize..300, 0..3)
    ) {
        let mut rows = rows;
        rows.basis = spec.basis;
        let want = reference(&rows, &spec);
        prop_assert_eq!(keyed(&spec, std::slice::from_ref(&rows), threads), want.clone());
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(rows.len())).collect();
        cuts.sort_unstable();
        let mut sources = Vec::new();
        let mut start = 0;
        for c in cuts.into_iter().chain([rows.len()]) {
            sources.push(rows.slice(start..c));
            start = c;
        }
        prop_assert_eq!(keyed(&spec, &sources, threads), want);
    }

    #[test]
    fn packed_keys_sort_as_their_bytes(a in proptest::collection::vec(any::<u8>(), 0..16), b in proptest::collection::vec(any::<u8>(), 0..16)) {
        let (pa, pb) = (pack_key(&a), pack_key(&b));
        prop_assert_eq!(pa.is_some(), a.len() <= 15);
        if let (Some(pa), Some(pb)) = (pa, pb) {
            prop_assert_eq!(pa.cmp(&pb), a.cmp(&b));
            prop_assert_eq!(unpack_key(pa), a);
        }
    }

    #[test]
    fn codes_sort_as_their_bytes(a in proptest::collection::vec(any::<u8>(), 0..4), b in proptest::collection::vec(any::<u8>(), 0..4)) {
        let (pa, pb) = (pack_code(&a), pack_code(&b));
        prop_assert_eq!(pa == u32::MAX, a.len() > 3);
        if a.len() <= 3 && b.len() <= 3 {
            prop_assert_eq!(pa.cmp(&pb), a.cmp(&b));
        }
    }
}

fn one(customer: &str, currency: &str, due: i32, amount: i64) -> Rows {
    Rows {
        customer: vec![customer.into()],
        currency: vec![currency.into()],
        due: vec![due],
        issue: vec![due],
        amount: vec![amount],
        disputed: vec![false],
        basis: AgeBasis::DueDate,
    }
}

fn cat(parts: &[Rows]) -> Rows {
    let mut r = parts[0].clone();
    for p in &parts[1..] {
        r.customer.extend(p.customer.iter().cloned());
        r.currency.extend(p.currency.iter().cloned());
        r.due.extend(&p.due);
        r.issue.extend(&p.issue);
        r.amount.extend(&p.amount);
        r.disputed.extend(&p.disputed);
    }
    r
}

#[test]
fn many_rows_on_several_threads_equal_the_integer_kernel() {
    // above the automatic threshold; ids whose byte order is their number's order
    let spec = AgingSpec::new(parse_date("as_of", "2025-06-30").unwrap());
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let n = 120_000;
    let (mut keys, mut curs, mut due, mut amount) = (vec![], vec![], vec![], vec![]);
    for _ in 0..n {
        let k = (next() % 3000) as u32;
        keys.push(k);
        curs.push((next() % 3) as u16);
        due.push(20_269 - 300 + (next() % 400) as i32);
        amount.push((next() % 1_000_000) as i64 - 50_000);
    }
    let codes = ["CHF", "EUR", "USD"];
    let cols = AgingColumns {
        customer: &keys,
        currency: &curs,
        currencies: &codes,
        due_date: &due,
        issue_date: None,
        amount: &amount,
        scale: 2,
        disputed: None,
    };
    let want = age_columns(&spec, &cols, 2).unwrap();
    let rows = Rows {
        customer: keys.iter().map(|k| format!("CUST-{k:07}")).collect(),
        currency: curs.iter().map(|&c| codes[c as usize].to_string()).collect(),
        due: due.clone(),
        issue: due,
        amount,
        disputed: vec![false; n],
        basis: AgeBasis::DueDate,
    };
    for threads in [0, 1, 2, 3] {
        let got = age_keyed(&spec, std::slice::from_ref(&rows), 2, threads).unwrap().unwrap();
        let cells = |t: &arrears::aging::AgingTable| -> Vec<(Vec<i64>, i64, i64, i64)> {
            t.rows().map(|r| (r.buckets.to_vec(), r.total, r.disputed, r.items)).collect()
        };
        assert_eq!(cells(&got.table), cells(&want));
        let mut distinct: Vec<u32> = keys.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(got.customers.len(), distinct.len());
        let rows_got: Vec<(u64, u32)> = got.table.rows().map(|r| (r.customer, r.currency)).collect();
        let rows_want: Vec<(u64, u32)> = want.rows().map(|r| (r.customer, r.currency)).collect();
        assert_eq!(rows_got.len(), rows_want.len());
        for (g, w) in rows_got.iter().zip(&rows_want) {
            assert_eq!(unpack_key(got.customers[g.0 as usize]), format!("CUST-{:07}", w.0).into_bytes());
            assert_eq!(got.table.currencies()[g.1 as usize], codes[w.1 as usize]);
        }
    }
}

#[test]
fn long_ids_hand_the_work_back() {
    let rows = cat(&[one("A", "EUR", 20_000, 5), one("a-customer-id-of-25-bytes", "EUR", 20_000, 5)]);
    let spec = AgingSpec::new(parse_date("as_of", "2025-06-30").unwrap());
    assert!(age_keyed(&spec, &[rows], 2, 1).unwrap().is_none());
}

#[test]
fn typed_errors_name_the_first_bad_row() {
    let spec = AgingSpec::new(parse_date("as_of", "2025-06-30").unwrap());
    let good = one("A", "EUR", 20_000, 5);
    for threads in [1, 2, 3] {
        // an unknown code, even on a zero amount, is named at its first row
        let rows =
            cat(&[good.clone(), one("B", "EUR", 20_000, 0), one("C", "ABC", 20_000, 0), one("D", "ABC", 20_000, 7)]);
        let e = age_keyed(&spec, &[rows], 2, threads).unwrap_err();
        assert_eq!((e.kind(), e.field(), e.value()), (ErrorKind::UnknownCurrency, "items[2].currency", "ABC"));
        let rows = cat(&[good.clone(), one("B", "EURO", 20_000, 1)]);
        let e = age_keyed(&spec, &[rows], 2, threads).unwrap_err();
        assert_eq!((e.kind(), e.field(), e.value()), (ErrorKind::UnknownCurrency, "items[1].currency", "EURO"));
        // the first bad row wins, whichever thread owns it
        let rows = cat(&[good.clone(), one("X", "EUR", 9_000_000, 1), one("Y", "EUR", -9_000_000, 1)]);
        let e = age_keyed(&spec, &[good.clone(), rows], 2, threads).unwrap_err();
        assert_eq!((e.kind(), e.field()), (ErrorKind::DateOutOfRange, "items[2].date"));
        let mut big = one("Z", "EUR", 20_000, 0);
        big.amount = vec![i64::MAX];
        let rows = cat(&[good.clone(), big.clone(), big]);
        let e = age_keyed(&spec, &[rows], 2, threads).unwrap_err();
        // the overflow names the amount that takes the sum out of range, not the currency (issue 12)
        assert_eq!((e.kind(), e.field(), e.value()), (ErrorKind::Overflow, "items[2].amount", "92233720368547758.07"));
        assert!(e.reason().contains("EUR"), "{e}");
    }
    assert_eq!(age_keyed(&spec, &[good], 19, 1).unwrap_err().kind(), ErrorKind::InvalidPrecision);
}

#[test]
fn no_rows_no_table() {
    let spec = AgingSpec::new(parse_date("as_of", "2025-06-30").unwrap());
    let empty: [Rows; 0] = [];
    let out = age_keyed(&spec, &empty, 2, 0).unwrap().unwrap();
    assert!(out.table.is_empty() && out.customers.is_empty());
}

#[test]
fn many_groups_are_sorted_and_laid_out_the_same_on_any_threads() {
    // above the size where the result is sorted and laid out on several threads, with ids
    // whose currencies straddle the cut between shares
    let spec = AgingSpec::new(parse_date("as_of", "2025-06-30").unwrap());
    let mut x: u64 = 0x1234_5678_9ABC_DEF1;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let n = 240_000;
    let mut rows = Rows {
        customer: Vec::with_capacity(n),
        currency: Vec::with_capacity(n),
        due: Vec::with_capacity(n),
        issue: Vec::with_capacity(n),
        amount: Vec::with_capacity(n),
        disputed: Vec::with_capacity(n),
        basis: AgeBasis::DueDate,
    };
    for _ in 0..n {
        let k = next() % 70_000;
        rows.customer.push(format!("C{k}"));
        rows.currency.push(CODES[(next() % 3) as usize].to_string());
        let d = 20_269 - 300 + (next() % 400) as i32;
        rows.due.push(d);
        rows.issue.push(d);
        rows.amount.push((next() % 1_000_000) as i64 - 50_000);
        rows.disputed.push(next() % 7 == 0);
    }
    let want = reference(&rows, &spec);
    assert!(want.len() > 100_000);
    for threads in [1, 2, 3] {
        assert_eq!(keyed(&spec, std::slice::from_ref(&rows), threads), want, "threads {threads}");
    }
}

#[test]
fn the_first_bad_row_is_named_whichever_thread_takes_its_piece() {
    // rows are handed to the threads in pieces of 64k, to whichever is free: bad rows in
    // several pieces, and in two sources, must still give the first of them
    let spec = AgingSpec::new(parse_date("as_of", "2025-06-30").unwrap());
    let n = 150_000;
    let good = |from: usize| Rows {
        customer: (from..from + n).map(|i| format!("C{}", i % 5000)).collect(),
        currency: vec!["EUR".into(); n],
        due: vec![20_000; n],
        issue: vec![20_000; n],
        amount: vec![5; n],
        disputed: vec![false; n],
        basis: AgeBasis::DueDate,
    };
    let (mut a, mut b) = (good(0), good(n));
    b.due[100_000] = 9_000_000; // row 250000
    b.currency[10] = "ABC".into(); // row 150010
    a.due[70_001] = -9_000_000; // row 70001
    for threads in [1, 2, 3] {
        let e = age_keyed(&spec, &[a.clone(), b.clone()], 2, threads).unwrap_err();
        assert_eq!((e.kind(), e.field()), (ErrorKind::DateOutOfRange, "items[70001].date"), "threads {threads}");
    }
    a.due[70_001] = 20_000;
    for threads in [1, 2, 3] {
        let e = age_keyed(&spec, &[a.clone(), b.clone()], 2, threads).unwrap_err();
        assert_eq!((e.kind(), e.field()), (ErrorKind::UnknownCurrency, "items[150010].currency"), "threads {threads}");
    }
    b.currency[10] = "EUR".into();
    for threads in [1, 2, 3] {
        let e = age_keyed(&spec, &[a.clone(), b.clone()], 2, threads).unwrap_err();
        assert_eq!((e.kind(), e.field()), (ErrorKind::DateOutOfRange, "items[250000].date"), "threads {threads}");
    }
}

/// JPY at scale 2 takes whole units only, by string ids too (issue 12).
#[test]
fn coarse_currencies_take_whole_units() {
    let spec = AgingSpec::new(arrears::parse_date("as_of", "2025-06-30").unwrap());
    let rows = Rows {
        customer: vec!["A".into(), "B".into(), "C".into()],
        currency: vec!["EUR".into(), "JPY".into(), "JPY".into()],
        due: vec![20_000; 3],
        issue: vec![20_000; 3],
        amount: vec![100_050, 100_000, 100_050],
        disputed: vec![false; 3],
        basis: AgeBasis::DueDate,
    };
    let e = age_keyed(&spec, &[rows], 2, 1).unwrap_err();
    assert_eq!((e.kind(), e.field(), e.value()), (arrears::ErrorKind::InvalidAmount, "items[2].amount", "1000.50"));
}
