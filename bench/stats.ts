// bench/stats: a year of synthetic history (default 1,000,000 tickets' worth of events)
// aggregated into the interval buckets and inserted with the raw driver, then over HTTP
// against a real server on the embedded store (FerretDB + redis-server in a temp dir):
//   live  — GET /api/stats/live (the wall board's snapshot)
//   month — GET /api/stats/intervals for a whole month by day (all queues and channels)
//   day15 — GET /api/stats/intervals for one day by 15 minutes (informative)
// compared in the same run with the naive way: aggregating the tickets collection
// ($match on dates + $group/$sum) for today's and the month's totals, over as many raw
// ticket documents as fit the time bound (--raw-tickets). Prints one JSON line.
// Usage: npx tsx bench/stats.ts [--tickets 1000000] [--raw-tickets 100000] [--raw-budget-seconds 60] [--requests 200]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import mongoose from 'mongoose';
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { buildDocs } from '../core/stats/buckets';
import { incrementsFor, type Counters, type Increment } from '../core/stats/counters';
import { bucketIndex } from '../core/stats/histogram';
import { Agent, QueueItem, Ticket } from '../models';
import { IntervalBucket, MonthBucket, TodayBucket } from '../models/interval-bucket';
import { startEmbedded } from '../runtime/embedded';
import { startServer } from '../server/start';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1] ?? fallback) : fallback;
}

const TICKETS = arg('tickets', 1_000_000);
const RAW_TICKETS = arg('raw-tickets', 100_000);
const REQUESTS = arg('requests', 200);
const RAW_INSERT_BUDGET_MS = arg('raw-budget-seconds', 60) * 1000;
const TZ = 'Europe/Rome';
const ADMIN = { email: 'bench@bench.example', password: 'bench-password-1' };

// Where the contacts go, with their share of the traffic, mean wait and handle time.
const FLOWS = [
  { queue: 'phone', channel: 'voice', share: 0.45, wait: 45, handle: 240, abandon: 0.08 },
  { queue: 'urgent', channel: 'voice', share: 0.05, wait: 20, handle: 300, abandon: 0.05 },
  { queue: 'chat', channel: 'sms', share: 0.12, wait: 300, handle: 400, abandon: 0 },
  { queue: 'chat', channel: 'chat', share: 0.1, wait: 90, handle: 400, abandon: 0.03 },
  { queue: 'written', channel: 'email', share: 0.18, wait: 20_000, handle: 600, abandon: 0 },
  { queue: 'written', channel: 'walk_in', share: 0.06, wait: 800, handle: 500, abandon: 0 },
  { queue: 'written', channel: 'association', share: 0.02, wait: 40_000, handle: 900, abandon: 0 },
  { queue: 'general', channel: 'email', share: 0.02, wait: 30_000, handle: 600, abandon: 0 },
];
const OPEN_SLOTS = { first: 32, last: 88 }; // 08:00–22:00 local

/** Deterministic PRNG (mulberry32): the same history every run. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(42);
const expo = (mean: number) => -Math.log(1 - rand()) * mean;

function pct(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! * 100) / 100;
}
function summary(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 0.5), p99: pct(s, 0.99) };
}
async function timeIt(n: number, fn: () => Promise<unknown>, maxMs = Infinity): Promise<number[]> {
  const out: number[] = [];
  const stop = Date.now() + maxMs;
  for (let i = 0; i < n && Date.now() < stop; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** A year of contacts ending today, aggregated per quarter-hour and flow (what the listeners would have counted). */
function history(now: Date): { increments: Increment[]; tickets: number } {
  const increments: Increment[] = [];
  const today = DateTime.fromJSDate(now, { zone: TZ }).startOf('day');
  const days = 365;
  const slotsPerDay = OPEN_SLOTS.last - OPEN_SLOTS.first;
  const perSlot = TICKETS / days / slotsPerDay;
  let tickets = 0;
  for (let d = days - 1; d >= 0; d--) {
    const day = today.minus({ days: d });
    for (let s = OPEN_SLOTS.first; s < OPEN_SLOTS.last; s++) {
      const at = day.plus({ minutes: s * 15 }).toJSDate();
      if (at > now) break;
      for (const f of FLOWS) {
        const lambda = perSlot * f.share;
        const k = Math.floor(lambda) + (rand() < lambda - Math.floor(lambda) ? 1 : 0);
        if (!k) continue;
        const c: Counters = {};
        const add = (key: string, v = 1) => (c[key] = (c[key] ?? 0) + v);
        for (let i = 0; i < k; i++) {
          tickets++;
          const wait = Math.round(expo(f.wait));
          add('offered');
          add('lang_it_offered');
          if (f.channel === 'voice') add('agentRequested');
          if (f.channel === 'voice' && rand() < 0.9) add('ivrWithin');
          if (rand() < f.abandon) {
            add('abandoned');
            if (wait < 5) add('shortAbandoned');
            add('tmaN');
            add('tmaSum', wait);
            add('tmaIvrSum', wait + 30);
            continue;
          }
          add('answered');
          add('waitSum', wait);
          add(`h.${bucketIndex(wait)}`);
          if (wait <= 20) add('answeredInSl');
          if (f.channel === 'voice') {
            add('tmaN');
            add('tmaSum', wait);
            add('tmaIvrSum', wait + 30);
          }
          add('handleN');
          add('handleSum', Math.round(expo(f.handle)));
          add('resolved');
          if (rand() < 0.8) add('fcr');
        }
        increments.push({ at, queue: f.queue, channel: f.channel, counters: c });
      }
      // About ten agents logged in, three quarters of the time available.
      increments.push(
        ...incrementsFor({ name: 'presence', at, queue: '*', channel: '*', state: 'available', value: 6750 }),
        ...incrementsFor({ name: 'presence', at, queue: '*', channel: '*', state: 'busy', value: 2250 }),
      );
    }
  }
  return { increments, tickets };
}

