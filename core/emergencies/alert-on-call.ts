// The on-call person hears of every emergency at once, day and night: an SMS and an e-mail to
// EMERGENCY_ONCALL_PHONE / EMERGENCY_ONCALL_EMAIL with the ticket, the place and the number to
// call back. Sent by the process that raised it (a listener of `emergency.raised`), tried a
// few times; the message ids are the ticket's, so a retry sends nothing twice.
import { Message } from '../../models/message';
import { Task } from '../../models/task';
import type { EmergencyRaised } from '../../wire/outages';
import type { CoreContext } from '../context';
import { tEmergency } from './catalog';

const ATTEMPTS = 3;

export async function alertOnCall(ctx: Pick<CoreContext, 'config' | 'logger' | 'outbound'>, e: EmergencyRaised): Promise<number> {
  const { EMERGENCY_ONCALL_PHONE: phone, EMERGENCY_ONCALL_EMAIL: email, DEFAULT_LANGUAGE: language } = ctx.config;
  const targets = [
    ...(phone && ctx.outbound.sms ? [{ channel: 'sms' as const, to: phone, sender: ctx.outbound.sms }] : []),
    ...(email && ctx.outbound.email ? [{ channel: 'email' as const, to: email, sender: ctx.outbound.email }] : []),
  ];
  if (!targets.length) return 0;
  const task = await Task.findById(e.taskId, { callbackNumber: 1, address: 1 }).lean();
  const params = {
    ticket: e.number,
    channel: e.channel,
    where: task?.address ?? tEmergency(language, 'unknown'),
    phone: task?.callbackNumber ?? '–',
    task: e.taskId,
  };
  let sent = 0;
  for (const t of targets) {
    const messageId = `emergency:${e.ticketId}:${t.channel}`;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      if (await Message.exists({ _id: messageId, state: { $ne: 'failed' } })) break;
      try {
        await t.sender.send({
          messageId,
          to: t.to,
          language,
          kind: 'alert',
          subject: tEmergency(language, 'oncall.subject', params),
          body: tEmergency(language, 'oncall.body', params),
          ticketId: e.ticketId,
        });
        sent += 1;
        break;
      } catch (err) {
        ctx.logger.error({ err, ticketId: e.ticketId, channel: t.channel, attempt }, 'on-call alert not sent');
        if (attempt < ATTEMPTS) await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
      }
    }
  }
  return sent;
}
