// Menu 4: instalment (1) or deferral (2) — a ticket for now; the billing rules decide later.
import { menu, type MenuBranch } from './menu';
import { openTicket } from './open-ticket';
import type { StepFn } from './step';
import { CHOICE, ask, say, spell, voiceResponse } from './twiml';

export const askBilling: MenuBranch = (ctx, _ivr, r, { language }) =>
  ask(ctx, r, { language, keys: CHOICE, action: '/billing', prompt: 'billing.choose', otherwise: '/menu' });

export const billingChoice: StepFn = async (ctx, ivr, { call, state, caller, language }) => {
  const r = voiceResponse();
  const category = call.Digits === '1' ? 'instalment' : call.Digits === '2' ? 'deferral' : null;
  if (!category) {
    say(r, language, 'menu.invalid');
    return menu(ctx, r, language);
  }
  await ivr.calls.choice(call.CallSid);
  const opened = await openTicket(ctx, { call, state, caller, externalId: `${call.CallSid}:${category}`, category });
  say(r, language, 'billing.done', { ticket: spell(opened.ticketNumber) });
  return menu(ctx, r, language);
};
