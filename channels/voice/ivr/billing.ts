// Menu 4, a decision on a bill by phone: instalment plan (1) or deferral (2); the caller's
// open bills read back by amount and due date, one picked by its key or by the number printed
// on it; the plan or the new due date the rules give, confirmed with a key; a refusal with
// its precise reason and an agent on 1. The caller is the account's by their number (the
// same check as SMS and the web, core/billing/identity.ts); the decision is confirmed in
// writing too (SMS, else e-mail).
import { DateTime } from 'luxon';
import type { AppContext } from '../../../app/context';
import { money, percent, rateBasis } from '../../../core/billing/confirmation';
import { decide, refusalReason, type Decision, type DecisionKind } from '../../../core/billing/decide';
import { openBillsOf, verifyBillOwner } from '../../../core/billing/identity';
import { tRefusal } from '../../../core/billing/refusal-catalog';
import { sendDecisionConfirmation } from '../../../core/billing/send-confirmation';
import type { Language } from '../../../wire';
import { toAgent } from './agent';
import { menu, type MenuBranch } from './menu';
import type { StepFn } from './step';
import { openTicket } from './open-ticket';
import { CHOICE, NUMBER, ask, gather, redirect, say, spell, voiceResponse, type VoiceResponse } from './twiml';

/** Bills read back at most (keys 1–9). */
const MAX_BILLS = 9;

export const askBilling: MenuBranch = (ctx, _ivr, r, { language }) =>
  ask(ctx, r, { language, keys: CHOICE, action: '/billing', prompt: 'billing.choose', otherwise: '/menu' });

const spokenDay = (at: Date, language: Language, ctx: AppContext) =>
  DateTime.fromJSDate(at, { zone: ctx.config.TIMEZONE }).setLocale(language).toFormat('d MMMM yyyy');

/** An agent on 1 (a refusal, an unknown caller); anything else back to the menu. */
function offerAgent(ctx: AppContext, r: VoiceResponse, language: Language, prompt: string, params?: Record<string, unknown>) {
  return ask(ctx, r, { language, keys: CHOICE, action: '/billing/agent', prompt, params, otherwise: '/menu' });
}

function refuse(ctx: AppContext, r: VoiceResponse, language: Language, err: unknown): VoiceResponse {
  const reason = refusalReason(err);
  if (!reason) throw err;
  return offerAgent(ctx, r, language, 'billing.refused', { reason: tRefusal(language, reason) });
}

export const billingChoice: StepFn = async (ctx, ivr, { call, state, language }) => {
  const r = voiceResponse();
  const kind: DecisionKind | null = call.Digits === '1' ? 'instalment' : call.Digits === '2' ? 'deferral' : null;
  if (!kind) {
    say(r, language, 'menu.invalid');
    return menu(ctx, r, language);
  }
  await ivr.calls.choice(call.CallSid);
  await ivr.calls.set(call.CallSid, { billingKind: kind });
  if (!state.accountNumber) return offerAgent(ctx, r, language, 'billing.unknown_caller');
  const bills = (await openBillsOf(state.accountNumber)).slice(0, MAX_BILLS);
  if (bills.length === 0) {
    say(r, language, 'billing.no_bills');
    return menu(ctx, r, language);
  }
  await ivr.calls.set(call.CallSid, { billingKind: kind, bills: bills.map((b) => b.billNumber).join(',') });
  const g = gather(ctx, r, NUMBER, '/billing/bill');
  bills.forEach((b, i) =>
    say(g, language, 'billing.bill_item', { n: i + 1, amount: money(b.outstanding, language), date: spokenDay(b.dueAt, language, ctx) }),
  );
  say(g, language, 'billing.pick');
  return redirect(ctx, r, '/menu');
};

function proposal(ctx: AppContext, r: VoiceResponse, language: Language, d: Decision): VoiceResponse {
  const params =
    d.kind === 'deferral'
      ? { date: spokenDay(d.newDueAt, language, ctx), old: spokenDay(d.originalDueAt, language, ctx) }
      : {
          count: d.plan.instalments.length,
          first: money(d.plan.instalments[0]!.amount, language),
          date: spokenDay(d.plan.instalments[0]!.dueAt, language, ctx),
          rate: percent(d.plan.interestRate, language),
          basis: rateBasis(d.plan, language, { timeZone: ctx.config.TIMEZONE, spoken: true }),
          total: money(d.plan.total, language),
        };
  const prompt =
    d.kind === 'deferral'
      ? 'billing.proposal.deferral'
      : d.plan.hardship
        ? 'billing.proposal.instalment_hardship'
        : 'billing.proposal.instalment';
  return ask(ctx, r, { language, keys: CHOICE, action: '/billing/confirm', prompt, params, otherwise: '/menu' });
}

