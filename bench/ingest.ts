// bench/ingest: N synthetic inbound SMS through ingest() from C concurrent senders against
// the embedded store, and in the same run the driver's raw insertOne of a same-sized
// document at the same concurrency. Prints one JSON line; the ratio cancels the store's
// own speed. The driver's command monitoring counts the store commands of the ingest phase
// (by command and collection), printed per message: the budget issue 20 asks to cut.
// CPU time per message of this process and of the FerretDB process is measured too, since a
// machine shared with other work makes wall time noisy. `--profile <file>` writes a CPU
// profile of the ingest phase alone (open it in Chrome DevTools or speedscope).
// `--listeners` registers the statistics listeners a server runs (core/stats), so their store
// writes per message are counted too.
// Usage: npx tsx bench/ingest.ts [--n 3000] [--concurrency 100] [--profile ingest.cpuprofile] [--listeners]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { systemClock } from '../core/clock';
import { loadConfig } from '../core/config';
import { EventBus } from '../core/events';
import { ingest, type IngestContext } from '../core/ingest/ingest';
import { createLogger } from '../core/logger';
import { registerStatsListeners } from '../core/stats/listeners';
import { statsOptions } from '../core/stats/options';
import { ruleSet } from '../core/rules/presets';
import { seedDefaultQueues } from '../core/routing/select-queue';
import { ensureIndexes } from '../models';
import { createRedis } from '../jobs/connection';
import { IngestRetries } from '../jobs/ingest-retry';
import { startEmbedded } from '../runtime/embedded';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function textArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** CPU milliseconds (user + system) a process has used so far, from /proc (Linux); 0 elsewhere. */
function processCpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in ticks of 1/100 s
  } catch {
    return 0;
  }
}

function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function drive(
  n: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= n) return;
        const t0 = process.hrtime.bigint();
        await op(i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { perSecond: n / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function main(): Promise<void> {
  const n = arg('n', 3000);
  const concurrency = arg('concurrency', 100);
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  const services = await startEmbedded({ dataDir: dir, persistRedis: false });
  try {
    // As models/index.ts connectStore, plus the driver's command events for the count.
    await mongoose.connect(services.mongoUri, { autoIndex: false, serverSelectionTimeoutMS: 10_000, monitorCommands: true });
    const commands = new Map<string, number>();
    let counting = false;
    mongoose.connection.getClient().on('commandStarted', (ev) => {
      if (!counting) return;
      const target = (ev.command as Record<string, unknown>)[ev.commandName];
      const key = `${ev.commandName}:${typeof target === 'string' ? target : '-'}`;
      commands.set(key, (commands.get(key) ?? 0) + 1);
    });
    await ensureIndexes();
    await seedDefaultQueues();
    const config = loadConfig({ NODE_ENV: 'test' });
    const bull = createRedis(services.redisUrl, 'bench');
    const retries = new IngestRetries(bull);
    const ctx: IngestContext = {
      config,
      logger: createLogger('silent'),
      events: new EventBus(),
      clock: systemClock,
      rules: ruleSet('seed-2014'),
      retry: retries,
    };
    const listeners = process.argv.includes('--listeners');
    if (listeners) registerStatsListeners(ctx, statsOptions(config));
    const body = 'Buongiorno, vorrei sapere perché la bolletta di ottobre è più alta del solito. Grazie.';
    // Two messages per sender, half a run apart: the first opens a ticket, the second joins it.
    const sms = (i: number) => ({
      channel: 'sms' as const,
      externalId: `SMbench${i}`,
      from: `+39333${String(i % Math.ceil(n / 2)).padStart(7, '0')}`,
      to: '+390000000000',
      body,
      receivedAt: new Date(),
    });
    // Warm-up: connections, indexes, caches.
    await drive(200, 20, (i) => ingest(ctx, { ...sms(i), externalId: `SMwarm${i}` }));
    const raw = mongoose.connection.db!.collection('bench_raw');
    await drive(200, 20, (i) => raw.insertOne({ _id: `warm${i}` as never, body, from: '+390000000', at: new Date() }));

    const rawCpu0 = { own: ownCpuMs(), store: processCpuMs(services.ferretdb.pid) };
    const rawResult = await drive(n, concurrency, (i) =>
      raw.insertOne({
        _id: `sms:SMraw${i}` as never,
        channel: 'sms',
        from: `+39333${String(i).padStart(7, '0')}`,
        to: '+390000000000',
        body,
        state: 'processed',
        receivedAt: new Date(),
      }),
    );
    const rawCpu1 = { own: ownCpuMs(), store: processCpuMs(services.ferretdb.pid) };
    const profileFile = textArg('profile');
    const inspector = profileFile ? new Session() : null;
    if (inspector) {
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
    }
    const storePid = services.ferretdb.pid;
    const cpu0 = { own: ownCpuMs(), store: processCpuMs(storePid) };
    counting = true;
    const ingestResult = await drive(n, concurrency, (i) => ingest(ctx, sms(i)));
    counting = false;
    const cpu1 = { own: ownCpuMs(), store: processCpuMs(storePid) };
    if (inspector && profileFile) {
      const { profile } = await inspector.post('Profiler.stop');
      writeFileSync(profileFile, JSON.stringify(profile));
      inspector.disconnect();
    }
    const totalCommands = [...commands.values()].reduce((a, b) => a + b, 0);
    const perMessage = Object.fromEntries([...commands.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, +(v / n).toFixed(3)]));
    const line = {
      bench: 'ingest',
      messages: n,
      concurrency,
      listeners,
      ingest_per_s: Math.round(ingestResult.perSecond),
      ingest_p50_ms: +ingestResult.p50.toFixed(1),
      ingest_p99_ms: +ingestResult.p99.toFixed(1),
      raw_insert_per_s: Math.round(rawResult.perSecond),
      raw_p99_ms: +rawResult.p99.toFixed(1),
      ratio: +(ingestResult.perSecond / rawResult.perSecond).toFixed(3),
      cpu_ms_per_msg: { node: +((cpu1.own - cpu0.own) / n).toFixed(2), store: +((cpu1.store - cpu0.store) / n).toFixed(2) },
      raw_cpu_ms_per_insert: {
        node: +((rawCpu1.own - rawCpu0.own) / n).toFixed(2),
        store: +((rawCpu1.store - rawCpu0.store) / n).toFixed(2),
      },
      store_cmds_per_msg: +(totalCommands / n).toFixed(2),
      store_cmds: perMessage,
      store: 'FerretDB 1.24 (SQLite), embedded',
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    await retries.close();
    bull.disconnect();
    await mongoose.disconnect();
  } finally {
    await services.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
  process.exit(1);
});
