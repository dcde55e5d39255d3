// A closure set through one node takes effect on another (a child process sharing the store
// and Redis) within the caches' few seconds, without a restart — and so does its removal.
import { randomBytes } from 'node:crypto';
import { invalidateClosureCache } from '../../core/opening/closures';
import { invalidateQueueCache } from '../../core/routing/select-queue';
import { startSecondNode, type SecondNode } from '../support/second-node';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { parseTwiml } from '../support/twiml';
import { postTwilioWebhook } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

const PUBLIC = 'http://hotline.example.test';
const BASE = '/webhooks/twilio/voice';
let nodeA: TestServer;
let nodeB: SecondNode;
let admin: Session;

beforeAll(async () => {
  invalidateQueueCache();
  invalidateClosureCache();
  nodeA = await startTestServer({ PUBLIC_BASE_URL: PUBLIC });
  admin = await nodeA.admin();
  // Real clocks on both nodes: the phone queue open round the clock, whatever the hour of the run.
  expect((await admin.post('/api/queues/phone', { businessHours: '24/7' })).status).toBe(200);
  nodeB = await startSecondNode({
    mongoUri: nodeA.ctx.mongoUri,
    redisUrl: nodeA.ctx.redisUrl,
    sessionSecret: nodeA.ctx.config.SESSION_SECRET!,
    env: { PUBLIC_BASE_URL: PUBLIC },
  });
});
afterAll(async () => {
  await nodeB?.stop();
  await nodeA?.close();
});

/** A caller on node B asks for an agent: queued, or sent to the out-of-hours choice. */
async function askOnB(): Promise<'queued' | 'closed'> {
  const CallSid = `CA${randomBytes(16).toString('hex')}`;
  const post = async (path: string, params: Record<string, string> = {}) => {
    const res = await postTwilioWebhook({ actualBase: nodeB.url, publicBase: PUBLIC }, path, {
      CallSid,
      From: `+39333${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
      To: '+390000000000',
      CallStatus: 'in-progress',
      ...params,
    });
    expect(res.status).toBe(200);
    return parseTwiml(res.text);
  };
  await post(BASE);
  const twiml = await post(`${BASE}/menu`, { Digits: '5' });
  if (twiml.Enqueue !== undefined) return 'queued';
  expect(twiml.Gather[0]['@action']).toBe(`${PUBLIC}${BASE}/after-hours`);
  return 'closed';
}

/** Polls node B at most every half second (each poll is a call that opens a ticket). */
function until(answer: 'queued' | 'closed') {
  let last = 0;
  return async () => {
    if (Date.now() - last < 500) return false;
    last = Date.now();
    return (await askOnB()) === answer;
  };
}

test('a closure set on node A closes the queue on node B; removed on A, B reopens', async () => {
  expect(await askOnB()).toBe('queued');
  const now = Date.now();
  const set = await admin.post('/api/closures', {
    queue: '*',
    from: new Date(now - 3_600_000).toISOString(),
    to: new Date(now + 3_600_000).toISOString(),
    reason: 'evacuation drill',
  });
  expect(set.status).toBe(201);
  await waitFor(until('closed'), 15_000, 'node B closed');
  expect((await admin.request('DELETE', `/api/closures/${set.body.closure.id}`)).status).toBe(204);
  await waitFor(until('queued'), 15_000, 'node B open again');
});
