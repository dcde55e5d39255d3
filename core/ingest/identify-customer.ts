import { ContactPoint, emailKey, phoneKey } from '../../models/contact-point';
import { Contract } from '../../models/contract';
import { Customer, type CustomerDoc } from '../../models/customer';
import { toE164 } from '../phone';
import type { NormalizedInbound } from './inbound-message';

export type KnownCustomer = CustomerDoc & { _id: string };

/**
 * Finds the customer behind a message, cheapest evidence first, each step one `_id`
 * read: an account number the sender gave, a contract number, then the sender's phone
 * or e-mail through the contact-point index.
 */
export async function identifyCustomer(msg: NormalizedInbound, defaultCountry: string): Promise<KnownCustomer | null> {
  const byId = async (accountNumber: string | undefined | null) =>
    accountNumber ? ((await Customer.findById(accountNumber).lean()) as KnownCustomer | null) : null;

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
  const keys: string[] = [];
  const phone = msg.channel === 'sms' || msg.channel === 'voice' ? msg.from : identity.phone;
  const e164 = toE164(phone, defaultCountry);
  if (e164) keys.push(phoneKey(e164));
  const email = msg.channel === 'email' ? msg.from : identity.email;
  if (email && email.includes('@')) keys.push(emailKey(email));
  for (const key of keys) {
    const point = await ContactPoint.findById(key).lean();
    const c = await byId(point?.accountNumber);
    if (c) return c;
  }
  return null;
}
