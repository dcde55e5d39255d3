// The instalment answer says which rates made the interest: the rule set's base plus the
// reference rate of its dated table in force on the day, with the day it took effect.
import { rateBasis } from '../../core/billing/confirmation';
import { referenceRateOn } from '../../core/billing/instalment-plan';
import { PRESETS } from '../../core/rules/presets';

const tz = 'Europe/Rome';
const plan = (at: string) => {
  const referenceRate = referenceRateOn(PRESETS['it-2026'].instalments.referenceRates, new Date(at), tz);
  return { interestRate: PRESETS['it-2026'].instalments.baseInterestRate + (referenceRate?.rate ?? 0), referenceRate };
};

test.each([
  ['it', '2026-11-23T10:00:00Z', ' (3,5% + BCE 2,15% dal 11/06/2025)'],
  ['en', '2026-11-23T10:00:00Z', ' (3.5% + ECB 2.15% from 11 Jun 2025)'],
  ['ru', '2026-11-23T10:00:00Z', ' (3,5% + ставка ЕЦБ 2,15% с 11/06/2025)'],
  // The day before a decision took effect, the previous rate.
  ['en', '2025-06-10T10:00:00Z', ' (3.5% + ECB 2.4% from 23 Apr 2025)'],
] as const)('%s on %s, in text', (language, at, text) => {
  expect(rateBasis(plan(at), language, { timeZone: tz })).toBe(text);
});

test.each([
  ['it', ', cioè 3,5 per cento più il tasso BCE del 2,15 per cento in vigore dal 11 giugno 2025'],
  ['en', ', that is 3.5 percent plus the ECB rate of 2.15 percent in force from 11 June 2025'],
  ['ru', ', то есть 3,5 процента плюс ставка ЕЦБ 2,15 процента, действующая с 11 июня 2025'],
] as const)('%s, spoken by the IVR', (language, text) => {
  expect(rateBasis(plan('2026-11-23T10:00:00Z'), language, { timeZone: tz, spoken: true })).toBe(text);
});

test('nothing to say without a reference rate or without interest (eased hardship terms)', () => {
  expect(rateBasis({ interestRate: 0.035, referenceRate: null }, 'en', { timeZone: tz })).toBe('');
  expect(rateBasis({ interestRate: 0, referenceRate: plan('2026-11-23T10:00:00Z').referenceRate }, 'en', { timeZone: tz })).toBe('');
});
