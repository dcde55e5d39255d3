// Who a desk calls next: walk-ins by arrival, a booked visitor at their slot's start — before the
// walk-ins who arrived after it, after those who arrived before; early and nobody else waiting: served.
import { callOrder, slotsOfDay } from '../../core/walk-in/call-order';

const at = (hhmm: string) => new Date(`2026-11-24T${hhmm}:00Z`);
const walkIn = (name: string, arrived: string) => ({ name, arrivedAt: at(arrived) });
const booked = (name: string, arrived: string, slot: string) => ({ name, arrivedAt: at(arrived), bookedFor: at(slot) });
const order = (visits: Array<{ name: string; arrivedAt: Date; bookedFor?: Date }>, now: string) =>
  callOrder(visits, at(now)).map((v) => v.name);

test.each([
  ['walk-ins only: by arrival', [walkIn('w2', '09:10'), walkIn('w1', '09:05')], '09:30', ['w1', 'w2']],
  [
    'at the slot time the booked visitor goes before walk-ins who arrived later, after those who came before',
    [walkIn('early', '09:20'), walkIn('later', '09:31'), booked('b', '09:25', '09:30')],
    '09:35',
    ['early', 'b', 'later'],
  ],
  [
    'checked in late within the slot: still counted from the slot start',
    [walkIn('w', '09:32'), booked('b', '09:40', '09:30')],
    '09:41',
    ['b', 'w'],
  ],
  [
    'before the slot time a booked visitor waits behind every walk-in',
    [booked('b', '09:00', '10:00'), walkIn('w1', '09:05'), walkIn('w2', '09:10')],
    '09:30',
    ['w1', 'w2', 'b'],
  ],
  ['early, nobody else waiting: served rather than a desk idle', [booked('b', '09:00', '10:00')], '09:30', ['b']],
])('%s', (_name, visits, now, expected) => {
  expect(order(visits, now)).toEqual(expected);
});

test('slots come from the opening hours and the service’s length, none running past a closing', () => {
  // Tuesday in Rome: 08:30-12:00 and 14:00-15:00, 45-minute slots.
  const slots = slotsOfDay('mon-fri 08:30-12:00, 14:00-15:00', '2026-11-24', 45, 'Europe/Rome');
  expect(slots.map((s) => s.start.toISOString().slice(11, 16))).toEqual(['07:30', '08:15', '09:00', '09:45', '13:00']);
  expect(slots[0]!.end.getTime() - slots[0]!.start.getTime()).toBe(45 * 60_000);
  expect(slotsOfDay('mon-fri 08:30-12:00', '2026-11-29', 30, 'Europe/Rome')).toEqual([]); // Sunday
});
