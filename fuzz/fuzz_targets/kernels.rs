//! The columnar kernels against naive references (the first input byte picks one):
//! - `batch::schedule_columns` vs `schedule()` invoice by invoice: the same columns, or the same
//!   error (kind, field with its `invoices[i].` prefix, value);
//! - `aging::age_columns` (1 or 2 threads) and `age_sources` (the rows cut into 1-3 sources)
//!   vs a naive aging (a map of i128 sums, a linear scan of the bounds);
//! - `aging::age_keyed` (string ids) vs the naive aging grouped by the ids' bytes;
//! - `AgingTable::merge` of the agings of a split vs the aging of the whole (currency lists
//!   in different orders per part); a merged table's rows must stay summable;
//! - `AgingReport::merge` of the reports of a split vs the report of the whole.
//!
//! `ARREARS_FUZZ_SKIP` skips known bugs in a local long run (see fuzz/regressions/kernels/):
//! `merge_row_total` (a merged table whose row total leaves i64), `row_prefix_overflow` (a row
//! whose buckets' left-to-right partial sum leaves i64 though its total fits is an overflow),
//! `keyed_long_key_order` (`age_keyed` on several threads returns `Ok(None)` for an id over 15
//! bytes in a later piece although an earlier row is bad).
//! `ARREARS_FUZZ_DEBUG=1` prints the merge inputs.
#![no_main]

use arbitrary::Unstructured;
use arrears::aging::{
    age_columns, age_keyed, age_sources, aging, pack_code, pack_key, AgeBasis, AgingBuckets, AgingColumns, AgingSource,
    AgingSpec, AgingTable, Credits, KeyedSource, NotDue, OpenItem, MAX_DAY, MIN_DAY,
};
use arrears::batch::{schedule_columns, InvoiceColumns};
use arrears::{to_json, Error, PaymentTerms, Rounding, ScheduleOptions};
use arrears_fuzz::reference::{self, Expected, Invoice, KeyedRows, Rows};
use arrears_fuzz::U;
use libfuzzer_sys::fuzz_target;

type R<T> = arbitrary::Result<T>;

fn expected(e: &Error) -> Expected {
    (e.kind(), e.field().to_string())
}

// ---- batch ------------------------------------------------------------------------------

