'use strict';
// Payments through the typed API (issue 14): bad input, each a typed ArrearsError naming the
// field and value, with the request left as it was (nothing changed); and a plan's or promise's
// state holding dunning back (issue 15). The shared vectors run in vectors.test.js; the columnar
// batch in payments-columns.test.js.
const test = require('node:test');
const assert = require('node:assert');
const arrears = require('..');
const { thrown } = require('./helpers');

const items = () => [
  { id: 'A', currency: 'EUR', invoice_date: '2026-01-01', installments: [{ due_date: '2026-01-31', amount: '100.00' }] },
  { id: 'B', currency: 'EUR', invoice_date: '2026-01-05', installments: [{ due_date: '2026-02-04', amount: '50.00' }] },
];
const request = (payment, extra = {}) => ({ payment: { currency: 'EUR', date: '2026-03-01', ...payment }, items: items(), ...extra });

test('allocatePayment: bad input is a typed error naming the field and value, and changes nothing', () => {
  const dup = items();
  dup.push({ ...dup[0], installments: [{ due_date: '2026-01-31', amount: '5.00' }] });
  const cases = [
    // a payment dated before an invoice date
    [request({ amount: '10.00', date: '2025-12-31' }), ['invalid_date', 'payment.date', '2025-12-31']],
    // negative and zero payments
    [request({ amount: '-10.00' }), ['invalid_amount', 'payment.amount', '-10.00']],
    [request({ amount: '0' }), ['invalid_amount', 'payment.amount', '0.00']],
    // an unknown item in a specified order
    [request({ amount: '10.00' }, { strategy: 'specified', order: ['Z'] }), ['invalid_request', 'order[0]', 'Z']],
    // duplicate item ids
    [{ ...request({ amount: '10.00' }), items: dup }, ['invalid_request', 'items[2].id', 'A']],
    // a payment in another currency than an item, without a conversion
    [request({ amount: '10.00', currency: 'USD' }), ['invalid_request', 'items[0].currency', 'EUR']],
  ];
  for (const [req, want] of cases) {
    const before = JSON.stringify(req);
    assert.deepStrictEqual(thrown(() => arrears.allocatePayment(req)), [true, ...want], before);
    assert.strictEqual(JSON.stringify(req), before, 'the request is unchanged');
  }
  // the same items with a good payment: nothing of the failed calls stuck
  const ok = arrears.allocatePayment(request({ amount: '150.00' }));
  assert.deepStrictEqual([ok.unapplied, ok.items.map((i) => i.installments[0].principal)], ['0.00', ['100.00', '50.00']]);
});

test('paymentPlan: an installment of zero or larger than the balance is a typed error', () => {
  const terms = { balance: '1000.00', currency: 'EUR', start: '2026-01-05' };
  assert.deepStrictEqual(thrown(() => arrears.paymentPlan({ ...terms, installment: '0' })), [true, 'invalid_amount', 'installment', '0.00']);
  assert.deepStrictEqual(thrown(() => arrears.paymentPlan({ ...terms, installment: '1000.01' })),
    [true, 'invalid_amount', 'installment', '1000.01']);
  assert.deepStrictEqual(thrown(() => arrears.paymentPlan({ ...terms, count: 0 })), [true, 'invalid_request', 'count', '0']);
});

test("dunning: a plan's or a promise's state on the day holds the item back while in good standing", () => {
  const plan = arrears.paymentPlan({ balance: '300.00', currency: 'EUR', start: '2025-07-01', count: 3 });
  const payments = [{ date: '2025-07-01', amount: '100.00' }];
  const run = (asOf, extra) => arrears.dunning({ as_of: asOf, items: [{ customer: 'ACME', invoice: 'I-1', currency: 'EUR',
    due_date: '2025-06-01', open_amount: '200.00', ...extra }] });
  const planState = (asOf) => arrears.planStatus({ plan, payments, as_of: asOf, grace_days: 5 }).status;
  // on track: skipped as on_plan; the August installment missed past its grace: broken, dunned again
  assert.deepStrictEqual(run('2025-07-15', { plan_state: planState('2025-07-15') }).skipped.map((s) => s.reason), ['on_plan']);
  assert.strictEqual(planState('2025-08-07'), 'broken');
  assert.deepStrictEqual(run('2025-08-07', { plan_state: planState('2025-08-07') }).actions.map((a) => a.customer), ['ACME']);
  // a pending promise skips the item; once broken it does not
  const promise = { amount: '200.00', date: '2025-07-20' };
  const promiseState = (asOf) => arrears.promiseStatus({ promise, currency: 'EUR', payments: [], as_of: asOf }).status;
  assert.deepStrictEqual(run('2025-07-15', { promise_state: promiseState('2025-07-15') }).skipped.map((s) => s.reason), ['promised']);
  assert.strictEqual(run('2025-07-21', { promise_state: promiseState('2025-07-21') }).actions.length, 1);
  assert.deepStrictEqual(thrown(() => run('2025-07-15', { plan_state: 'good' })).slice(0, 3), [true, 'invalid_request', 'items[0].plan_state']);
});
