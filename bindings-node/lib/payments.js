'use strict';
// Payments: where a payment goes (the core's payments domain). Wire objects in, wire objects out;
// every rule lives in the Rust core. The batch (allocateColumns, openBalances, and their async
// forms) takes typed arrays.

const { native, requireObject, run, callNative, nativeError } = require('./wire');
const { describe, knownKeys, typedColumn, stringList, count } = require('./columnar');

/**
 * Allocates one payment to a customer's open items: a strategy among items (`oldest_first` by
 * default, installment by installment over all items by due date; `specified` with `order`, `proportional`, `largest_first`, `smallest_first`, the
 * statutory `de_bgb_366`, `it_cc_1193`, `ru_gk_319`), fees → interest → principal inside an item
 * (or `within`), installments in due-date order, the early discount the payment date earns, the
 * rest unapplied, an optional write-off tolerance. All or nothing: bad input throws an
 * ArrearsError naming the field (`payment.amount`, `items[2].currency`, `order[0]`...).
 * @param {import('../index').AllocateRequest} request
 * @returns {import('../index').Allocation} `applied + unapplied === payment`, exactly
 * @example
 * arrears.allocatePayment({ payment: { amount: '150.00', currency: 'EUR', date: '2026-02-01' },
 *   items: [{ id: 'A', currency: 'EUR', invoice_date: '2026-01-01',
 *             installments: [{ due_date: '2026-01-31', amount: '100.00' }] }] }).unapplied; // '50.00'
 */
function allocatePayment(request) {
  requireObject('allocatePayment', request);
  return run('allocate_payment', request);
}

/**
 * A payment plan for an overdue balance: `count` installments or installments of `installment`,
 * weekly, biweekly or monthly (from `start`, clamped), an optional down payment due on `start`,
 * optional annuity interest at `rate` % a year (the residue on the last installment).
 * @param {import('../index').PlanRequest} request
 * @returns {import('../index').Plan}
 * @example
 * arrears.paymentPlan({ balance: '5.47', currency: 'EUR', start: '2026-01-31', count: 3 })
 *   .installments.map((i) => i.amount); // ['1.82', '1.82', '1.83']
 */
function paymentPlan(request) {
  requireObject('paymentPlan', request);
  return run('payment_plan', request);
}

/**
 * Where a plan stands as of a date from the payments received: `on_track`, `late` (within
 * `grace_days`), `broken` (`broken_by` names the installment) or `completed`.
 * @param {import('../index').PlanStatusRequest} request
 * @returns {import('../index').PlanStatus}
 * @example
 * arrears.planStatus({ plan, payments: [{ date: '2026-01-30', amount: '100.00' }], as_of: '2026-03-06', grace_days: 5 }).status; // 'broken'
 */
function planStatus(request) {
  requireObject('planStatus', request);
  return run('plan_status', request);
}

/**
 * Where a promise to pay stands as of a date: `kept`, `pending` or `broken`.
 * @param {import('../index').PromiseRequest} request
 * @returns {import('../index').PromiseStatus}
 * @example
 * arrears.promiseStatus({ promise: { amount: '500.00', date: '2026-02-15' }, currency: 'EUR',
 *   payments: [{ date: '2026-02-10', amount: '500.00' }], as_of: '2026-02-20' }).status; // 'kept'
 */
function promiseStatus(request) {
  requireObject('promiseStatus', request);
  return run('promise_status', request);
}

/**
 * A schedule (as `schedule()` returns it) booked in the company currency at `rate` (company
 * units per document unit): each installment converted and rounded, the last taking the residue
 * so they sum exactly to the company total; each discount's payable converted, its discount the
 * rest.
 * @param {import('../index').CompanyScheduleRequest} request
 * @returns {import('../index').CompanySchedule}
 * @example
 * arrears.companySchedule({ schedule: s, company_currency: 'EUR', rate: '50' }).total; // '5000.00' for 100.00 USD
 */
function companySchedule(request) {
  requireObject('companySchedule', request);
  return run('company_schedule', request);
}

const ITEM_COLUMNS = ['customer', 'currency', 'dueDate', 'open', 'id', 'idOffsets', 'idData'];
const RECEIPT_COLUMNS = ['customer', 'currency', 'date', 'amount'];
const ALLOCATE_OPTIONS = ['unmatched', 'threads'];

