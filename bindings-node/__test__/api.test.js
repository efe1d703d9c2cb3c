'use strict';
// The public JS API: README example, Date and amount inputs, errors, options, version.
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const arrears = require('..');

const README = Object.freeze({
  total: '1000.00',
  currency: 'EUR',
  base_date: '2026-01-31',
  terms: { lines: [{ kind: 'percent', value: '30' }, { kind: 'balance', due: ['end_of_month', { add_days: 60 }] }] },
});

/** Calls fn and describes what it threw: [isArrearsError, isError, code, field]. */
function thrown(fn) {
  try { fn(); } catch (e) { return [e instanceof arrears.ArrearsError, e instanceof Error, e.code, e.field]; }
  return ['no error'];
}

test('README: 30 % now, balance 60 days after end of month', () => {
  assert.deepStrictEqual(arrears.schedule(README), {
    currency: 'EUR', total: '1000.00', due_date: '2026-04-01',
    installments: [
      { amount: '300.00', due_date: '2026-01-31', line: 0 },
      { amount: '700.00', due_date: '2026-04-01', line: 1 },
    ],
  });
});

test('the full wire request is accepted, with every optional field', () => {
  const s = arrears.schedule({
    ...README, rounding: 'half_up', precision: null, cash_increment: null,
    calendar: { weekend: ['sat', 'sun'], holidays: [] }, allow_negative_balance: false,
  });
  assert.deepStrictEqual(s.installments.map((i) => [i.due_date, i.amount]), [['2026-01-31', '300.00'], ['2026-04-01', '700.00']]);
  // undefined members are left out, as JSON.stringify would.
  assert.strictEqual(arrears.schedule({ ...README, rounding: undefined }).total, '1000.00');
});

test('a Date at UTC midnight is a day', () => {
  const s = arrears.schedule({ ...README, base_date: new Date('2026-01-31') });
  assert.deepStrictEqual(s, arrears.schedule(README));
  assert.strictEqual(arrears.dueDate({ base_date: new Date(Date.UTC(2026, 0, 31)), steps: ['end_of_month'] }), '2026-01-31');
  assert.strictEqual(arrears.dueDate({
    base_date: '2026-12-25', adjustment: 'following', calendar: { holidays: [new Date('2026-12-25'), '2026-12-28'] },
  }), '2026-12-29');
});

test('a Date with a time of day (or an invalid Date) is rejected as ambiguous', () => {
  // 10:00 local time: not UTC midnight unless the machine runs at UTC-10.
  const local = new Date(2026, 0, 31, 10, 0, 0);
  assert.deepStrictEqual(thrown(() => arrears.schedule({ ...README, base_date: local })), [true, true, 'invalid_date', 'base_date']);
  const noon = new Date('2026-01-31T12:00:00Z');
  try {
    arrears.schedule({ ...README, base_date: noon });
    assert.fail('no error');
  } catch (e) {
    assert.ok(e instanceof arrears.ArrearsError);
    assert.strictEqual(e.code, 'invalid_date');
    assert.strictEqual(e.field, 'base_date');
    assert.strictEqual(e.value, '2026-01-31T12:00:00.000Z');
    assert.match(e.message, /^base_date: invalid date "2026-01-31T12:00:00\.000Z": .*ambiguous.*'YYYY-MM-DD'/);
  }
  assert.deepStrictEqual(thrown(() => arrears.dueDate({ base_date: '2026-01-01', calendar: { holidays: ['2026-05-01', new Date('x')] } })),
    [true, true, 'invalid_date', 'calendar.holidays[1]']);
  assert.deepStrictEqual(thrown(() => arrears.dueDate({ base_date: new Date('2026-01-01T00:00:00.001Z') })),
    [true, true, 'invalid_date', 'base_date']);
});

