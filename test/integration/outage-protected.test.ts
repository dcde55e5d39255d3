// Protected customers in an outage (issue 13 × issue 21): declaring an outage gives each
// life-support or medical-equipment customer of its place one call task — once, whatever is
// retried, and for the new ones when the outage reaches another area — and counts the place's
// protected customers; the incident lists their contacts first, to agents without the kind of
// flag; the restoration notice reaches them before anyone else.
import { randomBytes } from 'node:crypto';
import { Customer, Outage, OutageNotice } from '../../models';
import { Task } from '../../models/task';
import { planProtectedCalls } from '../../core/outages/protected-calls';
import { seedArea, type AreaCustomer } from '../factories/outage-area';
import { AGENT_PASSWORD, makeAgent } from '../support/agents';
import { TestClock } from '../support/clock';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { supervisorSession } from '../support/supervisor';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

const PUBLIC = 'http://hotline.example.test';
// Tuesday 24 Nov 2026, 10:00 in Rome.
const clock = new TestClock(new Date('2026-11-24T09:00:00Z'));
let server: TestServer;
let twilio: TwilioStandIn;
let sup: Session;
let agent: Session;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer(
    // One notice at a time: the order they reach the provider is the order they were planned in.
    { PUBLIC_BASE_URL: PUBLIC, TWILIO_API_BASE_URL: twilio.url, TWILIO_SMS_PER_SECOND: '0', REMINDER_CONCURRENCY: '1' },
    { clock },
  );
  sup = (await supervisorSession(server)).session;
  const a = await makeAgent();
  agent = server.session();
  await agent.login(a.email, AGENT_PASSWORD);
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
});

function flag(c: AreaCustomer, kind: string, status: 'confirmed' | 'pending' = 'confirmed') {
  return Customer.updateOne(
    { _id: c.accountNumber },
    { $push: { vulnerabilities: { kind, status, source: 'import', reason: 'dialysis at home', evidence: 'certificate' } } },
  );
}

