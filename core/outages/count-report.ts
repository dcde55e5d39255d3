// An outage report from a customer no active outage covers (any channel: IVR menu 3, an SMS or
// mail classified as an outage, a web request): counted per area, service and window of the
// rule set's `suspectWindowMinutes`. Exactly the `suspectReports`-th report of a window raises
// a suspected outage for supervisors, once, on any number of nodes (one `$inc` per report on
// one document decides it); later reports while it is suspected add to its figures.
import { OutageReport } from '../../models/outage-report';
import { Outage, type OutageRow } from '../../models/outage';
import { reserveSequence } from '../../models/counter';
import type { CoreContext } from '../context';
import type { Service } from '../../models/contract';
import type { Supply } from './areas';
import { announceChange, outageNumber } from './outage-change';

type Ctx = Pick<CoreContext, 'events' | 'logger' | 'rules'>;

export function reportWindow(at: Date, windowMinutes: number): { index: number; start: Date } {
  const ms = windowMinutes * 60_000;
  const index = Math.floor(at.getTime() / ms);
  return { index, start: new Date(index * ms) };
}

export async function countOutageReport(ctx: Ctx, supplies: Supply[], at: Date): Promise<{ raised: number }> {
  const { suspectReports, suspectWindowMinutes } = ctx.rules.outages;
  const window = reportWindow(at, suspectWindowMinutes);
  let raised = 0;
  const seen = new Set<string>();
  for (const s of supplies) {
    if (!s.areaCode) continue;
    const service = s.service as Service;
    const key = `${s.areaCode}:${service}:${window.index}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const doc = await OutageReport.findOneAndUpdate(
      { _id: key },
      { $inc: { count: 1 }, $setOnInsert: { areaCode: s.areaCode, service: s.service, windowStart: window.start, firstAt: at } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    const count = doc?.count ?? 0;
    if (count < suspectReports) continue;
    const open = await Outage.findOne(
      { areaCodes: s.areaCode, service, status: { $in: ['active', 'suspected'] } },
      { _id: 1, status: 1 },
    ).lean();
    if (open?.status === 'suspected')
      await Outage.updateOne({ _id: open._id }, { $inc: { 'figures.reports': count === suspectReports ? suspectReports : 1 } });
    // Exactly the threshold-th report raises it: later ones of the window, and other nodes, do not.
    if (count !== suspectReports || open) continue;
    await raiseSuspected(ctx, { areaCode: s.areaCode, service, firstAt: doc?.firstAt ?? at, at, reports: count });
    raised += 1;
  }
  return { raised };
}

async function raiseSuspected(
  ctx: Ctx,
  r: { areaCode: string; service: Service; firstAt: Date; at: Date; reports: number },
): Promise<void> {
  const number = outageNumber(await reserveSequence('outage', 1));
  const row = (
    await Outage.create({
      number,
      areaCodes: [r.areaCode],
      service: r.service,
      startedAt: r.firstAt,
      firstReportAt: r.firstAt,
      suspectedAt: r.at,
      status: 'suspected',
      version: 1,
      figures: { reports: r.reports },
    })
  ).toObject() as OutageRow;
  ctx.events.emit('outage.suspected', { areaCode: r.areaCode, reports: r.reports, at: r.at });
  await announceChange(ctx, row, 'suspected', null, r.at, []);
}

/** The first report counted in these areas in the current or the previous window: where "time to declaration" starts. */
export async function firstReportIn(ctx: Pick<CoreContext, 'rules'>, service: string, areaCodes: string[], at: Date): Promise<Date | null> {
  const window = reportWindow(at, ctx.rules.outages.suspectWindowMinutes);
  const ids = areaCodes.flatMap((a) => [`${a}:${service}:${window.index - 1}`, `${a}:${service}:${window.index}`]);
  // One read by `_id` each: the embedded store would read the collection for an `$in`.
  const rows = await Promise.all(ids.map((id) => OutageReport.findById(id, { firstAt: 1 }).lean()));
  const times = rows.map((r) => r?.firstAt?.getTime()).filter((t): t is number => typeof t === 'number');
  return times.length ? new Date(Math.min(...times)) : null;
}
