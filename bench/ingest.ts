// bench/ingest: N synthetic inbound SMS through ingest() from C concurrent senders against
// the embedded store, and in the same run the driver's raw insertOne of a same-sized
// document at the same concurrency. Prints one JSON line; the ratio cancels the store's
// own speed. Usage: npx tsx bench/ingest.ts [--n 3000] [--concurrency 100]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { systemClock } from '../core/clock';
import { loadConfig } from '../core/config';
import { EventBus } from '../core/events';
import { ingest, type IngestContext } from '../core/ingest/ingest';
import { createLogger } from '../core/logger';
import { ruleSet } from '../core/rules/presets';
import { seedDefaultQueues } from '../core/routing/select-queue';
import { connectStore, ensureIndexes } from '../models';
import { createRedis } from '../jobs/connection';
import { IngestRetries } from '../jobs/ingest-retry';
import { startEmbedded } from '../runtime/embedded';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
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
    await connectStore(services.mongoUri);
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
    const ingestResult = await drive(n, concurrency, (i) => ingest(ctx, sms(i)));
    const line = {
      bench: 'ingest',
      messages: n,
      concurrency,
      ingest_per_s: Math.round(ingestResult.perSecond),
      ingest_p50_ms: +ingestResult.p50.toFixed(1),
      ingest_p99_ms: +ingestResult.p99.toFixed(1),
      raw_insert_per_s: Math.round(rawResult.perSecond),
      raw_p99_ms: +rawResult.p99.toFixed(1),
      ratio: +(ingestResult.perSecond / rawResult.perSecond).toFixed(3),
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
