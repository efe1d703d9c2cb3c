//! Property tests: the invariants of money, due dates and schedules, and "no input panics".

use arrears::discount::settle;
use arrears::notation::{EomReading, NotationOptions};
use arrears::{
    call_json, from_json, parse_date, schedule, to_json, Adjustment, Calendar, Discount, DueRule, ErrorKind,
    LineAmount, MoneyRules, PaymentTerms, Rounding, RoundingMode, ScheduleOptions, Step, TermLine,
};
use chrono::{Datelike, NaiveDate, Weekday};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // Every day from 0001-01-01 to 9999-12-31.
    (0i64..3_652_059).prop_map(|n| NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + chrono::Duration::days(n))
}

fn modern_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..36_500).prop_map(|n| NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Duration::days(n))
}

fn any_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        any::<i32>().prop_map(Step::AddDays),
        any::<i32>().prop_map(Step::AddMonths),
        Just(Step::EndOfMonth),
        any::<u8>().prop_map(Step::SetDay),
        any::<u8>().prop_map(Step::NextDayOfMonth),
        any::<u8>().prop_map(Step::CutOff),
    ]
}

/// Steps that keep a modern date inside the supported range.
fn sane_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (-400i32..400).prop_map(Step::AddDays),
        (-24i32..24).prop_map(Step::AddMonths),
        Just(Step::EndOfMonth),
        (1u8..=31).prop_map(Step::SetDay),
        (1u8..=31).prop_map(Step::NextDayOfMonth),
    ]
}

fn any_mode() -> impl Strategy<Value = RoundingMode> {
    proptest::sample::select(RoundingMode::ALL.to_vec())
}

fn any_adjustment() -> impl Strategy<Value = Adjustment> {
    proptest::sample::select(Adjustment::ALL.to_vec())
}

fn percent() -> impl Strategy<Value = Decimal> {
    (1i64..=10_000).prop_map(|bp| Decimal::new(bp, 2)) // 0.01 .. 100.00
}

/// Valid terms of three shapes: percents summing to 100; percent / remainder / fixed lines then a
/// balance; percent lines then an equal group.
fn valid_terms() -> impl Strategy<Value = PaymentTerms> {
    let rules = proptest::collection::vec(proptest::collection::vec(sane_step(), 0..4), 1..7);
    let cuts = proptest::collection::btree_set(1i64..10_000, 0..5);
    let kinds = proptest::collection::vec((0u8..3, percent(), 1i64..1_000_000), 0..5);
    (0u8..3, rules, cuts, kinds, any_adjustment()).prop_map(|(shape, rules, cuts, kinds, adj)| {
        let rule = |i: usize| DueRule::new(rules[i % rules.len()].clone());
        let lines: Vec<TermLine> = match shape {
            0 => {
                let mut points: Vec<i64> = cuts.into_iter().collect();
                points.push(10_000);
                let mut prev = 0;
                points
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let l = TermLine::percent(Decimal::new(p - prev, 2), rule(i));
                        prev = *p;
                        l
                    })
                    .collect()
            }
            1 => {
                // `taken`: the share of the total the percent-type lines take so far.
                let mut taken = Decimal::ZERO;
                let mut lines = Vec::new();
                for (i, (k, p, f)) in kinds.iter().enumerate() {
                    match k {
                        0 if taken + *p <= Decimal::ONE_HUNDRED => {
                            taken += *p;
                            lines.push(TermLine::percent(*p, rule(i)));
                        }
                        0 => {}
                        1 => {
                            taken += (Decimal::ONE_HUNDRED - taken) * *p / Decimal::ONE_HUNDRED;
                            lines.push(TermLine::percent_of_remainder(*p, rule(i)));
                        }
                        _ => lines.push(TermLine::fixed(Decimal::new(*f, 0), rule(i))),
                    }
                }
                lines.push(TermLine::balance(rule(lines.len())));
                lines
            }
            _ => {
                let mut lines = Vec::new();
                let mut budget = Decimal::ONE_HUNDRED;
                for (i, (_, p, _)) in kinds.iter().enumerate().take(2) {
                    if *p < budget {
                        budget -= *p;
                        lines.push(TermLine::percent(*p, rule(i)));
                    }
                }
                let n = 1 + cuts.len();
                for k in 0..n {
                    lines.push(TermLine::equal(rule(lines.len() + k)));
                }
                lines
            }
        };
        PaymentTerms::with_adjustment(lines, adj).expect("generated terms are valid")
    })
}

