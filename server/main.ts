// `npm start`: load and check the configuration, start everything, stop cleanly on signals.
import { mkdirSync } from 'node:fs';
import { ConfigError, loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { startServer } from './start';

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
  mkdirSync(config.DATA_DIR, { recursive: true });
  const logger = createLogger(config.LOG_LEVEL);
  const server = await startServer(config, logger);
  process.stderr.write(`\nUtility hotline ready on ${config.PUBLIC_BASE_URL} (port ${server.port})\n\n`);

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    server.close().then(
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
  process.stderr.write(`start-up failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
