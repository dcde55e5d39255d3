import { DateTime } from 'luxon';
import { addDelay, isWorkingDay } from '../../core/billing/calendar';
import { dunningStage, nextDunningStep } from '../../core/billing/dunning';
import type { BillLike } from '../../core/billing/bill-like';
import { PRESETS, type RuleSet } from '../../core/rules/presets';

const TZ = 'Europe/Rome';
const seed = PRESETS['seed-2014'];
const it26 = PRESETS['it-2026'];
const ru = PRESETS.ru;
// Due Thursday 1 Oct 2026, local midnight.
const DUE = new Date('2026-09-30T22:00:00Z');
const at = (isoLocalDay: string, hour = 10) => new Date(`${isoLocalDay}T${String(hour - 2).padStart(2, '0')}:00:00Z`);

function bill(over: Partial<BillLike> = {}): BillLike {
  return { billNumber: 'B1', service: 'gas', amount: 120, paidAmount: 0, status: 'open', dueAt: DUE, dunning: { stage: 'none' }, ...over };
}
const opts = { timeZone: TZ };

describe('seed-2014 ladder: each stage on its day', () => {
  test.each<[string, string, Partial<BillLike>, string | null]>([
    ['27 days before: nothing yet', '2026-09-27', {}, null],
    ['3 days before: due soon', '2026-09-28', {}, 'due_soon'],
    ['on the due day: still due soon', '2026-10-01', {}, 'due_soon'],
    ['due soon already sent: nothing until D+20', '2026-10-20', { dunning: { stage: 'due_soon', stageAt: at('2026-09-28') } }, null],
    [
      'D+20: first reminder (debt under €250)',
      '2026-10-21',
      { dunning: { stage: 'due_soon', stageAt: at('2026-09-28') } },
      'first_reminder',
    ],
    ['D+20 with €250 owed: no first reminder', '2026-10-21', { amount: 250 }, null],
    ['D+20 with €249.99 owed: first reminder', '2026-10-21', { amount: 249.99 }, 'first_reminder'],
    ['D+40 with €250 owed: formal notice', '2026-11-10', { amount: 250 }, 'formal_notice'],
    ['D+39 after the first reminder: not yet', '2026-11-09', { dunning: { stage: 'first_reminder', stageAt: at('2026-10-21') } }, null],
    [
      'D+40 after the first reminder: formal notice',
      '2026-11-10',
      { dunning: { stage: 'first_reminder', stageAt: at('2026-10-21') } },
      'formal_notice',
    ],
    [
      'late first reminder: notice ≥ 20 days after it',
      '2026-11-10',
      { dunning: { stage: 'first_reminder', stageAt: at('2026-11-01') } },
      null,
    ],
    [
      'late first reminder: notice on day +20',
      '2026-11-21',
      { dunning: { stage: 'first_reminder', stageAt: at('2026-11-01') } },
      'formal_notice',
    ],
    ['3 months less a day: no suspension yet', '2026-12-31', { dunning: { stage: 'formal_notice', stageAt: at('2026-11-10') } }, null],
    [
      '3 months after due: suspension eligible',
      '2027-01-01',
      { dunning: { stage: 'formal_notice', stageAt: at('2026-11-10') } },
      'suspension_eligible',
    ],
    ['ladder complete', '2027-06-01', { dunning: { stage: 'suspension_eligible', stageAt: at('2027-01-01') } }, null],
    ['paid: nothing', '2026-10-21', { paidAmount: 120 }, null],
    ['disputed: nothing', '2026-10-21', { disputed: true }, null],
    [
      'instalment plan: nothing',
      '2026-10-21',
      { instalmentPlan: { status: 'active', instalments: [{ dueAt: new Date('2026-10-30T23:00:00Z'), amount: 40 }] } },
      null,
    ],
    [
      'missed instalment: the ladder resumes',
      '2026-11-21',
      { instalmentPlan: { status: 'active', instalments: [{ dueAt: new Date('2026-10-30T23:00:00Z'), amount: 40 }] } },
      'first_reminder',
    ],
    [
      'deferral running: nothing',
      '2026-10-21',
      { deferral: { requestedAt: at('2026-09-20'), newDueAt: new Date('2026-10-19T22:00:00Z') } },
      null,
    ],
    [
      'deferral: ladder counts from the new due date',
      '2026-11-09',
      { dunning: { stage: 'due_soon' }, deferral: { requestedAt: at('2026-09-20'), newDueAt: new Date('2026-10-19T22:00:00Z') } },
      'first_reminder',
    ],
  ])('%s', (_name, day, over, expected) => {
    expect(dunningStage(bill(over), seed, at(day), opts)).toBe(expected);
  });

  test('the hour of the run does not move the day (00:30 and 23:30 local)', () => {
    const b = bill({ dunning: { stage: 'due_soon' } });
    expect(dunningStage(b, seed, new Date('2026-10-20T22:30:00Z'), opts)).toBe('first_reminder');
    expect(dunningStage(b, seed, new Date('2026-10-20T21:30:00Z'), opts)).toBeNull();
  });

  test('a contract dispute pauses the ladder', () => {
    expect(nextDunningStep(bill(), seed, at('2026-10-21'), { ...opts, contractDisputed: true })).toEqual({
      kind: 'paused',
      reason: 'disputed',
    });
  });

  test('the moratorium holds every step that leads to disconnection, not the courtesy reminder', () => {
    const moratorium: RuleSet = { ...seed, dunning: { ...seed.dunning, moratorium: true } };
    expect(dunningStage(bill({ dunning: { stage: 'due_soon' } }), moratorium, at('2026-10-21'), opts)).toBe('first_reminder');
    expect(
      nextDunningStep(bill({ dunning: { stage: 'first_reminder', stageAt: at('2026-10-21') } }), moratorium, at('2026-11-10'), opts),
    ).toMatchObject({ kind: 'held', stage: 'formal_notice', reason: 'moratorium' });
  });

  test('waiting says which stage comes next and when', () => {
    expect(nextDunningStep(bill({ dunning: { stage: 'due_soon' } }), seed, at('2026-10-05'), opts)).toEqual({
      kind: 'wait',
      stage: 'first_reminder',
      at: new Date('2026-10-20T22:00:00Z'),
    });
  });
});

