// An agent's reply leaves through the ticket's own channel (ctx.outbound). The message row
// is written first (state "queued"), so a failed send is visible on the ticket, never lost.
import { Message } from '../../models/message';
import { Ticket } from '../../models/ticket';
import { updateTicket } from '../../models/repos/tickets';
import type { CoreContext } from '../context';
import { DomainError } from '../errors';
import type { OutboundRegistry } from '../outbound';
import { summarize } from '../tickets/summary';
import { assertCanHandle, loadTicket, newOutMessageId, type Actor } from './ticket-access';

export interface ReplyToTicketCommand {
  ticketId: string;
  actor: Actor;
  body: string;
  subject?: string;
}

export interface ReplyResult {
  messageId: string;
  state: string;
  externalId?: string;
}

export const ChannelUnavailable = (channel: string) =>
  new DomainError('ChannelUnavailable', `replies on the ${channel} channel cannot be sent: that channel is not configured`, 409);
export const NoAddress = () => new DomainError('NoAddress', 'this ticket has no address to reply to', 409);

/** Walk-in and association cases are answered in writing, by e-mail; a live chat like a form, on the web. */
export function outboundKeyFor(channel: string): keyof OutboundRegistry {
  if (channel === 'chat') return 'web';
  return channel === 'sms' || channel === 'voice' || channel === 'web' || channel === 'email' ? channel : 'email';
}

export async function replyToTicket(
  ctx: Pick<CoreContext, 'events' | 'clock' | 'logger' | 'outbound'>,
  cmd: ReplyToTicketCommand,
): Promise<ReplyResult> {
  const ticket = await loadTicket(cmd.ticketId);
  assertCanHandle(ticket, cmd.actor);
  const key = outboundKeyFor(ticket.channel);
  const sender = ctx.outbound[key];
  if (!sender) throw ChannelUnavailable(key);
  const to = ticket.contact?.address;
  if (!to) throw NoAddress();

  const now = ctx.clock.now();
  const messageId = newOutMessageId();
  const subject = cmd.subject ?? (ticket.subject ? `Re: ${ticket.subject} [${ticket.number}]` : ticket.number);
  await Message.create({
    _id: messageId,
    ticketId: String(ticket._id),
    direction: 'out',
    channel: ticket.channel,
    to,
    subject,
    body: cmd.body,
    state: 'queued',
    authorId: cmd.actor.agentId,
    public: true,
  });

  let result;
  try {
    result = await sender.send({
      messageId,
      to,
      body: cmd.body,
      subject,
      language: ticket.language,
      kind: 'reply',
      ticketId: String(ticket._id),
      accountNumber: ticket.accountNumber ?? undefined,
    });
  } catch (err) {
    await Message.updateOne(
      { _id: messageId, state: { $in: ['queued', 'sending'] } },
      { $set: { state: 'failed', error: err instanceof DomainError ? err.code : 'send failed' } },
    );
    ctx.logger.warn(
      { ticketId: String(ticket._id), messageId, err: err instanceof DomainError ? err.code : String(err) },
      'reply not sent',
    );
    throw err;
  }
  // The sender (or an early status callback) may already have moved the row further on.
  await Message.updateOne(
    { _id: messageId, state: 'queued' },
    { $set: { state: result.state, externalId: result.externalId, sentAt: now } },
  );
  await Ticket.updateOne({ _id: ticket._id, firstResponseAt: null }, { $set: { firstResponseAt: now } });
  const updated = await updateTicket({ _id: ticket._id }, { $set: { unread: 0 } });
  ctx.events.emit('message.sent', { ticketId: String(ticket._id), messageId, channel: ticket.channel, at: now });
  if (updated) ctx.events.emit('ticket.updated', summarize(updated));
  ctx.logger.info({ ticketId: String(ticket._id), messageId, agentId: cmd.actor.agentId }, 'reply sent');
  return { messageId, state: result.state, externalId: result.externalId };
}
