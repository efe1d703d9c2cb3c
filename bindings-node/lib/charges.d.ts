// Types of late charges (lib/charges.js), re-exported by index.d.ts: interest, late fees,
// statements of account, the statutory presets and the sample rate tables.
import type { Adjustment, Amount, AmountInput, Calendar, DateInput, IsoDate, RoundingMode } from '../index';

/** How days become a fraction of a year: act/365 (the default), act/360, act/act (each day over its own year's length), 30E/360. */
export type DayCount = 'act/365' | 'act/360' | 'act/act' | '30E/360';
/**
 * How a reference-rate change reaches a running debt: at each change (the default), by half-year
 * (the rate of 1 January / 1 July), fixed at the first day of interest, or by calendar year.
 */
export type Fixing = 'split_at_each_change' | 'split_by_half_year' | 'fixed_at_start' | 'annual';
export type Compounding = 'none' | 'monthly' | 'annual';
/** Why a claim owes interest or not on the as-of date. */
export type InterestStatus = 'not_due' | 'paid_on_time' | 'within_grace' | 'paid_within_grace' | 'charged';

/** One dated rate of a reference table, in percent a year; `to` (inclusive) only where the table has a gap after it. */
export interface RateEntry {
  from: DateInput;
  to?: DateInput | null;
  rate: AmountInput;
}
/** A reference-rate table (caller data): entries without gaps or overlaps. */
export interface RateTable {
  rates: RateEntry[];
}
/** A reference rate plus a margin in percentage points. */
export interface ReferenceRate {
  table: RateTable;
  margin?: AmountInput;
  fixing?: Fixing;
}
/** A floor of `times` a legal rate (FR L441-10: three times the legal rate). */
export interface RateFloor {
  table: RateTable;
  times: AmountInput;
  fixing?: Fixing;
}
/**
 * An interest rule: a fixed annual percent (`rate`) or a reference table plus a margin
 * (`reference`), exactly one; rates are -100 ..= 1000 % with at most 6 decimals.
 * @example
 * const fixed: InterestRule = { rate: '10.25' };
 * const ecb: InterestRule = { reference: { table: arrears.rateTable('ecb_mro').table, margin: '8', fixing: 'split_by_half_year' },
 *   day_count: 'act/360', compounding: 'none', grace_days: 5 };
 */
