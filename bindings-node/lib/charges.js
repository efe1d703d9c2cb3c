'use strict';
// Late charges: the interest and fees a late customer owes on a date (one claim under a rule or a
// statutory preset, with its breakdown), statements of account (object and plain text), the
// presets and the sample rate tables, and the columnar batch over typed arrays (interestColumns,
// and its async form). Wire objects in, wire objects out: amounts and rates are decimal strings,
// dates 'YYYY-MM-DD' (or a Date at UTC midnight).

const { requireObject, stringOr, run } = require('./wire');

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

module.exports = {
  interest,
  lateFee,
  statement,
  statementText,
  interestPresets,
  rateTable,
  rateTables,
};
