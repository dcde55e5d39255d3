// A supervisor changes an outage in force: a new estimate, cause, public message, place or the
// urgent mark. Each change names the version it applies to and is one conditional write that
// moves the version by one: of two supervisors changing the same version at once, one wins
// and the other gets 409 StaleVersion with the version that won (no lost update); a resolved
// outage answers 409 OutageClosed.
import { Outage, type OutageRow } from '../../models/outage';
import type { OutageStatus, OutageView } from '../../wire/outages';
import type { CoreContext } from '../context';
import { checkPlace, cleanCodes } from './areas';
import { checkTimes, withProtectedCalls } from './declare-outage';
import { announceChange, loadOutage, whyNotChanged, type OutageActor } from './outage-change';
import { outageView } from './outage-view';
import type { UpdateOutage } from './schemas';

/** What may change while an outage is suspected or active. */
const OPEN_STATUSES: OutageStatus[] = ['suspected', 'active'];

export async function updateOutage(
  ctx: Pick<CoreContext, 'events' | 'logger' | 'clock'>,
  cmd: UpdateOutage & { id: string; actor: OutageActor },
): Promise<OutageView> {
  const now = ctx.clock.now();
  const { id, version, actor, ...changes } = cmd;
  const set: Record<string, unknown> = {};
  const unset: Record<string, 1> = {};
  if (changes.areaCodes) set.areaCodes = cleanCodes(changes.areaCodes);
  if (changes.supplyPoints) set.supplyPoints = cleanCodes(changes.supplyPoints);
  if (changes.cause) set.cause = changes.cause;
  if (changes.publicMessage) set.publicMessage = changes.publicMessage;
  if (changes.urgent !== undefined) set.urgent = changes.urgent;
  if (changes.expectedRestorationAt === null) unset.expectedRestorationAt = 1;
  else if (changes.expectedRestorationAt) set.expectedRestorationAt = changes.expectedRestorationAt;

  const current = await loadOutage(id);
  if (set.areaCodes || set.supplyPoints) {
    await checkPlace((set.areaCodes as string[]) ?? current.areaCodes ?? [], (set.supplyPoints as string[]) ?? current.supplyPoints ?? []);
  }
  if (changes.expectedRestorationAt) checkTimes(current.startedAt, changes.expectedRestorationAt);

  const updated = (await Outage.findOneAndUpdate(
    { _id: id, version, status: { $in: OPEN_STATUSES } },
    { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}), $inc: { version: 1 } },
    { returnDocument: 'after' },
  ).lean()) as OutageRow | null;
  if (!updated) return whyNotChanged(id, { statuses: OPEN_STATUSES });
  // A new place in force: its life-support and medical customers are called too (the others' tasks exist already).
  const counted = updated.status === 'active' && (set.areaCodes || set.supplyPoints) ? await withProtectedCalls(ctx, updated) : updated;
  await announceChange(ctx, counted, 'updated', actor, now, [...Object.keys(set), ...Object.keys(unset)]);
  return outageView(counted);
}
