// Pull routing: agents pick from the live list (claim-ticket.ts); nothing to hand out.
import type { RoutingStrategy } from './strategy';

export const pullStrategy: RoutingStrategy = {
  mode: 'pull',
  async dispatch() {
    // Items wait in the queue's list until an agent claims one.
  },
};