fn batch(u: U) -> R<()> {
    let nt = u.int_in_range(1usize..=3)?;
    let mut terms = Vec::new();
    for _ in 0..nt {
        let (lines, adj) = arrears_fuzz::lines(u, 2)?;
        if let Ok(t) = PaymentTerms::with_adjustment(lines, adj) {
            terms.push(t);
        }
    }
    let nc = u.int_in_range(1usize..=3)?;
    let codes: Vec<&str> = (0..nc).map(|_| arrears_fuzz::currency(u)).collect::<R<_>>()?;
    let base = arrears_fuzz::date(u)?;
    let options = ScheduleOptions {
        rounding: Rounding {
            mode: arrears_fuzz::mode(u)?,
            precision: if arrears_fuzz::chance(u, 1, 4)? {
                Some(*u.choose(&[0u32, 1, 2, 3, 4, 10, 11])?)
            } else {
                None
            },
            cash_increment: if arrears_fuzz::chance(u, 1, 8)? {
                Some(u.choose(&["0.05", "0.10", "5", "0.03", "1", "0.001"])?.parse::<rust_decimal::Decimal>().unwrap())
            } else {
                None
            },
        },
        calendar: arrears_fuzz::calendar(u, base)?,
        allow_negative_balance: arrears_fuzz::chance(u, 1, 5)?,
    };
    let n = u.int_in_range(0usize..=12)?;
    let mut rows = Vec::with_capacity(n);
    for _ in 0..n {
        let total = match u.int_in_range(0u8..=9)? {
            0..=5 => u.int_in_range(-10_000_000i64..=100_000_000)?,
            6 => u.int_in_range(-10i64..=10)?,
            7 => u.arbitrary()?,
            8 => *u.choose(&[0i64, i64::MAX, i64::MIN, 1_000_000_000_000_000_000, 1_000_000_000_000_000_001])?,
            _ => u.int_in_range(-1_000_000_000_000_000_000i64..=1_000_000_000_000_000_000)?,
        };
        let day = if arrears_fuzz::chance(u, 1, 20)? {
            *u.choose(&[MIN_DAY - 1, MAX_DAY + 1, i32::MIN, i32::MAX, MAX_DAY, MIN_DAY])?
        } else {
            arrears::aging::day_number(arrears_fuzz::date_near(u, base)?)
        };
        let currency = if arrears_fuzz::chance(u, 1, 30)? { nc as u16 } else { u.int_in_range(0..=nc as u16 - 1)? };
        let t = if arrears_fuzz::chance(u, 1, 30)? { nt as u32 } else { u.int_in_range(0..=nt as u32 - 1)? };
        rows.push(Invoice { total, currency, day, terms: t });
    }
    let all_use_first = arrears_fuzz::chance(u, 1, 4)?;
    let totals: Vec<i64> = rows.iter().map(|r| r.total).collect();
    let currency: Vec<u16> = rows.iter().map(|r| r.currency).collect();
    let days: Vec<i32> = rows.iter().map(|r| r.day).collect();
    let index: Vec<u32> = rows.iter().map(|r| r.terms).collect();
    let cols = InvoiceColumns {
        total: &totals,
        currency: &currency,
        base_date: &days,
        terms: if all_use_first { None } else { Some(&index) },
    };
    let got = schedule_columns(&terms, &codes, &options, &cols);
    let want = reference::schedule_columns(&terms, &codes, &options, &rows, all_use_first);
    match (&got, &want) {
        (Ok(g), Ok(w)) => assert_eq!(g, w, "batch vs schedule()"),
        (Err(g), Err(w)) => {
            assert_eq!(
                (g.kind(), g.field(), g.value()),
                (w.kind(), w.field(), w.value()),
                "batch {g} vs schedule() {w}"
            )
        }
        _ => panic!(
            "batch {got:?} but schedule() {want:?}\nterms {}\ncodes {codes:?} options {options:?}",
            to_json(&terms)
        ),
    }
    Ok(())
}

// ---- aging columns ----------------------------------------------------------------------

const CODES: [&str; 17] = [
    "EUR", "JPY", "KWD", "USD", "ZAR", "AUD", "CAD", "CHF", "CNY", "DKK", "GBP", "HKD", "INR", "NOK", "NZD", "SEK",
    "SGD",
];

fn spec(u: U) -> R<AgingSpec> {
    let as_of = arrears_fuzz::date(u)?;
    let not_due = if arrears_fuzz::chance(u, 1, 3)? { NotDue::Fold } else { NotDue::Column };
    let n = u.int_in_range(1usize..=6)?;
    let mut bounds = Vec::with_capacity(n);
    let mut b = if not_due == NotDue::Fold { u.int_in_range(-60i32..=30)? } else { u.int_in_range(1i32..=30)? };
    for _ in 0..n {
        bounds.push(b);
        b += *u.choose(&[30, 1, 15, 60, 365])?;
    }
    if arrears_fuzz::chance(u, 1, 40)? {
        bounds = vec![36_500];
    }
    let mut s = AgingSpec::new(as_of);
    s.buckets = AgingBuckets::new(bounds, not_due).unwrap_or_default();
    s.credits = if arrears_fuzz::chance(u, 1, 3)? { Credits::Separate } else { Credits::Net };
    s.basis = if arrears_fuzz::chance(u, 1, 3)? { AgeBasis::IssueDate } else { AgeBasis::DueDate };
    Ok(s)
}

fn day_near(u: U, as_of: i32) -> R<i32> {
    Ok(match u.int_in_range(0u8..=19)? {
        0 => *u.choose(&[MIN_DAY, MAX_DAY, MIN_DAY - 1, MAX_DAY + 1, i32::MIN, i32::MAX])?,
        1 => u.arbitrary()?,
        _ => as_of.saturating_sub(u.int_in_range(-200i32..=500)?).clamp(MIN_DAY, MAX_DAY),
    })
}

