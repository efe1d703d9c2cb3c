//! The documented request limits (`arrears::limits`) and the hostile-input findings of issue 10
//! that are not shared vectors (sizes too large for a vector file, or Rust-only types).

use arrears::aging::{age_columns, aging, AgingColumns, AgingReport, AgingSpec, OpenItem};
use arrears::limits::{MAX_DISCOUNTS, MAX_HOLIDAYS, MAX_LINES, MAX_MERGE_REPORTS, MAX_STEPS, MAX_TEXT};
use arrears::metrics::{cash_forecast, ForecastItem, ForecastPeriod};
use arrears::notation::NotationOptions;
use arrears::{
    parse_date, schedule, Calendar, Discount, DueRule, ErrorKind, PaymentTerms, ScheduleOptions, Step, TermLine,
};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

fn limit(err: arrears::Error, field: &str, size: usize) {
    assert_eq!((err.kind(), err.field(), err.value()), (ErrorKind::LimitExceeded, field, size.to_string().as_str()));
    assert!(err.reason().contains("arrears::limits"), "{err}");
}

#[test]
fn terms_limits() {
    assert!(PaymentTerms::new(vec![TermLine::equal(vec![]); MAX_LINES]).is_ok());
    limit(PaymentTerms::new(vec![TermLine::equal(vec![]); MAX_LINES + 1]).unwrap_err(), "lines", MAX_LINES + 1);

    let rule = |n: usize| DueRule::new(vec![Step::AddDays(1); n]);
    assert!(PaymentTerms::new(vec![TermLine::balance(rule(MAX_STEPS))]).is_ok());
    limit(PaymentTerms::new(vec![TermLine::balance(rule(MAX_STEPS + 1))]).unwrap_err(), "lines[0].due", MAX_STEPS + 1);

    let tiers = |n: usize| (0..n).map(|k| Discount::percent(Decimal::ONE, vec![Step::AddDays(k as i32)])).collect();
    let line = |n: usize| TermLine::balance(vec![Step::AddDays(30)]).with_discounts(tiers(n));
    assert!(PaymentTerms::new(vec![line(MAX_DISCOUNTS)]).is_ok());
    limit(PaymentTerms::new(vec![line(MAX_DISCOUNTS + 1)]).unwrap_err(), "lines[0].discounts", MAX_DISCOUNTS + 1);
    // A tier's own rule is limited too.
    let long_tier = TermLine::balance(vec![Step::AddDays(30)])
        .with_discounts(vec![Discount::percent(Decimal::ONE, rule(MAX_STEPS + 1))]);
    limit(PaymentTerms::new(vec![long_tier]).unwrap_err(), "lines[0].discounts[0].due", MAX_STEPS + 1);
}

#[test]
fn calendar_and_text_limits() {
    let start = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let days: Vec<NaiveDate> = (0..=MAX_HOLIDAYS as u64).map(|k| start + Days::new(k)).collect();
    assert!(Calendar::new(&[], &days[..MAX_HOLIDAYS]).is_ok());
    limit(Calendar::new(&[], &days).unwrap_err(), "calendar.holidays", MAX_HOLIDAYS + 1);

    let text = format!("net 30{}", " ".repeat(MAX_TEXT - 6));
    assert!(PaymentTerms::parse(&text, &NotationOptions::default()).is_ok());
    let longer = format!("{text} ");
    limit(PaymentTerms::parse(&longer, &NotationOptions::default()).unwrap_err(), "text", MAX_TEXT + 1);
    limit(arrears::einvoice::from_xrechnung(&longer, 30).unwrap_err(), "text", MAX_TEXT + 1);
    limit(arrears::einvoice::from_x12_itd(&longer).unwrap_err(), "segment", MAX_TEXT + 1);
    limit(arrears::einvoice::from_edifact_pat(&longer).unwrap_err(), "segment", MAX_TEXT + 1);
}

