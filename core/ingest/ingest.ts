// The one door every inbound contact goes through (docs/architecture.md, "The flow of a message", step 2).
//
// Durability: the message is stored (state `received`) with its entry in the inbox
// (models/inbox.ts) before anything else and before the channel acknowledges its sender.
// Processing afterwards (identify, classify, thread, open/queue ticket, put the message on
// its ticket) is idempotent
// step by step, keyed by `_id`s derived from the message key, so a retry — from a BullMQ
// job after an error, or the sweeper after a crash — picks up where the failed attempt
// stopped and creates nothing twice. The inbox entry is removed last.
//
// Cost (issue 20, "A lean ingest path"; bench/ingest.ts counts it): the writes go through
// models/write-batch.ts, so concurrent messages share their insert and delete commands; the
// reads are one `_id` read each, and who is behind a sender and which ticket a thread is on
// are remembered briefly by this process. A new ticket is decided by inserting its thread
// pointer (one winner per thread, on every store); messages of one thread are threaded one
// at a time on a node, so a burst from one sender opens one ticket that the others join.
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { Inbox } from '../../models/inbox';
import { Message, type MessageDoc } from '../../models/message';
import { ticketById } from '../../models/repos/tickets';
import { Thread } from '../../models/thread';
import { Ticket, type TicketDoc } from '../../models/ticket';
import { deleteBatched, insertBatched } from '../../models/write-batch';
import { isLiveChannel, type Category, type Language } from '../../wire';
import { classify } from '../classify';
import type { CoreContext } from '../context';
import { raiseEmergency } from '../emergencies/raise-emergency';
import { activeOutages, outageCovering, suppliesOf } from '../outages/active-outages';
import type { Supply } from '../outages/areas';
import { countOutageReport } from '../outages/count-report';
import { countLinked, link } from '../outages/link-contact';
import type { OutageRow } from '../../models/outage';
import { guessLanguage } from '../language';
import { enqueueItem, type EnqueueItemCommand } from '../routing/enqueue-item';
import { selectQueue } from '../routing/select-queue';
import { openTimeAfter } from '../opening/queue-open';
import { slaDeadlines } from '../sla/sla-clock';
import { summarize } from '../tickets/summary';
import { abandonTicketNumbers, nextTicketNumber } from '../tickets/ticket-number';
import { raisedPriority } from '../protection/flags';
import { identifyCustomer, senderE164, type KnownCustomer } from './identify-customer';
import { oneAtATime } from './per-key';
import { previewOf } from '../tickets/preview';
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
  /**
   * The outage in force this contact is about (issue 13): the ticket is linked to it and waits
   * on it, and the channel answers the customer at once with its public message and estimate.
   */
  outage?: OutageRow;
  /** An emergency (a gas leak): the channel gives the safety instructions at once. */
  emergency?: boolean;
}

type StoredMessage = MessageDoc & { _id: string };
type TicketRow = TicketDoc & { _id: Types.ObjectId };

const OPEN = ['queued', 'assigned', 'pending'];
const OPEN_STATUSES = new Set(OPEN);
const DUPLICATE_WAIT_MS = 5000;
/** How long a message waits for the ticket another node's message has claimed its thread for. */
const CLAIMED_TICKET_WAIT_MS = 3000;

/** The ticket a message would open is derived from the message key, so retries find it. */
function plannedTicketId(messageId: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(messageId).digest('hex').slice(0, 24));
}

