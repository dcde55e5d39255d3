// What both entry points (`npm start`: main.ts, `npm run worker`: worker.ts) do around their
// work: read the configuration or exit naming the bad variable, and stop cleanly on signals.
import { ConfigError, loadConfig, type Config } from '../core/config';
import type { Logger } from '../core/logger';

/** The checked configuration; a bad variable is named on stderr and the process exits 1. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable and its default.\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** On SIGINT or SIGTERM: close, then exit 0; exit 1 when closing fails or takes over 20 s. */
export function stopOnSignals(logger: Logger, close: () => Promise<void>): void {
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    close().then(
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

/** Start-up failed before the process could serve: say so on stderr and exit 1. */
export function exitOnStartFailure(what: string): (err: unknown) => void {
  return (err) => {
    process.stderr.write(`${what} failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  };
}
