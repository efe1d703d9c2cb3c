'use strict';
// Late charges: the interest and fees a late customer owes on a date (one claim under a rule or a
// statutory preset, with its breakdown), statements of account (object and plain text), the
// presets and the sample rate tables, and the columnar batch over typed arrays (interestColumns,
// and its async form). Wire objects in, wire objects out: amounts and rates are decimal strings,
// dates 'YYYY-MM-DD' (or a Date at UTC midnight).

const { native, toWire, requireObject, stringOr, nativeError, callNative, run } = require('./wire');
const { describe, knownKeys, typedColumn, stringList, count } = require('./columnar');

/**
 * The late interest of one claim as of a date: the principal at the due date, its payments and
 * credit notes (`events`, each lowering the principal from the day after it), under a `rule`
 * (a fixed annual percent or a reference-rate table plus a margin, a day count, compounding, a
 * grace period) or a statutory `preset` (`'de_288_b2b'`, `'uk_late_payment'`, ...). Interest runs
 * on each day after the due date through `as_of`, is rounded once, and `periods` explain it: their
 * `interest` sums exactly to the total.
 * @param {import('../index').InterestRequest} request
 * @returns {import('../index').Interest}
 * @throws {ArrearsError} e.g. code `'invalid_date'` field `'events[0].date'` for a payment before
 *   the invoice date, `'invalid_amount'` `'events[0].amount'` for a negative payment, `'invalid_rule'`
 *   `'rule.rate'` for a rate outside -100..1000 %, `'invalid_rule'`
 *   `'rule.reference.table.rates[1].from'` for a gap or an overlap in a rate table, `'invalid_rule'`
 *   `'preset.name'` for an unknown preset, `'invalid_request'` `'events[0].currency'` for a payment
 *   in another currency
 * @example
 * const r = arrears.interest({ principal: '1000.00', currency: 'EUR', due_date: '2025-03-01', as_of: '2025-03-31',
 *   events: [{ kind: 'payment', date: '2025-03-11', amount: '200.00' }], rule: { rate: '10.25' } });
 * // r.interest: '7.30'; r.periods.map((p) => [p.principal, p.days, p.interest]):
 * // [['1000.00', 10, '2.81'], ['800.00', 20, '4.49']]
 */
function interest(request) {
  requireObject('interest', request);
  return run('interest', request);
}

/**
 * The late-payment fee of an overdue principal (fees and interest excluded): a `fee` rule (fixed,
 * percent, amount bands, minimum and maximum) or a preset's compensation (`'uk_late_payment'`:
 * 40/70/100 GBP by band); with `level` and `charged_levels`, the fee due at a dunning level.
 * @param {import('../index').LateFeeRequest} request
 * @returns {import('../index').Amount} the fee, e.g. `'70.00'`
 * @throws {ArrearsError} e.g. code `'invalid_rule'` field `'fee.bands[1].from'` for unsorted bands
 * @example
 * arrears.lateFee({ principal: '1000.00', currency: 'GBP', preset: 'uk_late_payment' }); // '70.00'
 * arrears.lateFee({ principal: '300.00', currency: 'EUR', fee: { percent: '2', min: '10.00' } }); // '10.00'
 */
function lateFee(request) {
  requireObject('lateFee', request);
  return run('late_fee', request).fee;
}

/**
 * A customer's statement of account on a date: every open item with its principal, interest to
 * date, fees, the early discount still available and the total due; totals per currency (never
 * across currencies).
 * @param {import('../index').StatementRequest} request
 * @returns {import('../index').Statement}
 * @example
 * const s = arrears.statement({ customer: 'ACME GmbH', as_of: '2026-03-31', rule: { rate: '9.12' }, fee: { fixed: '40.00' },
 *   items: [{ id: 'INV-1001', currency: 'EUR', amount: '1000.00', due_date: '2026-01-15' }] });
 * // s.lines[0]: { id: 'INV-1001', days_late: 75, interest: '18.74', fees: '40.00', total_due: '1058.74', ... }
 * // s.totals: [{ currency: 'EUR', principal: '1000.00', interest: '18.74', fees: '40.00', discount: '0.00', total_due: '1058.74' }]
 */
