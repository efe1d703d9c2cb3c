// Type-checked (tsc --noEmit -p __test__/tsconfig.json), never run: the declarations in
// index.d.ts describe the API precisely, and reject what the runtime rejects.
import * as arrears from '../..';
import type {
  Adjustment, AgingColumnsIdInput, AgingColumnsInput, AgingColumnsResult, AgingColumnsUtf8Input, AgingReport, Amount, Calendar, CashForecast, Currency, Discount, DueDateRequest, ErrorCode,
  Installment, InstallmentDiscount, IsoDate, ParsedTerms, PaymentTerms, Preset, RoundingMode, Schedule, ScheduleColumns,
  ScheduleRequest, Settlement, Step, TermLine,
} from '../..';

const steps: Step[] = ['end_of_month', { add_days: 60 }, { add_months: 1 }, { set_day: 15 }, { next_day_of_month: 10 }];
const lines: TermLine[] = [
  { kind: 'percent', value: '30' },
  { kind: 'percent_of_remainder', value: '50', due: [{ add_days: 30 }] },
  { kind: 'fixed', value: 100n },
  { kind: 'equal' },
  { kind: 'balance', due: steps },
];
const terms: PaymentTerms = { lines, adjustment: 'modified_following' };
const calendar: Calendar = { weekend: ['fri', 'sat'], holidays: ['2026-12-25', new Date('2026-12-26')] };
const request: ScheduleRequest = {
  total: '1000.00',
  currency: 'EUR',
  base_date: new Date('2026-01-31'),
  terms,
  rounding: 'half_even',
  precision: null,
  cash_increment: '0.05',
  calendar,
  allow_negative_balance: false,
};
const s: Schedule = arrears.schedule(request);
const first: Installment = s.installments[0];
const amount: Amount = first.amount;
const line: number = first.line;
const due: IsoDate = arrears.dueDate({ base_date: '2026-01-31', steps, adjustment: 'following' } satisfies DueDateRequest);
const rounded: string = arrears.roundAmount({ amount: '1.005', currency: 'EUR', rounding: 'half_up' });
const canonical: PaymentTerms = arrears.validateTerms({ lines: [{ kind: 'balance' }] });
const eur: Currency = arrears.currency('EUR');
const digits: number | null = eur.minor_units;
const all: Currency[] = arrears.currencies();
const json: string = arrears.callJson('version', '{}');
const v: string = arrears.version();
const modes: readonly RoundingMode[] = arrears.ROUNDING_MODES;
const adjustments: readonly Adjustment[] = arrears.ADJUSTMENTS;

function describe(code: ErrorCode): string {
  switch (code) {
    case 'invalid_amount': case 'invalid_date': case 'unknown_currency': case 'invalid_precision':
    case 'invalid_rounding': case 'invalid_rule': case 'invalid_terms': case 'date_out_of_range':
    case 'overflow': case 'invalid_request': case 'limit_exceeded': case 'internal':
      return code;
    default: {
      const never: never = code; // every code is handled above
      return never;
    }
  }
}

try {
  arrears.roundAmount({ amount: '1', currency: 'EUR' });
} catch (e) {
  if (e instanceof arrears.ArrearsError) {
    const error: Error = e;
    console.log(describe(e.code), e.field, e.value, e.reason, error.message);
  }
}

// @ts-expect-error amounts are strings, not numbers
arrears.schedule({ ...request, total: 1000 });
// @ts-expect-error unknown rounding mode
arrears.schedule({ ...request, rounding: 'bankers' });
// @ts-expect-error a balance line takes no value
const bad: TermLine = { kind: 'balance', value: '1' };
// @ts-expect-error a percent line needs a value
const noValue: TermLine = { kind: 'percent' };
// @ts-expect-error not a step
const badStep: Step = 'start_of_month';
// @ts-expect-error the wire format is snake_case
arrears.schedule({ ...request, baseDate: '2026-01-31' });
// @ts-expect-error required field missing
arrears.dueDate({ steps });
// @ts-expect-error not an error code
const badCode: ErrorCode = 'invalid';

console.log(amount, line, due, rounded, canonical, digits, all, json, v, modes, adjustments, bad, noValue, badStep, badCode);