export async function ingest(ctx: IngestContext, input: InboundMessage): Promise<IngestResult> {
  const msg = inboundMessageSchema.parse(input);
  const id = messageKey(msg.channel, msg.externalId);

  // The durable writes, before the sender is acknowledged: the message itself (received, not
  // yet on a ticket) and its inbox entry, which the retry job and the sweeper work from. The
  // message's duplicate key recognises a replay however late it comes; the inbox entry's, a
  // replay while the first delivery is still in flight.
  const [stored, put] = await Promise.allSettled([
    insertBatched(Message, messageRow(id, msg)),
    insertBatched(Inbox, {
      _id: id,
      receivedAt: msg.receivedAt,
      payload: JSON.stringify({ inbound: { ...msg, raw: undefined }, provider: msg.raw ?? null }),
    }),
  ]);
  // Not accepted: the sender tries again, and finishes a message row written meanwhile (below);
  // one it never sends again stays unprocessed, on no ticket, seen by nobody.
  if (put.status === 'rejected') throw put.reason;
  if (put.value === 'duplicate') return duplicateOf(ctx, id);

  try {
    // The inbox entry is in place: a failed message write is finished by the retry job.
    if (stored.status === 'rejected') throw stored.reason;
    // Stored before and no delivery in flight: a replay of a processed message — or of one
    // whose first delivery died between its two writes, which this delivery now finishes.
    if (stored.value === 'duplicate' && (await messageState(id)) === 'processed') {
      await deleteBatched(Inbox, id);
      await announceIfUnseen(ctx, id);
      return await duplicateOf(ctx, id);
    }
    return await processStored(ctx, id, msg);
  } catch (err) {
    ctx.logger.error({ err, messageId: id }, 'ingest processing failed; handed to retry job');
    await ctx.retry
      .retryIngest(id)
      .catch((e: unknown) => ctx.logger.error({ err: e, messageId: id }, 'could not schedule ingest retry; the sweeper will'));
    return { messageId: id, duplicate: false, created: false, pending: true };
  }
}

/** `received` (stored, not yet on a ticket), `processed`, or null when there is no such message. */
async function messageState(id: string): Promise<string | null> {
  const m = await Message.collection.findOne({ _id: id as never }, { projection: { state: 1 } });
  return m ? String(m.state) : null;
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
    await sleep(20);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Entry point of the retry job and the sweeper: finish processing a message in the inbox. */
export async function processInbound(ctx: IngestContext, messageId: string): Promise<IngestResult> {
  const [entry, state] = await Promise.all([Inbox.findById(messageId).lean(), messageState(messageId)]);
  if (!entry) {
    if (state) return duplicateOf(ctx, messageId);
    throw new Error(`message ${messageId} is neither in the inbox nor stored`);
  }
  // Processed already (a crash between that and removing the entry, or a replay's entry): its
  // ticket has it, so processing it again would count it twice.
  if (state === 'processed') {
    await Inbox.deleteOne({ _id: messageId });
    await announceIfUnseen(ctx, messageId);
    return duplicateOf(ctx, messageId);
  }
  const saved = JSON.parse(entry.payload) as { inbound?: Record<string, unknown> };
  const msg = inboundMessageSchema.parse({ ...saved.inbound, receivedAt: new Date(String(saved.inbound?.receivedAt ?? entry.receivedAt)) });
  // An entry from before messages were stored with it (or a write that died): store it now.
  if (!state) await insertBatched(Message, messageRow(messageId, msg));
  return processStored(ctx, messageId, msg);
}

async function processStored(ctx: IngestContext, id: string, msg: NormalizedInbound): Promise<IngestResult> {
  const now = ctx.clock.now();
  const e164 = senderE164(msg, ctx.config.DEFAULT_COUNTRY);
  const customer = await identifyCustomer(msg, ctx.config.DEFAULT_COUNTRY, e164);
  const category = classify({
    body: msg.body,
    subject: msg.subject,
    explicitCategory: msg.category,
    emergencyKeywords: ctx.rules.emergencies.smsKeywords,
  });
  // A known customer is written to in their language (the deployment's default when none is on
  // record); only a stranger's language is guessed from the text.
  const language: Language =
    msg.language ??
    (customer ? ((customer.language as Language | undefined) ?? ctx.config.DEFAULT_LANGUAGE) : undefined) ??
    guessLanguage(`${msg.subject ?? ''} ${msg.body}`, ctx.config.DEFAULT_LANGUAGE);

  // An outage in force that reaches the sender's supplies: the contact is linked to it. Nothing
  // is read beyond the (cached) outages in force while none is, or when the contact is not about one.
  let supplies: Supply[] | null = null;
  let outage: OutageRow | null = null;
  const live = msg.live ?? isLiveChannel(msg.channel);
  if (customer && !live && aboutOutage(msg, category)) {
    const active = await activeOutages();
    if (active.length) outage = outageCovering(active, (supplies = await suppliesOf(customer._id)));
  }

  const resolved = await resolveTicket(ctx, { messageId: id, msg, customer, category, language, now, e164, outage });
  const { created, reopened } = resolved;
  let ticket = resolved.ticket;
  const ticketId = String(ticket._id);
  if (outage && created) await countLinked(String(outage._id), msg.channel);
  else if (outage && !ticket.outageId) ticket = (await link(ctx, ticket._id, outage, 'auto')) ?? ticket;
  const linked = !!outage && ticket.outageId === String(outage._id);
  if (!linked) outage = null;
  if (category === 'outage' && created && customer && !linked) {
    // A report no outage in force covers: it counts towards a suspicion in the customer's areas.
    await countOutageReport(ctx, supplies ?? (await suppliesOf(customer._id)), msg.receivedAt).catch((err: unknown) =>
      ctx.logger.warn({ err, ticketId }, 'outage report not counted'),
    );
  }

  // The stored message joins its ticket's history; then the inbox entry goes.
  // Checked, not batched: an update that found no message (seen once in the fault suite, with
  // the store killed under load) must keep the inbox entry, or the message stays `received`
  // on no ticket with nothing left to finish it.
  const marked = await Message.collection.updateOne(
    { _id: id as never },
    { $set: { state: 'processed', ticketId, updatedAt: new Date() } },
  );
  if (marked.matchedCount !== 1) throw new Error(`message ${id} was not there to be marked processed`);
  // The message is on its ticket: an entry that cannot be removed now (the store went away)
  // is the sweeper's to remove, and must not keep the ticket from being announced below.
  await deleteBatched(Inbox, id).catch((err: unknown) =>
    ctx.logger.warn({ err, messageId: id }, 'inbox entry of a processed message left for the sweeper'),
  );

  const summary = summarize(ticket);
  ctx.events.emit('message.received', { ticketId, messageId: id, channel: msg.channel, at: msg.receivedAt });
  // A retry after a crash (a store restart) between opening the ticket and this point finds
  // the ticket this message opened already there (`created` false): it is announced all the
  // same, or it never reached the agents' consoles nor the statistics (whose event is keyed
  // by ticket and queueing instant, so counting it twice is impossible).
  const openedByThis = !created && !reopened && String(ticket._id) === String(plannedTicketId(id)) && ticket.status === 'queued';
  if (created && linked) {
    // Opened waiting on an outage: no agent's work, nothing for the queues to show.
  } else if (created || reopened || openedByThis) {
    // An emergency alerts supervisors, the on-call person and the crews (idempotent: a retry repeats nothing).
    if (ticket.category === 'emergency')
      await raiseEmergency(ctx, { ticket, customerAccount: customer?._id, from: msg.from, channel: msg.channel });
    ctx.events.emit('ticket.queued', {
      ...summary,
      reason: reopened ? 'reopened' : 'new',
      preview: previewOf(msg.subject ?? msg.body),
      lastMessageAt: msg.receivedAt,
    });
  } else ctx.events.emit('ticket.updated', summary);

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
    ...(outage ? { outage } : {}),
    ...(ticket.category === 'emergency' ? { emergency: true } : {}),
  };
}

