// The LATE INTEREST report of ../shared/bench (common.py) computed with arrears from Node, through
// the typed-array batch `interestColumns`, printing the peers' one-line JSON (rows, total, sha256,
// compute_s) to compare with `cargo bench -p arrears --bench interest -- --data DIR` (the same
// report from Rust slices) and the peers. A benchmark: it prints, it asserts nothing about time.
//
//   (cd bindings-node && npm run build:release)
//   node benches/node_interest.mjs --data /tmp/arrears-peers/n1000000 [--repeat 5] [--threads 0] [--ids string|utf8]
//
// Load (outside the timing): invoices.csv and payments.csv into the columns a caller holds: dates
// as day numbers (Int32Array), money in cents (BigInt64Array), currencies as indices (Uint16Array),
// invoice ids as a string[] (`--ids string`, the default) or as Arrow-style utf8 offsets + bytes
// (`--ids utf8`, what apache-arrow's Utf8 vectors hold). Compute (timed, median of --repeat runs):
// the overdue invoices (`open_amount > 0`, `due_date < as_of`) as a row selection, one call of
// interestColumns (every payment matched to its invoice by id, payments on other invoices skipped;
// the peers' sample rates + 8 points, fixed per half-year, act/365, half-up, one rounding per
// invoice), and the report rows in invoice-id order. The checksum is formatted outside the timing,
// as the peers do. ARREARS_BENCH_STEPS=1 prints each step's time to stderr.
//
// Measured 2026-12-02 on the shared 2-core machine (load average 10-11 from other builds), release
// addon, 1M invoices (/tmp/arrears-peers/n1000000: 300,693 overdue, 729,841 payments), median of 5
// runs, three rounds alternating with `cargo bench -p arrears --bench interest -- --data DIR`;
// every run printed the peers' rows, total and sha256 (300693, 5311763.58, e53d310e...):
//   Rust (interest_columns on slices)         0.077-0.113 s   CPU 0.042-0.048 s a run
//   Node, utf8 ids (--ids utf8)               0.111-0.284 s   CPU 0.085-0.131 s a run (best runs 0.09-0.10 s)
//   Node, string[] ids (the default)          0.50-0.60 s     CPU 0.19-0.23 s a run (1.73M ids read out of JS
//                                             strings, one napi call each; 0.69-1.08 s when they became Vec<String>)
// At 10M (/tmp/arrears-peers/n10000000: 2,998,800 overdue; `node --max-old-space-size=8192`, 3.9 GB peak
// RSS against Rust's 1.5 GB; load average 9-11), the peers' checksum (2998800, 52639189.44, 6ec02444...):
//   Rust                                      0.97-1.41 s, later 2.25-3.44 s (CPU 0.53, later 0.83 s a run)
//   Node, utf8 ids, right after each          2.09-3.44 s, later 2.35-4.85 s (CPU 1.36, later 1.33 s a run)
// of which interestColumns 1.9-3.7 s (Rust's match + interest in the same window: 2.0-3.2 s), the
// overdue filter over BigInt64Array 0.1-0.5 s and the order check in JS 0.27-0.69 s.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const arrears = createRequire(import.meta.url)(path.join(here, '..', 'bindings-node'));

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const dir = arg('--data');
if (!dir) {
  console.error('usage: node benches/node_interest.mjs --data DIR [--repeat 5] [--threads 0] [--ids string|utf8]');
  process.exit(2);
}
const repeat = Math.max(1, Number(arg('--repeat', '5')));
const threads = Number(arg('--threads', '0'));
const idsAs = arg('--ids', 'string');
const asOfText = arg('--as-of', '2025-06-30');

