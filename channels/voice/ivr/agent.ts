// Menu 5, an agent: out of hours the after-hours choice; in hours the call becomes a
// ticket of channel "voice" in the agents' live queue and waits in Twilio's <Enqueue>,
// hearing its position, until an agent's claim bridges it (bridge.ts) or the caller leaves.
import { queueOpenAt } from '../../../core/opening/queue-open';
import { selectQueue } from '../../../core/routing/select-queue';
import { keepPlace, offersVirtualHold } from '../../../core/callbacks/virtual-hold';
import type { AppContext } from '../../../app/context';
import { Ticket } from '../../../models/ticket';
import { abandon, emitCall } from './call-events';
import type { MenuBranch } from './menu';
import { openTicket, type OpenCallTicket } from './open-ticket';
import { formField, languageOf, type Ivr, type StepFn, type StepInput } from './step';
import { sayText } from '../speech';
import { CHOICE, QUICK_CHOICE, gather, hangUp, redirect, say, spell, stepUrl, voiceResponse, type VoiceResponse } from './twiml';

export const toAgent: MenuBranch = async (ctx, ivr, r, input) => {
  const { call, state, language } = input;
  const now = ctx.clock.now();
  const opening = await queueOpenAt(ctx, await selectQueue('voice', 'information_request', true), now);
  if (!opening.open) {
    // Not an agent request of the line's figures (LS, IVR choices): nobody could answer it.
    if (await ivr.calls.once(call.CallSid, 'agentRequestedAt', now.getTime()))
      emitCall(ctx, state, { callSid: call.CallSid, kind: 'agent_requested_closed' });
    const g = gather(ctx, r, CHOICE, '/after-hours');
    if (opening.why === 'closure') {
      const text = opening.closure.message?.[language] || Object.values(opening.closure.message ?? {}).find(Boolean);
      if (text) sayText(g, language, text);
      else say(g, language, 'agent.closure');
      say(g, language, 'agent.closed_choice');
    } else if (opening.ownHours) {
      say(g, language, 'agent.closed_now');
      say(g, language, 'agent.closed_choice');
    } else say(g, language, 'agent.closed');
    return redirect(ctx, r, '/after-hours');
  }
  say(r, language, 'agent.connecting');
  // The call becomes a ticket of channel "voice" in the agents' live queue (externalId = CallSid).
  return queueCall(ctx, ivr, r, input, { category: 'information_request', externalId: call.CallSid, waitStep: '/wait' });
};

/**
 * The caller asked for a person (menu 5 in hours, or an emergency at any hour): a live voice
 * ticket in its queue, and the call in Twilio's <Enqueue> of that queue, hearing `waitStep`.
 */
export async function queueCall(
  ctx: AppContext,
  ivr: Ivr,
  r: VoiceResponse,
  { call, state, caller }: StepInput,
  q: { category: OpenCallTicket['category']; externalId: string; waitStep: string },
): Promise<VoiceResponse> {
  const now = ctx.clock.now();
  if (await ivr.calls.once(call.CallSid, 'agentRequestedAt', now.getTime()))
    emitCall(ctx, state, { callSid: call.CallSid, kind: 'agent_requested' });
  const opened = await openTicket(ctx, { call, state, caller, externalId: q.externalId, category: q.category, live: true });
  const ticket = opened.ticketId ? await Ticket.findById(opened.ticketId, { queue: 1 }).lean() : null;
  const queue = ticket?.queue ?? 'general';
  if (opened.ticketId) {
    await ivr.calls.linkTicket(opened.ticketId, call.CallSid);
    await ivr.calls.set(call.CallSid, { ticketId: opened.ticketId, queue });
    if (await ivr.calls.once(call.CallSid, 'enqueuedAt', now.getTime()))
      emitCall(ctx, { ...state, ticketId: opened.ticketId, queue }, { callSid: call.CallSid, kind: 'queued' });
  }
  r.enqueue({ waitUrl: stepUrl(ctx, q.waitStep), waitUrlMethod: 'POST', action: stepUrl(ctx, '/queue-result'), method: 'POST' }, queue);
  return r;
}

/**
 * In the queue: position and expected wait, then hold (Twilio requests this again when it
 * ends). After the rule set's wait, or when the expected wait is long, a caller whose number
 * we can call is offered to be called back keeping their place (virtual hold, key 1).
 */
export const waitInQueue: StepFn = async (ctx, _ivr, { req, language, caller }) => {
  const r = voiceResponse();
  const position = Number(formField(req, 'QueuePosition') ?? 0) || 1;
  const avg = Number(formField(req, 'AvgQueueTime') ?? 0) || 0;
  const queueSeconds = Number(formField(req, 'QueueTime') ?? 0) || 0;
  const minutes = Math.ceil((avg * position) / 60);
  const offer = !!caller.e164 && offersVirtualHold(ctx.rules.callbacks.virtualHold, { queueSeconds, expectedWaitSeconds: avg * position });
  const target = offer ? gather(ctx, r, QUICK_CHOICE, '/virtual-hold') : r;
  if (minutes > 0) say(target, language, 'agent.position', { position, minutes });
  else say(target, language, 'agent.position_short', { position });
  if (offer) say(target, language, 'hold.offer');
  r.pause({ length: 20 });
  return r;
};

/**
 * Key 1 during the wait: the place is kept and the caller leaves the queue (<Leave> ends the
 * <Enqueue>, whose action, queueResult, says goodbye). Any other key: back to the wait.
 */
export const virtualHold: StepFn = async (ctx, ivr, { call, state, caller }) => {
  const r = voiceResponse();
  if (call.Digits !== '1' || !caller.e164 || !state.ticketId) return r;
  const kept = await keepPlace({
    ticketId: state.ticketId,
    phone: caller.e164,
    language: languageOf(state, ctx),
    callSid: call.CallSid,
    callStartedAt: state.startedAt ? new Date(state.startedAt) : undefined,
    at: ctx.clock.now(),
  });
  if (!kept) return r; // an agent has just taken the call: it is being bridged
  await ivr.calls.set(call.CallSid, { virtualHold: kept.ticketNumber });
  // The call ends without being abandoned: its place in line is still there.
  await ivr.calls.once(call.CallSid, 'ended', 'virtual_hold');
  emitCall(ctx, state, { callSid: call.CallSid, kind: 'callback_requested' });
  r.leave();
  return r;
};

/** The <Enqueue> ended: bridged (the end comes with the status callback), or the caller hung up. */
export const queueResult: StepFn = async (ctx, ivr, { call, req, state, language }) => {
  const r = voiceResponse();
  const result = String(formField(req, 'QueueResult') ?? '');
  const queueTime = Number(formField(req, 'QueueTime') ?? NaN);
  if (result === 'leave' && state.virtualHold) return hangUp(r, language, 'hold.done', { ticket: spell(state.virtualHold) });
  if (result === 'hangup' || result === 'leave') {
    await abandon(ctx, ivr, { callSid: call.CallSid, state, queueSeconds: Number.isFinite(queueTime) ? queueTime : undefined });
  } else if (result === 'error' || result === 'system-error' || result === 'queue-full') {
    hangUp(r, language, 'error.generic');
  }
  return r;
};

/** The agent's leg after a bridge ended (or failed). */
export const dialResult: StepFn = async (_ctx, _ivr, { req, language }) => {
  const r = voiceResponse();
  const status = String(formField(req, 'DialCallStatus') ?? '');
  if (status !== 'completed' && status !== 'answered') say(r, language, 'error.generic');
  r.hangup();
  return r;
};
