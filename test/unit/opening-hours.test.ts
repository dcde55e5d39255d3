// "Is this queue open at t": the queue's own hours or the call centre's, the country's public
// holidays when the rule set closes on them (never on a 24/7 line), and admins' closures.
import { afterOpenTime, closureAt, queueOpening, type ClosureRule } from '../../core/opening/is-open';
import { PRESETS } from '../../core/rules/presets';

const CALL_CENTRE = 'mon-fri 08:00-22:00; sat 08:00-18:00';
const rome = { defaultHours: CALL_CENTRE, timeZone: 'Europe/Rome' };
const IMMACOLATA_11 = new Date('2026-12-08T10:00:00Z'); // Tuesday 8 Dec 2026, 11:00 in Rome
const MONDAY_11 = new Date('2026-11-23T10:00:00Z');
const SUNDAY_11 = new Date('2026-11-22T10:00:00Z');
const phone = { queue: 'phone' };

describe('holidays, per rule set', () => {
  test('it-2026: a weekday public holiday closes a queue on the call-centre hours', () => {
    expect(queueOpening(phone, [], PRESETS['it-2026'], IMMACOLATA_11, rome)).toEqual({ open: false, why: 'holiday', ownHours: false });
    expect(queueOpening(phone, [], PRESETS['it-2026'], MONDAY_11, rome)).toEqual({ open: true });
  });
  test('a rule set with closedOnHolidays false keeps the queue open on it', () => {
    const rules = { ...PRESETS['it-2026'], callCentre: { closedOnHolidays: false } };
    expect(queueOpening(phone, [], rules, IMMACOLATA_11, rome)).toEqual({ open: true });
  });
  test('a 24/7 line is open on a public holiday', () => {
    expect(queueOpening({ queue: 'emergency', businessHours: '24/7' }, [], PRESETS['it-2026'], IMMACOLATA_11, rome)).toEqual({
      open: true,
    });
    // ru: callbacks follow the rule set's 24/7 callback hours, holidays included (4 Nov: Unity Day).
    const moscow = { defaultHours: PRESETS.ru.callbacks.hours, timeZone: 'Europe/Moscow' };
    expect(queueOpening(phone, [], PRESETS.ru, new Date('2026-11-04T09:00:00Z'), moscow)).toEqual({ open: true });
    expect(queueOpening(phone, [], PRESETS.ru, new Date('2026-11-04T09:00:00Z'), { ...moscow, defaultHours: CALL_CENTRE })).toMatchObject({
      open: false,
      why: 'holiday',
    });
  });
});

describe("a queue's own hours", () => {
  test('override the call-centre hours, both ways', () => {
    const sundays = { queue: 'phone', businessHours: 'sun 09:00-13:00' };
    expect(queueOpening(sundays, [], PRESETS['seed-2014'], SUNDAY_11, rome)).toEqual({ open: true });
    expect(queueOpening(sundays, [], PRESETS['seed-2014'], MONDAY_11, rome)).toEqual({ open: false, why: 'hours', ownHours: true });
    expect(queueOpening({ queue: 'phone', businessHours: '  ' }, [], PRESETS['seed-2014'], SUNDAY_11, rome)).toEqual({
      open: false,
      why: 'hours',
      ownHours: false,
    });
  });
});

describe('closures', () => {
  const strike: ClosureRule = {
    id: 'c1',
    queue: 'phone',
    from: new Date('2026-11-23T07:00:00Z'),
    to: new Date('2026-11-23T13:00:00Z'),
    reason: 'strike',
    message: { it: 'Sciopero.' },
  };
  const everything: ClosureRule = {
    ...strike,
    id: 'c2',
    queue: '*',
    from: new Date('2026-11-23T12:00:00Z'),
    to: new Date('2026-11-23T15:00:00Z'),
  };
  test('close their queue from `from` up to `to` (exclusive), even within hours; other queues stay open', () => {
    expect(queueOpening(phone, [strike], PRESETS['seed-2014'], MONDAY_11, rome)).toEqual({ open: false, why: 'closure', closure: strike });
    expect(queueOpening({ queue: 'chat' }, [strike], PRESETS['seed-2014'], MONDAY_11, rome)).toEqual({ open: true });
    expect(closureAt('phone', [strike], new Date('2026-11-23T06:59:59Z'))).toBeNull();
    expect(closureAt('phone', [strike], new Date('2026-11-23T13:00:00Z'))).toBeNull();
  });
  test('"*" closes every queue; when two overlap, the one ending last is reported', () => {
    expect(closureAt('chat', [strike, everything], new Date('2026-11-23T12:30:00Z'))).toBe(everything);
    expect(closureAt('phone', [strike, everything], new Date('2026-11-23T12:30:00Z'))).toBe(everything);
    expect(closureAt('phone', [strike, everything], new Date('2026-11-23T11:30:00Z'))).toBe(strike);
  });
});

describe('the SLA clock of a deadline in hours counts open time', () => {
  const FOUR_HOURS = 4 * 3_600_000;
  const weekdays = { queue: 'general', businessHours: 'mon-fri 08:00-22:00' };
  test('a request two hours before closing on Friday is due two hours after Monday opening', () => {
    const friday20 = new Date('2026-11-27T19:00:00Z'); // Friday 20:00 in Rome
    expect(afterOpenTime(weekdays, [], PRESETS['seed-2014'], friday20, FOUR_HOURS, rome).toISOString()).toBe('2026-11-30T09:00:00.000Z');
  });
  test('on a 24/7 line (ru callbacks) it is wall-clock time, holidays included', () => {
    const moscow = { defaultHours: PRESETS.ru.callbacks.hours, timeZone: 'Europe/Moscow' };
    const unityDay = new Date('2026-11-04T09:00:00Z');
    expect(afterOpenTime(phone, [], PRESETS.ru, unityDay, FOUR_HOURS, moscow).getTime() - unityDay.getTime()).toBe(FOUR_HOURS);
  });
  test('a closure pauses it; a queue never open falls back to wall-clock time', () => {
    const monday9 = new Date('2026-11-23T08:00:00Z');
    const meeting: ClosureRule = {
      id: 'm',
      queue: '*',
      from: new Date('2026-11-23T09:00:00Z'),
      to: new Date('2026-11-23T10:30:00Z'),
      reason: 'meeting',
    };
    expect(afterOpenTime(weekdays, [meeting], PRESETS['seed-2014'], monday9, FOUR_HOURS, rome).toISOString()).toBe(
      '2026-11-23T13:30:00.000Z',
    );
    expect(afterOpenTime({ queue: 'x', businessHours: 'never' }, [], PRESETS['seed-2014'], monday9, FOUR_HOURS, rome).getTime()).toBe(
      monday9.getTime() + FOUR_HOURS,
    );
  });
});