export const billingBill: StepFn = async (ctx, ivr, { call, req, state, caller, language }) => {
  const r = voiceResponse();
  const kind = state.billingKind as DecisionKind | undefined;
  const bills = state.bills ? state.bills.split(',') : [];
  if (!kind || !state.accountNumber || bills.length === 0) return menu(ctx, r, language);
  const typed = (call.Digits ?? '').replace(/\D/g, '');
  // The key of a bill read back, or the number printed on one of them (its digits).
  const bill = typed.length === 1 ? bills[Number(typed) - 1] : bills.find((b) => typed.length > 1 && b.replace(/\D/g, '') === typed);
  if (!bill) {
    const retry = Number(req.query.retry ?? 0) || 0;
    say(r, language, 'billing.not_a_bill');
    if (retry >= 1) return menu(ctx, r, language);
    return ask(ctx, r, { language, keys: NUMBER, action: '/billing/bill?retry=1', prompt: 'billing.pick', otherwise: '/menu' });
  }
  try {
    const { accountNumber } = await verifyBillOwner(bill, { phone: caller.e164, accountNumber: state.accountNumber });
    const d = await decide(ctx, { kind, billNumber: bill, channel: 'voice', actor: `customer:${accountNumber}`, dryRun: true });
    await ivr.calls.set(call.CallSid, { bill });
    return proposal(ctx, r, language, d);
  } catch (err) {
    return refuse(ctx, r, language, err);
  }
};

const decidedKey = (callSid: string, bill: string) => `call:${callSid}:decided:${bill}`;

export const billingConfirm: StepFn = async (ctx, ivr, { call, state, caller, language }) => {
  const r = voiceResponse();
  const kind = state.billingKind as DecisionKind | undefined;
  if (call.Digits === '2' || !kind || !state.bill || !state.accountNumber) return menu(ctx, r, language);
  if (call.Digits !== '1') {
    say(r, language, 'menu.invalid');
    return menu(ctx, r, language);
  }
  const bill = state.bill;
  // A retried webhook hears the same confirmation; the decision is taken once.
  const done = await ctx.redis.get(decidedKey(call.CallSid, bill));
  if (done) {
    const { prompt, params } = JSON.parse(done) as { prompt: string; params: Record<string, unknown> };
    say(r, language, prompt, params);
    return menu(ctx, r, language);
  }
  try {
    const { accountNumber } = await verifyBillOwner(bill, { phone: caller.e164, accountNumber: state.accountNumber });
    const d = await decide(ctx, { kind, billNumber: bill, channel: 'voice', actor: `customer:${accountNumber}` });
    const said =
      d.kind === 'deferral'
        ? { prompt: 'billing.confirmed.deferral', params: { date: spokenDay(d.newDueAt, language, ctx) } }
        : d.plan.status === 'pending_approval'
          ? { prompt: 'billing.confirmed.instalment_pending', params: {} }
          : { prompt: 'billing.confirmed.instalment', params: { date: spokenDay(d.plan.instalments[0]!.dueAt, language, ctx) } };
    await ctx.redis.set(decidedKey(call.CallSid, bill), JSON.stringify(said), 'EX', 86_400);
    say(r, language, said.prompt, said.params);
    if (await sendDecisionConfirmation(ctx, { decision: d, accountNumber, phone: caller.e164 }))
      say(r, language, 'billing.confirmation_sent');
    return menu(ctx, r, language);
  } catch (err) {
    return refuse(ctx, r, language, err);
  }
};

/** After a refusal or for an unknown caller: 1 an agent now, 2 a written request for the back office (answered within its deadline). */
export const billingAgent: StepFn = async (ctx, ivr, input) => {
  const { call, state, caller, language } = input;
  if (call.Digits === '1') return toAgent(ctx, ivr, voiceResponse(), input);
  const r = voiceResponse();
  const category = state.billingKind === 'instalment' || state.billingKind === 'deferral' ? state.billingKind : null;
  if (call.Digits !== '2' || !category) return menu(ctx, r, language);
  const opened = await openTicket(ctx, { call, state, caller, externalId: `${call.CallSid}:${category}`, category });
  say(r, language, 'billing.done', { ticket: spell(opened.ticketNumber) });
  return menu(ctx, r, language);
};