// Notation, presets, discounts, e-invoicing
const parsed: ParsedTerms = arrears.parseTerms('2/10 net 30', { eom: 'uk', cut_off: 25 });
const parsed2: ParsedTerms = arrears.parseTerms({ text: 'net 30', options: { eom: 'dffm' } });
const text: string = arrears.formatTerms({ terms: parsed.terms });
const p: Preset = arrears.preset('2_10_net_30');
const p2: Preset = arrears.preset({ name: 'net_30' });
const all2: Preset[] = arrears.presets();
const tiers: Discount[] = [{ percent: '2', due: [{ add_days: 10 }] }, { fixed: 5n }];
const discounted: TermLine = { kind: 'balance', due: [{ add_days: 30 }], discounts: tiers };
const firstDiscount: InstallmentDiscount | undefined = s.installments[0].discounts?.[0];
const settled: Settlement = arrears.settle({ currency: 'EUR', date: new Date('2026-01-05'), installment: s.installments[0], payment: '490' });
const cost: string = arrears.discountCost({ percent: '2', discount_days: 10, net_days: 30, year_basis: 360 }).effective;
const skonto: number = arrears.toXRechnung({ terms, base_amount: null }).net_days;
const back: PaymentTerms = arrears.fromXRechnung({ text: '#SKONTO#TAGE=10#PROZENT=2.00#', net_days: 30 }).terms;
const itd: string = arrears.toX12Itd({ terms }).segment;
const fromItd: PaymentTerms = arrears.fromX12Itd(itd).terms;
const pat: string = arrears.toEdifactPat({ terms }).segment;
const fromPat: PaymentTerms = arrears.fromEdifactPat({ segment: pat }).terms;
arrears.schedule({ ...request, discount_base: 'net', tax: '150.00' });

// Aging and metrics
const report: AgingReport = arrears.aging({
  as_of: '2026-11-24', basis: 'issue_date', bounds: [30, 60], not_due: 'fold', credits: 'separate',
  items: [{ customer: 'A', currency: 'EUR', due_date: '2026-10-01', issue_date: new Date('2026-09-01'), amount: 5n, disputed: true }],
});
const merged: AgingReport = arrears.agingMerge([report, report]);
const merged2: AgingReport = arrears.agingMerge({ reports: [report] });
const dsoText: string = arrears.dso({ receivables: '1', credit_sales: '2', days: 30, receivables_basis: 'ending' }).dso;
const months: string = arrears.countbackDso({ receivables: '1', monthly_sales: ['2'], month_days: 'actual', as_of: '2026-11-30' }).months;
const bp: string | undefined = arrears.bestPossibleDso({ current_receivables: '1', credit_sales: '2', days: 30 }).dso;
const ceiText: string = arrears.cei({ beginning_receivables: '1', credit_sales: '1', ending_receivables: '1', ending_current_receivables: '1', sales_basis: 'monthly_average', months: 3 }).cei;
const late: string = arrears.paymentTiming({ paid: [{ amount: '1', issue_date: '2026-01-01', due_date: '2026-01-31', paid_date: '2026-02-01' }] }).days_late;
const allowanceTotal: Amount = arrears.allowance({ currency: 'EUR', buckets: ['1'], percents: ['1'] }).total;
const rates: (string | null)[] = arrears.rollRates({ previous: ['1', '2'], current: ['1', '2'] }).rates;
const forecast: CashForecast = arrears.cashForecast({ as_of: '2026-11-24', period: 'month', horizon: 3, open: [], history: [] });

