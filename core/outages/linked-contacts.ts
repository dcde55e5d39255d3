// The contacts linked to an outage, as the incident page lists them for agents and
// supervisors: number, channel, state, when and by whom linked, whether the customer is
// protected (a flag of the vulnerability register — never which one); no contact data.
import { Customer } from '../../models/customer';
import { Ticket } from '../../models/ticket';
import { inPool } from '../pool';
import { effectiveFlags, NEVER_DISCONNECT } from '../protection/flags';

export interface LinkedContact {
  ticketId: string;
  number: string;
  channel: string;
  status: string;
  accountNumber?: string;
  linkedAt?: Date;
  linkedBy?: string;
  /** The customer has a vulnerability flag that counts: listed first. */
  protected?: boolean;
}

/** 0 = life support or medical equipment, 1 = another flag, 2 = none (core/protection/flags.ts). */
export type ProtectionRank = 0 | 1 | 2;

/**
 * The order of the list: protected customers first — essential supplies, then the other flags
 * (docs/rules.md, "Protected customers") — then the oldest link first.
 */
export function orderContacts(rows: LinkedContact[], rankOf: (accountNumber: string) => ProtectionRank = () => 2): LinkedContact[] {
  const rank = (r: LinkedContact) => (r.accountNumber ? rankOf(r.accountNumber) : 2);
  return [...rows].sort((a, b) => rank(a) - rank(b) || (a.linkedAt?.getTime() ?? 0) - (b.linkedAt?.getTime() ?? 0));
}

/** Up to `limit` linked contacts, read by the ticket's `outageId` index; their customers' flags by `_id`. */
export async function linkedContacts(outageId: string, limit: number): Promise<LinkedContact[]> {
  const rows = await Ticket.find({ outageId }, { number: 1, channel: 1, status: 1, accountNumber: 1, outageLinkedAt: 1, outageLinkedBy: 1 })
    .limit(limit)
    .lean();
  const ranks = new Map<string, ProtectionRank>();
  await inPool([...new Set(rows.map((t) => t.accountNumber).filter((a): a is string => !!a))], 8, async (a) => {
    const c = await Customer.findById(a, { vulnerabilities: 1 }).lean();
    const flags = effectiveFlags(c?.vulnerabilities);
    ranks.set(a, flags.some((f) => NEVER_DISCONNECT.includes(f.kind)) ? 0 : flags.length ? 1 : 2);
  });
  const rankOf = (a: string) => ranks.get(a) ?? 2;
  return orderContacts(
    rows.map((t) => ({
      ticketId: String(t._id),
      number: t.number,
      channel: t.channel,
      status: t.status ?? 'queued',
      accountNumber: t.accountNumber ?? undefined,
      linkedAt: t.outageLinkedAt ?? undefined,
      linkedBy: t.outageLinkedBy ?? undefined,
      ...(t.accountNumber && rankOf(t.accountNumber) < 2 ? { protected: true } : {}),
    })),
    rankOf,
  );
}
