// The socket worker of the agents' console (namespace `/agents`): the single place that
// turns EventBus events into io.to(room).emit(...). Use cases never touch sockets.
// Rooms: `supervisors`, `agent:<id>`, `queue:<queueId>`. The Redis streams adapter carries
// each emit to the sockets of every node, so an event is emitted once, by the node where
// it happened. Payloads carry what the console draws, never a customer's contact data.
import type { IncomingMessage } from 'node:http';
import type { Namespace, Socket } from 'socket.io';
import type { SessionData } from 'express-session';
import type { EventMap, TicketSummary } from '../../core/events';
import { setPresence } from '../../core/tickets/set-presence';
import { rejectOffer } from '../../core/tickets/reject-offer';
import { PRESENCE, type Presence, type Role } from '../../wire';
import type { AppContext } from '../../app/context';
import { buildSnapshot, isSupervisorRole, queuesFor } from './snapshot';
import { installSocketLimits } from './limits';

export const NAMESPACE = '/agents';

export const room = {
  supervisors: 'supervisors',
  agent: (id: string) => `agent:${id}`,
  queue: (id: string) => `queue:${id}`,
};

interface SocketUser {
  agentId: string;
  role: Role;
}

/** What a queue list shows of a ticket. */
export function ticketView(t: TicketSummary) {
  return {
    ticketId: t.ticketId,
    number: t.number,
    queue: t.queue,
    channel: t.channel,
    category: t.category,
    priority: t.priority,
    language: t.language,
    status: t.status,
    enqueuedAt: t.queuedAt,
    assignee: t.assignee,
  };
}

