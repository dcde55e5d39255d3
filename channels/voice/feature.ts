// The phone channel: the IVR (TwiML webhooks under /webhooks/twilio/voice), call status
// callbacks feeding the statistics, bridging claimed calls to agents, and automated calls
// behind ctx.outbound.voice.
import { parseBusinessHours } from '../../core/business-hours';
import type { Feature } from '../../app/feature';
import { twilioClientFor } from '../twilio/client';
import { TwilioVoiceOutbound } from './outbound';
import { registerVoiceRoutes, startVoice } from './routes';

export const voiceFeature: Feature = {
  name: 'voice',
  routes(router, ctx) {
    registerVoiceRoutes(router, ctx);
  },
  background(ctx) {
    ctx.outbound.voice = new TwilioVoiceOutbound({
      config: ctx.config,
      logger: ctx.logger,
      client: twilioClientFor(ctx.config),
      clock: ctx.clock,
      courtesyHours: parseBusinessHours(ctx.config.VOICE_COURTESY_HOURS),
    });
  },
  start(ctx) {
    startVoice(ctx);
  },
  stop(ctx) {
    delete ctx.outbound.voice;
  },
};
