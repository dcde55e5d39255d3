// Under the it-2026 rule set, against the real store: a disputed-contract request from the web
// form opens the dispute at once (bills blocked, top priority) for the account's own contact
// only; a complaint answered late earns its automatic indemnity (€30 / €60 / €90) once, as a
// credit task with the reason, listed with totals for the regulator.
import { randomBytes } from 'node:crypto';
import { openDisputeFromTicket } from '../../core/billing/dispute-request';
import { ingest } from '../../core/ingest/ingest';
import { claimTicket } from '../../core/tickets/claim-ticket';
import { resolveTicket } from '../../core/tickets/resolve-ticket';
import { awardLateAnswerIndemnity, lateAnswerTaskId } from '../../core/sla/award-indemnity';
import { Audit, Bill, Contract, Ticket } from '../../models';
import { Task } from '../../models/task';
import { seedBill } from '../factories/bills';
import { inboundSms } from '../factories/inbound';
import { makeAgent } from '../support/agents';
import { TestClock } from '../support/clock';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

const START = '2026-03-02T09:00:00Z';
const clock = new TestClock(new Date(START));
let server: TestServer;
let admin: Session;

beforeAll(async () => {
  server = await startTestServer({ RULE_SET: 'it-2026' }, { clock });
  admin = await server.admin();
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => clock.set(START));

let ips = 0;
function form(body: Record<string, unknown>) {
  ips += 1;
  return server.session().post('/api/reception/requests', body, { 'x-forwarded-for': `198.51.100.${ips}` });
}

test('a disputed-contract request from the web form opens the dispute at once: bills blocked, top priority', async () => {
  const c = await seedBill(admin, { amount: 80, dueAt: '2026-03-20T23:00:00Z' });
  const res = await form({
    category: 'disputed_contract',
    name: 'Maria Rossi',
    email: c.email,
    accountNumber: c.accountNumber,
    contractNumber: c.contractNumber,
    message: 'Non ho mai firmato questo contratto del gas.',
    language: 'it',
  });
  expect(res.status).toBe(201);
  const ticket = (await Ticket.findOne({ number: res.body.ticketNumber }).lean())!;
  expect(ticket).toMatchObject({ category: 'disputed_contract', priority: 1 });
  await waitFor(async () => (await Contract.findById(c.contractNumber).lean())?.disputeTicketId === String(ticket._id), 10_000, 'dispute');
  expect(await Bill.findById(c.billNumber).lean()).toMatchObject({ disputed: true, dunning: { pausedReason: 'disputed' } });
});

test('a stranger naming someone else’s contract gets a ticket for an agent, but no block on that supply', async () => {
  const c = await seedBill(admin, { amount: 80, dueAt: '2026-03-20T23:00:00Z' });
  const res = await form({
    category: 'disputed_contract',
    name: 'Qualcuno',
    email: `stranger.${randomBytes(3).toString('hex')}@example.it`,
    accountNumber: c.accountNumber,
    contractNumber: c.contractNumber,
    message: 'Contesto il contratto.',
  });
  expect(res.status).toBe(201);
  const ticket = (await Ticket.findOne({ number: res.body.ticketNumber }).lean())!;
  expect(ticket.priority).toBe(1);
  // The same check the listener makes, asked directly: the contact is not the account's.
  expect(await openDisputeFromTicket(server.ctx, String(ticket._id))).toEqual({ opened: false, reason: 'not_the_account_contact' });
  expect((await Contract.findById(c.contractNumber).lean())?.disputeTicketId).toBeUndefined();
  expect(await Bill.findById(c.billNumber).lean()).toMatchObject({ disputed: false });
});

async function complaintAnsweredAfter(days: number, category: 'complaint' | 'information_request' = 'complaint') {
  clock.set(START);
  const from = `+39333${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const { ticketId } = await ingest(server.ctx, inboundSms({ from, category, body: 'Reclamo: bolletta errata', receivedAt: clock.now() }));
  const agent = await makeAgent();
  const actor = { agentId: agent.id, role: 'agent' as const };
  await claimTicket(server.ctx, { ticketId: ticketId!, actor });
  clock.set(new Date(new Date(START).getTime() + days * 86_400_000).toISOString());
  await resolveTicket(server.ctx, { ticketId: ticketId!, actor, outcome: 'answered' });
  return ticketId!;
}

test('late written answers earn €30 / €60 / €90 at deadline +1 day, past 2× and past 3×; on time nothing; listed with totals', async () => {
  const onTime = await complaintAnsweredAfter(30);
  const day31 = await complaintAnsweredAfter(31);
  const day60 = await complaintAnsweredAfter(60);
  const day61 = await complaintAnsweredAfter(61);
  const day91 = await complaintAnsweredAfter(91);
  const info = await complaintAnsweredAfter(91, 'information_request');
  const amountOf = async (id: string) => (await waitFor(() => Task.findById(lateAnswerTaskId(id)).lean(), 10_000, id)).amount;
  expect(await amountOf(day31)).toBe(30);
  expect(await amountOf(day60)).toBe(30);
  expect(await amountOf(day61)).toBe(60);
  expect(await amountOf(day91)).toBe(90);
  expect(await Task.findById(lateAnswerTaskId(onTime)).lean()).toBeNull();
  expect(await Task.findById(lateAnswerTaskId(info)).lean()).toBeNull();
  expect(await Task.findById(lateAnswerTaskId(day61)).lean()).toMatchObject({
    kind: 'credit_note',
    reason: 'late_answer',
    ticketId: day61,
    note: expect.stringContaining('31 days late'),
  });

  // Once per ticket: awarding again creates nothing.
  expect(await awardLateAnswerIndemnity(server.ctx, day91)).toMatchObject({ amount: 90, created: false });
  expect(await Audit.countDocuments({ action: 'billing.indemnity.late_answer', target: day91 })).toBe(1);

  const list = await admin.get('/api/stats/indemnities?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z');
  expect(list.status).toBe(200);
  const mine = list.body.items.filter((i: { ticketId: string }) => [day31, day60, day61, day91].includes(i.ticketId));
  expect(mine).toHaveLength(4);
  expect(list.body.totals.count).toBeGreaterThanOrEqual(4);
  expect(list.body.totals.byAmount['30']).toBeGreaterThanOrEqual(2);
  expect(list.body.totals.amount).toBeGreaterThanOrEqual(210);

  expect((await admin.get('/api/stats/indemnities?from=yesterday')).status).toBe(400);
});
