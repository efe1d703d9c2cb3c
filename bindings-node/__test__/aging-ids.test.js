'use strict';
// agingColumns / agingColumnsAsync with string customer ids (core age_keyed): a string[] and
// Arrow utf8 buffers (customerOffsets + customerData) against the integer-key path on the same
// items with the ids encoded as sorted keys; the result's ids; every error of the string forms;
// Arrow nulls (customerValidity) against nulls in a string[].
const test = require('node:test');
const assert = require('node:assert');
const arrears = require('..');

const AS_OF = '2026-11-24';
const utf8 = new TextEncoder();

const { thrown, rng } = require('./helpers');

/** Compares strings by their UTF-8 bytes (the order of the rows by id). */
function byBytes(a, b) {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Arrow utf8 buffers of a list of ids. */
function arrow(ids) {
  const offsets = new Int32Array(ids.length + 1);
  const parts = ids.map((s) => utf8.encode(s));
  for (let i = 0; i < parts.length; i++) offsets[i + 1] = offsets[i] + parts[i].length;
  const data = new Uint8Array(offsets[ids.length]);
  parts.forEach((p, i) => data.set(p, offsets[i]));
  return { customerOffsets: offsets, customerData: data };
}

// Ids of 0 to 15 UTF-8 bytes: ASCII, prefixes of each other, 2-, 3- and 4-byte characters (whose
// UTF-16 order differs from their byte order: U+FF5E sorts after U+1F600 in UTF-16, before in UTF-8).
const NAMES = [
  '', 'A', 'AB', 'ABC', 'CUST-1', 'CUST-10', 'CUST-2', 'acme', 'ACME-0042', 'Müller GmbH', 'Zoë', '日本商事',
  '\u{FF5E}x', '\u{1F600}x', '123456789012345', 'CUST-000001234', 'Ünal & Söhne', ' lead space',
];

/** n open items with string ids, in several currencies per customer (the list not sorted). */
function portfolio(n, seed) {
  const r = rng(seed);
  const asOf = arrears.dayNumber(AS_OF);
  const ids = [];
  const cols = {
    currency: new Uint16Array(n), currencies: ['USD', 'EUR', 'GBP', 'CHF'],
    dueDate: new Int32Array(n), issueDate: new Int32Array(n), amount: new BigInt64Array(n), scale: 2,
    disputed: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    ids.push(r(4) === 0 ? `C${r(5000)}` : NAMES[r(NAMES.length)]);
    cols.currency[i] = r(4);
    cols.dueDate[i] = asOf - 150 + r(200);
    cols.issueDate[i] = cols.dueDate[i] - r(60);
    cols.amount[i] = BigInt(r(2000000)) - 200000n;
    cols.disputed[i] = r(10) === 0 ? 7 : 0;
  }
  return { ids, cols };
}

/** The same items with the ids encoded as keys: the index of each id among the sorted distinct ids. */
function asKeys(ids) {
  const sorted = [...new Set(ids)].sort(byBytes);
  const index = new Map(sorted.map((s, k) => [s, k]));
  return { sorted, customer: Uint32Array.from(ids, (s) => index.get(s)) };
}

const SPECS = [
  {},
  { basis: 'issue_date', bounds: [15, 45, 90, 180] },
  { notDue: 'fold', credits: 'separate', bounds: [0, 30, 60] },
  { labels: ['current', 'd1_30', 'd31_60', 'd61_90', 'd90_plus'], credits: 'separate' },
];

for (const [k, spec] of SPECS.entries()) {
  test(`string ids give the integer-key path's rows and amounts, the ids in customer (spec ${k})`, () => {
    const { ids, cols } = portfolio(5000, 11 + k);
    const { sorted, customer } = asKeys(ids);
    for (const threads of [1, 2]) {
      const byKey = arrears.agingColumns({ ...cols, customer }, { asOf: AS_OF, ...spec, threads });
      const byId = arrears.agingColumns({ ...cols, customer: ids }, { asOf: AS_OF, ...spec, threads });
      assert.ok(Array.isArray(byId.customer) && byId.customer.every((s) => typeof s === 'string'));
      assert.deepStrictEqual(byId.customer, Array.from(byKey.customer, (key) => sorted[key]));
      const { customer: _a, ...restById } = byId;
      const { customer: _b, ...restByKey } = byKey;
      assert.deepStrictEqual(restById, restByKey);
      // currency indices point into the caller's (unsorted) list, as on the integer path
      assert.deepStrictEqual(byId.currencies, cols.currencies);
      // Arrow buffers give the same as the string[]
      assert.deepStrictEqual(arrears.agingColumns({ ...cols, ...arrow(ids) }, { asOf: AS_OF, ...spec, threads }), byId);
    }
  });
}

test('string ids: several currencies per customer, rows sorted by id bytes then currency code', () => {
  const asOf = arrears.dayNumber('2025-06-30');
  const cols = {
    customer: ['bolt', 'ACME', 'ACME', 'ACME', 'bolt', 'ACME', 'Zoë', 'ACME-1'],
    currency: Uint16Array.of(0, 0, 1, 2, 0, 1, 1, 2),
    currencies: ['USD', 'EUR', 'CHF'],
    dueDate: Int32Array.of(asOf - 5, asOf - 45, asOf + 3, asOf - 100, asOf - 1, asOf - 10, asOf, asOf - 61),
    amount: BigInt64Array.of(100n, 2550n, 300n, -40n, 7n, 5n, 1n, 9n),
    disputed: Uint8Array.of(0, 1, 0, 0, 0, 0, 0, 0),
    scale: 2,
  };
  const t = arrears.agingColumns(cols, { asOf: '2025-06-30' });
  const rows = t.customer.map((id, r) => [id, t.currencies[t.currency[r]], t.buckets.map((b) => b[r]), t.total[r], t.disputed[r], t.items[r]]);
  assert.deepStrictEqual(rows, [
    ['ACME', 'CHF', [0n, 0n, 0n, 0n, -40n], -40n, 0n, 1n],
    ['ACME', 'EUR', [300n, 5n, 0n, 0n, 0n], 305n, 0n, 2n],
    ['ACME', 'USD', [0n, 0n, 2550n, 0n, 0n], 2550n, 2550n, 1n],
    ['ACME-1', 'CHF', [0n, 0n, 0n, 9n, 0n], 9n, 0n, 1n],
    ['Zoë', 'EUR', [1n, 0n, 0n, 0n, 0n], 1n, 0n, 1n],
    ['bolt', 'USD', [0n, 107n, 0n, 0n, 0n], 107n, 0n, 2n],
  ]);
  assert.deepStrictEqual(t.totals.map((x) => [x.currency, x.total, x.items]), [['CHF', -31n, 2n], ['EUR', 306n, 3n], ['USD', 2657n, 3n]]);
});

test('Arrow utf8: offsets need not start at 0, views at any byte offset (a sliced apache-arrow Data)', () => {
  const { ids, cols } = portfolio(300, 5);
  const whole = arrow(['garbage before', ...ids, 'after']);
  const padded = new Uint8Array(whole.customerData.length + 3);
  padded.set(whole.customerData, 3);
  // rows 1..n+1 of the whole, as Data.slice gives them: offsets a subarray, data the whole buffer
  const customerOffsets = whole.customerOffsets.subarray(1, ids.length + 2);
  const customerData = padded.subarray(3);
  const t = arrears.agingColumns({ ...cols, customerOffsets, customerData }, { asOf: AS_OF });
  assert.deepStrictEqual(t, arrears.agingColumns({ ...cols, customer: ids }, { asOf: AS_OF }));
});

test('string ids: many rows on all cores equal one thread, and the async variant gives the same', async () => {
  const { ids, cols } = portfolio(60000, 3);
  const one = arrears.agingColumns({ ...cols, customer: ids }, { asOf: AS_OF, threads: 1 });
  assert.deepStrictEqual(arrears.agingColumns({ ...cols, customer: ids }, { asOf: AS_OF }), one);
  assert.deepStrictEqual(await arrears.agingColumnsAsync({ ...cols, customer: ids }, { asOf: AS_OF }), one);
  assert.deepStrictEqual(await arrears.agingColumnsAsync({ ...cols, ...arrow(ids) }, { asOf: AS_OF, threads: 2 }), one);
  const { sorted, customer } = asKeys(ids);
  const byKey = await arrears.agingColumnsAsync({ ...cols, customer }, { asOf: AS_OF });
  assert.deepStrictEqual(one.customer, Array.from(byKey.customer, (k) => sorted[k]));
});

test('string ids, async: errors reject with the same ArrearsErrors', async () => {
  const { ids, cols } = portfolio(50, 9);
  const nulled = [...ids];
  nulled[7] = null;
  const isError = (code, field) => (e) => e instanceof arrears.ArrearsError && e.code === code && e.field === field;
  await assert.rejects(arrears.agingColumnsAsync({ ...cols, customer: nulled }, { asOf: AS_OF }), isError('invalid_request', 'items[7].customer'));
  const badUtf8 = arrow(ids);
  badUtf8.customerData[badUtf8.customerOffsets[7]] = 0xff;
  await assert.rejects(arrears.agingColumnsAsync({ ...cols, ...badUtf8 }, { asOf: AS_OF }), isError('invalid_request', `customer_data[${badUtf8.customerOffsets[7]}]`));
  // a long id is no error: the async variant gives the sync one's table
  const long = [...ids];
  long[7] = 'a customer id of 25 bytes';
  const [a, s] = [await arrears.agingColumnsAsync({ ...cols, ...arrow(long) }, { asOf: AS_OF }), arrears.agingColumns({ ...cols, customer: long }, { asOf: AS_OF })];
  assert.deepStrictEqual(a.customer, s.customer);
  assert.ok(s.customer.includes('a customer id of 25 bytes'));
  const bad = arrow(ids);
  bad.customerOffsets[4] = bad.customerOffsets[3] - 1;
  await assert.rejects(arrears.agingColumnsAsync({ ...cols, ...bad }, { asOf: AS_OF }), isError('invalid_request', 'customer_offsets[4]'));
  await assert.rejects(arrears.agingColumnsAsync({ ...cols, customer: ids }, { asOf: AS_OF, bounds: [30, 30] }), isError('invalid_request', 'bounds[1]'));
  await assert.rejects(arrears.agingColumnsAsync({ ...cols, customer: [1] }, { asOf: AS_OF }), TypeError);
});

test('empty string columns give an empty table', () => {
  const cols = { currency: new Uint16Array(0), currencies: ['EUR'], dueDate: new Int32Array(0), amount: new BigInt64Array(0), scale: 2 };
  for (const customer of [{ customer: [] }, arrow([]), { customerOffsets: new Int32Array(0), customerData: new Uint8Array(0) }]) {
    const t = arrears.agingColumns({ ...cols, ...customer }, { asOf: AS_OF });
    assert.deepStrictEqual(t.customer, []);
    assert.deepStrictEqual(t.totals, []);
  }
});

// ---------------------------------------------------------------------------------------------
// Errors

const base = () => ({
  currency: Uint16Array.of(0, 0, 0), currencies: ['EUR'], dueDate: Int32Array.of(20000, 20001, 20002),
  amount: BigInt64Array.of(1n, 2n, 3n), scale: 2,
});
const byIds = (ids, cols = {}, opts = {}) => () => arrears.agingColumns({ ...base(), customer: ids, ...cols }, { asOf: AS_OF, ...opts });
const byArrow = (buffers, cols = {}, opts = {}) => () => arrears.agingColumns({ ...base(), ...buffers, ...cols }, { asOf: AS_OF, ...opts });

test('ids of any length group by their bytes, in both forms (past 15 bytes the core interns them)', () => {
  for (const ids of [
    ['A', 'B', 'a customer id of 25 bytes'],
    ['1234567890123456', 'a customer id of 25 bytes', 'C'], // 16 bytes: one past a packed key
    ['A', 'Müller-Lüdenscheid', 'x'.repeat(100)], // 18 characters, 20 bytes
    ['日本商事株式', 'A', '日本商事株式'], // 6 characters, 18 bytes, twice
    ['6f9619ff-8b86-d011-b42d-00cf4fc964ff', 'B', `${'x'.repeat(13)}\u{1F600}`], // a GUID; 13 + 4 bytes
  ]) {
    for (const form of [byIds(ids), byArrow(arrow(ids))]) {
      const t = form();
      const distinct = [...new Set(ids)].sort(byBytes);
      assert.deepStrictEqual(t.customer, distinct);
      const total = (id) => ids.reduce((s, x, i) => (x === id ? s + BigInt(i + 1) : s), 0n);
      assert.deepStrictEqual([...t.total], distinct.map(total));
    }
  }
  // a null after a long id is still the error naming its row
  assert.deepStrictEqual(thrown(byIds(['a customer id of 25 bytes', 'B', null])), [true, 'invalid_request', 'items[2].customer', 'null']);
  assert.deepStrictEqual(thrown(byIds([null, 'a customer id of 25 bytes', 'B'])), [true, 'invalid_request', 'items[0].customer', 'null']);
  // up to 15 bytes, multi-byte characters included, are fine
  const fits = ['123456789012345', `${'x'.repeat(11)}\u{1F600}`, 'Müller-Lüdens', '日本商事株'];
  assert.deepStrictEqual(fits.map((s) => utf8.encode(s).length), [15, 15, 15, 15]);
  const t = arrears.agingColumns({ ...base(), currency: new Uint16Array(4), dueDate: new Int32Array(4).fill(20000),
    amount: BigInt64Array.of(1n, 2n, 3n, 4n), customer: fits }, { asOf: AS_OF });
  assert.deepStrictEqual(t.customer, [...fits].sort(byBytes));
});

test('a null id is an invalid_request naming its row; a non-string is a TypeError', () => {
  assert.deepStrictEqual(thrown(byIds(['A', null, 'C'])), [true, 'invalid_request', 'items[1].customer', 'null']);
  assert.deepStrictEqual(thrown(byIds(['A', 'B', undefined])), [true, 'invalid_request', 'items[2].customer', 'null']);
  const holes = ['A', 'B', 'C'];
  delete holes[0];
  assert.deepStrictEqual(thrown(byIds(holes)), [true, 'invalid_request', 'items[0].customer', 'null']);
  assert.throws(byIds(['A', 7, 'C']), (e) => e instanceof TypeError && /customer\[1\] must be a string, got number/.test(e.message));
  assert.throws(byIds(['A', 'B', { id: 'C' }]), (e) => e instanceof TypeError && /customer\[2\]/.test(e.message));
  assert.throws(byIds(['A', 'B', 3n]), TypeError);
});

test('bad offsets and invalid UTF-8 are invalid_request errors naming the field and index', () => {
  const ok = () => arrow(['AB', 'C', 'DEF']); // offsets [0, 2, 3, 6]
  const withOffsets = (...o) => ({ ...ok(), customerOffsets: Int32Array.from(o) });
  // wrong length: n + 1 entries
  assert.deepStrictEqual(thrown(byArrow(withOffsets(0, 2, 3))), [true, 'invalid_request', 'customer_offsets', '3']);
  assert.deepStrictEqual(thrown(byArrow(withOffsets(0, 2, 3, 6, 6))), [true, 'invalid_request', 'customer_offsets', '5']);
  assert.throws(byArrow(withOffsets(0, 2, 3)), (e) => /4 offsets/.test(e.reason));
  // negative, decreasing, past the end of the data
  assert.deepStrictEqual(thrown(byArrow(withOffsets(-1, 2, 3, 6))), [true, 'invalid_request', 'customer_offsets[0]', '-1']);
  assert.deepStrictEqual(thrown(byArrow(withOffsets(0, 3, 2, 6))), [true, 'invalid_request', 'customer_offsets[2]', '2']);
  assert.throws(byArrow(withOffsets(0, 3, 2, 6)), (e) => /must not decrease/.test(e.reason));
  assert.deepStrictEqual(thrown(byArrow(withOffsets(0, 2, 3, 7))), [true, 'invalid_request', 'customer_offsets[3]', '7']);
  assert.throws(byArrow(withOffsets(0, 2, 3, 7)), (e) => /beyond the end of customerData \(6 bytes\)/.test(e.reason));
  assert.deepStrictEqual(thrown(byArrow(withOffsets(0, 2, 99, 6)))[2], 'customer_offsets[2]');
  // invalid UTF-8: the first bad byte, and the row it is in
  const bytes = Uint8Array.of(0x41, 0x42, 0x43, 0x44, 0xff, 0x46);
  assert.deepStrictEqual(thrown(byArrow({ ...ok(), customerData: bytes })), [true, 'invalid_request', 'customer_data[4]', '0xff']);
  assert.throws(byArrow({ ...ok(), customerData: bytes }), (e) => /not valid UTF-8/.test(e.reason) && /items\[2\]\.customer/.test(e.reason));
  const truncated = Uint8Array.of(0x41, 0xc3, 0x43, 0x44, 0x45, 0x46); // a lead byte with no continuation
  assert.deepStrictEqual(thrown(byArrow({ ...ok(), customerData: truncated })), [true, 'invalid_request', 'customer_data[1]', '0xc3']);
  // valid as a whole, but an offset cuts 'ü' (2 bytes) in two
  const cut = { customerOffsets: Int32Array.of(0, 2, 3, 5), customerData: utf8.encode('Aü-xy') }; // A,0xC3 | 0xBC | -x
  assert.deepStrictEqual(thrown(byArrow(cut)), [true, 'invalid_request', 'customer_offsets[1]', '2']);
  assert.throws(byArrow(cut), (e) => /splits a UTF-8 character/.test(e.reason));
  // bytes outside the rows' range are not read
  const outside = { customerOffsets: Int32Array.of(1, 3, 4, 7), customerData: Uint8Array.of(0xff, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0xff) };
  assert.deepStrictEqual(arrears.agingColumns({ ...base(), ...outside }, { asOf: AS_OF }).customer, ['AB', 'C', 'DEF']);
});

test('the string forms: wrong shapes and types are TypeErrors naming the column', () => {
  const { customerOffsets, customerData } = arrow(['A', 'B', 'C']);
  assert.throws(byArrow({ customerOffsets, customerData, customer: ['A', 'B', 'C'] }), (e) => e instanceof TypeError && /not both/.test(e.message));
  assert.throws(byArrow({ customerOffsets, customerData, customer: Uint32Array.of(1, 2, 3) }), (e) => e instanceof TypeError && /not both/.test(e.message));
  assert.throws(byArrow({ customerOffsets }), (e) => e instanceof TypeError && /customerData column is required/.test(e.message));
  assert.throws(byArrow({ customerData }), (e) => e instanceof TypeError && /customerOffsets column is required/.test(e.message));
  assert.throws(byArrow({ customerOffsets: Uint32Array.from(customerOffsets), customerData }),
    (e) => e instanceof TypeError && /customerOffsets must be a Int32Array, got Uint32Array/.test(e.message));
  assert.throws(byArrow({ customerOffsets, customerData: 'ABC' }), (e) => e instanceof TypeError && /customerData must be a Uint8Array/.test(e.message));
  assert.throws(byIds('ABC'), (e) => e instanceof TypeError && /customer must be a Uint32Array or an array of strings, got string/.test(e.message));
  assert.throws(byIds(undefined), (e) => e instanceof TypeError && /customer column is required/.test(e.message));
  assert.throws(byIds(Int32Array.of(1, 2, 3)), TypeError);
  // a Buffer is a Uint8Array
  const t = arrears.agingColumns({ ...base(), customerOffsets, customerData: Buffer.from(customerData) }, { asOf: AS_OF });
  assert.deepStrictEqual(t.customer, ['A', 'B', 'C']);
});

test('the other columns fail as on the integer-key path (same code, field and value)', () => {
  const cases = [
    [{ dueDate: Int32Array.of(1, 2) }, {}],
    [{ currency: Uint16Array.of(0) }, {}],
    [{ disputed: Uint8Array.of(1) }, {}],
    [{ issueDate: Int32Array.of(1) }, {}],
    [{ dueDate: Int32Array.of(20000, 20001, -800000) }, {}],
    [{ issueDate: Int32Array.of(20000, 9000000, 20000) }, { basis: 'issue_date' }],
    [{ currency: Uint16Array.of(0, 1, 0) }, {}],
    [{ currency: Uint16Array.of(0, 0, 65535) }, {}],
    [{}, { basis: 'issue_date' }],
    [{ currencies: ['EUX'] }, {}],
    [{ currencies: ['EUR', 'EUR'] }, {}],
    [{ currencies: ['EUR', 'JPY', 'EUR'], currency: Uint16Array.of(0, 1, 0) }, {}],
    [{ scale: 19 }, {}],
    [{ scale: -1 }, {}],
    [{ amount: BigInt64Array.of(9223372036854775807n, 1n, 0n) }, {}],
    [{}, { bounds: [30, 20] }],
    [{}, { asOf: '2026-02-30' }],
  ];
  for (const [cols, opts] of cases) {
    const want = thrown(() => arrears.agingColumns({ ...base(), customer: Uint32Array.of(0, 0, 0), ...cols }, { asOf: AS_OF, ...opts }));
    assert.strictEqual(want[0], true, `the integer path rejects ${JSON.stringify(Object.keys(cols))}`);
    // the same customer for all three rows (an overflow needs one group)
    assert.deepStrictEqual(thrown(byIds(['A', 'A', 'A'], cols, opts)), want, `string[]: ${JSON.stringify(Object.keys(cols))} ${JSON.stringify(opts)}`);
    assert.deepStrictEqual(thrown(byArrow(arrow(['A', 'A', 'A']), cols, opts)), want, `arrow: ${JSON.stringify(Object.keys(cols))}`);
    const allValid = { ...arrow(['A', 'A', 'A']), customerValidity: Uint8Array.of(0b111) };
    assert.deepStrictEqual(thrown(byArrow(allValid, cols, opts)), want, `arrow + validity: ${JSON.stringify(Object.keys(cols))}`);
  }
  // column lengths: the customer column too
  assert.deepStrictEqual(thrown(byIds(['A', 'B'])), [true, 'invalid_request', 'customer', '2']);
  assert.deepStrictEqual(thrown(byIds(['A', 'B', 'C', 'D'])), [true, 'invalid_request', 'customer', '4']);
});

// ---------------------------------------------------------------------------------------------
// Arrow nulls: customerValidity, the validity bitmap of the utf8 buffers

/** Everything an error shows: [isArrearsError, name, code, field, value, reason, message]. */
function described(e) {
  return [e instanceof arrears.ArrearsError, e.name, e.code, e.field, e.value, e.reason, e.message];
}
function thrownFully(fn) {
  try { fn(); } catch (e) { return described(e); }
  return ['no error'];
}
async function rejectedFully(promise) {
  try { await promise; } catch (e) { return described(e); }
  return ['no error'];
}

/**
 * Arrow utf8 buffers and validity bitmap of ids where `null` is a null row; a null row's slot
 * holds the bytes `slot(i)` (none by default, as apache-arrow writes them).
 */
function arrowNulls(ids, slot = () => new Uint8Array(0)) {
  const parts = ids.map((s, i) => (s === null ? slot(i) : utf8.encode(s)));
  const customerOffsets = new Int32Array(ids.length + 1);
  for (let i = 0; i < parts.length; i++) customerOffsets[i + 1] = customerOffsets[i] + parts[i].length;
  const customerData = new Uint8Array(customerOffsets[ids.length]);
  parts.forEach((p, i) => customerData.set(p, customerOffsets[i]));
  const customerValidity = new Uint8Array(Math.ceil(ids.length / 8));
  ids.forEach((s, i) => { if (s !== null) customerValidity[i >> 3] |= 1 << (i & 7); });
  return { customerOffsets, customerData, customerValidity };
}

const NULL_ERROR = (row) => [true, 'ArrearsError', 'invalid_request', `items[${row}].customer`, 'null',
  `row ${row} has no customer: every open item needs a customer, currency, date and amount`,
  `items[${row}].customer: invalid request "null": row ${row} has no customer: every open item needs a customer, currency, date and amount`];

test('an Arrow null is the error of a null in a string[] (agingColumns and agingColumnsAsync), naming the first null row', async () => {
  const { ids, cols } = portfolio(200, 21);
  ids[57] = null;
  ids[130] = null;
  const run = (customer, threads) => () => arrears.agingColumns({ ...cols, ...customer }, { asOf: AS_OF, threads });
  const want = thrownFully(run({ customer: ids }, 1));
  assert.deepStrictEqual(want, NULL_ERROR(57));
  for (const slot of [undefined, () => utf8.encode('ghost')]) {
    for (const threads of [1, 2]) {
      assert.deepStrictEqual(thrownFully(run(arrowNulls(ids, slot), threads)), want);
    }
    const later = (customer) => arrears.agingColumnsAsync({ ...cols, ...customer }, { asOf: AS_OF });
    assert.deepStrictEqual(await rejectedFully(later({ customer: ids })), want);
    assert.deepStrictEqual(await rejectedFully(later(arrowNulls(ids, slot))), want);
  }
  // the last row, in the last (partial) byte of the bitmap
  const last = ids.map((id) => id ?? 'Z');
  last[199] = null;
  assert.deepStrictEqual(thrownFully(run(arrowNulls(last), 1)), NULL_ERROR(199));
  assert.deepStrictEqual(thrownFully(run({ customer: last }, 1)), NULL_ERROR(199));
});

test('an all-valid customerValidity gives what no bitmap gives (bits past the last row, extra bytes ignored)', async () => {
  const { ids, cols } = portfolio(1003, 23); // 125 full bytes and 3 bits
  const buffers = arrow(ids);
  const none = arrears.agingColumns({ ...cols, ...buffers }, { asOf: AS_OF });
  const exact = new Uint8Array(126).fill(0xff);
  exact[125] = 0b111; // the bits of rows 1003.. are 0: not rows
  const longer = new Uint8Array(200); // more bytes than needed, the extra ones 0
  longer.set(exact);
  for (const customerValidity of [exact, new Uint8Array(126).fill(0xff), longer, Buffer.from(exact), null, undefined]) {
    for (const threads of [1, 2]) {
      assert.deepStrictEqual(arrears.agingColumns({ ...cols, ...buffers, customerValidity }, { asOf: AS_OF, threads }), none);
    }
    assert.deepStrictEqual(await arrears.agingColumnsAsync({ ...cols, ...buffers, customerValidity }, { asOf: AS_OF }), none);
  }
  // no rows: no bytes needed
  const empty = { currency: new Uint16Array(0), currencies: ['EUR'], dueDate: new Int32Array(0), amount: new BigInt64Array(0), scale: 2 };
  const t = arrears.agingColumns({ ...empty, ...arrow([]), customerValidity: new Uint8Array(0) }, { asOf: AS_OF });
  assert.deepStrictEqual([t.customer, t.totals], [[], []]);
});

test('a null row is not read: its slot empty or not, with any bytes, the error is the null', () => {
  const five = {
    currency: new Uint16Array(5), currencies: ['EUR'], dueDate: Int32Array.of(20000, 20001, 20002, 20003, 20004),
    amount: BigInt64Array.of(1n, 2n, 3n, 4n, 5n), scale: 2,
  };
  const run = (customer) => () => arrears.agingColumns({ ...five, ...customer }, { asOf: AS_OF });
  const ids = ['A', null, 'Bü', null, 'C'];
  const want = thrownFully(run({ customer: ids }));
  assert.deepStrictEqual(want, NULL_ERROR(1));
  const slots = {
    empty: () => new Uint8Array(0),
    'an id': () => utf8.encode('ghost'),
    'longer than 15 bytes': () => utf8.encode('a customer id of 25 bytes'),
    'invalid UTF-8': () => Uint8Array.of(0xff, 0xfe, 0x41),
    'a lone continuation byte (an offset would cut a character)': () => Uint8Array.of(0xbc),
    'a lead byte with no continuation': () => Uint8Array.of(0xc3),
  };
  for (const [name, slot] of Object.entries(slots)) {
    const buffers = arrowNulls(ids, slot);
    assert.deepStrictEqual(thrownFully(run(buffers)), want, `null slots holding ${name}`);
    // the same bytes marked valid are read (and these fail, for what they hold)
    if (name !== 'empty' && name !== 'an id' && name !== 'longer than 15 bytes') {
      const [isArrears, , code, , value] = thrownFully(run({ ...buffers, customerValidity: Uint8Array.of(0b11111) }));
      assert.deepStrictEqual([isArrears, code], [true, 'invalid_request'], `${name} marked valid`);
      assert.notStrictEqual(value, 'null', `${name} marked valid`);
    }
  }
  // a null's offsets are still offsets: they must not decrease or point past the data
  const bad = arrowNulls(ids, () => utf8.encode('xyz'));
  bad.customerOffsets[2] = bad.customerOffsets[1] - 1;
  assert.deepStrictEqual(thrown(run(bad)), [true, 'invalid_request', 'customer_offsets[2]', String(bad.customerOffsets[2])]);
});

test('nulls among valid and too-long ids: an Arrow bitmap fails exactly as a string[] (random mixes)', () => {
  const r = rng(99);
  const garbage = [new Uint8Array(0), utf8.encode('ghost'), utf8.encode('x'.repeat(40)), Uint8Array.of(0xff), Uint8Array.of(0xbc, 0x41)];
  let nulls = 0;
  let fine = 0;
  for (let seed = 0; seed < 300; seed++) {
    const n = 1 + r(20);
    const ids = Array.from({ length: n }, () => {
      const k = r(12);
      return k < 2 ? null : k === 2 ? 'an id of 16 byte' : NAMES[r(NAMES.length)];
    });
    const cols = {
      currency: new Uint16Array(n), currencies: ['EUR'], dueDate: new Int32Array(n).fill(20000),
      amount: BigInt64Array.from(ids, (_, i) => BigInt(i)), scale: 2,
    };
    const run = (customer) => () => arrears.agingColumns({ ...cols, ...customer }, { asOf: AS_OF });
    const want = thrownFully(run({ customer: ids }));
    const slot = () => garbage[r(garbage.length)];
    assert.deepStrictEqual(thrownFully(run(arrowNulls(ids, slot))), want, `seed ${seed}: ${JSON.stringify(ids)}`);
    if (want[0] === 'no error') {
      fine++;
      assert.deepStrictEqual(run(arrowNulls(ids))(), run({ customer: ids })());
    } else if (want[4] === 'null') {
      nulls++;
    }
  }
  assert.ok(nulls > 50 && fine > 20, `the mixes cover both: ${nulls} null errors, ${fine} without error`);
});

test('a customerValidity shorter than a bit a row is an invalid_request naming customer_validity', async () => {
  const nine = {
    currency: new Uint16Array(9), currencies: ['EUR'], dueDate: new Int32Array(9).fill(20000),
    amount: BigInt64Array.of(1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n), scale: 2,
  };
  const ids = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'];
  const run = (customerValidity, cols = nine, buffers = arrow(ids)) => () =>
    arrears.agingColumns({ ...cols, ...buffers, customerValidity }, { asOf: AS_OF });
  // 9 rows need 2 bytes
  assert.deepStrictEqual(thrown(run(Uint8Array.of(0xff))), [true, 'invalid_request', 'customer_validity', '1']);
  assert.throws(run(Uint8Array.of(0xff)), (e) => /amount has 9 rows, so at least 2 bytes, got 1/.test(e.reason));
  assert.deepStrictEqual(run(Uint8Array.of(0xff, 0x01))().customer, ids);
  // an empty bitmap (apache-arrow's nullBitmap of a column with no nulls) says so
  assert.deepStrictEqual(thrown(run(new Uint8Array(0))), [true, 'invalid_request', 'customer_validity', '0']);
  assert.throws(run(new Uint8Array(0)), (e) => /at least 2 bytes, got 0/.test(e.reason) && /empty nullBitmap/.test(e.message));
  // 8 rows fit in one byte
  const eight = { ...nine, currency: new Uint16Array(8), dueDate: new Int32Array(8).fill(20000), amount: nine.amount.slice(0, 8) };
  assert.deepStrictEqual(run(Uint8Array.of(0xff), eight, arrow(ids.slice(0, 8)))().customer, ids.slice(0, 8));
  await assert.rejects(arrears.agingColumnsAsync({ ...nine, ...arrow(ids), customerValidity: Uint8Array.of(0xff) }, { asOf: AS_OF }),
    (e) => e instanceof arrears.ArrearsError && e.code === 'invalid_request' && e.field === 'customer_validity' && e.value === '1');
});

test('customerValidity without customerOffsets + customerData, or not a Uint8Array, is a TypeError', async () => {
  const validity = Uint8Array.of(0b111);
  const only = /customerValidity \(an Arrow validity bitmap\) goes only with customerOffsets \+ customerData/;
  assert.throws(byIds(['A', 'B', 'C'], { customerValidity: validity }), (e) => e instanceof TypeError && only.test(e.message));
  assert.throws(byIds(Uint32Array.of(1, 2, 3), { customerValidity: validity }), (e) => e instanceof TypeError && only.test(e.message));
  assert.throws(byIds(undefined, { customerValidity: validity }), (e) => e instanceof TypeError && only.test(e.message));
  // a bitmap of a string[] is an error even when all rows are valid, and with a null in the array
  assert.throws(byIds(['A', null, 'C'], { customerValidity: Uint8Array.of(0b101) }), TypeError);
  const buffers = arrow(['A', 'B', 'C']);
  for (const [bad, got] of [
    [Uint8ClampedArray.of(7), 'Uint8ClampedArray'], [Int8Array.of(7), 'Int8Array'], [Uint16Array.of(7), 'Uint16Array'],
    [[1, 1, 1], 'an array'], [[true, true, true], 'an array'], ['111', 'string'], [7, 'number'], [7n, 'bigint'],
  ]) {
    const message = new RegExp(`customerValidity must be a Uint8Array, got ${got}$`);
    assert.throws(byArrow({ ...buffers, customerValidity: bad }), (e) => e instanceof TypeError && message.test(e.message), got);
    await assert.rejects(arrears.agingColumnsAsync({ ...base(), ...buffers, customerValidity: bad }, { asOf: AS_OF }),
      (e) => e instanceof TypeError && /agingColumnsAsync: customerValidity must be a Uint8Array/.test(e.message));
  }
  await assert.rejects(arrears.agingColumnsAsync({ ...base(), customer: ['A', 'B', 'C'], customerValidity: validity }, { asOf: AS_OF }),
    (e) => e instanceof TypeError && only.test(e.message));
  // a Buffer is a Uint8Array
  assert.throws(byArrow({ ...arrowNulls(['A', null, 'C']), customerValidity: Buffer.from([0b101]) }),
    (e) => e instanceof arrears.ArrearsError && e.field === 'items[1].customer');
});
