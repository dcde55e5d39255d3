// Written messages about a decision: a plan or deferral taken on the phone is confirmed by SMS
// to the number that called, or by e-mail when no SMS can go (no sender, STOP); the outcome of
// a dispute likewise. Idempotent: the message id is derived from the decision, so a retried
// step sends nothing twice. A failure to send is logged, never undoes the decision.
import { Message } from '../../models/message';
import { customerByAccount } from '../../models/repos/customers';
import type { CoreContext } from '../context';
import { confirmationText } from './confirmation';
import type { Decision } from './decide';
import type { Language } from '../../wire';

/** One written message to the customer: SMS to `phone` (or the first on file), else the first e-mail; once per `messageId`. */
export async function sendToCustomer(
  ctx: Pick<CoreContext, 'config' | 'logger' | 'outbound'>,
  cmd: { accountNumber: string; messageId: string; phone?: string | null; text: (language: Language) => string },
): Promise<'sms' | 'email' | null> {
  const customer = await customerByAccount(cmd.accountNumber, { language: 1, emails: 1, phones: 1 });
  const language = customer?.language ?? ctx.config.DEFAULT_LANGUAGE;
  const body = cmd.text(language);
  const base = { body, language, kind: 'notice' as const, accountNumber: cmd.accountNumber };
  const phone = cmd.phone ?? customer?.phones?.[0];
  const email = customer?.emails?.[0];
  const attempts: Array<['sms' | 'email', () => Promise<unknown>]> = [];
  if (phone && ctx.outbound.sms)
    attempts.push(['sms', () => ctx.outbound.sms!.send({ ...base, messageId: `${cmd.messageId}:sms`, to: phone })]);
  if (email && ctx.outbound.email)
    attempts.push([
      'email',
      () => ctx.outbound.email!.send({ ...base, messageId: `${cmd.messageId}:email`, to: email, subject: body.slice(0, 60) }),
    ]);
  for (const [channel, send] of attempts) {
    if (await Message.exists({ _id: `${cmd.messageId}:${channel}` })) return channel;
    try {
      await send();
      return channel;
    } catch (err) {
      ctx.logger.warn({ messageId: cmd.messageId, channel, code: (err as { code?: string }).code }, 'customer message not sent');
    }
  }
  return null;
}

export function sendDecisionConfirmation(
  ctx: Pick<CoreContext, 'config' | 'logger' | 'outbound'>,
  cmd: { decision: Decision; accountNumber: string; phone?: string | null },
): Promise<'sms' | 'email' | null> {
  const d = cmd.decision;
  return sendToCustomer(ctx, {
    accountNumber: cmd.accountNumber,
    messageId: `decision:${d.kind}:${d.billNumber}`,
    phone: cmd.phone,
    text: (language) => confirmationText(d, language, ctx.config.TIMEZONE),
  });
}
