// The composition root: builds the context once (config, logger, store, redis, queues,
// socket.io, clock, rules) and hands it to every feature. Used by server/main.ts and by
// the tests, which start real servers on port 0.
import { createServer, type Server as HttpServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import mongoose from 'mongoose';
import { Server as SocketServer } from 'socket.io';
import { bootstrapAdmin } from '../core/agents/create-agent';
import { systemClock, type Clock } from '../core/clock';
import type { Config } from '../core/config';
import { EventBus } from '../core/events';
import type { Logger } from '../core/logger';
import { parseRulesOverrides, resolveRuleSet } from '../core/rules/overrides';
import { seedDefaultQueues } from '../core/routing/select-queue';
import { connectStore, ensureIndexes } from '../models';
import { startEmbedded, type EmbeddedServices } from '../runtime/embedded';
import { createRedis } from '../jobs/connection';
import { IngestRetries } from '../jobs/ingest-retry';
import { registerJobs } from '../jobs/registry';
import { Scheduler } from '../jobs/scheduler';
import { createApp } from './app';
import type { AppContext } from '../app/context';
import type { Feature } from '../app/feature';
import { features as defaultFeatures } from './features';
import { instrumentEvents } from './metrics';

export interface RunningServer {
  ctx: AppContext;
  http: HttpServer;
  port: number;
  url: string;
  embedded: EmbeddedServices | null;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  features?: Feature[];
}

export async function startServer(config: Config, logger: Logger, opts: StartOptions = {}): Promise<RunningServer> {
  let embedded: EmbeddedServices | null = null;
  let mongoUri = config.MONGODB_URI;
  let redisUrl = config.REDIS_URL;
  if (!mongoUri || !redisUrl) {
    embedded = await startEmbedded({ dataDir: config.DATA_DIR, logger });
    mongoUri ??= embedded.mongoUri;
    redisUrl ??= embedded.redisUrl;
    // Lets `npm run import` and `npm run simulate` find the running embedded services.
    writeFileSync(join(config.DATA_DIR, 'runtime.json'), JSON.stringify({ mongoUri, redisUrl, port: config.PORT, pid: process.pid }));
  }

  await connectStore(mongoUri);
  await ensureIndexes();
  await seedDefaultQueues();
  await bootstrapAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD, logger);

  const redis = createRedis(redisUrl, 'main');
  const events = new EventBus(logger);
  instrumentEvents(events);
  // One connection for every BullMQ queue and worker of this process (workers duplicate it for blocking calls).
  const bull = createRedis(redisUrl, 'bullmq');
  const ingestRetries = new IngestRetries(bull);
  const http = createServer();
  const adapterRedis = createRedis(redisUrl, 'socket-adapter');
  // The streams adapter duplicates this client for its blocking reads and never closes
  // those duplicates; keep them so shutdown can.
  const adapterClients: Array<{ disconnect(): void }> = [];
  const duplicate = adapterRedis.duplicate.bind(adapterRedis);
  adapterRedis.duplicate = ((...args: Parameters<typeof duplicate>) => {
    const c = duplicate(...args);
    adapterClients.push(c);
    return c;
  }) as typeof adapterRedis.duplicate;
  const io = new SocketServer(http, {
    adapter: createAdapter(adapterRedis),
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000 },
  });

  const ctx = {
    config,
    logger,
    events,
    clock: opts.clock ?? systemClock,
    rules: resolveRuleSet(config.RULE_SET, parseRulesOverrides(config.RULES_OVERRIDES), config.DUNNING_MORATORIUM),
    retry: ingestRetries,
    outbound: {},
    redis,
    redisUrl,
    mongoUri,
    ingestRetries,
    io,
  } as Omit<AppContext, 'scheduler'> as AppContext;
  ctx.scheduler = new Scheduler<AppContext>(ctx, bull, logger, config.TIMEZONE);
  registerJobs(ctx.scheduler, config);

  const features = opts.features ?? defaultFeatures;
  const { app, session } = createApp(ctx, features);
  io.engine.use(session);
  http.on('request', app);
  for (const f of features) await f.start?.(ctx);

  if (config.RUN_WORKERS) {
    ingestRetries.startWorker(ctx);
    ctx.scheduler.startWorker();
  }
  if (config.RUN_CRON) ctx.scheduler.startCron();

  await new Promise<void>((resolve) => http.listen(config.PORT, config.HOST, resolve));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ port, embedded: !!embedded }, 'server listening');

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      // Stop taking requests, let in-flight ones finish, then stop the work behind them.
      await io.close(); // also closes the HTTP server once in-flight requests are done
      for (const f of [...features].reverse()) await f.stop?.(ctx);
      await ctx.scheduler.close();
      await ingestRetries.close();
      redis.disconnect();
      bull.disconnect();
      adapterRedis.disconnect();
      for (const c of adapterClients) c.disconnect();
      await mongoose.disconnect();
      await embedded?.stop();
    })());

  return { ctx, http, port, url: `http://127.0.0.1:${port}`, embedded, close };
}
