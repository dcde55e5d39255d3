// Contacts and outage incidents: the link field on the ticket (README, "Outage incidents"). A
// contact linked while it waits leaves its queue and waits on the outage instead (status
// pending, no agent work); one an agent already holds stays theirs. Linking is one conditional
// write on the ticket (`outageId` unset), so a ticket is linked once and counted once;
// unlinking puts a waiting contact back in its queue for an agent.
import { Types } from 'mongoose';
import { Outage, type OutageRow } from '../../models/outage';
import { ticketById } from '../../models/repos/tickets';
import { Thread } from '../../models/thread';
import { Ticket, type TicketDoc } from '../../models/ticket';
import type { CoreContext } from '../context';
import { DomainError, NotFound } from '../errors';
import { enqueueItem } from '../routing/enqueue-item';
import { withdrawItem } from '../routing/withdraw-item';
import { summarize } from '../tickets/summary';
import { OPEN, releaseCapacity, TicketClosed, type Actor } from '../tickets/ticket-access';
import { suppliesOf } from './active-outages';
import { covers } from './areas';
import { loadOutage, OutageClosed } from './outage-change';

type TicketRow = TicketDoc & { _id: Types.ObjectId };
type LinkContext = Pick<CoreContext, 'events' | 'logger' | 'clock'>;

export const NotLinked = () => new DomainError('NotLinked', 'this ticket is not linked to an outage', 409);
export const LinkedElsewhere = (number: string) =>
  new DomainError('LinkedElsewhere', `this ticket is linked to outage ${number}: unlink it first`, 409);

/**
 * The outage's counters move with each link and unlink (one `$inc` on one document). A call is
 * one voice contact, counted when it hears the announcement (channels/voice/ivr/outage.ts):
 * the report it then makes (menu 3) adds a link, not a second contact.
 */
async function count(outageId: string, channel: string, delta: 1 | -1): Promise<void> {
  const contact = channel === 'voice' ? {} : { [`figures.contacts.${channel}`]: 1 };
  const inc: Record<string, number> = delta > 0 ? { 'figures.links': 1, ...contact } : { 'figures.unlinks': 1 };
  await Outage.updateOne({ _id: outageId }, { $inc: inc });
}

/** A ticket opened already linked (ingest): counted by the message that opened it. */
export function countLinked(outageId: string, channel: string): Promise<void> {
  return count(outageId, channel, 1);
}

/**
 * Links an open ticket to an outage: a waiting one leaves its queue (status pending), an
 * assigned one stays with its agent. Null when it was linked already or is closed.
 */
export async function link(
  ctx: LinkContext,
  ticketId: Types.ObjectId | string,
  outage: Pick<OutageRow, '_id'>,
  by: string,
): Promise<TicketRow | null> {
  const at = ctx.clock.now();
  const set = { outageId: String(outage._id), outageLinkedAt: at, outageLinkedBy: by };
  // Waiting: it leaves the queue in the same write. Otherwise (held by an agent, or pending): only the link.
  let linked = (await Ticket.findOneAndUpdate(
    { _id: ticketId, outageId: null, status: 'queued' },
    { $set: { ...set, status: 'pending' } },
    { returnDocument: 'after' },
  ).lean()) as TicketRow | null;
  if (linked) await withdrawItem(ctx, String(ticketId));
  else
    linked = (await Ticket.findOneAndUpdate(
      { _id: ticketId, outageId: null, status: { $in: ['assigned', 'pending'] } },
      { $set: set },
      { returnDocument: 'after' },
    ).lean()) as TicketRow | null;
  if (!linked) return null;
  await count(String(outage._id), linked.channel, 1);
  ctx.events.emit('ticket.updated', summarize(linked));
  return linked;
}

export interface LinkTicketCommand {
  ticketId: string;
  outageId: string;
  actor: Actor;
}

/** An agent links a ticket to an active outage by hand. */
export async function linkTicket(
  ctx: LinkContext,
  cmd: LinkTicketCommand,
): Promise<{ ticket: ReturnType<typeof summarize>; outageId: string }> {
  const outage = await loadOutage(cmd.outageId);
  if (outage.status !== 'active') throw OutageClosed(outage);
  const ticket = await loadOpenTicket(cmd.ticketId);
  if (ticket.outageId) {
    if (ticket.outageId === String(outage._id)) return { ticket: summarize(ticket), outageId: ticket.outageId };
    const other = await Outage.findById(ticket.outageId, { number: 1 }).lean();
    throw LinkedElsewhere(other?.number ?? ticket.outageId);
  }
  const linked = await link(ctx, ticket._id, outage, cmd.actor.agentId);
  // Lost to a concurrent link or close: answer with what the ticket is now.
  if (!linked) return linkTicket(ctx, cmd);
  ctx.logger.info({ ticketId: cmd.ticketId, outageId: cmd.outageId, by: cmd.actor.agentId }, 'ticket linked to outage');
  return { ticket: summarize(linked), outageId: String(outage._id) };
}

