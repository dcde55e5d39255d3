// What every IVR step shares: Twilio's form parsed, the call's state from Redis, the
// caller's language, and TwiML as the only answer (an apology even when a step fails).
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../../app/context';
import type { Language } from '../../../wire';
import { callerOf, type TwilioCaller } from '../../twilio/caller';
import { sendTwiml } from '../../twilio/twiml';
import { CallStore, type CallState } from '../call-state';
import { hangUp, voiceResponse, type VoiceResponse } from './twiml';

const callSchema = z.object({
  CallSid: z.string().min(2).max(64),
  From: z.string().max(64).default(''),
  To: z.string().max(64).optional(),
  Digits: z.string().max(40).optional(),
});
export type Call = z.infer<typeof callSchema>;

export interface Ivr {
  calls: CallStore;
}

export function createIvr(ctx: AppContext): Ivr {
  return { calls: new CallStore(ctx.redis) };
}

export interface StepInput {
  call: Call;
  req: Request;
  state: CallState;
  /** `From`, normalised once by the webhook chain (channels/twilio/caller.ts). */
  caller: TwilioCaller;
  /** The caller's language, or the default until they chose one. */
  language: Language;
}

export type StepFn = (ctx: AppContext, ivr: Ivr, input: StepInput) => Promise<VoiceResponse>;

export function languageOf(state: CallState, ctx: AppContext): Language {
  return state.language ?? ctx.config.DEFAULT_LANGUAGE;
}

/** A step: parse, run, answer TwiML; an unexpected error still answers TwiML (an apology), never JSON. */
export function step(ctx: AppContext, ivr: Ivr, fn: StepFn): RequestHandler {
  return async (req: Request, res: Response) => {
    const parsed = callSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(400).type('text/plain').send('missing CallSid');
      return;
    }
    let state: CallState = { choices: 0 };
    try {
      state = await ivr.calls.get(parsed.data.CallSid);
      sendTwiml(res, await fn(ctx, ivr, { call: parsed.data, req, state, caller: callerOf(res), language: languageOf(state, ctx) }));
    } catch (err) {
      const errorId = randomUUID();
      ctx.logger.error({ err, errorId, callSid: parsed.data.CallSid, path: req.path }, 'ivr step failed');
      sendTwiml(res, hangUp(voiceResponse(), languageOf(state, ctx), 'error.generic'));
    }
  };
}

/** Form fields Twilio adds to some steps (recording, queue), beyond the call's own. */
export function formField(req: Request, name: string): unknown {
  return (req.body as Record<string, unknown>)[name];
}
