// Types of collections (lib/collections.js), re-exported by index.d.ts: the worklist, dunning,
// risk scores, collector assignment and credit checks (wire objects).
import type { Amount, AmountInput, Calendar, DateInput, IsoDate } from '../index';
import type { FeeRule } from './charges';
import type { PlanStatus, PromiseStatus } from './payments';

export interface OverdueItem {
  customer: string;
  currency: string;
  due_date: DateInput;
  /** Items of zero or less are not chased. */
  open_amount: AmountInput;
  disputed?: boolean;
}
export interface PaymentRecord {
  customer: string;
  due_date: DateInput;
  paid_date: DateInput;
  amount: AmountInput;
}
export interface PointWeights {
  bucket_bounds: number[];
  bucket_weights: Amount[];
  per_day_past_due: Amount;
  dpd_cap: number;
  per_day_late: Amount;
  late_cap: number;
  per_risk_point: Amount;
}
export interface ProductWeights {
  dpd_offset: number;
  dpd_cap: number;
  late_offset: number;
  late_cap: number;
}
export type Scoring = { points: PointWeights } | { product: ProductWeights };
export interface WorklistConfig {
  as_of: DateInput;
  top_k?: number | null;
  by?: 'customer_currency' | 'customer';
  reporting_currency?: string;
  fx?: Record<string, Amount>;
  scoring?: Scoring;
  include_disputed?: boolean;
  risk_points?: Record<string, Amount>;
}
export interface WorklistRequest {
  config: WorklistConfig;
  open: OverdueItem[];
  history?: PaymentRecord[];
}
export interface ScoreComponent {
  name: string;
  value: Amount;
  basis: string;
}
export interface WorklistRow {
  rank: number;
  customer: string;
  currency: string;
  overdue: Amount;
  n_overdue: number;
  max_dpd: number;
  avg_late: number;
  disputed: Amount;
  score: Amount;
  components: ScoreComponent[];
}
export interface Worklist {
  rows: WorklistRow[];
}
export type DunningAction = 'remind' | 'call' | 'letter' | 'final_notice' | 'stop_service' | 'collection_agency' | 'legal';
export type DunningChannel = 'email' | 'phone' | 'sms' | 'letter' | 'registered_letter' | 'personal' | 'portal' | 'external';
export type DunningAnchor = 'due_date' | 'issue_date';
export interface DunningStep {
  offset: number;
  anchor?: DunningAnchor;
  action: DunningAction;
  channel: DunningChannel;
  level: number;
  /** A fixed amount (owed once per dunning level) or a late-charges fee rule (percent of the overdue principal, bands, min, max; without `per`: once per dunning level). */
  fee?: Amount | FeeRule | null;
}
export interface DunningPolicy {
  steps: DunningStep[];
  level_model?: 'steps' | 'days_overdue' | 'reminders_sent';
  min_amount?: Amount;
  /** What offsets count: calendar days (the default) or business days of `calendar`. */
  offset_unit?: 'calendar_days' | 'business_days';
  /** The caller's business-day calendar (default: Saturday-Sunday weekend, no holidays). */
  calendar?: Calendar | null;
}
/**
 * An open installment for dunning. A payment plan or a promise to pay holds dunning back while
 * it is in good standing: pass its state on the run's day, as `planStatus` / `promiseStatus`
 * return it, as `plan_state` or `promise_state`.
 * @example
 * const state = arrears.planStatus({ plan, payments, as_of: '2025-07-15', grace_days: 5 }).status;
 * arrears.dunning({ as_of: '2025-07-15', items: [{ customer: 'ACME', invoice: 'I-1', currency: 'EUR',
 *   due_date: '2025-06-01', open_amount: '200.00', plan_state: state }] }).skipped[0].reason; // 'on_plan'
 */
