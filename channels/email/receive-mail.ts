// The inbound mail use case, shared by the SMTP server and the webhook: parse, recognise
// bounces and automatic mail, thread (headers, then the ticket number in the subject),
// store attachments, ingest, remember the Message-ID, acknowledge a new ticket.
import { associationForMail, recordCase } from '../../core/associations/associations';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CoreContext } from '../../core/context';
import { ingest, type IngestResult } from '../../core/ingest/ingest';
import { outageAnswer } from '../../core/outages/answer';
import { countNoticeDelivery } from '../../core/outages/notices/count-delivery';
import { messageKey } from '../../core/ingest/inbound-message';
import { Message } from '../../models/message';
import { isDuplicateKey } from '../../models/store';
import { accountByEmail } from '../../models/repos/customers';
import { ticketById, ticketByNumber } from '../../models/repos/tickets';
import type { Language } from '../../wire';
import type { Category } from '../../wire';
import { attachmentDecision, type AttachmentStore } from './attachment-store';
import { formatDeadline, tEmail } from './catalog';
import { lookupMessageIds, rememberMessageId } from './mail-index';
import { classifyNoise } from './noise';
import { parseMail, type ParsedMail } from './parse';
import { dedupeKey, messageIdFromVerp, parentCandidates, ticketNumberInSubject } from './threading';
import { unsubscribeByMail } from './unsubscribe-mail';
import { deadlineAfter } from '../../core/rules/deadline';

export type MailContext = CoreContext & { redis: Redis };

export interface Envelope {
  /** '' for the null sender, null when unknown (the webhook). */
  mailFrom: string | null;
  rcptTo: string[];
}

export type ReceiveOutcome =
  | {
      outcome: 'ticket';
      ticketId?: string;
      ticketNumber?: string;
      created: boolean;
      duplicate: boolean;
      ackQueued: boolean;
    }
  | { outcome: 'bounce'; markedFailed: string | null }
  /** Machine mail: kept on its ticket's thread when it has one (`ticketId`), otherwise dropped; never a ticket of its own. */
  | { outcome: 'machine'; ticketId: string | null; reason: string };

const KEPT_HEADERS = new Set(['message-id', 'in-reply-to', 'references', 'auto-submitted', 'precedence', 'list-id', 'date']);

/** A ticket named in the subject is joined only by a sender it belongs to (numbers are guessable). */
async function ticketBySubject(subject: string, fromAddress: string): Promise<string | null> {
  const number = ticketNumberInSubject(subject);
  if (!number || !fromAddress) return null;
  const t = await ticketByNumber(number, { contact: 1, accountNumber: 1 });
  if (!t) return null;
  if ((t.contact?.address ?? '').toLowerCase() === fromAddress) return String(t._id);
  if (t.accountNumber) {
    if ((await accountByEmail(fromAddress)) === t.accountNumber) return String(t._id);
  }
  return null;
}

async function threadOf(mail: ParsedMail): Promise<string | undefined> {
  const byHeaders = await lookupMessageIds(parentCandidates(mail.inReplyTo, mail.references));
  if (byHeaders) return byHeaders.ticketId;
  return (await ticketBySubject(mail.subject, mail.fromAddress)) ?? undefined;
}

async function storeAttachments(ctx: MailContext, store: AttachmentStore, mail: ParsedMail) {
  const out = [];
  for (const a of mail.attachments.slice(0, 50)) {
    const decision = attachmentDecision(a.contentType, a.content.byteLength, ctx.config.ATTACHMENT_MAX_BYTES);
    const meta = { filename: a.filename.slice(0, 255), contentType: a.contentType.slice(0, 255), size: a.content.byteLength };
    // Refused files stay listed (the agent sees something was sent) without their bytes.
    out.push(decision.store ? { ...meta, storageKey: await store.put(a.content) } : meta);
  }
  return out;
}

/** At most MAIL_ACK_MAX_PER_HOUR acknowledgements to one address: the last guard against loops. */
async function ackAllowed(ctx: MailContext, address: string): Promise<boolean> {
  const hour = Math.floor(ctx.clock.now().getTime() / 3_600_000);
  const key = `mail:ack:${createHash('sha256').update(address).digest('hex').slice(0, 24)}:${hour}`;
  const n = await ctx.redis.incr(key);
  if (n === 1) await ctx.redis.expire(key, 3700);
  return n <= ctx.config.MAIL_ACK_MAX_PER_HOUR;
}

