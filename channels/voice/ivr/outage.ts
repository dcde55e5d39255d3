// Outages on the phone: the announcement of the outage in force at the caller's supplies (24/7,
// before the menu: its public message and estimate) with an offer of an SMS when it is back,
// and the caller's own report (menu 3), which ingest links to an outage in force or counts
// towards a suspected one. A caller who heard the announcement and hung up without asking for
// an agent was deflected (call-events.ts counts it).
import type { AppContext } from '../../../app/context';
import { activeOutages, outageCovering } from '../../../core/outages/active-outages';
import type { Supply } from '../../../core/outages/areas';
import { formatRestoration } from '../../../core/outages/wording';
import { Outage, type OutageRow } from '../../../models/outage';
import type { Language } from '../../../wire';
import { tVoice } from '../catalog';
import { sayText } from '../speech';
import { emergencyKey } from './emergency';
import { menu, type MenuBranch } from './menu';
import { openTicket } from './open-ticket';
import type { Ivr, StepFn } from './step';
import { QUICK_CHOICE, gather, redirect, say, spell, voiceResponse, type VoiceResponse } from './twiml';

/** The outage in force at one of the caller's supplies, if any (the outages in force are cached for a second). */
export async function outageForCaller(supplies: Supply[] | null): Promise<OutageRow | null> {
  if (!supplies?.length) return null;
  return outageCovering(await activeOutages(), supplies);
}

/** Said into the announcement's <Gather>: the emergency option first, the outage, then the SMS offer. */
export async function announceOutage(
  ctx: AppContext,
  ivr: Ivr,
  r: VoiceResponse,
  input: { callSid: string; language: Language; outage: OutageRow },
): Promise<VoiceResponse> {
  const { callSid, language, outage } = input;
  const id = String(outage._id);
  // Counted once per call, whichever step plays it again.
  if (await ivr.calls.once(callSid, 'outage', id))
    await Outage.updateOne({ _id: outage._id }, { $inc: { 'figures.announced': 1, 'figures.contacts.voice': 1 } });
  const g = gather(ctx, r, QUICK_CHOICE, `/outage?o=${id}`);
  say(g, language, 'emergency.offer');
  sayOutage(ctx, g, language, outage);
  say(g, language, 'outage.offer');
  return redirect(ctx, r, '/menu');
}

function sayOutage(ctx: AppContext, r: Parameters<typeof say>[0], language: Language, outage: OutageRow): void {
  const own = outage.publicMessage?.[language]?.trim();
  const restoration = outage.expectedRestorationAt ? formatRestoration(outage.expectedRestorationAt, language, ctx.config.TIMEZONE) : null;
  if (own) {
    sayText(r, language, own);
    return restoration ? say(r, language, 'outage.eta', { restoration }) : say(r, language, 'outage.eta_unknown');
  }
  const cause = outage.cause?.[language] || tVoice(language, 'outage.cause_unknown');
  const service = tVoice(language, `service.${outage.service}`);
  if (!restoration) return say(r, language, 'outage.announce_no_eta', { service, cause });
  say(r, language, 'outage.announce', { service, cause, restoration });
}

/** After the announcement: 1 = text me when it is back, 9 = an emergency; then the menu. */
export const outageChoice: StepFn = async (ctx, ivr, input) => {
  const { call, req, caller: from, language } = input;
  if (call.Digits === emergencyKey) return redirect(ctx, voiceResponse(), '/emergency');
  const r = voiceResponse();
  const outageId = typeof req.query.o === 'string' ? req.query.o : '';
  const e164 = from.e164;
  if (call.Digits) await ivr.calls.choice(call.CallSid);
  if (call.Digits === '1' && e164 && /^[0-9a-f]{24}$/.test(outageId)) {
    await Outage.updateOne({ _id: outageId }, { $addToSet: { notifyPhones: e164 } });
    say(r, language, 'outage.subscribed');
  }
  return menu(ctx, r, language);
};

/** Menu 3: a ticket, through ingest: linked to the outage in force (and said so), or counted towards a suspicion. */
export const reportOutage: MenuBranch = async (ctx, _ivr, r, { call, state, caller: from, language }) => {
  const opened = await openTicket(ctx, { call, state, caller: from, externalId: `${call.CallSid}:outage`, category: 'outage' });
  say(r, language, opened.outage ? 'outage.report.linked' : 'outage.report.done', { ticket: spell(opened.ticketNumber) });
  return menu(ctx, r, language);
};
