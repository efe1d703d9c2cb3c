'use strict';
// Bad collections input through the typed Node functions (issue 15's list): steps with duplicate
// offsets, unknown actions or channels, negative capacities, weights that are not finite, history
// naming unknown invoices; each an ArrearsError naming the field and the value.
const test = require('node:test');
const assert = require('node:assert');
const arrears = require('..');
const { thrown } = require('./helpers');

const item = { customer: 'ACME', invoice: 'I-1', currency: 'EUR', due_date: '2025-06-01', open_amount: '100.00' };
const step = (offset, action = 'remind', channel = 'email') => ({ offset, action, channel, level: 1 });
const points = (over) => ({ points: { bucket_bounds: [30], bucket_weights: ['1', '2'], per_day_past_due: '1', dpd_cap: 10,
  per_day_late: '1', late_cap: 10, per_risk_point: '0', ...over } });
const open = [{ customer: 'A', currency: 'EUR', due_date: '2025-05-01', open_amount: '1.00' }];

const CASES = [
  ['duplicate offsets', () => arrears.dunning({ as_of: '2025-06-21', items: [item], policy: { steps: [step(5), step(5, 'call', 'phone')] } }),
    'invalid_rule', 'policy.steps[1].offset', '5'],
  ['unknown action', () => arrears.dunning({ as_of: '2025-06-21', items: [item], policy: { steps: [step(5, 'shout')] } }),
    'invalid_request', 'policy.steps[0].action', 'shout'],
  ['unknown channel', () => arrears.dunning({ as_of: '2025-06-21', items: [item], policy: { steps: [step(5, 'remind', 'pigeon')] } }),
    'invalid_request', 'policy.steps[0].channel', 'pigeon'],
  ['history naming an unknown invoice', () => arrears.dunning({ as_of: '2025-06-21', items: [item],
    history: [{ invoice: 'I-404', offset: 15, date: '2025-06-16' }] }), 'invalid_request', 'history[0].invoice', 'I-404'],
  ['negative account capacity', () => arrears.assignCollectors({ accounts: [{ customer: 'A', amount: '10', priority: '5' }],
    collectors: [{ id: 'ann', max_accounts: -1 }] }), 'invalid_request', 'collectors[0].max_accounts', '-1'],
  ['negative amount capacity', () => arrears.assignCollectors({ accounts: [{ customer: 'A', amount: '10', priority: '5' }],
    collectors: [{ id: 'ann', max_amount: '-5' }] }), 'invalid_request', 'collectors[0].max_amount', '-5'],
  ['a NaN weight', () => arrears.worklist({ config: { as_of: '2025-06-30', scoring: points({ bucket_weights: ['1', 'NaN'] }) }, open }),
    'invalid_amount', 'config.scoring.points.bucket_weights[1]', 'NaN'],
  ['a NaN number as a weight', () => arrears.worklist({ config: { as_of: '2025-06-30', scoring: points({ per_day_late: NaN }) }, open }),
    'invalid_amount', 'config.scoring.points.per_day_late', 'NaN'],
  ['an infinite weight', () => arrears.worklist({ config: { as_of: '2025-06-30', scoring: points({ per_day_past_due: Infinity }) }, open }),
    'invalid_amount', 'config.scoring.points.per_day_past_due', 'Infinity'],
  ['a NaN risk weight', () => arrears.riskScore({ as_of: '2025-06-30', customers: [{ customer: 'A' }], weights: { per_day_late: 'NaN' } }),
    'invalid_amount', 'weights.per_day_late', 'NaN'],
  ['a non-finite weight in the batch worklist', () => arrears.worklistColumns(
    { invoiceId: ['I1'], customer: ['A'], dueDate: Int32Array.of(arrears.dayNumber('2025-05-01')), currency: Uint16Array.of(0),
      currencies: ['EUR'], openAmount: BigInt64Array.of(100n) }, null, { asOf: '2025-06-30', scoring: points({ per_day_late: NaN }) }),
  'invalid_amount', 'config.scoring.points.per_day_late', 'NaN'],
];

for (const [name, call, code, field, value] of CASES) {
  test(`collections bad input: ${name}`, () => {
    assert.deepStrictEqual(thrown(call), [true, code, field, value]);
  });
}
