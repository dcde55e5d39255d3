// Routing against the real store: order by priority and age, push offers with timeout and
// rejection, transfer, resolve and reopen, the SLA clock's events, replies without a sender.
import { ingest } from '../../core/ingest/ingest';
import { PushStrategy } from '../../core/routing/push';
import { invalidateQueueCache } from '../../core/routing/select-queue';
import { checkFirstResponses } from '../../core/sla/check-sla';
import { replyToTicket } from '../../core/tickets/reply-to-ticket';
import type { EventMap } from '../../core/events';
import { Agent, Message, Queue, QueueItem, Thread, Ticket } from '../../models';
import { inboundSms } from '../factories/inbound';
import { loginAs, makeAgent } from '../support/agents';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

let server: TestServer;
let phone = 100;
const nextPhone = () => `+39333000${String(phone++).padStart(4, '0')}`;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  await Agent.updateMany({}, { $set: { presence: 'offline', offerTicketId: null } });
  await QueueItem.deleteMany({});
  await Queue.updateOne({ _id: 'chat' }, { $set: { mode: 'pull', offerTimeoutSeconds: 20 } });
  invalidateQueueCache();
});

async function usePush(queue: string, offerTimeoutSeconds: number): Promise<void> {
  await Queue.updateOne({ _id: queue }, { $set: { mode: 'push', offerTimeoutSeconds } });
  invalidateQueueCache();
}

const offeredTo = async (ticketId: string) => (await QueueItem.findById(ticketId).lean())?.offeredTo ?? null;

test('push: offers go by priority then age, each accepted offer brings the next', async () => {
  const info = await ingest(server.ctx, inboundSms({ from: nextPhone(), category: 'information_request', receivedAt: new Date() }));
  const billingOld = await ingest(server.ctx, inboundSms({ from: nextPhone(), category: 'billing' }));
  const complaint = await ingest(server.ctx, inboundSms({ from: nextPhone(), category: 'complaint' }));
  const billingNew = await ingest(server.ctx, inboundSms({ from: nextPhone(), category: 'billing' }));
  for (const r of [info, billingOld, complaint, billingNew])
    expect(await Ticket.findById(r.ticketId).lean()).toMatchObject({ queue: 'chat' });
  await usePush('chat', 30);

  const agent = await makeAgent({ capacity: { sms: 4 } });
  const s = await loginAs(server.session(), agent);
  expect((await s.post('/api/agents/me/presence', { state: 'available' })).status).toBe(200);

  const order: string[] = [];
  for (let i = 0; i < 4; i++) {
    const offered = await waitFor(
      async () => (await QueueItem.findOne({ state: 'offered', offeredTo: agent.id }).lean())?._id,
      10_000,
      `offer ${i + 1}`,
    );
    order.push(offered);
    expect((await s.post(`/api/tickets/${offered}/claim`)).status).toBe(200);
  }
  expect(order).toEqual([complaint.ticketId, billingOld.ticketId, billingNew.ticketId, info.ticketId]);
});

test('push: an unanswered offer times out and goes to the next agent; a rejection moves it on too', async () => {
  await usePush('chat', 1);
  const first = await makeAgent({ presence: 'available', lastBusyAt: new Date(Date.now() - 3_600_000) });
  const second = await makeAgent({ presence: 'available', lastBusyAt: new Date(Date.now() - 60_000) });
  const third = await makeAgent({ presence: 'available', lastBusyAt: new Date() });
  const offers: Array<EventMap['ticket.offered']> = [];
  server.ctx.events.on('ticket.offered', (e) => void offers.push(e));
  const [s1, s2, s3] = await Promise.all([
    loginAs(server.session(), first),
    loginAs(server.session(), second),
    loginAs(server.session(), third),
  ]);

  const { ticketId } = await ingest(server.ctx, inboundSms({ from: nextPhone(), category: 'billing' }));
  // The least recently busy agent first.
  await waitFor(async () => (await offeredTo(ticketId!)) === first.id, 5000, 'offer to the first agent');
  // Later offers get time enough to be rejected by hand (the timeout is fixed per offer).
  await usePush('chat', 60);
  // Nobody answers within 1 s: the next agent.
  await waitFor(async () => (await offeredTo(ticketId!)) === second.id, 10_000, 'offer to the second agent');
  expect(await Agent.findById(first.id, { offerTicketId: 1 }).lean()).toMatchObject({ offerTicketId: null });

  expect((await s2.post(`/api/tickets/${ticketId}/reject`)).status).toBe(204);
  await waitFor(async () => (await offeredTo(ticketId!)) === third.id, 5000, 'offer to the third agent');
  // The event follows the stored offer; wait for it rather than race it.
  await waitFor(() => offers.filter((o) => o.ticketId === ticketId).length === 3, 5000, 'third offer event');
  expect(offers.filter((o) => o.ticketId === ticketId).map((o) => o.agentId)).toEqual([first.id, second.id, third.id]);

  // The offered agent accepts.
  expect((await s3.post(`/api/tickets/${ticketId}/claim`)).status).toBe(200);
  expect((await s1.post(`/api/tickets/${ticketId}/claim`)).body.error).toBe('AlreadyClaimed');
});

