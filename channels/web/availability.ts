// Whether an agent who takes live chats (channel `chat`) is available. Read at most every two seconds per
// node: the page asks on load, and a chat start asks again.
import { Agent } from '../../models/agent';

const TTL_MS = 2000;
let cached: { at: number; value: boolean } | null = null;

export async function agentsAvailable(now = Date.now()): Promise<boolean> {
  if (cached && now - cached.at < TTL_MS) return cached.value;
  const value = !!(await Agent.exists({ active: true, presence: 'available', channels: 'chat' }));
  cached = { at: now, value };
  return value;
}

/** Presence changed (an `agent.presence` event): read again next time. */
export function forgetAvailability(): void {
  cached = null;
}
