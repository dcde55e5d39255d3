// What every change of an outage incident does after its one conditional write: the audit
// record (who, which version, which fields — never the text), this process forgets its cached
// active outages, and the `outage.changed` event tells every console. Shared by the use cases
// of this folder; also the named errors they answer with.
import { Audit } from '../../models/audit';
import { Outage, type OutageRow } from '../../models/outage';
import type { OutageChanged } from '../../wire/outages';
import type { CoreContext } from '../context';
import { DomainError, NotFound } from '../errors';
import { forgetActiveOutages } from './active-outages';
import { outageView } from './outage-view';

export const StaleVersion = (current: OutageRow) =>
  new DomainError(
    'StaleVersion',
    `outage ${current.number ?? String(current._id)} was changed meanwhile: it is at version ${current.version ?? 1}; read it and apply your change to that version`,
    409,
    { current: outageView(current) },
  );
export const OutageClosed = (current: OutageRow) =>
  new DomainError('OutageClosed', `outage ${current.number ?? String(current._id)} is ${current.status}: it can no longer change`, 409, {
    current: outageView(current),
  });
export const NotSuspected = (current: OutageRow) =>
  new DomainError('NotSuspected', `outage ${current.number ?? String(current._id)} is ${current.status}, not suspected`, 409, {
    current: outageView(current),
  });

export async function loadOutage(id: string): Promise<OutageRow> {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw NotFound('outage');
  const row = await Outage.findById(id).lean<OutageRow>();
  if (!row) throw NotFound('outage');
  return row;
}

/**
 * Why a conditional write on `id` found nothing: it is in another state (closed, or no longer
 * suspected), or another version won. Called only after the write lost, so the answer names
 * the state that won, and carries it (`details.current`).
 */
export async function whyNotChanged(id: string, expected: { statuses: string[] }): Promise<never> {
  const current = await loadOutage(id);
  if (expected.statuses.includes(current.status ?? '')) throw StaleVersion(current);
  if (expected.statuses.length === 1 && expected.statuses[0] === 'suspected') throw NotSuspected(current);
  throw OutageClosed(current);
}

export interface OutageActor {
  agentId: string;
}

/** After the write: audit, caches, event. `fields`: the names of what changed (no values). */
export async function announceChange(
  ctx: Pick<CoreContext, 'events' | 'logger'>,
  row: OutageRow,
  change: OutageChanged['change'],
  actor: OutageActor | null,
  at: Date,
  fields: string[] = [],
): Promise<void> {
  forgetActiveOutages();
  await Audit.create({
    at,
    actor: actor?.agentId ?? 'system',
    action: `outage.${change}`,
    target: `outage:${String(row._id)}`,
    details: JSON.stringify({ number: row.number, version: row.version, status: row.status, fields }),
  });
  ctx.events.emit('outage.changed', { change, outage: outageView(row), at });
  ctx.logger.info(
    { outageId: String(row._id), outage: row.number, change, version: row.version, by: actor?.agentId ?? 'system' },
    'outage changed',
  );
}

/** "O-000012": the outage's number for people. */
export function outageNumber(seq: number): string {
  return `O-${String(seq).padStart(6, '0')}`;
}
