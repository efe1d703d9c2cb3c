'use strict';
// worklistColumns: the worklist over typed-array columns equals worklist() (the object API) on
// random ledgers (open and closed invoices, payments by id, disputes, both scorings, ids as
// string[] or Arrow-style utf8), sync or async; bad columns are errors naming table, column, row.
const test = require('node:test');
const assert = require('node:assert');
const arrears = require('..');
const { thrown, rng } = require('./helpers');

const day = arrears.dayNumber;
const AS_OF = '2025-06-30';
const FX = { EUR: '1', USD: '0.92' };
const PRODUCT = { product: { dpd_offset: 30, dpd_cap: 365, late_offset: 30, late_cap: 120 } };

function text(v) {
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}

function iso(d) {
  return arrears.dateOfDayNumber(d);
}

/** Open and closed invoices and payments on them (one on no invoice). */
function ledger(seed, n) {
  const r = rng(seed);
  const a = day(AS_OF);
  const currencies = ['EUR', 'USD'];
  const open = { invoiceId: [], customer: [], dueDate: new Int32Array(n), currency: new Uint16Array(n), currencies,
    openAmount: new BigInt64Array(n), disputed: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    open.invoiceId.push(`O${i}`);
    open.customer.push(`C${r(9)}`);
    open.dueDate[i] = a - 500 + r(560);
    open.currency[i] = r(2);
    open.openAmount[i] = BigInt(r(900000)) - 5000n;
    open.disputed[i] = r(10) === 0 ? 1 : 0;
  }
  const k = Math.floor(n / 2);
  const closed = { invoiceId: [], customer: [], dueDate: new Int32Array(k) };
  for (let i = 0; i < k; i++) {
    closed.invoiceId.push(`X${i}`);
    closed.customer.push(`C${r(9)}`);
    closed.dueDate[i] = a - 700 + r(600);
  }
  const ids = [];
  const dates = [];
  const amounts = [];
  for (let i = 0; i < n + k; i++) {
    const times = r(3);
    for (let t = 0; t < times; t++) {
      const due = i < n ? open.dueDate[i] : closed.dueDate[i - n];
      ids.push(i < n ? open.invoiceId[i] : closed.invoiceId[i - n]);
      dates.push(due - 20 + r(140));
      amounts.push(BigInt(1 + r(50000)));
    }
  }
  ids.push('NOPE');
  dates.push(a);
  amounts.push(100n);
  const pay = { invoiceId: ids, date: Int32Array.from(dates), amount: BigInt64Array.from(amounts) };
  return { open, closed, pay };
}

/** The same ledger as worklist() request items. */
function objects(l) {
  const byId = new Map();
  l.open.invoiceId.forEach((id, i) => byId.set(id, [l.open.customer[i], l.open.dueDate[i]]));
  l.closed.invoiceId.forEach((id, i) => byId.set(id, [l.closed.customer[i], l.closed.dueDate[i]]));
  const open = l.open.invoiceId.map((_, i) => ({
    customer: l.open.customer[i], currency: l.open.currencies[l.open.currency[i]], due_date: iso(l.open.dueDate[i]),
    open_amount: text(l.open.openAmount[i]), disputed: l.open.disputed[i] === 1,
  }));
  const history = [];
  l.pay.invoiceId.forEach((id, j) => {
    const inv = byId.get(id);
    if (inv) history.push({ customer: inv[0], due_date: iso(inv[1]), paid_date: iso(l.pay.date[j]), amount: text(l.pay.amount[j]) });
  });
  return { open, history };
}

/** string[] ids as Arrow-style utf8. */
function utf8(list) {
  const enc = new TextEncoder();
  const parts = list.map((s) => enc.encode(s));
  const offsets = new Int32Array(list.length + 1);
  parts.forEach((p, i) => { offsets[i + 1] = offsets[i] + p.length; });
  const data = new Uint8Array(offsets[list.length]);
  parts.forEach((p, i) => data.set(p, offsets[i]));
  return [offsets, data];
}

const CONFIGS = [
  { fx: FX },
  { fx: FX, scoring: PRODUCT, top_k: 4 },
  { fx: FX, by: 'customer', include_disputed: true },
];

