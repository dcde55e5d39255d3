// The SLA clock of a ticket, as pure rules: where each deadline stands at `now`.
// First response (chat/phone in seconds, by channel) and resolution (regulatory written
// answer in calendar days, by category) are set by ingest on ticket.sla.

export type SlaState = 'ok' | 'warning' | 'breached';
export type Deadline = 'first_response' | 'resolution';

export interface SlaInput {
  createdAt: Date;
  firstResponseAt?: Date | null;
  resolvedAt?: Date | null;
  sla?: { firstResponseDueAt?: Date | null; resolutionDueAt?: Date | null } | null;
}

export interface DeadlineState {
  deadline: Deadline;
  dueAt: Date;
  state: SlaState;
  /** Seconds left (negative once breached). */
  secondsLeft: number;
}

/**
 * One deadline: a warning once `warnFraction` of the time from start to due has passed,
 * or `warnBeforeMs` before it (the rule set's escalateDaysBefore), whichever comes first.
 */
export function deadlineState(start: Date, dueAt: Date, now: Date, warnFraction: number, warnBeforeMs = 0): SlaState {
  const total = dueAt.getTime() - start.getTime();
  const elapsed = now.getTime() - start.getTime();
  if (now.getTime() >= dueAt.getTime()) return 'breached';
  if (total > 0 && elapsed >= total * warnFraction) return 'warning';
  if (warnBeforeMs > 0 && now.getTime() >= dueAt.getTime() - warnBeforeMs) return 'warning';
  return 'ok';
}

/** The deadlines still running for a ticket; a met deadline is no longer on the clock. */
export function slaClock(t: SlaInput, now: Date, warnFraction: number, escalateDaysBefore = 0): DeadlineState[] {
  const out: DeadlineState[] = [];
  const start = new Date(t.createdAt);
  const first = t.sla?.firstResponseDueAt ? new Date(t.sla.firstResponseDueAt) : null;
  const resolution = t.sla?.resolutionDueAt ? new Date(t.sla.resolutionDueAt) : null;
  if (first && !t.firstResponseAt)
    out.push({
      deadline: 'first_response',
      dueAt: first,
      state: deadlineState(start, first, now, warnFraction),
      secondsLeft: Math.round((first.getTime() - now.getTime()) / 1000),
    });
  if (resolution && !t.resolvedAt)
    out.push({
      deadline: 'resolution',
      dueAt: resolution,
      state: deadlineState(start, resolution, now, warnFraction, escalateDaysBefore * 86_400_000),
      secondsLeft: Math.round((resolution.getTime() - now.getTime()) / 1000),
    });
  return out;
}
