// Another server node as a child process (`server/main.ts` through tsx), sharing the store
// and Redis of the in-process test server: what a second machine behind the load balancer
// would be. Mongoose's default connection is per process, hence a process and not a call.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
  const root = resolve(__dirname, '..', '..');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MONGODB_URI: opts.mongoUri,
    REDIS_URL: opts.redisUrl,
    SESSION_SECRET: opts.sessionSecret,
    ADMIN_EMAIL: 'admin@test.example',
    ADMIN_PASSWORD: 'admin-password-1',
    RUN_CRON: 'false',
    RUN_WORKERS: 'false',
    SMTP_PORT: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'node-b-')),
    ...opts.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`second node did not start in time:\n${stderr}`)), opts.timeoutMs ?? 45_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const m = /\(port (\d+)\)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`second node exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}
