// it-2026 counts the power reduction from the formal notice's receipt. A notice that went by
// registered post has no delivery callback: the back office records the date on the return
// receipt (avviso di ricevimento), and the ladder counts from that date — here two bills whose
// receipts came back four days apart get their power reduction on different days.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../core/clock';
import { Audit, Bill } from '../../models';
import { Reminder } from '../../models/reminder';
import { loginAs, makeAgent } from '../support/agents';
import { seedBill } from '../factories/bills';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';

const PUBLIC = 'http://hotline.example.test';
const DUE = '2026-09-30T22:00:00.000Z'; // 1 Oct 2026, Rome
let now = new Date('2026-10-01T09:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let twilio: TwilioStandIn;
let server: TestServer;
let admin: Session;
let agent: Session;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer(
    {
      RULE_SET: 'it-2026',
      PUBLIC_BASE_URL: PUBLIC,
      TWILIO_API_BASE_URL: twilio.url,
      TWILIO_SMS_PER_SECOND: '0',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'notice-receipt-')),
    },
    { clock },
  );
  admin = await server.admin();
  agent = await loginAs(server.session(), await makeAgent());
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
});

const run = async (iso: string) => {
  now = new Date(iso);
  const res = await admin.post('/api/admin/jobs/reminders/run', { asOf: iso });
  expect(res.status).toBe(200);
  return res.body.counts as Record<string, number>;
};
const reduction = (billNumber: string) => Reminder.findById(`${billNumber}:power_reduction`).lean();
const receipt = (billNumber: string, receivedOn: unknown) => agent.post(`/api/bills/${billNumber}/notice-receipt`, { receivedOn });

test('the power reduction counts from the recorded receipt date; a date before sending or in the future is refused', async () => {
  const early = await seedBill(admin, { amount: 120, dueAt: DUE }, { service: 'electricity' });
  const late = await seedBill(admin, { amount: 120, dueAt: DUE }, { service: 'electricity' });
  await Bill.updateMany({ _id: { $in: [early.billNumber, late.billNumber] } }, { $set: { dunning: { stage: 'due_soon' } } });

  // No notice yet: nothing to record.
  expect((await receipt(early.billNumber, '2026-10-02')).status).toBe(404);
  await run('2026-10-21T09:00:00Z'); // first reminder, 20 days after the due date
  await run('2026-11-10T09:00:00Z'); // the formal notice, 40 days after it
  for (const b of [early, late]) expect(await Reminder.findById(`${b.billNumber}:formal_notice`).lean()).toMatchObject({ status: 'sent' });

  // Nobody confirms delivery: the ladder waits, whatever the date.
  expect((await run('2026-12-20T09:00:00Z')).awaitingDelivery).toBeGreaterThanOrEqual(2);
  expect(await reduction(early.billNumber)).toBeNull();

  // Refused, naming why, and nothing stored: before the notice was sent, in the future, not a date.
  now = new Date('2026-11-20T09:00:00Z');
  const before = await receipt(early.billNumber, '2026-11-09');
  expect(before.status).toBe(400);
  expect(before.body.message).toMatch(/before the notice was sent \(2026-11-10\)/);
  const future = await receipt(early.billNumber, '2026-11-21');
  expect(future.status).toBe(400);
  expect(future.body.message).toMatch(/in the future/);
  expect((await receipt(early.billNumber, '12/11/2026')).status).toBe(400);
  expect((await receipt(early.billNumber, '2026-02-30')).status).toBe(400);
  expect((await Reminder.findById(`${early.billNumber}:formal_notice`).lean())!.receivedAt).toBeUndefined();

  expect((await receipt(early.billNumber, '2026-11-12')).status).toBe(200);
  expect((await receipt(late.billNumber, '2026-11-16')).status).toBe(200);
  expect(await Audit.findOne({ action: 'notice.receipt', target: `bill:${early.billNumber}` }).lean()).toMatchObject({
    details: JSON.stringify({ receivedOn: '2026-11-12' }),
  });
  // The customer panel shows it.
  const panel = await agent.get(`/api/customers/${early.accountNumber}`);
  expect(panel.body.bills.find((b: any) => b.billNumber === early.billNumber).formalNotice).toEqual({
    sentAt: expect.any(String),
    receivedAt: '2026-11-11T23:00:00.000Z',
  });

  // Received 12 Nov: 25 days → 7 Dec, then 3 working days (8 Dec is a holiday) → 11 Dec.
  // Received 16 Nov: 25 days → 11 Dec, then 3 working days → 16 Dec.
  await run('2026-12-10T09:00:00Z');
  expect(await reduction(early.billNumber)).toBeNull();
  await run('2026-12-11T09:00:00Z');
  expect(await reduction(early.billNumber)).toMatchObject({ status: 'sent' });
  await run('2026-12-15T09:00:00Z');
  expect(await reduction(late.billNumber)).toBeNull();
  await run('2026-12-16T09:00:00Z');
  expect(await reduction(late.billNumber)).toMatchObject({ status: 'sent' });
});
