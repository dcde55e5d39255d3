import type { BillLike, CustomerLike } from '../../core/billing/bill-like';
import { deferral } from '../../core/billing/deferral';
import { instalmentPlan, referenceRateOn } from '../../core/billing/instalment-plan';
import { parseRulesOverrides, resolveRuleSet } from '../../core/rules/overrides';
import { PRESETS } from '../../core/rules/presets';

const TZ = 'Europe/Rome';
const rules = PRESETS['seed-2014'];
const DUE = new Date('2026-10-14T22:00:00Z'); // due 15 Oct 2026, local
const NOW = new Date('2026-10-05T09:00:00Z');
const household: CustomerLike = { segment: 'household', hardship: [] };
const bill = (over: Partial<BillLike> = {}): BillLike => ({
  billNumber: 'B1',
  service: 'electricity',
  amount: 300,
  paidAmount: 0,
  status: 'open',
  dueAt: DUE,
  ...over,
});
const sibling = (over: Partial<BillLike> = {}): BillLike => ({
  billNumber: 'B0',
  service: 'electricity',
  amount: 80,
  paidAmount: 0,
  status: 'open',
  dueAt: new Date('2026-09-14T22:00:00Z'),
  ...over,
});

describe('the reference rate is a dated table: the entry in force on the day of the request', () => {
  const table = [
    { from: '2025-01-01', rate: 0.03, source: 'a' },
    { from: '2025-06-11', rate: 0.0215, source: 'b' },
  ];
  test.each<[string, string, string | null]>([
    ['the day before the first entry: none', '2024-12-31T12:00:00Z', null],
    ['on the first day of an entry', '2025-01-01T12:00:00Z', 'a'],
    ['the day before the change (local day, 23:30 in Rome)', '2025-06-10T21:30:00Z', 'a'],
    ['from the local day of the change (00:30 in Rome)', '2025-06-10T22:30:00Z', 'b'],
  ])('%s', (_n, at, source) => {
    expect(referenceRateOn(table, new Date(at), TZ)?.source ?? null).toBe(source);
  });
  test('an operator adds a later decision by override; its source says so', () => {
    const r = resolveRuleSet('seed-2014', parseRulesOverrides('{"instalments":{"referenceRates":[{"from":"2026-09-01","rate":0.025}]}}'));
    const d = instalmentPlan(bill({ amount: 300 }), household, [], r, NOW, { timeZone: TZ });
    if (!d.ok) throw new Error(d.reason);
    expect(d.plan.interestRate).toBe(0.06);
    expect(d.plan.referenceRate).toEqual({ from: '2026-09-01', rate: 0.025, source: 'operator override (RULES_OVERRIDES)' });
  });
  test('a badly dated entry is refused at start-up, naming the path', () => {
    expect(() => parseRulesOverrides('{"instalments":{"referenceRates":[{"from":"1/9/2026","rate":0.025}]}}')).toThrow(
      /instalments\.referenceRates\.0\.from/,
    );
  });
});

