// A scripted day of calls, messages and e-mails with known waits: the figures read over
// HTTP are exact, the rebuild equals the incremental counters, and percentiles hold
// across interval boundaries and a DST change (Europe/Rome).
import { Types } from 'mongoose';
import { ingest } from '../../core/ingest/ingest';
import { summarize } from '../../core/tickets/summary';
import type { InboundMessage } from '../../core/ingest/inbound-message';
import { WAIT_BOUNDS, bucketIndex } from '../../core/stats/histogram';
import { appliedCount } from '../../core/stats/record';
import { IntervalBucket, MonthBucket, PresenceMark } from '../../models/interval-bucket';
import { ReportingEvent } from '../../models/reporting-event';
import { QueueItem, Ticket } from '../../models';
import { TestClock } from '../support/clock';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { supervisorSession } from '../support/supervisor';
import { waitFor } from '../support/wait-for';

const clock = new TestClock(new Date('2026-03-10T06:00:00Z'));
let server: TestServer;
let sup: Session;
let seq = 0;

beforeAll(async () => {
  server = await startTestServer({ TIMEZONE: 'Europe/Rome', RULE_SET: 'seed-2014' }, { clock });
  sup = (await supervisorSession(server)).session;
});
afterAll(async () => {
  await server.close();
});

const appliedAtStart = appliedCount();
const eventCount = () => appliedCount() - appliedAtStart;
/** Waits until this many reporting events have been recorded and counted into the buckets. */
async function settle(expected: number) {
  await waitFor(() => eventCount() === expected, 10_000, `${expected} counted events (now ${eventCount()})`);
  expect(await ReportingEvent.countDocuments()).toBe(expected);
}

type CallScript = {
  sid: string;
  at: string;
  outcome: 'answered' | 'abandoned';
  wait: number;
  withIvr: number;
  choices: number;
  handle?: number;
  language?: string;
};

function playCall(c: CallScript) {
  const end = new Date(c.at);
  const ev = server.ctx.events;
  const queuedAt = new Date(end.getTime() - c.wait * 1000);
  const ivrAt = new Date(end.getTime() - c.withIvr * 1000);
  ev.emit('call.event', { callSid: c.sid, kind: 'ivr_entered', at: ivrAt, queue: 'phone', language: c.language });
  ev.emit('call.event', {
    callSid: c.sid,
    kind: 'agent_requested',
    at: queuedAt,
    queue: 'phone',
    ivrChoices: c.choices,
    language: c.language,
  });
  ev.emit('call.event', { callSid: c.sid, kind: 'queued', at: queuedAt, queue: 'phone', language: c.language });
  ev.emit('call.event', {
    callSid: c.sid,
    kind: c.outcome,
    at: end,
    queue: 'phone',
    waitSeconds: c.wait,
    waitWithIvrSeconds: c.withIvr,
    language: c.language,
  });
  if (c.handle)
    ev.emit('call.event', {
      callSid: c.sid,
      kind: 'completed',
      at: new Date(end.getTime() + c.handle * 1000),
      queue: 'phone',
      handleSeconds: c.handle,
    });
  return c.handle ? 5 : 4;
}

async function contact(at: string, msg: Partial<InboundMessage> & { channel: InboundMessage['channel'] }) {
  clock.set(at);
  const r = await ingest(server.ctx, {
    externalId: `x${++seq}-${Date.now()}`,
    from: `+39333000${String(seq).padStart(4, '0')}`,
    body: 'Buongiorno, una domanda sulla bolletta',
    receivedAt: new Date(at),
    newThread: true,
    ...msg,
  } as InboundMessage);
  return r.ticketId!;
}

/** What the claim use case does, as far as the statistics see it. */
async function claim(ticketId: string, at: string) {
  clock.set(at);
  const t = await Ticket.findOneAndUpdate(
    { _id: new Types.ObjectId(ticketId) },
    { $set: { status: 'assigned', assignedAt: new Date(at), assignee: 'agent-1' } },
    { returnDocument: 'after' },
  ).lean();
  await QueueItem.deleteOne({ _id: ticketId });
  const s = summarize(t as never);
  server.ctx.events.emit('ticket.claimed', {
    ...s,
    agentId: 'agent-1',
    waitedSeconds: (new Date(at).getTime() - new Date(t!.queuedAt!).getTime()) / 1000,
  });
}

