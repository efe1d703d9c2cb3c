//! The aging table as an Arrow batch.

use arrears::aging::{unpack_key_into, AgingTable};

use super::Names;
use crate::arrow::{ExportBatch, ExportColumn};

/// The aging table as an Arrow batch: customer, currency, one decimal column per bucket
/// (credits when separate), total, disputed, items.
pub fn aging_batch(table: &AgingTable, names: &Names, threads: usize) -> ExportBatch {
    let n = table.len();
    let scale = table.scale();
    let spec = table.spec();
    let labels = spec.columns();
    let sep = labels.len() > spec.buckets.len();
    let ints = matches!(names, Names::Ints(_) | Names::UInts(_));
    // Every column sized once (zeroed pages cost nothing until written); each thread fills
    // its share of the rows in every column, and the ids' bytes of its share.
    let mut cells: Vec<Vec<i128>> = (0..labels.len()).map(|_| vec![0; n]).collect();
    let (mut total, mut disputed) = (vec![0i128; n], vec![0i128; n]);
    let mut items = vec![0i64; n];
    let mut currency = vec![0u16; n];
    let mut customer_i = vec![0i64; if ints { n } else { 0 }];
    // as many threads as the kernel was given (0: the cores), from 50k rows on
    let threads = match threads {
        _ if n < 50_000 => 1,
        0 => std::thread::available_parallelism().map_or(1, |p| p.get()).min(8),
        t => t,
    };
    let per = n.div_ceil(threads).max(1);
    let mut cols: Vec<_> = cells.iter_mut().map(|c| c.chunks_mut(per)).collect();
    let mut parts = total
        .chunks_mut(per)
        .zip(disputed.chunks_mut(per))
        .zip(items.chunks_mut(per))
        .zip(currency.chunks_mut(per))
        .enumerate()
        .map(|(p, (((t, d), i), c))| {
            let cells: Vec<&mut [i128]> = cols.iter_mut().map(|it| it.next().unwrap_or_default()).collect();
            (p * per, cells, t, d, i, c)
        })
        .collect::<Vec<_>>();
    let mut ints_parts: Vec<&mut [i64]> = customer_i.chunks_mut(per).collect();
    let fill = |(start, mut cells, total, disputed, items, currency): ShareCols<'_>,
                customer_i: &mut [i64]|
     -> (Vec<u8>, Vec<i32>) {
        let len = total.len();
        let mut data: Vec<u8> = Vec::with_capacity(if ints { 0 } else { len * 12 });
        let mut ends: Vec<i32> = Vec::with_capacity(if ints { 0 } else { len });
        for (j, r) in table.rows().skip(start).take(len).enumerate() {
            let k = r.customer as usize;
            match names {
                Names::Strings(s) => data.extend_from_slice(s.get(k).map_or(&b""[..], |x| x.as_bytes())),
                Names::Packed(p) => {
                    // the id's bytes appended straight from the packed key (no allocation per row)
                    let at = data.len();
                    unpack_key_into(p.get(k).copied().unwrap_or(0), &mut data);
                    if std::str::from_utf8(&data[at..]).is_err() {
                        let fixed = String::from_utf8_lossy(&data[at..]).into_owned();
                        data.truncate(at);
                        data.extend_from_slice(fixed.as_bytes());
                    }
                }
                Names::Ints(v) => customer_i[j] = v.get(k).copied().unwrap_or(r.customer as i64),
                // the id's 64 bits, read back as uint64 below
                Names::UInts(v) => customer_i[j] = v.get(k).map_or(r.customer as i64, |&x| x as i64),
            }
            if !ints {
                ends.push(data.len() as i32);
            }
            currency[j] = r.currency as u16;
            for (col, &v) in cells.iter_mut().zip(r.buckets) {
                col[j] = i128::from(v);
            }
            if sep {
                if let Some(col) = cells.last_mut() {
                    col[j] = i128::from(r.credits);
                }
            }
            total[j] = i128::from(r.total);
            disputed[j] = i128::from(r.disputed);
            items[j] = r.items;
        }
        (data, ends)
    };
    let mut shares: Vec<(Vec<u8>, Vec<i32>)> = Vec::with_capacity(parts.len());
    if parts.len() <= 1 {
        if let Some(part) = parts.pop() {
            shares.push(fill(part, ints_parts.pop().unwrap_or_default()));
        }
    } else {
        std::thread::scope(|scope| {
            let fill = &fill;
            let mut ints_parts = ints_parts.into_iter();
            let handles: Vec<_> = parts
                .into_iter()
                .map(|part| {
                    let customer_i = ints_parts.next().unwrap_or_default();
                    scope.spawn(move || fill(part, customer_i))
                })
                .collect();
            for h in handles {
                shares.push(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            }
        });
    }
    // the shares' ids joined, their offsets moved by the bytes before them
    let mut offsets: Vec<i32> = Vec::with_capacity(if ints { 0 } else { n + 1 });
    let mut data: Vec<u8> = Vec::with_capacity(shares.iter().map(|(d, _)| d.len()).sum());
    if !ints {
        offsets.push(0);
        for (d, ends) in &shares {
            let base = data.len() as i32;
            offsets.extend(ends.iter().map(|&e| base + e));
            data.extend_from_slice(d);
        }
    }
    let mut columns = vec![
        (
            "customer".to_string(),
            match names {
                Names::UInts(_) => ExportColumn::UInt64(customer_i.into_iter().map(|x| x as u64).collect()),
                _ if ints => ExportColumn::Int64(customer_i),
                _ => ExportColumn::Utf8Raw { offsets, data },
            },
        ),
        ("currency".to_string(), ExportColumn::Utf8Indexed { names: table.currencies().to_vec(), index: currency }),
    ];
    for (label, values) in labels.into_iter().zip(cells) {
        columns.push((label, ExportColumn::Decimal { values, scale }));
    }
    columns.push(("total".into(), ExportColumn::Decimal { values: total, scale }));
    columns.push(("disputed".into(), ExportColumn::Decimal { values: disputed, scale }));
    columns.push(("items".into(), ExportColumn::Int64(items)));
    ExportBatch { columns, len: n }
}

/// A share of the result rows for [`aging_batch`]: its first row, and its part of the cell,
/// total, disputed, item-count and currency columns.
type ShareCols<'a> = (usize, Vec<&'a mut [i128]>, &'a mut [i128], &'a mut [i128], &'a mut [i64], &'a mut [u16]);
