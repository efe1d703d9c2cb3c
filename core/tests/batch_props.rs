//! Property tests of the batch entry point: `batch::schedule_columns` gives, invoice by invoice,
//! exactly what `schedule()` gives (amounts in minor units, dates as day numbers), and the same
//! errors, naming the row. `schedule_columns` has an integer fast path and falls back to
//! `schedule()`; these properties are what keep the two in step.

use arrears::aging::{date_of_day_number, day_number};
use arrears::batch::{schedule_columns, InvoiceColumns, ScheduleColumns};
use arrears::{
    schedule, Adjustment, Calendar, Discount, DueRule, Error, ErrorKind, MoneyRules, PaymentTerms, Rounding,
    RoundingMode, ScheduleOptions, Step, TermLine,
};
use chrono::{NaiveDate, Weekday};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn modern_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..36_500).prop_map(|n| NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Duration::days(n))
}

fn sane_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0i32..400).prop_map(Step::AddDays),
        (0i32..24).prop_map(Step::AddMonths),
        Just(Step::EndOfMonth),
        (1u8..=31).prop_map(Step::SetDay),
        (1u8..=31).prop_map(Step::NextDayOfMonth),
        (1u8..=30).prop_map(Step::CutOff),
    ]
}

/// A percent with 0 to 4 decimals, in (0, 100].
fn percent() -> impl Strategy<Value = Decimal> {
    (0u32..=4).prop_flat_map(|s| {
        let max = 100 * 10i64.pow(s);
        (1i64..=max).prop_map(move |m| Decimal::new(m, s))
    })
}

/// A discount tier: percent (with some decimals) or fixed (possibly too precise for the
/// currency), with a deadline rule from the whole step space (a few days, month ends, days of
/// the month, cut-offs); deadlines that do not nest in the line's period are errors in both paths.
fn discount() -> impl Strategy<Value = Discount> {
    let due = prop_oneof![
        proptest::collection::vec((0i32..40).prop_map(Step::AddDays), 0..2),
        proptest::collection::vec(sane_step(), 0..3),
    ];
    prop_oneof![
        ((1i64..9_999), 0u32..=2, due.clone()).prop_map(|(m, s, d)| Discount::percent(Decimal::new(m, s + 2), d)),
        ((1i64..100_000), 0u32..=3, due).prop_map(|(m, s, d)| Discount::fixed(Decimal::new(m, s), d)),
    ]
}

#[derive(Debug, Clone)]
struct LineSeed {
    kind: u8,
    percent: Decimal,
    fixed: Decimal,
    due: Vec<Step>,
    discounts: Vec<Discount>,
}

fn line_seed() -> impl Strategy<Value = LineSeed> {
    (
        0u8..4,
        percent(),
        (1i64..10_000_000, 0u32..=3).prop_map(|(m, s)| Decimal::new(m, s)),
        proptest::collection::vec(sane_step(), 0..3),
        proptest::collection::vec(discount(), 0..3),
        any::<bool>(),
    )
        .prop_map(|(kind, percent, fixed, due, discounts, with)| LineSeed {
            kind,
            percent,
            fixed,
            due: if with { vec![Step::AddDays(45)].into_iter().chain(due).collect() } else { due },
            discounts: if with { discounts } else { Vec::new() },
        })
}

