// The per-customer cap on reminder messages: a customer with five bills falling due gets one
// combined message a day naming the count and the total, not five; every bill's reminder is
// still recorded, and a second run the same day sends nothing more.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../core/clock';
import { Audit } from '../../models';
import { Reminder } from '../../models/reminder';
import { loginAs, makeAgent } from '../support/agents';
import { addBill, seedBill } from '../factories/bills';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';

// Due Thursday 1 Oct 2026 (local midnight in Rome); due soon from Monday 28 Sep.
const DUE = '2026-09-30T22:00:00.000Z';
let now = new Date('2026-09-28T08:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let twilio: TwilioStandIn;
let server: TestServer;
let admin: Session;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer(
    { TWILIO_API_BASE_URL: twilio.url, TWILIO_SMS_PER_SECOND: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'reminder-cap-')) },
    { clock },
  );
  admin = await server.admin();
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
});

async function runAsOf(iso: string) {
  now = new Date(iso);
  const res = await admin.post('/api/admin/jobs/reminders/run', { asOf: iso });
  expect(res.status).toBe(200);
  return res.body.counts as Record<string, number>;
}

test('five bills due the same days: one combined message a day, with the count and the total', async () => {
  const c = await seedBill(admin, { amount: 10, dueAt: DUE });
  const bills = [c.billNumber];
  for (const amount of [20, 30, 40, 50]) bills.push(await addBill(admin, c.contractNumber, { amount, dueAt: DUE }));
  const smsTo = () => twilio.messages().filter((m) => m.params.To === c.phone && m.status === 201);

  await runAsOf('2026-09-28T08:00:00Z');
  expect(smsTo()).toHaveLength(1);
  expect(smsTo()[0]!.params.Body).toMatch(/5 bollette/);
  expect(smsTo()[0]!.params.Body).toMatch(/150,00\s€/);
  const dueSoon = await Reminder.find({ billNumber: { $in: bills }, stage: 'due_soon' }).lean();
  expect(dueSoon.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
  expect(dueSoon.filter((r) => r.reason === 'combined')).toHaveLength(4);

  await runAsOf('2026-09-28T13:00:00Z');
  expect(smsTo()).toHaveLength(1);

  // The first reminders, three weeks later: again one message for the five bills.
  await runAsOf('2026-10-21T08:00:00Z');
  expect(smsTo()).toHaveLength(2);
  expect(smsTo()[1]!.params.Body).toMatch(/5 bollette/);
  expect(await Reminder.countDocuments({ billNumber: { $in: bills }, stage: 'first_reminder', status: 'sent' })).toBe(5);
});

test('an agent records that the customer wants no courtesy reminders: audited, honoured, the legal notice still goes', async () => {
  const c = await seedBill(admin, { amount: 60, dueAt: DUE });
  const agent = await loginAs(server.session(), await makeAgent());
  const path = `/api/customers/${c.accountNumber}/consents`;
  expect((await agent.request('PATCH', path, {})).status).toBe(400);
  expect((await agent.request('PATCH', path, { reminders: 'no' })).status).toBe(400);
  expect((await agent.request('PATCH', '/api/customers/NOSUCH1/consents', { reminders: false })).status).toBe(404);
  const res = await agent.request('PATCH', path, { reminders: false, marketing: false });
  expect(res.status).toBe(200);
  expect((await Audit.findOne({ target: `customer:${c.accountNumber}`, action: 'consent.change' }).lean())?.details).toBe(
    'reminders=false marketing=false',
  );
  const smsTo = () => twilio.messages().filter((m) => m.params.To === c.phone && m.status === 201);

  await runAsOf('2026-09-29T08:00:00Z');
  expect(smsTo()).toHaveLength(0);
  expect(await Reminder.findById(`${c.billNumber}:due_soon`).lean()).toMatchObject({ status: 'cancelled', reason: 'consent_reminders' });
  await runAsOf('2026-10-21T08:00:00Z');
  expect(await Reminder.findById(`${c.billNumber}:first_reminder`).lean()).toMatchObject({ reason: 'consent_reminders' });
  await runAsOf('2026-11-10T09:00:00Z');
  expect(smsTo()).toHaveLength(1);
  expect(await Reminder.findById(`${c.billNumber}:formal_notice`).lean()).toMatchObject({ status: 'sent' });
});
