// The delivery rules of reminders (and tariff notices, surveys): when a channel is quiet
// and until when, and which channels are tried in which order. Times are local (Rome).
import { DateTime } from 'luxon';
import type { OutboundChannel, OutboundRegistry } from '../../core/outbound';
import { channelOrder, quietUntil, reach, type Reachable } from '../../core/reminders/delivery-rules';
import { PRESETS, type ReminderChannel, type RuleSet } from '../../core/rules/presets';

const TZ = 'Europe/Rome';
const seed = PRESETS['seed-2014']; // sms mon-sat 08-20; voice mon-fri 09-20, sat 10-19; quiet on holidays (IT)
const local = (s: string) => DateTime.fromFormat(s, 'yyyy-MM-dd HH:mm', { zone: TZ }).toJSDate();
const withReminders = (over: Partial<RuleSet['reminders']>): RuleSet => ({ ...seed, reminders: { ...seed.reminders, ...over } });

describe('quietUntil', () => {
  test.each<[string, ReminderChannel, string, string | null]>([
    ['e-mail has no quiet hours, not even on a Sunday night', 'email', '2026-11-29 03:00', null],
    ['sms a minute before opening waits for it', 'sms', '2026-11-23 07:59', '2026-11-23 08:00'],
    ['sms at the opening minute goes now', 'sms', '2026-11-23 08:00', null],
    ['sms in the last open minute goes now', 'sms', '2026-11-23 19:59', null],
    ['sms at closing time waits for the next morning', 'sms', '2026-11-23 20:00', '2026-11-24 08:00'],
    ['sms on Saturday evening waits over Sunday', 'sms', '2026-11-28 21:00', '2026-11-30 08:00'],
    ['sms on Sunday waits for Monday', 'sms', '2026-11-29 12:00', '2026-11-30 08:00'],
    ['a call on Saturday morning waits for its later opening', 'voice', '2026-11-28 09:30', '2026-11-28 10:00'],
    ['a call on Saturday at 19:00 waits for Monday', 'voice', '2026-11-28 19:00', '2026-11-30 09:00'],
    ['a call on Friday evening waits for Saturday', 'voice', '2026-11-27 20:00', '2026-11-28 10:00'],
    ['sms in open hours of a public holiday (8 Dec) waits for the next day', 'sms', '2026-12-08 10:00', '2026-12-09 08:00'],
    ['sms the evening before a holiday skips it', 'sms', '2026-12-07 21:00', '2026-12-09 08:00'],
    ['Christmas, Santo Stefano and a Sunday in a row', 'sms', '2026-12-24 20:30', '2026-12-28 08:00'],
    ['across the change from summer time', 'sms', '2026-10-24 21:00', '2026-10-26 08:00'],
  ])('%s', (_name, channel, now, expected) => {
    expect(quietUntil(channel, seed, local(now), TZ)).toEqual(expected === null ? null : local(expected));
  });

  test('holidays count only when the rules say so', () => {
    expect(quietUntil('sms', withReminders({ quietOnHolidays: false }), local('2026-12-08 10:00'), TZ)).toBeNull();
  });

  test('always open except on holidays: the holiday ends at local midnight', () => {
    expect(quietUntil('sms', withReminders({ smsHours: '24/7' }), local('2026-12-08 10:00'), TZ)).toEqual(local('2026-12-09 00:00'));
  });

  test('a channel that never opens gives up fifteen days ahead', () => {
    const now = local('2026-11-23 10:00');
    expect(quietUntil('sms', withReminders({ smsHours: 'never' }), now, TZ)).toEqual(new Date(now.getTime() + 15 * 86_400_000));
  });
});

describe('channelOrder', () => {
  const all: ReminderChannel[] = ['sms', 'email', 'voice'];
  test.each<[string, string | null | undefined, ReminderChannel[], ReminderChannel[], ReminderChannel[]]>([
    ['preferred sms: the fallback order as is', 'sms', ['sms', 'email', 'voice'], all, ['sms', 'email', 'voice']],
    ['preferred e-mail comes first, no channel twice', 'email', ['sms', 'email', 'voice'], all, ['email', 'sms', 'voice']],
    ['preferred voice comes first', 'voice', ['sms', 'email', 'voice'], all, ['voice', 'sms', 'email']],
    ['no preference: the fallback order', null, ['sms', 'email', 'voice'], all, ['sms', 'email', 'voice']],
    ['undefined preference: the fallback order', undefined, ['email', 'sms'], all, ['email', 'sms']],
    ['an unknown preference is ignored', 'whatsapp', ['sms', 'email', 'voice'], all, ['sms', 'email', 'voice']],
    ['limited to the stage channels, preference included', 'voice', ['sms', 'email', 'voice'], ['email', 'sms'], ['sms', 'email']],
    ['a preference outside the fallback is still tried', 'voice', ['email'], all, ['voice', 'email']],
    ['a stage with no channels tries none', 'sms', ['sms', 'email', 'voice'], [], []],
  ])('%s', (_name, preferred, fallback, allowed, expected) => {
    expect(channelOrder(preferred, withReminders({ fallback }), allowed)).toEqual(expected);
  });
});

describe('reach', () => {
  const sender = { send: async () => ({ externalId: 'x' }) } as unknown as OutboundChannel;
  const all: OutboundRegistry = { sms: sender, email: sender, voice: sender };
  const anna: Reachable = { phones: ['+393331234567'], emails: ['anna@example.test'], consents: { sms: true, email: false } };
  test.each<[string, ReminderChannel, Reachable | null, OutboundRegistry, string | undefined, object]>([
    ['the first phone for SMS', 'sms', anna, all, undefined, { to: '+393331234567', sender }],
    ['the first phone for a call (no consent recorded = allowed)', 'voice', anna, all, undefined, { to: '+393331234567', sender }],
    ['no consent wins over an address', 'email', anna, all, undefined, { skip: 'consent' }],
    ['no address of that kind', 'email', { phones: ['+393331234567'] }, all, undefined, { skip: 'no_address' }],
    ['the fallback address when none is on record', 'email', { phones: [] }, all, 'x@example.test', { to: 'x@example.test', sender }],
    ['an address on record beats the fallback', 'sms', anna, all, '+390000000000', { to: '+393331234567', sender }],
    ['no customer: only the fallback', 'sms', null, all, '+390000000000', { to: '+390000000000', sender }],
    ['a channel nobody sends on', 'voice', anna, { sms: sender }, undefined, { skip: 'no_sender' }],
  ])('%s', (_name, channel, customer, outbound, fallbackTo, expected) => {
    expect(reach(channel, customer, outbound, fallbackTo)).toEqual(expected);
  });
});