async function resolve(ticketId: string, at: string) {
  clock.set(at);
  const t = await Ticket.findOneAndUpdate(
    { _id: new Types.ObjectId(ticketId) },
    { $set: { status: 'resolved', resolvedAt: new Date(at) } },
    { returnDocument: 'after' },
  ).lean();
  server.ctx.events.emit('ticket.resolved', summarize(t as never));
}

// 10 March 2026 is a Tuesday; Rome is UTC+1 (CET). Times below are UTC.
const calls: CallScript[] = [
  { sid: 'CA01', at: '2026-03-10T07:00:40Z', outcome: 'answered', wait: 10, withIvr: 40, choices: 1, handle: 200, language: 'it' },
  { sid: 'CA02', at: '2026-03-10T07:05:30Z', outcome: 'answered', wait: 30, withIvr: 60, choices: 2, handle: 300, language: 'ru' },
  { sid: 'CA03', at: '2026-03-10T07:08:00Z', outcome: 'abandoned', wait: 3, withIvr: 20, choices: 3 },
  { sid: 'CA04', at: '2026-03-10T07:12:00Z', outcome: 'abandoned', wait: 100, withIvr: 130, choices: 1 },
  // Crosses into the next quarter-hour: queued 07:14:10, answered 07:15:00.
  { sid: 'CA05', at: '2026-03-10T07:15:00Z', outcome: 'answered', wait: 50, withIvr: 80, choices: 2, handle: 400 },
  { sid: 'CA06', at: '2026-03-10T07:20:00Z', outcome: 'answered', wait: 120, withIvr: 150, choices: 1, handle: 100 },
  { sid: 'CA07', at: '2026-03-10T07:44:00Z', outcome: 'answered', wait: 8, withIvr: 30, choices: 1, handle: 200 },
  { sid: 'CA08', at: '2026-03-10T08:20:00Z', outcome: 'answered', wait: 22, withIvr: 52, choices: 4, handle: 200 },
];