fn open_amount(u: U) -> R<i64> {
    Ok(match u.int_in_range(0u8..=15)? {
        0 => 0,
        1 => *u.choose(&[i64::MAX, i64::MIN, i64::MAX / 2 + 1, -(i64::MAX / 2) - 1, 1, -1])?,
        2 => u.arbitrary()?,
        3..=4 => -u.int_in_range(1i64..=10_000_000)?,
        _ => u.int_in_range(1i64..=10_000_000)?,
    })
}

fn rows(u: U, as_of: i32, codes: usize) -> R<Rows> {
    let n = u.int_in_range(0usize..=40)?;
    let sparse = arrears_fuzz::chance(u, 1, 8)?;
    let customers = u.int_in_range(1u32..=12)?;
    let mut r = Rows::default();
    for _ in 0..n {
        let k = u.int_in_range(0..=customers - 1)?;
        r.customer.push(if sparse { k.wrapping_mul(400_000_007) } else { k });
        r.currency.push(if arrears_fuzz::chance(u, 1, 40)? {
            codes as u16
        } else {
            u.int_in_range(0..=codes.max(1) as u16 - 1)?
        });
        let due = day_near(u, as_of)?;
        r.due.push(due);
        r.issue.push(if arrears_fuzz::chance(u, 1, 30)? {
            day_near(u, as_of)?
        } else {
            due.saturating_sub(u.int_in_range(0i32..=90)?)
        });
        r.amount.push(open_amount(u)?);
        r.disputed.push(arrears_fuzz::chance(u, 1, 6)?);
    }
    Ok(r)
}

fn cols<'a>(r: &'a Rows, codes: &'a [&'a str], scale: u32, issue: bool) -> AgingColumns<'a> {
    AgingColumns {
        customer: &r.customer,
        currency: &r.currency,
        currencies: codes,
        due_date: &r.due,
        issue_date: if issue { Some(&r.issue) } else { None },
        amount: &r.amount,
        scale,
        disputed: Some(&r.disputed),
    }
}

fn flat(t: &AgingTable) -> reference::Flat {
    t.rows()
        .map(|r| {
            let mut cells = r.buckets.to_vec();
            if t.spec().credits == Credits::Separate {
                cells.push(r.credits);
            }
            let total: i128 = cells.iter().map(|&v| i128::from(v)).sum();
            assert_eq!(total, i128::from(r.total), "row total of {cells:?}");
            (r.customer, t.currencies()[r.currency as usize].clone(), cells, r.disputed, r.items)
        })
        .collect()
}

/// Rows of one source for `age_sources`, with an optional null row.
struct Source<'a> {
    rows: &'a Rows,
    basis: AgeBasis,
    null: Option<(usize, &'static str)>,
}

impl AgingSource for Source<'_> {
    fn len(&self) -> usize {
        self.rows.len()
    }
    fn customer(&self, i: usize) -> u64 {
        u64::from(self.rows.customer[i])
    }
    fn currency(&self, i: usize) -> u32 {
        u32::from(self.rows.currency[i])
    }
    fn date(&self, i: usize) -> i32 {
        if self.basis == AgeBasis::IssueDate {
            self.rows.issue[i]
        } else {
            self.rows.due[i]
        }
    }
    fn amount(&self, i: usize) -> i128 {
        i128::from(self.rows.amount[i])
    }
    fn disputed(&self, i: usize) -> bool {
        self.rows.disputed[i]
    }
    fn first_invalid(&self) -> Option<(usize, &'static str)> {
        self.null
    }
}

fn codes_list(u: U) -> R<Vec<&'static str>> {
    let n = *u.choose(&[1usize, 2, 3, 4, 4, 5, 6, 17])?;
    let mut codes: Vec<&str> = CODES[..n].to_vec();
    // shuffle a little: the kernels order rows by code, not by index
    for i in (1..codes.len()).rev() {
        let j = u.int_in_range(0..=i)?;
        codes.swap(i, j);
    }
    if arrears_fuzz::chance(u, 1, 30)? {
        codes.push(*u.choose(&["EUX", "EUR", "XAU"])?);
    }
    Ok(codes)
}