/** An agent unlinks a ticket: a contact waiting on the outage goes back to its queue for an agent. */
export async function unlinkTicket(
  ctx: LinkContext,
  cmd: { ticketId: string; actor: Actor },
): Promise<{ ticket: ReturnType<typeof summarize> }> {
  const ticket = await loadOpenTicket(cmd.ticketId);
  if (!ticket.outageId) throw NotLinked();
  const outageId = ticket.outageId;
  const now = ctx.clock.now();
  const unset = { outageId: 1, outageLinkedAt: 1, outageLinkedBy: 1 } as const;
  // Parked on the outage (pending, nobody's): back in its queue. Held by an agent: the link goes.
  let updated = (await Ticket.findOneAndUpdate(
    { _id: ticket._id, outageId, status: 'pending', assignee: null },
    { $unset: unset, $set: { status: 'queued', queuedAt: now } },
    { returnDocument: 'after' },
  ).lean()) as TicketRow | null;
  if (updated) {
    await enqueueItem({
      ticketId: String(updated._id),
      ticketNumber: updated.number,
      queue: updated.queue,
      channel: updated.channel,
      category: updated.category,
      language: updated.language,
      priority: updated.priority,
      live: !!updated.live,
      at: now,
    });
    ctx.events.emit('ticket.queued', { ...summarize(updated), reason: 'unlinked' });
  } else {
    updated = (await Ticket.findOneAndUpdate(
      { _id: ticket._id, outageId },
      { $unset: unset },
      { returnDocument: 'after' },
    ).lean()) as TicketRow | null;
    if (!updated) return unlinkTicket(ctx, cmd); // changed meanwhile
    ctx.events.emit('ticket.updated', summarize(updated));
  }
  await count(outageId, updated.channel, -1);
  ctx.logger.info({ ticketId: cmd.ticketId, outageId, by: cmd.actor.agentId }, 'ticket unlinked from outage');
  return { ticket: summarize(updated) };
}

async function loadOpenTicket(ticketId: string): Promise<TicketRow> {
  if (!Types.ObjectId.isValid(ticketId)) throw NotFound('ticket');
  const t = (await ticketById(ticketId)) as TicketRow | null;
  if (!t) throw NotFound('ticket');
  if (!OPEN.includes(t.status as (typeof OPEN)[number])) throw TicketClosed();
  return t;
}

/**
 * When an outage is declared or promoted: the outage reports already waiting in the queues
 * from customers it reaches are linked too (the reports that raised a suspicion, among them).
 * Waiting work is a small collection's worth of tickets, read by the status index.
 */
export async function linkWaitingReports(ctx: LinkContext, outage: OutageRow): Promise<number> {
  const waiting = await Ticket.find({ status: 'queued', category: 'outage', outageId: null }, { accountNumber: 1 }).lean();
  let linked = 0;
  const supplies = new Map<string, Awaited<ReturnType<typeof suppliesOf>>>();
  for (const t of waiting) {
    if (!t.accountNumber) continue;
    if (!supplies.has(t.accountNumber)) supplies.set(t.accountNumber, await suppliesOf(t.accountNumber));
    if (!supplies.get(t.accountNumber)!.some((s) => covers(outage, s))) continue;
    if (await link(ctx, t._id, outage, 'auto')) linked += 1;
  }
  return linked;
}

/**
 * The outage is over: a linked contact still open is closed (after its final message went out,
 * core/outages/notices/send-notice.ts). One conditional write, so a retry closes nothing twice;
 * an agent who held it gets their capacity back.
 */
export async function closeLinked(ctx: LinkContext, ticketId: string, outageId: string): Promise<boolean> {
  const now = ctx.clock.now();
  const before = (await Ticket.findOneAndUpdate(
    { _id: ticketId, outageId, status: { $in: [...OPEN] } },
    { $set: { status: 'resolved', resolvedAt: now, outcome: 'outage_resolved' } },
    { returnDocument: 'before' },
  ).lean()) as TicketRow | null;
  if (!before) return false;
  await withdrawItem(ctx, ticketId);
  if (before.threadKey) await Thread.deleteOne({ _id: before.threadKey, ticketId });
  if (before.assignee) await releaseCapacity(before.assignee, before.channel, now, ticketId);
  await Outage.updateOne({ _id: outageId }, { $inc: { 'figures.closed': 1 } });
  ctx.events.emit('ticket.resolved', { ...summarize({ ...before, status: 'resolved' }), outcome: 'outage_resolved' });
  return true;
}
