// Stored settings from before live chat had a channel id of its own (`chat`, issue 12): until
// then a chat was a ticket of channel `web`, so a queue or an agent that took `web` took chats.
// They take `chat` too after this, once per store (an operator may remove it afterwards).
// Tickets are not rewritten: those stored as `web` are read as what `web` means now, a form
// request on the days clock (a chat is over within minutes; its history stays under `web`).
import { Agent } from '../../models/agent';
import { Migration } from '../../models/migration';
import { Queue } from '../../models/queue';
import { isDuplicateKey } from '../../models/store';
import { invalidateQueueCache } from '../routing/select-queue';

export const CHAT_CHANNEL_MIGRATION = 'chat-channel-2026-11';

export async function migrateChatChannel(): Promise<{ ran: boolean; queues: number; agents: number }> {
  if (await Migration.exists({ _id: CHAT_CHANNEL_MIGRATION })) return { ran: false, queues: 0, agents: 0 };
  // Both are small collections (queues, people); $addToSet makes a second run harmless.
  const queues = await Queue.updateMany({ channels: 'web' }, { $addToSet: { channels: 'chat' } });
  const agents = await Agent.updateMany({ channels: 'web' }, { $addToSet: { channels: 'chat' } });
  await Agent.updateMany({ 'capacity.chat': { $exists: false } }, { $set: { 'capacity.chat': 3 } });
  invalidateQueueCache();
  const result = { queues: queues.modifiedCount, agents: agents.modifiedCount };
  try {
    await Migration.create({ _id: CHAT_CHANNEL_MIGRATION, doneAt: new Date(), result });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // another node ran it at the same time
  }
  return { ran: true, ...result };
}
