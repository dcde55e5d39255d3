// Push routing: the longest-waiting item — a contact on the line before any deferred work,
// then by priority and age — is offered to the best idle skilled agent (the least recently
// busy), who claims it or rejects it within the queue's offerTimeoutSeconds; then it goes to
// the next agent. One pass covers every push queue, so a caller in the phone queue is never
// passed over for deferred work waiting in another push queue.
//
// Safe across nodes: one node per offer round wins the board's key (an atomic Redis SET NX,
// whatever the store's conditional updates do), then the offer is two conditional updates
// (the agent's single offer slot, then the item's state); ending one is conditional on
// (state, offeredTo), so the local timer of the node that made the offer and the sweep of any
// node may both fire: one ends it. A node that dies with its timers is covered by the board's
// expiry list, which every node reads each few seconds without touching the store.
//
// An offer is not a reservation against other agents: claim-ticket.ts lets any agent who may
// take the ticket claim it, and the offer is withdrawn. So an accept is refused only when
// someone else's claim really came first.
import { Agent } from '../../models/agent';
import { QueueItem } from '../../models/queue-item';
import { availableAgents } from '../../models/repos/agents';
import { allQueueItems, queueItemById } from '../../models/repos/queue-items';
import { ticketById } from '../../models/repos/tickets';
import { summarize } from '../tickets/summary';
import { pickAgentForOffer, sortWaiting, type WaitingItem } from './match';
import { memoryOfferBoard, offerMember, type OfferBoard, type OfferKey } from './offer-board';
import { listQueues } from './select-queue';
import type { QueueRow, RoutingContext, RoutingStrategy } from './strategy';

type ItemRow = WaitingItem & { state: string; offeredTo?: string | null; offerExpiresAt?: Date | null };

/** Longer than any pass takes; only a node that died mid-pass holds it that long. */
const PASS_LOCK_MS = 30_000;
/**
 * The offer ends this long after the end the agent sees: an accept sent just before the end
 * and slowed on its way (a busy store, a busy node) still finds its offer, instead of losing
 * the ticket to the next agent and hearing 409.
 */
export const OFFER_GRACE_MS = 2000;

const timeoutMs = (queue: Pick<QueueRow, 'offerTimeoutSeconds'> | undefined) => (queue?.offerTimeoutSeconds ?? 20) * 1000;

export class PushStrategy implements RoutingStrategy {
  readonly mode = 'push' as const;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** One pass at a time in this node; a request meanwhile runs it once more. */
  private running: Promise<void> | null = null;
  private again = false;

  /** Ending an offer emits ticket.offer_ended, on which the router dispatches again. */
  constructor(readonly board: OfferBoard = memoryOfferBoard()) {}

