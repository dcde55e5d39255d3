// Interval reports: 15-minute rows from the day documents, rolled up to hours in the
// operator's time zone (a DST day has 23 or 25 of them), days and months from the month
// documents. Every read is an exact `_id` look-up; the span of fine-grained reports is
// bounded so a request reads at most a few dozen small documents.
import { DateTime } from 'luxon';
import { CHANNELS } from '../../wire';
import { IntervalBucket, MonthBucket, dayBucketId, monthBucketId } from '../../models/interval-bucket';
import type { CoreContext } from '../context';
import { Invalid } from '../errors';
import { listQueues } from '../routing/select-queue';
import { ALL, n, sumSlots, type DayDoc, type MonthDoc, type Slot } from './buckets';
import { SLOT_MS, dayFromDate, daysBetween, monthsBetween, type DayRef } from './calendar';
import { agentsNeeded } from './erlang';
import { accessibilityOf, figuresOf, regulatoryOf } from './kpi';
import { openPresenceCounters } from './counters';
import { walkInFiguresOf } from './walk-in';
import { PresenceMark } from '../../models/interval-bucket';
import { type Figures, type Granularity, type IntervalReport, type IntervalRow, type RegulatoryReport } from '../../wire/stats';

const DAY_MS = 86_400_000;
/** Longest span per granularity: bounds the number of documents one request reads. */
export const MAX_SPAN_DAYS: Record<Granularity, number> = { '15m': 7, hour: 31, day: 400, month: 3700 };

export interface IntervalQuery {
  from: Date;
  to: Date;
  queue?: string;
  channel?: string;
  granularity?: Granularity;
}

type StatsCtx = Pick<CoreContext, 'config' | 'rules' | 'clock'>;

export function defaultGranularity(from: Date, to: Date): Granularity {
  const days = (to.getTime() - from.getTime()) / DAY_MS;
  if (days <= 2) return '15m';
  if (days <= 7) return 'hour';
  if (days <= 93) return 'day';
  return 'month';
}

async function dayDocs(queue: string, channel: string, days: DayRef[]): Promise<Array<DayDoc | null>> {
  return Promise.all(days.map((d) => IntervalBucket.findById(dayBucketId(queue, channel, d.start)).lean<DayDoc>()));
}

/**
 * Closed months change only through late events or a rebuild, and managers re-read them
 * all the time: they are kept in memory for a minute. This node's own writes and rebuilds
 * drop them at once (invalidateClosedMonths); another node's show within the minute.
 */
const CLOSED_MONTH_TTL_MS = 60_000;
const closedMonths = new Map<string, { until: number; doc: MonthDoc | null }>();

export function invalidateClosedMonths(ids?: Iterable<string>): void {
  if (!ids) return closedMonths.clear();
  for (const id of ids) closedMonths.delete(id);
}

async function monthDoc(id: string, closed: boolean): Promise<MonthDoc | null> {
  const hit = closed ? closedMonths.get(id) : undefined;
  if (hit && hit.until > Date.now()) return hit.doc;
  const doc = await MonthBucket.findById(id).lean<MonthDoc>();
  if (closed) closedMonths.set(id, { until: Date.now() + CLOSED_MONTH_TTL_MS, doc });
  return doc;
}

async function monthDocs(
  queue: string,
  channel: string,
  from: Date,
  to: Date,
  tz: string,
  now: Date,
): Promise<Array<{ start: Date; doc: MonthDoc | null }>> {
  const months = monthsBetween(from, to, tz);
  const docs = await Promise.all(months.map((m) => monthDoc(monthBucketId(queue, channel, m.start), m.end <= now)));
  return months.map((m, k) => ({ start: m.start, doc: docs[k] ?? null }));
}

/** Each local day of [from, to) with its counters, from the month roll-ups. */
async function daySlots(
  queue: string,
  channel: string,
  from: Date,
  to: Date,
  tz: string,
  now: Date,
): Promise<Array<{ day: DayRef; slot: Slot | undefined }>> {
  const out: Array<{ day: DayRef; slot: Slot | undefined }> = [];
  for (const { start, doc } of await monthDocs(queue, channel, from, to, tz, now)) {
    let d = DateTime.fromJSDate(start, { zone: tz });
    const monthNo = d.month;
    while (d.month === monthNo) {
      const day = dayFromDate(d.toISODate()!, tz);
      if (day.start >= from && day.start < to) out.push({ day, slot: doc?.d?.[String(d.day)] });
      d = d.plus({ days: 1 });
    }
  }
  return out;
}

