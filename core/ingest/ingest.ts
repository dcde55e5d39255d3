// The one door every inbound contact goes through (docs/architecture.md, "The flow of a message", step 2).
//
// Durability: the message is written to the inbox (models/inbox.ts) before anything else
// and before the channel acknowledges its sender. Processing afterwards (identify,
// classify, thread, open/queue ticket, store the message with its ticket) is idempotent
// step by step, keyed by `_id`s derived from the message key, so a retry — from a BullMQ
// job after an error, or the sweeper after a crash — picks up where the failed attempt
// stopped and creates nothing twice. The inbox entry is removed last.
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { Inbox } from '../../models/inbox';
import { Message, type MessageDoc } from '../../models/message';
import { ticketById } from '../../models/repos/tickets';
import { isDuplicateKey } from '../../models/store';
import { Thread } from '../../models/thread';
import { Ticket, type TicketDoc } from '../../models/ticket';
import type { Category } from '../../wire';
import type { Language } from '../../wire';
import { classify } from '../classify';
import type { CoreContext } from '../context';
import { guessLanguage } from '../language';
import { toE164 } from '../phone';
import { enqueueItem, type EnqueueItemCommand } from '../routing/enqueue-item';
import { selectQueue } from '../routing/select-queue';
import { summarize } from '../tickets/summary';
import { nextTicketNumber } from '../tickets/ticket-number';
import { identifyCustomer, type KnownCustomer } from './identify-customer';
import { inboundMessageSchema, messageKey, type InboundMessage, type NormalizedInbound } from './inbound-message';

export type IngestContext = Pick<CoreContext, 'config' | 'logger' | 'events' | 'clock' | 'rules' | 'retry'>;

export interface IngestResult {
  messageId: string;
  /** Set once processing is done; absent when it failed and was handed to a retry job. */
  ticketId?: string;
  ticketNumber?: string;
  category?: Category;
  language?: Language;
  accountNumber?: string;
  /** The same (channel, externalId) was seen before: nothing new was created. */
  duplicate: boolean;
  /** A new ticket was opened for this message. */
  created: boolean;
  /** Stored durably, processing deferred to a retry job. */
  pending: boolean;
}

type StoredMessage = MessageDoc & { _id: string };
type TicketRow = TicketDoc & { _id: Types.ObjectId };

const OPEN_STATUSES = new Set(['queued', 'assigned', 'pending']);
const DUPLICATE_WAIT_MS = 5000;

/** The ticket a message would open is derived from the message key, so retries find it. */
function plannedTicketId(messageId: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(messageId).digest('hex').slice(0, 24));
}

