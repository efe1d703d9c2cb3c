'use strict';
// Collections: the worklist (whom to chase first, each score explained) and dunning (which
// reminder, call or notice each open installment gets today, merged per customer). Wire objects
// in, wire objects out; the rules live in the Rust core (core/src/collections/).

const { requireObject, run } = require('./wire');

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

/**
 * Today's dunning: per open installment the latest step due (or, after a sent step, the first
 * later one), skips with their reasons, one merged action per customer; the history passed in
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

module.exports = { worklist, dunning, dunningPolicy, riskScore, assignCollectors, creditCheck };
