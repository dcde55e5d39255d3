// The `/agents` namespace: session authentication, rooms by skills, snapshot on connect,
// live ticket events, presence, and no contact data on the wire.
import { ingest } from '../../core/ingest/ingest';
import { Agent } from '../../models';
import { inboundSms } from '../factories/inbound';
import { connectAgentSocket, type AgentSocket } from '../support/agent-socket';
import { loginAs, makeAgent } from '../support/agents';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

let server: TestServer;
const open: AgentSocket[] = [];
beforeAll(async () => {
  server = await startTestServer({ AGENT_OFFLINE_GRACE_SECONDS: '1' });
});
afterAll(async () => {
  for (const s of open) s.close();
  await server.close();
});

async function agentSocket(o: Parameters<typeof makeAgent>[0] = {}) {
  const agent = await makeAgent(o);
  const session = await loginAs(server.session(), agent);
  const sock = await connectAgentSocket(server.url, session.cookie);
  open.push(sock);
  return { agent, session, sock };
}

test('a connection without a session is refused', async () => {
  await expect(connectAgentSocket(server.url, '')).rejects.toThrow('unauthenticated');
});

test('snapshot on connect, live events by skills, claims seen by colleagues, no contact data', async () => {
  const waiting = await ingest(server.ctx, inboundSms({ from: '+393331110001', category: 'billing' }));
  const chat1 = await agentSocket({ channels: ['sms', 'web'] });
  const chat2 = await agentSocket({ channels: ['sms', 'web'] });
  const mail = await agentSocket({ channels: ['email'] });
  const sup = await agentSocket({ role: 'supervisor' });

  const snap = await chat1.sock.next('queue:snapshot');
  expect(snap.queues.map((q: { id: string }) => q.id)).toContain('chat');
  expect(snap.items.map((i: { ticketId: string }) => i.ticketId)).toContain(waiting.ticketId);
  expect((await mail.sock.next('queue:snapshot')).items.map((i: { ticketId: string }) => i.ticketId)).not.toContain(waiting.ticketId);
  expect((await sup.sock.next('queue:snapshot')).agents.length).toBeGreaterThanOrEqual(4);

  const fresh = await ingest(server.ctx, inboundSms({ from: '+393331110002', category: 'billing' }));
  const queued = await chat2.sock.next('ticket:queued', (p) => p.ticketId === fresh.ticketId);
  expect(queued).toMatchObject({
    number: fresh.ticketNumber,
    queue: 'chat',
    channel: 'sms',
    category: 'billing',
    state: 'waiting',
    reason: 'new',
  });
  expect(JSON.stringify(queued)).not.toContain('+393331110002');
  await sup.sock.next('ticket:queued', (p) => p.ticketId === fresh.ticketId);

  expect((await chat1.session.post(`/api/tickets/${fresh.ticketId}/claim`)).status).toBe(200);
  const claimed = await chat2.sock.next('ticket:claimed', (p) => p.ticketId === fresh.ticketId);
  expect(claimed).toMatchObject({ agentId: chat1.agent.id, status: 'assigned', waitedSeconds: expect.any(Number) });
  await sup.sock.next('ticket:claimed', (p) => p.ticketId === fresh.ticketId);

  expect((await chat1.session.post(`/api/tickets/${fresh.ticketId}/resolve`, { outcome: 'answered' })).status).toBe(200);
  await chat2.sock.next('ticket:resolved', (p) => p.ticketId === fresh.ticketId);
  // The e-mail agent's queues never heard of these SMS tickets.
  expect(mail.sock.events.filter((e) => e.name.startsWith('ticket:'))).toEqual([]);
});

