import { QueueItem } from '../../models/queue-item';
import { isDuplicateKey } from '../../models/store';

/** Puts a ticket in its queue's small waiting collection; a second call is a no-op. */
export async function enqueueItem(
  ticketId: string,
  ticketNumber: string,
  queue: string,
  channel: string,
  category: string,
  language: string,
  priority: number,
  at: Date,
): Promise<void> {
  try {
    await QueueItem.create({ _id: ticketId, ticketNumber, queue, channel, category, language, priority, enqueuedAt: at });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
