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
  'invalid_rule', 'invalid_terms', 'date_out_of_range', 'overflow', 'invalid_request', 'limit_exceeded', 'internal',
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

function invoke(op, requestJson) {
  return callNative(native.callJson, op, requestJson);
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

// ---------------------------------------------------------------------------------------------
// Payment-terms notation, presets, discounts, e-invoicing forms (wire objects in, wire objects out)

/** `request` may be a string for ops whose request is one string field (`{text}`, `{name}`, ...). */
function stringOr(name, key, request) {
  if (typeof request === 'string') return { [key]: request };
  requireObject(name, request);
  return request;
}

/**
 * Parses payment terms as people write them (`net 30`, `2/10 net 30`, `net 30 EOM`, `10 prox`,
 * `30/60/90`, `COD`, ...), case- and space-insensitive. Unknown text is an error, never a guess.
 * @param {string | import('./index').ParseTermsRequest} request the text, or `{text, options}`
 * @param {import('./index').NotationOptions} [options] the EOM reading and cut-off day (with a string)
 * @returns {import('./index').ParsedTerms} the terms and their canonical text
 * @throws {ArrearsError} code `'invalid_terms'`, field `'text'`, naming the position and what was expected
 * @example
 * arrears.parseTerms('2/10 N/30').text; // '2/10 net 30'
 * arrears.parseTerms('net 30 EOM', { eom: 'uk' }).terms.lines[0].due; // [{ add_months: 1 }, 'end_of_month']
 */
function parseTerms(request, options) {
  const r = stringOr('parseTerms', 'text', request);
  return run('parse_terms', typeof request === 'string' && options !== undefined ? { ...r, options } : r);
}

/**
 * The canonical notation of payment terms (`parseTerms(formatTerms({terms})).terms` equals `terms`).
 * @param {import('./index').FormatTermsRequest} request `{terms}`
 * @returns {string}
 * @throws {ArrearsError} code `'invalid_terms'` for terms no notation can express
 * @example
 * arrears.formatTerms({ terms: { lines: [{ kind: 'balance', due: [{ add_days: 30 }],
 *   discounts: [{ percent: '2', due: [{ add_days: 10 }] }] }] } }); // '2/10 net 30'
 */
function formatTerms(request) {
  requireObject('formatTerms', request);
  return run('format_terms', request).text;
}

/**
 * A named preset (`'net_30'`, `'2_10_net_30'`, `'net_30_eom'`, `'10_prox'`, `'cod'`, ...).
 * @param {string | {name: string}} request the name
 * @returns {import('./index').Preset}
 * @example
 * arrears.preset('2_10_net_30').text; // '2/10 net 30'
 */
function preset(request) {
  return run('preset', stringOr('preset', 'name', request));
}

/**
 * Every named preset, in the library's order.
 * @returns {import('./index').Preset[]}
 * @example
 * arrears.presets().map((p) => p.name).includes('net_30'); // true
 */
function presets() {
  return run('presets', {}).presets;
}

/**
 * What a payment on `date` settles of one installment (as `schedule()` lists it, discounts
 * included); without `payment`, the amount that settles it.
 * @param {import('./index').SettleRequest} request
 * @returns {import('./index').Settlement}
 * @example
 * arrears.settle({ currency: 'EUR', date: '2026-01-05', installment: { amount: '1000.00', due_date: '2026-01-31', line: 0,
 *   discounts: [{ deadline: '2026-01-11', discount: '20.00', payable: '980.00' }] } });
 * // { deadline: '2026-01-11', discount: '20.00', open_after: '0.00', paid: '980.00', settled: '1000.00' }
 */
function settle(request) {
  requireObject('settle', request);
  return run('settle', request);
}

/**
 * The nominal and effective annual cost of not taking an early-payment discount, in percent.
 * @param {import('./index').DiscountCostRequest} request
 * @returns {import('./index').DiscountCost}
 * @example
 * arrears.discountCost({ percent: '2', discount_days: 10, net_days: 30 }); // { effective: '44.59', nominal: '37.24' }
 */
function discountCost(request) {
  requireObject('discountCost', request);
  return run('discount_cost', request);
}

/**
 * Terms as XRechnung / EN 16931 `#SKONTO#` note lines plus the net days.
 * @param {import('./index').ToXRechnungRequest} request `{terms, base_amount?}`
 * @returns {import('./index').XRechnung}
 * @example
 * arrears.toXRechnung({ terms: arrears.preset('2_10_net_30').terms }); // { net_days: 30, text: '#SKONTO#TAGE=10#PROZENT=2.00#\n' }
 */
function toXRechnung(request) {
  requireObject('toXRechnung', request);
  return run('to_xrechnung', request);
}

/**
 * Reads XRechnung `#SKONTO#` note lines (and the net days) back into terms.
 * @param {import('./index').FromXRechnungRequest} request `{text, net_days}`
 * @returns {import('./index').FromXRechnung}
 * @example
 * arrears.fromXRechnung({ text: '#SKONTO#TAGE=10#PROZENT=2.00#\n', net_days: 30 }).terms; // the terms of 2/10 net 30
 */
function fromXRechnung(request) {
  requireObject('fromXRechnung', request);
  return run('from_xrechnung', request);
}

/**
 * Terms as an X12 ITD segment.
 * @param {import('./index').TermsRequest} request `{terms}`
 * @returns {import('./index').Segment}
 * @example
 * arrears.toX12Itd({ terms: arrears.preset('2_10_net_30').terms }); // { segment: 'ITD*08*3*2**10**30~' }
 */
function toX12Itd(request) {
  requireObject('toX12Itd', request);
  return run('to_x12_itd', request);
}

/**
 * Reads an X12 ITD segment into terms.
 * @param {string | import('./index').SegmentRequest} request the segment, or `{segment}`
 * @returns {import('./index').TermsResponse}
 * @example
 * arrears.fromX12Itd('ITD*08*3*2**10**30~').terms; // the terms of 2/10 net 30
 */
function fromX12Itd(request) {
  return run('from_x12_itd', stringOr('fromX12Itd', 'segment', request));
}

/**
 * Terms as UN/EDIFACT PAT (and PCD) segments.
 * @param {import('./index').TermsRequest} request `{terms}`
 * @returns {import('./index').Segment}
 * @example
 * arrears.toEdifactPat({ terms: arrears.preset('2_10_net_30').terms }); // { segment: "PAT+22++5:3:D:10'PCD+12:2'PAT+1++5:3:D:30'" }
 */
function toEdifactPat(request) {
  requireObject('toEdifactPat', request);
  return run('to_edifact_pat', request);
}

/**
 * Reads UN/EDIFACT PAT segments into terms.
 * @param {string | import('./index').SegmentRequest} request the segments, or `{segment}`
 * @returns {import('./index').TermsResponse}
 * @example
 * arrears.fromEdifactPat("PAT+1++5:3:D:30'").terms; // { adjustment: 'none', lines: [{ due: [{ add_days: 30 }], kind: 'balance' }] }
 */
function fromEdifactPat(request) {
  return run('from_edifact_pat', stringOr('fromEdifactPat', 'segment', request));
}

// ---------------------------------------------------------------------------------------------
// Aging and receivables metrics (wire objects)

/**
 * The aging report of open items: rows per customer and currency, totals per currency (never
 * across currencies).
 * @param {import('./index').AgingRequest} request
 * @returns {import('./index').AgingReport}
 * @example
 * arrears.aging({ as_of: '2026-11-24', items: [{ customer: 'ACME', currency: 'EUR', due_date: '2026-10-01', amount: '50.10' }] })
 *   .rows[0].buckets; // ['0.00', '0.00', '50.10', '0.00', '0.00']
 */
function aging(request) {
  requireObject('aging', request);
  return run('aging', request);
}

/**
 * Merges aging reports of partitions (same as_of, basis and buckets) into the report of the whole.
 * @param {import('./index').AgingReport[] | {reports: import('./index').AgingReport[]}} request
 * @returns {import('./index').AgingReport}
 * @example
 * const whole = arrears.agingMerge([reportOfPartA, reportOfPartB]);
 */
function agingMerge(request) {
  if (Array.isArray(request)) return run('aging_merge', { reports: request });
  requireObject('agingMerge', request);
  return run('aging_merge', request);
}

/**
 * Days sales outstanding: receivables ÷ credit sales × days (ending or average receivables).
 * @param {import('./index').DsoRequest} request
 * @returns {{dso: string}}
 * @example
 * arrears.dso({ receivables: '50000', credit_sales: '150000', days: 90 }); // { dso: '30.00' }
 */
function dso(request) {
  requireObject('dso', request);
  return run('dso', request);
}

/**
 * Countback DSO: months of sales, newest first, subtracted from the receivables.
 * @param {import('./index').CountbackDsoRequest} request
 * @returns {{days: string, months: string}}
 * @example
 * arrears.countbackDso({ receivables: '212000', monthly_sales: ['100000', '80000', '70000'] }); // { days: '73.71', months: '2.46' }
 */
function countbackDso(request) {
  requireObject('countbackDso', request);
  return run('countback_dso', request);
}

/**
 * Best possible DSO (current receivables only); with `total_receivables` also the DSO and the
 * average days delinquent.
 * @param {import('./index').BestPossibleDsoRequest} request
 * @returns {import('./index').BestPossibleDso}
 * @example
 * arrears.bestPossibleDso({ current_receivables: '30000', total_receivables: '50000', credit_sales: '150000', days: 90 });
 * // { average_days_delinquent: '12.00', best_possible_dso: '18.00', dso: '30.00' }
 */
function bestPossibleDso(request) {
  requireObject('bestPossibleDso', request);
  return run('best_possible_dso', request);
}

/**
 * Collection effectiveness index, in percent (period or monthly-average variant).
 * @param {import('./index').CeiRequest} request
 * @returns {{cei: string}}
 * @example
 * arrears.cei({ beginning_receivables: '100', credit_sales: '300', ending_receivables: '120', ending_current_receivables: '80' }); // { cei: '87.50' }
 */
function cei(request) {
  requireObject('cei', request);
  return run('cei', request);
}

/**
 * Amount-weighted average days to pay and days late, from paid invoices.
 * @param {import('./index').PaymentTimingRequest} request
 * @returns {import('./index').PaymentTiming}
 * @example
 * arrears.paymentTiming({ paid: [{ customer: 'A', amount: '300', issue_date: '2026-01-01', due_date: '2026-01-31', paid_date: '2026-02-10' }] });
 * // { days_late: '10.00', days_to_pay: '40.00', items: 1, percent_late: '100.00' }
 */
function paymentTiming(request) {
  requireObject('paymentTiming', request);
  return run('payment_timing', request);
}

/**
 * Bad-debt allowance: each aging bucket times its percent, rounded for the currency.
 * @param {import('./index').AllowanceRequest} request
 * @returns {import('./index').Allowance}
 * @example
 * arrears.allowance({ currency: 'EUR', buckets: ['1000.00', '500.00'], percents: ['1', '10'] });
 * // { currency: 'EUR', parts: ['10.00', '50.00'], total: '60.00' }
 */
function allowance(request) {
  requireObject('allowance', request);
  return run('allowance', request);
}

/**
 * Roll rates between two aging snapshots (bucket i of the previous into bucket i + 1 now), in
 * percent; `null` where the previous bucket is zero.
 * @param {import('./index').RollRatesRequest} request
 * @returns {{rates: (string | null)[]}}
 * @example
 * arrears.rollRates({ previous: ['100', '50', '0'], current: ['80', '40', '25'] }); // { rates: ['40.00', '50.00'] }
 */
function rollRates(request) {
  requireObject('rollRates', request);
  return run('roll_rates', request);
}

/**
 * Expected collections per week or month, from each customer's history of lateness.
 * @param {import('./index').CashForecastRequest} request
 * @returns {import('./index').CashForecast}
 * @example
 * arrears.cashForecast({ as_of: '2026-11-24', horizon: 4,
 *   open: [{ customer: 'A', currency: 'EUR', due_date: '2026-12-01', amount: '100.00' }] }).periods;
 */
function cashForecast(request) {
  requireObject('cashForecast', request);
  return run('cash_forecast', request);
}

// ---------------------------------------------------------------------------------------------
// Columnar entry points: typed arrays in, typed arrays out, no object per invoice

function describe(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  return Array.isArray(value) ? 'an array' : typeof value;
}

/** Checks the option/column names against the allowed ones: a typo is an error, not a default. */
function knownKeys(what, object, allowed) {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key) && object[key] !== undefined) {
      throw fail('invalid_request', `unknown ${what}`, key, key, `expected one of ${allowed.join(', ')}`);
    }
  }
}

