'use strict';
// Payment terms: checking them, the notation people write (`2/10 net 30`), the named presets,
// what a payment settles (early-payment discounts) and the cost of not taking a discount, and
// the e-invoicing forms (XRechnung, X12 ITD, UN/EDIFACT PAT). Wire objects in, wire objects out.

const { requireObject, stringOr, run } = require('./wire');

/**
 * Validates payment terms and returns their canonical form (defaults filled in).
 * @param {import('../index').PaymentTerms} terms
 * @returns {import('../index').PaymentTerms}
 * @example
 * arrears.validateTerms({ lines: [{ kind: 'balance' }] }); // { adjustment: 'none', lines: [{ due: [], kind: 'balance' }] }
 */
function validateTerms(terms) {
  requireObject('validateTerms', terms);
  return run('terms', terms);
}

/**
 * Parses payment terms as people write them (`net 30`, `2/10 net 30`, `net 30 EOM`, `10 prox`,
 * `30/60/90`, `COD`, ...), case- and space-insensitive. Unknown text is an error, never a guess.
 * @param {string | import('../index').ParseTermsRequest} request the text, or `{text, options}`
 * @param {import('../index').NotationOptions} [options] the EOM reading and cut-off day (with a string)
 * @returns {import('../index').ParsedTerms} the terms and their canonical text
 * @throws {ArrearsError} code `'invalid_terms'`, field `'text'`, naming the position and what was expected
 * @example
 * arrears.parseTerms('2/10 N/30').text; // '2/10 net 30'
 * arrears.parseTerms('net 30 EOM', { eom: 'uk' }).terms.lines[0].due; // [{ add_months: 1 }, 'end_of_month']
 */
function parseTerms(request, options) {
  const r = stringOr('parseTerms', 'text', request);
  return run('parse_terms', typeof request === 'string' && options !== undefined ? { ...r, options } : r);
}

/**
 * The canonical notation of payment terms (`parseTerms(formatTerms({terms})).terms` equals `terms`).
 * @param {import('../index').FormatTermsRequest} request `{terms}`
 * @returns {string}
 * @throws {ArrearsError} code `'invalid_terms'` for terms no notation can express
 * @example
 * arrears.formatTerms({ terms: { lines: [{ kind: 'balance', due: [{ add_days: 30 }],
 *   discounts: [{ percent: '2', due: [{ add_days: 10 }] }] }] } }); // '2/10 net 30'
 */
function formatTerms(request) {
  requireObject('formatTerms', request);
  return run('format_terms', request).text;
}

/**
 * A named preset (`'net_30'`, `'2_10_net_30'`, `'net_30_eom'`, `'10_prox'`, `'cod'`, ...).
 * @param {string | {name: string}} request the name
 * @returns {import('../index').Preset}
 * @example
 * arrears.preset('2_10_net_30').text; // '2/10 net 30'
 */
function preset(request) {
  return run('preset', stringOr('preset', 'name', request));
}

/**
 * Every named preset, in the library's order.
 * @returns {import('../index').Preset[]}
 * @example
 * arrears.presets().map((p) => p.name).includes('net_30'); // true
 */
function presets() {
  return run('presets', {}).presets;
}

/**
 * What a payment on `date` settles of one installment (as `schedule()` lists it, discounts
 * included); without `payment`, the amount that settles it. A payment above what settles it
 * inside a discount window keeps the full discount; the excess is `overpayment`.
 * @param {import('../index').SettleRequest} request
 * @returns {import('../index').Settlement}
 * @example
 * arrears.settle({ currency: 'EUR', date: '2026-01-05', installment: { amount: '1000.00', due_date: '2026-01-31', line: 0,
 *   discounts: [{ deadline: '2026-01-11', discount: '20.00', payable: '980.00' }] } });
 * // { deadline: '2026-01-11', discount: '20.00', open_after: '0.00', overpayment: '0.00', paid: '980.00', settled: '1000.00' }
 */
