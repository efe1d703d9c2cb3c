//! Aging report over the peer benchmark's data (../shared/bench, README "Definitions").
//!
//! ```text
//! python ../shared/bench/gen.py --n 10000000 --out /tmp/arrears-peers/n10000000
//! cargo bench -p arrears --bench aging -- --data /tmp/arrears-peers/n10000000 [--repeat 5] [--threads 0] [--keyed] [--cache]
//! cargo bench -p arrears --bench aging [-- --multi-currency]   # no data: 1M synthetic rows, no checksum peers
//! ```
//!
//! `--keyed` times [`arrears::aging::age_keyed`] instead: the customer ids stay strings, laid out
//! as an Arrow `utf8` column holds them (offsets into one buffer), and are grouped by their bytes
//! in the same pass (the path Python takes for a table read with `pq.read_table`). `--cache`
//! keeps the parsed columns next to the data for the next run.
//!
//! Load (outside the timing): `invoices.csv` → plain columns, the way a caller holds them:
//! customer ids dictionary-encoded to `u32` in sorted order (so the report comes out sorted by
//! customer id), currency to a `u16` index, due dates to day numbers, open amounts to cents.
//! Compute (timed, median of `--repeat` runs): [`arrears::aging::age_columns`] with the peers'
//! buckets on both cores, giving the finished, sorted table. Then it prints the rows, total and
//! sha256 exactly as the peers do (`common.py`'s checksum), and the peak memory of the compute
//! against the bytes of the input columns. A benchmark measures; it asserts nothing about time.

use std::collections::HashMap;
use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

use arrears::aging::{
    age_columns, age_keyed, day_number, pack_code, pack_key, unpack_key, AgingBuckets, AgingColumns, AgingSpec,
    KeyedSource, NotDue,
};
use arrears::parse_date;

struct Data {
    names: Vec<String>,
    currencies: Vec<String>,
    customer: Vec<u32>,
    currency: Vec<u16>,
    due: Vec<i32>,
    cents: Vec<i64>,
}

fn cents(field: &str) -> i64 {
    let (int, frac) = field.split_once('.').unwrap_or((field, "00"));
    let neg = int.starts_with('-');
    let i: i64 = int.trim_start_matches('-').parse().expect("amount");
    let f: i64 = format!("{frac:0<2}")[..2].parse().expect("amount");
    let v = i * 100 + f;
    if neg {
        -v
    } else {
        v
    }
}

fn load_csv(path: &str) -> Data {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (ci, di, oi, ki) = (col("customer_id"), col("due_date"), col("open_amount"), col("currency"));
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut curs: Vec<String> = Vec::new();
    let (mut raw_c, mut currency, mut due, mut amount) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut dates: HashMap<&str, i32> = HashMap::new();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let n = ids.len() as u32;
        raw_c.push(*ids.entry(f[ci]).or_insert(n));
        let k = match curs.iter().position(|c| c == f[ki]) {
            Some(k) => k,
            None => {
                curs.push(f[ki].to_string());
                curs.len() - 1
            }
        };
        currency.push(k as u16);
        let d = *dates.entry(f[di]).or_insert_with(|| day_number(parse_date("due_date", f[di]).expect("date")));
        due.push(d);
        amount.push(cents(f[oi]));
    }
    // Dictionary in sorted order: key order = customer id order.
    let mut names: Vec<(&str, u32)> = ids.into_iter().collect();
    names.sort_unstable();
    let mut rank = vec![0u32; names.len()];
    for (r, (_, k)) in names.iter().enumerate() {
        rank[*k as usize] = r as u32;
    }
    let customer = raw_c.iter().map(|&k| rank[k as usize]).collect();
    Data {
        names: names.into_iter().map(|(s, _)| s.to_string()).collect(),
        currencies: curs,
        customer,
        currency,
        due,
        cents: amount,
    }
}

