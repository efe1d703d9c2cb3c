'use strict';
// Money: rounding an amount for a currency (the rounding modes, cash increments) and the ISO 4217
// list. Wire objects in, wire objects out (see wire.js).

const { requireObject, run } = require('./wire');

/**
 * Rounding modes, in documentation order (`'half_up'` is the default).
 * @example
 * arrears.ROUNDING_MODES.map((rounding) => arrears.roundAmount({ amount: '-2.345', currency: 'EUR', rounding }));
 * // ['-2.35', '-2.34', '-2.34', '-2.34', '-2.35', '-2.35', '-2.34']
 */
const ROUNDING_MODES = Object.freeze(['half_up', 'half_even', 'half_down', 'toward_zero', 'away_from_zero', 'floor', 'ceiling']);

/**
 * Rounds an amount for a currency (to a cash increment first, if given).
 * @param {import('../index').RoundRequest} request
 * @returns {string} the rounded amount, with exactly the currency's decimals
 * @example
 * arrears.roundAmount({ amount: '2.345', currency: 'EUR', rounding: 'half_even' }); // '2.34'
 */
function roundAmount(request) {
  requireObject('roundAmount', request);
  return run('round', request).amount;
}

/**
 * The ISO 4217 currency with this code.
 * @param {string} code
 * @returns {import('../index').Currency}
 * @throws {ArrearsError} code `'unknown_currency'`, field `'code'`, for a code not in the list
 * @example
 * arrears.currency('EUR'); // { code: 'EUR', minor_units: 2, name: 'Euro', numeric: 978 }
 * arrears.currency('KWD').minor_units; // 3
 */
function currency(code) {
  if (typeof code !== 'string') throw new TypeError(`arrears.currency: expected a currency code string, got ${typeof code}`);
  return run('currency', { code });
}

/**
 * The current ISO 4217 list, sorted by code.
 * @returns {import('../index').Currency[]}
 * @example
 * arrears.currencies().filter((c) => c.minor_units === 3).map((c) => c.code); // ['BHD', 'IQD', 'JOD', ...]
 */
function currencies() {
  return run('currencies', {}).currencies;
}

module.exports = { ROUNDING_MODES, roundAmount, currency, currencies };
