'use strict';
// interestColumns: late interest over typed-array columns equals interest() invoice by invoice
// (figures, statuses, breakdown lines and errors), by payment rows or invoice ids, sync or async.
const test = require('node:test');
const assert = require('node:assert');
const arrears = require('..');
const { thrown, rng } = require('./helpers');

const day = arrears.dayNumber;
const SCALES = { EUR: 2, JPY: 0 };

/** Minor units at `scale` as a decimal string. */
function text(v, scale) {
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(scale + 1, '0');
  return (neg ? '-' : '') + (scale ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s);
}

/** A random ledger: invoices, some not due, and payments on some of them (a few on none). */
function ledger(seed, n, m) {
  const r = rng(seed);
  const asOf = day('2025-12-31');
  const currencies = ['EUR', 'JPY'];
  const inv = {
    dueDate: new Int32Array(n), amount: new BigInt64Array(n), currency: new Uint16Array(n), currencies,
    issueDate: new Int32Array(n), id: [],
  };
  for (let i = 0; i < n; i++) {
    inv.currency[i] = i % 4 === 0 ? 1 : 0;
    inv.dueDate[i] = asOf - 700 + r(760);
    inv.issueDate[i] = inv.dueDate[i] - r(60);
    inv.amount[i] = i % 13 === 0 ? 0n : BigInt(1 + r(3000000));
    inv.id.push(`INV-${String(i).padStart(5, '0')}`);
  }
  const pay = { invoice: new Uint32Array(m), invoiceId: [], date: new Int32Array(m), amount: new BigInt64Array(m) };
  for (let j = 0; j < m; j++) {
    const i = r(n);
    pay.invoice[j] = j % 29 === 0 ? 0xffffffff : i;
    pay.invoiceId.push(j % 29 === 0 ? 'CLOSED-1' : inv.id[i]);
    pay.date[j] = inv.issueDate[i] + r(500);
    pay.amount[j] = BigInt(1 + r(Number(inv.amount[i] / 2n) + 1));
  }
  return { inv, pay, asOf };
}

/** interest() of invoice i of a ledger, through the object API. */
function one(l, i, rule, extra = {}) {
  const { inv, pay } = l;
  const cur = inv.currencies[inv.currency[i]];
  const scale = SCALES[cur];
  const events = [];
  for (let j = 0; j < pay.invoice.length; j++) {
    if (pay.invoice[j] === i) events.push({ date: arrears.dateOfDayNumber(pay.date[j]), amount: text(pay.amount[j], scale) });
  }
  return arrears.interest({
    principal: text(inv.amount[i], scale), currency: cur, due_date: arrears.dateOfDayNumber(inv.dueDate[i]),
    invoice_date: arrears.dateOfDayNumber(inv.issueDate[i]), as_of: arrears.dateOfDayNumber(l.asOf), events, rule, ...extra,
  });
}

function rowsOnly(inv) {
  const { id, ...rest } = inv;
  return rest;
}

function sameAsOneByOne(l, out, rule, what) {
  const { inv } = l;
  assert.strictEqual(out.interest.length, inv.amount.length, what);
  let charged = 0;
  for (let i = 0; i < inv.amount.length; i++) {
    const want = one(l, i, rule);
    const scale = out.scales[inv.currency[i]];
    assert.deepStrictEqual([text(out.interest[i], scale), arrears.INTEREST_STATUSES[out.status[i]]], [want.interest, want.status],
      `${what}: invoice ${i}`);
    if (want.status === 'charged') charged++;
  }
  assert.ok(charged > inv.amount.length / 3, `${what}: only ${charged} charged`);
}

test('the documented example', () => {
  const r = arrears.interestColumns(
    { dueDate: Int32Array.of(day('2025-03-01'), day('2025-06-01')), amount: BigInt64Array.of(100000n, 50000n),
      currency: Uint16Array.of(0, 0), currencies: ['EUR'] },
    { invoice: Uint32Array.of(0), date: Int32Array.of(day('2025-03-11')), amount: BigInt64Array.of(20000n) },
    { asOf: '2025-03-31', rule: { rate: '10.25' } });
  assert.deepStrictEqual(r.interest, BigInt64Array.of(730n, 0n));
  assert.deepStrictEqual([...r.status].map((s) => arrears.INTEREST_STATUSES[s]), ['charged', 'not_due']);
  assert.deepStrictEqual(r.scales, Uint32Array.of(2));
  assert.strictEqual(r.periods, undefined);
});

