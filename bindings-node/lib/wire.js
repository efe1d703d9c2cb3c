'use strict';
// The wire layer: the one native call every typed function goes through (a request object in,
// its JSON to the core, the JSON response parsed back), the request conversions (a Date to
// 'YYYY-MM-DD', a bigint to a decimal string), the ArrearsError class and the mapping of native
// errors to it, and the two raw entry points callJson and version. Every other lib/ module
// builds on this one; it imports none of them. Thin by design: the core checks the requests.

const native = require('../native.js');

/**
 * The stable error codes (the same as Python's `err.code` and C's `ArrearsStatus` names).
 * `'internal'` is only ever a bug in arrears (a Rust panic, caught and thrown).
 * @example
 * arrears.ERROR_CODES.includes('invalid_terms'); // true
 */
const ERROR_CODES = Object.freeze([
  'invalid_amount', 'invalid_date', 'unknown_currency', 'invalid_precision', 'invalid_rounding',
  'invalid_rule', 'invalid_terms', 'date_out_of_range', 'overflow', 'invalid_request', 'limit_exceeded', 'internal',
]);

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

/**
 * Converts a request to its wire form: Dates to ISO days, bigints to decimal strings. A number
 * that JSON cannot carry (NaN, Infinity) goes as its text, so the error names it ("NaN"), not
 * the `null` JSON.stringify would make of it.
 */
function toWire(value, path) {
  if (value instanceof Date) return dateText(path, value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
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

/** Throws a TypeError naming `arrears.<name>` unless `request` is a plain object (not null, an array or a Date). */
function requireObject(name, request) {
  if (request === null || typeof request !== 'object' || Array.isArray(request) || request instanceof Date) {
    const got = request === null ? 'null' : Array.isArray(request) ? 'an array' : typeof request;
    throw new TypeError(`arrears.${name}: expected a request object, got ${got}`);
  }
}

/**
 * Turns a native error into an ArrearsError. The addon throws an Error whose message is the error
 * JSON `{code, field, value, reason, message}` (its `code` is the stable code, or napi's
 * `'GenericFailure'` for the async entry points, which only carry the JSON).
 */
function nativeError(e) {
  let info = null;
  if (e && typeof e.message === 'string' && (ERROR_CODES.includes(e.code) || e.code === 'GenericFailure')) {
    try { info = JSON.parse(e.message); } catch { info = null; }
  }
  if (info === null || typeof info !== 'object' || !ERROR_CODES.includes(info.code)) return e;
  return new ArrearsError(info.message, info);
}

/** Calls a native function, mapping its errors to ArrearsErrors. */
function callNative(fn, ...args) {
  try {
    return fn(...args);
  } catch (e) {
    throw nativeError(e);
  }
}

/** Runs one wire operation on a JSON request string; returns the response JSON. */
function invoke(op, requestJson) {
  return callNative(native.callJson, op, requestJson);
}

/** Runs one wire operation on a request object (converted by toWire); returns the parsed response. */
function run(op, request) {
  return JSON.parse(invoke(op, JSON.stringify(toWire(request, ''))));
}

/** `request` may be a string for ops whose request is one string field (`{text}`, `{name}`, ...). */
function stringOr(name, key, request) {
  if (typeof request === 'string') return { [key]: request };
  requireObject(name, request);
  return request;
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

/**
 * How the native addon was built: `'release'` (what `npm install` builds) or `'debug'` (the test
 * suite's build, many times slower).
 * @returns {'release' | 'debug'}
 * @example
 * arrears.buildProfile(); // 'release'
 */
function buildProfile() {
  return native.buildProfile();
}

/**
 * Every error code the core has, with the C status of each (the list {@link ERROR_CODES} holds,
 * less `'internal'`, which is never a documented error but a caught bug).
 * @returns {{code: string, status: number}[]}
 * @example
 * arrears.errorCodes()[0]; // { code: 'invalid_amount', status: 1 }
 */
function errorCodes() {
  return JSON.parse(invoke('error_codes', '{}')).codes;
}

module.exports = {
  native,
  ERROR_CODES,
  ArrearsError,
  fail,
  dateText,
  toWire,
  requireObject,
  stringOr,
  nativeError,
  callNative,
  run,
  callJson,
  version,
  buildProfile,
  errorCodes,
};
