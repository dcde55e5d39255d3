// The web virtual reception: public request API, tracking, live chat (/reception namespace),
// and the outbound transport for agents' chat messages (ctx.outbound.web).
import type { Feature } from '../../app/feature';
import { forgetAvailability } from './availability';
import { registerReceptionChat } from './chat';
import { WebChatOutbound } from './outbound';
import { receptionRoutes } from './routes';

export const receptionFeature: Feature = {
  name: 'reception',
  routes(router, ctx) {
    receptionRoutes(router, ctx);
  },
  start(ctx) {
    const nsp = registerReceptionChat(ctx);
    ctx.outbound.web = new WebChatOutbound(nsp, ctx.clock);
    ctx.events.on('agent.presence', () => forgetAvailability());
  },
  stop(ctx) {
    delete ctx.outbound.web;
  },
};
