// Out-of-hours callback requests left in the IVR are dialled by the system: at opening, in
// the order they were made (it presets), or at once on a 24/7 hotline (ru: call-back within
// 4 hours), each through the Twilio stand-in when an agent takes it.
import { randomBytes } from 'node:crypto';
import { sortWaiting } from '../../core/routing/match';
import { Agent, Message, QueueItem, Ticket } from '../../models';
import { Callback } from '../../models/callback';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { parseTwiml } from '../support/twiml';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';
import { AGENT_PASSWORD, makeAgent } from '../support/agents';

const PUBLIC = 'http://hotline.example.test';
const BASE = '/webhooks/twilio/voice';
const clock = {
  at: new Date(),
  now() {
    return new Date(this.at);
  },
};

const phone = () => `+39333${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

function setup(env: Record<string, string>) {
  const s = {
    server: undefined as unknown as TestServer,
    twilio: undefined as unknown as TwilioStandIn,
    admin: undefined as unknown as Session,
  };
  beforeAll(async () => {
    s.twilio = await startTwilioStandIn();
    s.server = await startTestServer({ PUBLIC_BASE_URL: PUBLIC, TWILIO_API_BASE_URL: s.twilio.url, ...env }, { clock });
    s.twilio.forwardCallbacks(PUBLIC, s.server.url);
    s.admin = await s.server.admin();
  });
  afterAll(async () => {
    await s.server?.close();
    await s.twilio?.close();
  });
  return s;
}

/** A caller out of hours asks for an agent and chooses the callback (2); returns the ticket id. */
async function requestCallback(s: ReturnType<typeof setup>, from: string, languageKey: string): Promise<string> {
  const CallSid = `CA${randomBytes(16).toString('hex')}`;
  const post = async (path: string, params: Record<string, string> = {}) => {
    const res = await postTwilioWebhook({ actualBase: s.server.url, publicBase: PUBLIC }, path, {
      CallSid,
      AccountSid: s.twilio.accountSid,
      From: from,
      To: '+390000000000',
      ...params,
    });
    expect(res.status).toBe(200);
    return parseTwiml(res.text);
  };
  await post(BASE);
  await post(`${BASE}/language`, { Digits: languageKey });
  const closed = await post(`${BASE}/menu`, { Digits: '5' });
  expect(closed.Gather[0]['@action']).toBe(`${PUBLIC}${BASE}/after-hours`);
  await post(`${BASE}/after-hours`, { Digits: '2' });
  const msg = await Message.findById(`voice:${CallSid}:callback`).lean();
  return String(msg!.ticketId);
}

async function claimAs(s: ReturnType<typeof setup>, ticketId: string, agentPhone: string): Promise<void> {
  const agent = await makeAgent({ channels: ['voice'] });
  await Agent.updateOne({ _id: agent.id }, { $set: { phone: agentPhone } });
  const session = s.server.session();
  await session.login(agent.email, AGENT_PASSWORD);
  expect((await session.post(`/api/tickets/${ticketId}/claim`)).status).toBe(200);
}

describe('seed-2014: requests of the night are dialled at opening, in order', () => {
  const s = setup({});
  test('Sunday requests wait; at Monday 08:00 they are served first, oldest first, and rung when taken', async () => {
    const first = phone();
    const second = phone();
    clock.at = new Date('2026-11-22T09:00:00Z'); // Sunday 10:00 in Rome: closed
    const t1 = await requestCallback(s, first, '1');
    clock.at = new Date('2026-11-22T10:00:00Z');
    const t2 = await requestCallback(s, second, '1');
    const run = async (iso: string) => (await s.admin.post('/api/admin/jobs/callbacks/run', { asOf: iso })).body.counts;
    expect(await run('2026-11-22T11:00:00Z')).toMatchObject({ outsideHours: 1 });
    expect(await Callback.findById(t1).lean()).toBeNull();

    clock.at = new Date('2026-11-23T07:00:00Z'); // Monday 08:00
    expect(await run('2026-11-23T07:00:00Z')).toMatchObject({ dialable: 2 });
    expect(await run('2026-11-23T07:05:00Z')).toMatchObject({ dialable: 0 }); // once each
    const items = sortWaiting(await QueueItem.find({ _id: { $in: [t1, t2] } }).lean());
    expect(items.map((i) => [i._id, i.live])).toEqual([
      [t1, true],
      [t2, true],
    ]);
    expect(await Callback.findById(t1).lean()).toMatchObject({ origin: 'after_hours', phone: first, state: 'waiting' });

    await claimAs(s, t1, '+390511110010');
    const call = await waitFor(() => s.twilio.calls().find((c) => c.params.To === first), 5000, 'call to the first caller');
    expect(String(call.params.Url)).toBe(`${PUBLIC}${BASE}/callback/answer?m=callback%3A${t1}%3A1`);
    expect(s.twilio.calls().find((c) => c.params.To === second)).toBeUndefined();
  });
});

describe("seed-2014: a closure of the request's queue holds it", () => {
  const s = setup({});
  test('at Monday opening a request whose queue an admin closed is not released; once removed, it is', async () => {
    clock.at = new Date('2026-11-22T09:00:00Z'); // Sunday 10:00 in Rome: closed
    const t = await requestCallback(s, phone(), '1');
    const queue = (await Ticket.findById(t).lean())!.queue;
    clock.at = new Date('2026-11-23T07:00:00Z'); // Monday 08:00
    const set = await s.admin.post('/api/closures', { queue, from: '2026-11-23T06:00:00Z', to: '2026-11-23T12:00:00Z', reason: 'move' });
    expect(set.status).toBe(201);
    const run = async (iso: string) => (await s.admin.post('/api/admin/jobs/callbacks/run', { asOf: iso })).body.counts;
    expect(await run('2026-11-23T07:00:00Z')).toMatchObject({ outsideHours: 0, dialable: 0, queueClosed: 1, created: 1 });
    expect(await Callback.findById(t).lean()).toBeNull();
    expect((await s.admin.request('DELETE', `/api/closures/${set.body.closure.id}`)).status).toBe(204);
    expect(await run('2026-11-23T07:05:00Z')).toMatchObject({ dialable: 1, queueClosed: 0 });
    expect(await Callback.findById(t).lean()).toMatchObject({ origin: 'after_hours', state: 'waiting' });
  });
});

describe('ru: call-back within 4 hours on a 24/7 hotline', () => {
  const s = setup({ RULE_SET: 'ru', TIMEZONE: 'Europe/Moscow', DEFAULT_LANGUAGE: 'ru' });
  test('a Saturday-evening request is due in 4 hours and dialled that evening, not on Monday', async () => {
    const from = phone();
    clock.at = new Date('2026-11-28T19:30:00Z'); // Saturday 22:30 in Moscow: the agents' line is closed
    const t = await requestCallback(s, from, '3');
    const ticket = await Ticket.findById(t).lean();
    expect(ticket!.category).toBe('callback');
    expect(ticket!.sla!.resolutionDueAt!.getTime() - clock.at.getTime()).toBe(4 * 3_600_000);
    const counts = (await s.admin.post('/api/admin/jobs/callbacks/run', { asOf: '2026-11-28T19:35:00Z' })).body.counts;
    expect(counts).toMatchObject({ outsideHours: 0, dialable: 1 });
    clock.at = new Date('2026-11-28T19:40:00Z');
    await claimAs(s, t, '+74951234567');
    await waitFor(() => s.twilio.calls().find((c) => c.params.To === from), 5000, 'call placed on Saturday night');
  });
});
