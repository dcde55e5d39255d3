// The vulnerability register's rules: on every rule set and every service, a life-support
// or medical supply walks the whole ladder without ever reaching a disconnection step; the
// other kinds block or delay as their preset says; priority, wording and what agents see.
import { nextDunningStep } from '../../core/billing/dunning';
import type { BillLike } from '../../core/billing/bill-like';
import { flagsView, guardStep, protectionEffect, raisedPriority, wantsGentleWording, type Flag } from '../../core/protection/flags';
import { gentleCatalog, reminderText } from '../../core/protection/gentle-catalog';
import { parseRulesOverrides, resolveRuleSet } from '../../core/rules/overrides';
import { PRESETS, type RuleSet } from '../../core/rules/presets';
import { VULNERABILITY_KINDS } from '../../wire';

const TZ = 'Europe/Rome';
const DUE = new Date('2026-09-30T22:00:00Z');
const DAY = 86_400_000;

/**
 * Walks a bill through a year of days under `rules`, recording each stage as the job would.
 * The supply owes three months' charges, so it is a debtor under every preset (ru counts the
 * debt in months of charges, not one bill's age).
 */
const DEBTOR = { overdue: 360, averageMonthlyCharge: 120 };
function walk(rules: RuleSet, service: string, flags: Flag[]) {
  const bill: BillLike = { billNumber: 'B1', service, amount: 120, paidAmount: 0, status: 'open', dueAt: DUE, dunning: { stage: 'none' } };
  const fired: string[] = [];
  let protectedAt: string | null = null;
  let firstDisconnection: Date | null = null;
  for (let t = DUE.getTime() - 5 * DAY; t < DUE.getTime() + 365 * DAY; t += DAY) {
    const now = new Date(t + 10 * 3600_000);
    const raw = nextDunningStep(bill, rules, now, { timeZone: TZ, previousDeliveredAt: bill.dunning?.stageAt ?? null, supplyDebt: DEBTOR });
    const step = guardStep(raw, protectionEffect(flags, rules), now);
    if (step.kind === 'protected') {
      protectedAt ??= step.stage;
      continue;
    }
    if (step.kind !== 'fire') continue;
    if (step.def?.operationsTask) firstDisconnection ??= now;
    fired.push(step.stage);
    bill.dunning = { stage: step.stage, stageAt: now };
  }
  return { fired, protectedAt, firstDisconnection };
}

const lifeSupport: Flag[] = [{ kind: 'life_support', status: 'confirmed' }];
const disconnection = ['power_reduction', 'suspension_eligible'];

describe.each(Object.keys(PRESETS) as Array<keyof typeof PRESETS>)('rule set %s', (id) => {
  const rules = PRESETS[id];
  test.each(['electricity', 'gas', 'water', 'heating'])('a life-support %s supply never reaches a disconnection step', (service) => {
    const plain = walk(rules, service, []);
    expect(plain.fired.some((s) => disconnection.includes(s))).toBe(true);
    for (const flags of [lifeSupport, [{ kind: 'medical', status: 'confirmed' }], [{ kind: 'life_support', status: 'pending' }]]) {
      const r = walk(rules, service, flags);
      expect(r.fired.filter((s) => disconnection.includes(s))).toEqual([]);
      // It stops at the last notice, with the stopped step named.
      expect(r.fired.at(-1)).toBe('formal_notice');
      expect(disconnection).toContain(r.protectedAt);
    }
  });

  test('every kind has a rule with its source', () => {
    for (const kind of VULNERABILITY_KINDS) {
      expect(rules.protection[kind]).toBeDefined();
      expect(rules.sources[`protection.${kind}`]).toBeTruthy();
    }
  });

  test.each(VULNERABILITY_KINDS.filter((k) => k !== 'life_support' && k !== 'medical'))(
    '%s blocks or delays as the preset says',
    (kind) => {
      const plain = walk(rules, 'electricity', []);
      const r = walk(rules, 'electricity', [{ kind, status: 'confirmed' }]);
      const rule = rules.protection[kind];
      if (rule.effect === 'block') expect(r.fired.filter((s) => disconnection.includes(s))).toEqual([]);
      if (rule.effect === 'delay') {
        expect(r.firstDisconnection!.getTime() - plain.firstDisconnection!.getTime()).toBeGreaterThanOrEqual(rule.delayDays * DAY);
        // A pending statement of a non-medical kind changes nothing until an agent confirms it.
        expect(walk(rules, 'electricity', [{ kind, status: 'pending' }]).firstDisconnection).toEqual(plain.firstDisconnection);
      }
    },
  );
});

test('an override cannot lift the protection of life support', () => {
  const rules = resolveRuleSet(
    'it-2026',
    parseRulesOverrides('{"protection":{"life_support":{"effect":"none"},"hardship":{"effect":"block"}}}'),
  );
  expect(protectionEffect(lifeSupport, rules)).toEqual({ effect: 'block', kind: 'life_support' });
  expect(protectionEffect([{ kind: 'hardship' }], rules)).toEqual({ effect: 'block', kind: 'hardship' });
  expect(rules.sources['protection.hardship.effect']).toMatch(/operator override/);
  expect(() => parseRulesOverrides('{"protection":{"hardship":{"effect":"delay"}}}')).toThrow(/protection/);
});

test('every ticket from a flagged customer goes one level up, never above 1', () => {
  expect(raisedPriority(3, [])).toBe(3);
  expect(raisedPriority(3, [{ kind: 'hardship' }])).toBe(2);
  expect(raisedPriority(1, lifeSupport)).toBe(1);
});

test('the gentle wording exists for every stage in every language and names the customer and the amount', () => {
  expect(wantsGentleWording(lifeSupport)).toBe(true);
  expect(wantsGentleWording([])).toBe(false);
  const keys = Object.keys(gentleCatalog.it);
  for (const lng of ['it', 'en', 'ru'] as const) {
    expect(Object.keys(gentleCatalog[lng]).sort()).toEqual([...keys].sort());
    const params = { name: 'Maria Rossi', amount: '120,00 €', billNumber: 'F1', dueDate: '1 ottobre 2026' };
    const gentle = reminderText(lng, 'formal_notice.body', params, true);
    const plain = reminderText(lng, 'formal_notice.body', params, false);
    expect(gentle).not.toEqual(plain);
    expect(gentle).toContain('Maria Rossi');
    expect(gentle).toContain('120,00 €');
    // A stage without a gentle text falls back to the standard one.
    expect(reminderText(lng, 'formal_notice.subject', params, true)).toEqual(reminderText(lng, 'formal_notice.subject', params, false));
  }
});

test('agents see that a supply is essential, not why; supervisors see the detail', () => {
  const flags: Flag[] = [
    { kind: 'medical', status: 'confirmed', source: 'agent', reason: 'oxygen concentrator', evidence: 'ASL certificate 123' },
    { kind: 'hardship', status: 'confirmed', source: 'import', reason: 'unemployment' },
  ];
  const agent = flagsView(flags, 'agent');
  expect(agent[0]).toEqual({ kind: 'essential_supply', status: 'confirmed', source: 'agent', reviewAt: null });
  expect(JSON.stringify(agent)).not.toMatch(/oxygen|ASL|medical/);
  expect(agent[1]).toMatchObject({ kind: 'hardship', reason: 'unemployment', evidence: null });
  const supervisor = flagsView(flags, 'supervisor');
  expect(supervisor[0]).toMatchObject({ kind: 'medical', reason: 'oxygen concentrator', evidence: 'ASL certificate 123' });
});