export interface AckRequest {
  ticketId: string;
  ticketNumber: string;
  category: Category;
  language: Language;
  to: string;
  /** Extra lines after the standard text (the web reception adds the tracking link). */
  extra?: string;
  /** Instead of the standard text: the answer of an outage in force, or an emergency's safety instructions. */
  text?: { subject: string; body: string };
}

/** What a new ticket's acknowledgement says instead of the standard text: an outage in force, an emergency. */
export function answerOf(ctx: CoreContext, result: IngestResult): AckRequest['text'] {
  const language = result.language ?? ctx.config.DEFAULT_LANGUAGE;
  if (result.outage) return outageAnswer(result.outage, language, ctx.config.TIMEZONE, result.ticketNumber);
  if (result.emergency)
    return {
      subject: tEmail(language, 'ack.subject', { number: result.ticketNumber }),
      body: `${ctx.rules.emergencies.safetyInstructions[language]}\n\n${tEmail(language, 'signature')}`,
    };
  return undefined;
}

/** The acknowledgement mail: ticket number and the category's regulatory answer deadline. */
export async function sendAcknowledgement(ctx: MailContext, ack: AckRequest): Promise<boolean> {
  const sender = ctx.outbound.email;
  if (!sender) return false;
  const messageId = `email-ack:${ack.ticketId}`;
  // One per ticket, however often the inbound mail is redelivered.
  if (await Message.exists({ _id: messageId })) return false;
  if (!(await ackAllowed(ctx, ack.to))) {
    ctx.logger.warn({ ticketId: ack.ticketId }, 'acknowledgement suppressed: too many to this address this hour');
    return false;
  }
  const ticket = await ticketById(ack.ticketId, { sla: 1 });
  const rule = ctx.rules.categories[ack.category];
  const due = ticket?.sla?.resolutionDueAt ?? deadlineAfter(ctx.clock.now(), rule, ctx.rules.dunning.country, ctx.config.TIMEZONE);
  const params = {
    number: ack.ticketNumber,
    category: tEmail(ack.language, `category.${ack.category}`),
    deadline: formatDeadline(due, ack.language, ctx.config.TIMEZONE),
    period: tEmail(ack.language, `period.${rule.unit}`, { count: rule.answerDays }),
    signature: tEmail(ack.language, 'signature'),
  };
  let body = ack.text?.body ?? tEmail(ack.language, 'ack.body', params);
  if (ack.extra) body = `${body}\n\n${ack.extra}`;
  await sender.send({
    messageId,
    to: ack.to,
    body,
    language: ack.language,
    kind: 'ack',
    ticketId: ack.ticketId,
    subject: ack.text?.subject ?? tEmail(ack.language, 'ack.subject', params),
  });
  return true;
}

/**
 * An auto-reply, a newsletter, a no-reply notice: nobody's work. On a thread we know (a reply
 * to our mail, or our ticket number in the subject from the ticket's sender) it is stored with
 * that ticket so the agent sees it, without reopening, queueing or counting the ticket unread;
 * otherwise it is logged and dropped. Idempotent on the same key as ingest's.
 */
