// Callback requests from the IVR (tickets of category "callback") become outbound call
// tasks for agents, but only inside the callback hours; each request gives one task.
import { isOpen, parseBusinessHours } from '../business-hours';
import type { CoreContext } from '../context';
import { Ticket } from '../../models/ticket';
import { ensureTask } from '../../models/task';

export async function releaseCallbacks(ctx: Pick<CoreContext, 'rules' | 'config' | 'logger'>, asOf: Date): Promise<Record<string, number>> {
  const counts = { scanned: 0, created: 0, outsideHours: 0 };
  if (!isOpen(parseBusinessHours(ctx.rules.callbacks.hours), asOf, ctx.config.TIMEZONE)) {
    counts.outsideHours = 1;
    return counts;
  }
  const cursor = Ticket.find(
    { category: 'callback', status: { $in: ['queued', 'assigned', 'pending'] } },
    { number: 1, accountNumber: 1, createdAt: 1 },
  )
    .lean()
    .cursor({ batchSize: 500 });
  for await (const t of cursor) {
    counts.scanned += 1;
    const created = await ensureTask({
      _id: `callback_call:${String(t._id)}`,
      kind: 'callback_call',
      ticketId: String(t._id),
      accountNumber: t.accountNumber ?? undefined,
      dueAt: new Date((t.createdAt ?? asOf).getTime() + ctx.rules.callbacks.targetHours * 3_600_000),
      note: `call back for ticket ${t.number}`,
    });
    if (created) counts.created += 1;
  }
  return counts;
}
