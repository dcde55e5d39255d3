// Whether a queue is open at an instant, as pure rules: its weekly hours (the queue's own, or
// the call centre's CALL_CENTRE_HOURS), the country's public holidays when the rule set says
// the call centre closes on them (never for a line open round the clock: a 24/7 hotline is
// open on Christmas Day), and the exceptional closures an admin set for it or for every queue.
import { DateTime } from 'luxon';
import { isOpen, nextOpening, parseBusinessHours, type WeeklyHours } from '../business-hours';
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

/** How far the open-time walk looks ahead; a queue closed for longer gets the wall-clock deadline. */
const OPEN_TIME_HORIZON_MS = 31 * 86_400_000;
const MINUTE = 60_000;

/**
 * The instant when `ms` of the queue's open time has passed since `from` (the SLA clock of a
 * deadline in hours counts only while the queue is open). Walks the open minutes and jumps over
 * closed stretches; beyond a month of closure it falls back to wall-clock time.
 */
export function afterOpenTime(
  queue: QueueSchedule,
  closures: readonly ClosureRule[],
  rules: Pick<RuleSet, 'callCentre' | 'dunning'>,
  from: Date,
  ms: number,
  opts: { defaultHours: string; timeZone: string },
): Date {
  let left = ms;
  let t = from.getTime();
  const end = t + OPEN_TIME_HORIZON_MS;
  const hours = weeklyHours(queue.businessHours?.trim() ? queue.businessHours : opts.defaultHours);
  while (left > 0) {
    if (t >= end) return new Date(from.getTime() + ms);
    const opening = queueOpening(queue, closures, rules, new Date(t), opts);
    if (opening.open) {
      const step = Math.min(MINUTE - (t % MINUTE), left);
      left -= step;
      t += step;
    } else if (opening.why === 'closure') t = opening.closure.to.getTime();
    else if (opening.why === 'holiday') t = DateTime.fromMillis(t, { zone: opts.timeZone }).plus({ days: 1 }).startOf('day').toMillis();
    else {
      const next = nextOpening(hours, new Date(t), opts.timeZone);
      if (!next) return new Date(from.getTime() + ms);
      t = Math.max(next.getTime(), t + 1);
    }
  }
  return new Date(t);
}