function typedColumn(fn, name, value, Type, optional = false) {
  if (value === undefined || value === null) {
    if (optional) return undefined;
    throw new TypeError(`arrears.${fn}: the ${name} column is required (a ${Type.name})`);
  }
  if (!(value instanceof Type)) throw new TypeError(`arrears.${fn}: ${name} must be a ${Type.name}, got ${describe(value)}`);
  return value;
}

function stringList(fn, name, value) {
  if (!Array.isArray(value) || !value.every((c) => typeof c === 'string')) {
    throw new TypeError(`arrears.${fn}: ${name} must be an array of strings, got ${describe(value)}`);
  }
  return value;
}

function count(fn, name, value, fallback) {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new TypeError(`arrears.${fn}: ${name} must be a whole number >= 0, got ${value}`);
  }
  return value;
}

const AGING_COLUMNS = [
  'customer', 'customerOffsets', 'customerData', 'customerValidity',
  'currency', 'currencies', 'dueDate', 'issueDate', 'amount', 'scale', 'disputed',
];
const AGING_OPTIONS = ['asOf', 'basis', 'bounds', 'labels', 'notDue', 'credits', 'threads'];

/**
 * The customer column in one of its three forms, as the native input's fields: integer keys
 * (`customer`), id strings (`customerIds`), or Arrow-style utf8 (`customerOffsets` + `customerData`,
 * and the optional validity bitmap `customerValidity`).
 */
