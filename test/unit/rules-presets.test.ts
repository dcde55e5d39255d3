import { loadConfig, ConfigError } from '../../core/config';
import { parseRulesOverrides, resolveRuleSet } from '../../core/rules/overrides';
import { PRESETS } from '../../core/rules/presets';

function leafPaths(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

describe.each(Object.keys(PRESETS) as Array<keyof typeof PRESETS>)('preset %s', (id) => {
  const r = PRESETS[id];
  test('every dunning, instalment and deferral value carries its source', () => {
    const wanted = [
      ...leafPaths({ instalments: { ...r.instalments, referenceRates: 0 }, deferral: { days: 0, maxAmount: 0, oncePerBill: 0 } }).filter(
        (p) => !p.endsWith('hardshipInterest'),
      ),
      ...r.instalments.referenceRates.filter((e) => !e.source).map((e) => `instalments.referenceRates from ${e.from}`),
      'dunning.dueSoonDays',
      'dunning.moratorium',
      'reminders.smsHours',
      'reminders.voiceHours',
      ...r.dunning.ladder.map((s) => `dunning.ladder.${s.stage}`),
    ];
    const missing = wanted.filter((p) => !r.sources[p]);
    expect(missing).toEqual([]);
  });
  test('every category, every target and the letter deadline carries its source', () => {
    const wanted = [
      ...Object.keys(r.categories).flatMap((c) => [`categories.${c}.priority`, `categories.${c}.answerDays`]),
      ...Object.keys(r.firstResponseSeconds).map((c) => `firstResponseSeconds.${c}`),
      'averageWaitTargetSeconds',
      'serviceLevelTarget',
      'accessibilityTarget',
      ...Object.keys(r.withinDeadlineTargets).map((c) => `withinDeadlineTargets.${c}`),
      'letters',
    ];
    const missing = wanted.filter((p) => !r.sources[p]);
    expect(missing).toEqual([]);
  });
  test('every deadline has a unit', () => {
    const units = Object.entries(r.categories).filter(([, rule]) => !['calendar', 'working', 'hours'].includes(rule.unit));
    expect(units).toEqual([]);
  });
  test('the ladder follows the stage order of the bill model', () => {
    const order = ['first_reminder', 'formal_notice', 'power_reduction', 'suspension_eligible'];
    const idx = r.dunning.ladder.map((s) => order.indexOf(s.stage));
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
  });
});

test('overrides replace single values and name themselves as the source', () => {
  const r = resolveRuleSet('seed-2014', parseRulesOverrides('{"dunning":{"dueSoonDays":5},"instalments":{"minAmount":{"gas":60}}}'));
  expect(r.dunning.dueSoonDays).toBe(5);
  expect(r.instalments.minAmount).toEqual({ electricity: 25.82, gas: 60, water: 50, heating: 50 });
  expect(r.sources['dunning.dueSoonDays']).toMatch(/operator override/);
  expect(r.sources['instalments.minAmount.gas']).toMatch(/operator override/);
  expect(r.dunning.ladder).toBe(PRESETS['seed-2014'].dunning.ladder);
  expect(PRESETS['seed-2014'].dunning.dueSoonDays).toBe(3);
});

test('the moratorium switch wins over the preset', () => {
  expect(resolveRuleSet('it-2026', {}, true).dunning.moratorium).toBe(true);
  expect(resolveRuleSet('it-2026', {}).dunning.moratorium).toBe(false);
});

test.each([
  ['not JSON', '{dunning', /not JSON/],
  ['unknown key', '{"dunnig":{}}', /dunnig|Unrecognized/i],
  ['bad value', '{"deferral":{"maxAmount":-1}}', /deferral\.maxAmount/],
  ['bad ladder stage', '{"dunning":{"ladder":[{"stage":"shout"}]}}', /dunning\.ladder\.0/],
])('a bad RULES_OVERRIDES (%s) is refused at start-up, naming the path', (_n, text, message) => {
  expect(() => parseRulesOverrides(text)).toThrow(message);
  expect(() => loadConfig({ RULES_OVERRIDES: text })).toThrow(ConfigError);
  try {
    loadConfig({ RULES_OVERRIDES: text });
  } catch (err) {
    expect((err as Error).message).toContain('RULES_OVERRIDES');
  }
});
