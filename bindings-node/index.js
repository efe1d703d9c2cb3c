'use strict';
/**
 * arrears: an embeddable accounts-receivable engine (Rust core via N-API).
 *
 * The objects this package takes and returns ARE the documented wire format (snake_case keys, as
 * in every language): amounts are decimal strings (`'1000.00'`), dates `'YYYY-MM-DD'` strings
 * (a `Date` at UTC midnight is accepted too). Errors are {@link ArrearsError}s with a stable
 * `code`, the `field` (wire path, e.g. `'terms.lines[1].value'`) and the offending `value`.
 *
 * @example
 * const arrears = require('arrears');
 * const s = arrears.schedule({
 *   total: '1000.00', currency: 'EUR', base_date: '2026-01-31',
 *   terms: { lines: [{ kind: 'percent', value: '30' },
 *                    { kind: 'balance', due: ['end_of_month', { add_days: 60 }] }] },
 * });
 * // s.installments: [{line: 0, due_date: '2026-01-31', amount: '300.00'},
 * //                  {line: 1, due_date: '2026-04-01', amount: '700.00'}]
 */

const native = require('./native.js');

/** The stable error codes (the same as Python's `err.code` and C's ArrearsStatus names). */
const ERROR_CODES = Object.freeze([
  'invalid_amount', 'invalid_date', 'unknown_currency', 'invalid_precision', 'invalid_rounding',
  'invalid_rule', 'invalid_terms', 'date_out_of_range', 'overflow', 'invalid_request', 'internal',
]);

/** Rounding modes, in documentation order (`'half_up'` is the default). */
const ROUNDING_MODES = Object.freeze(['half_up', 'half_even', 'half_down', 'toward_zero', 'away_from_zero', 'floor', 'ceiling']);

/** Business-day adjustments (`'none'` is the default). */
const ADJUSTMENTS = Object.freeze(['none', 'following', 'modified_following', 'preceding']);

/**
 * Every arrears error. `message` names the field and the value.
 * @example
 * try { arrears.roundAmount({ amount: '1,000', currency: 'EUR' }); }
 * catch (e) { e instanceof arrears.ArrearsError; e.code === 'invalid_amount'; e.field === 'amount'; }
 */
class ArrearsError extends Error {
  /**
   * @param {string} message
   * @param {{code: string, field?: string, value?: string, reason?: string}} info
   */
  constructor(message, { code, field = '', value = '', reason = '' }) {
    super(message);
    this.name = 'ArrearsError';
    /** Stable code, e.g. `'invalid_terms'`. */
    this.code = code;
    /** Wire path of the bad value, e.g. `'terms.lines[1].value'`. */
    this.field = field;
    /** The offending value, as text. */
    this.value = value;
    /** Why it was rejected. */
    this.reason = reason;
  }
}

function fail(code, field, value, reason) {
  return new ArrearsError(`${field}: ${reason}`, { code, field, value: String(value), reason });
}

/** A Date must be exactly UTC midnight: anything else makes the calendar day ambiguous. */
function dateText(field, d) {
  if (Number.isNaN(d.getTime())) throw fail('invalid_date', field, 'Invalid Date', 'an invalid Date');
  if (d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds() || d.getUTCMilliseconds()) {
    throw fail('invalid_date', field, d.toISOString(),
      "a Date with a time of day is ambiguous (which day is it in your time zone?); pass 'YYYY-MM-DD' or new Date('YYYY-MM-DD')");
  }
  return d.toISOString().slice(0, 10);
}

/** Converts a request to its wire form: Dates to ISO days, bigints to decimal strings. */
function toWire(value, path) {
  if (value instanceof Date) return dateText(path, value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map((v, i) => toWire(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toWire(v, path ? `${path}.${k}` : k);
    }
    return out;
  }
  return value;
}

function requireObject(name, request) {
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    throw new TypeError(`${name}: expected a request object, got ${request === null ? 'null' : typeof request}`);
  }
}

function invoke(op, requestJson) {
  const { ok, payload } = native.call(op, requestJson);
  if (ok) return payload;
  const e = JSON.parse(payload);
  throw new ArrearsError(e.message, e);
}

function run(op, request) {
  return JSON.parse(invoke(op, JSON.stringify(toWire(request, ''))));
}

/**
 * Splits an invoice total into installments by payment terms. Installments sum exactly to the
 * total; the balance line (or last equal share, or the last line of terms whose percents sum to
 * 100) takes the rounding residue.
 * @param {import('./index').ScheduleRequest} request
 * @returns {import('./index').Schedule}
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

/**
 * Applies due-date steps to a base date, then a business-day adjustment.
 * @param {import('./index').DueDateRequest} request
 * @returns {string} the due date, 'YYYY-MM-DD'
 * @example
 * arrears.dueDate({ base_date: '2022-01-31', steps: ['end_of_month', { add_days: 30 }] }); // '2022-03-02'
 */
function dueDate(request) {
  requireObject('dueDate', request);
  return run('due_date', request).due_date;
}

/**
 * Rounds an amount for a currency (to a cash increment first, if given).
 * @param {import('./index').RoundRequest} request
 * @returns {string} the rounded amount, with exactly the currency's decimals
 * @example
 * arrears.roundAmount({ amount: '2.345', currency: 'EUR', rounding: 'half_even' }); // '2.34'
 */
function roundAmount(request) {
  requireObject('roundAmount', request);
  return run('round', request).amount;
}

/**
 * Validates payment terms and returns their canonical form (defaults filled in).
 * @param {import('./index').PaymentTerms} terms
 * @returns {import('./index').PaymentTerms}
 * @example
 * arrears.validateTerms({ lines: [{ kind: 'balance' }] }); // { adjustment: 'none', lines: [{ due: [], kind: 'balance' }] }
 */
function validateTerms(terms) {
  requireObject('validateTerms', terms);
  return run('terms', terms);
}

/**
 * The ISO 4217 currency with this code.
 * @param {string} code
 * @returns {import('./index').Currency}
 * @example
 * arrears.currency('KWD').minor_units; // 3
 */
function currency(code) {
  return run('currency', { code });
}

/**
 * The current ISO 4217 list, sorted by code.
 * @returns {import('./index').Currency[]}
 */
function currencies() {
  return run('currencies', {}).currencies;
}

/**
 * Runs a wire-format operation on a JSON request string and returns the canonical JSON response
 * (compact, sorted keys: the same bytes in every language).
 * @param {string} op
 * @param {string} requestJson
 * @returns {string}
 * @example
 * arrears.callJson('due_date', '{"base_date":"2026-01-31","adjustment":"following"}'); // '{"due_date":"2026-02-02"}'
 */
function callJson(op, requestJson) {
  if (typeof op !== 'string' || typeof requestJson !== 'string') throw new TypeError('callJson(op, requestJson) takes two strings');
  return invoke(op, requestJson);
}

/**
 * The library version (the Rust crate's; equals this package's version).
 * @returns {string}
 */
function version() {
  return native.version();
}

module.exports = {
  ArrearsError,
  ERROR_CODES,
  ROUNDING_MODES,
  ADJUSTMENTS,
  schedule,
  dueDate,
  roundAmount,
  validateTerms,
  currency,
  currencies,
  callJson,
  version,
};
