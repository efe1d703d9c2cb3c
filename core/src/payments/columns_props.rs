//! The batch allocation's numbered fast path equals its general path, and both equal a plain
//! model (rows, order and errors), on numbered ids and on others: ids in row order or not, one
//! row breaking the numbering, long prefixes, nulls, repeated ids.

use proptest::prelude::*;

use super::columns::{allocate_columns_with, OpenItemRows, ReceiptRows};
use crate::columnar::Utf8Ids;

/// (customer, currency, due day, id number, open cents) and (customer, currency, day, cents).
type Row = (u32, u16, i32, u64, i64);
type Receipt = (u32, u16, i32, i64);

/// The id of row `k` with number `x` in id style `style`: 0 numbered in row order, 1 numbered
/// in any order (repeats possible), 2 as 1 with row 0 breaking the numbering, 3 plain words, 4
/// numbered behind a 16-byte prefix (ids too long to pack).
fn id(style: u8, k: usize, x: u64) -> String {
    match style {
        0 => format!("INV-{:06}", k * 3 + 1),
        1 => format!("INV-{x:06}"),
        2 if k == 0 => format!("INV-{x:07}"),
        2 => format!("INV-{x:06}"),
        3 => ["b", "a", "ab", "B", "", "zz", "a1", "é"][x as usize % 8].to_string(),
        _ => format!("INVOICE-2025-EU-{x:03}"),
    }
}

/// The model: duplicates first (the first row repeating an earlier one), then each group's
/// receipts in (date, row) order to its items in (due, id bytes, row) order.
fn model(items: &[Row], ids: &Utf8Ids<'_>, receipts: &[Receipt]) -> Result<(Vec<i64>, Vec<i64>), (String, String)> {
    for r in 0..items.len() {
        if (0..r).any(|e| ids.is_valid(e) && ids.is_valid(r) && ids.get(e) == ids.get(r)) {
            return Err((format!("items[{r}].id"), String::from_utf8_lossy(ids.get(r)).into_owned()));
        }
    }
    let mut left: Vec<i64> = items.iter().map(|r| r.4).collect();
    let mut applied = vec![0; items.len()];
    let mut unapplied = vec![0; receipts.len()];
    let mut order: Vec<usize> = (0..receipts.len()).collect();
    order.sort_by_key(|&q| (receipts[q].2, q));
    for q in order {
        let (c, k, _, mut amount) = receipts[q];
        let mut mine: Vec<usize> = (0..items.len()).filter(|&i| items[i].0 == c && items[i].1 == k).collect();
        mine.sort_by(|&a, &b| items[a].2.cmp(&items[b].2).then(ids.get(a).cmp(ids.get(b))).then(a.cmp(&b)));
        for i in mine {
            let take = amount.min(left[i]).max(0);
            left[i] -= take;
            applied[i] += take;
            amount -= take;
        }
        unapplied[q] = amount;
    }
    Ok((applied, unapplied))
}

/// The rows' columns, as the batch call takes them.
struct Columns {
    customer: Vec<u32>,
    currency: Vec<u16>,
    due: Vec<i32>,
    open: Vec<i64>,
    r_customer: Vec<u32>,
    r_currency: Vec<u16>,
    r_date: Vec<i32>,
    r_amount: Vec<i64>,
}

impl Columns {
    fn new(items: &[Row], receipts: &[Receipt]) -> Columns {
        let (customer, currency) = items.iter().map(|r| (r.0, r.1)).unzip();
        let (r_customer, r_currency) = receipts.iter().map(|r| (r.0, r.1)).unzip();
        Columns {
            customer,
            currency,
            due: items.iter().map(|r| r.2).collect(),
            open: items.iter().map(|r| r.4).collect(),
            r_customer,
            r_currency,
            r_date: receipts.iter().map(|r| r.2).collect(),
            r_amount: receipts.iter().map(|r| r.3).collect(),
        }
    }

    fn rows<'a>(&'a self, id: Utf8Ids<'a>) -> (OpenItemRows<'a>, ReceiptRows<'a>) {
        let items =
            OpenItemRows { customer: &self.customer, currency: &self.currency, due: &self.due, id, open: &self.open };
        let receipts = ReceiptRows {
            customer: &self.r_customer,
            currency: &self.r_currency,
            date: &self.r_date,
            amount: &self.r_amount,
        };
        (items, receipts)
    }
}

