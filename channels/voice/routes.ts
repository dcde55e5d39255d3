import type { Router } from 'express';
import type { AppContext } from '../../app/context';
import { twilioWebhook } from '../twilio/signature';
import { bridgeOnClaim } from './bridge';
import { callbackStatus, registerCallbackSteps } from './callback-steps';
import { callEnded, createIvr, registerIvrSteps, type Ivr } from './ivr';
import { VOICE_STATUS_PATH } from './outbound';
import { voiceStatusHandler } from './status-webhook';

const ivrs = new WeakMap<AppContext, Ivr>();
function ivrFor(ctx: AppContext): Ivr {
  let ivr = ivrs.get(ctx);
  if (!ivr) {
    ivr = createIvr(ctx);
    ivrs.set(ctx, ivr);
  }
  return ivr;
}

export function registerVoiceRoutes(router: Router, ctx: AppContext): void {
  const ivr = ivrFor(ctx);
  const mw = twilioWebhook(ctx.config, ctx.logger);
  // The status path is registered first: it is not an IVR step.
  router.post(
    VOICE_STATUS_PATH,
    ...mw,
    voiceStatusHandler(
      ctx,
      (update) => callEnded(ctx, ivr, update.CallSid, update.CallStatus),
      (messageId, update) => callbackStatus(ctx, messageId, update.CallStatus),
    ),
  );
  registerCallbackSteps(router, ctx, ivr, mw);
  registerIvrSteps(router, ctx, ivr, mw);
}

export function startVoice(ctx: AppContext): void {
  ctx.events.on('ticket.claimed', bridgeOnClaim(ctx, ivrFor(ctx)));
}
