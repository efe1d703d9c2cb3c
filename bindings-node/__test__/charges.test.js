'use strict';
// Late charges through the typed API: the documented examples, Dates and bigints as inputs, and
// bad input (each a typed ArrearsError naming the field and value). The shared vectors run in
// vectors.test.js; the columnar batch in charges-columns.test.js.
const test = require('node:test');
const assert = require('node:assert');
const arrears = require('..');
const { thrown } = require('./helpers');

const base = { principal: '1000.00', currency: 'EUR', due_date: '2025-03-01', as_of: '2025-03-31', rule: { rate: '10' } };

test('interest: the breakdown explains the total', () => {
  const r = arrears.interest({ ...base, rule: { rate: '10.25' }, events: [{ kind: 'payment', date: '2025-03-11', amount: '200.00' }] });
  assert.strictEqual(r.interest, '7.30');
  assert.strictEqual(r.status, 'charged');
  assert.deepStrictEqual(r.periods.map((p) => [p.from, p.to, p.principal, p.days, p.interest]),
    [['2025-03-02', '2025-03-11', '1000.00', 10, '2.81'], ['2025-03-12', '2025-03-31', '800.00', 20, '4.49']]);
});

test('interest: Dates at UTC midnight and bigint amounts are accepted', () => {
  const viaStrings = arrears.interest({ ...base, events: [{ date: '2025-03-11', amount: '200' }] });
  const viaObjects = arrears.interest({
    ...base, due_date: new Date('2025-03-01'), as_of: new Date('2025-03-31'), principal: 1000n,
    events: [{ date: new Date('2025-03-11'), amount: 200n }],
  });
  assert.deepStrictEqual(viaObjects, viaStrings);
  assert.deepStrictEqual(thrown(() => arrears.interest({ ...base, as_of: new Date('2025-03-31T12:00:00Z') })),
    [true, 'invalid_date', 'as_of', '2025-03-31T12:00:00.000Z']);
});

test('interest under a preset with a sample table, and the presets list', () => {
  const t = arrears.rateTable('de_basiszins');
  assert.strictEqual(arrears.rateTable({ name: 'de_basiszins' }).name, 'de_basiszins');
  const r = arrears.interest({
    principal: '10000.00', currency: 'EUR', due_date: '2024-05-31', as_of: '2024-12-31',
    events: [{ kind: 'payment', date: '2024-08-15', amount: '4000.00' }],
    preset: { name: 'de_288_b2b', reference_rates: t.table, obligation_date: '2024-05-01' },
  });
  assert.strictEqual(r.interest, '540.23');
  assert.deepStrictEqual(r.preset, { name: 'de_288_b2b', version: '2014-07-29' });
  const names = arrears.interestPresets().map((p) => p.name);
  for (const n of ['eu_2011_7', 'de_288_b2b', 'de_288_consumer', 'uk_late_payment', 'fr_l441_10', 'it_231_2002', 'ru_395']) {
    assert.ok(names.includes(n), n);
  }
  assert.deepStrictEqual(arrears.rateTables().map((x) => x.name), ['ecb_mro', 'de_basiszins', 'boe_bank_rate', 'cbr_key_rate']);
});

test('lateFee returns the fee as a decimal string', () => {
  assert.strictEqual(arrears.lateFee({ principal: '1000.00', currency: 'GBP', preset: 'uk_late_payment' }), '70.00');
  assert.strictEqual(arrears.lateFee({ principal: '300.00', currency: 'EUR', fee: { percent: '2', min: '10.00' } }), '10.00');
  assert.strictEqual(arrears.lateFee({ principal: '300.00', currency: 'EUR', fee: { fixed: '5.00', per: 'dunning_level' },
    level: 2, charged_levels: [1] }), '5.00');
});

test('statement and its text', () => {
  const request = {
    customer: 'ACME GmbH', as_of: '2026-03-31', rule: { rate: '9.12' }, fee: { fixed: '40.00' },
    items: [{ id: 'INV-1001', currency: 'EUR', amount: '1000.00', due_date: '2026-01-15' }],
  };
  const s = arrears.statement(request);
  assert.deepStrictEqual(s.totals, [{ currency: 'EUR', discount: '0.00', fees: '40.00', interest: '18.74', principal: '1000.00', total_due: '1058.74' }]);
  assert.strictEqual(s.lines[0].days_late, 75);
  const text = arrears.statementText(request);
  assert.strictEqual(text.split('\n')[0], 'STATEMENT OF ACCOUNT');
  assert.match(text, /INV-1001 +2026-01-15 +75 EUR +1000\.00 +18\.74 +40\.00 +1058\.74/);
});

test('bad input is a typed error naming the field and value', () => {
  const cases = [
    // a payment dated before the invoice date
    [{ ...base, invoice_date: '2025-02-01', events: [{ date: '2025-01-31', amount: '100.00' }] },
      ['invalid_date', 'events[0].date', '2025-01-31']],
    // a negative payment
    [{ ...base, events: [{ date: '2025-03-10', amount: '-100.00' }] }, ['invalid_amount', 'events[0].amount', '-100.00']],
    // rates outside -100..1000 %
    [{ ...base, rule: { rate: '1000.01' } }, ['invalid_rule', 'rule.rate', '1000.01']],
    [{ ...base, rule: { rate: '-100.5' } }, ['invalid_rule', 'rule.rate', '-100.5']],
    // a rate table with a gap, an overlap, one that does not cover the period
    [{ ...base, rule: { reference: { table: { rates: [{ from: '2025-01-01', to: '2025-01-30', rate: '3' }, { from: '2025-02-01', rate: '2' }] } } } },
      ['invalid_rule', 'rule.reference.table.rates[1].from', '2025-01-31']], // the first day without a rate
    [{ ...base, rule: { reference: { table: { rates: [{ from: '2025-01-01', to: '2025-02-15', rate: '3' }, { from: '2025-02-01', rate: '2' }] } } } },
      ['invalid_rule', 'rule.reference.table.rates[1].from', '2025-02-01']],
    [{ ...base, rule: { reference: { table: { rates: [{ from: '2025-03-15', rate: '3' }] } } } },
      ['invalid_rule', 'rule.reference.table.rates', '2025-03-02']],
    // an unknown preset
    [{ ...base, rule: undefined, preset: { name: 'de_288', reference_rates: { rates: [{ from: '2025-01-01', rate: '2.27' }] } } },
      ['invalid_rule', 'preset.name', 'de_288']],
    // a payment in another currency than its item
    [{ ...base, events: [{ date: '2025-03-10', amount: '100.00', currency: 'USD' }] }, ['invalid_request', 'events[0].currency', 'USD']],
  ];
  for (const [request, [code, field, value]] of cases) {
    assert.deepStrictEqual(thrown(() => arrears.interest(request)), [true, code, field, value], JSON.stringify(request));
  }
  // the same in a statement, and an unknown sample table
  assert.deepStrictEqual(thrown(() => arrears.statement({ customer: 'c', as_of: '2025-03-31', rule: { rate: '5' },
    items: [{ id: 'A', currency: 'EUR', amount: '10.00', due_date: '2025-03-01', events: [{ date: '2025-03-10', amount: '-1.00' }] }] })),
  [true, 'invalid_amount', 'items[0].events[0].amount', '-1.00']);
  assert.deepStrictEqual(thrown(() => arrears.rateTable('libor')).slice(0, 3), [true, 'invalid_request', 'name']);
  assert.throws(() => arrears.interest('1000.00'), TypeError);
  assert.throws(() => arrears.lateFee(null), TypeError);
});
