'use strict';
// Bad input the last review found accepted or named unreadably, through the typed Node functions:
// each an ArrearsError naming the field and the value (the shared vectors check code and field;
// this checks the value and the words too).
const test = require('node:test');
const assert = require('node:assert');
const arrears = require('..');
const { thrown } = require('./helpers');

const dun = (currency, amount) => arrears.dunning({ as_of: '2025-06-21',
  items: [{ customer: 'A', invoice: 'I-1', currency, due_date: '2025-06-01', open_amount: amount }] });
const work = (currency, amount) => arrears.worklist({ config: { as_of: '2025-06-30', fx: { USD: '0.9', JPY: '0.006' } },
  open: [{ customer: 'A', currency, due_date: '2025-05-01', open_amount: amount }] });
const company = (total) => arrears.companySchedule({ schedule: arrears.schedule({ total: '100.00', currency: 'EUR',
  base_date: '2026-01-01', terms: 'net 30' }), company_currency: 'USD', rate: '1.0855', company_total: total });
const early = () => arrears.allocatePayment({ payment: { amount: '10.00', currency: 'EUR', date: '2026-03-01' },
  items: [{ id: 'A', currency: 'EUR', invoice_date: '2026-01-10',
    installments: [{ due_date: '2026-01-31', amount: '5.00' }, { due_date: '2026-01-09', amount: '5.00' }] }] });

const CASES = [
  ['dunning: 10.001 USD', () => dun('USD', '10.001'), 'invalid_amount', 'items[0].open_amount', '10.001'],
  ['dunning: 5.5 JPY', () => dun('JPY', '5.5'), 'invalid_amount', 'items[0].open_amount', '5.5'],
  ['dunning: not a currency', () => dun('dollars', '5.00'), 'unknown_currency', 'items[0].currency', 'dollars'],
  ['worklist: 10.001 USD', () => work('USD', '10.001'), 'invalid_amount', 'open[0].open_amount', '10.001'],
  ['worklist: 5.5 JPY', () => work('JPY', '5.5'), 'invalid_amount', 'open[0].open_amount', '5.5'],
  ['risk: a customer twice', () => arrears.riskScore({ as_of: '2025-06-30',
    customers: [{ customer: 'A' }, { customer: 'B' }, { customer: 'A' }] }), 'invalid_request', 'customers[2].customer', 'A'],
  ['company total off by a cent', () => company('108.56'), 'invalid_amount', 'company_total', '108.56'],
  ['installment before its invoice', early, 'invalid_date', 'items[0].installments[1].due_date', '2026-01-09'],
  ['a wire request that is a list', () => arrears.callJson('round', '["1.005", "EUR"]'), 'invalid_request', 'request', 'a list'],
  ['an empty list', () => arrears.callJson('schedule', '[]'), 'invalid_request', 'request', 'a list'],
  ['a key twice', () => arrears.callJson('round', '{"amount": "1.005", "currency": "EUR", "amount": "2"}'),
    'invalid_request', 'amount', 'amount'],
  ['a key twice in a map', () => arrears.callJson('worklist',
    '{"config": {"as_of": "2025-06-30", "fx": {"USD": "0.9", "USD": "0.8"}}, "open": []}'), 'invalid_request', 'config.fx.USD', 'USD'],
];

for (const [name, call, code, field, value] of CASES) {
  test(`review bad input: ${name}`, () => {
    assert.deepStrictEqual(thrown(call), [true, code, field, value]);
  });
}

test('the company total error names both values', () => {
  assert.strictEqual(company('108.55').total, '108.55');
  try { company('108.56'); assert.fail('no error'); } catch (e) {
    assert.ok(e.reason.includes('100.00 EUR') && e.reason.includes('108.55 USD'), e.reason);
  }
});

test('an amount beyond the limit is said as a magnitude', () => {
  try { arrears.roundAmount({ amount: '1' + '0'.repeat(30), currency: 'EUR' }); assert.fail('no error'); } catch (e) {
    assert.strictEqual(e.code, 'overflow');
    assert.ok(e.message.includes('about 10^30'), e.message);
  }
});

test('a batch interest too large is shown as an amount with its currency', () => {
  const day = arrears.dayNumber;
  // 10^16 EUR at 1000 % for ten years: 10^18 EUR of interest, 10^20 cents
  const call = () => arrears.interestColumns(
    { dueDate: Int32Array.of(day('2000-01-01')), amount: BigInt64Array.of(10n ** 18n), currency: Uint16Array.of(0), currencies: ['EUR'] },
    null, { asOf: '2010-01-01', rule: { rate: '1000' } });
  try { call(); assert.fail('no error'); } catch (e) {
    assert.deepStrictEqual([e.code, e.field], ['overflow', 'invoices[0].interest']);
    assert.ok(e.value.includes('.') && e.reason.includes('EUR'), `${e.value}: ${e.reason}`);
  }
});

test('the batch worklist refuses what the object API refuses: 5.50 JPY, a currency not in ISO 4217', () => {
  const a = arrears.dayNumber('2025-06-30');
  const open = (currencies, amounts) => ({ invoiceId: ['I1', 'I2', 'I3'], customer: ['A', 'B', 'C'],
    dueDate: Int32Array.of(a - 10, a - 40, a + 5), currency: Uint16Array.of(0, 1, 1), currencies,
    openAmount: BigInt64Array.from(amounts) });
  const opts = { asOf: '2025-06-30', fx: { JPY: '0.006', dollars: '0.9' } };
  assert.deepStrictEqual(thrown(() => arrears.worklistColumns(open(['EUR', 'JPY'], [10000n, 500n, 550n]), null, opts)),
    [true, 'invalid_amount', 'invoices[2].open_amount', '5.50']);
  assert.ok(arrears.worklistColumns(open(['EUR', 'JPY'], [10000n, 500n, 700n]), null, opts).rows.length > 0);
  assert.deepStrictEqual(thrown(() => arrears.worklistColumns(open(['EUR', 'dollars'], [10000n, 500n, 700n]), null, opts)),
    [true, 'unknown_currency', 'currencies[1]', 'dollars']);
});