/// A long run of holidays (and weekends) is crossed in one step: 1,200 lines whose due dates
/// fall inside 60,000 consecutive holidays schedule like the day-by-day walk said.
#[test]
fn long_holiday_runs() {
    let base = parse_date("d", "2026-01-01").unwrap();
    let holidays: Vec<NaiveDate> = (0..60_000).map(|k| base + Days::new(k)).collect();
    let options = ScheduleOptions { calendar: Calendar::new(&[], &holidays).unwrap(), ..Default::default() };
    let terms = PaymentTerms::with_adjustment(
        (0..MAX_LINES).map(|k| TermLine::equal(vec![Step::AddDays(k as i32)])).collect(),
        arrears::Adjustment::Following,
    )
    .unwrap();
    let s = schedule("12000.00".parse().unwrap(), "EUR", base, &terms, &options).unwrap();
    let first_free = base + Days::new(60_000);
    assert!(s.installments.iter().all(|i| i.due_date == first_free));
    // preceding from inside the run goes back before it
    let back = options.calendar.adjust(base + Days::new(100), arrears::Adjustment::Preceding).unwrap();
    assert_eq!(back, base.pred_opt().unwrap());
}

fn item(customer: &str, due: &str, amount: &str) -> OpenItem {
    OpenItem {
        customer: customer.into(),
        currency: "EUR".into(),
        due_date: parse_date("due", due).unwrap(),
        issue_date: None,
        amount: amount.parse().unwrap(),
        disputed: false,
        id: None,
    }
}

#[test]
fn merge_all_equals_pairwise_merges() {
    let spec = AgingSpec::new(parse_date("as_of", "2026-11-24").unwrap());
    let parts: Vec<AgingReport> = (0..40)
        .map(|k| {
            let items = [
                item(&format!("C{}", k % 7), "2026-10-01", &format!("{}.{:02}", k, k % 100)),
                item(&format!("C{}", k % 5), "2027-01-01", "1.00"),
            ];
            aging(&items, &spec).unwrap()
        })
        .collect();
    let all = AgingReport::merge_all(&parts).unwrap();
    let mut pairwise = parts[0].clone();
    for p in &parts[1..] {
        pairwise = pairwise.merge(p).unwrap();
    }
    assert_eq!(all, pairwise);
    assert!(all.validate().is_ok());
    // Too many reports are refused before any work.
    let many = vec![&parts[0]; MAX_MERGE_REPORTS + 1];
    limit(AgingReport::merge_all(many).unwrap_err(), "reports", MAX_MERGE_REPORTS + 1);
    let none: [&AgingReport; 0] = [];
    assert_eq!(AgingReport::merge_all(none).unwrap_err().field(), "reports");
}

/// Each part's rows fit 64 bits and the currency totals cancel out, but a merged row does not
/// fit: an overflow error, not a wrapped total (C's `arrears_aging_merge` found it).
#[test]
fn table_merge_checks_row_totals() {
    let spec = AgingSpec::new(parse_date("as_of", "2025-06-30").unwrap());
    let as_of = arrears::aging::day_number(spec.as_of);
    let (soon, old) = ([as_of + 10; 2], [as_of - 400; 2]);
    fn part(due: &[i32; 2]) -> AgingColumns<'_> {
        AgingColumns {
            customer: &[1, 2],
            currency: &[0, 0],
            currencies: &["EUR"],
            due_date: due,
            issue_date: None,
            amount: &[5_000_000_000_000_000_000, -5_000_000_000_000_000_000],
            scale: 2,
            disputed: None,
        }
    }
    let mut a = age_columns(&spec, &part(&soon), 1).unwrap();
    let b = age_columns(&spec, &part(&old), 1).unwrap();
    let before = a.clone();
    let err = a.merge(&b).unwrap_err();
    assert_eq!((err.kind(), err.field()), (ErrorKind::Overflow, "amount"));
    assert_eq!(a, before, "a failed merge leaves the table as it was");
}

