import { Schema, model } from 'mongoose';

/**
 * Pre-aggregated statistics of one local day for one queue and channel ("*" = all):
 * `_id` "<queue>:<channel>:<start ISO>" where start is local midnight of the operator's
 * time zone. The 15-minute interval buckets are the sub-objects `i.<slot>` (slot counted
 * from local midnight), `t` is the day's total; each holds counters and a fixed wait
 * histogram `h` with numbered keys (core/stats/histogram.ts). One document per day keeps
 * reads to exact `_id` look-ups in a small collection, which is what stays fast on
 * FerretDB (any other filter reads the whole collection) as well as on MongoDB.
 * Written only by `$inc` (core/stats/record.ts) and by the rebuild job.
 */
const intervalBucketSchema = new Schema(
  {
    _id: { type: String, required: true },
    queue: { type: String, required: true },
    channel: { type: String, required: true },
    /** Local date "2026-03-29" and month "2026-03". */
    day: { type: String, required: true },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    t: { type: Schema.Types.Mixed, default: {} },
    i: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, strict: false, minimize: false, collection: 'stats_days' },
);

export const IntervalBucket = model('IntervalBucket', intervalBucketSchema);

/**
 * The month roll-up for one queue and channel: `_id` "<queue>:<channel>:<start ISO>/P1M",
 * per-day sub-objects `d.<day of month>` and the month total `t`. A month of daily figures,
 * and today's live figures, are one exact `_id` read each.
 */
const monthBucketSchema = new Schema(
  {
    _id: { type: String, required: true },
    queue: { type: String, required: true },
    channel: { type: String, required: true },
    month: { type: String, required: true },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    t: { type: Schema.Types.Mixed, default: {} },
    d: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, strict: false, minimize: false, collection: 'stats_months' },
);

export const MonthBucket = model('MonthBucket', monthBucketSchema);

/**
 * Today's totals per queue and channel (the same `_id` as the day document), small and
 * few: the live wall board reads only these. Days older than yesterday are pruned.
 */
const todayBucketSchema = new Schema(
  {
    _id: { type: String, required: true },
    queue: { type: String, required: true },
    channel: { type: String, required: true },
    day: { type: String, required: true },
    t: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, strict: false, minimize: false, collection: 'stats_today' },
);

export const TodayBucket = model('TodayBucket', todayBucketSchema);

/**
 * Each agent's current presence and since when, so the seconds of a state are known when it
 * ends. `on_call` (with the call's `callSid`) is the statistics' own state for an agent who is
 * "available" but talking to a caller. One document per agent: a small collection, read whole.
 */
const presenceMarkSchema = new Schema(
  {
    _id: { type: String, required: true },
    state: { type: String, required: true },
    since: { type: Date, required: true },
    callSid: { type: String },
  },
  { versionKey: false, collection: 'stats_presence' },
);

export const PresenceMark = model('PresenceMark', presenceMarkSchema);

export function dayBucketId(queue: string, channel: string, dayStart: Date): string {
  return `${queue}:${channel}:${dayStart.toISOString()}`;
}

export function monthBucketId(queue: string, channel: string, monthStart: Date): string {
  return `${queue}:${channel}:${monthStart.toISOString()}/P1M`;
}
