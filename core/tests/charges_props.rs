//! Property tests of late charges: the breakdown sums to the total; splitting the interest
//! period at any date and adding the parts gives the whole exactly; interest never falls when
//! the principal or the rate rises; the result equals a naive day-by-day reference; the batch
//! kernel equals the object API invoice by invoice, errors included; no input panics.

use arrears::charges::{
    interest, interest_columns, ChargeEvent, Claim, Compounding, DayCount, EventKind, Fixing, InterestBatch,
    InterestOptions, InterestRule, InterestStatus, InvoiceRows, PaymentRows, Rate, RateEntry, RateTable, ReferenceRate,
};
use arrears::chrono::{Datelike, Days, NaiveDate};
use arrears::{call_json, Calendar, Rounding};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn date(day: i64) -> NaiveDate {
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    if day >= 0 {
        start + Days::new(day as u64)
    } else {
        start - Days::new(day.unsigned_abs())
    }
}

fn dn(d: NaiveDate) -> i32 {
    arrears::aging::day_number(d)
}

/// A claim: due 2023..2025, principal in cents, up to four events.
#[derive(Debug, Clone)]
struct Case {
    due: i64,
    len: i64,
    cents: i64,
    events: Vec<(i64, i64, bool)>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        0i64..900,
        0i64..700,
        0i64..50_000_000,
        proptest::collection::vec((-40i64..760, 1i64..20_000_000, any::<bool>()), 0..4),
    )
        .prop_map(|(due, len, cents, events)| Case { due, len, cents, events })
}

impl Case {
    fn claim(&self, currency: &str) -> Claim {
        let mut c = Claim::new(Decimal::new(self.cents, 2), currency, date(self.due));
        c.events = self
            .events
            .iter()
            .map(|&(d, a, credit)| ChargeEvent {
                kind: if credit { EventKind::CreditNote } else { EventKind::Payment },
                date: date(self.due + d),
                amount: Decimal::new(a, 2),
                currency: None,
            })
            .collect();
        c
    }

    fn as_of(&self) -> NaiveDate {
        date(self.due + self.len)
    }
}

/// A table of monthly rates from 2022-12-01 on, each `unit` × k.
fn table(ks: &[i64], unit: Decimal) -> RateTable {
    let entries = ks
        .iter()
        .enumerate()
        .map(|(i, &k)| RateEntry {
            from: NaiveDate::from_ymd_opt(2022 + (11 + i as i32) / 12, (11 + i as u32) % 12 + 1, 1).unwrap(),
            to: None,
            rate: unit * Decimal::from(k),
        })
        .collect();
    RateTable::new(entries).unwrap()
}

const FIXINGS: [Fixing; 4] = [Fixing::SplitAtEachChange, Fixing::SplitByHalfYear, Fixing::FixedAtStart, Fixing::Annual];
const COMPOUNDING: [Compounding; 3] = [Compounding::None, Compounding::Monthly, Compounding::Annual];

/// A rule whose every rate is `unit` × an integer (so that, with the right unit, the exact
/// interest has few decimals), with any fixing, day count, compounding and grace.
#[allow(clippy::too_many_arguments)]
fn rule(
    fixed: Option<i64>,
    ks: &[i64],
    margin: i64,
    fixing: usize,
    dc: usize,
    comp: usize,
    grace: u32,
    unit: Decimal,
) -> InterestRule {
    let mut r = match fixed {
        Some(k) => InterestRule::fixed(unit * Decimal::from(k)),
        None => InterestRule::reference(ReferenceRate {
            table: table(ks, unit),
            margin: unit * Decimal::from(margin),
            fixing: FIXINGS[fixing],
        }),
    };
    r.day_count = DayCount::ALL[dc];
    r.compounding = COMPOUNDING[comp];
    r.grace_days = grace;
    r
}

fn rule_strategy() -> impl Strategy<Value = (Option<i64>, Vec<i64>, i64, usize, usize, usize, u32)> {
    (
        proptest::option::of(0i64..30),
        proptest::collection::vec(0i64..12, 40..=40),
        0i64..10,
        0usize..4,
        0usize..4,
        0usize..3,
        prop_oneof![Just(0u32), 0u32..12],
    )
}