async function keepMachineMail(
  ctx: MailContext,
  mail: ParsedMail,
  envelope: Envelope,
  ticketId: string | undefined,
  reason: string,
): Promise<ReceiveOutcome> {
  if (!ticketId) {
    ctx.logger.info({ reason }, 'machine mail on no thread of ours; no ticket opened');
    return { outcome: 'machine', ticketId: null, reason };
  }
  const externalId = dedupeKey(mail.messageId, mail.fromAddress, mail.date, mail.text);
  try {
    await Message.create({
      _id: messageKey('email', externalId),
      ticketId,
      direction: 'in',
      channel: 'email',
      externalId,
      from: mail.fromAddress.slice(0, 320),
      to: envelope.rcptTo[0]?.slice(0, 320),
      subject: mail.subject.slice(0, 998),
      body: mail.text.slice(0, 100_000),
      headers: mail.headers.filter((h) => KEPT_HEADERS.has(h.name)).map((h) => ({ name: h.name, value: h.value.slice(0, 2000) })),
      state: 'processed',
      receivedAt: ctx.clock.now(),
      public: false,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  ctx.logger.info({ ticketId, reason }, 'machine mail kept on its thread; ticket left as it was');
  return { outcome: 'machine', ticketId, reason };
}

export async function receiveMail(
  ctx: MailContext,
  store: AttachmentStore,
  raw: Uint8Array | string,
  envelope: Envelope,
): Promise<ReceiveOutcome> {
  const mail = await parseMail(raw);
  const verdict = classifyNoise({
    headers: mail.headers,
    envelopeFrom: envelope.mailFrom,
    fromAddress: mail.fromAddress,
    isDsn: !!mail.dsn,
    subject: mail.subject,
  });

  // A bounce to one of our VERP addresses names our mail whatever its body says.
  const verpIds = envelope.rcptTo.map((r) => messageIdFromVerp(r, ctx.config.MAIL_FROM)).filter((id): id is string => id !== null);
  if (verdict.kind === 'bounce' || (verpIds.length > 0 && envelope.mailFrom === '')) {
    const original = await lookupMessageIds([...verpIds, ...(mail.dsn?.originalMessageIds ?? [])]);
    if (original?.outMessageId) {
      const bounced = await Message.updateOne(
        { _id: original.outMessageId, direction: 'out', state: { $ne: 'failed' } },
        { $set: { state: 'failed', error: `bounced${mail.dsn?.status ? ` ${mail.dsn.status}` : ''}` } },
      );
      // A bounced outage notice counts as failed in its outage's figures, once.
      if (bounced.modifiedCount === 1) await countNoticeDelivery(original.outMessageId, 'failed');
      ctx.logger.info({ messageId: original.outMessageId, ticketId: original.ticketId }, 'outbound mail bounced');
    } else {
      ctx.logger.info({ reason: verdict.kind === 'bounce' ? verdict.reason : 'verp' }, 'delivery report for no message of ours; dropped');
    }
    return { outcome: 'bounce', markedFailed: original?.outMessageId ?? null };
  }

  // Sent through the mailto: of our List-Unsubscribe: a genuine token withdraws consent; no ticket.
  const unsubscribed = await unsubscribeByMail(ctx, mail.subject);
  if (unsubscribed) return unsubscribed;

  const ticketId = await threadOf(mail);
  if (verdict.kind === 'quiet') return keepMachineMail(ctx, mail, envelope, ticketId, verdict.reason);
  const attachments = await storeAttachments(ctx, store, mail);
  // A consumer association's case: mail to its mailbox from one of its domains.
  const association = await associationForMail(envelope.rcptTo, mail.fromAddress, ctx.config.ASSOCIATION_MAILBOX);
  const result = await ingest(ctx, {
    channel: association ? 'association' : 'email',
    externalId: dedupeKey(mail.messageId, mail.fromAddress, mail.date, mail.text),
    from: mail.fromAddress.slice(0, 320),
    to: envelope.rcptTo[0]?.slice(0, 320),
    subject: mail.subject.slice(0, 998),
    body: mail.text.slice(0, 100_000),
    attachments,
    headers: mail.headers.filter((h) => KEPT_HEADERS.has(h.name)).map((h) => ({ name: h.name, value: h.value.slice(0, 2000) })),
    receivedAt: ctx.clock.now(),
    ticketId,
    identity: { email: mail.fromAddress || undefined, name: mail.fromName.slice(0, 200) || undefined },
  });
  if (result.ticketId && mail.messageId) await rememberMessageId(mail.messageId, result.ticketId);
  if (association && result.created && result.ticketId && result.ticketNumber)
    await recordCase(ctx, { association, ticketId: result.ticketId, ticketNumber: result.ticketNumber, at: ctx.clock.now() });

  let ackQueued = false;
  if (result.created && !result.duplicate && result.ticketId && result.ticketNumber && result.category && result.language) {
    const ack: AckRequest = {
      ticketId: result.ticketId,
      ticketNumber: result.ticketNumber,
      category: result.category,
      language: result.language,
      to: mail.fromAddress,
      text: answerOf(ctx, result),
    };
    // The sender gets its 250 without waiting for our relay; a failed ack is logged, the ticket stands.
    ackQueued = true;
    void sendAcknowledgement(ctx, ack).catch((err: unknown) =>
      ctx.logger.warn({ err, ticketId: result.ticketId }, 'acknowledgement failed'),
    );
  }
  return {
    outcome: 'ticket',
    ticketId: result.ticketId,
    ticketNumber: result.ticketNumber,
    created: result.created,
    duplicate: result.duplicate,
    ackQueued,
  };
}