function statement(request) {
  requireObject('statement', request);
  return run('statement', request);
}

/**
 * {@link statement} as the plain-text letter a collections clerk sends.
 * @param {import('../index').StatementRequest} request
 * @returns {string}
 * @example
 * arrears.statementText(request).split('\n')[0]; // 'STATEMENT OF ACCOUNT'
 */
function statementText(request) {
  requireObject('statementText', request);
  return run('statement_text', request).text;
}

/**
 * The statutory late-interest presets (EU 2011/7, DE §288 B2B and consumer, UK Late Payment Act,
 * FR L441-10, IT D.Lgs 231/2002, RU art. 395), each with its dated versions.
 * @returns {import('../index').InterestPreset[]}
 * @example
 * arrears.interestPresets().map((p) => p.name).includes('de_288_b2b'); // true
 */
function interestPresets() {
  return run('interest_presets', {}).presets;
}

/**
 * A sample reference-rate table shipped with arrears (`'ecb_mro'`, `'de_basiszins'`,
 * `'boe_bank_rate'`, `'cbr_key_rate'`): dated, sourced sample data for trying the presets, not an authority.
 * Its `table` is what a rule's `reference.table` or a preset's `reference_rates` takes.
 * @param {string | {name: string}} request the name
 * @returns {import('../index').SampleRateTable}
 * @throws {ArrearsError} code `'invalid_request'` field `'name'` for an unknown table
 * @example
 * const t = arrears.rateTable('de_basiszins');
 * arrears.interest({ principal: '10000.00', currency: 'EUR', due_date: '2024-05-31', as_of: '2024-12-31',
 *   preset: { name: 'de_288_b2b', reference_rates: t.table, obligation_date: '2024-05-01' } }).interest; // '727.31'
 */
function rateTable(request) {
  return run('rate_table', stringOr('rateTable', 'name', request));
}

/**
 * The sample rate tables: name, title, source, when compiled, the last day covered, entries.
 * @returns {import('../index').RateTableInfo[]}
 * @example
 * arrears.rateTables().map((t) => t.name); // ['ecb_mro', 'de_basiszins', 'boe_bank_rate', 'cbr_key_rate']
 */
function rateTables() {
  return run('rate_tables', {}).tables;
}

/**
 * The statuses of {@link interestColumns}' `status` column, by code: `INTEREST_STATUSES[status[i]]`.
 * @example
 * arrears.INTEREST_STATUSES[4]; // 'charged'
 */
const INTEREST_STATUSES = Object.freeze(['not_due', 'paid_on_time', 'within_grace', 'paid_within_grace', 'charged']);

const INVOICE_COLUMNS = ['dueDate', 'amount', 'currency', 'currencies', 'issueDate', 'rows', 'id', 'idOffsets', 'idData'];
const PAYMENT_COLUMNS = ['invoice', 'invoiceId', 'invoiceIdOffsets', 'invoiceIdData', 'date', 'amount'];
const INTEREST_OPTIONS = ['asOf', 'rule', 'preset', 'rounding', 'precision', 'cashIncrement', 'calendar', 'breakdown', 'unmatched', 'threads'];

/** `value` if it is an array of strings (ids), a TypeError otherwise; undefined when not given. */
function idList(fn, name, value) {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new TypeError(`arrears.${fn}: ${name} must be an array of strings, got ${describe(value)}`);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'string') throw new TypeError(`arrears.${fn}: ${name}[${i}] must be a string, got ${describe(value[i])}`);
  }
  return value;
}

