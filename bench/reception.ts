// bench/reception: the web virtual reception against a real server started in-process on the
// embedded store (FerretDB + redis-server in a temp dir).
//   form  — POST /api/reception/requests at rising concurrency (validation, rate limits in
//           Redis, ingest: message, ticket, queue item, token hash), requests/s and p99, next to
//   bare  — a bare express endpoint parsing the same JSON and answering the same 201 JSON,
//           in the same run; the ratio is ours ÷ bare.
//   chat  — an agent's chat message to its arrival in the visitor's socket.io client
//           (/reception namespace): directly through ctx.outbound.web, and end to end through
//           POST /api/tickets/:id/reply (session, ticket checks, the reply use case); p50/p99.
// The HTTP load comes from a worker thread so it does not share the server's event loop.
// Prints one JSON line. Usage: npx tsx bench/reception.ts [--seconds 3] [--levels 10,25,50] [--chat 300]
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { io as connect, type Socket } from 'socket.io-client';
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { forgetAvailability } from '../channels/web/availability';
import { Agent, Ticket } from '../models';
import { startEmbedded } from '../runtime/embedded';
import { runLoad, type LoadResult } from './http-load';
import { startServer } from '../server/start';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const REQUEST = `
const { path, tag } = workerData;
let seq = 0;
function request() {
  const i = seq++;
  const body = JSON.stringify({ category: 'complaint', name: 'Bench Customer', phone: '+39333' + String(1000000 + (i % 8000000)), accountNumber: tag, subject: 'Bolletta', message: 'La bolletta di questo mese non corrisponde ai miei consumi.', language: 'it' });
  return timedPost(path, { 'content-type': 'application/json' }, body, 201);
}
`;

function load(data: { target: string; concurrency: number; seconds: number } & Record<string, unknown>): Promise<LoadResult> {
  return runLoad(REQUEST, data);
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Sends `n` agent messages one after the other and times each to its arrival in the visitor's socket. */
async function chatLatency(
  visitor: Socket,
  n: number,
  send: (body: string, i: number) => Promise<unknown>,
): Promise<{ p50: number; p99: number; max: number; n: number }> {
  const waiting = new Map<string, (t: bigint) => void>();
  const onMessage = (m: { body: string; from: string }) => {
    if (m.from === 'agent') waiting.get(m.body)?.(process.hrtime.bigint());
  };
  visitor.on('chat:message', onMessage);
  const samples: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const body = `bench agent message ${i} ${Math.random()}`;
      const arrived = new Promise<bigint>((resolve) => waiting.set(body, resolve));
      const t0 = process.hrtime.bigint();
      await Promise.all([send(body, i), arrived.then((t) => samples.push(Number(t - t0) / 1e6))]);
      waiting.delete(body);
    }
  } finally {
    visitor.off('chat:message', onMessage);
  }
  samples.sort((a, b) => a - b);
  return {
    p50: round(pct(samples, 50), 2),
    p99: round(pct(samples, 99), 2),
    max: round(samples[samples.length - 1] ?? 0, 2),
    n: samples.length,
  };
}

