// When the answer to a customer's own access request is due, per preset: one calendar month
// under GDPR (the same date next month, the month's last day when there is none), 10 working
// days under 152-FZ (weekends and holidays skipped), 15 calendar days under the seeds' law.
import { accessDeadline } from '../../core/privacy/access-request';
import { PRESETS } from '../../core/rules/presets';

const at = (iso: string) => new Date(iso);

test.each([
  ['it-2026', 'IT', '2026-10-05T08:00:00Z', '2026-11-05T09:00:00.000Z'], // across the end of summer time: same local hour
  ['it-2026', 'IT', '2027-01-31T10:00:00Z', '2027-02-28T10:00:00.000Z'], // no 31 February: the month's last day
  ['seed-2014', 'IT', '2026-10-05T08:00:00Z', '2026-10-20T08:00:00.000Z'],
  ['ru', 'RU', '2026-10-02T09:00:00Z', '2026-10-16T09:00:00.000Z'], // a Friday: 10 working days = two weeks
  ['ru', 'RU', '2026-10-28T09:00:00Z', '2026-11-12T09:00:00.000Z'], // over 4 November (Unity Day)
])('%s, received %s (%s) → %s', (preset, country, received, due) => {
  const rules = PRESETS[preset as keyof typeof PRESETS];
  const tz = preset === 'ru' ? 'Europe/Moscow' : 'Europe/Rome';
  expect(accessDeadline(at(received), rules.privacy.accessRequest, country, tz).toISOString()).toBe(due);
});

test('every preset names the source of its access-request deadline', () => {
  for (const rules of Object.values(PRESETS)) expect(rules.sources['privacy.accessRequest']).toMatch(/art\./);
});
