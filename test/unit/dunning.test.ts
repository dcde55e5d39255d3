import { DateTime } from 'luxon';
import { addDelay, isWorkingDay } from '../../core/billing/calendar';
import { dunningStage, nextDunningStep } from '../../core/billing/dunning';
import { supplyDebt } from '../../core/billing/supply-debt';
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

describe("it-2026: power reduction counted from the notice's receipt, in working days, electricity only", () => {
  // Formal notice sent Tue 10 Nov 2026, received (proof of delivery) Thu 12 Nov: its deadline is
  // +25 days = Mon 7 Dec; 3 working days after it skip Tue 8 Dec (Immacolata) → Wed 9, Thu 10, Fri 11.
  const notice = { dunning: { stage: 'formal_notice', stageAt: at('2026-11-10') }, service: 'electricity' };
  test.each<[string, string, Date | null, string | null]>([
    ['received 12 Nov, Thu 10 Dec: not yet', '2026-12-10', at('2026-11-12'), null],
    ['received 12 Nov, Fri 11 Dec: power reduction', '2026-12-11', at('2026-11-12'), 'power_reduction'],
    ['counted from sending it would be Thu 10 Dec: no longer', '2026-12-10', at('2026-11-10'), 'power_reduction'],
    ['never received: no power reduction', '2027-03-01', null, null],
  ])('%s', (_n, day, deliveredAt, expected) => {
    expect(dunningStage(bill(notice), it26, at(day), { ...opts, previousDeliveredAt: deliveredAt })).toBe(expected);
  });
  test('without proof of receipt the step says what it waits for', () => {
    expect(nextDunningStep(bill(notice), it26, at('2027-03-01'), opts)).toEqual({ kind: 'awaiting_delivery', stage: 'power_reduction' });
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

describe('ru: a debtor owes more than 2 months of charges; limitation 20 days after the warning was delivered', () => {
  const tzRu = { timeZone: 'Europe/Moscow' };
  const warned = { dunning: { stage: 'formal_notice', stageAt: at('2026-12-01') } };
  // The supply is billed €100 a month on average.
  const owing = (overdue: number) => ({ ...tzRu, supplyDebt: { overdue, averageMonthlyCharge: 100 } });
  test.each<[string, string, Partial<BillLike>, number, string | null]>([
    ['on the due day: not overdue yet', '2026-10-01', { dunning: { stage: 'due_soon' } }, 300, null],
    ['overdue, owing exactly 2 months (€200): not a debtor', '2026-10-02', { dunning: { stage: 'due_soon' } }, 200, null],
    ['overdue, owing €200.01: debtor, warning', '2026-10-02', { dunning: { stage: 'due_soon' } }, 200.01, 'formal_notice'],
    ['one old bill, a small debt (€120): no warning months later', '2027-03-01', { dunning: { stage: 'due_soon' } }, 120, null],
    ['no first reminder in ru', '2026-10-21', { dunning: { stage: 'due_soon' } }, 150, null],
  ])('%s', (_n, day, over, overdue, expected) => {
    expect(dunningStage(bill(over), ru, at(day), owing(overdue))).toBe(expected);
  });
  test.each<[string, string, Date | null, string | null]>([
    ['delivered on the day, + 19 days', '2026-12-20', at('2026-12-01'), null],
    ['delivered on the day, + 20 days: limitation', '2026-12-21', at('2026-12-01'), 'power_reduction'],
    ['delivered 5 days later: still waiting on day +20', '2026-12-21', at('2026-12-06'), null],
    ['delivered 5 days later: limitation 20 days after delivery', '2026-12-26', at('2026-12-06'), 'power_reduction'],
    ['never delivered: no limitation', '2027-02-01', null, null],
  ])('%s', (_n, day, deliveredAt, expected) => {
    expect(dunningStage(bill(warned), ru, at(day), { ...tzRu, previousDeliveredAt: deliveredAt })).toBe(expected);
  });
  test('without proof of delivery the step says what it waits for', () => {
    expect(nextDunningStep(bill(warned), ru, at('2027-02-01'), tzRu)).toEqual({ kind: 'awaiting_delivery', stage: 'power_reduction' });
  });
});

describe("seed-2014: the €250 of the first reminder is the supply's total overdue debt, not one bill", () => {
  const dueSoon = { dunning: { stage: 'due_soon', stageAt: at('2026-09-28') } };
  test.each<[string, number, string | null]>([
    ['supply owes €249.99 in all: first reminder', 249.99, 'first_reminder'],
    ['supply owes €250 in all: no first reminder', 250, null],
    ['this bill €120, another overdue €200 (€320): no first reminder', 320, null],
  ])('%s', (_n, overdue, expected) => {
    expect(dunningStage(bill(dueSoon), seed, at('2026-10-21'), { ...opts, supplyDebt: { overdue, averageMonthlyCharge: 120 } })).toBe(
      expected,
    );
  });
  test('supply owes €320: the formal notice still comes at D+40', () => {
    const debt = { overdue: 320, averageMonthlyCharge: 120 };
    expect(dunningStage(bill(dueSoon), seed, at('2026-11-10'), { ...opts, supplyDebt: debt })).toBe('formal_notice');
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

describe('the supply debt the ladder reads', () => {
  const b = (billNumber: string, dueDay: string, amount: number, over: Partial<BillLike> = {}): BillLike => ({
    billNumber,
    amount,
    paidAmount: 0,
    status: 'open',
    dueAt: at(dueDay, 3),
    ...over,
  });
  test('total overdue debt: every overdue open bill of the supply, less what was paid; not bills due today or later', () => {
    const bills = [
      b('B1', '2026-08-01', 100),
      b('B2', '2026-09-01', 100, { paidAmount: 40 }),
      b('B3', '2026-10-01', 100, { status: 'paid', paidAmount: 100 }),
      b('B4', '2026-10-20', 100),
      b('B5', '2026-07-01', 100, { status: 'cancelled' }),
    ];
    expect(supplyDebt(bills, at('2026-10-20'), TZ).overdue).toBe(160);
  });
  test('average monthly charge: monthly bills of €100 → €100; bimonthly bills of €200 → €100; one bill → its amount', () => {
    const monthly = ['2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01'].map((d, i) => b(`M${i}`, d, 100));
    expect(supplyDebt(monthly, at('2026-09-15'), TZ).averageMonthlyCharge).toBe(100);
    const bimonthly = ['2026-03-01', '2026-05-01', '2026-07-01', '2026-09-01'].map((d, i) => b(`T${i}`, d, 200));
    expect(supplyDebt(bimonthly, at('2026-09-15'), TZ).averageMonthlyCharge).toBe(100);
    expect(supplyDebt([b('O', '2026-09-01', 80)], at('2026-09-15'), TZ).averageMonthlyCharge).toBe(80);
    expect(supplyDebt([], at('2026-09-15'), TZ)).toEqual({ overdue: 0, averageMonthlyCharge: null });
  });
});
