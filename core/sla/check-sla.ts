// Runs the SLA clock (./sla-clock.ts) over open tickets and records each deadline's warning
// and breach once, emitting `ticket.sla`: the mark is set by a conditional update on the
// mark being unset, so several nodes (or a re-run) never emit twice.
//   first response — the `sla-clock` job, every minute (marks sla.firstResponseWarnedAt / …BreachedAt);
//   written answer — the `sla-escalation` job, daily: escalated to supervisors escalateDaysBefore
//                    the deadline (sla.warnedAt), a breach recorded after it (sla.breachedAt).
import { Ticket } from '../../models/ticket';
import { LIVE_CHANNELS } from '../../wire';
import type { CoreContext } from '../context';
import { summarize, type SummaryFields } from '../tickets/summary';
import { SLA_MARKS, slaDue, type Deadline, type SlaClockOptions, type SlaTicket } from './sla-clock';

type SlaContext = Pick<CoreContext, 'events' | 'config' | 'rules' | 'logger'>;

const clockOptions = (ctx: SlaContext): SlaClockOptions => ({
  warnFraction: ctx.config.SLA_WARNING_FRACTION,
  escalateDaysBefore: ctx.rules.escalateDaysBefore,
});

/** Records the state of `deadline` due at `now`, if any; returns it when this call was the one that recorded it. */
async function record(ctx: SlaContext, t: SlaTicket & SummaryFields, deadline: Deadline, now: Date) {
  const due = slaDue(t, deadline, now, clockOptions(ctx));
  if (!due) return null;
  const path = SLA_MARKS[deadline][due.state];
  const marked = await Ticket.updateOne({ _id: t._id, [path]: null }, { $set: { [path]: now } });
  if (marked.modifiedCount !== 1) return null;
  ctx.events.emit('ticket.sla', { ...summarize(t), deadline, state: due.state, dueAt: due.dueAt, at: now });
  ctx.logger.info({ ticketId: String(t._id), deadline, state: due.state }, 'ticket sla');
  return due.state;
}

/** The `sla-clock` job: first-response deadlines of the tickets still waiting for a first answer. */
export async function checkFirstResponses(ctx: SlaContext, now: Date): Promise<{ checked: number; warnings: number; breaches: number }> {
  // Open live contacts still waiting for a first answer; few compared with the history.
  // Deferred contacts are on the written-answer clock only (escalateWrittenAnswers).
  const open = await Ticket.find(
    { status: { $in: ['queued', 'assigned', 'pending'] }, firstResponseAt: null, channel: { $in: [...LIVE_CHANNELS] } },
    { trackingTokenHash: 0 },
  ).lean();
  let warnings = 0;
  let breaches = 0;
  for (const t of open) {
    const state = await record(ctx, t, 'first_response', now);
    if (state === 'warning') warnings++;
    else if (state === 'breached') breaches++;
  }
  return { checked: open.length, warnings, breaches };
}

/** The `sla-escalation` job: written-answer deadlines; streams the open tickets due within the escalation horizon. */
export async function escalateWrittenAnswers(
  ctx: SlaContext,
  asOf: Date,
): Promise<{ scanned: number; escalated: number; breached: number }> {
  const counts = { scanned: 0, escalated: 0, breached: 0 };
  const horizon = new Date(asOf.getTime() + ctx.rules.escalateDaysBefore * 86_400_000);
  // A contact linked to an outage incident was answered at once and waits on the outage, which
  // supervisors watch as one: its thousands of contacts are not escalated one by one.
  const cursor = Ticket.find(
    { status: { $nin: ['resolved', 'closed'] }, 'sla.resolutionDueAt': { $lte: horizon }, outageId: null },
    { number: 1, queue: 1, channel: 1, category: 1, priority: 1, language: 1, status: 1, queuedAt: 1, assignee: 1, sla: 1 },
  )
    .lean()
    .cursor({ batchSize: 500 });
  for await (const t of cursor) {
    counts.scanned += 1;
    const state = await record(ctx, t, 'resolution', asOf);
    if (state === 'warning') counts.escalated += 1;
    else if (state === 'breached') counts.breached += 1;
  }
  return counts;
}
