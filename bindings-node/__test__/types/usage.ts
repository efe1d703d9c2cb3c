// Type-checked (tsc --noEmit -p __test__/tsconfig.json), never run: the declarations in
// index.d.ts describe the API precisely, and reject what the runtime rejects.
import * as arrears from '../..';
import type {
  Adjustment, Amount, Calendar, Currency, DueDateRequest, ErrorCode, Installment, IsoDate, PaymentTerms,
  RoundingMode, Schedule, ScheduleRequest, Step, TermLine,
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
    case 'overflow': case 'invalid_request': case 'internal':
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