/** Checks interestColumns' arguments and builds the native call's: invoices, payments, spec JSON, threads. */
function interestArgs(fn, invoices, payments, options) {
  if (invoices === null || typeof invoices !== 'object' || Array.isArray(invoices)) {
    throw new TypeError(`arrears.${fn}: expected an object of invoice columns, got ${describe(invoices)}`);
  }
  if (payments !== undefined && payments !== null && (typeof payments !== 'object' || Array.isArray(payments))) {
    throw new TypeError(`arrears.${fn}: payments must be an object of payment columns (or null), got ${describe(payments)}`);
  }
  requireObject(fn, options);
  knownKeys('column', invoices, INVOICE_COLUMNS);
  knownKeys('option', options, INTEREST_OPTIONS);
  const inv = {
    dueDate: typedColumn(fn, 'dueDate', invoices.dueDate, Int32Array),
    amount: typedColumn(fn, 'amount', invoices.amount, BigInt64Array),
    currency: typedColumn(fn, 'currency', invoices.currency, Uint16Array),
    currencies: stringList(fn, 'currencies', invoices.currencies),
    issueDate: typedColumn(fn, 'issueDate', invoices.issueDate, Int32Array, true),
    rows: typedColumn(fn, 'rows', invoices.rows, Uint32Array, true),
    id: idList(fn, 'id', invoices.id),
    idOffsets: typedColumn(fn, 'idOffsets', invoices.idOffsets, Int32Array, true),
    idData: typedColumn(fn, 'idData', invoices.idData, Uint8Array, true),
  };
  if (inv.id !== undefined && (inv.idOffsets !== undefined || inv.idData !== undefined)) {
    throw new TypeError(`arrears.${fn}: give the invoice ids either as id (a string[]) or as idOffsets + idData, not both`);
  }
  if ((inv.idOffsets === undefined) !== (inv.idData === undefined)) {
    throw new TypeError(`arrears.${fn}: idOffsets and idData go together (Arrow-style utf8: offsets into the bytes)`);
  }
  let pay;
  if (payments !== undefined && payments !== null) {
    knownKeys('payment column', payments, PAYMENT_COLUMNS);
    pay = {
      invoice: typedColumn(fn, 'invoice', payments.invoice, Uint32Array, true),
      invoiceId: idList(fn, 'invoiceId', payments.invoiceId),
      invoiceIdOffsets: typedColumn(fn, 'invoiceIdOffsets', payments.invoiceIdOffsets, Int32Array, true),
      invoiceIdData: typedColumn(fn, 'invoiceIdData', payments.invoiceIdData, Uint8Array, true),
      date: typedColumn(fn, 'date', payments.date, Int32Array),
      amount: typedColumn(fn, 'amount', payments.amount, BigInt64Array),
    };
    if ((pay.invoiceIdOffsets === undefined) !== (pay.invoiceIdData === undefined)) {
      throw new TypeError(`arrears.${fn}: invoiceIdOffsets and invoiceIdData go together (Arrow-style utf8: offsets into the bytes)`);
    }
    const forms = [pay.invoice, pay.invoiceId, pay.invoiceIdOffsets].filter((x) => x !== undefined).length;
    if (forms !== 1) {
      throw new TypeError(`arrears.${fn}: give each payment's invoice as exactly one of invoice (a Uint32Array of rows), ` +
        'invoiceId (a string[] of ids) and invoiceIdOffsets + invoiceIdData (the ids as Arrow-style utf8)');
    }
  }
  if (options.asOf === undefined || options.asOf === null) throw new TypeError(`arrears.${fn}: the asOf option is required (the last day of interest)`);
  const given = (x) => x !== undefined && x !== null;
  if (given(options.rule) === given(options.preset)) {
    throw new TypeError(`arrears.${fn}: give exactly one of the rule option (an interest rule) and the preset option (a statutory preset)`);
  }
  const spec = toWire({
    as_of: options.asOf, rule: options.rule, preset: options.preset, rounding: options.rounding, precision: options.precision,
    cash_increment: options.cashIncrement, calendar: options.calendar, breakdown: options.breakdown, unmatched: options.unmatched,
  }, '');
  return [inv, pay, JSON.stringify(spec), count(fn, 'threads', options.threads, 0)];
}

