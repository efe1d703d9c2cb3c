'use strict';
// Receivables metrics: DSO (plain, countback, best possible), CEI, payment timing, the bad-debt
// allowance, roll rates and the cash forecast. Wire objects in, wire objects out.

const { requireObject, run } = require('./wire');

/**
 * Days sales outstanding: receivables ÷ credit sales × days (ending or average receivables).
 * @param {import('../index').DsoRequest} request
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
 * @param {import('../index').CountbackDsoRequest} request
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
 * @param {import('../index').BestPossibleDsoRequest} request
 * @returns {import('../index').BestPossibleDso}
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
 * @param {import('../index').CeiRequest} request
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
 * @param {import('../index').PaymentTimingRequest} request
 * @returns {import('../index').PaymentTiming}
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
 * @param {import('../index').AllowanceRequest} request
 * @returns {import('../index').Allowance}
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
 * @param {import('../index').RollRatesRequest} request
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
 * @param {import('../index').CashForecastRequest} request
 * @returns {import('../index').CashForecast}
 * @example
 * arrears.cashForecast({ as_of: '2026-11-24', horizon: 4,
 *   open: [{ customer: 'A', currency: 'EUR', due_date: '2026-12-01', amount: '100.00' }] }).periods;
 */
function cashForecast(request) {
  requireObject('cashForecast', request);
  return run('cash_forecast', request);
}

module.exports = {
  dso,
  countbackDso,
  bestPossibleDso,
  cei,
  paymentTiming,
  allowance,
  rollRates,
  cashForecast,
};
