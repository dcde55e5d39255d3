// bench/outage-storm (issue 13): a storm night on the embedded store (FerretDB + redis-server in
// a temp dir). A server node in this process; the providers (Twilio stand-in, SMTP sink, the bare
// express endpoint) in bench/hotline-day/sinks.ts; the storm in bench/outage-storm/storm.ts.
//   1. An outage in force over an area of --customers customers (urgent: the notices may go at night).
//   2. The storm: signed SMS webhooks with outage texts and IVR calls (entry + menu 3) from
//      customers of the area, --rate webhooks/s for --seconds; p50/p99 of the answers, against
//      the bare endpoint timed through the same window (ratio).
//   3. Lost contacts: every acknowledged SMS and menu-3 report must be a stored message on a
//      ticket linked to the outage.
//   4. Resolve: the restoration notice to every customer of the area (the linked contacts get
//      their final message instead) through the real outbound port to the stand-ins; notices/s
//      against the raw driver inserting as many documents at the notices' concurrency (ratio);
//      duplicated = recipients the providers saw more than once.
// Prints one JSON line.
//   npx tsx bench/outage-storm/run.ts [--rate 50] [--seconds 60] [--customers 6000] [--sms-share 0.6] [--bare-rate 10]
//   npx tsx bench/outage-storm/run.ts --seconds 10 --customers 1500     # a short run
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { loadConfig } from '../../core/config';
import { createLogger } from '../../core/logger';
import { figuresOf } from '../../core/outages/outage-view';
import { Message, Outage, Ticket } from '../../models';
import type { OutageRow } from '../../models/outage';
import { startEmbedded } from '../../runtime/embedded';
import { startServer } from '../../server/start';
import { seedArea } from '../../test/factories/outage-area';
import { forkTs } from '../fork';
import type { SinkReport } from '../hotline-day/sinks';
import { diffCounts, p50p99, ProcessWatch, round, storeCommands, top, total } from '../hotline-day/measure';
import type { StormReport, StormSpec } from './storm';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1] ?? fallback) : fallback;
}

const RATE = arg('rate', 50);
const SECONDS = arg('seconds', 60);
const SMS_SHARE = arg('sms-share', 0.6);
const BARE_RATE = arg('bare-rate', 10);
// Contacts: SMS one webhook each, calls two; each from its own customer, and at least 5,000 to notify.
const CONTACTS = Math.ceil(RATE * SECONDS * (SMS_SHARE + (1 - SMS_SHARE) / 2));
const CUSTOMERS = Math.max(arg('customers', 6000), CONTACTS + 100);
const PUBLIC = 'http://hotline.bench.example';
const AUTH_TOKEN = 'bench-auth-token';
const ADMIN = { email: 'bench@bench.example', password: 'bench-admin-password' };
const AREA = 'STORM-1';
const NOTICE_DEADLINE_MS = 30 * 60_000;

const debug = (what: string) => {
  if (process.env.BENCH_DEBUG) process.stderr.write(`${new Date().toISOString()} ${what}\n`);
};

