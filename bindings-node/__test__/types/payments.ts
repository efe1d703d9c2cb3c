// Type-checked (tsc --noEmit -p __test__/tsconfig.json), never run: the payments declarations.
import * as arrears from '../..';
import type { AllocateRequest, Allocation, ItemAllocation } from '../..';

const request: AllocateRequest = {
  payment: { amount: 150n, currency: 'EUR', date: new Date('2026-02-01') },
  items: [{ id: 'A', currency: 'EUR', invoice_date: '2026-01-01', fees: '40.00', secured: true,
            installments: [{ due_date: '2026-01-31', amount: '100.00', open: null,
                             discounts: [{ deadline: '2026-01-11', discount: '2.00', payable: '98.00' }] }] }],
  strategy: 'de_bgb_366',
  within: 'principal_first',
  gross_in_window: 'decline_discount',
  tolerance: { amount: '0.05' },
};
const out: Allocation = arrears.allocatePayment(request);
const first: ItemAllocation = out.items[0];
const cash: string = first.installments[0].principal;
// @ts-expect-error an unknown strategy
arrears.allocatePayment({ ...request, strategy: 'newest_first' });
const fx: string | undefined = arrears.allocatePayment({
  payment: { amount: '600.00', currency: 'EUR', date: '2026-03-01', rate: '1.15' },
  items: [{ id: 'X', currency: 'EUR', invoice_date: '2026-01-05', company_currency: 'USD', invoice_rate: '1.10',
            installments: [{ due_date: '2026-02-04', amount: '1000.00' }] }],
}).items[0].exchange_difference;
console.log(out, first, cash, fx);
const plan: import('../..').Plan = arrears.paymentPlan({ balance: '1000.00', currency: 'EUR', start: new Date('2026-01-31'), count: 3, rate: '6' });
const st: import('../..').PlanStatus = arrears.planStatus({ plan, payments: [{ date: '2026-02-01', amount: 100n }], as_of: '2026-03-01', grace_days: 5 });
const pr: import('../..').PromiseStatus = arrears.promiseStatus({ promise: { amount: '5.00', date: '2026-02-15' }, currency: 'EUR', as_of: '2026-02-20' });
console.log(plan, st.status === 'late', pr);
// a plan's state as a dunning item's plan_state (issue 15)
const item: import('../..').DunningItem = { customer: 'A', invoice: 'I', currency: 'EUR', due_date: '2026-01-31', open_amount: '1.00',
  plan_state: st.status, promise_state: pr.status };
// @ts-expect-error not a plan state
const wrong: import('../..').DunningItem = { ...item, plan_state: 'good' };
console.log(item, wrong);
