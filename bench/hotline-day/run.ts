// bench/hotline-day: one hotline day at the rates of issue 20, measured from outside.
//
//   npx tsx bench/hotline-day/run.ts [--step 0.1] [--quick] [options]
//   npx tsx bench/hotline-day/run.ts --steps 0.1,0.25,0.5,1 [--quick]
//
// Starts, per step and from scratch: the embedded store (one FerretDB, one redis-server, in
// a folder under os.tmpdir() that is removed at the end), two server nodes as separate
// processes (server/main.ts; node A runs the job workers and cron, node B takes HTTP only,
// as test/support/second-node.ts), a process with the Twilio stand-in, an SMTP sink and a
// bare express endpoint, 200 agents and 20 supervisors (written to the store, logged in
// through POST /api/auth/login, each from its own X-Forwarded-For address since logins are
// limited to 20 a minute per address) whose consoles run in two "crowd" processes, sockets
// spread over both nodes, and a load generator in its own process. Agents claim, reply and
// resolve like people (think times from a log-normal, capacity per channel). Then:
//   1. idle window: agents connected, no traffic — CPU per process, store commands per
//      connected agent per minute;
//   2. raw-driver reference: insertOne rate (10 concurrent, 5 s) against the same FerretDB;
//   3. the load for the duration at step × (50 SMS/s, 20 IVR steps/s, 5 mails/s, 2 forms/s),
//      with a bare endpoint, each node's /healthz and a raw insert (5/s each) timed alongside;
//   4. the join, through the store: every acknowledged contact stored once? shown on an
//      agent's screen (first `ticket:queued` on an agent socket)? replies delivered?
// Prints ONE JSON line (with --steps: one line holding every step and the highest step
// where every target held: webhook p99 < 100 ms, webhook→screen p99 < 100 ms, 0 lost,
// 0 duplicated). Progress goes to stderr.
//
// Options:
//   --step <f>            fraction of the target rates (default 0.1)
//   --steps <f,f,…>       several steps, each on a fresh stack, one summary line
//   --seconds <n>         load duration (default 300); --quick = 60
//   --agents <n>          agents (default 200; split 45 % phone, 40 % SMS/web, 15 % mail/web)
//   --supervisors <n>     supervisors (default 20)
//   --think-scale <f>     multiplies every think time (default 1; see THINK below)
//   --sms-readings <f>    share of SMS that are self-readings, no agent needed (default 0.8)
//   --call-agent-share <f> share of calls that ask for an agent (default 0.3; the others
//                         take a self-service branch of the menu)
//   --idle <s>            idle window (default 30; 15 with --quick)
// Environment: BENCH_CPU_PROF / BENCH_HEAP_PROF / BENCH_NODE_FLAGS apply to the forked bench
// processes (bench/fork.ts), not to the server nodes.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { hashPassword } from '../../core/auth/password';
import { Agent, ContactPoint, Contract, Customer, Inbox, Message, Reading, Ticket } from '../../models';
import { freePort, startEmbedded, type EmbeddedServices } from '../../runtime/embedded';
import { startEntryProcess, type EntryProcess } from '../../test/support/entry-process';
import { forkTs, type Forked } from '../fork';
import type { CrowdAgent, CrowdReport, Think } from './crowd';
import type { GeneratorReport, GeneratorSpec } from './generator';
import { diffCounts, nowMs, p50p99, ProcessWatch, round, storeCommands, top, total, type CommandCounts } from './measure';
import type { SinkReport } from './sinks';

// ---------- options ----------
const argv = process.argv.slice(2);
function opt(name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}
const quick = argv.includes('--quick');
const SECONDS = Number(opt('seconds') ?? (quick ? 60 : 300));
const STEPS = (opt('steps') ?? opt('step') ?? '0.1').split(',').map(Number);
const AGENTS = Number(opt('agents') ?? 200);
const SUPERVISORS = Number(opt('supervisors') ?? 20);
const THINK_SCALE = Number(opt('think-scale') ?? 1);
const SMS_READINGS = Number(opt('sms-readings') ?? 0.8);
const CALL_AGENT_SHARE = Number(opt('call-agent-share') ?? 0.3);
const IDLE_SECONDS = Number(opt('idle') ?? (quick ? 15 : 30));
if (STEPS.some((s) => !(s > 0)) || !(SECONDS > 0)) {
  process.stderr.write('usage: npx tsx bench/hotline-day/run.ts [--step 0.1 | --steps 0.1,0.25,0.5,1] [--quick | --seconds 300]\n');
  process.exit(2);
}

