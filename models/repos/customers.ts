// Customers found the ways a contact names them: a phone number or an e-mail address through
// the contact-point index, or the account number. Every read here is one `_id` look-up.
import { ContactPoint, emailKey, phoneKey } from '../contact-point';
import { Customer, type CustomerDoc } from '../customer';
import type { Language } from '../../wire';

export type CustomerRow = CustomerDoc & { _id: string };

/** A projection: the fields a caller reads. Asking for fewer keeps the `_id` read small. */
export type CustomerFields = Partial<Record<keyof CustomerDoc, 1>>;
/** A customer read with a projection: `_id` and the fields asked for, typed as such. */
export type CustomerPick<F extends CustomerFields> = Pick<CustomerRow, '_id' | Extract<keyof F, keyof CustomerDoc>>;

/** The account whose contact point this E.164 number is; the number must be normalised already (core/phone.ts). */
export async function accountByPhone(e164: string): Promise<string | null> {
  const point = await ContactPoint.findById(phoneKey(e164)).lean();
  return point?.accountNumber ?? null;
}

/** The account whose contact point this e-mail address is (case and spaces do not matter). */
export async function accountByEmail(address: string): Promise<string | null> {
  const point = await ContactPoint.findById(emailKey(address)).lean();
  return point?.accountNumber ?? null;
}

export function customerByAccount(accountNumber: string): Promise<CustomerRow | null>;
export function customerByAccount<F extends CustomerFields>(accountNumber: string, fields: F): Promise<CustomerPick<F> | null>;
export async function customerByAccount(accountNumber: string, fields?: CustomerFields): Promise<CustomerRow | null> {
  return Customer.findById(accountNumber, fields).lean<CustomerRow>();
}

/** The customer behind an E.164 number: contact point, then customer; null when either is missing. */
export function customerByPhone(e164: string): Promise<CustomerRow | null>;
export function customerByPhone<F extends CustomerFields>(e164: string, fields: F): Promise<CustomerPick<F> | null>;
export async function customerByPhone(e164: string, fields?: CustomerFields): Promise<CustomerRow | null> {
  const accountNumber = await accountByPhone(e164);
  return accountNumber ? Customer.findById(accountNumber, fields).lean<CustomerRow>() : null;
}

/** The language of the customer behind an E.164 number; null for a stranger or a customer without one. */
export async function languageByPhone(e164: string): Promise<Language | null> {
  return (await customerByPhone(e164, { language: 1 }))?.language ?? null;
}