fn calendar() -> impl Strategy<Value = Calendar> {
    let weekend = proptest::sample::subsequence(
        vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun],
        0..=6,
    );
    (weekend, proptest::collection::vec(modern_date(), 0..20))
        .prop_map(|(w, h)| Calendar::new(&w, &h).expect("at most six weekend days"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Installments sum exactly to the total, carry the total's sign, and fall on the dates the
    /// rules give; amounts have exactly the currency's decimals.
    #[test]
    fn installments_sum_to_total(
        scale in 0u32..=4,
        total_seed in any::<u64>(),
        mode in any_mode(),
        terms in valid_terms(),
        base in modern_date(),
        cal in calendar(),
    ) {
        let max = 1_000_000_000_000u64 * 10u64.pow(scale);
        let m = (total_seed % (2 * max + 1)) as i64 - max as i64;
        let total = if total_seed % 3 == 0 { Decimal::new(m % 1000, scale) } else { Decimal::new(m, scale) };
        let options = ScheduleOptions {
            rounding: Rounding { mode, precision: Some(scale), cash_increment: None },
            calendar: cal.clone(),
            allow_negative_balance: false,
        };
        let has_fixed = terms.lines().iter().any(|l| matches!(l.amount, LineAmount::Fixed(_)));
        match schedule(total, "EUR", base, &terms, &options) {
            Ok(s) => {
                let sum: Decimal = s.installments.iter().map(|i| i.amount).sum();
                prop_assert_eq!(sum, total);
                prop_assert_eq!(s.total, total);
                prop_assert!(!s.installments.is_empty());
                let mut last_line = None;
                for inst in &s.installments {
                    prop_assert_eq!(inst.amount.scale(), scale);
                    if total.is_zero() {
                        prop_assert!(inst.amount.is_zero());
                        prop_assert_eq!(inst.due_date, base);
                        continue;
                    }
                    prop_assert!(!inst.amount.is_zero(), "zero installment {:?}", inst);
                    prop_assert_eq!(inst.amount.is_sign_negative(), total.is_sign_negative(), "sign of {:?}", inst);
                    prop_assert!(last_line < Some(inst.line));
                    last_line = Some(inst.line);
                    let line = &terms.lines()[inst.line];
                    let want = cal.adjust(line.due.apply(base).unwrap(), terms.adjustment()).unwrap();
                    prop_assert_eq!(inst.due_date, want);
                }
                prop_assert_eq!(s.due_date, s.installments.iter().map(|i| i.due_date).max().unwrap());
                // The wire form round-trips exactly (scale included).
                let back: arrears::Schedule = from_json(&to_json(&s)).unwrap();
                prop_assert_eq!(&back, &s);
                prop_assert_eq!(to_json(&back), to_json(&s));
                let opts_back: ScheduleOptions = from_json(&to_json(&options)).unwrap();
                prop_assert_eq!(opts_back, options.clone());
            }
            Err(e) => {
                // Only fixed lines can over-allocate valid terms.
                prop_assert!(has_fixed, "unexpected error {e}");
                prop_assert_eq!(e.kind(), ErrorKind::InvalidTerms);
                prop_assert!(e.field().starts_with("terms.lines["));
            }
        }
    }

    /// The rounding mode only moves minor units between installments; the sum never changes,
    /// and with every mode a percent line is within one minor unit of its exact share.
    #[test]
    fn percent_line_within_one_unit(scale in 0u32..=4, m in -1_000_000_000i64..1_000_000_000, p in percent(), mode in any_mode()) {
        let total = Decimal::new(m, scale);
        let terms = PaymentTerms::new(vec![TermLine::percent(p, vec![]), TermLine::balance(vec![])]).unwrap();
        let options = ScheduleOptions { rounding: Rounding { mode, precision: Some(scale), cash_increment: None }, ..Default::default() };
        let s = schedule(total, "EUR", parse_date("d", "2026-01-01").unwrap(), &terms, &options).unwrap();
        let first = s.installments.iter().find(|i| i.line == 0).map(|i| i.amount).unwrap_or_default();
        let exact = total * p / Decimal::ONE_HUNDRED;
        prop_assert!((first - exact).abs() < Decimal::new(1, scale));
    }

    /// Steps never panic, on any date and any parameters; results stay in range.
    #[test]
    fn steps_never_panic(date in any_date(), steps in proptest::collection::vec(any_step(), 0..6)) {
        let rule = DueRule::new(steps);
        if let Ok(d) = rule.apply(date) {
            prop_assert!((arrears::MIN_DATE..=arrears::MAX_DATE).contains(&d));
        }
    }

    /// Month arithmetic is anchored: start + k months clamps to the start's day.
    #[test]
    fn add_months_clamps(date in modern_date(), k in -36i32..36) {
        let d = Step::AddMonths(k).apply(date).unwrap();
        let months = (d.year() - date.year()) * 12 + d.month() as i32 - date.month() as i32;
        prop_assert_eq!(months, k);
        let eom = Step::EndOfMonth.apply(d).unwrap();
        prop_assert!(d.day() == date.day() || (d.day() < date.day() && d == eom));
    }

    /// end_of_month is idempotent, set_day(31) is end_of_month, add_days(n) then add_days(-n) is
    /// the identity, next_day_of_month never moves backwards.
    #[test]
    fn step_laws(date in modern_date(), n in -10_000i32..10_000, day in 1u8..=31) {
        let eom = Step::EndOfMonth.apply(date).unwrap();
        prop_assert_eq!(Step::EndOfMonth.apply(eom).unwrap(), eom);
        prop_assert_eq!(Step::SetDay(31).apply(date).unwrap(), eom);
        let there = Step::AddDays(n).apply(date).unwrap();
        prop_assert_eq!(Step::AddDays(-n).apply(there).unwrap(), date);
        let next = Step::NextDayOfMonth(day).apply(date).unwrap();
        prop_assert!(next >= date);
        prop_assert!((next - date).num_days() <= 31);
        let month_end = Step::EndOfMonth.apply(next).unwrap().day();
        prop_assert_eq!(next.day(), u32::from(day).min(month_end));
    }

    /// Adjustment lands on a business day in the right direction.
    #[test]
    fn adjustment_lands_on_business_days(date in modern_date(), cal in calendar(), adj in any_adjustment()) {
        let d = cal.adjust(date, adj).unwrap();
        match adj {
            Adjustment::None => prop_assert_eq!(d, date),
            Adjustment::Following => { prop_assert!(d >= date && cal.is_business_day(d)); }
            Adjustment::Preceding => { prop_assert!(d <= date && cal.is_business_day(d)); }
            Adjustment::ModifiedFollowing => {
                prop_assert!(cal.is_business_day(d));
                prop_assert!(d.month() == date.month() || d >= date);
            }
        }
    }

    /// Rounding gives exactly the scale, within one unit of the value (half a unit for the
    /// half modes).
    #[test]
    fn rounding_bounds(m in any::<i64>(), s in 0u32..=12, scale in 0u32..=4, mode in any_mode()) {
        let x = Decimal::new(m, s);
        let rules = MoneyRules::new("EUR", &Rounding { mode, precision: Some(scale), cash_increment: None }).unwrap();
        if let Ok(r) = rules.round(x) {
            prop_assert_eq!(r.scale(), scale);
            let unit = Decimal::new(1, scale);
            let bound = match mode {
                RoundingMode::HalfUp | RoundingMode::HalfEven | RoundingMode::HalfDown => unit / Decimal::TWO,
                _ => unit,
            };
            prop_assert!((r - x).abs() <= bound);
        }
    }

    /// Arbitrary terms never panic: construction either validates or names the bad field, and
    /// scheduling valid ones with any total either works or returns a typed error.
    #[test]
    fn arbitrary_terms_never_panic(
        raw in proptest::collection::vec((0u8..5, any::<i64>(), 0u32..6, proptest::collection::vec(any_step(), 0..3)), 0..6),
        total in any::<i64>(),
        tscale in 0u32..6,
        base in any_date(),
        mode in any_mode(),
    ) {
        let lines: Vec<TermLine> = raw.into_iter().map(|(k, v, s, steps)| {
            let v = Decimal::new(v, s);
            match k {
                0 => TermLine::percent(v, steps),
                1 => TermLine::percent_of_remainder(v, steps),
                2 => TermLine::fixed(v, steps),
                3 => TermLine::balance(steps),
                _ => TermLine::equal(steps),
            }
        }).collect();
        if let Ok(terms) = PaymentTerms::new(lines) {
            let options = ScheduleOptions { rounding: Rounding { mode, ..Default::default() }, ..Default::default() };
            if let Ok(s) = schedule(Decimal::new(total, tscale), "EUR", base, &terms, &options) {
                let sum: Decimal = s.installments.iter().map(|i| i.amount).sum();
                prop_assert_eq!(sum, s.total);
            }
            // Terms survive the wire unchanged.
            let back: PaymentTerms = from_json(&to_json(&terms)).unwrap();
            prop_assert_eq!(back, terms);
        }
    }

    /// Garbage on the wire is an error, never a panic.
    #[test]
    fn wire_garbage_never_panics(op in proptest::sample::select(arrears::wire::OPERATIONS.to_vec()), s in ".{0,200}") {
        let _ = call_json(op, &s);
    }

    /// Structurally valid but hostile requests are errors or results, never a panic.
    #[test]
    fn hostile_schedule_requests(total in "-?[0-9]{1,30}(\\.[0-9]{0,30})?", currency in "[A-Z]{3}", precision in proptest::option::of(0u32..40),
                                 day in 1u32..=31, value in "-?[0-9]{1,25}(\\.[0-9]{0,10})?") {
        let req = format!(
            r#"{{"total":"{total}","currency":"{currency}","base_date":"2026-01-{day:02}","precision":{},
               "terms":{{"lines":[{{"kind":"fixed","value":"{value}","due":[{{"add_months":99999999}}]}},{{"kind":"balance"}}]}}}}"#,
            precision.map_or("null".to_string(), |p| p.to_string()));
        let _ = call_json("schedule", &req);
    }
}

