// `npm start`: load and check the configuration, start everything, stop cleanly on signals.
import { mkdirSync } from 'node:fs';
import { processLogger } from '../core/logger';
import { startBanner } from './banner';
import { configOrExit, exitOnStartFailure, stopOnSignals } from './process';
import { startServer } from './start';

async function main(): Promise<void> {
  const config = configOrExit();
  mkdirSync(config.DATA_DIR, { recursive: true });
  const logger = processLogger(config);
  const starting = startServer(config, logger);
  // Before the banner, not after: a process descheduled between the two (a busy machine) met
  // a SIGTERM sent on seeing the banner with no handler, and died without closing anything.
  // A signal during start-up stops the server once it has started.
  stopOnSignals(logger, async () => (await starting).close());
  const server = await starting;
  process.stderr.write(startBanner(config, { port: server.port, embedded: !!server.embedded }));
}

main().catch(exitOnStartFailure('start-up'));
