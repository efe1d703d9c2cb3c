//! The numbered fast path gives the general path's result (rows, order, errors) on random
//! inputs: ids numbered or not, one row breaking the pattern, different prefixes between the
//! invoice and payment columns, duplicates, nulls, sums that leave `i64`.

use proptest::prelude::*;

use super::super::worklist_columns::worklist_columns_with;
use super::*;
use crate::collections::{Grouping, PaymentColumns, ProductWeights, Scoring, WorklistConfig};
use crate::columnar::Utf8Ids;
use crate::ErrorKind;

const CURS: [&str; 3] = ["EUR", "USD", "SEK"];

/// Owned columns for [`WorklistColumns`].
#[derive(Debug, Clone, Default)]
struct Data {
    inv: (Vec<i32>, Vec<u8>),
    cust: (Vec<i32>, Vec<u8>),
    cust_valid: Option<Vec<u8>>,
    due: Vec<i32>,
    cur: Vec<u16>,
    amount: Vec<i64>,
    disputed: Option<Vec<bool>>,
    c_inv: (Vec<i32>, Vec<u8>),
    c_cust: (Vec<i32>, Vec<u8>),
    c_due: Vec<i32>,
    p_inv: (Vec<i32>, Vec<u8>),
    p_date: Vec<i32>,
    p_amount: Vec<i64>,
}

fn col(ids: &[String]) -> (Vec<i32>, Vec<u8>) {
    let (mut off, mut data) = (vec![0i32], Vec::new());
    for id in ids {
        data.extend_from_slice(id.as_bytes());
        off.push(data.len() as i32);
    }
    (off, data)
}

fn view<'a>(c: &'a (Vec<i32>, Vec<u8>), valid: Option<&'a [u8]>) -> Utf8Ids<'a> {
    Utf8Ids::try_new(&c.0, &c.1, valid, c.0.len() - 1).unwrap()
}

impl Data {
    fn cols(&self) -> WorklistColumns<'_> {
        WorklistColumns {
            open: InvoiceColumns {
                invoice_id: view(&self.inv, None),
                customer: view(&self.cust, self.cust_valid.as_deref()),
                due_date: &self.due,
                currency: &self.cur,
                open_amount: &self.amount,
                disputed: self.disputed.as_deref(),
            },
            closed: Some(InvoiceColumns {
                invoice_id: view(&self.c_inv, None),
                customer: view(&self.c_cust, None),
                due_date: &self.c_due,
                currency: &[],
                open_amount: &[],
                disputed: None,
            }),
            payments: PaymentColumns {
                invoice_id: view(&self.p_inv, None),
                paid_date: &self.p_date,
                amount: &self.p_amount,
            },
            currencies: &CURS,
            scale: 2,
        }
    }
}

/// An invoice id: numbered `INV-` and 6 digits; kind 9 breaks the pattern (another width).
fn inv_id(n: u64, kind: u8) -> String {
    match kind {
        9 => format!("INV-{n}"),
        _ => format!("INV-{n:06}"),
    }
}

/// A customer id: numbered `C-` and 4 digits, or (`plain`) `C{n}` of any width.
fn cust_id(n: u64, plain: bool) -> String {
    if plain {
        format!("C{n}")
    } else {
        format!("C-{n:04}")
    }
}

/// (customer 0..8, currency, due day, cents, disputed, id kind)
type Inv = (u64, u16, i32, i64, bool, u8);
/// (which invoice or a free number, how the id is written, paid day, cents)
type Pay = (usize, u8, i32, i64);

const AS_OF: i32 = 20_000;

fn invs(max: usize) -> impl Strategy<Value = Vec<Inv>> {
    proptest::collection::vec(
        (0u64..8, 0u16..3, AS_OF - 300..AS_OF + 30, -500i64..200_000, proptest::bool::weighted(0.1), 0u8..40),
        0..max,
    )
}