#[test]
fn iso_table_is_sorted_and_unique() {
    let all = arrears::Currency::all();
    assert!(all.windows(2).all(|w| w[0].code < w[1].code));
    assert!(all.len() >= 170);
}

#[test]
fn currency_table_facts() {
    for (code, units) in [
        ("EUR", Some(2)),
        ("JPY", Some(0)),
        ("KWD", Some(3)),
        ("BHD", Some(3)),
        ("CLF", Some(4)),
        ("UYW", Some(4)),
        ("XDR", None),
    ] {
        assert_eq!(arrears::Currency::lookup(code).map(|c| c.minor_units), Some(units), "{code}");
    }
    for withdrawn in ["HRK", "ANG", "SLL", "ZWL", "CUC", "VEF"] {
        assert!(arrears::Currency::lookup(withdrawn).is_none(), "{withdrawn} is withdrawn");
    }
}

// ---- Notation and early-payment discounts -------------------------------------------------

fn discount_percent() -> impl Strategy<Value = Decimal> {
    (1i64..10_000).prop_map(|bp| Decimal::new(bp, 2).normalize()) // 0.01 .. 99.99
}

/// Terms inside the notation's domain: every form the parser produces, with optional cut-off day
/// and adjustment.
fn notation_terms() -> impl Strategy<Value = PaymentTerms> {
    let tiers = proptest::collection::vec((discount_percent(), 0i32..=1000), 0..4);
    let split = proptest::collection::btree_set(0i32..=2000, 2..6);
    let cut = proptest::option::of(1u8..=30);
    (0u8..9, 0i32..=2000, 1i32..=12, 1u8..=31, tiers, split, cut, any_adjustment()).prop_map(
        |(shape, n, k, day, tiers, split, cut, adj)| {
            // one tier per deadline: two tiers with one deadline contradict each other
            let disc = |rule: &dyn Fn(i32) -> Vec<Step>, max: i32| -> Vec<Discount> {
                let mut days = std::collections::BTreeSet::new();
                tiers
                    .iter()
                    .filter(|(_, d)| days.insert((*d).min(max)))
                    .map(|(p, d)| Discount::percent(*p, rule((*d).min(max))))
                    .collect()
            };
            let mut lines = match shape {
                0 => {
                    vec![TermLine::balance(vec![Step::AddDays(n)]).with_discounts(disc(&|d| vec![Step::AddDays(d)], n))]
                }
                1 => vec![TermLine::balance(vec![Step::EndOfMonth, Step::AddDays(n)])
                    .with_discounts(disc(&|d| vec![Step::EndOfMonth, Step::AddDays(d)], n))],
                2 => vec![TermLine::balance(vec![Step::AddMonths(k), Step::EndOfMonth])
                    .with_discounts(disc(&|d| vec![Step::EndOfMonth, Step::AddDays(d)], 28))],
                3 => vec![TermLine::balance(vec![Step::AddDays(n), Step::EndOfMonth])
                    .with_discounts(disc(&|d| vec![Step::AddDays(d)], n))],
                4 => vec![TermLine::balance(vec![Step::EndOfMonth, Step::NextDayOfMonth(day)])],
                5 => vec![TermLine::balance(vec![Step::AddMonths(1), Step::SetDay(day)])],
                6 => vec![TermLine::balance(vec![])],
                7 => split.iter().map(|d| TermLine::equal(vec![Step::AddDays(*d)])).collect(),
                _ => split.iter().map(|d| TermLine::equal(vec![Step::AddDays(*d), Step::EndOfMonth])).collect(),
            };
            if let Some(c) = cut {
                for l in &mut lines {
                    l.due.steps.insert(0, Step::CutOff(c));
                    for d in &mut l.discounts {
                        d.due.steps.insert(0, Step::CutOff(c));
                    }
                }
            }
            PaymentTerms::with_adjustment(lines, adj).expect("generated notation terms are valid")
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    /// parse(format(t)) == t for every term the notation can express.
    #[test]
    fn notation_round_trips(terms in notation_terms()) {
        let text = terms.format().expect("notation terms format");
        let back = PaymentTerms::parse(&text, &NotationOptions::default()).expect("canonical text parses");
        prop_assert_eq!(&back, &terms, "{}", text);
        prop_assert_eq!(back.to_string(), text);
    }

    /// Whatever the text, parse never panics; what parses formats back to the same terms, and the
    /// canonical text is a fixed point.
    #[test]
    fn notation_parse_is_total(s in "[0-9a-zA-Z /%.,-]{0,40}", eom in 0u8..3, cut in proptest::option::of(0u8..40)) {
        let eom = [EomReading::Us, EomReading::Uk, EomReading::Dffm][eom as usize];
        if let Ok(t) = PaymentTerms::parse(&s, &NotationOptions { eom, cut_off: cut }) {
            let text = t.format().expect("parsed terms have a notation");
            prop_assert_eq!(PaymentTerms::parse(&text, &NotationOptions::default()).expect("reparse"), t);
        }
    }

    /// Every installment's discounts: payable + discount = amount, same sign, deadline within
    /// [base, due]; paying `payable` by the deadline settles the installment.
    #[test]
    fn discounts_are_consistent(terms in notation_terms(), cents in -10_000_000i64..10_000_000, base in modern_date()) {
        let total = Decimal::new(cents, 2);
        let s = schedule(total, "EUR", base, &terms, &ScheduleOptions::default()).expect("schedule");
        let rules = MoneyRules::new("EUR", &Rounding::default()).unwrap();
        for i in &s.installments {
            for d in &i.discounts {
                prop_assert_eq!(d.payable + d.discount, i.amount);
                prop_assert!(d.discount.is_zero() || d.discount.is_sign_negative() == i.amount.is_sign_negative());
                prop_assert!(d.deadline >= base && d.deadline <= i.due_date);
                if !d.payable.is_zero() {
                    let st = settle(i, d.deadline, Some(d.payable), None, &rules).expect("settle");
                    prop_assert_eq!(st.settled, i.amount);
                    prop_assert!(st.open_after.is_zero());
                }
            }
        }
    }
}
