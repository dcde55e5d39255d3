// The scheduled "sla-escalation" job: open tickets near their written-answer deadline are
// escalated to supervisors (once: sla.warnedAt), passed deadlines are recorded as breaches
// (once: sla.breachedAt). Streams the open tickets due within the escalation horizon.
import { slaAction } from '../core/rules/sla';
import { Ticket } from '../models/ticket';
import type { CoreContext } from '../core/context';
import type { JobDefinition } from './scheduler';

export async function runSlaEscalation(ctx: Pick<CoreContext, 'rules' | 'events' | 'logger'>, asOf: Date): Promise<Record<string, number>> {
  const counts = { scanned: 0, escalated: 0, breached: 0 };
  const horizon = new Date(asOf.getTime() + ctx.rules.escalateDaysBefore * 86_400_000);
  const cursor = Ticket.find(
    { status: { $nin: ['resolved', 'closed'] }, 'sla.resolutionDueAt': { $lte: horizon } },
    { number: 1, queue: 1, category: 1, status: 1, sla: 1 },
  )
    .lean()
    .cursor({ batchSize: 500 });
  for await (const t of cursor) {
    counts.scanned += 1;
    const action = slaAction(t, ctx.rules, asOf);
    if (action === 'none') continue;
    const field = action === 'escalate' ? 'sla.warnedAt' : 'sla.breachedAt';
    // Conditional on the field being unset: two overlapping runs record it once.
    const res = await Ticket.updateOne({ _id: t._id, [field]: null }, { $set: { [field]: asOf } });
    if (res.modifiedCount === 0) continue;
    counts[action === 'escalate' ? 'escalated' : 'breached'] += 1;
    ctx.events.emit('ticket.sla', {
      ticketId: String(t._id),
      number: t.number,
      queue: t.queue,
      category: t.category,
      kind: action === 'escalate' ? 'escalated' : 'breached',
      dueAt: t.sla!.resolutionDueAt!,
      at: asOf,
    });
    ctx.logger.info({ ticketId: String(t._id), kind: action }, 'ticket sla');
  }
  return counts;
}

export function slaEscalationJob(cron?: string): JobDefinition<CoreContext> {
  return { name: 'sla-escalation', cron, run: (ctx, asOf) => runSlaEscalation(ctx, asOf) };
}