fn columns(u: U) -> R<()> {
    let spec = spec(u)?;
    let codes = codes_list(u)?;
    let as_of = arrears::aging::day_number(spec.as_of);
    let r = rows(u, as_of, codes.len())?;
    let scale = if arrears_fuzz::chance(u, 1, 30)? { 19 } else { *u.choose(&[2u32, 0, 3, 18])? };
    let issue = !arrears_fuzz::chance(u, 1, 20)?;
    let threads = u.int_in_range(1usize..=2)?;
    let want = reference::age_columns(&spec, &r, &codes, scale, issue);
    let got = age_columns(&spec, &cols(&r, &codes, scale, issue), threads);
    compare(&got, &want, "age_columns");

    // age_sources over the rows cut into 1 to 3 sources (dense keys only)
    if r.customer.iter().all(|&k| k < 64) && issue {
        let a = u.int_in_range(0..=r.len())?;
        let b = u.int_in_range(a..=r.len())?;
        let parts = [r.slice(0..a), r.slice(a..b), r.slice(b..r.len())];
        let null = if arrears_fuzz::chance(u, 1, 10)? && !r.is_empty() {
            let row = u.int_in_range(0..=r.len() - 1)?;
            Some((row, *u.choose(&["customer", "currency", "date", "amount"])?))
        } else {
            None
        };
        let mut sources = Vec::new();
        let mut offset = 0;
        for p in &parts {
            let here =
                null.filter(|(row, _)| (offset..offset + p.len()).contains(row)).map(|(row, c)| (row - offset, c));
            sources.push(Source { rows: p, basis: spec.basis, null: here });
            offset += p.len();
        }
        let got = age_sources(&spec, &sources, 64, &codes, scale, threads);
        let want = match null {
            Some((row, c)) if reference::check_currencies(&codes, scale).is_ok() => {
                Err((arrears::ErrorKind::InvalidRequest, format!("items[{row}].{c}")))
            }
            _ => reference::age_columns(&spec, &r, &codes, scale, true).map_err(|(k, f)| {
                // age_sources names the date column `items[i].date`
                (k, f.replacen("].due_date", "].date", 1).replacen("].issue_date", "].date", 1))
            }),
        };
        compare(&got, &want, "age_sources");
    }
    Ok(())
}

fn compare(got: &arrears::Result<AgingTable>, want: &Result<reference::Flat, Expected>, what: &str) {
    match (got, want) {
        (Ok(t), Ok(w)) => assert_eq!(&flat(t), w, "{what} vs naive"),
        (Err(e), Err(w)) => assert_eq!(&expected(e), w, "{what}: {e}"),
        _ => panic!("{what}: kernel {got:?} but naive {want:?}"),
    }
}

// ---- keyed ------------------------------------------------------------------------------

struct Keyed<'a>(&'a KeyedRows);

impl KeyedSource for Keyed<'_> {
    fn len(&self) -> usize {
        self.0.amount.len()
    }
    fn customer(&self, i: usize) -> Option<u128> {
        pack_key(&self.0.customer[i])
    }
    fn currency(&self, i: usize) -> u32 {
        pack_code(self.0.currency[i].as_bytes())
    }
    fn currency_text(&self, i: usize) -> String {
        self.0.currency[i].clone()
    }
    fn date(&self, i: usize) -> i32 {
        self.0.date[i]
    }
    fn amount(&self, i: usize) -> i128 {
        self.0.amount[i]
    }
    fn disputed(&self, i: usize) -> bool {
        self.0.disputed[i]
    }
    fn has_disputed(&self) -> bool {
        self.0.disputed.iter().any(|&d| d)
    }
}