for (let seed = 1; seed <= 3; seed++) {
  CONFIGS.forEach((config, k) => {
    test(`worklistColumns equals worklist() (seed ${seed}, config ${k})`, async () => {
      const l = ledger(seed, 150);
      const want = arrears.worklist({ config: { as_of: AS_OF, ...config }, ...objects(l) });
      const options = { asOf: AS_OF, fx: config.fx, scoring: config.scoring, topK: config.top_k, by: config.by,
        includeDisputed: config.include_disputed, closed: l.closed, threads: 1 };
      assert.deepStrictEqual(arrears.worklistColumns(l.open, l.pay, options), want);
      // ids as utf8 buffers, all cores, async
      const [io, idata] = utf8(l.open.invoiceId);
      const [co, cdata] = utf8(l.open.customer);
      const open = { ...l.open, invoiceId: undefined, customer: undefined, invoiceIdOffsets: io, invoiceIdData: idata,
        customerOffsets: co, customerData: cdata };
      const [po, pdata] = utf8(l.pay.invoiceId);
      const pay = { date: l.pay.date, amount: l.pay.amount, invoiceIdOffsets: po, invoiceIdData: pdata };
      assert.deepStrictEqual(await arrears.worklistColumnsAsync(open, pay, { ...options, threads: 0 }), want);
    });
  });
}

function small() {
  const a = day(AS_OF);
  return {
    open: { invoiceId: ['A', 'B'], customer: ['X', 'Y'], dueDate: Int32Array.of(a - 10, a - 40), currency: Uint16Array.of(0, 0),
      currencies: ['EUR'], openAmount: BigInt64Array.of(100n, 200n) },
    pay: { invoiceId: ['A'], date: Int32Array.of(a), amount: BigInt64Array.of(100n) },
  };
}

test('worklistColumns: bad input is a typed error naming the table, column and value', async () => {
  const { open, pay } = small();
  const opts = { asOf: AS_OF };
  assert.deepStrictEqual(thrown(() => arrears.worklistColumns({ ...open, currency: Uint16Array.of(0, 3) }, pay, opts)),
    [true, 'invalid_request', 'invoices[1].currency', '3']);
  assert.deepStrictEqual(thrown(() => arrears.worklistColumns({ ...open, customer: ['X'] }, pay, opts)),
    [true, 'invalid_request', 'invoices.customer', '1']);
  assert.deepStrictEqual(thrown(() => arrears.worklistColumns({ ...open, currencies: ['USD'] }, pay, opts)),
    [true, 'invalid_request', 'currencies[0]', 'USD']);
  assert.deepStrictEqual(thrown(() => arrears.worklistColumns({ ...open, disputed: Uint8Array.of(0, 7) }, pay, opts)),
    [true, 'invalid_request', 'invoices[1].disputed', '7']);
  // ids of any length: a customer id past a packed key's 15 bytes is interned, not refused
  const long = arrears.worklistColumns({ ...open, customer: ['X', 'Y'.repeat(20)] }, pay, opts);
  assert.ok(long.rows.some((r) => r.customer === 'Y'.repeat(20)));
  assert.deepStrictEqual(thrown(() => arrears.worklistColumns(open, { ...pay, invoiceId: ['A', 'B'] }, opts)),
    [true, 'invalid_request', 'payments.invoice_id', '2']);
  // a refund or reversal is not payment history (amounts in minor units)
  assert.deepStrictEqual(thrown(() => arrears.worklistColumns(open, { ...pay, amount: BigInt64Array.of(-125n) }, opts)),
    [true, 'invalid_request', 'payments[0].amount', '-125']);
  assert.deepStrictEqual(thrown(() => arrears.worklistColumns(open, pay, { asOf: AS_OF, fx: { EUR: '-1' } })),
    [true, 'invalid_request', 'config.fx.EUR', '-1']);
  const falling = { points: { bucket_bounds: [30], bucket_weights: ['2', '1'], per_day_past_due: '1', dpd_cap: 10,
    per_day_late: '1', late_cap: 10, per_risk_point: '0' } };
  assert.deepStrictEqual(thrown(() => arrears.worklistColumns(open, pay, { asOf: AS_OF, scoring: falling })),
    [true, 'invalid_request', 'config.scoring.points.bucket_weights[1]', '1']);
  assert.deepStrictEqual(thrown(() => arrears.worklistColumns(open, pay, { asOf: AS_OF, topk: 3 })),
    [true, 'invalid_request', 'topk', 'topk']);
  assert.throws(() => arrears.worklistColumns({ ...open, openAmount: [1, 2] }, pay, opts), TypeError);
  assert.throws(() => arrears.worklistColumns({ ...open, invoiceId: undefined }, pay, opts), TypeError);
  assert.throws(() => arrears.worklistColumns(open, pay, {}), TypeError);
  await assert.rejects(arrears.worklistColumnsAsync({ ...open, currency: Uint16Array.of(0, 3) }, pay, opts),
    (e) => e instanceof arrears.ArrearsError && e.field === 'invoices[1].currency');
});
