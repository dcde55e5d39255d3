// What an agent's console needs to draw its queues from scratch: on every (re)connection
// over socket.io and over REST (GET /api/queues/snapshot) after a reconnect. Items carry
// no contact data; only the agent's own tickets carry a subject line.
import { Agent } from '../../models/agent';
import { agentById, agentsOnBoard } from '../../models/repos/agents';
import { allQueueItems } from '../../models/repos/queue-items';
import { openTicketsOf } from '../../models/repos/tickets';
import type { QueueSnapshot, Role } from '../../wire';
import { queueVisibleTo } from '../../core/routing/match';
import { listQueues } from '../../core/routing/select-queue';
import type { CoreContext } from '../../core/context';
import { summarize } from '../../core/tickets/summary';

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
  const mine = await openTicketsOf(agentId);
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
    firstResponseSeconds: ctx.rules.firstResponseSeconds,
    answerDays: Object.fromEntries(Object.entries(ctx.rules.categories).map(([category, rule]) => [category, rule.answerDays])),
  };
  if (supervisor) {
    const agents = await agentsOnBoard();
    snapshot.agents = agents.map((a) => ({ id: String(a._id), name: a.name, presence: a.presence ?? 'offline', load: a.load }));
  }
  return snapshot;
}
