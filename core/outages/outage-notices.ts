// The `outage-notices` job. Keeps the IVR's promise "we will text you when supply returns": once an outage is
// resolved, every number that asked gets one SMS (ctx.outbound.sms, so STOP is honoured).
// Idempotent: the message id is derived from (outage, number), and a number is removed from
// the outage's list once its SMS went out or was refused.
import { accountByPhone, customerByAccount } from '../../models/repos/customers';
import { Message } from '../../models/message';
import { Outage } from '../../models/outage';
import type { CoreContext } from '../context';
import { tOutage } from './catalog';

export async function sendOutageNotices(
  ctx: Pick<CoreContext, 'config' | 'logger' | 'outbound'>,
): Promise<{ outages: number; sent: number; refused: number; failed: number }> {
  const counts = { outages: 0, sent: 0, refused: 0, failed: 0 };
  const sms = ctx.outbound.sms;
  if (!sms) return counts;
  const outages = await Outage.find({ status: 'resolved' }, { notifyPhones: 1, service: 1 }).lean();
  for (const outage of outages) {
    if (!outage.notifyPhones?.length) continue;
    counts.outages += 1;
    for (const phone of outage.notifyPhones) {
      const messageId = `outage:${String(outage._id)}:${phone}`;
      const done = await Message.findById(messageId, { state: 1 }).lean();
      if (!done || done.state === 'failed') {
        // The account is passed on even when its customer is gone (the send records it).
        const account = await accountByPhone(phone);
        const customer = account ? await customerByAccount(account, { language: 1 }) : null;
        const language = customer?.language ?? ctx.config.DEFAULT_LANGUAGE;
        const body = tOutage(language, 'outage.restored', { service: tOutage(language, `service.${outage.service}`) });
        try {
          await sms.send({ messageId, to: phone, body, language, kind: 'alert', accountNumber: account ?? undefined });
          counts.sent += 1;
        } catch (err) {
          if ((err as { code?: string }).code === 'SmsConsentWithdrawn') counts.refused += 1;
          else {
            counts.failed += 1;
            ctx.logger.warn({ outageId: String(outage._id), err: (err as Error).message }, 'outage notice not sent; retried next run');
            continue;
          }
        }
      }
      await Outage.updateOne({ _id: outage._id }, { $pull: { notifyPhones: phone } });
    }
  }
  return counts;
}
