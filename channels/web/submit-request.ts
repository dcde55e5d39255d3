// Use cases of the public reception: submit a request (form or chat), read it back with the
// tracking token, add a message to it. Transport-free: routes and the chat namespace call these.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CoreContext } from '../../core/context';
import { DomainError } from '../../core/errors';
import { ingest } from '../../core/ingest/ingest';
import { toE164 } from '../../core/phone';
import type { Category } from '../../wire';
import type { Language } from '../../wire';
import { Message } from '../../models/message';
import { ticketByNumber } from '../../models/repos/tickets';
import { Ticket } from '../../models/ticket';
import { messageKey } from '../../core/ingest/inbound-message';
import { recordAnswer } from '../../core/outages/answer';
import { answerOf, sendAcknowledgement } from '../email/receive-mail';
import { tWeb } from './catalog';
import { hashTrackingToken, newTrackingToken, trackingTokenMatches } from './tracking-token';

export type ReceptionContext = CoreContext & { redis: Redis };

export interface NewRequest {
  category?: Category;
  name: string;
  email?: string;
  phone?: string;
  accountNumber?: string;
  contractNumber?: string;
  subject?: string;
  message: string;
  reading?: string;
  language?: Language;
  /** The page's id of this submission (request-schema.ts): a repeat answers with the first ticket. */
  submissionId?: string;
}

export interface Submitted {
  ticketId: string;
  /** The stored first message (models/message.ts `_id`). */
  messageId: string;
  ticketNumber: string;
  trackingToken: string;
  category: Category;
  language: Language;
  deadline: Date | null;
  trackingPath: string;
  /** A repeat of a submission already stored (same submissionId): the first one's ticket. */
  repeated: boolean;
  /** About the outage in force (linked to it): what the visitor is told at once; an emergency: the safety instructions. */
  answer?: string;
}

const NUMBER = /^T-\d{4,12}$/;

/** Seconds a page waits before sending the same submission again (it is stored; a repeat is idempotent). */
export const RETRY_AFTER_SECONDS = 2;
export const TicketUnavailable = () =>
  new DomainError('TemporarilyUnavailable', 'the request was stored but could not be numbered yet; try again shortly', 503, {
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });

/** Without SESSION_SECRET (development), repeats are recognised by this process only. */
const fallbackSecret = randomBytes(32);
const ACK_ONCE_SECONDS = 24 * 3600;

/**
 * The tracking token of a submission that carries an id: derived from the message key with a
 * server secret, so every answer to the same submission — concurrent repeats, retries after a
 * 503 or a lost response — names the same token, while the ticket keeps only its hash. The id
 * is random and known only to the submitting page, so it is as hard to guess as a token.
 */
function submissionToken(secret: string | undefined, key: string): string {
  const subkey = createHmac('sha256', secret ?? fallbackSecret)
    .update('reception-tracking-token')
    .digest();
  return createHmac('sha256', subkey).update(key).digest('base64url');
}
export const RequestNotFound = (language?: string) => new DomainError('NotFound', tWeb(language, 'error.not_found'), 404);

export function trackingPath(ticketNumber: string, token: string): string {
  return `/track?n=${encodeURIComponent(ticketNumber)}&token=${encodeURIComponent(token)}`;
}

/**
 * A new ticket, its tracking token, and the usual acknowledgement by mail. A form is a written
 * request (channel `web`, the regulatory deadline in days); a chat taken while an agent is
 * available is a live contact (channel `chat`, an answer time in seconds); a chat nobody could
 * take becomes a written request like a form, with its acknowledgement.
 */
