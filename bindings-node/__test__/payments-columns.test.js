'use strict';
// allocateColumns: the batch over typed-array columns equals allocatePayment (oldest first)
// receipt by receipt, ids as string[] or utf8 buffers, sync or async; bad input is a typed error
// naming the column, the row and the value.
const test = require('node:test');
const assert = require('node:assert');
const arrears = require('..');
const { thrown, rng } = require('./helpers');

const day = arrears.dayNumber;
const CURRENCIES = ['EUR', 'JPY'];
const SCALES = [2, 0];

/** Minor units at `scale` as a decimal string. */
function text(v, scale) {
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(scale + 1, '0');
  return (neg ? '-' : '') + (scale ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s);
}

/** A decimal string as minor units at `scale`. */
function minor(s, scale) {
  const [whole, frac = ''] = s.split('.');
  return BigInt(whole + frac.padEnd(scale, '0'));
}

/** A random ledger of 9 customers (the last never pays), one or two currencies each, and receipts. */
function ledger(seed, n, m) {
  const r = rng(seed);
  const start = day('2025-01-01');
  const curOf = (c) => (c % 3 === 0 ? [0, 1] : [c % 2]);
  const items = { customer: new Uint32Array(n), currency: new Uint16Array(n), dueDate: new Int32Array(n), open: new BigInt64Array(n), id: [] };
  for (let i = 0; i < n; i++) {
    const c = r(9);
    const ks = curOf(c);
    items.customer[i] = c;
    items.currency[i] = ks[r(ks.length)];
    items.dueDate[i] = start + r(15); // equal due dates: the id decides
    items.open[i] = i % 17 === 0 ? 0n : BigInt(1 + r(50000));
    items.id.push(`INV-${String(r(100000)).padStart(6, '0')}-${i}`);
  }
  const receipts = { customer: new Uint32Array(m), currency: new Uint16Array(m), date: new Int32Array(m), amount: new BigInt64Array(m) };
  for (let j = 0; j < m; j++) {
    const c = r(8);
    const ks = curOf(c);
    receipts.customer[j] = c;
    receipts.currency[j] = ks[r(ks.length)];
    receipts.date[j] = start + r(30);
    receipts.amount[j] = BigInt(1 + r(80000));
  }
  return { items, receipts };
}

/** Each receipt, in date then row order, through allocatePayment on what is still open. */
function expected({ items, receipts }) {
  const n = items.open.length;
  const m = receipts.amount.length;
  const left = Array.from(items.open);
  const applied = new BigInt64Array(n);
  const unapplied = new BigInt64Array(m);
  const order = [...Array(m).keys()].sort((a, b) => receipts.date[a] - receipts.date[b] || a - b);
  for (const j of order) {
    const k = receipts.currency[j];
    const mine = [...Array(n).keys()].filter((i) => items.customer[i] === receipts.customer[j] && items.currency[i] === k && left[i] > 0n);
    if (mine.length === 0) {
      unapplied[j] = receipts.amount[j];
      continue;
    }
    const out = arrears.allocatePayment({
      payment: { amount: text(receipts.amount[j], SCALES[k]), currency: CURRENCIES[k], date: arrears.dateOfDayNumber(receipts.date[j]) },
      items: mine.map((i) => ({ id: items.id[i], currency: CURRENCIES[k], invoice_date: '2024-12-01',
        installments: [{ due_date: arrears.dateOfDayNumber(items.dueDate[i]), amount: text(left[i], SCALES[k]) }] })),
    });
    out.items.forEach((a, x) => {
      const p = minor(a.principal, SCALES[k]);
      applied[mine[x]] += p;
      left[mine[x]] -= p;
    });
    unapplied[j] = minor(out.unapplied, SCALES[k]);
  }
  return { applied, unapplied };
}

/** The ids as Arrow-style utf8 buffers. */
function utf8(ids) {
  const bytes = ids.map((s) => Buffer.from(s, 'utf8'));
  const idOffsets = new Int32Array(ids.length + 1);
  bytes.forEach((b, i) => { idOffsets[i + 1] = idOffsets[i] + b.length; });
  return { idOffsets, idData: new Uint8Array(Buffer.concat(bytes)) };
}

test('the batch equals allocatePayment receipt by receipt, ids as string[] or utf8', () => {
  for (const seed of [1, 2, 3]) {
    const l = ledger(seed, 150, 40);
    const want = expected(l);
    const got = arrears.allocateColumns(l.items, l.receipts);
    assert.deepStrictEqual(got, want);
    const { id, ...rest } = l.items;
    assert.deepStrictEqual(arrears.allocateColumns({ ...rest, ...utf8(id) }, l.receipts, { threads: 2 }), want);
  }
});

