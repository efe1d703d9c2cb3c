'use strict';
// The argument checks of the columnar entry points (agingColumns, scheduleBatch): typed-array
// columns, lists of strings, counts, and option or column names, so that a wrong type is a
// TypeError naming the argument and a typo is an error, never a default. No domain rule here.

const { fail } = require('./wire');

/** What a value is, for a TypeError's message: 'null', 'an array', a typed array's class name, or its typeof. */
function describe(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  return Array.isArray(value) ? 'an array' : typeof value;
}

/** Checks the option/column names against the allowed ones: a typo is an error, not a default. */
function knownKeys(what, object, allowed) {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key) && object[key] !== undefined) {
      throw fail('invalid_request', `unknown ${what}`, key, key, `expected one of ${allowed.join(', ')}`);
    }
  }
}

/** The column `name` if it is a `Type` (a typed-array class); a TypeError otherwise, or when a required one is missing. */
function typedColumn(fn, name, value, Type, optional = false) {
  if (value === undefined || value === null) {
    if (optional) return undefined;
    throw new TypeError(`arrears.${fn}: the ${name} column is required (a ${Type.name})`);
  }
  if (!(value instanceof Type)) throw new TypeError(`arrears.${fn}: ${name} must be a ${Type.name}, got ${describe(value)}`);
  return value;
}

/** `value` if it is an array of strings (a currency list), a TypeError otherwise. */
function stringList(fn, name, value) {
  if (!Array.isArray(value) || !value.every((c) => typeof c === 'string')) {
    throw new TypeError(`arrears.${fn}: ${name} must be an array of strings, got ${describe(value)}`);
  }
  return value;
}

/** A whole number from 0 to 2^32 - 1 (e.g. `threads`), `fallback` when not given. */
function count(fn, name, value, fallback) {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new TypeError(`arrears.${fn}: ${name} must be a whole number >= 0, got ${value}`);
  }
  return value;
}

module.exports = { describe, knownKeys, typedColumn, stringList, count };
