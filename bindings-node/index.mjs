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
  worklist,
  dunning,
  dunningPolicy,
  riskScore,
  assignCollectors,
  creditCheck,
  agingColumns,
  agingColumnsAsync,
  scheduleBatch,
  scheduleBatchAsync,
  dayNumber,
  dateOfDayNumber,
  callJson,
  version,
  buildProfile,
  errorCodes,
} = arrears;
export default arrears;
