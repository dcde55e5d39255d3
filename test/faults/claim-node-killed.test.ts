// A node killed (-9) while its push offer is pending (issue 19, the fault suite): the offer's
// timer died with the node, and the offered agent and the next one both try to take the
// ticket through the surviving node, again and again. Exactly one claim wins, the ticket has
// one assignee, leaves the waiting list once, and is counted answered once.
import { ingest } from '../../core/ingest/ingest';
import { invalidateQueueCache } from '../../core/routing/select-queue';
import { Queue, QueueItem, Ticket } from '../../models';
import { ReportingEvent } from '../../models/reporting-event';
import { inboundSms } from '../factories/inbound';
import { AGENT_PASSWORD, makeAgent } from '../support/agents';
import { startSecondNode, type SecondNode } from '../support/second-node';
import { Session, startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

let nodeA: TestServer;
let nodeB: SecondNode;

beforeAll(async () => {
  nodeA = await startTestServer();
  await Queue.updateOne({ _id: 'chat' }, { $set: { mode: 'push', offerTimeoutSeconds: 2 } });
  invalidateQueueCache();
  nodeB = await startSecondNode({
    mongoUri: nodeA.ctx.mongoUri,
    redisUrl: nodeA.ctx.redisUrl,
    sessionSecret: nodeA.ctx.config.SESSION_SECRET!,
  });
});
afterAll(async () => {
  nodeB?.child.kill('SIGKILL');
  await nodeA?.close();
});

test('kill -9 of the node holding an offer: of all the claims that follow on the other node, exactly one wins', async () => {
  const offered = await makeAgent({ name: 'Offered on B' });
  const other = await makeAgent({ name: 'Other on A' });
  const { ticketId } = await ingest(nodeA.ctx, inboundSms({ from: '+393339990077', category: 'billing' }));
  const onB = new Session(nodeB.url);
  await onB.login(offered.email, AGENT_PASSWORD);
  expect((await onB.post('/api/agents/me/presence', { state: 'available' })).status).toBe(200);
  await waitFor(async () => (await QueueItem.findById(ticketId).lean())?.offeredTo === offered.id, 10_000, 'offer made on node B');

  const exited = new Promise((r) => nodeB.child.once('exit', r));
  nodeB.child.kill('SIGKILL');
  await exited;

  const sessions = await Promise.all(
    [offered, other].map(async (a) => {
      const s = nodeA.session();
      await s.login(a.email, AGENT_PASSWORD);
      return { agent: a, s };
    }),
  );
  expect((await sessions[1]!.s.post('/api/agents/me/presence', { state: 'available' })).status).toBe(200);
  // Both agents keep trying for a while (across the offer's expiry and the sweep's re-offer).
  const results: Array<{ agent: string; status: number }> = [];
  const deadline = Date.now() + 6_000;
  await Promise.all(
    sessions.flatMap(({ agent, s }) =>
      [0, 1, 2].map(async () => {
        while (Date.now() < deadline && !results.some((r) => r.status === 200)) {
          results.push({ agent: agent.id, status: (await s.post(`/api/tickets/${ticketId}/claim`)).status });
          await new Promise((r) => setTimeout(r, 50));
        }
      }),
    ),
  );
  const wins = results.filter((r) => r.status === 200);
  expect(wins).toHaveLength(1);
  expect(results.filter((r) => r.status !== 200 && r.status !== 409 && r.status !== 403)).toEqual([]);
  const winner = wins[0]!.agent;
  const ticket = (await Ticket.findById(ticketId).lean())!;
  expect(String(ticket.assignee)).toBe(winner);
  expect(await QueueItem.findById(ticketId).lean()).toBeNull();
  // Agents' load counters are not checked here: concurrent `$inc`s on one agent can be lost on
  // stock FerretDB 1.24 (docs/architecture.md, "Atomicity"; the FerretDB locking patch of
  // issue 20) — seen as a load of 2 when this ran beside other suites.
  await waitFor(async () => (await ReportingEvent.countDocuments({ name: 'answered', ticketId })) === 1, 10_000, 'answered counted');
  expect(await ReportingEvent.countDocuments({ name: 'answered', ticketId })).toBe(1);
});
