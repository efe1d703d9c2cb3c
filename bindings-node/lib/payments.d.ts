// Types of payments (lib/payments.js), re-exported by index.d.ts: allocation of a payment to
// open items, payment plans and their status, promises to pay, company-currency schedules, the
// batch allocation and open balances over typed-array columns.
import type { Amount, AmountInput, DateInput, InstallmentDiscount, IsoDate, RoundingMode, Schedule } from '../index';

/** The order in which a payment reaches the items (`oldest_first`: installment by installment over all items, by due date, then invoice date, then id). */
export type AllocationStrategy =
  | 'oldest_first' | 'specified' | 'proportional' | 'largest_first' | 'smallest_first'
  | 'de_bgb_366' | 'it_cc_1193' | 'ru_gk_319';
/** The order of the parts inside one item. */
export type AllocationWithin = 'fees_interest_principal' | 'fees_principal_interest' | 'principal_first';

/** One installment of an open item. */
export interface ItemInstallmentInput {
  due_date: DateInput;
  /** Its amount on the schedule (the base of its discount tiers). */
  amount: AmountInput;
  /** What is still open of it (default: `amount`). */
  open?: AmountInput | null;
  /** Its discount tiers, as `schedule()` lists them. */
  discounts?: { deadline: DateInput; discount: AmountInput; payable: AmountInput }[];
}

/** An open item a payment can settle. */
export interface PaymentItemInput {
  /** Unique among the items. */
  id: string;
  currency: string;
  invoice_date: DateInput;
  installments: ItemInstallmentInput[];
  /** Open costs and fees. */
  fees?: AmountInput;
  /** Open interest. */
  interest?: AmountInput;
  /** Whether the debt is secured (statutory presets only). */
  secured?: boolean;
  /** Its annual interest rate, % (statutory presets: the more burdensome first). */
  rate?: AmountInput | null;
  /** The tax in its amounts: the discount taken is split (`discount_tax`). */
  tax?: AmountInput | null;
  /** The company currency it is booked in (with `invoice_rate`): the allocation reports its `exchange_difference`. */
  company_currency?: string | null;
  /** The invoice's rate: company units per unit of the item's currency. */
  invoice_rate?: AmountInput | null;
}

/** Request of {@link allocatePayment}. */
export interface AllocateRequest {
  /** `rate`: company units per unit of the payment's currency on its date (required when an item has a `company_currency`). */
  payment: { amount: AmountInput; currency: string; date: DateInput; rate?: AmountInput | null };
  items: PaymentItemInput[];
  /** Default `'oldest_first'`. */
  strategy?: AllocationStrategy;
  /** With `'specified'`: the ids in the order to pay (items not listed get nothing). */
  order?: string[];
  /** Default: the strategy's (`'fees_interest_principal'`; `ru_gk_319`: `'fees_principal_interest'`). */
  within?: AllocationWithin | null;
  /** A gross payment inside a discount window: `'take_discount'` (default) or `'decline_discount'`. */
  gross_in_window?: 'take_discount' | 'decline_discount';
  /** Write-off tolerance (off by default): at most `amount`, and at most `percent` % of the item. */
  tolerance?: { amount?: AmountInput | null; percent?: AmountInput | null } | null;
  rounding?: RoundingMode;
  precision?: number | null;
}

/** What the payment did to one installment. */
export interface InstallmentAllocation {
  due_date: IsoDate;
  principal: Amount;
  discount: Amount;
  write_off: Amount;
  open_after: Amount;
}

/** What the payment did to one item. */
export interface ItemAllocation {
  id: string;
  fees: Amount;
  interest: Amount;
  principal: Amount;
  discount: Amount;
  /** The tax part of the discount, when the item gives its `tax`. */
  discount_tax?: Amount;
  /** With a company currency: the cash applied at the payment's rate less at the invoice's rate, rounded in the company currency (positive: a gain). */
  exchange_difference?: Amount;
  write_off: Amount;
  open_after: Amount;
  installments: InstallmentAllocation[];
}

/** The allocation of one payment; `applied + unapplied === payment`, exactly. */
export interface Allocation {
  currency: string;
  date: IsoDate;
  payment: Amount;
  applied: Amount;
  unapplied: Amount;
  discount: Amount;
  write_off: Amount;
  /** Each item, in the request's order. */
  items: ItemAllocation[];
}

/**
 * Allocates one payment to open items (strategy, installments in due-date order, discounts the
 * payment date earns, unapplied rest, optional tolerance). All or nothing.
 * @example arrears.allocatePayment({ payment: { amount: '150.00', currency: 'EUR', date: '2026-02-01' },
 *   items: [{ id: 'A', currency: 'EUR', invoice_date: '2026-01-01', installments: [{ due_date: '2026-01-31', amount: '100.00' }] }] }).unapplied; // '50.00'
 */