// Columnar
const table: AgingColumnsResult = arrears.agingColumns({
  customer: new Uint32Array(1), currency: new Uint16Array(1), currencies: ['EUR'], dueDate: new Int32Array(1),
  amount: new BigInt64Array(1), scale: 2, issueDate: new Int32Array(1), disputed: new Uint8Array(1),
}, { asOf: '2026-11-24', basis: 'due_date', bounds: [30], notDue: 'column', credits: 'net', threads: 2 });
const firstTotal: bigint = table.totals[0].total;
const cell: bigint = table.buckets[0][0];
const pending: Promise<AgingColumnsResult> = arrears.agingColumnsAsync({
  customer: new Uint32Array(1), currency: new Uint16Array(1), currencies: ['EUR'], dueDate: new Int32Array(1), amount: new BigInt64Array(1), scale: 2,
}, { asOf: new Date('2026-11-24') });
// String customer ids: a string[] or Arrow utf8 buffers; the result's customer is the ids.
const items = { currency: new Uint16Array(2), currencies: ['EUR'], dueDate: new Int32Array(2), amount: new BigInt64Array(2), scale: 2 };
const byId: AgingColumnsResult<string[]> = arrears.agingColumns({ ...items, customer: ['ACME-0042', 'bolt'] }, { asOf: '2026-11-24' });
const firstId: string = byId.customer[0];
const utf8: AgingColumnsUtf8Input = {
  ...items, customerOffsets: Int32Array.of(0, 9, 13), customerData: new TextEncoder().encode('ACME-0042bolt'),
};
const byUtf8: string[] = arrears.agingColumns(utf8, { asOf: '2026-11-24', threads: 1 }).customer;
// Arrow nulls: the validity bitmap goes with the utf8 buffers (bit i = item i, 0 = null)
const withNulls: string[] = arrears.agingColumns({ ...utf8, customerValidity: Uint8Array.of(0b11) }, { asOf: '2026-11-24' }).customer;
const byIdLater: Promise<AgingColumnsResult<string[]>> = arrears.agingColumnsAsync({ ...items, customer: ['a', 'b'] }, { asOf: '2026-11-24' });
const keyed: AgingColumnsInput = { ...items, customer: Uint32Array.of(1, 2) };
const ids: AgingColumnsIdInput = { ...items, customer: ['a', 'b'] };
const either: AgingColumnsInput | AgingColumnsIdInput | AgingColumnsUtf8Input = Math.random() < 0.5 ? keyed : ids;
const anyCustomer: Uint32Array | string[] = arrears.agingColumns(either, { asOf: '2026-11-24' }).customer;
const anyLater: Promise<AgingColumnsResult<Uint32Array | string[]>> = arrears.agingColumnsAsync(utf8, { asOf: '2026-11-24' });
const keysStillNumbers: Uint32Array = arrears.agingColumns(keyed, { asOf: '2026-11-24' }).customer;
const batch: ScheduleColumns = arrears.scheduleBatch(['2/10 net 30', terms], ['EUR'], {
  total: new BigInt64Array(1), currency: new Uint16Array(1), baseDate: new Int32Array(1), terms: new Uint32Array(1),
}, { rounding: 'half_even', notation: { eom: 'us' } });
const batchAmount: BigInt64Array = batch.amount;
const batchLater: Promise<ScheduleColumns> = arrears.scheduleBatchAsync([terms], ['EUR'], {
  total: new BigInt64Array(1), currency: new Uint16Array(1), baseDate: new Int32Array(1),
});
const day: number = arrears.dayNumber('2026-01-31');
const iso: IsoDate = arrears.dateOfDayNumber(day);