/** Issue 20's hotline day at 100 %. */
const TARGET = { sms: 50, ivr: 20, mail: 5, form: 2 };
/** Median think times (ms), scaled by --think-scale. */
const THINK: Think = {
  pickMs: 2000,
  offerMs: 2000,
  typeMs: { sms: 10_000, web: 12_000, email: 20_000 },
  resolveMs: 4000,
  talkMs: 20_000,
};
const CONTRACTS = 1000;
const PUBLIC = 'http://hotline.bench.example';
const AUTH_TOKEN = 'bench-auth-token';
const SESSION_SECRET = 'hotline-day-session-secret-0123456789-abcdef';
const PASSWORD = 'hotline-day-password-1';

const log = (msg: string) => process.stderr.write(`[hotline-day ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---------- cleanup: every child and the data folder, on success, error or a signal ----------
type Stopper = () => Promise<unknown>;
let stoppers: Stopper[] = [];
let dataDir: string | null = null;
let services: EmbeddedServices | null = null;
let storeAloneCpuPercent = 0;

async function cleanup(): Promise<void> {
  const list = stoppers.reverse();
  stoppers = [];
  for (const stop of list) await Promise.race([stop().catch(() => undefined), sleep(20_000)]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping every process`);
    // The store's supervisor must not restart FerretDB / redis that the same Ctrl-C stopped.
    void services?.stop();
    void cleanup().finally(() => process.exit(130));
  });
}

function ask<T>(f: Forked<unknown>, msg: unknown, timeoutMs = 120_000): Promise<T> {
  return Promise.race([
    f.ask<T>(msg),
    sleep(timeoutMs).then(() => {
      throw new Error(`no answer to ${JSON.stringify(msg).slice(0, 40)} in ${timeoutMs} ms`);
    }),
  ]);
}

function stopForked(f: Forked<unknown>): Stopper {
  return () =>
    new Promise<void>((resolve) => {
      if (f.child.exitCode !== null || f.child.signalCode !== null) return resolve();
      const kill = setTimeout(() => f.child.kill('SIGKILL'), 5000);
      f.child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      f.child.kill('SIGTERM');
    });
}

// ---------- the stack ----------
interface Stack {
  nodes: Array<{ name: string; url: string; smtpPort: number; proc: EntryProcess }>;
  sinks: Forked<{ twilioUrl: string; smtpUrl: string; bareUrl: string }>;
  crowds: Array<Forked<unknown>>;
  generator: Forked<unknown>;
  people: CrowdAgent[];
  contracts: Array<{ contract: string; phone: string }>;
  pids: Map<string, number>;
}