/**
 * A message found processed by its retry: the attempt that processed it may have died (the
 * store killed) after marking it and before announcing the ticket it opened — then no agent
 * was told and no statistic counted it. The ticket this message opened, still waiting, is
 * announced again; every listener of `ticket.queued` is idempotent (the offered event is keyed
 * by ticket and queueing instant, consoles by ticket).
 */
async function announceIfUnseen(ctx: IngestContext, id: string): Promise<void> {
  const ticket = (await ticketById(plannedTicketId(id))) as TicketRow | null;
  if (ticket?.status === 'queued') ctx.events.emit('ticket.queued', { ...summarize(ticket), reason: 'new' });
}

/**
 * A contact about a supply failure: an outage report of any channel, or a web request left as
 * a general question whose words are an outage report. Live contacts (a caller asking for an
 * agent, a chat) wait for a person and are never linked.
 */
function aboutOutage(msg: NormalizedInbound, category: Category): boolean {
  if (category === 'outage') return true;
  return msg.channel === 'web' && category === 'information_request' && classify({ body: msg.body, subject: msg.subject }) === 'outage';
}

/** Drops the keys whose value is undefined, as mongoose would (the driver would store null). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The stored form of an inbound message as received (models/message.ts), complete: it goes to the driver as is. */
function messageRow(id: string, msg: NormalizedInbound) {
  const at = new Date();
  return defined({
    _id: id,
    direction: 'in',
    channel: msg.channel,
    externalId: msg.externalId,
    from: msg.from,
    to: msg.to,
    subject: msg.subject,
    body: msg.body,
    attachments: msg.attachments.map(defined),
    headers: msg.headers?.map((h) => ({ name: h.name, value: h.value })),
    state: 'received',
    receivedAt: msg.receivedAt,
    raw: JSON.stringify(msg.raw ?? null),
    public: msg.public,
    createdAt: at,
    updatedAt: at,
  });
}

