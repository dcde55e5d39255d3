// Runs the SLA clock's first-response deadline (chat/phone seconds, e-mail hours, by channel)
// over open tickets and emits `sla.warning` / `sla.breached` once per ticket: the mark is set
// by a conditional update, so several nodes (or a re-run) never emit twice. The written-answer
// (resolution) deadline is escalated by the `sla-escalation` job (jobs/sla-escalation.ts,
// event `ticket.sla`, marks sla.warnedAt / sla.breachedAt); this clock leaves those alone.
// The `sla-clock` job (server/sockets/feature.ts) runs it every minute.
import { Ticket } from '../../models/ticket';
import type { CoreContext } from '../context';
import { summarize } from '../tickets/summary';
import { slaClock } from './sla-clock';

const MARK = { warning: 'sla.firstResponseWarnedAt', breached: 'sla.firstResponseBreachedAt' } as const;

export async function checkSla(
  ctx: Pick<CoreContext, 'events' | 'config'>,
  now: Date,
): Promise<{ checked: number; warnings: number; breaches: number }> {
  // Open tickets still waiting for a first answer; few compared with the history.
  const open = await Ticket.find(
    { status: { $in: ['queued', 'assigned', 'pending'] }, firstResponseAt: null },
    { trackingTokenHash: 0 },
  ).lean();
  let warnings = 0;
  let breaches = 0;
  for (const t of open) {
    for (const d of slaClock(
      { ...t, createdAt: (t as { createdAt?: Date }).createdAt ?? t.queuedAt ?? now },
      now,
      ctx.config.SLA_WARNING_FRACTION,
    )) {
      if (d.state === 'ok' || d.deadline !== 'first_response') continue;
      const path = MARK[d.state];
      const marked = await Ticket.updateOne({ _id: t._id, [path]: null }, { $set: { [path]: now } });
      if (marked.modifiedCount !== 1) continue;
      const payload = { ...summarize(t as never), deadline: d.deadline, dueAt: d.dueAt };
      if (d.state === 'warning') {
        warnings++;
        ctx.events.emit('sla.warning', payload);
      } else {
        breaches++;
        ctx.events.emit('sla.breached', payload);
      }
    }
  }
  return { checked: open.length, warnings, breaches };
}
