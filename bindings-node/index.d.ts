/**
 * arrears: an embeddable accounts-receivable engine (Rust core via N-API).
 *
 * The request and result objects are the documented wire format shared by every language:
 * snake_case keys, amounts as decimal strings, dates as 'YYYY-MM-DD' strings.
 */

/** A decimal string such as '1000.00' or '-0.5' (never a JS number: floats cannot hold money). */
export type Amount = string;
/** An ISO date 'YYYY-MM-DD'. */
export type IsoDate = string;
/** Where a date is accepted: an ISO string, or a Date at exactly UTC midnight. */
export type DateInput = IsoDate | Date;
/** Where an amount is accepted: a decimal string, or a bigint (whole units). */
export type AmountInput = Amount | bigint;

export type RoundingMode = 'half_up' | 'half_even' | 'half_down' | 'toward_zero' | 'away_from_zero' | 'floor' | 'ceiling';
export type Adjustment = 'none' | 'following' | 'modified_following' | 'preceding';
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** One due-date step; steps apply left to right from the base date. */
export type Step =
  | { add_days: number }
  | { add_months: number }
  | 'end_of_month'
  | { set_day: number }
  | { next_day_of_month: number };

/** One line of payment terms. */
export type TermLine =
  | { kind: 'percent' | 'percent_of_remainder' | 'fixed'; value: AmountInput; due?: Step[] }
  | { kind: 'balance' | 'equal'; due?: Step[] };

/** Payment terms: lines plus the business-day adjustment of their due dates. */
export interface PaymentTerms {
  lines: TermLine[];
  adjustment?: Adjustment;
}

/** A business-day calendar (default: Saturday and Sunday off, no holidays). */
export interface Calendar {
  weekend?: Weekday[];
  holidays?: DateInput[];
}

export interface ScheduleRequest {
  total: AmountInput;
  currency: string;
  base_date: DateInput;
  terms: PaymentTerms;
  rounding?: RoundingMode;
  /** Decimal places instead of the ISO 4217 minor unit (0..10). */
  precision?: number | null;
  /** Cash-rounding increment, e.g. '0.05'. */
  cash_increment?: AmountInput | null;
  calendar?: Calendar | null;
  /** Let over-allocating fixed lines leave a negative balance instead of failing. */
  allow_negative_balance?: boolean;
}

export interface Installment {
  /** Index of the term line that produced it. */
  line: number;
  due_date: IsoDate;
  amount: Amount;
}

/** The installments of one invoice; their amounts sum exactly to `total`. */
export interface Schedule {
  currency: string;
  total: Amount;
  /** The latest installment date. */
  due_date: IsoDate;
  installments: Installment[];
}

export interface DueDateRequest {
  base_date: DateInput;
  steps?: Step[];
  adjustment?: Adjustment;
  calendar?: Calendar | null;
}

export interface RoundRequest {
  amount: AmountInput;
  currency: string;
  rounding?: RoundingMode;
  precision?: number | null;
  cash_increment?: AmountInput | null;
}

export interface Currency {
  code: string;
  numeric: number;
  /** null where ISO 4217 says "N.A." (metals, funds). */
  minor_units: number | null;
  name: string;
}

export type ErrorCode =
  | 'invalid_amount'
  | 'invalid_date'
  | 'unknown_currency'
  | 'invalid_precision'
  | 'invalid_rounding'
  | 'invalid_rule'
  | 'invalid_terms'
  | 'date_out_of_range'
  | 'overflow'
  | 'invalid_request'
  | 'internal';

/**
 * Every arrears error. `message` is the core's text, `<field>: <what> "<value>": <reason>`.
 * @example
 * try { arrears.roundAmount({ amount: '1,000', currency: 'EUR' }); }
 * catch (e) { if (e instanceof arrears.ArrearsError) console.log(e.code, e.field); } // invalid_amount amount
 */
