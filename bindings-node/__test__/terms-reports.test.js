'use strict';
// The typed functions of the notation, discount, e-invoicing, aging and metrics wire ops: Date and
// bigint inputs, string shorthands, errors, and schedule results keeping their `discounts`.
const test = require('node:test');
const assert = require('node:assert');
const arrears = require('..');

function thrown(fn) {
  try { fn(); } catch (e) { return [e instanceof arrears.ArrearsError, e.code, e.field]; }
  return ['no error'];
}

const TWO_TEN = arrears.preset('2_10_net_30').terms;

test('notation: parse, format, presets, round trip', () => {
  assert.deepStrictEqual(arrears.parseTerms('2/10 N/30'), arrears.parseTerms({ text: '2/10 net 30' }));
  assert.strictEqual(arrears.parseTerms('2/10 N/30').text, '2/10 net 30');
  assert.deepStrictEqual(arrears.parseTerms('net 30 EOM', { eom: 'uk' }).terms, arrears.parseTerms({ text: 'net 30 EOM', options: { eom: 'uk' } }).terms);
  assert.notDeepStrictEqual(arrears.parseTerms('net 30 EOM', { eom: 'uk' }).terms, arrears.parseTerms('net 30 EOM').terms);
  for (const p of arrears.presets()) {
    assert.deepStrictEqual(arrears.preset(p.name), p);
    assert.deepStrictEqual(arrears.preset({ name: p.name }), p);
    assert.strictEqual(arrears.formatTerms({ terms: p.terms }), p.text);
    assert.deepStrictEqual(arrears.parseTerms(p.text).terms, p.terms, p.name);
  }
  assert.ok(['net_30', '2_10_net_30', 'cod'].every((n) => arrears.presets().some((p) => p.name === n)));
  assert.deepStrictEqual(thrown(() => arrears.parseTerms('2/10 nett 30')), [true, 'invalid_terms', 'text']);
  assert.deepStrictEqual(thrown(() => arrears.preset('net_31')).slice(0, 1), [true]);
  assert.deepStrictEqual(thrown(() => arrears.parseTerms('net 30', { eom: 'fr' })), [true, 'invalid_terms', 'options.eom']);
  assert.throws(() => arrears.parseTerms(30), TypeError);
  assert.throws(() => arrears.formatTerms('net 30'), TypeError);
});

test('e-invoicing forms round trip', () => {
  const x = arrears.toXRechnung({ terms: TWO_TEN });
  assert.deepStrictEqual(x, { net_days: 30, text: '#SKONTO#TAGE=10#PROZENT=2.00#\n' });
  assert.deepStrictEqual(arrears.fromXRechnung(x).terms, TWO_TEN);
  assert.deepStrictEqual(arrears.toX12Itd({ terms: TWO_TEN }), { segment: 'ITD*08*3*2**10**30~' });
  assert.deepStrictEqual(arrears.fromX12Itd('ITD*08*3*2**10**30~').terms, TWO_TEN);
  assert.deepStrictEqual(arrears.fromX12Itd({ segment: 'ITD*08*3*2**10**30~' }).terms, TWO_TEN);
  const pat = arrears.toEdifactPat({ terms: TWO_TEN }).segment;
  assert.deepStrictEqual(arrears.fromEdifactPat(pat).terms, TWO_TEN);
  assert.strictEqual(thrown(() => arrears.fromX12Itd('XYZ*1~'))[0], true);
  assert.throws(() => arrears.toX12Itd(null), TypeError);
});

test('schedule keeps discounts; settle and discountCost take Dates and bigints', () => {
  const s = arrears.schedule({ total: 1000n, currency: 'EUR', base_date: new Date('2026-01-01'), terms: TWO_TEN });
  assert.deepStrictEqual(s.installments, [{
    line: 0, due_date: '2026-01-31', amount: '1000.00', discounts: [{ deadline: '2026-01-11', discount: '20.00', payable: '980.00' }],
  }]);
  assert.deepStrictEqual(arrears.settle({ currency: 'EUR', date: new Date('2026-01-11'), installment: s.installments[0] }),
    { deadline: '2026-01-11', discount: '20.00', open_after: '0.00', overpayment: '0.00', paid: '980.00', settled: '1000.00' });
  assert.strictEqual(arrears.settle({ currency: 'EUR', date: '2026-01-12', installment: s.installments[0] }).paid, '1000.00');
  assert.deepStrictEqual(arrears.settle({ currency: 'EUR', date: '2026-01-05', installment: s.installments[0], payment: 490n }),
    { deadline: '2026-01-11', discount: '10.00', open_after: '500.00', overpayment: '0.00', paid: '490.00', settled: '500.00' });
  assert.deepStrictEqual(arrears.discountCost({ percent: '2', discount_days: 10, net_days: 30 }), { effective: '44.59', nominal: '37.24' });
  assert.deepStrictEqual(thrown(() => arrears.discountCost({ percent: '101', discount_days: 10, net_days: 30 }))[0], true);
  assert.deepStrictEqual(thrown(() => arrears.settle({ currency: 'EUR', date: new Date('2026-01-11T12:00:00Z'), installment: s.installments[0] })),
    [true, 'invalid_date', 'date']);
});