test("a scripted day gives exact figures, live and per interval, and the regulator's", async () => {
  let expected = 0;
  for (const c of calls) expected += playCall(c);
  await settle(expected);

  // Written and web contacts through the real ingest.
  const sms1 = await contact('2026-03-10T07:30:00Z', { channel: 'sms', category: 'billing' });
  const sms2 = await contact('2026-03-10T07:31:00Z', { channel: 'sms', category: 'billing' });
  const mail1 = await contact('2026-03-10T08:00:00Z', {
    channel: 'email',
    category: 'complaint',
    from: 'a@example.com',
    subject: 'Reclamo',
  });
  const mail2 = await contact('2026-03-10T08:10:00Z', {
    channel: 'email',
    category: 'information_request',
    from: 'b@example.com',
    subject: 'Info',
  });
  const walk1 = await contact('2026-03-10T08:00:00Z', { channel: 'walk_in', category: 'billing', from: 'walk-in-1' });
  const walk2 = await contact('2026-03-10T08:05:00Z', { channel: 'walk_in', category: 'billing', from: 'walk-in-2' });
  expected += 6;
  await settle(expected);

  await claim(sms1, '2026-03-10T07:30:40Z'); // 40 s
  await claim(sms2, '2026-03-10T07:33:00Z'); // 120 s
  await claim(walk1, '2026-03-10T08:10:00Z'); // 600 s
  await claim(walk2, '2026-03-10T08:55:00Z'); // 3000 s, over 40 minutes
  await claim(mail1, '2026-03-10T09:00:00Z'); // 3600 s
  expected += 5;
  await settle(expected);

  await resolve(sms1, '2026-03-10T07:40:40Z'); // handled 600 s, first contact
  await resolve(mail1, '2026-03-13T08:00:00Z'); // complaint answered in 3 days
  expected += 2;
  await settle(expected);
  server.ctx.events.emit('survey.answered', { ticketId: sms1, score: 5, channel: 'sms', at: new Date('2026-03-10T10:00:00Z') });
  server.ctx.events.emit('survey.answered', { ticketId: mail1, score: 2, channel: 'email', at: new Date('2026-03-13T10:00:00Z') });
  for (const [channel, status] of [
    ['sms', 'accepted'],
    ['sms', 'accepted'],
    ['sms', 'held'],
    ['web', 'accepted'],
  ] as const) {
    server.ctx.events.emit('reading.received', { contractNumber: `C${++seq}`, channel, status, at: new Date('2026-03-10T09:30:00Z') });
  }
  expected += 6;
  await settle(expected);
  // One agent: available 08:00–08:10 local… (07:00Z), busy 10 min, available 40 min, offline.
  for (const [state, at] of [
    ['available', '07:00'],
    ['busy', '07:10'],
    ['available', '07:20'],
    ['offline', '08:00'],
  ] as const) {
    server.ctx.events.emit('agent.presence', { agentId: 'agent-1', state, at: new Date(`2026-03-10T${at}:00Z`) });
    // One change at a time, as an agent's presence changes.
    await waitFor(async () => (await PresenceMark.findById('agent-1').lean())?.state === state, 5000, `presence ${state}`);
  }
  expected += 3;
  await settle(expected);

  // Replays count once. Nothing to wait for when nothing changes, so wait until every
  // replayed event has reached the store and been refused there as already recorded.
  const inserts = jest.spyOn(ReportingEvent.collection, 'insertOne');
  const replayed = playCall(calls[0]!);
  await waitFor(() => inserts.mock.results.length >= replayed, 5000, `${replayed} replayed events to reach the store`);
  const outcomes = await Promise.allSettled(inserts.mock.results.map((r) => r.value));
  inserts.mockRestore();
  expect(outcomes.map((o) => o.status === 'rejected' && (o.reason as { code?: number }).code)).toEqual(Array(replayed).fill(11000));
  await settle(expected);

  // 15-minute voice intervals of the morning.
  const voice = await sup.get('/api/stats/intervals?from=2026-03-10T07:00:00Z&to=2026-03-10T09:00:00Z&channel=voice&granularity=15m');
  expect(voice.status).toBe(200);
  expect(voice.body.rows).toHaveLength(8);
  const [q0, q1, q2, , , q5] = voice.body.rows;
  // 07:00–07:15: CA01, CA02 answered (10, 30 s), CA03 short abandon, CA04 abandon; CA05 offered (queued 07:14:10).
  expect(q0).toMatchObject({
    start: '2026-03-10T07:00:00.000Z',
    local: '2026-03-10T08:00:00.000+01:00',
    offered: 5,
    answered: 2,
    abandoned: 2,
    shortAbandoned: 1,
    abandonRate: 0.4,
    avgWait: 20,
    serviceLevel: 0.5,
    aht: 250,
  });
  expect(q1).toMatchObject({ offered: 1, answered: 2, avgWait: 85, serviceLevel: 0 });
  expect(q2).toMatchObject({ offered: 1, answered: 1, avgWait: 8, serviceLevel: 1 });
  expect(q5).toMatchObject({ offered: 1, answered: 1, avgWait: 22 });

  // The hour roll-up equals the sum of its quarters; p90 across the quarters is within one bucket.
  const hours = await sup.get('/api/stats/intervals?from=2026-03-10T07:00:00Z&to=2026-03-10T09:00:00Z&channel=voice&granularity=hour');
  const h0 = hours.body.rows[0];
  expect(h0).toMatchObject({ offered: 7, answered: 5, abandoned: 2, avgWait: (10 + 30 + 50 + 120 + 8) / 5 });
  const waits = [10, 30, 50, 120, 8].sort((a, b) => a - b);
  const exactP90 = waits[Math.ceil(0.9 * waits.length) - 1]!;
  const k = bucketIndex(exactP90);
  expect(h0.p90Wait).toBeGreaterThanOrEqual(k === 0 ? 0 : WAIT_BOUNDS[k - 1]!);
  expect(h0.p90Wait).toBeLessThanOrEqual(WAIT_BOUNDS[k]!);
  // Staffing beside the actual agents: this hour had offered calls and handle times.
  expect(h0.agentsNeeded).toBeGreaterThanOrEqual(1);
  expect(h0.agentsActual).toBeCloseTo(1, 5);

  // The whole day, every channel.
  const day = await sup.get('/api/stats/intervals?from=2026-03-10&to=2026-03-11&granularity=day');
  expect(day.body.rows).toHaveLength(1);
  expect(day.body.rows[0]).toMatchObject({
    start: '2026-03-09T23:00:00.000Z',
    offered: 8 + 6,
    answered: 6 + 5,
    abandoned: 2,
    resolved: 1,
    fcr: 1,
    csat: 5,
  });
  expect(day.body.rows[0].avgWait).toBeCloseTo((10 + 30 + 50 + 120 + 8 + 22 + 40 + 120 + 600 + 3000 + 3600) / 11, 9);

  // Per queue: the chat queue answered its two SMS after 40 s and 120 s. SMS are deferred
  // contacts, measured against their category's answer deadline (billing: 30 days), not the
  // queue's 60 s for live chats: both are within it.
  const chat = await sup.get('/api/stats/intervals?from=2026-03-10&to=2026-03-11&granularity=day&queue=chat');
  expect(chat.body.rows[0]).toMatchObject({ offered: 2, answered: 2, avgWait: 80, serviceLevel: 1, aht: 600 });

  // The regulator's figures for March, against seed-2014's targets.
  const reg = await sup.get('/api/stats/regulatory?from=2026-03-01&to=2026-04-01');
  expect(reg.status).toBe(200);
  const tmaCalls = calls.length;
  expect(reg.body).toMatchObject({
    tmaCalls,
    agentRequested: 8,
    reachedAgent: 6,
    ls: 0.75,
    humanWithinChoices: 6 / 8,
    availableSeconds: 3000,
    loggedInSeconds: 3600,
    // Walk-in tickets opened without an office visit are not in the walk-in figures: those count
    // visitors served at a desk, no-shows apart (test/integration/walk-in.test.ts).
    walkIn: { served: 0, noShows: 0, avgWaitSeconds: null, shareOver40Min: null },
    readings: { sms: { received: 3, accepted: 2, acceptedShare: 2 / 3 }, web: { received: 1, accepted: 1, acceptedShare: 1 } },
    targets: { averageWaitTargetSeconds: 240, serviceLevelTarget: 0.8, accessibilityTarget: 0.9 },
    meets: { tma: true, ls: false, as: false },
    ruleSet: 'seed-2014',
  });
  expect(reg.body.tmaSeconds).toBeCloseTo(calls.reduce((s, c) => s + c.wait, 0) / tmaCalls, 9);
  expect(reg.body.tmaWithIvrSeconds).toBeCloseTo(calls.reduce((s, c) => s + c.withIvr, 0) / tmaCalls, 9);
  expect(reg.body.as).toBeCloseTo(3000 / 3600, 9);
  expect(reg.body.written.complaint).toEqual({ answered: 1, withinDeadline: 1, avgDays: 3 });

  // Live, at the end of the day: one contact still waits (the information request by mail).
  clock.set('2026-03-10T18:00:00Z');
  // fresh: the served snapshot may be up to a second old by the wall clock, and this test's
  // clock has just jumped back three days; the snapshot cache has tests of its own.
  const live = await sup.get('/api/stats/live?fresh=true');
  expect(live.status).toBe(200);
  expect(live.body.day).toBe('2026-03-10');
  expect(live.body.overall).toMatchObject({ offered: 14, answered: 11, abandoned: 2, waiting: 1, longestWaitSeconds: 9 * 3600 + 50 * 60 });
  expect(await QueueItem.exists({ _id: mail2 })).toBeTruthy(); // the one still waiting
  expect(live.body.queues.find((q: { key: string }) => q.key === 'phone')).toMatchObject({
    offered: 8,
    answered: 6,
    abandoned: 2,
    slThresholdSeconds: 20,
  });
  expect(live.body.channels.find((c: { key: string }) => c.key === 'walk_in')).toMatchObject({ answered: 2, avgWait: 1800 });
  expect(live.body.languages.find((l: { language: string }) => l.language === 'ru')).toMatchObject({
    offered: expect.any(Number),
    answered: expect.any(Number),
  });

  // CSV of every table.
  const csv = await sup.get(
    '/api/stats/intervals?from=2026-03-10T07:00:00Z&to=2026-03-10T09:00:00Z&channel=voice&granularity=15m&format=csv',
  );
  expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
  expect(csv.text.split('\r\n')[0]).toContain('offered');
  expect(csv.text.trim().split('\r\n')).toHaveLength(9);
  for (const path of [
    '/api/stats/live?format=csv&table=queues',
    '/api/stats/live?format=csv&table=agents',
    '/api/stats/regulatory?from=2026-03-01&to=2026-04-01&format=csv',
  ]) {
    const r = await sup.get(path);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/csv/);
  }

  // Only supervisors and above.
  const anon = await server.session().get('/api/stats/live');
  expect(anon.status).toBe(401);
  const admin = await server.admin();
  expect(
    (
      await admin.post('/api/admin/agents', {
        name: 'Agent',
        email: 'plain-agent@test.example',
        password: 'agent-password-1',
        role: 'agent',
      })
    ).status,
  ).toBe(201);
  const agent = server.session();
  await agent.login('plain-agent@test.example', 'agent-password-1');
  expect((await agent.get('/api/stats/intervals')).status).toBe(403);
  expect((await admin.get('/api/stats/regulatory')).status).toBe(200);
  // Bad input is a 400 naming the field.
  const bad = await sup.get('/api/stats/intervals?from=yesterday');
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('from');
  expect((await sup.get('/api/stats/intervals?from=2026-01-01&to=2026-03-01&granularity=15m')).status).toBe(400);
});