/**
 * The late interest of a whole ledger in one call, over typed-array columns (no object per
 * invoice: the core reads the arrays in place, on all cores from 50,000 invoices on). Invoice `i`
 * is due on day `dueDate[i]` (a day number, see {@link dayNumber}) with `amount[i]` owing, in minor
 * units of `currencies[currency[i]]` (its ISO 4217 minor unit, or `precision`); each payment (or
 * credit note) is on the invoice of row `payments.invoice[j]` (`0xFFFFFFFF`: on none, skipped) or of
 * id `payments.invoiceId[j]` among `invoices.id` (or the same ids as Arrow-style utf8 buffers:
 * `invoiceIdOffsets` + `invoiceIdData`, `idOffsets` + `idData`, read in place, as apache-arrow's
 * `valueOffsets` and `values` of a Utf8 vector), dated `payments.date[j]`, of `payments.amount[j]`
 * minor units. Every invoice runs under `options.rule`, or a statutory `options.preset`
 * (`{ name, reference_rates, obligation_date }`, as {@link interest} takes it: each invoice's version
 * follows `obligation_date` when given, else its `issueDate`; the result's `version` then holds the
 * day number of the first day of the version each invoice followed), as of `options.asOf`; its
 * result equals {@link interest} on the same claim, errors included. With `invoices.rows` (strictly ascending),
 * only those rows are computed, one result each, and payments by id are looked up among those rows
 * only (a payment on another invoice is unmatched).
 *
 * The result: `interest[i]` in minor units at `scales[currency[i]]`, `status[i]` an index into
 * {@link INTEREST_STATUSES}; with `breakdown: true`, `periods` holds every invoice's breakdown as a
 * flat table (invoice `i`'s lines are rows `offsets[i] .. offsets[i + 1]`; `rate` in millionths of
 * a percent, 12.37 % is `12370000n`).
 * @param {import('../index').InterestInvoiceColumns} invoices
 * @param {import('../index').InterestPaymentColumns | null | undefined} payments
 * @param {import('../index').InterestColumnsOptions} options
 * @returns {import('../index').InterestColumnsResult}
 * @throws {ArrearsError} fields named as {@link interest} names them, by row: e.g.
 *   `'invoices[3].amount'` for a negative amount, `'payments[1].amount'` for a payment that is not
 *   positive, `'payments[0].date'` for a payment before its invoice's `issueDate`,
 *   `'payments[2].invoice'` for a row that does not exist, `'payments[4].invoice_id'` for an id no
 *   invoice has (unless `unmatched: 'skip'`), `'invoices[7].currency'` for an index outside
 *   `currencies`, `'rule.rate'` for a rate outside -100..1000 %, `'rule.reference.table.rates'` for
 *   a rate table that does not cover an invoice's days (the invoice in the message),
 *   `'preset.obligation_date'` for a preset with versions and no date to choose one
 * @example
 * const day = arrears.dayNumber;
 * const r = arrears.interestColumns(
 *   { dueDate: Int32Array.of(day('2025-03-01'), day('2025-06-01')), amount: BigInt64Array.of(100000n, 50000n),
 *     currency: Uint16Array.of(0, 0), currencies: ['EUR'] },
 *   { invoice: Uint32Array.of(0), date: Int32Array.of(day('2025-03-11')), amount: BigInt64Array.of(20000n) },
 *   { asOf: '2025-03-31', rule: { rate: '10.25' } });
 * // r.interest: BigInt64Array [730n, 0n]; r.status: Uint8Array [4, 0] ('charged', 'not_due'); r.scales: Uint32Array [2]
 */
function interestColumns(invoices, payments, options) {
  return callNative(native.interestColumns, ...interestArgs('interestColumns', invoices, payments, options));
}

/**
 * {@link interestColumns} computed off the JS thread (the event loop keeps running); the columns
 * must not be written to until the promise settles.
 * @param {import('../index').InterestInvoiceColumns} invoices
 * @param {import('../index').InterestPaymentColumns | null | undefined} payments
 * @param {import('../index').InterestColumnsOptions} options
 * @returns {Promise<import('../index').InterestColumnsResult>}
 * @example
 * const r = await arrears.interestColumnsAsync(invoices, payments, { asOf: '2025-03-31', rule: { rate: '10.25' } });
 */
function interestColumnsAsync(invoices, payments, options) {
  let args;
  try {
    args = interestArgs('interestColumnsAsync', invoices, payments, options);
  } catch (e) {
    return Promise.reject(e);
  }
  return native.interestColumnsAsync(...args).catch((e) => { throw nativeError(e); });
}

module.exports = {
  INTEREST_STATUSES,
  interestColumns,
  interestColumnsAsync,
  interest,
  lateFee,
  statement,
  statementText,
  interestPresets,
  rateTable,
  rateTables,
};
