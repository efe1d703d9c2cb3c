//! Property tests of payment allocation, for every strategy, order inside an item, discount
//! option and tolerance: cash applied + unapplied == payment exactly; no part of an item goes
//! below zero; each installment's rest is its open amount less cash, discount and write-off;
//! cash is left unapplied only when every item (every listed item, for `specified`) is settled;
//! no input panics.

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
        let listed: Vec<String> = items.iter().rev().take(order_len).map(|i| i.id.clone()).collect();
        let options = AllocationOptions {
            strategy,
            order: listed.clone(),
            within: match within { 0 => None, 1 => Some(Within::FeesInterestPrincipal), 2 => Some(Within::FeesPrincipalInterest), _ => Some(Within::PrincipalFirst) },
            gross_in_window: if decline { GrossInWindow::DeclineDiscount } else { GrossInWindow::TakeDiscount },
            tolerance: tolerance.map(|(a, p)| Tolerance { amount: a.map(cents), percent: p.map(Decimal::from) }),
            ..AllocationOptions::default()
        };
        let payment = Payment { amount: cents(pay), currency: "EUR".into(), date: date(day) };
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
    let payment = Payment { amount: "100.00".parse().unwrap(), currency: "EUR".into(), date: date(40) };
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
    let pay = |a: &str, d: u64| Payment { amount: a.parse().unwrap(), currency: "EUR".into(), date: date(d) };
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
