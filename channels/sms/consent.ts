// SMS consent (STOP / START). A number that texted STOP is refused for every later SMS,
// whoever it belongs to; when the number is a customer's, the customer's `consents.sms`
// follows it too, so the billing panel and other channels see the same choice.
import { Schema, model } from 'mongoose';
import { DomainError } from '../../core/errors';
import { phoneKey } from '../../models/contact-point';
import { Customer } from '../../models/customer';
import { accountByPhone, customerByAccount } from '../../models/repos/customers';

/**
 * Number-level opt-outs, `_id` = "phone:+39…" (one `_id` read per outbound SMS). Kept here
 * rather than on ContactPoint because unknown senders can opt out too.
 */
const smsOptOutSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    /** The inbound message that carried the keyword. */
    messageSid: { type: String },
  },
  { versionKey: false },
);
export const SmsOptOut = model('SmsOptOut', smsOptOutSchema);

/** Refusal with a name: callers (replies, reminders) match on `code === 'SmsConsentWithdrawn'`. */
export const SmsConsentWithdrawn = () =>
  new DomainError('SmsConsentWithdrawn', 'the recipient has withdrawn consent to service SMS (STOP)', 409);

/** True when an SMS to this number must not be sent; `customerConsent` is the caller's fresh read of the customer's consent, if it has one. */
export async function smsRefused(e164: string, accountNumber?: string | null, customerConsent?: boolean): Promise<boolean> {
  if (customerConsent === false) return true;
  if (customerConsent === true) return !!(await SmsOptOut.findById(phoneKey(e164), { _id: 1 }).lean());
  const [optOut, account] = await Promise.all([
    SmsOptOut.findById(phoneKey(e164)).lean(),
    accountNumber ? Promise.resolve(accountNumber) : accountByPhone(e164),
  ]);
  if (optOut) return true;
  if (!account) return false;
  const customer = await customerByAccount(account, { consents: 1 });
  return customer?.consents?.sms === false;
}

/** STOP (allowed=false) or START (allowed=true) from a number. Idempotent. */
export async function setSmsConsent(
  e164: string,
  allowed: boolean,
  at: Date,
  messageSid?: string,
): Promise<{ accountNumber: string | null }> {
  const key = phoneKey(e164);
  if (allowed) await SmsOptOut.deleteOne({ _id: key });
  else await SmsOptOut.updateOne({ _id: key }, { $setOnInsert: { at, messageSid } }, { upsert: true });
  const accountNumber = await accountByPhone(e164);
  if (accountNumber) await Customer.updateOne({ _id: accountNumber }, { $set: { 'consents.sms': allowed } });
  return { accountNumber };
}

/** Erasure of a customer (core/privacy/erase-customer.ts): their numbers leave the opt-out list with them. */
export async function eraseSmsOptOuts({ phones }: { phones: string[] }): Promise<void> {
  for (const p of phones) await SmsOptOut.deleteOne({ _id: phoneKey(p) });
}