function customerColumns(fn, columns) {
  const { customer, customerOffsets, customerData, customerValidity } = columns;
  if (customerOffsets != null || customerData != null) {
    if (customer != null) {
      throw new TypeError(`arrears.${fn}: give the customer ids either as customer or as customerOffsets + customerData, not both`);
    }
    return {
      customerOffsets: typedColumn(fn, 'customerOffsets', customerOffsets, Int32Array),
      customerData: typedColumn(fn, 'customerData', customerData, Uint8Array),
      customerValidity: typedColumn(fn, 'customerValidity', customerValidity, Uint8Array, true),
    };
  }
  if (customerValidity != null) {
    throw new TypeError(`arrears.${fn}: customerValidity (an Arrow validity bitmap) goes only with customerOffsets + customerData, ` +
      'not with a customer column (a null in a string[] is null itself)');
  }
  if (Array.isArray(customer)) {
    for (let i = 0; i < customer.length; i++) {
      const id = customer[i];
      // null / undefined are missing ids: the core names the first one (code 'invalid_request')
      if (typeof id !== 'string' && id != null) {
        throw new TypeError(`arrears.${fn}: customer[${i}] must be a string, got ${describe(id)}`);
      }
    }
    return { customerIds: customer };
  }
  if (customer === undefined || customer === null) {
    throw new TypeError(`arrears.${fn}: the customer column is required (a Uint32Array of keys or an array of id strings, ` +
      'or customerOffsets + customerData)');
  }
  if (!(customer instanceof Uint32Array)) {
    throw new TypeError(`arrears.${fn}: customer must be a Uint32Array or an array of strings, got ${describe(customer)}`);
  }
  return { customer };
}

