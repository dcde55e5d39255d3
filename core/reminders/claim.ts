// The first steps of sending a reminder: take it (exactly one worker does), and on a retry
// find out whether an earlier attempt already handed the message to a channel.
import type { CoreContext } from '../context';
import type { ReminderChannel } from '../rules/presets';
import { Message } from '../../models/message';
import { Reminder } from '../../models/reminder';
import { finish, type ClaimedReminder, type SendReminderCommand, type SendReminderResult, type Sending } from './sending';

/** The reminder, now held by this worker; null when it is not due or another worker holds it. */
export async function claimReminder(ctx: CoreContext, cmd: SendReminderCommand): Promise<ClaimedReminder | null> {
  // A reminder this run has just inserted is already claimed by that insert.
  if (cmd.claimed) return cmd.claimed;
  const wall = ctx.clock.now();
  const leaseEdge = new Date(wall.getTime() - ctx.config.REMINDER_CLAIM_LEASE_SECONDS * 1000);
  // One conditional update: a pending reminder whose time has come, or one whose worker died.
  return Reminder.findOneAndUpdate(
    {
      _id: cmd.reminderId,
      $or: [
        { status: 'pending', notBefore: { $lte: cmd.now } },
        { status: 'sending', claimedAt: { $lte: leaseEdge } },
      ],
    },
    { $set: { status: 'sending', claimedAt: wall }, $inc: { attempts: 1 } },
    { returnDocument: 'after' },
  ).lean();
}

/**
 * A retry, perhaps of a worker that died mid-send: if a channel already handed the message
 * over (its row moved past "sending"), that is recorded instead of sending again; null = send.
 */
export async function reconcile(s: Sending): Promise<SendReminderResult | null> {
  if ((s.reminder.attempts ?? 0) <= 1) return null;
  // Three lookups by _id: the store answers those without reading the collection.
  const rows = await Promise.all(
    (['sms', 'email', 'voice'] as const).map((c) =>
      Message.findById(`reminder:${s.reminder._id}:${c}`, { _id: 1, channel: 1, externalId: 1, state: 1 }).lean(),
    ),
  );
  const handed = rows.find((m) => m && ['queued', 'sent', 'delivered'].includes(m.state));
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
