// Shared steps of the ticket use cases: load a ticket, check who may work it, give back
// an agent's capacity. Each write is one conditional update on one document.
import { Types } from 'mongoose';
import { Agent } from '../../models/agent';
import { ticketById, type TicketRow as StoredTicket } from '../../models/repos/tickets';
import type { Role } from '../../wire';
import { DomainError, NotFound } from '../errors';

export type TicketRow = StoredTicket & { createdAt?: Date };

export interface Actor {
  agentId: string;
  role: Role;
}

export const OPEN = ['queued', 'assigned', 'pending'] as const;

export const AlreadyClaimed = () => new DomainError('AlreadyClaimed', 'another agent has already taken this ticket', 409);
export const NotYours = () => new DomainError('NotYours', 'this ticket is assigned to another agent', 409);
export const TicketClosed = () => new DomainError('TicketClosed', 'this ticket is already resolved', 409);

export function isSupervisor(actor: Actor): boolean {
  return actor.role === 'supervisor' || actor.role === 'admin';
}

export async function loadTicket(ticketId: string): Promise<TicketRow> {
  if (!Types.ObjectId.isValid(ticketId)) throw NotFound('ticket');
  const t = await ticketById(ticketId);
  if (!t) throw NotFound('ticket');
  return t;
}

export const ClaimFirst = () => new DomainError('ClaimFirst', 'claim the ticket before working on it', 409);

/** A waiting ticket is claimed before it is worked; a supervisor may still move or close it. */
export function assertCanHandle(ticket: TicketRow, actor: Actor): void {
  if (ticket.status === 'queued') {
    if (!isSupervisor(actor)) throw ClaimFirst();
    return;
  }
  assertCanWork(ticket, actor);
}

/** The assignee works the ticket; a supervisor may step in on any open ticket. */
export function assertCanWork(ticket: TicketRow, actor: Actor): void {
  if (!OPEN.includes(ticket.status as (typeof OPEN)[number])) throw TicketClosed();
  if (isSupervisor(actor)) return;
  if (ticket.assignee !== actor.agentId) throw NotYours();
}

/**
 * Takes one unit of an agent's capacity on a channel for a ticket, if there is room; the
 * ticket joins the agent's open tickets in the same write (models/agent.ts, openTickets).
 */
export async function takeCapacity(agentId: string, channel: string, capacity: number, ticketId: string, now: Date): Promise<boolean> {
  const took = await Agent.updateOne(
    { _id: agentId, [`load.${channel}`]: { $lt: capacity } },
    { $inc: { [`load.${channel}`]: 1 }, $set: { lastBusyAt: now }, $addToSet: { openTickets: ticketId } },
  );
  return took.modifiedCount === 1;
}

/** Gives back one unit of an agent's capacity on a channel (never below zero), and the ticket leaves their open tickets. */
export async function releaseCapacity(agentId: string | null | undefined, channel: string, now: Date, ticketId?: string): Promise<void> {
  if (!agentId || !Types.ObjectId.isValid(agentId)) return;
  await Agent.updateOne(
    { _id: agentId, [`load.${channel}`]: { $gt: 0 } },
    { $inc: { [`load.${channel}`]: -1 }, $set: { lastBusyAt: now }, ...(ticketId ? { $pull: { openTickets: ticketId } } : {}) },
  );
}

export function newOutMessageId(): string {
  return `out:${new Types.ObjectId().toHexString()}`;
}
