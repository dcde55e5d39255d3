// The embedded default: when MONGODB_URI / REDIS_URL are not given, the server starts
// FerretDB (SQLite storage) and redis-server on free local ports, restarts either if it
// dies, and stops both on exit. Tests use the same code with a temp data dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join, resolve } from 'node:path';

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
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    this.spawnChild();
    await waitForPort(this.port);
  }

  private spawnChild(): void {
    const child = spawn(this.cmd, this.args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let stderrTail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-2000);
    });
    child.once('error', (err) => this.logger.warn({ service: this.name, err: err.message }, 'service failed to start'));
    child.once('exit', (code, signal) => {
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
  );
  const redis = new SupervisedProcess(
    'redis',
    opts.redisBin ?? 'redis-server',
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