function settle(request) {
  requireObject('settle', request);
  return run('settle', request);
}

/**
 * The nominal and effective annual cost of not taking an early-payment discount, in percent.
 * @param {import('../index').DiscountCostRequest} request
 * @returns {import('../index').DiscountCost}
 * @example
 * arrears.discountCost({ percent: '2', discount_days: 10, net_days: 30 }); // { effective: '44.59', nominal: '37.24' }
 */
function discountCost(request) {
  requireObject('discountCost', request);
  return run('discount_cost', request);
}

/**
 * Terms as XRechnung / EN 16931 `#SKONTO#` note lines plus the net days.
 * @param {import('../index').ToXRechnungRequest} request `{terms, base_amount?}`
 * @returns {import('../index').XRechnung}
 * @example
 * arrears.toXRechnung({ terms: arrears.preset('2_10_net_30').terms }); // { net_days: 30, text: '#SKONTO#TAGE=10#PROZENT=2.00#\n' }
 */
function toXRechnung(request) {
  requireObject('toXRechnung', request);
  return run('to_xrechnung', request);
}

/**
 * Reads XRechnung `#SKONTO#` note lines (and the net days) back into terms.
 * @param {import('../index').FromXRechnungRequest} request `{text, net_days}`
 * @returns {import('../index').FromXRechnung}
 * @example
 * arrears.fromXRechnung({ text: '#SKONTO#TAGE=10#PROZENT=2.00#\n', net_days: 30 }).terms; // the terms of 2/10 net 30
 */
function fromXRechnung(request) {
  requireObject('fromXRechnung', request);
  return run('from_xrechnung', request);
}

/**
 * Terms as an X12 ITD segment.
 * @param {import('../index').TermsRequest} request `{terms}`
 * @returns {import('../index').Segment}
 * @example
 * arrears.toX12Itd({ terms: arrears.preset('2_10_net_30').terms }); // { segment: 'ITD*08*3*2**10**30~' }
 */
function toX12Itd(request) {
  requireObject('toX12Itd', request);
  return run('to_x12_itd', request);
}

/**
 * Reads an X12 ITD segment into terms.
 * @param {string | import('../index').SegmentRequest} request the segment, or `{segment}`
 * @returns {import('../index').TermsResponse}
 * @example
 * arrears.fromX12Itd('ITD*08*3*2**10**30~').terms; // the terms of 2/10 net 30
 */
function fromX12Itd(request) {
  return run('from_x12_itd', stringOr('fromX12Itd', 'segment', request));
}

/**
 * Terms as UN/EDIFACT PAT (and PCD) segments.
 * @param {import('../index').TermsRequest} request `{terms}`
 * @returns {import('../index').Segment}
 * @example
 * arrears.toEdifactPat({ terms: arrears.preset('2_10_net_30').terms }); // { segment: "PAT+22++5:3:D:10'PCD+12:2'PAT+1++5:3:D:30'" }
 */
function toEdifactPat(request) {
  requireObject('toEdifactPat', request);
  return run('to_edifact_pat', request);
}

/**
 * Reads UN/EDIFACT PAT segments into terms.
 * @param {string | import('../index').SegmentRequest} request the segments, or `{segment}`
 * @returns {import('../index').TermsResponse}
 * @example
 * arrears.fromEdifactPat("PAT+1++5:3:D:30'").terms; // { adjustment: 'none', lines: [{ due: [{ add_days: 30 }], kind: 'balance' }] }
 */
function fromEdifactPat(request) {
  return run('from_edifact_pat', stringOr('fromEdifactPat', 'segment', request));
}

module.exports = {
  validateTerms,
  parseTerms,
  formatTerms,
  preset,
  presets,
  settle,
  discountCost,
  toXRechnung,
  fromXRechnung,
  toX12Itd,
  fromX12Itd,
  toEdifactPat,
  fromEdifactPat,
};
