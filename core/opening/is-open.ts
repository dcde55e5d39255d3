// Whether a queue is open at an instant, as pure rules: its weekly hours (the queue's own, or
// the call centre's CALL_CENTRE_HOURS), the country's public holidays when the rule set says
// the call centre closes on them (never for a line open round the clock: a 24/7 hotline is
// open on Christmas Day), and the exceptional closures an admin set for it or for every queue.
import { isOpen, parseBusinessHours, type WeeklyHours } from '../business-hours';
import { isPublicHoliday } from '../billing/calendar';
import type { RuleSet } from '../rules/presets';
import type { Language } from '../../wire';

/** "*" closes every queue. */
export const ALL_QUEUES = '*';

export interface ClosureRule {
  id: string;
  queue: string;
  from: Date;
  to: Date;
  reason: string;
  message?: Partial<Record<Language, string | null | undefined>> | null;
}

export interface QueueSchedule {
  queue: string;
  /** The queue's own hours ("" = the default hours). */
  businessHours?: string | null;
}

export type Opening =
  { open: true } | { open: false; why: 'hours' | 'holiday'; ownHours: boolean } | { open: false; why: 'closure'; closure: ClosureRule };

const parsed = new Map<string, WeeklyHours>();
/** Parsed hours, memoised: the same few strings are read on every call. */
export function weeklyHours(spec: string): WeeklyHours {
  let hours = parsed.get(spec);
  if (!hours) {
    hours = parseBusinessHours(spec);
    if (parsed.size > 200) parsed.clear();
    parsed.set(spec, hours);
  }
  return hours;
}

const roundTheClock = (hours: WeeklyHours) => hours.every((day) => day.some((i) => i.start === 0 && i.end === 1440));

/** The closure in force for this queue at `at`, if any (the one ending last when several overlap). */
export function closureAt(queue: string, closures: readonly ClosureRule[], at: Date): ClosureRule | null {
  let found: ClosureRule | null = null;
  for (const c of closures) {
    if (c.queue !== queue && c.queue !== ALL_QUEUES) continue;
    if (at.getTime() < c.from.getTime() || at.getTime() >= c.to.getTime()) continue;
    if (!found || c.to.getTime() > found.to.getTime()) found = c;
  }
  return found;
}

/**
 * Is `queue` open at `at`? `defaultHours` is what a queue without its own hours follows: the
 * call centre's hours for callers, the rule set's callback hours for calls we place.
 */
export function queueOpening(
  queue: QueueSchedule,
  closures: readonly ClosureRule[],
  rules: Pick<RuleSet, 'callCentre' | 'dunning'>,
  at: Date,
  opts: { defaultHours: string; timeZone: string },
): Opening {
  const closure = closureAt(queue.queue, closures, at);
  if (closure) return { open: false, why: 'closure', closure };
  const ownHours = !!queue.businessHours?.trim();
  const hours = weeklyHours(ownHours ? (queue.businessHours as string) : opts.defaultHours);
  if (!isOpen(hours, at, opts.timeZone)) return { open: false, why: 'hours', ownHours };
  if (rules.callCentre.closedOnHolidays && !roundTheClock(hours) && isPublicHoliday(at, rules.dunning.country, opts.timeZone))
    return { open: false, why: 'holiday', ownHours };
  return { open: true };
}
