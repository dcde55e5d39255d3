// Push routing: the longest-waiting item (by priority, then age) is offered to the best
// idle skilled agent — the least recently busy — who claims it or rejects it within the
// queue's offerTimeoutSeconds; then it goes to the next agent.
//
// Safe across nodes: an offer is two conditional updates (the agent's single offer slot,
// then the item's state), and ending one is conditional on (state, offeredTo), so the
// local timer of the node that made the offer and the periodic sweep of any node may both
// fire: exactly one ends it. A node that dies with its timers is covered by the sweep.
import { Agent } from '../../models/agent';
import { QueueItem } from '../../models/queue-item';
import { availableAgents } from '../../models/repos/agents';
import { offeredItems, queueItemById, waitingItems } from '../../models/repos/queue-items';
import { ticketById } from '../../models/repos/tickets';
import { summarize } from '../tickets/summary';
import { pickAgentForOffer, sortWaiting, type WaitingItem } from './match';
import type { QueueRow, RoutingContext, RoutingStrategy } from './strategy';

type ItemRow = WaitingItem & { state: string; offeredTo?: string | null; offerExpiresAt?: Date | null };

export class PushStrategy implements RoutingStrategy {
  readonly mode = 'push' as const;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** One dispatch per queue at a time in this node; a request meanwhile runs it once more. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(private readonly onOfferEnded: (queueId: string) => void = () => undefined) {}

  dispatch(ctx: RoutingContext, queue: QueueRow): Promise<void> {
    const current = this.running.get(queue._id);
    if (current) {
      this.again.add(queue._id);
      return current;
    }
    const run = (async () => {
      try {
        do {
          this.again.delete(queue._id);
          await this.offerWaiting(ctx, queue);
        } while (this.again.has(queue._id));
      } finally {
        this.running.delete(queue._id);
      }
    })();
    this.running.set(queue._id, run);
    return run;
  }

  private async offerWaiting(ctx: RoutingContext, queue: QueueRow): Promise<void> {
    const items = sortWaiting(await waitingItems(queue._id));
    if (!items.length) return;
    const agents = await availableAgents();
    const holding = new Set(agents.filter((a) => a.offerTicketId).map((a) => a._id));
    for (const item of items) {
      const agent = pickAgentForOffer(item, agents, holding);
      if (!agent) continue;
      holding.add(agent._id);
      await this.offer(ctx, queue, item, agent._id);
    }
  }

  private async offer(ctx: RoutingContext, queue: QueueRow, item: ItemRow, agentId: string): Promise<boolean> {
    // The agent's one offer slot first, so two nodes never give one agent two offers.
    const slot = await Agent.updateOne({ _id: agentId, presence: 'available', offerTicketId: null }, { $set: { offerTicketId: item._id } });
    if (slot.modifiedCount !== 1) return false;
    const expiresAt = new Date(ctx.clock.now().getTime() + (queue.offerTimeoutSeconds ?? 20) * 1000);
    const offered = await QueueItem.findOneAndUpdate(
      { _id: item._id, state: 'waiting' },
      { $set: { state: 'offered', offeredTo: agentId, offerExpiresAt: expiresAt } },
      { returnDocument: 'after' },
    ).lean();
    if (!offered) {
      await Agent.updateOne({ _id: agentId, offerTicketId: item._id }, { $set: { offerTicketId: null } });
      return false;
    }
    const ticket = await ticketById(item._id);
    if (ticket) ctx.events.emit('ticket.offered', { ...summarize(ticket), agentId, expiresAt });
    ctx.logger.info({ ticketId: item._id, agentId, queue: queue._id }, 'ticket offered');
    const timer = setTimeout(
      () => {
        this.timers.delete(item._id);
        void endOffer(ctx, item._id, agentId, 'expired').then(
          (ended) => {
            if (ended) this.onOfferEnded(queue._id);
          },
          (err: unknown) => ctx.logger.warn({ err, ticketId: item._id }, 'offer expiry failed; the routing sweep retries'),
        );
      },
      (queue.offerTimeoutSeconds ?? 20) * 1000,
    );
    timer.unref();
    this.timers.set(item._id, timer);
    return true;
  }

  async sweep(ctx: RoutingContext, now: Date): Promise<void> {
    const offered = await offeredItems();
    for (const item of offered) {
      if (!item.offerExpiresAt || new Date(item.offerExpiresAt) > now || !item.offeredTo) continue;
      if (await endOffer(ctx, item._id, item.offeredTo, 'expired')) this.onOfferEnded(item.queue);
    }
    // An offer slot whose item is gone (resolved or moved by a supervisor meanwhile, or a
    // node died between the two writes of an offer) would block the agent forever.
    const live = new Set(offered.map((i) => `${i._id}:${i.offeredTo}`));
    const holders = await Agent.find({ offerTicketId: { $ne: null } }, { offerTicketId: 1 }).lean();
    for (const a of holders) {
      if (a.offerTicketId && !live.has(`${a.offerTicketId}:${String(a._id)}`)) {
        // Read again: an offer being made right now sets the slot a moment before the item.
        const item = await queueItemById(a.offerTicketId);
        if (item?.state === 'offered' && item.offeredTo === String(a._id)) continue;
        await Agent.updateOne({ _id: a._id, offerTicketId: a.offerTicketId }, { $set: { offerTicketId: null } });
      }
    }
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

/**
 * Ends an offer that was not claimed (rejected or timed out): the item waits again, and
 * this agent is skipped for it. True if this call ended it (a claim or another node may win).
 */
export async function endOffer(ctx: RoutingContext, ticketId: string, agentId: string, reason: 'rejected' | 'expired'): Promise<boolean> {
  const ended = await QueueItem.findOneAndUpdate(
    { _id: ticketId, state: 'offered', offeredTo: agentId },
    { $set: { state: 'waiting' }, $unset: { offeredTo: 1, offerExpiresAt: 1 }, $push: { declinedBy: agentId } },
    { returnDocument: 'after' },
  ).lean();
  await Agent.updateOne({ _id: agentId, offerTicketId: ticketId }, { $set: { offerTicketId: null } });
  if (!ended) return false;
  ctx.events.emit('ticket.offer_ended', { ticketId, queue: ended.queue, agentId, reason });
  ctx.logger.info({ ticketId, agentId, reason }, 'offer ended');
  return true;
}