describe('instalment plan eligibility (every boundary)', () => {
  test.each<[string, Partial<BillLike>, CustomerLike, BillLike[], string]>([
    ['electricity €25.82: refused', { amount: 25.82 }, household, [], 'amount_too_low'],
    ['electricity €25.83: granted', { amount: 25.83 }, household, [], 'active'],
    ['gas €50: refused', { service: 'gas', amount: 50 }, household, [], 'amount_too_low'],
    ['gas €50.01: granted', { service: 'gas', amount: 50.01 }, household, [], 'active'],
    ['paid bill', { paidAmount: 300 }, household, [], 'bill_settled'],
    ['disputed bill', { disputed: true }, household, [], 'bill_disputed'],
    ['second plan on the same bill', { instalmentPlan: { status: 'active', instalments: [] } }, household, [], 'plan_exists'],
    ['business customer', {}, { segment: 'business' }, [], 'not_household'],
    [
      'another plan paid up: allowed',
      {},
      household,
      [
        sibling({
          instalmentPlan: {
            status: 'active',
            instalments: [{ dueAt: new Date('2026-09-30T22:00:00Z'), amount: 30, paidAt: new Date('2026-09-30T10:00:00Z') }],
          },
        }),
      ],
      'active',
    ],
    [
      'another plan with a missed instalment',
      {},
      household,
      [sibling({ instalmentPlan: { status: 'active', instalments: [{ dueAt: new Date('2026-09-30T22:00:00Z'), amount: 30 }] } })],
      'other_plan_in_arrears',
    ],
    ['hardship: routed to an agent', {}, { segment: 'household', hardship: ['unemployment'] }, [], 'pending_approval'],
    [
      'hardship with an overdue sibling bill: irregular payments',
      {},
      { segment: 'household', hardship: ['mobility'] },
      [sibling()],
      'irregular_payments',
    ],
    ['no hardship, overdue sibling bill: still allowed', {}, household, [sibling()], 'active'],
  ])('%s', (_n, over, customer, others, expected) => {
    const d = instalmentPlan(bill(over), customer, others, rules, NOW, { timeZone: TZ });
    expect(d.ok ? d.plan.status : d.reason).toBe(expected);
    if (!d.ok) expect(d.message.length).toBeGreaterThan(10);
  });

  test('3 monthly instalments, first 30 days after the due date, interest 3.5 % + reference rate', () => {
    const d = instalmentPlan(bill({ amount: 300 }), household, [], rules, NOW, { timeZone: TZ });
    if (!d.ok) throw new Error(d.reason);
    // 5 Oct 2026: the ECB rate from 11 Jun 2025 (2.15 %) is the one in force, and the answer says so.
    expect(d.plan.interestRate).toBe(0.0565);
    expect(d.plan.referenceRate).toEqual({ from: '2025-06-11', rate: 0.0215, source: expect.stringMatching(/ECB/) });
    expect(d.plan.instalments.map((i) => i.dueAt.toISOString())).toEqual([
      '2026-11-13T23:00:00.000Z',
      '2026-12-13T23:00:00.000Z',
      '2027-01-13T23:00:00.000Z',
    ]);
    expect(d.plan.instalments.map((i) => i.principal)).toEqual([100, 100, 100]);
    // 5.65 % a year on 300, 200, 100 for one month each.
    expect(d.plan.instalments.map((i) => i.interest)).toEqual([1.41, 0.94, 0.47]);
    expect(d.plan.total).toBe(302.82);
  });

  test('principal rounding lands on the last instalment; partial payments are not financed twice', () => {
    const d = instalmentPlan(bill({ amount: 100, paidAmount: 0.01 }), household, [], rules, NOW, { timeZone: TZ });
    if (!d.ok) throw new Error(d.reason);
    expect(d.plan.principal).toBe(99.99);
    expect(d.plan.instalments.map((i) => i.principal)).toEqual([33.33, 33.33, 33.33]);
  });

  test('hardship terms: more instalments without interest (agent decides)', () => {
    const d = instalmentPlan(bill(), { segment: 'household', hardship: ['social_services'] }, [], rules, NOW, { timeZone: TZ });
    if (!d.ok) throw new Error(d.reason);
    expect(d.plan).toMatchObject({ status: 'pending_approval', hardship: true, interestRate: 0, total: 300 });
    expect(d.plan.instalments).toHaveLength(rules.instalments.hardshipCount);
  });
});

describe('deferral (every boundary)', () => {
  test.each<[string, Partial<BillLike>, BillLike[], Date, string]>([
    ['before the due date: granted', {}, [], NOW, 'granted'],
    ['on the due day: granted', {}, [], new Date('2026-10-15T20:00:00Z'), 'granted'],
    ['the day after: overdue', {}, [], new Date('2026-10-15T22:30:00Z'), 'bill_overdue'],
    ['€20,000: granted', { amount: 20_000 }, [], NOW, 'granted'],
    ['€20,000.01: too high', { amount: 20_000.01 }, [], NOW, 'amount_too_high'],
    [
      'second deferral',
      { deferral: { requestedAt: new Date('2026-10-01T09:00:00Z'), newDueAt: new Date('2026-10-30T23:00:00Z') } },
      [],
      NOW,
      'already_deferred',
    ],
    ['overdue sibling bill', {}, [sibling()], NOW, 'other_bill_overdue'],
    ['sibling bill paid: granted', {}, [sibling({ paidAmount: 80, status: 'paid' })], NOW, 'granted'],
    ['sibling bill not yet due: granted', {}, [sibling({ dueAt: new Date('2026-10-20T22:00:00Z') })], NOW, 'granted'],
    [
      'missed instalment on a sibling',
      {},
      [sibling({ instalmentPlan: { status: 'active', instalments: [{ dueAt: new Date('2026-09-30T22:00:00Z'), amount: 30 }] } })],
      NOW,
      'missed_instalment',
    ],
    ['paid bill', { status: 'paid', paidAmount: 300 }, [], NOW, 'bill_settled'],
    ['disputed bill', { disputed: true }, [], NOW, 'bill_disputed'],
    ['bill in an instalment plan', { instalmentPlan: { status: 'active', instalments: [] } }, [], NOW, 'plan_exists'],
  ])('%s', (_n, over, others, now, expected) => {
    const d = deferral(bill(over), household, others, rules, now, { timeZone: TZ });
    expect(d.ok ? 'granted' : d.reason).toBe(expected);
  });

  test('new due date = request date + 30 days', () => {
    const d = deferral(bill(), household, [], rules, NOW, { timeZone: TZ });
    expect(d).toEqual({ ok: true, originalDueAt: DUE, newDueAt: new Date('2026-11-03T23:00:00.000Z') });
  });
  test('business customers are refused', () => {
    expect(deferral(bill(), { segment: 'business' }, [], rules, NOW, { timeZone: TZ })).toMatchObject({
      ok: false,
      reason: 'not_household',
    });
  });
});