test('transfer to another queue with a note, then to an agent', async () => {
  const [a, b] = await Promise.all([makeAgent(), makeAgent()]);
  const sa = await loginAs(server.session(), a);
  const { ticketId } = await ingest(server.ctx, inboundSms({ from: nextPhone(), category: 'billing' }));
  expect((await sa.post(`/api/tickets/${ticketId}/claim`)).status).toBe(200);

  const moved = await sa.post(`/api/tickets/${ticketId}/transfer`, { toQueue: 'written', note: 'needs a written answer' });
  expect(moved.status).toBe(200);
  expect(await Ticket.findById(ticketId).lean()).toMatchObject({ queue: 'written', status: 'queued', assignee: null, transferCount: 1 });
  expect(await QueueItem.findById(ticketId).lean()).toMatchObject({ queue: 'written', state: 'waiting' });
  expect(await Agent.findById(a.id, { load: 1 }).lean()).toMatchObject({ load: { sms: 0 } });
  expect(await Message.findOne({ ticketId, direction: 'note' }).lean()).toMatchObject({
    body: 'needs a written answer',
    public: false,
    authorId: a.id,
  });

  const admin = await server.admin();
  const given = await admin.post(`/api/tickets/${ticketId}/transfer`, { toAgent: b.id });
  expect(given.status).toBe(200);
  expect(await Ticket.findById(ticketId).lean()).toMatchObject({ status: 'assigned', assignee: b.id, transferCount: 2 });
  expect(await QueueItem.findById(ticketId).lean()).toBeNull();
  expect((await sa.post(`/api/tickets/${ticketId}/transfer`, { toQueue: 'chat', toAgent: b.id })).status).toBe(400);
});

test('resolve removes the thread pointer; a reply on the ticket reopens it, a new SMS opens a new ticket', async () => {
  const a = await makeAgent();
  const sa = await loginAs(server.session(), a);
  const from = nextPhone();
  const first = await ingest(server.ctx, inboundSms({ from, category: 'billing' }));
  const ticket = await Ticket.findById(first.ticketId).lean();
  expect(await Thread.findById(ticket!.threadKey).lean()).toMatchObject({ ticketId: first.ticketId });
  await sa.post(`/api/tickets/${first.ticketId}/claim`);
  const resolved = await sa.post(`/api/tickets/${first.ticketId}/resolve`, { outcome: 'answered', note: 'explained the bill' });
  expect(resolved.status).toBe(200);
  expect(await Ticket.findById(first.ticketId).lean()).toMatchObject({ status: 'resolved', outcome: 'answered' });
  expect(await Thread.findById(ticket!.threadKey).lean()).toBeNull();
  expect((await sa.post(`/api/tickets/${first.ticketId}/resolve`, { outcome: 'answered' })).body.error).toBe('TicketClosed');

  // The customer writes again about the same matter through the ticket's thread (mail thread, tracking page).
  const queued: Array<EventMap['ticket.queued']> = [];
  server.ctx.events.on('ticket.queued', (e) => void queued.push(e));
  const again = await ingest(server.ctx, inboundSms({ from, category: 'billing', ticketId: first.ticketId }));
  expect(again.ticketId).toBe(first.ticketId);
  expect(await Ticket.findById(first.ticketId).lean()).toMatchObject({ status: 'queued', reopenCount: 1 });
  expect(await QueueItem.findById(first.ticketId).lean()).toBeTruthy();
  await waitFor(() => queued.find((e) => e.ticketId === first.ticketId && e.reason === 'reopened'), 2000, 'reopened event');

  const fresh = await ingest(server.ctx, inboundSms({ from: nextPhone(), category: 'complaint' }));
  expect(fresh.created).toBe(true);
});

