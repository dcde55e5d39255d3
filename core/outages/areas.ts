// Where an outage is: network area codes or supply points, checked against the contracts we
// know; which supplies it covers (pure); and the customers it concerns (a cursor over the
// contracts of its areas and points, by their indexes).
import { Contract } from '../../models/contract';
import { DomainError } from '../errors';
import { inPool } from '../pool';

export interface OutagePlace {
  service: string;
  areaCodes?: string[] | null;
  supplyPoints?: string[] | null;
}

/** A supply of a customer, as far as outages go. */
export interface Supply {
  service: string;
  areaCode?: string | null;
  supplyPointCode?: string | null;
}

export const UnknownAreas = (unknownAreaCodes: string[], unknownSupplyPoints: string[]) =>
  new DomainError(
    'UnknownAreas',
    `not found: ${[...unknownAreaCodes.map((a) => `area ${a}`), ...unknownSupplyPoints.map((p) => `supply point ${p}`)].join(', ')}`,
    400,
    { unknownAreaCodes, unknownSupplyPoints },
  );

export const NoArea = () => new DomainError('ValidationFailed', 'give at least one area code or supply point', 400);

/** Trimmed, without duplicates, in the order given. */
export function cleanCodes(codes: readonly string[] | null | undefined): string[] {
  return [...new Set((codes ?? []).map((c) => c.trim()).filter(Boolean))];
}

/**
 * Refuses area codes and supply points no contract has, naming every one of them. One indexed
 * look-up per code that stops at the first contract (an area's thousands are not read).
 */
export async function checkPlace(areaCodes: string[], supplyPoints: string[]): Promise<void> {
  if (areaCodes.length === 0 && supplyPoints.length === 0) throw NoArea();
  const unknownAreas: string[] = [];
  const unknownPoints: string[] = [];
  const check = async ([field, code]: ['areaCode' | 'supplyPointCode', string]) => {
    if (!(await Contract.findOne({ [field]: code }, { _id: 1 }).lean())) (field === 'areaCode' ? unknownAreas : unknownPoints).push(code);
  };
  await inPool(
    [
      ...areaCodes.map((c) => ['areaCode', c] as ['areaCode', string]),
      ...supplyPoints.map((c) => ['supplyPointCode', c] as ['supplyPointCode', string]),
    ],
    8,
    check,
  );
  if (unknownAreas.length || unknownPoints.length)
    throw UnknownAreas(
      areaCodes.filter((a) => unknownAreas.includes(a)),
      supplyPoints.filter((p) => unknownPoints.includes(p)),
    );
}

/** Whether the outage reaches this supply: same service, and its area or its point is listed. */
export function covers(outage: OutagePlace, supply: Supply): boolean {
  if (supply.service !== outage.service) return false;
  if (supply.areaCode && outage.areaCodes?.includes(supply.areaCode)) return true;
  return !!supply.supplyPointCode && !!outage.supplyPoints?.includes(supply.supplyPointCode);
}

/** The open contracts the outage reaches: account, contract and address, streamed. */
export async function* contractsOf(
  outage: OutagePlace,
  batchSize = 500,
): AsyncGenerator<{ accountNumber: string; contractNumber: string; address?: string | null }> {
  const fields = { accountNumber: 1, contractNumber: 1, address: 1, service: 1, areaCode: 1, supplyPointCode: 1, status: 1 };
  const filters = [
    ...(outage.areaCodes?.length ? [{ areaCode: { $in: outage.areaCodes } }] : []),
    ...(outage.supplyPoints?.length ? [{ supplyPointCode: { $in: outage.supplyPoints } }] : []),
  ];
  // One query per kind of place (each led by its indexed field); a contract both in a listed
  // area and at a listed point comes twice, which the callers' keys absorb.
  for (const filter of filters) {
    for await (const k of Contract.find(filter, fields).lean().cursor({ batchSize })) {
      if (k.status === 'closed' || !covers(outage, k)) continue;
      yield { accountNumber: k.accountNumber, contractNumber: k.contractNumber, address: k.address };
    }
  }
}
