import type { Types } from 'mongoose';
import type { TicketDoc } from '../../models/ticket';
import type { TicketSummary } from '../events';

/** What events and sockets say about a ticket: ids, routing facts, no personal data. */
export function summarize(t: TicketDoc & { _id: Types.ObjectId | string }): TicketSummary {
  return {
    ticketId: String(t._id),
    number: t.number,
    queue: t.queue,
    channel: t.channel,
    category: t.category,
    priority: t.priority,
    language: t.language,
    status: t.status ?? 'queued',
    queuedAt: t.queuedAt ?? undefined,
    assignee: t.assignee ?? undefined,
  };
}
