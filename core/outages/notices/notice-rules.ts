// The pure rules of outage notices: when one may go out (a safety notice, not marketing: the
// rule set's notice hours, every day, holidays included; an urgent outage at any hour; e-mail
// at any hour), and the order recipients are served in.
import { isOpen, nextOpening, parseBusinessHours, type WeeklyHours } from '../../business-hours';
import type { ReminderChannel, RuleSet } from '../../rules/presets';

const parsed = new Map<string, WeeklyHours>();
function hours(spec: string): WeeklyHours {
  let h = parsed.get(spec);
  if (!h) {
    h = parseBusinessHours(spec);
    parsed.set(spec, h);
  }
  return h;
}

/** Null = it may go now; otherwise the next instant it may (SMS and calls outside the notice hours of a non-urgent outage). */
export function noticeQuietUntil(
  channel: ReminderChannel | 'web',
  rules: Pick<RuleSet, 'outages'>,
  now: Date,
  timeZone: string,
  urgent: boolean,
): Date | null {
  if (urgent || channel === 'email' || channel === 'web') return null;
  const week = hours(rules.outages.noticeHours);
  if (isOpen(week, now, timeZone)) return null;
  return nextOpening(week, now, timeZone) ?? new Date(now.getTime() + 86_400_000);
}

export interface Recipient {
  /** "a<account>", "t<ticket>" or "p<phone>" (models/outage-notice.ts). */
  key: string;
  accountNumber?: string;
  ticketId?: string;
  phone?: string;
  /** The customer's vulnerability flags (core/protection/flagged-customers.ts): life support or medical, or another kind. */
  protection?: 'essential' | 'flagged';
}

/**
 * The order notices are sent in (lower first): a recipient's `order` on its notice row.
 * Protected customers first — life support and medical equipment, then the other flags
 * (docs/rules.md, "Protected customers") — whether they wrote to us or not; then the linked
 * contacts (they wrote to us), then the area's other customers.
 */
export function noticeOrder(r: Recipient): number {
  if (r.protection === 'essential') return 0;
  if (r.protection === 'flagged') return 1;
  if (r.ticketId) return 2;
  return 3;
}
