// Store commands spent by routing, offers, claims and the consoles' snapshots (issue 20),
// counted with the driver's command monitoring by command and collection: none while agents
// sit idle, and a bounded number per claimed ticket with no scan of tickets.
// STORE_COMMANDS_REPORT=1 prints the counts.
import mongoose from 'mongoose';
import { ingest } from '../../core/ingest/ingest';
import { claimTicket } from '../../core/tickets/claim-ticket';
import { buildSnapshot } from '../../server/sockets/snapshot';
import { invalidateQueueCache } from '../../core/routing/select-queue';
import { Queue, Ticket } from '../../models';
import { inboundSms } from '../factories/inbound';
import { connectAgentSocket, type AgentSocket } from '../support/agent-socket';
import { loginAs, makeAgent } from '../support/agents';
import { testStoreUris } from '../support/env';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

// Logins are rate-limited to 20 a minute per address (server/auth/routes.ts).
const AGENTS = 18;
const TICKETS = 10;
const IDLE_MS = 12_000;

let server: TestServer;
const sockets: AgentSocket[] = [];
let counts = new Map<string, number>();
let db = '';

beforeAll(async () => {
  const { mongoUri } = testStoreUris();
  db = new URL(mongoUri).pathname.slice(1);
  // The wall board's publisher (core/stats) reads agents, queues, waiting items and today's
  // figures every 5 s per node whoever is connected: not routing's, so kept out of the count.
  const stats: Record<string, string> = process.env.STORE_COMMANDS_WITH_STATS ? {} : { STATS_LIVE_INTERVAL_MS: '3600000' };
  server = await startTestServer({ MONGODB_URI: `${mongoUri}?monitorCommands=true`, ...stats });
  mongoose.connection.getClient().on('commandStarted', (e) => {
    if (e.databaseName !== db) return;
    const target = e.command[e.commandName];
    if (typeof target !== 'string') return; // hello, ping, endSessions, …
    const key = `${e.commandName}${byId(e.command) ? '' : '*'} ${target}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
});

/**
 * The embedded store turns only an exact `_id` filter into an indexed read; any other filter
 * reads the whole collection. Such commands are counted with a `*` (`find* tickets`).
 */
function byId(cmd: Record<string, any>): boolean {
  const filter = cmd.filter ?? cmd.query ?? cmd.updates?.[0]?.q ?? cmd.deletes?.[0]?.q;
  if (cmd.insert || cmd.createIndexes) return true;
  return (
    !!filter &&
    typeof filter === 'object' &&
    '_id' in filter &&
    (typeof filter._id !== 'object' || filter._id instanceof Object === false || !!filter._id?._bsontype)
  );
}

const total = (m: Map<string, number>, only?: RegExp) => [...m].filter(([k]) => !only || only.test(k)).reduce((n, [, v]) => n + v, 0);
function measure(): () => Map<string, number> {
  counts = new Map();
  return () => {
    const seen = counts;
    counts = new Map();
    return seen;
  };
}
function report(what: string, m: Map<string, number>, per = 1): void {
  if (!process.env.STORE_COMMANDS_REPORT) return;
  const rows = [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${+(v / per).toFixed(2)}`);
  process.stdout.write(`store commands ${what}: ${+(total(m) / per).toFixed(2)} (${rows.join(', ')})\n`);
}

/** A console: accepts each offer, and asks for a snapshot after a claim when the event lacks "my tickets" fields (as web/src/console.ts does). */
function console_(agentId: string, sock: AgentSocket, session: Session, resolved: string[]): void {
  sock.socket.on('ticket:offered', (o: { ticketId: string }) => {
    void session.post(`/api/tickets/${o.ticketId}/claim`).then(async (res) => {
      if (res.status !== 200) return;
      await session.post(`/api/tickets/${o.ticketId}/resolve`, { outcome: 'answered' });
      resolved.push(o.ticketId);
    });
  });
  sock.socket.on('ticket:claimed', (p: Record<string, unknown>) => {
    if (p.agentId === agentId && !('assignedAt' in p)) sock.socket.emit('snapshot:get', () => undefined);
  });
}

test('idle agents cost the store nothing; a claimed ticket costs a bounded number of commands', async () => {
  const people = await Promise.all(Array.from({ length: AGENTS }, (_, i) => makeAgent({ name: `Idle ${i}`, channels: ['voice', 'sms'] })));
  const resolved: string[] = [];
  for (const agent of people) {
    const session = await loginAs(server.session(), agent);
    const sock = await connectAgentSocket(server.url, session.cookie);
    sockets.push(sock);
    await sock.next('queue:snapshot');
    console_(agent.id, sock, session, resolved);
    expect((await session.post('/api/agents/me/presence', { state: 'available' })).status).toBe(200);
  }

  // 1. Idle: every agent connected and available, nothing arriving.
  await new Promise((r) => setTimeout(r, 2000));
  let stop = measure();
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const idle = stop();
  report(`idle, ${AGENTS} agents, ${IDLE_MS / 1000} s`, idle);

  // 2. Work: SMS arrive (waiting in a pull queue), then push routing offers them; the agents accept and resolve.
  const tickets: string[] = [];
  stop = measure();
  for (let i = 0; i < TICKETS; i++) {
    tickets.push((await ingest(server.ctx, inboundSms({ from: `+3933388${String(i).padStart(5, '0')}`, category: 'billing' }))).ticketId!);
  }
  const ingested = stop();
  report(`per ingested SMS (not routing's)`, ingested, TICKETS);
  await Queue.updateOne({ _id: 'chat' }, { $set: { mode: 'push', offerTimeoutSeconds: 20 } });
  invalidateQueueCache();

  stop = measure();
  // An agent coming back makes the router look at every push queue.
  const last = await loginAs(server.session(), people[0]!);
  await last.post('/api/agents/me/presence', { state: 'away' });
  await last.post('/api/agents/me/presence', { state: 'available' });
  await waitFor(() => tickets.every((t) => resolved.includes(t)), 60_000, 'every ticket offered, claimed and resolved');
  // Let the events of the last resolve run their course.
  await new Promise((r) => setTimeout(r, 1000));
  const worked = stop();
  report(`per ticket offered, claimed and resolved`, worked, TICKETS);
  expect(total(idle, / (queueitems|agents|queues|tickets|guards)$/)).toBe(0);
  expect(await Ticket.countDocuments({ status: 'resolved' })).toBe(TICKETS);
  // Routing, offers, the claim and the consoles: no scan of tickets, a bounded count per ticket.
  expect(total(worked, /^\w+\* tickets$/)).toBe(0);
  expect(total(worked, / (queueitems|agents|queues|tickets|guards)$/) / TICKETS).toBeLessThanOrEqual(20);

  // 3. A console's snapshot (every connection, and GET /api/queues/snapshot) reads the agent's own tickets by _id.
  await Queue.updateOne({ _id: 'chat' }, { $set: { mode: 'pull' } });
  invalidateQueueCache();
  const holder = await makeAgent({ name: 'Holder', channels: ['sms'] });
  const open = await ingest(server.ctx, inboundSms({ from: '+393338899999', category: 'billing' }));
  await claimTicket(server.ctx, { ticketId: open.ticketId!, actor: { agentId: holder.id, role: 'agent' } });
  stop = measure();
  const snap = await buildSnapshot(server.ctx, holder.id, 'agent');
  const snapshotCost = stop();
  report('per snapshot', snapshotCost);
  expect(snap.mine.map((t) => t.ticketId)).toEqual([open.ticketId]);
  expect(total(snapshotCost, /^\w+\* tickets$/)).toBe(0);
});
