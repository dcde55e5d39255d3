// `npm run worker`: background work without HTTP (server/start-worker.ts), on the store and
// Redis of the HTTP nodes: MONGODB_URI and REDIS_URL, or those of a running `npm start`'s
// embedded services (found through DATA_DIR/runtime.json). Stops cleanly on signals.
import type { Config } from '../core/config';
import { readRuntimeFile } from '../runtime/runtime-file';
import { processLogger } from '../core/logger';
import { configOrExit, exitOnStartFailure, stopOnSignals } from './process';
import { startWorker } from './start-worker';

/** A worker never starts embedded services of its own: they would be a store no server reads. */
function withStores(config: Config): Config | null {
  let { MONGODB_URI, REDIS_URL } = config;
  if (!MONGODB_URI || !REDIS_URL) {
    const running = readRuntimeFile(config.DATA_DIR);
    MONGODB_URI ??= running?.mongoUri;
    REDIS_URL ??= running?.redisUrl;
  }
  return MONGODB_URI && REDIS_URL ? { ...config, MONGODB_URI, REDIS_URL } : null;
}

async function main(): Promise<void> {
  const stores = withStores(configOrExit());
  if (!stores) {
    process.stderr.write(
      'No store: set MONGODB_URI and REDIS_URL, or start the server (npm start) so its embedded services can be found.\n',
    );
    process.exit(1);
  }
  const logger = processLogger(stores);
  const starting = startWorker(stores, logger);
  stopOnSignals(logger, async () => (await starting).close()); // before the banner, as in server/main.ts
  await starting;
  process.stderr.write('\nUtility hotline worker ready\n\n');
}

main().catch(exitOnStartFailure('worker start-up'));
