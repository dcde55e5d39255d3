// The vulnerability register end to end on the it-2026 rule set (the one with both a power
// reduction and a suspension): flags from the import and from agents, the ladder stopped at
// the last notice with a case-worker task, the gentle wording, the ticket priority, what
// agents and supervisors see, the review job, and the call list of an area.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock';
import { Audit, Bill, Ticket } from '../../models';
import { Task } from '../../models/task';
import { seedBill, type SeededBill } from '../factories/bills';
import { seedCustomer, uniqueNumber } from '../factories/billing';
import { loginAs, makeAgent } from '../support/agents';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

const PUBLIC = 'http://hotline.example.test';
// Due Thursday 1 Oct 2026 (local midnight in Rome).
const DUE = '2026-09-30T22:00:00.000Z';
let now = new Date('2026-09-20T08:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let twilio: TwilioStandIn;
let server: TestServer;
let admin: Session;
let agent: Session;
let supervisor: Session;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer(
    {
      RULE_SET: 'it-2026',
      PUBLIC_BASE_URL: PUBLIC,
      TWILIO_API_BASE_URL: twilio.url,
      TWILIO_SMS_PER_SECOND: '0',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'protection-test-')),
    },
    { clock },
  );
  twilio.forwardCallbacks(PUBLIC, server.url);
  admin = await server.admin();
  agent = await loginAs(server.session(), await makeAgent());
  supervisor = await loginAs(server.session(), await makeAgent({ role: 'supervisor' }));
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
});

/** The customer's row again, with the register's columns. */
async function flagByImport(c: SeededBill | { accountNumber: string; phone: string; email: string }, columns: Record<string, string>) {
  return admin.post('/api/admin/import/customers', [
    { accountNumber: c.accountNumber, name: 'Maria Rossi', phone: c.phone, email: c.email, language: 'it', ...columns },
  ]);
}

/**
 * One run of the reminders job as of `iso`; every SMS it sent is then delivered (Twilio's
 * signed status callback, at that instant): it-2026 counts the power reduction from the
 * notice's proven delivery.
 */
const delivered = new Set<string>();
async function runAsOf(iso: string) {
  now = new Date(iso);
  const res = await admin.post('/api/admin/jobs/reminders/run', { asOf: iso });
  expect(res.status).toBe(200);
  for (const m of twilio.messages())
    if (m.status === 201 && m.sid && !delivered.has(m.sid)) {
      delivered.add(m.sid);
      await twilio.statusCallback(m.sid, 'delivered');
    }
  return res.body.counts as Record<string, number>;
}

const tasksOf = async (billNumber: string) => (await Task.find({ billNumber }).lean()).map((t) => t.kind).sort();
const smsTo = (phone: string) => twilio.messages().filter((m) => m.params.To === phone && m.status === 201);

test('an import row with a kind the register does not know is refused, naming the field', async () => {
  const c = await seedCustomer(admin);
  const res = await flagByImport(c, { vulnerability: 'wizard' });
  expect(res.body.failed).toBe(1);
  expect(res.body.errors[0].field).toMatch(/^vulnerability/);
  const bad = await flagByImport(c, { vulnerability: 'life_support', vulnerabilityReviewAt: 'next year' });
  expect(bad.body.errors[0]).toMatchObject({ field: 'vulnerabilityReviewAt' });
});

test('a life-support supply stops at the formal notice, a case worker gets a task, the wording is gentle', async () => {
  const flagged = await seedBill(admin, { amount: 120, dueAt: DUE }, { service: 'electricity' });
  const plain = await seedBill(admin, { amount: 120, dueAt: DUE }, { service: 'electricity' });
  const imported = await flagByImport(flagged, {
    vulnerability: 'life_support',
    vulnerabilityReason: 'home ventilator',
    vulnerabilityReviewAt: '2027-01-01',
  });
  expect(imported.body.failed).toBe(0);

  // Every few days through five months: the whole ladder of the unflagged bill, and beyond.
  let protectedCount = 0;
  for (let t = new Date('2026-10-21T08:00:00Z').getTime(); t < new Date('2027-03-01T08:00:00Z').getTime(); t += 4 * 86_400_000)
    protectedCount += (await runAsOf(new Date(t).toISOString())).protected ?? 0;

  expect(await tasksOf(plain.billNumber)).toEqual(['postal_dispatch', 'power_reduction', 'suspension']);
  expect(await tasksOf(flagged.billNumber)).toEqual(['postal_dispatch', 'protected_case']);
  expect(protectedCount).toBeGreaterThan(0);
  const bill = await Bill.findById(flagged.billNumber).lean();
  expect(bill?.dunning).toMatchObject({ stage: 'formal_notice', pausedReason: 'protected' });
  const caseTask = await Task.findById(`protected_case:${flagged.billNumber}`).lean();
  expect(caseTask?.note).not.toMatch(/ventilator|life_support/);

  // Same stage, two wordings: the flagged customer's offers help, the other one warns.
  const gentle = smsTo(flagged.phone).map((m) => m.params.Body);
  const standard = smsTo(plain.phone).map((m) => m.params.Body);
  expect(gentle.length).toBeGreaterThanOrEqual(2);
  expect(gentle.join(' ')).toMatch(/aiuter|soluzione/);
  expect(gentle.join(' ')).not.toMatch(/potenza della fornitura sarà ridotta/);
  expect(standard.join(' ')).toMatch(/potenza della fornitura sarà ridotta/);
});