async function snapshot() {
  const norm = (docs: unknown[]) =>
    JSON.parse(
      JSON.stringify(
        docs.sort((a: any, b: any) => String(a._id).localeCompare(String(b._id))),
        (_k, v) =>
          v && typeof v === 'object' && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
            : v,
      ),
    );
  return {
    days: norm(
      await IntervalBucket.find({ start: { $gte: new Date('2026-02-28T23:00:00Z'), $lt: new Date('2026-03-31T22:00:00Z') } }).lean(),
    ),
    months: norm(await MonthBucket.find({ month: '2026-03' }).lean()),
  };
}

test('the rebuild job recomputes exactly the incremental counters', async () => {
  const before = await snapshot();
  expect(before.days.length).toBeGreaterThan(10);
  // Damage the counters, as a bug would, then rebuild the month.
  await IntervalBucket.updateOne({ _id: 'phone:voice:2026-03-09T23:00:00.000Z' }, { $inc: { 't.answered': 7 } });
  await IntervalBucket.create({
    _id: 'phone:voice:2026-03-20T23:00:00.000Z',
    queue: 'phone',
    channel: 'voice',
    day: '2026-03-21',
    start: new Date('2026-03-20T23:00:00Z'),
    end: new Date('2026-03-21T23:00:00Z'),
    t: { offered: 1 },
    i: {},
  });
  const admin = await server.admin();
  const run = await admin.post('/api/admin/jobs/stats-rebuild/run', { asOf: '2026-03-15T12:00:00Z' });
  expect(run.status).toBe(200);
  expect(run.body.counts).toMatchObject({ removed: 1 });
  expect(await snapshot()).toEqual(before);
});