export async function submitRequest(
  ctx: ReceptionContext,
  req: NewRequest,
  source: 'form' | 'chat',
  opts: { acknowledge: boolean } = { acknowledge: true },
): Promise<Submitted> {
  const phone = req.phone ? (toE164(req.phone, ctx.config.DEFAULT_COUNTRY) ?? req.phone) : undefined;
  const body = req.reading ? `${req.message}\n\n${tWeb(req.language, 'body.reading', { reading: req.reading })}` : req.message;
  const externalId = `${source}:${req.submissionId ?? randomUUID()}`;
  const result = await ingest(ctx, {
    channel: source === 'chat' && !opts.acknowledge ? 'chat' : 'web',
    externalId,
    // A chat visitor may give no contact at all; the ticket still needs an address for agents' replies (the chat room).
    from: req.email ?? phone ?? `web-visitor:${randomUUID()}`,
    subject: req.subject,
    body,
    receivedAt: ctx.clock.now(),
    category: req.category,
    language: req.language,
    identity: { name: req.name, email: req.email, phone, accountNumber: req.accountNumber, contractNumber: req.contractNumber },
    newThread: true,
  });
  if (!result.ticketId || !result.ticketNumber || !result.category || !result.language) throw TicketUnavailable();

  const key = messageKey('web', externalId);
  const token = req.submissionId ? submissionToken(ctx.config.SESSION_SECRET, key) : newTrackingToken();
  // Every answer sets the same hash (a repeat may answer before the first one gets here).
  const updated = await Ticket.findOneAndUpdate(
    { _id: result.ticketId },
    { $set: { trackingTokenHash: hashTrackingToken(token) } },
    { returnDocument: 'after' },
  ).lean();
  const path = trackingPath(result.ticketNumber, token);
  // A live chat answered by an agent needs no mail; a form, or a chat nobody could take, gets one.
  // One acknowledgement per submission, whichever answer gets here first.
  const ackOnce = async () =>
    !req.submissionId || (await ctx.redis.set(`reception:ack:${key}`, '1', 'EX', ACK_ONCE_SECONDS, 'NX')) === 'OK';
  if (req.email && opts.acknowledge && (await ackOnce())) {
    const url = `${ctx.config.PUBLIC_BASE_URL}${path}`;
    void sendAcknowledgement(ctx, {
      ticketId: result.ticketId,
      ticketNumber: result.ticketNumber,
      category: result.category,
      language: result.language,
      to: req.email,
      extra: tWeb(result.language, 'ack.tracking', { url }),
      text: answerOf(ctx, result),
    }).catch((err: unknown) => ctx.logger.warn({ err, ticketId: result.ticketId }, 'acknowledgement failed'));
  }
  const answer = answerOf(ctx, result)?.body;
  // On the tracking page too: what the visitor was told is part of the conversation.
  if (answer && !result.duplicate)
    await recordAnswer({
      messageId: `outage-answer:${result.messageId}`,
      ticketId: result.ticketId,
      channel: 'web',
      body: answer,
      at: ctx.clock.now(),
    });
  ctx.logger.info({ ticketId: result.ticketId, ticket: result.ticketNumber, source, repeated: result.duplicate }, 'web request received');
  return {
    ticketId: result.ticketId,
    messageId: result.messageId,
    ticketNumber: result.ticketNumber,
    trackingToken: token,
    category: result.category,
    language: result.language,
    deadline: updated?.sla?.resolutionDueAt ?? null,
    trackingPath: path,
    repeated: result.duplicate,
    ...(answer ? { answer } : {}),
  };
}

export interface PublicMessage {
  id: string;
  from: 'customer' | 'agent';
  body: string;
  at: string;
}

export interface PublicView {
  ticketNumber: string;
  status: string;
  category: string;
  language: string;
  createdAt: string | null;
  deadline: string | null;
  messages: PublicMessage[];
}

type TicketRow = {
  _id: unknown;
  number: string;
  channel?: string | null;
  status?: string | null;
  category: string;
  language: string;
  trackingTokenHash?: string | null;
  createdAt?: Date;
  sla?: { resolutionDueAt?: Date | null } | null;
  contact?: { address?: string | null } | null;
};

/** The ticket behind a number and token; unknown number and wrong token are the same answer. */
export async function authorizedTicket(ticketNumber: string, token: string, language?: string): Promise<TicketRow & { id: string }> {
  const t = NUMBER.test(ticketNumber) ? await ticketByNumber(ticketNumber) : null;
  const ok = trackingTokenMatches(t?.trackingTokenHash, token);
  if (!t || !ok) throw RequestNotFound(language);
  return { ...t, id: String(t._id) };
}

export function toPublicMessage(m: {
  _id: string;
  direction?: string | null;
  body?: string | null;
  createdAt?: Date;
  receivedAt?: Date | null;
  sentAt?: Date | null;
}): PublicMessage {
  const at = m.receivedAt ?? m.sentAt ?? m.createdAt ?? new Date(0);
  return { id: m._id, from: m.direction === 'in' ? 'customer' : 'agent', body: m.body ?? '', at: at.toISOString() };
}

/** The public part of the conversation: customer messages and agents' replies, never notes. */
export async function publicMessages(ticketId: string): Promise<PublicMessage[]> {
  const rows = await Message.find(
    { ticketId, public: true, direction: { $in: ['in', 'out'] } },
    { body: 1, direction: 1, createdAt: 1, receivedAt: 1, sentAt: 1 },
  )
    .sort({ createdAt: 1 })
    .limit(500)
    .lean<Array<Parameters<typeof toPublicMessage>[0]>>();
  return rows.map(toPublicMessage);
}

export async function trackRequest(ticketNumber: string, token: string, language?: string): Promise<PublicView> {
  const t = await authorizedTicket(ticketNumber, token, language);
  return {
    ticketNumber: t.number,
    status: t.status ?? 'queued',
    category: t.category,
    language: t.language,
    createdAt: t.createdAt ? t.createdAt.toISOString() : null,
    deadline: t.sla?.resolutionDueAt ? t.sla.resolutionDueAt.toISOString() : null,
    messages: await publicMessages(t.id),
  };
}

/** A visitor's message on a known ticket (tracking page follow-up or live chat); persisted first. */
export async function addVisitorMessage(
  ctx: ReceptionContext,
  ticket: { id: string; channel?: string | null; contact?: { address?: string | null } | null },
  body: string,
  externalId: string,
): Promise<PublicMessage> {
  const at = ctx.clock.now();
  const r = await ingest(ctx, {
    channel: ticket.channel === 'chat' ? 'chat' : 'web',
    externalId,
    ticketId: ticket.id,
    from: ticket.contact?.address ?? '',
    body,
    receivedAt: at,
  });
  return { id: r.messageId, from: 'customer', body, at: at.toISOString() };
}