fn rows() -> impl Strategy<Value = (Vec<Row>, Vec<Receipt>)> {
    (
        // open amounts now and then about 2^47 minor units: the kernel's unpacked entries
        prop::collection::vec(
            (
                0u32..4,
                0u16..2,
                0i32..6,
                0u64..60,
                prop_oneof![12 => -50i64..3_000, 1 => (1i64 << 47) - 2..(1i64 << 47) + 2],
            ),
            0..40,
        ),
        prop::collection::vec((0u32..5, 0u16..2, 20i32..23, 1i64..8_000), 0..8),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn fast_path_equals_general_path_and_model(
        (items, receipts) in rows(),
        style in 0u8..5,
        nulls in prop::collection::vec(any::<bool>(), 40),
        with_nulls in any::<bool>(),
        threads in 1usize..3,
    ) {
        let ids: Vec<String> = items.iter().enumerate().map(|(k, r)| id(style, k, r.3)).collect();
        let mut offsets = vec![0i32];
        let mut data = Vec::new();
        for (k, s) in ids.iter().enumerate() {
            if !(with_nulls && nulls[k]) {
                data.extend_from_slice(s.as_bytes());
            }
            offsets.push(data.len() as i32);
        }
        let validity: Vec<u8> = (0..items.len().div_ceil(8))
            .map(|b| (0..8).filter(|&i| b * 8 + i >= items.len() || !nulls[b * 8 + i]).fold(0u8, |a, i| a | 1 << i))
            .collect();
        let id = Utf8Ids::try_new(&offsets, &data, with_nulls.then_some(&validity[..]), items.len()).unwrap();
        let cols = Columns::new(&items, &receipts);
        let (item_rows, receipt_rows) = cols.rows(id);
        let fast = allocate_columns_with(&item_rows, &receipt_rows, threads, true);
        let general = allocate_columns_with(&item_rows, &receipt_rows, threads, false);
        let plain = |r: &crate::Result<super::AllocatedColumns>| match r {
            Ok(o) => Ok((o.applied.clone(), o.unapplied.clone())),
            Err(e) => Err((e.field().to_string(), e.value().to_string())),
        };
        prop_assert_eq!(plain(&fast), plain(&general));
        if let (Err(a), Err(b)) = (&fast, &general) {
            prop_assert_eq!(a.reason(), b.reason());
        }
        prop_assert_eq!(plain(&fast), model(&items, &id, &receipts));
        // the same amounts as decimal128 mantissas (read in place by the bindings): the same
        let wide: Vec<i128> = cols.open.iter().map(|&v| i128::from(v)).collect();
        let wide_rows = OpenItemRows { customer: item_rows.customer, currency: item_rows.currency, due: item_rows.due, id, open: &wide[..] };
        prop_assert_eq!(plain(&allocate_columns_with(&wide_rows, &receipt_rows, threads, true)), plain(&fast));
    }
}

/// Amounts wider than 64 bits (decimal128 read in place): the first such row, paying or not, a
/// credit too, is an overflow naming `items[row].open` and the minor units, on any thread count
/// and both paths; nothing is allocated.
#[test]
fn amounts_beyond_64_bits_are_an_overflow() {
    use crate::ErrorKind;
    let n = 120_000; // two threads' shares
    let mut offsets = vec![0i32];
    let mut data = Vec::new();
    for k in 0..n {
        data.extend_from_slice(format!("INV-{k:07}").as_bytes());
        offsets.push(data.len() as i32);
    }
    let id = Utf8Ids::try_new(&offsets, &data, None, n).unwrap();
    let customer: Vec<u32> = (0..n as u32).map(|k| k % 1000).collect();
    let (currency, due) = (vec![0u16; n], vec![7i32; n]);
    let receipts = ReceiptRows { customer: &[3], currency: &[0], date: &[9], amount: &[50] };
    let beyond = i128::from(i64::MAX) + 1;
    // row 70_001 (customer 1, which pays nothing) and row 90_003 (the paying customer 3)
    for (first, value) in [(beyond, "9223372036854775808"), (-beyond - 1, "-9223372036854775809")] {
        let mut open = vec![100i128; n];
        open[70_001] = first;
        open[90_003] = beyond;
        let items = OpenItemRows { customer: &customer, currency: &currency, due: &due, id, open: &open[..] };
        for threads in [1, 2] {
            for numbering in [true, false] {
                let e = allocate_columns_with(&items, &receipts, threads, numbering).unwrap_err();
                assert_eq!((e.kind(), e.field(), e.value()), (ErrorKind::Overflow, "items[70001].open", value));
            }
        }
    }
    // i64::MIN and i64::MAX fit: allocated as their 64-bit twins
    let mut open = vec![100i128; n];
    open[3] = i128::from(i64::MIN);
    open[1003] = i128::from(i64::MAX);
    let narrow: Vec<i64> = open.iter().map(|&v| v as i64).collect();
    let wide = OpenItemRows { customer: &customer, currency: &currency, due: &due, id, open: &open[..] };
    let plain = OpenItemRows { customer: &customer, currency: &currency, due: &due, id, open: &narrow[..] };
    assert_eq!(
        allocate_columns_with(&wide, &receipts, 2, true).unwrap(),
        allocate_columns_with(&plain, &receipts, 2, true).unwrap()
    );
}

/// Many partitions (20k groups): both paths, one and two threads, equal the model; ids
/// numbered out of row order, so the numbers break the ties.
#[test]
fn many_partitions() {
    many_partitions_with(false, 9);
    // ids in row order: the kernel's counting sort by day, and its fallback for days far apart
    many_partitions_with(true, 9);
    many_partitions_with(true, 1_000_000);
}

fn many_partitions_with(ids_in_order: bool, days: u64) {
    let n = 60_000;
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let items: Vec<Row> = (0..n)
        .map(|_| ((next() % 10_000) as u32, (next() % 2) as u16, (next() % days) as i32, 0, (next() % 900) as i64 - 20))
        .collect();
    let ids: Vec<String> =
        (0..n).map(|k| format!("INV-{:07}", if ids_in_order { k } else { (k * 7919) % 1_000_003 })).collect();
    let mut offsets = vec![0i32];
    let mut data = Vec::new();
    for s in &ids {
        data.extend_from_slice(s.as_bytes());
        offsets.push(data.len() as i32);
    }
    let receipts: Vec<Receipt> = (0..15_000)
        .map(|_| ((next() % 10_001) as u32, (next() % 2) as u16, (next() % 3) as i32, (next() % 3000) as i64 + 1))
        .collect();
    let id = Utf8Ids::try_new(&offsets, &data, None, n).unwrap();
    let cols = Columns::new(&items, &receipts);
    let (item_rows, receipt_rows) = cols.rows(id);
    // the model, by group
    let mut by: std::collections::HashMap<(u32, u16), Vec<usize>> = std::collections::HashMap::new();
    for (i, r) in items.iter().enumerate() {
        by.entry((r.0, r.1)).or_default().push(i);
    }
    for v in by.values_mut() {
        v.sort_by(|&a, &b| items[a].2.cmp(&items[b].2).then(ids[a].cmp(&ids[b])));
    }
    let mut left = cols.open.clone();
    let (mut applied, mut unapplied) = (vec![0i64; n], vec![0i64; receipts.len()]);
    let mut order: Vec<usize> = (0..receipts.len()).collect();
    order.sort_by_key(|&q| (receipts[q].2, q));
    for q in order {
        let mut amount = receipts[q].3;
        for &i in by.get(&(receipts[q].0, receipts[q].1)).map(Vec::as_slice).unwrap_or(&[]) {
            let take = amount.min(left[i]).max(0);
            left[i] -= take;
            applied[i] += take;
            amount -= take;
        }
        unapplied[q] = amount;
    }
    for threads in [1, 2] {
        for numbering in [true, false] {
            let out = allocate_columns_with(&item_rows, &receipt_rows, threads, numbering).unwrap();
            assert_eq!((&out.applied, &out.unapplied), (&applied, &unapplied), "{threads} {numbering}");
        }
    }
}

/// Bad input the issue names, as typed errors naming the field, the row and the value: a
/// receipt at or below zero, a repeated item id, a receipt in a currency none of its customer's
/// items is in (`check_receipts`), a receipt of a customer without items.
#[test]
fn bad_input_is_a_typed_error() {
    use crate::payments::check_receipts;
    use crate::ErrorKind;
    let (offsets, data) = ([0, 5, 10, 15], b"INV-1INV-2INV-1");
    let id = Utf8Ids::try_new(&offsets, data, None, 3).unwrap();
    let items = OpenItemRows { customer: &[0, 0, 1], currency: &[0, 0, 0], due: &[1, 2, 3], id, open: &[10, 10, 10] };
    let unique = Utf8Ids::try_new(&offsets, b"INV-1INV-2INV-3", None, 3).unwrap();
    let fine = OpenItemRows { id: unique, ..items };
    let r = |customer: &'static [u32], currency: &'static [u16], amount: &'static [i64]| ReceiptRows {
        customer,
        currency,
        date: &[5, 5],
        amount,
    };
    let err = |e: crate::Error| (e.kind(), e.field().to_string(), e.value().to_string());
    for numbering in [true, false] {
        let run = |i: &OpenItemRows, rec: &ReceiptRows| allocate_columns_with(i, rec, 1, numbering).map_err(err);
        let s = |s: &str| s.to_string();
        let e = run(&fine, &r(&[0, 1], &[0, 0], &[5, -5])).unwrap_err();
        assert_eq!(e, (ErrorKind::InvalidAmount, s("receipts[1].amount"), s("-5")));
        let e = run(&fine, &r(&[0, 1], &[0, 0], &[0, 5])).unwrap_err();
        assert_eq!(e, (ErrorKind::InvalidAmount, s("receipts[0].amount"), s("0")));
        let e = run(&items, &r(&[0, 1], &[0, 0], &[5, 5])).unwrap_err();
        assert_eq!(e, (ErrorKind::InvalidRequest, s("items[2].id"), s("INV-1")));
        assert!(run(&fine, &r(&[0, 1], &[0, 0], &[5, 5])).is_ok());
    }
    let e = err(check_receipts(&fine, &r(&[0, 1], &[0, 4], &[5, 5])).unwrap_err());
    assert_eq!(e, (ErrorKind::InvalidRequest, "receipts[1].currency".into(), "4".into()));
    let e = err(check_receipts(&fine, &r(&[0, 6], &[0, 0], &[5, 5])).unwrap_err());
    assert_eq!(e, (ErrorKind::InvalidRequest, "receipts[1].customer".into(), "6".into()));
}
