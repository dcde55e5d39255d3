// Virtual hold: a caller in the phone queue may hang up and keep their place; the queue item
// (its enqueuedAt) stays where it is and the call that answers it is an outbound one
// (dial-callback.ts). Whether to offer it is a pure rule of the rule set.
import { QueueItem } from '../../models/queue-item';
import { Callback } from '../../models/callback';
import { isDuplicateKey } from '../../models/store';
import { Ticket } from '../../models/ticket';
import type { CallbackRules } from '../rules/presets';

export interface QueueWait {
  /** Seconds this caller has been in the queue (Twilio's QueueTime). */
  queueSeconds: number;
  /** Seconds the caller is expected to wait still (position × average queue time). */
  expectedWaitSeconds: number;
}

/** Offered once the caller has waited `afterSeconds`, or at once when the expected wait is over `expectedWaitSeconds`. */
export function offersVirtualHold(rule: CallbackRules['virtualHold'], wait: QueueWait): boolean {
  if (rule.afterSeconds != null && wait.queueSeconds >= rule.afterSeconds) return true;
  return rule.expectedWaitSeconds != null && wait.expectedWaitSeconds > rule.expectedWaitSeconds;
}

export interface KeepPlaceCommand {
  ticketId: string;
  /** E.164 number to call back. */
  phone: string;
  language: string;
  callSid: string;
  callStartedAt?: Date;
  at: Date;
}

/**
 * The caller pressed the key: the request is recorded against the ticket's queue item, which
 * keeps its place. Null when there is no place to keep (already taken by an agent, or gone).
 * Pressing twice is one request.
 */
export async function keepPlace(cmd: KeepPlaceCommand): Promise<{ ticketNumber: string } | null> {
  const ticket = await Ticket.findById(cmd.ticketId, { number: 1, queue: 1, status: 1 }).lean();
  if (!ticket || ticket.status !== 'queued') return null;
  const item = await QueueItem.findById(cmd.ticketId, { enqueuedAt: 1 }).lean();
  if (!item) return null;
  try {
    await Callback.create({
      _id: cmd.ticketId,
      ticketNumber: ticket.number,
      origin: 'virtual_hold',
      phone: cmd.phone,
      language: cmd.language,
      queue: ticket.queue,
      requestedAt: cmd.at,
      callSid: cmd.callSid,
      callStartedAt: cmd.callStartedAt,
      enqueuedAt: item.enqueuedAt,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  await Ticket.updateOne({ _id: cmd.ticketId }, { $addToSet: { tags: 'virtual_hold' } });
  return { ticketNumber: ticket.number };
}
