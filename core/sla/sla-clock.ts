// The SLA clock of a ticket, as pure rules: which deadlines a new ticket gets, where each
// stands at `now`, and which state is due to be recorded (each state once per ticket and
// deadline). One clock per kind of work: a live contact (call, chat, desk) has a first-response
// deadline in seconds, by channel; every ticket has the regulatory answer deadline of its
// category (calendar days, working days or hours, as the rule set says) — the only clock of a
// deferred contact (SMS, e-mail, form, IVR request). A registered letter has the rule set's
// letter deadline, counted from the day it was received.
import { isLiveChannel } from '../../wire';
import { deadlineAfter } from '../rules/deadline';
import type { RuleSet } from '../rules/presets';

export type SlaState = 'ok' | 'warning' | 'breached';
export type Deadline = 'first_response' | 'resolution';

export interface SlaTicket {
  channel?: string | null;
  status?: string | null;
  createdAt?: Date | null;
  queuedAt?: Date | null;
  firstResponseAt?: Date | null;
  sla?: {
    firstResponseDueAt?: Date | null;
    firstResponseWarnedAt?: Date | null;
    firstResponseBreachedAt?: Date | null;
    resolutionDueAt?: Date | null;
    warnedAt?: Date | null;
    breachedAt?: Date | null;
  } | null;
}

export interface SlaClockOptions {
  /** First response: a warning once this share of the time from creation to due has passed. */
  warnFraction: number;
  /** Written answer: escalated to supervisors this many days before its deadline (the rule set's). */
  escalateDaysBefore: number;
}

/** Where each deadline's marks are kept on the ticket; a set mark means that state was announced. */
export const SLA_MARKS = {
  first_response: { warning: 'sla.firstResponseWarnedAt', breached: 'sla.firstResponseBreachedAt' },
  resolution: { warning: 'sla.warnedAt', breached: 'sla.breachedAt' },
} as const;

export interface SlaDeadlineOptions {
  /** Local time zone of the working-day calendar (config TIMEZONE). */
  timeZone: string;
  /** Someone is waiting now; by default the channel decides (a request the IVR took down is voice, not live). */
  live?: boolean;
  /** A postal letter or certified e-mail registered by the back office: the rule set's letter deadline. */
  letter?: boolean;
  /** The answer deadline already counted on the queue's open time (a deadline in hours: core/opening). */
  resolutionDueAt?: Date;
}

/** The deadlines of a ticket received at `now` (set once, when it opens). */
export function slaDeadlines(
  channel: string,
  category: keyof RuleSet['categories'],
  rules: Pick<RuleSet, 'categories' | 'firstResponseSeconds' | 'letters' | 'dunning'>,
  now: Date,
  opts: SlaDeadlineOptions,
): { firstResponseDueAt?: Date; resolutionDueAt: Date } {
  const rule = (opts.letter && rules.letters) || rules.categories[category];
  const resolutionDueAt = opts.resolutionDueAt ?? deadlineAfter(now, rule, rules.dunning.country, opts.timeZone);
  const live = opts.live ?? isLiveChannel(channel);
  if (!live || !isLiveChannel(channel)) return { resolutionDueAt };
  const seconds = rules.firstResponseSeconds[channel];
  // No first-response target in the rule set (ru voice: no federal number): only the answer deadline.
  if (seconds == null) return { resolutionDueAt };
  return { firstResponseDueAt: new Date(now.getTime() + seconds * 1000), resolutionDueAt };
}

/** First response: a warning at `warnFraction` of the way from start to due, a breach from the due instant on. */
export function firstResponseState(start: Date, dueAt: Date, now: Date, warnFraction: number): SlaState {
  const total = dueAt.getTime() - start.getTime();
  if (now.getTime() >= dueAt.getTime()) return 'breached';
  if (total > 0 && now.getTime() - start.getTime() >= total * warnFraction) return 'warning';
  return 'ok';
}

/** Written answer: escalated `escalateDaysBefore` the deadline; a breach only once the deadline instant has passed. */
export function resolutionState(dueAt: Date, now: Date, escalateDaysBefore: number): SlaState {
  if (now.getTime() > dueAt.getTime()) return 'breached';
  if (now.getTime() >= dueAt.getTime() - escalateDaysBefore * 86_400_000) return 'warning';
  return 'ok';
}

const isClosed = (t: SlaTicket) => t.status === 'resolved' || t.status === 'closed';

/**
 * The state of one deadline that is due to be recorded now, or null: the deadline is met
 * (or not set), nothing is near, or this state was recorded already. A deadline already
 * passed is a breach, never a late warning.
 */
export function slaDue(
  t: SlaTicket,
  deadline: Deadline,
  now: Date,
  opts: SlaClockOptions,
): { state: 'warning' | 'breached'; dueAt: Date } | null {
  let state: SlaState;
  let dueAt: Date;
  if (deadline === 'first_response') {
    // Reading rule for tickets stored before deferred contacts lost their seconds clock: a
    // first-response deadline counts on live channels only (channel unknown: as stored).
    if (t.channel && !isLiveChannel(t.channel)) return null;
    if (!t.sla?.firstResponseDueAt || t.firstResponseAt || isClosed(t)) return null;
    dueAt = new Date(t.sla.firstResponseDueAt);
    state = firstResponseState(new Date(t.createdAt ?? t.queuedAt ?? now), dueAt, now, opts.warnFraction);
  } else {
    if (!t.sla?.resolutionDueAt || isClosed(t)) return null;
    dueAt = new Date(t.sla.resolutionDueAt);
    state = resolutionState(dueAt, now, opts.escalateDaysBefore);
  }
  if (state === 'ok') return null;
  const mark = SLA_MARKS[deadline][state].slice('sla.'.length) as keyof NonNullable<SlaTicket['sla']>;
  return t.sla[mark] ? null : { state, dueAt };
}
