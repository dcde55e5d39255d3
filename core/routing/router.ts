// Runs the routing strategy of each queue when work arrives or an agent frees up. Nothing
// polls the store while nothing happens: every change that can make an offer possible is an
// event; offers a dead node left open are found in the offer board (Redis) every few
// seconds; and a slow sweep reads the store once a minute for whatever all that missed.
import { endExpiredWrapUps } from '../tickets/set-presence';
import { memoryOfferBoard, type OfferBoard } from './offer-board';
import { listQueues } from './select-queue';
import { pullStrategy } from './pull';
import { PushStrategy } from './push';
import type { QueueRow, RoutingContext, RoutingStrategy } from './strategy';

/** How often every node looks for offers whose node died (board only, no store command). */
export const EXPIRY_CHECK_MS = 5000;
/** The safety sweep that reads the store (wrap-ups and offers of dead nodes, failed dispatches). */
export const SWEEP_MS = 60_000;

export class Router {
  readonly push: PushStrategy;
  private readonly strategies: Record<'push' | 'pull', RoutingStrategy>;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly ctx: RoutingContext,
    board: OfferBoard = memoryOfferBoard(),
  ) {
    this.push = new PushStrategy(board);
    this.strategies = { pull: pullStrategy, push: this.push };
  }

  strategyFor(queue: Pick<QueueRow, 'mode'>): RoutingStrategy {
    return this.strategies[queue.mode === 'push' ? 'push' : 'pull'];
  }

  /** Never throws: a failed dispatch is logged, and the next event or sweep tries again. */
  async dispatchQueue(queueId: string): Promise<void> {
    try {
      const queue = (await listQueues()).find((q) => q._id === queueId);
      if (queue) await this.strategyFor(queue).dispatch(this.ctx, queue);
    } catch (err) {
      this.ctx.logger.error({ err, queue: queueId }, 'routing dispatch failed');
    }
  }

  /** An agent became free: the push pass covers every push queue at once. */
  async dispatchAll(): Promise<void> {
    const queue = (await listQueues()).find((q) => q.mode === 'push');
    if (queue) await this.dispatchQueue(queue._id);
  }

  /** Listens to the business events that change who can take what. */
  start(): void {
    const { events } = this.ctx;
    events.on('ticket.queued', (e) => this.dispatchQueue(e.queue));
    // A claim frees the agent's offer slot (they may have room for more); a resolve frees capacity.
    events.on('ticket.claimed', (e) => this.offerOver(e.ticketId, e.agentId).then(() => this.dispatchAll()));
    events.on('ticket.resolved', () => this.dispatchAll());
    events.on('ticket.transferred', () => this.dispatchAll());
    // Rejected, expired, withdrawn or given back on leaving "available": the next agent's turn.
    events.on('ticket.offer_ended', (e) => this.offerOver(e.ticketId, e.agentId).then(() => this.dispatchQueue(e.queue)));
    events.on('agent.presence', (e) => (e.state === 'available' ? this.dispatchAll() : undefined));
    const every = (ms: number, fn: () => Promise<void>) => {
      const t = setInterval(() => void fn(), ms);
      t.unref();
      this.timers.push(t);
    };
    every(EXPIRY_CHECK_MS, () => this.expireDue());
    every(SWEEP_MS, () => this.sweep());
  }

  /** An offer is over: its board entry goes (an entry left behind costs one store read when due). */
  private async offerOver(ticketId: string, agentId: string): Promise<void> {
    await this.push
      .offerDone({ ticketId, agentId })
      .catch((err: unknown) => this.ctx.logger.warn({ err, ticketId }, 'offer board update failed'));
  }

  async expireDue(): Promise<void> {
    try {
      await this.push.expireDue(this.ctx, this.ctx.clock.now());
    } catch (err) {
      this.ctx.logger.error({ err }, 'offer expiry check failed');
    }
  }

  async sweep(): Promise<void> {
    try {
      for (const s of Object.values(this.strategies)) await s.sweep?.(this.ctx, this.ctx.clock.now());
      await endExpiredWrapUps(this.ctx);
      await this.dispatchAll();
    } catch (err) {
      this.ctx.logger.error({ err }, 'routing sweep failed');
    }
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    for (const s of Object.values(this.strategies)) s.stop?.();
  }
}