  /** Hands out the waiting work of every push queue (the queue that asked is one of them). */
  dispatch(ctx: RoutingContext): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = (async () => {
      try {
        do {
          this.again = false;
          await this.passAcrossNodes(ctx);
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    this.running = run;
    return run;
  }

  /**
   * One pass at a time across every node. A request made while another node's pass runs is
   * left for that node, which looks for requests after it lets go, so none is lost.
   */
  private async passAcrossNodes(ctx: RoutingContext): Promise<void> {
    await this.board.requestPass();
    let failure: unknown = null;
    for (;;) {
      const token = await this.board.lockPass(PASS_LOCK_MS);
      if (!token) break;
      try {
        while (await this.board.takePassRequest()) await this.offerWaiting(ctx);
      } catch (err) {
        // Reported after the loop: a request another node left meanwhile must still be served.
        failure ??= err;
      } finally {
        await this.board.unlockPass(token);
      }
      if (!(await this.board.passRequested())) break;
    }
    if (failure) throw failure;
  }

  private async offerWaiting(ctx: RoutingContext): Promise<void> {
    const push = new Map((await listQueues()).filter((q) => q.mode === 'push').map((q) => [q._id, q]));
    if (!push.size) return;
    // One read of the small waiting collection for every push queue, instead of one per queue.
    const items = sortWaiting((await allQueueItems()).filter((i) => i.state === 'waiting' && push.has(i.queue)));
    if (!items.length) return;
    const agents = await availableAgents();
    const holding = new Set(agents.filter((a) => a.offerTicketId).map((a) => a._id));
    const offers: Array<Promise<boolean>> = [];
    for (const item of items) {
      if (holding.size >= agents.length) break;
      const agent = pickAgentForOffer(item, agents, holding);
      if (!agent) continue;
      holding.add(agent._id);
      // Distinct items to distinct agents, decided above: the offers' writes may overlap.
      offers.push(this.offer(ctx, push.get(item.queue) as QueueRow, item as ItemRow, agent._id));
    }
    const failed = (await Promise.allSettled(offers)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async offer(ctx: RoutingContext, queue: QueueRow, item: ItemRow, agentId: string): Promise<boolean> {
    const ttl = timeoutMs(queue);
    // The agent's one offer slot first, so two nodes never give one agent two offers.
    const slot = await Agent.updateOne({ _id: agentId, presence: 'available', offerTicketId: null }, { $set: { offerTicketId: item._id } });
    if (slot.modifiedCount !== 1) return false;
    const freeSlot = () => Agent.updateOne({ _id: agentId, offerTicketId: item._id }, { $set: { offerTicketId: null } });
    try {
      // One offer per round of this item (a round ends with a rejection or an expiry, which
      // adds to declinedBy), even if a pass outlived its lock and read the item stale; the key
      // outlives the offer, so a late reader cannot take the round again.
      const round = `offer:${item._id}:${new Date(item.enqueuedAt).getTime()}:${item.queue}:${item.declinedBy?.length ?? 0}`;
      if (!(await this.board.takeOnce(round, ttl + OFFER_GRACE_MS + PASS_LOCK_MS))) {
        await freeSlot();
        return false;
      }
      const expiresAt = new Date(ctx.clock.now().getTime() + ttl);
      await this.board.offerMade({ ticketId: item._id, agentId }, new Date(expiresAt.getTime() + OFFER_GRACE_MS));
      const offered = await QueueItem.findOneAndUpdate(
        { _id: item._id, state: 'waiting' },
        { $set: { state: 'offered', offeredTo: agentId, offerExpiresAt: expiresAt } },
        { returnDocument: 'after' },
      ).lean();
      if (!offered || offered.offeredTo !== agentId) {
        await freeSlot();
        return false;
      }
      const ticket = await ticketById(item._id);
      if (ticket) ctx.events.emit('ticket.offered', { ...summarize(ticket), agentId, expiresAt });
      ctx.logger.info({ ticketId: item._id, agentId, queue: queue._id }, 'ticket offered');
      this.expireLater(ctx, item._id, agentId, ttl + OFFER_GRACE_MS);
      return true;
    } catch (err) {
      await freeSlot().catch(() => undefined);
      throw err;
    }
  }

  private expireLater(ctx: RoutingContext, ticketId: string, agentId: string, ms: number): void {
    const key = offerMember({ ticketId, agentId });
    const timer = setTimeout(() => {
      this.timers.delete(key);
      void (async () => {
        // Claimed or ended meanwhile (on any node): nothing to do, and no store command.
        if (!(await this.board.offerOpen({ ticketId, agentId }))) return;
        await endOffer(ctx, ticketId, agentId, 'expired');
      })().catch((err: unknown) => ctx.logger.warn({ err, ticketId }, 'offer expiry failed; the routing sweep retries'));
    }, ms);
    timer.unref();
    this.timers.set(key, timer);
  }

  /** Forgets an offer that ended (the board's entry; the local timer then finds nothing to do). */
  async offerDone(offer: OfferKey): Promise<void> {
    await this.board.offerDone(offer);
  }

  /** Every few seconds on every node: offers whose node died before its timer fired. Reads only the board while nothing is due. */
  async expireDue(ctx: RoutingContext, now: Date): Promise<void> {
    for (const offer of await this.board.offersDue(now)) {
      const item = await queueItemById(offer.ticketId);
      if (item?.state === 'offered' && item.offeredTo === offer.agentId) {
        if (item.offerExpiresAt && new Date(item.offerExpiresAt).getTime() + OFFER_GRACE_MS > now.getTime()) continue;
        await endOffer(ctx, offer.ticketId, offer.agentId, 'expired');
      }
      await this.board.offerDone(offer);
    }
  }

  /** The slow safety sweep: reads the store itself, for whatever the board and the events missed. */
  async sweep(ctx: RoutingContext, now: Date): Promise<void> {
    const offered = (await allQueueItems()).filter((i) => i.state === 'offered');
    for (const item of offered) {
      if (!item.offerExpiresAt || new Date(item.offerExpiresAt).getTime() + OFFER_GRACE_MS > now.getTime() || !item.offeredTo) continue;
      await endOffer(ctx, item._id, item.offeredTo, 'expired');
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
