// Runs the routing strategy of each queue when work arrives or an agent frees up, and
// sweeps periodically for what another node's timers could not finish.
import { endExpiredWrapUps } from '../tickets/set-presence';
import { listQueues } from './select-queue';
import { pullStrategy } from './pull';
import { PushStrategy } from './push';
import type { QueueRow, RoutingContext, RoutingStrategy } from './strategy';

export const SWEEP_MS = 5000;

export class Router {
  private readonly strategies: Record<'push' | 'pull', RoutingStrategy>;
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(private readonly ctx: RoutingContext) {
    this.strategies = {
      pull: pullStrategy,
      push: new PushStrategy((queueId) => void this.dispatchQueue(queueId)),
    };
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

  /** An agent became free: every push queue may have something for them. */
  async dispatchAll(): Promise<void> {
    for (const q of await listQueues()) if (q.mode === 'push') await this.dispatchQueue(q._id);
  }

  /** Listens to the business events that change who can take what. */
  start(): void {
    const { events } = this.ctx;
    events.on('ticket.queued', (e) => this.dispatchQueue(e.queue));
    // A claim frees the agent's offer slot (they may have room for more); a resolve frees capacity.
    events.on('ticket.claimed', () => this.dispatchAll());
    events.on('ticket.resolved', () => this.dispatchAll());
    events.on('ticket.transferred', () => this.dispatchAll());
    events.on('agent.presence', (e) => (e.state === 'available' ? this.dispatchAll() : undefined));
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.sweepTimer.unref();
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
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    for (const s of Object.values(this.strategies)) s.stop?.();
  }
}
