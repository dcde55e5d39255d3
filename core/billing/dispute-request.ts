// A disputed-contract request, from any channel (web form, e-mail, SMS, IVR, an agent's
// ticket), opens the dispute case as soon as its ticket exists: dunning and new bills on the
// supply are blocked at once, not when an agent gets to it (docs/rules.md, "Disputed
// contracts"). Only for the account's own contact: a stranger naming someone else's
// contract opens a ticket for an agent, never a block on a supply that is not theirs.
import { Contract } from '../../models/contract';
import { ticketById } from '../../models/repos/tickets';
import type { CoreContext } from '../context';
import { accountByEmail, accountByPhone } from '../../models/repos/customers';
import { openDispute } from './self-service';

export type DisputeFromTicket =
  | { opened: true; contractNumber: string; billsBlocked: number }
  | { opened: false; reason: 'not_a_dispute' | 'unknown_account' | 'not_the_account_contact' | 'no_single_contract' | 'already_open' };

async function contactAccount(address: string | null | undefined): Promise<string | null> {
  if (!address) return null;
  if (address.includes('@')) return accountByEmail(address);
  if (address.startsWith('+')) return accountByPhone(address);
  return null;
}

export async function openDisputeFromTicket(ctx: CoreContext, ticketId: string): Promise<DisputeFromTicket> {
  const t = await ticketById(ticketId, { category: 1, accountNumber: 1, contractNumber: 1, contact: 1 });
  if (!t || t.category !== 'disputed_contract') return { opened: false, reason: 'not_a_dispute' };
  const account = t.accountNumber;
  if (!account) return { opened: false, reason: 'unknown_account' };
  if ((await contactAccount(t.contact?.address)) !== account) return { opened: false, reason: 'not_the_account_contact' };
  let contractNumber = t.contractNumber ?? null;
  if (contractNumber) {
    const c = await Contract.findById(contractNumber, { accountNumber: 1, disputeTicketId: 1 }).lean();
    if (!c || c.accountNumber !== account) return { opened: false, reason: 'no_single_contract' };
    if (c.disputeTicketId) return { opened: false, reason: 'already_open' };
  } else {
    // No contract named: the account's only contract is the one meant; with several, an agent asks.
    const contracts = await Contract.find({ accountNumber: account }, { _id: 1, disputeTicketId: 1 }).limit(2).lean();
    if (contracts.length !== 1) return { opened: false, reason: 'no_single_contract' };
    if (contracts[0]!.disputeTicketId) return { opened: false, reason: 'already_open' };
    contractNumber = String(contracts[0]!._id);
  }
  const res = await openDispute(ctx, { contractNumber, ticketId });
  return { opened: true, contractNumber, billsBlocked: res.billsBlocked };
}
