// The write side of the statistics: a reporting event is stored once (its `_id` is the
// idempotency key), then its counters go to the day and month buckets with `$inc` — two
// round trips per event, whatever the number of views.
import { IntervalBucket, MonthBucket, TodayBucket } from '../../models/interval-bucket';
import { ReportingEvent } from '../../models/reporting-event';
import { isDuplicateKey } from '../../models/store';
import { bucketUpdates, type BucketUpdate } from './buckets';
import { invalidateClosedMonths } from './intervals';
import { incrementsFor, type CounterOptions, type Increment, type ReportingEventLike } from './counters';

export interface StatsOptions extends CounterOptions {
  timezone: string;
}

export type ReportingEventInput = ReportingEventLike & { _id: string; ticketId?: string; callSid?: string; agentId?: string };

function toOps(updates: BucketUpdate[]) {
  return updates.map((u) => ({
    updateOne: { filter: { _id: u.id }, update: { $inc: u.inc, $setOnInsert: u.setOnInsert }, upsert: true },
  }));
}

interface Pending {
  increments: Increment[];
  timezone: string;
  done: () => void;
  fail: (err: unknown) => void;
}

let queue: Pending[] = [];
let draining = false;
let applied = 0;

/**
 * Applies increments through one writer per process: what is pending is merged into one
 * bulk write per collection, and writes never overlap. FerretDB 1.24 loses concurrent
 * `$inc`s on one document (it reads, changes and writes back without a lock: measured,
 * 68 of 300 concurrent increments kept), so the writer serialises them; MongoDB would not
 * need it, and merging also saves round trips under load. Several nodes on FerretDB can
 * still lose counts: the rebuild job repairs them from the reporting events.
 */
export function applyIncrements(increments: Increment[], timezone: string): Promise<void> {
  if (!increments.length) return Promise.resolve();
  return new Promise<void>((done, fail) => {
    queue.push({ increments, timezone, done, fail });
    if (!draining) void drain();
  });
}

async function drain(): Promise<void> {
  draining = true;
  try {
    while (queue.length) {
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
          for (const p of items) p.fail(err);
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

/** Records one event and counts it; false when it had been recorded before. */
export async function recordEvent(ev: ReportingEventInput, opts: StatsOptions): Promise<boolean> {
  const clean = Object.fromEntries(Object.entries(ev).filter(([, v]) => v !== undefined && v !== null));
  try {
    await ReportingEvent.collection.insertOne(clean as never);
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
  await applyIncrements(incrementsFor(ev, opts), opts.timezone);
  applied++;
  return true;
}

/** Drops today's documents of days before `keepFromDay` ("2026-03-29"); the live board needs today only. */
export async function pruneToday(keepFromDay: string): Promise<number> {
  const r = await TodayBucket.deleteMany({ day: { $lt: keepFromDay } });
  return r.deletedCount;
}
