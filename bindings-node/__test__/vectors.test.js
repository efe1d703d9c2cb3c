'use strict';
// The shared conformance vectors (tests/vectors/*.json) through the typed Node API.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const arrears = require('..');

const dir = path.join(__dirname, '..', '..', 'tests', 'vectors');
const cases = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  .flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).cases);

function canonical(x) {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (x !== null && typeof x === 'object') {
    return `{${Object.keys(x).sort().map((k) => `${JSON.stringify(k)}:${canonical(x[k])}`).join(',')}}`;
  }
  return JSON.stringify(x);
}

function run(op, request) {
  const isObject = request !== null && typeof request === 'object' && !Array.isArray(request);
  if (op === 'schedule' && isObject) return arrears.schedule(request);
  if (op === 'due_date' && isObject) return { due_date: arrears.dueDate(request) };
  if (op === 'round' && isObject) return { amount: arrears.roundAmount(request) };
  if (op === 'terms' && isObject) return arrears.validateTerms(request);
  return JSON.parse(arrears.callJson(op, JSON.stringify(request)));
}

test('vectors were found', () => assert.ok(cases.length > 200, `${cases.length} cases`));

for (const c of cases) {
  test(c.id, () => {
    if (c.expected !== undefined) {
      assert.strictEqual(canonical(run(c.op, c.request)), canonical(c.expected), c.note);
    } else {
      assert.throws(() => run(c.op, c.request), (err) => {
        assert.ok(err instanceof arrears.ArrearsError, `${err}`);
        assert.strictEqual(err.code, c.error.code, err.message);
        assert.strictEqual(err.field, c.error.field, err.message);
        return true;
      });
    }
  });
}