async function startStack(): Promise<Stack> {
  dataDir = mkdtempSync(join(tmpdir(), 'hotline-day-'));
  services = await startEmbedded({ dataDir, persistRedis: false });
  const svc = services;
  stoppers.push(() => svc.stop());
  log(`store up (FerretDB ${svc.ferretdb.pid}, redis ${svc.redis.pid}) in ${dataDir}`);
  // FerretDB with no client at all, for the idle window's comparison.
  const alone = new ProcessWatch(new Map([['ferretdb', svc.ferretdb.pid!]]));
  alone.begin();
  await sleep(5000);
  storeAloneCpuPercent = alone.end().cpuPercent.ferretdb ?? 0;

  const sinks = await forkTs<{ twilioUrl: string; smtpUrl: string; bareUrl: string }>('hotline-day/sinks.ts', [AUTH_TOKEN]);
  stoppers.push(stopForked(sinks));

  const common = {
    PUBLIC_BASE_URL: PUBLIC,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_API_BASE_URL: sinks.first.twilioUrl,
    SMTP_OUTBOUND_URL: sinks.first.smtpUrl,
    // The provider's pacing would time Twilio's queue, not us.
    TWILIO_SMS_PER_SECOND: '0',
    // Open whatever the hour of the run, so callers reach the agents' queue.
    CALL_CENTRE_HOURS: 'mon-sun 00:00-24:00',
    SESSION_SECRET,
    NODE_ENV: 'production',
    // Production requires it; the mail arrives over SMTP here, not through the webhook.
    EMAIL_WEBHOOK_TOKEN: 'hotline-day-mail-webhook-token',
    LOG_LEVEL: 'silent',
  };
  const nodes: Stack['nodes'] = [];
  for (const [name, background] of [
    ['nodeA', true],
    ['nodeB', false],
  ] as const) {
    const smtpPort = await freePort();
    const proc = await startEntryProcess({
      entry: 'server/main.ts',
      ready: /\(port (\d+)\)/,
      mongoUri: svc.mongoUri,
      redisUrl: svc.redisUrl,
      timeoutMs: 90_000,
      env: {
        ...common,
        PORT: '0',
        HOST: '127.0.0.1',
        SMTP_PORT: String(smtpPort),
        RUN_WORKERS: String(background),
        RUN_CRON: String(background),
        DATA_DIR: join(dataDir, name),
      },
    });
    stoppers.push(() => proc.stop(15_000));
    nodes.push({ name, url: `http://127.0.0.1:${proc.ready[1]}`, smtpPort, proc });
    log(`${name} up at ${nodes[nodes.length - 1]!.url} (pid ${proc.child.pid}, smtp ${smtpPort})`);
  }

  await mongoose.connect(svc.mongoUri, { serverSelectionTimeoutMS: 10_000 });
  stoppers.push(() => mongoose.disconnect());

  // People, written to the store with one password hash (scrypt per person would dominate).
  const passwordHash = await hashPassword(PASSWORD);
  const groups: Array<{ share: number; channels: string[]; capacity: Record<string, number> }> = [
    { share: 0.45, channels: ['voice'], capacity: { voice: 1 } },
    { share: 0.4, channels: ['sms', 'web'], capacity: { sms: 3, web: 3 } },
    { share: 0.15, channels: ['email', 'web'], capacity: { email: 5, web: 2 } },
  ];
  const docs: Array<Record<string, unknown>> = [];
  const plan: Array<Omit<CrowdAgent, 'id' | 'cookie' | 'url'> & { email: string }> = [];
  let g = 0;
  let inGroup = 0;
  for (let i = 0; i < AGENTS; i++) {
    while (g < groups.length - 1 && inGroup >= Math.round(groups[g]!.share * AGENTS)) {
      g++;
      inGroup = 0;
    }
    inGroup++;
    const group = groups[g]!;
    const email = `agent-${i}@hotline-day.example`;
    docs.push({
      name: `Agent ${i}`,
      email,
      passwordHash,
      role: 'agent',
      languages: ['it', 'en', 'ru'],
      channels: group.channels,
      capacity: group.capacity,
    });
    plan.push({ email, role: 'agent', channels: group.channels, capacity: group.capacity });
  }
  for (let i = 0; i < SUPERVISORS; i++) {
    const email = `supervisor-${i}@hotline-day.example`;
    docs.push({ name: `Supervisor ${i}`, email, passwordHash, role: 'supervisor', languages: ['it', 'en', 'ru'] });
    plan.push({ email, role: 'supervisor', channels: [], capacity: {} });
  }
  const created = await Agent.insertMany(docs);
  const idOf = new Map(created.map((d) => [d.email, String(d._id)]));

  // Known customers whose self-readings arrive by SMS.
  const contracts: Stack['contracts'] = [];
  const customers = [];
  const points = [];
  const contractDocs = [];
  for (let i = 0; i < CONTRACTS; i++) {
    const account = `HD${String(i).padStart(6, '0')}`;
    const contract = String(80000000 + i);
    const phone = `+39333${String(2000000 + i)}`;
    customers.push({ accountNumber: account, name: 'Cliente Bench', phones: [phone], language: 'it' });
    points.push({ _id: `phone:${phone}`, accountNumber: account });
    contractDocs.push({
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
  await Customer.insertMany(customers);
  await ContactPoint.insertMany(points);
  await Contract.insertMany(contractDocs);
  log(`${AGENTS} agents, ${SUPERVISORS} supervisors and ${CONTRACTS} contracts in the store`);

  // Log in through the API, each person from an address of their own, on the node their console uses.
  const people: CrowdAgent[] = [];
  for (let i = 0; i < plan.length; i += 16) {
    const batch = plan.slice(i, i + 16);
    people.push(
      ...(await Promise.all(
        batch.map(async (p, k) => {
          const n = i + k;
          const url = nodes[n % nodes.length]!.url;
          const res = await fetch(`${url}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.250.${n >> 8}.${n & 255}` },
            body: JSON.stringify({ email: p.email, password: PASSWORD }),
          });
          await res.arrayBuffer();
          const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
          if (res.status !== 200 || !cookie) throw new Error(`login of ${p.email} failed: ${res.status}`);
          return { id: idOf.get(p.email)!, cookie, url, role: p.role, channels: p.channels, capacity: p.capacity };
        }),
      )),
    );
  }
  log(`${people.length} logged in`);

  const scale = (ms: number) => ms * THINK_SCALE;
  const think: Think = {
    pickMs: scale(THINK.pickMs),
    offerMs: scale(THINK.offerMs),
    typeMs: Object.fromEntries(Object.entries(THINK.typeMs).map(([k, v]) => [k, scale(v)])),
    resolveMs: scale(THINK.resolveMs),
    talkMs: scale(THINK.talkMs),
  };
  const crowds: Array<Forked<unknown>> = [];
  for (let c = 0; c < 2; c++) {
    const crowd = await forkTs<unknown>('hotline-day/crowd.ts');
    stoppers.push(stopForked(crowd));
    crowds.push(crowd);
  }
  const answers = await Promise.all(
    crowds.map((crowd, c) =>
      ask<{ connected?: number; error?: string }>(crowd, { type: 'start', spec: { agents: people.filter((_, i) => i % 2 === c), think } }),
    ),
  );
  for (const a of answers) if (a.error) throw new Error(`crowd: ${a.error}`);
  log(`${answers.reduce((n, a) => n + (a.connected ?? 0), 0)} consoles connected`);

  const generator = await forkTs<unknown>('hotline-day/generator.ts');
  stoppers.push(stopForked(generator));

  const pids = new Map<string, number>([
    ['nodeA', nodes[0]!.proc.child.pid!],
    ['nodeB', nodes[1]!.proc.child.pid!],
    ['ferretdb', svc.ferretdb.pid!],
    ['redis', svc.redis.pid!],
    ['generator', generator.child.pid!],
    ['crowd1', crowds[0]!.child.pid!],
    ['crowd2', crowds[1]!.child.pid!],
    ['sinks', sinks.child.pid!],
    ['runner', process.pid],
  ]);
  return { nodes, sinks, crowds, generator, people, contracts, pids };
}

// ---------- references ----------
async function rawInsertRate(seconds: number, concurrency: number): Promise<{ perSecond: number; p99: number }> {
  const col = mongoose.connection.db!.collection('bench_raw');
  const ms: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const t0 = nowMs();
        await col.insertOne({ at: new Date(), body: 'Buongiorno, la bolletta di questo mese mi sembra troppo alta.', n: ms.length });
        ms.push(nowMs() - t0);
      }
    }),
  );
  return { perSecond: round(ms.length / ((Date.now() - started) / 1000)), p99: p50p99(ms).p99 };
}

