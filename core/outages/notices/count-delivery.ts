// A delivery report of an outage notice (the provider's status callback): the outage's figures
// count it delivered or failed. Called only when the message's state moved (states only move
// forward, and delivered / undelivered / failed are final), so each notice counts once.
import { Outage } from '../../../models/outage';
import { NOTICE_STAGES, type NoticeStage } from '../../../wire/outages';

/** `outage:<outageId>:<recipient>:<stage>:<channel>` (send-notice.ts names its messages so). */
export function noticeOfMessage(messageId: string): { outageId: string; stage: NoticeStage } | null {
  const parts = messageId.split(':');
  if (parts.length !== 5 || parts[0] !== 'outage' || !/^[0-9a-f]{24}$/.test(parts[1] ?? '')) return null;
  const stage = parts[3] as NoticeStage;
  return NOTICE_STAGES.includes(stage) ? { outageId: parts[1]!, stage } : null;
}

export async function countNoticeDelivery(messageId: string, state: string): Promise<void> {
  const notice = noticeOfMessage(messageId);
  if (!notice) return;
  const figure = state === 'delivered' ? 'delivered' : state === 'failed' || state === 'undelivered' ? 'failed' : null;
  if (figure) await Outage.updateOne({ _id: notice.outageId }, { $inc: { [`figures.notices.${notice.stage}.${figure}`]: 1 } });
}
