'use strict';
// Calendar: due dates (steps from a base date, then a business-day adjustment) and the day
// numbers (days since 1970-01-01) that the columnar entry points take and give.

const { fail, dateText, requireObject, run } = require('./wire');

/**
 * Business-day adjustments (`'none'` is the default).
 * @example
 * arrears.ADJUSTMENTS.map((adjustment) => arrears.dueDate({ base_date: '2026-01-31', adjustment }));
 * // ['2026-01-31', '2026-02-02', '2026-01-30', '2026-01-30']
 */
const ADJUSTMENTS = Object.freeze(['none', 'following', 'modified_following', 'preceding']);

/**
 * Applies due-date steps to a base date, then a business-day adjustment.
 * @param {import('../index').DueDateRequest} request
 * @returns {string} the due date, 'YYYY-MM-DD'
 * @example
 * arrears.dueDate({ base_date: '2022-01-31', steps: ['end_of_month', { add_days: 30 }] }); // '2022-03-02'
 */
function dueDate(request) {
  requireObject('dueDate', request);
  return run('due_date', request).due_date;
}

const DAY_MS = 86400000;

/**
 * The day number of a date: days since 1970-01-01 (Arrow `date32`), what the columnar entry
 * points take and give.
 * @param {import('../index').DateInput} date 'YYYY-MM-DD' or a Date at UTC midnight
 * @returns {number}
 * @example
 * arrears.dayNumber('1970-01-02'); // 1
 * arrears.dayNumber(new Date('2026-01-31')); // 20484
 */
function dayNumber(date) {
  const text = date instanceof Date ? dateText('date', date) : date;
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    throw fail('invalid_date', 'invalid date', 'date', text, "expected 'YYYY-MM-DD'");
  }
  if (text.startsWith('0000')) {
    throw fail('invalid_date', 'invalid date', 'date', text, 'years run from 0001 to 9999');
  }
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw fail('invalid_date', 'invalid date', 'date', text, 'no such day');
  }
  return ms / DAY_MS;
}

/**
 * The 'YYYY-MM-DD' date of a day number (days since 1970-01-01).
 * @param {number} day
 * @returns {string}
 * @example
 * arrears.dateOfDayNumber(20484); // '2026-01-31'
 */
function dateOfDayNumber(day) {
  if (!Number.isInteger(day) || day < -719162 || day > 2932896) {
    throw fail('date_out_of_range', 'date out of range', 'day', day,
      'a day number (days since 1970-01-01) must be between -719162 and 2932896 (0001-01-01 ..= 9999-12-31)');
  }
  // Years 0001..9999 print with four digits.
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

module.exports = { ADJUSTMENTS, dueDate, dayNumber, dateOfDayNumber };
