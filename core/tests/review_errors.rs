//! Bad input the last review found accepted, or named unreadably: each is now a typed error
//! naming the field and the value, as the rest of the library gives (the shared vectors check
//! code and field in every language; this checks the value and the words too).

use arrears::charges::{interest_columns, InterestBatch, InterestRule, InvoiceRows, PaymentRows};
use arrears::{parse_date, Calendar, ErrorKind, Rounding};

fn err(op: &str, request: &str) -> (ErrorKind, String, String) {
    let e = arrears::call_json(op, request).expect_err("an error");
    (e.kind(), e.field().to_string(), e.value().to_string())
}

fn dunning(currency: &str, amount: &str) -> String {
    format!(
        r#"{{"as_of": "2025-06-21", "items": [{{"customer": "A", "invoice": "I-1", "currency": "{currency}",
            "due_date": "2025-06-01", "open_amount": "{amount}"}}]}}"#
    )
}

fn worklist(currency: &str, amount: &str) -> String {
    format!(
        r#"{{"config": {{"as_of": "2025-06-30", "fx": {{"USD": "0.9", "JPY": "0.006"}}}},
            "open": [{{"customer": "A", "currency": "{currency}", "due_date": "2025-05-01", "open_amount": "{amount}"}}]}}"#
    )
}

#[test]
fn dunning_and_worklist_check_amounts_and_currencies_as_every_call_does() {
    let amount = |c: &str, v: &str| (ErrorKind::InvalidAmount, c.to_string(), v.to_string());
    assert_eq!(err("dunning", &dunning("USD", "10.001")), amount("items[0].open_amount", "10.001"));
    assert_eq!(err("dunning", &dunning("JPY", "5.5")), amount("items[0].open_amount", "5.5"));
    // no fee configured: the currency is checked all the same
    assert_eq!(
        err("dunning", &dunning("dollars", "5.00")),
        (ErrorKind::UnknownCurrency, "items[0].currency".into(), "dollars".into())
    );
    assert_eq!(err("dunning", &dunning("XYZ", "5.00")).0, ErrorKind::UnknownCurrency);
    assert_eq!(err("worklist", &worklist("USD", "10.001")), amount("open[0].open_amount", "10.001"));
    assert_eq!(err("worklist", &worklist("JPY", "5.5")), amount("open[0].open_amount", "5.5"));
    assert_eq!(err("worklist", &worklist("usd", "5")).0, ErrorKind::UnknownCurrency);
    // trailing zeros are fine: 5.00 JPY is 5 yen
    assert!(arrears::call_json("dunning", &dunning("JPY", "5.00")).is_ok());
    assert!(arrears::call_json("worklist", &worklist("JPY", "5.00")).is_ok());
    let e = arrears::call_json("worklist", &worklist("USD", "10.001")).unwrap_err();
    assert!(e.reason().contains("USD"), "{e}");
}

#[test]
fn risk_scores_reject_a_customer_listed_twice() {
    let r = r#"{"as_of": "2025-06-30", "customers": [{"customer": "A"}, {"customer": "B"}, {"customer": "A"}]}"#;
    let e = arrears::call_json("risk_score", r).unwrap_err();
    assert_eq!((e.kind(), e.field(), e.value()), (ErrorKind::InvalidRequest, "customers[2].customer", "A"));
    assert!(e.reason().contains("customers[0]"), "{e}");
    let ok = r#"{"as_of": "2025-06-30", "customers": [{"customer": "A"}, {"customer": "a"}]}"#;
    assert!(arrears::call_json("risk_score", ok).is_ok());
}

fn company(total: &str) -> String {
    format!(
        r#"{{"schedule": {{"currency": "EUR", "due_date": "2026-01-31", "total": "100.00",
            "installments": [{{"amount": "60.00", "due_date": "2026-01-31", "line": 0}},
                             {{"amount": "40.00", "due_date": "2026-02-28", "line": 1}}]}},
            "company_currency": "USD", "rate": "1.0855", "company_total": "{total}"}}"#
    )
}

