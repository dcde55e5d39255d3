// Pure routing rules: the order of waiting work, which agent may take an item, and which
// idle agent is offered the next one. No I/O and no clock of their own: tests are tables.

export interface WaitingItem {
  _id: string;
  queue: string;
  channel: string;
  category: string;
  language?: string | null;
  priority: number;
  enqueuedAt: Date;
  /** A contact waiting on the line (a caller in <Enqueue>, a visitor in the chat), not deferred work. */
  live?: boolean | null;
  state?: string | null;
  offeredTo?: string | null;
  declinedBy?: string[] | null;
}

export interface AgentSkills {
  _id: string;
  languages?: string[] | null;
  channels?: string[] | null;
  categories?: string[] | null;
  capacity?: Partial<Record<string, number | null>> | null;
  load?: Partial<Record<string, number | null>> | null;
  presence?: string | null;
  lastBusyAt?: Date | null;
  active?: boolean | null;
  role?: string | null;
}

export interface QueueScope {
  _id: string;
  channels?: string[] | null;
  categories?: string[] | null;
}

type Ordered = Pick<WaitingItem, 'priority' | 'enqueuedAt' | '_id' | 'live'>;

/** Priority 0: an emergency (a gas leak), before everything else whatever the channel. */
export const EMERGENCY_PRIORITY = 0;
const isEmergency = (i: Pick<WaitingItem, 'priority'>) => i.priority <= EMERGENCY_PRIORITY;

/**
 * An emergency first, on any channel; then a person waiting on the line before any deferred
 * work, whatever its category (as any ACD does); then priority (1 = most urgent: outages,
 * disputed contracts), then the oldest.
 */
export function compareWaiting(a: Ordered, b: Ordered): number {
  return (
    Number(isEmergency(b)) - Number(isEmergency(a)) ||
    Number(!!b.live) - Number(!!a.live) ||
    a.priority - b.priority ||
    new Date(a.enqueuedAt).getTime() - new Date(b.enqueuedAt).getTime() ||
    (a._id < b._id ? -1 : a._id > b._id ? 1 : 0)
  );
}

export function sortWaiting<T extends Ordered>(items: T[]): T[] {
  return [...items].sort(compareWaiting);
}

/**
 * The agent speaks the language and works the channel and the category of the item. An
 * emergency needs only the channel: at night any agent on the line is better than none.
 */
export function hasSkills(agent: AgentSkills, item: Pick<WaitingItem, 'channel' | 'category' | 'language'>): boolean {
  const channelOk = !agent.channels || agent.channels.includes(item.channel);
  if (item.category === 'emergency') return channelOk;
  const languageOk = !item.language || !agent.languages?.length || agent.languages.includes(item.language);
  const categoryOk = !agent.categories || agent.categories.includes(item.category);
  return languageOk && channelOk && categoryOk;
}

export function capacityOf(agent: AgentSkills, channel: string): number {
  return agent.capacity?.[channel] ?? 1;
}

export function loadOf(agent: AgentSkills, channel: string): number {
  return agent.load?.[channel] ?? 0;
}

export function hasRoom(agent: AgentSkills, channel: string): boolean {
  return loadOf(agent, channel) < capacityOf(agent, channel);
}

/** Channels whose contacts wait on the line for an agent. */
export const LIVE_CHANNELS: readonly string[] = ['voice', 'chat'];

/**
 * A live queue takes only live channels (the phone queue): deferred work — a request made
 * in the IVR, a voicemail, a callback — never goes there, even on channel "voice".
 */
export function isLiveQueue(queue: Pick<QueueScope, 'channels'>): boolean {
  return !!queue.channels?.length && queue.channels.every((c) => LIVE_CHANNELS.includes(c));
}

/** A queue an agent works: it takes at least one of the agent's channels and categories (every agent sees emergencies). */
export function queueVisibleTo(queue: QueueScope, agent: Pick<AgentSkills, 'channels' | 'categories'>): boolean {
  const channelOk = !queue.channels?.length || queue.channels.some((c) => !agent.channels || agent.channels.includes(c));
  const categoryOk =
    !queue.categories?.length || queue.categories.some((c) => c === 'emergency' || !agent.categories || agent.categories.includes(c));
  return channelOk && categoryOk;
}

/**
 * Push routing's choice: among available, skilled agents with room on the channel who
 * hold no other offer and did not decline this item, the least recently busy one.
 */
export function pickAgentForOffer(item: WaitingItem, agents: AgentSkills[], holdingOffer: ReadonlySet<string>): AgentSkills | null {
  const declined = new Set(item.declinedBy ?? []);
  const candidates = agents.filter(
    (a) =>
      a.active !== false &&
      a.presence === 'available' &&
      !holdingOffer.has(a._id) &&
      !declined.has(a._id) &&
      hasSkills(a, item) &&
      hasRoom(a, item.channel),
  );
  candidates.sort(
    (a, b) =>
      (a.lastBusyAt ? new Date(a.lastBusyAt).getTime() : 0) - (b.lastBusyAt ? new Date(b.lastBusyAt).getTime() : 0) ||
      (a._id < b._id ? -1 : 1),
  );
  return candidates[0] ?? null;
}

/** Seconds an item has waited at `now` (never negative: clocks of nodes differ slightly). */
export function waitedSeconds(enqueuedAt: Date, now: Date): number {
  return Math.max(0, Math.round((now.getTime() - new Date(enqueuedAt).getTime()) / 1000));
}