export declare class ArrearsError extends Error {
  constructor(message: string, info?: { code: ErrorCode; field?: string; value?: string; reason?: string });
  readonly name: 'ArrearsError';
  /** Stable code, e.g. 'invalid_terms'. */
  readonly code: ErrorCode;
  /** Wire path of the bad value, e.g. 'terms.lines[1].value'. */
  readonly field: string;
  /** The offending value, as text. */
  readonly value: string;
  /** Why it was rejected. */
  readonly reason: string;
}

/**
 * Every error code, in the order of C's `ArrearsStatus`, then `'internal'` (a bug: a caught Rust panic).
 * @example arrears.ERROR_CODES.includes('invalid_terms'); // true
 */
export declare const ERROR_CODES: readonly ErrorCode[];
/**
 * Every rounding mode, `'half_up'` (the default) first.
 * @example arrears.roundAmount({ amount: '2.345', currency: 'EUR', rounding: arrears.ROUNDING_MODES[1] }); // '2.34'
 */
export declare const ROUNDING_MODES: readonly RoundingMode[];
/**
 * Every business-day adjustment, `'none'` (the default) first.
 * @example arrears.dueDate({ base_date: '2026-01-31', adjustment: arrears.ADJUSTMENTS[1] }); // '2026-02-02'
 */
export declare const ADJUSTMENTS: readonly Adjustment[];

/**
 * Splits an invoice total into installments that sum exactly to it.
 * @throws {ArrearsError} e.g. code 'invalid_terms' with field 'terms.lines[0].value'
 * @example
 * arrears.schedule({ total: '1000.00', currency: 'EUR', base_date: '2026-01-31',
 *   terms: { lines: [{ kind: 'percent', value: '30' }, { kind: 'balance', due: ['end_of_month', { add_days: 60 }] }] } });
 * // { currency: 'EUR', total: '1000.00', due_date: '2026-04-01', installments: [
 * //   { line: 0, due_date: '2026-01-31', amount: '300.00' }, { line: 1, due_date: '2026-04-01', amount: '700.00' }] }
 */
export declare function schedule(request: ScheduleRequest): Schedule;
/**
 * Applies due-date steps to a base date, then a business-day adjustment; returns 'YYYY-MM-DD'.
 * @example arrears.dueDate({ base_date: '2022-01-31', steps: ['end_of_month', { add_days: 30 }] }); // '2022-03-02'
 */
export declare function dueDate(request: DueDateRequest): IsoDate;
/**
 * Rounds an amount for a currency; returns a decimal string with the currency's decimals.
 * @example arrears.roundAmount({ amount: '1.005', currency: 'EUR' }); // '1.01'
 */
export declare function roundAmount(request: RoundRequest): Amount;
/**
 * Validates payment terms and returns their canonical form (defaults filled in).
 * @example arrears.validateTerms({ lines: [{ kind: 'balance' }] }); // { adjustment: 'none', lines: [{ due: [], kind: 'balance' }] }
 */
export declare function validateTerms(terms: PaymentTerms): Required<PaymentTerms>;
/**
 * The ISO 4217 currency with this code.
 * @example arrears.currency('EUR'); // { code: 'EUR', minor_units: 2, name: 'Euro', numeric: 978 }
 */
export declare function currency(code: string): Currency;
/**
 * The current ISO 4217 list, sorted by code.
 * @example arrears.currencies().find((c) => c.code === 'JPY')?.minor_units; // 0
 */
export declare function currencies(): Currency[];
/**
 * Runs a wire operation on a JSON string; returns canonical JSON (sorted keys, compact), the same
 * bytes as every other language. Operations: 'schedule', 'due_date', 'terms', 'round', 'currency',
 * 'currencies', 'version'.
 * @example arrears.callJson('round', '{"amount":"1.005","currency":"EUR"}'); // '{"amount":"1.01"}'
 */
export declare function callJson(op: string, requestJson: string): string;
/**
 * The library version (the Rust crate's; equals this package's version).
 * @example arrears.version(); // '0.1.0'
 */
export declare function version(): string;