test('aging and metrics through the typed functions', () => {
  const report = arrears.aging({ as_of: new Date('2026-11-24'), items: [
    { customer: 'ACME', currency: 'EUR', due_date: '2026-10-01', amount: '50.10' },
    { customer: 'ACME', currency: 'EUR', due_date: '2026-12-01', amount: 100n },
  ] });
  assert.deepStrictEqual(report.rows[0].buckets, ['100.00', '0.00', '50.10', '0.00', '0.00']);
  assert.strictEqual(report.totals[0].total, '150.10');
  assert.deepStrictEqual(arrears.agingMerge([report]), report);
  assert.deepStrictEqual(arrears.dso({ receivables: '50000', credit_sales: '150000', days: 90 }), { dso: '30.00' });
  assert.deepStrictEqual(arrears.countbackDso({ receivables: '212000', monthly_sales: ['100000', '80000', '70000'] }), { days: '73.71', months: '2.46' });
  assert.deepStrictEqual(arrears.bestPossibleDso({ current_receivables: '30000', total_receivables: '50000', credit_sales: '150000', days: 90 }),
    { average_days_delinquent: '12.00', best_possible_dso: '18.00', dso: '30.00' });
  assert.deepStrictEqual(arrears.cei({ beginning_receivables: '100', credit_sales: '300', ending_receivables: '120', ending_current_receivables: '80' }), { cei: '87.50' });
  assert.deepStrictEqual(arrears.paymentTiming({ paid: [{ customer: 'A', amount: '300', issue_date: '2026-01-01', due_date: '2026-01-31', paid_date: new Date('2026-02-10') }] }),
    { days_late: '10.00', days_to_pay: '40.00', items: 1, percent_late: '100.00' });
  assert.deepStrictEqual(arrears.allowance({ currency: 'EUR', buckets: ['1000.00', '500.00'], percents: ['1', '10'] }), { currency: 'EUR', parts: ['10.00', '50.00'], total: '60.00' });
  assert.deepStrictEqual(arrears.rollRates({ previous: ['100', '50', '0'], current: ['80', '40', '25'] }), { rates: ['40.00', '50.00'] });
  const f = arrears.cashForecast({ as_of: '2026-11-24', horizon: 2, open: [{ customer: 'A', currency: 'EUR', due_date: '2026-12-01', amount: '100.00' }] });
  assert.deepStrictEqual(f.periods.map((p) => p.amount), ['0.00', '100.00']);
  // errors name the field
  assert.deepStrictEqual(thrown(() => arrears.aging({ as_of: '2026-11-24', bounds: [60, 30], items: [] })), [true, 'invalid_request', 'bounds[1]']);
  assert.deepStrictEqual(thrown(() => arrears.aging({ as_of: '2026-11-24', items: [{ customer: 'A', currency: 'EUR', due_date: '2026-10-01', amount: 1.5 }] })),
    [true, 'invalid_amount', 'items[0].amount']);
  assert.deepStrictEqual(thrown(() => arrears.dso({ receivables: '1', credit_sales: '0', days: 90 }))[0], true);
  for (const fn of ['aging', 'agingMerge', 'dso', 'countbackDso', 'bestPossibleDso', 'cei', 'paymentTiming', 'allowance', 'rollRates', 'cashForecast', 'settle', 'discountCost', 'toXRechnung', 'fromXRechnung']) {
    assert.throws(() => arrears[fn]('x'), TypeError, fn);
  }
});

test("issue 4's bad input from Node: typed errors naming the field and the value", () => {
  const full = (fn) => { try { fn(); } catch (e) { return [e instanceof arrears.ArrearsError, e.code, e.field, e.value]; } return ['no error']; };
  const net30 = (discounts) => ({ lines: [{ kind: 'balance', due: [{ add_days: 30 }], discounts }] });
  const sched = (terms, currency = 'EUR') => () => arrears.schedule({ total: '100.00', currency, base_date: '2026-01-01', terms });
  // malformed notation, negative days
  assert.deepStrictEqual(full(() => arrears.parseTerms('2/10 net')), [true, 'invalid_terms', 'text', '2/10 net']);
  assert.deepStrictEqual(full(() => arrears.parseTerms('net -30')), [true, 'invalid_terms', 'text', 'net -30']);
  // percents over 100
  assert.deepStrictEqual(full(sched(net30([{ percent: '101', due: [{ add_days: 10 }] }]))),
    [true, 'invalid_terms', 'terms.lines[0].discounts[0].percent', '101']);
  // discount deadlines after the due date, or before the base date
  assert.deepStrictEqual(full(sched(net30([{ percent: '2', due: [{ add_days: 40 }] }]))),
    [true, 'invalid_terms', 'terms.lines[0].discounts[0].due', 'add_days(40)']);
  assert.deepStrictEqual(full(sched(net30([{ percent: '2', due: [{ add_days: -1 }] }]))),
    [true, 'invalid_terms', 'terms.lines[0].discounts[0].due[0]', '-1']);
  // unknown currency, in the object API and in the batch's currency list
  assert.deepStrictEqual(full(sched(net30([]), 'EUX')), [true, 'unknown_currency', 'currency', 'EUX']);
  const inv = { total: BigInt64Array.of(100n), currency: Uint16Array.of(0), baseDate: Int32Array.of(20000) };
  assert.deepStrictEqual(full(() => arrears.scheduleBatch(['net 30'], ['EUX'], inv)), [true, 'unknown_currency', 'currencies[0]', 'EUX']);
  assert.deepStrictEqual(full(() => arrears.scheduleBatch([net30([{ percent: '2', due: [{ add_days: 40 }] }])], ['EUR'], inv)),
    [true, 'invalid_terms', 'terms_list[0].lines[0].discounts[0].due', 'add_days(40)']);
  assert.deepStrictEqual(full(() => arrears.scheduleBatch(['1/10 net -5'], ['EUR'], inv))[1], 'invalid_terms');
});