test('presence over the socket reaches supervisors as agent:status', async () => {
  const sup = await agentSocket({ role: 'supervisor' });
  const me = await agentSocket();
  const ack = await me.sock.socket.timeout(5000).emitWithAck('presence:set', 'available');
  expect(ack).toMatchObject({ state: 'available' });
  await sup.sock.next('agent:status', (p) => p.agentId === me.agent.id && p.state === 'available');
  expect(await me.sock.socket.timeout(5000).emitWithAck('presence:set', 'dancing')).toEqual({ error: 'ValidationFailed' });
});

test('a reconnecting agent gets a fresh snapshot with what happened meanwhile', async () => {
  const first = await agentSocket();
  await first.sock.next('queue:snapshot');
  first.sock.close();
  const missed = await ingest(server.ctx, inboundSms({ from: '+393331110003', category: 'billing' }));
  const again = await connectAgentSocket(server.url, first.session.cookie);
  open.push(again);
  const snap = await again.next('queue:snapshot');
  expect(snap.items.map((i: { ticketId: string }) => i.ticketId)).toContain(missed.ticketId);
  // The same over REST, for consoles that re-fetch after a reconnect.
  const rest = await first.session.get('/api/queues/snapshot');
  expect(rest.body.items.map((i: { ticketId: string }) => i.ticketId)).toContain(missed.ticketId);
});

/** Resolves once the server has handled this socket's disconnect (client and server share the id). */
async function closeAndWait(sock: AgentSocket) {
  const id = sock.socket.id;
  sock.close();
  await waitFor(() => id && !server.ctx.io.of('/agents').sockets.has(id), 5000, `server to drop socket ${id}`);
}

test('an agent whose last socket closes (on every node) goes offline after the grace period', async () => {
  const me = await agentSocket({ presence: 'available' });
  const second = await connectAgentSocket(server.url, me.session.cookie);
  open.push(second);
  await me.sock.next('queue:snapshot');
  const witness = await agentSocket({ presence: 'available' });
  await witness.sock.next('queue:snapshot');
  // Proving that nothing happens needs the grace period to pass. Instead of sleeping for it,
  // a witness agent closes its only socket just after ours: grace timers of equal length fire
  // in the order they were set, so once the witness is offline our agent's check has run too.
  await closeAndWait(me.sock);
  await closeAndWait(witness.sock);
  await waitFor(async () => (await Agent.findById(witness.agent.id).lean())?.presence === 'offline', 5000, 'witness offline');
  // Still one socket open: stays available.
  expect(await Agent.findById(me.agent.id).lean()).toMatchObject({ presence: 'available' });
  second.close();
  await waitFor(async () => (await Agent.findById(me.agent.id).lean())?.presence === 'offline', 5000, 'offline');
});

test('SLA events of both clocks reach the queue and supervisors as ticket:sla', async () => {
  const sup = await agentSocket({ role: 'supervisor' });
  const chat = await agentSocket({ channels: ['sms'] });
  await sup.sock.next('queue:snapshot');
  await chat.sock.next('queue:snapshot');
  const dueAt = new Date();
  server.ctx.events.emit('ticket.sla', {
    ticketId: 't-sla-1',
    number: 'T-9',
    queue: 'chat',
    channel: 'email',
    category: 'complaint',
    priority: 3,
    language: 'it',
    status: 'assigned',
    deadline: 'resolution',
    state: 'warning',
    dueAt,
    at: dueAt,
  });
  server.ctx.events.emit('ticket.sla', {
    ticketId: 't-sla-2',
    number: 'T-10',
    queue: 'chat',
    channel: 'sms',
    category: 'billing',
    priority: 3,
    language: 'it',
    status: 'queued',
    deadline: 'first_response',
    state: 'breached',
    dueAt,
    at: dueAt,
  });
  expect(await chat.sock.next('ticket:sla', (p) => p.ticketId === 't-sla-1')).toMatchObject({ deadline: 'resolution', state: 'warning' });
  expect(await sup.sock.next('ticket:sla', (p) => p.ticketId === 't-sla-2')).toMatchObject({
    deadline: 'first_response',
    state: 'breached',
  });
});
