// `npm start` itself, as an operator runs it (npm → bootstrap → the server, embedded FerretDB
// and redis-server in a data folder of its own), for the tests of the process's life: signals,
// kill -9, a second start, orphans. Its output is kept: stdout must stay JSON lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isAlive } from '../../runtime/processes';

export const root = resolve(__dirname, '..', '..');

export interface NpmStart {
  /** The npm process (what an operator's SIGTERM reaches). */
  npm: ChildProcess;
  dataDir: string;
  port: number;
  url: string;
  stdout(): string;
  stderr(): string;
  /** The exit code of npm, once it exits. */
  exited: Promise<number | null>;
}

export function baseEnv(dataDir: string, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    SMTP_PORT: '0',
    LOG_LEVEL: 'info',
    ADMIN_EMAIL: 'admin@test.example',
    ADMIN_PASSWORD: 'admin-password-1',
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123',
    RUN_CRON: 'false',
    ...extra,
  };
}

/** Starts `npm start` and resolves once it printed that it is ready (or rejects with its output). */
export async function npmStart(dataDir: string, port: number, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<NpmStart> {
  const npm = spawn('npm', ['start', '--silent'], { cwd: root, env: baseEnv(dataDir, port, env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  npm.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<number | null>((res) => npm.once('exit', (code) => res(code)));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`npm start not ready in ${timeoutMs} ms:\n${err}\n${out.slice(-3000)}`)), timeoutMs);
    npm.stderr?.on('data', (c: Buffer) => {
      err += c.toString('utf8');
      if (/hotline ready on/.test(err)) {
        clearTimeout(timer);
        ready();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`npm start exited with ${code}:\n${err}\n${out.slice(-3000)}`));
    });
  });
  return { npm, dataDir, port, url: `http://127.0.0.1:${port}`, stdout: () => out, stderr: () => err, exited };
}

/** The pids the data folder's files name: the server (its lock) and its services (their pid files). */
export function pidsIn(dataDir: string): { server?: number; ferretdb?: number; redis?: number } {
  const num = (f: string) => (existsSync(join(dataDir, f)) ? Number(readFileSync(join(dataDir, f), 'utf8').trim()) : undefined);
  const lock = existsSync(join(dataDir, 'server.lock'))
    ? (JSON.parse(readFileSync(join(dataDir, 'server.lock'), 'utf8')) as { pid: number }).pid
    : undefined;
  return { server: lock, ferretdb: num('ferretdb.pid'), redis: num('redis.pid') };
}

export { isAlive };

/** Lines of stdout that are not JSON log lines (stack traces, ioredis' own warnings, …). */
export function nonJsonLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .filter((l) => {
      try {
        JSON.parse(l);
        return false;
      } catch {
        return true;
      }
    });
}