/** Agents' presence states still running (one small document per agent): they count up to now. */
async function openMarks(): Promise<Array<{ state: string; since: Date }>> {
  return PresenceMark.find({}, { state: 1, since: 1 }).lean<Array<{ state: string; since: Date }>>();
}

async function slTargets(ctx: StatsCtx, queue: string): Promise<{ slTarget: number; slSeconds: number }> {
  const q = queue === ALL ? undefined : (await listQueues()).find((x) => x._id === queue);
  return { slTarget: q?.serviceLevelTarget ?? ctx.rules.serviceLevelTarget ?? 0.8, slSeconds: q?.serviceLevelSeconds ?? 20 };
}

/** Snaps [from, to) outward to local midnights. */
function wholeDays(from: Date, to: Date, tz: string): { from: Date; to: Date } {
  const f = DateTime.fromJSDate(from, { zone: tz }).startOf('day');
  let t = DateTime.fromJSDate(to, { zone: tz }).startOf('day');
  if (t.toMillis() < to.getTime()) t = t.plus({ days: 1 });
  return { from: f.toJSDate(), to: t.toJSDate() };
}

export async function intervalReport(ctx: StatsCtx, q: IntervalQuery): Promise<IntervalReport> {
  const tz = ctx.config.TIMEZONE;
  const queue = q.queue ?? ALL;
  const channel = q.channel ?? ALL;
  if (!(q.to > q.from)) throw Invalid('"to" must be after "from"');
  const granularity = q.granularity ?? defaultGranularity(q.from, q.to);
  const spanDays = (q.to.getTime() - q.from.getTime()) / DAY_MS;
  if (spanDays > MAX_SPAN_DAYS[granularity])
    throw Invalid(`a ${granularity} report covers at most ${MAX_SPAN_DAYS[granularity]} days; choose a coarser granularity`);

  const rows: Array<{ row: Omit<IntervalRow, keyof Figures | 'walkIn'>; slot: Slot | undefined }> = [];
  let { from, to } = { from: q.from, to: q.to };

  if (granularity === '15m' || granularity === 'hour') {
    from = new Date(Math.floor(from.getTime() / SLOT_MS) * SLOT_MS);
    to = new Date(Math.ceil(to.getTime() / SLOT_MS) * SLOT_MS);
    const days = daysBetween(from, to, tz);
    const needGlobal = queue !== ALL || channel !== ALL;
    const [docs, globals] = await Promise.all([
      dayDocs(queue, channel, days),
      needGlobal ? dayDocs(ALL, ALL, days) : Promise.resolve(null),
    ]);
    const { slTarget, slSeconds } = await slTargets(ctx, queue);
    const [marks, now] = [await openMarks(), ctx.clock.now()];
    const groups = new Map<number, { start: number; end: number; slots: Slot[]; global: Slot[] }>();
    days.forEach((day, k) => {
      const doc = docs[k];
      const gdoc = globals ? globals[k] : doc;
      const count = Math.round((day.end.getTime() - day.start.getTime()) / SLOT_MS);
      for (let s = 0; s < count; s++) {
        const start = day.start.getTime() + s * SLOT_MS;
        if (start < from.getTime() || start >= to.getTime()) continue;
        const key = granularity === '15m' ? start : DateTime.fromMillis(start, { zone: tz }).startOf('hour').toMillis();
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { start: key, end: key, slots: [], global: [] }));
        g.end = start + SLOT_MS;
        const slot = doc?.i?.[String(s)];
        const gslot = gdoc?.i?.[String(s)];
        if (slot) g.slots.push(slot);
        if (gslot) g.global.push(gslot);
      }
    });
    for (const g of [...groups.values()].sort((a, b) => a.start - b.start)) {
      const slot = sumSlots(g.slots);
      const global = sumSlots([...g.global, openPresenceCounters(marks, new Date(g.start), new Date(g.end), now)]);
      const intervalSeconds = (g.end - g.start) / 1000;
      const f = figuresOf(slot);
      rows.push({
        slot,
        row: {
          start: new Date(g.start).toISOString(),
          end: new Date(g.end).toISOString(),
          local: DateTime.fromMillis(g.start, { zone: tz }).toISO()!,
          agentsNeeded:
            f.aht == null
              ? f.offered
                ? null
                : 0
              : agentsNeeded({ arrivals: f.offered, intervalSeconds, ahtSeconds: f.aht, slTarget, slSeconds }),
          agentsActual: n(global, 'loggedInS') / intervalSeconds,
          accessibility: accessibilityOf(global).as,
        },
      });
    }
  } else {
    ({ from, to } = wholeDays(from, to, tz));
    // Presence is counted for all queues and channels only: a filtered day or month has no AS.
    const now = ctx.clock.now();
    const marks = queue === ALL && channel === ALL ? await openMarks() : [];
    const asOf = (slot: Slot | undefined, start: Date, end: Date) =>
      accessibilityOf(sumSlots([slot, openPresenceCounters(marks, start, end, now)])).as;
    if (granularity === 'day') {
      for (const { day, slot } of await daySlots(queue, channel, from, to, tz, ctx.clock.now())) {
        rows.push({
          slot,
          row: {
            start: day.start.toISOString(),
            end: day.end.toISOString(),
            local: DateTime.fromJSDate(day.start, { zone: tz }).toISO()!,
            agentsNeeded: null,
            agentsActual: null,
            accessibility: asOf(slot, day.start, day.end),
          },
        });
      }
    } else {
      for (const { start, doc } of await monthDocs(queue, channel, from, to, tz, ctx.clock.now())) {
        const end = DateTime.fromJSDate(start, { zone: tz }).plus({ months: 1 }).toJSDate();
        rows.push({
          slot: doc?.t,
          row: {
            start: start.toISOString(),
            end: end.toISOString(),
            local: DateTime.fromJSDate(start, { zone: tz }).toISO()!,
            agentsNeeded: null,
            agentsActual: null,
            accessibility: asOf(doc?.t, start, end),
          },
        });
      }
    }
  }

  return {
    granularity,
    timezone: tz,
    from: from.toISOString(),
    to: to.toISOString(),
    queue,
    channel,
    rows: rows.map(({ row, slot }) => ({ ...row, ...figuresOf(slot), walkIn: walkInFiguresOf(slot, { byOffice: true }) })),
    total: figuresOf(sumSlots(rows.map((r) => r.slot))),
  };
}

