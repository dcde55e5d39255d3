// The measured process of bench/reminders.ts: what a worker node does for one reminders
// run. Reads the bills once with the raw driver cursor (the store's own rate, same process,
// same filter, same batch size), then runs runReminders as of the bench date, sampling its
// own peak RSS. Sends one result object to the parent and exits.
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
import { connectStore } from '../models';
import '../models/reminder';
import '../models/task';

export interface WorkerResult {
  rawSeconds: number;
  raw: number;
  runSeconds: number;
  counts: Awaited<ReturnType<typeof runReminders>>;
  peakRss: number;
}

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

async function main(): Promise<void> {
  let peakRss = process.memoryUsage().rss;
  const sample = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 50);
  const batch = Number(env('BENCH_BATCH'));
  const asOf = new Date(env('BENCH_AS_OF'));
  await connectStore(env('MONGODB_URI'));
  const db = mongoose.connection.db!;

  const rawStart = Date.now();
  let raw = 0;
  for await (const _ of db.collection('bills').find({ status: 'open' }).batchSize(batch)) raw += 1;
  const rawSeconds = (Date.now() - rawStart) / 1000;

  const config = loadConfig({
    NODE_ENV: 'production',
    EMAIL_WEBHOOK_TOKEN: 'bench-mail-gateway-token-0123',
    LOG_LEVEL: 'silent',
    MONGODB_URI: env('MONGODB_URI'),
    REDIS_URL: env('REDIS_URL'),
    DATA_DIR: env('DATA_DIR'),
    TWILIO_API_BASE_URL: env('TWILIO_API_BASE_URL'),
    TWILIO_SMS_PER_SECOND: '0',
    REMINDER_BATCH_SIZE: String(batch),
    REMINDER_CONCURRENCY: env('BENCH_CONCURRENCY'),
  });
  const logger = createLogger('silent');
  const clock = fixedClock(asOf);
  const ctx: CoreContext = {
    config,
    logger,
    events: new EventBus(logger),
    clock,
    rules: resolveRuleSet('seed-2014'),
    retry: { retryIngest: async () => undefined },
    notices: { runOutageNotices: async () => undefined },
    outbound: { sms: new TwilioSmsOutbound({ config, logger, client: twilioClientFor(config), clock }) },
  };
  if (process.env.BENCH_DEBUG)
    process.stderr.write(
      `before run rss=${Math.round(process.memoryUsage().rss / 1048576)} heap=${Math.round(process.memoryUsage().heapUsed / 1048576)}\n`,
    );
  const deadline = Date.now() + Number(env('BENCH_BUDGET')) * 1000;
  const runStart = Date.now();
  const counts = await runReminders(ctx, asOf, {
    onBatch: (c) => {
      sample();
      if (process.env.BENCH_DEBUG) {
        const m = process.memoryUsage();
        process.stderr.write(
          `${new Date().toISOString()} ${JSON.stringify(c)} rss=${Math.round(m.rss / 1048576)} heapTotal=${Math.round(m.heapTotal / 1048576)} heap=${Math.round(m.heapUsed / 1048576)} ext=${Math.round(m.external / 1048576)} ab=${Math.round(m.arrayBuffers / 1048576)}\n`,
        );
      }
    },
    shouldStop: () => Date.now() > deadline,
  });
  const runSeconds = (Date.now() - runStart) / 1000;
  sample();
  clearInterval(timer);
  await mongoose.disconnect();
  const result: WorkerResult = { rawSeconds, raw, runSeconds, counts, peakRss };
  process.send?.(result, () => process.exit(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
