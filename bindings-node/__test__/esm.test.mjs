// The ESM entry point (index.mjs) exposes the same API as the CommonJS one.
import test from 'node:test';
import assert from 'node:assert';
import { createRequire } from 'node:module';
import arrearsDefault, { schedule, dueDate, ArrearsError, version } from '../index.mjs';
import * as ns from '../index.mjs';

const cjs = createRequire(import.meta.url)('../index.js');

test('ESM named and default exports are the CommonJS ones', () => {
  assert.strictEqual(arrearsDefault, cjs);
  assert.deepStrictEqual(Object.keys(ns).filter((k) => k !== 'default').sort(), Object.keys(cjs).sort());
  assert.strictEqual(ArrearsError, cjs.ArrearsError);
  assert.strictEqual(version(), cjs.version());
});

test('ESM: schedule and dueDate', () => {
  const s = schedule({
    total: '1000.00', currency: 'EUR', base_date: '2026-01-31',
    terms: { lines: [{ kind: 'percent', value: '30' }, { kind: 'balance', due: ['end_of_month', { add_days: 60 }] }] },
  });
  assert.deepStrictEqual(s.installments.map((i) => i.amount), ['300.00', '700.00']);
  assert.strictEqual(dueDate({ base_date: '2026-01-31', adjustment: 'following' }), '2026-02-02');
  assert.throws(() => dueDate({ base_date: '2026-02-30' }), (e) => e instanceof ArrearsError && e.code === 'invalid_date' && e.field === 'base_date');
});