test('percentiles and hours across the autumn DST change (Europe/Rome, 25 October 2026)', async () => {
  const base = eventCount();
  const dst: CallScript[] = [
    { sid: 'D1', at: '2026-10-24T23:50:00Z', outcome: 'answered', wait: 12, withIvr: 30, choices: 1 }, // 01:50 CEST
    { sid: 'D2', at: '2026-10-25T00:30:00Z', outcome: 'answered', wait: 70, withIvr: 90, choices: 1 }, // 02:30 CEST
    { sid: 'D3', at: '2026-10-25T01:30:00Z', outcome: 'answered', wait: 200, withIvr: 230, choices: 1 }, // 02:30 CET, the repeated hour
    { sid: 'D4', at: '2026-10-25T02:10:00Z', outcome: 'answered', wait: 400, withIvr: 430, choices: 1 }, // 03:10 CET
    { sid: 'D5', at: '2026-10-25T22:50:00Z', outcome: 'answered', wait: 5, withIvr: 25, choices: 1 }, // 23:50 CET, still the 25th
    { sid: 'D6', at: '2026-10-25T23:10:00Z', outcome: 'answered', wait: 9, withIvr: 25, choices: 1 }, // 00:10 on the 26th
  ];
  let n = 0;
  for (const c of dst) n += playCall(c);
  await settle(base + n);

  const day = await sup.get('/api/stats/intervals?from=2026-10-25&to=2026-10-26&channel=voice&granularity=day');
  expect(day.body.rows).toHaveLength(1);
  expect(day.body.rows[0]).toMatchObject({ start: '2026-10-24T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z', answered: 5 });
  const waits = [12, 70, 200, 400, 5].sort((a, b) => a - b);
  for (const p of [0.5, 0.9]) {
    const exact = waits[Math.ceil(p * waits.length) - 1]!;
    const k = bucketIndex(exact);
    const got = p === 0.9 ? day.body.rows[0].p90Wait : null;
    if (got == null) continue;
    expect(got).toBeGreaterThanOrEqual(k === 0 ? 0 : WAIT_BOUNDS[k - 1]!);
    expect(got).toBeLessThanOrEqual(WAIT_BOUNDS[k]!);
  }

  const hours = await sup.get('/api/stats/intervals?from=2026-10-24T22:00:00Z&to=2026-10-25T23:00:00Z&channel=voice&granularity=hour');
  expect(hours.body.rows).toHaveLength(25);
  const nonEmpty = hours.body.rows
    .filter((r: { answered: number }) => r.answered > 0)
    .map((r: { local: string; answered: number }) => [r.local, r.answered]);
  expect(nonEmpty).toEqual([
    ['2026-10-25T01:00:00.000+02:00', 1],
    ['2026-10-25T02:00:00.000+02:00', 1],
    ['2026-10-25T02:00:00.000+01:00', 1],
    ['2026-10-25T03:00:00.000+01:00', 1],
    ['2026-10-25T23:00:00.000+01:00', 1],
  ]);

  // Spring: 29 March has 23 hours; its quarter-hours skip 02:00–03:00 local.
  const spring = await sup.get('/api/stats/intervals?from=2026-03-28T23:00:00Z&to=2026-03-29T22:00:00Z&granularity=hour');
  expect(spring.body.rows).toHaveLength(23);
  expect(spring.body.rows[2].local).toBe('2026-03-29T03:00:00.000+02:00');
});

test('a closed month read from memory still shows a late event counted on this node', async () => {
  clock.set('2026-04-05T10:00:00Z');
  const path = '/api/stats/intervals?from=2026-03-01&to=2026-04-01&granularity=month&channel=voice';
  const before = (await sup.get(path)).body.rows[0].answered as number;
  expect((await sup.get(path)).body.rows[0].answered).toBe(before); // served from memory
  const base = eventCount();
  const n = playCall({ sid: 'LATE1', at: '2026-03-20T09:00:00Z', outcome: 'answered', wait: 15, withIvr: 40, choices: 1 });
  await settle(base + n);
  expect((await sup.get(path)).body.rows[0].answered).toBe(before + 1);
});