async function main(): Promise<void> {
  const started = Date.now();
  const load = { atStart: loadavg().map((l) => round(l, 2)) };
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-outage-storm-'));
  const embedded = await startEmbedded({ dataDir, persistRedis: false });
  const sinks = await forkTs<{ twilioUrl: string; smtpUrl: string; bareUrl: string }>('hotline-day/sinks.ts', [AUTH_TOKEN]);
  const storm = await forkTs<'ready'>('outage-storm/storm.ts');
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    MONGODB_URI: embedded.mongoUri.replace(/\/[^/]*$/, '') + '/bench_outage_storm',
    REDIS_URL: embedded.redisUrl,
    PUBLIC_BASE_URL: PUBLIC,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_API_BASE_URL: sinks.first.twilioUrl,
    SMTP_OUTBOUND_URL: sinks.first.smtpUrl,
    OUTBOX: 'off',
    // The notices' own throughput, not the provider's pacing (TWILIO_SMS_PER_SECOND, 10 by default).
    TWILIO_SMS_PER_SECOND: '0',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough-0123',
    RUN_CRON: 'false',
    SMTP_PORT: '0',
    SMS_INBOUND_MAX_PER_WINDOW: '1000000',
  });
  const server = await startServer(config, createLogger('silent'));
  try {
    // 1. The area, and the outage in force over it.
    const customers = await seedArea(CUSTOMERS, { areaCode: AREA, service: 'electricity', language: 'it' });
    debug(`seeded ${customers.length}`);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const admin = async (path: string, body: unknown) => {
      const res = await fetch(server.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { outage: { id: string; version: number } };
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
      return json.outage;
    };
    const tDeclare = performance.now();
    const declared = await admin('/api/admin/outages', {
      service: 'electricity',
      areaCodes: [AREA],
      cause: { it: 'guasto alla cabina primaria' },
      publicMessage: { it: 'OUTAGE-STORM: guasto alla cabina primaria, squadre al lavoro.' },
      expectedRestorationAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
      // At any hour (the bench runs at night too): an urgent outage's notices do not wait for 07:00.
      urgent: true,
    });
    const outageId = declared.id;
    const declareMs = performance.now() - tDeclare;

    // 2. The storm. The first 200 customers warm the server up (JIT, connections); the storm's own start after them.
    const phones = customers.map((c) => c.phone);
    const ask = (spec: StormSpec) => storm.ask<StormReport>(spec);
    const base = { url: server.url, bareUrl: sinks.first.bareUrl, publicBase: PUBLIC, authToken: AUTH_TOKEN, smsShare: SMS_SHARE };
    const warm = await ask({ ...base, rate: 20, seconds: 5, bareRate: 5, phones: phones.slice(0, 100) });
    debug(`warm-up: ${warm.sms.answered + warm.ivr.answered} answered`);
    const loadBefore = loadavg()[0]!;
    const watch = new ProcessWatch(
      new Map([
        ['node', process.pid],
        ['ferretdb', embedded.ferretdb.pid!],
        ['redis', embedded.redis.pid!],
        ['storm', storm.child.pid!],
        ['sinks', sinks.child.pid!],
      ]),
    );
    const commandsBefore = await storeCommands(server.url);
    watch.begin();
    const r = await ask({ ...base, rate: RATE, seconds: SECONDS, bareRate: BARE_RATE, phones: phones.slice(100) });
    const processes = watch.end();
    const commands = diffCounts([[commandsBefore, await storeCommands(server.url)]]);
    const loadDuring = loadavg()[0]!;
    debug(`storm: ${r.sms.answered} sms, ${r.ivr.answered} ivr answered`);

    // 3. Every acknowledged contact is stored, on a ticket linked to the outage (reads by `_id`, raw driver).
    const db = mongoose.connection.db!;
    let lost = 0;
    let notLinked = 0;
    const tickets = new Set<string>();
    const keys = [
      ...warm.acked.sms.map((s) => `sms:${s}`),
      ...r.acked.sms.map((s) => `sms:${s}`),
      ...warm.acked.voice.map((c) => `voice:${c}:outage`),
      ...r.acked.voice.map((c) => `voice:${c}:outage`),
    ];
    for (let i = 0; i < keys.length; i += 50) {
      const rows = await Promise.all(keys.slice(i, i + 50).map((k) => Message.findById(k, { ticketId: 1 }).lean()));
      for (const m of rows) {
        if (!m?.ticketId) lost += 1;
        else tickets.add(m.ticketId);
      }
    }
    const linkedIds = new Set((await Ticket.find({ outageId }, { _id: 1 }).lean()).map((t) => String(t._id)));
    for (const t of tickets) if (!linkedIds.has(t)) notLinked += 1;
    const afterStorm = await Outage.findById(outageId).lean();
    const queued = await Ticket.countDocuments({ outageId, status: 'queued' });

    // 4. Resolve: the restoration notices, until none is left to send.
    const noticeCommandsBefore = await storeCommands(server.url);
    watch.begin();
    const tResolve = performance.now();
    await admin(`/api/admin/outages/${outageId}/resolve`, {});
    let o = await Outage.findById(outageId).lean();
    const deadline = Date.now() + NOTICE_DEADLINE_MS;
    while (!o?.noticeRuns?.resolved?.done && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 200));
      o = await Outage.findById(outageId).lean();
    }
    const noticeSeconds = (performance.now() - tResolve) / 1000;
    const noticeProcesses = watch.end();
    const noticeCommands = diffCounts([[noticeCommandsBefore, await storeCommands(server.url)]]);
    const figures = o ? figuresOf(o as OutageRow) : null;
    const n = figures?.notices.resolved ?? { planned: 0, sent: 0, delivered: 0, failed: 0, unreachable: 0 };
    const sinkReport = await sinks.ask<SinkReport>('report');
    const received = Object.values(sinkReport.recipients);
    const duplicated = received.filter((c) => c > 1).length;
    const atProviders = received.reduce((a, b) => a + b, 0);

    // The raw driver inserting as many notice-shaped documents, at the notices' concurrency.
    const planned = n.planned;
    const raw = db.collection('bench_raw_notices');
    const tRaw = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: config.REMINDER_CONCURRENCY }, async () => {
        while (next < planned) {
          const i = next++;
          await raw.insertOne({
            _id: `${outageId}:a${i}:resolved` as never,
            outageId,
            stage: 'resolved',
            accountNumber: `A${i}`,
            order: 1,
            status: 'sent',
            notBefore: new Date(),
            attempts: 1,
          });
        }
      }),
    );
    const rawSeconds = (performance.now() - tRaw) / 1000;

    const webhook = p50p99([...r.sms.ms, ...r.ivr.ms]);
    const bare = p50p99(r.bare.ms);
    const noticesPerSecond = n.sent / noticeSeconds;
    const rawPerSecond = planned / rawSeconds;
    const contacts = r.acked.sms.length + r.acked.voice.length;
    const failed = (f: StormReport['sms']) => f.offered - f.answered;
    console.log(
      JSON.stringify({
        bench: 'outage-storm',
        store: 'embedded FerretDB 1.24 + redis-server',
        rate: RATE,
        seconds: SECONDS,
        customers: CUSTOMERS,
        storm: {
          offered: { sms: r.sms.offered, ivrSteps: r.ivr.offered },
          answered: { sms: r.sms.answered, ivrSteps: r.ivr.answered },
          failures: { sms: r.sms.failures, ivr: r.ivr.failures },
          contacts,
          sentFor: round(r.elapsedSeconds, 1),
          webhookMs: webhook,
          smsMs: p50p99(r.sms.ms),
          ivrMs: p50p99(r.ivr.ms),
          bareMs: bare,
          p99OverBare: round(webhook.p99 / Math.max(bare.p99, 0.1), 2),
          untold: r.untold,
          storeCommandsPerContact: round(total(commands) / Math.max(1, r.acked.sms.length + r.acked.voice.length), 2),
          storeCommandsTop: top(commands, Math.max(1, r.acked.sms.length + r.acked.voice.length), 10),
          ...processes,
        },
        declareMs: round(declareMs),
        contacts: {
          acknowledged: keys.length,
          lost,
          notLinked,
          queuedForAgents: queued,
          outageLinks: afterStorm?.figures?.links ?? 0,
          outageContacts: afterStorm?.figures?.contacts ?? {},
          announced: afterStorm?.figures?.announced ?? 0,
        },
        notices: {
          planned,
          sent: n.sent,
          unreachable: n.unreachable,
          failed: n.failed,
          closedContacts: figures?.closed ?? 0,
          atProviders,
          recipients: received.length,
          duplicated,
          seconds: round(noticeSeconds, 1),
          perSecond: round(noticesPerSecond, 1),
          rawInsertPerSecond: round(rawPerSecond, 1),
          overRaw: round(noticesPerSecond / rawPerSecond, 3),
          done: !!o?.noticeRuns?.resolved?.done,
          storeCommandsPerNotice: round(total(noticeCommands) / Math.max(1, n.sent), 2),
          storeCommandsTop: top(noticeCommands, Math.max(1, n.sent), 12),
          cpuPercent: noticeProcesses.cpuPercent,
          machine: noticeProcesses.machine,
        },
        targets: {
          webhookP99Under200ms: webhook.p99 < 200,
          noneLost: lost === 0 && notLinked === 0 && failed(r.sms) + failed(r.ivr) === 0,
          noneDuplicated: duplicated === 0,
        },
        loadAverage: {
          atStart: load.atStart,
          beforeStorm: round(loadBefore, 2),
          afterStorm: round(loadDuring, 2),
          atEnd: round(loadavg()[0]!, 2),
        },
        totalSeconds: Math.round((Date.now() - started) / 1000),
      }),
    );
  } finally {
    await server.close();
    storm.child.kill();
    sinks.child.send('close');
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
