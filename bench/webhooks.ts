// bench/webhooks: signed Twilio webhooks over HTTP at rising concurrency against a real
// server started in-process on the embedded store (FerretDB + redis-server in a temp dir):
//   voice — an IVR step (menu replay: signature check, Redis call state, TwiML; no DB write)
//   sms   — an SMS self-reading (signature, parse, validate, Reading insert, contract update, TwiML)
//   bare  — a bare express handler answering the same TwiML, in the same run, as the floor;
//   voice_feature_only — the voice step on an express app holding only the voice feature.
// The load comes from a worker thread so it does not share the server's event loop.
// Prints one JSON line. Usage: npx tsx bench/webhooks.ts [--seconds 3] [--levels 50,100,200]
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import mongoose from 'mongoose';
import twilio from 'twilio';
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { ContactPoint, Contract, Customer } from '../models';
import { startEmbedded } from '../runtime/embedded';
import { runLoad, type LoadResult } from './http-load';
import { startServer } from '../server/start';
import { startTwilioStandIn } from '../test/support/twilio-standin';
import { registerVoiceRoutes } from '../channels/voice/routes';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const PUBLIC = 'http://hotline.bench.example';
const AUTH_TOKEN = 'bench-auth-token';
const CONTRACTS = 400;

// The load generator: keep-alive HTTP, `concurrency` loops for `seconds`, each request signed.
const REQUEST = `
const crypto = require('node:crypto');
const { authToken, publicBase, kind, contracts, offset } = workerData;
function sign(path, params) {
  const data = Object.keys(params).sort().reduce((acc, k) => acc + k + params[k], publicBase + path);
  return crypto.createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}
let seq = 0;
function request() {
  let path, params;
  if (kind === 'sms') {
    const i = seq++;
    const c = contracts[i % contracts.length];
    // Readings only go up (1 unit a time): accepted, plausible, inside the window.
    params = { MessageSid: 'SM' + crypto.randomBytes(16).toString('hex'), From: c.phone, To: '+390000000000', Body: c.contract + 'g' + (2000 + offset + Math.floor(i / contracts.length) + 1), NumMedia: '0' };
    path = '/webhooks/twilio/sms';
  } else {
    params = { CallSid: 'CA' + String(seq++ % 500).padStart(32, '0'), From: '+393330000001', To: '+390000000000', CallStatus: 'in-progress' };
    path = kind === 'bare' ? '/bare/menu' : '/webhooks/twilio/voice/menu';
  }
  const body = new URLSearchParams(params).toString();
  return timedPost(path, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign(path, params) }, body, 200);
}
`;

function load(data: { target: string; concurrency: number; seconds: number } & Record<string, unknown>): Promise<LoadResult> {
  return runLoad(REQUEST, data);
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/**
 * The raw driver doing the store operations of one SMS self-reading (four `_id` reads, one
 * insert, one `_id` update) at the same concurrency: the floor the store itself sets.
 */
async function rawStore(
  concurrency: number,
  seconds: number,
  contracts: Array<{ contract: string; phone: string }>,
  offset: number,
): Promise<LoadResult> {
  const db = mongoose.connection.db!;
  const [readings, contractsCol, points, customers] = ['readings', 'contracts', 'contactpoints', 'customers'].map((n) =>
    db.collection(n),
  ) as [
    ReturnType<typeof db.collection>,
    ReturnType<typeof db.collection>,
    ReturnType<typeof db.collection>,
    ReturnType<typeof db.collection>,
  ];
  const latencies: number[] = [];
  let seq = 0;
  const started = Date.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const i = seq++;
        const c = contracts[i % contracts.length]!;
        const t0 = process.hrtime.bigint();
        const id = new mongoose.Types.ObjectId(randomBytes(12).toString('hex'));
        const [, contract] = await Promise.all([readings.findOne({ _id: id }), contractsCol.findOne({ _id: c.contract as never })]);
        const point = await points.findOne({ _id: `phone:${c.phone}` as never });
        await customers.findOne({ _id: point?.accountNumber }, { projection: { language: 1 } });
        await readings.insertOne({
          _id: id,
          contractNumber: c.contract,
          values: [3_000_000 + offset + i],
          channel: 'sms',
          status: 'accepted',
          receivedAt: new Date(),
        });
        await contractsCol.updateOne({ _id: contract?._id }, { $set: { lastReadingAt: new Date() } });
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    errors: 0,
    perSecond: latencies.length / ((Date.now() - started) / 1000),
    p50: pct(50),
    p99: pct(99),
  };
}

