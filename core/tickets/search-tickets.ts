// The console's one search box: a ticket number, a phone number, an e-mail address, an account
// or contract number, or words. Each kind is an exact read of an indexed field (or an `_id`
// through the contact points); words search only a bounded window of the newest tickets.
import { Contract } from '../../models/contract';
import { accountByEmail, accountByPhone } from '../../models/repos/customers';
import { recentTicketsMatching, ticketsByField, type TicketHit } from '../../models/repos/tickets';
import { toE164 } from '../phone';

export interface SearchTicketsCommand {
  query: string;
  defaultCountry: string;
  limit?: number;
  /** How many of the newest tickets a word search reads (bounded on purpose). */
  textWindow?: number;
}

export interface TicketSearchResult {
  /** What the query was understood as, in the order tried. */
  matchedAs: Array<'number' | 'email' | 'phone' | 'account' | 'contract' | 'text'>;
  tickets: Array<Omit<TicketHit, '_id'> & { ticketId: string }>;
}

const NUMBER = /^t-?(\d{1,9})$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONEISH = /^\+?[\d\s().-]{6,20}$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9/_-]{2,39}$/;

export async function searchTickets(cmd: SearchTicketsCommand): Promise<TicketSearchResult> {
  const q = cmd.query.trim();
  const limit = cmd.limit ?? 20;
  const matchedAs: TicketSearchResult['matchedAs'] = [];
  const found = new Map<string, TicketHit>();
  const add = (kind: TicketSearchResult['matchedAs'][number], rows: TicketHit[]) => {
    if (rows.length && !matchedAs.includes(kind)) matchedAs.push(kind);
    for (const r of rows) if (found.size < limit) found.set(String(r._id), r);
  };

  const number = NUMBER.exec(q);
  if (number) add('number', await ticketsByField('number', `T-${number[1]!.padStart(6, '0')}`, limit));
  else if (EMAIL.test(q)) {
    const address = q.toLowerCase();
    const account = await accountByEmail(address);
    add('email', await ticketsByField('contact.address', address, limit));
    if (account) add('email', await ticketsByField('accountNumber', account, limit));
  } else {
    const e164 = PHONEISH.test(q) ? toE164(q, cmd.defaultCountry) : null;
    if (e164) {
      add('phone', await ticketsByField('contact.address', e164, limit));
      const account = await accountByPhone(e164);
      if (account) add('phone', await ticketsByField('accountNumber', account, limit));
    }
    if (CODE.test(q)) {
      // An account or contract number (the billing system's codes): both exact, both indexed.
      const [byAccount, byContract, contract] = await Promise.all([
        ticketsByField('accountNumber', q, limit),
        ticketsByField('contractNumber', q, limit),
        Contract.findById(q, { accountNumber: 1 }).lean(),
      ]);
      add('account', byAccount);
      add('contract', byContract);
      // A contract's customer: every ticket of the account, most tickets name no contract.
      if (contract?.accountNumber) add('contract', await ticketsByField('accountNumber', contract.accountNumber, limit));
    }
    if (!found.size && q.length >= 3) add('text', await recentTicketsMatching(q, cmd.textWindow ?? 2000, limit));
  }
  return {
    matchedAs,
    tickets: [...found.values()].map(({ _id, ...rest }) => ({ ticketId: String(_id), ...rest })),
  };
}
