'use strict';
// The columnar entry points: agingColumns (typed arrays -> core age_columns) against the `aging`
// wire op on the same data, and scheduleBatch (-> core schedule_columns) against schedule() per
// invoice; their typed errors; dayNumber / dateOfDayNumber.
const test = require('node:test');
const assert = require('node:assert');
const arrears = require('..');

const { thrown, rng } = require('./helpers');

const CURRENCIES = ['EUR', 'JPY', 'USD'];
const SCALE = 2;
const AS_OF = '2026-11-24';

/** n open items as columns and as wire items (amounts at scale 2; JPY amounts whole yen). */
function portfolio(n, seed) {
  const r = rng(seed);
  const asOf = arrears.dayNumber(AS_OF);
  const cols = {
    customer: new Uint32Array(n), currency: new Uint16Array(n), currencies: CURRENCIES,
    dueDate: new Int32Array(n), issueDate: new Int32Array(n), amount: new BigInt64Array(n), scale: SCALE,
    disputed: new Uint8Array(n),
  };
  const items = [];
  for (let i = 0; i < n; i++) {
    const cur = r(3);
    let cents = BigInt(r(2000000)) - 200000n; // some credits, some zeros
    if (CURRENCIES[cur] === 'JPY') cents = (cents / 100n) * 100n;
    cols.customer[i] = r(40);
    cols.currency[i] = cur;
    cols.dueDate[i] = asOf - 150 + r(200);
    cols.issueDate[i] = cols.dueDate[i] - 30;
    cols.amount[i] = cents;
    cols.disputed[i] = r(10) === 0 ? 1 : 0;
    const neg = cents < 0n;
    const abs = neg ? -cents : cents;
    const text = `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
    items.push({
      customer: `C${String(cols.customer[i]).padStart(3, '0')}`, currency: CURRENCIES[cur],
      due_date: arrears.dateOfDayNumber(cols.dueDate[i]), issue_date: arrears.dateOfDayNumber(cols.issueDate[i]),
      amount: text, disputed: cols.disputed[i] === 1,
    });
  }
  return { cols, items };
}

/** Minor units at `scale` as the decimal text the wire report gives for `currency`. */
function text(minor, scale, currency) {
  const digits = arrears.currency(currency).minor_units;
  const neg = minor < 0n;
  let abs = neg ? -minor : minor;
  const div = 10n ** BigInt(scale - digits);
  assert.strictEqual(abs % div, 0n);
  abs /= div;
  if (digits === 0) return `${neg ? '-' : ''}${abs}`;
  const unit = 10n ** BigInt(digits);
  return `${neg ? '-' : ''}${abs / unit}.${String(abs % unit).padStart(digits, '0')}`;
}

/** The columnar result in the wire report's shape (rows and totals), to compare with `aging`. */
function asReport(t) {
  const rows = [];
  for (let r = 0; r < t.customer.length; r++) {
    const currency = t.currencies[t.currency[r]];
    rows.push({
      customer: `C${String(t.customer[r]).padStart(3, '0')}`, currency,
      buckets: t.buckets.map((col) => text(col[r], t.scale, currency)),
      disputed: text(t.disputed[r], t.scale, currency), total: text(t.total[r], t.scale, currency), items: Number(t.items[r]),
    });
  }
  const totals = t.totals.map((x) => ({
    currency: x.currency, buckets: x.buckets.map((v) => text(v, t.scale, x.currency)),
    disputed: text(x.disputed, t.scale, x.currency), total: text(x.total, t.scale, x.currency), items: Number(x.items),
  }));
  return { columns: t.columns, rows, totals };
}

const SPECS = [
  {},
  { basis: 'issue_date', bounds: [15, 45, 90, 180] },
  { notDue: 'fold', credits: 'separate', bounds: [0, 30, 60] },
  { labels: ['current', 'd1_30', 'd31_60', 'd61_90', 'd90_plus'], credits: 'separate' },
];

for (const [k, spec] of SPECS.entries()) {
  test(`agingColumns equals the aging op on the same items (spec ${k})`, () => {
    const { cols, items } = portfolio(3000, 7 + k);
    const t = arrears.agingColumns(cols, { asOf: AS_OF, ...spec, threads: 2 });
    const wire = arrears.aging({
      as_of: AS_OF, items, basis: spec.basis, bounds: spec.bounds, labels: spec.labels, not_due: spec.notDue, credits: spec.credits,
    });
    const mine = asReport(t);
    assert.deepStrictEqual(mine.columns, wire.columns);
    assert.deepStrictEqual(mine.rows, wire.rows);
    assert.deepStrictEqual(mine.totals, wire.totals.map(({ percent_current: _, ...rest }) => rest));
    // Result types: typed arrays, one BigInt64Array per column.
    assert.ok(t.customer instanceof Uint32Array && t.currency instanceof Uint16Array);
    assert.ok([...t.buckets, t.total, t.disputed, t.items].every((a) => a instanceof BigInt64Array && a.length === t.customer.length));
    assert.strictEqual(t.buckets.length, t.columns.length);
  });
}

test('agingColumns: threads do not change the result; the async variant gives the same', async () => {
  const { cols } = portfolio(60000, 3);
  const one = arrears.agingColumns(cols, { asOf: AS_OF, threads: 1 });
  assert.deepStrictEqual(arrears.agingColumns(cols, { asOf: AS_OF, threads: 2 }), one);
  assert.deepStrictEqual(arrears.agingColumns(cols, { asOf: AS_OF }), one);
  assert.deepStrictEqual(await arrears.agingColumnsAsync(cols, { asOf: AS_OF }), one);
  await assert.rejects(arrears.agingColumnsAsync(cols, { asOf: AS_OF, bounds: [30, 30] }),
    (e) => e instanceof arrears.ArrearsError && e.code === 'invalid_request' && e.field === 'bounds[1]');
  await assert.rejects(arrears.agingColumnsAsync(cols, {}), TypeError);
  await assert.rejects(arrears.agingColumnsAsync(cols, { asOf: 'x' }), (e) => e instanceof arrears.ArrearsError && e.field === 'as_of');
});

test('agingColumns: partitions merged equal the whole (agingMerge of the wire reports)', () => {
  const { items } = portfolio(500, 11);
  const whole = arrears.aging({ as_of: AS_OF, items });
  const merged = arrears.agingMerge([arrears.aging({ as_of: AS_OF, items: items.slice(0, 200) }), arrears.aging({ as_of: AS_OF, items: items.slice(200) })]);
  assert.deepStrictEqual(merged, whole);
  assert.deepStrictEqual(arrears.agingMerge({ reports: [whole] }), whole);
});

test('agingColumns: empty columns give an empty table', () => {
  const t = arrears.agingColumns({
    customer: new Uint32Array(0), currency: new Uint16Array(0), currencies: ['EUR'], dueDate: new Int32Array(0),
    amount: new BigInt64Array(0), scale: 2,
  }, { asOf: AS_OF });
  assert.strictEqual(t.customer.length, 0);
  assert.deepStrictEqual(t.totals, []);
});

test('agingColumns: typed errors', () => {
  const base = () => ({
    customer: Uint32Array.of(1, 2, 3), currency: Uint16Array.of(0, 0, 0), currencies: ['EUR'],
    dueDate: Int32Array.of(20000, 20001, 20002), amount: BigInt64Array.of(1n, 2n, 3n), scale: 2,
  });
  const age = (cols, opts = {}) => () => arrears.agingColumns({ ...base(), ...cols }, { asOf: AS_OF, ...opts });
  // columns of different lengths, naming the column
  assert.deepStrictEqual(thrown(age({ dueDate: Int32Array.of(1, 2) })), [true, 'invalid_request', 'due_date', '2']);
  assert.deepStrictEqual(thrown(age({ customer: Uint32Array.of(1) })), [true, 'invalid_request', 'customer', '1']);
  assert.deepStrictEqual(thrown(age({ disputed: Uint8Array.of(1) })), [true, 'invalid_request', 'disputed', '1']);
  // the first bad row, named
  const bad = base().dueDate; bad[2] = -800000;
  assert.deepStrictEqual(thrown(age({ dueDate: bad })), [true, 'date_out_of_range', 'items[2].due_date', '-800000']);
  // (the core's aging kernel calls an index outside the list invalid_request; schedule_columns says unknown_currency)
  assert.deepStrictEqual(thrown(age({ currency: Uint16Array.of(0, 1, 0) })), [true, 'invalid_request', 'items[1].currency', '1']);
  assert.deepStrictEqual(thrown(age({}, { basis: 'issue_date' }))[1], 'invalid_request');
  assert.deepStrictEqual(thrown(age({}, { basis: 'issue_date' }))[2], 'issue_date');
  // unsorted / duplicate bounds
  assert.deepStrictEqual(thrown(age({}, { bounds: [30, 20] })), [true, 'invalid_request', 'bounds[1]', '20']);
  assert.deepStrictEqual(thrown(age({}, { bounds: [30, 30, 60] })), [true, 'invalid_request', 'bounds[1]', '30']);
  assert.deepStrictEqual(thrown(age({}, { bounds: [] })), [true, 'invalid_request', 'bounds', '[]']);
  assert.deepStrictEqual(thrown(age({}, { labels: ['a'] })), [true, 'invalid_request', 'labels', '1']);
  // currencies, scale, options
  assert.deepStrictEqual(thrown(age({ currencies: ['EUX'] })), [true, 'unknown_currency', 'currencies[0]', 'EUX']);
  assert.deepStrictEqual(thrown(age({ scale: 19 })), [true, 'invalid_precision', 'scale', '19']);
  assert.deepStrictEqual(thrown(age({ scale: -1 })), [true, 'invalid_precision', 'scale', '-1']);
  assert.deepStrictEqual(thrown(age({}, { asOf: '2026-02-30' })), [true, 'invalid_date', 'as_of', '2026-02-30']);
  assert.deepStrictEqual(thrown(age({}, { asOf: new Date('2026-01-01T10:00:00Z') }))[1], 'invalid_date');
  assert.deepStrictEqual(thrown(age({}, { as_of: AS_OF })), [true, 'invalid_request', 'as_of', 'as_of']);
  assert.deepStrictEqual(thrown(age({ due: Int32Array.of(1) })), [true, 'invalid_request', 'due', 'due']);
  // wrong array types are TypeErrors naming the column
  assert.throws(age({ amount: Float64Array.of(1, 2, 3) }), (e) => e instanceof TypeError && /amount must be a BigInt64Array, got Float64Array/.test(e.message));
  assert.throws(age({ customer: [1, 2, 3] }), TypeError);
  assert.throws(age({ dueDate: undefined }), (e) => e instanceof TypeError && /dueDate column is required/.test(e.message));
  assert.throws(age({ currencies: 'EUR' }), TypeError);
  assert.throws(age({}, { threads: -1 }), TypeError);
  assert.throws(() => arrears.agingColumns(null, { asOf: AS_OF }), TypeError);
  assert.throws(() => arrears.agingColumns(base()), TypeError);
});

test('agingColumns reads a typed array view at an offset (subarray) correctly', () => {
  const big = BigInt64Array.of(999n, 1n, 2n, 3n);
  const t = arrears.agingColumns({
    customer: Uint32Array.of(9, 1, 1, 2).subarray(1), currency: new Uint16Array(3), currencies: ['EUR'],
    dueDate: Int32Array.of(0, 20000, 20000, 20000).subarray(1), amount: big.subarray(1), scale: 2,
  }, { asOf: AS_OF });
  assert.deepStrictEqual([...t.customer], [1, 2]);
  assert.deepStrictEqual([...t.total], [3n, 3n]);
});

// ---------------------------------------------------------------------------------------------

const README_TERMS = { lines: [{ kind: 'percent', value: '30' }, { kind: 'balance', due: ['end_of_month', { add_days: 60 }] }] };
const TERMS = [README_TERMS, '2/10 net 30', '30/60/90', '3/10 2/20 net 45 EOM', 'COD'];

/** One invoice's rows of a batch result, in the wire schedule's installment shape. */
function batchInstallments(out, i, currency) {
  const scale = out.scales[CURRENCIES.indexOf(currency)];
  const rows = [];
  for (let k = out.offsets[i]; k < out.offsets[i + 1]; k++) {
    const inst = { line: out.line[k], due_date: arrears.dateOfDayNumber(out.dueDate[k]), amount: text(out.amount[k], scale, currency) };
    const discounts = [];
    for (let d = out.discountOffsets[k]; d < out.discountOffsets[k + 1]; d++) {
      discounts.push({
        deadline: arrears.dateOfDayNumber(out.discountDeadline[d]), discount: text(out.discountAmount[d], scale, currency),
        payable: text(out.amount[k] - out.discountAmount[d], scale, currency),
      });
    }
    if (discounts.length) inst.discounts = discounts;
    rows.push(inst);
  }
  return rows;
}

test('scheduleBatch (and its async variant) equals schedule() invoice by invoice (mixed terms, currencies, credits)', async () => {
  const r = rng(5);
  const n = 2000;
  const inv = { total: new BigInt64Array(n), currency: new Uint16Array(n), baseDate: new Int32Array(n), terms: new Uint32Array(n) };
  for (let i = 0; i < n; i++) {
    inv.currency[i] = r(3);
    inv.total[i] = BigInt(r(10000000)) - 1000000n;
    inv.baseDate[i] = arrears.dayNumber('2020-01-01') + r(3650);
    inv.terms[i] = r(TERMS.length);
  }
  const out = arrears.scheduleBatch(TERMS, CURRENCIES, inv);
  assert.strictEqual(out.offsets.length, n + 1);
  assert.deepStrictEqual(await arrears.scheduleBatchAsync(TERMS, CURRENCIES, inv), out);
  await assert.rejects(arrears.scheduleBatchAsync(['net thirty'], CURRENCIES, inv),
    (e) => e instanceof arrears.ArrearsError && e.code === 'invalid_terms' && e.field.startsWith('terms_list[0]'));
  await assert.rejects(arrears.scheduleBatchAsync(['net 30'], CURRENCIES, { ...inv, total: [1n] }), TypeError);
  assert.deepStrictEqual([...out.scales], [2, 0, 2]);
  const parsed = TERMS.map((t) => (typeof t === 'string' ? arrears.parseTerms(t).terms : t));
  for (let i = 0; i < n; i++) {
    const currency = CURRENCIES[inv.currency[i]];
    const total = text(inv.total[i], arrears.currency(currency).minor_units, currency);
    const s = arrears.schedule({ total, currency, base_date: arrears.dateOfDayNumber(inv.baseDate[i]), terms: parsed[inv.terms[i]] });
    assert.deepStrictEqual(batchInstallments(out, i, currency), s.installments, `invoice ${i}`);
  }
});

test('scheduleBatch: one terms for all invoices, options (rounding, calendar, notation)', () => {
  const day = arrears.dayNumber('2026-01-31');
  const inv = { total: BigInt64Array.of(5n, 100000n), currency: Uint16Array.of(0, 0), baseDate: Int32Array.of(day, day) };
  const terms = { lines: [{ kind: 'percent', value: '50' }, { kind: 'balance', due: [{ add_days: 1 }] }], adjustment: 'following' };
  const opts = { rounding: 'half_even', calendar: { holidays: ['2026-02-02'] } };
  const out = arrears.scheduleBatch([terms], ['EUR'], inv, opts);
  for (const [i, total] of ['0.05', '1000.00'].entries()) {
    const s = arrears.schedule({ total, currency: 'EUR', base_date: '2026-01-31', terms, ...opts });
    assert.deepStrictEqual(batchInstallments(out, i, 'EUR'), s.installments);
  }
  const uk = arrears.scheduleBatch(['net 30 EOM'], ['EUR'], inv, { notation: { eom: 'uk' } });
  const s = arrears.schedule({ total: '0.05', currency: 'EUR', base_date: '2026-01-31', terms: arrears.parseTerms('net 30 EOM', { eom: 'uk' }).terms });
  assert.deepStrictEqual(batchInstallments(uk, 0, 'EUR'), s.installments);
  const empty = arrears.scheduleBatch(['net 30'], ['EUR'], { total: new BigInt64Array(0), currency: new Uint16Array(0), baseDate: new Int32Array(0) });
  assert.deepStrictEqual([...empty.offsets], [0]);
});

test('scheduleBatch: typed errors', () => {
  const inv = () => ({ total: BigInt64Array.of(100n, 200n), currency: Uint16Array.of(0, 0), baseDate: Int32Array.of(20000, 20000) });
  const batch = (cols = {}, terms = ['net 30'], opts = {}, currencies = ['EUR']) => () => arrears.scheduleBatch(terms, currencies, { ...inv(), ...cols }, opts);
  assert.deepStrictEqual(thrown(batch({ baseDate: Int32Array.of(1) })), [true, 'invalid_request', 'base_date', '1']);
  assert.deepStrictEqual(thrown(batch({ currency: Uint16Array.of(0, 4) })), [true, 'unknown_currency', 'invoices[1].currency', '4']);
  assert.deepStrictEqual(thrown(batch({ terms: Uint32Array.of(0, 1) })), [true, 'invalid_request', 'invoices[1].terms', '1']);
  assert.deepStrictEqual(thrown(batch({ baseDate: Int32Array.of(20000, 9999999) })), [true, 'date_out_of_range', 'invoices[1].base_date', '9999999']);
  assert.deepStrictEqual(thrown(batch({}, [])), [true, 'invalid_request', 'terms', '[]']);
  assert.deepStrictEqual(thrown(batch({}, ['net thirty']))[1], 'invalid_terms');
  assert.match(thrown(batch({}, ['net thirty']))[2], /^terms_list\[0\]/);
  assert.deepStrictEqual(thrown(batch({}, [{ lines: [{ kind: 'percent', value: '150' }] }])),
    [true, 'invalid_terms', 'terms_list[0].lines[0].value', '150']);
  assert.deepStrictEqual(thrown(batch({}, ['net 30'], {}, ['EUX'])), [true, 'unknown_currency', 'currencies[0]', 'EUX']);
  assert.deepStrictEqual(thrown(batch({}, ['net 30'], { rounding: 'bankers' })), [true, 'invalid_rounding', 'rounding', 'bankers']);
  assert.deepStrictEqual(thrown(batch({}, ['net 30'], { rouding: 'half_up' })), [true, 'invalid_request', 'rouding', 'rouding']);
  assert.deepStrictEqual(thrown(batch({ base_date: Int32Array.of(1) })), [true, 'invalid_request', 'base_date', 'base_date']);
  // a schedule error names the invoice
  const over = { lines: [{ kind: 'fixed', value: '5' }, { kind: 'balance' }] };
  assert.deepStrictEqual(thrown(batch({}, [over]))[1], 'invalid_terms');
  assert.match(thrown(batch({}, [over]))[2], /^invoices\[0\]\./);
  assert.throws(batch({ total: Int32Array.of(1, 2) }), (e) => e instanceof TypeError && /total must be a BigInt64Array/.test(e.message));
  assert.throws(() => arrears.scheduleBatch('net 30', ['EUR'], inv()), TypeError);
  assert.throws(() => arrears.scheduleBatch(['net 30'], 'EUR', inv()), TypeError);
  assert.throws(() => arrears.scheduleBatch(['net 30'], ['EUR'], null), TypeError);
});

test('dayNumber and dateOfDayNumber', () => {
  assert.strictEqual(arrears.dayNumber('1970-01-01'), 0);
  assert.strictEqual(arrears.dayNumber(new Date('2026-01-31')), 20484);
  assert.strictEqual(arrears.dayNumber('0001-01-01'), -719162);
  assert.strictEqual(arrears.dateOfDayNumber(2932896), '9999-12-31');
  assert.strictEqual(arrears.dateOfDayNumber(-1), '1969-12-31');
  assert.deepStrictEqual(thrown(() => arrears.dayNumber('2026-02-30')), [true, 'invalid_date', 'date', '2026-02-30']);
  assert.deepStrictEqual(thrown(() => arrears.dayNumber(new Date('2026-01-31T10:00:00Z')))[1], 'invalid_date');
  assert.deepStrictEqual(thrown(() => arrears.dateOfDayNumber(2932897)), [true, 'date_out_of_range', 'day', '2932897']);
  assert.deepStrictEqual(thrown(() => arrears.dateOfDayNumber(1.5))[1], 'date_out_of_range');
});
