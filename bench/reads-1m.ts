// bench/reads-1m: what a person waits for, at a utility's year of history (1,000,000 tickets,
// 3,000,000 messages, 200,000 customers with contracts, bills and readings; issue 20), over
// HTTP against a real server on the embedded store: public tracking, the ticket view with its
// messages, the customer panel, the console snapshot, and the ticket search by number, phone
// and account. Each request picks a random ticket / customer / agent, one at a time.
//   npx tsx bench/reads-1m.ts [--dir=/work/bench-data/1m] [--tickets=1000000] [--requests=200] [--snapshot-requests=30]
// The data set is generated on the first run (bench/generate-data.ts, ~30 min on a busy 2-core
// machine) into --dir, outside the repository, and reused by every later run. Prints one JSON
// line: p50/p99 milliseconds per endpoint.
import mongoose, { Types } from 'mongoose';
import { loadConfig } from '../core/config';
import { Agent, CATEGORIES, CHANNELS } from '../models';
import { createLogger } from '../core/logger';
import { startEmbedded } from '../runtime/embedded';
import { startServer } from '../server/start';
import { AGENT_PASSWORD, BENCH_DB, accountNumber, agentEmail, generate, phoneOf, ticketNumber, trackingToken } from './generate-data';

const arg = (name: string): string | undefined => process.argv.find((x) => x.startsWith(`--${name}=`))?.slice(name.length + 3);
const DIR = arg('dir') ?? '/work/bench-data/1m';
const TICKETS = Number(arg('tickets') ?? 1_000_000);
const REQUESTS = Number(arg('requests') ?? 200);
// The snapshot carries every waiting item (5,000 at 1M): seconds each on a busy machine.
const SNAPSHOT_REQUESTS = Number(arg('snapshot-requests') ?? 30);

