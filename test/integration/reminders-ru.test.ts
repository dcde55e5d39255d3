// The `ru` rule set end to end: the warning goes to a debtor (more than 2 months' charges overdue), and the
// limitation counts 20 days from the warning's proven delivery (Twilio's status callback).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../core/clock';
import { Bill } from '../../models';
import { Reminder } from '../../models/reminder';
import { addBill, payBill, seedBill } from '../factories/bills';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';

// http: the session cookie of an https base would be Secure, and the test talks plain http.
const PUBLIC = 'http://hotline.example.test';
let now = new Date('2026-12-01T09:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let twilio: TwilioStandIn;
let server: TestServer;
let admin: Session;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer(
    {
      RULE_SET: 'ru',
      TIMEZONE: 'Europe/Moscow',
      PUBLIC_BASE_URL: PUBLIC,
      TWILIO_API_BASE_URL: twilio.url,
      TWILIO_SMS_PER_SECOND: '0',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'reminders-ru-')),
    },
    { clock },
  );
  twilio.forwardCallbacks(PUBLIC, server.url);
  admin = await server.admin();
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
});

const run = async (iso: string) => {
  now = new Date(iso);
  const res = await admin.post('/api/admin/jobs/reminders/run', { asOf: iso });
  return res.body.counts as Record<string, number>;
};

test('limitation 20 days after the warning is delivered, not after it is sent', async () => {
  const c = await seedBill(admin, { amount: 3000, dueAt: '2026-09-30T21:00:00.000Z' }, { language: 'ru' }); // due 1 Oct, Moscow
  await Bill.updateOne({ _id: c.billNumber }, { $set: { dunning: { stage: 'due_soon' } } });
  // A debtor owes more than 2 months' charges: two earlier monthly bills of 100, paid, make the
  // supply's average charge ≈ 1,067 a month, so the 3,000 unpaid is nearly 3 months of it.
  for (const dueAt of ['2026-07-31T21:00:00.000Z', '2026-08-31T21:00:00.000Z'])
    await payBill(admin, await addBill(admin, c.contractNumber, { amount: 100, dueAt }), 100, dueAt);
  const mine = () => twilio.messages().filter((m) => m.params.To === c.phone && m.status === 201);

  // The warning goes once the bill is overdue and the supply's debt passes 2 months' charges
  // (here from the start): not on the due day, the next day.
  await run('2026-10-01T09:00:00Z');
  expect(mine()).toHaveLength(0);
  await run('2026-12-01T09:00:00Z');
  expect(mine()).toHaveLength(1);
  expect(mine()[0]!.params.Body).toContain('Maria Rossi');
  expect(mine()[0]!.params.Body).toMatch(/3\s000,00\s€/);

  // Sent on 1 Dec, not delivered: 20 days later nothing happens.
  expect((await run('2026-12-21T09:00:00Z')).awaitingDelivery).toBeGreaterThanOrEqual(1);
  expect(await Reminder.findById(`${c.billNumber}:power_reduction`).lean()).toBeNull();

  // Delivered on 5 Dec (Twilio's signed status callback).
  now = new Date('2026-12-05T09:00:00Z');
  expect(await twilio.statusCallback(mine()[0]!.sid!, 'delivered')).toBe(204);
  await run('2026-12-24T09:00:00Z');
  expect(await Reminder.findById(`${c.billNumber}:power_reduction`).lean()).toBeNull();
  await run('2026-12-25T09:00:00Z');
  expect(await Reminder.findById(`${c.billNumber}:power_reduction`).lean()).toMatchObject({ status: 'sent' });
  expect(mine()).toHaveLength(2);
});
