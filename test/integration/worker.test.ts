// The worker-only process (`npm run worker`): an HTTP node with RUN_WORKERS=false leaves the
// background work to it; a job slot enqueued by the node is run by the worker, and the
// job's event reaches a supervisor connected to the HTTP node (socket.io's streams adapter).
import { ingest } from '../../core/ingest/ingest';
import { JobRun, Ticket } from '../../models';
import { inboundSms } from '../factories/inbound';
import { connectAgentSocket, type AgentSocket } from '../support/agent-socket';
import { loginAs, makeAgent } from '../support/agents';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

jest.setTimeout(90_000);

let node: TestServer;
let worker: WorkerProcess | undefined;
let sup: AgentSocket | undefined;

beforeAll(async () => {
  node = await startTestServer({ RUN_WORKERS: 'false' });
  worker = await startWorkerProcess({ mongoUri: node.ctx.mongoUri, redisUrl: node.ctx.redisUrl });
});
afterAll(async () => {
  sup?.close();
  await worker?.stop();
  await node?.close();
});

test('a scheduled slot runs in the worker, and its event reaches the agents of the HTTP node', async () => {
  const supervisor = await makeAgent({ role: 'supervisor' });
  sup = await connectAgentSocket(node.url, (await loginAs(node.session(), supervisor)).cookie);
  await sup.next('queue:snapshot');

  // A live chat: its first-response deadline is minutes away (an SMS has none, only its answer deadline in days).
  const { ticketId } = await ingest(node.ctx, inboundSms({ channel: 'chat', from: '+393331119001', category: 'billing' }));
  const due = (await Ticket.findById(ticketId).lean())!.sla!.firstResponseDueAt!;
  const slot = new Date(Math.ceil((due.getTime() + 1000) / 60_000) * 60_000);
  await node.ctx.scheduler.enqueueSlot('sla-clock', slot);

  const run = await waitFor(
    () => JobRun.findOne({ name: 'sla-clock', asOf: slot, status: 'succeeded' }).lean(),
    20_000,
    'the worker to run the slot',
  );
  expect(run).toMatchObject({ trigger: 'cron', counts: { breaches: 1 } });
  expect(await sup.next('ticket:sla', (p) => p.ticketId === ticketId, 15_000)).toMatchObject({
    deadline: 'first_response',
    state: 'breached',
  });
  expect(await Ticket.findById(ticketId).lean()).toMatchObject({ sla: { firstResponseBreachedAt: slot } });
});

test('the worker stops cleanly on SIGTERM', async () => {
  expect(await worker!.stop()).toBe(0);
  worker = undefined;
});
