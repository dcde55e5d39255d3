// When an agent claims a voice ticket (the claim use case emits `ticket.claimed`), the
// waiting caller is taken out of Twilio's queue and dialled through to the agent: a REST
// update of the live call with new TwiML (<Dial> to the agent's phone, or to their Twilio
// Client identity when they have no number).
import twilio from 'twilio';
import { dialCallback } from '../../core/callbacks/dial-callback';
import type { EventMap } from '../../core/events';
import { Agent } from '../../models/agent';
import type { AppContext } from '../../app/context';
import { twilioClientFor } from '../twilio/client';
import { answered, VOICE_BASE, type Ivr } from './ivr';
import { publicUrl } from '../twilio/signature';

export function bridgeTwiml(ctx: AppContext, agent: { _id: unknown; phone?: string | null }): string {
  return dialAgent(ctx, new twilio.twiml.VoiceResponse(), agent).toString();
}

/** The <Dial> to the agent's phone or Twilio Client identity, added to a response. */
export function dialAgent(
  ctx: AppContext,
  r: InstanceType<typeof twilio.twiml.VoiceResponse>,
  agent: { _id: unknown; phone?: string | null },
): InstanceType<typeof twilio.twiml.VoiceResponse> {
  const dial = r.dial({ action: publicUrl(ctx.config, `${VOICE_BASE}/dial-result`), method: 'POST', timeout: 20, answerOnBridge: true });
  const phone = agent.phone?.trim();
  if (phone && /^\+\d{6,15}$/.test(phone)) dial.number(phone);
  else dial.client(phone || `agent-${String(agent._id)}`);
  return r;
}

export function bridgeOnClaim(ctx: AppContext, ivr: Ivr) {
  return async (e: EventMap['ticket.claimed']): Promise<void> => {
    if (e.channel !== 'voice') return;
    // A caller who kept their place, or an out-of-hours request: the customer is rung now.
    if (await dialCallback(ctx, { ticketId: e.ticketId, agentId: e.agentId })) return;
    const callSid = await ivr.calls.callOfTicket(e.ticketId);
    if (!callSid) return; // a voicemail or callback ticket: no live call to bridge
    const state = await ivr.calls.get(callSid);
    if (state.ended || state.answeredAt) return;
    const agent = await Agent.findById(e.agentId, { phone: 1 }).lean();
    if (!agent) return;
    await twilioClientFor(ctx.config)
      .calls(callSid)
      .update({ twiml: bridgeTwiml(ctx, agent) });
    await answered(ctx, ivr, callSid, e.agentId);
    ctx.logger.info({ callSid, ticketId: e.ticketId, agentId: e.agentId }, 'call bridged to agent');
  };
}
