// Passive feedback (seed 002 ch. 8–9): after a complaint or call is resolved, the customer
// is asked for a 1–5 score and a comment by SMS or e-mail. One survey per ticket (its `_id`),
// consent and quiet hours honoured; the answer link carries a random token.
import { createHash, randomBytes } from 'node:crypto';
import type { Language } from '../../wire';
import type { CoreContext } from '../context';
import { DomainError } from '../errors';
import { quietUntil, reach } from '../reminders/delivery-rules';
import { phoneKey } from '../../models/contact-point';
import { customerByAccount } from '../../models/repos/customers';
import { isDuplicateKey } from '../../models/store';
import { Survey, SurveyByPhone } from '../../models/survey';
import { toE164 } from '../phone';
import { Ticket } from '../../models/ticket';
import { translateSurvey } from './catalog';

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function sendSurveys(ctx: CoreContext, asOf: Date): Promise<Record<string, number>> {
  const s = ctx.rules.surveys;
  const counts = { scanned: 0, created: 0, sent: 0, deferred: 0, skipped: 0 };
  if (!s.enabled) return counts;
  const newest = new Date(asOf.getTime() - s.delayHours * 3_600_000);
  const oldest = new Date(asOf.getTime() - s.answerDays * 86_400_000);
  const cursor = Ticket.find(
    { status: { $in: ['resolved', 'closed'] }, category: { $in: s.categories }, resolvedAt: { $lte: newest, $gte: oldest } },
    { number: 1, accountNumber: 1, category: 1, channel: 1, language: 1, contact: 1 },
  )
    .lean()
    .cursor({ batchSize: 500 });
  for await (const t of cursor) {
    counts.scanned += 1;
    const id = String(t._id);
    const token = randomBytes(18).toString('base64url');
    try {
      await Survey.create({
        _id: id,
        ticketNumber: t.number,
        accountNumber: t.accountNumber,
        category: t.category,
        language: t.language,
        tokenHash: tokenHash(token),
        status: 'pending',
        notBefore: asOf,
        expiresAt: new Date(asOf.getTime() + s.answerDays * 86_400_000),
      });
      counts.created += 1;
    } catch (err) {
      if (isDuplicateKey(err)) continue; // surveyed already
      throw err;
    }
    const outcome = await deliver(ctx, id, token, t, asOf);
    counts[outcome] += 1;
  }
  return counts;
}

type TicketRow = {
  number: string;
  accountNumber?: string | null;
  channel: string;
  language?: Language | null;
  contact?: { address?: string | null } | null;
};

async function deliver(ctx: CoreContext, id: string, token: string, t: TicketRow, asOf: Date): Promise<'sent' | 'deferred' | 'skipped'> {
  const s = ctx.rules.surveys;
  const customer = t.accountNumber ? await customerByAccount(t.accountNumber, { phones: 1, emails: 1, consents: 1, language: 1 }) : null;
  const address = t.contact?.address ?? '';
  const language = customer?.language ?? t.language ?? ctx.config.DEFAULT_LANGUAGE;
  const link = `${ctx.config.PUBLIC_BASE_URL}/api/surveys/${id}?t=${token}`;
  // The channel the customer used first (an SMS or a call is answered by SMS), then the rest.
  const order = [t.channel === 'email' ? 'email' : 'sms', ...s.channels].filter(
    (c, i, a): c is 'sms' | 'email' => (c === 'sms' || c === 'email') && a.indexOf(c) === i && s.channels.includes(c),
  );
  const tried: string[] = [];
  for (const channel of order) {
    // Without an address on record, the one the ticket came from, if it is of this channel's kind.
    const fromTicket = (channel === 'email' ? address.includes('@') : address.startsWith('+')) ? address : undefined;
    const reached = reach(channel, customer, ctx.outbound, fromTicket);
    if ('skip' in reached) {
      tried.push(`${channel}:${reached.skip}`);
      continue;
    }
    const { to, sender } = reached;
    const until = quietUntil(channel, ctx.rules, asOf, ctx.config.TIMEZONE);
    if (until) {
      // Surveys are not worth a message at night: this one is simply not sent (no retry spam).
      tried.push(`${channel}:quiet`);
      continue;
    }
    try {
      const body = translateSurvey(language, channel === 'sms' ? 'smsBody' : 'body', { number: t.number, max: s.scaleMax, link });
      await sender.send({
        messageId: `survey:${id}:${channel}`,
        to,
        language,
        kind: 'survey',
        ticketId: id,
        accountNumber: t.accountNumber ?? undefined,
        subject: translateSurvey(language, 'subject', { number: t.number }),
        body,
      });
    } catch (err) {
      tried.push(`${channel}:${err instanceof DomainError ? err.code : 'error'}`);
      continue;
    }
    // Sent: what follows must not make the loop try the next channel (a second survey).
    await Survey.updateOne({ _id: id }, { $set: { status: 'sent', channel, sentAt: asOf } });
    const e164 = channel === 'sms' ? toE164(to, ctx.config.DEFAULT_COUNTRY) : null;
    if (e164)
      await SurveyByPhone.updateOne(
        { _id: phoneKey(e164) },
        { $set: { surveyId: id, expiresAt: new Date(asOf.getTime() + s.answerDays * 86_400_000) } },
        { upsert: true },
      );
    return 'sent';
  }
  const quiet = tried.some((x) => x.endsWith(':quiet'));
  await Survey.updateOne({ _id: id }, { $set: { status: 'skipped', reason: tried.join(' ') } });
  return quiet ? 'deferred' : 'skipped';
}
