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

/**
 * The stable error codes (the same as Python's `err.code` and C's `ArrearsStatus` names).
 * `'internal'` is only ever a bug in arrears (a Rust panic, caught and thrown).
 * @example
 * arrears.ERROR_CODES.includes('invalid_terms'); // true
 */
const ERROR_CODES = Object.freeze([
  'invalid_amount', 'invalid_date', 'unknown_currency', 'invalid_precision', 'invalid_rounding',
  'invalid_rule', 'invalid_terms', 'date_out_of_range', 'overflow', 'invalid_request', 'internal',
]);

/**
 * Rounding modes, in documentation order (`'half_up'` is the default).
 * @example
 * arrears.ROUNDING_MODES.map((rounding) => arrears.roundAmount({ amount: '-2.345', currency: 'EUR', rounding }));
 * // ['-2.35', '-2.34', '-2.34', '-2.34', '-2.35', '-2.35', '-2.34']
 */
const ROUNDING_MODES = Object.freeze(['half_up', 'half_even', 'half_down', 'toward_zero', 'away_from_zero', 'floor', 'ceiling']);

/**
 * Business-day adjustments (`'none'` is the default).
 * @example
 * arrears.ADJUSTMENTS.map((adjustment) => arrears.dueDate({ base_date: '2026-01-31', adjustment }));
 * // ['2026-01-31', '2026-02-02', '2026-01-30', '2026-01-30']
 */
const ADJUSTMENTS = Object.freeze(['none', 'following', 'modified_following', 'preceding']);

/**
 * Every arrears error. `message` is the core's text, `<field>: <what> "<value>": <reason>`, so it
 * names the field and the value; `code` is stable (see {@link ERROR_CODES}), `field` is the wire
 * path of the bad value, `value` the value as text, `reason` why it was rejected.
 * @example
 * try { arrears.roundAmount({ amount: '1,000', currency: 'EUR' }); }
 * catch (e) { e instanceof arrears.ArrearsError; e.code === 'invalid_amount'; e.field === 'amount'; }
 */
class ArrearsError extends Error {
  /**
   * @param {string} message
   * @param {{code: string, field?: string, value?: string, reason?: string}} info
   */
  constructor(message, { code, field = '', value = '', reason = '' } = { code: 'internal' }) {
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

/** Builds an ArrearsError the way the core does: the message is `<field>: <what> "<value>": <reason>`. */
function fail(code, what, field, value, reason) {
  const text = String(value);
  return new ArrearsError(`${field}: ${what} ${JSON.stringify(text)}: ${reason}`, { code, field, value: text, reason });
}

/** A Date must be exactly UTC midnight: anything else makes the calendar day ambiguous. */
function dateText(field, d) {
  if (Number.isNaN(d.getTime())) throw fail('invalid_date', 'invalid date', field, 'Invalid Date', 'not a valid Date');
  if (d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds() || d.getUTCMilliseconds()) {
    throw fail('invalid_date', 'invalid date', field, d.toISOString(),
      "a Date with a time of day is ambiguous (which calendar day it is depends on the time zone); " +
      "pass a 'YYYY-MM-DD' string, or a Date at UTC midnight such as new Date('2026-01-31')");
  }
  const iso = d.toISOString();
  // Years outside 0000..9999 print as '+010000-01-01' / '-000001-01-01': let the core reject them.
  return iso.length === 24 ? iso.slice(0, 10) : iso.slice(0, iso.indexOf('T'));
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
  if (request === null || typeof request !== 'object' || Array.isArray(request) || request instanceof Date) {
    const got = request === null ? 'null' : Array.isArray(request) ? 'an array' : typeof request;
    throw new TypeError(`arrears.${name}: expected a request object, got ${got}`);
  }
}

/** The native addon throws an Error whose `code` is the stable code and whose message is the error JSON. */
function invoke(op, requestJson) {
  try {
    return native.callJson(op, requestJson);
  } catch (e) {
    let info = null;
    if (e && typeof e.code === 'string' && ERROR_CODES.includes(e.code)) {
      try { info = JSON.parse(e.message); } catch { info = null; }
    }
    if (info === null || typeof info !== 'object') throw e;
    throw new ArrearsError(info.message, info);
  }
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
 * @throws {ArrearsError} code `'unknown_currency'`, field `'code'`, for a code not in the list
 * @example
 * arrears.currency('EUR'); // { code: 'EUR', minor_units: 2, name: 'Euro', numeric: 978 }
 * arrears.currency('KWD').minor_units; // 3
 */
function currency(code) {
  if (typeof code !== 'string') throw new TypeError(`arrears.currency: expected a currency code string, got ${typeof code}`);
  return run('currency', { code });
}

/**
 * The current ISO 4217 list, sorted by code.
 * @returns {import('./index').Currency[]}
 * @example
 * arrears.currencies().filter((c) => c.minor_units === 3).map((c) => c.code); // ['BHD', 'IQD', 'JOD', ...]
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
 * @example
 * arrears.version(); // '0.1.0'
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