test('a fixed rate with grace: the batch equals interest() invoice by invoice', () => {
  const l = ledger(11, 400, 500);
  const rule = { rate: '9.12', grace_days: 5 };
  const out = arrears.interestColumns(rowsOnly(l.inv), { invoice: l.pay.invoice, date: l.pay.date, amount: l.pay.amount },
    { asOf: '2025-12-31', rule, threads: 2 });
  sameAsOneByOne(l, out, rule, 'fixed rate');
});

test('a reference table fixed per half-year, act/act, and monthly compounding equal interest()', () => {
  const l = ledger(12, 250, 300);
  const table = arrears.rateTable('ecb_mro').table;
  for (const rule of [
    { reference: { table, margin: '8', fixing: 'split_by_half_year' }, day_count: 'act/act' },
    { reference: { table, margin: '5', fixing: 'fixed_at_start' } },
    { rate: '12', compounding: 'monthly', day_count: '30E/360' },
  ]) {
    const out = arrears.interestColumns(rowsOnly(l.inv), { invoice: l.pay.invoice, date: l.pay.date, amount: l.pay.amount },
      { asOf: new Date('2025-12-31'), rule });
    sameAsOneByOne(l, out, rule, JSON.stringify(rule).slice(0, 60));
  }
});

test('the breakdown as a flat table equals interest().periods', () => {
  const l = ledger(13, 120, 150);
  const rule = { reference: { table: arrears.rateTable('ecb_mro').table, margin: '8', fixing: 'split_at_each_change' } };
  const out = arrears.interestColumns(rowsOnly(l.inv), { invoice: l.pay.invoice, date: l.pay.date, amount: l.pay.amount },
    { asOf: '2025-12-31', rule, breakdown: true });
  const p = out.periods;
  assert.strictEqual(p.offsets.length, 121);
  for (let i = 0; i < 120; i++) {
    const scale = out.scales[l.inv.currency[i]];
    const got = [];
    for (let k = p.offsets[i]; k < p.offsets[i + 1]; k++) {
      got.push([arrears.dateOfDayNumber(p.from[k]), arrears.dateOfDayNumber(p.to[k]), p.days[k], text(p.principal[k], scale),
        text(p.rate[k], 6).replace(/\.?0+$/, ''), p.dayBasis[k], text(p.interest[k], scale)]);
    }
    const want = one(l, i, rule).periods.map((q) => [q.from, q.to, q.days, q.principal, q.rate, q.day_basis, q.interest]);
    assert.deepStrictEqual(got, want, `invoice ${i}`);
  }
});