/** Days since 1970-01-01 of 'YYYY-MM-DD'. */
const day = (s) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86400000;
/** Cents of a decimal text with at most 2 decimals. */
function cents(s) {
  const neg = s[0] === '-';
  const t = neg ? s.slice(1) : s;
  const dot = t.indexOf('.');
  const c = dot < 0 ? Number(t) * 100 : Number(t.slice(0, dot)) * 100 + Number(t.slice(dot + 1).padEnd(2, '0').slice(0, 2));
  return neg ? -c : c;
}
const money = (c) => {
  const a = c < 0n ? -c : c;
  return `${c < 0n ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
};

/**
 * Calls `row(fields, k)` for each data line of a CSV file, `cols` the indices of `names` in its
 * header; read in chunks, as a 10M-row file is longer than a JS string may be. Returns the rows.
 */
function eachRow(file, names, row) {
  const fd = fs.openSync(path.join(dir, file), 'r');
  const buf = Buffer.alloc(1 << 24);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let cols = null;
  let k = 0;
  let got;
  const take = (line) => {
    if (cols === null) {
      const header = line.split(',');
      cols = names.map((name) => header.indexOf(name));
    } else if (line !== '') {
      row(line.split(','), cols, k++);
    }
  };
  while ((got = fs.readSync(fd, buf, 0, buf.length, null)) > 0) {
    const lines = (rest + decoder.write(buf.subarray(0, got))).split('\n');
    rest = lines.pop();
    for (const line of lines) take(line);
  }
  take(rest + decoder.end());
  fs.closeSync(fd);
  return k;
}

/** Strings as Arrow-style utf8: Int32Array offsets (n + 1) and the bytes. */
function utf8(ids) {
  const data = Buffer.from(ids.join(''), 'utf8');
  const offsets = new Int32Array(ids.length + 1);
  let at = 0;
  for (let i = 0; i < ids.length; i++) {
    at += Buffer.byteLength(ids[i], 'utf8');
    offsets[i + 1] = at;
  }
  return { offsets, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

function load() {
  const id = [], customer = [], customers = [], currency = [], currencies = [], due = [], amount = [], open = [];
  const names = new Map();
  const codes = new Map();
  eachRow('invoices.csv', ['invoice_id', 'customer_id', 'due_date', 'amount', 'open_amount', 'currency'], (f, c) => {
    id.push(f[c[0]]);
    let who = names.get(f[c[1]]);
    if (who === undefined) {
      who = customers.length;
      names.set(f[c[1]], who);
      customers.push(f[c[1]]);
    }
    customer.push(who);
    let k = codes.get(f[c[5]]);
    if (k === undefined) {
      k = currencies.length;
      codes.set(f[c[5]], k);
      currencies.push(f[c[5]]);
    }
    currency.push(k);
    due.push(day(f[c[2]]));
    amount.push(cents(f[c[3]]));
    open.push(cents(f[c[4]]));
  });
  const payId = [], payDate = [], payAmount = [];
  eachRow('payments.csv', ['invoice_id', 'paid_date', 'amount'], (f, c) => {
    payId.push(f[c[0]]);
    payDate.push(day(f[c[1]]));
    payAmount.push(cents(f[c[2]]));
  });
  return {
    id, customer: Uint32Array.from(customer), customers, currency: Uint16Array.from(currency), currencies,
    due: Int32Array.from(due), amount: BigInt64Array.from(amount, BigInt), open: BigInt64Array.from(open, BigInt),
    payId, payDate: Int32Array.from(payDate), payAmount: BigInt64Array.from(payAmount, BigInt),
  };
}

/** The peers' sample rates (common.py REFERENCE_RATES) + 8 points, fixed per half-year. */
const RULE = {
  reference: {
    table: {
      rates: [['2022-01-01', '0'], ['2022-07-01', '0'], ['2023-01-01', '2.50'], ['2023-07-01', '4.00'],
        ['2024-01-01', '4.50'], ['2024-07-01', '4.25'], ['2025-01-01', '3.15'], ['2025-07-01', '2.15']]
        .map(([from, rate]) => ({ from, rate })),
    },
    margin: '8',
    fixing: 'split_by_half_year',
  },
};

/** The report: (invoice row, interest) of every overdue invoice, in invoice-id order. */
function report(d, ids, asOf) {
  const t0 = process.hrtime.bigint();
  const n = d.due.length;
  const picked = new Uint32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) if (d.due[i] < asOf && d.open[i] > 0n) picked[k++] = i;
  const rows = picked.slice(0, k);
  const t1 = process.hrtime.bigint();
  const out = arrears.interestColumns(
    { ...ids.invoices, dueDate: d.due, amount: d.amount, currency: d.currency, currencies: d.currencies, rows },
    { ...ids.payments, date: d.payDate, amount: d.payAmount },
    { asOf: asOfText, rule: RULE, unmatched: 'skip', threads },
  );
  const t2 = process.hrtime.bigint();
  // the report's order: by invoice id (the file's order already, when it is sorted); with utf8 ids
  // the check reads their bytes, in memory order, rather than a million scattered strings
  let sorted = true;
  const o = ids.invoices.idOffsets;
  if (o) {
    const b = ids.invoices.idData;
    for (let r = 1; r < k && sorted; r++) {
      let x = o[rows[r - 1]], y = o[rows[r]];
      const xe = o[rows[r - 1] + 1], ye = o[rows[r] + 1];
      while (x < xe && y < ye && b[x] === b[y]) { x++; y++; }
      sorted = y < ye && (x === xe || b[x] < b[y]);
    }
  } else {
    for (let r = 1; r < k && sorted; r++) sorted = d.id[rows[r - 1]] < d.id[rows[r]];
  }
  if (process.env.ARREARS_BENCH_STEPS) {
    const s = (a, b) => (Number(b - a) / 1e9).toFixed(4);
    console.error(`filter ${s(t0, t1)} interestColumns ${s(t1, t2)} order ${s(t2, process.hrtime.bigint())}`);
  }
  if (sorted) return [rows, out.interest];
  const pos = Array.from({ length: k }, (_, r) => r).sort((a, b) => (d.id[rows[a]] < d.id[rows[b]] ? -1 : 1));
  return [Uint32Array.from(pos, (r) => rows[r]), BigInt64Array.from(pos, (r) => out.interest[r])];
}

const t0 = process.hrtime.bigint();
const d = load();
let ids;
if (idsAs === 'utf8') {
  const inv = utf8(d.id);
  const pay = utf8(d.payId);
  ids = { invoices: { idOffsets: inv.offsets, idData: inv.data }, payments: { invoiceIdOffsets: pay.offsets, invoiceIdData: pay.data } };
} else {
  ids = { invoices: { id: d.id }, payments: { invoiceId: d.payId } };
}
const loadS = Number(process.hrtime.bigint() - t0) / 1e9;
const asOf = day(asOfText);
const times = [];
let rep;
const cpu0 = process.cpuUsage();
for (let r = 0; r < repeat; r++) {
  rep = undefined;
  const t = process.hrtime.bigint();
  rep = report(d, ids, asOf);
  times.push(Number(process.hrtime.bigint() - t) / 1e9);
}
const cpu = process.cpuUsage(cpu0);
const [order, interest] = rep;
const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
const hash = createHash('sha256');
let total = 0n;
const chunk = [];
for (let r = 0; r < order.length; r++) {
  const i = order[r];
  total += interest[r];
  chunk.push(`${d.id[i]},${d.customers[d.customer[i]]},${d.currencies[d.currency[i]]},${asOf - d.due[i]},${money(d.open[i])},${money(interest[r])}\n`);
  if (chunk.length === 10000) {
    hash.update(chunk.join(''));
    chunk.length = 0;
  }
}
hash.update(chunk.join(''));
console.log(JSON.stringify({
  peer: `arrears-node (${idsAs} ids)`, op: 'interest', n: d.due.length, threads: threads || os.availableParallelism(),
  load_s: +loadS.toFixed(4), compute_s: +median.toFixed(4), compute_runs_s: times.map((t) => +t.toFixed(4)),
  rows: order.length, total: money(total), sha256: hash.digest('hex'),
  compute_cpu_s_per_run: +((cpu.user + cpu.system) / 1e6 / times.length).toFixed(3), build: arrears.buildProfile(),
}));
