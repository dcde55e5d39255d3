// "Is this queue open at t": the queue's own hours or the call centre's, the country's public
// holidays when the rule set closes on them (never on a 24/7 line), and admins' closures.
import { closureAt, queueOpening, type ClosureRule } from '../../core/opening/is-open';
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
