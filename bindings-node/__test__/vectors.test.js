'use strict';
// The shared conformance vectors (every tests/vectors/*.json), one test per case id.
//
// Every case runs twice: through the typed API and through `arrears.callJson`. The typed function
// is found by op name (`parse_terms` -> `parseTerms`, `to_xrechnung` -> `toXRechnung`, ...), so a new
// vector file needs no change here; a few functions return a field of the response instead of the
// whole object (`dueDate` -> `due_date`, ...), and TYPED wraps them back. The canonical JSON (keys
// sorted recursively, compact) must equal the expected one byte for byte; `callJson`'s raw output
// must already be canonical. Error cases must throw an ArrearsError with the expected code and field
// both ways.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const arrears = require('..');

const dir = path.join(__dirname, '..', '..', 'tests', 'vectors');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const cases = files.flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).cases
  .map((c) => ({ ...c, file: f })));

/** Canonical JSON: object keys sorted (recursively), no whitespace. */
function canonicalize(x) {
  if (Array.isArray(x)) return `[${x.map(canonicalize).join(',')}]`;
  if (x !== null && typeof x === 'object') {
    return `{${Object.keys(x).sort().map((k) => `${JSON.stringify(k)}:${canonicalize(x[k])}`).join(',')}}`;
  }
  return JSON.stringify(x);
}

const isObject = (r) => r !== null && typeof r === 'object' && !Array.isArray(r);
const isEmpty = (r) => isObject(r) && Object.keys(r).length === 0;

/** Typed functions whose name is not the camelCase op, or that return one field of the response. */
const TYPED = {
  due_date: (r) => ({ due_date: arrears.dueDate(r) }),
  round: (r) => ({ amount: arrears.roundAmount(r) }),
  terms: (r) => arrears.validateTerms(r),
  format_terms: (r) => ({ text: arrears.formatTerms(r) }),
  to_xrechnung: (r) => arrears.toXRechnung(r),
  from_xrechnung: (r) => arrears.fromXRechnung(r),
  currency: (r) => (typeof r.code === 'string' && Object.keys(r).length === 1 ? arrears.currency(r.code) : null),
  presets: (r) => (isEmpty(r) ? { presets: arrears.presets() } : null),
  currencies: (r) => (isEmpty(r) ? { currencies: arrears.currencies() } : null),
  version: (r) => (isEmpty(r) ? { version: arrears.version() } : null),
  error_codes: (r) => (isEmpty(r) ? { codes: arrears.errorCodes() } : null),
  late_fee: (r) => ({ fee: arrears.lateFee(r) }),
  statement_text: (r) => ({ text: arrears.statementText(r) }),
  interest_presets: (r) => (isEmpty(r) ? { presets: arrears.interestPresets() } : null),
  rate_tables: (r) => (isEmpty(r) ? { tables: arrears.rateTables() } : null),
};

const camel = (op) => op.replace(/_([a-z0-9])/g, (_, ch) => ch.toUpperCase());

/** The typed function for an op, or null when there is none (an unknown op, e.g. an error case). */
function typedFor(op) {
  if (TYPED[op]) return TYPED[op];
  const fn = arrears[camel(op)];
  return typeof fn === 'function' && !['callJson', 'version'].includes(camel(op)) ? fn : null;
}

/** The case through the typed API where there is one (a request object), back in wire form. */
function viaApi(op, request) {
  const fn = typedFor(op);
  const out = fn && isObject(request) ? fn(request) : null;
  return out === null ? JSON.parse(arrears.callJson(op, JSON.stringify(request))) : out;
}

function expectError(c, fn, how) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof arrears.ArrearsError, `${how}: not an ArrearsError: ${err}`);
    assert.ok(err instanceof Error, how);
    assert.strictEqual(err.code, c.error.code, `${how}: ${err.message}`);
    assert.strictEqual(err.field, c.error.field, `${how}: ${err.message}`);
    return true;
  }, `${how}: expected ${c.error.code} at ${c.error.field}`);
}

test('the vectors were found and case ids are unique', () => {
  assert.ok(files.length >= 1, `no *.json in ${dir}`);
  assert.ok(cases.length > 0, 'no cases');
  const ids = cases.map((c) => c.id);
  assert.deepStrictEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'duplicate case ids');
  for (const c of cases) {
    assert.ok(typeof c.op === 'string' && (c.expected !== undefined) !== (c.error !== undefined), `${c.file} ${c.id}: malformed case`);
  }
});

test('every op with an expected result in the vectors has a typed function', () => {
  const ops = [...new Set(cases.filter((c) => c.expected !== undefined).map((c) => c.op))];
  assert.deepStrictEqual(ops.filter((op) => typedFor(op) === null), []);
});

for (const c of cases) {
  test(`${c.id} (${c.file}: ${c.op})`, () => {
    const requestJson = JSON.stringify(c.request);
    if (c.expected !== undefined) {
      const want = canonicalize(c.expected);
      assert.strictEqual(canonicalize(viaApi(c.op, c.request)), want, c.note);
      assert.strictEqual(arrears.callJson(c.op, requestJson), want, `callJson: ${c.note}`);
    } else {
      expectError(c, () => viaApi(c.op, c.request), 'typed API');
      expectError(c, () => arrears.callJson(c.op, requestJson), 'callJson');
    }
  });
}