// @ts-expect-error amounts are BigInt64Array, not Float64Array
arrears.agingColumns({ customer: new Uint32Array(1), currency: new Uint16Array(1), currencies: ['EUR'], dueDate: new Int32Array(1), amount: new Float64Array(1), scale: 2 }, { asOf: '2026-11-24' });
// @ts-expect-error asOf is required
arrears.agingColumns({ customer: new Uint32Array(1), currency: new Uint16Array(1), currencies: ['EUR'], dueDate: new Int32Array(1), amount: new BigInt64Array(1), scale: 2 }, {});
// @ts-expect-error the aging options are camelCase
arrears.agingColumns({ customer: new Uint32Array(1), currency: new Uint16Array(1), currencies: ['EUR'], dueDate: new Int32Array(1), amount: new BigInt64Array(1), scale: 2 }, { asOf: '2026-11-24', not_due: 'fold' });
// @ts-expect-error string ids give string customers, not keys
const idsAreNotKeys: Uint32Array = arrears.agingColumns({ ...items, customer: ['a', 'b'] }, { asOf: '2026-11-24' }).customer;
// @ts-expect-error customer ids are strings (or integer keys in a Uint32Array), not numbers
arrears.agingColumns({ ...items, customer: [1, 2] }, { asOf: '2026-11-24' });
// @ts-expect-error a null id is rejected at run time too
arrears.agingColumns({ ...items, customer: ['a', null] }, { asOf: '2026-11-24' });
// @ts-expect-error the ids come either as customer or as customerOffsets + customerData, not both
arrears.agingColumns({ ...utf8, customer: ['a', 'b'] }, { asOf: '2026-11-24' });
// @ts-expect-error customerData goes with customerOffsets
arrears.agingColumns({ ...items, customerOffsets: Int32Array.of(0, 1, 2) }, { asOf: '2026-11-24' });
// @ts-expect-error Arrow offsets are an Int32Array (Utf8, not LargeUtf8)
arrears.agingColumns({ ...utf8, customerOffsets: new BigInt64Array(3) }, { asOf: '2026-11-24' });
// @ts-expect-error the id bytes are a Uint8Array, not a string
arrears.agingColumns({ ...utf8, customerData: 'ACME-0042bolt' }, { asOf: '2026-11-24' });
// @ts-expect-error customerValidity goes only with customerOffsets + customerData (a string[] holds its nulls itself)
arrears.agingColumns({ ...items, customer: ['a', 'b'], customerValidity: Uint8Array.of(0b11) }, { asOf: '2026-11-24' });
// @ts-expect-error customerValidity goes only with customerOffsets + customerData, not integer keys
arrears.agingColumns({ ...items, customer: Uint32Array.of(1, 2), customerValidity: Uint8Array.of(0b11) }, { asOf: '2026-11-24' });
// @ts-expect-error the validity bitmap is a Uint8Array of bits, not an array of booleans
arrears.agingColumns({ ...utf8, customerValidity: [true, true] }, { asOf: '2026-11-24' });
// @ts-expect-error base dates are an Int32Array of day numbers
arrears.scheduleBatch(['net 30'], ['EUR'], { total: new BigInt64Array(1), currency: new Uint16Array(1), baseDate: ['2026-01-31'] });
// @ts-expect-error terms are objects or notation strings
arrears.scheduleBatch([30], ['EUR'], { total: new BigInt64Array(1), currency: new Uint16Array(1), baseDate: new Int32Array(1) });
// @ts-expect-error unknown EOM reading
arrears.parseTerms('net 30 EOM', { eom: 'fr' });
// @ts-expect-error formatTerms takes {terms}
arrears.formatTerms('net 30');
// @ts-expect-error a discount is a percent or a fixed amount, not both
const both: Discount = { percent: '2', fixed: '5' };
// @ts-expect-error unknown credits rule
arrears.aging({ as_of: '2026-11-24', credits: 'apart', items: [] });
// @ts-expect-error dso takes a request object
arrears.dso('50000');
// @ts-expect-error unknown forecast period
arrears.cashForecast({ as_of: '2026-11-24', period: 'day', horizon: 3, open: [] });

// collections
const topScore: string = arrears.worklist({ config: { as_of: '2025-06-30', top_k: 10, scoring: { product: { dpd_offset: 30, dpd_cap: 365, late_offset: 30, late_cap: 120 } } },
  open: [{ customer: 'A', currency: 'EUR', due_date: '2025-05-01', open_amount: '10.00' }] }).rows[0].score;
const dunned: string = arrears.dunning({ as_of: '2025-06-21', items: [{ customer: 'A', invoice: 'I', currency: 'EUR', due_date: '2025-06-01', open_amount: '1.00' }],
  history: [{ invoice: 'I', offset: 7, date: '2025-06-08', status: 'sent' }] }).actions[0].action;
const offsets: number[] = arrears.dunningPolicy().steps.map((s) => s.offset);
// @ts-expect-error unknown dunning action
arrears.dunning({ as_of: '2025-06-21', items: [], policy: { steps: [{ offset: 1, action: 'shout', channel: 'email', level: 1 }] } });
const tier: 'A' | 'B' | 'C' = arrears.riskScore({ as_of: '2025-06-30', customers: [{ customer: 'A' }] }).scores[0].tier;
const held: string = arrears.creditCheck({ customer: 'A', credit_limit: '100', open_receivables: '50', order: '10' }).decision;
const owner: string | null = arrears.assignCollectors({ accounts: [], collectors: [{ id: 'ann', max_accounts: 2 }] }).assignments[0].collector;
console.log(topScore, dunned, offsets, tier, held, owner);

console.log(parsed, parsed2, text, p, p2, all2, discounted, firstDiscount, settled, cost, skonto, back, itd, fromItd, pat, fromPat,
  merged, merged2, dsoText, months, bp, ceiText, late, allowanceTotal, rates, forecast, firstTotal, cell, pending, batchAmount, batchLater, iso, both,
  firstId, byUtf8, withNulls, byIdLater, anyCustomer, anyLater, keysStillNumbers, idsAreNotKeys);