fn pays() -> impl Strategy<Value = Vec<Pay>> {
    proptest::collection::vec((0usize..200, 0u8..12, AS_OF - 400..AS_OF + 10, 1i64..90_000), 0..50)
}

#[allow(clippy::too_many_arguments)]
fn data(open: &[Inv], closed: &[Inv], pay: &[Pay], base: u64, cbase: u64, plain: bool, dup: bool, big: bool) -> Data {
    let mut d = Data::default();
    // open invoices numbered base, base + 2, ...; closed ones between them (interleaved)
    let mut ids: Vec<String> = open.iter().enumerate().map(|(i, r)| inv_id(base + 2 * i as u64, r.5)).collect();
    if dup && ids.len() > 1 {
        ids[1] = ids[0].clone();
    }
    d.inv = col(&ids);
    d.cust = col(&open.iter().map(|r| cust_id(cbase + r.0, plain)).collect::<Vec<_>>());
    d.due = open.iter().map(|r| r.2).collect();
    d.cur = open.iter().map(|r| r.1).collect();
    d.amount = open.iter().map(|r| if big && r.4 { i64::MAX / 3 } else { r.3 }).collect();
    d.disputed = (!open.len().is_multiple_of(3)).then(|| open.iter().map(|r| r.4).collect());
    let c_ids: Vec<String> = closed.iter().enumerate().map(|(i, r)| inv_id(base + 1 + 2 * i as u64, r.5)).collect();
    d.c_inv = col(&c_ids);
    d.c_cust = col(&closed.iter().map(|r| cust_id(cbase + r.0 + 3, plain)).collect::<Vec<_>>());
    d.c_due = closed.iter().map(|r| r.2).collect();
    let all: Vec<&String> = ids.iter().chain(&c_ids).collect();
    let p_ids: Vec<String> = pay
        .iter()
        .map(|&(k, how, ..)| match how {
            // an invoice's id
            0..=6 if !all.is_empty() => all[k % all.len()].clone(),
            // a number of the numbering, maybe outside the invoices' range
            7 => format!("INV-{:06}", (base + k as u64).saturating_sub(20)),
            // another prefix, a long id, no digits, another width
            8 => format!("PAY-{:06}", base + k as u64),
            9 => format!("INV-{:06}-and-a-rather-long-tail", base + k as u64),
            10 => "INV-".to_string(),
            _ => format!("INV-{}", base + k as u64),
        })
        .collect();
    d.p_inv = col(&p_ids);
    d.p_date = pay.iter().map(|r| r.2).collect();
    d.p_amount = pay.iter().map(|r| if big && r.0 % 7 == 0 { i64::MAX / 2 } else { r.3 }).collect();
    d
}

fn configs(k: usize) -> Vec<WorklistConfig> {
    let as_of = crate::calendar::date_of_day_number("as_of", AS_OF).unwrap();
    let mut product = WorklistConfig::bench(as_of, k);
    product.fx.insert("SEK".into(), "0.088".parse().unwrap());
    let all = WorklistConfig { top_k: None, ..product.clone() };
    let by_customer = WorklistConfig { by: Grouping::Customer, ..product.clone() };
    let disputed = WorklistConfig { include_disputed: true, ..all.clone() };
    // the top K pruned on tight bounds (no room for the history: every score is known before
    // the payments are read) and on loose ones (the history moves a score from 0 up to 1000×)
    let weights = |late_offset, late_cap| ProductWeights { late_offset, late_cap, ..ProductWeights::default() };
    let tight = WorklistConfig { scoring: Scoring::Product(weights(30, 0)), ..product.clone() };
    let loose = WorklistConfig { scoring: Scoring::Product(weights(0, 1000)), ..product.clone() };
    vec![product, all, by_customer, disputed, tight, loose]
}

