import { ALL, bucketUpdates, buildDocs, type DayDoc } from '../../core/stats/buckets';
import { incrementsFor, openPresenceCounters, type ReportingEventLike } from '../../core/stats/counters';

const at = new Date('2026-03-10T09:07:00Z');
const base = { at, queue: 'phone', channel: 'voice' };

describe('counters of one reporting event', () => {
  test.each<[string, Partial<ReportingEventLike>, Record<string, number>]>([
    ['offered', { name: 'offered', language: 'ru' }, { offered: 1, lang_ru_offered: 1 }],
    ['answered in SL', { name: 'answered', value: 12, slSeconds: 20 }, { answered: 1, waitSum: 12, 'h.2': 1, answeredInSl: 1 }],
    [
      'answered call with IVR',
      { name: 'answered', value: 30, valueWithIvr: 75, slSeconds: 20 },
      { answered: 1, waitSum: 30, 'h.5': 1, tmaN: 1, tmaAnswered: 1, tmaSum: 30, tmaIvrSum: 75 },
    ],
    ['long walk-in wait', { name: 'answered', channel: 'walk_in', value: 2700 }, { answered: 1, waitSum: 2700, 'h.18': 1, longWait: 1 }],
    [
      'short abandon',
      { name: 'abandoned', value: 3, valueWithIvr: 40 },
      { abandoned: 1, shortAbandoned: 1, tmaN: 1, tmaAbandoned: 1, tmaSum: 3, tmaIvrSum: 40 },
    ],
    ['abandon', { name: 'abandoned', value: 90 }, { abandoned: 1, tmaN: 1, tmaAbandoned: 1, tmaSum: 90, tmaIvrSum: 90 }],
    ['agent requested within 2 choices', { name: 'agent_requested', ivrChoices: 2 }, { agentRequested: 1, ivrWithin: 1 }],
    ['agent requested after 3 choices', { name: 'agent_requested', ivrChoices: 3 }, { agentRequested: 1 }],
    [
      'agent requested while the queue was closed: not in LS',
      { name: 'agent_requested_closed', ivrChoices: 2 },
      { agentRequestedClosed: 1 },
    ],
    [
      'written complaint in time',
      {
        name: 'resolved',
        channel: 'email',
        category: 'complaint',
        value: 86400 * 3,
        slSeconds: 86400 * 40,
        service: 'gas',
        firstContact: true,
        handleSeconds: 600,
      },
      {
        resolved: 1,
        fcr: 1,
        handleN: 1,
        handleSum: 600,
        complaint_n: 1,
        complaint_s: 259200,
        complaint_in: 1,
        svc_gas_n: 1,
        svc_gas_s: 259200,
      },
    ],
    ['phone complaint is not a written one', { name: 'resolved', category: 'complaint', value: 100, firstContact: false }, { resolved: 1 }],
    ['reading held', { name: 'reading', channel: 'sms', state: 'held' }, { readings: 1, readingsHeld: 1 }],
    ['survey', { name: 'survey', score: 4 }, { csatN: 1, csatSum: 4, csatPos: 1 }],
    ['first response', { name: 'first_response', value: 50 }, { frN: 1, frSum: 50 }],
    ['transfer', { name: 'transferred' }, { transfers: 1 }],
    ['handled call', { name: 'handled', value: 200 }, { handleN: 1, handleSum: 200 }],
  ])('%s', (_what, ev, counters) => {
    const incs = incrementsFor({ ...base, ...ev } as ReportingEventLike);
    expect(incs).toHaveLength(1);
    expect(incs[0]!.counters).toEqual(counters);
  });

  test('presence seconds are spread over the quarter-hours the state covered', () => {
    const incs = incrementsFor({
      name: 'presence',
      at: new Date('2026-03-10T09:10:00Z'),
      queue: '*',
      channel: '*',
      state: 'available',
      value: 1200,
    });
    expect(incs.map((i) => [i.at.toISOString(), i.counters])).toEqual([
      ['2026-03-10T09:10:00.000Z', { loggedInS: 300, availableS: 300 }],
      ['2026-03-10T09:15:00.000Z', { loggedInS: 900, availableS: 900 }],
    ]);
    expect(incrementsFor({ name: 'presence', at, queue: '*', channel: '*', state: 'offline', value: 100 })).toEqual([]);
  });

  test('time on a call while "available" is logged in but not a free line', () => {
    const incs = incrementsFor({ name: 'presence', at, queue: '*', channel: '*', state: 'on_call', value: 10 });
    expect(incs.map((i) => i.counters)).toEqual([{ loggedInS: 10, onCallS: 10 }]);
  });

  test('states still running count from their start (or the window start) up to now, never past the window', () => {
    const t = (hms: string) => new Date(`2026-03-10T${hms}Z`);
    const marks = [
      { state: 'available', since: t('08:00:00') },
      { state: 'on_call', since: t('09:00:00') },
      { state: 'offline', since: t('07:00:00') },
      { state: 'busy', since: t('10:00:00') },
    ];
    expect(openPresenceCounters(marks, t('08:30:00'), t('09:30:00'), t('09:10:00'))).toEqual({
      loggedInS: 40 * 60 + 10 * 60,
      availableS: 40 * 60,
      onCallS: 10 * 60,
    });
    expect(openPresenceCounters(marks, t('08:30:00'), t('08:45:00'), t('09:10:00'))).toEqual({ loggedInS: 900, availableS: 900 });
    expect(openPresenceCounters(marks, t('06:00:00'), t('07:00:00'), t('09:10:00'))).toEqual({});
  });
});

