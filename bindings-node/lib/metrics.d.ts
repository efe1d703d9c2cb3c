// Types of the receivables metrics (lib/metrics.js), re-exported by index.d.ts: DSO, countback
// DSO, best possible DSO, CEI, payment timing, allowance, roll rates, cash forecast.
import type { Amount, AmountInput, DateInput, IsoDate, RoundingMode } from '../index';

export interface DsoRequest {
  receivables: AmountInput;
  /** Only with receivables_basis 'average'. */
  beginning_receivables?: AmountInput | null;
  receivables_basis?: 'ending' | 'average';
  credit_sales: AmountInput;
  days: number;
  decimals?: number;
}
export interface CountbackDsoRequest {
  receivables: AmountInput;
  /** Newest month first. */
  monthly_sales: AmountInput[];
  month_days?: 'thirty' | 'actual';
  /** Needed with month_days 'actual'. */
  as_of?: DateInput | null;
  decimals?: number;
}
export interface BestPossibleDsoRequest {
  current_receivables: AmountInput;
  total_receivables?: AmountInput | null;
  credit_sales: AmountInput;
  days: number;
  decimals?: number;
}
export interface BestPossibleDso {
  best_possible_dso: string;
  /** With total_receivables. */
  dso?: string;
  /** With total_receivables. */
  average_days_delinquent?: string;
}
export interface CeiRequest {
  beginning_receivables: AmountInput;
  credit_sales: AmountInput;
  ending_receivables: AmountInput;
  ending_current_receivables: AmountInput;
  sales_basis?: 'period' | 'monthly_average';
  /** Only with sales_basis 'monthly_average'. */
  months?: number | null;
  decimals?: number;
}
export interface PaidItem {
  customer?: string;
  amount: AmountInput;
  issue_date: DateInput;
  due_date: DateInput;
  paid_date: DateInput;
}
export interface PaymentTimingRequest {
  paid: PaidItem[];
  decimals?: number;
}
export interface PaymentTiming {
  days_to_pay: string;
  days_late: string;
  percent_late: string;
  items: number;
}
export interface AllowanceRequest {
  currency: string;
  buckets: AmountInput[];
  percents: AmountInput[];
  rounding?: RoundingMode;
  precision?: number | null;
}
export interface Allowance {
  currency: string;
  parts: Amount[];
  total: Amount;
}
export interface RollRatesRequest {
  previous: AmountInput[];
  current: AmountInput[];
  decimals?: number;
}
export interface ForecastItem {
  customer: string;
  currency: string;
  due_date: DateInput;
  amount: AmountInput;
}
export interface CashForecastRequest {
  as_of: DateInput;
  period?: 'week' | 'month';
  horizon: number;
  default_days_late?: number;
  open: ForecastItem[];
  history?: PaidItem[];
}
export interface ForecastBucket {
  currency: string;
  start: IsoDate;
  end: IsoDate;
  amount: Amount;
  items: number;
}
export interface CashForecast {
  periods: ForecastBucket[];
  later: ForecastBucket[];
  lateness: { customer: string; days_late: number }[];
}

/** @example arrears.dso({ receivables: '50000', credit_sales: '150000', days: 90 }); // { dso: '30.00' } */
export declare function dso(request: DsoRequest): { dso: string };
/** @example arrears.countbackDso({ receivables: '212000', monthly_sales: ['100000', '80000', '70000'] }); // { days: '73.71', months: '2.46' } */
export declare function countbackDso(request: CountbackDsoRequest): { days: string; months: string };
/** @example arrears.bestPossibleDso({ current_receivables: '30000', credit_sales: '150000', days: 90 }); // { best_possible_dso: '18.00' } */
export declare function bestPossibleDso(request: BestPossibleDsoRequest): BestPossibleDso;
/** @example arrears.cei({ beginning_receivables: '100', credit_sales: '300', ending_receivables: '120', ending_current_receivables: '80' }); // { cei: '87.50' } */
export declare function cei(request: CeiRequest): { cei: string };
/** @example arrears.paymentTiming({ paid: [...] }).days_late; */
export declare function paymentTiming(request: PaymentTimingRequest): PaymentTiming;
/** @example arrears.allowance({ currency: 'EUR', buckets: ['1000.00', '500.00'], percents: ['1', '10'] }).total; // '60.00' */
export declare function allowance(request: AllowanceRequest): Allowance;
/** @example arrears.rollRates({ previous: ['100', '50', '0'], current: ['80', '40', '25'] }); // { rates: ['40.00', '50.00'] } */
export declare function rollRates(request: RollRatesRequest): { rates: (string | null)[] };
/** @example arrears.cashForecast({ as_of: '2026-11-24', horizon: 4, open: [...] }).periods; */
export declare function cashForecast(request: CashForecastRequest): CashForecast;