/// `cols` with its amounts as `i128` (`amount`, `pay`: the same values), as a `decimal128`
/// column holds them.
fn widened<'a>(cols: &WorklistColumns<'a>, amount: &'a [i128], pay: &'a [i128]) -> WorklistColumns<'a, i128> {
    let inv = |c: &InvoiceColumns<'a>, open_amount: &'a [i128]| InvoiceColumns {
        invoice_id: c.invoice_id,
        customer: c.customer,
        due_date: c.due_date,
        currency: c.currency,
        open_amount,
        disputed: c.disputed,
    };
    WorklistColumns {
        open: inv(&cols.open, amount),
        closed: cols.closed.as_ref().map(|c| inv(c, &[])),
        payments: PaymentColumns {
            invoice_id: cols.payments.invoice_id,
            paid_date: cols.payments.paid_date,
            amount: pay,
        },
        currencies: cols.currencies,
        scale: cols.scale,
    }
}

/// Both paths give the same, and so do they over the same amounts as `i128` (read in place).
fn both(d: &Data, config: &WorklistConfig, threads: usize) -> Result<(), TestCaseError> {
    let cols = d.cols();
    let general = worklist_columns_with(&cols, config, threads, false);
    let fast = worklist_columns_with(&cols, config, threads, true);
    prop_assert_eq!(&fast, &general);
    let (amount, pay): (Vec<i128>, Vec<i128>) =
        (d.amount.iter().map(|&a| a.into()).collect(), d.p_amount.iter().map(|&a| a.into()).collect());
    let wide = widened(&cols, &amount, &pay);
    prop_assert_eq!(&worklist_columns_with(&wide, config, threads, true), &general);
    prop_assert_eq!(&worklist_columns_with(&wide, config, threads, false), &general);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn fast_path_equals_general_path(
        open in invs(40), closed in invs(20), pay in pays(),
        base in prop_oneof![Just(0u64), 1u64..999_000],
        cbase in prop_oneof![Just(0u64), 1u64..9_000],
        plain in proptest::bool::weighted(0.2),
        dup in proptest::bool::weighted(0.1),
        big in proptest::bool::weighted(0.1),
        null in proptest::bool::weighted(0.05),
        far in proptest::option::weighted(0.1, (0usize..60, 20u32..30)),
        k in 1usize..8,
    ) {
        let mut d = data(&open, &closed, &pay, base, cbase, plain, dup, big);
        if null && !open.is_empty() {
            d.cust_valid = Some(vec![0xfe; open.len().div_ceil(8)]);
        }
        // a due day far from the others: 64-bit table entries, or a guess that misses it
        if let Some((at, bits)) = far {
            let dues = if at % 2 == 0 { &mut d.due } else { &mut d.c_due };
            let len = dues.len().max(1);
            if let Some(due) = dues.get_mut(at / 2 % len) {
                *due -= 1 << bits;
            }
        }
        for config in configs(k) {
            both(&d, &config, 1)?;
            both(&d, &config, 2)?;
        }
    }
}

/// 150k open invoices of 3000 customers, half of them closed again, payments on both.
fn many() -> Data {
    let n = 150_000usize;
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let open: Vec<Inv> = (0..n)
        .map(|_| {
            let r = next();
            (
                r % 3000,
                ((r >> 20) % 3) as u16,
                AS_OF - 400 + ((r >> 30) % 420) as i32,
                ((r >> 40) % 90_000) as i64,
                r % 97 == 0,
                0,
            )
        })
        .collect();
    let closed: Vec<Inv> = open[..n / 2].to_vec();
    let pay: Vec<Pay> = (0..n / 2)
        .map(|i| {
            let r = next();
            (i * 3, (r % 8) as u8, AS_OF - 400 + (r % 410) as i32, 1 + ((r >> 20) % 50_000) as i64)
        })
        .collect();
    let mut d = data(&open, &closed, &pay, 1000, 1, false, false, false);
    // the bench's ids: every payment on some invoice
    let p_ids: Vec<String> = (0..n / 2).map(|i| inv_id(1000 + (i as u64 * 7) % (2 * n as u64), 0)).collect();
    d.p_inv = col(&p_ids);
    d
}

