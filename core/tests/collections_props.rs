//! Property tests of collections: a worklist score never falls when an overdue amount or its age
//! grows; the order is deterministic (any permutation of the input gives the same list); the
//! columnar kernel equals the object API; bad weights are typed errors naming the field.

use arrears::chrono::{Days, NaiveDate};
use arrears::collections::{
    worklist, worklist_columns, Grouping, InvoiceColumns, OverdueItem, PaidItem, PaymentColumns, Scoring,
    WorklistColumns, WorklistConfig,
};
use arrears::columnar::Utf8Ids;
use arrears::ErrorKind;
use proptest::prelude::*;
use rust_decimal::Decimal;

const AS_OF: i64 = 900;

fn date(day: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + Days::new(day as u64)
}

const CURS: [&str; 3] = ["EUR", "USD", "SEK"];

/// (customer 0..6, currency 0..3, due day, cents, disputed)
type Row = (u8, u8, i64, i64, bool);

fn rows() -> impl Strategy<Value = Vec<Row>> {
    proptest::collection::vec(
        (0u8..6, 0u8..3, 300i64..1000, -5_000i64..2_000_000, proptest::bool::weighted(0.1)),
        0..40,
    )
}

/// (customer, due day, paid day, cents)
fn history() -> impl Strategy<Value = Vec<(u8, i64, i64, i64)>> {
    proptest::collection::vec((0u8..6, 0i64..900, 0i64..1000, 1i64..500_000), 0..20)
}

fn items(rows: &[Row]) -> Vec<OverdueItem> {
    rows.iter()
        .map(|&(c, k, due, cents, disputed)| OverdueItem {
            customer: format!("C{c}"),
            currency: CURS[k as usize].into(),
            due_date: date(due),
            open_amount: Decimal::new(cents, 2),
            disputed,
        })
        .collect()
}

fn paid(h: &[(u8, i64, i64, i64)]) -> Vec<PaidItem> {
    h.iter()
        .map(|&(c, due, p, cents)| PaidItem {
            customer: format!("C{c}"),
            due_date: date(due),
            paid_date: date(p),
            amount: Decimal::new(cents, 2),
        })
        .collect()
}

fn configs() -> Vec<WorklistConfig> {
    let mut points = WorklistConfig::new(date(AS_OF as u64 as i64));
    points.fx = [("USD", "0.92"), ("SEK", "0.088")].iter().map(|(c, r)| (c.to_string(), r.parse().unwrap())).collect();
    let mut product = WorklistConfig::bench(date(AS_OF), 1000);
    product.top_k = None;
    let by_customer = WorklistConfig { by: Grouping::Customer, ..points.clone() };
    vec![points, product, by_customer]
}

