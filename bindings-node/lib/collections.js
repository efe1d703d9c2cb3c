'use strict';
// Collections: the worklist (whom to chase first, each score explained) and dunning (which
// reminder, call or notice each open installment gets today, merged per customer). Wire objects
// in, wire objects out; the rules live in the Rust core (core/src/collections/).

const { native, toWire, requireObject, run, callNative, nativeError } = require('./wire');
const { describe, knownKeys, typedColumn, stringList, count } = require('./columnar');

/**
 * The collection worklist: customers (or customer-currency pairs) ranked by a score of their
 * overdue amount by age and their payment history; every row carries its score's components.
 * @param {import('../index').WorklistRequest} request
 * @returns {import('../index').Worklist}
 * @example
 * arrears.worklist({ config: { as_of: '2025-06-30' },
 *   open: [{ customer: 'ACME', currency: 'EUR', due_date: '2025-05-01', open_amount: '500.00' }] }).rows[0].score; // '1350'
 */
function worklist(request) {
  requireObject('worklist', request);
  return run('worklist', request);
}

const WORKLIST_INVOICE_COLUMNS = ['invoiceId', 'invoiceIdOffsets', 'invoiceIdData', 'customer', 'customerOffsets', 'customerData',
  'dueDate', 'currency', 'currencies', 'openAmount', 'disputed'];
const WORKLIST_PAYMENT_COLUMNS = ['invoiceId', 'invoiceIdOffsets', 'invoiceIdData', 'date', 'amount'];
const WORKLIST_OPTIONS = ['asOf', 'topK', 'by', 'reportingCurrency', 'fx', 'scoring', 'includeDisputed', 'riskPoints', 'scale', 'closed', 'threads'];

/** An id column: a `string[]` or Arrow-style utf8 (`<name>Offsets` + `<name>Data`), exactly one. */
function idColumns(fn, table, columns, name, out) {
  const list = columns[name];
  const offsets = typedColumn(fn, `${table}.${name}Offsets`, columns[`${name}Offsets`], Int32Array, true);
  const data = typedColumn(fn, `${table}.${name}Data`, columns[`${name}Data`], Uint8Array, true);
  if (list !== undefined && list !== null) {
    if (offsets !== undefined || data !== undefined) {
      throw new TypeError(`arrears.${fn}: give ${table}.${name} either as a string[] or as ${name}Offsets + ${name}Data, not both`);
    }
    if (!Array.isArray(list)) throw new TypeError(`arrears.${fn}: ${table}.${name} must be an array of strings, got ${describe(list)}`);
    for (let i = 0; i < list.length; i++) {
      if (typeof list[i] !== 'string') throw new TypeError(`arrears.${fn}: ${table}.${name}[${i}] must be a string, got ${describe(list[i])}`);
    }
    out[name] = list;
  } else if (offsets === undefined || data === undefined) {
    throw new TypeError(`arrears.${fn}: ${table}.${name} is required: a string[], or ${name}Offsets + ${name}Data (Arrow-style utf8)`);
  } else {
    out[`${name}Offsets`] = offsets;
    out[`${name}Data`] = data;
  }
}

/** The columns of one invoices table (`open`: with currency, amounts and disputes). */
function worklistInvoices(fn, table, columns, open) {
  if (columns === null || typeof columns !== 'object' || Array.isArray(columns)) {
    throw new TypeError(`arrears.${fn}: ${table} must be an object of columns, got ${describe(columns)}`);
  }
  knownKeys(`${table} column`, columns, WORKLIST_INVOICE_COLUMNS);
  const out = { dueDate: typedColumn(fn, `${table}.dueDate`, columns.dueDate, Int32Array) };
  idColumns(fn, table, columns, 'invoiceId', out);
  idColumns(fn, table, columns, 'customer', out);
  if (open) {
    out.currency = typedColumn(fn, `${table}.currency`, columns.currency, Uint16Array);
    out.openAmount = typedColumn(fn, `${table}.openAmount`, columns.openAmount, BigInt64Array);
    out.disputed = typedColumn(fn, `${table}.disputed`, columns.disputed, Uint8Array, true);
  }
  return out;
}