function threadKeyFor(msg: NormalizedInbound, customer: KnownCustomer | null, category: Category, e164: string | null): string {
  if (customer) return `c:${customer._id}:${msg.channel}:${category}`;
  const address = (msg.channel === 'sms' || msg.channel === 'voice' ? e164 : null) ?? msg.from.trim().toLowerCase();
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
  e164: string | null;
  /** The outage in force the contact is about: a new ticket is opened linked to it, waiting on it (no queue). */
  outage: OutageRow | null;
}

/** A new ticket's `_id` is planned from the message key; `threadKey` null = a thread of its own. */
interface OpenTicketCommand extends ResolveTicketCommand {
  ticketId: Types.ObjectId;
  threadKey: string | null;
}

type Resolved = { ticket: TicketRow; created: boolean; reopened: boolean };

/**
 * The open ticket of each thread this process recently opened or joined, so the next message
 * of a burst joins it with one conditional update instead of reading the pointer first. A
 * ticket closed meanwhile fails that update's condition and the pointer is read as usual.
 */
const RECENT_THREAD_TTL_MS = 60_000;
const RECENT_THREADS_MAX = 10_000;
const recentThreads = new Map<string, { ticketId: Types.ObjectId; at: number }>();

function rememberThread(threadKey: string, ticketId: Types.ObjectId): void {
  recentThreads.delete(threadKey);
  if (recentThreads.size >= RECENT_THREADS_MAX) recentThreads.delete(recentThreads.keys().next().value as string);
  recentThreads.set(threadKey, { ticketId, at: Date.now() });
}

function recentThread(threadKey: string): Types.ObjectId | null {
  const hit = recentThreads.get(threadKey);
  if (!hit) return null;
  if (Date.now() - hit.at < RECENT_THREAD_TTL_MS) return hit.ticketId;
  recentThreads.delete(threadKey);
  return null;
}

async function resolveTicket(ctx: IngestContext, cmd: ResolveTicketCommand): Promise<Resolved> {
  const { messageId, msg, customer, category, now } = cmd;
  // 1. The channel already knows the ticket (mail thread, tracking page, call leg).
  if (msg.ticketId && Types.ObjectId.isValid(msg.ticketId)) {
    const named = new Types.ObjectId(msg.ticketId);
    const joined = await oneAtATime(`ticket:${msg.ticketId}`, () => joinNamedTicket(named, msg, now));
    if (joined) return joined;
  }

  const threadKey = msg.newThread ? null : threadKeyFor(msg, customer, category, cmd.e164);
  if (!threadKey) {
    const opened = await openTicket(ctx, { ...cmd, ticketId: plannedTicketId(messageId), threadKey: null });
    return queued(opened.doc, opened.created, now);
  }
  // 2. Its thread: one message at a time per thread on this node.
  return oneAtATime(threadKey, () => threadInto(ctx, { ...cmd, threadKey }));
}

/** A claim whose ticket has not appeared after this long is taken to be abandoned (its message's processing died). */
const ABANDONED_CLAIM_MS = 60_000;

/**
 * Joins the thread's open ticket, or opens one. Who opens it is decided by inserting the
 * thread pointer naming the planned ticket before the ticket exists: one insert wins on every
 * store, and a message that loses joins the winner's ticket, waiting for it to be written if
 * need be — no second ticket is ever written. A pointer naming a missing ticket is a claim in
 * progress; if its message's processing dies, that message's retry opens the ticket it named.
 */