fn score_of(rows: &[arrears::collections::WorklistRow], customer: &str, currency: &str) -> Decimal {
    rows.iter().find(|r| r.customer == customer && r.currency == currency).map_or(Decimal::ZERO, |r| r.score)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Growing one overdue item's amount, or moving its due date earlier (older), never lowers
    /// its row's score, under every scoring model.
    #[test]
    fn score_never_falls_when_amount_or_age_grows(r in rows(), h in history(), pick in 0usize..40, more in 1i64..1_000_000, older in 1i64..200) {
        prop_assume!(!r.is_empty());
        let i = pick % r.len();
        let (h, r0) = (paid(&h), items(&r));
        for config in configs() {
            let before = worklist(&r0, &h, &config).unwrap();
            let (c, k) = (r0[i].customer.clone(), match config.by { Grouping::Customer => "EUR".to_string(), _ => r0[i].currency.clone() });
            let mut bigger = r0.clone();
            bigger[i].open_amount += Decimal::new(more, 2);
            let mut aged = r0.clone();
            aged[i].due_date = aged[i].due_date - Days::new(older as u64);
            let s0 = score_of(&before, &c, &k);
            prop_assert!(score_of(&worklist(&bigger, &h, &config).unwrap(), &c, &k) >= s0);
            prop_assert!(score_of(&worklist(&aged, &h, &config).unwrap(), &c, &k) >= s0);
        }
    }

    /// The list does not depend on the order of the input; ranks are 1..n, scores never rise
    /// down the list, and ties are in customer, then currency order.
    #[test]
    fn order_is_deterministic(r in rows(), h in history(), seed in any::<u64>()) {
        let (items0, h) = (items(&r), paid(&h));
        let mut shuffled = items0.clone();
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        for config in configs() {
            let a = worklist(&items0, &h, &config).unwrap();
            prop_assert_eq!(&a, &worklist(&shuffled, &h, &config).unwrap());
            for (n, w) in a.windows(2).enumerate() {
                prop_assert_eq!(w[0].rank, n + 1);
                prop_assert!(w[0].score > w[1].score
                    || (w[0].score == w[1].score && (&w[0].customer, &w[0].currency) < (&w[1].customer, &w[1].currency)));
            }
        }
    }

    /// The columnar kernel gives the object API's list, on one thread and on two.
    #[test]
    fn columns_equal_the_object_api(r in rows(), h in history(), k in 1usize..12) {
        let items0 = items(&r);
        // payments name invoices: invoice j of the open rows, or a closed invoice per history row
        let mut inv_ids = Vec::new();
        let mut inv_off = vec![0i32];
        let mut cust = Vec::new();
        let mut cust_off = vec![0i32];
        for (j, &(c, ..)) in r.iter().enumerate() {
            inv_ids.extend_from_slice(format!("I{j}").as_bytes());
            inv_off.push(inv_ids.len() as i32);
            cust.extend_from_slice(format!("C{c}").as_bytes());
            cust_off.push(cust.len() as i32);
        }
        let (mut c_ids, mut c_off, mut c_cust, mut c_cust_off, mut c_due) = (Vec::new(), vec![0i32], Vec::new(), vec![0i32], Vec::new());
        let (mut p_ids, mut p_off, mut p_date, mut p_amt) = (Vec::new(), vec![0i32], Vec::new(), Vec::new());
        for (j, &(c, due, p, cents)) in h.iter().enumerate() {
            c_ids.extend_from_slice(format!("X{j}").as_bytes());
            c_off.push(c_ids.len() as i32);
            c_cust.extend_from_slice(format!("C{c}").as_bytes());
            c_cust_off.push(c_cust.len() as i32);
            c_due.push(arrears::aging::day_number(date(due)));
            p_ids.extend_from_slice(format!("X{j}").as_bytes());
            p_off.push(p_ids.len() as i32);
            p_date.push(arrears::aging::day_number(date(p)));
            p_amt.push(cents);
        }
        p_ids.extend_from_slice(b"NOPE");
        p_off.push(p_ids.len() as i32);
        p_date.push(0);
        p_amt.push(5);
        let ids = |o: &'static [i32], d: &'static [u8]| Utf8Ids::try_new(o, d, None, o.len() - 1).unwrap();
        let leak_i = |v: Vec<i32>| -> &'static [i32] { Box::leak(v.into_boxed_slice()) };
        let leak_u = |v: Vec<u8>| -> &'static [u8] { Box::leak(v.into_boxed_slice()) };
        let due: Vec<i32> = r.iter().map(|x| arrears::aging::day_number(date(x.2))).collect();
        let currency: Vec<u16> = r.iter().map(|x| u16::from(x.1)).collect();
        let open_amount: Vec<i64> = r.iter().map(|x| x.3).collect();
        let disputed: Vec<bool> = r.iter().map(|x| x.4).collect();
        let cols = WorklistColumns {
            open: InvoiceColumns { invoice_id: ids(leak_i(inv_off), leak_u(inv_ids)), customer: ids(leak_i(cust_off), leak_u(cust)),
                due_date: &due, currency: &currency, open_amount: &open_amount, disputed: Some(&disputed) },
            closed: Some(InvoiceColumns { invoice_id: ids(leak_i(c_off), leak_u(c_ids)), customer: ids(leak_i(c_cust_off), leak_u(c_cust)),
                due_date: &c_due, currency: &[], open_amount: &[], disputed: None }),
            payments: PaymentColumns { invoice_id: ids(leak_i(p_off), leak_u(p_ids)), paid_date: &p_date, amount: &p_amt },
            currencies: &CURS,
            scale: 2,
        };
        for mut config in configs() {
            config.top_k = Some(k);
            let want = worklist(&items0, &paid(&h), &config).unwrap();
            prop_assert_eq!(&worklist_columns(&cols, &config, 1).unwrap(), &want);
            prop_assert_eq!(&worklist_columns(&cols, &config, 2).unwrap(), &want);
        }
    }
}

#[test]
fn bad_weights_name_the_field() {
    let mut c = WorklistConfig::new(date(AS_OF));
    if let Scoring::Points(w) = &mut c.scoring {
        w.bucket_weights[2] = Decimal::new(-1, 0);
    }
    let e = worklist(&[], &[], &c).unwrap_err();
    assert_eq!((e.kind(), e.field(), e.value()), (ErrorKind::InvalidRequest, "scoring.points.bucket_weights[2]", "-1"));
    if let Scoring::Points(w) = &mut c.scoring {
        w.bucket_weights[2] = Decimal::new(1, 0); // below 1.5 before it: falls with age
    }
    assert_eq!(worklist(&[], &[], &c).unwrap_err().field(), "scoring.points.bucket_weights[2]");
    let e = arrears::call_json(
        "worklist",
        r#"{"config": {"as_of": "2025-06-30", "scoring": {"points": {"bucket_bounds": [30],
        "bucket_weights": ["1", "NaN"], "per_day_past_due": "1", "dpd_cap": 365, "per_day_late": "1", "late_cap": 120,
        "per_risk_point": "1"}}}, "open": []}"#,
    )
    .unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::InvalidAmount, "config.scoring.points.bucket_weights[1]"));
    let e = arrears::call_json(
        "worklist",
        r#"{"config": {"as_of": "2025-06-30", "scoring": {"product": {"dpd_offset": 30,
        "dpd_cap": -1, "late_offset": 30, "late_cap": 120}}}, "open": []}"#,
    )
    .unwrap_err();
    assert_eq!((e.kind(), e.field(), e.value()), (ErrorKind::InvalidRequest, "config.scoring.product.dpd_cap", "-1"));
}
