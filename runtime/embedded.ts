// The embedded default: when MONGODB_URI / REDIS_URL are not given, the server starts
// FerretDB (SQLite storage) and redis-server on free local ports, restarts either if it
// dies, and stops both on exit — even when the server is killed (-9): each service runs
// under a parent-death watchdog, and a pid file per service in the data folder lets the
// next start stop what an older run left. Tests use the same code with a temp data dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { basename, join, resolve } from 'node:path';
import { runs, waitForExit } from './processes';

export interface ServiceLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** Persist Redis to disk (appendonly). Tests turn it off. */
  persistRedis?: boolean;
  logger?: ServiceLogger;
  ferretdbBin?: string;
  redisBin?: string;
  /** More SQLite pragmas for FerretDB's connections, e.g. `busy_timeout(1)` (tests). */
  sqlitePragmas?: string[];
}

export interface EmbeddedServices {
  mongoUri: string;
  redisUrl: string;
  ferretdb: SupervisedProcess;
  redis: SupervisedProcess;
  stop(): Promise<void>;
}

const silent: ServiceLogger = { info() {}, warn() {} };

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

export function waitForPort(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((res, rej) => {
    const attempt = () => {
      const sock = createConnection({ port, host: '127.0.0.1' });
      sock.once('connect', () => {
        sock.destroy();
        res();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) rej(new Error(`port ${port} did not open within ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/**
 * Runs `"$@"` (the service) in place of the shell, after forking a watchdog that holds the
 * read end of the service's stdin pipe, whose write end only this process holds. When this
 * process ends, however it ends (kill -9 included), the kernel closes the pipe, `cat` sees
 * the end of it and the watchdog sends SIGTERM to the service (`$$`: the shell's pid, which
 * `exec` gave to the service). Linux's PR_SET_PDEATHSIG would do the same, but Node cannot
 * set it; this needs only /bin/sh.
 */
const WATCHDOG = 'exec 3<&0; ( cat <&3 >/dev/null 2>&1; kill -TERM $$ 2>/dev/null ) >/dev/null 2>&1 & exec "$@" <&- 3<&-';

/**
 * Stops the service an earlier run left behind on this data folder (its pid file names it
 * and it still runs that binary): it would hold the files and be a second writer on them.
 */
export async function stopLeftover(pidFile: string, bin: string, logger: ServiceLogger): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (runs(pid, new RegExp(basename(bin).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))) {
    logger.warn({ service: basename(bin), pid }, 'stopping a service an earlier run left on this data folder');
    process.kill(pid, 'SIGTERM');
    if (!(await waitForExit(pid, 5000))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 2000);
    }
  }
  rmSync(pidFile, { force: true });
}

/** A child process that is restarted (same command, same port) whenever it exits unasked. */
export class SupervisedProcess {
  private child: ChildProcess | null = null;
  private stopping = false;
  restarts = 0;

  constructor(
    readonly name: string,
    private readonly cmd: string,
    private readonly args: string[],
    readonly port: number,
    private readonly logger: ServiceLogger,
    /** Where the running child's pid is kept (DATA_DIR/<name>.pid), for the next start to check. */
    private readonly pidFile?: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    if (this.pidFile) await stopLeftover(this.pidFile, this.cmd, this.logger);
    this.spawnChild();
    await waitForPort(this.port);
  }

  private spawnChild(): void {
    const child = spawn('/bin/sh', ['-c', WATCHDOG, this.name, this.cmd, ...this.args], { stdio: ['pipe', 'ignore', 'pipe'] });
    this.child = child;
    if (this.pidFile && child.pid) writeFileSync(this.pidFile, String(child.pid));
    // The pipe is the watchdog's lifeline; an error on it (the child gone) is not ours to report.
    child.stdin?.on('error', () => undefined);
    let stderrTail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-2000);
    });
    child.once('error', (err) => this.logger.warn({ service: this.name, err: err.message }, 'service failed to start'));
    child.once('exit', (code, signal) => {
      child.stdin?.destroy(); // lets its watchdog go
      if (this.pidFile && this.child === child) rmSync(this.pidFile, { force: true });
      if (this.stopping || this.child !== child) return;
      this.restarts += 1;
      this.logger.warn({ service: this.name, code, signal, stderr: stderrTail.slice(-500) }, 'embedded service died; restarting');
      setTimeout(
        () => {
          if (!this.stopping) this.spawnChild();
        },
        Math.min(2000, 100 * this.restarts),
      );
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((res) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(kill);
        res();
      });
      child.kill('SIGTERM');
    });
  }
}

export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedServices> {
  const logger = opts.logger ?? silent;
  const dataDir = resolve(opts.dataDir);
  const ferretDir = join(dataDir, 'ferretdb');
  const redisDir = join(dataDir, 'redis');
  mkdirSync(ferretDir, { recursive: true });
  mkdirSync(redisDir, { recursive: true });
  const ferretdbBin = opts.ferretdbBin ?? resolve(__dirname, '..', '.tools', 'bin', 'ferretdb');
  const redisBin = opts.redisBin ?? 'redis-server';
  const [mongoPort, redisPort] = [await freePort(), await freePort()];

  const ferretdb = new SupervisedProcess(
    'ferretdb',
    ferretdbBin,
    [
      '--handler=sqlite',
      // WAL with synchronous=NORMAL: a commit survives a crash of any process; only an OS
      // crash or power cut can lose the last commits, and it cuts the fsync per write that
      // otherwise dominates. Production runs on a MongoDB replica set (README).
      `--sqlite-url=file:${ferretDir}/?${['synchronous(normal)', ...(opts.sqlitePragmas ?? [])].map((p) => `_pragma=${p}`).join('&')}`,
      `--state-dir=${ferretDir}`,
      `--listen-addr=127.0.0.1:${mongoPort}`,
      // FERRETDB_DEBUG_ADDR=127.0.0.1:8089 (for profiling only): FerretDB's pprof and metrics,
      // e.g. `curl -o cpu.pprof '…/debug/pprof/profile?seconds=20'` during a benchmark.
      process.env.FERRETDB_DEBUG_ADDR ? `--debug-addr=${process.env.FERRETDB_DEBUG_ADDR}` : '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    mongoPort,
    logger,
    join(dataDir, 'ferretdb.pid'),
  );
  const redis = new SupervisedProcess(
    'redis',
    redisBin,
    [
      '--port',
      String(redisPort),
      '--bind',
      '127.0.0.1',
      '--dir',
      redisDir,
      '--save',
      '',
      '--appendonly',
      opts.persistRedis === false ? 'no' : 'yes',
      '--maxmemory-policy',
      'noeviction',
      '--daemonize',
      'no',
    ],
    redisPort,
    logger,
    join(dataDir, 'redis.pid'),
  );
  await Promise.all([ferretdb.start(), redis.start()]);
  logger.info({ mongoPort, redisPort, dataDir }, 'embedded FerretDB and redis-server started');
  return {
    mongoUri: `mongodb://127.0.0.1:${mongoPort}/hotline`,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    ferretdb,
    redis,
    async stop() {
      await Promise.all([ferretdb.stop(), redis.stop()]);
    },
  };
}
