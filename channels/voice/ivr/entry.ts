// The call's first steps: greeting and language (remembered per caller for the next calls),
// the emergency option first of all — before the language choice for a caller we do not know,
// said in each language — then the outage announcement or the main menu.
import type { AppContext } from '../../../app/context';
import type { Supply } from '../../../core/outages/areas';
import type { Language } from '../../../wire';
import { identifyCaller } from '../caller';
import { emitCall } from './call-events';
import { emergencyKey } from './emergency';
import { menu } from './menu';
import { announceOutage, outageForCaller } from './outage';
import type { Ivr, StepFn } from './step';
import { QUICK_CHOICE, gather, redirect, say, voiceResponse, type VoiceResponse } from './twiml';

/** Keypad choices the caller made by language: 1 it, 2 en, 3 ru (the order of the greeting). */
const LANGUAGE_KEYS: Record<string, Language> = { '1': 'it', '2': 'en', '3': 'ru' };

/** After the language is known: the outage announcement (24/7) if one concerns the caller, then the menu; the emergency option opens both. */
async function start(ctx: AppContext, ivr: Ivr, callSid: string, language: Language, supplies: Supply[] | null): Promise<VoiceResponse> {
  const r = voiceResponse();
  say(r, language, 'welcome');
  const outage = await outageForCaller(supplies);
  if (outage) return announceOutage(ctx, ivr, r, { callSid, language, outage });
  return menu(ctx, r, language);
}

/** The entry webhook: who calls, in which language; asks for it when nobody knows. */
export const enter: StepFn = async (ctx, ivr, { call, state, caller: from }) => {
  const now = ctx.clock.now();
  const e164 = from.e164;
  const first = await ivr.calls.begin(call.CallSid, from.address, now);
  const [caller, remembered] = await Promise.all([
    identifyCaller(e164, ctx.config.DEFAULT_LANGUAGE),
    e164 ? ivr.calls.rememberedLanguage(e164) : null,
  ]);
  const language = remembered ?? caller?.language ?? null;
  await ivr.calls.set(call.CallSid, {
    accountNumber: caller?.accountNumber,
    language: language ?? undefined,
    areas: caller?.areaCodes.join(','),
  });
  if (first)
    emitCall(ctx, { ...state, language: language ?? undefined, startedAt: now.getTime() }, { callSid: call.CallSid, kind: 'ivr_entered' });
  if (language) return start(ctx, ivr, call.CallSid, language, caller?.supplies ?? null);
  const r = voiceResponse();
  const g = gather(ctx, r, QUICK_CHOICE, '/language');
  // A caller in danger must not have to understand a language menu first: 9, said in each language.
  for (const l of ['it', 'en', 'ru'] as const) say(g, l, 'emergency.offer');
  for (const l of ['it', 'en', 'ru'] as const) say(g, l, 'language.choose');
  // No choice: the default language.
  return redirect(ctx, r, `/language?default=1`);
};

export const chooseLanguage: StepFn = async (ctx, ivr, { call, state, caller: from }) => {
  // The language is not known yet: the emergency step speaks every one.
  if (call.Digits === emergencyKey) return redirect(ctx, voiceResponse(), '/emergency');
  const language = LANGUAGE_KEYS[call.Digits ?? ''] ?? ctx.config.DEFAULT_LANGUAGE;
  if (call.Digits) await ivr.calls.choice(call.CallSid);
  const e164 = from.e164;
  await ivr.calls.set(call.CallSid, { language });
  if (e164 && call.Digits && LANGUAGE_KEYS[call.Digits]) await ivr.calls.rememberLanguage(e164, language);
  const caller = state.accountNumber ? await identifyCaller(e164, ctx.config.DEFAULT_LANGUAGE) : null;
  return start(ctx, ivr, call.CallSid, language, caller?.supplies ?? null);
};
