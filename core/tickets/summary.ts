import type { Types } from 'mongoose';
import type { TicketDoc } from '../../models/ticket';
import type { TicketSummary } from '../events';

/** The fields a summary is made of: a reader that projects only these can summarise. */
export type SummaryFields = Pick<
  TicketDoc,
  'number' | 'queue' | 'channel' | 'category' | 'priority' | 'language' | 'status' | 'queuedAt' | 'assignee'
> & {
  _id: Types.ObjectId | string;
};

/** What events and sockets say about a ticket: ids, routing facts, no personal data. */
export function summarize(t: SummaryFields): TicketSummary {
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
