// One of the product's entry points (server/main.ts, server/worker.ts) as a child process
// through tsx, the way `npm start` / `npm run worker` run it, on the stores of the tests.
// A process and not a call: mongoose's default connection is per process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface EntryProcess {
  child: ChildProcess;
  /** The match of `ready` in the process's stderr. */
  ready: RegExpExecArray;
  /** SIGTERM, then the exit code (null if it had to be killed after `killAfterMs`). */
  stop(killAfterMs?: number): Promise<number | null>;
}

export async function startEntryProcess(opts: {
  entry: 'server/main.ts' | 'server/worker.ts';
  /** What the entry prints on stderr once it serves. */
  ready: RegExp;
  mongoUri: string;
  redisUrl: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<EntryProcess> {
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
    ...opts.env,
    // A folder of its own unless the caller gives one (bench/hotline-day does, and removes it).
    DATA_DIR: opts.env?.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'entry-')),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', opts.entry], {
    cwd: resolve(__dirname, '..', '..'),
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const ready = await new Promise<RegExpExecArray>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`${opts.entry} did not start in time:\n${stderr}`)), opts.timeoutMs ?? 45_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const m = opts.ready.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolveReady(m);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${opts.entry} exited with ${code}:\n${stderr}`));
    });
  });
  return {
    child,
    ready,
    stop: (killAfterMs = 15_000) =>
      new Promise<number | null>((done) => {
        // Already gone (a test may SIGKILL it: then exitCode stays null and signalCode says why).
        if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
        const force = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        child.once('exit', (code) => {
          clearTimeout(force);
          done(code);
        });
        child.kill('SIGTERM');
      }),
  };
}
