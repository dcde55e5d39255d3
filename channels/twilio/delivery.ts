// Delivery tracking of what we send through Twilio (SMS and automated calls). The message
// row's `_id` is ours (the OutboundMessage.messageId); Twilio's SID is stored as externalId,
// and the status-callback URL carries our id (`?m=`), so a callback is one `_id` update.
// Callbacks can arrive out of order (delivered before sent): a state only moves forward.
import { Message } from '../../models/message';
import { isDuplicateKey } from '../../models/store';
import type { Channel } from '../../wire';

export type DeliveryState = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed';

const RANK: Record<DeliveryState, number> = { queued: 1, sending: 2, sent: 3, delivered: 4, undelivered: 4, failed: 4 };

/** Twilio's message statuses onto ours. */
export function messageState(twilioStatus: string): DeliveryState | null {
  switch (twilioStatus) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
      return 'queued';
    case 'sending':
      return 'sending';
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return null;
  }
}

/** Twilio's call statuses onto ours: an answered and finished call is a delivered message. */
export function callState(twilioStatus: string): DeliveryState | null {
  switch (twilioStatus) {
    case 'queued':
      return 'queued';
    case 'initiated':
    case 'ringing':
      return 'sending';
    case 'in-progress':
    case 'answered':
      return 'sent';
    case 'completed':
      return 'delivered';
    case 'busy':
    case 'no-answer':
    case 'canceled':
    case 'failed':
      return 'failed';
    default:
      return null;
  }
}

function lowerThan(state: DeliveryState): DeliveryState[] {
  return (Object.keys(RANK) as DeliveryState[]).filter((s) => RANK[s] < RANK[state]);
}

export interface OutboundRecord {
  messageId: string;
  channel: Channel;
  externalId: string;
  to: string;
  from: string;
  body: string;
  ticketId?: string;
  at: Date;
}

/**
 * After the provider accepted a message: create our row with its SID (automated sends such
 * as reminders and notices keep none of their own, so this is one insert), or, when the
 * caller created it first (an agent's reply, written "queued" before the send), attach the
 * SID to it; a row marked "sending" becomes "queued".
 */
export async function recordAccepted(r: OutboundRecord): Promise<void> {
  try {
    await Message.create({
      _id: r.messageId,
      direction: 'out',
      channel: r.channel,
      externalId: r.externalId,
      to: r.to,
      from: r.from,
      body: r.body,
      ticketId: r.ticketId,
      state: 'queued',
    });
    return;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  // The caller's row: a status callback may have moved it further already; that state stays.
  const moved = await Message.updateOne({ _id: r.messageId, state: 'sending' }, { $set: { externalId: r.externalId, state: 'queued' } });
  if (moved.matchedCount === 0) await Message.updateOne({ _id: r.messageId }, { $set: { externalId: r.externalId } });
}

/** A refused or failed send: the row says so (a caller's row only; nothing is created). */
export async function recordFailed(messageId: string, error: string): Promise<void> {
  await Message.updateOne({ _id: messageId, direction: 'out' }, { $set: { state: 'failed', error } });
}

/**
 * A status callback. `messageId` comes from our callback URL; without it (a message sent
 * before this scheme) the SID is looked up. Returns whether a row moved.
 */
export interface StatusUpdate {
  messageId: string | undefined;
  externalId: string;
  state: DeliveryState;
  at: Date;
  error?: string;
}

export async function applyStatus(update: StatusUpdate): Promise<boolean> {
  const { messageId, externalId, state, at, error } = update;
  const set: Record<string, unknown> = { state };
  if (state === 'sent') set.sentAt = at;
  if (state === 'delivered') set.deliveredAt = at;
  if (error) set.error = error;
  const filter: Record<string, unknown> = messageId ? { _id: messageId, externalId } : { externalId, direction: 'out' };
  const res = await Message.updateOne({ ...filter, state: { $in: lowerThan(state) } }, { $set: set });
  return res.modifiedCount > 0;
}