export async function ingest(ctx: IngestContext, input: InboundMessage): Promise<IngestResult> {
  const msg = inboundMessageSchema.parse(input);
  const id = messageKey(msg.channel, msg.externalId);

  // Already processed: a replay.
  if (await Message.exists({ _id: id })) return duplicateOf(ctx, id);
  // The durable write, before the sender is acknowledged. Its duplicate key is the
  // idempotency check for replays that arrive while the first delivery is in flight.
  try {
    await Inbox.create({
      _id: id,
      receivedAt: msg.receivedAt,
      payload: JSON.stringify({ inbound: { ...msg, raw: undefined }, provider: msg.raw ?? null }),
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return duplicateOf(ctx, id);
  }

  try {
    return await processStored(ctx, id, msg);
  } catch (err) {
    ctx.logger.error({ err, messageId: id }, 'ingest processing failed; handed to retry job');
    await ctx.retry
      .retryIngest(id)
      .catch((e: unknown) => ctx.logger.error({ err: e, messageId: id }, 'could not schedule ingest retry; the sweeper will'));
    return { messageId: id, duplicate: false, created: false, pending: true };
  }
}

/** A replay of a message we already have: wait briefly for its first delivery to finish. */
async function duplicateOf(ctx: IngestContext, id: string): Promise<IngestResult> {
  const deadline = Date.now() + DUPLICATE_WAIT_MS;
  for (;;) {
    const m = (await Message.findById(id, { ticketId: 1 }).lean()) as StoredMessage | null;
    if (m?.ticketId) {
      const t = await ticketById(m.ticketId, { number: 1, category: 1, language: 1, accountNumber: 1 });
      return {
        messageId: id,
        ticketId: m.ticketId,
        ticketNumber: t?.number,
        category: t?.category as Category | undefined,
        language: t?.language as Language | undefined,
        accountNumber: t?.accountNumber ?? undefined,
        duplicate: true,
        created: false,
        pending: false,
      };
    }
    if (Date.now() > deadline) {
      ctx.logger.warn({ messageId: id }, 'replayed message still unprocessed; retry job scheduled');
      await ctx.retry.retryIngest(id);
      return { messageId: id, duplicate: true, created: false, pending: true };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Entry point of the retry job and the sweeper: finish processing a message in the inbox. */
export async function processInbound(ctx: IngestContext, messageId: string): Promise<IngestResult> {
  const entry = await Inbox.findById(messageId).lean();
  if (!entry) {
    if (await Message.exists({ _id: messageId })) return duplicateOf(ctx, messageId);
    throw new Error(`message ${messageId} is neither in the inbox nor stored`);
  }
  const saved = JSON.parse(entry.payload) as { inbound?: Record<string, unknown> };
  const msg = inboundMessageSchema.parse({ ...saved.inbound, receivedAt: new Date(String(saved.inbound?.receivedAt ?? entry.receivedAt)) });
  return processStored(ctx, messageId, msg);
}

async function processStored(ctx: IngestContext, id: string, msg: NormalizedInbound): Promise<IngestResult> {
  const now = ctx.clock.now();
  const customer = await identifyCustomer(msg, ctx.config.DEFAULT_COUNTRY);
  const category = classify({ body: msg.body, subject: msg.subject, explicitCategory: msg.category });
  // A known customer is written to in their language (the deployment's default when none is on
  // record); only a stranger's language is guessed from the text.
  const language: Language =
    msg.language ??
    (customer ? ((customer.language as Language | undefined) ?? ctx.config.DEFAULT_LANGUAGE) : undefined) ??
    guessLanguage(`${msg.subject ?? ''} ${msg.body}`, ctx.config.DEFAULT_LANGUAGE);

  const { ticket, created, reopened } = await resolveTicket(ctx, { messageId: id, msg, customer, category, language, now });
  const ticketId = String(ticket._id);

  // The message joins the history already processed: one insert, no update of a large
  // collection; then the inbox entry goes.
  try {
    await Message.create({
      _id: id,
      direction: 'in',
      channel: msg.channel,
      externalId: msg.externalId,
      from: msg.from,
      to: msg.to,
      subject: msg.subject,
      body: msg.body,
      attachments: msg.attachments,
      headers: msg.headers,
      state: 'processed',
      receivedAt: msg.receivedAt,
      public: msg.public,
      ticketId,
      raw: JSON.stringify(msg.raw ?? null),
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // a retry after the message was stored
  }
  await Inbox.deleteOne({ _id: id });

  const summary = summarize(ticket);
  ctx.events.emit('message.received', { ticketId, messageId: id, channel: msg.channel, at: msg.receivedAt });
  // A retry after a crash (a store restart) between opening the ticket and this point finds
  // the ticket this message opened already there (`created` false): it is announced all the
  // same, or it never reached the agents' consoles nor the statistics (whose event is keyed
  // by ticket and queueing instant, so counting it twice is impossible).
  const openedByThis = !created && !reopened && String(ticket._id) === String(plannedTicketId(id)) && ticket.status === 'queued';
  if (created || reopened || openedByThis) ctx.events.emit('ticket.queued', { ...summary, reason: reopened ? 'reopened' : 'new' });
  else ctx.events.emit('ticket.updated', summary);

  return {
    messageId: id,
    ticketId,
    ticketNumber: ticket.number,
    category: ticket.category as Category,
    language: ticket.language as Language,
    accountNumber: ticket.accountNumber ?? undefined,
    duplicate: false,
    created,
    pending: false,
  };
}

function threadKeyFor(msg: NormalizedInbound, customer: KnownCustomer | null, category: Category, country: string): string {
  if (customer) return `c:${customer._id}:${msg.channel}:${category}`;
  const address = (msg.channel === 'sms' || msg.channel === 'voice' ? toE164(msg.from, country) : null) ?? msg.from.trim().toLowerCase();
  return `a:${msg.channel}:${address}:${category}`;
}

/** What processing has decided about a message by the time its ticket is looked for. */
interface ResolveTicketCommand {
  messageId: string;
  msg: NormalizedInbound;
  customer: KnownCustomer | null;
  category: Category;
  language: Language;
  now: Date;
}

/** A new ticket's `_id` is planned from the message key; `threadKey` null = a thread of its own. */
interface OpenTicketCommand extends ResolveTicketCommand {
  ticketId: Types.ObjectId;
  threadKey: string | null;
}

async function resolveTicket(
  ctx: IngestContext,
  cmd: ResolveTicketCommand,
): Promise<{ ticket: TicketRow; created: boolean; reopened: boolean }> {
  const { messageId, msg, customer, category, now } = cmd;
  // 1. The channel already knows the ticket (mail thread, tracking page, call leg).
  if (msg.ticketId && Types.ObjectId.isValid(msg.ticketId)) {
    const existing = await ticketById(msg.ticketId);
    if (existing) return joinTicket(existing, msg, now);
  }

  const threadKey = msg.newThread ? null : threadKeyFor(msg, customer, category, ctx.config.DEFAULT_COUNTRY);
  const plannedId = plannedTicketId(messageId);
  if (!threadKey) {
    const opened = await openTicket(ctx, { ...cmd, ticketId: plannedId, threadKey: null });
    return queued(opened.doc, opened.created, now);
  }

  // The ticket is written before the open-thread pointer that names it, so a pointer never
  // names a ticket that does not exist yet; the message that loses the race for the pointer
  // withdraws its own ticket (not yet queued nor announced) and joins the winner's.
  for (let attempt = 0; attempt < 5; attempt++) {
    const pointer = await Thread.findById(threadKey).lean();
    if (pointer && pointer.ticketId !== String(plannedId)) {
      const existing = await ticketById(pointer.ticketId);
      if (existing && OPEN_STATUSES.has(existing.status ?? '')) return joinTicket(existing, msg, now);
      // Its ticket is closed: free the pointer and open anew.
      await Thread.deleteOne({ _id: threadKey, ticketId: pointer.ticketId });
    }
    const opened = await openTicket(ctx, { ...cmd, ticketId: plannedId, threadKey });
    if (pointer?.ticketId === String(plannedId)) return queued(opened.doc, opened.created, now);
    try {
      await Thread.create({ _id: threadKey, ticketId: String(plannedId) });
      return queued(opened.doc, opened.created, now);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await Ticket.deleteOne({ _id: plannedId });
    }
  }
  throw new Error(`could not thread message ${messageId}: thread kept changing`);
}

/** Puts a newly opened ticket in its queue's waiting list (idempotent). */
async function queued(ticket: TicketRow, created: boolean, now: Date): Promise<{ ticket: TicketRow; created: boolean; reopened: boolean }> {
  if (ticket.status === 'queued') await enqueueItem(queueEntry(ticket, ticket.queuedAt ?? now));
  return { ticket, created, reopened: false };
}

function queueEntry(ticket: TicketRow, at: Date): EnqueueItemCommand {
  return {
    ticketId: String(ticket._id),
    ticketNumber: ticket.number,
    queue: ticket.queue,
    channel: ticket.channel,
    category: ticket.category,
    language: ticket.language,
    priority: ticket.priority,
    at,
  };
}

async function openTicket(ctx: IngestContext, cmd: OpenTicketCommand): Promise<{ doc: TicketRow; created: boolean }> {
  const { ticketId, messageId, msg, customer, category, language, threadKey, now } = cmd;
  const rule = ctx.rules.categories[category];
  const queue = await selectQueue(msg.channel, category);
  const contactName = customer?.name ?? msg.identity.name;
  const doc = {
    _id: ticketId,
    number: await nextTicketNumber(),
    accountNumber: customer?._id,
    contractNumber: msg.identity.contractNumber,
    contact: { address: msg.from || msg.identity.email || msg.identity.phone, name: contactName },
    channel: msg.channel,
    category,
    priority: rule.priority,
    status: 'queued' as const,
    queue,
    language,
    subject: msg.subject ?? msg.body.slice(0, 80),
    threadKey: threadKey ?? undefined,
    sla: {
      firstResponseDueAt: new Date(now.getTime() + ctx.rules.firstResponseSeconds[msg.channel] * 1000),
      resolutionDueAt: new Date(now.getTime() + rule.answerDays * 86_400_000),
    },
    queuedAt: now,
    lastMessageAt: msg.receivedAt,
    messageCount: 1,
    unread: 1,
  };
  let row: TicketRow;
  try {
    row = (await Ticket.create(doc)).toObject() as TicketRow;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // A retry after the ticket was written: carry on with the stored one.
    const stored = await ticketById(ticketId);
    if (!stored) throw err;
    return { doc: stored, created: false };
  }
  ctx.logger.info({ ticketId: String(ticketId), ticket: doc.number, messageId, channel: msg.channel, category, queue }, 'ticket opened');
  return { doc: row, created: true };
}

/** A message joins an existing ticket; a resolved ticket is reopened and queued again. */
async function joinTicket(
  ticket: TicketRow,
  msg: NormalizedInbound,
  now: Date,
): Promise<{ ticket: TicketRow; created: boolean; reopened: boolean }> {
  const reopen = !OPEN_STATUSES.has(ticket.status ?? '');
  const update = reopen
    ? {
        $set: { lastMessageAt: msg.receivedAt, status: 'queued', queuedAt: now, assignee: null, resolvedAt: null },
        $inc: { messageCount: 1, unread: 1, reopenCount: 1 },
      }
    : { $set: { lastMessageAt: msg.receivedAt }, $inc: { messageCount: 1, unread: 1 } };
  const updated = (await Ticket.findOneAndUpdate({ _id: ticket._id }, update, { returnDocument: 'after' }).lean()) as TicketRow;
  if (reopen) {
    await enqueueItem(queueEntry(ticket, now));
    if (ticket.threadKey) {
      await Thread.updateOne({ _id: ticket.threadKey }, { $set: { ticketId: String(ticket._id) } }, { upsert: true });
    }
  }
  return { ticket: updated, created: false, reopened: reopen };
}