function agingArgs(fn, columns, options) {
  if (columns === null || typeof columns !== 'object' || Array.isArray(columns)) {
    throw new TypeError(`arrears.${fn}: expected an object of columns, got ${describe(columns)}`);
  }
  requireObject(fn, options);
  knownKeys('column', columns, AGING_COLUMNS);
  knownKeys('option', options, AGING_OPTIONS);
  const input = {
    ...customerColumns(fn, columns),
    currency: typedColumn(fn, 'currency', columns.currency, Uint16Array),
    currencies: stringList(fn, 'currencies', columns.currencies),
    dueDate: typedColumn(fn, 'dueDate', columns.dueDate, Int32Array),
    issueDate: typedColumn(fn, 'issueDate', columns.issueDate, Int32Array, true),
    amount: typedColumn(fn, 'amount', columns.amount, BigInt64Array),
    scale: columns.scale,
    disputed: typedColumn(fn, 'disputed', columns.disputed, Uint8Array, true),
  };
  if (!Number.isInteger(input.scale) || input.scale < 0 || input.scale > 0xffffffff) {
    throw fail('invalid_precision', 'invalid scale', 'scale', input.scale,
      'the decimal places of the amount column: a whole number from 0 to 18');
  }
  if (options.asOf === undefined || options.asOf === null) throw new TypeError(`arrears.${fn}: the asOf option is required (the report date)`);
  const spec = toWire({
    as_of: options.asOf, basis: options.basis, bounds: options.bounds, labels: options.labels,
    not_due: options.notDue, credits: options.credits,
  }, '');
  spec.items = [];
  return [input, JSON.stringify(spec), count(fn, 'threads', options.threads, 0)];
}

