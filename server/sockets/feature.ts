// The agents' live console over socket.io, and the SLA clock that feeds it.
import { checkFirstResponses } from '../../core/sla/check-sla';
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
    // First-response deadlines; written-answer deadlines are the `sla-escalation` job's (core/sla/check-sla.ts).
    ctx.scheduler.register({ name: 'sla-clock', cron: '* * * * *', run: (c, asOf) => checkFirstResponses(c, asOf) });
  },
  stop(ctx) {
    gateways.get(ctx)?.stop();
    gateways.delete(ctx);
  },
};