/** Checks worklistColumns' arguments and builds the native call's. */
function worklistArgs(fn, invoices, payments, options) {
  requireObject(fn, options);
  knownKeys('option', options, WORKLIST_OPTIONS);
  const inv = worklistInvoices(fn, 'invoices', invoices, true);
  const currencies = stringList(fn, 'invoices.currencies', invoices.currencies);
  const closed = options.closed === undefined || options.closed === null ? undefined : worklistInvoices(fn, 'closed', options.closed, false);
  let pay;
  if (payments !== undefined && payments !== null) {
    if (typeof payments !== 'object' || Array.isArray(payments)) {
      throw new TypeError(`arrears.${fn}: payments must be an object of payment columns (or null), got ${describe(payments)}`);
    }
    knownKeys('payment column', payments, WORKLIST_PAYMENT_COLUMNS);
    pay = { date: typedColumn(fn, 'payments.date', payments.date, Int32Array), amount: typedColumn(fn, 'payments.amount', payments.amount, BigInt64Array) };
    idColumns(fn, 'payments', payments, 'invoiceId', pay);
  }
  if (options.asOf === undefined || options.asOf === null) throw new TypeError(`arrears.${fn}: the asOf option is required (the day of the list)`);
  const config = toWire({
    as_of: options.asOf, top_k: options.topK, by: options.by, reporting_currency: options.reportingCurrency, fx: options.fx,
    scoring: options.scoring, include_disputed: options.includeDisputed, risk_points: options.riskPoints,
  }, '');
  const spec = { config, currencies, scale: count(fn, 'scale', options.scale, 2) };
  return [inv, closed, pay, JSON.stringify(spec), count(fn, 'threads', options.threads, 0)];
}

/**
 * {@link worklist} over typed-array columns: a whole ledger in one call, no object per invoice
 * (the core reads the arrays in place, on all cores from 50,000 invoices on). Open invoice `i`
 * (`invoices`) has the id `invoiceId[i]` and customer `customer[i]` (each a `string[]`, or
 * Arrow-style utf8: `invoiceIdOffsets` + `invoiceIdData`, `customerOffsets` + `customerData`;
 * ids of any length), is due on day `dueDate[i]` (a day number, see {@link dayNumber}), in
 * currency `currencies[currency[i]]`, with `openAmount[i]` open in minor units at `options.scale`
 * decimals (default 2), disputed when `disputed[i]` is 1. `options.closed` holds closed invoices
 * (ids, customers, due dates: history only); `payments` the invoice id each pays, its `date` and
 * `amount` (a payment on no invoice is left out). The other options are {@link worklist}'s
 * configuration in camelCase (`asOf`, `topK`, `by`, `reportingCurrency`, `fx`, `scoring`,
 * `includeDisputed`, `riskPoints`), plus `threads` (0: automatic).
 * @param {import('../index').WorklistInvoiceColumns} invoices
 * @param {import('../index').WorklistPaymentColumns | null | undefined} payments
 * @param {import('../index').WorklistColumnsOptions} options
 * @returns {import('../index').Worklist} the same rows as {@link worklist}
 * @throws {TypeError} for a column of the wrong array type or a missing one
 * @throws {ArrearsError} e.g. code `'invalid_request'` field `'invoices[3].currency'` for an index
 *   outside `currencies`, `'invoices.customer'` for columns of different lengths,
 *   `'config.fx.USD'` for a rate that is not positive, `'currencies[1]'` for a currency without a rate
 * @example
 * const day = arrears.dayNumber;
 * const r = arrears.worklistColumns(
 *   { invoiceId: ['I1', 'I2'], customer: ['ACME', 'BETA'], dueDate: Int32Array.of(day('2025-05-01'), day('2025-07-01')),
 *     currency: Uint16Array.of(0, 0), currencies: ['EUR'], openAmount: BigInt64Array.of(50000n, 8000n) },
 *   null, { asOf: '2025-06-30' });
 * // r.rows.map((x) => [x.customer, x.score]): [['ACME', '1350']]
 */