test('SLA clock: warning then breach, each emitted once', async () => {
  // A live contact: deferred ones (SMS, e-mail, forms) have no first-response clock.
  const { ticketId } = await ingest(server.ctx, inboundSms({ channel: 'chat', from: nextPhone(), category: 'billing' }));
  const t = await Ticket.findById(ticketId).lean();
  const created = (t as { createdAt: Date }).createdAt;
  const due = t!.sla!.firstResponseDueAt!;
  const seen: string[] = [];
  server.ctx.events.on('ticket.sla', (e) => void (e.ticketId === ticketId && seen.push(`${e.state}:${e.deadline}`)));

  const warnAt = new Date(created.getTime() + (due.getTime() - created.getTime()) * 0.9);
  await checkFirstResponses(server.ctx, warnAt);
  await checkFirstResponses(server.ctx, warnAt);
  await checkFirstResponses(server.ctx, new Date(due.getTime() + 1000));
  await checkFirstResponses(server.ctx, new Date(due.getTime() + 2000));
  await waitFor(() => seen.length >= 2, 2000, 'sla events');
  expect(seen).toEqual(['warning:first_response', 'breached:first_response']);
  expect(await Ticket.findById(ticketId).lean()).toMatchObject({
    sla: { firstResponseWarnedAt: warnAt, firstResponseBreachedAt: expect.any(Date) },
  });

  // The job runs on demand too (ops, tests).
  const admin = await server.admin();
  const run = await admin.post('/api/admin/jobs/sla-clock/run', { asOf: new Date(due.getTime() + 5000).toISOString() });
  expect(run.status).toBe(200);
});

test('a reply on a channel with no sender is a clear ChannelUnavailable, and nothing is half-sent', async () => {
  const a = await makeAgent();
  const { ticketId } = await ingest(server.ctx, inboundSms({ from: nextPhone(), category: 'billing' }));
  const sa = await loginAs(server.session(), a);
  // Waiting tickets are claimed before they are worked (supervisors excepted).
  expect((await sa.post(`/api/tickets/${ticketId}/reply`, { body: 'hello' })).body.error).toBe('ClaimFirst');
  expect((await sa.post(`/api/tickets/${ticketId}/resolve`, { outcome: 'duplicate' })).body.error).toBe('ClaimFirst');
  expect((await sa.post(`/api/tickets/${ticketId}/transfer`, { toQueue: 'written' })).body.error).toBe('ClaimFirst');
  await sa.post(`/api/tickets/${ticketId}/claim`);
  await expect(
    replyToTicket({ ...server.ctx, outbound: {} }, { ticketId: ticketId!, actor: { agentId: a.id, role: 'agent' }, body: 'hello' }),
  ).rejects.toMatchObject({ code: 'ChannelUnavailable', status: 409 });
  expect(await Message.countDocuments({ ticketId, direction: 'out' })).toBe(0);
  // Someone else's ticket: NotYours.
  const b = await makeAgent();
  await expect(
    replyToTicket(server.ctx, { ticketId: ticketId!, actor: { agentId: b.id, role: 'agent' }, body: 'hello' }),
  ).rejects.toMatchObject({ code: 'NotYours' });
});

test('the sweep frees an offer slot whose ticket went away, so the agent gets offers again', async () => {
  const agent = await makeAgent({ presence: 'available' });
  await Agent.updateOne({ _id: agent.id }, { $set: { offerTicketId: '64b000000000000000000000' } });
  await new PushStrategy().sweep(server.ctx, new Date());
  expect(await Agent.findById(agent.id).lean()).toMatchObject({ offerTicketId: null });
});

test('a supervisor switches a queue between push and pull; agents may not', async () => {
  const agent = await loginAs(server.session(), await makeAgent());
  expect((await agent.post('/api/queues/written', { mode: 'push' })).status).toBe(403);
  const supervisor = await loginAs(server.session(), await makeAgent({ role: 'supervisor' }));
  const res = await supervisor.post('/api/queues/written', { mode: 'push', offerTimeoutSeconds: 30 });
  expect(res.status).toBe(200);
  expect(res.body.queue).toMatchObject({ _id: 'written', mode: 'push', offerTimeoutSeconds: 30 });
  expect((await supervisor.post('/api/queues/written', { mode: 'round-robin' })).status).toBe(400);
  expect((await supervisor.post('/api/queues/nope', { mode: 'pull' })).status).toBe(404);
  const list = await agent.get('/api/queues');
  expect(list.body.queues.find((q: { _id: string }) => q._id === 'written')).toMatchObject({ mode: 'push' });
  await supervisor.post('/api/queues/written', { mode: 'pull' });
});