/** The regulator's figures for whole local days of [from, to), against the active rule set. */
export async function regulatoryReport(ctx: StatsCtx, q: { from: Date; to: Date }): Promise<RegulatoryReport> {
  const tz = ctx.config.TIMEZONE;
  if (!(q.to > q.from)) throw Invalid('"to" must be after "from"');
  if ((q.to.getTime() - q.from.getTime()) / DAY_MS > MAX_SPAN_DAYS.day)
    throw Invalid(`the regulatory report covers at most ${MAX_SPAN_DAYS.day} days`);
  const { from, to } = wholeDays(q.from, q.to, tz);
  const now = ctx.clock.now();
  const total = async (channel: string) => sumSlots((await daySlots(ALL, channel, from, to, tz, now)).map((d) => d.slot));
  const [recorded, ...perChannel] = await Promise.all([total(ALL), ...CHANNELS.map((c) => total(c))]);
  const byChannel = Object.fromEntries(CHANNELS.map((c, k) => [c, perChannel[k]!]));
  // Agents' states still running count up to now: AS is there while they are logged in.
  const all = sumSlots([recorded, openPresenceCounters(await openMarks(), from, to, now)]);
  const reg = regulatoryOf(
    {
      all,
      voice: byChannel.voice!,
      walkIn: byChannel.walk_in!,
      byChannel,
      walkInLongWaitSeconds: ctx.rules.firstResponseSeconds.walk_in ?? undefined,
    },
    {
      averageWaitTargetSeconds: ctx.rules.averageWaitTargetSeconds,
      serviceLevelTarget: ctx.rules.serviceLevelTarget,
      accessibilityTarget: ctx.rules.accessibilityTarget,
      withinDeadline: ctx.rules.withinDeadlineTargets,
    },
  );
  return { ...reg, timezone: tz, from: from.toISOString(), to: to.toISOString(), ruleSet: ctx.rules.id };
}