/// `--cache`: the loaded columns kept in `<data>/arrears-columns.bin`, so that a second run skips
/// the 10 s of CSV parsing at 10M rows (delete the file when the data changes).
fn cached(dir: &str) -> Data {
    let p = format!("{dir}/arrears-columns.bin");
    if let Ok(b) = std::fs::read(&p) {
        let n = u64::from_le_bytes(b[0..8].try_into().unwrap()) as usize;
        let mut o = 8;
        let mut take = |k: usize| {
            let s = &b[o..o + k];
            o += k;
            s.to_vec()
        };
        let customer = take(4 * n).chunks(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())).collect();
        let currency = take(2 * n).chunks(2).map(|c| u16::from_le_bytes(c.try_into().unwrap())).collect();
        let due = take(4 * n).chunks(4).map(|c| i32::from_le_bytes(c.try_into().unwrap())).collect();
        let cents = take(8 * n).chunks(8).map(|c| i64::from_le_bytes(c.try_into().unwrap())).collect();
        let rest = String::from_utf8(b[o..].to_vec()).unwrap();
        let mut parts = rest.split('\n');
        let curs: Vec<String> = parts.next().unwrap().split(',').map(String::from).collect();
        let names = parts.map(String::from).collect();
        return Data { names, currencies: curs, customer, currency, due, cents };
    }
    let d = load_csv(&format!("{dir}/invoices.csv"));
    let mut b = (d.customer.len() as u64).to_le_bytes().to_vec();
    for x in &d.customer {
        b.extend(x.to_le_bytes());
    }
    for x in &d.currency {
        b.extend(x.to_le_bytes());
    }
    for x in &d.due {
        b.extend(x.to_le_bytes());
    }
    for x in &d.cents {
        b.extend(x.to_le_bytes());
    }
    b.extend(d.currencies.join(",").as_bytes());
    for n in &d.names {
        b.push(b'\n');
        b.extend(n.as_bytes());
    }
    std::fs::write(&p, b).unwrap();
    d
}

fn synthetic(n: usize, as_of: i32) -> Data {
    let multi = std::env::args().any(|a| a == "--multi-currency");
    let customers = if multi { n / 10 } else { (n / 50).max(1) };
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let (mut customer, mut currency, mut due, mut cents) = (vec![], vec![], vec![], vec![]);
    for _ in 0..n {
        let c = (next() % customers as u64) as u32;
        customer.push(c);
        // --multi-currency: every customer bills in two currencies (the C and Node benches' data)
        currency.push(if multi { (next() % 2) as u16 } else { (c % 5) as u16 });
        due.push(as_of - 200 + (next() % 260) as i32);
        cents.push((next() % 500_000) as i64 + 100);
    }
    Data {
        names: (0..customers).map(|i| format!("CUST-{:07}", i + 1)).collect(),
        currencies: ["CHF", "EUR", "GBP", "SEK", "USD"].map(String::from).to_vec(),
        customer,
        currency,
        due,
        cents,
    }
}

/// Customer ids and currency codes as an Arrow string column holds them (offsets into one
/// buffer), for `--keyed`.
struct Strings<'a> {
    offsets: Vec<i32>,
    bytes: Vec<u8>,
    currency: Vec<u32>,
    data: &'a Data,
}

impl<'a> Strings<'a> {
    fn new(data: &'a Data) -> Strings<'a> {
        let mut offsets = vec![0i32];
        let mut bytes = Vec::new();
        for &c in &data.customer {
            bytes.extend_from_slice(data.names[c as usize].as_bytes());
            offsets.push(bytes.len() as i32);
        }
        let codes: Vec<u32> = data.currencies.iter().map(|c| pack_code(c.as_bytes())).collect();
        let currency = data.currency.iter().map(|&c| codes[c as usize]).collect();
        Strings { offsets, bytes, currency, data }
    }
}

impl KeyedSource for Strings<'_> {
    fn len(&self) -> usize {
        self.currency.len()
    }
    #[inline]
    fn customer(&self, i: usize) -> Option<u128> {
        pack_key(&self.bytes[self.offsets[i] as usize..self.offsets[i + 1] as usize])
    }
    #[inline]
    fn currency(&self, i: usize) -> u32 {
        self.currency[i]
    }
    fn currency_text(&self, i: usize) -> String {
        self.data.currencies[self.data.currency[i] as usize].clone()
    }
    #[inline]
    fn date(&self, i: usize) -> i32 {
        self.data.due[i]
    }
    #[inline]
    fn amount(&self, i: usize) -> i128 {
        i128::from(self.data.cents[i])
    }
}

fn money(c: i64) -> String {
    let sign = if c < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", c.unsigned_abs() / 100, c.unsigned_abs() % 100)
}

