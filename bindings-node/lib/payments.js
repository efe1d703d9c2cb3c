'use strict';
// Payments: where a payment goes (the core's payments domain). Wire objects in, wire objects out;
// every rule lives in the Rust core.

const { requireObject, run } = require('./wire');

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

module.exports = { allocatePayment, paymentPlan, planStatus, promiseStatus, companySchedule };