/** Deterministic PRNG (mulberry32): the same picks every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main(): Promise<void> {
  const generated = await generate(DIR, TICKETS);
  const { seconds: generateSeconds, ...data } = generated;
  const embedded = await startEmbedded({ dataDir: DIR, persistRedis: false });
  const config = loadConfig({
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    MONGODB_URI: embedded.mongoUri.replace(/\/[^/]*$/, `/${BENCH_DB}`),
    REDIS_URL: embedded.redisUrl,
    ADMIN_EMAIL: 'bench-admin@bench.example',
    ADMIN_PASSWORD: AGENT_PASSWORD,
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough-0123',
    RUN_CRON: 'false',
    SMTP_PORT: '0',
    // One client asks for hundreds of tracking pages: not the abuse the limit is for.
    RECEPTION_IP_LIMIT: '1000000',
  });
  const startedAt = performance.now();
  const server = await startServer(config, createLogger('silent'));
  const startSeconds = +((performance.now() - startedAt) / 1000).toFixed(1); // includes creating any new index
  try {
    // Skills, so that agents see the queue (a data set written before the generator set them).
    await Agent.updateMany({ channels: { $exists: false } }, { $set: { channels: [...CHANNELS], categories: [...CATEGORIES] } });
    const random = rng(20);
    const pick = (n: number) => Math.floor(random() * n);
    // Agents 10…199 are agents (0…9 supervisors): each with ~5,000 handled tickets, ~50 open.
    const cookies: string[] = [];
    for (const i of [10, 57, 123, 199]) {
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: agentEmail(i), password: AGENT_PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login agent${i}: ${res.status} ${await res.text()}`);
      cookies.push((res.headers.get('set-cookie') ?? '').split(';')[0]!);
    }
    const get = async (path: string, auth = true): Promise<unknown> => {
      const res = await fetch(server.url + path, auth ? { headers: { cookie: cookies[pick(cookies.length)]! } } : {});
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 200)}`);
      return res.json();
    };
    const ticketIdOf = (i: number) => (0x10000000 + i).toString(16).padStart(24, '0');
    const customers = generated.customers;

    const endpoints: Record<string, () => string> = {
      tracking: () => {
        const i = pick(TICKETS);
        return `/api/reception/requests/${ticketNumber(i)}?token=${trackingToken(i)}`;
      },
      ticketView: () => `/api/tickets/${ticketIdOf(pick(TICKETS))}`,
      customerPanel: () => `/api/customers/${accountNumber(pick(customers))}`,
      consoleSnapshot: () => '/api/queues/snapshot',
      searchByNumber: () => `/api/tickets?number=${ticketNumber(pick(TICKETS))}`,
      searchByPhone: () => `/api/tickets?phone=${encodeURIComponent(phoneOf(pick(customers)))}`,
      searchByAccount: () => `/api/tickets?accountNumber=${accountNumber(pick(customers))}`,
    };
    // What each answer holds, so a fast empty answer cannot pass for a fast read.
    const check: Record<string, (body: unknown) => boolean> = {
      tracking: (b) => (b as { messages: unknown[] }).messages.length === 2,
      ticketView: (b) => (b as { messages: unknown[] }).messages.length === 3,
      customerPanel: (b) =>
        (b as { tickets: unknown[]; bills: unknown[] }).tickets.length > 0 && (b as { bills: unknown[] }).bills.length === 3,
      // Each agent holds ~N/40,000 open tickets (25 at 1M): a small data set leaves some with none.
      consoleSnapshot: (b) =>
        ((b as { mine: unknown[] }).mine.length > 0 || TICKETS < 100_000) && (b as { items: unknown[] }).items.length > 0,
      searchByNumber: (b) => (b as { tickets: unknown[] }).tickets.length === 1,
      searchByPhone: (b) => (b as { tickets: unknown[] }).tickets.length > 0,
      searchByAccount: (b) => (b as { tickets: unknown[] }).tickets.length > 0,
    };

    const ms: Record<string, { p50: number; p99: number; max: number }> = {};
    for (const [name, path] of Object.entries(endpoints)) {
      const body = await get(path(), name !== 'tracking'); // warm-up, and the answer's shape
      if (!check[name]!(body)) throw new Error(`${name}: unexpected answer ${JSON.stringify(body).slice(0, 300)}`);
      const times: number[] = [];
      for (let r = 0; r < (name === 'consoleSnapshot' ? SNAPSHOT_REQUESTS : REQUESTS); r++) {
        const p = path();
        const start = performance.now();
        await get(p, name !== 'tracking');
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const at = (q: number) => +times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
      ms[name] = { p50: at(0.5), p99: at(0.99), max: +times[times.length - 1]!.toFixed(2) };
      process.stderr.write(`[reads-1m] ${name}: ${JSON.stringify(ms[name])}\n`);
    }
    const met = Object.values(ms).every((m) => m.p99 < 50);
    // References in the same run, for the machine's state: a bare endpoint (no store) over
    // HTTP; and, interleaved so that the machine's noise hits both alike, the raw driver
    // reading one ticket by `_id` and by its number (the indexed look-up our build pushes
    // down) — the measure of keying hot reads by `_id` instead.
    const raw = mongoose.connection.db!.collection('tickets');
    const samples: Record<string, number[]> = { healthz: [], rawFindById: [], rawFindByNumber: [], rawWaitingList: [] };
    const timeInto = async (name: string, fn: () => Promise<unknown>) => {
      const start = performance.now();
      await fn();
      samples[name]!.push(performance.now() - start);
    };
    // The snapshot's two parts: the whole waiting list (no index can shrink it), an agent's open tickets (indexed).
    for (let r = 0; r < 5; r++) await timeInto('rawWaitingList', () => mongoose.connection.db!.collection('queueitems').find({}).toArray());
    for (let r = 0; r < REQUESTS; r++) {
      const i = pick(TICKETS);
      await timeInto('healthz', () => fetch(`${server.url}/healthz`).then((x) => x.text()));
      await timeInto('rawFindById', () => raw.findOne({ _id: new Types.ObjectId(ticketIdOf(i)) }));
      await timeInto('rawFindByNumber', () => raw.findOne({ number: ticketNumber(pick(TICKETS)) }));
    }
    const reference = Object.fromEntries(
      Object.entries(samples).map(([name, times]) => {
        times.sort((a, b) => a - b);
        const at = (q: number) => +times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
        return [name, { p50: at(0.5), p99: at(0.99) }];
      }),
    );
    process.stdout.write(
      `${JSON.stringify({ bench: 'reads-1m', ...data, generateSeconds, startSeconds, requests: REQUESTS, snapshotRequests: SNAPSHOT_REQUESTS, ms, p99Under50ms: met, reference })}\n`,
    );
  } finally {
    await server.close();
    await mongoose.disconnect().catch(() => undefined);
    await embedded.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
