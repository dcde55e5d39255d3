// The waiting list (models/queue-item.ts) as routing reads it: the items of a queue in one
// state, and one item by its ticket id.
import { QueueItem, type QueueItemDoc } from '../queue-item';

export type QueueItemRow = QueueItemDoc & { _id: string };

/** Items not yet offered to anyone in one queue (push routing sorts them itself). */
export async function waitingItems(queueId: string): Promise<QueueItemRow[]> {
  return QueueItem.find({ queue: queueId, state: 'waiting' }).lean<QueueItemRow[]>();
}

/** Items offered to an agent right now, in every queue (the offer sweep). */
export async function offeredItems(): Promise<QueueItemRow[]> {
  return QueueItem.find({ state: 'offered' }).lean<QueueItemRow[]>();
}

/** Every waiting or offered item, for a console's snapshot (the collection holds only what waits now). */
export async function allQueueItems(): Promise<QueueItemRow[]> {
  return QueueItem.find({}).lean<QueueItemRow[]>();
}

export async function queueItemById(ticketId: string): Promise<QueueItemRow | null> {
  return QueueItem.findById(ticketId).lean<QueueItemRow>();
}
