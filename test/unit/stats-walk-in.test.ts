// Walk-in figures from the visits' reporting events: a no-show is not served (its wait is in no
// average, it is counted apart), and a wait is long only when it is over the threshold — 40
// minutes exactly is not, 40 minutes and one second is.
import { addToSlot, type Slot } from '../../core/stats/buckets';
import { incrementsFor, type ReportingEventLike } from '../../core/stats/counters';
import { regulatoryOf } from '../../core/stats/kpi';
import { walkInFiguresOf } from '../../core/stats/walk-in';

const at = new Date('2026-11-24T09:00:00Z');
const LONG = 40 * 60;
const ev = (name: string, office: string, service: string, more: Partial<ReportingEventLike> = {}): ReportingEventLike => ({
  name,
  at,
  queue: 'walk_in',
  channel: 'walk_in',
  office,
  service,
  ...more,
});

function slotOf(events: ReportingEventLike[]): Slot {
  const slot: Slot = {};
  for (const e of events) for (const i of incrementsFor(e)) addToSlot(slot, i.counters);
  return slot;
}

test('each kind of visit event adds its own counters', () => {
  expect(incrementsFor(ev('walkin_arrived', 'bo-centro', 'A'))[0]!.counters).toEqual({ 'wi_bo-centro_A_in': 1 });
  expect(incrementsFor(ev('walkin_called', 'bo-centro', 'A', { value: 60 }))[0]!.counters).toEqual({ 'wi_bo-centro_A_called': 1 });
  expect(incrementsFor(ev('walkin_no_show', 'bo-centro', 'B', { value: 4200 }))[0]!.counters).toEqual({
    'wi_bo-centro_B_x': 1,
    wiNoShow: 1,
  });
  expect(incrementsFor(ev('walkin_served', 'bo-centro', 'A', { value: 600, handleSeconds: 300, slSeconds: LONG }))[0]!.counters).toEqual({
    'wi_bo-centro_A_n': 1,
    'wi_bo-centro_A_w': 600,
    'wi_bo-centro_A_s': 300,
    wiServed: 1,
    wiWaitSum: 600,
    wiServiceSum: 300,
  });
  // An event without its office counts nothing rather than a nameless row.
  expect(incrementsFor({ name: 'walkin_served', at, queue: 'walk_in', channel: 'walk_in', value: 5 })).toEqual([]);
});

test.each([
  ['40 min exactly is not over 40 min', LONG, 0],
  ['40 min + 1 s is over', LONG + 1, 1],
])('%s', (_name, wait, long) => {
  const slot = slotOf([ev('walkin_served', 'bo-centro', 'A', { value: wait, slSeconds: LONG })]);
  expect(walkInFiguresOf(slot)[0]).toMatchObject({ served: 1, shareOverLongWait: long });
  expect(regulatoryOf({ all: {}, voice: {}, walkIn: slot, byChannel: {}, walkInLongWaitSeconds: LONG }, targets).walkIn).toMatchObject({
    served: 1,
    shareOver40Min: long,
  });
});

const targets = { averageWaitTargetSeconds: 240, serviceLevelTarget: 0.8, accessibilityTarget: 0.9 };

test('per office and service: waiting now, served, no-shows apart, waits of the served only', () => {
  const slot = slotOf([
    ev('walkin_arrived', 'bo-centro', 'A'),
    ev('walkin_arrived', 'bo-centro', 'A'),
    ev('walkin_arrived', 'bo-centro', 'A'),
    ev('walkin_arrived', 'bo-centro', 'B'),
    ev('walkin_arrived', 'mo-nord', 'A'),
    ev('walkin_called', 'bo-centro', 'A'),
    ev('walkin_called', 'bo-centro', 'A'),
    ev('walkin_called', 'bo-centro', 'B'),
    ev('walkin_served', 'bo-centro', 'A', { value: 600, handleSeconds: 300, slSeconds: LONG }),
    ev('walkin_served', 'bo-centro', 'A', { value: 3000, handleSeconds: 100, slSeconds: LONG }),
    ev('walkin_no_show', 'bo-centro', 'B', { value: 4200 }),
  ]);
  expect(walkInFiguresOf(slot)).toEqual([
    {
      office: 'bo-centro',
      service: 'A',
      waiting: 1,
      served: 2,
      noShows: 0,
      avgWaitSeconds: 1800,
      shareOverLongWait: 0.5,
      avgServiceSeconds: 200,
    },
    {
      office: 'bo-centro',
      service: 'B',
      waiting: 0,
      served: 0,
      noShows: 1,
      avgWaitSeconds: null,
      shareOverLongWait: null,
      avgServiceSeconds: null,
    },
    {
      office: 'mo-nord',
      service: 'A',
      waiting: 1,
      served: 0,
      noShows: 0,
      avgWaitSeconds: null,
      shareOverLongWait: null,
      avgServiceSeconds: null,
    },
  ]);
  expect(walkInFiguresOf(slot, { byOffice: true }).map((r) => [r.office, r.service, r.waiting, r.served, r.noShows])).toEqual([
    ['bo-centro', '*', 1, 2, 1],
    ['mo-nord', '*', 1, 0, 0],
  ]);
  // The regulator counts the served only: the no-show's 70 minutes are in no average.
  expect(regulatoryOf({ all: {}, voice: {}, walkIn: slot, byChannel: {}, walkInLongWaitSeconds: LONG }, targets).walkIn).toMatchObject({
    served: 2,
    noShows: 1,
    avgWaitSeconds: 1800,
    shareOver40Min: 0.5,
    longWaitSeconds: LONG,
  });
});
