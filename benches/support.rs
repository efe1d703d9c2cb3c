//! What the peer-report benchmarks (`allocation`, `interest`, `worklist`) share: reading the
//! peers' CSV fields (amounts in cents, ISO dates as day numbers), writing the report's money,
//! its sha256 (as the peers compute it), the process's CPU time, and the raw vectors of `--cache`.
//! Included by each of them with `#[path = "support.rs"] mod support;`.

use std::io::Write;

pub(crate) fn cents(field: &str) -> i64 {
    let (int, frac) = field.split_once('.').unwrap_or((field, "00"));
    let neg = int.starts_with('-');
    let i: i64 = int.trim_start_matches('-').parse().expect("amount");
    let f: i64 = format!("{frac:0<2}")[..2].parse().expect("amount");
    if neg {
        -(i * 100 + f)
    } else {
        i * 100 + f
    }
}

/// Days since 1970-01-01 of an ISO date (the civil-from-days algorithm, no allocation).
pub(crate) fn day(s: &str) -> i32 {
    let b = s.as_bytes();
    let n = |r: std::ops::Range<usize>| b[r].iter().fold(0i64, |a, c| a * 10 + i64::from(c - b'0'));
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

pub(crate) fn money(c: i64) -> String {
    let sign = if c < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", c.unsigned_abs() / 100, c.unsigned_abs() % 100)
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
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

/// CPU seconds this process has used (user + system, all threads), from /proc/self/stat.
pub(crate) fn cpu_s() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = s.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// Raw little-endian vectors, for `--cache`.
pub(crate) trait Raw: Sized + Copy {
    const SIZE: usize;
    fn put(self, out: &mut Vec<u8>);
    fn get(b: &[u8]) -> Self;
}

macro_rules! raw {
    ($($t:ty),*) => {$(
        impl Raw for $t {
            const SIZE: usize = std::mem::size_of::<$t>();
            fn put(self, out: &mut Vec<u8>) { out.extend_from_slice(&self.to_le_bytes()); }
            fn get(b: &[u8]) -> Self { <$t>::from_le_bytes(b.try_into().expect("size")) }
        }
    )*};
}
raw!(i32, u32, u16, i64, u8);

pub(crate) fn put<T: Raw>(out: &mut Vec<u8>, v: &[T]) {
    out.extend_from_slice(&(v.len() as u64).to_le_bytes());
    for x in v {
        x.put(out);
    }
}

pub(crate) fn take<T: Raw>(b: &[u8], at: &mut usize) -> Vec<T> {
    let n = u64::from_le_bytes(b[*at..*at + 8].try_into().expect("len")) as usize;
    *at += 8;
    let v = b[*at..*at + n * T::SIZE].chunks_exact(T::SIZE).map(T::get).collect();
    *at += n * T::SIZE;
    v
}
