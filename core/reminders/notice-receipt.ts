// The return receipt of a formal notice sent by registered post (avviso di ricevimento): a
// back-office user records the day the customer received it, and a ladder step counted from
// the notice's delivery (it-2026: power reduction no earlier than 25 days after receipt) counts
// from that day. Without it a notice that went by post only would wait for a proof forever.
import { DateTime } from 'luxon';
import { recordAudit } from '../audit/record-audit';
import type { CoreContext } from '../context';
import { Conflict, Invalid, NotFound } from '../errors';
import { localDay } from '../billing/calendar';
import { Reminder, reminderId } from '../../models/reminder';

export interface RecordNoticeReceipt {
  billNumber: string;
  /** The receipt's date, YYYY-MM-DD, local time (config TIMEZONE). */
  receivedOn: string;
  actor: string;
}

export async function recordNoticeReceipt(
  ctx: Pick<CoreContext, 'clock' | 'config' | 'logger'>,
  cmd: RecordNoticeReceipt,
): Promise<{ billNumber: string; receivedAt: Date; sentAt: Date }> {
  const tz = ctx.config.TIMEZONE;
  const id = reminderId(cmd.billNumber, 'formal_notice');
  const notice = await Reminder.findById(id, { status: 1, sentAt: 1, receivedAt: 1 }).lean();
  if (!notice) throw NotFound(`formal notice of bill ${cmd.billNumber}`);
  if (notice.status !== 'sent' || !notice.sentAt) throw Conflict('NoticeNotSent', 'the formal notice of this bill has not been sent');
  const day = DateTime.fromISO(cmd.receivedOn, { zone: tz }).startOf('day');
  if (!day.isValid) throw Invalid('the receipt date must be a date (YYYY-MM-DD)');
  const sentDay = localDay(notice.sentAt, tz);
  if (day < sentDay) throw Invalid(`the receipt date is before the notice was sent (${sentDay.toISODate()})`);
  if (day > localDay(ctx.clock.now(), tz)) throw Invalid('the receipt date is in the future');
  const receivedAt = day.toJSDate();
  await Reminder.updateOne({ _id: id }, { $set: { receivedAt, receiptRecordedBy: cmd.actor } });
  await recordAudit({
    at: ctx.clock.now(),
    actor: cmd.actor,
    action: 'notice.receipt',
    target: `bill:${cmd.billNumber}`,
    details: { receivedOn: day.toISODate(), ...(notice.receivedAt ? { previous: localDay(notice.receivedAt, tz).toISODate() } : {}) },
  });
  ctx.logger.info({ bill: cmd.billNumber, by: cmd.actor }, 'formal notice receipt recorded');
  return { billNumber: cmd.billNumber, receivedAt, sentAt: notice.sentAt };
}