/** One raw insert every 200 ms while the load runs: what the store answers right then. */
function storeProbe(): { stop(): number[] } {
  const col = mongoose.connection.db!.collection('bench_raw');
  const ms: number[] = [];
  const timer = setInterval(() => {
    const t0 = nowMs();
    void col.insertOne({ at: new Date(), probe: true }).then(
      () => ms.push(nowMs() - t0),
      () => undefined,
    );
  }, 200);
  return {
    stop: () => {
      clearInterval(timer);
      return ms;
    },
  };
}

async function commandsOf(stack: Stack): Promise<CommandCounts[]> {
  return Promise.all(stack.nodes.map((n) => storeCommands(n.url)));
}

// ---------- one step ----------
async function runStep(step: number): Promise<Record<string, unknown>> {
  log(`step ${step}: starting the stack`);
  const stack = await startStack();
  const watch = new ProcessWatch(stack.pids);
  const people = stack.people.length;

  // 1. Idle: consoles connected, nothing arriving (after the connections' own work settles).
  await sleep(10_000);
  const idleBefore = await commandsOf(stack);
  watch.begin();
  await sleep(IDLE_SECONDS * 1000);
  const idle = watch.end();
  const idleAfter = await commandsOf(stack);
  const idleCommands = diffCounts(idleBefore.map((b, i) => [b, idleAfter[i]!]));
  const perAgentMinute = people * (IDLE_SECONDS / 60);
  log(`idle: ${total(idleCommands)} store commands in ${IDLE_SECONDS} s; CPU ${JSON.stringify(idle.cpuPercent)}`);

  // 2. The raw driver's insert rate against the same FerretDB, right now.
  const rawInsert = await rawInsertRate(5, 10);
  log(`raw insertOne: ${rawInsert.perSecond}/s, p99 ${rawInsert.p99} ms`);

  // 3. The load.
  const rates = { sms: TARGET.sms * step, ivr: TARGET.ivr * step, mail: TARGET.mail * step, form: TARGET.form * step };
  const spec: GeneratorSpec = {
    nodes: stack.nodes.map((n) => ({ url: n.url, smtpPort: n.smtpPort })),
    publicBase: PUBLIC,
    authToken: AUTH_TOKEN,
    bareUrl: stack.sinks.first.bareUrl,
    seconds: SECONDS,
    rates,
    smsReadingShare: SMS_READINGS,
    callAgentShare: CALL_AGENT_SHARE,
    contracts: stack.contracts,
    tag: Date.now().toString(36),
  };
  const loadBefore = await commandsOf(stack);
  watch.begin();
  const probe = storeProbe();
  log(`load: ${JSON.stringify(rates)} per second for ${SECONDS} s`);
  const gen = await ask<GeneratorReport & { error?: string }>(stack.generator, { type: 'run', spec }, (SECONDS + 120) * 1000);
  if (gen.error) throw new Error(`generator: ${gen.error}`);
  // Screens and replies still on their way.
  await sleep(5000);
  const storeUnderLoad = probe.stop();
  const load = watch.end();
  const loadAfter = await commandsOf(stack);
  const loadCommands = diffCounts(loadBefore.map((b, i) => [b, loadAfter[i]!]));

  const crowdReports = await Promise.all(stack.crowds.map((c) => ask<CrowdReport>(c, { type: 'report' })));
  const sinks = await ask<SinkReport>(stack.sinks, 'report');

  // 4. The join, through the store.
  const firstQueued = new Map<string, number>();
  for (const r of crowdReports)
    for (const [t, at] of Object.entries(r.firstQueued)) if (!firstQueued.has(t) || at < firstQueued.get(t)!) firstQueued.set(t, at);
  const inbound = await Message.find({ direction: 'in' }, { _id: 1, ticketId: 1, channel: 1, externalId: 1, subject: 1, body: 1 }).lean();
  const ticketsOfKey = new Map<string, Set<string>>();
  const rowsOfKey = new Map<string, number>();
  const note = (key: string, ticketId: unknown) => {
    rowsOfKey.set(key, (rowsOfKey.get(key) ?? 0) + 1);
    const set = ticketsOfKey.get(key) ?? new Set<string>();
    if (ticketId) set.add(String(ticketId));
    ticketsOfKey.set(key, set);
  };
  for (const m of inbound) {
    if (m.channel === 'sms' || m.channel === 'voice') note(String(m.externalId ?? ''), m.ticketId);
    else {
      const token = /HD-[MF]-[a-z0-9]+-\d+/.exec(`${m.subject ?? ''} ${m.body ?? ''}`)?.[0];
      if (token) note(token, m.ticketId);
    }
  }
  // Acknowledged, durably in the inbox, but not processed into a message yet (ingest failed
  // after its first write; the retry job finishes it INGEST_RETRY_AFTER_SECONDS later).
  const inInbox = new Set<string>();
  for (const e of await Inbox.find({}, { _id: 1, payload: 1 }).lean()) {
    const id = String(e._id);
    if (id.startsWith('sms:') || id.startsWith('voice:')) inInbox.add(id.slice(id.indexOf(':') + 1));
    const token = /HD-[MF]-[a-z0-9]+-\d+/.exec(e.payload ?? '')?.[0];
    if (token) inInbox.add(token);
  }
  const acked: Array<[string, number]> = [
    ...Object.entries(gen.acks.sms),
    ...Object.entries(gen.acks.voice),
    ...Object.entries(gen.acks.mail),
    ...Object.entries(gen.acks.form),
  ];
  let notStored = 0;
  let notShown = 0;
  let pendingInInbox = 0;
  let withoutTicket = 0;
  const lostExamples: string[] = [];
  let duplicated = 0;
  const screen: number[] = [];
  const screenFromSend: number[] = [];
  const ticketOfKey = new Map<string, string>();
  for (const [key, ackAt] of acked) {
    const tickets = ticketsOfKey.get(key);
    if (!tickets || tickets.size === 0) {
      // A message row without its ticket is stored, but no agent can see it either.
      const state = inInbox.has(key) ? 'still in the inbox' : rowsOfKey.has(key) ? 'stored without a ticket' : 'not stored';
      if (state === 'still in the inbox') pendingInInbox += 1;
      else if (state === 'stored without a ticket') withoutTicket += 1;
      else notStored += 1;
      if (lostExamples.length < 5) lostExamples.push(`${state}: ${key}`);
      continue;
    }
    if (tickets.size > 1 || (rowsOfKey.get(key) ?? 0) > 1) duplicated += 1;
    const ticketId = [...tickets][0]!;
    ticketOfKey.set(key, ticketId);
    const shown = firstQueued.get(ticketId);
    if (shown === undefined) {
      notShown += 1;
      if (lostExamples.length < 5) lostExamples.push(`not shown: ${key} (ticket ${ticketId})`);
    }
    // Shown before the sender had its answer counts as no wait.
    else {
      screen.push(Math.max(0, shown - ackAt));
      screenFromSend.push(shown - (gen.sent[key] ?? ackAt));
    }
  }
  const readingsStored = await Reading.countDocuments();
  const readingsLost = Math.max(0, gen.readingsAcked - readingsStored);
  const ticketsStored = await Ticket.countDocuments();

  // Replies: claim + (sent → at the provider), the agent's typing left out; call bridges from the claim.
  const replies = crowdReports.flatMap((r) => r.replies).filter((r) => r.ok && (r.channel === 'sms' || r.channel === 'email'));
  const claimToDelivered: number[] = [];
  const sendToDelivered: number[] = [];
  let undelivered = 0;
  for (const r of replies) {
    const at = sinks.replies[r.ticketId];
    if (at === undefined) {
      undelivered += 1;
      continue;
    }
    sendToDelivered.push(Math.max(0, at - r.sentAt));
    claimToDelivered.push(r.claimMs + Math.max(0, at - r.sentAt));
  }
  const callOfTicket = new Map([...ticketOfKey.entries()].filter(([k]) => k.startsWith('CA')).map(([k, t]) => [t, k]));
  const bridge: number[] = [];
  for (const v of crowdReports.flatMap((r) => r.voiceClaims)) {
    const sid = callOfTicket.get(v.ticketId);
    const at = sid ? sinks.bridges[sid] : undefined;
    if (at !== undefined) bridge.push(Math.max(0, at - v.at));
  }

  // Contacts that arrived (answered in time or not: the work behind a timed-out request still happens).
  const contacts = gen.channels.sms.offered + gen.calls + gen.channels.mail.offered + gen.channels.form.offered;
  const minutes = gen.elapsedSeconds / 60;
  const webhookMs = [...gen.channels.sms.ms, ...gen.channels.ivr.ms, ...gen.channels.mail.ms, ...gen.channels.form.ms];
  const webhook = p50p99(webhookMs);
  const screenPct = p50p99(screen);
  // Never shown during the run: a contact still waiting in the inbox counts, however safe it is.
  const lost = notStored + notShown + pendingInInbox + withoutTicket + readingsLost;
  const held = webhook.p99 < 100 && screenPct.p99 < 100 && lost === 0 && duplicated === 0 && screen.length > 0;
  const channels = Object.fromEntries(
    Object.entries(gen.channels).map(([k, c]) => [
      k,
      {
        offered: c.offered,
        answered: c.answered,
        perSecond: round(c.offered / gen.elapsedSeconds, 2),
        ...p50p99(c.ms),
        failures: c.failures,
      },
    ]),
  );
  const claims = crowdReports.flatMap((r) => r.claims.ms);
  const sum = (f: (r: CrowdReport) => number) => crowdReports.reduce((n, r) => n + f(r), 0);
  const httpFailures: Record<string, number> = {};
  for (const r of crowdReports) for (const [k, v] of Object.entries(r.httpFailures)) httpFailures[k] = (httpFailures[k] ?? 0) + v;

  const line = {
    bench: 'hotline-day',
    step,
    seconds: round(gen.elapsedSeconds),
    nodes: 2,
    agents: AGENTS,
    supervisors: SUPERVISORS,
    targetRates: rates,
    channels,
    webhook,
    screen: { ...screenPct, shown: screen.length },
    // The customer's side: from sending the webhook (or mail, or form) to the agent's screen.
    screenFromSend: p50p99(screenFromSend),
    replyDelivered: { ...p50p99(claimToDelivered), sendP99: p50p99(sendToDelivered).p99, undelivered },
    callBridged: p50p99(bridge),
    lost: { total: lost, notStored, notShown, pendingInInbox, withoutTicket, readings: readingsLost, examples: lostExamples },
    duplicated,
    // Tickets beyond the acknowledged contacts' are requests that timed out after the durable write.
    stored: { tickets: ticketsStored, readings: readingsStored, contactsWithTicket: ticketOfKey.size },
    agentsWork: {
      claims: {
        ok: sum((r) => r.claims.ok),
        conflict: sum((r) => r.claims.conflict),
        failed: sum((r) => r.claims.failed),
        ...p50p99(claims),
      },
      offers: { received: sum((r) => r.offers.received), accepted: sum((r) => r.offers.accepted) },
      replies: replies.length,
      resolved: sum((r) => r.resolved),
      httpFailures,
      socketDisconnects: sum((r) => r.disconnects),
    },
    peakRssMb: load.peakRssMb,
    cpuPercent: load.cpuPercent,
    idleCpuPercent: idle.cpuPercent,
    ferretdbAloneCpuPercent: storeAloneCpuPercent,
    // The box is shared: how busy it was, and how much of that was not this benchmark.
    machine: { ...load.machine, loadAverage1m: round(loadavg()[0] ?? 0, 2), idle: idle.machine },
    storeCommands: {
      contacts,
      perContact: round(total(loadCommands) / Math.max(contacts, 1), 1),
      // Agents racing for one item cost store commands too: compare runs with similar figures here.
      lostClaimsPerContact: round(sum((r) => r.claims.conflict) / Math.max(contacts, 1), 2),
      perConnectedAgentPerMinute: round(total(idleCommands) / perAgentMinute, 2),
      connected: people,
      topPerContact: top(loadCommands, contacts),
      topPerAgentMinute: top(idleCommands, perAgentMinute),
      duringLoadPerSecond: round(total(loadCommands) / (minutes * 60)),
    },
    reference: {
      bare: p50p99(gen.reference.bare),
      healthz: p50p99(gen.reference.healthz),
      rawInsert,
      rawInsertUnderLoad: p50p99(storeUnderLoad),
    },
    targets: {
      webhookP99Ms: 100,
      screenP99Ms: 100,
      held,
      missedBy: { webhookP99: round(webhook.p99 / 100, 2), screenP99: round(screenPct.p99 / 100, 2), lost, duplicated },
    },
  };

  log(`step ${step}: stopping`);
  await Promise.all(stack.crowds.map((c) => ask(c, { type: 'stop' }, 10_000).catch(() => undefined)));
  await cleanup();
  services = null;
  return line;
}

async function main(): Promise<void> {
  const results: Array<Record<string, unknown>> = [];
  for (const step of STEPS) {
    const r = await runStep(step);
    results.push(r);
    if (STEPS.length > 1) log(JSON.stringify(r));
  }
  if (STEPS.length === 1) {
    process.stdout.write(`${JSON.stringify(results[0])}\n`);
    return;
  }
  const held = results.filter((r) => (r.targets as { held: boolean }).held).map((r) => r.step as number);
  process.stdout.write(
    `${JSON.stringify({ bench: 'hotline-day-steps', highestStepHeld: held.length ? Math.max(...held) : null, steps: results })}\n`,
  );
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    // After a signal the stack is being taken down under the step's feet: its errors say nothing.
    if (interrupted) return;
    process.stderr.write(`hotline-day failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    void services?.stop();
    await cleanup();
    process.exit(1);
  },
);
