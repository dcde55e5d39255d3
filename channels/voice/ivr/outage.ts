// Outages on the phone: the announcement of a known outage in the caller's areas (24/7,
// before the menu) with an offer of an SMS when it is back, and the caller's own report
// (menu 3), which counts towards a suspected outage in their areas.
import { DateTime } from 'luxon';
import type { AppContext } from '../../../app/context';
import { Outage } from '../../../models/outage';
import { Ticket } from '../../../models/ticket';
import type { Language } from '../../../wire';
import { tVoice } from '../catalog';
import { activeOutage, identifyCaller, type ActiveOutage } from '../caller';
import { countOutageReport } from '../outage-reports';
import { menu, type MenuBranch } from './menu';
import { openTicket } from './open-ticket';
import type { StepFn } from './step';
import { QUICK_CHOICE, ask, say, spell, voiceResponse, type VoiceResponse } from './twiml';

/** Announces the outage that concerns the caller, if any; false when there is none. */
export async function announceOutage(ctx: AppContext, r: VoiceResponse, language: Language, areaCodes: string[] | null): Promise<boolean> {
  const outage = areaCodes ? await activeOutage(areaCodes) : null;
  if (!outage) return false;
  sayOutage(ctx, r, language, outage);
  ask(ctx, r, { language, keys: QUICK_CHOICE, action: `/outage?o=${String(outage._id)}`, prompt: 'outage.offer', otherwise: '/menu' });
  return true;
}

function sayOutage(ctx: AppContext, r: VoiceResponse, language: Language, outage: ActiveOutage): void {
  const cause = outage.cause?.[language] || tVoice(language, 'outage.cause_unknown');
  const service = tVoice(language, `service.${outage.service}`);
  if (!outage.expectedRestorationAt) return say(r, language, 'outage.announce_no_eta', { service, cause });
  const restoration = DateTime.fromJSDate(outage.expectedRestorationAt, { zone: ctx.config.TIMEZONE })
    .setLocale(language)
    .toFormat('cccc d MMMM, HH:mm');
  say(r, language, 'outage.announce', { service, cause, restoration });
}

/** After the announcement: 1 = text me when it is back; then the menu either way. */
export const outageChoice: StepFn = async (ctx, ivr, { call, req, caller: from, language }) => {
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

/** Menu 3: a ticket; a first report also counts towards a suspected outage and tags the areas. */
export const reportOutage: MenuBranch = async (ctx, _ivr, r, { call, state, caller: from, language }) => {
  const opened = await openTicket(ctx, { call, state, caller: from, externalId: `${call.CallSid}:outage`, category: 'outage' });
  if (!opened.duplicate) {
    const caller = state.accountNumber ? await identifyCaller(from.e164, ctx.config.DEFAULT_LANGUAGE) : null;
    for (const supply of caller?.supplies ?? []) {
      await countOutageReport(
        { redis: ctx.redis, events: ctx.events },
        { areaCode: supply.areaCode, service: supply.service, at: ctx.clock.now() },
        { threshold: ctx.config.OUTAGE_REPORTS_THRESHOLD, windowMinutes: ctx.config.OUTAGE_REPORTS_WINDOW_MINUTES },
      );
    }
    if (opened.ticketId && caller?.areaCodes.length)
      await Ticket.updateOne({ _id: opened.ticketId }, { $addToSet: { tags: { $each: caller.areaCodes.map((a) => `area:${a}`) } } });
  }
  say(r, language, 'outage.report.done', { ticket: spell(opened.ticketNumber) });
  return menu(ctx, r, language);
};
