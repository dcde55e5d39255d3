// Benchmark: one reminders run over N open bills in the embedded store (FerretDB + redis in
// a temp dir), as of a date where DUE_SHARE of them are due soon; SMS go through the real
// twilio client to the local stand-in. Three processes, so each figure is ours alone: this
// one seeds the store with the raw driver; bench/twilio-process.ts plays Twilio;
// bench/reminders-worker.ts is the measured worker: it reads the same bills with the raw
// driver cursor (the store's own rate, in the same run), then does the run.
//   npx tsx bench/reminders.ts [--n=100000] [--due=0.3] [--batch=500] [--concurrency=8] [--budget=600]
// Prints one JSON line. The run stops after --budget seconds (between batches) so the bench
// stays bounded; `complete` says whether every bill was scanned.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { connectStore, ensureIndexes } from '../models';
import '../models/reminder';
import '../models/task';
import mongoose from 'mongoose';
import { startEmbedded } from '../runtime/embedded';
import { forkTs } from './fork';
import type { WorkerResult } from './reminders-worker';

const arg = (name: string, def: number) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : def;
};
const N = arg('n', 100_000);
const DUE_SHARE = arg('due', 0.3);
const BATCH = arg('batch', 500);
const CONCURRENCY = arg('concurrency', 8);
const BUDGET_SECONDS = arg('budget', 600);
const BILLS_PER_CUSTOMER = 10;
// Tuesday 29 Sep 2026, 10:00 in Rome: due-soon bills fall due on 1 Oct.
const AS_OF = new Date('2026-09-29T08:00:00.000Z');

const debug = (what: string) => {
  if (process.env.BENCH_DEBUG) process.stderr.write(`${new Date().toISOString()} ${what}\n`);
};

async function main(): Promise<void> {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-reminders-'));
  const embedded = await startEmbedded({ dataDir, persistRedis: false });
  const twilio = await forkTs<{ url: string }>('twilio-process.ts');
  let accepted = 0;
  const count = async () => {
    accepted += (await twilio.ask<{ accepted: number }>('count')).accepted;
  };
  try {
    debug('embedded up');
    // The collections and indexes as the server creates them, then the rows with the raw driver.
    await connectStore(embedded.mongoUri);
    await ensureIndexes();
    await mongoose.disconnect();
    const client = new MongoClient(embedded.mongoUri);
    await client.connect();
    const db = client.db();

    // Customers with one contract and 10 bills each.
    const customers = Math.ceil(N / BILLS_PER_CUSTOMER);
    const seedStart = Date.now();
    for (let from = 0; from < customers; from += 1000) {
      const cs = [];
      const ks = [];
      for (let i = from; i < Math.min(customers, from + 1000); i++) {
        const acc = `A${i}`;
        cs.push({
          _id: acc,
          accountNumber: acc,
          name: `Cliente ${i}`,
          phones: [`+39333${String(i).padStart(7, '0')}`],
          emails: [],
          language: 'it',
          segment: 'household',
          preferredChannel: 'sms',
          consents: { sms: true, email: true, voice: true, marketing: false },
          hardship: [],
        });
        ks.push({ _id: `K${i}`, contractNumber: `K${i}`, accountNumber: acc, service: 'gas', shared: false, status: 'active' });
      }
      await db.collection('customers').insertMany(cs as never[], { ordered: false });
      await db.collection('contracts').insertMany(ks as never[], { ordered: false });
    }
    const dueSoon = new Date('2026-09-30T22:00:00.000Z');
    const later = new Date('2026-11-14T23:00:00.000Z');
    for (let from = 0; from < N; from += 2000) {
      const bs = [];
      for (let i = from; i < Math.min(N, from + 2000); i++) {
        const c = Math.floor(i / BILLS_PER_CUSTOMER);
        const due = (i * 7919) % 1000 < DUE_SHARE * 1000;
        bs.push({
          _id: `F${i}`,
          billNumber: `F${i}`,
          contractNumber: `K${c}`,
          accountNumber: `A${c}`,
          service: 'gas',
          amount: 50 + (i % 200),
          currency: 'EUR',
          issuedAt: new Date('2026-09-01T00:00:00Z'),
          dueAt: due ? dueSoon : later,
          paidAmount: 0,
          status: 'open',
          dunning: { stage: 'none' },
          disputed: false,
        });
      }
      await db.collection('bills').insertMany(bs as never[], { ordered: false });
    }
    await client.close();
    const seedSeconds = (Date.now() - seedStart) / 1000;
    debug('seeded');

    const worker = await forkTs<WorkerResult>('reminders-worker.ts', [], {
      ...process.env,
      MONGODB_URI: embedded.mongoUri,
      REDIS_URL: embedded.redisUrl,
      DATA_DIR: dataDir,
      TWILIO_API_BASE_URL: twilio.first.url,
      BENCH_BATCH: String(BATCH),
      BENCH_CONCURRENCY: String(CONCURRENCY),
      BENCH_BUDGET: String(BUDGET_SECONDS),
      BENCH_AS_OF: AS_OF.toISOString(),
    });
    const r = worker.first;
    await count();

    const scannedPerSecond = r.counts.scanned / r.runSeconds;
    const rawPerSecond = r.raw / r.rawSeconds;
    process.stdout.write(
      `${JSON.stringify({
        bench: 'reminders',
        bills: N,
        dueShare: DUE_SHARE,
        batch: BATCH,
        concurrency: CONCURRENCY,
        seedSeconds: +seedSeconds.toFixed(1),
        runSeconds: +r.runSeconds.toFixed(1),
        scanned: r.counts.scanned,
        complete: r.counts.scanned === N,
        remindersSent: r.counts.sent,
        smsAtStandIn: accepted,
        billsScannedPerSecond: Math.round(scannedPerSecond),
        remindersSentPerSecond: Math.round(r.counts.sent / r.runSeconds),
        rawCursorBillsPerSecond: Math.round(rawPerSecond),
        scanToRawRatio: +(scannedPerSecond / rawPerSecond).toFixed(3),
        workerPeakRssMB: Math.round(r.peakRss / 1048576),
        totalSeconds: +((Date.now() - started) / 1000).toFixed(1),
      })}\n`,
    );
  } finally {
    twilio.child.send('close');
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