async function threadInto(ctx: IngestContext, cmd: ResolveTicketCommand & { threadKey: string }): Promise<Resolved> {
  const { msg, now, threadKey } = cmd;
  let plannedId: Types.ObjectId | null = null;
  const planned = () => (plannedId ??= plannedTicketId(cmd.messageId));
  const open = async (): Promise<Resolved> => {
    const opened = await openTicket(ctx, { ...cmd, ticketId: planned() });
    rememberThread(threadKey, opened.doc._id);
    return queued(opened.doc, opened.created, now);
  };
  const deadline = Date.now() + CLAIMED_TICKET_WAIT_MS;

  for (let attempt = 0; attempt < 100; attempt++) {
    const recent = recentThread(threadKey);
    // This message's own ticket (a retry after its first attempt died): opened again, which
    // finds it stored and puts it in its queue if that was not done — not joined, which would
    // count the message twice and skip the queue.
    if (recent && recent.equals(planned())) return open();
    if (recent) {
      const joined = await joinOpenTicket(recent, msg);
      if (joined) return { ticket: joined, created: false, reopened: false };
      recentThreads.delete(threadKey);
    }

    // The claim first: a new thread costs one (batched) insert, an existing one a failed insert and a read.
    const at = new Date();
    const claim = await insertBatched(Thread, { _id: threadKey, ticketId: String(planned()), createdAt: at, updatedAt: at });
    if (claim === 'inserted') return open();
    const pointer = await Thread.collection.findOne({ _id: threadKey as never });
    if (!pointer) continue; // removed meanwhile (its ticket was resolved)
    const named = String(pointer.ticketId);
    if (named === String(planned())) return open(); // this message's own claim (a retry)
    if (!Types.ObjectId.isValid(named)) {
      await Thread.deleteOne({ _id: threadKey, ticketId: named });
      continue;
    }
    const existingId = new Types.ObjectId(named);
    const joined = await joinOpenTicket(existingId, msg);
    if (joined) {
      rememberThread(threadKey, existingId);
      return { ticket: joined, created: false, reopened: false };
    }
    const existing = await ticketById(existingId, { status: 1 });
    if (existing && OPEN_STATUSES.has(existing.status ?? '')) continue; // changed between the two reads
    const claimedAt = (pointer.createdAt as Date | undefined)?.getTime() ?? 0;
    if (existing || Date.now() - claimedAt > ABANDONED_CLAIM_MS) {
      // Its ticket is closed (or was never written): free the pointer and open anew.
      await Thread.deleteOne({ _id: threadKey, ticketId: named });
      continue;
    }
    // Claimed by a message still opening its ticket (another node): wait for it.
    if (Date.now() > deadline) throw new Error(`thread ${threadKey}: ticket ${named} claimed but not written yet`);
    await sleep(20);
  }
  throw new Error(`could not thread message ${cmd.messageId}: thread kept changing`);
}

/** Puts a newly opened ticket in its queue's waiting list (idempotent). */
async function queued(ticket: TicketRow, created: boolean, now: Date): Promise<Resolved> {
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
    live: !!ticket.live,
    preview: previewOf(ticket.subject),
    lastMessageAt: ticket.lastMessageAt ?? at,
    at,
  };
}

const NUMBER_ATTEMPTS = 5;

