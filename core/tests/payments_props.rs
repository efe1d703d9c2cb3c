//! Property tests of payment allocation, for every strategy, order inside an item, discount
//! option and tolerance: cash applied + unapplied == payment exactly; no part of an item goes
//! below zero; each installment's rest is its open amount less cash, discount and write-off;
//! cash is left unapplied only when every item (every listed item, for `specified`) is settled;
//! no input panics; `oldest_first` settles installments in order across items; `settle` keeps
//! the full discount and reports the excess.

use arrears::chrono::{Days, NaiveDate};
use arrears::payments::{
    allocate, AllocationOptions, GrossInWindow, ItemInstallment, Payment, PaymentItem, Strategy as Alloc, Tolerance,
    Within,
};
use arrears::InstallmentDiscount;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn date(day: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Days::new(day)
}

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

fn to_cents(d: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    (d * Decimal::from(100)).to_i64().expect("cents")
}

/// (due day, amount cents, open cents ≤ amount, discount percent 0..=5 with deadline day)
type Inst = (u64, i64, i64, i64, u64);

fn installment() -> impl Strategy<Value = Inst> {
    (0u64..60, 0i64..20_000, 0i64..=100, 0i64..=5, 0u64..40)
        .prop_map(|(due, amount, open_pct, pct, deadline)| (due, amount, amount * open_pct / 100, pct, deadline))
}

fn item() -> impl Strategy<Value = (Vec<Inst>, i64, i64, bool, u8, u64)> {
    (prop::collection::vec(installment(), 1..4), 0i64..600, 0i64..600, any::<bool>(), 0u8..3, 0u64..10)
}

fn build(i: usize, spec: &(Vec<Inst>, i64, i64, bool, u8, u64)) -> PaymentItem {
    let (insts, fees, interest, secured, rate, invoice_day) = spec;
    let installments = insts
        .iter()
        .map(|&(due, amount, open, pct, deadline)| {
            let discount = amount * pct / 100;
            ItemInstallment {
                due_date: date(10 + due),
                amount: cents(amount),
                open: Some(cents(open)),
                discounts: if pct > 0 {
                    vec![InstallmentDiscount {
                        deadline: date(deadline),
                        discount: cents(discount),
                        payable: cents(amount - discount),
                    }]
                } else {
                    vec![]
                },
            }
        })
        .collect();
    PaymentItem {
        id: format!("I{i}"),
        currency: "EUR".into(),
        invoice_date: date(*invoice_day),
        installments,
        fees: cents(*fees),
        interest: cents(*interest),
        secured: *secured,
        rate: Some(Decimal::from(*rate)),
        tax: None,
        company_currency: None,
        invoice_rate: None,
    }
}

