// The call's first steps: greeting and language (remembered per caller for the next
// calls), then the outage announcement or the main menu.
import type { AppContext } from '../../../app/context';
import type { Language } from '../../../wire';
import { identifyCaller } from '../caller';
import { emitCall } from './call-events';
import { menu } from './menu';
import { announceOutage } from './outage';
import type { StepFn } from './step';
import { QUICK_CHOICE, gather, redirect, say, voiceResponse, type VoiceResponse } from './twiml';

/** Keypad choices the caller made by language: 1 it, 2 en, 3 ru (the order of the greeting). */
const LANGUAGE_KEYS: Record<string, Language> = { '1': 'it', '2': 'en', '3': 'ru' };

/** After the language is known: the outage announcement (24/7) if one concerns the caller, then the menu. */
async function start(ctx: AppContext, language: Language, areaCodes: string[] | null): Promise<VoiceResponse> {
  const r = voiceResponse();
  say(r, language, 'welcome');
  if (await announceOutage(ctx, r, language, areaCodes)) return r;
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
  if (language) return start(ctx, language, caller?.areaCodes ?? null);
  const r = voiceResponse();
  const g = gather(ctx, r, QUICK_CHOICE, '/language');
  for (const l of ['it', 'en', 'ru'] as const) say(g, l, 'language.choose');
  // No choice: the default language.
  return redirect(ctx, r, `/language?default=1`);
};

export const chooseLanguage: StepFn = async (ctx, ivr, { call, caller: from }) => {
  const language = LANGUAGE_KEYS[call.Digits ?? ''] ?? ctx.config.DEFAULT_LANGUAGE;
  if (call.Digits) await ivr.calls.choice(call.CallSid);
  const e164 = from.e164;
  await ivr.calls.set(call.CallSid, { language });
  if (e164 && call.Digits && LANGUAGE_KEYS[call.Digits]) await ivr.calls.rememberLanguage(e164, language);
  const areas = (await ivr.calls.get(call.CallSid)).areas;
  return start(ctx, language, areas ? areas.split(',') : null);
};