describe('it-2026: power reduction in working days, electricity only', () => {
  // Formal notice sent Tue 10 Nov 2026: +25 days = Sat 5 Dec; +3 working days skips Sun 6, Tue 8 Dec (Immacolata) → Mon 7, Wed 9, Thu 10.
  const notice = { dunning: { stage: 'formal_notice', stageAt: at('2026-11-10') }, service: 'electricity' };
  test.each<[string, string, string | null]>([
    ['Wed 9 Dec: not yet', '2026-12-09', null],
    ['Thu 10 Dec: power reduction', '2026-12-10', 'power_reduction'],
  ])('%s', (_n, day, expected) => {
    expect(dunningStage(bill(notice), it26, at(day), opts)).toBe(expected);
  });
  test('suspension 15 days after the reduction (electricity), 40 days after the notice for gas', () => {
    const reduced = bill({ service: 'electricity', dunning: { stage: 'power_reduction', stageAt: at('2026-12-10') } });
    expect(dunningStage(reduced, it26, at('2026-12-24'), opts)).toBeNull();
    expect(dunningStage(reduced, it26, at('2026-12-25'), opts)).toBe('suspension_eligible');
    const gas = bill({ service: 'gas', dunning: { stage: 'formal_notice', stageAt: at('2026-11-10') } });
    expect(dunningStage(gas, it26, at('2026-12-19'), opts)).toBeNull();
    expect(dunningStage(gas, it26, at('2026-12-20'), opts)).toBe('suspension_eligible');
  });
});

describe('ru: debtor after 2 months, 20 days after the warning was delivered', () => {
  const tzRu = { timeZone: 'Europe/Moscow' };
  const warned = { dunning: { stage: 'formal_notice', stageAt: at('2026-12-01') } };
  test.each<[string, string, Partial<BillLike>, Date | null, string | null]>([
    ['D+20: no first reminder in ru', '2026-10-21', { dunning: { stage: 'due_soon' } }, null, null],
    ['2 months less a day', '2026-11-30', { dunning: { stage: 'due_soon' } }, null, null],
    ['2 months: warning', '2026-12-01', { dunning: { stage: 'due_soon' } }, null, 'formal_notice'],
    ['delivered on the day, + 19 days', '2026-12-20', warned, at('2026-12-01'), null],
    ['delivered on the day, + 20 days: limitation', '2026-12-21', warned, at('2026-12-01'), 'power_reduction'],
    ['delivered 5 days later: still waiting on day +20', '2026-12-21', warned, at('2026-12-06'), null],
    ['delivered 5 days later: limitation 20 days after delivery', '2026-12-26', warned, at('2026-12-06'), 'power_reduction'],
    ['never delivered: no limitation', '2027-02-01', warned, null, null],
  ])('%s', (_n, day, over, deliveredAt, expected) => {
    expect(dunningStage(bill(over), ru, at(day), { ...tzRu, previousDeliveredAt: deliveredAt })).toBe(expected);
  });
  test('without proof of delivery the step says what it waits for', () => {
    expect(nextDunningStep(bill(warned), ru, at('2027-02-01'), tzRu)).toEqual({ kind: 'awaiting_delivery', stage: 'power_reduction' });
  });
});

describe('working-day calendar', () => {
  test.each<[string, string, number, string]>([
    ['IT', '2026-12-04', 1, '2026-12-07'], // Fri → Mon
    ['IT', '2026-12-07', 1, '2026-12-09'], // Mon → Wed (8 Dec is a holiday)
    ['IT', '2026-12-23', 2, '2026-12-28'], // 24 Thu, 25-26 holidays, 27 Sun → 28
    ['RU', '2026-12-30', 1, '2026-12-31'],
  ])('%s: %s + %d working days = %s', (country, from, n, expected) => {
    const d = addDelay(at(from), n, 'working', country, TZ);
    expect(d.toISOString()).toBe(DateTime.fromISO(expected, { zone: TZ }).toUTC().toISO());
  });
  test('holidays and weekends are not working days', () => {
    expect(isWorkingDay(at('2026-12-08'), 'IT', TZ)).toBe(false);
    expect(isWorkingDay(at('2026-12-05'), 'IT', TZ)).toBe(false);
    expect(isWorkingDay(at('2026-12-09'), 'IT', TZ)).toBe(true);
  });
});
