// The phone channel: the IVR (TwiML webhooks under /webhooks/twilio/voice), call status
// callbacks feeding the statistics, bridging claimed calls to agents, and automated calls
// behind ctx.outbound.voice.
import { quietUntil } from '../../core/reminders/delivery-rules';
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
      // One courtesy window: the one the reminders are scheduled by (rule set, holidays included).
      courtesy: (now) => quietUntil('voice', ctx.rules, now, ctx.config.TIMEZONE),
    });
  },
  start(ctx) {
    startVoice(ctx);
  },
  stop(ctx) {
    delete ctx.outbound.voice;
  },
};