#[test]
fn a_company_total_is_the_converted_total() {
    // 100.00 × 1.0855 = 108.55
    assert!(arrears::call_json("company_schedule", &company("108.55")).is_ok());
    let e = arrears::call_json("company_schedule", &company("108.56")).unwrap_err();
    assert_eq!((e.kind(), e.field(), e.value()), (ErrorKind::InvalidAmount, "company_total", "108.56"));
    assert!(e.reason().contains("100.00 EUR") && e.reason().contains("108.55 USD"), "{e}");
    // the sign check still comes first
    assert_eq!(err("company_schedule", &company("-108.55")).1, "company_total");
}

#[test]
fn an_installment_due_before_its_invoice_date_is_an_error() {
    let r = r#"{"payment": {"amount": "10.00", "currency": "EUR", "date": "2026-03-01"},
        "items": [{"id": "A", "currency": "EUR", "invoice_date": "2026-01-10",
                   "installments": [{"due_date": "2026-01-31", "amount": "5.00"}, {"due_date": "2026-01-09", "amount": "5.00"}]}]}"#;
    let e = arrears::call_json("allocate_payment", r).unwrap_err();
    assert_eq!(
        (e.kind(), e.field(), e.value()),
        (ErrorKind::InvalidDate, "items[0].installments[1].due_date", "2026-01-09")
    );
    assert!(e.reason().contains("2026-01-10"), "{e}");
    // due on the invoice date itself is fine
    assert!(arrears::call_json("allocate_payment", &r.replace("2026-01-09", "2026-01-10")).is_ok());
}

#[test]
fn a_batch_interest_too_large_is_shown_as_an_amount_with_its_currency() {
    let day = |s| arrears::aging::day_number(parse_date("d", s).unwrap());
    let rule = InterestRule::fixed("1000".parse().unwrap());
    // 10^16 EUR at 1000 % for ten years: 10^18 EUR of interest, 10^20 cents
    let invoices = InvoiceRows {
        due_date: &[day("2020-01-01"), day("2000-01-01")],
        amount: &[100i64, 1_000_000_000_000_000_000],
        currency: &[0, 0],
        currencies: &["EUR"],
        issue_date: None,
        rows: None,
    };
    let none = PaymentRows { invoice: &[], date: &[], amount: &[] };
    let batch = InterestBatch {
        rule: (&rule).into(),
        as_of: parse_date("as_of", "2010-01-01").unwrap(),
        rounding: &Rounding::default(),
        calendar: &Calendar::default(),
        threads: 1,
        breakdown: false,
    };
    let e = interest_columns(&batch, &invoices, &none).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::Overflow, "invoices[1].interest"), "{e}");
    assert!(e.value().contains('.') && e.value().len() > 18, "an amount, not minor units: {e}");
    assert!(e.reason().contains("EUR"), "{e}");
}

