// A decision taken on the phone is confirmed in writing as well: by SMS to the number that
// called, or by e-mail when no SMS can go (no sender, STOP). Idempotent: the message id is
// derived from the decision, so a retried step sends nothing twice. A failure to send is
// logged, never undoes the decision.
import { Message } from '../../models/message';
import { customerByAccount } from '../../models/repos/customers';
import type { CoreContext } from '../context';
import { confirmationText } from './confirmation';
import type { Decision } from './decide';

export async function sendDecisionConfirmation(
  ctx: Pick<CoreContext, 'config' | 'logger' | 'outbound'>,
  cmd: { decision: Decision; accountNumber: string; phone?: string | null },
): Promise<'sms' | 'email' | null> {
  const d = cmd.decision;
  const customer = await customerByAccount(cmd.accountNumber, { language: 1, emails: 1, phones: 1 });
  const language = customer?.language ?? ctx.config.DEFAULT_LANGUAGE;
  const body = confirmationText(d, language, ctx.config.TIMEZONE);
  const messageId = `decision:${d.kind}:${d.billNumber}`;
  const base = { body, language, kind: 'notice' as const, accountNumber: cmd.accountNumber };
  const phone = cmd.phone ?? customer?.phones?.[0];
  const email = customer?.emails?.[0];
  const attempts: Array<['sms' | 'email', () => Promise<unknown>]> = [];
  if (phone && ctx.outbound.sms)
    attempts.push(['sms', () => ctx.outbound.sms!.send({ ...base, messageId: `${messageId}:sms`, to: phone })]);
  if (email && ctx.outbound.email)
    attempts.push([
      'email',
      () => ctx.outbound.email!.send({ ...base, messageId: `${messageId}:email`, to: email, subject: body.slice(0, 60) }),
    ]);
  for (const [channel, send] of attempts) {
    if (await Message.exists({ _id: `${messageId}:${channel}` })) return channel;
    try {
      await send();
      return channel;
    } catch (err) {
      ctx.logger.warn({ billNumber: d.billNumber, channel, code: (err as { code?: string }).code }, 'decision confirmation not sent');
    }
  }
  return null;
}
