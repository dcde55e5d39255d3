// Business events, emitted by use cases and consumed by listeners registered in the
// composition root (socket gateway, statistics, …). Domain code never touches sockets.
import { EventEmitter } from 'node:events';
import type { TicketSummary } from '../wire';
import type { Logger } from './logger';
import type { LivePayload } from '../wire/stats';
import type { NowServing } from '../wire/walk-in';
import type { EmergencyRaised, OutageChanged } from '../wire/outages';

export type { TicketSummary };

export interface EventMap {
  /** A ticket entered a queue: new, reopened by a customer reply, transferred, released, or unlinked from an outage by an agent. */
  'ticket.queued': TicketSummary & {
    reason: 'new' | 'reopened' | 'transferred' | 'released' | 'unlinked';
    /** For the queue lists of the agents who may take it: the message's first line (core/tickets/preview.ts). */
    preview?: string;
    lastMessageAt?: Date;
  };
  'ticket.updated': TicketSummary;
  'ticket.claimed': TicketSummary & {
    agentId: string;
    waitedSeconds: number;
    /** For the claimer only (their "my tickets" line): subject and deadlines. */
    mine?: { subject?: string; assignedAt?: Date; firstResponseDueAt?: Date; resolutionDueAt?: Date; firstResponseAt?: Date };
  };
  'ticket.resolved': TicketSummary & { outcome?: string };
  'message.received': { ticketId: string; messageId: string; channel: string; at: Date };
  'message.sent': { ticketId: string; messageId: string; channel: string; at: Date };
  'ticket.transferred': TicketSummary & { fromQueue: string; toQueue: string; agentId?: string };
  /** Phone-line measurements (docs/rules.md, "Statistics and regulatory figures"): every step of every call, for the statistics. */
  'call.event': {
    callSid: string;
    kind:
      | 'ivr_entered'
      | 'agent_requested'
      // Asked for an agent while the queue was closed (hours, holiday, closure): outside LS's denominator.
      | 'agent_requested_closed'
      | 'queued'
      | 'answered'
      | 'abandoned'
      | 'completed'
      | 'voicemail'
      | 'callback_requested'
      // A callback the system dials (core/callbacks): each call placed, the one that reached the agent, the request given up.
      | 'callback_placed'
      | 'callback_connected'
      | 'callback_failed';
    at: Date;
    queue?: string;
    language?: string;
    ticketId?: string;
    /** IVR choices the caller made before asking for an agent. */
    ivrChoices?: number;
    /** Seconds from enqueue to answer/abandon (excluding the IVR), and from call start (including it). */
    waitSeconds?: number;
    waitWithIvrSeconds?: number;
    handleSeconds?: number;
    /** `answered`: the agent the call was bridged to. */
    agentId?: string;
  };
  'reading.received': { contractNumber: string; channel: string; status: 'accepted' | 'held' | 'rejected'; at: Date };
  'agent.presence': { agentId: string; state: string; at: Date };
  /** Push routing offered a waiting ticket to one agent, who accepts (claims) or rejects before `expiresAt`. */
  'ticket.offered': TicketSummary & { agentId: string; expiresAt: Date };
  /**
   * An offer ended without the offered agent's claim: rejected, timed out, taken by another
   * agent's claim, or withdrawn (the ticket was resolved, abandoned or moved meanwhile).
   */
  'ticket.offer_ended': { ticketId: string; queue: string; agentId: string; reason: 'rejected' | 'expired' | 'taken' | 'withdrawn' };
  /**
   * SLA clock (core/sla): a ticket's first-response or written-answer (`resolution`) deadline
   * is near (`warning`; for written answers, escalated to supervisors) or passed (`breached`);
   * once per ticket, deadline and state. `at` is the clock's instant (a job's asOf).
   */
  'ticket.sla': TicketSummary & { deadline: 'first_response' | 'resolution'; state: 'warning' | 'breached'; dueAt: Date; at: Date };
  'survey.answered': { ticketId: string; score: number; channel: string; at: Date };
  'outage.suspected': { areaCode: string; reports: number; at: Date };
  /** A walk-in desk called a visitor (or called them again): the office's display shows it. */
  'walkin.called': NowServing;
  /**
   * A walk-in visit moved (core/walk-in): checked in, called to a desk (once, a recall is not
   * counted), served or a no-show. The statistics count each once per visit, per office and service.
   */
  'walkin.visit': WalkInVisitEvent;
  /** An outage incident was raised, declared, promoted, updated, resolved or dismissed (core/outages); the gateway tells every console. */
  'outage.changed': OutageChanged;
  /** A gas leak or another danger was reported (core/emergencies): supervisors are alerted, the on-call person too. */
  'emergency.raised': EmergencyRaised;
  /** The wall board's figures, about once a second (core/stats/live-publisher.ts); the gateway sends them to supervisors. */
  'stats.live': LivePayload;
}

export interface WalkInVisitEvent {
  kind: 'arrived' | 'called' | 'served' | 'no_show';
  /** The visit's id (its ticket's). */
  visitId: string;
  office: string;
  /** The service's letter. */
  service: string;
  queue: string;
  language?: string | null;
  at: Date;
  /** Called, served, no-show: seconds from check-in to the call. */
  waitSeconds?: number;
  /** Served: seconds from the call to done. */
  serviceSeconds?: number;
}

export type EventName = keyof EventMap;

export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor(private readonly logger?: Logger) {
    this.emitter.setMaxListeners(100);
  }

  on<K extends EventName>(name: K, handler: (payload: EventMap[K]) => void | Promise<void>): void {
    this.emitter.on(name, (payload: EventMap[K]) => {
      // A listener's failure is logged, never thrown back into the use case that emitted.
      Promise.resolve()
        .then(() => handler(payload))
        .catch((err: unknown) => this.logger?.error({ err, event: name }, 'event listener failed'));
    });
  }

  emit<K extends EventName>(name: K, payload: EventMap[K]): void {
    this.emitter.emit(name, payload);
  }
}
