// The SLA clock of a ticket, as pure rules: where each of its two deadlines stands at `now`,
// and which state is due to be recorded (each state once per ticket and deadline).
// First response (chat/phone in seconds, e-mail in hours, by channel) and resolution (the
// regulatory written answer in calendar days, by category) are set by ingest on ticket.sla.

export type SlaState = 'ok' | 'warning' | 'breached';
export type Deadline = 'first_response' | 'resolution';

export interface SlaTicket {
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