async function insertBatched(
  coll: { insertMany(docs: never[], o: object): Promise<unknown> },
  docs: unknown[],
  batch: number,
): Promise<void> {
  for (let i = 0; i < docs.length; i += batch) await coll.insertMany(docs.slice(i, i + batch) as never[], { ordered: false });
}

async function main(): Promise<void> {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-stats-'));
  const embedded = await startEmbedded({ dataDir, persistRedis: false });
  const config = loadConfig({
    NODE_ENV: 'production',
    EMAIL_WEBHOOK_TOKEN: 'bench-mail-gateway-token-0123',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    MONGODB_URI: embedded.mongoUri.replace(/\/[^/]*$/, '') + '/bench_stats',
    REDIS_URL: embedded.redisUrl,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough-0123',
    RUN_CRON: 'false',
    SMTP_PORT: '0',
    TIMEZONE: TZ,
  });
  const server = await startServer(config, createLogger('silent'));
  try {
    const now = new Date();
    // 1. A year of history, aggregated exactly as the listeners would have, inserted raw.
    const t0 = Date.now();
    const { increments, tickets } = history(now);
    const { days, months } = buildDocs(increments, TZ);
    const todayKey = DateTime.fromJSDate(now, { zone: TZ }).toISODate();
    const todays = [...days.values()]
      .filter((d) => d.day === todayKey)
      .map((d) => ({ _id: d._id, queue: d.queue, channel: d.channel, day: d.day, t: d.t }));
    const aggregateMs = Date.now() - t0;
    const t1 = Date.now();
    await insertBatched(IntervalBucket.collection as never, [...days.values()], 100);
    await insertBatched(MonthBucket.collection as never, [...months.values()], 20);
    await insertBatched(TodayBucket.collection as never, todays, 100);
    const bucketInsertMs = Date.now() - t1;
    // What waits now and who works: small by nature.
    await QueueItem.collection.insertMany(
      Array.from({ length: 40 }, (_, i) => ({
        _id: `w${i}`,
        ticketNumber: `T-W${i}`,
        queue: FLOWS[i % FLOWS.length]!.queue,
        channel: FLOWS[i % FLOWS.length]!.channel,
        category: 'billing',
        priority: 3,
        enqueuedAt: new Date(now.getTime() - i * 30_000),
        state: 'waiting',
      })) as never[],
    );
    await Agent.collection.insertMany(
      Array.from({ length: 25 }, (_, i) => ({
        name: `Agent ${i}`,
        email: `a${i}@bench.example`,
        passwordHash: 'x',
        role: 'agent',
        presence: ['available', 'busy', 'wrap_up', 'away', 'offline'][i % 5],
        active: true,
        load: { voice: i % 2, email: i % 4 },
      })) as never[],
    );

    // 2. Raw tickets for the naive comparison, as many as fit the time bound.
    const t2 = Date.now();
    let raw = 0;
    const yearMs = 365 * 86_400_000;
    while (raw < RAW_TICKETS && Date.now() - t2 < RAW_INSERT_BUDGET_MS) {
      const n = Math.min(5000, RAW_TICKETS - raw);
      const docs = Array.from({ length: n }, (_, i) => {
        const f = FLOWS[(raw + i) % FLOWS.length]!;
        const createdAt = new Date(now.getTime() - rand() * yearMs);
        return {
          number: `T-B${raw + i}`,
          channel: f.channel,
          category: 'billing',
          priority: 3,
          status: 'resolved',
          queue: f.queue,
          language: 'it',
          createdAt,
          queuedAt: createdAt,
          waitSeconds: Math.round(expo(f.wait)),
          handleSeconds: Math.round(expo(f.handle)),
        };
      });
      await Ticket.collection.insertMany(docs as never[], { ordered: false });
      raw += n;
    }
    const rawInsertMs = Date.now() - t2;

    // 3. Over HTTP, as a manager's browser does.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const get = async (path: string) => {
      const res = await fetch(server.url + path, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const lastMonth = DateTime.fromJSDate(now, { zone: TZ }).startOf('month').minus({ months: 1 });
    const monthPath = `/api/stats/intervals?from=${lastMonth.toISODate()}&to=${lastMonth.plus({ months: 1 }).toISODate()}&granularity=day`;
    const yesterday = DateTime.fromJSDate(now, { zone: TZ }).minus({ days: 1 }).toISODate();
    const dayPath = `/api/stats/intervals?from=${yesterday}&to=${DateTime.fromJSDate(now, { zone: TZ }).toISODate()}&granularity=15m`;
    const liveBody = (await get('/api/stats/live')) as { overall: { offered: number } };
    const tCold = performance.now();
    const monthBody = (await get(monthPath)) as { rows: unknown[]; total: { offered: number } };
    const monthColdMs = Math.round((performance.now() - tCold) * 100) / 100;
    await timeIt(10, () => get('/api/stats/live'));
    await timeIt(10, () => get(monthPath));
    const live = summary(await timeIt(REQUESTS, () => get('/api/stats/live')));
    const month = summary(await timeIt(REQUESTS, () => get(monthPath)));
    const liveFresh = summary(await timeIt(REQUESTS, () => get('/api/stats/live?fresh=true')));
    const day15 = summary(await timeIt(Math.min(REQUESTS, 20), () => get(dayPath), 8_000));

    // The raw driver doing the live snapshot's reads, for the ratio.
    const db = mongoose.connection.db!;
    const rawLive = summary(
      await timeIt(REQUESTS, () =>
        Promise.all([
          db.collection('queueitems').find({}).toArray(),
          db.collection('agents').find({ active: true }).toArray(),
          db.collection('stats_today').find({ day: todayKey }).toArray(),
          db.collection('queues').find({}).toArray(),
        ]),
      ),
    );

    const monthId = `*:*:${lastMonth.toJSDate().toISOString()}/P1M`;
    const rawMonth = summary(await timeIt(REQUESTS, () => db.collection('stats_months').findOne({ _id: monthId as never })));

    // 4. The naive way: aggregate the tickets collection.
    const todayStart = DateTime.fromJSDate(now, { zone: TZ }).startOf('day').toJSDate();
    const naiveLive = summary(
      await timeIt(
        20,
        () =>
          Ticket.collection
            .aggregate([
              { $match: { createdAt: { $gte: todayStart } } },
              { $group: { _id: '$queue', offered: { $sum: 1 }, wait: { $sum: '$waitSeconds' } } },
            ])
            .toArray(),
        14_000,
      ),
    );
    const naiveMonth = summary(
      await timeIt(
        20,
        () =>
          Ticket.collection
            .aggregate([
              { $match: { createdAt: { $gte: lastMonth.toJSDate(), $lt: lastMonth.plus({ months: 1 }).toJSDate() } } },
              { $group: { _id: { queue: '$queue', channel: '$channel' }, offered: { $sum: 1 }, wait: { $sum: '$waitSeconds' } } },
            ])
            .toArray(),
        14_000,
      ),
    );

    console.log(
      JSON.stringify({
        bench: 'stats',
        store: 'FerretDB 1.24 (SQLite), embedded',
        history: { tickets, days: 365, dayDocs: days.size, monthDocs: months.size, aggregateMs, bucketInsertMs },
        liveMs: { ...live, what: 'served: the last snapshot while younger than 1 s and nothing happened, else computed' },
        liveComputedMs: { ...liveFresh, what: 'computed on every request (?fresh=true)' },
        monthIntervalsMs: {
          ...month,
          rows: monthBody.rows.length,
          what: 'served: a closed month is kept in memory for 60 s after its first read (core/stats/intervals.ts)',
        },
        monthIntervalsFirstReadMs: monthColdMs,
        day15mIntervalsMs: day15,
        rawDriverLiveReadsMs: rawLive,
        liveComputedOverRawDriver: Math.round((liveFresh.p50 / Math.max(0.01, rawLive.p50)) * 100) / 100,
        rawDriverMonthReadMs: rawMonth,
        rawDriverMonthReadWhat:
          'the month document read with the raw driver, uncached: what a first read or a current month costs on this store',
        naive: {
          rawTickets: raw,
          rawTicketsRequested: RAW_TICKETS,
          note:
            raw < TICKETS
              ? `only ${raw} raw ticket documents written (insert budget ${RAW_INSERT_BUDGET_MS / 1000} s); the naive scan grows linearly with them`
              : undefined,
          rawInsertMs,
          todayAggregateMs: naiveLive,
          monthAggregateMs: naiveMonth,
          whatItComputes: 'totals per queue / channel only: no per-day rows, no percentiles, no service level',
        },
        targets: { liveP99Ms: 20, monthP99Ms: 100 },
        met: { live: live.p99 < 20, month: month.p99 < 100 },
        sanity: { liveOfferedToday: liveBody.overall.offered, monthOffered: monthBody.total.offered },
        load: 'taken on a 2-core machine shared with other work (figures under load)',
        totalSeconds: Math.round((Date.now() - started) / 1000),
      }),
    );
  } finally {
    await server.close();
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
