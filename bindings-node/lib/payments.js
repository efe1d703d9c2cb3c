'use strict';
// Payments: where a payment goes (the core's payments domain). Wire objects in, wire objects out;
// every rule lives in the Rust core.

const { requireObject, run } = require('./wire');

/**
 * Allocates one payment to a customer's open items: a strategy among items (`oldest_first` by
 * default, `specified` with `order`, `proportional`, `largest_first`, `smallest_first`, the
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

module.exports = { allocatePayment };