test('an agent sets a flag with the evidence; the audit keeps the kind, not the evidence; bad input is refused', async () => {
  const c = await seedCustomer(admin);
  const path = `/api/customers/${c.accountNumber}/vulnerabilities`;
  expect((await server.session().post(path, { kind: 'hardship', evidence: 'x' })).status).toBe(401);
  const noEvidence = await agent.post(path, { kind: 'hardship' });
  expect(noEvidence.status).toBe(400);
  expect(noEvidence.body.message).toMatch(/evidence/);
  expect((await agent.post(path, { kind: 'sad', evidence: 'x' })).status).toBe(400);
  expect((await agent.post('/api/customers/NOPE123/vulnerabilities', { kind: 'hardship', evidence: 'x' })).status).toBe(404);

  const ok = await agent.post(path, { kind: 'medical', reason: 'dialysis at home', evidence: 'ASL certificate 77/2026' });
  expect(ok.status).toBe(201);
  const audits = await Audit.find({ target: `customer:${c.accountNumber}` }).lean();
  expect(audits.map((a) => a.action)).toEqual(['vulnerability.set']);
  expect(JSON.stringify(audits)).not.toMatch(/dialysis|ASL/);

  // The panel: the agent sees an essential supply, the supervisor the detail.
  const asAgent = await agent.get(`/api/customers/${c.accountNumber}`);
  expect(asAgent.body.customer.vulnerabilities).toEqual([
    { kind: 'essential_supply', status: 'confirmed', source: 'agent', reviewAt: null },
  ]);
  expect(asAgent.text).not.toMatch(/dialysis|ASL/);
  const asSupervisor = await supervisor.get(`/api/customers/${c.accountNumber}`);
  expect(asSupervisor.body.customer.vulnerabilities[0]).toMatchObject({ kind: 'medical', reason: 'dialysis at home' });

  const removed = await agent.request('DELETE', `${path}/medical`);
  expect(removed.status).toBe(204);
  expect((await agent.request('DELETE', `${path}/medical`)).status).toBe(404);
  expect((await agent.get(`/api/customers/${c.accountNumber}`)).body.customer.vulnerabilities).toEqual([]);
});

test('every ticket from a flagged customer is one priority level higher', async () => {
  const flagged = await seedCustomer(admin);
  const plain = await seedCustomer(admin);
  await flagByImport(flagged, { vulnerability: 'elderly_disabled' });
  const sendSms = (from: string) =>
    postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', {
      MessageSid: `SM${randomBytes(16).toString('hex')}`,
      AccountSid: twilio.accountSid,
      From: from,
      To: '+390000000000',
      Body: 'Ho una domanda sulla mia bolletta, non capisco gli importi',
      NumMedia: '0',
    });
  await sendSms(flagged.phone);
  await sendSms(plain.phone);
  const ticketOf = (accountNumber: string) => waitFor(() => Ticket.findOne({ accountNumber }).lean(), 10_000, 'ticket');
  const [a, b] = await Promise.all([ticketOf(flagged.accountNumber), ticketOf(plain.accountNumber)]);
  expect(a.category).toBe(b.category);
  expect(a.priority).toBe(Math.max(1, b.priority - 1));
});

test('flags past their review date become one task each for supervisors; agents may not list them', async () => {
  const c = await seedCustomer(admin);
  await flagByImport(c, { vulnerability: 'temporary', vulnerabilityReason: 'bereavement', vulnerabilityReviewAt: '2026-12-01' });
  const before = await admin.post('/api/admin/jobs/protection-review/run', { asOf: '2026-11-30T08:00:00Z' });
  expect(before.body.counts.overdue ?? 0).toBe(0);
  const first = await admin.post('/api/admin/jobs/protection-review/run', { asOf: '2026-12-02T08:00:00Z' });
  expect(first.body.counts.created).toBeGreaterThanOrEqual(1);
  const again = await admin.post('/api/admin/jobs/protection-review/run', { asOf: '2026-12-03T08:00:00Z' });
  expect(again.body.counts.created).toBe(0);
  expect((await agent.get('/api/protection/reviews')).status).toBe(403);
  const list = await supervisor.get('/api/protection/reviews');
  expect(list.body.reviews.filter((r: { accountNumber: string }) => r.accountNumber === c.accountNumber)).toHaveLength(1);
});

test("an area's protected customers, essential supplies first (the outage call list)", async () => {
  const area = uniqueNumber('AREA');
  const hardship = await seedCustomer(admin, { areaCode: area });
  const life = await seedCustomer(admin, { areaCode: area });
  await seedCustomer(admin, { areaCode: area });
  await flagByImport(hardship, { vulnerability: 'hardship' });
  await flagByImport(life, { vulnerability: 'life_support' });
  expect((await agent.get(`/api/protection/flagged?areaCode=${area}`)).status).toBe(403);
  expect((await supervisor.get('/api/protection/flagged')).status).toBe(400);
  const res = await supervisor.get(`/api/protection/flagged?areaCode=${area}`);
  expect(res.body.customers.map((c: { accountNumber: string; essential: boolean }) => [c.accountNumber, c.essential])).toEqual([
    [life.accountNumber, true],
    [hardship.accountNumber, false],
  ]);
});
