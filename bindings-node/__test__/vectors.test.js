'use strict';
// The shared conformance vectors (every tests/vectors/*.json), one test per case id.
//
// `schedule` and `due_date` go through the typed API (`arrears.schedule`, `arrears.dueDate`) and
// the result is turned back into its wire form; the other ops through `arrears.callJson`. Either
// way the canonical JSON (keys sorted recursively, compact) must equal the expected one byte for
// byte. Every case also runs through `callJson`, whose raw output must already be canonical.
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

/** The case through the typed API where there is one, back in wire form. */
function viaApi(op, request) {
  if (op === 'schedule' && isObject(request)) return arrears.schedule(request);
  if (op === 'due_date' && isObject(request)) return { due_date: arrears.dueDate(request) };
  return JSON.parse(arrears.callJson(op, JSON.stringify(request)));
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