async function main(): Promise<void> {
  const seconds = Number(arg('seconds', '3'));
  const levels = arg('levels', '10,25,50').split(',').map(Number);
  const chatN = Number(arg('chat', '300'));
  const dir = mkdtempSync(join(tmpdir(), 'bench-reception-'));
  const services = await startEmbedded({ dataDir: dir, persistRedis: false });
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    MONGODB_URI: `${services.mongoUri.replace(/\/[^/]*$/, '')}/bench`,
    REDIS_URL: services.redisUrl,
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough-0123',
    ADMIN_EMAIL: 'admin@bench.example',
    ADMIN_PASSWORD: 'bench-admin-password',
    RUN_CRON: 'false',
    SMTP_PORT: '0',
    DATA_DIR: dir,
    // The forms give a phone, not an e-mail, so no acknowledgement mail is part of this run.
    SMTP_OUTBOUND_URL: 'smtp://127.0.0.1:9',
    RECEPTION_IP_LIMIT: '100000000',
    RECEPTION_CONTACT_LIMIT: '100000000',
  });
  const server = await startServer(config, createLogger('silent'));

  const bare = express();
  bare.post('/bare/requests', express.json({ limit: '1mb' }), (_req, res) => {
    res.status(201).json({
      ticketNumber: 'T-000001',
      trackingToken: 'x'.repeat(43),
      trackingUrl: `/track?n=T-000001&token=${'x'.repeat(43)}`,
      category: 'complaint',
      deadline: new Date().toISOString(),
    });
  });
  const bareServer = createServer(bare);
  await new Promise<void>((r) => bareServer.listen(0, '127.0.0.1', r));
  const bareAddr = bareServer.address();
  const bareUrl = `http://127.0.0.1:${typeof bareAddr === 'object' && bareAddr ? bareAddr.port : 0}`;
  const sockets: Socket[] = [];

  try {
    await load({ target: server.url, path: '/api/reception/requests', concurrency: 5, seconds: 1, tag: 'warm' });
    await load({ target: bareUrl, path: '/bare/requests', concurrency: 5, seconds: 1, tag: 'warm' });
    const form: Array<Record<string, number>> = [];
    for (const c of levels) {
      const ours = await load({ target: server.url, path: '/api/reception/requests', concurrency: c, seconds, tag: `c${c}` });
      const floor = await load({ target: bareUrl, path: '/bare/requests', concurrency: c, seconds, tag: `c${c}` });
      form.push({
        concurrency: c,
        rps: round(ours.perSecond),
        p50_ms: round(ours.p50),
        p99_ms: round(ours.p99),
        errors: ours.errors,
        bare_rps: round(floor.perSecond),
        bare_p99_ms: round(floor.p99),
        rps_ratio: round(ours.perSecond / Math.max(floor.perSecond, 0.001), 3),
      });
    }

    // Chat: an available agent, a visitor socket with a chat started.
    await Agent.updateMany({}, { $set: { presence: 'available' } });
    forgetAvailability();
    const visitor = connect(`${server.url}/reception`, { transports: ['websocket'], forceNew: true });
    sockets.push(visitor);
    const started = (await visitor.emitWithAck('chat:start', {
      name: 'Bench Visitor',
      message: 'Buongiorno, ho una domanda',
      language: 'it',
    })) as { ok: boolean; ticketNumber: string };
    if (!started.ok) throw new Error(`chat start failed: ${JSON.stringify(started)}`);
    const ticketId = String((await Ticket.findOne({ number: started.ticketNumber }).lean())!._id);

    const direct = await chatLatency(visitor, chatN, (body, i) =>
      server.ctx.outbound.web!.send({ messageId: `bench-${ticketId}-${i}`, to: '', body, language: 'it', kind: 'reply', ticketId }),
    ).catch((e: unknown) => ({ error: String(e) }));

    // End to end through the agents' REST reply.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@bench.example', password: 'bench-admin-password' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const claim = await fetch(`${server.url}/api/tickets/${ticketId}/claim`, { method: 'POST', headers: { cookie } });
    let rest: unknown = { skipped: `claim answered ${claim.status}` };
    if (claim.ok) {
      rest = await chatLatency(visitor, Math.min(chatN, 200), async (body) => {
        const res = await fetch(`${server.url}/api/tickets/${ticketId}/reply`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ body }),
        });
        if (res.status !== 201) throw new Error(`reply answered ${res.status}: ${await res.text()}`);
      }).catch((e: unknown) => ({ error: String(e) }));
    }

    console.log(
      JSON.stringify({
        bench: 'reception',
        seconds,
        form,
        chat_direct_ms: direct,
        chat_rest_ms: rest,
        chat_target_p99_ms: 50,
        note: '2-core machine shared with other work; embedded FerretDB 1.24 on SQLite',
      }),
    );
  } finally {
    for (const s of sockets) s.disconnect();
    await new Promise<void>((r) => bareServer.close(() => r()));
    await server.close();
    await services.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