export interface DunningItem {
  customer: string;
  invoice: string;
  installment?: number;
  currency: string;
  due_date: DateInput;
  issue_date?: DateInput | null;
  open_amount: AmountInput;
  disputed?: boolean;
  /** A promise to pay by this date: not dunned through that day (a promise is active through its date). */
  promised_until?: DateInput | null;
  /** On a payment plan in good standing: not dunned (the caller's own flag; or pass `plan_state`). */
  on_plan?: boolean;
  /** The plan's state on the run's day (`planStatus(...).status`): `on_track` or `late` (within its grace days) skip the item (reason `on_plan`); `broken` or `completed` do not. */
  plan_state?: PlanStatus['status'] | null;
  /** The promise's state on the run's day (`promiseStatus(...).status`): `pending` skips the item (reason `promised`); `kept` or `broken` do not. */
  promise_state?: PromiseStatus['status'] | null;
}
export interface DunningRecord {
  invoice: string;
  installment?: number;
  offset: number;
  anchor?: DunningAnchor;
  date: DateInput;
  status?: 'sent' | 'draft' | 'blocked';
}
export interface DunningRequest {
  as_of: DateInput;
  policy?: DunningPolicy | null;
  items: DunningItem[];
  history?: DunningRecord[];
  on_hold?: string[];
}
export interface DunningActionItem {
  invoice: string;
  installment: number;
  currency: string;
  open_amount: Amount;
  days_overdue: number;
  offset: number;
  anchor: DunningAnchor;
  action: DunningAction;
  level: number;
}
export interface CustomerAction {
  customer: string;
  date: IsoDate;
  level: number;
  action: DunningAction;
  channel: DunningChannel;
  items: DunningActionItem[];
  fees: { currency: string; amount: Amount }[];
}
export interface DunningRun {
  actions: CustomerAction[];
  skipped: { customer: string; invoice: string; installment: number; reason: 'disputed' | 'promised' | 'on_plan' | 'below_minimum' | 'customer_on_hold' | 'awaiting_previous' }[];
  history: (Required<Omit<DunningRecord, 'date'>> & { date: IsoDate })[];
}
/** @example arrears.worklist({ config: { as_of: '2025-06-30' }, open: [...] }).rows[0].components; */
export declare function worklist(request: WorklistRequest): Worklist;
/** Invoices as columns for {@link worklistColumns}: ids as `string[]` or Arrow-style utf8 (offsets + bytes). */
export interface WorklistInvoiceColumns {
  /** Invoice ids (what payments name; any length)... */
  invoiceId?: string[];
  /** ... or as Arrow-style utf8: n + 1 offsets into `invoiceIdData`. */
  invoiceIdOffsets?: Int32Array;
  invoiceIdData?: Uint8Array;
  /** Customer ids (any length), or `customerOffsets` + `customerData`. */
  customer?: string[];
  customerOffsets?: Int32Array;
  customerData?: Uint8Array;
  /** Due dates as day numbers (see {@link dayNumber}). */
  dueDate: Int32Array;
  /** Open invoices: index of each row's currency in `currencies`. */
  currency?: Uint16Array;
  /** Open invoices: ISO 4217 codes. */
  currencies?: string[];
  /** Open invoices: open amounts in minor units at `options.scale` decimals. */
  openAmount?: BigInt64Array;
  /** Open invoices: 1 = disputed. */
  disputed?: Uint8Array;
}
/** Payments as columns: the invoice id each pays (`invoiceId`, or `invoiceIdOffsets` + `invoiceIdData`), date and amount. */
export interface WorklistPaymentColumns {
  invoiceId?: string[];
  invoiceIdOffsets?: Int32Array;
  invoiceIdData?: Uint8Array;
  /** Payment dates as day numbers (after `asOf`: left out). */
  date: Int32Array;
  /** Amounts in minor units of any one scale (they weigh the late days). */
  amount: BigInt64Array;
}
/** {@link worklistColumns}' options: {@link WorklistConfig} in camelCase, the amounts' scale, closed invoices, threads. */
export interface WorklistColumnsOptions {
  asOf: DateInput;
  topK?: number | null;
  by?: 'customer_currency' | 'customer';
  reportingCurrency?: string;
  fx?: Record<string, Amount>;
  scoring?: Scoring;
  includeDisputed?: boolean;
  riskPoints?: Record<string, Amount>;
  /** Decimals of `openAmount` (default 2). */
  scale?: number;
  /** Closed invoices (ids, customers, due dates): history only. */
  closed?: WorklistInvoiceColumns | null;
  /** Worker threads (0: automatic). */
  threads?: number;
}
/** @example arrears.worklistColumns({ invoiceId: ['I1'], customer: ['A'], dueDate, currency, currencies: ['EUR'], openAmount }, null, { asOf: '2025-06-30' }).rows; */
export declare function worklistColumns(
  invoices: WorklistInvoiceColumns,
  payments: WorklistPaymentColumns | null | undefined,
  options: WorklistColumnsOptions,
): Worklist;
/** {@link worklistColumns} off the JS thread. @example const r = await arrears.worklistColumnsAsync(invoices, payments, { asOf: '2025-06-30' }); */
export declare function worklistColumnsAsync(
  invoices: WorklistInvoiceColumns,
  payments: WorklistPaymentColumns | null | undefined,
  options: WorklistColumnsOptions,
): Promise<Worklist>;
/** @example arrears.dunning({ as_of: '2025-06-21', items: [...] }).actions; */
export declare function dunning(request: DunningRequest): DunningRun;
/** @example arrears.dunningPolicy().steps.length; // 9 */
export declare function dunningPolicy(request?: {}): DunningPolicy;
export interface RiskPayment {
  due_date: DateInput;
  paid_date: DateInput;
  amount: AmountInput;
}
export interface RiskInput {
  customer: string;
  payments?: RiskPayment[];
  broken_promises?: number;
  disputes?: number;
  credit_limit?: AmountInput | null;
  exposure?: AmountInput;
  collateral?: AmountInput;
}
export interface RiskWeights {
  per_day_late?: Amount;
  late_cap?: number;
  per_percent_paid_late?: Amount;
  per_day_trend?: Amount;
  recent_days?: number;
  per_broken_promise?: Amount;
  per_dispute?: Amount;
  per_percent_credit_use?: Amount;
  per_percent_uncovered?: Amount;
  tier_b_from?: Amount;
  tier_c_from?: Amount;
}
export interface RiskRequest {
  as_of: DateInput;
  customers: RiskInput[];
  weights?: RiskWeights;
}
export interface RiskScore {
  customer: string;
  score: Amount;
  tier: 'A' | 'B' | 'C';
  components: { name: string; measure: Amount; points: Amount; reason: string }[];
}
export interface AssignRequest {
  accounts: { customer: string; amount: AmountInput; priority: AmountInput; owner?: string | null }[];
  collectors: { id: string; max_accounts?: number | null; max_amount?: AmountInput | null }[];
}
export interface Assignments {
  assignments: { customer: string; collector: string | null; reason: 'kept_owner' | 'assigned' | 'reassigned' | 'no_capacity' }[];
  loads: { collector: string; accounts: number; amount: Amount }[];
}
export type CreditDecisionKind = 'approve' | 'review' | 'hold';
export interface CreditRequest {
  customer: string;
  credit_limit: AmountInput;
  open_receivables: AmountInput;
  open_orders?: AmountInput;
  collateral?: AmountInput;
  deposits?: AmountInput;
  order: AmountInput;
  max_days_overdue?: number;
  /** A payment plan of the customer is broken: `planStatus(...).status === 'broken'` on the day. */
  plan_broken?: boolean;
  rules?: { hold_days_overdue?: number | null; review_days_overdue?: number | null; hold_if_plan_broken?: boolean; review_use_percent?: Amount | null };
}
export interface CreditDecision {
  customer: string;
  decision: CreditDecisionKind;
  exposure: Amount;
  available: Amount;
  available_after: Amount;
  reasons: { rule: string; decision: CreditDecisionKind; detail: string }[];
}
/** One score per customer (a customer listed twice is an `invalid_request` error naming `customers[i].customer`). @example arrears.riskScore({ as_of: '2025-06-30', customers: [...] }).scores[0].tier; */
export declare function riskScore(request: RiskRequest): { scores: RiskScore[] };
/** @example arrears.assignCollectors({ accounts: [...], collectors: [...] }).loads; */
export declare function assignCollectors(request: AssignRequest): Assignments;
/** @example arrears.creditCheck({ customer: 'A', credit_limit: '100', open_receivables: '50', order: '10' }).decision; // 'approve' */
export declare function creditCheck(request: CreditRequest): CreditDecision;