export interface InterestRule {
  rate?: AmountInput;
  reference?: ReferenceRate;
  floor?: RateFloor;
  day_count?: DayCount;
  /** A different day count for the days through `until`. */
  earlier_day_count?: { until: DateInput; day_count: DayCount };
  compounding?: Compounding;
  /** Days after the due date within which a payment in full owes no interest at all. */
  grace_days?: number;
  /** How a due date on a non-working day of `calendar` rolls. */
  due_date_roll?: Adjustment;
}
/** A payment or credit note: lowers the principal from the day after `date`. */
export interface ChargeEvent {
  kind?: 'payment' | 'credit_note';
  date: DateInput;
  /** Positive. */
  amount: AmountInput;
  /** Must be the claim's currency when given. */
  currency?: string;
}
/** A statutory preset and the caller's data for it. */
export interface PresetRequest {
  /** See {@link interestPresets}: 'eu_2011_7', 'de_288_b2b', 'de_288_consumer', 'uk_late_payment', 'fr_l441_10', 'it_231_2002', 'ru_395'. */
  name: string;
  /** The reference rates (the `table` of {@link rateTable} will do for a try). */
  reference_rates: RateTable;
  /** The date the obligation arose (chooses the version); default: the claim's `invoice_date`. */
  obligation_date?: DateInput | null;
  /** A contractual rate, where the regime allows one (fr_l441_10). */
  contract_rate?: AmountInput | null;
  /** The legal rates a contractual rate is floored on (fr_l441_10). */
  legal_rates?: RateTable | null;
}
/** The rounding fields every charges request takes. */
export interface ChargesRounding {
  rounding?: RoundingMode;
  precision?: number | null;
  cash_increment?: AmountInput | null;
}
/** Exactly one of `rule` and `preset`. */
export interface InterestRequest extends ChargesRounding {
  principal: AmountInput;
  currency: string;
  due_date: DateInput;
  /** The last day of interest. */
  as_of: DateInput;
  invoice_date?: DateInput | null;
  events?: ChargeEvent[];
  rule?: InterestRule;
  preset?: PresetRequest;
  /** Report only the days after this date. */
  since?: DateInput | null;
  /** The calendar of the due-date roll (default Saturday-Sunday, no holidays). */
  calendar?: Calendar | null;
}
/** One line of the breakdown: days with one principal, one rate and one day basis. */
export interface InterestPeriod {
  from: IsoDate;
  /** Inclusive. */
  to: IsoDate;
  days: number;
  principal: Amount;
  /** Annual percent. */
  rate: Amount;
  /** The reference rate the rate came from, when there is one. */
  reference_rate?: Amount;
  day_basis: number;
  day_count: DayCount;
  interest: Amount;
}
/** The interest of one claim; `periods`' interest sums exactly to `interest`. */
export interface Interest {
  currency: string;
  due_date: IsoDate;
  status: InterestStatus;
  days_late: number;
  /** The principal left on the as-of date. */
  principal: Amount;
  /** Paid beyond the principal (nothing accrues on it). */
  unapplied: Amount;
  interest: Amount;
  periods: InterestPeriod[];
  since?: IsoDate;
  /** With a preset: its name and the version applied. */
  preset?: { name: string; version: IsoDate };
}
/** A fee band: from this overdue principal on, a fixed amount or a percent. */
export interface FeeBand {
  from: AmountInput;
  fixed?: AmountInput;
  percent?: AmountInput;
}
/** A late fee: fixed, percent of the overdue principal, or bands; with a minimum and a maximum. */
export interface FeeRule {
  fixed?: AmountInput;
  percent?: AmountInput;
  bands?: FeeBand[];
  min?: AmountInput;
  max?: AmountInput;
  /** Charged once per invoice (default) or once per dunning level. */
  per?: 'invoice' | 'dunning_level';
  /** The currency of fixed amounts, when they are in one. */
  currency?: string;
}
/** Exactly one of `fee` and `preset`. */
export interface LateFeeRequest extends ChargesRounding {
  /** The overdue principal (fees and interest excluded). */
  principal: AmountInput;
  currency: string;
  fee?: FeeRule;
  preset?: string;
  /** For a preset whose compensation changed. */
  obligation_date?: DateInput | null;
  /** The dunning level reached (1, 2...); without it, the fee itself. */
  level?: number | null;
  /** The levels already charged for this invoice. */
  charged_levels?: number[];
}
/** An early-payment discount still open on a statement item. */
export interface StatementDiscount {
  deadline: DateInput;
  discount: AmountInput;
  payable: AmountInput;
}
/** One open item of a statement. */
export interface StatementItem {
  id: string;
  currency: string;
  amount: AmountInput;
  due_date: DateInput;
  invoice_date?: DateInput | null;
  events?: ChargeEvent[];
  discounts?: StatementDiscount[];
  /** Fees already charged on it. */
  fees?: AmountInput;
}
/** Exactly one of `rule` and `preset`. */
export interface StatementRequest extends ChargesRounding {
  customer: string;
  as_of: DateInput;
  items: StatementItem[];
  rule?: InterestRule;
  preset?: PresetRequest;
  /** A fee charged once per late item (with a preset: instead of the preset's). */
  fee?: FeeRule;
  calendar?: Calendar | null;
  /** Whether each line carries its interest breakdown. */
  breakdown?: boolean;
}
export interface StatementLine {
  id: string;
  currency: string;
  due_date: IsoDate;
  days_late: number;
  status: InterestStatus;
  principal: Amount;
  interest: Amount;
  fees: Amount;
  discount: Amount;
  discount_deadline?: IsoDate;
  total_due: Amount;
  periods?: InterestPeriod[];
}
export interface StatementTotal {
  currency: string;
  principal: Amount;
  interest: Amount;
  fees: Amount;
  discount: Amount;
  total_due: Amount;
}
/** A statement of account: one line per open item, totals per currency. */
export interface Statement {
  customer: string;
  as_of: IsoDate;
  lines: StatementLine[];
  totals: StatementTotal[];
}
/** One dated version of a statutory regime. */
export interface PresetVersion {
  from: IsoDate;
  margin: Amount;
  fixing: Fixing;
  day_count: DayCount;
  earlier_day_count?: { until: IsoDate; day_count: DayCount };
  due_date_roll: Adjustment;
  fee?: FeeRule;
  contract_floor_times?: Amount;
  /** The legal basis of this version. */
  basis: string;
}
/** A statutory late-interest regime. */
export interface InterestPreset {
  name: string;
  title: string;
  /** The reference rate it runs on. */
  reference: string;
  /** The sample table of that reference rate ({@link rateTable}). */
  sample_table: string;
  /** Whether the version follows the obligation's date or each interest day. */
  version_by: 'obligation_date' | 'interest_day';
  versions: PresetVersion[];
}
/** Sample reference rates shipped with arrears: dated and sourced, not an authority. */
export interface SampleRateTable {
  name: string;
  title: string;
  source: string;
  compiled: string;
  complete_through: string;
  note: string;
  table: { rates: { from: IsoDate; to?: IsoDate; rate: Amount }[] };
}
/** A sample table's description ({@link rateTables}). */
export interface RateTableInfo {
  name: string;
  title: string;
  source: string;
  compiled: string;
  complete_through: string;
  entries: number;
}

