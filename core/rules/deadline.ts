// When a deadline of the rule set falls: N calendar days, N working days (the country's
// calendar: no weekends, no public holidays) or N hours after receipt. Pure.
import { DateTime } from 'luxon';
import { addDelay } from '../billing/calendar';
import type { DeadlineUnit } from './presets';

export interface DeadlineRule {
  answerDays: number;
  unit: DeadlineUnit;
}

/**
 * The instant a deadline counted from `from` falls. Calendar days and hours are exact
 * spans; working days land on the same local time of day of the N-th working day after
 * the day of receipt (received on a Saturday, the first working day is the Monday).
 */
export function deadlineAfter(from: Date, rule: DeadlineRule, country: string, timeZone: string): Date {
  if (rule.unit === 'hours') return new Date(from.getTime() + rule.answerDays * 3_600_000);
  if (rule.unit === 'calendar') return new Date(from.getTime() + rule.answerDays * 86_400_000);
  const received = DateTime.fromJSDate(from, { zone: timeZone });
  const day = DateTime.fromJSDate(addDelay(from, rule.answerDays, 'working', country, timeZone), { zone: timeZone });
  return day.set({ hour: received.hour, minute: received.minute, second: received.second, millisecond: received.millisecond }).toJSDate();
}

/**
 * A deadline as an approximate span, for figures that need one number per category (the
 * share of waiting work at risk, the console's countdown before a ticket has its own due
 * date): a working week is 5 of 7 days.
 */
export function nominalSeconds(rule: DeadlineRule): number {
  if (rule.unit === 'hours') return rule.answerDays * 3600;
  if (rule.unit === 'calendar') return rule.answerDays * 86_400;
  return Math.ceil((rule.answerDays * 7) / 5) * 86_400;
}

/** "14 working days", "4 hours": how the rule book and the answers to customers name a deadline. */
export function describeDeadline(rule: DeadlineRule): string {
  const unit = rule.unit === 'hours' ? 'hour' : rule.unit === 'working' ? 'working day' : 'calendar day';
  return `${rule.answerDays} ${unit}${rule.answerDays === 1 ? '' : 's'}`;
}
