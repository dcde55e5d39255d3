// A waiting ticket leaves its queue without a claim (resolved, abandoned by the caller,
// handed to an agent): the item goes, and an agent it was offered to is free for the next
// offer at once, instead of waiting for the routing sweep.
import { Agent } from '../../models/agent';
import { QueueItem } from '../../models/queue-item';
import type { RoutingContext } from './strategy';

export async function withdrawItem(ctx: Pick<RoutingContext, 'events'>, ticketId: string): Promise<void> {
  const item = await QueueItem.findOneAndDelete({ _id: ticketId }).lean();
  if (item?.state === 'offered' && item.offeredTo) await withdrawOffer(ctx, ticketId, item.queue, item.offeredTo);
}

/** The offer of a ticket that stays queued but moves (a transfer to another queue) ends too. */
export async function withdrawOffer(ctx: Pick<RoutingContext, 'events'>, ticketId: string, queue: string, agentId: string): Promise<void> {
  await Agent.updateOne({ _id: agentId, offerTicketId: ticketId }, { $set: { offerTicketId: null } });
  ctx.events.emit('ticket.offer_ended', { ticketId, queue, agentId, reason: 'withdrawn' });
}