test('a JS number is not an amount; a bigint is', () => {
  assert.deepStrictEqual(thrown(() => arrears.schedule({ ...README, total: 1000.5 })), [true, true, 'invalid_amount', 'total']);
  assert.deepStrictEqual(thrown(() => arrears.schedule({ ...README, total: 1000 })), [true, true, 'invalid_amount', 'total']);
  assert.deepStrictEqual(thrown(() => arrears.schedule({ ...README, terms: { lines: [{ kind: 'percent', value: 30 }, { kind: 'balance' }] } })),
    [true, true, 'invalid_amount', 'terms.lines[0].value']);
  assert.deepStrictEqual(thrown(() => arrears.roundAmount({ amount: 1.005, currency: 'EUR' })), [true, true, 'invalid_amount', 'amount']);
  assert.strictEqual(arrears.schedule({ ...README, currency: 'JPY', total: 1001n }).installments[0].amount, '300');
  assert.strictEqual(arrears.roundAmount({ amount: 12n, currency: 'EUR' }), '12.00');
  try {
    arrears.schedule({ ...README, total: 1000.5 });
  } catch (e) {
    assert.match(e.message, /^total: invalid amount "1000\.5": .*decimal strings/);
  }
});

test('bad terms: code, field, value and a message naming both', () => {
  try {
    arrears.schedule({ ...README, terms: { lines: [{ kind: 'percent', value: '150' }] } });
    assert.fail('no error');
  } catch (e) {
    assert.ok(e instanceof arrears.ArrearsError);
    assert.ok(e instanceof Error);
    assert.strictEqual(e.name, 'ArrearsError');
    assert.strictEqual(e.code, 'invalid_terms');
    assert.strictEqual(e.field, 'terms.lines[0].value');
    assert.strictEqual(e.value, '150');
    assert.ok(e.reason.length > 0);
    assert.strictEqual(e.message, `terms.lines[0].value: invalid terms "150": ${e.reason}`);
    assert.ok(arrears.ERROR_CODES.includes(e.code));
    assert.ok(typeof e.stack === 'string');
  }
  assert.deepStrictEqual(thrown(() => arrears.validateTerms({ lines: [{ kind: 'percent', value: '30' }] })),
    [true, true, 'invalid_terms', 'lines']);
  assert.deepStrictEqual(thrown(() => arrears.validateTerms({ lines: [{ kind: 'balance', due: [{ set_day: 32 }] }] })),
    [true, true, 'invalid_rule', 'lines[0].due[0]']);
});

test('other errors: currency, unknown field, malformed JSON, unknown op', () => {
  assert.deepStrictEqual(thrown(() => arrears.schedule({ ...README, currency: 'EUX' })), [true, true, 'unknown_currency', 'currency']);
  assert.deepStrictEqual(thrown(() => arrears.currency('EUX')), [true, true, 'unknown_currency', 'code']);
  assert.deepStrictEqual(thrown(() => arrears.schedule({ ...README, base_dat: 'x' })), [true, true, 'invalid_request', 'base_dat']);
  // a missing field names the field itself (issue 12)
  assert.deepStrictEqual(thrown(() => arrears.schedule({ total: '1.00' })), [true, true, 'invalid_request', 'currency']);
  assert.deepStrictEqual(thrown(() => arrears.callJson('schedule', '{not json')), [true, true, 'invalid_request', 'request']);
  assert.deepStrictEqual(thrown(() => arrears.callJson('reschedule', '{}')), [true, true, 'invalid_request', 'op']);
  assert.deepStrictEqual(thrown(() => arrears.roundAmount({ amount: '1', currency: 'EUR', rounding: 'bankers' })),
    [true, true, 'invalid_rounding', 'rounding']);
});

test('wrong argument types are TypeErrors', () => {
  for (const bad of ['nope', null, undefined, 42, [], new Date('2026-01-01')]) {
    assert.throws(() => arrears.schedule(bad), TypeError);
    assert.throws(() => arrears.dueDate(bad), TypeError);
    assert.throws(() => arrears.roundAmount(bad), TypeError);
    assert.throws(() => arrears.validateTerms(bad), TypeError);
  }
  assert.throws(() => arrears.currency(978), TypeError);
  assert.throws(() => arrears.callJson(1, '{}'), TypeError);
  assert.throws(() => arrears.callJson('version', {}), TypeError);
});

