// A worker-only process (`server/worker.ts` through tsx, as `npm run worker` runs it) on the
// store and Redis of the in-process test server. A process and not a call: mongoose's
// default connection is per process, and the entry point itself is what is under test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface WorkerProcess {
  child: ChildProcess;
  /** SIGTERM, then the exit code (null if it had to be killed). */
  stop(): Promise<number | null>;
}

export async function startWorkerProcess(opts: {
  mongoUri: string;
  redisUrl: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<WorkerProcess> {
  const root = resolve(__dirname, '..', '..');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MONGODB_URI: opts.mongoUri,
    REDIS_URL: opts.redisUrl,
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123',
    ADMIN_EMAIL: 'admin@test.example',
    ADMIN_PASSWORD: 'admin-password-1',
    RUN_CRON: 'false',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'worker-')),
    ...opts.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker.ts'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  await new Promise<void>((ready, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start in time:\n${stderr}`)), opts.timeoutMs ?? 45_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (stderr.includes('worker ready')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}:\n${stderr}`));
    });
  });
  return {
    child,
    stop: () =>
      new Promise<number | null>((done) => {
        if (child.exitCode !== null) return done(child.exitCode);
        const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', (code) => {
          clearTimeout(force);
          done(code);
        });
        child.kill('SIGTERM');
      }),
  };
}
