// What both entry points (`npm start`: main.ts, `npm run worker`: worker.ts) do around their
// work: read the configuration or exit naming the bad variable, and stop cleanly on signals.
import { ConfigError, loadConfig, loadDotEnv, type Config } from '../core/config';
import type { Logger } from '../core/logger';
import { DataDirInUse } from '../runtime/data-lock';

/** The checked configuration; a bad variable is named on stderr and the process exits 1. */
export function configOrExit(): Config {
  try {
    loadDotEnv();
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable and its default.\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** The forced exit: a shutdown that drains normally takes a few seconds (server/start.ts waits at most 10 s for requests). */
const FORCE_EXIT_MS = 20_000;

/**
 * On SIGINT or SIGTERM: close (an HTTP node drains: readiness 503, new requests refused with
 * `Connection: close`, in-flight requests and jobs finished), then exit 0; exit 1 when
 * closing fails or takes over 20 s. Later signals are ignored: Ctrl-C under `npm start` arrives
 * twice (from the terminal, and forwarded by npm).
 */
export function stopOnSignals(logger: Logger, close: () => Promise<void>): void {
  let began = 0;
  const shutdown = (signal: string) => {
    if (began) return;
    began = Date.now();
    logger.info({ signal }, 'shutting down');
    // Work cut off by the shutdown may reject with nobody left to listen: logged, not a crash with exit 1.
    process.on('unhandledRejection', (err) => logger.warn({ err }, 'rejected during shutdown'));
    const force = setTimeout(() => {
      logger.error({ ms: FORCE_EXIT_MS }, 'shutdown took too long: forced exit');
      process.exit(1);
    }, FORCE_EXIT_MS);
    force.unref();
    close().then(
      () => {
        logger.info({ ms: Date.now() - began }, 'stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** Start-up failed before the process could serve: say so on stderr and exit 1. */
export function exitOnStartFailure(what: string): (err: unknown) => void {
  return (err) => {
    if (err instanceof DataDirInUse) {
      // Not a failure of this program: say what runs and how to go on, without a stack trace.
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`${what} failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  };
}
