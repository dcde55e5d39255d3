// The composition root of an HTTP node: the shared context (server/context.ts) with socket.io
// on an HTTP server, every feature's routes and start, then the listener. Used by
// server/main.ts and by the tests, which start real servers on port 0.
import { createServer, type Server as HttpServer } from 'node:http';
import type { Clock } from '../core/clock';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { EmbeddedServices } from '../runtime/embedded';
import { createApp } from './app';
import type { AppContext } from '../app/context';
import type { Feature } from '../app/feature';
import { buildContext } from './context';
import { features as defaultFeatures } from './features';
import { bootstrapAdmin } from '../core/agents/create-agent';

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
  const http = createServer();
  const shared = await buildContext(config, logger, { clock: opts.clock, http });
  const { ctx, embedded } = shared;
  // Here, not in the shared context: the one-time admin password belongs in the server's output, not a worker's.
  await bootstrapAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD, logger);

  const features = opts.features ?? defaultFeatures;
  const { app, session } = createApp(ctx, features);
  ctx.io.engine.use(session);
  http.on('request', app);
  for (const f of features) {
    await f.background?.(ctx);
    await f.start?.(ctx);
  }
  shared.startBackground();

  await new Promise<void>((resolve) => http.listen(config.PORT, config.HOST, resolve));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ port, embedded: !!embedded }, 'server listening');

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      // Stop taking requests, let in-flight ones finish, then stop the work behind them.
      await ctx.io.close(); // also closes the HTTP server once in-flight requests are done
      // Running jobs finish while their senders and listeners are still there (as in a worker).
      await shared.stopBackground();
      for (const f of [...features].reverse()) await f.stop?.(ctx);
      await shared.close();
    })());

  return { ctx, http, port, url: `http://127.0.0.1:${port}`, embedded, close };
}