async function openTicket(ctx: IngestContext, cmd: OpenTicketCommand): Promise<{ doc: TicketRow; created: boolean }> {
  const { ticketId, messageId, msg, customer, category, language, threadKey, now, outage } = cmd;
  const rule = ctx.rules.categories[category];
  // Someone waiting now (a caller who asked for an agent, a chat visitor) or deferred work.
  const live = msg.live ?? isLiveChannel(msg.channel);
  const queue = await selectQueue(msg.channel, category, live);
  // A deadline in hours counts the queue's open time (docs/rules.md, "Opening hours"); a callback request, the callback hours.
  const resolutionDueAt =
    rule.unit === 'hours' && msg.channel !== 'letter'
      ? await openTimeAfter(ctx, queue, now, rule.answerDays * 3_600_000, { callbacks: category === 'callback' })
      : undefined;
  for (let attempt = 1; ; attempt++) {
    const at = new Date();
    // Complete as models/ticket.ts would make it (defaults, timestamps): it goes to the driver as is.
    const doc = defined({
      _id: ticketId,
      number: await nextTicketNumber(),
      accountNumber: customer?._id,
      contractNumber: msg.identity.contractNumber,
      contact: defined({ address: msg.from || msg.identity.email || msg.identity.phone, name: customer?.name ?? msg.identity.name }),
      channel: msg.channel,
      category,
      // One level up for a customer on the vulnerability register (docs/rules.md, "Protected customers").
      priority: raisedPriority(rule.priority, customer?.vulnerabilities),
      // Linked to an outage in force: it waits on the outage, in no queue (answered by its public message).
      status: outage ? ('pending' as const) : ('queued' as const),
      queue,
      language,
      subject: msg.subject ?? msg.body.slice(0, 80),
      threadKey: threadKey ?? undefined,
      // A registered letter counts from the day it was received, with the rule set's letter deadline.
      sla: defined(
        msg.channel === 'letter'
          ? slaDeadlines(msg.channel, category, ctx.rules, msg.receivedAt, { live: false, letter: true, timeZone: ctx.config.TIMEZONE })
          : slaDeadlines(msg.channel, category, ctx.rules, now, { live, timeZone: ctx.config.TIMEZONE, resolutionDueAt }),
      ),
      queuedAt: now,
      live: live || undefined,
      lastMessageAt: msg.receivedAt,
      messageCount: 1,
      unread: 1,
      reopenCount: 0,
      transferCount: 0,
      needsReview: false,
      tags: [] as string[],
      outageId: outage ? String(outage._id) : undefined,
      outageLinkedAt: outage ? now : undefined,
      outageLinkedBy: outage ? 'auto' : undefined,
      createdAt: at,
      updatedAt: at,
    });
    if ((await insertBatched(Ticket, doc)) === 'inserted') {
      ctx.logger.info(
        { ticketId: String(ticketId), ticket: doc.number, messageId, channel: msg.channel, category, queue },
        'ticket opened',
      );
      return { doc: doc as unknown as TicketRow, created: true };
    }
    // A retry after the ticket was written: carry on with the stored one.
    const stored = await ticketById(ticketId);
    if (stored) return { doc: stored, created: false };
    // The number was taken: another process was handed the same block of numbers (a lost
    // `$inc` on a store without atomic updates). A new block, and the ticket is written again.
    ctx.logger.warn({ ticket: doc.number, messageId, attempt }, 'ticket number taken; reserving new numbers');
    if (attempt >= NUMBER_ATTEMPTS) throw new Error(`could not number the ticket of ${messageId}: ${attempt} numbers taken`);
    abandonTicketNumbers();
  }
}

/** One conditional update: the message joins the ticket if it is open; null when it is not (or is missing). */
async function joinOpenTicket(id: Types.ObjectId, msg: NormalizedInbound): Promise<TicketRow | null> {
  return (await Ticket.collection.findOneAndUpdate(
    { _id: id, status: { $in: OPEN } },
    { $set: { lastMessageAt: msg.receivedAt, updatedAt: new Date() }, $inc: { messageCount: 1, unread: 1 } },
    { returnDocument: 'after' },
  )) as TicketRow | null;
}

/** A message naming its ticket joins it; a resolved ticket is reopened and queued again. Null when there is no such ticket. */
async function joinNamedTicket(id: Types.ObjectId, msg: NormalizedInbound, now: Date): Promise<Resolved | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const joined = await joinOpenTicket(id, msg);
    if (joined) return { ticket: joined, created: false, reopened: false };
    const ticket = await ticketById(id);
    if (!ticket) return null;
    if (OPEN_STATUSES.has(ticket.status ?? '')) continue; // reopened meanwhile
    const reopened = (await Ticket.findOneAndUpdate(
      { _id: id, status: ticket.status },
      {
        $set: { lastMessageAt: msg.receivedAt, status: 'queued', queuedAt: now, assignee: null, resolvedAt: null },
        $inc: { messageCount: 1, unread: 1, reopenCount: 1 },
      },
      { returnDocument: 'after' },
    ).lean()) as TicketRow | null;
    if (!reopened) continue; // changed meanwhile
    await enqueueItem(queueEntry(ticket, now));
    if (ticket.threadKey) {
      await Thread.updateOne({ _id: ticket.threadKey }, { $set: { ticketId: String(ticket._id) } }, { upsert: true });
    }
    return { ticket: reopened, created: false, reopened: true };
  }
  throw new Error(`could not join ticket ${String(id)}: it kept changing`);
}