#[test]
fn forecast_dates_stay_in_range() {
    let as_of = parse_date("as_of", "9999-06-01").unwrap();
    let err = cash_forecast(&[], &[], as_of, ForecastPeriod::Month, 12, 0).unwrap_err();
    assert_eq!((err.kind(), err.field()), (ErrorKind::DateOutOfRange, "horizon"));
    // Inside the range, an item expected past 9999-12-31 is capped there.
    let open = [ForecastItem {
        customer: "A".into(),
        currency: "EUR".into(),
        due_date: parse_date("d", "9999-12-20").unwrap(),
        amount: "1.00".parse().unwrap(),
    }];
    let f = cash_forecast(&open, &[], as_of, ForecastPeriod::Month, 3, 60).unwrap();
    assert_eq!(arrears::format_date(f.later[0].end), "9999-12-31");
    limit(cash_forecast(&[], &[], as_of, ForecastPeriod::Week, 521, 0).unwrap_err(), "horizon", 521);
}

/// Dates outside 0001-01-01 ..= 9999-12-31 are refused everywhere, an aging spec's too (issue 12).
#[test]
fn aging_as_of_stays_in_range() {
    let year0 = NaiveDate::from_ymd_opt(0, 6, 30).unwrap();
    let spec = AgingSpec::new(year0);
    let cols = AgingColumns {
        customer: &[1],
        currency: &[0],
        currencies: &["EUR"],
        due_date: &[0],
        issue_date: None,
        amount: &[100],
        scale: 2,
        disputed: None,
    };
    let err = age_columns(&spec, &cols, 1).unwrap_err();
    assert_eq!((err.kind(), err.field(), err.value()), (ErrorKind::DateOutOfRange, "as_of", "0000-06-30"));
    assert_eq!(aging(&[item("A", "2026-01-01", "1.00")], &spec).unwrap_err().field(), "as_of");
}

// ---- Findings of the fuzzers (fuzz/regressions; issue 10) ---------------------------------

/// The e-invoicing writers write only what their readers read back: no day count past 100
/// years, no base amount past 10^18.
#[test]
fn einvoice_writers_stay_inside_their_readers() {
    let far = PaymentTerms::new(vec![TermLine::balance(vec![Step::AddDays(99_999)])]).unwrap();
    for err in [
        arrears::einvoice::to_xrechnung(&far, None).unwrap_err(),
        arrears::einvoice::to_x12_itd(&far).unwrap_err(),
        arrears::einvoice::to_edifact_pat(&far).unwrap_err(),
    ] {
        assert_eq!((err.kind(), err.field()), (ErrorKind::InvalidTerms, "terms"), "{err}");
        assert!(err.reason().contains("36500"), "{err}");
    }
    let terms: PaymentTerms = "2/10 net 30".parse().unwrap();
    let base = Some("1000000000000000000.01".parse().unwrap());
    let err = arrears::einvoice::to_xrechnung(&terms, base).unwrap_err();
    assert_eq!((err.kind(), err.field()), (ErrorKind::Overflow, "base_amount"));
}

/// A row whose total fits i64 is fine even when a partial sum of its buckets does not.
#[test]
fn row_totals_sum_exactly() {
    let spec = AgingSpec::new(parse_date("as_of", "2026-05-31").unwrap());
    let as_of = arrears::aging::day_number(spec.as_of);
    let cols = AgingColumns {
        customer: &[0, 0, 0],
        currency: &[0, 0, 0],
        currencies: &["JPY"],
        due_date: &[as_of + 10, as_of - 70, as_of - 200],
        issue_date: None,
        amount: &[i64::MAX, 6_447_904, i64::MIN],
        scale: 0,
        disputed: None,
    };
    let t = age_columns(&spec, &cols, 1).unwrap();
    assert_eq!(t.rows().next().unwrap().total, 6_447_903);
}