fn keyed(u: U) -> R<()> {
    let spec = spec(u)?;
    let as_of = arrears::aging::day_number(spec.as_of);
    let names: Vec<Vec<u8>> = (0..u.int_in_range(1usize..=8)?)
        .map(|_| -> R<Vec<u8>> {
            let len = if arrears_fuzz::chance(u, 1, 30)? { 16 } else { u.int_in_range(0usize..=15)? };
            (0..len).map(|_| Ok(*u.choose(b"AB\x00\xffz0-")?)).collect()
        })
        .collect::<R<_>>()?;
    let n = u.int_in_range(0usize..=40)?;
    let mut r = KeyedRows::default();
    for _ in 0..n {
        r.customer.push(u.choose(&names)?.clone());
        r.currency
            .push((*u.choose(&["EUR", "JPY", "KWD", "USD", "EUR", "EUR", "CLF", "EU", "EURO", "XAU", "XTS"])?).into());
        r.date.push(day_near(u, as_of)?);
        r.amount.push(if arrears_fuzz::chance(u, 1, 40)? {
            i128::from(i64::MAX) + 1
        } else {
            i128::from(open_amount(u)?)
        });
        r.disputed.push(arrears_fuzz::chance(u, 1, 6)?);
    }
    let scale = if arrears_fuzz::chance(u, 1, 30)? { 19 } else { 2 };
    let threads = u.int_in_range(1usize..=2)?;
    let a = u.int_in_range(0..=n)?;
    let halves = [slice_keyed(&r, 0..a), slice_keyed(&r, a..n)];
    let got = age_keyed(&spec, &[Keyed(&halves[0]), Keyed(&halves[1])], scale, threads);
    let want = reference::age_keyed(&spec, &r, scale);
    if std::env::var_os("ARREARS_FUZZ_DEBUG").is_some() {
        eprintln!("spec {spec:?}\nthreads {threads} cut {a} scale {scale}\nrows {r:?}");
    }
    match (&got, &want) {
        (Ok(Some(k)), Ok(Some(w))) => {
            let rows: reference::KeyedFlat = flat(&k.table)
                .into_iter()
                .map(|(c, code, cells, d, n)| (arrears::aging::unpack_key(k.customers[c as usize]), code, cells, d, n))
                .collect();
            assert_eq!(&rows, w, "age_keyed vs naive");
        }
        (Ok(None), Ok(None)) => {}
        (Err(e), Err(w)) => assert_eq!(&expected(e), w, "age_keyed: {e}"),
        _ => panic!("age_keyed {:?} but naive {want:?}", got.as_ref().map(|o| o.as_ref().map(|k| flat(&k.table)))),
    }
    Ok(())
}

fn slice_keyed(r: &KeyedRows, range: std::ops::Range<usize>) -> KeyedRows {
    KeyedRows {
        customer: r.customer[range.clone()].to_vec(),
        currency: r.currency[range.clone()].to_vec(),
        date: r.date[range.clone()].to_vec(),
        amount: r.amount[range.clone()].to_vec(),
        disputed: r.disputed[range].to_vec(),
    }
}

// ---- merges -----------------------------------------------------------------------------

