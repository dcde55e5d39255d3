// The agents' live console over socket.io.
import type { AppContext } from '../../app/context';
import type { Feature } from '../../app/feature';
import { AgentsGateway } from './gateway';

const gateways = new WeakMap<AppContext, AgentsGateway>();

export const agentsGatewayFeature: Feature = {
  name: 'agents-gateway',
  start(ctx) {
    const gateway = new AgentsGateway(ctx);
    gateway.start();
    gateways.set(ctx, gateway);
  },
  stop(ctx) {
    gateways.get(ctx)?.stop();
    gateways.delete(ctx);
  },
};
