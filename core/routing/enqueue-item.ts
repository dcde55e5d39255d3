import { QueueItem } from '../../models/queue-item';
import { isDuplicateKey } from '../../models/store';

/** A ticket entering its queue's waiting list, as named fields (the values are all strings alike). */
export interface EnqueueItemCommand {
  ticketId: string;
  ticketNumber: string;
  queue: string;
  channel: string;
  category: string;
  language: string;
  priority: number;
  /** A contact waiting on the line: offered before any deferred work. */
  live?: boolean;
  /** The queue row's preview (first line of the message) and the time of the latest message. */
  preview?: string;
  lastMessageAt?: Date;
  /** The place in line: enqueuedAt. */
  at: Date;
}

/** Puts a ticket in its queue's small waiting collection; a second call is a no-op. */
export async function enqueueItem(cmd: EnqueueItemCommand): Promise<void> {
  const { ticketId, ticketNumber, queue, channel, category, language, priority, live, at, preview, lastMessageAt } = cmd;
  try {
    await QueueItem.create({
      _id: ticketId,
      ticketNumber,
      queue,
      channel,
      category,
      language,
      priority,
      enqueuedAt: at,
      ...(live ? { live: true } : {}),
      ...(preview ? { preview } : {}),
      ...(lastMessageAt ? { lastMessageAt } : {}),
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
