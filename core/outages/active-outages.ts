// The outages in force, read on hot paths (every outage report that ingest sees, every IVR
// call of a known customer): a handful of documents, read by the status index and kept by
// this process for a second, so a storm of reports costs one read a second. A change made by
// this process is seen at once (forgetActiveOutages); one made on another node within the second.
import { Contract } from '../../models/contract';
import { Outage, type OutageRow } from '../../models/outage';
import { covers, type Supply } from './areas';

const TTL_MS = 1000;
let cache: { at: number; rows: Promise<OutageRow[]> } | null = null;

export function activeOutages(now = Date.now()): Promise<OutageRow[]> {
  if (cache && now - cache.at < TTL_MS) return cache.rows;
  const rows = Outage.find({ status: 'active' }).lean<OutageRow[]>().exec();
  const entry = { at: now, rows };
  cache = entry;
  // A failed read is not kept.
  rows.catch(() => {
    if (cache === entry) cache = null;
  });
  return rows;
}

/** An outage was declared, changed or resolved here: the next reader reads the store. */
export function forgetActiveOutages(): void {
  cache = null;
}

/** The outage covering one of these supplies that started last, if any. */
export function outageCovering<O extends { startedAt: Date } & Parameters<typeof covers>[0]>(outages: O[], supplies: Supply[]): O | null {
  let best: O | null = null;
  for (const o of outages) {
    if (!supplies.some((s) => covers(o, s))) continue;
    if (!best || new Date(o.startedAt).getTime() > new Date(best.startedAt).getTime()) best = o;
  }
  return best;
}

/** A customer's open supplies (one indexed read of their few contracts). */
export async function suppliesOf(accountNumber: string): Promise<Array<Supply & { contractNumber: string; address?: string | null }>> {
  const rows = await Contract.find(
    { accountNumber, status: { $ne: 'closed' } },
    { contractNumber: 1, service: 1, areaCode: 1, supplyPointCode: 1, address: 1 },
  ).lean();
  return rows.map((k) => ({
    contractNumber: k.contractNumber,
    service: k.service,
    areaCode: k.areaCode,
    supplyPointCode: k.supplyPointCode,
    address: k.address,
  }));
}

/** The active outage that reaches this customer, if any: no read of their contracts while none is active. */
export async function outageOfCustomer(accountNumber: string): Promise<OutageRow | null> {
  const active = await activeOutages();
  if (active.length === 0) return null;
  return outageCovering(active, await suppliesOf(accountNumber));
}