fn table_merge(u: U) -> R<()> {
    let spec = spec(u)?;
    let codes = CODES[..*u.choose(&[1usize, 3, 4, 5])?].to_vec();
    let as_of = arrears::aging::day_number(spec.as_of);
    let r = rows(u, as_of, codes.len())?;
    let whole = age_columns(&spec, &cols(&r, &codes, 2, true), 1);
    let n = r.len();
    let a = u.int_in_range(0..=n)?;
    let b = u.int_in_range(a..=n)?;
    let mut parts = Vec::new();
    for range in [0..a, a..b, b..n] {
        // each part with its own currency list order (merging unifies codes)
        let mut order: Vec<usize> = (0..codes.len()).collect();
        for i in (1..order.len()).rev() {
            let j = u.int_in_range(0..=i)?;
            order.swap(i, j);
        }
        let mut part = r.slice(range);
        let their: Vec<&str> = order.iter().map(|&i| codes[i]).collect();
        for c in &mut part.currency {
            if let Some(p) = order.iter().position(|&i| i == usize::from(*c)) {
                *c = p as u16;
            }
        }
        parts.push(age_columns(&spec, &cols(&part, &their, 2, true), 1));
    }
    let parts: Vec<AgingTable> = match parts.into_iter().collect() {
        Ok(p) => p,
        Err(_) => return Ok(()),
    };
    // ((x + y) + z), and (z + (y + x))
    let mut left = parts[0].clone();
    let l = left.merge(&parts[1]).and_then(|_| left.merge(&parts[2]));
    let mut yx = parts[1].clone();
    let mut right = parts[2].clone();
    let rr = yx.merge(&parts[0]).and_then(|_| right.merge(&yx));
    if std::env::var_os("ARREARS_FUZZ_DEBUG").is_some() {
        eprintln!("spec {spec:?}\ncodes {codes:?}\nrows {r:?}\ncuts {a} {b}\nwhole {whole:?}");
    }
    // whatever merges, its rows must be readable (a row total inside i64)
    if l.is_ok() {
        let _ = flat(&left);
    }
    if rr.is_ok() {
        let _ = flat(&right);
    }
    // (x + y) is a table itself: it exists when the aging of the rows it holds fits (its final
    // sums, whatever its parts' were); only then must the merge in order succeed.
    let prefix_fits = age_columns(&spec, &cols(&r.slice(0..b), &codes, 2, true), 1).is_ok();
    if let Ok(whole) = &whole {
        assert!(l.is_ok() || !prefix_fits, "the parts of an aging that fits merge in order: {l:?}");
        if l.is_ok() {
            assert_eq!(flat(&left), flat(whole), "(x + y) + z vs the whole");
        }
        if rr.is_ok() {
            assert_eq!(flat(&right), flat(whole), "z + (y + x) vs the whole");
        }
    }
    Ok(())
}

fn report_merge(u: U) -> R<()> {
    let spec = spec(u)?;
    let names = ["A", "B", "C-1", "c", "Ä"];
    let n = u.int_in_range(0usize..=24)?;
    let mut items = Vec::with_capacity(n);
    for _ in 0..n {
        let currency = *u.choose(&["EUR", "JPY", "KWD", "CLF", "USD", "XAU"])?;
        let scale = arrears_fuzz::minor_units(currency).unwrap_or(4);
        let due = arrears_fuzz::date_near(u, spec.as_of)?;
        let sc = if arrears_fuzz::chance(u, 1, 20)? { scale + 1 } else { scale };
        items.push(OpenItem {
            customer: (*u.choose(&names)?).into(),
            currency: currency.into(),
            due_date: due,
            issue_date: if arrears_fuzz::chance(u, 1, 20)? { None } else { Some(arrears_fuzz::date_near(u, due)?) },
            amount: arrears_fuzz::amount(u, sc)?,
            disputed: arrears_fuzz::chance(u, 1, 6)?,
            id: None,
        });
    }
    let whole = aging(&items, &spec);
    let k = u.int_in_range(0..=n)?;
    let (x, y) = (aging(&items[..k], &spec), aging(&items[k..], &spec));
    if std::env::var_os("ARREARS_FUZZ_DEBUG").is_some() {
        eprintln!("items {items:?}\nk {k}\nwhole {whole:?}\nx {x:?}\ny {y:?}");
    }
    if let (Ok(whole), Ok(x), Ok(y)) = (&whole, &x, &y) {
        let m = x.merge(y).unwrap_or_else(|e| panic!("the halves of a report do not merge: {e}"));
        assert_eq!(to_json(&m), to_json(whole), "merged halves vs the whole");
        let m2 = y.merge(x).unwrap_or_else(|e| panic!("the halves of a report do not merge: {e}"));
        assert_eq!(to_json(&m2), to_json(whole), "merged halves (other order) vs the whole");
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let mut u = Unstructured::new(rest);
    let _ = match first % 6 {
        0 | 1 => batch(&mut u),
        2 => columns(&mut u),
        3 => keyed(&mut u),
        4 => table_merge(&mut u),
        _ => report_merge(&mut u),
    };
});