const STRATEGIES: [Alloc; 8] = [
    Alloc::OldestFirst,
    Alloc::Specified,
    Alloc::Proportional,
    Alloc::LargestFirst,
    Alloc::SmallestFirst,
    Alloc::DeBgb366,
    Alloc::ItCc1193,
    Alloc::RuGk319,
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn cash_is_conserved_and_nothing_goes_below_zero(
        specs in prop::collection::vec(item(), 1..6),
        pay in 1i64..80_000,
        day in 10u64..50,
        strategy in 0usize..8,
        within in 0u8..4,
        decline in any::<bool>(),
        tolerance in prop::option::of((prop::option::of(0i64..300), prop::option::of(0i64..10))),
        order_len in 0usize..6,
    ) {
        let items: Vec<PaymentItem> = specs.iter().enumerate().map(|(i, s)| build(i, s)).collect();
        let strategy = STRATEGIES[strategy];
        // an order is read by `specified` only (given to another strategy it is an error)
        let listed: Vec<String> = if strategy == Alloc::Specified {
            items.iter().rev().take(order_len).map(|i| i.id.clone()).collect()
        } else {
            Vec::new()
        };
        let options = AllocationOptions {
            strategy,
            order: listed.clone(),
            within: match within { 0 => None, 1 => Some(Within::FeesInterestPrincipal), 2 => Some(Within::FeesPrincipalInterest), _ => Some(Within::PrincipalFirst) },
            gross_in_window: if decline { GrossInWindow::DeclineDiscount } else { GrossInWindow::TakeDiscount },
            tolerance: tolerance.map(|(a, p)| Tolerance { amount: a.map(cents), percent: p.map(Decimal::from) }),
            ..AllocationOptions::default()
        };
        let payment = Payment::new(cents(pay), "EUR", date(day));
        let out = allocate(&payment, &items, &options).unwrap();
        prop_assert_eq!(out.applied + out.unapplied, payment.amount);
        prop_assert!(out.unapplied >= Decimal::ZERO && out.applied >= Decimal::ZERO);
        let mut cash = Decimal::ZERO;
        let mut all_settled = true;
        for (item, a) in items.iter().zip(&out.items) {
            prop_assert_eq!(&item.id, &a.id);
            for v in [a.fees, a.interest, a.principal, a.discount, a.write_off, a.open_after] {
                prop_assert!(v >= Decimal::ZERO, "{:?}", a);
            }
            prop_assert!(a.fees <= item.fees && a.interest <= item.interest);
            cash += a.fees + a.interest + a.principal;
            let mut open_after = Decimal::ZERO;
            for (inst, x) in item.installments.iter().zip(&a.installments) {
                for v in [x.principal, x.discount, x.write_off, x.open_after] {
                    prop_assert!(v >= Decimal::ZERO, "{:?}", x);
                }
                prop_assert_eq!(x.open_after, inst.open_amount() - x.principal - x.discount - x.write_off);
                open_after += x.open_after;
            }
            let charges_rest = item.fees + item.interest - a.fees - a.interest;
            prop_assert!(a.open_after <= open_after + charges_rest);
            let counted = strategy != Alloc::Specified || listed.is_empty() || listed.contains(&item.id);
            if counted && !a.open_after.is_zero() {
                all_settled = false;
            }
            prop_assert_eq!(a.open_after.scale(), 2);
        }
        prop_assert_eq!(cash, out.applied);
        if !out.unapplied.is_zero() {
            prop_assert!(all_settled, "cash left over while an item is open: {:?}", out);
        }
    }

    /// `oldest_first` works installment by installment: an installment that received cash has
    /// every installment before it (due date, invoice date, id; any item) settled.
    #[test]
    fn oldest_first_settles_installments_in_order(
        specs in prop::collection::vec(item(), 1..6),
        pay in 1i64..80_000,
        day in 10u64..50,
        decline in any::<bool>(),
    ) {
        let items: Vec<PaymentItem> = specs.iter().enumerate().map(|(i, s)| build(i, s)).collect();
        let options = AllocationOptions {
            gross_in_window: if decline { GrossInWindow::DeclineDiscount } else { GrossInWindow::TakeDiscount },
            ..AllocationOptions::default()
        };
        let payment = Payment::new(cents(pay), "EUR", date(day));
        let out = allocate(&payment, &items, &options).unwrap();
        let mut rows = Vec::new();
        for (item, a) in items.iter().zip(&out.items) {
            let mut inst: Vec<_> = item.installments.iter().zip(&a.installments).enumerate().collect();
            inst.sort_by_key(|(k, (i, _))| (i.due_date, *k));
            for (n, (_, (i, x))) in inst.into_iter().enumerate() {
                rows.push(((i.due_date, item.invoice_date, item.id.clone(), n), x.principal, x.open_after));
            }
        }
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        for (n, (key, principal, _)) in rows.iter().enumerate() {
            if !principal.is_zero() {
                for (earlier, _, open_after) in &rows[..n] {
                    prop_assert!(open_after.is_zero(), "{:?} paid while {:?} is open: {:?}", key, earlier, out);
                }
            }
        }
    }

    /// `settle` inside a window: paid + overpayment == payment; a payment that covers the
    /// payable keeps the full discount; the discount is never more than the full one.
    #[test]
    fn settle_keeps_the_full_discount_and_reports_the_excess(
        amount in 1i64..100_000,
        open_pct in 1i64..=100,
        pct in 1i64..=20,
        pay in 1i64..120_000,
        decline in any::<bool>(),
    ) {
        use arrears::discount::settle_with;
        let discount = amount * pct / 100;
        let inst: arrears::Installment = arrears::from_json(&format!(
            r#"{{"amount": "{}", "due_date": "2026-02-28", "line": 0,
                "discounts": [{{"deadline": "2026-01-31", "discount": "{}", "payable": "{}"}}]}}"#,
            cents(amount), cents(discount), cents(amount - discount))).unwrap();
        let open = cents((amount * open_pct / 100).max(1));
        let rules = arrears::MoneyRules::new("EUR", &arrears::Rounding::default()).unwrap();
        let gross = if decline { GrossInWindow::DeclineDiscount } else { GrossInWindow::TakeDiscount };
        let full = settle_with(&inst, date(10), None, Some(open), gross, &rules).unwrap();
        let s = settle_with(&inst, date(10), Some(cents(pay)), Some(open), gross, &rules).unwrap();
        prop_assert_eq!(s.paid + s.overpayment, cents(pay));
        prop_assert!(s.overpayment >= Decimal::ZERO && s.discount <= full.discount);
        prop_assert_eq!(s.settled, s.paid + s.discount);
        prop_assert_eq!(s.open_after, open - s.settled);
        prop_assert!(s.open_after >= Decimal::ZERO);
        if cents(pay) >= open && decline {
            prop_assert_eq!((s.paid, s.discount), (open, Decimal::ZERO));
        } else if cents(pay) >= full.paid {
            prop_assert_eq!((s.paid, s.discount, s.open_after), (full.paid, full.discount, Decimal::ZERO));
        } else {
            prop_assert_eq!(s.overpayment, Decimal::ZERO);
        }
    }
}