test('payments by invoice id equal payments by row; unmatched ids are an error or skipped', () => {
  const l = ledger(14, 200, 260);
  const rule = { rate: '8' };
  const byRow = arrears.interestColumns(rowsOnly(l.inv), { invoice: l.pay.invoice, date: l.pay.date, amount: l.pay.amount },
    { asOf: '2025-12-31', rule });
  const payIds = { invoiceId: l.pay.invoiceId, date: l.pay.date, amount: l.pay.amount };
  const byId = arrears.interestColumns(l.inv, payIds, { asOf: '2025-12-31', rule, unmatched: 'skip' });
  assert.deepStrictEqual(byId, byRow);
  // the same ids as Arrow-style utf8 buffers (apache-arrow's valueOffsets + values), read in place
  const utf8 = (ids) => {
    const data = new TextEncoder().encode(ids.join(''));
    const offsets = new Int32Array(ids.length + 1);
    ids.forEach((id, i) => { offsets[i + 1] = offsets[i] + new TextEncoder().encode(id).length; });
    return [offsets, data];
  };
  const [idOffsets, idData] = utf8(l.inv.id);
  const [invoiceIdOffsets, invoiceIdData] = utf8(l.pay.invoiceId);
  const { id, ...noIds } = l.inv;
  const byUtf8 = arrears.interestColumns({ ...noIds, idOffsets, idData },
    { invoiceIdOffsets, invoiceIdData, date: l.pay.date, amount: l.pay.amount }, { asOf: '2025-12-31', rule, unmatched: 'skip' });
  assert.deepStrictEqual(byUtf8, byRow);
  assert.deepStrictEqual(arrears.interestColumns({ ...noIds, idOffsets, idData }, payIds, { asOf: '2025-12-31', rule, unmatched: 'skip' }), byRow);
  assert.deepStrictEqual(thrown(() => arrears.interestColumns({ ...noIds, idOffsets: idOffsets.subarray(1), idData }, payIds,
    { asOf: '2025-12-31', rule, unmatched: 'skip' })).slice(0, 3), [true, 'invalid_request', 'id_offsets']);
  assert.throws(() => arrears.interestColumns({ ...l.inv, idOffsets, idData }, payIds, { asOf: '2025-12-31', rule }), TypeError);
  assert.throws(() => arrears.interestColumns({ ...noIds, idOffsets }, payIds, { asOf: '2025-12-31', rule }), TypeError);
  assert.throws(() => arrears.interestColumns(l.inv, { ...payIds, invoiceIdOffsets, invoiceIdData }, { asOf: '2025-12-31', rule }), TypeError);
  assert.deepStrictEqual(thrown(() => arrears.interestColumns(l.inv, payIds, { asOf: '2025-12-31', rule })),
    [true, 'invalid_request', 'payments[0].invoice_id', 'CLOSED-1']);
  assert.deepStrictEqual(thrown(() => arrears.interestColumns(rowsOnly(l.inv), payIds, { asOf: '2025-12-31', rule })).slice(0, 3),
    [true, 'invalid_request', 'invoice_id']);
  assert.deepStrictEqual(thrown(() => arrears.interestColumns({ ...l.inv, id: l.inv.id.map((x, i) => (i === 7 ? l.inv.id[3] : x)) },
    payIds, { asOf: '2025-12-31', rule, unmatched: 'skip' })), [true, 'invalid_request', 'invoices[7].invoice_id', l.inv.id[3]]);
});

test('rows selects invoices; no payments at all; the async form resolves to the same', async () => {
  const l = ledger(15, 100, 120);
  const rule = { rate: '7.5' };
  const pay = { invoice: l.pay.invoice, date: l.pay.date, amount: l.pay.amount };
  const all = arrears.interestColumns(rowsOnly(l.inv), pay, { asOf: '2025-12-31', rule });
  const rows = Uint32Array.of(3, 10, 50, 99);
  const some = arrears.interestColumns({ ...rowsOnly(l.inv), rows }, pay, { asOf: '2025-12-31', rule });
  assert.deepStrictEqual(some.interest, BigInt64Array.from(rows, (r) => all.interest[r]));
  const unpaid = arrears.interestColumns(rowsOnly(l.inv), null, { asOf: '2025-12-31', rule });
  for (let i = 0; i < 100; i++) assert.ok(unpaid.interest[i] >= all.interest[i], `invoice ${i}`);
  assert.deepStrictEqual(await arrears.interestColumnsAsync(rowsOnly(l.inv), pay, { asOf: '2025-12-31', rule }), all);
  await assert.rejects(arrears.interestColumnsAsync(rowsOnly(l.inv), pay, { asOf: '2025-12-31', rule: { rate: '2000' } }),
    (e) => e instanceof arrears.ArrearsError && e.code === 'invalid_rule' && e.field === 'rule.rate' && e.value === '2000');
  await assert.rejects(arrears.interestColumnsAsync(rowsOnly(l.inv), pay, { asOf: '2025-12-31' }), TypeError);
});

