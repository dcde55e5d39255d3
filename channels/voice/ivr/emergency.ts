// 9, from the first prompt of every call: a gas leak or another danger. Day and night, never
// voicemail: the call becomes an emergency ticket (priority 0, the 24/7 emergency queue;
// ingest raises the dispatch task and the alerts) and waits in Twilio's <Enqueue> for the
// first agent, hearing the rule set's safety instructions — in every language when the
// caller has not chosen one yet.
import type { AppContext } from '../../../app/context';
import type { Language } from '../../../wire';
import { sayText } from '../speech';
import { queueCall } from './agent';
import type { MenuBranch } from './menu';
import type { StepFn } from './step';
import { say, voiceResponse, type VoiceResponse } from './twiml';

export const emergencyKey = '9';

/** The safety instructions in the caller's language, or in each language when none is known. */
function instruct(ctx: AppContext, r: Parameters<typeof sayText>[0], language: Language | undefined): void {
  const texts = ctx.rules.emergencies.safetyInstructions;
  const languages: Language[] = language
    ? [language]
    : [ctx.config.DEFAULT_LANGUAGE, ...(['it', 'en', 'ru'] as const).filter((l) => l !== ctx.config.DEFAULT_LANGUAGE)];
  for (const l of languages) if (texts[l]) sayText(r, l, texts[l]);
}

export const emergencyBranch: MenuBranch = async (ctx, ivr, r, input) => {
  const known = input.state.language;
  say(r, input.language, 'emergency.connecting');
  instruct(ctx, r, known);
  return queueCall(ctx, ivr, r, input, {
    category: 'emergency',
    externalId: `${input.call.CallSid}:emergency`,
    waitStep: '/emergency/wait',
  });
};

/** POST /emergency: 9 pressed where the menu is not the next step (the language choice, the outage announcement). */
export const emergencyStep: StepFn = async (ctx, ivr, input) => {
  await ivr.calls.choice(input.call.CallSid);
  return emergencyBranch(ctx, ivr, voiceResponse(), input);
};

/** While the caller waits: the safety instructions again, then a short pause (Twilio asks again when it ends). */
export const emergencyWait: StepFn = async (ctx, _ivr, { state }): Promise<VoiceResponse> => {
  const r = voiceResponse();
  instruct(ctx, r, state.language);
  r.pause({ length: 10 });
  return r;
};
