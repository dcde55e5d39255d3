// The fault suite (issue 19): a counted load of signed SMS webhooks and gateway mail at a
// server started as `npm start` starts it (embedded FerretDB and redis-server, a worker
// process beside it), while in turn redis-server, FerretDB and the worker are killed -9, the
// server gets SIGTERM (npm's pid) and is started again, and is killed -9 and started again.
// Afterwards: every acknowledged message stored, none twice, every one shown to agents, each
// fault recovered from within its stated time, stdout JSON only, no process left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { freePort } from '../../runtime/embedded';
import { readRuntimeFile } from '../../runtime/runtime-file';
import { baseEnv, isAlive, nonJsonLines, npmStart, pidsIn, root, type NpmStart } from '../support/npm-start';
import { AUTH_TOKEN, startSmsLoad, type SmsLoad } from '../support/sms-load';
import { waitFor } from '../support/wait-for';

jest.setTimeout(240_000);

const PUBLIC = 'http://hotline.example.test';
const MAIL_TOKEN = 'fault-suite-mail-token-0123456789';
/** Stated recovery times: from the kill to new messages acknowledged again. */
const RECOVERY_MS = { redis: 15_000, ferretdb: 15_000, worker: 5_000, restart: 45_000 };

const env = {
  PUBLIC_BASE_URL: PUBLIC,
  TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  EMAIL_WEBHOOK_TOKEN: MAIL_TOKEN,
  UNSUBSCRIBE_SECRET: 'an-unsubscribe-secret-of-32-chars-0123',
  SMS_INBOUND_MAX_PER_WINDOW: '100000',
  INGEST_RETRY_AFTER_SECONDS: '2',
};

let dataDir: string;
let port: number;
let server: NpmStart;
let worker: ChildProcess | undefined;
let sms: SmsLoad;
let mail: MailLoad;
const outputs: Array<{ stdout: () => string; stderr: () => string }> = [];
const pidsSeen = new Set<number>();
const recovered: Record<string, number> = {};

interface MailLoad {
  acked: Set<string>;
  stop(): Promise<void>;
}

