// Node batch entry points, measured (a benchmark: it prints, it asserts nothing about time).
//
//   (cd bindings-node && npm run build:release) && node benches/node_schedule_batch.mjs [invoices]
//
// 1. scheduleBatch at 1M invoices (default) of the 2-line term "30 % now, balance 60 days after
//    end of month", given as terms JSON: invoices/s, to compare with the Rust figure of
//    `cargo bench -p arrears --bench schedule` (issue 4: the batch call within 2x of it).
// 2. For scale, schedule() called once per invoice (JSON across the boundary) on 20k invoices.
// 3. agingColumns at 1M synthetic open items (100k customers, 3 currencies): rows/s, 1 thread and
//    all cores, and agingColumnsAsync; then the same rows with string ids ("CUST-0001234"), as a
//    string[] and as Arrow-style utf8 offsets + bytes.
// Inputs are deterministic (xorshift); every figure is the best of 5 runs after a warm-up.
//
// Measured 2026-11-25 on the shared 2-core machine (load average 4-5 from other builds), release
// addon, three runs interleaved with `cargo bench -p arrears --bench schedule` (Rust 2-line term,
// 200k invoices: 759k-778k schedules/s):
//   scheduleBatch, 1M invoices            630k-690k invoices/s  (1.45-1.59 s)  = 1.12-1.24x the Rust time
//   schedule() once per invoice           65k-69k invoices/s    (10x slower than the batch)
//   agingColumns, 1M rows, 1 thread       94-159 ms; all cores 98-170 ms; async 113-223 ms
// (the second core brought nothing under that load); peak RSS 270-300 MiB for the whole script.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import os from 'node:os';

const here = path.dirname(fileURLToPath(import.meta.url));
const arrears = createRequire(import.meta.url)(path.join(here, '..', 'bindings-node'));

const n = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = 5;

function rng(seed) {
  let x = BigInt.asUintN(64, BigInt(seed));
  return () => {
    x ^= BigInt.asUintN(64, x << 13n); x ^= x >> 7n; x ^= BigInt.asUintN(64, x << 17n);
    return x;
  };
}

function best(fn) {
  fn(); // warm up
  let t = Infinity;
  let out;
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    out = fn();
    t = Math.min(t, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return [t, out];
}

async function bestAsync(fn) {
  await fn();
  let t = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    await fn();
    t = Math.min(t, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return t;
}

const fmt = (x) => Math.round(x).toLocaleString('en-US');
const line = (name, count, unit, t) =>
  console.log(`${name.padEnd(58)} ${fmt(count / t).padStart(12)} ${unit}/s  (${(t * 1e3).toFixed(1)} ms for ${fmt(count)})`);

console.log(`arrears ${arrears.version()} Node batch benchmark; node ${process.version}; ${os.cpus().length} cores ` +
  '(build the addon with npm run build:release first: a debug addon is ~10x slower)');

// --- 1. scheduleBatch -------------------------------------------------------------------------
const TERMS = { lines: [{ kind: 'percent', value: '30' }, { kind: 'balance', due: ['end_of_month', { add_days: 60 }] }] };
const start = arrears.dayNumber('2020-01-01');
const r = rng(0x9E3779B97F4A7C15n);
const invoices = { total: new BigInt64Array(n), currency: new Uint16Array(n), baseDate: new Int32Array(n) };
for (let i = 0; i < n; i++) {
  const x = r();
  invoices.total[i] = x % 9_999_999n + 1n; // 0.01 .. 99,999.99 EUR
  invoices.baseDate[i] = start + Number((x >> 40n) % 3650n);
}
const [tBatch, out] = best(() => arrears.scheduleBatch([TERMS], ['EUR'], invoices));
line('scheduleBatch, 2-line term (30 % now, balance EOM + 60)', n, 'invoices', tBatch);
console.log(`${''.padEnd(58)} ${fmt(out.amount.length / tBatch).padStart(12)} installments/s`);

// --- 2. one schedule() call per invoice ---------------------------------------------------------
const m = Math.min(n, 20_000);
const requests = [];
for (let i = 0; i < m; i++) {
  const cents = invoices.total[i];
  requests.push({ total: `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`, currency: 'EUR',
    base_date: arrears.dateOfDayNumber(invoices.baseDate[i]), terms: TERMS });
}
const [tOne] = best(() => { let k = 0; for (const q of requests) k += arrears.schedule(q).installments.length; return k; });
line('schedule() once per invoice (JSON), same term', m, 'invoices', tOne);

// --- 3. agingColumns ----------------------------------------------------------------------------
const asOf = arrears.dayNumber('2026-11-24');
const g = rng(12345n);
const cols = {
  customer: new Uint32Array(n), currency: new Uint16Array(n), currencies: ['EUR', 'USD', 'GBP'],
  dueDate: new Int32Array(n), amount: new BigInt64Array(n), scale: 2, disputed: new Uint8Array(n),
};
for (let i = 0; i < n; i++) {
  const x = g();
  cols.customer[i] = Number(x % 100_000n);
  cols.currency[i] = Number((x >> 20n) % 10n === 0n ? (x >> 24n) % 3n : 0n);
  cols.dueDate[i] = asOf - 200 + Number((x >> 30n) % 260n);
  cols.amount[i] = (x >> 40n) % 10_000_000n - 500_000n;
  cols.disputed[i] = (x >> 60n) === 0n ? 1 : 0;
}
const [tAge1, table] = best(() => arrears.agingColumns(cols, { asOf: '2026-11-24', threads: 1 }));
line('agingColumns, 1 thread', n, 'rows', tAge1);
const [tAgeAll] = best(() => arrears.agingColumns(cols, { asOf: '2026-11-24' }));
line(`agingColumns, all cores (${os.cpus().length})`, n, 'rows', tAgeAll);
const tAsync = await bestAsync(() => arrears.agingColumnsAsync(cols, { asOf: '2026-11-24' }));
line('agingColumnsAsync, all cores', n, 'rows', tAsync);
// the same rows with string ids: a JS string[] and Arrow-style utf8 buffers (offsets + bytes)
const ids = Array.from(cols.customer, (k) => `CUST-${String(k).padStart(7, '0')}`);
const enc = new TextEncoder();
const customerOffsets = new Int32Array(n + 1);
const parts = [];
let at = 0;
for (let i = 0; i < n; i++) { const b = enc.encode(ids[i]); parts.push(b); at += b.length; customerOffsets[i + 1] = at; }
const customerData = new Uint8Array(at);
for (let i = 0; i < n; i++) customerData.set(parts[i], customerOffsets[i]);
const { customer: _keys, ...rest } = cols;
const [tIds, byId] = best(() => arrears.agingColumns({ ...rest, customer: ids }, { asOf: '2026-11-24' }));
line('agingColumns, string[] ids, all cores', n, 'rows', tIds);
const [tUtf8] = best(() => arrears.agingColumns({ ...rest, customerOffsets, customerData }, { asOf: '2026-11-24' }));
line('agingColumns, utf8 offsets + bytes, all cores', n, 'rows', tUtf8);
if (byId.customer.length !== table.customer.length) throw new Error('string ids gave another row count');
console.log(`aging result: ${fmt(table.customer.length)} (customer, currency) rows; totals ` +
  table.totals.map((t) => `${t.currency} ${t.total}`).join(', ') + `; rss ${fmt(process.memoryUsage().rss / 2 ** 20)} MiB`);
