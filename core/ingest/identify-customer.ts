import { Contract } from '../../models/contract';
import { accountByEmail, accountByPhone, customerByAccount, type CustomerRow } from '../../models/repos/customers';
import { toE164 } from '../phone';
import type { NormalizedInbound } from './inbound-message';

export type KnownCustomer = CustomerRow;

/**
 * How long this process trusts a look-up of who is behind a contact point or an account
 * (a stranger included): a burst of messages from one sender costs one look-up, and an
 * import seen by this process takes effect at once (`forgetIdentities`), one seen by another
 * node within this time.
 */
const IDENTITY_TTL_MS = 10_000;
const IDENTITY_CACHE_MAX = 10_000;
const identities = new Map<string, { at: number; value: Promise<unknown> }>();

function remembered<T>(key: string, now: number, load: () => PromiseLike<T>): Promise<T> {
  const hit = identities.get(key);
  if (hit && now - hit.at < IDENTITY_TTL_MS) return hit.value as Promise<T>;
  // A promise, settled once: a mongoose query is a thenable that would run again on each `then`.
  const value = Promise.resolve(load());
  identities.delete(key);
  if (identities.size >= IDENTITY_CACHE_MAX) identities.delete(identities.keys().next().value as string);
  identities.set(key, { at: now, value });
  // A failed look-up is not remembered.
  value.catch(() => identities.get(key)?.value === value && identities.delete(key));
  return value;
}

/** Customer data or contact points changed (an import): look everyone up again. */
export function forgetIdentities(): void {
  identities.clear();
}

/** Numbers seen lately, parsed once (libphonenumber's parse was ≈ 3 % of ingest's CPU). */
const parsedNumbers = new Map<string, string | null>();

/** The sender's number in E.164 when the channel is a phone line, or the number the sender gave. */
export function senderE164(msg: NormalizedInbound, defaultCountry: string): string | null {
  const phone = msg.channel === 'sms' || msg.channel === 'voice' ? msg.from : msg.identity.phone;
  if (!phone) return null;
  const key = `${defaultCountry}:${phone}`;
  const known = parsedNumbers.get(key);
  if (known !== undefined) return known;
  const e164 = toE164(phone, defaultCountry);
  if (parsedNumbers.size >= IDENTITY_CACHE_MAX) parsedNumbers.clear();
  parsedNumbers.set(key, e164);
  return e164;
}

/**
 * Finds the customer behind a message, cheapest evidence first, each step one `_id`
 * read: an account number the sender gave, a contract number, then the sender's phone
 * or e-mail through the contact-point index. Answers are remembered briefly (above).
 */
export async function identifyCustomer(
  msg: NormalizedInbound,
  defaultCountry: string,
  e164: string | null = senderE164(msg, defaultCountry),
  now = Date.now(),
): Promise<KnownCustomer | null> {
  const byId = async (accountNumber: string | undefined | null) =>
    accountNumber ? remembered(`account:${accountNumber}`, now, () => customerByAccount(accountNumber)) : null;

  const { identity } = msg;
  if (identity.accountNumber) {
    const c = await byId(identity.accountNumber);
    if (c) return c;
  }
  if (identity.contractNumber) {
    const contractNumber = identity.contractNumber;
    const contract = await remembered(`contract:${contractNumber}`, now, () =>
      Contract.findById(contractNumber, { accountNumber: 1 }).lean(),
    );
    const c = await byId(contract?.accountNumber);
    if (c) return c;
  }
  if (e164) {
    const c = await byId(await remembered(`phone:${e164}`, now, () => accountByPhone(e164)));
    if (c) return c;
  }
  const email = msg.channel === 'email' ? msg.from : identity.email;
  if (email && email.includes('@')) {
    const key = email.trim().toLowerCase();
    return byId(await remembered(`email:${key}`, now, () => accountByEmail(key)));
  }
  return null;
}