/// Rows enough for several pieces (the threads' records and spills merged), customers in two
/// and three currencies, payments on open and closed invoices.
#[test]
fn many_pieces_on_two_threads() {
    let d = many();
    let cols = d.cols();
    assert!(plan(&cols, 2).is_some());
    for config in configs(50) {
        let general = worklist_columns_with(&cols, &config, 2, false).unwrap();
        assert_eq!(worklist_columns_with(&cols, &config, 2, true).unwrap(), general);
        assert_eq!(worklist_columns_with(&cols, &config, 1, true).unwrap(), general);
    }
}

/// Pruned, the groups are the same and the payments are summed for the kept customers only
/// (the others' sums stay 0), whichever groups are kept.
#[test]
fn a_pruned_table_sums_the_payments_of_kept_customers_only() {
    let d = many();
    let cols = d.cols();
    let sorted = |g: &[Group]| {
        let mut g: Vec<_> = g.iter().map(|g| (g.customer, g.currency, g.overdue, g.n, g.max_dpd, g.disputed)).collect();
        g.sort_unstable();
        g
    };
    for threads in [1, 2] {
        let all = totals(plan(&cols, threads).unwrap(), &cols, AS_OF, false, threads, None).unwrap();
        // (a customer of no overdue group is never ranked: never kept)
        let grouped: std::collections::HashSet<u64> = all.groups.iter().map(|g| g.customer).collect();
        for keep in [0u64, 1, 3] {
            let prune = |gs: &[Group]| Some(gs.iter().map(|g| keep > 0 && g.customer.is_multiple_of(keep)).collect());
            let some = totals(plan(&cols, threads).unwrap(), &cols, AS_OF, false, threads, Some(&prune)).unwrap();
            for (c, (a, b)) in all.hist.iter().zip(&some.hist).enumerate() {
                let customer = all.cmin + c as u64;
                let kept = keep > 0 && customer.is_multiple_of(keep) && grouped.contains(&customer);
                assert_eq!(*b, if kept { *a } else { [0, 0] }, "customer code {c}, keep {keep}");
            }
            assert!(all.hist.iter().any(|h| h[1] > 0));
            // the flagged groups only, as they were
            let flagged: Vec<Group> = all
                .groups
                .iter()
                .filter(|g| keep > 0 && g.customer.is_multiple_of(keep))
                .map(|g| Group { ..*g })
                .collect();
            assert_eq!(sorted(&some.groups), sorted(&flagged));
            assert!(some.pruned && !all.pruned);
        }
        // no flags: every customer kept
        let none = |_: &[Group]| None;
        let some = totals(plan(&cols, threads).unwrap(), &cols, AS_OF, false, threads, Some(&none)).unwrap();
        for (c, (a, b)) in all.hist.iter().zip(&some.hist).enumerate() {
            assert_eq!(*b, if grouped.contains(&(all.cmin + c as u64)) { *a } else { [0, 0] });
        }
        assert_eq!(sorted(&some.groups), sorted(&all.groups));
        assert!(!some.pruned);
    }
}

