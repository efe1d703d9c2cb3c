//! Property tests of the columnar entry (`age_batches`): whichever kernel it picks for the ids'
//! shape (plain strings, one shared dictionary, per-chunk dictionaries, packed ids, long ids,
//! dense, sparse or negative integers), and whatever the cut into batches, it equals
//! `age_columns` over the ids' sorted ranks.

use arrears::aging::{
    age_batches, age_columns, unpack_key, AgingBatch, AgingColumns, AgingFields, AgingSpec, BatchOptions, Currencies,
    Customers,
};
use arrears::columnar::{pack_key, Bits, Column, Values};
use arrears::parse_date;
use proptest::prelude::*;

const CODES: [&str; 3] = ["EUR", "GBP", "USD"];

#[derive(Debug, Clone)]
struct Rows {
    ids: Vec<String>,
    currency: Vec<u16>,
    due: Vec<i32>,
    amount: Vec<i64>,
    disputed: Vec<bool>,
    cuts: Vec<usize>,
}

fn rows() -> impl Strategy<Value = Rows> {
    (proptest::collection::vec("[A-Z0-9]{0,3}|[A-Z]{14,18}", 1..12), 1usize..120, any::<u64>()).prop_map(
        |(names, n, seed)| {
            let mut x = seed | 1;
            let mut next = || {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x
            };
            let mut r =
                Rows { ids: vec![], currency: vec![], due: vec![], amount: vec![], disputed: vec![], cuts: vec![] };
            for _ in 0..n {
                r.ids.push(names[next() as usize % names.len()].clone());
                r.currency.push((next() % 3) as u16);
                r.due.push(20_000 + (next() % 200) as i32);
                r.amount.push((next() % 20_001) as i64 - 5_000);
                r.disputed.push(next() % 5 == 0);
            }
            let a = next() as usize % (n + 1);
            let b = next() as usize % (n + 1);
            r.cuts = vec![0, a.min(b), a.max(b), n];
            r
        },
    )
}

/// A result as comparable rows: (id, code, cells, total, disputed, items).
type Row = (String, String, Vec<i64>, i64, i64, i64);

fn named(table: &arrears::aging::AgingTable, name: impl Fn(u64) -> String) -> Vec<Row> {
    let mut out: Vec<Row> = table
        .rows()
        .map(|r| {
            let mut cells = r.buckets.to_vec();
            cells.push(r.credits);
            (name(r.customer), table.currencies()[r.currency as usize].clone(), cells, r.total, r.disputed, r.items)
        })
        .collect();
    out.sort();
    out
}

fn customer_name(c: &Customers, k: u64) -> String {
    match c {
        Customers::Strings(v) => v[k as usize].clone(),
        Customers::Ints(v) => v[k as usize].to_string(),
        Customers::Packed(v) => String::from_utf8(unpack_key(v[k as usize])).unwrap(),
    }
}

/// The ids' layouts a binding may hand over.
#[derive(Debug, Clone, Copy)]
enum Layout {
    Plain,
    SharedDict,
    ChunkDicts,
    Packed,
    Ints { scale: i64, shift: i64 },
    U32,
}

/// Owned buffers the views borrow: per batch, ids as utf8 and dictionary parts.
struct Buffers {
    offsets: Vec<Vec<i32>>,
    data: Vec<Vec<u8>>,
    indices: Vec<Vec<i32>>,
    packed: Vec<Vec<u128>>,
    ints: Vec<Vec<i64>>,
    u32s: Vec<Vec<u32>>,
    codes_offsets: Vec<i32>,
    codes_data: Vec<u8>,
    cur_indices: Vec<Vec<i32>>,
    disputed: Vec<Vec<u8>>,
}

fn utf8(strings: &[&str]) -> (Vec<i32>, Vec<u8>) {
    let mut offsets = vec![0];
    let mut data = Vec::new();
    for s in strings {
        data.extend_from_slice(s.as_bytes());
        offsets.push(data.len() as i32);
    }
    (offsets, data)
}

fn buffers(r: &Rows, layout: Layout, distinct: &[String]) -> Buffers {
    let (codes_offsets, codes_data) = utf8(&CODES);
    let mut b = Buffers {
        offsets: vec![],
        data: vec![],
        indices: vec![],
        packed: vec![],
        ints: vec![],
        u32s: vec![],
        codes_offsets,
        codes_data,
        cur_indices: vec![],
        disputed: vec![],
    };
    let rank = |s: &String| distinct.binary_search(s).unwrap();
    for w in r.cuts.windows(2) {
        let ids: Vec<&str> = r.ids[w[0]..w[1]].iter().map(String::as_str).collect();
        let (o, d) = match layout {
            Layout::ChunkDicts => {
                // this chunk's own dictionary: its distinct ids, in first-seen order
                let mut dict: Vec<&str> = Vec::new();
                let ix: Vec<i32> = ids
                    .iter()
                    .map(|s| match dict.iter().position(|x| x == s) {
                        Some(p) => p as i32,
                        None => {
                            dict.push(s);
                            dict.len() as i32 - 1
                        }
                    })
                    .collect();
                b.indices.push(ix);
                utf8(&dict)
            }
            _ => utf8(&ids),
        };
        b.offsets.push(o);
        b.data.push(d);
        if matches!(layout, Layout::SharedDict) {
            b.indices.push(r.ids[w[0]..w[1]].iter().map(|s| rank(s) as i32).collect());
        }
        b.packed.push(ids.iter().map(|s| pack_key(s.as_bytes()).unwrap_or(0)).collect());
        if let Layout::Ints { scale, shift } = layout {
            b.ints.push(r.ids[w[0]..w[1]].iter().map(|s| rank(s) as i64 * scale + shift).collect());
        }
        b.u32s.push(r.ids[w[0]..w[1]].iter().map(|s| rank(s) as u32).collect());
        b.cur_indices.push(r.currency[w[0]..w[1]].iter().map(|&c| i32::from(c)).collect());
        b.disputed.push(r.disputed[w[0]..w[1]].iter().map(|&d| u8::from(d)).collect());
    }
    b
}