async function main(): Promise<void> {
  const seconds = Number(arg('seconds', '3'));
  const levels = arg('levels', '50,100,200').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'bench-webhooks-'));
  const services = await startEmbedded({ dataDir: dir, persistRedis: false });
  const standIn = await startTwilioStandIn({ authToken: AUTH_TOKEN });
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    MONGODB_URI: `${services.mongoUri.replace(/\/[^/]*$/, '')}/bench`,
    REDIS_URL: services.redisUrl,
    PUBLIC_BASE_URL: PUBLIC,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_API_BASE_URL: standIn.url,
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough-0123',
    ADMIN_PASSWORD: 'bench-admin-password',
    RUN_CRON: 'false',
    SMTP_PORT: '0',
    SMS_INBOUND_MAX_PER_WINDOW: '1000000',
  });
  const server = await startServer(config, createLogger('silent'));

  // The bare floor: the same parser and TwiML, no signature check, no state.
  const bareTwiml = (() => {
    const r = new twilio.twiml.VoiceResponse();
    const g = r.gather({ input: ['dtmf'], numDigits: 1, timeout: 6, action: `${PUBLIC}/webhooks/twilio/voice/menu`, method: 'POST' });
    g.say(
      { language: 'it-IT', voice: 'Polly.Bianca' },
      'Per comunicare la lettura del contatore, premere 1. Per saldo e prossima scadenza, premere 2. Per segnalare un guasto, premere 3. Per una rateizzazione o una proroga, premere 4. Per parlare con un operatore, premere 5.',
    );
    r.redirect({ method: 'POST' }, `${PUBLIC}/webhooks/twilio/voice/menu?retry=1`);
    return r.toString();
  })();
  const bare = express();
  bare.post('/bare/menu', express.urlencoded({ extended: false }), (_req, res) => {
    res.type('text/xml').send(bareTwiml);
  });
  // The same voice feature (signature check, Redis call state, TwiML) on an express app of
  // its own, without the shared middleware (helmet, sessions, metrics, other features' routes):
  // separates the cost of our handler from the cost of the app stack around it.
  const featureRouter = express.Router();
  registerVoiceRoutes(featureRouter, server.ctx);
  bare.use(featureRouter);
  const bareServer = createServer(bare);
  await new Promise<void>((r) => bareServer.listen(0, '127.0.0.1', r));
  const bareAddr = bareServer.address();
  const bareUrl = `http://127.0.0.1:${typeof bareAddr === 'object' && bareAddr ? bareAddr.port : 0}`;

  try {
    // Customers with one gas contract each; their phones are on file (known senders).
    const contracts: Array<{ contract: string; phone: string }> = [];
    for (let i = 0; i < CONTRACTS; i++) {
      const account = `B${String(i).padStart(6, '0')}`;
      const contract = String(70000000 + i);
      const phone = `+39333${String(1000000 + i)}`;
      await Customer.create({ accountNumber: account, name: 'Bench', phones: [phone], language: 'it' });
      await ContactPoint.create({ _id: `phone:${phone}`, accountNumber: account });
      await Contract.create({
        contractNumber: contract,
        accountNumber: account,
        service: 'gas',
        areaCode: 'BENCH',
        meter: { digits: 6, registers: 1 },
        lastReading: [2000],
        lastReadingAt: new Date(Date.now() - 30 * 86_400_000),
        avgDailyUse: 50,
      });
      contracts.push({ contract, phone });
    }
    // Warm-up: JIT, connections, the IVR's Redis state for the call ids used.
    await load({
      target: server.url,
      concurrency: 20,
      seconds: 1,
      authToken: AUTH_TOKEN,
      publicBase: PUBLIC,
      kind: 'voice',
      contracts,
      offset: 0,
    });
    await load({
      target: bareUrl,
      concurrency: 20,
      seconds: 1,
      authToken: AUTH_TOKEN,
      publicBase: PUBLIC,
      kind: 'bare',
      contracts,
      offset: 0,
    });

    const rows: Array<Record<string, number>> = [];
    let offset = 0;
    for (const c of levels) {
      const voice = await load({
        target: server.url,
        concurrency: c,
        seconds,
        authToken: AUTH_TOKEN,
        publicBase: PUBLIC,
        kind: 'voice',
        contracts,
        offset,
      });
      const bareRun = await load({
        target: bareUrl,
        concurrency: c,
        seconds,
        authToken: AUTH_TOKEN,
        publicBase: PUBLIC,
        kind: 'bare',
        contracts,
        offset,
      });
      const featureOnly = await load({
        target: bareUrl,
        concurrency: c,
        seconds,
        authToken: AUTH_TOKEN,
        publicBase: PUBLIC,
        kind: 'voice',
        contracts,
        offset,
      });
      const sms = await load({
        target: server.url,
        concurrency: c,
        seconds,
        authToken: AUTH_TOKEN,
        publicBase: PUBLIC,
        kind: 'sms',
        contracts,
        offset,
      });
      offset += Math.ceil(sms.requests / contracts.length) + 1;
      const raw = await rawStore(c, seconds, contracts, offset);
      rows.push({
        concurrency: c,
        voice_rps: round(voice.perSecond),
        voice_p99_ms: round(voice.p99),
        voice_errors: voice.errors,
        sms_rps: round(sms.perSecond),
        sms_p99_ms: round(sms.p99),
        sms_errors: sms.errors,
        voice_feature_only_rps: round(featureOnly.perSecond),
        voice_feature_only_p99_ms: round(featureOnly.p99),
        bare_rps: round(bareRun.perSecond),
        bare_p99_ms: round(bareRun.p99),
        voice_vs_bare_p99: round(voice.p99 / Math.max(bareRun.p99, 0.001), 2),
        voice_vs_bare_rps: round(voice.perSecond / Math.max(bareRun.perSecond, 0.001), 2),
        sms_vs_bare_p99: round(sms.p99 / Math.max(bareRun.p99, 0.001), 2),
        raw_store_rps: round(raw.perSecond),
        raw_store_p99_ms: round(raw.p99),
        sms_vs_raw_store_rps: round(sms.perSecond / Math.max(raw.perSecond, 0.001), 2),
      });
    }
    const at200 = rows.find((r) => r.concurrency === 200);
    console.log(
      JSON.stringify({
        bench: 'webhooks',
        store: 'embedded FerretDB 1.24 + redis-server',
        secondsPerRun: seconds,
        rows,
        targets: at200
          ? {
              voice_p99_under_50ms_at_200: (at200.voice_p99_ms ?? Infinity) < 50,
              sms_p99_under_100ms_at_200: (at200.sms_p99_ms ?? Infinity) < 100,
            }
          : undefined,
      }),
    );
  } finally {
    await new Promise<void>((r) => bareServer.close(() => r()));
    await server.close();
    await standIn.close();
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
