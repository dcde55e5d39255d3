// The scheduler's guarantees for the reminders job against the real Redis and store: two
// nodes ticking the same cron slot give one run; a worker process killed mid-run and
// then restarted sends nothing twice and misses nothing. (The one case no design can
// settle without provider-side idempotency — killed after Twilio accepted an SMS and before
// we recorded it — is resent: a rare duplicate rather than a missed legal step.)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { fixedClock } from '../../core/clock';
import { createRedis } from '../../jobs/connection';
import { Scheduler } from '../../jobs/scheduler';
import { jobDefinitions } from '../../jobs/registry';
import { Bill, JobRun } from '../../models';
import { Reminder } from '../../models/reminder';
import type { AppContext } from '../../app/context';
import { seedBill, type SeededBill } from '../factories/bills';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

const DUE = '2026-09-30T22:00:00.000Z';
const AS_OF = new Date('2026-09-29T08:00:00.000Z'); // Tue 29 Sep, 10:00 in Rome: due soon
const dataDir = mkdtempSync(join(tmpdir(), 'scheduler-test-'));

let twilio: TwilioStandIn;
let server: TestServer;
let admin: Session;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer(
    { TWILIO_API_BASE_URL: twilio.url, TWILIO_SMS_PER_SECOND: '0', REMINDER_CLAIM_LEASE_SECONDS: '0', DATA_DIR: dataDir },
    { clock: fixedClock(AS_OF) },
  );
  admin = await server.admin();
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
});

test('two nodes ticking the same cron slot produce one run', async () => {
  const slot = new Date('2026-09-29T08:10:00.000Z');
  const nodes = [0, 1].map((i) => {
    const conn = createRedis(server.ctx.redisUrl, `node-${i}`);
    const s = new Scheduler<AppContext>(server.ctx, conn, server.ctx.logger, 'Europe/Rome');
    s.register(jobDefinitions(server.ctx.config).find((j) => j.name === 'reminders')!);
    return { s, conn };
  });
  // Both nodes fire the tick for the same minute, concurrently; both run workers.
  await Promise.all(nodes.map(({ s }) => s.enqueueSlot('reminders', slot)));
  for (const { s } of nodes) s.startWorker();
  const conn = createRedis(server.ctx.redisUrl, 'probe');
  const queue = new Queue('scheduled', { connection: conn });
  try {
    await waitFor(async () => (await queue.getJobCounts('completed')).completed >= 1, 15_000, 'the slot job to complete');
    // A late tick of a third node for the same slot is a no-op as well.
    await nodes[0]!.s.enqueueSlot('reminders', slot);
    const counts = await queue.getJobCounts('completed', 'waiting', 'active', 'delayed');
    expect(counts).toMatchObject({ completed: 1, waiting: 0, active: 0, delayed: 0 });
    expect(await JobRun.countDocuments({ name: 'reminders', asOf: slot })).toBe(1);
  } finally {
    await queue.close();
    for (const { s } of nodes) await s.close();
    for (const { conn: c } of nodes) c.disconnect();
    conn.disconnect();
  }
});

test('a worker killed mid-run, then restarted, sends each reminder exactly once', async () => {
  const seeded: SeededBill[] = [];
  for (let i = 0; i < 10; i++) seeded.push(await seedBill(admin, { amount: 40 + i, dueAt: DUE }));
  twilio.clear();

  const child: ChildProcess = spawn(join(process.cwd(), 'node_modules/.bin/tsx'), ['test/support/reminders-worker.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      REMINDERS_AS_OF: AS_OF.toISOString(),
      WORKER_MONGODB_URI: server.ctx.mongoUri,
      WORKER_REDIS_URL: server.ctx.redisUrl,
      WORKER_TWILIO_URL: twilio.url,
      WORKER_DATA_DIR: dataDir,
      WORKER_SMS_PER_SECOND: '0',
      WORKER_DIE_AT_SEND: '4',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // tsx runs the script in a child of its own and reports its SIGKILL as exit code 137.
  expect({ killed: exit.signal === 'SIGKILL' || exit.code === 137, stderr }).toEqual({ killed: true, stderr: '' });

  // Killed at its 4th send: three went out; the other seven were claimed (inserted) by the
  // dead worker in its batch and never reached Twilio.
  expect(twilio.messages()).toHaveLength(3);
  expect(await Reminder.countDocuments({ status: 'sent' })).toBe(3);
  expect(await Reminder.countDocuments({ status: 'sending' })).toBe(7);

  const res = await admin.post('/api/admin/jobs/reminders/run', { asOf: AS_OF.toISOString() });
  expect(res.body.status).toBe('succeeded');
  for (const c of seeded) {
    const msgs = twilio.messages().filter((m) => m.params.To === c.phone);
    expect(msgs).toHaveLength(1);
  }
  expect(await Reminder.countDocuments({ stage: 'due_soon', status: 'sent' })).toBe(10);
  // And a third run changes nothing.
  await admin.post('/api/admin/jobs/reminders/run', { asOf: AS_OF.toISOString() });
  expect(twilio.messages()).toHaveLength(10);
}, 90_000);

test('a worker that died between claiming a reminder and recording the stage on the bill leaves no gap', async () => {
  const c = await seedBill(admin, { amount: 90, dueAt: DUE });
  await Bill.updateOne({ _id: c.billNumber }, { $set: { dunning: { stage: 'due_soon' } } });
  const asOf = new Date('2026-10-21T08:00:00.000Z'); // D+20: first reminder
  // What the dead worker left: the claimed (bill, stage) row, the bill still at "due_soon".
  await Reminder.create({
    _id: `${c.billNumber}:first_reminder`,
    billNumber: c.billNumber,
    stage: 'first_reminder',
    accountNumber: c.accountNumber,
    status: 'sending',
    claimedAt: new Date('2026-01-01T00:00:00Z'),
    attempts: 1,
    notBefore: asOf,
    decidedAt: asOf,
  });
  twilio.clear();
  const res = await admin.post('/api/admin/jobs/reminders/run', { asOf: asOf.toISOString() });
  expect(res.body.status).toBe('succeeded');
  expect(twilio.messages().filter((m) => m.params.To === c.phone)).toHaveLength(1);
  expect(await Reminder.findById(`${c.billNumber}:first_reminder`).lean()).toMatchObject({ status: 'sent', attempts: 2 });
  expect(await Bill.findById(c.billNumber).lean()).toMatchObject({ dunning: { stage: 'first_reminder' } });
});