/// A dictionary-encoded string column of `n` rows.
fn dict<'a>(n: usize, offsets: &'a [i32], data: &'a [u8], ix: &'a [i32]) -> Column<'a> {
    let values = Column::new(offsets.len() - 1, Values::Utf8 { offsets, data }, "utf8");
    let indices = Box::new(Column::new(n, Values::I32(ix), "int32"));
    Column::new(n, Values::Dict { indices, values: Box::new(values) }, "dictionary<int32, utf8>")
}

fn age(r: &Rows, layout: Layout, threads: usize, mixed_flags: bool) -> Vec<Row> {
    let mut distinct = r.ids.clone();
    distinct.sort();
    distinct.dedup();
    let (shared_offsets, shared_data) = utf8(&distinct.iter().map(String::as_str).collect::<Vec<_>>());
    let buf = buffers(r, layout, &distinct);
    let spec = AgingSpec::new(parse_date("as_of", "2025-01-31").unwrap());
    let mut batches = Vec::new();
    for (j, w) in r.cuts.windows(2).enumerate() {
        let n = w[1] - w[0];
        let dict = |offsets, data, ix| dict(n, offsets, data, ix);
        let customer = match layout {
            Layout::Plain => Column::new(n, Values::Utf8 { offsets: &buf.offsets[j], data: &buf.data[j] }, "utf8"),
            Layout::SharedDict => dict(&shared_offsets, &shared_data, &buf.indices[j]),
            Layout::ChunkDicts => dict(&buf.offsets[j], &buf.data[j], &buf.indices[j]),
            Layout::Packed => Column::new(n, Values::Packed(&buf.packed[j]), "packed"),
            Layout::Ints { .. } => Column::new(n, Values::I64(&buf.ints[j]), "int64"),
            Layout::U32 => Column::new(n, Values::U32(&buf.u32s[j]), "uint32"),
        };
        let currency = dict(&buf.codes_offsets, &buf.codes_data, &buf.cur_indices[j]);
        let disputed = match j % 2 * usize::from(mixed_flags) {
            0 => Column::new(n, Values::U8(&buf.disputed[j]), "uint8"),
            _ => Column::new(n, Values::Bool(Bits::from_bools(r.disputed[w[0]..w[1]].iter().copied())), "bool"),
        };
        batches.push(AgingBatch {
            len: n,
            customer,
            currency: Some(currency),
            date: &r.due[w[0]..w[1]],
            date_null: None,
            amount: Column::new(n, Values::I64(&r.amount[w[0]..w[1]]), "int64"),
            disputed: Some(disputed),
        });
    }
    let options = BatchOptions { currencies: Currencies::Codes, scale: 2, threads, fields: AgingFields::default() };
    let out = age_batches(&spec, batches, &options).unwrap();
    let table = out.table.clone();
    named(&table, |k| {
        let name = customer_name(&out.customers, k);
        match layout {
            // integer ids back to the strings they rank
            Layout::Ints { scale, shift } => {
                distinct[((name.parse::<i64>().unwrap() - shift) / scale) as usize].clone()
            }
            Layout::U32 => distinct[name.parse::<usize>().unwrap()].clone(),
            _ => name,
        }
    })
}

fn reference(r: &Rows) -> Vec<Row> {
    let mut distinct = r.ids.clone();
    distinct.sort();
    distinct.dedup();
    let keys: Vec<u32> = r.ids.iter().map(|s| distinct.binary_search(s).unwrap() as u32).collect();
    let spec = AgingSpec::new(parse_date("as_of", "2025-01-31").unwrap());
    let cols = AgingColumns {
        customer: &keys,
        currency: &r.currency,
        currencies: &CODES,
        due_date: &r.due,
        issue_date: None,
        amount: &r.amount,
        scale: 2,
        disputed: Some(&r.disputed),
    };
    named(&age_columns(&spec, &cols, 1).unwrap(), |k| distinct[k as usize].clone())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_path_equals_age_columns(r in rows(), threads in 1usize..4, mixed_flags in any::<bool>()) {
        let want = reference(&r);
        let short = r.ids.iter().all(|s| s.len() <= 15);
        let mut layouts = vec![
            Layout::Plain,
            Layout::SharedDict,
            Layout::ChunkDicts,
            Layout::Ints { scale: 1, shift: 0 },
            Layout::Ints { scale: 10_000_000_000, shift: -7 },
            Layout::U32,
        ];
        if short {
            layouts.push(Layout::Packed);
        }
        for layout in layouts {
            prop_assert_eq!(&age(&r, layout, threads, mixed_flags), &want, "{:?}", layout);
        }
    }
}
