// What every process of the hotline builds the same way, HTTP node or worker (server/start.ts,
// server/worker.ts): the store, Redis, the queues, the event bus, the rules, socket.io on the
// Redis streams adapter (attached to an HTTP server, or detached in a worker: it can still
// emit to the rooms of every node) and the scheduler with every job of jobs/registry.ts.
import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { Server as SocketServer } from 'socket.io';
import { systemClock, type Clock } from '../core/clock';
import type { Config } from '../core/config';
import { EventBus } from '../core/events';
import type { Logger } from '../core/logger';
import { parseRulesOverrides, resolveRuleSet } from '../core/rules/overrides';
import { seedDefaultQueues } from '../core/routing/select-queue';
import { migrateChatChannel } from '../core/migrations/chat-channel';
import { migrateOutageIncidents } from '../core/migrations/outage-incidents';
import { connectStore, ensureIndexes } from '../models';
import { startEmbedded, type EmbeddedServices } from '../runtime/embedded';
import { writeRuntimeFile } from '../runtime/runtime-file';
import { lockDataDir, type DataLock } from '../runtime/data-lock';
import { closeRedis, createRedis } from '../jobs/connection';
import { IngestRetries } from '../jobs/ingest-retry';
import { OutageNoticeRuns } from '../jobs/outage-notices';
import { registerJobs } from '../jobs/registry';
import { Scheduler } from '../jobs/scheduler';
import type { AppContext } from '../app/context';
import { countStoreCommands, instrumentEvents } from './metrics';

export interface SharedContext {
  ctx: AppContext;
  embedded: EmbeddedServices | null;
  /** Runs the ingest-retry and scheduler workers here (`workers`, RUN_WORKERS by default), and the cron ticks (RUN_CRON). */
  startBackground(workers?: boolean): void;
  /** Closes the cron ticks and the workers, after the jobs they are running. */
  stopBackground(): Promise<void>;
  /** Once the HTTP server listens: the embedded services' runtime file (for `npm run import`, workers) and the lock's port. */
  listening(port: number): void;
  /** Stops the background work, then closes every connection. socket.io is closed by the caller first. */
  close(): Promise<void>;
}

export interface ContextOptions {
  clock?: Clock;
  /** The HTTP server socket.io attaches to; none in a worker-only process. */
  http?: HttpServer;
}

export async function buildContext(config: Config, logger: Logger, opts: ContextOptions = {}): Promise<SharedContext> {
  let embedded: EmbeddedServices | null = null;
  let mongoUri = config.MONGODB_URI;
  let redisUrl = config.REDIS_URL;
  let lock: DataLock | null = null;
  if (!mongoUri || !redisUrl) {
    // Before anything is started or written: a second supervisor on these files stops here (DataDirInUse).
    lock = lockDataDir(config.DATA_DIR);
    try {
      embedded = await startEmbedded({ dataDir: config.DATA_DIR, logger });
    } catch (err) {
      lock.release();
      throw err;
    }
    mongoUri ??= embedded.mongoUri;
    redisUrl ??= embedded.redisUrl;
  }

  await connectStore(mongoUri);
  countStoreCommands(mongoose.connection.getClient());
  await ensureIndexes();
  await seedDefaultQueues();
  const chatMigration = await migrateChatChannel();
  if (chatMigration.ran) logger.info(chatMigration, 'queues and agents that took web chats now take the chat channel');
  const outageMigration = await migrateOutageIncidents();
  if (outageMigration.ran) logger.info(outageMigration, 'outages stored before incidents: areas listed, past ones marked as told');

  const redis = createRedis(redisUrl, 'main', logger);
  const events = new EventBus(logger);
  instrumentEvents(events);
  // One connection for every BullMQ queue and worker of this process (workers duplicate it for blocking calls).
  const bull = createRedis(redisUrl, 'bullmq', logger);
  const ingestRetries = new IngestRetries(bull, logger);
  const noticeRuns = new OutageNoticeRuns(bull, logger);
  const adapterRedis = createRedis(redisUrl, 'socket-adapter', logger);
  // The streams adapter duplicates this client for its blocking reads and never closes
  // those duplicates; keep them so shutdown can.
  const adapterClients: Redis[] = [];
  const duplicate = adapterRedis.duplicate.bind(adapterRedis);
  adapterRedis.duplicate = ((...args: Parameters<typeof duplicate>) => {
    const c = duplicate(...args);
    adapterClients.push(c);
    return c;
  }) as typeof adapterRedis.duplicate;
  const socketOptions = {
    adapter: createAdapter(adapterRedis),
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000 },
  };
  const io = opts.http ? new SocketServer(opts.http, socketOptions) : new SocketServer(socketOptions);

  const ctx = {
    config,
    logger,
    events,
    clock: opts.clock ?? systemClock,
    rules: resolveRuleSet(config.RULE_SET, parseRulesOverrides(config.RULES_OVERRIDES), config.DUNNING_MORATORIUM),
    retry: ingestRetries,
    notices: noticeRuns,
    outbound: {},
    redis,
    redisUrl,
    mongoUri,
    ingestRetries,
    io,
  } as Omit<AppContext, 'scheduler'> as AppContext;
  ctx.scheduler = new Scheduler<AppContext>(ctx, bull, logger, config.TIMEZONE);
  registerJobs(ctx.scheduler, config);

  let stopping: Promise<void> | null = null;
  const stopBackground = () =>
    (stopping ??= (async () => {
      await ctx.scheduler.close();
      await ingestRetries.close();
      await noticeRuns.close();
    })());

  return {
    ctx,
    embedded,
    startBackground(workers = config.RUN_WORKERS) {
      if (workers) {
        ingestRetries.startWorker(ctx);
        noticeRuns.startWorker(ctx);
        ctx.scheduler.startWorker();
      }
      if (config.RUN_CRON) ctx.scheduler.startCron();
    },
    stopBackground,
    listening(port) {
      if (!embedded || !lock) return;
      lock.setPort(port);
      // Lets `npm run import`, `npm run simulate` and `npm run worker` find the running embedded
      // services; written only now, so it never names services of a start that failed.
      writeRuntimeFile(config.DATA_DIR, {
        mongoUri: mongoUri!,
        redisUrl: redisUrl!,
        port,
        pid: process.pid,
        publicBaseUrl: config.PUBLIC_BASE_URL,
        twilioAuthToken: config.TWILIO_AUTH_TOKEN,
        twilioAccountSid: config.TWILIO_ACCOUNT_SID,
        twilioFromNumber: config.TWILIO_FROM_NUMBER,
      });
    },
    async close() {
      await stopBackground();
      // QUIT, not a disconnect: a command still in flight (a rate limiter's script load just
      // after start) would otherwise be rejected unhandled and fail the exit.
      await Promise.all([redis, bull, adapterRedis, ...adapterClients].map((c) => closeRedis(c)));
      await mongoose.disconnect();
      await embedded?.stop();
      lock?.release();
    },
  };
}