fn items_json(json: &str) -> Vec<PaymentItem> {
    arrears::from_json(json).unwrap()
}

#[test]
fn proportional_split_is_exact_and_states_its_residue() {
    let items = items_json(
        r#"[{"id": "A", "currency": "EUR", "invoice_date": "2026-01-01", "installments": [{"due_date": "2026-01-10", "amount": "100.00"}]},
            {"id": "B", "currency": "EUR", "invoice_date": "2026-01-01", "installments": [{"due_date": "2026-01-20", "amount": "100.00"}]},
            {"id": "C", "currency": "EUR", "invoice_date": "2026-01-01", "installments": [{"due_date": "2026-01-30", "amount": "100.00"}]}]"#,
    );
    let payment = Payment::new("100.00".parse().unwrap(), "EUR", date(40));
    let options = AllocationOptions { strategy: Alloc::Proportional, ..AllocationOptions::default() };
    let out = allocate(&payment, &items, &options).unwrap();
    let got: Vec<String> = out.items.iter().map(|i| i.principal.to_string()).collect();
    assert_eq!(got, ["33.34", "33.33", "33.33"]);
}

#[test]
fn errors_name_the_field_and_value() {
    let items = items_json(
        r#"[{"id": "A", "currency": "EUR", "invoice_date": "2026-01-05", "installments": [{"due_date": "2026-01-10", "amount": "100.00"}]},
            {"id": "A", "currency": "EUR", "invoice_date": "2026-01-01", "installments": [{"due_date": "2026-01-20", "amount": "100.00"}]}]"#,
    );
    let pay = |a: &str, d: u64| Payment::new(a.parse().unwrap(), "EUR", date(d));
    let o = AllocationOptions::default();
    let e = allocate(&pay("10.00", 40), &items, &o).unwrap_err();
    assert_eq!((e.field(), e.value()), ("items[1].id", "A"));
    let one = &items[..1];
    let e = allocate(&pay("0.00", 40), one, &o).unwrap_err();
    assert_eq!((e.kind().code(), e.field(), e.value()), ("invalid_amount", "payment.amount", "0.00"));
    let e = allocate(&pay("10.00", 2), one, &o).unwrap_err();
    assert_eq!((e.kind().code(), e.field(), e.value()), ("invalid_date", "payment.date", "2026-01-03"));
    let usd = Payment { currency: "USD".into(), ..pay("10.00", 40) };
    let e = allocate(&usd, one, &o).unwrap_err();
    assert_eq!((e.field(), e.value()), ("items[0].currency", "EUR"));
    let spec =
        AllocationOptions { strategy: Alloc::Specified, order: vec!["Z".into()], ..AllocationOptions::default() };
    let e = allocate(&pay("10.00", 40), one, &spec).unwrap_err();
    assert_eq!((e.field(), e.value()), ("order[0]", "Z"));
}

