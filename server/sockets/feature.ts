// The agents' live console over socket.io.
import type { AppContext } from '../../app/context';
import type { Feature } from '../../app/feature';
import { AgentsGateway } from './gateway';

const gateways = new WeakMap<AppContext, AgentsGateway>();

export const agentsGatewayFeature: Feature = {
  name: 'agents-gateway',
  // A worker's events reach the agents too: its detached socket.io emits to every node's rooms.
  background(ctx) {
    const gateway = new AgentsGateway(ctx);
    gateway.listen();
    gateways.set(ctx, gateway);
  },
  start(ctx) {
    gateways.get(ctx)?.accept();
  },
  stop(ctx) {
    gateways.get(ctx)?.stop();
    gateways.delete(ctx);
  },
};
