// The main menu: its prompt (where every branch returns) and the step that plays it again
// on silence — up to three times — or hands the key pressed to its branch.
import type { AppContext } from '../../../app/context';
import type { Ivr, StepFn, StepInput } from './step';
import { CHOICE, gather, hangUp, redirect, say, voiceResponse, type VoiceResponse } from './twiml';

const MAX_MENU_RETRIES = 3;

/** A branch of the menu, given the response to continue (the menu step counted the choice). */
export type MenuBranch = (ctx: AppContext, ivr: Ivr, r: VoiceResponse, input: StepInput) => Promise<VoiceResponse> | VoiceResponse;

/** The menu, the emergency option (9) first. */
export function menu(ctx: AppContext, r: VoiceResponse, language: string, retry = 0): VoiceResponse {
  const g = gather(ctx, r, CHOICE, '/menu');
  say(g, language, 'emergency.offer');
  say(g, language, 'menu');
  return redirect(ctx, r, `/menu?retry=${retry + 1}`);
}

/** Without Digits the menu is (re)played; with Digits it branches (keys from `branches`). */
export function mainMenu(branches: Record<string, MenuBranch>): StepFn {
  return async (ctx, ivr, input) => {
    const { call, req, state, language } = input;
    const r = voiceResponse();
    if (!call.Digits) {
      const retry = Number(req.query.retry ?? 0) || 0;
      if (retry >= MAX_MENU_RETRIES) return hangUp(r, language, 'goodbye');
      return menu(ctx, r, language, retry);
    }
    const choices = await ivr.calls.choice(call.CallSid);
    const branch = Object.hasOwn(branches, call.Digits) ? branches[call.Digits] : undefined;
    if (!branch) {
      say(r, language, 'menu.invalid');
      return menu(ctx, r, language);
    }
    return branch(ctx, ivr, r, { ...input, state: { ...state, choices } });
  };
}
