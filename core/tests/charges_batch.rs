//! The batch under a statutory preset equals the object API under the preset's regime, invoice
//! by invoice (the version following each invoice's date); batch errors name their field as the
//! object API does (`invoices[i].due_date`, `payments[j].amount`, `rule.reference...`).

use arrears::charges::{
    interest, interest_columns, preset, presets, sample_table, BatchRule, ChargeEvent, Claim, EventKind, InterestBatch,
    InterestColumns, InterestOptions, InterestRule, InvoiceRows, PaymentRows, PresetInput, RateEntry, RateTable,
    ReferenceRate, VersionBy,
};
use arrears::chrono::{Days, NaiveDate};
use arrears::{Calendar, Error, ErrorKind, Rounding};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn date(day: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2012, 1, 1).unwrap() + Days::new(day as u64)
}

fn dn(d: NaiveDate) -> i32 {
    arrears::aging::day_number(d)
}

/// An invoice: issued on day `issue`, due `terms` days later, `cents`, payments (days after the
/// issue date, cents).
#[derive(Debug, Clone)]
struct Inv {
    issue: i64,
    terms: i64,
    cents: i64,
    pays: Vec<(i64, i64)>,
}

fn inv() -> impl Strategy<Value = Inv> {
    (0i64..4800, 0i64..90, 1i64..10_000_000, proptest::collection::vec((0i64..400, 1i64..5_000_000), 0..3))
        .prop_map(|(issue, terms, cents, pays)| Inv { issue, terms, cents, pays })
}

struct Cols {
    due: Vec<i32>,
    amount: Vec<i64>,
    currency: Vec<u16>,
    issue: Vec<i32>,
    pi: Vec<u32>,
    pd: Vec<i32>,
    pa: Vec<i64>,
}

fn columns(invs: &[Inv]) -> Cols {
    let mut c =
        Cols { due: vec![], amount: vec![], currency: vec![], issue: vec![], pi: vec![], pd: vec![], pa: vec![] };
    for (i, v) in invs.iter().enumerate() {
        c.issue.push(dn(date(v.issue)));
        c.due.push(dn(date(v.issue + v.terms)));
        c.amount.push(v.cents);
        c.currency.push(0);
        for &(d, a) in &v.pays {
            c.pi.push(i as u32);
            c.pd.push(dn(date(v.issue + d)));
            c.pa.push(a);
        }
    }
    c
}