async function sms(from: string, body: string): Promise<void> {
  const params = {
    MessageSid: `SM${randomBytes(16).toString('hex')}`,
    AccountSid: twilio.accountSid,
    From: from,
    To: '+390000000000',
    Body: body,
  };
  expect((await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', params)).status).toBe(200);
}

test('declared: a call task per life-support and medical customer, once; extended to a new area: the new ones too; the count on the incident', async () => {
  const tag = randomBytes(3).toString('hex');
  const [north, south] = [`PN-${tag}`, `PS-${tag}`];
  const people = await seedArea(12, { areaCode: north });
  const others = await seedArea(5, { areaCode: south });
  await flag(people[3]!, 'life_support');
  await flag(people[7]!, 'medical', 'pending'); // the customer's own word counts for these two
  await flag(people[9]!, 'elderly_disabled');
  await flag(people[10]!, 'hardship', 'pending'); // a pending statement of another kind does not
  await flag(others[2]!, 'life_support');

  const declared = await sup.post('/api/admin/outages', { service: 'electricity', areaCodes: [north] });
  expect(declared.status).toBe(201);
  const id = declared.body.outage.id as string;
  expect(declared.body.outage.protectedCustomers).toBe(3);
  const tasks = () => Task.find({ outageId: id }).sort({ accountNumber: 1 }).lean();
  expect((await tasks()).map((t) => [t.kind, t.accountNumber, t.status])).toEqual([
    ['outage_call', people[3]!.accountNumber, 'open'],
    ['outage_call', people[7]!.accountNumber, 'open'],
  ]);

  // Done again (a retry, a second node): nothing new.
  const again = await planProtectedCalls(server.ctx, (await Outage.findById(id).lean())!);
  expect(again).toEqual({ protectedCustomers: 3, tasksCreated: 0 });

  // Extended to the south: its life-support customer gets one, the north's keep theirs.
  const extended = await sup.request('PATCH', `/api/admin/outages/${id}`, { version: 1, areaCodes: [north, south] });
  expect(extended.status).toBe(200);
  expect(extended.body.outage.protectedCustomers).toBe(4);
  expect((await tasks()).map((t) => t.accountNumber)).toEqual([people[3]!, people[7]!, others[2]!].map((c) => c.accountNumber).sort());

  // Agents and supervisors see the calls to make on the incident; a call task says "essential supply", never which.
  const seen = await agent.get(`/api/outages/${id}`);
  expect(seen.status).toBe(200);
  expect(seen.body.calls).toHaveLength(3);
  expect(seen.body.calls[0]).toEqual({
    taskId: expect.stringMatching(/^outage_call:/),
    accountNumber: expect.any(String),
    contractNumber: expect.any(String),
    status: 'open',
  });
  expect(JSON.stringify(seen.body)).not.toMatch(/life_support|medical|dialysis/);
  const listed = await agent.get('/api/outages');
  expect(listed.body.outages.find((o: { id: string }) => o.id === id)).toMatchObject({ protectedCustomers: 4 });
  const csv = await sup.get('/api/outages?status=all&format=csv');
  expect(csv.text.split('\r\n')[0]).toContain('protectedCustomers');
});

test('promoting a suspected outage calls its essential supplies too', async () => {
  const area = `PP-${randomBytes(3).toString('hex')}`;
  const people = await seedArea(4, { areaCode: area });
  await flag(people[1]!, 'life_support');
  const suspected = await Outage.create({
    areaCodes: [area],
    service: 'electricity',
    startedAt: clock.now(),
    status: 'suspected',
    version: 1,
  });
  const promoted = await sup.post(`/api/admin/outages/${String(suspected._id)}/promote`, {});
  expect(promoted.status).toBe(200);
  expect(promoted.body.outage).toMatchObject({ status: 'active', protectedCustomers: 1 });
  expect(await Task.find({ outageId: String(suspected._id) }, { accountNumber: 1 }).lean()).toEqual([
    { _id: `outage_call:${String(suspected._id)}:${people[1]!.accountNumber}`, accountNumber: people[1]!.accountNumber },
  ]);
});

test('linked contacts list protected customers first; the restoration notice goes to them before anyone else', async () => {
  const area = `PL-${randomBytes(3).toString('hex')}`;
  const people = await seedArea(10, { areaCode: area });
  const [plain, elderly, support, silentSupport] = [people[0]!, people[4]!, people[6]!, people[8]!];
  await flag(elderly, 'elderly_disabled');
  await flag(support, 'life_support');
  await flag(silentSupport, 'medical');
  const id = (await sup.post('/api/admin/outages', { service: 'electricity', areaCodes: [area], urgent: true })).body.outage.id as string;

  // The plain customer writes first, the protected ones later.
  await sms(plain.phone, 'Siamo senza luce');
  await sms(elderly.phone, 'Manca la corrente');
  await sms(support.phone, 'Guasto, ho il respiratore');
  const detail = await agent.get(`/api/outages/${id}`);
  expect(detail.body.linked.map((l: { accountNumber: string; protected?: boolean }) => [l.accountNumber, !!l.protected])).toEqual([
    [support.accountNumber, true],
    [elderly.accountNumber, true],
    [plain.accountNumber, false],
  ]);
  expect(JSON.stringify(detail.body.linked)).not.toMatch(/life_support|elderly|medical/);

  twilio.clear();
  expect((await sup.post(`/api/admin/outages/${id}/resolve`, {})).status).toBe(200);
  await waitFor(async () => (await Outage.findById(id).lean())?.noticeRuns?.resolved?.done, 30_000, 'the notices to finish');
  const order = await OutageNotice.find({ outageId: id }, { accountNumber: 1, order: 1 }).lean();
  const orderOf = (c: AreaCustomer) => order.find((n) => n.accountNumber === c.accountNumber)?.order;
  expect([support, silentSupport, elderly, plain, people[1]!].map(orderOf)).toEqual([0, 0, 1, 2, 3]);
  // Sent one at a time (REMINDER_CONCURRENCY 1): the essential supplies first, then the other flag, then the one who wrote.
  const to = twilio.messages().map((m) => m.params.To);
  expect(to).toHaveLength(10);
  expect(new Set(to.slice(0, 2))).toEqual(new Set([support.phone, silentSupport.phone]));
  expect(to.slice(2, 4)).toEqual([elderly.phone, plain.phone]);
});
