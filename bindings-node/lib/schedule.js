'use strict';
// Schedules: one invoice's installments from a wire request (schedule), or a whole list of
// invoices as typed-array columns in one call (scheduleBatch, and its async form).

const { native, toWire, requireObject, nativeError, callNative, run } = require('./wire');
const { describe, knownKeys, typedColumn, stringList } = require('./columnar');

/**
 * Splits an invoice total into installments by payment terms. Installments sum exactly to the
 * total; the balance line (or last equal share, or the last line of terms whose percents sum to
 * 100) takes the rounding residue.
 * @param {import('../index').ScheduleRequest} request
 * @returns {import('../index').Schedule}
 * @example
 * arrears.schedule({ total: '5.47', currency: 'USD', base_date: '2026-01-01',
 *   terms: { lines: [{ kind: 'equal', due: [{ add_days: 30 }] }, { kind: 'equal', due: [{ add_days: 60 }] },
 *                    { kind: 'equal', due: [{ add_days: 90 }] }] } }).installments.map((i) => i.amount);
 * // ['1.82', '1.82', '1.83']
 */
function schedule(request) {
  requireObject('schedule', request);
  return run('schedule', request);
}

const BATCH_COLUMNS = ['total', 'currency', 'baseDate', 'terms'];
const BATCH_OPTIONS = ['rounding', 'precision', 'cash_increment', 'calendar', 'allow_negative_balance', 'notation'];

/**
 * Schedules a whole list of invoices in one call (what a call per invoice across the language
 * boundary cannot do fast). Invoice `i` has total `total[i]` (minor units of its currency, at the
 * currency's scale or the `precision` override), currency `currencies[currency[i]]`, base date
 * `baseDate[i]` (a day number) and terms `terms[invoices.terms[i]]` (the first when there is no
 * `terms` column). Its installments are rows `offsets[i] .. offsets[i + 1]` of `line`, `dueDate`
 * and `amount`; installment `k`'s discount tiers are rows `discountOffsets[k] ..
 * discountOffsets[k + 1]` of `discountDeadline` and `discountAmount`. The same figures as
 * {@link schedule} invoice by invoice.
 * @param {Array<import('../index').PaymentTerms | string>} terms wire terms, or notation text (`'2/10 net 30'`)
 * @param {string[]} currencies ISO 4217 codes the `currency` column indexes
 * @param {import('../index').InvoiceColumns} invoices
 * @param {import('../index').ScheduleBatchOptions} [options] the options of a schedule request, plus `notation`
 * @returns {import('../index').ScheduleColumns}
 * @throws {ArrearsError} e.g. field `'base_date'` for columns of different lengths, `'invoices[3].currency'` for an
 *   index outside `currencies`, `'terms_list[0]'` for bad notation, `'invoices[5].terms...'` for a schedule error
 * @example
 * const s = arrears.scheduleBatch(['30/60/90'], ['EUR'], {
 *   total: BigInt64Array.of(100000n, 547n), currency: Uint16Array.of(0, 0),
 *   baseDate: Int32Array.of(arrears.dayNumber('2026-01-31'), arrears.dayNumber('2026-01-31')),
 * });
 * // s.offsets: Uint32Array [0, 3, 6]; s.amount: BigInt64Array [33333n, 33333n, 33334n, 182n, 182n, 183n]
 */
function scheduleBatch(terms, currencies, invoices, options = {}) {
  return callNative(native.scheduleBatch, ...batchArgs('scheduleBatch', terms, currencies, invoices, options));
}

/**
 * {@link scheduleBatch} computed off the JS thread (the event loop keeps running); the columns
 * must not be written to until the promise settles.
 * @param {Array<import('../index').PaymentTerms | string>} terms
 * @param {string[]} currencies
 * @param {import('../index').InvoiceColumns} invoices
 * @param {import('../index').ScheduleBatchOptions} [options]
 * @returns {Promise<import('../index').ScheduleColumns>}
 * @example
 * const s = await arrears.scheduleBatchAsync(['net 30'], ['EUR'], invoices);
 */
function scheduleBatchAsync(terms, currencies, invoices, options = {}) {
  let args;
  try {
    args = batchArgs('scheduleBatchAsync', terms, currencies, invoices, options);
  } catch (e) {
    return Promise.reject(e);
  }
  return native.scheduleBatchAsync(...args).catch((e) => { throw nativeError(e); });
}

/** Checks scheduleBatch's arguments and builds the native call's: terms JSON, currencies, columns, options JSON. */
function batchArgs(fn, terms, currencies, invoices, options) {
  if (!Array.isArray(terms) || !terms.every((t) => typeof t === 'string' || (t !== null && typeof t === 'object' && !Array.isArray(t)))) {
    throw new TypeError(`arrears.${fn}: terms must be an array of payment terms or notation strings, got ${describe(terms)}`);
  }
  stringList(fn, 'currencies', currencies);
  if (invoices === null || typeof invoices !== 'object' || Array.isArray(invoices)) {
    throw new TypeError(`arrears.${fn}: expected an object of invoice columns, got ${describe(invoices)}`);
  }
  requireObject(fn, options);
  knownKeys('column', invoices, BATCH_COLUMNS);
  knownKeys('option', options, BATCH_OPTIONS);
  const input = {
    total: typedColumn(fn, 'total', invoices.total, BigInt64Array),
    currency: typedColumn(fn, 'currency', invoices.currency, Uint16Array),
    baseDate: typedColumn(fn, 'baseDate', invoices.baseDate, Int32Array),
    terms: typedColumn(fn, 'terms', invoices.terms, Uint32Array, true),
  };
  const termsJson = JSON.stringify(terms.map((t, k) => (typeof t === 'string' ? t : toWire(t, `terms_list[${k}]`))));
  return [termsJson, currencies, input, JSON.stringify(toWire(options, ''))];
}

module.exports = { schedule, scheduleBatch, scheduleBatchAsync };