fn run(
    rule: BatchRule<'_>,
    c: &Cols,
    issue: bool,
    rows: Option<&[u32]>,
    breakdown: bool,
) -> Result<InterestColumns, Error> {
    let (rounding, calendar) = (Rounding::default(), Calendar::default());
    let batch = InterestBatch {
        rule,
        as_of: NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
        rounding: &rounding,
        calendar: &calendar,
        threads: 2,
        breakdown,
    };
    let invoices = InvoiceRows {
        due_date: &c.due,
        amount: &c.amount,
        currency: &c.currency,
        currencies: &["EUR"],
        issue_date: issue.then_some(&c.issue[..]),
        rows,
    };
    interest_columns(&batch, &invoices, &PaymentRows { invoice: &c.pi, date: &c.pd, amount: &c.pa })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every preset in the batch gives each invoice what `interest()` gives it under
    /// `preset.regime()` (its version chosen by the invoice date), breakdown included.
    #[test]
    fn preset_batch_equals_object_api(invs in proptest::collection::vec(inv(), 1..10), which in 0usize..7,
                                      breakdown in any::<bool>(), select in any::<bool>()) {
        let p = &presets()[which % presets().len()];
        let input = PresetInput { reference_rates: sample_table(p.sample_table).unwrap().table.clone(),
                                  obligation_date: None, contract_rate: None, legal_rates: None };
        // RU art. 395 covers interest from 2015-06-01
        let invs: Vec<Inv> = invs.into_iter().map(|mut v| {
            if p.version_by == VersionBy::InterestDay { v.issue = v.issue.max(1300) }
            v
        }).collect();
        let c = columns(&invs);
        let chosen: Vec<u32> = (0..invs.len() as u32).filter(|i| !select || i % 2 == 0).collect();
        let out = run(BatchRule::Preset { preset: p, input: &input }, &c, true, select.then_some(&chosen[..]), breakdown);
        let as_of = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let mut first_err = None;
        let mut ones = Vec::new();
        for &r in &chosen {
            let v = &invs[r as usize];
            let mut claim = Claim::new(Decimal::new(v.cents, 2), "EUR", date(v.issue + v.terms));
            claim.invoice_date = Some(date(v.issue));
            claim.events = v.pays.iter().map(|&(d, a)| ChargeEvent { kind: EventKind::Payment, date: date(v.issue + d),
                                                                   amount: Decimal::new(a, 2), currency: None }).collect();
            let input = PresetInput { obligation_date: Some(date(v.issue)), ..input.clone() };
            let one = p.regime(&input, claim.due_date)
                .and_then(|g| interest(&claim, &g.rule, as_of, &InterestOptions::default()).map(|o| (o, g.version)));
            match one {
                Ok(o) => ones.push(o),
                Err(e) => { first_err.get_or_insert((r, e)); }
            }
        }
        match (out, first_err) {
            (Ok(out), None) => {
                prop_assert_eq!(out.interest.len(), chosen.len());
                for (k, (one, version)) in ones.iter().enumerate() {
                    prop_assert_eq!(Decimal::new(out.interest[k], 2), one.interest, "{} invoice {}", p.name, k);
                    prop_assert_eq!(out.status[k], one.status);
                    prop_assert_eq!(out.version[k], dn(*version));
                    if let Some(pc) = &out.periods {
                        let lines = (pc.offsets[k + 1] - pc.offsets[k]) as usize;
                        prop_assert_eq!(lines, one.periods.len());
                        let at = pc.offsets[k] as usize;
                        for (j, line) in one.periods.iter().enumerate() {
                            prop_assert_eq!(Decimal::new(pc.interest[at + j], 2), line.interest);
                        }
                    }
                }
            }
            (Err(e), Some((r, one))) => {
                prop_assert_eq!(e.kind(), one.kind(), "{} {} / {}", p.name, e, one);
                prop_assert!(e.field().starts_with(&format!("invoices[{r}]")) || e.field().starts_with("preset.")
                             || e.field().starts_with("payments["), "{} vs {}", e.field(), one.field());
            }
            (out, one) => prop_assert!(false, "{}: batch {:?} vs object {:?}", p.name, out.err(), one),
        }
    }
}

fn err(r: Result<InterestColumns, Error>) -> (ErrorKind, String, String) {
    let e = r.unwrap_err();
    (e.kind(), e.field().to_string(), e.value().to_string())
}

fn three() -> Cols {
    columns(&[
        Inv { issue: 4000, terms: 30, cents: 100_000, pays: vec![(40, 20_000)] },
        Inv { issue: 4010, terms: 30, cents: 50_000, pays: vec![] },
        Inv { issue: 4020, terms: 30, cents: 70_000, pays: vec![(10, 100)] },
    ])
}

