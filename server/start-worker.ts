// The composition root of a worker-only process (`npm run worker`, server/worker.ts): the
// shared context without HTTP, the features' background parts (outbound senders, and the
// listeners that carry job events to the agents' sockets on the HTTP nodes, the statistics
// and routing), the ingest-retry and scheduler workers, and the cron ticks if RUN_CRON.
// It takes no connections: no HTTP, no SMTP, no sockets of its own.
import type { Clock } from '../core/clock';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { AppContext } from '../app/context';
import type { Feature } from '../app/feature';
import { buildContext } from './context';
import { features as defaultFeatures } from './features';

export interface RunningWorker {
  ctx: AppContext;
  close(): Promise<void>;
}

export interface WorkerOptions {
  clock?: Clock;
  features?: Feature[];
}

export async function startWorker(config: Config, logger: Logger, opts: WorkerOptions = {}): Promise<RunningWorker> {
  const shared = await buildContext(config, logger, { clock: opts.clock });
  const { ctx } = shared;
  const features = (opts.features ?? defaultFeatures).filter((f) => f.background);
  for (const f of features) await f.background?.(ctx);
  // The process exists to work: RUN_WORKERS (which lets HTTP nodes leave the work to it) does not apply.
  shared.startBackground(true);
  logger.info({ features: features.map((f) => f.name), cron: config.RUN_CRON }, 'worker started');

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      // Let running jobs finish while their senders and listeners are still there.
      await shared.stopBackground();
      for (const f of [...features].reverse()) await f.stop?.(ctx);
      // A detached socket.io server has no engine to close; its namespaces' adapters hold the Redis reads.
      await Promise.allSettled([...ctx.io._nsps.values()].map((nsp) => nsp.adapter.close()));
      await shared.close();
    })());

  return { ctx, close };
}
