// Claiming is one atomic step: racing agents never both get a ticket, capacity holds,
// and the loser hears a clear 409.
import { ingest } from '../../core/ingest/ingest';
import { claimTicket } from '../../core/tickets/claim-ticket';
import { Agent, QueueItem, Ticket } from '../../models';
import { inboundSms } from '../factories/inbound';
import { loginAs, makeAgent } from '../support/agents';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

test('50 agents claim the same ticket at once: exactly one wins, the others get AlreadyClaimed', async () => {
  const { ticketId } = await ingest(server.ctx, inboundSms({ from: '+393330000050' }));
  const agents = await Promise.all(Array.from({ length: 50 }, () => makeAgent()));
  const results = await Promise.allSettled(
    agents.map((a) => claimTicket(server.ctx, { ticketId: ticketId!, actor: { agentId: a.id, role: 'agent' } })),
  );

  const won = results.filter((r) => r.status === 'fulfilled');
  const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(won).toHaveLength(1);
  expect(lost).toHaveLength(49);
  for (const l of lost) expect(l.reason).toMatchObject({ code: 'AlreadyClaimed', status: 409 });

  const winner = agents[results.findIndex((r) => r.status === 'fulfilled')]!;
  expect(await Ticket.findById(ticketId).lean()).toMatchObject({ status: 'assigned', assignee: winner.id });
  expect(await QueueItem.findById(ticketId).lean()).toBeNull();
  // Losers got their capacity back; only the winner carries the load.
  const loads = await Agent.find({ _id: { $in: agents.map((a) => a.id) } }, { load: 1 }).lean();
  expect(loads.reduce((s, a) => s + (a.load?.sms ?? 0), 0)).toBe(1);
});

test('over HTTP: the second claim answers 409 AlreadyClaimed with a message', async () => {
  const { ticketId } = await ingest(server.ctx, inboundSms({ from: '+393330000051' }));
  const [a, b] = await Promise.all([makeAgent(), makeAgent()]);
  const sa = await loginAs(server.session(), a);
  const sb = await loginAs(server.session(), b);
  const first = await sa.post(`/api/tickets/${ticketId}/claim`);
  expect(first.status).toBe(200);
  expect(first.body.ticket).toMatchObject({ ticketId, status: 'assigned', assignee: a.id });
  const second = await sb.post(`/api/tickets/${ticketId}/claim`);
  expect(second.status).toBe(409);
  expect(second.body).toMatchObject({ error: 'AlreadyClaimed', message: expect.any(String) });
});

test('capacity: an agent with room for one SMS cannot claim a second until the first is resolved', async () => {
  const agent = await makeAgent({ capacity: { sms: 1 } });
  const s = await loginAs(server.session(), agent);
  const one = await ingest(server.ctx, inboundSms({ from: '+393330000052' }));
  const two = await ingest(server.ctx, inboundSms({ from: '+393330000053' }));
  expect((await s.post(`/api/tickets/${one.ticketId}/claim`)).status).toBe(200);
  const refused = await s.post(`/api/tickets/${two.ticketId}/claim`);
  expect(refused.status).toBe(409);
  expect(refused.body.error).toBe('AtCapacity');
  // The refused ticket still waits for someone else.
  expect(await QueueItem.findById(two.ticketId).lean()).toBeTruthy();
  expect((await s.post(`/api/tickets/${one.ticketId}/resolve`, { outcome: 'answered' })).status).toBe(200);
  expect((await s.post(`/api/tickets/${two.ticketId}/claim`)).status).toBe(200);
});

test('skills: an agent without the ticket language may not claim it', async () => {
  const { ticketId } = await ingest(server.ctx, inboundSms({ from: '+393330000054', language: 'ru' }));
  const agent = await makeAgent({ languages: ['it'] });
  await expect(claimTicket(server.ctx, { ticketId: ticketId!, actor: { agentId: agent.id, role: 'agent' } })).rejects.toMatchObject({
    code: 'Forbidden',
  });
});
