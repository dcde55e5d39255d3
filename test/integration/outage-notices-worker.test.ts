// The restoration notice of an outage to 5,000 customers is sent exactly once although the
// worker sending it is killed half-way (issue 13). The HTTP node leaves background work to
// worker processes (`npm run worker`, as in production); the Twilio stand-in stops answering
// after 2,000 messages, so every lane of the worker is inside a provider call that was never
// accepted when it is SIGKILLed; a second worker, started by the schedule's resume, sends the
// other 3,000 — none twice, none missed — and the outage's figures count each once.
import { randomBytes } from 'node:crypto';
import { Outage, OutageNotice } from '../../models';
import { seedArea } from '../factories/outage-area';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

jest.setTimeout(300_000);

const CUSTOMERS = 5000;
const KILL_AFTER = 2000;
const LANES = 16;

let twilio: TwilioStandIn;
let node: TestServer;
let admin: Session;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  node = await startTestServer({ RUN_WORKERS: 'false', TWILIO_API_BASE_URL: twilio.url, TWILIO_SMS_PER_SECOND: '0' });
  admin = await node.admin();
});
afterAll(async () => {
  for (const w of workers) await w.stop().catch(() => undefined);
  await node?.close();
  await twilio?.close();
});

const workerEnv = {
  TWILIO_API_BASE_URL: '',
  TWILIO_SMS_PER_SECOND: '0',
  // A dead worker's notices are taken over at once (production: after 5 minutes).
  REMINDER_CLAIM_LEASE_SECONDS: '0',
  REMINDER_CONCURRENCY: String(LANES),
};

const accepted = () => twilio.messages().filter((m) => m.status === 201);

test('5,000 restoration notices across a killed worker: each customer texted once', async () => {
  const area = `KILL-${randomBytes(3).toString('hex')}`;
  const people = await seedArea(CUSTOMERS, { areaCode: area, language: 'it' });
  // Urgent: the run may fall at night (the worker keeps the real time), and an urgent outage's notices go out at any hour.
  const declared = await admin.post('/api/admin/outages', { service: 'electricity', areaCodes: [area], urgent: true });
  expect(declared.status).toBe(201);
  const id = declared.body.outage.id as string;
  const env = { ...workerEnv, TWILIO_API_BASE_URL: twilio.url };

  const first = await startWorkerProcess({ mongoUri: node.ctx.mongoUri, redisUrl: node.ctx.redisUrl, env });
  workers.push(first);
  twilio.clear();
  twilio.holdMessagesAfter(KILL_AFTER);
  expect((await admin.post(`/api/admin/outages/${id}/resolve`, {})).status).toBe(200);
  // Every lane stuck in a send the provider never accepted: the worker dies mid-run.
  await waitFor(() => accepted().length >= KILL_AFTER && twilio.held() >= LANES, 180_000, 'the first worker to stall');
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));
  twilio.release();
  expect(accepted()).toHaveLength(KILL_AFTER);
  expect(await OutageNotice.countDocuments({ outageId: id, status: 'sent' })).toBe(KILL_AFTER);
  expect(await OutageNotice.countDocuments({ outageId: id, status: 'sending' })).toBe(LANES);
  expect(await Outage.findById(id).lean()).toMatchObject({ noticeRuns: { resolved: { planned: true } } });

  // A worker again, and the schedule's resume (what the cron does every two minutes).
  const second = await startWorkerProcess({ mongoUri: node.ctx.mongoUri, redisUrl: node.ctx.redisUrl, env });
  workers.push(second);
  const resume = await admin.post('/api/admin/jobs/outage-notices/run', {});
  expect(resume.body).toMatchObject({ status: 'succeeded', counts: { outages: 1 } });
  await waitFor(async () => (await Outage.findById(id).lean())?.noticeRuns?.resolved?.done, 180_000, 'the notices to finish');

  const texts = accepted();
  expect(texts).toHaveLength(CUSTOMERS);
  const recipients = new Set(texts.map((m) => String(m.params.To)));
  expect(recipients.size).toBe(CUSTOMERS);
  expect(people.every((c) => recipients.has(c.phone))).toBe(true);
  expect(await OutageNotice.countDocuments({ outageId: id, status: 'sent' })).toBe(CUSTOMERS);
  expect(await Outage.findById(id).lean()).toMatchObject({
    figures: { notices: { resolved: { planned: CUSTOMERS, sent: CUSTOMERS, failed: 0, unreachable: 0 } } },
  });
  expect(await second.stop()).toBe(0);
});
