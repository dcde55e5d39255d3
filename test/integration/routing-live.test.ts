// Live contacts before deferred work (issue 12, defect 1): callers who asked for an agent in
// the IVR against instalment and deferral requests made in the same IVR, and against an
// outage report in another push queue, with push offers; and a second agent taking a call
// offered to someone else. Signed webhooks, real store and Redis.
import { randomBytes } from 'node:crypto';
import type { EventMap } from '../../core/events';
import { ingest } from '../../core/ingest/ingest';
import { Agent, Message, QueueItem, Ticket } from '../../models';
import { inboundSms } from '../factories/inbound';
import { connectAgentSocket, type AgentSocket } from '../support/agent-socket';
import { loginAs, makeAgent } from '../support/agents';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

const PUBLIC = 'http://hotline.example.test';
const BASE = '/webhooks/twilio/voice';
// Monday 23 Nov 2026, 11:00 in Rome: the call centre is open.
const MONDAY_11 = new Date('2026-11-23T10:00:00Z');
const clock = {
  at: MONDAY_11.getTime(),
  now() {
    // Moves with real time, so offers expire and the board's expiry check sees them.
    return new Date(this.at + (Date.now() - started));
  },
};
const started = Date.now();

let server: TestServer;
let twilio: TwilioStandIn;
const sockets: AgentSocket[] = [];
const offers: Array<EventMap['ticket.offered']> = [];

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer({ PUBLIC_BASE_URL: PUBLIC, TWILIO_API_BASE_URL: twilio.url, WRAP_UP_SECONDS: '0' }, { clock });
  server.ctx.events.on('ticket.offered', (e) => void offers.push(e));
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
  await twilio?.close();
});
beforeEach(async () => {
  await Agent.updateMany({}, { $set: { presence: 'offline', offerTicketId: null } });
  await QueueItem.deleteMany({});
});

