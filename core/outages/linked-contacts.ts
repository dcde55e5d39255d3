// The contacts linked to an outage, as the incident page lists them for agents and
// supervisors: number, channel, state, when and by whom linked; no contact data.
import { Ticket } from '../../models/ticket';

export interface LinkedContact {
  ticketId: string;
  number: string;
  channel: string;
  status: string;
  accountNumber?: string;
  linkedAt?: Date;
  linkedBy?: string;
}

/**
 * The order of the list: oldest link first. The seam for issue 21, which will list vulnerable
 * customers first: sort here on what it knows of each account (the notices have theirs in
 * notices/notice-rules.ts, noticeOrder).
 */
export function orderContacts(rows: LinkedContact[]): LinkedContact[] {
  return [...rows].sort((a, b) => (a.linkedAt?.getTime() ?? 0) - (b.linkedAt?.getTime() ?? 0));
}

/** Up to `limit` linked contacts, read by the ticket's `outageId` index. */
export async function linkedContacts(outageId: string, limit: number): Promise<LinkedContact[]> {
  const rows = await Ticket.find({ outageId }, { number: 1, channel: 1, status: 1, accountNumber: 1, outageLinkedAt: 1, outageLinkedBy: 1 })
    .limit(limit)
    .lean();
  return orderContacts(
    rows.map((t) => ({
      ticketId: String(t._id),
      number: t.number,
      channel: t.channel,
      status: t.status ?? 'queued',
      accountNumber: t.accountNumber ?? undefined,
      linkedAt: t.outageLinkedAt ?? undefined,
      linkedBy: t.outageLinkedBy ?? undefined,
    })),
  );
}
