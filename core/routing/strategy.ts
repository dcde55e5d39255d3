// Routing methods are interchangeable strategies behind this one interface, chosen per
// queue by its `mode` (models/queue.ts), as Rocket.Chat does with its routing methods.
import type { CoreContext } from '../context';
import type { QueueDoc } from '../../models/queue';

export type RoutingContext = Pick<CoreContext, 'events' | 'clock' | 'logger'>;
export type QueueRow = QueueDoc & { _id: string };

export interface RoutingStrategy {
  readonly mode: 'push' | 'pull';
  /** Hand out waiting work of one queue: called when an item arrives or an agent frees up. */
  dispatch(ctx: RoutingContext, queue: QueueRow): Promise<void>;
  /** Finish what a crashed node left behind (offers whose timer died with it). */
  sweep?(ctx: RoutingContext, now: Date): Promise<void>;
  /** Stop timers. */
  stop?(): void;
}
