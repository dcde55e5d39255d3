// What an agent's console needs to draw its queues from scratch: on every (re)connection
// over socket.io and over REST (GET /api/queues/snapshot) after a reconnect. Items carry
// no contact data; only the agent's own tickets carry a subject line. It reads no ticket
// but the agent's own, each by `_id` (the agent's openTickets): never a scan of tickets.
import { Agent } from '../../models/agent';
import { agentById, agentsOnBoard } from '../../models/repos/agents';
import { allQueueItems } from '../../models/repos/queue-items';
import { openTicketsOf, type StaffTicketRow } from '../../models/repos/tickets';
import { Ticket } from '../../models/ticket';
import type { QueueSnapshot, Role } from '../../wire';
import { queueVisibleTo } from '../../core/routing/match';
import { listQueues } from '../../core/routing/select-queue';
import type { CoreContext } from '../../core/context';
import { summarize } from '../../core/tickets/summary';
import { nominalSeconds } from '../../core/rules/deadline';

export function isSupervisorRole(role: Role | undefined): boolean {
  return role === 'supervisor' || role === 'admin';
}

/** The queues an agent works (by skills); supervisors see them all. */
export async function queuesFor(agentId: string, role: Role): Promise<string[]> {
  const queues = await listQueues();
  if (isSupervisorRole(role)) return queues.map((q) => q._id);
  const agent = await Agent.findById(agentId, { channels: 1, categories: 1 }).lean();
  if (!agent) return [];
  return queues.filter((q) => queueVisibleTo(q, agent)).map((q) => q._id);
}

export async function buildSnapshot(ctx: Pick<CoreContext, 'clock' | 'rules'>, agentId: string, role: Role): Promise<QueueSnapshot> {
  const supervisor = isSupervisorRole(role);
  const [queues, visible, agent] = await Promise.all([listQueues(), queuesFor(agentId, role), agentById(agentId)]);
  const visibleSet = new Set(visible);
  const items = (await allQueueItems()).filter((i) => visibleSet.has(i.queue));
  const mine = await openTicketsOfAgent(agentId, agent?.openTickets);
  const snapshot: QueueSnapshot = {
    at: ctx.clock.now(),
    me: {
      id: agentId,
      role,
      presence: agent?.presence ?? 'offline',
      capacity: agent?.capacity ?? {},
      load: agent?.load ?? {},
      offerTicketId: agent?.offerTicketId ?? null,
    },
    queues: queues
      .filter((q) => visibleSet.has(q._id))
      .map((q) => ({ id: q._id, name: q.name, mode: q.mode ?? 'pull', serviceLevelSeconds: q.serviceLevelSeconds ?? 20 })),
    items: items.map((i) => ({
      ticketId: i._id,
      number: i.ticketNumber,
      queue: i.queue,
      channel: i.channel,
      category: i.category,
      language: i.language ?? undefined,
      priority: i.priority,
      enqueuedAt: i.enqueuedAt,
      state: i.state ?? 'waiting',
      ...(i.preview ? { preview: i.preview, lastMessageAt: i.lastMessageAt ?? undefined } : {}),
      ...(i.offeredTo && (supervisor || i.offeredTo === agentId)
        ? { offeredTo: i.offeredTo, offerExpiresAt: i.offerExpiresAt ?? undefined }
        : {}),
    })),
    mine: mine.map((t) => ({
      ...summarize(t),
      subject: t.subject ?? undefined,
      assignedAt: t.assignedAt ?? undefined,
      firstResponseDueAt: t.sla?.firstResponseDueAt ?? undefined,
      resolutionDueAt: t.sla?.resolutionDueAt ?? undefined,
      firstResponseAt: t.firstResponseAt ?? undefined,
    })),
    // A channel without a target (null in the rule set) is left out: the console shows no countdown.
    firstResponseSeconds: Object.fromEntries(Object.entries(ctx.rules.firstResponseSeconds).filter(([, s]) => s != null)) as Record<
      string,
      number
    >,
    // In calendar days, as the console counts: working days and hours converted (core/rules/deadline.ts).
    answerDays: Object.fromEntries(
      Object.entries(ctx.rules.categories).map(([category, rule]) => [category, nominalSeconds(rule) / 86_400]),
    ),
  };
  if (supervisor) {
    const agents = await agentsOnBoard();
    snapshot.agents = agents.map((a) => ({ id: String(a._id), name: a.name, presence: a.presence ?? 'offline', load: a.load }));
  }
  return snapshot;
}

type MineRow = Omit<StaffTicketRow, 'contact'>;

/**
 * The agent's open tickets, read one by one by `_id` from the agent's list (a superset:
 * each is checked). Tickets no longer open leave the list here; a queued one stays, as a
 * claim in progress adds it before it assigns the ticket.
 */
async function openTicketsOfAgent(agentId: string, ids: string[] | null | undefined): Promise<MineRow[]> {
  if (!ids) {
    // An agent stored before the list existed: one scan, then the list is kept by claims and releases.
    const rows = await openTicketsOf(agentId);
    await Agent.updateOne({ _id: agentId, openTickets: { $exists: false } }, { $set: { openTickets: rows.map((t) => String(t._id)) } });
    return rows;
  }
  const rows = await Promise.all(
    ids.map((id) =>
      Ticket.findById(id, { trackingTokenHash: 0, contact: 0 })
        .lean<MineRow>()
        .then((t) => [id, t] as const),
    ),
  );
  const mine = rows.flatMap(([, t]) => (t && t.assignee === agentId && (t.status === 'assigned' || t.status === 'pending') ? [t] : []));
  const closed = rows.filter(([, t]) => !t || t.status === 'resolved' || t.status === 'closed').map(([id]) => id);
  if (closed.length) await Agent.updateOne({ _id: agentId }, { $pullAll: { openTickets: closed } });
  return mine;
}
