// Who is calling, from the number alone: contact point → customer → contracts → network
// areas → a known outage there. Each step is an `_id` read except the contracts of one
// account and the (few) active outages of its areas.
import { ContactPoint, phoneKey } from '../../models/contact-point';
import { Contract, type Service } from '../../models/contract';
import { Customer } from '../../models/customer';
import { type Language } from '../../wire';
import { Outage, type OutageDoc } from '../../models/outage';

export interface Caller {
  accountNumber: string;
  language: Language;
  areaCodes: string[];
  /** Areas and services of the caller's open contracts (for outage reports). */
  supplies: Array<{ areaCode: string; service: Service }>;
}

export async function identifyCaller(e164: string | null): Promise<Caller | null> {
  if (!e164) return null;
  const point = await ContactPoint.findById(phoneKey(e164)).lean();
  if (!point) return null;
  const [customer, contracts] = await Promise.all([
    Customer.findById(point.accountNumber, { language: 1 }).lean(),
    Contract.find({ accountNumber: point.accountNumber, status: { $ne: 'closed' } }, { areaCode: 1, service: 1 }).lean(),
  ]);
  if (!customer) return null;
  const areaCodes = [...new Set(contracts.map((c) => c.areaCode).filter((a): a is string => !!a))];
  const supplies = contracts.filter((c) => !!c.areaCode).map((c) => ({ areaCode: c.areaCode as string, service: c.service as Service }));
  return { accountNumber: point.accountNumber, language: (customer.language as Language) ?? 'it', areaCodes, supplies };
}

export type ActiveOutage = OutageDoc & { _id: unknown };

/** The active outage in one of these areas that started last, if any. */
export async function activeOutage(areaCodes: string[]): Promise<ActiveOutage | null> {
  if (areaCodes.length === 0) return null;
  const found = (await Outage.find({ areaCode: { $in: areaCodes }, status: 'active' }).lean()) as ActiveOutage[];
  found.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  return found[0] ?? null;
}
