// The routing engine (core/routing/router.ts) as a part of its own: it listens to the
// events that change who can take what, and sweeps for what another node's timers left;
// the offers' live state is shared through Redis (server/routing-board.ts).
import { Router as RoutingEngine } from '../core/routing/router';
import type { AppContext } from '../app/context';
import type { Feature } from '../app/feature';
import { redisOfferBoard } from './routing-board';

const engines = new WeakMap<AppContext, RoutingEngine>();

export const routingFeature: Feature = {
  name: 'routing',
  // Every process dispatches what its own events make waiting (a worker's callbacks and retried ingests too).
  background(ctx) {
    const engine = new RoutingEngine(ctx, redisOfferBoard(ctx.redis));
    engine.start();
    engines.set(ctx, engine);
  },
  stop(ctx) {
    engines.get(ctx)?.stop();
    engines.delete(ctx);
  },
};
