// Internal notes: visible to agents only, never on the customer's tracking page.
import { Message } from '../../models/message';
import type { CoreContext } from '../context';
import { summarize } from '../tickets/summary';
import { loadTicket, newOutMessageId, type Actor } from './ticket-access';

export interface AddNoteCommand {
  ticketId: string;
  actor: Actor;
  body: string;
}

export async function addNote(ctx: Pick<CoreContext, 'events' | 'clock'>, cmd: AddNoteCommand): Promise<{ messageId: string }> {
  const ticket = await loadTicket(cmd.ticketId);
  const messageId = newOutMessageId().replace(/^out:/, 'note:');
  await Message.create({
    _id: messageId,
    ticketId: String(ticket._id),
    direction: 'note',
    channel: ticket.channel,
    body: cmd.body,
    state: 'note',
    authorId: cmd.actor.agentId,
    public: false,
    receivedAt: ctx.clock.now(),
  });
  ctx.events.emit('ticket.updated', summarize(ticket));
  return { messageId };
}
