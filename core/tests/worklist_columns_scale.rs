//! The columnar worklist at a size where its history join runs over several partitions and
//! threads: it equals the object API, under every scoring model, with ids of any length.

use arrears::chrono::{Days, NaiveDate};
use arrears::collections::{
    worklist, worklist_columns, Grouping, InvoiceColumns, OverdueItem, PaidItem, PaymentColumns, WorklistColumns,
    WorklistConfig,
};
use arrears::columnar::Utf8Ids;
use rust_decimal::Decimal;

const CURS: [&str; 3] = ["EUR", "USD", "SEK"];
const AS_OF: i32 = 900;

fn date(day: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + Days::new(day as u64)
}

fn day(d: NaiveDate) -> i32 {
    arrears::aging::day_number(d)
}

/// Ids in the Arrow `utf8` layout.
#[derive(Default)]
struct Ids {
    off: Vec<i32>,
    data: Vec<u8>,
}

impl Ids {
    fn push(&mut self, s: &str) {
        if self.off.is_empty() {
            self.off.push(0);
        }
        self.data.extend_from_slice(s.as_bytes());
        self.off.push(self.data.len() as i32);
    }

    fn view(&self) -> Utf8Ids<'_> {
        Utf8Ids::try_new(&self.off, &self.data, None, self.off.len().saturating_sub(1)).unwrap()
    }
}

/// A portfolio of `n` open invoices (half as many closed), their payments and a few payments on
/// no invoice, from a seed; ids made by `inv` and `cust`.
struct Data {
    open_ids: Ids,
    open_cust: Ids,
    due: Vec<i32>,
    cur: Vec<u16>,
    amount: Vec<i64>,
    disputed: Vec<bool>,
    closed_ids: Ids,
    closed_cust: Ids,
    closed_due: Vec<i32>,
    pay_ids: Ids,
    pay_date: Vec<i32>,
    pay_amount: Vec<i64>,
    items: Vec<OverdueItem>,
    paid: Vec<PaidItem>,
}

fn data(n: usize, seed: u64, inv: impl Fn(usize) -> String, cust: impl Fn(u64) -> String) -> Data {
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let customers = (n / 20).max(1) as u64;
    let base = day(date(0));
    let mut d = Data {
        open_ids: Ids::default(),
        open_cust: Ids::default(),
        due: vec![],
        cur: vec![],
        amount: vec![],
        disputed: vec![],
        closed_ids: Ids::default(),
        closed_cust: Ids::default(),
        closed_due: vec![],
        pay_ids: Ids::default(),
        pay_date: vec![],
        pay_amount: vec![],
        items: vec![],
        paid: vec![],
    };
    let pay = |d: &mut Data, id: &str, customer: &str, due: i32, r: u64| {
        let paid = due - 30 + (r % 90) as i32;
        let cents = (r >> 20) as i64 % 200_000 + 1;
        d.pay_ids.push(id);
        d.pay_date.push(base + paid);
        d.pay_amount.push(cents);
        d.paid.push(PaidItem {
            customer: customer.into(),
            due_date: date(due),
            paid_date: date(paid),
            amount: Decimal::new(cents, 2),
        });
    };
    for i in 0..n {
        let (c, id) = (cust(next() % customers), inv(i));
        let due = 300 + (next() % 700) as i32;
        let k = (next() % 3) as u16;
        let cents = (next() % 1_000_000) as i64 - 10_000;
        let disputed = next() % 20 == 0;
        d.open_ids.push(&id);
        d.open_cust.push(&c);
        d.due.push(base + due);
        d.cur.push(k);
        d.amount.push(cents);
        d.disputed.push(disputed);
        d.items.push(OverdueItem {
            customer: c.clone(),
            currency: CURS[k as usize].into(),
            due_date: date(due),
            open_amount: Decimal::new(cents, 2),
            disputed,
        });
        if next() % 6 == 0 {
            pay(&mut d, &id, &c, due, next());
        }
    }
    for i in n..n + n / 2 {
        let (c, id) = (cust(next() % customers), inv(i));
        let due = 30 + (next() % 870) as i32;
        d.closed_ids.push(&id);
        d.closed_cust.push(&c);
        d.closed_due.push(base + due);
        for _ in 0..1 + next() % 2 {
            pay(&mut d, &id, &c, due, next());
        }
    }
    for i in 0..n / 100 {
        d.pay_ids.push(&inv(10 * n + i)); // names no invoice
        d.pay_date.push(base + 10);
        d.pay_amount.push(77);
    }
    d
}

