// The protected customers of an area, for the outage work (issue 13): an incident lists
// them first and gives each life-support customer a call task. Read by indexed fields only
// (contracts by areaCode or supplyPointCode, customers by `_id`), in bounded batches.
import { Contract } from '../../models/contract';
import { Customer } from '../../models/customer';
import type { VulnerabilityKind } from '../../wire';
import { batches } from '../pool';
import { effectiveFlags, NEVER_DISCONNECT } from './flags';

export interface FlaggedCustomer {
  accountNumber: string;
  contractNumbers: string[];
  /** The kinds that count (confirmed, or pending life-support / medical), strongest first. */
  kinds: VulnerabilityKind[];
  /** Life support or medical equipment: call them first (a call task in an incident). */
  essential: boolean;
}

const BATCH = 200;
const RANK: Record<string, number> = { life_support: 0, medical: 1, elderly_disabled: 2, temporary: 3, hardship: 4 };

/**
 * The flagged customers with a supply in one of `areaCodes` or at one of `supplyPointCodes`,
 * life-support and medical first, then by account number.
 */
export async function flaggedCustomersIn(where: { areaCodes?: string[]; supplyPointCodes?: string[] }): Promise<FlaggedCustomer[]> {
  const contractsOf = new Map<string, string[]>();
  const scan = async (field: 'areaCode' | 'supplyPointCode', values: string[] | undefined) => {
    for (const value of values ?? []) {
      const cursor = Contract.find({ [field]: value, status: { $ne: 'closed' } }, { accountNumber: 1 })
        .lean()
        .cursor({ batchSize: BATCH });
      for await (const rows of batches(cursor, BATCH))
        for (const k of rows) contractsOf.set(k.accountNumber, [...(contractsOf.get(k.accountNumber) ?? []), String(k._id)]);
    }
  };
  await scan('areaCode', where.areaCodes);
  await scan('supplyPointCode', where.supplyPointCodes);

  const out: FlaggedCustomer[] = [];
  const accounts = [...contractsOf.keys()];
  for (let i = 0; i < accounts.length; i += BATCH) {
    const rows = await Promise.all(
      accounts.slice(i, i + BATCH).map((a) => Customer.findById(a, { vulnerabilities: 1, anonymisedAt: 1 }).lean()),
    );
    for (const c of rows) {
      if (!c || c.anonymisedAt) continue;
      const kinds = [...new Set(effectiveFlags(c.vulnerabilities).map((f) => f.kind as VulnerabilityKind))].sort(
        (a, b) => (RANK[a] ?? 9) - (RANK[b] ?? 9),
      );
      if (kinds.length === 0) continue;
      const accountNumber = String(c._id);
      out.push({
        accountNumber,
        contractNumbers: [...new Set(contractsOf.get(accountNumber))],
        kinds,
        essential: kinds.some((k) => NEVER_DISCONNECT.includes(k)),
      });
    }
  }
  return out.sort((a, b) => (RANK[a.kinds[0]!] ?? 9) - (RANK[b.kinds[0]!] ?? 9) || a.accountNumber.localeCompare(b.accountNumber));
}
