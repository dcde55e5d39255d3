// The `outage-notices` schedule: every outage whose notices are not over (a run that died, what
// the notice hours held back, a stage nobody started) gets its notice run again, on the
// notices' own queue. Cheap: it reads the outages in force and the resolved ones still sending.
import { Outage } from '../../../models/outage';
import type { CoreContext } from '../../context';
import { stagesToRun } from './run-notices';

export async function scheduleOutageNotices(ctx: Pick<CoreContext, 'notices'>, asOf: Date): Promise<{ outages: number }> {
  const rows = await Outage.find(
    {
      status: { $in: ['active', 'resolved'] },
      $or: [{ 'noticeRuns.resolved.done': { $ne: true } }, { 'noticeRuns.declared.done': { $ne: true } }],
    },
    { status: 1, notifyOnDeclare: 1, noticeRuns: 1 },
  ).lean();
  let outages = 0;
  for (const o of rows) {
    if (stagesToRun(o).length === 0) continue;
    await ctx.notices.runOutageNotices(String(o._id), `slot-${asOf.toISOString()}`);
    outages += 1;
  }
  return { outages };
}