/// Terms of every shape: percents to 100; percent / remainder / fixed lines then a balance;
/// percents then an equal group (of 1 to 5); with discount tiers and an adjustment.
fn terms() -> impl Strategy<Value = Option<PaymentTerms>> {
    (
        0u8..3,
        proptest::collection::vec(line_seed(), 1..6),
        1usize..6,
        proptest::sample::select(Adjustment::ALL.to_vec()),
    )
        .prop_map(|(shape, seeds, group, adj)| {
            let line = |s: &LineSeed, amount: fn(Decimal, DueRule) -> TermLine, v: Decimal| {
                amount(v, DueRule::new(s.due.clone())).with_discounts(s.discounts.clone())
            };
            let mut lines = Vec::new();
            let mut taken = Decimal::ZERO;
            match shape {
                0 => {
                    for s in &seeds {
                        let p = s.percent.min(Decimal::ONE_HUNDRED - taken);
                        if p > Decimal::ZERO {
                            taken += p;
                            lines.push(line(s, TermLine::percent, p));
                        }
                    }
                    if taken < Decimal::ONE_HUNDRED {
                        let s = &seeds[0];
                        lines.push(line(s, TermLine::percent, Decimal::ONE_HUNDRED - taken));
                    }
                }
                1 => {
                    for s in &seeds {
                        match s.kind {
                            0 | 1 if taken + s.percent <= Decimal::ONE_HUNDRED => {
                                taken += s.percent;
                                lines.push(line(s, TermLine::percent, s.percent));
                            }
                            2 => {
                                taken += (Decimal::ONE_HUNDRED - taken) * s.percent / Decimal::ONE_HUNDRED;
                                lines.push(line(s, TermLine::percent_of_remainder, s.percent));
                            }
                            3 => lines.push(line(s, TermLine::fixed, s.fixed)),
                            _ => {}
                        }
                    }
                    let s = &seeds[seeds.len() - 1];
                    lines.push(TermLine::balance(s.due.clone()).with_discounts(s.discounts.clone()));
                }
                _ => {
                    for s in seeds.iter().take(2) {
                        if taken + s.percent < Decimal::ONE_HUNDRED {
                            taken += s.percent;
                            lines.push(line(s, TermLine::percent, s.percent));
                        }
                    }
                    for k in 0..group {
                        let s = &seeds[k % seeds.len()];
                        let due = vec![Step::AddDays(30 * (k as i32 + 1))];
                        let discounts = if k == 0 { s.discounts.clone() } else { Vec::new() };
                        lines.push(TermLine::equal(due).with_discounts(discounts));
                    }
                }
            }
            // Discount deadlines the static check rejects: such terms cannot be built.
            PaymentTerms::with_adjustment(lines, adj).ok()
        })
}

fn calendar() -> impl Strategy<Value = Calendar> {
    let weekend = proptest::sample::subsequence(
        vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun],
        0..=3,
    );
    (weekend, proptest::collection::vec(modern_date(), 0..30))
        .prop_map(|(w, h)| Calendar::new(&w, &h).expect("at most three weekend days"))
}

fn options() -> impl Strategy<Value = ScheduleOptions> {
    let cash = proptest::option::weighted(
        0.2,
        proptest::sample::select(vec![Decimal::new(5, 2), Decimal::new(10, 2), Decimal::new(5, 0), Decimal::new(3, 2)]),
    );
    (
        proptest::sample::select(RoundingMode::ALL.to_vec()),
        proptest::option::weighted(0.3, 0u32..=4),
        cash,
        calendar(),
        proptest::bool::weighted(0.3),
    )
        .prop_map(|(mode, precision, cash_increment, calendar, allow_negative_balance)| ScheduleOptions {
            rounding: Rounding { mode, precision, cash_increment },
            calendar,
            allow_negative_balance,
        })
}

/// A total in minor units: mostly everyday amounts, some credit notes, zeros, and huge ones
/// (beyond 10^18 of the currency, or of i64's range of products).
fn total() -> impl Strategy<Value = i64> {
    prop_oneof![
        8 => -10_000_000i64..100_000_000,
        1 => Just(0i64),
        1 => -10i64..10,
        1 => any::<i64>(),
        1 => -1_000_000_000_000_000_000i64..=1_000_000_000_000_000_000,
    ]
}

#[derive(Debug, Clone)]
struct Invoice {
    total: i64,
    currency: u16,
    day: i32,
    terms: u32,
}

fn invoices(currencies: usize, terms: usize) -> impl Strategy<Value = Vec<Invoice>> {
    let day = prop_oneof![
        20 => modern_date().prop_map(day_number),
        1 => any::<i32>(),
    ];
    let currency = prop_oneof![
        30 => 0..currencies as u16,
        1 => Just(currencies as u16),
    ];
    let term = prop_oneof![
        30 => 0..terms as u32,
        1 => Just(terms as u32),
    ];
    proptest::collection::vec(
        (total(), currency, day, term).prop_map(|(total, currency, day, terms)| Invoice {
            total,
            currency,
            day,
            terms,
        }),
        0..24,
    )
}