/** Checks allocateColumns' arguments and builds the native call's: items, receipts, unapplied, threads. */
function allocateArgs(fn, items, receipts, options = {}) {
  for (const [what, value] of [['items', items], ['receipts', receipts]]) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new TypeError(`arrears.${fn}: expected an object of ${what} columns, got ${describe(value)}`);
    }
  }
  requireObject(fn, options);
  knownKeys('item column', items, ITEM_COLUMNS);
  knownKeys('receipt column', receipts, RECEIPT_COLUMNS);
  knownKeys('option', options, ALLOCATE_OPTIONS);
  const inv = {
    customer: typedColumn(fn, 'customer', items.customer, Uint32Array),
    currency: typedColumn(fn, 'currency', items.currency, Uint16Array),
    dueDate: typedColumn(fn, 'dueDate', items.dueDate, Int32Array),
    open: typedColumn(fn, 'open', items.open, BigInt64Array),
    idOffsets: typedColumn(fn, 'idOffsets', items.idOffsets, Int32Array, true),
    idData: typedColumn(fn, 'idData', items.idData, Uint8Array, true),
  };
  if (items.id !== undefined && items.id !== null) {
    if (!Array.isArray(items.id)) throw new TypeError(`arrears.${fn}: id must be an array of strings, got ${describe(items.id)}`);
    for (let i = 0; i < items.id.length; i++) {
      if (typeof items.id[i] !== 'string') throw new TypeError(`arrears.${fn}: id[${i}] must be a string, got ${describe(items.id[i])}`);
    }
    if (inv.idOffsets !== undefined || inv.idData !== undefined) {
      throw new TypeError(`arrears.${fn}: give the item ids either as id (a string[]) or as idOffsets + idData, not both`);
    }
    inv.id = items.id;
  } else if (inv.idOffsets === undefined || inv.idData === undefined) {
    throw new TypeError(`arrears.${fn}: the items need their ids: id (a string[]) or idOffsets + idData (Arrow-style utf8)`);
  }
  const rec = {
    customer: typedColumn(fn, 'customer', receipts.customer, Uint32Array),
    currency: typedColumn(fn, 'currency', receipts.currency, Uint16Array),
    date: typedColumn(fn, 'date', receipts.date, Int32Array),
    amount: typedColumn(fn, 'amount', receipts.amount, BigInt64Array),
  };
  const unmatched = options.unmatched === undefined || options.unmatched === null ? 'error' : options.unmatched;
  if (unmatched !== 'error' && unmatched !== 'unapplied') {
    throw new TypeError(`arrears.${fn}: unmatched must be 'error' or 'unapplied', got ${describe(unmatched)}`);
  }
  return [inv, rec, unmatched === 'unapplied', count(fn, 'threads', options.threads, 0)];
}

/**
 * Allocates a whole bank statement to a whole ledger in one call, over typed-array columns (no
 * object per row: the core reads the arrays in place, on all cores from 50,000 rows on). Item `i`
 * belongs to customer `items[i].customer` (any code; the same codes as the receipts'), is in
 * currency `items[i].currency` (any code), due on day `items[i].dueDate` (a day number, see
 * {@link dayNumber}), with `items[i].open` minor units open (an item at or below zero takes
 * nothing) and id `items[i].id` (or Arrow-style utf8: `idOffsets` + `idData`); receipt `j` of
 * `receipts[j].amount` minor units (positive) was received on day `receipts[j].date` from
 * `receipts[j].customer` in `receipts[j].currency`. Each receipt goes to its customer's items in
 * its currency, oldest first (due date, then id), receipts in date order (then row order), each
 * item taking `min(what is open, what is left)`. The same as {@link allocatePayment} with
 * `oldest_first`, receipt by receipt, on items of one installment without fees or discounts.
 *
 * The result: `applied[i]` (per item) and `unapplied[j]` (per receipt), minor units; per receipt,
 * what its items take plus `unapplied` is the receipt, exactly.
 * @param {import('../index').AllocateItemColumns} items
 * @param {import('../index').AllocateReceiptColumns} receipts
 * @param {import('../index').AllocateColumnsOptions} [options]
 * @returns {import('../index').AllocateColumnsResult}
 * @throws {ArrearsError} e.g. field `'receipts[1].amount'` for a receipt that is not positive,
 *   `'receipts[2].customer'` for a customer with no item, `'receipts[0].currency'` for a currency
 *   none of the customer's items is in (both left unapplied with `unmatched: 'unapplied'`),
 *   `'receipts.date'` for a column of another length, `'items.id_offsets'` for a bad id layout,
 *   `'items[7].id'` for an item id that repeats an earlier item's (the value is the id, the
 *   message names the earlier row)
 * @example
 * const day = arrears.dayNumber;
 * const r = arrears.allocateColumns(
 *   { customer: Uint32Array.of(0, 0, 1), currency: Uint16Array.of(0, 0, 0), id: ['I1', 'I2', 'I3'],
 *     dueDate: Int32Array.of(day('2026-02-01'), day('2026-01-01'), day('2026-01-01')), open: BigInt64Array.of(10000n, 10000n, 5000n) },
 *   { customer: Uint32Array.of(0, 1), currency: Uint16Array.of(0, 0), date: Int32Array.of(day('2026-03-01'), day('2026-03-01')),
 *     amount: BigInt64Array.of(15000n, 8000n) });
 * // r.applied: BigInt64Array [5000n, 10000n, 5000n]; r.unapplied: BigInt64Array [0n, 3000n]
 */