test('options: rounding, precision, cash rounding, negative balance', () => {
  const half = { ...README, total: '0.05', terms: { lines: [{ kind: 'percent', value: '50' }, { kind: 'balance' }] } };
  assert.deepStrictEqual(arrears.schedule(half).installments.map((i) => i.amount), ['0.03', '0.02']);
  assert.deepStrictEqual(arrears.schedule({ ...half, rounding: 'half_even' }).installments.map((i) => i.amount), ['0.02', '0.03']);
  assert.strictEqual(arrears.roundAmount({ amount: '1234.5', currency: 'HUF', precision: 0 }), '1235');
  assert.strictEqual(arrears.roundAmount({ amount: '12.324', currency: 'CHF', cash_increment: '0.05' }), '12.30');
  const over = { ...README, terms: { lines: [{ kind: 'percent', value: '70' }, { kind: 'fixed', value: '500' }, { kind: 'balance' }] } };
  assert.deepStrictEqual(thrown(() => arrears.schedule(over)), [true, true, 'invalid_terms', 'terms.lines[1]']);
  assert.deepStrictEqual(arrears.schedule({ ...over, allow_negative_balance: true }).installments.map((i) => i.amount), ['700.00', '500.00', '-200.00']);
  assert.deepStrictEqual(arrears.ROUNDING_MODES.map((rounding) => arrears.roundAmount({ amount: '-2.345', currency: 'EUR', rounding })),
    ['-2.35', '-2.34', '-2.34', '-2.34', '-2.35', '-2.35', '-2.34']);
  assert.deepStrictEqual(arrears.ADJUSTMENTS.map((adjustment) => arrears.dueDate({ base_date: '2026-01-31', adjustment })),
    ['2026-01-31', '2026-02-02', '2026-01-30', '2026-01-30']);
});

test('currencies, terms and callJson', () => {
  assert.deepStrictEqual(arrears.currency('EUR'), { code: 'EUR', minor_units: 2, name: 'Euro', numeric: 978 });
  assert.strictEqual(arrears.currency('XAU').minor_units, null);
  const all = arrears.currencies();
  assert.ok(all.length > 150);
  assert.deepStrictEqual(all.map((c) => c.code), all.map((c) => c.code).sort());
  assert.deepStrictEqual(all.find((c) => c.code === 'KWD'), arrears.currency('KWD'));
  assert.deepStrictEqual(arrears.validateTerms({ lines: [{ kind: 'balance' }] }), { adjustment: 'none', lines: [{ due: [], kind: 'balance' }] });
  assert.strictEqual(arrears.callJson('currency', '{"code":"EUR"}'), '{"code":"EUR","minor_units":2,"name":"Euro","numeric":978}');
  assert.strictEqual(arrears.callJson('schedule', JSON.stringify(README)),
    '{"currency":"EUR","due_date":"2026-04-01","installments":[{"amount":"300.00","due_date":"2026-01-31","line":0},{"amount":"700.00","due_date":"2026-04-01","line":1}],"total":"1000.00"}');
});

test('version equals package.json and the workspace version', () => {
  assert.strictEqual(require('../package.json').version, arrears.version());
  assert.strictEqual(arrears.callJson('version', '{}'), `{"version":"${arrears.version()}"}`);
  const cargo = require('node:fs').readFileSync(path.join(__dirname, '..', '..', 'Cargo.toml'), 'utf8');
  assert.strictEqual(arrears.version(), /\[workspace\.package\][^[]*?version = "([^"]+)"/s.exec(cargo)[1]);
});

test('ArrearsError can be constructed and is an Error', () => {
  const e = new arrears.ArrearsError('total: invalid amount "x": bad', { code: 'invalid_amount', field: 'total', value: 'x', reason: 'bad' });
  assert.ok(e instanceof Error);
  assert.deepStrictEqual([e.name, e.code, e.field, e.value, e.reason], ['ArrearsError', 'invalid_amount', 'total', 'x', 'bad']);
  assert.strictEqual(Object.prototype.toString.call(e), '[object Error]');
});

