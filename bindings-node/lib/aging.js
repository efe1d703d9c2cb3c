'use strict';
// Aging: the report of open items as wire objects (aging), merging the reports of partitions
// (agingMerge), and the columnar form over typed arrays (agingColumns, and its async form), whose
// customers are integer keys, a string[] of ids or Arrow-style utf8 buffers.

const { native, fail, toWire, requireObject, nativeError, callNative, run } = require('./wire');
const { describe, knownKeys, typedColumn, stringList, count } = require('./columnar');

/**
 * The aging report of open items: rows per customer and currency, totals per currency (never
 * across currencies).
 * @param {import('../index').AgingRequest} request
 * @returns {import('../index').AgingReport}
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
 * @param {import('../index').AgingReport[] | {reports: import('../index').AgingReport[]}} request
 * @returns {import('../index').AgingReport}
 * @example
 * const whole = arrears.agingMerge([reportOfPartA, reportOfPartB]);
 */
function agingMerge(request) {
  if (Array.isArray(request)) return run('aging_merge', { reports: request });
  requireObject('agingMerge', request);
  return run('aging_merge', request);
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

/** Checks agingColumns' arguments and builds the native call's: the input columns, the spec JSON, the thread count. */
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
 * Customers are integer keys (`customer: Uint32Array`), or ids of any length in UTF-8,
 * grouped as strings by the core: `customer: string[]`, or Arrow utf8 buffers `customerOffsets`
 * (`Int32Array`, n + 1 entries) + `customerData` (`Uint8Array`), as apache-arrow's `Data` of a
 * Utf8 vector has them (`valueOffsets`, `values`), with its nulls as `customerValidity`
 * (`Uint8Array`, the validity bitmap `nullBitmap`: bit i of byte i >> 3, least significant bit
 * first, 0 = null; at least ceil(n / 8) bytes; a sliced `Data`'s bitmap starts at bit `offset`,
 * so pass it only when `offset` is 0). A null id, in a `string[]` or by the bitmap, is an
 * error naming its row; a null row's bytes are not read. Without a bitmap every row is read as
 * its bytes, so a null slot would be the empty id: pass the bitmap of a column with nulls. With
 * ids, the result's `customer` is a `string[]` of the ids, rows sorted by the ids' bytes (ids of
 * up to 15 bytes are packed into integers, longer ones interned first: same result).
 * @param {import('../index').AgingColumnsInput | import('../index').AgingColumnsIdInput | import('../index').AgingColumnsUtf8Input} columns
 * @param {import('../index').AgingColumnsOptions} options
 * @returns {import('../index').AgingColumnsResult<Uint32Array | string[]>}
 * @throws {ArrearsError} e.g. code `'invalid_request'` field `'due_date'` for columns of different
 *   lengths, field `'bounds[1]'` for unsorted or duplicate bounds; code `'date_out_of_range'` field
 *   `'items[17].due_date'` for a bad day number in row 17; with ids, code `'invalid_request'` field
 *   `'items[3].customer'` for the first null id (value `'null'`),
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
 * @param {import('../index').AgingColumnsInput | import('../index').AgingColumnsIdInput | import('../index').AgingColumnsUtf8Input} columns
 * @param {import('../index').AgingColumnsOptions} options
 * @returns {Promise<import('../index').AgingColumnsResult<Uint32Array | string[]>>}
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

module.exports = { aging, agingMerge, agingColumns, agingColumnsAsync };