/**
 * Ages open items given as typed-array columns, with no object per invoice: the core reads the
 * arrays' memory in place and ages on all cores from 50,000 rows on. Amounts are minor units at
 * `scale` (12.34 at scale 2 is `1234n`), dates day numbers (days since 1970-01-01, see
 * {@link dayNumber}). The result is columnar too: row `r` is customer `customer[r]` in currency
 * `currencies[currency[r]]`, with `buckets[c][r]` in column `columns[c]`; rows are sorted by
 * customer, then currency code; `totals` are per currency.
 *
 * Customers are integer keys (`customer: Uint32Array`), or ids of at most 15 bytes in UTF-8,
 * grouped as strings by the core: `customer: string[]`, or Arrow utf8 buffers `customerOffsets`
 * (`Int32Array`, n + 1 entries) + `customerData` (`Uint8Array`), as apache-arrow's `Data` of a
 * Utf8 vector has them (`valueOffsets`, `values`), with its nulls as `customerValidity`
 * (`Uint8Array`, the validity bitmap `nullBitmap`: bit i of byte i >> 3, least significant bit
 * first, 0 = null; at least ceil(n / 8) bytes; a sliced `Data`'s bitmap starts at bit `offset`,
 * so pass it only when `offset` is 0). A null id, in a `string[]` or by the bitmap, is an
 * error naming its row; a null row's bytes are not read. Without a bitmap every row is read as
 * its bytes, so a null slot would be the empty id: pass the bitmap of a column with nulls. With
 * ids, the result's `customer` is a `string[]` of the ids, rows sorted by the ids' bytes. A
 * longer id is an error (encode such ids as integer keys), never a silent fallback.
 * @param {import('./index').AgingColumnsInput | import('./index').AgingColumnsIdInput | import('./index').AgingColumnsUtf8Input} columns
 * @param {import('./index').AgingColumnsOptions} options
 * @returns {import('./index').AgingColumnsResult<Uint32Array | string[]>}
 * @throws {ArrearsError} e.g. code `'invalid_request'` field `'due_date'` for columns of different
 *   lengths, field `'bounds[1]'` for unsorted or duplicate bounds; code `'date_out_of_range'` field
 *   `'due_date[17]'` for a bad day number in row 17; with ids, code `'invalid_request'` field
 *   `'customer[3]'` for the first id longer than 15 bytes, or the first null id (value `'null'`),
 *   `'customer_offsets[5]'` for offsets that decrease, point past `customerData` or cut a
 *   character, `'customer_offsets'` for offsets not one more than the rows, `'customer_data[40]'`
 *   for the first byte of invalid UTF-8, `'customer_validity'` for a bitmap shorter than ceil(n / 8)
 *   bytes; a `TypeError` for a `customerValidity` that is not a `Uint8Array` or comes without
 *   `customerOffsets` + `customerData`
 * @example
 * const asOf = arrears.dayNumber('2025-06-30');
 * const t = arrears.agingColumns({
 *   customer: Uint32Array.of(7, 7, 3), currency: Uint16Array.of(0, 0, 0), currencies: ['EUR'],
 *   dueDate: Int32Array.of(asOf + 5, asOf - 45, asOf - 1), amount: BigInt64Array.of(10000n, 2550n, 99n), scale: 2,
 * }, { asOf: '2025-06-30' });
 * // t.columns: ['not_due', '1-30', '31-60', '61-90', '90+']; t.customer: Uint32Array [3, 7]
 * // t.buckets[0]: BigInt64Array [0n, 10000n]; t.total: BigInt64Array [99n, 12550n]
 * @example
 * const u = arrears.agingColumns({ ...columns, customer: ['ACME-0042', 'ACME-0042', 'bolt'] }, { asOf: '2025-06-30' });
 * // u.customer: ['ACME-0042', 'bolt']; u.total: BigInt64Array [12550n, 99n]
 */