test('the native addon exports only the wire entry point, the columnar ones, version, build profile and the test hook', () => {
  const native = require('../native.js');
  assert.deepStrictEqual(Object.keys(native).filter((k) => k !== '__napiBindingTarget').sort(), ['__panicForTests', 'agingColumns', 'agingColumnsAsync', 'allocateColumns', 'allocateColumnsAsync', 'buildProfile', 'callJson', 'interestColumns', 'interestColumnsAsync', 'openBalances', 'openBalancesAsync', 'scheduleBatch', 'scheduleBatchAsync', 'version', 'worklistColumns', 'worklistColumnsAsync']);
  assert.ok(['debug', 'release'].includes(arrears.buildProfile()));
  assert.strictEqual(Object.keys(arrears).includes('__panicForTests'), false);
  // The raw native error carries the stable code too.
  assert.throws(() => native.callJson('round', '{"amount":"x","currency":"EUR"}'), (e) => e.code === 'invalid_amount' && JSON.parse(e.message).field === 'amount');
});

test('a Rust panic is thrown as code "internal" and the process survives', () => {
  const script = `
    const native = require(${JSON.stringify(path.join(__dirname, '..', 'native.js'))});
    let caught;
    try { native.__panicForTests(); } catch (e) { caught = [e instanceof Error, e.code, JSON.parse(e.message).code]; }
    process.stdout.write(JSON.stringify({ caught, after: native.callJson('version', '{}') }));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, RUST_BACKTRACE: '0' } });
  assert.strictEqual(r.status, 0, r.stderr);
  assert.deepStrictEqual(JSON.parse(r.stdout), { caught: [true, 'internal', 'internal'], after: `{"version":"${arrears.version()}"}` });
});

test('index.d.ts declares exactly the values index.js exports', () => {
  const fs = require('node:fs');
  const root = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8');
  // index.d.ts and the files it re-exports (`export * from './lib/charges'`)
  const dts = [root, ...[...root.matchAll(/^export \* from '\.\/([\w/]+)';/gm)]
    .map((m) => fs.readFileSync(path.join(__dirname, '..', `${m[1]}.d.ts`), 'utf8'))].join('\n');
  const declared = [...dts.matchAll(/^export declare (?:function|const|class) (\w+)/gm)].map((m) => m[1]);
  assert.deepStrictEqual([...new Set(declared)].sort(), Object.keys(arrears).sort());
});

test('every exported native function is built with catch_unwind (a panic must never abort node)', () => {
  // The exports live in every file of src/ (lib.rs, aging.rs, schedule.rs, ...), read as one text.
  const fs = require('node:fs');
  const dir = path.join(__dirname, '..', 'src');
  const src = fs.readdirSync(dir).filter((f) => f.endsWith('.rs')).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
  const fns = [...src.matchAll(/#\[napi(\([^)]*\))?\]\s*pub fn (\w+)/g)];
  assert.ok(fns.length >= 6, `found ${fns.length} exported functions`);
  for (const [, attrs, name] of fns) assert.match(attrs ?? '', /catch_unwind/, `${name} lacks catch_unwind`);
});

test('ERROR_CODES are the core\'s codes (errorCodes) and internal', () => {
  const core = arrears.errorCodes().map((c) => c.code);
  assert.deepStrictEqual([...arrears.ERROR_CODES].sort(), [...core, 'internal'].sort());
  assert.deepStrictEqual(arrears.errorCodes()[0], { code: 'invalid_amount', status: 1 });
});

test('issue 12: a NaN amount is reported as "NaN"; year 0 is no date', () => {
  assert.deepStrictEqual(thrown(() => arrears.roundAmount({ amount: NaN, currency: 'EUR' })), [true, true, 'invalid_amount', 'amount']);
  assert.throws(() => arrears.roundAmount({ amount: NaN, currency: 'EUR' }), (e) => e.value === 'NaN');
  assert.throws(() => arrears.schedule({ total: Infinity, currency: 'EUR', base_date: '2026-01-01', terms: 'net 30' }),
    (e) => e.code === 'invalid_amount' && e.field === 'total' && e.value === 'Infinity');
  assert.throws(() => arrears.dayNumber('0000-01-01'), (e) => e.code === 'invalid_date' && e.value === '0000-01-01');
  assert.strictEqual(arrears.dayNumber('0001-01-01'), -719162);
});