export declare function allocatePayment(request: AllocateRequest): Allocation;

/** Request of {@link paymentPlan}: exactly one of `count` and `installment`. */
export interface PlanRequest {
  balance: AmountInput;
  currency: string;
  /** The first due date (the down payment's, or the first installment's). */
  start: DateInput;
  count?: number | null;
  installment?: AmountInput | null;
  /** Default `'monthly'` (from the start date, clamped). */
  frequency?: 'weekly' | 'biweekly' | 'monthly';
  /** Due on `start`; the installments then begin one period later. */
  down_payment?: AmountInput | null;
  /** Annual interest, % (annuity). */
  rate?: AmountInput | null;
  rounding?: RoundingMode;
  precision?: number | null;
}
export interface PlanInstallment {
  /** 0-based; 0 is the down payment when there is one. */
  number: number;
  due_date: IsoDate;
  amount: Amount;
  principal: Amount;
  interest: Amount;
}
/** A payment plan; the principal parts sum exactly to the balance. */
export interface Plan {
  currency: string;
  installments: PlanInstallment[];
  total: Amount;
  interest: Amount;
}
/** A payment received towards a plan or a promise. */
export interface ReceivedPayment {
  date: DateInput;
  amount: AmountInput;
}
export interface PlanStatusRequest {
  plan: Plan;
  payments?: ReceivedPayment[];
  as_of: DateInput;
  grace_days?: number;
  rounding?: RoundingMode;
  precision?: number | null;
}
export interface PlanStatus {
  status: 'on_track' | 'late' | 'broken' | 'completed';
  paid: Amount;
  due: Amount;
  overdue: Amount;
  /** The installment that broke the plan. */
  broken_by?: number;
  /** The next installment not fully paid. */
  next_due?: IsoDate;
}
export interface PromiseRequest {
  promise: { amount: AmountInput; date: DateInput; made_on?: DateInput | null };
  currency: string;
  payments?: ReceivedPayment[];
  as_of: DateInput;
  rounding?: RoundingMode;
  precision?: number | null;
}
export interface PromiseStatus {
  status: 'kept' | 'pending' | 'broken';
  paid: Amount;
}
/**
 * A payment plan for an overdue balance (n installments or a fixed amount; weekly, biweekly or
 * monthly; optional down payment; optional annuity interest).
 * @example arrears.paymentPlan({ balance: '5.47', currency: 'EUR', start: '2026-01-31', count: 3 }).installments[2].amount; // '1.83'
 */
export declare function paymentPlan(request: PlanRequest): Plan;
/**
 * Where a plan stands as of a date: on_track, late (within grace), broken, completed.
 * @example arrears.planStatus({ plan, payments: [], as_of: '2026-03-06', grace_days: 5 }).status;
 */
export declare function planStatus(request: PlanStatusRequest): PlanStatus;
/**
 * Where a promise to pay stands as of a date: kept, pending, broken.
 * @example arrears.promiseStatus({ promise: { amount: '500.00', date: '2026-02-15' }, currency: 'EUR', as_of: '2026-02-20' }).status;
 */
export declare function promiseStatus(request: PromiseRequest): PromiseStatus;
/** Request of {@link companySchedule}. */
export interface CompanyScheduleRequest {
  /** The document schedule, as `schedule()` returns it. */
  schedule: Schedule;
  company_currency: string;
  /** Company units per document unit. */
  rate: AmountInput;
  /** The company total when booked already: it must equal the document total × rate rounded (else an `invalid_amount` error naming both). */
  company_total?: AmountInput | null;
  rounding?: RoundingMode;
  precision?: number | null;
}
/** A schedule in the company currency; the amounts sum exactly to `total`. */
export interface CompanySchedule {
  currency: string;
  rate: Amount;
  total: Amount;
  installments: { due_date: IsoDate; amount: Amount; discounts?: InstallmentDiscount[] }[];
}
/**
 * A schedule booked in the company currency (residue on the last installment; discount payables
 * converted, the discount the rest).
 * @example arrears.companySchedule({ schedule: s, company_currency: 'EUR', rate: '0.9137' }).total;
 */
export declare function companySchedule(request: CompanyScheduleRequest): CompanySchedule;

