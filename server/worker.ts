// `npm run worker`: background work without HTTP (server/start-worker.ts), on the store and
// Redis of the HTTP nodes: MONGODB_URI and REDIS_URL, or those of a running `npm start`'s
// embedded services (found through DATA_DIR/runtime.json). Stops cleanly on signals.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, type Config } from '../core/config';
import { createLogger } from '../core/logger';
import { startWorker } from './start-worker';

/** A worker never starts embedded services of its own: they would be a store no server reads. */
function withStores(config: Config): Config | null {
  let { MONGODB_URI, REDIS_URL } = config;
  const runtimeFile = join(config.DATA_DIR, 'runtime.json');
  if ((!MONGODB_URI || !REDIS_URL) && existsSync(runtimeFile)) {
    const running = JSON.parse(readFileSync(runtimeFile, 'utf8')) as { mongoUri?: string; redisUrl?: string };
    MONGODB_URI ??= running.mongoUri;
    REDIS_URL ??= running.redisUrl;
  }
  return MONGODB_URI && REDIS_URL ? { ...config, MONGODB_URI, REDIS_URL } : null;
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable and its default.\n`);
      process.exit(1);
    }
    throw err;
  }
  const stores = withStores(config);
  if (!stores) {
    process.stderr.write(
      'No store: set MONGODB_URI and REDIS_URL, or start the server (npm start) so its embedded services can be found.\n',
    );
    process.exit(1);
  }
  const logger = createLogger(stores.LOG_LEVEL);
  const worker = await startWorker(stores, logger);
  process.stderr.write('\nUtility hotline worker ready\n\n');

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    worker.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`worker start-up failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
