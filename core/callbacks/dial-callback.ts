// A callback reaches the head of its queue when an agent takes it (a push offer accepted or a
// pull claim): the agent is reserved by that claim, and the customer is rung first, through
// the voice outbound port; when they answer, their call is bridged to the agent
// (callback-outcome.ts). Ringing the customer first means the agent, already committed, waits
// a few seconds of ringing rather than the customer hearing hold music on a call we placed.
import { Callback } from '../../models/callback';
import type { CoreContext } from '../context';
import { callbackCallEnded } from './callback-outcome';

export type CallbackContext = Pick<CoreContext, 'events' | 'clock' | 'logger' | 'outbound' | 'rules'>;

/** Our id of one call of a request: its message row and the `?m=` of its status callbacks. */
export const callbackMessageId = (ticketId: string, attempt: number) => `callback:${ticketId}:${attempt}`;

export function parseCallbackMessageId(messageId: string): { ticketId: string; attempt: number } | null {
  const m = /^callback:([0-9a-f]{24}):(\d{1,2})$/.exec(messageId);
  return m ? { ticketId: m[1]!, attempt: Number(m[2]) } : null;
}

/**
 * The ticket was claimed: if it is a callback waiting for its turn, the call is placed (one
 * attempt, counted by one conditional update, so two nodes never both dial). False when the
 * ticket is no callback waiting to be dialled.
 */
export async function dialCallback(ctx: CallbackContext, cmd: { ticketId: string; agentId: string }): Promise<boolean> {
  const cb = await Callback.findOneAndUpdate(
    { _id: cmd.ticketId, state: 'waiting' },
    { $set: { state: 'dialling', agentId: cmd.agentId, lastOutcome: null }, $inc: { attempts: 1 } },
    { returnDocument: 'after' },
  ).lean();
  if (!cb) return false;
  const attempt = cb.attempts ?? 1;
  try {
    const voice = ctx.outbound.voice;
    if (!voice) throw new Error('no voice channel in this process');
    const sent = await voice.send({
      messageId: callbackMessageId(cb._id, attempt),
      to: cb.phone,
      body: `callback ${attempt}/${ctx.rules.callbacks.attempts}`,
      language: cb.language as 'it' | 'en' | 'ru',
      kind: 'callback',
      ticketId: cb._id,
    });
    await Callback.updateOne({ _id: cb._id, state: 'dialling', attempts: attempt }, { $set: { outboundSid: sent.externalId } });
    ctx.events.emit('call.event', {
      callSid: sent.externalId,
      kind: 'callback_placed',
      at: ctx.clock.now(),
      queue: cb.queue,
      language: cb.language,
      ticketId: cb._id,
    });
    ctx.logger.info({ ticketId: cb._id, attempt, callSid: sent.externalId, agentId: cmd.agentId }, 'callback call placed');
  } catch (err) {
    ctx.logger.warn({ err, ticketId: cb._id, attempt }, 'callback call could not be placed');
    await callbackCallEnded(ctx, { ticketId: cb._id, attempt, status: 'failed' });
  }
  return true;
}
