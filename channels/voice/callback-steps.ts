// The phone side of callbacks the system dials (core/callbacks): the step that answers our
// outbound call (a person → "this is your callback" and a <Dial> to the agent who took it; a
// machine → hang up, counted as no answer), and the end of each such call from its status
// callback. The call is placed by dialCallback when an agent claims the ticket (bridge.ts).
import type { RequestHandler, Router } from 'express';
import { callbackAnswered, callbackCallEnded } from '../../core/callbacks/callback-outcome';
import { parseCallbackMessageId } from '../../core/callbacks/dial-callback';
import type { AppContext } from '../../app/context';
import { dialAgent } from './bridge';
import { step, formField, type Ivr } from './ivr/step';
import { say, voiceResponse } from './ivr/twiml';
import { CALLBACK_ANSWER_PATH } from './outbound';

export function registerCallbackSteps(router: Router, ctx: AppContext, ivr: Ivr, mw: RequestHandler[]): void {
  router.post(
    CALLBACK_ANSWER_PATH,
    ...mw,
    step(ctx, ivr, async (c, _ivr, { req }) => {
      const r = voiceResponse();
      const id = parseCallbackMessageId(typeof req.query.m === 'string' ? req.query.m : '');
      const answeredBy = formField(req, 'AnsweredBy');
      const to = id ? await callbackAnswered(c, { ...id, answeredBy: typeof answeredBy === 'string' ? answeredBy : undefined }) : null;
      if (!to) {
        r.hangup();
        return r;
      }
      say(r, to.language, 'hold.connecting');
      // The agent's <Dial> is the one every bridged call uses.
      return dialAgent(c, r, { _id: to.agentId, phone: to.phone });
    }),
  );
}

/** The status callback of one of our calls: when it is a callback's, its end decides the next attempt. */
export async function callbackStatus(ctx: AppContext, messageId: string, status: string): Promise<void> {
  const id = parseCallbackMessageId(messageId);
  if (id) await callbackCallEnded(ctx, { ...id, status });
}