/** What MongoDB's `$inc` with dotted paths does to a document, for comparing both write paths. */
function applyInc(doc: Record<string, any>, inc: Record<string, number>): void {
  for (const [path, v] of Object.entries(inc)) {
    const parts = path.split('.');
    let o = doc;
    for (const p of parts.slice(0, -1)) o = o[p] ??= {};
    const last = parts[parts.length - 1]!;
    o[last] = (o[last] ?? 0) + v;
  }
}

test('the $inc updates and the rebuilt documents agree, in every view', () => {
  const events: ReportingEventLike[] = [
    { name: 'offered', at: new Date('2026-03-28T22:50:00Z'), queue: 'chat', channel: 'sms' },
    { name: 'answered', at: new Date('2026-03-28T23:05:00Z'), queue: 'chat', channel: 'sms', value: 900, slSeconds: 60 },
    {
      name: 'answered',
      at: new Date('2026-03-29T01:10:00Z'),
      queue: 'phone',
      channel: 'voice',
      value: 15,
      valueWithIvr: 40,
      slSeconds: 20,
    },
    { name: 'presence', at: new Date('2026-03-28T22:55:00Z'), queue: '*', channel: '*', state: 'busy', value: 900 },
  ];
  const incs = events.flatMap((e) => incrementsFor(e));
  const tz = 'Europe/Rome';
  const { days, months } = buildDocs(incs, tz);
  const fromUpdates = (updates: ReturnType<typeof bucketUpdates>['days']) => {
    const m = new Map<string, Record<string, any>>();
    for (const u of updates) {
      const d = m.get(u.id) ?? { _id: u.id, ...u.setOnInsert };
      applyInc(d, u.inc);
      m.set(u.id, d);
    }
    return m;
  };
  const upd = bucketUpdates(incs, tz);
  expect(Object.fromEntries(fromUpdates(upd.days))).toEqual(Object.fromEntries([...days].map(([k, v]) => [k, { ...v, i: v.i }])));
  expect(Object.fromEntries(fromUpdates(upd.months))).toEqual(Object.fromEntries(months));

  // The sms answer at 00:05 local on the DST day lands in slot 0 of 29 March, the offer on 28 March.
  const day29 = days.get(`chat:sms:2026-03-28T23:00:00.000Z`) as DayDoc;
  expect(day29.i['0']).toMatchObject({ answered: 1, waitSum: 900 });
  expect(days.get(`${ALL}:${ALL}:2026-03-27T23:00:00.000Z`)?.t).toMatchObject({ offered: 1, busyS: 300 });
  // 03:10 CEST is slot 8 of a day whose 02:00–03:00 does not exist.
  expect(days.get(`phone:voice:2026-03-28T23:00:00.000Z`)?.i['8']).toMatchObject({ answered: 1, tmaIvrSum: 40 });
  expect(months.get(`${ALL}:${ALL}:2026-02-28T23:00:00.000Z/P1M`)?.t).toMatchObject({ offered: 1, answered: 2, loggedInS: 900 });
});