function agingColumns(columns, options) {
  return callNative(native.agingColumns, ...agingArgs('agingColumns', columns, options));
}

/**
 * {@link agingColumns} computed off the JS thread (the event loop keeps running); the columns
 * must not be written to until the promise settles. A `string[]` of ids is read on the JS thread
 * before the work leaves it (typed arrays are read in place, off the thread).
 * @param {import('./index').AgingColumnsInput | import('./index').AgingColumnsIdInput | import('./index').AgingColumnsUtf8Input} columns
 * @param {import('./index').AgingColumnsOptions} options
 * @returns {Promise<import('./index').AgingColumnsResult<Uint32Array | string[]>>}
 * @example
 * const t = await arrears.agingColumnsAsync(columns, { asOf: '2025-06-30' });
 */
function agingColumnsAsync(columns, options) {
  let args;
  try {
    args = agingArgs('agingColumnsAsync', columns, options);
  } catch (e) {
    return Promise.reject(e);
  }
  return native.agingColumnsAsync(...args).catch((e) => { throw nativeError(e); });
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
 * @param {Array<import('./index').PaymentTerms | string>} terms wire terms, or notation text (`'2/10 net 30'`)
 * @param {string[]} currencies ISO 4217 codes the `currency` column indexes
 * @param {import('./index').InvoiceColumns} invoices
 * @param {import('./index').ScheduleBatchOptions} [options] the options of a schedule request, plus `notation`
 * @returns {import('./index').ScheduleColumns}
 * @throws {ArrearsError} e.g. field `'base_date'` for columns of different lengths, `'currency[3]'` for an
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
 * @param {Array<import('./index').PaymentTerms | string>} terms
 * @param {string[]} currencies
 * @param {import('./index').InvoiceColumns} invoices
 * @param {import('./index').ScheduleBatchOptions} [options]
 * @returns {Promise<import('./index').ScheduleColumns>}
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

const DAY_MS = 86400000;

/**
 * The day number of a date: days since 1970-01-01 (Arrow `date32`), what the columnar entry
 * points take and give.
 * @param {import('./index').DateInput} date 'YYYY-MM-DD' or a Date at UTC midnight
 * @returns {number}
 * @example
 * arrears.dayNumber('1970-01-02'); // 1
 * arrears.dayNumber(new Date('2026-01-31')); // 20484
 */
function dayNumber(date) {
  const text = date instanceof Date ? dateText('date', date) : date;
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    throw fail('invalid_date', 'invalid date', 'date', text, "expected 'YYYY-MM-DD'");
  }
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw fail('invalid_date', 'invalid date', 'date', text, 'no such day');
  }
  return ms / DAY_MS;
}

/**
 * The 'YYYY-MM-DD' date of a day number (days since 1970-01-01).
 * @param {number} day
 * @returns {string}
 * @example
 * arrears.dateOfDayNumber(20484); // '2026-01-31'
 */
function dateOfDayNumber(day) {
  if (!Number.isInteger(day) || day < -719162 || day > 2932896) {
    throw fail('date_out_of_range', 'date out of range', 'day', day,
      'a day number (days since 1970-01-01) must be between -719162 and 2932896 (0001-01-01 ..= 9999-12-31)');
  }
  // Years 0001..9999 print with four digits.
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
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
  parseTerms,
  formatTerms,
  preset,
  presets,
  settle,
  discountCost,
  toXRechnung,
  fromXRechnung,
  toX12Itd,
  fromX12Itd,
  toEdifactPat,
  fromEdifactPat,
  aging,
  agingMerge,
  dso,
  countbackDso,
  bestPossibleDso,
  cei,
  paymentTiming,
  allowance,
  rollRates,
  cashForecast,
  agingColumns,
  agingColumnsAsync,
  scheduleBatch,
  scheduleBatchAsync,
  dayNumber,
  dateOfDayNumber,
  callJson,
  version,
};
