// Another server node as a child process, sharing the store and Redis of the in-process test
// server: what a second machine behind the load balancer would be.
import type { ChildProcess } from 'node:child_process';
import { startEntryProcess } from './entry-process';
import type { TestServer } from './server';

export interface SecondNode {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startSecondNode(opts: {
  mongoUri: string;
  redisUrl: string;
  sessionSecret: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<SecondNode> {
  const node = await startEntryProcess({
    entry: 'server/main.ts',
    ready: /\(port (\d+)\)/,
    mongoUri: opts.mongoUri,
    redisUrl: opts.redisUrl,
    timeoutMs: opts.timeoutMs,
    env: { PORT: '0', HOST: '127.0.0.1', SESSION_SECRET: opts.sessionSecret, RUN_WORKERS: 'false', SMTP_PORT: '0', ...opts.env },
  });
  const port = Number(node.ready[1]);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child: node.child,
    stop: async () => {
      await node.stop(10_000);
    },
  };
}

/** A second node behind the same load balancer as `server`: its store, its Redis, its session secret. */
export function startSecondNodeOf(server: TestServer): Promise<SecondNode> {
  return startSecondNode({
    mongoUri: server.ctx.mongoUri,
    redisUrl: server.ctx.redisUrl,
    sessionSecret: server.ctx.config.SESSION_SECRET!,
  });
}