function worklistColumns(invoices, payments, options) {
  const args = worklistArgs('worklistColumns', invoices, payments, options);
  return JSON.parse(callNative(native.worklistColumns, ...args));
}

/**
 * {@link worklistColumns} computed off the JS thread (the event loop keeps running); the columns
 * must not be written to until the promise settles.
 * @param {import('../index').WorklistInvoiceColumns} invoices
 * @param {import('../index').WorklistPaymentColumns | null | undefined} payments
 * @param {import('../index').WorklistColumnsOptions} options
 * @returns {Promise<import('../index').Worklist>}
 * @example
 * const r = await arrears.worklistColumnsAsync(invoices, payments, { asOf: '2025-06-30', topK: 100 });
 */
function worklistColumnsAsync(invoices, payments, options) {
  let args;
  try {
    args = worklistArgs('worklistColumnsAsync', invoices, payments, options);
  } catch (e) {
    return Promise.reject(e);
  }
  return native.worklistColumnsAsync(...args).then((json) => JSON.parse(json), (e) => { throw nativeError(e); });
}

/**
 * Today's dunning: per open installment the latest step due (or, after a sent step, the first
 * later one; of steps falling on one day, from the due and the issue date, only the highest
 * level), skips with their reasons, one merged action per customer; the history passed in
 * comes back with today's steps added.
 * @param {import('../index').DunningRequest} request
 * @returns {import('../index').DunningRun}
 * @example
 * arrears.dunning({ as_of: '2025-06-21', items: [{ customer: 'ACME', invoice: 'I-1', currency: 'EUR',
 *   due_date: '2025-06-01', open_amount: '100.00' }] }).actions[0].action; // 'letter'
 */
function dunning(request) {
  requireObject('dunning', request);
  return run('dunning', request);
}

/**
 * The standard dunning policy (-14, -5, -1, +1, +7, +15, +30, +31, +61 days from the due date).
 * @param {{}} [request]
 * @returns {import('../index').DunningPolicy}
 * @example
 * arrears.dunningPolicy().steps.map((s) => s.offset); // [-14, -5, -1, 1, 7, 15, 30, 31, 61]
 */
function dunningPolicy(request = {}) {
  requireObject('dunningPolicy', request);
  return run('dunning_policy', request);
}

/**
 * Customer risk from payment history: a score and a tier (A/B/C), component by component with
 * its reason.
 * @param {import('../index').RiskRequest} request
 * @returns {{scores: import('../index').RiskScore[]}}
 * @example
 * arrears.riskScore({ as_of: '2025-06-30', customers: [{ customer: 'ACME', broken_promises: 2 }] }).scores[0].tier; // 'A'
 */
function riskScore(request) {
  requireObject('riskScore', request);
  return run('risk_score', request);
}

/**
 * Accounts over collectors with capacities: owners kept where they have room, the rest by
 * priority to the least-loaded collector with room; deterministic.
 * @param {import('../index').AssignRequest} request
 * @returns {import('../index').Assignments}
 * @example
 * arrears.assignCollectors({ collectors: [{ id: 'ann', max_accounts: 1 }],
 *   accounts: [{ customer: 'A', amount: '10', priority: '5' }] }).assignments[0].collector; // 'ann'
 */
function assignCollectors(request) {
  requireObject('assignCollectors', request);
  return run('assign_collectors', request);
}

/**
 * A new order against the customer's credit: approve, review or hold, with the reasons and
 * the credit still available.
 * @param {import('../index').CreditRequest} request
 * @returns {import('../index').CreditDecision}
 * @example
 * arrears.creditCheck({ customer: 'ACME', credit_limit: '10000', open_receivables: '6000', order: '500' }).decision; // 'approve'
 */
function creditCheck(request) {
  requireObject('creditCheck', request);
  return run('credit_check', request);
}

module.exports = { worklist, worklistColumns, worklistColumnsAsync, dunning, dunningPolicy, riskScore, assignCollectors, creditCheck };