/**
 * The late interest of one claim as of a date, under a rule or a statutory preset, with the
 * breakdown that explains it (its lines sum exactly to the total).
 * @throws {ArrearsError} e.g. code 'invalid_date' field 'events[0].date' (a payment before the invoice date),
 *   'invalid_rule' 'rule.rate' (a rate outside -100..1000 %), 'invalid_rule' 'preset.name' (an unknown preset)
 * @example
 * arrears.interest({ principal: '1000.00', currency: 'EUR', due_date: '2025-03-01', as_of: '2025-03-31',
 *   events: [{ kind: 'payment', date: '2025-03-11', amount: '200.00' }], rule: { rate: '10.25' } }).interest; // '7.30'
 */
export declare function interest(request: InterestRequest): Interest;
/**
 * The late fee of an overdue principal under a fee rule or a preset's compensation.
 * @example
 * arrears.lateFee({ principal: '1000.00', currency: 'GBP', preset: 'uk_late_payment' }); // '70.00'
 */
export declare function lateFee(request: LateFeeRequest): Amount;
/**
 * A customer's statement of account on a date; totals per currency.
 * @example
 * arrears.statement({ customer: 'ACME GmbH', as_of: '2026-03-31', rule: { rate: '9.12' }, fee: { fixed: '40.00' },
 *   items: [{ id: 'INV-1001', currency: 'EUR', amount: '1000.00', due_date: '2026-01-15' }] }).totals[0].total_due; // '1058.74'
 */
export declare function statement(request: StatementRequest): Statement;
/**
 * A statement of account as plain text.
 * @example
 * arrears.statementText(request).split('\n')[0]; // 'STATEMENT OF ACCOUNT'
 */
export declare function statementText(request: StatementRequest): string;
/**
 * The statutory presets with their dated versions.
 * @example
 * arrears.interestPresets().map((p) => p.name).includes('uk_late_payment'); // true
 */
export declare function interestPresets(): InterestPreset[];
/**
 * A sample reference-rate table by name.
 * @example
 * arrears.rateTable('ecb_mro').table.rates[0].from; // '1999-01-01'
 */
export declare function rateTable(request: string | { name: string }): SampleRateTable;
/**
 * The sample rate tables.
 * @example
 * arrears.rateTables().map((t) => t.name); // ['ecb_mro', 'de_basiszins', 'boe_bank_rate', 'cbr_key_rate']
 */
export declare function rateTables(): RateTableInfo[];

/** Invoices as columns for {@link interestColumns}, one entry per invoice. */
export interface InterestInvoiceColumns {
  /** Due dates as day numbers (days since 1970-01-01, see {@link dayNumber}). */
  dueDate: Int32Array;
  /** Amounts owed at the due date, minor units of each invoice's currency (1234.56 EUR is `123456n`). */
  amount: BigInt64Array;
  /** Index of each invoice's currency in `currencies`. */
  currency: Uint16Array;
  /** ISO 4217 codes. */
  currencies: string[];
  /** Invoice dates as day numbers: no payment may be dated before its invoice's. */
  issueDate?: Int32Array;
  /** Compute only these rows (strictly ascending); the result has one entry per selected row, and payments by id are looked up among these rows only. */
  rows?: Uint32Array;
  /** Invoice ids, for payments given by invoice id (compared as bytes; unique among the rows computed). */
  id?: string[];
  /** The ids as Arrow-style utf8 instead (apache-arrow's `valueOffsets`): n + 1 offsets into `idData`. */
  idOffsets?: Int32Array;
  /** The ids' UTF-8 bytes (apache-arrow's `values`). */
  idData?: Uint8Array;
}
/** Payments (and credit notes) as columns: each on an invoice row (`invoice`) or id (`invoiceId`, or `invoiceIdOffsets` + `invoiceIdData`), exactly one. */
export interface InterestPaymentColumns {
  /** The row of each payment's invoice; `0xFFFFFFFF`: on no invoice of the batch (skipped). */
  invoice?: Uint32Array;
  /** The id of each payment's invoice (among the invoices' ids). */
  invoiceId?: string[];
  /** The same ids as Arrow-style utf8: m + 1 offsets into `invoiceIdData`. */
  invoiceIdOffsets?: Int32Array;
  invoiceIdData?: Uint8Array;
  /** Payment dates as day numbers. */
  date: Int32Array;
  /** Positive amounts, minor units of the invoice's currency. */
  amount: BigInt64Array;
}
/**
 * The options of {@link interestColumns}: exactly one of `rule` (the interest rule of every
 * invoice) and `preset` (a statutory preset: each invoice's version follows `obligation_date`
 * when given, else the invoice's `issueDate`).
 */
