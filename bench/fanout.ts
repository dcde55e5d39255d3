// bench/fanout: 500 agent sockets over 2 server nodes (this process and a child process,
// sharing the embedded store and Redis), a stream of ticket events emitted on node A's
// EventBus; event-to-socket latency p50/p99 and events/s through the console gateway
// (rooms, Redis streams adapter), and in the same run a bare socket.io broadcast over the
// same adapter between two bare nodes, with the ratio. The 500 client sockets live in two
// client processes, so the nodes' event loops measure the server side. Prints one JSON line.
// Usage: npx tsx bench/fanout.ts [--sockets 500] [--rate 200] [--seconds 10] [--rounds 5]
// (app and bare alternate in `rounds` short rounds, so both see the same background load).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server as SocketServer } from 'socket.io';
import { io as connectClient, type Socket } from 'socket.io-client';
import { hashPassword } from '../core/auth/password';
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { Agent } from '../models/agent';
import { startServer } from '../server/start';
import { startSecondNode } from '../test/support/second-node';
import { Session } from '../test/support/server';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const SESSION_SECRET = 'bench-session-secret-0123456789-abcdefghij';
const AGENTS = 10;
const PASSWORD = 'bench-password-1';
/** Ten sessions hold all the sockets, from one address: above the per-session and per-address caps of server/sockets/limits.ts. */
const SOCKET_LIMITS = { SOCKET_MAX_PER_SESSION: '100000', SOCKET_MAX_PER_ADDRESS: '100000' };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
const round = (v: number) => Math.round(v * 100) / 100;

/** A bare socket.io node: one namespace, one room, the same Redis streams adapter. */
async function bareNode(redisUrl: string): Promise<{ io: SocketServer; port: number; close(): Promise<void> }> {
  const http = createServer();
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const io = new SocketServer(http, { adapter: createAdapter(redis) });
  io.of('/bench').on('connection', (s) => void s.join('queue:chat'));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    io,
    port,
    close: async () => {
      io.close();
      redis.disconnect();
    },
  };
}

/** Epoch milliseconds with sub-millisecond precision, comparable across processes. */
const nowMs = () => performance.timeOrigin + performance.now();

/**
 * Client process: connects its share of the sockets, and for every event whose id carries
 * the send time (`ev-<i>-<epochMs>`) records the latency; reports when told to on stdin.
 */
async function clientChild(): Promise<void> {
  const spec = JSON.parse(process.argv[process.argv.indexOf('--clients') + 1] as string) as {
    urls: string[];
    n: number;
    offset: number;
    cookies: string[];
    event: string;
  };
  const latencies: number[] = [];
  const sockets: Socket[] = [];
  const batch = 50;
  for (let i = 0; i < spec.n; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, spec.n - i) }, (_, k) => {
        const idx = spec.offset + i + k;
        const headers: Record<string, string> = spec.cookies.length ? { cookie: spec.cookies[idx % spec.cookies.length] as string } : {};
        const s = connectClient(spec.urls[idx % spec.urls.length] as string, {
          transports: ['websocket'],
          extraHeaders: headers,
          forceNew: true,
          reconnection: false,
        });
        s.on(spec.event, (p: { ticketId: string }) => {
          const at = nowMs();
          const m = /^ev-\d+-\d+-(\d+(?:\.\d+)?)$/.exec(p.ticketId);
          if (m) latencies.push(at - Number(m[1]));
        });
        sockets.push(s);
        return new Promise<void>((resolve, reject) => {
          s.once('connect', () => resolve());
          s.once('connect_error', reject);
        });
      }),
    );
  }
  process.stdout.write('READY\n');
  // The parent's end (normal or not) closes our stdin: never outlive it.
  process.stdin.on('end', () => process.exit(0));
  let input = '';
  process.stdin.on('data', (c: Buffer) => {
    input += c.toString();
    if (input.endsWith('COUNT\n')) {
      input = '';
      process.stdout.write(`COUNT ${latencies.length}\n`);
      return;
    }
    if (!input.includes('REPORT')) return;
    for (const s of sockets) s.disconnect();
    process.stdout.write(`RESULT ${JSON.stringify(latencies.map((v) => Math.round(v * 100) / 100))}\n`, () => process.exit(0));
  });
}

