// The customer's own request for their data (GDPR Art. 15 and 20; 152-FZ art. 14), made on
// the web reception: identity checked as for self-service (the account number with a phone
// or an e-mail on file), the request recorded as a ticket with the rule set's legal deadline
// and audited, and the export delivered by a link with a short-lived random token sent to the
// e-mail on record (else by SMS to the phone on record). The store keeps only the token's
// hash; the export is built when the link is used, never stored. docs/rules.md, "Privacy".
import { createHash, randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { Audit } from '../../models/audit';
import { ExportLink } from '../../models/export-link';
import { Message } from '../../models/message';
import { customerByAccount } from '../../models/repos/customers';
import { Ticket } from '../../models/ticket';
import type { Language } from '../../wire';
import type { CoreContext } from '../context';
import { DomainError } from '../errors';
import { deadlineAfter } from '../rules/deadline';
import type { RuleSet } from '../rules/presets';

export const ExportLinkInvalid = () => new DomainError('ExportLinkInvalid', 'this link is not valid', 404, { reason: 'invalid' });
export const ExportLinkExpired = () => new DomainError('ExportLinkExpired', 'this link has expired', 410, { reason: 'expired' });

/** When the answer to an access request received at `from` is due under the rule set. Pure. */
export function accessDeadline(from: Date, rule: RuleSet['privacy']['accessRequest'], country: string, timeZone: string): Date {
  if (rule.unit === 'months') return DateTime.fromJSDate(from, { zone: timeZone }).plus({ months: rule.answer }).toJSDate();
  return deadlineAfter(from, { answerDays: rule.answer, unit: rule.unit }, country, timeZone);
}

export const hashExportToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export interface ExportRequestResult {
  deadline: Date;
  /** Where the link went, or null when no channel could carry it (the ticket is there for an agent). */
  sentVia: 'email' | 'sms' | null;
  expiresAt: Date;
}

/**
 * Records the request on its ticket (the legal deadline) and in the audit, and sends the
 * link. `text` words the message in the customer's language (the channel's catalogue);
 * `url` turns the token into the link.
 */
export async function deliverExportLink(
  ctx: Pick<CoreContext, 'config' | 'logger' | 'outbound' | 'clock' | 'rules'>,
  cmd: {
    accountNumber: string;
    ticketId: string;
    url: (token: string) => string;
    text: (language: Language, v: { url: string; hours: number }) => string;
    redacted: (language: Language) => string;
  },
): Promise<ExportRequestResult> {
  const now = ctx.clock.now();
  const deadline = accessDeadline(now, ctx.rules.privacy.accessRequest, ctx.config.DEFAULT_COUNTRY, ctx.config.TIMEZONE);
  await Ticket.updateOne({ _id: cmd.ticketId }, { $set: { 'sla.resolutionDueAt': deadline } });
  await Audit.create({
    at: now,
    actor: 'customer:web',
    action: 'customer.export.request',
    target: `customer:${cmd.accountNumber}`,
    details: `ticket=${cmd.ticketId}`,
  });

  const hours = ctx.config.PRIVACY_EXPORT_LINK_HOURS;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + hours * 3_600_000);
  const linkId = hashExportToken(token);
  await ExportLink.create({ _id: linkId, accountNumber: cmd.accountNumber, ticketId: cmd.ticketId, requestedAt: now, expiresAt });

  const customer = await customerByAccount(cmd.accountNumber, { language: 1, emails: 1, phones: 1 });
  const language = (customer?.language ?? ctx.config.DEFAULT_LANGUAGE) as Language;
  const body = cmd.text(language, { url: cmd.url(token), hours });
  const email = customer?.emails?.[0];
  const phone = customer?.phones?.[0];
  const base = { body, language, kind: 'notice' as const, accountNumber: cmd.accountNumber, ticketId: cmd.ticketId };
  const attempts: Array<['email' | 'sms', () => Promise<unknown>]> = [];
  if (email && ctx.outbound.email)
    attempts.push(['email', () => ctx.outbound.email!.send({ ...base, messageId: `export:${linkId.slice(0, 24)}:email`, to: email })]);
  if (phone && ctx.outbound.sms)
    attempts.push(['sms', () => ctx.outbound.sms!.send({ ...base, messageId: `export:${linkId.slice(0, 24)}:sms`, to: phone })]);
  let sentVia: ExportRequestResult['sentVia'] = null;
  for (const [channel, send] of attempts) {
    try {
      await send();
      sentVia = channel;
      break;
    } catch (err) {
      ctx.logger.warn({ ticketId: cmd.ticketId, channel, code: (err as { code?: string }).code }, 'export link not sent');
    } finally {
      // The stored copy of the message never keeps the link: whoever reads the store cannot download.
      await Message.updateOne({ _id: `export:${linkId.slice(0, 24)}:${channel}` }, { $set: { body: cmd.redacted(language) } });
    }
  }
  await ExportLink.updateOne({ _id: linkId }, { $set: { sentVia } });
  ctx.logger.info({ ticketId: cmd.ticketId, sentVia }, 'export link');
  return { deadline, sentVia, expiresAt };
}

/** The account behind a download link still in force (each use counted and audited); a named error otherwise. */
export async function openExportLink(ctx: Pick<CoreContext, 'clock'>, token: string): Promise<{ accountNumber: string }> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw ExportLinkInvalid();
  const now = ctx.clock.now();
  const link = await ExportLink.findById(hashExportToken(token)).lean();
  if (!link) throw ExportLinkInvalid();
  if (link.expiresAt.getTime() <= now.getTime()) throw ExportLinkExpired();
  const customer = await customerByAccount(link.accountNumber, { anonymisedAt: 1 });
  if (!customer || customer.anonymisedAt) throw ExportLinkInvalid();
  await ExportLink.updateOne({ _id: link._id }, { $inc: { downloads: 1 }, $set: { lastDownloadAt: now } });
  await Audit.create({
    at: now,
    actor: 'customer:link',
    action: 'customer.export',
    target: `customer:${link.accountNumber}`,
    details: 'format=zip via=link',
  });
  return { accountNumber: link.accountNumber };
}
