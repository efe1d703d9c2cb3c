'use strict';
// Helpers shared by the columnar test files (not a test file itself: node --test runs *.test.js).
const arrears = require('..');

/** Calls fn and describes what it threw: [isArrearsError, code, field, value]. */
function thrown(fn) {
  try { fn(); } catch (e) { return [e instanceof arrears.ArrearsError, e.code, e.field, e.value]; }
  return ['no error'];
}

/** A deterministic generator (xorshift) so failures reproduce. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x % n;
  };
}

module.exports = { thrown, rng };