/// (customer, currency, due day, id number, open cents) and (customer, currency, day, cents).
type Row = (u32, u16, i32, u32, i64);
type Receipt = (u32, u16, i32, i64);

fn rows() -> impl Strategy<Value = (Vec<Row>, Vec<Receipt>)> {
    (
        prop::collection::vec((0u32..4, 0u16..2, 0i32..20, 0u32..1000, -50i64..5_000), 0..40),
        prop::collection::vec((0u32..5, 0u16..2, 20i32..30, 1i64..8_000), 0..8),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The batch kernel equals the object API: oldest first per customer and currency, the
    /// receipts one after the other in date order.
    #[test]
    fn batch_equals_the_object_api((items, receipts) in rows(), threads in 1usize..3, shuffle in any::<bool>()) {
        // unique ids; rows in id order or not
        let mut items = items;
        for (k, r) in items.iter_mut().enumerate() {
            r.3 = if shuffle { (k as u32 * 7919) % 1009 } else { k as u32 };
        }
        let ids: Vec<String> = items.iter().map(|r| format!("I{:04}", r.3)).collect();
        let mut offsets = vec![0i32];
        let mut data = Vec::new();
        for id in &ids {
            data.extend_from_slice(id.as_bytes());
            offsets.push(data.len() as i32);
        }
        let cols = |f: fn(&Row) -> i64| items.iter().map(f).collect::<Vec<i64>>();
        let (customer, currency): (Vec<u32>, Vec<u16>) = items.iter().map(|r| (r.0, r.1)).unzip();
        let due: Vec<i32> = items.iter().map(|r| r.2).collect();
        let open = cols(|r| r.4);
        let id = arrears::columnar::Utf8Ids::try_new(&offsets, &data, None, items.len()).unwrap();
        let item_rows = arrears::payments::OpenItemRows { customer: &customer, currency: &currency, due: &due, id, open: &open };
        let (rc, rk): (Vec<u32>, Vec<u16>) = receipts.iter().map(|r| (r.0, r.1)).unzip();
        let rd: Vec<i32> = receipts.iter().map(|r| r.2).collect();
        let ra: Vec<i64> = receipts.iter().map(|r| r.3).collect();
        let receipt_rows = arrears::payments::ReceiptRows { customer: &rc, currency: &rk, date: &rd, amount: &ra };
        let out = arrears::payments::allocate_columns(&item_rows, &receipt_rows, threads).unwrap();
        // the object API, receipt by receipt in (date, row) order, per customer and currency
        let mut left: Vec<i64> = open.iter().map(|&o| o.max(0)).collect();
        let mut applied = vec![0i64; items.len()];
        let mut unapplied = vec![0i64; receipts.len()];
        let mut order: Vec<usize> = (0..receipts.len()).collect();
        order.sort_by_key(|&q| (receipts[q].2, q));
        for q in order {
            let (c, k, day, amount) = receipts[q];
            let mine: Vec<usize> = (0..items.len()).filter(|&i| items[i].0 == c && items[i].1 == k && left[i] > 0).collect();
            if mine.is_empty() {
                unapplied[q] = amount;
                continue;
            }
            let objects: Vec<PaymentItem> = mine.iter().map(|&i| PaymentItem {
                installments: vec![ItemInstallment { open: Some(cents(left[i])), ..ItemInstallment::new(date(items[i].2 as u64), cents(open[i])) }],
                ..PaymentItem::single(&ids[i], "EUR", date(0), date(items[i].2 as u64), cents(open[i]))
            }).collect();
            let payment = Payment::new(cents(amount), "EUR", date(day as u64));
            let a = allocate(&payment, &objects, &AllocationOptions::default()).unwrap();
            for (&i, x) in mine.iter().zip(&a.items) {
                let c = to_cents(x.principal);
                applied[i] += c;
                left[i] -= c;
            }
            unapplied[q] = to_cents(a.unapplied);
        }
        prop_assert_eq!(out.applied, applied);
        prop_assert_eq!(out.unapplied, unapplied);
    }
}