fn columns(d: &Data) -> WorklistColumns<'_> {
    WorklistColumns {
        open: InvoiceColumns {
            invoice_id: d.open_ids.view(),
            customer: d.open_cust.view(),
            due_date: &d.due,
            currency: &d.cur,
            open_amount: &d.amount,
            disputed: Some(&d.disputed),
        },
        closed: Some(InvoiceColumns {
            invoice_id: d.closed_ids.view(),
            customer: d.closed_cust.view(),
            due_date: &d.closed_due,
            currency: &[],
            open_amount: &[],
            disputed: None,
        }),
        payments: PaymentColumns { invoice_id: d.pay_ids.view(), paid_date: &d.pay_date, amount: &d.pay_amount },
        currencies: &CURS,
        scale: 2,
    }
}

fn configs() -> Vec<WorklistConfig> {
    let mut points = WorklistConfig::new(date(AS_OF));
    points.fx = [("USD", "0.92"), ("SEK", "0.088")].iter().map(|(c, r)| (c.to_string(), r.parse().unwrap())).collect();
    points.top_k = Some(300);
    let mut product = WorklistConfig::bench(date(AS_OF), 250);
    product.fx.remove("GBP");
    let by_customer = WorklistConfig { by: Grouping::Customer, top_k: None, ..points.clone() };
    vec![points, product, by_customer]
}

#[test]
fn columns_equal_the_object_api_over_many_partitions() {
    let d = data(60_000, 7, |i| format!("INV-{i:09}"), |c| format!("CUST-{c:07}"));
    assert!(d.pay_date.len() > 20_000, "enough payments for several partitions");
    let cols = columns(&d);
    for config in configs() {
        let want = worklist(&d.items, &d.paid, &config).unwrap();
        assert!(want.len() > 100);
        assert_eq!(worklist_columns(&cols, &config, 1).unwrap(), want);
        assert_eq!(worklist_columns(&cols, &config, 2).unwrap(), want);
        assert_eq!(worklist_columns(&cols, &config, 3).unwrap(), want);
    }
}

/// Invoice and customer ids of every third row longer than a packed key holds.
fn mixed_inv(i: usize) -> String {
    if i.is_multiple_of(3) {
        format!("INVOICE-NUMBER-{i:012}")
    } else {
        format!("INV-{i:09}")
    }
}

fn mixed_cust(c: u64) -> String {
    if c % 3 == 1 {
        format!("CUSTOMER-ACCOUNT-{c:07}")
    } else {
        format!("CUST-{c:07}")
    }
}

#[test]
fn long_ids_equal_the_object_api() {
    let d = data(30_000, 11, mixed_inv, mixed_cust);
    let cols = columns(&d);
    for config in configs() {
        let want = worklist(&d.items, &d.paid, &config).unwrap();
        assert!(want.iter().any(|r| r.customer.len() > 15) && want.iter().any(|r| r.customer.len() <= 15));
        assert_eq!(worklist_columns(&cols, &config, 1).unwrap(), want);
        assert_eq!(worklist_columns(&cols, &config, 2).unwrap(), want);
    }
}

const PREFIX: &str = "a-prefix-of-16-bytes/";

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Ids made longer than a packed key (one prefix on every id, so their order is kept) rank
    /// exactly as the short ones; ids of mixed lengths give the object API's list.
    #[test]
    fn long_ids_rank_as_short_ones(seed in proptest::prelude::any::<u64>(), n in 1usize..400, threads in 1usize..3) {
        let short = data(n, seed, |i| format!("I{i}"), |c| format!("C{c}"));
        let long = data(n, seed, |i| format!("{PREFIX}I{i}"), |c| format!("{PREFIX}C{c}"));
        for config in configs() {
            let a = worklist_columns(&columns(&short), &config, threads).unwrap();
            let mut b = worklist_columns(&columns(&long), &config, threads).unwrap();
            for r in &mut b {
                r.customer = r.customer.strip_prefix(PREFIX).unwrap().to_string();
            }
            proptest::prop_assert_eq!(&a, &b);
            let mixed = data(n, seed, mixed_inv, mixed_cust);
            let want = worklist(&mixed.items, &mixed.paid, &config).unwrap();
            proptest::prop_assert_eq!(&worklist_columns(&columns(&mixed), &config, threads).unwrap(), &want);
        }
    }
}