const phone = () => `+39333${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

function call() {
  const CallSid = `CA${randomBytes(16).toString('hex')}`;
  const From = phone();
  const post = async (path: string, params: Record<string, string> = {}) => {
    const res = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, `${BASE}${path}`, {
      CallSid,
      AccountSid: twilio.accountSid,
      From,
      To: '+390000000000',
      CallStatus: 'in-progress',
      ...params,
    });
    expect(res.status).toBe(200);
  };
  return { CallSid, post };
}

/** A caller who asks for an agent and waits on the line; the ticket id of the call. */
async function callerWaiting(): Promise<string> {
  return (await callerOnLine()).ticketId;
}

async function callerOnLine(): Promise<{ ticketId: string; hangUp(): Promise<void> }> {
  const c = call();
  await c.post('');
  await c.post('/language', { Digits: '1' });
  await c.post('/menu', { Digits: '5' });
  const msg = await Message.findById(`voice:${c.CallSid}`).lean();
  return { ticketId: msg!.ticketId!, hangUp: () => c.post('/queue-result', { QueueResult: 'hangup', QueueTime: '5' }) };
}

/** A caller who leaves an instalment (1) or deferral (2) request in the IVR and hangs up. */
async function ivrRequest(choice: '1' | '2'): Promise<string> {
  const c = call();
  await c.post('');
  await c.post('/language', { Digits: '1' });
  await c.post('/menu', { Digits: '4' });
  await c.post('/billing', { Digits: choice });
  // An unknown caller: no decision by phone; 2 leaves a written request.
  await c.post('/billing/agent', { Digits: '2' });
  const msg = await Message.findById(`voice:${c.CallSid}:${choice === '1' ? 'instalment' : 'deferral'}`).lean();
  return msg!.ticketId!;
}

const offeredTo = async (agentId: string) => (await QueueItem.findOne({ state: 'offered', offeredTo: agentId }).lean())?._id;

async function available(session: Session): Promise<void> {
  expect((await session.post('/api/agents/me/presence', { state: 'available' })).status).toBe(200);
}

test('callers on the line are offered before IVR requests made earlier; the requests wait in the back office', async () => {
  const requests = [await ivrRequest('1'), await ivrRequest('2'), await ivrRequest('1')];
  const callers = [await callerWaiting(), await callerWaiting()];

  // Deferred work made in the IVR is not the phone queue's: it waits in the back office.
  for (const id of requests) expect((await Ticket.findById(id).lean())?.queue).not.toBe('phone');
  for (const id of callers) expect(await Ticket.findById(id).lean()).toMatchObject({ queue: 'phone', live: true, priority: 4 });

  const [a, b] = [await makeAgent({ channels: ['voice'] }), await makeAgent({ channels: ['voice'] })];
  const [sa, sb] = [await loginAs(server.session(), a), await loginAs(server.session(), b)];
  await available(sa);
  expect(await waitFor(() => offeredTo(a.id), 10_000, 'offer to the first agent')).toBe(callers[0]);
  await available(sb);
  expect(await waitFor(() => offeredTo(b.id), 10_000, 'offer to the second agent')).toBe(callers[1]);
  expect((await sa.post(`/api/tickets/${callers[0]}/claim`)).status).toBe(200);
  expect((await sb.post(`/api/tickets/${callers[1]}/claim`)).status).toBe(200);
  // No request was ever offered while callers waited.
  expect(offers.filter((o) => requests.includes(o.ticketId))).toEqual([]);
});

test('a caller in the phone queue is offered before an outage report waiting in the urgent push queue', async () => {
  const outage = await ingest(server.ctx, inboundSms({ from: phone(), category: 'outage' }));
  expect(await Ticket.findById(outage.ticketId).lean()).toMatchObject({ queue: 'urgent', priority: 1 });
  const caller = await callerWaiting();

  const agent = await makeAgent({ channels: ['voice', 'sms'] });
  const session = await loginAs(server.session(), agent);
  await available(session);
  expect(await waitFor(() => offeredTo(agent.id), 10_000, 'the first offer')).toBe(caller);
  expect((await session.post(`/api/tickets/${caller}/claim`)).status).toBe(200);
});

test('a call offered to one agent may be taken by another available agent: the offer is withdrawn, the first agent is free again', async () => {
  const first = await makeAgent({ channels: ['voice'] });
  const second = await makeAgent({ channels: ['voice'] });
  const [s1, s2] = [await loginAs(server.session(), first), await loginAs(server.session(), second)];
  const sock1 = await connectAgentSocket(server.url, s1.cookie);
  sockets.push(sock1);
  await sock1.next('queue:snapshot');

  const caller = await callerWaiting();
  await available(s1);
  await waitFor(async () => (await offeredTo(first.id)) === caller, 10_000, 'offer to the first agent');
  await sock1.next('ticket:offered', (p) => p.ticketId === caller);

  // The second agent, free, takes the waiting caller at once rather than hearing 409.
  await available(s2);
  const taken = await s2.post(`/api/tickets/${caller}/claim`);
  expect(taken.status).toBe(200);
  expect(await Ticket.findById(caller).lean()).toMatchObject({ status: 'assigned', assignee: second.id });
  expect(await sock1.next('ticket:offer-ended', (p) => p.ticketId === caller)).toMatchObject({ agentId: first.id, reason: 'taken' });
  expect(await Agent.findById(first.id, { offerTicketId: 1 }).lean()).toMatchObject({ offerTicketId: null });
  // The first agent's accept, too late, is the ordinary AlreadyClaimed; and they get the next caller.
  expect((await s1.post(`/api/tickets/${caller}/claim`)).body.error).toBe('AlreadyClaimed');
  const next = await callerWaiting();
  expect(await waitFor(() => offeredTo(first.id), 10_000, 'next offer to the first agent')).toBe(next);
});

test('a caller who hangs up while offered: the offer is withdrawn at once and the agent gets the next caller', async () => {
  const agent = await makeAgent({ channels: ['voice'] });
  const session = await loginAs(server.session(), agent);
  const sock = await connectAgentSocket(server.url, session.cookie);
  sockets.push(sock);
  await sock.next('queue:snapshot');
  const gone = await callerOnLine();
  await available(session);
  await sock.next('ticket:offered', (p) => p.ticketId === gone.ticketId);

  await gone.hangUp();
  expect(await sock.next('ticket:offer-ended', (p) => p.ticketId === gone.ticketId)).toMatchObject({ reason: 'withdrawn' });
  expect(await Agent.findById(agent.id, { offerTicketId: 1 }).lean()).toMatchObject({ offerTicketId: null });
  const next = await callerWaiting();
  expect(await sock.next('ticket:offered', (p) => p.ticketId === next, 3000)).toMatchObject({ agentId: agent.id });
});
