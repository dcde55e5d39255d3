// `npm start`: load and check the configuration, start everything, stop cleanly on signals.
import { mkdirSync } from 'node:fs';
import { createLogger } from '../core/logger';
import { configOrExit, exitOnStartFailure, stopOnSignals } from './process';
import { startServer } from './start';

async function main(): Promise<void> {
  const config = configOrExit();
  mkdirSync(config.DATA_DIR, { recursive: true });
  const logger = createLogger(config.LOG_LEVEL);
  const server = await startServer(config, logger);
  process.stderr.write(`\nUtility hotline ready on ${config.PUBLIC_BASE_URL} (port ${server.port})\n\n`);
  stopOnSignals(logger, () => server.close());
}

main().catch(exitOnStartFailure('start-up'));
