// Benchmark: one reminders run over N open bills in the embedded store (FerretDB + redis in
// a temp dir), as of a date where DUE_SHARE of them are due soon; SMS go through the real
// twilio client to the local stand-in. Also reads the same bills with the raw driver cursor
// in the same run, so the store's own speed cancels out in the ratio.
//   npx tsx bench/reminders.ts [--n=100000] [--due=0.3] [--batch=500] [--concurrency=8] [--budget=60]
// Prints one JSON line. The run stops after --budget seconds (between batches) so the bench
// stays bounded; `complete` says whether every bill was scanned.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { TwilioSmsOutbound } from '../channels/sms/outbound';
import { twilioClientFor } from '../channels/twilio/client';
import { fixedClock } from '../core/clock';
import { loadConfig } from '../core/config';
import type { CoreContext } from '../core/context';
import { EventBus } from '../core/events';
import { createLogger } from '../core/logger';
import { runReminders } from '../core/reminders/run-reminders';
import { resolveRuleSet } from '../core/rules/overrides';
import { connectStore, ensureIndexes } from '../models';
import '../models/reminder';
import '../models/task';
import { startEmbedded } from '../runtime/embedded';
import { startTwilioStandIn } from '../test/support/twilio-standin';

const arg = (name: string, def: number) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : def;
};
const N = arg('n', 100_000);
const DUE_SHARE = arg('due', 0.3);
const BATCH = arg('batch', 500);
const CONCURRENCY = arg('concurrency', 8);
const BUDGET_SECONDS = arg('budget', 60);
const BILLS_PER_CUSTOMER = 10;
// Tuesday 29 Sep 2026, 10:00 in Rome: due-soon bills fall due on 1 Oct.
const AS_OF = new Date('2026-09-29T08:00:00.000Z');

const debug = (what: string) => {
  if (process.env.BENCH_DEBUG) process.stderr.write(`${new Date().toISOString()} ${what}\n`);
};
let peakRss = process.memoryUsage().rss;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

async function main(): Promise<void> {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-reminders-'));
  const embedded = await startEmbedded({ dataDir, persistRedis: false });
  const twilio = await startTwilioStandIn();
  const timer = setInterval(sample, 50);
  try {
    debug('embedded up');
    await connectStore(embedded.mongoUri);
    await ensureIndexes();
    const db = mongoose.connection.db!;

    // Seed with the raw driver in batches: customers with one contract and 10 bills each.
    const customers = Math.ceil(N / BILLS_PER_CUSTOMER);
    const seedStart = Date.now();
    for (let from = 0; from < customers; from += 1000) {
      const cs = [];
      const ks = [];
      for (let i = from; i < Math.min(customers, from + 1000); i++) {
        const acc = `A${i}`;
        cs.push({ _id: acc, accountNumber: acc, name: `Cliente ${i}`, phones: [`+39333${String(i).padStart(7, '0')}`], emails: [], language: 'it', segment: 'household', preferredChannel: 'sms', consents: { sms: true, email: true, voice: true, marketing: false }, hardship: [] });
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
        bs.push({ _id: `F${i}`, billNumber: `F${i}`, contractNumber: `K${c}`, accountNumber: `A${c}`, service: 'gas', amount: 50 + (i % 200), currency: 'EUR', issuedAt: new Date('2026-09-01T00:00:00Z'), dueAt: due ? dueSoon : later, paidAmount: 0, status: 'open', dunning: { stage: 'none' }, disputed: false });
      }
      await db.collection('bills').insertMany(bs as never[], { ordered: false });
    }
    const seedSeconds = (Date.now() - seedStart) / 1000;
    debug('seeded');

    // Raw driver: the same bills, the same filter, the same batch size.
    const rawStart = Date.now();
    let raw = 0;
    for await (const _ of db.collection('bills').find({ status: 'open' }).batchSize(BATCH)) raw += 1;
    const rawSeconds = (Date.now() - rawStart) / 1000;
    sample();

    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      MONGODB_URI: embedded.mongoUri,
      REDIS_URL: embedded.redisUrl,
      DATA_DIR: dataDir,
      TWILIO_API_BASE_URL: twilio.url,
      TWILIO_SMS_PER_SECOND: '0',
      REMINDER_BATCH_SIZE: String(BATCH),
      REMINDER_CONCURRENCY: String(CONCURRENCY),
    });
    const logger = createLogger('silent');
    const clock = fixedClock(AS_OF);
    const ctx: CoreContext = {
      config,
      logger,
      events: new EventBus(logger),
      clock,
      rules: resolveRuleSet('seed-2014'),
      retry: { retryIngest: async () => undefined },
      outbound: { sms: new TwilioSmsOutbound({ config, logger, client: twilioClientFor(config), clock }) },
    };
    // The stand-in keeps every request in memory (it is a test tool); count and drop them per batch
    // so its bookkeeping does not count as ours.
    let delivered = 0;
    const drain = () => {
      delivered += twilio.messages().filter((m) => m.status === 201).length;
      twilio.clear();
      sample();
    };
    const runStart = Date.now();
    debug('raw read done');
    const deadline = runStart + BUDGET_SECONDS * 1000;
    const counts = await runReminders(ctx, AS_OF, {
      onBatch: (c) => {
        drain();
        debug(JSON.stringify(c));
      },
      shouldStop: () => Date.now() > deadline,
    });
    drain();
    const runSeconds = (Date.now() - runStart) / 1000;

    const scannedPerSecond = counts.scanned / runSeconds;
    const rawPerSecond = raw / rawSeconds;
    process.stdout.write(
      `${JSON.stringify({
        bench: 'reminders',
        bills: N,
        dueShare: DUE_SHARE,
        batch: BATCH,
        concurrency: CONCURRENCY,
        seedSeconds: +seedSeconds.toFixed(1),
        runSeconds: +runSeconds.toFixed(1),
        scanned: counts.scanned,
        complete: counts.scanned === N,
        remindersSent: counts.sent,
        smsAtStandIn: delivered,
        billsScannedPerSecond: Math.round(scannedPerSecond),
        remindersSentPerSecond: Math.round(counts.sent / runSeconds),
        rawCursorBillsPerSecond: Math.round(rawPerSecond),
        scanToRawRatio: +(scannedPerSecond / rawPerSecond).toFixed(3),
        peakRssMB: Math.round(peakRss / 1048576),
        totalSeconds: +((Date.now() - started) / 1000).toFixed(1),
      })}\n`,
    );
  } finally {
    clearInterval(timer);
    await mongoose.disconnect();
    await twilio.close();
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
