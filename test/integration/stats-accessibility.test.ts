// Accessibility (AS = seconds a line was free ÷ seconds with an agent logged in, docs/rules.md):
// an agent who stays "available" while talking to a caller has no free line then, and the
// figure is there while agents are logged in — on the wall board, in the current interval and
// in the regulator's report — not only once they log off.
import { PresenceMark } from '../../models/interval-bucket';
import { TestClock } from '../support/clock';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { supervisorSession } from '../support/supervisor';
import { waitFor } from '../support/wait-for';

const clock = new TestClock(new Date('2026-03-11T07:55:00Z'));
let server: TestServer;
let sup: Session;

beforeAll(async () => {
  server = await startTestServer({ TIMEZONE: 'Europe/Rome', RULE_SET: 'seed-2014' }, { clock });
  sup = (await supervisorSession(server)).session;
});
afterAll(async () => {
  await server.close();
});

const AGENT = 'agent-as-1';
const at = (hms: string) => new Date(`2026-03-11T${hms}Z`);

async function markIs(state: string) {
  await waitFor(async () => (await PresenceMark.findById(AGENT).lean())?.state === state, 5000, `presence mark ${state}`);
}

type Accessibility = { as: number | null; freeSeconds: number; onCallSeconds: number; loggedInSeconds: number };

async function live(): Promise<Accessibility> {
  const res = await sup.get('/api/stats/live?fresh=true');
  expect(res.status).toBe(200);
  return res.body.accessibility as Accessibility;
}

/** The wall board's AS once the period that just ended has been counted (counting follows the event). */
async function liveOnce(loggedInSeconds: number): Promise<Accessibility> {
  return waitFor(
    async () => {
      const a = await live();
      return a.loggedInSeconds === loggedInSeconds ? a : null;
    },
    5000,
    `${loggedInSeconds} logged-in seconds on the board`,
  );
}

function call(sid: string, answeredAt: string, seconds: number) {
  const ev = server.ctx.events;
  const answered = at(answeredAt);
  ev.emit('call.event', { callSid: sid, kind: 'queued', at: new Date(answered.getTime() - 5000), queue: 'phone' });
  ev.emit('call.event', {
    callSid: sid,
    kind: 'answered',
    at: answered,
    queue: 'phone',
    agentId: AGENT,
    waitSeconds: 5,
    waitWithIvrSeconds: 20,
  });
  return () =>
    ev.emit('call.event', {
      callSid: sid,
      kind: 'completed',
      at: new Date(answered.getTime() + seconds * 1000),
      queue: 'phone',
      handleSeconds: seconds,
    });
}

test('AS counts calls in progress as busy and is live while the agent is logged in', async () => {
  expect((await live()).as).toBeNull();

  // Logged in (available) at 08:00Z: AS is 100 % from the first second, not null until log-off.
  server.ctx.events.emit('agent.presence', { agentId: AGENT, state: 'available', at: at('08:00:00') });
  await markIs('available');
  clock.set('2026-03-11T08:05:00Z');
  expect(await live()).toEqual({ as: 1, freeSeconds: 300, onCallSeconds: 0, loggedInSeconds: 300 });
  const current = await sup.get('/api/stats/intervals?from=2026-03-11T08:00:00Z&to=2026-03-11T08:15:00Z&granularity=15m');
  expect(current.body.rows).toHaveLength(1);
  expect(current.body.rows[0]).toMatchObject({ accessibility: 1 });
  expect(current.body.rows[0].agentsActual).toBeCloseTo(300 / 900, 9);

  // A call bridged to the agent, still in progress: its seconds so far are not a free line.
  const endFirst = call('CA-as-1', '08:06:00', 10);
  await markIs('on_call');
  clock.set('2026-03-11T08:06:05Z');
  const during = await liveOnce(365);
  expect(during).toMatchObject({ onCallSeconds: 5, loggedInSeconds: 365, freeSeconds: 360 });
  expect(during.as).toBeCloseTo(360 / 365, 9);
  endFirst();
  await markIs('available');

  const endSecond = call('CA-as-2', '08:10:00', 10);
  await markIs('on_call');
  endSecond();
  await markIs('available');

  // Logged off after 800 s with two calls of 10 s: 780 / 800.
  server.ctx.events.emit('agent.presence', { agentId: AGENT, state: 'offline', at: at('08:13:20') });
  await markIs('offline');
  clock.set('2026-03-11T08:20:00Z');
  const after = await liveOnce(800);
  expect(after).toMatchObject({ freeSeconds: 780, onCallSeconds: 20, loggedInSeconds: 800 });
  expect(after.as).toBeCloseTo(0.975, 9);

  const reg = await sup.get('/api/stats/regulatory?from=2026-03-11&to=2026-03-12');
  expect(reg.status).toBe(200);
  expect(reg.body).toMatchObject({ availableSeconds: 780, onCallSeconds: 20, loggedInSeconds: 800 });
  expect(reg.body.as).toBeCloseTo(0.975, 9);
});

test('the regulatory report says how TMA is computed: abandoned calls count, with and without the IVR', async () => {
  const ev = server.ctx.events;
  ev.emit('call.event', {
    callSid: 'CA-tma-1',
    kind: 'answered',
    at: at('09:00:00'),
    queue: 'phone',
    waitSeconds: 30,
    waitWithIvrSeconds: 60,
  });
  ev.emit('call.event', {
    callSid: 'CA-tma-2',
    kind: 'abandoned',
    at: at('09:01:00'),
    queue: 'phone',
    waitSeconds: 90,
    waitWithIvrSeconds: 120,
  });
  const reg = await waitFor(
    async () => {
      const r = await sup.get('/api/stats/regulatory?from=2026-03-11&to=2026-03-12');
      return r.body.tmaCalls === 4 ? r : null;
    },
    5000,
    'TMA over the calls',
  );
  // The two calls of the first test (answered, 5 s / 20 s) and these two.
  expect(reg.body).toMatchObject({ tmaCalls: 4, tmaAnswered: 3, tmaAbandoned: 1 });
  expect(reg.body.tmaSeconds).toBeCloseTo((5 + 5 + 30 + 90) / 4, 9);
  expect(reg.body.tmaWithIvrSeconds).toBeCloseTo((20 + 20 + 60 + 120) / 4, 9);
  expect(reg.body.definitions.tmaSeconds).toMatch(/abandoned/);
  expect(reg.body.definitions.tmaSeconds).toMatch(/queue/);
  expect(reg.body.definitions.tmaWithIvrSeconds).toMatch(/IVR/);
  expect(reg.body.definitions.tmaWithIvrSeconds).toMatch(/abandoned/);
  expect(reg.body.definitions.as).toMatch(/on a call/);
});
