// Outages stored before outage incidents (issue 13) had one `areaCode` and no notice runs: their
// area becomes `areaCodes`, and the resolved ones are marked as told (the old job had texted
// the callers who asked), so no restoration notice of a past outage goes out now. Once per store.
import { Migration } from '../../models/migration';
import { Outage } from '../../models/outage';
import { isDuplicateKey } from '../../models/store';

export const OUTAGE_INCIDENTS_MIGRATION = 'outage-incidents-2026-12';

export async function migrateOutageIncidents(): Promise<{ ran: boolean; areas: number; closed: number }> {
  if (await Migration.exists({ _id: OUTAGE_INCIDENTS_MIGRATION })) return { ran: false, areas: 0, closed: 0 };
  // Outages are few (one per incident); both updates are harmless when run twice.
  let areas = 0;
  for (const o of await Outage.find({ areaCode: { $exists: true }, 'areaCodes.0': { $exists: false } }, { areaCode: 1 }).lean()) {
    await Outage.updateOne({ _id: o._id }, { $set: { areaCodes: [o.areaCode] } });
    areas += 1;
  }
  const closed = await Outage.updateMany(
    { status: 'resolved', 'noticeRuns.resolved.done': { $ne: true } },
    { $set: { 'noticeRuns.declared.done': true, 'noticeRuns.resolved.done': true } },
  );
  const result = { areas, closed: closed.modifiedCount };
  try {
    await Migration.create({ _id: OUTAGE_INCIDENTS_MIGRATION, doneAt: new Date(), result });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // another node ran it at the same time
  }
  return { ran: true, ...result };
}
