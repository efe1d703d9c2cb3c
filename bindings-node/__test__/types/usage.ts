// Type-checked (tsc --noEmit), never run: the declarations describe the API precisely.
import * as arrears from '../..';
import type { Schedule, ScheduleRequest, Step } from '../..';

const steps: Step[] = ['end_of_month', { add_days: 60 }];
const request: ScheduleRequest = {
  total: '1000.00',
  currency: 'EUR',
  base_date: new Date('2026-01-31'),
  terms: { lines: [{ kind: 'percent', value: '30' }, { kind: 'balance', due: steps }] },
  rounding: 'half_even',
};
const s: Schedule = arrears.schedule(request);
const first: string = s.installments[0].amount;
const due: string = arrears.dueDate({ base_date: '2026-01-31', adjustment: 'following' });
try {
  arrears.roundAmount({ amount: '1', currency: 'EUR' });
} catch (e) {
  if (e instanceof arrears.ArrearsError) {
    const c: arrears.ErrorCode = e.code;
    console.log(c, e.field, e.value);
  }
}
// @ts-expect-error amounts are strings, not numbers
arrears.schedule({ ...request, total: 1000 });
// @ts-expect-error unknown rounding mode
arrears.schedule({ ...request, rounding: 'bankers' });
// @ts-expect-error a balance line takes no value
const bad: arrears.TermLine = { kind: 'balance', value: '1' };
console.log(first, due, bad);
