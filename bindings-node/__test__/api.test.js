'use strict';
const test = require('node:test');
const assert = require('node:assert');
const arrears = require('..');

const README = {
  total: '1000.00',
  currency: 'EUR',
  base_date: '2026-01-31',
  terms: { lines: [{ kind: 'percent', value: '30' }, { kind: 'balance', due: ['end_of_month', { add_days: 60 }] }] },
};

function code(fn) {
  try { fn(); } catch (e) { return [e instanceof arrears.ArrearsError, e instanceof Error, e.code, e.field]; }
  return ['no error'];
}

test('README schedule', () => {
  assert.deepStrictEqual(arrears.schedule(README), {
    currency: 'EUR', total: '1000.00', due_date: '2026-04-01',
    installments: [
      { amount: '300.00', due_date: '2026-01-31', line: 0 },
      { amount: '700.00', due_date: '2026-04-01', line: 1 },
    ],
  });
});

test('a Date at UTC midnight is a day; a Date with a time of day is rejected', () => {
  const s = arrears.schedule({ ...README, base_date: new Date('2026-01-31') });
  assert.strictEqual(s.installments[1].due_date, '2026-04-01');
  assert.deepStrictEqual(code(() => arrears.schedule({ ...README, base_date: new Date('2026-01-31T10:00:00Z') })),
    [true, true, 'invalid_date', 'base_date']);
  assert.deepStrictEqual(code(() => arrears.dueDate({ base_date: '2026-01-01', calendar: { holidays: [new Date('x')] } })),
    [true, true, 'invalid_date', 'calendar.holidays[0]']);
  assert.strictEqual(arrears.dueDate({ base_date: '2026-12-25', adjustment: 'following', calendar: { holidays: [new Date('2026-12-25')] } }), '2026-12-28');
});

test('a JS number is not an amount; a bigint is', () => {
  assert.deepStrictEqual(code(() => arrears.schedule({ ...README, total: 1000.5 })), [true, true, 'invalid_amount', 'total']);
  assert.strictEqual(arrears.schedule({ ...README, currency: 'JPY', total: 1001n }).installments[0].amount, '300');
});

test('errors name the field and the value', () => {
  try {
    arrears.schedule({ ...README, terms: { lines: [{ kind: 'percent', value: '150' }] } });
    assert.fail('no error');
  } catch (e) {
    assert.ok(e instanceof arrears.ArrearsError);
    assert.strictEqual(e.code, 'invalid_terms');
    assert.strictEqual(e.field, 'terms.lines[0].value');
    assert.strictEqual(e.value, '150');
    assert.match(e.message, /terms\.lines\[0\]\.value/);
    assert.ok(arrears.ERROR_CODES.includes(e.code));
  }
  assert.deepStrictEqual(code(() => arrears.schedule({ ...README, currency: 'EUX' })), [true, true, 'unknown_currency', 'currency']);
  assert.deepStrictEqual(code(() => arrears.schedule({ ...README, base_dat: 'x' })), [true, true, 'invalid_request', 'base_dat']);
  assert.deepStrictEqual(code(() => arrears.callJson('schedule', '{not json')), [true, true, 'invalid_request', 'request']);
  assert.throws(() => arrears.schedule('nope'), TypeError);
  assert.throws(() => arrears.callJson(1, '{}'), TypeError);
});

test('options: rounding, precision, cash rounding, negative balance', () => {
  const half = { ...README, total: '0.05', terms: { lines: [{ kind: 'percent', value: '50' }, { kind: 'balance' }] } };
  assert.deepStrictEqual(arrears.schedule(half).installments.map((i) => i.amount), ['0.03', '0.02']);
  assert.deepStrictEqual(arrears.schedule({ ...half, rounding: 'half_even' }).installments.map((i) => i.amount), ['0.02', '0.03']);
  assert.strictEqual(arrears.roundAmount({ amount: '1234.5', currency: 'HUF', precision: 0 }), '1235');
  assert.strictEqual(arrears.roundAmount({ amount: '12.324', currency: 'CHF', cash_increment: '0.05' }), '12.30');
  const over = { ...README, terms: { lines: [{ kind: 'percent', value: '70' }, { kind: 'fixed', value: '500' }, { kind: 'balance' }] } };
  assert.deepStrictEqual(code(() => arrears.schedule(over)), [true, true, 'invalid_terms', 'terms.lines[1]']);
  assert.deepStrictEqual(arrears.schedule({ ...over, allow_negative_balance: true }).installments.map((i) => i.amount), ['700.00', '500.00', '-200.00']);
});

test('currencies and terms', () => {
  assert.deepStrictEqual(arrears.currency('EUR'), { code: 'EUR', minor_units: 2, name: 'Euro', numeric: 978 });
  assert.strictEqual(arrears.currency('XAU').minor_units, null);
  assert.ok(arrears.currencies().length > 170);
  assert.deepStrictEqual(arrears.validateTerms({ lines: [{ kind: 'balance' }] }), { adjustment: 'none', lines: [{ due: [], kind: 'balance' }] });
  assert.deepStrictEqual(arrears.ROUNDING_MODES.map((m) => arrears.roundAmount({ amount: '-2.345', currency: 'EUR', rounding: m })),
    ['-2.35', '-2.34', '-2.34', '-2.34', '-2.35', '-2.35', '-2.34']);
});

test('version equals package.json and the crate', () => {
  assert.strictEqual(arrears.version(), require('../package.json').version);
  const cargo = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', '..', 'Cargo.toml'), 'utf8');
  assert.strictEqual(arrears.version(), /\[workspace\.package\][^[]*?version = "([^"]+)"/s.exec(cargo)[1]);
});
