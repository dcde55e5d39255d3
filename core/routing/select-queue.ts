import { Queue, type QueueDoc } from '../../models/queue';
import { isLiveQueue } from './match';

type QueueRow = QueueDoc & { _id: string };
let cache: { at: number; queues: QueueRow[] } | null = null;
const TTL_MS = 5000;

export const DEFAULT_QUEUES: Array<Partial<QueueRow> & { _id: string; name: string }> = [
  // Gas leaks and other dangers (issue 13): first of all, answered day and night (the IVR never sends them to voicemail).
  { _id: 'emergency', name: 'Emergencies (24/7)', categories: ['emergency'], order: 0, mode: 'push', serviceLevelSeconds: 10 },
  { _id: 'urgent', name: 'Outages and disputed contracts', categories: ['outage', 'disputed_contract'], order: 10, mode: 'push' },
  { _id: 'phone', name: 'Phone', channels: ['voice'], order: 20, mode: 'push', serviceLevelSeconds: 20 },
  { _id: 'chat', name: 'Web chat and SMS', channels: ['chat', 'web', 'sms'], order: 30, mode: 'pull', serviceLevelSeconds: 60 },
  // Consumer associations' cases: their own queue, ahead of the general written one.
  { _id: 'association', name: 'Consumer associations', channels: ['association'], order: 35, mode: 'pull', serviceLevelSeconds: 86400 },
  {
    _id: 'written',
    name: 'E-mail and letters',
    channels: ['email', 'association', 'walk_in'],
    order: 40,
    mode: 'pull',
    serviceLevelSeconds: 86400,
  },
  { _id: 'general', name: 'General', order: 1000, mode: 'pull' },
];

/** Creates the default queues on a new installation; existing queues are left alone. */
export async function seedDefaultQueues(): Promise<void> {
  for (const q of DEFAULT_QUEUES) {
    await Queue.updateOne({ _id: q._id }, { $setOnInsert: q }, { upsert: true });
  }
  cache = null;
}

export async function listQueues(): Promise<QueueRow[]> {
  const now = Date.now();
  if (!cache || now - cache.at > TTL_MS) {
    const queues = (await Queue.find().lean()) as QueueRow[];
    queues.sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
    cache = { at: now, queues };
  }
  return cache.queues;
}

export function invalidateQueueCache(): void {
  cache = null;
}

/**
 * The first queue, by order, that takes this channel and category; "general" otherwise.
 * Deferred work (`live` false) skips the live queues: an instalment request made in the
 * IVR is back-office work, not a caller for the phone queue.
 */
export async function selectQueue(channel: string, category: string, live = false): Promise<string> {
  for (const q of await listQueues()) {
    if (!live && isLiveQueue(q)) continue;
    const channelOk = !q.channels?.length || q.channels.includes(channel as never);
    const categoryOk = !q.categories?.length || q.categories.includes(category as never);
    if (channelOk && categoryOk) return q._id;
  }
  return 'general';
}
