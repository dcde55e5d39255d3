// Closes a matter: the ticket is resolved with an outcome code, the open-thread pointer is
// removed (the customer's next message opens a new ticket; a reply to this one within the
// thread reopens it through ingest), and the agent's capacity is given back.
import { Thread } from '../../models/thread';
import { updateTicket } from '../../models/repos/tickets';
import type { CoreContext } from '../context';
import { withdrawItem } from '../routing/withdraw-item';
import { summarize } from '../tickets/summary';
import { addNote } from './add-note';
import { startWrapUp } from './set-presence';
import { assertCanHandle, loadTicket, releaseCapacity, TicketClosed, type Actor } from './ticket-access';

export const OUTCOMES = [
  'answered',
  'solved',
  'information_given',
  'reading_recorded',
  'instalment_granted',
  'deferral_granted',
  'complaint_upheld',
  'complaint_rejected',
  'refused',
  'duplicate',
  'no_reply',
  'escalated',
  'other',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface ResolveTicketCommand {
  ticketId: string;
  actor: Actor;
  outcome: Outcome;
  note?: string;
}

export async function resolveTicket(
  ctx: Pick<CoreContext, 'events' | 'clock' | 'logger' | 'config'>,
  cmd: ResolveTicketCommand,
): Promise<{ ticket: ReturnType<typeof summarize> }> {
  const ticket = await loadTicket(cmd.ticketId);
  assertCanHandle(ticket, cmd.actor);
  const now = ctx.clock.now();
  const updated = await updateTicket(
    { _id: ticket._id, status: { $in: ['queued', 'assigned', 'pending'] } },
    { $set: { status: 'resolved', resolvedAt: now, outcome: cmd.outcome } },
  );
  if (!updated) throw TicketClosed();
  await withdrawItem(ctx, String(ticket._id));
  if (ticket.threadKey) await Thread.deleteOne({ _id: ticket.threadKey, ticketId: String(ticket._id) });
  if (ticket.assignee) await releaseCapacity(ticket.assignee, ticket.channel, now, String(ticket._id));
  if (cmd.note) await addNote(ctx, { ticketId: cmd.ticketId, actor: cmd.actor, body: cmd.note });
  const summary = summarize(updated);
  ctx.events.emit('ticket.resolved', { ...summary, outcome: cmd.outcome });
  ctx.logger.info({ ticketId: cmd.ticketId, outcome: cmd.outcome, by: cmd.actor.agentId }, 'ticket resolved');
  // After a call, the agent gets wrap-up time before the next one is offered.
  if (ticket.channel === 'voice' && ticket.assignee && ctx.config.WRAP_UP_SECONDS > 0)
    await startWrapUp(ctx, ticket.assignee, ctx.config.WRAP_UP_SECONDS);
  return { ticket: summary };
}
