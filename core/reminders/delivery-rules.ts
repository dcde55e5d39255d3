// The pure rules of when and where a message to a customer may go (reminders, tariff
// notices, surveys): quiet hours and public holidays per channel, and the channel order.
import { isOpen, nextOpening, parseBusinessHours, type WeeklyHours } from '../business-hours';
import { isPublicHoliday, localDay } from '../billing/calendar';
import type { OutboundChannel, OutboundRegistry } from '../outbound';
import type { ReminderChannel, RuleSet } from '../rules/presets';

/** How far ahead an opening is looked for before giving up on a quiet channel. */
const LOOKAHEAD_DAYS = 15;

const hoursCache = new Map<string, WeeklyHours>();
function hours(spec: string): WeeklyHours {
  let h = hoursCache.get(spec);
  if (!h) {
    h = parseBusinessHours(spec);
    hoursCache.set(spec, h);
  }
  return h;
}

/** When SMS / calls may go out; e-mail has no quiet hours. Null = allowed now. */
export function quietUntil(channel: ReminderChannel, rules: RuleSet, now: Date, timeZone: string): Date | null {
  if (channel === 'email') return null;
  const week = hours(channel === 'sms' ? rules.reminders.smsHours : rules.reminders.voiceHours);
  const holiday = (d: Date) => rules.reminders.quietOnHolidays && isPublicHoliday(d, rules.dunning.country, timeZone);
  if (isOpen(week, now, timeZone) && !holiday(now)) return null;
  const giveUp = new Date(now.getTime() + LOOKAHEAD_DAYS * 86_400_000);
  let at = now;
  for (let i = 0; i < LOOKAHEAD_DAYS; i++) {
    const open = nextOpening(week, at, timeZone);
    if (!open) return giveUp;
    if (!holiday(open)) return open;
    at = localDay(open, timeZone).plus({ days: 1 }).toJSDate();
  }
  return giveUp;
}

/** The channels to try, in order: the preferred one, then the fallback order, limited to the stage's channels. */
export function channelOrder(preferred: string | null | undefined, rules: RuleSet, allowed: ReminderChannel[]): ReminderChannel[] {
  const order = [preferred, ...rules.reminders.fallback].filter((c): c is ReminderChannel => c === 'sms' || c === 'email' || c === 'voice');
  return [...new Set(order)].filter((c) => allowed.includes(c));
}

/** The customer as far as reaching them goes: addresses and per-channel consent. */
export interface Reachable {
  phones?: string[] | null;
  emails?: string[] | null;
  consents?: Partial<Record<ReminderChannel, boolean | null>> | null;
}

/**
 * Whether `channel` reaches the customer now: the address and the sender to use, or why not
 * ('consent', 'no_address', 'no_sender', in that order). `fallbackTo` is used when the
 * customer has no address of that kind on record (a survey answers the ticket's sender).
 */
export function reach(
  channel: ReminderChannel,
  customer: Reachable | null,
  outbound: OutboundRegistry,
  fallbackTo?: string,
): { to: string; sender: OutboundChannel } | { skip: 'consent' | 'no_address' | 'no_sender' } {
  if (customer?.consents?.[channel] === false) return { skip: 'consent' };
  const to = (channel === 'email' ? customer?.emails?.[0] : customer?.phones?.[0]) ?? fallbackTo;
  if (!to) return { skip: 'no_address' };
  const sender = outbound[channel];
  if (!sender) return { skip: 'no_sender' };
  return { to, sender };
}
