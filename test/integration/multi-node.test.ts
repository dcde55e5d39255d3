// Two server nodes (this process and a child process) sharing the store and Redis: a
// ticket created through node A reaches an agent connected to node B, and a claim made
// on node B reaches the agents of node A — through socket.io's Redis streams adapter.
import type { EventMap } from '../../core/events';
import { ingest } from '../../core/ingest/ingest';
import { invalidateQueueCache } from '../../core/routing/select-queue';
import { setPresence } from '../../core/tickets/set-presence';
import { Queue, QueueItem } from '../../models';
import { inboundSms } from '../factories/inbound';
import { connectAgentSocket, type AgentSocket } from '../support/agent-socket';
import { AGENT_PASSWORD, makeAgent } from '../support/agents';
import { startSecondNodeOf, type SecondNode } from '../support/second-node';
import { Session, startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

let nodeA: TestServer;
let nodeB: SecondNode;
const sockets: AgentSocket[] = [];

beforeAll(async () => {
  nodeA = await startTestServer();
  // Push routing on the SMS queue for the offer test (set before node B reads its queues).
  await Queue.updateOne({ _id: 'chat' }, { $set: { mode: 'push', offerTimeoutSeconds: 2 } });
  invalidateQueueCache();
  nodeB = await startSecondNodeOf(nodeA);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await nodeB?.stop();
  await nodeA?.close();
});

test('a ticket created through node A reaches an agent on node B; a claim on B reaches node A', async () => {
  const onB = await makeAgent({ name: 'On B' });
  const onA = await makeAgent({ name: 'On A' });
  // Sessions live in the shared Redis: a cookie from either node works on both (see the reconnect below).
  const sessionB = new Session(nodeB.url);
  await sessionB.login(onB.email, AGENT_PASSWORD);
  const sessionA = nodeA.session();
  await sessionA.login(onA.email, AGENT_PASSWORD);

  const sockB = await connectAgentSocket(nodeB.url, sessionB.cookie);
  const sockA = await connectAgentSocket(nodeA.url, sessionA.cookie);
  sockets.push(sockA, sockB);
  await sockB.next('queue:snapshot');
  await sockA.next('queue:snapshot');

  const { ticketId, ticketNumber } = await ingest(nodeA.ctx, inboundSms({ from: '+393339990001', category: 'billing' }));
  expect(await sockB.next('ticket:queued', (p) => p.ticketId === ticketId, 15_000)).toMatchObject({ number: ticketNumber, queue: 'chat' });

  const claim = await sessionB.post(`/api/tickets/${ticketId}/claim`);
  expect(claim.status).toBe(200);
  expect(await sockA.next('ticket:claimed', (p) => p.ticketId === ticketId, 15_000)).toMatchObject({ agentId: onB.id });

  // A reconnect to the other node still starts from a full snapshot.
  sockA.close();
  const moved = await connectAgentSocket(nodeB.url, sessionA.cookie);
  sockets.push(moved);
  const snap = await moved.next('queue:snapshot');
  expect(snap.me.id).toBe(onA.id);
  expect(snap.items.map((i: { ticketId: string }) => i.ticketId)).not.toContain(ticketId);
});

test('an offer made by node B still times out when node B goes away: node A sweeps it to the next agent', async () => {
  const first = await makeAgent({ name: 'Offered on B' });
  const next = await makeAgent({ name: 'Next on A' });
  const offersOnA: Array<EventMap['ticket.offered']> = [];
  nodeA.ctx.events.on('ticket.offered', (e) => void offersOnA.push(e));

  const { ticketId } = await ingest(nodeA.ctx, inboundSms({ from: '+393339990002', category: 'billing' }));
  // The agent becomes available through node B, whose router makes the offer and holds its timer.
  const onB = new Session(nodeB.url);
  await onB.login(first.email, AGENT_PASSWORD);
  expect((await onB.post('/api/agents/me/presence', { state: 'available' })).status).toBe(200);
  await waitFor(async () => (await QueueItem.findById(ticketId).lean())?.offeredTo === first.id, 10_000, 'offer made on node B');
  expect(offersOnA.filter((o) => o.agentId === first.id)).toEqual([]);

  await nodeB.stop();
  await setPresence(nodeA.ctx, { agentId: next.id, state: 'available' });
  // Node B's timer died with it; node A's sweep ends the expired offer and offers it on.
  await waitFor(
    async () => (await QueueItem.findById(ticketId).lean())?.offeredTo === next.id,
    20_000,
    'offer moved to the next agent by node A',
  );
  expect((await QueueItem.findById(ticketId).lean())?.declinedBy).toContain(first.id);
});
