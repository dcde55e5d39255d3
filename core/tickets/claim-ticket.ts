// An agent takes a waiting ticket (pull) or accepts the one offered to them (push).
// The winner is decided by ONE atomic findOneAndDelete on the ticket's queue item: two
// agents racing never both get it; the loser hears AlreadyClaimed (409).
import { Agent } from '../../models/agent';
import { QueueItem } from '../../models/queue-item';
import { agentById } from '../../models/repos/agents';
import { updateTicket } from '../../models/repos/tickets';
import type { CoreContext } from '../context';
import { DomainError, Forbidden, NotFound } from '../errors';
import type { TicketSummary } from '../events';
import { summarize } from '../tickets/summary';
import { capacityOf, hasSkills, waitedSeconds } from '../routing/match';
import { AlreadyClaimed, isSupervisor, loadTicket, releaseCapacity, type Actor } from './ticket-access';

export interface ClaimTicketCommand {
  ticketId: string;
  actor: Actor;
}

export interface ClaimTicketResult {
  ticket: TicketSummary;
  waitedSeconds: number;
}

export const AtCapacity = (channel: string) =>
  new DomainError('AtCapacity', `you already have as many ${channel} conversations as your capacity allows`, 409);
export const OfferedToAnother = () => new DomainError('OfferedToAnother', 'this ticket is being offered to another agent right now', 409);

export async function claimTicket(
  ctx: Pick<CoreContext, 'events' | 'clock' | 'logger'>,
  cmd: ClaimTicketCommand,
): Promise<ClaimTicketResult> {
  const { actor } = cmd;
  const now = ctx.clock.now();
  const ticket = await loadTicket(cmd.ticketId);
  if (ticket.status !== 'queued') throw AlreadyClaimed();
  const agent = await agentById(actor.agentId);
  if (!agent || agent.active === false) throw NotFound('agent');
  const channel = ticket.channel;
  if (!isSupervisor(actor) && !hasSkills(agent, ticket)) throw Forbidden('this ticket needs skills you do not have');

  // 1. A unit of the agent's capacity on the channel (the capacity is configuration; the
  //    load is only ever changed by conditional $inc).
  const took = await Agent.updateOne(
    { _id: actor.agentId, [`load.${channel}`]: { $lt: capacityOf(agent, channel) } },
    { $inc: { [`load.${channel}`]: 1 }, $set: { lastBusyAt: now } },
  );
  if (took.modifiedCount !== 1) throw AtCapacity(channel);

  // 2. The item: waiting, or offered to this very agent. One winner: the conditional
  //    delete is atomic on MongoDB and on our FerretDB build (its rmw-lock patch).
  const item = await QueueItem.findOneAndDelete({
    _id: cmd.ticketId,
    $or: [{ state: 'waiting' }, { state: 'offered', offeredTo: actor.agentId }],
  }).lean();
  if (!item) {
    await releaseCapacity(actor.agentId, channel, now);
    const still = await QueueItem.findById(cmd.ticketId).lean();
    throw still?.state === 'offered' ? OfferedToAnother() : AlreadyClaimed();
  }
  await Agent.updateOne({ _id: actor.agentId, offerTicketId: cmd.ticketId }, { $set: { offerTicketId: null } });

  // 3. The ticket follows the item.
  const updated = await updateTicket(
    { _id: ticket._id, status: 'queued' },
    { $set: { status: 'assigned', assignee: actor.agentId, assignedAt: now } },
  );
  if (!updated) {
    // Resolved or reassigned between our read and the item's removal.
    await releaseCapacity(actor.agentId, channel, now);
    throw AlreadyClaimed();
  }
  const waited = waitedSeconds(item.enqueuedAt, now);
  const summary = summarize(updated);
  ctx.events.emit('ticket.claimed', { ...summary, agentId: actor.agentId, waitedSeconds: waited });
  ctx.logger.info({ ticketId: cmd.ticketId, agentId: actor.agentId, waitedSeconds: waited }, 'ticket claimed');
  return { ticket: summary, waitedSeconds: waited };
}
