import { Contract } from '../../models/contract';
import { accountByEmail, accountByPhone, customerByAccount, type CustomerRow } from '../../models/repos/customers';
import { toE164 } from '../phone';
import type { NormalizedInbound } from './inbound-message';

export type KnownCustomer = CustomerRow;

/**
 * Finds the customer behind a message, cheapest evidence first, each step one `_id`
 * read: an account number the sender gave, a contract number, then the sender's phone
 * or e-mail through the contact-point index.
 */
export async function identifyCustomer(msg: NormalizedInbound, defaultCountry: string): Promise<KnownCustomer | null> {
  const byId = async (accountNumber: string | undefined | null) => (accountNumber ? customerByAccount(accountNumber) : null);

  const { identity } = msg;
  if (identity.accountNumber) {
    const c = await byId(identity.accountNumber);
    if (c) return c;
  }
  if (identity.contractNumber) {
    const contract = await Contract.findById(identity.contractNumber, { accountNumber: 1 }).lean();
    const c = await byId(contract?.accountNumber);
    if (c) return c;
  }
  const phone = msg.channel === 'sms' || msg.channel === 'voice' ? msg.from : identity.phone;
  const e164 = toE164(phone, defaultCountry);
  if (e164) {
    const c = await byId(await accountByPhone(e164));
    if (c) return c;
  }
  const email = msg.channel === 'email' ? msg.from : identity.email;
  if (email && email.includes('@')) return byId(await accountByEmail(email));
  return null;
}
