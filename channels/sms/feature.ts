// The SMS channel: inbound webhook (self-readings, keywords, conversations), delivery
// status callbacks, and the outbound transport behind ctx.outbound.sms.
import type { Feature } from '../../app/feature';
import { twilioClientFor } from '../twilio/client';
import { twilioWebhook } from '../twilio/signature';
import { smsInboundHandler } from './webhook';
import { SMS_STATUS_PATH, TwilioSmsOutbound } from './outbound';
import { SmsRateLimiter } from './send-rate';
import { smsStatusHandler } from './status-webhook';
import { registerContactEraser } from '../../core/privacy/contact-erasers';
import { eraseSmsOptOuts } from './consent';

export const smsFeature: Feature = {
  name: 'sms',
  routes(router, ctx) {
    router.post('/webhooks/twilio/sms', ...twilioWebhook(ctx.config, ctx.logger), smsInboundHandler(ctx));
    router.post(SMS_STATUS_PATH, ...twilioWebhook(ctx.config, ctx.logger), smsStatusHandler(ctx));
  },
  background(ctx) {
    registerContactEraser('sms-opt-out', eraseSmsOptOuts);
    ctx.outbound.sms = new TwilioSmsOutbound({
      config: ctx.config,
      logger: ctx.logger,
      client: twilioClientFor(ctx.config),
      clock: ctx.clock,
      rate: new SmsRateLimiter(ctx.redis, ctx.config.TWILIO_SMS_PER_SECOND),
    });
  },
  stop(ctx) {
    delete ctx.outbound.sms;
  },
};