/// `schedule_columns` written the slow, obvious way: `schedule()` per invoice.
fn reference(
    terms: &[PaymentTerms],
    currencies: &[&str],
    options: &ScheduleOptions,
    rows: &[Invoice],
    all_use_first: bool,
) -> Result<ScheduleColumns, Error> {
    let mut scales = Vec::new();
    for (j, c) in currencies.iter().enumerate() {
        let r = MoneyRules::new(c, &options.rounding)
            .map_err(|e| Error::new(e.kind(), format!("currencies[{j}]"), e.value(), e.reason()))?;
        scales.push(r.scale());
    }
    let mut out = ScheduleColumns { offsets: vec![0], discount_offsets: vec![0], scales, ..Default::default() };
    let minor = |v: Decimal, scale: u32| {
        let mut v = v;
        v.rescale(scale);
        i64::try_from(v.mantissa())
            .map_err(|_| Error::new(ErrorKind::Overflow, "amount", v.to_string(), "does not fit 64-bit minor units"))
    };
    for (i, inv) in rows.iter().enumerate() {
        let c = usize::from(inv.currency);
        if c >= currencies.len() {
            return Err(Error::new(
                ErrorKind::UnknownCurrency,
                format!("invoices[{i}].currency"),
                c.to_string(),
                format!("currency index outside the list of {} currencies", currencies.len()),
            ));
        }
        let t = if all_use_first { 0 } else { inv.terms as usize };
        let Some(term) = terms.get(t) else {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                format!("invoices[{i}].terms"),
                t.to_string(),
                "terms index outside the terms list",
            ));
        };
        let base = date_of_day_number(&format!("invoices[{i}].base_date"), inv.day)?;
        let scale = out.scales[c];
        let s = schedule(Decimal::new(inv.total, scale), currencies[c], base, term, options)
            .map_err(|e| e.within(&format!("invoices[{i}]")))?;
        for inst in &s.installments {
            out.line.push(inst.line as u32);
            out.due_date.push(day_number(inst.due_date));
            out.amount.push(minor(inst.amount, scale)?);
            for d in &inst.discounts {
                out.discount_deadline.push(day_number(d.deadline));
                out.discount_amount.push(minor(d.discount, scale)?);
            }
            out.discount_offsets.push(out.discount_amount.len() as u32);
        }
        out.offsets.push(out.amount.len() as u32);
    }
    Ok(out)
}

const CODES: [&str; 7] = ["EUR", "JPY", "KWD", "USD", "CHF", "CLF", "XAU"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    /// Invoice by invoice, the batch equals `schedule()`; an error is the first failing row's,
    /// with the row in its field.
    #[test]
    fn batch_equals_schedule(
        terms in proptest::collection::vec(terms(), 1..4),
        codes in proptest::collection::vec(proptest::sample::select(CODES.to_vec()), 1..4),
        options in options(),
        rows in (1usize..4, 1usize..4).prop_flat_map(|(c, t)| invoices(c, t)),
        all_use_first in proptest::bool::weighted(0.2),
    ) {
        let terms: Vec<PaymentTerms> = terms.into_iter().flatten().collect();
        prop_assume!(!terms.is_empty());
        let codes = &codes[..codes.len().min(1 + rows.iter().map(|r| r.currency as usize).max().unwrap_or(0))];
        let totals: Vec<i64> = rows.iter().map(|r| r.total).collect();
        let currency: Vec<u16> = rows.iter().map(|r| r.currency).collect();
        let days: Vec<i32> = rows.iter().map(|r| r.day).collect();
        let term_index: Vec<u32> = rows.iter().map(|r| r.terms).collect();
        let columns = InvoiceColumns {
            total: &totals,
            currency: &currency,
            base_date: &days,
            terms: if all_use_first { None } else { Some(&term_index) },
        };
        let got = schedule_columns(&terms, codes, &options, &columns);
        let want = reference(&terms, codes, &options, &rows, all_use_first);
        match (&got, &want) {
            (Ok(g), Ok(w)) => {
                prop_assert_eq!(g, w);
                prop_assert_eq!(g.invoices(), rows.len());
                prop_assert_eq!(g.discount_offsets.len(), g.len() + 1);
            }
            (Err(g), Err(w)) => {
                prop_assert_eq!(g, w);
                // The error names the row (or the currency list entry) it comes from.
                let f = g.field();
                prop_assert!(
                    f.starts_with("invoices[") || f.starts_with("currencies[") || f == "amount",
                    "field {}", f
                );
            }
            _ => prop_assert!(false, "batch {:?} but schedule() {:?}", got, want),
        }
    }

    /// The common case the integer path serves, densely: one currency, default-ish options,
    /// many totals and dates, every rounding mode and precision.
    #[test]
    fn batch_equals_schedule_everyday(
        terms in terms(),
        code in proptest::sample::select(CODES[..6].to_vec()),
        mode in proptest::sample::select(RoundingMode::ALL.to_vec()),
        precision in proptest::option::of(0u32..=4),
        adjust in any::<bool>(),
        rows in proptest::collection::vec((-100_000_000i64..100_000_000, modern_date(), any::<prop::sample::Index>()), 1..200),
        pool in proptest::option::of(proptest::collection::vec(modern_date(), 1..20)),
    ) {
        // With a pool, invoices share base dates (the batch reuses their due dates, and dates
        // 2^k days apart share a cache slot).
        let rows: Vec<(i64, NaiveDate)> = rows
            .into_iter()
            .map(|(t, d, k)| (t, pool.as_ref().map_or(d, |p| p[k.index(p.len())])))
            .collect();
        let Some(terms) = terms else { return Ok(()) };
        let options = ScheduleOptions {
            rounding: Rounding { mode, precision, cash_increment: None },
            calendar: if adjust { Calendar::default() } else { Calendar::new(&[], &[]).unwrap() },
            allow_negative_balance: false,
        };
        let rows: Vec<Invoice> =
            rows.iter().map(|(t, d)| Invoice { total: *t, currency: 0, day: day_number(*d), terms: 0 }).collect();
        let totals: Vec<i64> = rows.iter().map(|r| r.total).collect();
        let currency = vec![0u16; rows.len()];
        let days: Vec<i32> = rows.iter().map(|r| r.day).collect();
        let columns = InvoiceColumns { total: &totals, currency: &currency, base_date: &days, terms: None };
        let terms = [terms];
        let got = schedule_columns(&terms, &[code], &options, &columns);
        let want = reference(&terms, &[code], &options, &rows, true);
        prop_assert_eq!(got, want);
    }
}

