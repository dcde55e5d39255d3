// The composition root of an HTTP node: the shared context (server/context.ts) with socket.io
// on an HTTP server, every feature's routes and start, then the listener. Used by
// server/main.ts and by the tests, which start real servers on port 0.
import { createServer, type Server as HttpServer, type ServerResponse } from 'node:http';
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

/** How long a shutdown waits for requests in flight before it cuts their connections (inside the 20 s of server/process.ts). */
const DRAIN_TIMEOUT_MS = 10_000;

export async function startServer(config: Config, logger: Logger, opts: StartOptions = {}): Promise<RunningServer> {
  const http = createServer();
  const shared = await buildContext(config, logger, { clock: opts.clock, http });
  const { ctx, embedded } = shared;
  // Here, not in the shared context: the one-time admin password belongs in the server's output, not a worker's.
  await bootstrapAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD, logger);

  const features = opts.features ?? defaultFeatures;
  const { app, session } = createApp(ctx, features);
  ctx.io.engine.use(session);
  // Requests in flight, so a shutdown can finish them; once it has begun (`draining`) every
  // new request is refused with 503 and `Connection: close` — /readyz included, so a load
  // balancer stops sending — and nothing is processed that might be cut off.
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  http.on('request', (req, res) => {
    if (req.url?.startsWith('/socket.io/')) return app(req, res); // engine.io answers these itself
    if (draining) {
      res.shouldKeepAlive = false;
      res.writeHead(503, { 'content-type': 'application/json', connection: 'close', 'retry-after': '5' });
      res.end(JSON.stringify({ status: 'shutting down' }));
      return;
    }
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      // A keep-alive socket whose last answer just went out: close it now rather than wait for its next request.
      if (draining) setImmediate(() => http.closeIdleConnections());
    });
    app(req, res);
  });
  const drain = async () => {
    draining = true;
    http.close(); // no new connections; the callback would wait for socket.io's too (closed below)
    for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false; // answered with `Connection: close`
    http.closeIdleConnections();
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (inFlight.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (inFlight.size) logger.warn({ requests: inFlight.size }, 'shutdown: requests still in flight after the drain timeout; cut');
    http.closeAllConnections();
  };
  for (const f of features) {
    await f.background?.(ctx);
    await f.start?.(ctx);
  }
  shared.startBackground();

  await new Promise<void>((resolve) => http.listen(config.PORT, config.HOST, resolve));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  shared.listening(port);
  logger.info({ port, embedded: !!embedded }, 'server listening');

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      // Stop taking requests, let in-flight ones finish, then stop the work behind them.
      await drain();
      await ctx.io.close(); // the socket.io clients (they reconnect to another node)
      // Running jobs finish while their senders and listeners are still there (as in a worker).
      await shared.stopBackground();
      for (const f of [...features].reverse()) await f.stop?.(ctx);
      await shared.close();
    })());

  return { ctx, http, port, url: `http://127.0.0.1:${port}`, embedded, close };
}