test('bad input: typed errors naming the column, the row and the value', () => {
  const d = day('2025-03-01');
  const inv = { dueDate: Int32Array.of(d, d + 10), amount: BigInt64Array.of(10000n, 5000n), currency: Uint16Array.of(0, 0),
    currencies: ['EUR'], issueDate: Int32Array.of(d - 10, d) };
  const pay = (date, amount, invoice = 1) => ({ invoice: Uint32Array.of(invoice), date: Int32Array.of(date), amount: BigInt64Array.of(amount) });
  const opts = { asOf: '2025-03-31', rule: { rate: '10' } };
  const gap = { reference: { table: { rates: [{ from: '2025-01-01', to: '2025-01-30', rate: '3' }, { from: '2025-02-01', rate: '2' }] } } };
  const late = { reference: { table: { rates: [{ from: '2025-03-05', rate: '3' }] } } };
  const cases = [
    [inv, pay(d - 5, 100n), opts, ['invalid_date', 'payments[0].date', '2025-02-24']], // before its invoice
    [inv, pay(d + 12, -100n), opts, ['invalid_amount', 'payments[0].amount', '-100']],
    [inv, pay(d + 12, 100n, 2), opts, ['invalid_request', 'payments[0].invoice', '2']],
    [{ ...inv, amount: BigInt64Array.of(10000n, -1n) }, null, opts, ['invalid_amount', 'invoices[1].amount', '-1']],
    [{ ...inv, currency: Uint16Array.of(0, 1) }, null, opts, ['invalid_request', 'invoices[1].currency', '1']],
    [{ ...inv, currencies: ['EUX'] }, null, opts, ['unknown_currency', 'currencies[0]', 'EUX']],
    [inv, null, { ...opts, rule: { rate: '1000.01' } }, ['invalid_rule', 'rule.rate', '1000.01']],
    [inv, null, { ...opts, rule: { rate: '-100.01' } }, ['invalid_rule', 'rule.rate', '-100.01']],
    [inv, null, { ...opts, rule: gap }, ['invalid_rule', 'rule.reference.table.rates[1].from', '2025-01-31']],
  ];
  for (const [i, p, o, [code, field, value]] of cases) {
    assert.deepStrictEqual(thrown(() => arrears.interestColumns(i, p, o)), [true, code, field, value], field);
  }
  // a table that does not cover an invoice's days: the rule's field, as interest() names it, the invoice in the message
  let caught;
  try { arrears.interestColumns(inv, null, { ...opts, rule: late }); } catch (e) { caught = e; }
  assert.ok(caught instanceof arrears.ArrearsError);
  assert.deepStrictEqual([caught.code, caught.field], ['invalid_rule', 'rule.reference.table.rates']);
  assert.match(caught.message, /invoices\[0\]/);
  const one = thrown(() => arrears.interest({ principal: '100.00', currency: 'EUR', due_date: '2025-03-01', as_of: '2025-03-31', rule: late }));
  assert.deepStrictEqual(one.slice(0, 3), [true, 'invalid_rule', 'rule.reference.table.rates']);
  // wrong types and unknown names
  assert.throws(() => arrears.interestColumns({ ...inv, amount: [10000, 5000] }, null, opts), TypeError);
  assert.throws(() => arrears.interestColumns(inv, { ...pay(d, 1n), invoiceId: ['A'] }, opts), TypeError);
  assert.throws(() => arrears.interestColumns(inv, null, { rule: { rate: '5' } }), TypeError);
  assert.deepStrictEqual(thrown(() => arrears.interestColumns(inv, null, { ...opts, asof: '2025-03-31' })).slice(0, 3),
    [true, 'invalid_request', 'asof']);
  assert.deepStrictEqual(thrown(() => arrears.interestColumns({ ...inv, due: inv.dueDate }, null, opts)).slice(0, 3),
    [true, 'invalid_request', 'due']);
});