/// A bad row deep in a batch is named by its index.
#[test]
fn errors_name_the_row() {
    let terms = [PaymentTerms::new(vec![
        TermLine::percent(Decimal::from(30), vec![]),
        TermLine::balance(vec![Step::EndOfMonth, Step::AddDays(60)]),
    ])
    .unwrap()];
    let day = day_number(NaiveDate::from_ymd_opt(2026, 1, 31).unwrap());
    let opts = ScheduleOptions::default();
    // A total beyond 10^18 yen on row 2.
    let totals = [100, 200, i64::MAX, 300];
    let cols = InvoiceColumns { total: &totals, currency: &[0; 4], base_date: &[day; 4], terms: None };
    let e = schedule_columns(&terms, &["JPY"], &opts, &cols).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::Overflow, "invoices[2].total"));
    // A base date out of range on row 1, a currency index out of the list on row 3.
    let cols = InvoiceColumns {
        total: &[1, 2, 3, 4],
        currency: &[0, 0, 0, 1],
        base_date: &[day, i32::MAX, day, day],
        terms: None,
    };
    let e = schedule_columns(&terms, &["EUR"], &opts, &cols).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::DateOutOfRange, "invoices[1].base_date"));
    let cols = InvoiceColumns { total: &[1, 2, 3, 4], currency: &[0, 0, 0, 1], base_date: &[day; 4], terms: None };
    let e = schedule_columns(&terms, &["EUR"], &opts, &cols).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::UnknownCurrency, "invoices[3].currency"));
    // A fixed line too large for the invoice on row 1 (over-allocation names the line too).
    let fixed =
        [PaymentTerms::new(vec![TermLine::fixed(Decimal::from(50), vec![]), TermLine::balance(vec![])]).unwrap()];
    let cols = InvoiceColumns { total: &[10_000, 4_000], currency: &[0, 0], base_date: &[day; 2], terms: None };
    let e = schedule_columns(&fixed, &["EUR"], &opts, &cols).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::InvalidTerms, "invoices[1].terms.lines[0]"));
    // A due date past 9999-12-31 on row 0.
    let late = day_number(NaiveDate::from_ymd_opt(9999, 12, 1).unwrap());
    let cols = InvoiceColumns { total: &[10_000], currency: &[0], base_date: &[late], terms: None };
    let e = schedule_columns(&terms, &["EUR"], &opts, &cols).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::DateOutOfRange, "invoices[0].terms.lines[1].due[1]"));
}

/// Many terms and currencies (more pairs than the dense plan index takes): still schedule() per
/// invoice, whichever pair each uses.
#[test]
fn many_terms_and_currencies() {
    let terms: Vec<PaymentTerms> = (1..=300)
        .map(|k| {
            PaymentTerms::new(vec![
                TermLine::percent(Decimal::new(k, 1), vec![Step::AddDays(k as i32 % 7)]),
                TermLine::balance(vec![Step::EndOfMonth, Step::AddDays(k as i32)]),
            ])
            .unwrap()
        })
        .collect();
    let codes: Vec<&str> = (0..300).map(|j| ["EUR", "JPY", "KWD"][j % 3]).collect();
    let options = ScheduleOptions::default();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let rows: Vec<Invoice> = (0..2_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Invoice {
                total: (x % 2_000_000) as i64 - 500_000,
                currency: (x >> 20) as u16 % 300,
                day: 20_000 + (x >> 40) as i32 % 400,
                terms: (x >> 50) as u32 % 300,
            }
        })
        .collect();
    let totals: Vec<i64> = rows.iter().map(|r| r.total).collect();
    let currency: Vec<u16> = rows.iter().map(|r| r.currency).collect();
    let days: Vec<i32> = rows.iter().map(|r| r.day).collect();
    let term_index: Vec<u32> = rows.iter().map(|r| r.terms).collect();
    let columns = InvoiceColumns { total: &totals, currency: &currency, base_date: &days, terms: Some(&term_index) };
    let got = schedule_columns(&terms, &codes, &options, &columns).unwrap();
    assert_eq!(got, reference(&terms, &codes, &options, &rows, false).unwrap());
    assert_eq!(got.invoices(), 2_000);
}

