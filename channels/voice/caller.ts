// Who is calling, from the number alone: contact point → customer → contracts (their network
// areas and supply points, which the outage announcement matches). Each step is an `_id` read
// except the contracts of one account.
import { suppliesOf } from '../../core/outages/active-outages';
import type { Supply } from '../../core/outages/areas';
import { accountByPhone, customerByAccount } from '../../models/repos/customers';
import { type Language } from '../../wire';

export interface Caller {
  accountNumber: string;
  /** The customer's language, or the deployment's DEFAULT_LANGUAGE when none is on record: a known caller is never asked. */
  language: Language;
  areaCodes: string[];
  /** Areas, supply points and services of the caller's open contracts (outage announcements). */
  supplies: Supply[];
}

export async function identifyCaller(e164: string | null, defaultLanguage: Language): Promise<Caller | null> {
  if (!e164) return null;
  const accountNumber = await accountByPhone(e164);
  if (!accountNumber) return null;
  const [customer, supplies] = await Promise.all([customerByAccount(accountNumber, { language: 1 }), suppliesOf(accountNumber)]);
  if (!customer) return null;
  const areaCodes = [...new Set(supplies.map((c) => c.areaCode).filter((a): a is string => !!a))];
  return { accountNumber, language: customer.language ?? defaultLanguage, areaCodes, supplies };
}
