// Who is calling, from the number alone: contact point → customer → contracts → network
// areas → a known outage there. Each step is an `_id` read except the contracts of one
// account and the (few) active outages of its areas.
import { Contract, type Service } from '../../models/contract';
import { accountByPhone, customerByAccount } from '../../models/repos/customers';
import { type Language } from '../../wire';
import { Outage, type OutageDoc } from '../../models/outage';

export interface Caller {
  accountNumber: string;
  /** The customer's language, or the deployment's DEFAULT_LANGUAGE when none is on record: a known caller is never asked. */
  language: Language;
  areaCodes: string[];
  /** Areas and services of the caller's open contracts (for outage reports). */
  supplies: Array<{ areaCode: string; service: Service }>;
}

export async function identifyCaller(e164: string | null, defaultLanguage: Language): Promise<Caller | null> {
  if (!e164) return null;
  const accountNumber = await accountByPhone(e164);
  if (!accountNumber) return null;
  const [customer, contracts] = await Promise.all([
    customerByAccount(accountNumber, { language: 1 }),
    Contract.find({ accountNumber, status: { $ne: 'closed' } }, { areaCode: 1, service: 1 }).lean(),
  ]);
  if (!customer) return null;
  const areaCodes = [...new Set(contracts.map((c) => c.areaCode).filter((a): a is string => !!a))];
  const supplies = contracts.filter((c) => !!c.areaCode).map((c) => ({ areaCode: c.areaCode as string, service: c.service as Service }));
  return { accountNumber, language: customer.language ?? defaultLanguage, areaCodes, supplies };
}

export type ActiveOutage = OutageDoc & { _id: unknown };

/** The active outage in one of these areas that started last, if any. */
export async function activeOutage(areaCodes: string[]): Promise<ActiveOutage | null> {
  if (areaCodes.length === 0) return null;
  const found = (await Outage.find({ areaCode: { $in: areaCodes }, status: 'active' }).lean()) as ActiveOutage[];
  found.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  return found[0] ?? null;
}