fn exact_options() -> InterestOptions {
    // ten decimals: with rates in units of 16.0308 % (lcm(360, 365, 366) / 10^5) every day's interest is exact there
    InterestOptions { rounding: Rounding { precision: Some(10), ..Rounding::default() }, ..InterestOptions::default() }
}

/// The naive reference: every day on its own, the principal of that day, the rate of that day
/// looked up from scratch, the weight 1/basis; summed as one fraction over lcm(360, 365, 366)
/// and rounded half-up once (simple interest only).
fn naive(claim: &Claim, rule: &InterestRule, as_of: NaiveDate) -> Decimal {
    const L: i128 = 1_603_080;
    let due = claim.due_date;
    let cents = |d: Decimal| (d * Decimal::from(100)).trunc().mantissa();
    let owed = |day: NaiveDate| {
        cents(claim.principal) - claim.events.iter().filter(|e| e.date <= day).map(|e| cents(e.amount)).sum::<i128>()
    };
    let first = due + Days::new(1);
    let mut num: i128 = 0;
    let mut t = first;
    if owed(due) <= 0
        || as_of <= due + Days::new(u64::from(rule.grace_days))
        || (rule.grace_days > 0 && owed(due + Days::new(u64::from(rule.grace_days))) <= 0)
    {
        return Decimal::new(0, 2);
    }
    while t <= as_of {
        let p = owed(t - Days::new(1)).max(0);
        let rate = match &rule.rate {
            Rate::Fixed(r) => *r,
            Rate::Reference(r) => {
                let ref_day = match r.fixing {
                    Fixing::SplitAtEachChange => t,
                    Fixing::SplitByHalfYear => {
                        NaiveDate::from_ymd_opt(t.year(), if t.month() <= 6 { 1 } else { 7 }, 1).unwrap()
                    }
                    Fixing::Annual => NaiveDate::from_ymd_opt(t.year(), 1, 1).unwrap(),
                    Fixing::FixedAtStart => {
                        if first.month() <= 6 {
                            NaiveDate::from_ymd_opt(first.year() - 1, 12, 31).unwrap()
                        } else {
                            NaiveDate::from_ymd_opt(first.year(), 6, 30).unwrap()
                        }
                    }
                };
                r.table.rate_on(ref_day).unwrap() + r.margin
            }
        };
        let micro = (rate * Decimal::from(1_000_000)).trunc().mantissa();
        let (days, basis): (i128, i128) = match rule.day_count {
            DayCount::Act365 => (1, 365),
            DayCount::Act360 => (1, 360),
            DayCount::ActAct => (1, if NaiveDate::from_ymd_opt(t.year(), 2, 29).is_some() { 366 } else { 365 }),
            DayCount::Thirty360E => (DayCount::Thirty360E.days(t - Days::new(1), t) as i128, 360),
        };
        num += p * micro * days * (L / basis);
        t = t + Days::new(1);
    }
    let den = L * 100 * 1_000_000;
    let q = (num.abs() + den / 2) / den;
    Decimal::new(if num < 0 { -q } else { q } as i64, 2)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// The breakdown's lines sum exactly to the total, whatever the rule; zero interest has no
    /// line of interest.
    #[test]
    fn breakdown_sums_to_total(c in case(), (fixed, ks, margin, fixing, dc, comp, grace) in rule_strategy(),
                               mode in 0usize..7) {
        let r = rule(fixed, &ks, margin, fixing, dc, comp, grace, Decimal::new(25, 2));
        let options = InterestOptions { rounding: Rounding { mode: arrears::RoundingMode::ALL[mode], ..Rounding::default() }, ..InterestOptions::default() };
        let out = interest(&c.claim("EUR"), &r, c.as_of(), &options).unwrap();
        let sum: Decimal = out.periods.iter().map(|p| p.interest).sum();
        prop_assert_eq!(sum, out.interest);
        if out.status != InterestStatus::Charged {
            prop_assert!(out.periods.is_empty());
        }
        for w in out.periods.windows(2) {
            prop_assert!(w[0].to < w[1].from);
        }
    }

    /// Interest through X plus interest since X equals the interest of the whole period, exactly
    /// (rates in units that make every day's interest exact at ten decimals, so no rounding
    /// happens anywhere).
    #[test]
    fn splitting_the_period_adds_up(c in case(), split in 0i64..700, (fixed, ks, margin, fixing, dc, _comp, grace) in rule_strategy()) {
        let r = rule(fixed, &ks, margin, fixing, dc, 0, grace, Decimal::new(160_308, 4));
        let claim = c.claim("EUR");
        let whole = interest(&claim, &r, c.as_of(), &exact_options()).unwrap();
        let x = date(c.due + split.min(c.len));
        let head = interest(&claim, &r, x, &exact_options()).unwrap();
        let tail = interest(&claim, &r, c.as_of(), &InterestOptions { since: Some(x), ..exact_options() }).unwrap();
        // Within the grace period the head is not charged yet while the whole may be (grace
        // decides for the whole period): the property holds where the head's status is the
        // whole's, and for a split on or before the due date (head: nothing; tail: every day).
        if head.status == whole.status || x <= claim.due_date {
            prop_assert_eq!(head.interest * Decimal::from(u8::from(head.status == whole.status)) + tail.interest, whole.interest);
        }
    }

    /// Interest never falls when the principal or the rate rises (rates of zero or more).
    #[test]
    fn monotone_in_principal_and_rate(c in case(), more in 1i64..1_000_000, up in 1i64..8,
                                      (fixed, ks, margin, fixing, dc, comp, grace) in rule_strategy(), mode in 0usize..7) {
        let unit = Decimal::new(25, 2);
        let options = InterestOptions { rounding: Rounding { mode: arrears::RoundingMode::ALL[mode], ..Rounding::default() }, ..InterestOptions::default() };
        let r = rule(fixed, &ks, margin, fixing, dc, comp, grace, unit);
        let base = interest(&c.claim("EUR"), &r, c.as_of(), &options).unwrap().interest;
        let mut bigger = c.clone();
        bigger.cents += more;
        let richer = interest(&bigger.claim("EUR"), &r, c.as_of(), &options).unwrap().interest;
        prop_assert!(richer >= base, "{richer} < {base}");
        let higher = rule(fixed.map(|k| k + up), &ks, margin + up, fixing, dc, comp, grace, unit);
        let dearer = interest(&c.claim("EUR"), &higher, c.as_of(), &options).unwrap().interest;
        prop_assert!(dearer >= base, "{dearer} < {base}");
    }

    /// Simple interest equals the naive day-by-day reference, exactly.
    #[test]
    fn equals_the_naive_reference(c in case(), (fixed, ks, margin, fixing, dc, _comp, grace) in rule_strategy()) {
        let r = rule(fixed, &ks, margin, fixing, dc, 0, grace, Decimal::new(17, 2));
        let claim = c.claim("EUR");
        let out = interest(&claim, &r, c.as_of(), &InterestOptions::default()).unwrap();
        prop_assert_eq!(out.interest, naive(&claim, &r, c.as_of()));
    }

    /// The batch kernel gives every invoice what the object API gives it, errors included
    /// (invoice dates after some payments make some batches fail on their first bad payment).
    #[test]
    fn batch_equals_object_api(cases in proptest::collection::vec(case(), 1..12), as_of_day in 0i64..1500,
                               (fixed, ks, margin, fixing, dc, comp, grace) in rule_strategy(), threads in 1usize..3,
                               breakdown in any::<bool>(), cash in any::<bool>(), select in any::<bool>()) {
        let r = rule(fixed, &ks, margin, fixing, dc, comp, grace, Decimal::new(33, 2));
        let as_of = date(as_of_day);
        let rounding = Rounding { cash_increment: cash.then(|| Decimal::new(5, 2)), ..Rounding::default() };
        let options = InterestOptions { rounding: rounding.clone(), ..InterestOptions::default() };
        let due: Vec<i32> = cases.iter().map(|c| dn(date(c.due))).collect();
        let amount: Vec<i64> = cases.iter().map(|c| c.cents).collect();
        let currency = vec![0u16; cases.len()];
        let (mut pi, mut pd, mut pa) = (vec![], vec![], vec![]);
        for (i, c) in cases.iter().enumerate() {
            for &(d, a, _) in &c.events {
                pi.push(i as u32);
                pd.push(dn(date(c.due + d)));
                pa.push(a);
            }
        }
        let calendar = Calendar::default();
        let batch = InterestBatch { rule: (&r).into(), as_of, rounding: &rounding, calendar: &calendar, threads, breakdown };
        // every row, or every other row (a selection)
        let chosen: Vec<u32> = (0..cases.len() as u32).filter(|i| !select || i % 2 == 1).collect();
        let invoices = InvoiceRows { due_date: &due, amount: &amount, currency: &currency, currencies: &["CHF"], issue_date: None,
                                     rows: select.then_some(&chosen[..]) };
        let out = interest_columns(&batch, &invoices, &PaymentRows { invoice: &pi, date: &pd, amount: &pa }).unwrap();
        prop_assert_eq!(out.interest.len(), chosen.len());
        for (i, c) in chosen.iter().map(|&r| &cases[r as usize]).enumerate() {
            let one = interest(&c.claim("CHF"), &r, as_of, &options).unwrap();
            prop_assert_eq!(Decimal::new(out.interest[i], 2), one.interest, "invoice {}", i);
            prop_assert_eq!(out.status[i], one.status);
            if let Some(p) = &out.periods {
                let lines = (p.offsets[i + 1] - p.offsets[i]) as usize;
                prop_assert_eq!(lines, one.periods.len());
                let k = p.offsets[i] as usize;
                for (j, line) in one.periods.iter().enumerate() {
                    prop_assert_eq!(Decimal::new(p.interest[k + j], 2), line.interest);
                    prop_assert_eq!(p.days[k + j], line.days);
                }
            }
        }
    }

    /// Garbage on the wire is an error, never a panic.
    #[test]
    fn charges_wire_garbage_never_panics(op in proptest::sample::select(arrears::wire::CHARGES_OPERATIONS.to_vec()), s in ".{0,200}") {
        let _ = call_json(op, &s);
    }

    /// Hostile but well-formed requests (extreme dates, amounts, rates, periods) are results or
    /// errors, never a panic.
    #[test]
    fn hostile_interest_requests(principal in "[0-9]{1,20}(\\.[0-9]{0,4})?", rate in "-?[0-9]{1,5}(\\.[0-9]{0,8})?",
                                 due in prop_oneof![Just("0001-01-01"), Just("2024-02-29"), Just("9999-12-31")],
                                 as_of in prop_oneof![Just("0001-01-02"), Just("2025-03-01"), Just("9999-12-31")],
                                 dc in proptest::sample::select(vec!["act/365", "act/360", "act/act", "30E/360"]),
                                 comp in proptest::sample::select(vec!["none", "monthly", "annual"]),
                                 grace in 0u32..5000, fixing in proptest::sample::select(vec!["split_at_each_change", "split_by_half_year", "fixed_at_start", "annual"])) {
        let fixed = format!(r#"{{"principal":"{principal}","currency":"EUR","due_date":"{due}","as_of":"{as_of}",
            "rule":{{"rate":"{rate}","day_count":"{dc}","compounding":"{comp}","grace_days":{grace}}},
            "events":[{{"date":"{due}","amount":"1"}}]}}"#);
        let _ = call_json("interest", &fixed);
        let table = format!(r#"{{"principal":"{principal}","currency":"JPY","due_date":"{due}","as_of":"{as_of}",
            "rule":{{"reference":{{"table":{{"rates":[{{"from":"0001-01-01","rate":"{rate}"}}]}},"margin":"{rate}","fixing":"{fixing}"}},
                     "day_count":"{dc}","compounding":"{comp}"}}}}"#);
        let _ = call_json("interest", &table);
    }
}