/** Raw mail through the gateway webhook, one sender and Message-ID each, resent until acknowledged. */
function startMailLoad(): MailLoad {
  const acked = new Set<string>();
  let running = true;
  const loop = async () => {
    let pending: string | null = null;
    while (running) {
      const token: string = pending ?? randomBytes(8).toString('hex');
      pending = null;
      const raw = [
        `From: Cliente <c-${token}@example.it>`,
        'To: assistenza@hotline.example.test',
        'Subject: Richiesta informazioni',
        `Message-ID: <fault-${token}@load.test>`,
        'Date: Mon, 30 Nov 2026 10:00:00 +0000',
        '',
        `Vorrei informazioni sugli orari (${token}).`,
        '',
      ].join('\r\n');
      const status = await fetch(`http://127.0.0.1:${port}/webhooks/email/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${MAIL_TOKEN}` },
        body: raw,
        signal: AbortSignal.timeout(20_000),
      }).then(
        async (r) => (await r.text(), r.status),
        () => 0,
      );
      if (status >= 200 && status < 300) acked.add(token);
      else {
        pending = token;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const loops = [loop()];
  return {
    acked,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

const total = () => sms.acked.size + mail.acked.size;

function remember(): void {
  for (const pid of Object.values(pidsIn(dataDir))) if (pid) pidsSeen.add(pid);
}

async function startNode(): Promise<void> {
  server = await npmStart(dataDir, port, env);
  outputs.push(server);
  remember();
}

async function startWorker(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker.ts'], {
    cwd: root,
    env: baseEnv(dataDir, port, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  outputs.push({ stdout: () => out, stderr: () => err });
  await waitFor(() => /worker ready/.test(err), 60_000, `the worker to start: ${err}`);
  pidsSeen.add(child.pid!);
  worker = child;
}

/** From now until `n` more messages are acknowledged. */
async function recovery(what: keyof typeof RECOVERY_MS, from: number, n = 10): Promise<void> {
  const start = total();
  await waitFor(() => total() >= start + n, RECOVERY_MS[what] + 30_000, `${what}: load acknowledged again`);
  recovered[what] = Date.now() - from;
  expect(recovered[what]).toBeLessThan(RECOVERY_MS[what]);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hotline-faults-'));
  port = await freePort();
  await startNode();
  await startWorker();
  sms = startSmsLoad({ baseUrl: () => `http://127.0.0.1:${port}`, publicBase: PUBLIC, concurrency: 3 });
  mail = startMailLoad();
  await waitFor(() => total() >= 20, 30_000, 'the load to run');
});

afterAll(async () => {
  await sms?.stop();
  await mail?.stop();
  worker?.kill('SIGKILL');
  if (server && server.npm.exitCode === null) {
    server.npm.kill('SIGTERM');
    await server.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

test('kill -9 of redis-server: restarted by the supervisor, the load goes on', async () => {
  const pid = pidsIn(dataDir).redis!;
  const at = Date.now();
  process.kill(pid, 'SIGKILL');
  await recovery('redis', at);
  await waitFor(() => pidsIn(dataDir).redis !== pid, 5_000, 'a new redis-server');
  remember();
});

test('kill -9 of FerretDB: restarted by the supervisor, the load goes on', async () => {
  const pid = pidsIn(dataDir).ferretdb!;
  const at = Date.now();
  process.kill(pid, 'SIGKILL');
  await recovery('ferretdb', at);
  remember();
});

test('kill -9 of the worker process: the node goes on', async () => {
  const at = Date.now();
  worker!.kill('SIGKILL');
  await recovery('worker', at);
  worker = undefined;
});

test('SIGTERM to npm during the load: exit 0 within 10 s, services stopped; started again', async () => {
  const before = pidsIn(dataDir);
  const at = Date.now();
  server.npm.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  expect(Date.now() - at).toBeLessThan(10_000);
  expect([before.server, before.ferretdb, before.redis].filter((p) => isAlive(p!))).toEqual([]);
  await startNode();
  await recovery('restart', at);
});

test('kill -9 of the server: its services die with it; started again', async () => {
  const before = pidsIn(dataDir);
  const at = Date.now();
  process.kill(before.server!, 'SIGKILL');
  await server.exited;
  await waitFor(() => !isAlive(before.ferretdb!) && !isAlive(before.redis!), 5_000, 'the services to die with the server');
  await startNode();
  await recovery('restart', at);
});

test('after the faults: acknowledged = stored = shown to agents, none twice, stdout JSON only, no process left', async () => {
  await sms.stop();
  await mail.stop();
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: PUBLIC },
    body: JSON.stringify({ email: 'admin@test.example', password: 'admin-password-1' }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  // What a crash left half-done is finished by the sweep (every minute in production).
  const sweep = () =>
    fetch(`${base}/api/admin/jobs/ingest-sweep/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: PUBLIC, cookie },
      body: JSON.stringify({ asOf: new Date(Date.now() + 60_000).toISOString() }),
    });
  expect((await sweep()).status).toBe(200);
  let lastSweep = Date.now();

  const client = await MongoClient.connect(readRuntimeFile(dataDir)!.mongoUri!);
  try {
    const db = client.db();
    const smsIds = new Set([...sms.acked].map((sid) => `sms:${sid}`));
    const mailOf = (id: string) => /fault-([0-9a-f]{16})@load\.test/.exec(id)?.[1];
    type Row = { _id: string; ticketId: unknown };
    const stored = async () => {
      const rows = (await db
        .collection('messages')
        .find({ channel: { $in: ['sms', 'email'] }, direction: { $ne: 'outbound' } }, { projection: { _id: 1, ticketId: 1 } })
        .toArray()) as unknown as Row[];
      return {
        sms: rows.filter((r) => smsIds.has(r._id)),
        mail: rows.filter((r) => mail.acked.has(mailOf(r._id) ?? '')),
      };
    };
    const got = await waitFor(
      async () => {
        // As the minutely sweep would: again while something is still unfinished.
        if (Date.now() - lastSweep > 10_000) {
          lastSweep = Date.now();
          await sweep();
        }
        const s = await stored();
        // A message is stored (state `received`) before it is threaded; done when each has its ticket.
        const threaded = [...s.sms, ...s.mail].every((r) => r.ticketId);
        return s.sms.length >= smsIds.size && s.mail.length >= mail.acked.size && threaded && s;
      },
      90_000,
      'every acknowledged message stored and on its ticket',
    ).catch(() => stored());
    // 0 lost
    expect(smsIds.size - got.sms.length).toBe(0);
    expect(mail.acked.size - new Set(got.mail.map((r) => mailOf(r._id))).size).toBe(0);
    // 0 duplicated: one message per acknowledged message, one ticket per message (one sender each)
    expect(got.mail.length).toBe(mail.acked.size);
    const tickets = [...got.sms, ...got.mail].map((r) => String(r.ticketId));
    expect(new Set(tickets).size).toBe(tickets.length);
    expect(await db.collection('tickets').countDocuments({ channel: { $in: ['sms', 'email'] } })).toBe(tickets.length);
    // Shown to agents: every one of those tickets waits in the console's snapshot.
    const snapshot = (await (await fetch(`${base}/api/queues/snapshot`, { headers: { cookie } })).json()) as {
      items: Array<{ ticketId: string }>;
    };
    const shown = new Set(snapshot.items.map((i) => String(i.ticketId)));
    expect(tickets.filter((t) => !shown.has(t))).toEqual([]);
    console.log(
      `fault suite: ${sms.acked.size} SMS and ${mail.acked.size} mails acknowledged, 0 lost, 0 duplicated; recovery ms ${JSON.stringify(recovered)}`,
    );
  } finally {
    await client.close();
  }

  server.npm.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  remember();
  await waitFor(() => [...pidsSeen].every((p) => !isAlive(p)), 5_000, 'no process left').catch(() => undefined);
  expect([...pidsSeen].filter((p) => isAlive(p))).toEqual([]);
  // Noise: stdout is the JSON log only; nothing from ioredis or a stack trace on stderr.
  for (const o of outputs) {
    expect(nonJsonLines(o.stdout())).toEqual([]);
    expect(
      o
        .stderr()
        .split('\n')
        .filter((l) => /ioredis|Error|^\s+at /.test(l)),
    ).toEqual([]);
  }
});