#[test]
fn batch_errors_name_the_field_as_the_object_api() {
    let rule = InterestRule::fixed(Decimal::from(8));
    let mut c = three();
    c.amount[1] = -5;
    assert_eq!(
        err(run((&rule).into(), &c, true, None, false)),
        (ErrorKind::InvalidAmount, "invoices[1].amount".into(), "-5".into())
    );
    let mut c = three();
    c.due[2] = c.issue[2] - 1;
    assert_eq!(err(run((&rule).into(), &c, true, None, false)).1, "invoices[2].due_date");
    let mut c = three();
    c.currency[0] = 3;
    assert_eq!(err(run((&rule).into(), &c, true, None, false)).1, "invoices[0].currency");
    let mut c = three();
    c.pa[1] = 0;
    assert_eq!(err(run((&rule).into(), &c, true, None, false)).1, "payments[1].amount");
    let mut c = three();
    c.pd[0] = c.issue[0] - 3;
    assert_eq!(err(run((&rule).into(), &c, true, None, false)).1, "payments[0].date");
    let mut c = three();
    c.pi[0] = 9;
    assert_eq!(
        err(run((&rule).into(), &c, true, None, false)),
        (ErrorKind::InvalidRequest, "payments[0].invoice".into(), "9".into())
    );
    let mut c = three();
    c.due.pop();
    assert_eq!(err(run((&rule).into(), &c, true, None, false)).1, "invoices.due_date");
    // the rule's own fields under `rule.`, whether found before the invoices or by one of them
    let bad = InterestRule::fixed(Decimal::from(1001));
    assert_eq!(err(run((&bad).into(), &three(), true, None, false)).1, "rule.rate");
    let late = RateTable::new(vec![RateEntry { from: date(4040), to: None, rate: Decimal::from(2) }]).unwrap();
    let rule = InterestRule::reference(ReferenceRate {
        table: late,
        margin: Decimal::from(8),
        fixing: arrears::charges::Fixing::SplitAtEachChange,
    });
    let e = run((&rule).into(), &three(), true, None, false).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::InvalidRule, "rule.reference.table.rates"));
    assert!(e.reason().contains("invoices[0]"), "{}", e.reason());
    // the same field from the object API's wire form
    let one = arrears::call_json(
        "interest",
        r#"{"principal": "1000.00", "currency": "EUR", "due_date": "2022-12-31",
        "as_of": "2025-12-01", "rule": {"reference": {"table": {"rates": [{"from": "2023-01-31", "rate": "2"}]},
        "margin": "8", "fixing": "split_at_each_change"}}}"#,
    )
    .unwrap_err();
    assert_eq!(one.field(), e.field());
}

#[test]
fn preset_batch_errors() {
    let de = preset("de_288_b2b").unwrap();
    let input = PresetInput {
        reference_rates: sample_table("de_basiszins").unwrap().table.clone(),
        obligation_date: None,
        contract_rate: None,
        legal_rates: None,
    };
    let rule = BatchRule::Preset { preset: de, input: &input };
    // two versions and no date to choose one
    assert_eq!(err(run(rule, &three(), false, None, false)).1, "preset.obligation_date");
    // an invoice before the first version
    let mut c = three();
    c.issue[1] = dn(NaiveDate::from_ymd_opt(2001, 5, 1).unwrap());
    assert_eq!(
        err(run(rule, &c, true, None, false)),
        (ErrorKind::InvalidDate, "invoices[1].issue_date".into(), "2001-05-01".into())
    );
    // the reference rates do not cover the interest period
    let short = PresetInput {
        reference_rates: RateTable::new(vec![RateEntry { from: date(4000), to: Some(date(4100)), rate: Decimal::ONE }])
            .unwrap(),
        ..input.clone()
    };
    let e = run(BatchRule::Preset { preset: de, input: &short }, &three(), true, None, false).unwrap_err();
    assert_eq!(e.field(), "preset.reference_rates.rates");
    // one obligation date for every invoice chooses one version; the result says which
    let fixed = PresetInput { obligation_date: Some(NaiveDate::from_ymd_opt(2014, 7, 28).unwrap()), ..input.clone() };
    let out = run(BatchRule::Preset { preset: de, input: &fixed }, &three(), false, None, false).unwrap();
    assert_eq!(out.version, vec![dn(NaiveDate::from_ymd_opt(2002, 1, 1).unwrap()); 3]);
    let out = run(rule, &three(), true, None, false).unwrap();
    assert_eq!(out.version, vec![dn(NaiveDate::from_ymd_opt(2014, 7, 29).unwrap()); 3]);
    // RU art. 395 starts in 2015-06
    let ru = preset("ru_395").unwrap();
    let input = PresetInput { reference_rates: sample_table("cbr_key_rate").unwrap().table.clone(), ..input };
    let mut c = three();
    c.due[1] = dn(NaiveDate::from_ymd_opt(2015, 5, 1).unwrap());
    let e = err(run(BatchRule::Preset { preset: ru, input: &input }, &c, false, None, false));
    assert_eq!((e.0, e.1.as_str(), e.2.as_str()), (ErrorKind::InvalidDate, "invoices[1].due_date", "2015-05-01"));
}
