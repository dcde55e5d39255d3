// The write side of the statistics: a reporting event is stored once (its `_id` is the
// idempotency key), then its counters go to the day and month buckets with `$inc` — two
// round trips per event, whatever the number of views.
import { IntervalBucket, MonthBucket, TodayBucket } from '../../models/interval-bucket';
import { ReportingEvent } from '../../models/reporting-event';
import { isDuplicateKey, isStoreUnavailable } from '../../models/store';
import { bucketUpdates, type BucketUpdate } from './buckets';
import { monthOf } from './calendar';
import { invalidateClosedMonths } from './intervals';
import { incrementsFor, type Increment, type ReportingEventLike } from './counters';
import type { StatsOptions } from './options';
import { rebuildPeriod } from './rebuild';

export type { StatsOptions };

export type ReportingEventInput = ReportingEventLike & { _id: string; ticketId?: string; callSid?: string; agentId?: string };

function toOps(updates: BucketUpdate[]) {
  return updates.map((u) => ({
    updateOne: { filter: { _id: u.id }, update: { $inc: u.inc, $setOnInsert: u.setOnInsert }, upsert: true },
  }));
}

interface Pending {
  increments: Increment[];
  timezone: string;
  /** The reporting event the increments count, when there is one (a repair may have counted it already). */
  eventId?: string;
  done: () => void;
}

/** A month whose buckets a failed write left uncertain: rebuilt from its reporting events. */
interface Repair {
  opts: StatsOptions;
  start: Date;
  end: Date;
  month: string;
  attempts: number;
}

let queue: Pending[] = [];
let draining = false;
let applied = 0;
const repairs = new Map<string, Repair>();
/** Writes whose months are being repaired: done once the repair has counted them. */
let awaitingRepair: Pending[] = [];

/** Where the writer reports a repair; set by registerStatsListeners. */
let report: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void } | undefined;
export function reportRepairsTo(logger: typeof report): void {
  report = logger;
}

const REPAIR_ATTEMPTS = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Applies increments through one writer per process: what is pending is merged into one
 * bulk write per collection, and writes never overlap. FerretDB 1.24 loses concurrent
 * `$inc`s on one document (it reads, changes and writes back without a lock: measured,
 * 68 of 300 concurrent increments kept), so the writer serialises them; MongoDB would not
 * need it, and merging also saves round trips under load. Several nodes on FerretDB can
 * still lose counts: the rebuild job repairs them from the reporting events.
 */
export function applyIncrements(increments: Increment[], opts: StatsOptions, eventId?: string): Promise<void> {
  if (!increments.length) return Promise.resolve();
  return new Promise<void>((done) => {
    queue.push({ increments, timezone: opts.timezone, eventId, done });
    optsOf.set(opts.timezone, opts);
    if (!draining) void drain();
  });
}
const optsOf = new Map<string, StatsOptions>();

/**
 * A bulk `$inc` that failed (the store went away mid-write) may have been applied in part:
 * retrying it could count twice, dropping it could count nothing. Its months are rebuilt from
 * the reporting events instead, here in the writer, so no increment of this process lands
 * during the rebuild; writes queued meanwhile whose events the rebuild counted are dropped.
 */
function markForRepair(items: Pending[], opts: StatsOptions, err: unknown): void {
  for (const p of items)
    for (const i of p.increments) {
      const m = monthOf(i.at, opts.timezone);
      const key = `${opts.timezone}|${m.month}`;
      if (!repairs.has(key)) {
        repairs.set(key, { opts, start: m.start, end: m.end, month: m.month, attempts: 0 });
        report?.warn(
          { month: m.month, err: err instanceof Error ? err.message : String(err) },
          'statistics write failed; the month will be rebuilt',
        );
      }
    }
  awaitingRepair.push(...items);
}

async function runRepairs(): Promise<void> {
  for (const [key, r] of repairs) {
    try {
      const { eventIds } = await rebuildPeriod(r.opts, r.start, r.end);
      repairs.delete(key);
      queue = queue.filter((p) => {
        if (!p.eventId || !eventIds.has(p.eventId)) return true;
        p.done(); // counted by the rebuild
        return false;
      });
      report?.warn({ month: r.month, events: eventIds.size }, 'statistics month rebuilt after a failed write');
    } catch (err) {
      r.attempts++;
      if (r.attempts >= REPAIR_ATTEMPTS) {
        repairs.delete(key);
        report?.error(
          { month: r.month, err: err instanceof Error ? err.message : String(err) },
          'statistics month still uncertain: run the stats-rebuild job for it (POST /api/admin/jobs/stats-rebuild/run)',
        );
      } else await sleep(Math.min(5000, 200 * 2 ** r.attempts));
    }
  }
  if (!repairs.size) {
    for (const p of awaitingRepair) p.done();
    awaitingRepair = [];
  }
}

async function drain(): Promise<void> {
  draining = true;
  try {
    while (queue.length || repairs.size) {
      if (repairs.size) {
        await runRepairs();
        continue;
      }
      const batch = queue;
      queue = [];
      const byZone = new Map<string, Pending[]>();
      for (const p of batch) byZone.set(p.timezone, [...(byZone.get(p.timezone) ?? []), p]);
      for (const [timezone, items] of byZone) {
        try {
          const { days, months, today } = bucketUpdates(
            items.flatMap((p) => p.increments),
            timezone,
          );
          // The raw driver: mongoose would cast the dynamic counter paths against the schema.
          await IntervalBucket.collection.bulkWrite(toOps(days) as never, { ordered: false });
          await MonthBucket.collection.bulkWrite(toOps(months) as never, { ordered: false });
          invalidateClosedMonths(months.map((m) => m.id));
          await TodayBucket.collection.bulkWrite(toOps(today) as never, { ordered: false });
          for (const p of items) p.done();
        } catch (err) {
          markForRepair(items, optsOf.get(timezone)!, err);
        }
      }
    }
  } finally {
    draining = false;
  }
}

/** How many recorded events have reached the buckets in this process (tests wait on it). */
export function appliedCount(): number {
  return applied;
}

/**
 * Events whose insert failed with the store unreachable: it may have landed all the same, so
 * when the caller tries again (core/stats/listeners.ts) and meets a duplicate, the event is
 * this process's own and still needs counting.
 */
const uncertain = new Set<string>();

/** Records one event and counts it; false when it had been recorded before. */
export async function recordEvent(ev: ReportingEventInput, opts: StatsOptions): Promise<boolean> {
  const clean = Object.fromEntries(Object.entries(ev).filter(([, v]) => v !== undefined && v !== null));
  try {
    await ReportingEvent.collection.insertOne(clean as never);
  } catch (err) {
    if (isDuplicateKey(err)) {
      if (!uncertain.delete(ev._id)) return false;
    } else {
      if (isStoreUnavailable(err)) uncertain.add(ev._id);
      throw err;
    }
  }
  uncertain.delete(ev._id);
  await applyIncrements(incrementsFor(ev, opts), opts, ev._id);
  applied++;
  return true;
}

/** Drops today's documents of days before `keepFromDay` ("2026-03-29"); the live board needs today only. */
export async function pruneToday(keepFromDay: string): Promise<number> {
  const r = await TodayBucket.deleteMany({ day: { $lt: keepFromDay } });
  return r.deletedCount;
}
