//! The columnar worklist at a size where its history join runs over several partitions and
//! threads: it equals the object API, under every scoring model.

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
