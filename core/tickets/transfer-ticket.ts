// Hands a ticket to another queue (it waits there again) or straight to another agent
// (who must have room on the channel), with an internal note saying why.
import { Types } from 'mongoose';
import { QueueItem } from '../../models/queue-item';
import { agentById } from '../../models/repos/agents';
import { updateTicket } from '../../models/repos/tickets';
import type { CoreContext } from '../context';
import { Invalid, NotFound } from '../errors';
import { summarize } from '../tickets/summary';
import { enqueueItem } from '../routing/enqueue-item';
import { withdrawItem, withdrawOffer } from '../routing/withdraw-item';
import { capacityOf } from '../routing/match';
import { listQueues } from '../routing/select-queue';
import { addNote } from './add-note';
import { AtCapacity } from './claim-ticket';
import { assertCanHandle, loadTicket, releaseCapacity, takeCapacity, type Actor, type TicketRow } from './ticket-access';

export interface TransferTicketCommand {
  ticketId: string;
  actor: Actor;
  toQueue?: string;
  toAgent?: string;
  note?: string;
}

export async function transferTicket(
  ctx: Pick<CoreContext, 'events' | 'clock' | 'logger'>,
  cmd: TransferTicketCommand,
): Promise<{ ticket: ReturnType<typeof summarize> }> {
  if (!cmd.toQueue === !cmd.toAgent) throw Invalid('transfer to a queue or to an agent, one of the two');
  const ticket = await loadTicket(cmd.ticketId);
  assertCanHandle(ticket, cmd.actor);
  const now = ctx.clock.now();
  const fromQueue = ticket.queue;
  const previous = ticket.assignee;
  let updated: TicketRow | null;

  if (cmd.toQueue) {
    if (!(await listQueues()).some((q) => q._id === cmd.toQueue)) throw NotFound(`queue ${cmd.toQueue}`);
    updated = await updateTicket(
      { _id: ticket._id, status: ticket.status, assignee: ticket.assignee ?? null },
      { $set: { queue: cmd.toQueue, status: 'queued', assignee: null, queuedAt: now }, $inc: { transferCount: 1 } },
    );
    if (!updated) throw Invalid('the ticket changed meanwhile; reload and try again');
    // A ticket still waiting keeps its place in line (enqueuedAt) but moves queue.
    const moved = await QueueItem.findOneAndUpdate(
      { _id: String(ticket._id) },
      { $set: { queue: cmd.toQueue, state: 'waiting', declinedBy: [] }, $unset: { offeredTo: 1, offerExpiresAt: 1 } },
      { returnDocument: 'before' },
    ).lean();
    if (moved?.state === 'offered' && moved.offeredTo) await withdrawOffer(ctx, String(ticket._id), moved.queue, moved.offeredTo);
    if (!moved)
      await enqueueItem({
        ticketId: String(ticket._id),
        ticketNumber: ticket.number,
        queue: cmd.toQueue,
        channel: ticket.channel,
        category: ticket.category,
        language: ticket.language,
        priority: ticket.priority,
        live: !!ticket.live,
        at: now,
      });
    if (previous) await releaseCapacity(previous, ticket.channel, now, String(ticket._id));
  } else {
    const toAgent = cmd.toAgent as string;
    if (!Types.ObjectId.isValid(toAgent)) throw NotFound('agent');
    const target = await agentById(toAgent);
    if (!target || target.active === false) throw NotFound('agent');
    if (!(await takeCapacity(toAgent, ticket.channel, capacityOf(target, ticket.channel), String(ticket._id), now)))
      throw AtCapacity(ticket.channel);
    updated = await updateTicket(
      { _id: ticket._id, status: ticket.status, assignee: ticket.assignee ?? null },
      { $set: { status: 'assigned', assignee: toAgent, assignedAt: now }, $inc: { transferCount: 1 } },
    );
    if (!updated) {
      await releaseCapacity(toAgent, ticket.channel, now, String(ticket._id));
      throw Invalid('the ticket changed meanwhile; reload and try again');
    }
    await withdrawItem(ctx, String(ticket._id));
    if (previous) await releaseCapacity(previous, ticket.channel, now, String(ticket._id));
  }

  if (cmd.note) await addNote(ctx, { ticketId: cmd.ticketId, actor: cmd.actor, body: cmd.note });
  const summary = summarize(updated);
  ctx.events.emit('ticket.transferred', { ...summary, fromQueue, toQueue: updated.queue, agentId: cmd.toAgent });
  if (cmd.toQueue) ctx.events.emit('ticket.queued', { ...summary, reason: 'transferred' });
  else ctx.events.emit('ticket.updated', summary);
  ctx.logger.info(
    { ticketId: cmd.ticketId, fromQueue, toQueue: updated.queue, toAgent: cmd.toAgent, by: cmd.actor.agentId },
    'ticket transferred',
  );
  return { ticket: summary };
}