function allocateColumns(items, receipts, options) {
  return callNative(native.allocateColumns, ...allocateArgs('allocateColumns', items, receipts, options));
}

/**
 * {@link allocateColumns} computed off the JS thread (the event loop keeps running); the columns
 * must not be written to until the promise settles.
 * @param {import('../index').AllocateItemColumns} items
 * @param {import('../index').AllocateReceiptColumns} receipts
 * @param {import('../index').AllocateColumnsOptions} [options]
 * @returns {Promise<import('../index').AllocateColumnsResult>}
 * @example
 * const r = await arrears.allocateColumnsAsync(items, receipts, { unmatched: 'unapplied' });
 */
function allocateColumnsAsync(items, receipts, options) {
  let args;
  try {
    args = allocateArgs('allocateColumnsAsync', items, receipts, options);
  } catch (e) {
    return Promise.reject(e);
  }
  return native.allocateColumnsAsync(...args).catch((e) => { throw nativeError(e); });
}

const BALANCE_COLUMNS = ['customer', 'currency', 'currencies', 'open'];
const BALANCE_OPTIONS = ['threads'];

/** Checks openBalances' arguments and builds the native call's: items, threads. */
function balanceArgs(fn, items, options = {}) {
  if (items === null || typeof items !== 'object' || Array.isArray(items)) {
    throw new TypeError(`arrears.${fn}: expected an object of item columns, got ${describe(items)}`);
  }
  requireObject(fn, options);
  knownKeys('item column', items, BALANCE_COLUMNS);
  knownKeys('option', options, BALANCE_OPTIONS);
  const inv = {
    customer: typedColumn(fn, 'customer', items.customer, Uint32Array),
    currency: typedColumn(fn, 'currency', items.currency, Uint16Array),
    currencies: stringList(fn, 'currencies', items.currencies),
    open: typedColumn(fn, 'open', items.open, BigInt64Array),
  };
  return [inv, count(fn, 'threads', options.threads, 0)];
}

/**
 * Each customer's open balance per currency, from a whole ledger of typed-array columns in one
 * call (the core reads the arrays in place, on all cores from 50,000 rows on): the sum of the
 * customer's open amounts above zero in that currency, exactly — what {@link allocateColumns}
 * can apply to the customer (an item at or below zero takes nothing, so credits count for
 * nothing), the figure a statement's receipts are planned or checked against. Item `i` belongs
 * to customer `items.customer[i]` (any code), is in currency `items.currencies[items.currency[i]]`
 * (an index into `currencies`, ISO 4217 codes) and has `items.open[i]` minor units of that
 * currency open.
 *
 * The result: one row per customer and currency with a balance above zero, by customer code,
 * then currency index: `customer[r]`, `currency[r]` (an index into `currencies`), `balance[r]`
 * (minor units).
 * @param {import('../index').BalanceItemColumns} items
 * @param {import('../index').OpenBalancesOptions} [options]
 * @returns {import('../index').OpenBalancesResult}
 * @throws {ArrearsError} `'overflow'` `'items[7].open'` for the row at which a balance passes
 *   2^63 − 1 minor units (the value is its amount), `'unknown_currency'` `'currencies[1]'` for a code
 *   not in ISO 4217, `'invalid_request'` `'items[3].currency'` for an index outside `currencies`
 *   (the value is the index) or `'items.currency'` for a column of another length than `open`
 * @example
 * const b = arrears.openBalances({ customer: Uint32Array.of(0, 0, 1, 0), currency: Uint16Array.of(0, 0, 0, 1),
 *   currencies: ['EUR', 'USD'], open: BigInt64Array.of(10000n, 5000n, -2000n, 750n) });
 * // b.customer: Uint32Array [0, 0]; b.currency: Uint16Array [0, 1]; b.balance: BigInt64Array [15000n, 750n]
 */
function openBalances(items, options) {
  return callNative(native.openBalances, ...balanceArgs('openBalances', items, options));
}

/**
 * {@link openBalances} computed off the JS thread (the event loop keeps running); the columns
 * must not be written to until the promise settles.
 * @param {import('../index').BalanceItemColumns} items
 * @param {import('../index').OpenBalancesOptions} [options]
 * @returns {Promise<import('../index').OpenBalancesResult>}
 * @example
 * const b = await arrears.openBalancesAsync(items, { threads: 2 });
 */
function openBalancesAsync(items, options) {
  let args;
  try {
    args = balanceArgs('openBalancesAsync', items, options);
  } catch (e) {
    return Promise.reject(e);
  }
  return native.openBalancesAsync(...args).catch((e) => { throw nativeError(e); });
}

module.exports = {
  allocatePayment, paymentPlan, planStatus, promiseStatus, companySchedule, allocateColumns, allocateColumnsAsync,
  openBalances, openBalancesAsync,
};