/// Every small rule pair, exhaustively: a balance line due by one rule with a 2 % tier due by
/// another, under every adjustment, from every day of a common and a leap month. The batch and
/// `schedule()` accept and reject the same invoices, with the same errors (issue 10: the batch
/// used to check the adjusted dates and the single path the raw ones).
#[test]
fn batch_equals_schedule_small_rules() {
    let mut rules: Vec<Vec<Step>> = vec![vec![], vec![Step::EndOfMonth], vec![Step::AddMonths(1)]];
    rules.extend([0, 1, 5, 10, 28, 30].map(|n| vec![Step::AddDays(n)]));
    rules.extend([1, 6, 15, 28, 31].map(|d| vec![Step::SetDay(d)]));
    rules.extend([1, 6, 15, 29, 31].map(|d| vec![Step::NextDayOfMonth(d)]));
    rules.extend([
        vec![Step::CutOff(25)],
        vec![Step::EndOfMonth, Step::AddDays(10)],
        vec![Step::CutOff(15), Step::AddDays(10)],
    ]);
    let bases: Vec<NaiveDate> = [(2023, 1), (2024, 2)]
        .iter()
        .flat_map(|&(y, m)| (1..=31).filter_map(move |d| NaiveDate::from_ymd_opt(y, m, d)))
        .collect();
    let days: Vec<i32> = bases.iter().map(|d| day_number(*d)).collect();
    let options =
        ScheduleOptions { calendar: Calendar::new(&[Weekday::Sat, Weekday::Sun], &[]).unwrap(), ..Default::default() };
    let (mut compared, mut rejected) = (0usize, 0usize);
    for line_due in &rules {
        for discount_due in &rules {
            for adjustment in Adjustment::ALL {
                let line = TermLine::balance(line_due.clone())
                    .with_discounts(vec![Discount::percent(Decimal::from(2), discount_due.clone())]);
                let Ok(terms) = PaymentTerms::with_adjustment(vec![line], adjustment) else { continue };
                let terms = [terms];
                for (k, &day) in days.iter().enumerate() {
                    let rows = [Invoice { total: 100_000, currency: 0, day, terms: 0 }];
                    let cols = InvoiceColumns { total: &[100_000], currency: &[0], base_date: &[day], terms: None };
                    let got = schedule_columns(&terms, &["EUR"], &options, &cols);
                    let want = reference(&terms, &["EUR"], &options, &rows, true);
                    assert_eq!(
                        got, want,
                        "line due {line_due:?}, discount due {discount_due:?}, {adjustment}, base {}",
                        bases[k]
                    );
                    compared += 1;
                    rejected += usize::from(want.is_err());
                }
            }
        }
    }
    // The space holds both kinds of invoice.
    assert!(compared > 20_000 && rejected > 100, "{compared} compared, {rejected} rejected");
}

/// The case the exhaustive search found first: the raw dates do not nest (deadline Feb 6 after
/// the due date Feb 4, a Saturday), the adjusted ones do (both Monday Feb 6).
#[test]
fn batch_rejects_what_schedule_rejects() {
    let line = TermLine::balance(vec![Step::AddDays(28)])
        .with_discounts(vec![Discount::percent(Decimal::from(2), vec![Step::NextDayOfMonth(6)])]);
    let terms = [PaymentTerms::with_adjustment(vec![line], Adjustment::Following).unwrap()];
    let base = NaiveDate::from_ymd_opt(2023, 1, 7).unwrap();
    let options = ScheduleOptions::default();
    let single = schedule(Decimal::new(100_000, 2), "EUR", base, &terms[0], &options).unwrap_err();
    assert_eq!((single.kind(), single.field()), (ErrorKind::InvalidTerms, "terms.lines[0].discounts[0].due"));
    let cols = InvoiceColumns { total: &[100_000], currency: &[0], base_date: &[day_number(base)], terms: None };
    let batch = schedule_columns(&terms, &["EUR"], &options, &cols).unwrap_err();
    assert_eq!(batch, single.within("invoices[0]"));
}