// Late charges
const claim: arrears.InterestRequest = {
  principal: '1000.00', currency: 'EUR', due_date: new Date('2025-03-01'), as_of: '2025-03-31',
  events: [{ kind: 'payment', date: '2025-03-11', amount: 200n }, { kind: 'credit_note', date: '2025-03-20', amount: '10.00' }],
  rule: { rate: '10.25', day_count: 'act/360', compounding: 'monthly', grace_days: 5, due_date_roll: 'following' },
};
const owed: arrears.Interest = arrears.interest(claim);
const periodLines: arrears.InterestPeriod[] = owed.periods;
const why: arrears.InterestStatus = owed.status;
const sample: arrears.SampleRateTable = arrears.rateTable('de_basiszins');
const viaPreset: string = arrears.interest({
  principal: '10000.00', currency: 'EUR', due_date: '2024-05-31', as_of: '2024-12-31',
  preset: { name: 'de_288_b2b', reference_rates: sample.table, obligation_date: '2024-05-01' },
}).interest;
const byTable: arrears.InterestRule = { reference: { table: { rates: [{ from: '2024-01-01', rate: '4.5' }] }, margin: '9', fixing: 'split_by_half_year' } };
const fee: string = arrears.lateFee({ principal: '1000.00', currency: 'GBP', preset: 'uk_late_payment' });
const bandFee: string = arrears.lateFee({ principal: '1000.00', currency: 'EUR', fee: { bands: [{ from: '0', fixed: '40.00' }], per: 'dunning_level' }, level: 2, charged_levels: [1] });
const stmtRequest: arrears.StatementRequest = {
  customer: 'ACME GmbH', as_of: '2026-03-31', rule: byTable, fee: { fixed: '40.00' },
  items: [{ id: 'INV-1001', currency: 'EUR', amount: '1000.00', due_date: '2026-01-15', discounts: [{ deadline: '2026-04-01', discount: '20.00', payable: '980.00' }] }],
};
const stmt: arrears.Statement = arrears.statement(stmtRequest);
const stmtTotal: string = stmt.totals[0].total_due;
const letter: string = arrears.statementText(stmtRequest);
const regimes: arrears.InterestPreset[] = arrears.interestPresets();
const tables: arrears.RateTableInfo[] = arrears.rateTables();
// @ts-expect-error money is never a JS number
arrears.interest({ ...claim, principal: 1000 });
// @ts-expect-error an unknown day count
const badRule: arrears.InterestRule = { rate: '5', day_count: 'act/364' };
void [periodLines, why, viaPreset, fee, bandFee, stmtTotal, letter, regimes, tables, badRule];

// Late interest over typed-array columns
const ledgerInvoices: arrears.InterestInvoiceColumns = {
  dueDate: Int32Array.of(20148), amount: BigInt64Array.of(100000n), currency: Uint16Array.of(0), currencies: ['EUR'],
  issueDate: Int32Array.of(20118), id: ['INV-1'],
};
const ledgerPayments: arrears.InterestPaymentColumns = { invoiceId: ['INV-1'], date: Int32Array.of(20158), amount: BigInt64Array.of(20000n) };
const ledger: arrears.InterestColumnsResult = arrears.interestColumns(ledgerInvoices, ledgerPayments, {
  asOf: '2025-03-31', rule: { rate: '10.25' }, breakdown: true, unmatched: 'skip', threads: 0, cashIncrement: null,
});
const ledgerStatus: arrears.InterestStatus = arrears.INTEREST_STATUSES[ledger.status[0]];
const ledgerLines: Uint32Array | undefined = ledger.periods?.offsets;
const ledgerAsync: Promise<arrears.InterestColumnsResult> = arrears.interestColumnsAsync(ledgerInvoices, null, { asOf: new Date('2025-03-31'), rule: { rate: '5' } });
// @ts-expect-error amounts are a BigInt64Array
arrears.interestColumns({ ...ledgerInvoices, amount: Float64Array.of(1000) }, null, { asOf: '2025-03-31', rule: { rate: '5' } });
// @ts-expect-error the rule is required
arrears.interestColumns(ledgerInvoices, null, { asOf: '2025-03-31' });
const ledgerPreset: Int32Array | undefined = arrears.interestColumns(ledgerInvoices, null, {
  asOf: '2025-03-31', preset: { name: 'de_288_b2b', reference_rates: arrears.rateTable('de_basiszins').table },
}).version;
// @ts-expect-error a rule or a preset, not both
arrears.interestColumns(ledgerInvoices, null, { asOf: '2025-03-31', rule: { rate: '5' }, preset: { name: 'de_288_b2b', reference_rates: { rates: [] } } });
const ledgerUtf8: arrears.InterestColumnsResult = arrears.interestColumns(
  { dueDate: Int32Array.of(20148), amount: BigInt64Array.of(100000n), currency: Uint16Array.of(0), currencies: ['EUR'],
    idOffsets: Int32Array.of(0, 5), idData: new TextEncoder().encode('INV-1') },
  { invoiceIdOffsets: Int32Array.of(0, 5), invoiceIdData: new TextEncoder().encode('INV-1'), date: Int32Array.of(20158), amount: BigInt64Array.of(1n) },
  { asOf: '2025-03-31', rule: { rate: '10.25' } });
