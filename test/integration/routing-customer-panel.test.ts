// The customer panel beside a ticket (GET /api/customers/:accountNumber), and wrap-up
// after a call: the agent is available again by itself.
import { ingest } from '../../core/ingest/ingest';
import { Agent, Bill, Reading } from '../../models';
import { Reminder } from '../../models/reminder';
import { inboundSms } from '../factories/inbound';
import { seedCustomer, uniqueNumber } from '../factories/billing';
import { loginAs, makeAgent } from '../support/agents';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ WRAP_UP_SECONDS: '1' });
});
afterAll(async () => {
  await server.close();
});

test('customer panel: contracts with recent readings, bills with dunning stage and plan, tickets, notifications', async () => {
  const admin = await server.admin();
  const c = await seedCustomer(admin);
  const billNumber = uniqueNumber('B');
  const bills = await admin.post('/api/admin/import/bills', [
    {
      billNumber,
      contractNumber: c.contractNumber,
      amount: 120.5,
      currency: 'EUR',
      issuedAt: '2026-09-01',
      dueAt: '2026-10-01',
      paidAmount: 20,
    },
  ]);
  expect(bills.status).toBe(200);
  await Bill.updateOne(
    { _id: billNumber },
    {
      $set: {
        'dunning.stage': 'first_reminder',
        instalmentPlan: {
          status: 'active',
          createdAt: new Date(),
          interestRate: 0.05,
          instalments: [{ dueAt: new Date('2026-12-01'), amount: 33.5 }],
        },
      },
    },
  );
  await Reading.create({
    contractNumber: c.contractNumber,
    accountNumber: c.accountNumber,
    values: [1100],
    channel: 'sms',
    status: 'accepted',
    receivedAt: new Date(),
  });
  await Reminder.create({
    _id: `${billNumber}:first_reminder`,
    billNumber,
    stage: 'first_reminder',
    accountNumber: c.accountNumber,
    status: 'sent',
    channel: 'sms',
    notBefore: new Date(),
    decidedAt: new Date(),
    sentAt: new Date(),
    amount: 100.5,
  });
  const t = await ingest(server.ctx, inboundSms({ from: c.phone, category: 'billing' }));

  const agent = await makeAgent();
  const s = await loginAs(server.session(), agent);
  const res = await s.get(`/api/customers/${c.accountNumber}`);
  expect(res.status).toBe(200);
  expect(res.body.customer).toMatchObject({ accountNumber: c.accountNumber, name: 'Maria Rossi', phones: [c.phone] });
  expect(res.body.contracts).toEqual([
    expect.objectContaining({
      contractNumber: c.contractNumber,
      service: 'gas',
      readings: [expect.objectContaining({ values: [1100], status: 'accepted' })],
    }),
  ]);
  expect(res.body.bills).toEqual([
    expect.objectContaining({
      billNumber,
      outstanding: 100.5,
      dunningStage: 'first_reminder',
      instalmentPlan: expect.objectContaining({ status: 'active' }),
    }),
  ]);
  expect(res.body.tickets.map((x: { number: string }) => x.number)).toContain(t.ticketNumber);
  expect(res.body.notifications).toEqual([
    expect.objectContaining({ billNumber, stage: 'first_reminder', channel: 'sms', status: 'sent' }),
  ]);

  expect((await s.get('/api/customers/NOPE-0')).status).toBe(404);
  expect((await server.session().get(`/api/customers/${c.accountNumber}`)).status).toBe(401);
});

test('after a call is resolved the agent is in wrap-up, then available again by itself', async () => {
  const agent = await makeAgent({ presence: 'available' });
  const s = await loginAs(server.session(), agent);
  const call = await ingest(server.ctx, {
    channel: 'voice',
    externalId: `CA${Date.now()}`,
    from: '+393335550001',
    to: '+390000000000',
    body: 'voicemail',
    category: 'callback',
    receivedAt: new Date(),
  });
  expect((await s.post(`/api/tickets/${call.ticketId}/claim`)).status).toBe(200);
  expect(await Agent.findById(agent.id).lean()).toMatchObject({ load: { voice: 1 } });
  expect((await s.post(`/api/tickets/${call.ticketId}/resolve`, { outcome: 'solved' })).status).toBe(200);
  expect(await Agent.findById(agent.id).lean()).toMatchObject({ presence: 'wrap_up', load: { voice: 0 } });
  await waitFor(async () => (await Agent.findById(agent.id).lean())?.presence === 'available', 5000, 'end of wrap-up');
});
