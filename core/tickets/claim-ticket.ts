// An agent takes a waiting ticket (pull) or accepts the one offered to them (push); a
// ticket offered to someone else may be taken too, and that offer is withdrawn (but not by
// an agent whose own offer of it already ended: see OfferedToAnother). The winner
// is decided by ONE atomic conditional delete of the ticket's queue item, keyed by its
// queueing: two agents racing never both get it; the loser hears AlreadyClaimed (409).
import { Agent } from '../../models/agent';
import { QueueItem } from '../../models/queue-item';
import { agentById } from '../../models/repos/agents';
import { updateTicket } from '../../models/repos/tickets';
import type { CoreContext } from '../context';
import { DomainError, Forbidden, NotFound } from '../errors';
import type { TicketSummary } from '../events';
import { summarize } from '../tickets/summary';
import { capacityOf, hasSkills, waitedSeconds } from '../routing/match';
import { AlreadyClaimed, isSupervisor, loadTicket, releaseCapacity, takeCapacity, type Actor } from './ticket-access';

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

export const OfferedToAnother = () =>
  new DomainError('OfferedToAnother', 'your offer of this ticket ended and it is offered to another agent now', 409);

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
  if (!(await takeCapacity(actor.agentId, channel, capacityOf(agent, channel), cmd.ticketId, now))) throw AtCapacity(channel);

  // 2. The item, waiting or offered to anyone: an offer is not a reservation (a caller is
  //    better served by whichever agent is first), so another agent's claim withdraws it.
  //    One winner per queueing of the ticket: the delete keyed by that queueing is atomic on
  //    MongoDB and on our FerretDB build (its rmw-lock patch, docs/architecture.md), and it
  //    names nothing else, so a winner never fails on an offer's state changing meanwhile
  //    (an expiry, a new offer).
  const waiting = await QueueItem.findById(cmd.ticketId, { enqueuedAt: 1, state: 1, offeredTo: 1, declinedBy: 1 }).lean();
  // Except an agent whose own offer of it ended (rejected, or expired with its grace) while
  // it is offered to the next one: that agent's late accept must not take the live offer.
  if (waiting?.state === 'offered' && waiting.offeredTo !== actor.agentId && waiting.declinedBy?.includes(actor.agentId)) {
    await releaseCapacity(actor.agentId, channel, now, cmd.ticketId);
    throw OfferedToAnother();
  }
  const item = waiting ? await QueueItem.findOneAndDelete({ _id: cmd.ticketId, enqueuedAt: waiting.enqueuedAt }).lean() : null;
  if (!item) {
    // Another agent's claim won, or it was resolved or queued anew between our read and the delete.
    await releaseCapacity(actor.agentId, channel, now, cmd.ticketId);
    throw AlreadyClaimed();
  }
  if (item.offeredTo) {
    await Agent.updateOne({ _id: item.offeredTo, offerTicketId: cmd.ticketId }, { $set: { offerTicketId: null } });
    if (item.offeredTo !== actor.agentId)
      ctx.events.emit('ticket.offer_ended', { ticketId: cmd.ticketId, queue: item.queue, agentId: item.offeredTo, reason: 'taken' });
  }

  // 3. The ticket follows the item.
  const updated = await updateTicket(
    { _id: ticket._id, status: 'queued' },
    { $set: { status: 'assigned', assignee: actor.agentId, assignedAt: now } },
  );
  if (!updated) {
    // Resolved or reassigned between our read and the item's removal.
    await releaseCapacity(actor.agentId, channel, now, cmd.ticketId);
    throw AlreadyClaimed();
  }
  const waited = waitedSeconds(item.enqueuedAt, now);
  const summary = summarize(updated);
  ctx.events.emit('ticket.claimed', {
    ...summary,
    agentId: actor.agentId,
    waitedSeconds: waited,
    // What the claimer's console lists under "my tickets": no snapshot needed after a claim.
    mine: {
      subject: updated.subject ?? undefined,
      assignedAt: updated.assignedAt ?? undefined,
      firstResponseDueAt: updated.sla?.firstResponseDueAt ?? undefined,
      resolutionDueAt: updated.sla?.resolutionDueAt ?? undefined,
      firstResponseAt: updated.firstResponseAt ?? undefined,
    },
  });
  ctx.logger.info({ ticketId: cmd.ticketId, agentId: actor.agentId, waitedSeconds: waited }, 'ticket claimed');
  return { ticket: summary, waitedSeconds: waited };
}