export class AgentsGateway {
  readonly nsp: Namespace;
  private readonly offlineTimers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly ctx: AppContext) {
    this.nsp = ctx.io.of(NAMESPACE);
  }

  /** Takes agents' connections (HTTP nodes only). */
  accept(): void {
    installSocketLimits(this.ctx, this.nsp);
    this.nsp.use((socket, next) => {
      const session = (socket.request as IncomingMessage & { session?: Partial<SessionData> }).session;
      if (!session?.agentId || !session.role) return next(new Error('unauthenticated'));
      // Association representatives use their portal, never the agents' live queues.
      if (session.role === 'association') return next(new Error('forbidden'));
      (socket.data as SocketUser).agentId = session.agentId;
      (socket.data as SocketUser).role = session.role;
      next();
    });
    this.nsp.on('connection', (socket) => {
      this.onConnection(socket).catch((err: unknown) => {
        this.ctx.logger.error({ err, socketId: socket.id }, 'agent socket setup failed');
        socket.disconnect(true);
      });
    });
  }

  private async onConnection(socket: Socket): Promise<void> {
    const { agentId, role } = socket.data as SocketUser;
    // Handlers first (synchronously): a client may emit as soon as it is connected.
    socket.on('snapshot:get', async (ack?: (s: unknown) => void) => {
      if (typeof ack === 'function') ack(await buildSnapshot(this.ctx, agentId, role).catch(() => null));
    });
    socket.on('presence:set', async (state: unknown, ack?: (r: unknown) => void) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      if (typeof state !== 'string' || !PRESENCE.includes(state as Presence)) return reply({ error: 'ValidationFailed' });
      try {
        reply(await setPresence(this.ctx, { agentId, state: state as Presence }));
      } catch (err) {
        reply({ error: (err as { code?: string }).code ?? 'InternalError' });
      }
    });
    socket.on('offer:reject', async (ticketId: unknown, ack?: (r: unknown) => void) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      if (typeof ticketId !== 'string') return reply({ error: 'ValidationFailed' });
      try {
        await rejectOffer(this.ctx, { ticketId, agentId });
        reply({ ok: true });
      } catch (err) {
        reply({ error: (err as { code?: string }).code ?? 'InternalError' });
      }
    });
    socket.on('disconnect', () => this.scheduleOfflineCheck(agentId));

    const queues = await queuesFor(agentId, role);
    await socket.join([room.agent(agentId), ...queues.map(room.queue), ...(isSupervisorRole(role) ? [room.supervisors] : [])]);
    // A fresh snapshot on every connection, reconnections included: nothing missed.
    socket.emit('queue:snapshot', await buildSnapshot(this.ctx, agentId, role));
  }

  /** Closing the console (on every node, for AGENT_OFFLINE_GRACE_SECONDS) ends availability, so push routing stops offering. */
  private scheduleOfflineCheck(agentId: string): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.offlineTimers.delete(timer);
      if (this.stopped) return;
      void (async () => {
        const sockets = await this.nsp.in(room.agent(agentId)).fetchSockets();
        if (sockets.length === 0 && !this.stopped) await setPresence(this.ctx, { agentId, state: 'offline' });
      })().catch((err: unknown) => this.ctx.logger.warn({ err, agentId }, 'offline check failed'));
    }, this.ctx.config.AGENT_OFFLINE_GRACE_SECONDS * 1000);
    timer.unref();
    this.offlineTimers.add(timer);
  }

  private emit(rooms: Array<string | undefined | null>, event: string, payload: unknown): void {
    const targets = [...new Set(rooms.filter((r): r is string => !!r))];
    if (targets.length) this.nsp.to(targets).emit(event, payload);
  }

  /** Turns events into emits to the rooms; on every process, so a worker's events reach the agents too. */
  listen(): void {
    const { events } = this.ctx;
    const assigneeRoom = (id?: string | null) => (id ? room.agent(id) : null);
    events.on('ticket.queued', (e: EventMap['ticket.queued']) => {
      this.emit([room.queue(e.queue), room.supervisors], 'ticket:queued', {
        ...ticketView(e),
        state: 'waiting',
        reason: e.reason,
        preview: e.preview,
        lastMessageAt: e.lastMessageAt,
      });
    });
    events.on('ticket.updated', (e) => {
      this.emit([room.queue(e.queue), room.supervisors, assigneeRoom(e.assignee)], 'ticket:updated', ticketView(e));
    });
    events.on('ticket.claimed', (e) => {
      const claimed = { ...ticketView(e), agentId: e.agentId, waitedSeconds: e.waitedSeconds };
      // The claimer's sockets alone hear the subject and deadlines ("my tickets"), so their
      // console needs no snapshot after a claim.
      this.nsp
        .to([room.queue(e.queue), room.supervisors])
        .except(room.agent(e.agentId))
        .emit('ticket:claimed', claimed);
      this.emit([room.agent(e.agentId)], 'ticket:claimed', { ...claimed, ...(e.mine ?? {}) });
    });
    events.on('ticket.resolved', (e) => {
      this.emit([room.queue(e.queue), room.supervisors, assigneeRoom(e.assignee)], 'ticket:resolved', {
        ...ticketView(e),
        outcome: e.outcome,
      });
    });
    events.on('ticket.transferred', (e) => {
      // The old queue's lists drop it; the new queue hears ticket:queued (or the agent ticket:updated).
      this.emit([room.queue(e.fromQueue), room.supervisors, assigneeRoom(e.agentId)], 'ticket:updated', {
        ...ticketView(e),
        fromQueue: e.fromQueue,
        transferred: true,
      });
    });
    events.on('ticket.offered', (e) => {
      this.emit([room.agent(e.agentId)], 'ticket:offered', { ...ticketView(e), agentId: e.agentId, expiresAt: e.expiresAt });
      this.emit([room.queue(e.queue), room.supervisors], 'ticket:updated', { ...ticketView(e), state: 'offered' });
    });
    events.on('ticket.offer_ended', (e) => {
      this.emit([room.agent(e.agentId), room.supervisors], 'ticket:offer-ended', e);
      this.emit([room.queue(e.queue)], 'ticket:updated', { ticketId: e.ticketId, queue: e.queue, state: 'waiting', status: 'queued' });
    });
    events.on('agent.presence', (e) => {
      this.emit([room.agent(e.agentId), room.supervisors], 'agent:status', e);
    });
    // Every HTTP node computes the same figures from the store for its own wall boards:
    // emitted to this node's supervisors only, so a board gets one copy per tick, not one per node.
    events.on('stats.live', (figures) => {
      this.nsp.local.to(room.supervisors).emit('stats:live', figures);
    });
    // An outage incident changed: every console and wall board hears it (agents see the incident
    // on linked tickets and link by hand; supervisors manage it). Every node's sockets, through the adapter.
    events.on('outage.changed', (e) => {
      this.nsp.emit('outage:changed', e);
    });
    // A gas leak or another danger: supervisors and the agents of the emergency queue, at once.
    events.on('emergency.raised', (e) => {
      this.emit([room.supervisors, room.queue('emergency')], 'emergency:raised', e);
    });
    events.on('ticket.sla', (e) => {
      // An escalated written answer is a supervisor's matter: its queue and the supervisors hear it, not the assignee.
      const assignee = e.deadline === 'first_response' ? assigneeRoom(e.assignee) : null;
      this.emit([room.queue(e.queue), room.supervisors, assignee], 'ticket:sla', {
        ticketId: e.ticketId,
        number: e.number,
        queue: e.queue,
        deadline: e.deadline,
        dueAt: e.dueAt,
        state: e.state,
      });
    });
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.offlineTimers) clearTimeout(t);
    this.offlineTimers.clear();
  }
}