/** Open items as columns for {@link allocateColumns}, one entry per item (or installment). */
export interface AllocateItemColumns {
  /** Customer code of each item (any codes; the receipts use the same ones). */
  customer: Uint32Array;
  /** Currency code of each item (any codes; the receipts use the same ones). */
  currency: Uint16Array;
  /** Due dates as day numbers (days since 1970-01-01, see {@link dayNumber}). */
  dueDate: Int32Array;
  /** What is open, minor units of the item's currency; an item at or below zero takes nothing. */
  open: BigInt64Array;
  /** Item ids, the last tie-break of the order (compared as bytes)... */
  id?: string[];
  /** ... or the ids as Arrow-style utf8 (apache-arrow's `valueOffsets`): n + 1 offsets into `idData`. */
  idOffsets?: Int32Array;
  /** The ids' UTF-8 bytes (apache-arrow's `values`). */
  idData?: Uint8Array;
}
/** Receipts as columns for {@link allocateColumns}, one entry per receipt. */
export interface AllocateReceiptColumns {
  /** Who paid (the items' customer codes). */
  customer: Uint32Array;
  /** The receipt's currency code (the items' codes). */
  currency: Uint16Array;
  /** Receipt dates as day numbers: receipts are applied in date order, then row order. */
  date: Int32Array;
  /** Positive amounts, minor units. */
  amount: BigInt64Array;
}
export interface AllocateColumnsOptions {
  /** A receipt whose customer has no item in its currency: an error (default) or left unapplied. */
  unmatched?: 'error' | 'unapplied';
  /** Threads; 0 (default) = all cores from 50,000 rows on. */
  threads?: number;
}
/** Per item the cash applied, per receipt what is left, minor units, in row order. */
export interface AllocateColumnsResult {
  applied: BigInt64Array;
  unapplied: BigInt64Array;
}
/**
 * Allocates every receipt to its customer's open items in its currency, oldest first (due date,
 * then id), over typed-array columns; each receipt's items take plus `unapplied` is the receipt.
 * @example
 * const day = arrears.dayNumber;
 * const r = arrears.allocateColumns(
 *   { customer: Uint32Array.of(0, 0, 1), currency: Uint16Array.of(0, 0, 0), id: ['I1', 'I2', 'I3'],
 *     dueDate: Int32Array.of(day('2026-02-01'), day('2026-01-01'), day('2026-01-01')), open: BigInt64Array.of(10000n, 10000n, 5000n) },
 *   { customer: Uint32Array.of(0, 1), currency: Uint16Array.of(0, 0), date: Int32Array.of(day('2026-03-01'), day('2026-03-01')),
 *     amount: BigInt64Array.of(15000n, 8000n) });
 * // r.applied: BigInt64Array [5000n, 10000n, 5000n]; r.unapplied: BigInt64Array [0n, 3000n]
 */
export declare function allocateColumns(
  items: AllocateItemColumns,
  receipts: AllocateReceiptColumns,
  options?: AllocateColumnsOptions,
): AllocateColumnsResult;
/**
 * {@link allocateColumns} off the JS thread.
 * @example const r = await arrears.allocateColumnsAsync(items, receipts, { unmatched: 'unapplied' });
 */
export declare function allocateColumnsAsync(
  items: AllocateItemColumns,
  receipts: AllocateReceiptColumns,
  options?: AllocateColumnsOptions,
): Promise<AllocateColumnsResult>;

/** Open items as columns for {@link openBalances}, one entry per item (or installment). */
export interface BalanceItemColumns {
  /** Customer code of each item (any codes). */
  customer: Uint32Array;
  /** Index of each item's currency in `currencies`. */
  currency: Uint16Array;
  /** The ISO 4217 codes the indices refer to. */
  currencies: string[];
  /** What is open, minor units of the item's currency; an item at or below zero counts for nothing. */
  open: BigInt64Array;
}
export interface OpenBalancesOptions {
  /** Threads; 0 (default) = all cores from 50,000 rows on. */
  threads?: number;
}
/** One row per customer and currency with a balance above zero, by customer code, then currency index. */
export interface OpenBalancesResult {
  customer: Uint32Array;
  /** Indices into the call's `currencies`. */
  currency: Uint16Array;
  /** The sum of the customer's open amounts above zero in that currency, minor units. */
  balance: BigInt64Array;
}
/**
 * Each customer's open balance per currency over typed-array columns: the sum of the open amounts
 * above zero (what {@link allocateColumns} can apply to the customer), exactly.
 * @example
 * const b = arrears.openBalances({ customer: Uint32Array.of(0, 0, 1, 0), currency: Uint16Array.of(0, 0, 0, 1),
 *   currencies: ['EUR', 'USD'], open: BigInt64Array.of(10000n, 5000n, -2000n, 750n) });
 * // b.customer: Uint32Array [0, 0]; b.currency: Uint16Array [0, 1]; b.balance: BigInt64Array [15000n, 750n]
 */
export declare function openBalances(items: BalanceItemColumns, options?: OpenBalancesOptions): OpenBalancesResult;
/**
 * {@link openBalances} off the JS thread.
 * @example const b = await arrears.openBalancesAsync(items, { threads: 2 });
 */
export declare function openBalancesAsync(items: BalanceItemColumns, options?: OpenBalancesOptions): Promise<OpenBalancesResult>;
