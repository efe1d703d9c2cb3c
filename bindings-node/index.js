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
//
// This file only gathers the public API; the code lives in lib/, one module per domain, as the
// Rust core is split (core/src/<domain>/):
//   lib/wire.js      the native call, JSON in and out, Date/bigint conversion, ArrearsError and
//                    the mapping of native errors, callJson, version
//   lib/money.js     roundAmount, currency, currencies, ROUNDING_MODES
//   lib/calendar.js  dueDate, dayNumber, dateOfDayNumber, ADJUSTMENTS
//   lib/terms.js     terms, notation, presets, settlement and discounts, e-invoicing forms
//   lib/schedule.js  schedule, scheduleBatch (+ Async)
//   lib/aging.js     aging, agingMerge, agingColumns (+ Async)
//   lib/metrics.js   DSO, CEI, payment timing, allowance, roll rates, cash forecast
//   lib/charges.js   late interest, late fees, statements of account, the statutory presets and
//                    sample rate tables, interestColumns (+ Async)
//   lib/collections.js  worklist, worklistColumns (+ Async), dunning, dunningPolicy, riskScore,
//                       assignCollectors, creditCheck
//   lib/columnar.js  the argument checks shared by the columnar entry points
//   lib/payments.js  allocatePayment, paymentPlan, planStatus, promiseStatus, companySchedule,
//                    allocateColumns(+Async), openBalances(+Async)

const { ArrearsError, ERROR_CODES, callJson, version, buildProfile, errorCodes } = require('./lib/wire');
const { ROUNDING_MODES, roundAmount, currency, currencies } = require('./lib/money');
const { ADJUSTMENTS, dueDate, dayNumber, dateOfDayNumber } = require('./lib/calendar');
const {
  validateTerms, parseTerms, formatTerms, preset, presets, settle, discountCost,
  toXRechnung, fromXRechnung, toX12Itd, fromX12Itd, toEdifactPat, fromEdifactPat,
} = require('./lib/terms');
const { schedule, scheduleBatch, scheduleBatchAsync } = require('./lib/schedule');
const { aging, agingMerge, agingColumns, agingColumnsAsync } = require('./lib/aging');
const {
  dso, countbackDso, bestPossibleDso, cei, paymentTiming, allowance, rollRates, cashForecast,
} = require('./lib/metrics');
const {
  INTEREST_STATUSES, interest, lateFee, statement, statementText, interestPresets, rateTable, rateTables,
  interestColumns, interestColumnsAsync,
} = require('./lib/charges');
const {
  allocatePayment, paymentPlan, planStatus, promiseStatus, companySchedule, allocateColumns, allocateColumnsAsync,
  openBalances, openBalancesAsync,
} = require('./lib/payments');
const {
  worklist, worklistColumns, worklistColumnsAsync, dunning, dunningPolicy, riskScore, assignCollectors, creditCheck,
} = require('./lib/collections');

module.exports = {
  allocatePayment,
  allocateColumns,
  allocateColumnsAsync,
  openBalances,
  openBalancesAsync,
  companySchedule,
  paymentPlan,
  planStatus,
  promiseStatus,
  ArrearsError,
  ERROR_CODES,
  ROUNDING_MODES,
  ADJUSTMENTS,
  INTEREST_STATUSES,
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
  interest,
  lateFee,
  statement,
  statementText,
  interestPresets,
  rateTable,
  rateTables,
  worklist,
  worklistColumns,
  worklistColumnsAsync,
  dunning,
  dunningPolicy,
  riskScore,
  assignCollectors,
  creditCheck,
  agingColumns,
  agingColumnsAsync,
  scheduleBatch,
  scheduleBatchAsync,
  interestColumns,
  interestColumnsAsync,
  dayNumber,
  dateOfDayNumber,
  callJson,
  version,
  buildProfile,
  errorCodes,
};