void [ledgerStatus, ledgerLines, ledgerAsync, ledgerUtf8];

// Payment allocation over typed-array columns
const openItems: arrears.AllocateItemColumns = {
  customer: Uint32Array.of(0, 0), currency: Uint16Array.of(0, 0), dueDate: Int32Array.of(20148, 20150),
  open: BigInt64Array.of(10000n, 5000n), id: ['INV-1', 'INV-2'],
};
const statement: arrears.AllocateReceiptColumns = {
  customer: Uint32Array.of(0), currency: Uint16Array.of(0), date: Int32Array.of(20160), amount: BigInt64Array.of(12000n),
};
const allocated: arrears.AllocateColumnsResult = arrears.allocateColumns(openItems, statement);
const allocatedApplied: BigInt64Array = allocated.applied;
const allocatedAsync: Promise<arrears.AllocateColumnsResult> = arrears.allocateColumnsAsync(openItems, statement, { unmatched: 'unapplied', threads: 1 });
// @ts-expect-error open amounts are a BigInt64Array
arrears.allocateColumns({ ...openItems, open: Float64Array.of(1, 2) }, statement);
// @ts-expect-error unmatched receipts are an error or unapplied
arrears.allocateColumns(openItems, statement, { unmatched: 'skip' });
const balanceItems: arrears.BalanceItemColumns = { customer: openItems.customer, currency: openItems.currency, currencies: ['EUR'], open: openItems.open };
const balances: arrears.OpenBalancesResult = arrears.openBalances(balanceItems);
const balanceSums: BigInt64Array = balances.balance;
const balancesAsync: Promise<arrears.OpenBalancesResult> = arrears.openBalancesAsync(balanceItems, { threads: 1 });
// @ts-expect-error the currency codes are required
arrears.openBalances({ customer: openItems.customer, currency: openItems.currency, open: openItems.open });
void [allocatedApplied, allocatedAsync, balanceSums, balancesAsync];
const wlInvoices: arrears.WorklistInvoiceColumns = { invoiceId: ['I1'], customer: ['ACME'], dueDate: Int32Array.of(20100),
  currency: Uint16Array.of(0), currencies: ['EUR'], openAmount: BigInt64Array.of(50000n) };
const wl: arrears.Worklist = arrears.worklistColumns(wlInvoices, { invoiceId: ['I1'], date: Int32Array.of(20110), amount: BigInt64Array.of(1n) },
  { asOf: '2025-06-30', topK: 10, fx: { USD: '0.92' }, closed: { invoiceId: ['X'], customer: ['ACME'], dueDate: Int32Array.of(20000) } });
const wlScore: string = wl.rows[0].score;
const wlAsync: Promise<arrears.Worklist> = arrears.worklistColumnsAsync(wlInvoices, null, { asOf: '2025-06-30', threads: 0 });
// @ts-expect-error open amounts are a BigInt64Array
arrears.worklistColumns({ ...wlInvoices, openAmount: Float64Array.of(1) }, null, { asOf: '2025-06-30' });
// @ts-expect-error asOf is required
arrears.worklistColumns(wlInvoices, null, { topK: 3 });
void [wlScore, wlAsync];
const feePolicy: arrears.DunningPolicy = { offset_unit: 'business_days', calendar: { holidays: ['2025-06-09'] }, steps: [
  { offset: 14, action: 'letter', channel: 'letter', level: 1, fee: { percent: '1', min: '5.00' } },
  { offset: 30, action: 'final_notice', channel: 'registered_letter', level: 2, fee: '15.00' }] };
void feePolicy;