#[test]
fn the_fast_path_applies_to_numbered_dense_ids_only() {
    let open: Vec<Inv> = (0..10).map(|i| (i % 4, 0, AS_OF - 10, 100, false, 0)).collect();
    let d = data(&open, &open, &[], 5, 0, false, false, false);
    let cols = d.cols();
    let p = plan(&cols, 1).expect("numbered and dense");
    assert!(p.customers.is_utf8());
    assert!(totals(p, &cols, AS_OF, false, 1, None).is_ok());
    // customers of no numbering; an invoice id breaking it; a duplicate (found by the fill)
    assert!(plan(&data(&open, &open, &[], 5, 8, true, false, false).cols(), 1).is_none());
    let mut broken = open.clone();
    broken[3].5 = 9;
    assert!(plan(&data(&broken, &open, &[], 5, 0, false, false, false).cols(), 1).is_none());
    let d = data(&open, &open, &[], 5, 0, false, true, false);
    let p = plan(&d.cols(), 1).expect("numbered");
    assert_eq!(totals(p, &d.cols(), AS_OF, false, 1, None).err(), Some(Miss::No));
    // sparse numbers
    let d = data(&open, &open, &[], 5, 0, false, false, false);
    let mut ids: Vec<String> = (0..10).map(|i| inv_id(i * 100_000, 0)).collect();
    ids[0] = inv_id(0, 0);
    let mut sparse = d.clone();
    sparse.inv = col(&ids);
    assert!(plan(&sparse.cols(), 1).is_none());
}

/// A guess from some rows misses numbers far from them: the exact plan then reads every id.
#[test]
fn a_guess_that_misses_a_number_falls_back_to_the_exact_plan() {
    let n = 20_000usize;
    let open: Vec<Inv> = (0..n).map(|i| (i as u64 % 8, 0, AS_OF - 10, 100, false, 0)).collect();
    let pay: Vec<Pay> = (0..n / 2).map(|i| (i, 0, AS_OF - 5, 10)).collect();
    let mut d = data(&open, &[], &pay, 5, 0, false, false, false);
    // one invoice far above the others (not sampled), one customer far below
    let mut ids: Vec<String> = (0..n).map(|i| inv_id(5 + i as u64, 0)).collect();
    ids[n / 2 + 7] = inv_id(n as u64 + 6_000, 0);
    d.inv = col(&ids);
    let mut custs: Vec<String> = (0..n).map(|i| cust_id(5_000 + i as u64 % 8, false)).collect();
    custs[n / 2 + 9] = cust_id(3, false);
    d.cust = col(&custs);
    let cols = d.cols();
    let g = guess(&cols).expect("the sampled rows are numbered");
    assert_eq!(totals(g, &cols, AS_OF, false, 1, None).err(), Some(Miss::Range));
    assert!(fast_totals(guess(&cols).unwrap(), &cols, AS_OF, false, 1, None).is_some());
    for config in configs(5) {
        let general = worklist_columns_with(&cols, &config, 1, false);
        assert_eq!(worklist_columns_with(&cols, &config, 1, true), general);
    }
}

/// The customers' UTF-8 check, left to the fast path, still gives the first error: before a
/// later column's, after an earlier one's.
#[test]
fn deferred_text_check_keeps_the_first_error() {
    let open: Vec<Inv> = (0..20_000).map(|i| (i % 4, 0, AS_OF - 10, 100, false, 0)).collect();
    let mut d = data(&open, &open, &[], 5, 0, false, false, false);
    // a customer id that is not UTF-8 (so not numbered) after numbered ones, in no sampled row
    let at = d.cust.0[5001] as usize;
    d.cust.1[at] = 0xff;
    let cols = d.cols();
    assert!(guess(&cols).is_some());
    d.p_date = vec![1]; // payments.paid_date of the wrong length: a later check
    let config = &configs(3)[0];
    let e = worklist_columns_with(&d.cols(), config, 1, true).unwrap_err();
    assert_eq!(e.field(), "open[5001].customer");
    assert_eq!(worklist_columns_with(&d.cols(), config, 1, false).unwrap_err(), e);
    d.p_date.clear();
    let e = worklist_columns_with(&d.cols(), config, 1, true).unwrap_err();
    assert_eq!(e.field(), "open[5001].customer");
    assert_eq!(worklist_columns_with(&d.cols(), config, 1, false).unwrap_err(), e);
}

