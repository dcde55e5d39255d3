// The web virtual reception: public request API, tracking, live chat (/reception namespace),
// and the outbound transport for agents' chat messages (ctx.outbound.web).
import type { Feature } from '../../app/feature';
import { forgetAvailability } from './availability';
import { RECEPTION_NAMESPACE, registerReceptionChat } from './chat';
import { consentRoutes } from './consent-routes';
import { WebChatOutbound } from './outbound';
import { receptionPrivacyRoutes } from './privacy-routes';
import { receptionRoutes } from './routes';

export const receptionFeature: Feature = {
  name: 'reception',
  routes(router, ctx) {
    receptionRoutes(router, ctx);
    consentRoutes(router, ctx);
    receptionPrivacyRoutes(router, ctx);
  },
  background(ctx) {
    // Through the Redis adapter an emit reaches the visitor's socket on whichever node holds it.
    ctx.outbound.web = new WebChatOutbound(ctx.io.of(RECEPTION_NAMESPACE), ctx.clock);
  },
  start(ctx) {
    registerReceptionChat(ctx);
    ctx.events.on('agent.presence', () => forgetAvailability());
  },
  stop(ctx) {
    delete ctx.outbound.web;
  },
};
