// Tickets as the use cases read and change them, typed once: reads by `_id` or number, and
// the conditional update that returns the ticket as it is afterwards.
import type { QueryFilter, Types, UpdateQuery } from 'mongoose';
import { Ticket, type TicketDoc } from '../ticket';

export type TicketRow = TicketDoc & { _id: Types.ObjectId };
/** What staff and agents may see of a ticket: everything but the tracking token's hash. */
export type StaffTicketRow = Omit<TicketRow, 'trackingTokenHash'>;

export type TicketFields = Partial<Record<keyof TicketDoc, 1>>;
export type TicketPick<F extends TicketFields> = Pick<TicketRow, '_id' | Extract<keyof F, keyof TicketDoc>>;

export function ticketById(id: string | Types.ObjectId): Promise<TicketRow | null>;
export function ticketById<F extends TicketFields>(id: string | Types.ObjectId, fields: F): Promise<TicketPick<F> | null>;
export async function ticketById(id: string | Types.ObjectId, fields?: TicketFields): Promise<TicketRow | null> {
  return Ticket.findById(id, fields).lean<TicketRow>();
}

export function ticketByNumber(number: string): Promise<TicketRow | null>;
export function ticketByNumber<F extends TicketFields>(number: string, fields: F): Promise<TicketPick<F> | null>;
export async function ticketByNumber(number: string, fields?: TicketFields): Promise<TicketRow | null> {
  return Ticket.findOne({ number }, fields).lean<TicketRow>();
}

/** A ticket as the agents' API shows it (server/routes/tickets.ts). */
export async function staffTicketById(id: string | Types.ObjectId): Promise<StaffTicketRow | null> {
  return Ticket.findById(id, { trackingTokenHash: 0 }).lean<StaffTicketRow>();
}

/** The customer panel's recent tickets of one account, newest first. */
export async function recentTicketsOfAccount(accountNumber: string, limit: number): Promise<StaffTicketRow[]> {
  return Ticket.find({ accountNumber }, { trackingTokenHash: 0 }).sort({ createdAt: -1 }).limit(limit).lean<StaffTicketRow[]>();
}

/** What agents search tickets by (GET /api/tickets); every criterion is an exact value. */
export interface TicketSearch {
  number?: string;
  accountNumber?: string;
  assignee?: string;
  status?: TicketDoc['status'];
  queue?: string;
  channel?: TicketDoc['channel'];
  category?: TicketDoc['category'];
}

/**
 * Tickets matching every criterion given, newest first. The filter is built most selective
 * first, because the embedded store narrows the rows by the first indexed field of the filter
 * (number → one ticket, account → a few, agent + status → their open ones); without one of
 * those, the table is read.
 */
export async function searchTickets(criteria: TicketSearch, limit: number): Promise<StaffTicketRow[]> {
  const filter: Record<string, string> = {};
  for (const k of ['number', 'accountNumber', 'assignee', 'status', 'queue', 'channel', 'category'] as const) {
    const v = criteria[k];
    if (v) filter[k] = v;
  }
  return Ticket.find(filter, { trackingTokenHash: 0 }).sort({ createdAt: -1 }).limit(limit).lean<StaffTicketRow[]>();
}

/** An agent's own open tickets (the console's "mine"), without tracking hash or contact data. */
export async function openTicketsOf(agentId: string): Promise<Array<Omit<StaffTicketRow, 'contact'>>> {
  return Ticket.find({ assignee: agentId, status: { $in: ['assigned', 'pending'] } }, { trackingTokenHash: 0, contact: 0 }).lean<
    Array<Omit<StaffTicketRow, 'contact'>>
  >();
}

/**
 * One conditional update (the filter holds the state the caller read) returning the ticket
 * as it is afterwards, or null when the ticket changed meanwhile and the filter missed.
 */
export async function updateTicket(filter: QueryFilter<TicketDoc>, update: UpdateQuery<TicketDoc>): Promise<TicketRow | null> {
  return Ticket.findOneAndUpdate(filter, update, { returnDocument: 'after' }).lean<TicketRow>();
}

/** What a search result shows: no contact data, no tracking hash. */
export type TicketHit = Pick<
  TicketRow,
  '_id' | 'number' | 'channel' | 'category' | 'status' | 'subject' | 'accountNumber' | 'createdAt' | 'language'
>;
const HIT = { number: 1, channel: 1, category: 1, status: 1, subject: 1, accountNumber: 1, createdAt: 1, language: 1 } as const;

/** Tickets with this exact value of one indexed field, newest first. */
export async function ticketsByField(
  field: 'number' | 'accountNumber' | 'contractNumber' | 'contact.address',
  value: string,
  limit: number,
): Promise<TicketHit[]> {
  return Ticket.find({ [field]: value }, HIT)
    .sort({ createdAt: -1 })
    .limit(limit)
    .lean<TicketHit[]>();
}

/**
 * Free text: the newest `window` tickets (read through the createdAt index, a bounded read on
 * both stores), matched in memory on number and subject. Older tickets are found by their
 * number, phone, e-mail, account or contract, never by a scan of the whole collection.
 */
export async function recentTicketsMatching(text: string, window: number, limit: number): Promise<TicketHit[]> {
  const needle = text.toLocaleLowerCase();
  const recent = await Ticket.find({}, HIT).sort({ createdAt: -1 }).limit(window).lean<TicketHit[]>();
  return recent.filter((t) => (t.subject ?? '').toLocaleLowerCase().includes(needle)).slice(0, limit);
}