fn status(key: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn sha256_hex(bytes: &[u8]) -> String {
    let child = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    match child {
        Ok(mut c) => {
            c.stdin.take().expect("stdin").write_all(bytes).expect("write");
            let out = c.wait_with_output().expect("sha256sum");
            String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap_or("").to_string()
        }
        Err(_) => "sha256sum not found".into(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let repeat: usize = arg("--repeat").and_then(|r| r.parse().ok()).unwrap_or(5);
    let threads: usize = arg("--threads").and_then(|r| r.parse().ok()).unwrap_or(0);
    let as_of_text = arg("--as-of").unwrap_or_else(|| "2025-06-30".into());
    let as_of = parse_date("as_of", &as_of_text).expect("--as-of");
    let t = Instant::now();
    let data = match arg("--data") {
        Some(dir) if args.iter().any(|a| a == "--cache") => cached(&dir),
        Some(dir) => load_csv(&format!("{dir}/invoices.csv")),
        None => synthetic(1_000_000, day_number(as_of)),
    };
    let load_s = t.elapsed().as_secs_f64();
    let labels = ["current", "d1_30", "d31_60", "d61_90", "d90_plus"].map(String::from).to_vec();
    let mut spec = AgingSpec::new(as_of);
    spec.buckets = AgingBuckets::with_labels(vec![30, 60, 90], Some(labels), NotDue::Column).expect("buckets");
    let codes: Vec<&str> = data.currencies.iter().map(String::as_str).collect();
    let cols = AgingColumns {
        customer: &data.customer,
        currency: &data.currency,
        currencies: &codes,
        due_date: &data.due,
        issue_date: None,
        amount: &data.cents,
        scale: 2,
        disputed: None,
    };
    let keyed = args.iter().any(|a| a == "--keyed");
    let strings = keyed.then(|| Strings::new(&data));
    let input_bytes = match &strings {
        Some(s) => s.offsets.len() * 4 + s.bytes.len() + data.customer.len() * (4 + 4 + 8),
        None => data.customer.len() * (4 + 2 + 4 + 8),
    };
    // Peak memory of the compute alone: reset the high-water mark, then compare.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let rss_before = status("VmRSS:");
    let mut times = Vec::new();
    let mut table = None;
    for _ in 0..repeat.max(1) {
        drop(table.take());
        let t = Instant::now();
        table = Some(black_box(match &strings {
            Some(s) => {
                let out = age_keyed(&spec, std::slice::from_ref(s), 2, threads).expect("aging").expect("short ids");
                let names = out.customers.iter().map(|&k| String::from_utf8_lossy(&unpack_key(k)).into_owned());
                (out.table, Some(names.collect::<Vec<String>>()))
            }
            None => (age_columns(&spec, &cols, threads).expect("aging"), None),
        }));
        times.push(t.elapsed().as_secs_f64());
    }
    let peak = status("VmHWM:");
    let (table, keyed_names) = table.expect("one run");
    let names = keyed_names.as_ref().unwrap_or(&data.names);
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];

    let mut text = Vec::new();
    let mut total: i64 = 0;
    for r in table.rows() {
        total += r.total;
        let cells: Vec<String> = r.buckets.iter().map(|&c| money(c)).collect();
        writeln!(
            text,
            "{},{},{}",
            names[r.customer as usize],
            table.currencies()[r.currency as usize],
            cells.join(",")
        )
        .expect("write");
    }
    println!(
        "{{\"peer\": \"arrears-rust\", \"op\": \"aging\", \"n\": {}, \"threads\": {}, \"load_s\": {:.4}, \"compute_s\": {:.4}, \"compute_runs_s\": [{}], \"rows\": {}, \"total\": \"{}\", \"sha256\": \"{}\", \"input_columns_mib\": {:.1}, \"compute_extra_peak_mib\": {:.1}, \"process_peak_mib\": {:.1}}}",
        data.customer.len(),
        if threads == 0 { std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) } else { threads },
        load_s,
        median,
        times.iter().map(|t| format!("{t:.4}")).collect::<Vec<_>>().join(", "),
        table.len(),
        money(total),
        sha256_hex(&text),
        input_bytes as f64 / 1048576.0,
        peak.saturating_sub(rss_before) as f64 / 1024.0,
        peak as f64 / 1024.0,
    );
}