/// age_keyed's answer does not depend on the threads: the first stop in row order wins, a bad
/// row before a long id is the error on any number of threads.
#[test]
fn keyed_first_stop_in_row_order() {
    use arrears::aging::{age_keyed, pack_code, pack_key, KeyedSource};
    struct Rows(Vec<(&'static str, &'static str)>);
    impl KeyedSource for Rows {
        fn len(&self) -> usize {
            self.0.len()
        }
        fn customer(&self, i: usize) -> Option<u128> {
            pack_key(self.0[i].0.as_bytes())
        }
        fn currency(&self, i: usize) -> u32 {
            pack_code(self.0[i].1.as_bytes())
        }
        fn currency_text(&self, i: usize) -> String {
            self.0[i].1.into()
        }
        fn date(&self, _: usize) -> i32 {
            20_000
        }
        fn amount(&self, _: usize) -> i128 {
            100
        }
    }
    let spec = AgingSpec::new(parse_date("as_of", "2026-05-31").unwrap());
    for threads in [1, 2, 3] {
        let a = Rows(vec![("A", "EUR"), ("B", "EUR"), ("C", "EUR"), ("D", "ABC")]);
        let b = Rows(vec![("a sixteen-byte id", "EUR"), ("E", "EUR")]);
        let err = age_keyed(&spec, &[a, b], 2, threads).unwrap_err();
        assert_eq!((err.kind(), err.field()), (ErrorKind::UnknownCurrency, "items[3].currency"), "{threads} threads");
        let a = Rows(vec![("A", "EUR"), ("a sixteen-byte id", "EUR")]);
        let b = Rows(vec![("D", "ABC")]);
        assert!(age_keyed(&spec, &[a, b], 2, threads).unwrap().is_none(), "{threads} threads");
    }
}

/// Late charges: the lists a request can grow (events, rate entries, fee bands, statement items)
/// and the grace period have documented limits; the longest period there is stays linear.
#[test]
fn charges_limits() {
    use arrears::charges::{
        interest, ChargeEvent, Claim, EventKind, FeeRule, InterestOptions, InterestRule, RateEntry, RateTable,
    };
    use arrears::limits::{MAX_EVENTS, MAX_FEE_BANDS, MAX_GRACE_DAYS, MAX_RATES};
    let day = |s: &str| arrears::parse_date("d", s).unwrap();
    let event = ChargeEvent { kind: EventKind::Payment, date: day("2025-02-01"), amount: Decimal::ONE, currency: None };
    let mut claim = Claim::new(Decimal::from(1_000_000), "EUR", day("2025-01-01"));
    claim.events = vec![event; MAX_EVENTS + 1];
    let rule = InterestRule::fixed(Decimal::from(5));
    limit(
        interest(&claim, &rule, day("2025-03-01"), &InterestOptions::default()).unwrap_err(),
        "events",
        MAX_EVENTS + 1,
    );
    let start = day("1900-01-01");
    let entries: Vec<RateEntry> = (0..=MAX_RATES as u64)
        .map(|k| RateEntry { from: start + Days::new(k), to: None, rate: Decimal::ONE })
        .collect();
    assert!(RateTable::new(entries[..MAX_RATES].to_vec()).is_ok());
    limit(RateTable::new(entries).unwrap_err(), "rates", MAX_RATES + 1);
    let mut fee = FeeRule::fixed(Decimal::ONE);
    fee.bands = (0..=MAX_FEE_BANDS as i64)
        .map(|k| arrears::charges::FeeBand {
            from: Decimal::from(k),
            amount: arrears::charges::FeeAmount::Fixed(Decimal::ONE),
        })
        .collect();
    limit(fee.check().unwrap_err(), "bands", MAX_FEE_BANDS + 1);
    let mut graceful = rule.clone();
    graceful.grace_days = MAX_GRACE_DAYS + 1;
    let err = interest(
        &Claim::new(Decimal::ONE, "EUR", day("2025-01-01")),
        &graceful,
        day("2025-03-01"),
        &InterestOptions::default(),
    )
    .unwrap_err();
    assert_eq!((err.kind(), err.field()), (arrears::ErrorKind::InvalidRule, "grace_days"));
    // the whole supported range, compounded monthly: 120,000 periods, each rounded once
    let mut long = InterestRule::fixed(Decimal::from(1));
    long.compounding = arrears::charges::Compounding::Monthly;
    let whole = interest(
        &Claim::new(Decimal::ONE, "EUR", day("0001-01-31")),
        &long,
        day("9999-12-31"),
        &InterestOptions::default(),
    );
    assert!(whole.is_ok() || whole.unwrap_err().kind() == arrears::ErrorKind::Overflow);
}