test('string ids of any length and script are read whole (and a non-string is a TypeError)', () => {
  const d = day('2025-03-01');
  const ids = ['A', `long-${'x'.repeat(70)}`, `ünïcödé-${'é'.repeat(40)}-€`, `${'🙂'.repeat(15)}`, ''];
  const inv = { dueDate: Int32Array.from(ids, () => d), amount: BigInt64Array.from(ids, (_, i) => BigInt(10000 * (i + 1))),
    currency: new Uint16Array(ids.length), currencies: ['EUR'], id: ids };
  const pays = [4, 3, 2, 1, 0];
  const byId = arrears.interestColumns(inv, { invoiceId: pays.map((i) => ids[i]), date: Int32Array.from(pays, () => d + 10),
    amount: BigInt64Array.from(pays, () => 100n) }, { asOf: '2025-03-31', rule: { rate: '10' } });
  const { id, ...rows } = inv;
  const byRow = arrears.interestColumns(rows, { invoice: Uint32Array.from(pays), date: Int32Array.from(pays, () => d + 10),
    amount: BigInt64Array.from(pays, () => 100n) }, { asOf: '2025-03-31', rule: { rate: '10' } });
  assert.deepStrictEqual(byId, byRow);
  assert.deepStrictEqual(thrown(() => arrears.interestColumns(inv, { invoiceId: [`long-${'x'.repeat(69)}`], date: Int32Array.of(d),
    amount: BigInt64Array.of(1n) }, { asOf: '2025-03-31', rule: { rate: '10' } })), [true, 'invalid_request', 'payments[0].invoice_id', `long-${'x'.repeat(69)}`]);
  assert.throws(() => arrears.interestColumns({ ...inv, id: ['A', 2, 'C', 'D', 'E'] }, null, { asOf: '2025-03-31', rule: { rate: '10' } }), TypeError);
});

test('a statutory preset: each invoice follows its version, as interest() with the preset', () => {
  const table = arrears.rateTable('de_basiszins').table;
  const issue = ['2013-05-02', '2014-07-28', '2014-07-29', '2019-11-30', '2024-02-29'];
  const due = issue.map((d) => day(d) + 30);
  const inv = { dueDate: Int32Array.from(due), amount: BigInt64Array.from(issue, (_, i) => BigInt(100000 * (i + 1))),
    currency: new Uint16Array(issue.length), currencies: ['EUR'], issueDate: Int32Array.from(issue, (d) => day(d)) };
  const pay = { invoice: Uint32Array.of(1, 3), date: Int32Array.of(due[1] + 20, due[3] - 2), amount: BigInt64Array.of(5000n, 100000n) };
  const preset = { name: 'de_288_b2b', reference_rates: table };
  const r = arrears.interestColumns(inv, pay, { asOf: '2025-06-30', preset, breakdown: true });
  for (let i = 0; i < issue.length; i++) {
    const events = [];
    for (let j = 0; j < pay.invoice.length; j++) {
      if (pay.invoice[j] === i) events.push({ date: arrears.dateOfDayNumber(pay.date[j]), amount: (Number(pay.amount[j]) / 100).toFixed(2) });
    }
    const one = arrears.interest({ principal: (Number(inv.amount[i]) / 100).toFixed(2), currency: 'EUR', due_date: arrears.dateOfDayNumber(due[i]),
      invoice_date: issue[i], as_of: '2025-06-30', events, preset });
    assert.strictEqual((Number(r.interest[i]) / 100).toFixed(2), one.interest, `invoice ${i}`);
    assert.strictEqual(arrears.dateOfDayNumber(r.version[i]), one.preset.version, `invoice ${i}`);
  }
  assert.deepStrictEqual(new Set(r.version).size, 2);
  assert.strictEqual(arrears.interestColumns(inv, null, { asOf: '2025-06-30', rule: { rate: '5' } }).version, undefined);
  // no date to choose a version by; both a rule and a preset; neither
  const { issueDate, ...undated } = inv;
  assert.deepStrictEqual(thrown(() => arrears.interestColumns(undated, null, { asOf: '2025-06-30', preset })).slice(0, 3),
    [true, 'invalid_request', 'preset.obligation_date']);
  assert.deepStrictEqual(thrown(() => arrears.interestColumns(inv, null, { asOf: '2025-06-30', preset: { ...preset, name: 'de_288' } })).slice(0, 3),
    [true, 'invalid_rule', 'preset.name']);
  assert.throws(() => arrears.interestColumns(inv, null, { asOf: '2025-06-30', preset, rule: { rate: '5' } }), TypeError);
  assert.throws(() => arrears.interestColumns(inv, null, { asOf: '2025-06-30' }), TypeError);
});
