// ESM entry point of arrears: the same API as the CommonJS `index.js` (which it loads), as named
// exports plus a default export.
//
//   import { schedule, ArrearsError } from 'arrears';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const arrears = require('./index.js');

export const {
  ArrearsError,
  ERROR_CODES,
  ROUNDING_MODES,
  ADJUSTMENTS,
  schedule,
  dueDate,
  roundAmount,
  validateTerms,
  currency,
  currencies,
  callJson,
  version,
} = arrears;
export default arrears;