/// Table entries of 32 bits when the customer codes and the span of due days fit them together,
/// the span centred in the room left; else 64 bits.
#[test]
fn due_days_and_codes_share_a_32_bit_entry_when_they_fit() {
    // 200k customers (18 bits) and 3 years of due days: 14 bits of room, the span centred
    let (dmin, bits) = due_layout(200_000, (19_000, 20_100));
    assert_eq!(bits, 14);
    assert_eq!(dmin, 19_000 - ((1 << 14) - 1_101) / 2);
    let plan = |dmin, dbits| Plan {
        invoices: Numbering::of(b"I-1").unwrap(),
        customers: Numbering::of(b"C-1").unwrap(),
        imin: 0,
        ispan: 1,
        cmin: 0,
        cspan: 200_000,
        dmin,
        dbits,
    };
    let p = plan(dmin, bits);
    for (code, due) in [(0, 19_000), (199_999, 20_100), (7, dmin), (7, dmin + (1 << 14) - 1)] {
        let e = p.entry(code, due).expect("inside");
        assert!(e != 0 && e <= u64::from(u32::MAX));
        assert_eq!(p.decode(e), (code, due));
    }
    assert_eq!(p.entry(3, dmin - 1), None);
    assert_eq!(p.entry(3, dmin + (1 << 14)), None);
    // no room left, or a span wider than it: 64-bit entries hold any day
    for (cspan, days) in [(1usize << 31, (0, 0)), (1 << 20, (0, 1 << 12)), (4, (i32::MIN, i32::MAX))] {
        let (dmin, bits) = due_layout(cspan, days);
        assert_eq!((dmin, bits), (i32::MIN, 32));
        let p = Plan { cspan, ..plan(dmin, bits) };
        for due in [i32::MIN, -1, 0, i32::MAX] {
            assert_eq!(p.decode(p.entry(cspan - 1, due).expect("any day")), (cspan - 1, due));
        }
    }
    assert_eq!(due_layout(4, (i32::MAX - 2, i32::MAX)).1, 29);
    assert_eq!(due_layout(4, (i32::MIN, i32::MIN + 2)).1, 29);
}

/// A due day the guess did not sample, outside its span: the exact plan reads every row (and
/// picks 64-bit entries when the days no longer fit 32 bits with the codes).
#[test]
fn a_due_day_outside_the_guess_falls_back_to_the_exact_plan() {
    let n = 20_000usize;
    let open: Vec<Inv> = (0..n).map(|i| (i as u64 % 8, 0, AS_OF - 10 - (i % 50) as i32, 100, false, 0)).collect();
    let pay: Vec<Pay> = (0..n / 2).map(|i| (i, 0, AS_OF - 5, 10)).collect();
    for far in [1 << 22, 1 << 30] {
        let mut d = data(&open, &[], &pay, 5, 0, false, false, false);
        d.due[n / 2 + 7] -= far;
        let cols = d.cols();
        let g = guess(&cols).expect("the sampled rows are numbered");
        assert!(g.dbits < 32);
        assert_eq!(totals(g, &cols, AS_OF, false, 1, None).err(), Some(Miss::Range));
        let p = plan(&cols, 1).expect("numbered and dense");
        assert_eq!(p.dbits < 32, far < 1 << 29);
        assert!(fast_totals(guess(&cols).unwrap(), &cols, AS_OF, false, 1, None).is_some());
        for config in configs(5) {
            let general = worklist_columns_with(&cols, &config, 1, false);
            assert_eq!(worklist_columns_with(&cols, &config, 1, true), general);
        }
    }
}

/// A currency index out of range is named by its first row, on either path.
#[test]
fn a_currency_index_out_of_range_names_its_first_row() {
    let open: Vec<Inv> = (0..5_000).map(|i| (i % 4, (i % 3) as u16, AS_OF - 10, 100, false, 0)).collect();
    let mut d = data(&open, &open, &[], 5, 0, false, false, false);
    d.cur[4_321] = 3;
    d.cur[4_500] = 9;
    for fast in [true, false] {
        let e = worklist_columns_with(&d.cols(), &configs(3)[0], 2, fast).unwrap_err();
        assert_eq!((e.field(), e.value()), ("open[4321].currency", "3"));
    }
}