export type InterestColumnsOptions = InterestColumnsCommonOptions &
  ({ rule: InterestRule; preset?: null } | { preset: PresetRequest; rule?: null });
/** The options of {@link interestColumns} besides its rule or preset. */
export interface InterestColumnsCommonOptions {
  /** The last day of interest. */
  asOf: DateInput;
  rounding?: RoundingMode;
  precision?: number | null;
  cashIncrement?: AmountInput | null;
  /** The calendar of the rule's due-date roll. */
  calendar?: Calendar | null;
  /** Whether to give the breakdown (`periods`). */
  breakdown?: boolean;
  /** A payment on an invoice id the batch does not hold: an error (default) or skipped. */
  unmatched?: 'error' | 'skip';
  /** Threads; 0 (default) = all cores from 50,000 invoices on. */
  threads?: number;
}
/** The breakdown as a flat table: invoice i's lines are rows offsets[i] .. offsets[i + 1]. */
export interface InterestPeriodColumns {
  offsets: Uint32Array;
  /** First day of each line (day number). */
  from: Int32Array;
  /** Last day of each line (day number, inclusive). */
  to: Int32Array;
  days: Int32Array;
  /** Minor units. */
  principal: BigInt64Array;
  /** Annual rate in millionths of a percent (12.37 % is `12370000n`). */
  rate: BigInt64Array;
  /** The year length the days are divided by. */
  dayBasis: Uint16Array;
  /** Minor units; an invoice's lines sum to its interest. */
  interest: BigInt64Array;
}
/** Per invoice (per selected row): interest and status. */
export interface InterestColumnsResult {
  /** Minor units at `scales[currency[i]]`. */
  interest: BigInt64Array;
  /** Index into {@link INTEREST_STATUSES}. */
  status: Uint8Array;
  /** Decimal places of each currency of `currencies`. */
  scales: Uint32Array;
  /** With `breakdown: true`. */
  periods?: InterestPeriodColumns;
  /** Under a preset: the day number of the first day of the version each invoice followed. */
  version?: Int32Array;
}

/**
 * The statuses of {@link interestColumns}' `status` column, by code.
 * @example arrears.INTEREST_STATUSES[4]; // 'charged'
 */
export declare const INTEREST_STATUSES: readonly InterestStatus[];
/**
 * The late interest of a whole ledger over typed-array columns; each invoice's result equals
 * {@link interest} on the same claim, errors included.
 * @example
 * const day = arrears.dayNumber;
 * const r = arrears.interestColumns(
 *   { dueDate: Int32Array.of(day('2025-03-01'), day('2025-06-01')), amount: BigInt64Array.of(100000n, 50000n),
 *     currency: Uint16Array.of(0, 0), currencies: ['EUR'] },
 *   { invoice: Uint32Array.of(0), date: Int32Array.of(day('2025-03-11')), amount: BigInt64Array.of(20000n) },
 *   { asOf: '2025-03-31', rule: { rate: '10.25' } });
 * // r.interest: BigInt64Array [730n, 0n]; r.status: Uint8Array [4, 0]
 */
export declare function interestColumns(
  invoices: InterestInvoiceColumns,
  payments: InterestPaymentColumns | null | undefined,
  options: InterestColumnsOptions,
): InterestColumnsResult;
/**
 * {@link interestColumns} off the JS thread.
 * @example const r = await arrears.interestColumnsAsync(invoices, payments, { asOf: '2025-03-31', rule: { rate: '10.25' } });
 */
export declare function interestColumnsAsync(
  invoices: InterestInvoiceColumns,
  payments: InterestPaymentColumns | null | undefined,
  options: InterestColumnsOptions,
): Promise<InterestColumnsResult>;
