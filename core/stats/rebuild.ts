// Recomputes the interval buckets of a period from the reporting events (after a bug fix
// in the counters, an import of history, or a lost `$inc`). The period is the local month
// of `asOf`, whole, so month roll-ups are rewritten exactly. Counts that arrive while the
// job runs may land before the rewrite of their document and be lost; run it off-hours
// or for a closed month.
import type { CoreContext } from '../context';
import { buildDocs } from './buckets';
import { daysBetween, monthOf } from './calendar';
import { incrementsFor } from './counters';
import { invalidateClosedMonths } from './intervals';
import { statsOptions, type StatsOptions } from './options';
import { IntervalBucket, MonthBucket, TodayBucket } from '../../models/interval-bucket';
import { ReportingEvent, type ReportingEventDoc } from '../../models/reporting-event';

/** Presence events are dated when the state began; one that began this long before the period may still count in it. */
const PRESENCE_LOOKBACK_MS = 2 * 86_400_000;

export async function rebuildStats(ctx: Pick<CoreContext, 'config'>, from: Date, to: Date): Promise<Record<string, number>> {
  return (await rebuildPeriod(statsOptions(ctx.config), from, to)).counts;
}

/** The rebuild, with the ids of the events it counted (core/stats/record.ts skips their pending increments). */
export async function rebuildPeriod(
  opts: StatsOptions,
  from: Date,
  to: Date,
): Promise<{ counts: Record<string, number>; eventIds: Set<string> }> {
  const events = await ReportingEvent.find({
    at: { $gte: new Date(from.getTime() - PRESENCE_LOOKBACK_MS), $lt: to },
  }).lean<ReportingEventDoc[]>();
  const increments = events.flatMap((e) => incrementsFor(e, opts)).filter((i) => i.at >= from && i.at < to);
  const { days, months } = buildDocs(increments, opts.timezone);

  const replace = (docs: Array<{ _id: string }>) =>
    docs.map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } }));
  if (days.size) await IntervalBucket.collection.bulkWrite(replace([...days.values()]) as never, { ordered: false });
  if (months.size) await MonthBucket.collection.bulkWrite(replace([...months.values()]) as never, { ordered: false });
  // The live board's documents of the period's days that are still kept (today, yesterday).
  const periodDays = new Set(daysBetween(from, to, opts.timezone).map((d) => d.day));
  const keptDays = new Set(
    ((await TodayBucket.find({}, { day: 1 }).lean()) as Array<{ day: string }>).map((d) => d.day).filter((d) => periodDays.has(d)),
  );
  const todays = [...days.values()]
    .filter((d) => keptDays.has(d.day))
    .map((d) => ({ _id: d._id, queue: d.queue, channel: d.channel, day: d.day, t: d.t }));
  if (todays.length) await TodayBucket.collection.bulkWrite(replace(todays) as never, { ordered: false });
  if (keptDays.size) await TodayBucket.deleteMany({ day: { $in: [...keptDays] }, _id: { $nin: todays.map((d) => d._id) } });
  // Buckets of the period that no event supports any more.
  const staleDays = await IntervalBucket.deleteMany({ start: { $gte: from, $lt: to }, _id: { $nin: [...days.keys()] } });
  const staleMonths = await MonthBucket.deleteMany({ start: { $gte: from, $lt: to }, _id: { $nin: [...months.keys()] } });
  invalidateClosedMonths();
  return {
    counts: {
      events: events.length,
      increments: increments.length,
      days: days.size,
      months: months.size,
      removed: staleDays.deletedCount + staleMonths.deletedCount,
    },
    eventIds: new Set(events.map((e) => String(e._id))),
  };
}

/** The `stats-rebuild` job: the whole local month of `asOf`. */
export function rebuildStatsMonth(ctx: Pick<CoreContext, 'config'>, asOf: Date): Promise<Record<string, number>> {
  const month = monthOf(asOf, ctx.config.TIMEZONE);
  return rebuildStats(ctx, month.start, month.end);
}
