//! The bad input issues 13 and 14 list, through the Rust API: each a typed error naming the
//! field and the value (the shared vectors check the code and field in every language; these
//! check the value too). Inputs are borrowed, so a failed call changes nothing by construction.

use arrears::charges::{
    interest, preset, ChargeEvent, Claim, EventKind, InterestOptions, InterestRule, RateEntry, RateTable, ReferenceRate,
};
use arrears::payments::{allocate, payment_plan, AllocationOptions, Payment, PaymentItem, PlanTerms};
use arrears::{parse_date, Error, ErrorKind, MoneyRules, Rounding};
use chrono::NaiveDate;
use rust_decimal::Decimal;

fn d(s: &str) -> NaiveDate {
    parse_date("d", s).unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn is(e: Error, kind: ErrorKind, field: &str, value: &str) {
    assert_eq!((e.kind(), e.field(), e.value()), (kind, field, value), "{e}");
    assert!(e.to_string().contains(field), "the message names the field: {e}");
}

fn payment(date: &str, amount: &str, currency: Option<&str>) -> ChargeEvent {
    ChargeEvent { kind: EventKind::Payment, date: d(date), amount: dec(amount), currency: currency.map(String::from) }
}

fn owed(events: Vec<ChargeEvent>, rule: &InterestRule) -> arrears::Result<arrears::charges::Interest> {
    let claim =
        Claim { invoice_date: Some(d("2025-02-01")), events, ..Claim::new(dec("1000.00"), "EUR", d("2025-03-01")) };
    interest(&claim, rule, d("2025-03-31"), &InterestOptions::default())
}

#[test]
fn issue_13_late_charges() {
    let ten = InterestRule::fixed(dec("10"));
    // a payment dated before the invoice date; a negative payment
    is(
        owed(vec![payment("2025-01-31", "100.00", None)], &ten).unwrap_err(),
        ErrorKind::InvalidDate,
        "events[0].date",
        "2025-01-31",
    );
    is(
        owed(vec![payment("2025-03-10", "-100.00", None)], &ten).unwrap_err(),
        ErrorKind::InvalidAmount,
        "events[0].amount",
        "-100.00",
    );
    // rates outside -100..1000 %
    for rate in ["1000.01", "-100.5"] {
        is(owed(vec![], &InterestRule::fixed(dec(rate))).unwrap_err(), ErrorKind::InvalidRule, "rate", rate);
    }
    // rate tables with a gap, an overlap, not covering the period
    let entry = |from: &str, to: Option<&str>, rate: &str| RateEntry { from: d(from), to: to.map(d), rate: dec(rate) };
    let gap = RateTable::new(vec![entry("2025-01-01", Some("2025-01-30"), "3"), entry("2025-02-01", None, "2")]);
    is(gap.unwrap_err(), ErrorKind::InvalidRule, "rates[1].from", "2025-01-31");
    let overlap = RateTable::new(vec![entry("2025-01-01", Some("2025-02-15"), "3"), entry("2025-02-01", None, "2")]);
    is(overlap.unwrap_err(), ErrorKind::InvalidRule, "rates[1].from", "2025-02-01");
    let late = RateTable::new(vec![entry("2025-03-15", None, "3")]).unwrap();
    let rule = InterestRule::reference(ReferenceRate { table: late, margin: dec("8"), fixing: Default::default() });
    is(owed(vec![], &rule).unwrap_err(), ErrorKind::InvalidRule, "reference.table.rates", "2025-03-02");
    // an unknown preset
    is(preset("de_288").unwrap_err(), ErrorKind::InvalidRule, "preset", "de_288");
    // a payment in another currency than its item
    is(
        owed(vec![payment("2025-03-10", "100.00", Some("USD"))], &ten).unwrap_err(),
        ErrorKind::InvalidRequest,
        "events[0].currency",
        "USD",
    );
}

#[test]
fn issue_14_negative_payment() {
    let items: Vec<PaymentItem> = arrears::from_json(
        r#"[{"id": "A", "currency": "EUR", "invoice_date": "2026-01-01", "installments": [{"due_date": "2026-01-31", "amount": "100.00"}]}]"#,
    )
    .unwrap();
    let pay = Payment::new(dec("-10.00"), "EUR", d("2026-03-01"));
    is(
        allocate(&pay, &items, &AllocationOptions::default()).unwrap_err(),
        ErrorKind::InvalidAmount,
        "payment.amount",
        "-10.00",
    );
}

#[test]
fn issue_14_payment_plans() {
    let rules = MoneyRules::new("EUR", &Rounding::default()).unwrap();
    let terms = |installment: &str| PlanTerms {
        balance: dec("1000.00"),
        currency: "EUR".into(),
        start: d("2026-01-05"),
        installment: Some(dec(installment)),
        ..PlanTerms::default()
    };
    // an installment of zero, or larger than the balance
    is(payment_plan(&terms("0"), &rules).unwrap_err(), ErrorKind::InvalidAmount, "installment", "0.00");
    is(payment_plan(&terms("1000.01"), &rules).unwrap_err(), ErrorKind::InvalidAmount, "installment", "1000.01");
}

#[test]
fn issue_13_values_read_as_the_caller_wrote_them() {
    // an overflow names the principal as an amount (1e18 EUR), not in minor units (1e20)
    let claim = Claim::new(dec("1000000000000000000"), "EUR", d("0001-01-01"));
    let e = interest(&claim, &InterestRule::fixed(dec("1000")), d("9999-12-31"), &InterestOptions::default());
    is(e.unwrap_err(), ErrorKind::Overflow, "principal", "1000000000000000000.00");
    // fixed_at_start from 0001-01-02 needs the rate of 0000-12-31: the message names that day
    let entry = RateEntry { from: d("0001-01-01"), to: None, rate: dec("3") };
    let table = RateTable::new(vec![entry]).unwrap();
    let fixing = arrears::charges::Fixing::FixedAtStart;
    let rule = InterestRule::reference(ReferenceRate { table, margin: dec("8"), fixing });
    let claim = Claim::new(dec("1000.00"), "EUR", d("0001-01-01"));
    let e = interest(&claim, &rule, d("0001-03-01"), &InterestOptions::default()).unwrap_err();
    is(e.clone(), ErrorKind::InvalidRule, "reference.table.rates", "0000-12-31");
    assert!(e.to_string().contains("no rate for 0000-12-31"), "{e}");
    // a fee rule names the field its JSON form has: `percent`, `fixed`, or `bands[i].percent`
    let fee = |json: &str| arrears::from_json::<arrears::charges::FeeRule>(json).unwrap_err();
    is(fee(r#"{"percent": "150"}"#), ErrorKind::InvalidRule, "percent", "150");
    is(fee(r#"{"fixed": "-5.00"}"#), ErrorKind::InvalidRule, "fixed", "-5.00");
    is(fee(r#"{"bands": [{"from": "0", "percent": "150"}]}"#), ErrorKind::InvalidRule, "bands[0].percent", "150");
    let bands = r#"{"bands": [{"from": "0", "fixed": "40.00"}, {"from": "1000.00", "percent": "101"}]}"#;
    is(fee(bands), ErrorKind::InvalidRule, "bands[1].percent", "101");
}
