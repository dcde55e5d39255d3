// The first steps of sending a reminder: take it (exactly one worker does), and on a retry
// find out whether an earlier attempt already handed the message to a channel. The two steps
// are shared by every keyed send made exactly once: reminders, outage notices (core/outages/notices).
import type { Model } from 'mongoose';
import type { CoreContext } from '../context';
import type { ReminderChannel } from '../rules/presets';
import { Message } from '../../models/message';
import { Reminder } from '../../models/reminder';
import { finish, type ClaimedReminder, type SendReminderCommand, type SendReminderResult, type Sending } from './sending';

/**
 * One conditional update takes a keyed send for this worker: a pending one whose time has come
 * (`notBefore` ≤ asOf), or one whose worker died (claimed longer ago than the lease). Null when
 * it is not due, done, or held by another worker. The row needs `status`, `notBefore`,
 * `claimedAt` and `attempts`.
 */
export function claimKeyedSend<T>(target: Model<any>, id: string, asOf: Date, wall: Date, leaseSeconds: number): Promise<T | null> {
  const leaseEdge = new Date(wall.getTime() - leaseSeconds * 1000);
  return target
    .findOneAndUpdate(
      {
        _id: id,
        $or: [
          { status: 'pending', notBefore: { $lte: asOf } },
          { status: 'sending', claimedAt: { $lte: leaseEdge } },
        ],
      },
      { $set: { status: 'sending', claimedAt: wall }, $inc: { attempts: 1 } },
      { returnDocument: 'after' },
    )
    .lean<T>()
    .exec();
}

/**
 * On a retry: the message a channel already took for this send (its row moved past "sending"),
 * among `<prefix>:<channel>` for each channel; null = nothing went out, send.
 */
export async function alreadyHanded(prefix: string, channels: readonly string[]) {
  // Lookups by _id: the store answers those without reading the collection.
  const rows = await Promise.all(
    channels.map((c) => Message.findById(`${prefix}:${c}`, { _id: 1, channel: 1, externalId: 1, state: 1 }).lean()),
  );
  return rows.find((m) => m && ['queued', 'sent', 'delivered'].includes(m.state)) ?? null;
}

/** The reminder, now held by this worker; null when it is not due or another worker holds it. */
export async function claimReminder(ctx: CoreContext, cmd: SendReminderCommand): Promise<ClaimedReminder | null> {
  // A reminder this run has just inserted is already claimed by that insert.
  if (cmd.claimed) return cmd.claimed;
  return claimKeyedSend<ClaimedReminder>(Reminder, cmd.reminderId, cmd.now, ctx.clock.now(), ctx.config.REMINDER_CLAIM_LEASE_SECONDS);
}

/**
 * A retry, perhaps of a worker that died mid-send: if a channel already handed the message
 * over (its row moved past "sending"), that is recorded instead of sending again; null = send.
 */
export async function reconcile(s: Sending): Promise<SendReminderResult | null> {
  if ((s.reminder.attempts ?? 0) <= 1) return null;
  const handed = await alreadyHanded(`reminder:${s.reminder._id}`, ['sms', 'email', 'voice']);
  if (!handed) return null;
  await finish(s, {
    status: 'sent',
    channel: handed.channel,
    messageId: handed._id,
    externalId: handed.externalId,
    sentAt: s.now,
    reason: 'reconciled',
  });
  return { outcome: 'sent', channel: handed.channel as ReminderChannel, reason: 'reconciled' };
}