test('async resolves to the same result, and rejects with the same errors', async () => {
  const l = ledger(7, 80, 20);
  assert.deepStrictEqual(await arrears.allocateColumnsAsync(l.items, l.receipts), arrears.allocateColumns(l.items, l.receipts));
  const bad = { ...l.receipts, amount: BigInt64Array.from(l.receipts.amount, (a, j) => (j === 3 ? -a : a)) };
  await assert.rejects(arrears.allocateColumnsAsync(l.items, bad),
    (e) => e instanceof arrears.ArrearsError && e.code === 'invalid_amount' && e.field === 'receipts[3].amount');
  await assert.rejects(arrears.allocateColumnsAsync(l.items, l.receipts, { unmatched: 'skip' }), TypeError);
});

test('bad input: typed errors naming the column, the row and the value', () => {
  const d = day('2025-03-01');
  const items = { customer: Uint32Array.of(0, 0, 1), currency: Uint16Array.of(0, 0, 0), dueDate: Int32Array.of(d, d, d),
    open: BigInt64Array.of(1000n, 1000n, 500n), id: ['A', 'B', 'C'] };
  const rec = (customer, currency, amount) => ({ customer: Uint32Array.of(...customer), currency: Uint16Array.of(...currency),
    date: Int32Array.from(customer, () => d), amount: BigInt64Array.of(...amount) });
  const cases = [
    [items, rec([0, 1], [0, 0], [100n, -5n]), ['invalid_amount', 'receipts[1].amount', '-5']],
    [items, rec([0], [0], [0n]), ['invalid_amount', 'receipts[0].amount', '0']],
    [items, rec([0, 7], [0, 0], [100n, 5n]), ['invalid_request', 'receipts[1].customer', '7']],
    [items, rec([0, 1], [0, 3], [100n, 5n]), ['invalid_request', 'receipts[1].currency', '3']],
    [{ ...items, id: ['A', 'B'] }, rec([0], [0], [1n]), ['invalid_request', 'items.id', '2']],
    // an id that repeats an earlier item's: numbered ids (the fast path) and others alike
    [{ ...items, id: ['INV-1', 'INV-2', 'INV-1'] }, rec([0], [0], [1n]), ['invalid_request', 'items[2].id', 'INV-1']],
    [{ ...items, id: ['B', 'A', 'B'] }, rec([0], [0], [1n]), ['invalid_request', 'items[2].id', 'B']],
    [{ ...items, id: undefined, ...utf8(['B', 'A', 'B']) }, rec([0], [0], [1n]), ['invalid_request', 'items[2].id', 'B']],
    [{ ...items, dueDate: Int32Array.of(d) }, rec([0], [0], [1n]), ['invalid_request', 'items.due', '1']],
    [items, { ...rec([0], [0], [1n]), date: Int32Array.of() }, ['invalid_request', 'receipts.date', '0']],
    [{ ...items, id: undefined, idOffsets: Int32Array.of(0, 1, 9, 3), idData: new Uint8Array(3) }, rec([0], [0], [1n]),
      ['invalid_request', 'items.id_offsets', '']],
  ];
  for (const [i, r, [code, field, value]] of cases) {
    assert.deepStrictEqual(thrown(() => arrears.allocateColumns(i, r)), [true, code, field, value], field);
  }
  // left unapplied when asked, nothing else changed
  const out = arrears.allocateColumns(items, rec([0, 7, 1], [0, 0, 3], [300n, 5n, 9n]), { unmatched: 'unapplied' });
  assert.deepStrictEqual([...out.unapplied], [0n, 5n, 9n]);
  assert.deepStrictEqual([...out.applied], [300n, 0n, 0n]);
  // wrong array types are TypeErrors, unknown keys errors naming them, before the core is called
  assert.throws(() => arrears.allocateColumns({ ...items, open: Float64Array.of(1, 2, 3) }, rec([0], [0], [1n])), TypeError);
  assert.throws(() => arrears.allocateColumns({ ...items, customer: ['C1', 'C1', 'C2'] }, rec([0], [0], [1n])), TypeError);
  assert.throws(() => arrears.allocateColumns({ ...items, id: undefined }, rec([0], [0], [1n])), /ids/);
  assert.deepStrictEqual(thrown(() => arrears.allocateColumns(items, { ...rec([0], [0], [1n]), paid: 1 })).slice(0, 3),
    [true, 'invalid_request', 'paid']);
  assert.throws(() => arrears.allocateColumns(items, null), TypeError);
});