interface ClientProc {
  count(): Promise<number>;
  report(): Promise<number[]>;
}

async function startClients(spec: { urls: string[]; n: number; offset: number; cookies: string[]; event: string }): Promise<ClientProc> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--clients', JSON.stringify(spec)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  let onResult: ((v: number[]) => void) | null = null;
  let onCount: ((n: number) => void) | null = null;
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('READY')) resolve();
      const counted = /COUNT (\d+)\n$/.exec(out);
      if (counted && onCount) {
        const cb = onCount;
        onCount = null;
        out = '';
        cb(Number(counted[1]));
      }
      const i = out.indexOf('RESULT ');
      if (i >= 0 && out.endsWith('\n') && onResult) onResult(JSON.parse(out.slice(i + 7)) as number[]);
    });
    child.once('exit', (code) => reject(new Error(`client process exited ${code}`)));
  });
  return {
    count: () =>
      new Promise<number>((resolve) => {
        onCount = resolve;
        child.stdin!.write('COUNT\n');
      }),
    report: () =>
      new Promise<number[]>((resolve) => {
        onResult = resolve;
        child.stdin!.write('REPORT\n');
      }),
  };
}

interface Phase {
  p50: number;
  p99: number;
  max: number;
  eventsPerSec: number;
  deliveriesPerSec: number;
  lost: number;
}

interface Source {
  emit(id: string): void;
  clients: ClientProc[];
  total: number;
  emitSeconds: number;
}

async function drain(src: Source, expected: number): Promise<void> {
  // Until every delivery is in, or nothing moved for 3 s.
  let last = -1;
  let still = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    let got = 0;
    for (const c of src.clients) got += await c.count();
    if (got >= expected) return;
    still = got === last ? still + 1 : 0;
    last = got;
    if (still >= 12) return;
  }
}

/**
 * Alternates short rounds of the two sources (app, bare) so both see the same background
 * load on a shared machine; ids carry the send time, the client processes measure.
 */
async function measureRounds(sockets: number, rate: number, seconds: number, rounds: number, sources: Source[]): Promise<Phase[]> {
  for (const src of sources) for (let i = 0; i < 5; i++) src.emit(`warm-${i}`);
  await new Promise((r) => setTimeout(r, 1000));
  const perRound = Math.max(1, Math.round((rate * seconds) / rounds));
  for (let r = 0; r < rounds; r++) {
    for (const src of sources) {
      const started = performance.now();
      for (let i = 0; i < perRound; i++) {
        const due = started + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((res) => setTimeout(res, wait));
        src.emit(`ev-${r}-${i}-${nowMs()}`);
      }
      src.emitSeconds += (performance.now() - started) / 1000;
      src.total += perRound;
      await drain(src, src.total * sockets);
    }
  }
  const phases: Phase[] = [];
  for (const src of sources) {
    const all = (await Promise.all(src.clients.map((c) => c.report()))).flat();
    all.sort((a, b) => a - b);
    phases.push({
      p50: round(percentile(all, 50)),
      p99: round(percentile(all, 99)),
      max: round(all[all.length - 1] ?? 0),
      eventsPerSec: round(src.total / src.emitSeconds),
      deliveriesPerSec: Math.round(all.length / src.emitSeconds),
      lost: src.total * sockets - all.length,
    });
  }
  return phases;
}

const CLIENT_PROCESSES = 2;
async function clientsFor(urls: string[], n: number, cookies: string[]): Promise<ClientProc[]> {
  const per = Math.ceil(n / CLIENT_PROCESSES);
  return Promise.all(
    Array.from({ length: CLIENT_PROCESSES }, (_, k) =>
      startClients({ urls, n: Math.min(per, n - k * per), offset: k * per, cookies, event: 'ticket:updated' }),
    ),
  );
}

