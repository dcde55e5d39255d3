// The it-2026 automatic indemnity for a late written answer, at its boundaries: the deadline
// itself earns nothing, a day past it €30, past twice its length €60, past three times €90.
// The other presets have none.
import { lateAnswerIndemnity } from '../../core/sla/late-answer-indemnity';
import { PRESETS } from '../../core/rules/presets';

const DAY = 86_400_000;
const opened = new Date('2026-03-02T09:00:00Z');
// it-2026: complaints answered within 30 days.
const due = new Date(opened.getTime() + 30 * DAY);
const at = (days: number, extraMs = 0) => new Date(opened.getTime() + days * DAY + extraMs);

test.each([
  ['on the deadline', at(30), null],
  ['a day after the deadline', at(31), { amount: 30, tier: 1, daysLate: 1 }],
  ['exactly twice the deadline', at(60), { amount: 30, tier: 1, daysLate: 30 }],
  ['a day past twice', at(61), { amount: 60, tier: 2, daysLate: 31 }],
  ['exactly three times', at(90), { amount: 60, tier: 2, daysLate: 60 }],
  ['a day past three times', at(91), { amount: 90, tier: 3, daysLate: 61 }],
  ['a year late', at(365), { amount: 90, tier: 3, daysLate: 335 }],
])('it-2026 complaint answered %s', (_name, answeredAt, expected) => {
  expect(lateAnswerIndemnity({ category: 'complaint', dueAt: due, answeredAt }, PRESETS['it-2026'])).toEqual(expected);
});

test('only the categories of the rule: an information request late is not indemnified', () => {
  expect(lateAnswerIndemnity({ category: 'information_request', dueAt: due, answeredAt: at(200) }, PRESETS['it-2026'])).toBeNull();
});

test.each(['seed-2014', 'ru'] as const)('%s has no automatic indemnity', (id) => {
  expect(lateAnswerIndemnity({ category: 'complaint', dueAt: due, answeredAt: at(200) }, PRESETS[id])).toBeNull();
});
