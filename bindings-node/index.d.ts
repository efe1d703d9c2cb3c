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

/** An early-payment discount tier of a term line: a percent or a fixed amount, earned until `due`. */
export type Discount =
  | { percent: AmountInput; fixed?: undefined; due?: Step[] }
  | { fixed: AmountInput; percent?: undefined; due?: Step[] };

/** One line of payment terms. */
export type TermLine =
  | { kind: 'percent' | 'percent_of_remainder' | 'fixed'; value: AmountInput; due?: Step[]; discounts?: Discount[] }
  | { kind: 'balance' | 'equal'; due?: Step[]; discounts?: Discount[] };

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
  /** What percent discounts apply to: 'gross' (default) or 'net' of `tax`. */
  discount_base?: 'gross' | 'net';
  /** The invoice's tax, with `discount_base: 'net'`. */
  tax?: AmountInput;
}

/** One early-payment discount tier of an installment. */
export interface InstallmentDiscount {
  /** The last day (inclusive) the discount is earned. */
  deadline: IsoDate;
  /** The discount, with the currency's decimals. */
  discount: Amount;
  /** The installment amount less the discount. */
  payable: Amount;
}

export interface Installment {
  /** Index of the term line that produced it. */
  line: number;
  due_date: IsoDate;
  amount: Amount;
  /** The discount tiers of its line, in order (absent when the line has none). */
  discounts?: InstallmentDiscount[];
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

// ---------------------------------------------------------------------------------------------
// Notation, presets, discounts, e-invoicing forms

/** How 'EOM' is read: 'us' month end + N days (default), 'uk' end of the month N/30 months on, 'dffm' date + N days then month end. */
export type EomReading = 'us' | 'uk' | 'dffm';
export interface NotationOptions {
  eom?: EomReading;
  /** The "25th rule": base dates after this day (1..30) count as the 1st of the next month. */
  cut_off?: number | null;
}
export interface ParseTermsRequest {
  text: string;
  options?: NotationOptions;
}
/** Parsed terms and their canonical notation. */
export interface ParsedTerms {
  terms: Required<PaymentTerms>;
  text: string;
}
export interface TermsRequest {
  terms: PaymentTerms;
}
export type FormatTermsRequest = TermsRequest;
export interface Preset {
  name: string;
  terms: Required<PaymentTerms>;
  text: string;
}
export interface SettleRequest {
  currency: string;
  /** The installment as `schedule()` lists it (its `discounts` included). */
  installment: {
    line: number;
    due_date: DateInput;
    amount: AmountInput;
    discounts?: { deadline: DateInput; discount: AmountInput; payable: AmountInput }[];
  };
  /** The payment date. */
  date: DateInput;
  /** A (partial) payment; absent: the amount that settles the open amount. */
  payment?: AmountInput | null;
  /** What is still open of the installment; default its amount. */
  open?: AmountInput | null;
  /** A payment of the whole open amount inside a discount window: `take_discount` (default; the excess is an overpayment) or `decline_discount` (paid gross). */
  gross_in_window?: 'take_discount' | 'decline_discount';
  rounding?: RoundingMode;
  precision?: number | null;
  cash_increment?: AmountInput | null;
}
export interface Settlement {
  /** The deadline of the tier earned, if any. */
  deadline?: IsoDate;
  /** The discount earned (settled − paid). */
  discount: Amount;
  /** The part of the payment the installment takes. */
  paid: Amount;
  /** The part of the payment beyond what settles the installment (`paid + overpayment` = the payment). */
  overpayment: Amount;
  /** How much of the installment it settles (paid + discount). */
  settled: Amount;
  /** What stays open after it. */
  open_after: Amount;
}
export interface DiscountCostRequest {
  percent: AmountInput;
  discount_days: number;
  net_days: number;
  /** Days in a year; default 365. */
  year_basis?: number;
  /** Decimals of the percents (half up); default 2, at most 10. */
  decimals?: number;
}
/** Annual cost of not taking the discount, in percent. */
export interface DiscountCost {
  nominal: Amount;
  effective: Amount;
}
export interface ToXRechnungRequest {
  terms: PaymentTerms;
  base_amount?: AmountInput | null;
}
export interface XRechnung {
  /** The `#SKONTO#TAGE=…#PROZENT=…#` note lines. */
  text: string;
  net_days: number;
}
export interface FromXRechnungRequest {
  text: string;
  net_days: number;
}
export interface FromXRechnung {
  terms: Required<PaymentTerms>;
  /** Present only when some tier has a `BASISBETRAG`. */
  base_amounts?: (Amount | null)[];
}
export interface SegmentRequest {
  segment: string;
}
export interface Segment {
  segment: string;
}
export interface TermsResponse {
  terms: Required<PaymentTerms>;
}

// ---------------------------------------------------------------------------------------------
// Aging and metrics (wire objects)

export type AgeBasis = 'due_date' | 'issue_date';
export type NotDue = 'column' | 'fold';
export type Credits = 'net' | 'separate';
export interface OpenItem {
  customer: string;
  currency: string;
  due_date: DateInput;
  issue_date?: DateInput | null;
  /** Negative for a credit. */
  amount: AmountInput;
  disputed?: boolean;
  id?: string | null;
}
export interface AgingRequest {
  as_of: DateInput;
  basis?: AgeBasis;
  /** Inclusive upper bounds in days, strictly increasing; default [30, 60, 90]. */
  bounds?: number[];
  /** One label per column; default derived from the bounds. */
  labels?: string[] | null;
  not_due?: NotDue;
  credits?: Credits;
  items: OpenItem[];
}
export interface AgingRow {
  customer: string;
  currency: string;
  /** Amount per column of `columns`. */
  buckets: Amount[];
  disputed: Amount;
  total: Amount;
  items: number;
}
export interface AgingTotal {
  currency: string;
  buckets: Amount[];
  disputed: Amount;
  total: Amount;
  items: number;
  /** Share not yet due, in percent (null when folded or the balance is zero). */
  percent_current: Amount | null;
}
export interface AgingReport {
  as_of: IsoDate;
  basis: AgeBasis;
  not_due: NotDue;
  columns: string[];
  rows: AgingRow[];
  totals: AgingTotal[];
}

// ---------------------------------------------------------------------------------------------
// Columnar entry points

/**
 * The columns of open items other than the customer's, one entry per item (all of the same
 * length), shared by the three forms of customer column.
 */
export interface AgingItemColumns {
  /** Index of each item's currency in `currencies`. */
  currency: Uint16Array;
  /** ISO 4217 codes. */
  currencies: string[];
  /** Due dates as day numbers (days since 1970-01-01). */
  dueDate: Int32Array;
  /** Issue dates as day numbers; required with basis 'issue_date'. */
  issueDate?: Int32Array;
  /**
   * Open amounts in minor units at `scale`. A currency with fewer decimals than `scale` takes
   * whole units of its own (JPY at scale 2: multiples of 100), as `aging()` refuses 1000.50 JPY.
   */
  amount: BigInt64Array;
  /** Decimal places of `amount` (0..18). */
  scale: number;
  /** Non-zero: disputed. */
  disputed?: Uint8Array;
}
/** Open items as columns, customers as integer keys (rows come out sorted by key). */
export interface AgingColumnsInput extends AgingItemColumns {
  /** Customer keys (rows come out sorted by key). */
  customer: Uint32Array;
  customerOffsets?: never;
  customerData?: never;
  customerValidity?: never;
}
/**
 * Open items as columns, customers as id strings of any length in UTF-8 (ERP customer numbers,
 * GUIDs): rows come out sorted by the ids' bytes, and the result's `customer` gives the ids.
 * A `null` id is an {@link ArrearsError} (code 'invalid_request', field 'items[i].customer' for the
 * first).
 * @example
 * arrears.agingColumns({ customer: ['ACME-0042', 'bolt', 'ACME-0042'], currency: Uint16Array.of(0, 0, 0), currencies: ['EUR'],
 *   dueDate: Int32Array.of(20240, 20268, 20300), amount: BigInt64Array.of(2550n, 99n, 10000n), scale: 2 }, { asOf: '2025-06-30' }).customer;
 * // ['ACME-0042', 'bolt']
 */
export interface AgingColumnsIdInput extends AgingItemColumns {
  /** Customer ids, one per item. */
  customer: string[];
  customerOffsets?: never;
  customerData?: never;
  customerValidity?: never;
}
/**
 * Open items as columns, customer ids as Arrow utf8 buffers (as apache-arrow's `Data` of a Utf8
 * vector has them: `const d = vector.data[0]`, then `d.valueOffsets`, `d.values` and, for a
 * column with nulls, `d.nullBitmap`): item `i`'s id is the UTF-8 bytes
 * `customerData[customerOffsets[i] .. customerOffsets[i + 1]]`, at most 15 of them, unless
 * `customerValidity` marks it null. The same grouping and result as {@link AgingColumnsIdInput};
 * a null id is the same ArrearsError as a `null` in a `string[]` (code 'invalid_request', field
 * 'items[i].customer' for the first, value 'null'). Without `customerValidity` every item is read as
 * its bytes (a null slot would be the empty id), so pass the bitmap of a column with nulls.
 * @example
 * const data = new TextEncoder().encode('ACME-0042boltACME-0042');
 * arrears.agingColumns({ customerOffsets: Int32Array.of(0, 9, 13, 22), customerData: data, currency: Uint16Array.of(0, 0, 0),
 *   currencies: ['EUR'], dueDate: Int32Array.of(20240, 20268, 20300), amount: BigInt64Array.of(2550n, 99n, 10000n), scale: 2 },
 *   { asOf: '2025-06-30' }).customer; // ['ACME-0042', 'bolt']
 */
export interface AgingColumnsUtf8Input extends AgingItemColumns {
  customer?: never;
  /** `n + 1` byte offsets into `customerData`, never decreasing (they need not start at 0). */
  customerOffsets: Int32Array;
  /** The ids' UTF-8 bytes. */
  customerData: Uint8Array;
  /**
   * Arrow validity bitmap of the ids (apache-arrow's `nullBitmap`): bit `i` of byte `i >> 3`,
   * least significant bit first, is 1 when item `i` has an id and 0 when it is null (an error
   * naming the first such item; a null item's bytes are not read). At least `ceil(n / 8)` bytes,
   * more are fine; a shorter one is an ArrearsError (field 'customer_validity'). apache-arrow gives
   * an empty `nullBitmap` when a column has no nulls (leave this out then), and a sliced `Data`'s
   * bitmap starts at bit `d.offset` (pass it only when `d.offset` is 0).
   */
  customerValidity?: Uint8Array;
}
export interface AgingColumnsOptions {
  asOf: DateInput;
  basis?: AgeBasis;
  bounds?: number[];
  labels?: string[] | null;
  notDue?: NotDue;
  credits?: Credits;
  /** Threads; 0 (default) = all cores from 50,000 rows on. */
  threads?: number;
}
/** Per-currency portfolio totals (minor units at the result's `scale`). */
export interface AgingColumnsTotal {
  currency: string;
  /** One per column of `columns`. */
  buckets: bigint[];
  total: bigint;
  disputed: bigint;
  items: bigint;
}
/**
 * The aging table as columns: row r is customer[r] in currencies[currency[r]]. `Customer` is the
 * type of the customer column: `Uint32Array` keys for integer input, `string[]` ids for string input.
 */
export interface AgingColumnsResult<Customer extends Uint32Array | string[] = Uint32Array> {
  /** Row r's customer: its key (integer input) or its id (string input). Rows are sorted by it, then by currency code. */
  customer: Customer;
  /** Row r's currency, an index into `currencies`. */
  currency: Uint16Array;
  /** The input's currency list. */
  currencies: string[];
  /** Column labels ('not_due', '1-30', ..., and 'credits' when separate). */
  columns: string[];
  /** buckets[c][r]: row r's amount in column c. */
  buckets: BigInt64Array[];
  total: BigInt64Array;
  disputed: BigInt64Array;
  items: BigInt64Array;
  scale: number;
  totals: AgingColumnsTotal[];
}
/** Invoices as columns, one entry per invoice. */
export interface InvoiceColumns {
  /** Totals in minor units of each invoice's currency. */
  total: BigInt64Array;
  /** Index into the currencies list. */
  currency: Uint16Array;
  /** Base dates as day numbers. */
  baseDate: Int32Array;
  /** Index into the terms list; absent: every invoice uses the first. */
  terms?: Uint32Array;
}
/** The options of a schedule request, plus how notation text in the terms list is read. */
export interface ScheduleBatchOptions {
  rounding?: RoundingMode;
  precision?: number | null;
  cash_increment?: AmountInput | null;
  calendar?: Calendar | null;
  allow_negative_balance?: boolean;
  notation?: NotationOptions;
}
/** Installments as columns: invoice i has rows offsets[i] .. offsets[i + 1]. */
export interface ScheduleColumns {
  offsets: Uint32Array;
  line: Uint32Array;
  /** Day numbers. */
  dueDate: Int32Array;
  /** Minor units at the scale of the invoice's currency. */
  amount: BigInt64Array;
  /** Scale of each currency of the list. */
  scales: Uint32Array;
  /** Installment k's discount tiers are rows discountOffsets[k] .. discountOffsets[k + 1]. */
  discountOffsets: Uint32Array;
  /** Day numbers. */
  discountDeadline: Int32Array;
  /** Minor units. */
  discountAmount: BigInt64Array;
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
  | 'limit_exceeded'
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
 * Parses payment terms as people write them; unknown text is an error, never a guess.
 * @example arrears.parseTerms('2/10 N/30').text; // '2/10 net 30'
 */
export declare function parseTerms(request: string | ParseTermsRequest, options?: NotationOptions): ParsedTerms;
/**
 * The canonical notation of terms.
 * @example arrears.formatTerms({ terms: arrears.preset('net_30').terms }); // 'net 30'
 */
export declare function formatTerms(request: FormatTermsRequest): string;
/**
 * A named preset.
 * @example arrears.preset('2_10_net_30').text; // '2/10 net 30'
 */
export declare function preset(request: string | { name: string }): Preset;
/**
 * Every named preset.
 * @example arrears.presets().some((p) => p.name === 'cod'); // true
 */
export declare function presets(): Preset[];
/**
 * What a payment on a date settles of an installment (the discount it earns).
 * @example arrears.settle({ currency: 'EUR', date: '2026-01-05', installment: s.installments[0] }).paid;
 */
export declare function settle(request: SettleRequest): Settlement;
/**
 * Nominal and effective annual cost of a discount, in percent.
 * @example arrears.discountCost({ percent: '2', discount_days: 10, net_days: 30 }); // { effective: '44.59', nominal: '37.24' }
 */
export declare function discountCost(request: DiscountCostRequest): DiscountCost;
/**
 * Terms as XRechnung `#SKONTO#` lines.
 * @example arrears.toXRechnung({ terms: arrears.preset('2_10_net_30').terms }); // { net_days: 30, text: '#SKONTO#TAGE=10#PROZENT=2.00#\n' }
 */
export declare function toXRechnung(request: ToXRechnungRequest): XRechnung;
/**
 * XRechnung `#SKONTO#` lines back into terms.
 * @example arrears.fromXRechnung({ text: '#SKONTO#TAGE=10#PROZENT=2.00#\n', net_days: 30 }).terms;
 */
export declare function fromXRechnung(request: FromXRechnungRequest): FromXRechnung;
/**
 * Terms as an X12 ITD segment.
 * @example arrears.toX12Itd({ terms: arrears.preset('2_10_net_30').terms }).segment; // 'ITD*08*3*2**10**30~'
 */
export declare function toX12Itd(request: TermsRequest): Segment;
/**
 * An X12 ITD segment into terms.
 * @example arrears.fromX12Itd('ITD*08*3*2**10**30~').terms;
 */
export declare function fromX12Itd(request: string | SegmentRequest): TermsResponse;
/**
 * Terms as UN/EDIFACT PAT segments.
 * @example arrears.toEdifactPat({ terms: arrears.preset('net_30').terms }).segment; // "PAT+1++5:3:D:30'"
 */
export declare function toEdifactPat(request: TermsRequest): Segment;
/**
 * UN/EDIFACT PAT segments into terms.
 * @example arrears.fromEdifactPat("PAT+1++5:3:D:30'").terms;
 */
export declare function fromEdifactPat(request: string | SegmentRequest): TermsResponse;
/**
 * The aging report of open items (per customer and currency; totals per currency).
 * @example arrears.aging({ as_of: '2026-11-24', items: [{ customer: 'A', currency: 'EUR', due_date: '2026-10-01', amount: '50.10' }] }).rows[0].total; // '50.10'
 */
export declare function aging(request: AgingRequest): AgingReport;
/**
 * Merges the aging reports of partitions into the report of the whole.
 * @example arrears.agingMerge([a, b]);
 */
export declare function agingMerge(request: AgingReport[] | { reports: AgingReport[] }): AgingReport;

/**
 * Ages typed-array columns in the core, reading the arrays in place (no JSON, no object per item).
 * Customers are integer keys (a `Uint32Array`), or id strings of any length (a `string[]`,
 * or Arrow utf8 `customerOffsets` + `customerData`): then the result's `customer` is the ids.
 * @throws {ArrearsError} e.g. field 'due_date' (columns of different lengths), 'items[17].due_date' (bad row), 'bounds[1]',
 *   'items[3].customer' (a null id), 'customer_offsets[5]' (offsets decreasing or past the data),
 *   'customer_data[40]' (invalid UTF-8)
 * @example
 * const t = arrears.agingColumns({ customer: Uint32Array.of(7, 3), currency: Uint16Array.of(0, 0), currencies: ['EUR'],
 *   dueDate: Int32Array.of(20240, 20268), amount: BigInt64Array.of(2550n, 99n), scale: 2 }, { asOf: '2025-06-30' });
 * t.total; // BigInt64Array [99n, 2550n]
 * @example
 * const u = arrears.agingColumns({ customer: ['ACME-0042', 'bolt'], currency: Uint16Array.of(0, 0), currencies: ['EUR'],
 *   dueDate: Int32Array.of(20240, 20268), amount: BigInt64Array.of(2550n, 99n), scale: 2 }, { asOf: '2025-06-30' });
 * u.customer; // ['ACME-0042', 'bolt']
 */
export declare function agingColumns(columns: AgingColumnsInput, options: AgingColumnsOptions): AgingColumnsResult;
export declare function agingColumns(
  columns: AgingColumnsIdInput | AgingColumnsUtf8Input,
  options: AgingColumnsOptions,
): AgingColumnsResult<string[]>;
export declare function agingColumns(
  columns: AgingColumnsInput | AgingColumnsIdInput | AgingColumnsUtf8Input,
  options: AgingColumnsOptions,
): AgingColumnsResult<Uint32Array | string[]>;
/**
 * agingColumns off the JS thread (a `string[]` of ids is read before the work leaves the JS thread).
 * @example const t = await arrears.agingColumnsAsync(columns, { asOf: '2025-06-30' });
 */
export declare function agingColumnsAsync(columns: AgingColumnsInput, options: AgingColumnsOptions): Promise<AgingColumnsResult>;
export declare function agingColumnsAsync(
  columns: AgingColumnsIdInput | AgingColumnsUtf8Input,
  options: AgingColumnsOptions,
): Promise<AgingColumnsResult<string[]>>;
export declare function agingColumnsAsync(
  columns: AgingColumnsInput | AgingColumnsIdInput | AgingColumnsUtf8Input,
  options: AgingColumnsOptions,
): Promise<AgingColumnsResult<Uint32Array | string[]>>;
/**
 * Schedules a whole list of invoices in one call; the same figures as schedule() per invoice.
 * @example
 * arrears.scheduleBatch(['30/60/90'], ['EUR'], { total: BigInt64Array.of(100000n), currency: Uint16Array.of(0),
 *   baseDate: Int32Array.of(arrears.dayNumber('2026-01-31')) }).amount; // BigInt64Array [33333n, 33333n, 33334n]
 */
export declare function scheduleBatch(
  terms: (PaymentTerms | string)[],
  currencies: string[],
  invoices: InvoiceColumns,
  options?: ScheduleBatchOptions,
): ScheduleColumns;
/**
 * scheduleBatch off the JS thread.
 * @example const s = await arrears.scheduleBatchAsync(['net 30'], ['EUR'], invoices);
 */
export declare function scheduleBatchAsync(
  terms: (PaymentTerms | string)[],
  currencies: string[],
  invoices: InvoiceColumns,
  options?: ScheduleBatchOptions,
): Promise<ScheduleColumns>;
/**
 * Days since 1970-01-01 of a date.
 * @example arrears.dayNumber('2026-01-31'); // 20484
 */
export declare function dayNumber(date: DateInput): number;
/**
 * The 'YYYY-MM-DD' date of a day number.
 * @example arrears.dateOfDayNumber(20484); // '2026-01-31'
 */
export declare function dateOfDayNumber(day: number): IsoDate;
/**
 * Runs a wire operation on a JSON string; returns canonical JSON (sorted keys, compact), the same
 * bytes as every other language. Operations: 'schedule', 'due_date', 'terms', 'round', 'currency',
 * 'currencies', 'version', 'parse_terms', 'format_terms', 'preset', 'presets', 'settle', 'discount_cost',
 * 'to_xrechnung', 'from_xrechnung', 'to_x12_itd', 'from_x12_itd', 'to_edifact_pat', 'from_edifact_pat',
 * 'aging', 'aging_merge', 'dso', 'countback_dso', 'best_possible_dso', 'cei', 'payment_timing',
 * 'allowance', 'roll_rates', 'cash_forecast'.
 * @example arrears.callJson('round', '{"amount":"1.005","currency":"EUR"}'); // '{"amount":"1.01"}'
 */
export declare function callJson(op: string, requestJson: string): string;
/**
 * The library version (the Rust crate's; equals this package's version).
 * @example arrears.version(); // '0.1.0'
 */
export declare function version(): string;

/**
 * How the native addon was built: `'release'` (what `npm install` builds) or `'debug'` (the
 * test suite's build, many times slower).
 * @example arrears.buildProfile(); // 'release'
 */
export declare function buildProfile(): 'release' | 'debug';

/** An error code with its C status (`ARREARS_INVALID_AMOUNT` is 1, ...). */
export interface ErrorCodeInfo {
  code: Exclude<ErrorCode, 'internal'>;
  status: number;
}

/**
 * Every error code the core has, with its C status: the list {@link ERROR_CODES} holds, less
 * `'internal'` (a caught bug, never a documented error).
 * @example arrears.errorCodes()[0]; // { code: 'invalid_amount', status: 1 }
 */
export declare function errorCodes(): ErrorCodeInfo[];

// Receivables metrics: DSO, CEI, payment timing, allowance, roll rates, cash forecast
// (lib/metrics.d.ts).
export * from './lib/metrics';

// Late charges: interest, late fees, statements of account, presets, sample rate tables, and
// the columnar batch (lib/charges.d.ts).
export * from './lib/charges';

// Payments: allocation, payment plans, promises to pay (lib/payments.d.ts).
export * from './lib/payments';

// Collections: the worklist, dunning, risk scores, collector assignment, credit checks
// (lib/collections.d.ts).
export * from './lib/collections';