/// The table kept from an earlier call still holds that call's entries: a later call reads only
/// the slots it wrote (a payment on an invoice the later data lacks names none), whichever
/// call's data is larger.
#[test]
fn a_kept_table_is_read_only_where_written() {
    let d = many();
    // the same numbers without the closed invoices: their slots keep the first call's entries
    let mut half = d.clone();
    (half.c_inv, half.c_cust, half.c_due) = (col(&[]), col(&[]), Vec::new());
    let mut small = d.clone();
    let n = small.inv.0.len() / 3;
    small.inv = col(&(0..n).map(|i| inv_id(1000 + 2 * i as u64, 0)).collect::<Vec<_>>());
    small.cust = col(&(0..n).map(|i| cust_id(1 + i as u64 % 3000, false)).collect::<Vec<_>>());
    (small.due, small.cur, small.amount) = (d.due[..n].to_vec(), d.cur[..n].to_vec(), d.amount[..n].to_vec());
    small.disputed = d.disputed.as_ref().map(|x| x[..n].to_vec());
    for config in configs(50) {
        for data in [&d, &half, &small, &d, &small, &half] {
            let cols = data.cols();
            let general = worklist_columns_with(&cols, &config, 2, false).unwrap();
            assert_eq!(worklist_columns_with(&cols, &config, 2, true).unwrap(), general);
        }
    }
}

/// An `i128` amount past 64 bits is refused on either path, its first row named: an open amount
/// shown as a decimal with its currency, a payment's in its minor units (the caller knows their
/// scale); with none too wide, the `i128` columns give what the `i64` ones give.
#[test]
fn amounts_past_64_bits_name_their_first_row() {
    let open: Vec<Inv> = (0..5_000).map(|i| (i % 4, (i % 3) as u16, AS_OF - 10, 100, false, 0)).collect();
    let pay: Vec<Pay> = (0..3_000).map(|i| (i, 0, AS_OF - 3, 7)).collect();
    let d = data(&open, &open, &pay, 5, 0, false, false, false);
    let config = &configs(3)[0];
    let cols = d.cols();
    let want = worklist_columns_with(&cols, config, 2, true).unwrap();
    let big = i128::from(i64::MAX) + 1;
    let mut amount: Vec<i128> = d.amount.iter().map(|&a| a.into()).collect();
    let mut p_amount: Vec<i128> = d.p_amount.iter().map(|&a| a.into()).collect();
    assert_eq!(worklist_columns_with(&widened(&cols, &amount, &p_amount), config, 2, true).unwrap(), want);
    p_amount[2_500] = big;
    p_amount[2_600] = -big;
    for fast in [true, false] {
        let e = worklist_columns_with(&widened(&cols, &amount, &p_amount), config, 2, fast).unwrap_err();
        assert_eq!(
            (e.kind(), e.field(), e.value()),
            (ErrorKind::Overflow, "payments[2500].amount", "9223372036854775808")
        );
        assert_eq!(e.reason(), "does not fit 64-bit minor units");
    }
    // an open amount's error comes first (the open invoices are checked before the payments)
    amount[4_001] = -big - 5;
    amount[4_002] = big;
    for fast in [true, false] {
        let e = worklist_columns_with(&widened(&cols, &amount, &p_amount), config, 2, fast).unwrap_err();
        let code = CURS[usize::from(d.cur[4_001])];
        assert_eq!((e.kind(), e.field()), (ErrorKind::Overflow, "open[4001].open_amount"));
        assert_eq!(
            (e.value(), e.reason()),
            ("-92233720368547758.13", format!("does not fit 64-bit minor units of {code}").as_str())
        );
    }
}