/** Each (customer, currency)'s sum of the open amounts above zero, as openBalances lists them. */
function plainBalances(items) {
  const sums = new Map();
  items.open.forEach((v, i) => {
    const key = items.customer[i] * 65536 + items.currency[i];
    sums.set(key, (sums.get(key) || 0n) + (v > 0n ? v : 0n));
  });
  const keys = [...sums.keys()].filter((k) => sums.get(k) > 0n).sort((a, b) => a - b);
  return { customer: Uint32Array.from(keys, (k) => Math.floor(k / 65536)), currency: Uint16Array.from(keys, (k) => k % 65536),
    balance: BigInt64Array.from(keys, (k) => sums.get(k)) };
}

test('openBalances equals the plain sums of the open amounts above zero, sync and async', async () => {
  for (const seed of [1, 2, 3]) {
    const { items } = ledger(seed, 300, 0);
    items.open[5] = -700n; // a credit counts for nothing
    const cols = { customer: items.customer, currency: items.currency, currencies: CURRENCIES, open: items.open };
    const want = plainBalances(items);
    assert.deepStrictEqual(arrears.openBalances(cols), want);
    assert.deepStrictEqual(arrears.openBalances(cols, { threads: 2 }), want);
    assert.deepStrictEqual(await arrears.openBalancesAsync(cols), want);
  }
  // many rows on every core: the same sums
  const { items } = ledger(9, 120_000, 0);
  const cols = { customer: items.customer, currency: items.currency, currencies: CURRENCIES, open: items.open };
  assert.deepStrictEqual(arrears.openBalances(cols), plainBalances(items));
  const none = arrears.openBalances({ customer: new Uint32Array(0), currency: new Uint16Array(0), currencies: [], open: new BigInt64Array(0) });
  assert.deepStrictEqual([none.customer.length, none.currency.length, none.balance.length], [0, 0, 0]);
});

test('openBalances bad input: typed errors naming the column, the row and the value', async () => {
  const items = { customer: Uint32Array.of(0, 1, 0), currency: Uint16Array.of(0, 1, 0), currencies: ['EUR', 'JPY'],
    open: BigInt64Array.of(100n, 5n, 7n) };
  const max = 9223372036854775807n;
  const cases = [
    [{ ...items, customer: Uint32Array.of(0, 1) }, ['invalid_request', 'items.customer', '2']],
    [{ ...items, currency: Uint16Array.of(0) }, ['invalid_request', 'items.currency', '1']],
    [{ ...items, currencies: ['EUR', 'XYZ'] }, ['unknown_currency', 'currencies[1]', 'XYZ']],
    [{ ...items, currencies: ['EUR', 'EUR'] }, ['invalid_request', 'currencies[1]', 'EUR']],
    [{ ...items, currency: Uint16Array.of(0, 2, 5) }, ['invalid_request', 'items[1].currency', '2']],
    [{ ...items, open: BigInt64Array.of(max - 5n, 9n, 6n) }, ['overflow', 'items[2].open', '6']],
  ];
  for (const [i, [code, field, value]] of cases) {
    assert.deepStrictEqual(thrown(() => arrears.openBalances(i)), [true, code, field, value], field);
  }
  await assert.rejects(arrears.openBalancesAsync({ ...items, currencies: ['EUR', 'XYZ'] }),
    (e) => e instanceof arrears.ArrearsError && e.code === 'unknown_currency' && e.field === 'currencies[1]');
  // wrong array types are TypeErrors, unknown keys errors naming them, before the core is called
  assert.throws(() => arrears.openBalances({ ...items, open: Float64Array.of(1, 2, 3) }), TypeError);
  assert.throws(() => arrears.openBalances({ ...items, currencies: undefined }), TypeError);
  assert.throws(() => arrears.openBalances({ ...items, currencies: ['EUR', 7] }), TypeError);
  assert.throws(() => arrears.openBalances(items, { threads: -1 }), TypeError);
  assert.deepStrictEqual(thrown(() => arrears.openBalances({ ...items, dueDate: Int32Array.of(1, 2, 3) })).slice(0, 3),
    [true, 'invalid_request', 'dueDate']);
  await assert.rejects(arrears.openBalancesAsync(null), TypeError);
});
