// An agent changes a customer's consent, per channel (service messages by SMS, e-mail,
// automated call) and per purpose (courtesy reminders, marketing), on the customer's word;
// audited with the changed codes only. SMS consent follows the number-level STOP list only
// through the customer's own keywords (channels/sms/consent.ts).
import { Audit } from '../../models/audit';
import { Customer } from '../../models/customer';
import { NotFound, Invalid } from '../errors';
import { forgetIdentities } from '../ingest/identify-customer';

export const CONSENT_KEYS = ['sms', 'email', 'voice', 'reminders', 'marketing'] as const;
export type ConsentChange = Partial<Record<(typeof CONSENT_KEYS)[number], boolean>>;

export async function setConsents(cmd: { accountNumber: string; change: ConsentChange; actor: string; now: Date }): Promise<ConsentChange> {
  const entries = Object.entries(cmd.change).filter(([, v]) => typeof v === 'boolean');
  if (entries.length === 0) throw Invalid(`give at least one of ${CONSENT_KEYS.join(', ')}`);
  const res = await Customer.updateOne(
    { _id: cmd.accountNumber, anonymisedAt: { $exists: false } },
    { $set: Object.fromEntries(entries.map(([k, v]) => [`consents.${k}`, v])) },
  );
  if (res.matchedCount === 0) throw NotFound('customer');
  forgetIdentities();
  await Audit.create({
    at: cmd.now,
    actor: cmd.actor,
    action: 'consent.change',
    target: `customer:${cmd.accountNumber}`,
    details: entries.map(([k, v]) => `${k}=${String(v)}`).join(' '),
  });
  return Object.fromEntries(entries);
}