async function bareChild(redisUrl: string): Promise<void> {
  const node = await bareNode(redisUrl);
  process.stdout.write(`PORT ${node.port}\n`);
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
  process.on('SIGTERM', () => void node.close().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  const socketsN = arg('sockets', 500);
  const rate = arg('rate', 200);
  const seconds = arg('seconds', 10);
  const rounds = arg('rounds', 5);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-fanout-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    SESSION_SECRET,
    ADMIN_EMAIL: 'admin@test.example',
    ADMIN_PASSWORD: 'admin-password-1',
    RUN_CRON: 'false',
    SMTP_PORT: '0',
    ...SOCKET_LIMITS,
  });
  const nodeA = await startServer(config, createLogger('silent'));
  const nodeB = await startSecondNode({
    mongoUri: nodeA.ctx.mongoUri,
    redisUrl: nodeA.ctx.redisUrl,
    sessionSecret: SESSION_SECRET,
    env: SOCKET_LIMITS,
  });
  let bareB: ReturnType<typeof spawn> | null = null;
  try {
    // Ten agents, each logged in once; their sockets are spread over both nodes.
    const hash = await hashPassword(PASSWORD);
    const cookies: string[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const email = `bench-${i}@bench.example`;
      await Agent.create({
        name: `Bench ${i}`,
        email,
        passwordHash: hash,
        role: 'agent',
        languages: ['it'],
        channels: ['sms', 'web', 'chat'],
      });
      const s = new Session(nodeA.url);
      await s.login(email, PASSWORD);
      cookies.push(s.cookie);
    }
    // The same stream as a bare broadcast between two bare nodes on the same Redis.
    const bareA = await bareNode(nodeA.ctx.redisUrl);
    bareB = spawn(process.execPath, ['--import', 'tsx', __filename, '--bare-node', nodeA.ctx.redisUrl], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const bareBPort = await new Promise<number>((resolve, reject) => {
      let out = '';
      bareB!.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /PORT (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      bareB!.once('exit', (code) => reject(new Error(`bare node exited ${code}`)));
    });
    const payload = {
      number: 'x',
      queue: 'chat',
      channel: 'sms',
      category: 'billing',
      priority: 3,
      language: 'it',
      status: 'queued',
      state: 'waiting',
      reason: 'new',
    };
    const appSource: Source = {
      // ticket.updated: the bulk of live traffic, and no other listener (statistics) writes to the store for it.
      emit: (id) =>
        nodeA.ctx.events.emit('ticket.updated', {
          ticketId: id,
          number: id,
          queue: 'chat',
          channel: 'sms',
          category: 'billing',
          priority: 3,
          language: 'it',
          status: 'queued',
          queuedAt: new Date(),
        }),
      clients: await clientsFor([`${nodeA.url}/agents`, `${nodeB.url}/agents`], socketsN, cookies),
      total: 0,
      emitSeconds: 0,
    };
    const bareSource: Source = {
      emit: (id) =>
        bareA.io
          .of('/bench')
          .to('queue:chat')
          .emit('ticket:updated', { ticketId: id, ...payload, enqueuedAt: new Date() }),
      clients: await clientsFor([`http://127.0.0.1:${bareA.port}/bench`, `http://127.0.0.1:${bareBPort}/bench`], socketsN, []),
      total: 0,
      emitSeconds: 0,
    };
    const [app, bare] = (await measureRounds(socketsN, rate, seconds, rounds, [appSource, bareSource])) as [Phase, Phase];
    await bareA.close();

    const line = {
      bench: 'fanout',
      sockets: socketsN,
      nodes: 2,
      rate,
      seconds,
      rounds,
      app,
      bare,
      ratio: { p50: round(app.p50 / Math.max(bare.p50, 0.01)), p99: round(app.p99 / Math.max(bare.p99, 0.01)) },
      target: { p99Ms: 50, atEventsPerSec: 200, met: rate >= 200 && app.p99 < 50 && app.lost === 0 },
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    bareB?.kill('SIGTERM');
    await nodeB.stop();
    await nodeA.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--clients')) {
  void clientChild();
} else if (process.argv.includes('--bare-node')) {
  void bareChild(process.argv[process.argv.indexOf('--bare-node') + 1] as string);
} else {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`fanout bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
