// Instalment plans and deferrals through the agents' API, against the real store: the
// plan or the precise reason, one winner when two requests race, hardship to an agent.
import { fixedClock } from '../../core/clock';
import { Audit, Bill } from '../../models';
import { Task } from '../../models/task';
import { addBill, seedBill } from '../factories/bills';
import { startTestServer, type Session, type TestServer } from '../support/server';

// Monday 12 Oct 2026, 10:00 in Rome.
const clock = fixedClock('2026-10-12T08:00:00Z');
const DUE = '2026-10-19T22:00:00.000Z'; // due 20 Oct
let server: TestServer;
let admin: Session;

beforeAll(async () => {
  server = await startTestServer({}, { clock });
  admin = await server.admin();
});
afterAll(async () => {
  await server?.close();
});

test('two agents asking for a plan on the same bill at once: one plan, one precise refusal', async () => {
  const c = await seedBill(admin, { amount: 180, dueAt: DUE });
  const [a, b] = await Promise.all([
    admin.post(`/api/bills/${c.billNumber}/instalment-plan`, {}),
    admin.post(`/api/bills/${c.billNumber}/instalment-plan`, {}),
  ]);
  expect([a.status, b.status].sort()).toEqual([201, 422]);
  expect([a, b].find((r) => r.status === 422)!.body.details).toEqual({ reason: 'plan_exists' });
  const bill = await Bill.findById(c.billNumber).lean();
  // 3.5 % plus the reference rate in force (the ECB rate from 11 Jun 2025), which the answer names.
  expect(bill!.instalmentPlan).toMatchObject({
    status: 'active',
    interestRate: 0.0565,
    referenceRate: 0.0215,
    referenceRateFrom: '2025-06-11',
  });
  expect([a, b].find((r) => r.status === 201)!.body.plan.referenceRate).toMatchObject({ from: '2025-06-11', rate: 0.0215 });
  expect(bill!.instalmentPlan!.instalments).toHaveLength(3);
});

test.each([
  ['gas at €50', 'gas', 50, 'amount_too_low'],
  ['electricity at €25.82', 'electricity', 25.82, 'amount_too_low'],
])('%s is refused with the reason', async (_n, service, amount, reason) => {
  const c = await seedBill(admin, { amount, dueAt: DUE }, { service });
  const res = await admin.post(`/api/bills/${c.billNumber}/instalment-plan`, {});
  expect(res.status).toBe(422);
  expect(res.body).toMatchObject({ error: 'NotEligible', details: { reason } });
});

test('hardship goes to an agent for approval, with a task', async () => {
  const c = await seedBill(admin, { amount: 240, dueAt: DUE });
  const res = await admin.post(`/api/bills/${c.billNumber}/instalment-plan`, { hardship: ['unemployment'] });
  expect(res.status).toBe(201);
  expect(res.body.plan).toMatchObject({ status: 'pending_approval', hardship: true, interestRate: 0 });
  expect(await Task.findById(`instalment_approval:${c.billNumber}`).lean()).toMatchObject({
    kind: 'instalment_approval',
    status: 'open',
    amount: 240,
  });
  const panel = await admin.get(`/api/bills/${c.billNumber}/reminders`);
  expect(panel.status).toBe(200);
  expect(panel.body).toMatchObject({ reminders: [], tasks: [{ kind: 'instalment_approval' }] });
});

test('deferral is refused while a sibling bill is overdue, granted once it is paid', async () => {
  const c = await seedBill(admin, { amount: 90, dueAt: DUE });
  const sibling = await addBill(admin, c.contractNumber, { amount: 40, dueAt: '2026-09-19T22:00:00.000Z' });
  const refused = await admin.post(`/api/bills/${c.billNumber}/deferral`, {});
  expect(refused.status).toBe(422);
  expect(refused.body.details).toEqual({ reason: 'other_bill_overdue' });
  expect(refused.body.message).toContain(sibling);
  await admin.post('/api/admin/import/payments', [
    { billNumber: sibling, amount: 40, paidAt: '2026-10-10T10:00:00Z', reference: `P-${sibling}` },
  ]);
  const granted = await admin.post(`/api/bills/${c.billNumber}/deferral`, {});
  expect(granted.status).toBe(201);
  expect(granted.body).toMatchObject({ originalDueAt: DUE, newDueAt: '2026-11-10T23:00:00.000Z', stored: true });
  expect((await Bill.findById(c.billNumber).lean())!.deferral).toMatchObject({ newDueAt: new Date('2026-11-10T23:00:00.000Z') });
});

test('an agent’s decision is audited: who, the channel, the rule-set values it was taken with', async () => {
  const c = await seedBill(admin, { amount: 90, dueAt: DUE });
  expect((await admin.post(`/api/bills/${c.billNumber}/deferral`, {})).status).toBe(201);
  const a = (await Audit.findOne({ target: c.billNumber }).lean())!;
  expect(a).toMatchObject({ action: 'billing.deferral.granted', actor: expect.stringMatching(/^agent:/) });
  expect(JSON.parse(a.details!)).toEqual({
    channel: 'agent',
    ruleSet: 'seed-2014',
    values: expect.objectContaining({ days: 30, maxAmount: 20000 }),
  });
  // A dry run is a proposal, not a decision: nothing audited.
  const d = await seedBill(admin, { amount: 90, dueAt: DUE });
  expect((await admin.post(`/api/bills/${d.billNumber}/instalment-plan`, { dryRun: true })).status).toBe(200);
  expect(await Audit.countDocuments({ target: d.billNumber })).toBe(0);
});

test('bad input is named', async () => {
  const res = await admin.post('/api/bills/X1/instalment-plan', { hardship: ['bankrupt'] });
  expect(res.status).toBe(400);
  expect((await admin.post('/api/bills/NOPE/deferral', {})).status).toBe(404);
});