#[test]
fn wire_requests_are_objects_with_each_key_once() {
    // a list: never read as an object's fields by position (["1.005", "EUR"] rounded before)
    for (op, req) in [("schedule", "[]"), ("round", r#" ["1.005", "EUR"]"#), ("worklist", "[{}]")] {
        let e = arrears::call_json(op, req).unwrap_err();
        assert_eq!((e.kind(), e.field(), e.value()), (ErrorKind::InvalidRequest, "request", "a list"), "{op} {req}");
        assert!(e.reason().contains("object of named fields"), "{e}");
    }
    // an unknown operation is named first
    assert_eq!(err("nope", "[]").1, "op");
    // a key twice: its path and the key, wherever it is
    let fx = r#"{"config": {"as_of": "2025-06-30", "fx": {"USD": "0.9", "USD": "0.8"}}, "open": []}"#;
    assert_eq!(err("worklist", fx), (ErrorKind::InvalidRequest, "config.fx.USD".into(), "USD".into()));
    let twice = r#"{"as_of": "2025-06-30", "customers": [{"customer": "A"}, {"customer": "B", "exposure": "1", "exposure": "2"}]}"#;
    assert_eq!(
        err("risk_score", twice),
        (ErrorKind::InvalidRequest, "customers[1].exposure".into(), "exposure".into())
    );
    let top = r#"{"amount": "1.005", "currency": "EUR", "amount": "2.005"}"#;
    assert_eq!(err("round", top), (ErrorKind::InvalidRequest, "amount".into(), "amount".into()));
    // the same key in two objects is fine; escapes are read as the key they spell
    assert!(arrears::call_json(
        "risk_score",
        r#"{"as_of": "2025-06-30", "customers": [{"customer": "A"}, {"customer": "B"}]}"#
    )
    .is_ok());
    let escaped = r#"{"amount": "1.005", "currency": "EUR", "\u0061mount": "2"}"#;
    assert_eq!(err("round", escaped).1, "amount");
    // a list too short for an object, nested: said in words, no Rust type names
    let e = arrears::call_json("company_schedule", r#"{"schedule": [], "company_currency": "USD", "rate": "1"}"#)
        .unwrap_err();
    assert_eq!((e.field(), e.value()), ("schedule", "a list of 0 values"), "{e}");
    assert!(!e.reason().contains("struct"), "{e}");
}

#[test]
fn an_amount_beyond_the_limit_is_said_as_a_magnitude() {
    // what Python's Decimal("1E+30") becomes on the wire
    let r = r#"{"amount": "1000000000000000000000000000000", "currency": "EUR"}"#;
    let e = arrears::call_json("round", r).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::Overflow, "amount"));
    assert!(e.reason().contains("about 10^30"), "{e}");
    // leading zeros are not magnitude; 10^18 itself is within the limit
    assert!(arrears::call_json("round", r#"{"amount": "000000000000000000001.5", "currency": "EUR"}"#).is_ok());
    assert!(arrears::call_json("round", r#"{"amount": "1000000000000000000", "currency": "EUR"}"#).is_ok());
    assert_eq!(err("round", r#"{"amount": "10000000000000000000", "currency": "EUR"}"#).0, ErrorKind::Overflow);
}

#[test]
fn the_batch_worklist_checks_amounts_and_currencies_as_the_object_api() {
    use arrears::collections::{
        worklist, worklist_columns, InvoiceColumns, OverdueItem, PaymentColumns, WorklistColumns, WorklistConfig,
    };
    use arrears::columnar::Utf8Ids;
    let as_of = parse_date("as_of", "2025-06-30").unwrap();
    let a = arrears::aging::day_number(as_of);
    let ids = |off: &'static [i32], data: &'static [u8]| Utf8Ids::try_new(off, data, None, off.len() - 1).unwrap();
    let mut config = WorklistConfig::new(as_of);
    config.fx.insert("JPY".into(), "0.006".parse().unwrap());
    config.fx.insert("dollars".into(), "0.9".parse().unwrap());
    let run = |currencies: &[&str], amounts: &[i64]| {
        let open = InvoiceColumns {
            invoice_id: ids(&[0, 2, 4, 6], b"I1I2I3"),
            customer: ids(&[0, 1, 2, 3], b"ABC"),
            due_date: &[a - 10, a - 40, a + 5],
            currency: &[0, 1, 1],
            open_amount: amounts,
            disputed: None,
        };
        let payments = PaymentColumns { invoice_id: ids(&[0], b""), paid_date: &[], amount: &[] };
        let cols = WorklistColumns { open, closed: None, payments, currencies, scale: 2 };
        worklist_columns(&cols, &config, 1)
    };
    // 5.50 JPY is 550 at scale 2: the object API refuses it, so does the batch (a row not yet
    // overdue as well); 5.00 JPY is fine
    let e = run(&["EUR", "JPY"], &[10000, 500, 550]).unwrap_err();
    assert_eq!((e.kind(), e.field(), e.value()), (ErrorKind::InvalidAmount, "open[2].open_amount", "5.50"));
    assert!(e.reason().contains("JPY"), "{e}");
    assert!(run(&["EUR", "JPY"], &[10000, 500, 700]).is_ok());
    let item = OverdueItem {
        customer: "B".into(),
        currency: "JPY".into(),
        due_date: as_of,
        open_amount: "5.50".parse().unwrap(),
        disputed: false,
    };
    assert_eq!(worklist(&[item], &[], &config).unwrap_err().kind(), ErrorKind::InvalidAmount);
    // a currency that is not ISO 4217, even with a rate
    let e = run(&["EUR", "dollars"], &[10000, 500, 700]).unwrap_err();
    assert_eq!((e.kind(), e.field(), e.value()), (ErrorKind::UnknownCurrency, "currencies[1]", "dollars"));
}

/// Day numbers: mostly inside the calendar (0001-01-01 is -719162, 9999-12-31 is 2932896), at
/// its ends, or anything.
fn day() -> impl proptest::strategy::Strategy<Value = i32> {
    use proptest::prelude::*;
    prop_oneof![4 => -719_162i32..=2_932_896, 1 => Just(-719_162), 1 => Just(2_932_896), 1 => any::<i32>()]
}

/// Minor units: mostly positive, up to i64::MAX, sometimes anything.
fn amount() -> impl proptest::strategy::Strategy<Value = i64> {
    use proptest::prelude::*;
    prop_oneof![3 => 1i64..1_000_000_000, 2 => 1i64..=i64::MAX, 1 => Just(i64::MAX), 1 => any::<i64>()]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Issue 13's "no panic for any input", for the batch as well: hostile but well-formed
    /// columns (amounts up to i64::MAX minor units, day numbers anywhere, as-of dates at the
    /// ends of the calendar, rates -100..=1000 %, monthly compounding, threads) give interest or
    /// a typed error, never a panic.
    #[test]
    fn a_hostile_interest_batch_never_panics(
        rows in proptest::collection::vec((day(), amount(), 0u16..2), 1..6),
        pays in proptest::collection::vec((0u32..4, day(), amount()), 0..6),
        rate in -100i64..=1000, as_of in proptest::sample::select(vec!["0001-01-02", "1970-01-01", "2025-03-01", "9999-12-31"]),
        monthly in proptest::bool::ANY, threads in 1usize..3, breakdown in proptest::bool::ANY,
    ) {
        let mut rule = InterestRule::fixed(rate.into());
        if monthly {
            rule.compounding = arrears::charges::Compounding::Monthly;
        }
        let due: Vec<i32> = rows.iter().map(|r| r.0).collect();
        let amount: Vec<i64> = rows.iter().map(|r| r.1).collect();
        let currency: Vec<u16> = rows.iter().map(|r| r.2).collect();
        let invoices = InvoiceRows { due_date: &due, amount: &amount, currency: &currency, currencies: &["EUR", "JPY"],
                                     issue_date: None, rows: None };
        let pi: Vec<u32> = pays.iter().map(|p| p.0).collect();
        let pd: Vec<i32> = pays.iter().map(|p| p.1).collect();
        let pa: Vec<i64> = pays.iter().map(|p| p.2).collect();
        let batch = InterestBatch { rule: (&rule).into(), as_of: parse_date("as_of", as_of).unwrap(), rounding: &Rounding::default(),
                                    calendar: &Calendar::default(), threads, breakdown };
        let out = interest_columns(&batch, &invoices, &PaymentRows { invoice: &pi, date: &pd, amount: &pa });
        // an interest is never negative for a positive rate, and errors name a field
        match out {
            Ok(o) => proptest::prop_assert!(rate < 0 || o.interest.iter().all(|&v| v >= 0)),
            Err(e) => proptest::prop_assert!(!e.field().is_empty(), "{}", e),
        }
    }
}
