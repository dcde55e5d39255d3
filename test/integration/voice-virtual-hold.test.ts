// Virtual hold through signed voice webhooks and the Twilio REST stand-in: a caller who
// presses 1 in the queue hangs up and keeps their place (behind the caller before them,
// ahead of the one after); when an agent takes that place the customer is rung and bridged
// to the agent; a call nobody answers is retried per the rule set, then the ticket is closed
// with the outcome; and the statistics count requested / placed / connected / failed.
import { randomBytes } from 'node:crypto';
import { sortWaiting } from '../../core/routing/match';
import type { EventMap } from '../../core/events';
import { Agent, Message, QueueItem, Ticket } from '../../models';
import { Callback } from '../../models/callback';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { parseTwiml } from '../support/twiml';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';
import { AGENT_PASSWORD, makeAgent, type TestAgent } from '../support/agents';

const PUBLIC = 'http://hotline.example.test';
const BASE = '/webhooks/twilio/voice';
// Monday 23 Nov 2026, 11:00 in Rome: open.
const T0 = new Date('2026-11-23T10:00:00Z');
const clock = {
  at: T0,
  now() {
    return new Date(this.at);
  },
};
const later = (seconds: number) => {
  clock.at = new Date(T0.getTime() + seconds * 1000);
};

let server: TestServer;
let twilio: TwilioStandIn;
const callEvents: Array<EventMap['call.event']> = [];

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer({ PUBLIC_BASE_URL: PUBLIC, TWILIO_API_BASE_URL: twilio.url }, { clock });
  twilio.forwardCallbacks(PUBLIC, server.url);
  server.ctx.events.on('call.event', (e) => void callEvents.push(e));
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
});
beforeEach(() => {
  clock.at = T0;
});

const phone = () => `+39333${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
const says = (twiml: Record<string, any>): string[] =>
  [...(twiml.Say ?? []), ...(twiml.Gather ?? []).flatMap((g: any) => g.Say ?? [])].map((s: any) =>
    typeof s === 'string' ? s : s['#text'],
  );
const kinds = (callSid: string) => callEvents.filter((e) => e.callSid === callSid).map((e) => e.kind);

/** One caller, posting each step as Twilio would (signed); returns parsed TwiML. */
function caller(from = phone()) {
  const CallSid = `CA${randomBytes(16).toString('hex')}`;
  const post = async (path: string, params: Record<string, string> = {}) => {
    const res = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, path, {
      CallSid,
      AccountSid: twilio.accountSid,
      From: from,
      To: '+390000000000',
      CallStatus: 'in-progress',
      ...params,
    });
    expect(res.status).toBe(200);
    return parseTwiml(res.text);
  };
  return {
    CallSid,
    from,
    post,
    /** Into the agents' queue in Italian: returns the ticket id. */
    async queue(): Promise<string> {
      await post(BASE);
      await post(`${BASE}/language`, { Digits: '1' });
      await post(`${BASE}/menu`, { Digits: '5' });
      const msg = await Message.findById(`voice:${CallSid}`).lean();
      return String(msg!.ticketId);
    },
    /** Waits long enough to be offered the callback, presses 1, and hangs up as Twilio does after <Leave>. */
    async keepPlace(): Promise<Record<string, any>> {
      const wait = await post(`${BASE}/wait`, { QueuePosition: '2', QueueTime: '130', AvgQueueTime: '60' });
      expect(wait.Gather[0]['@action']).toBe(`${PUBLIC}${BASE}/virtual-hold`);
      expect(says(wait)).toContain('Per essere richiamato senza perdere il suo posto in coda, prema 1.');
      const pressed = await post(`${BASE}/virtual-hold`, { Digits: '1' });
      expect(pressed).toHaveProperty('Leave');
      const bye = await post(`${BASE}/queue-result`, { QueueResult: 'leave', QueueTime: '130' });
      const status = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, `${BASE}/status`, {
        CallSid,
        CallStatus: 'completed',
      });
      expect(status.status).toBe(204);
      return bye;
    },
  };
}

async function agentWithPhone(agentPhone: string): Promise<{ agent: TestAgent; session: Session }> {
  const agent = await makeAgent({ presence: 'offline', channels: ['voice'] });
  await Agent.updateOne({ _id: agent.id }, { $set: { phone: agentPhone } });
  const session = server.session();
  await session.login(agent.email, AGENT_PASSWORD);
  return { agent, session };
}

/** The Calls.create the stand-in recorded for a number, and the path of the step that answers it. */
function callTo(to: string) {
  const created = twilio.calls().filter((c) => c.params.To === to);
  return created.map((c) => ({ sid: c.sid!, url: String(c.params.Url), params: c.params }));
}

/** Twilio requesting the answer URL of our outbound call. */
async function answer(sid: string, url: string, to: string, answeredBy = 'human') {
  expect(url.startsWith(PUBLIC)).toBe(true);
  const res = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, url.slice(PUBLIC.length), {
    CallSid: sid,
    AccountSid: twilio.accountSid,
    From: '+390000000000',
    To: to,
    CallStatus: 'in-progress',
    Direction: 'outbound-api',
    AnsweredBy: answeredBy,
  });
  expect(res.status).toBe(200);
  return parseTwiml(res.text);
}

test('the place is kept behind and ahead of the other callers; the customer is rung and bridged when an agent takes it', async () => {
  const a = caller();
  const b = caller();
  const c = caller();
  const ta = await a.queue();
  later(10);
  const tb = await b.queue();
  later(20);
  const tc = await c.queue();

  // A short wait is not offered the callback; B, after 2 minutes, is.
  const early = await a.post(`${BASE}/wait`, { QueuePosition: '1', QueueTime: '15', AvgQueueTime: '30' });
  expect(early.Gather).toBeUndefined();
  later(140);
  const bye = await b.keepPlace();
  expect(says(bye)[0]).toMatch(/^Manteniamo il suo posto in coda/);
  expect(bye).toHaveProperty('Hangup');
  // Hung up, but not abandoned: the request is counted, the ticket waits where it was.
  expect(kinds(b.CallSid)).toEqual(['ivr_entered', 'agent_requested', 'queued', 'callback_requested', 'completed']);
  expect(await Ticket.findById(tb).lean()).toMatchObject({ status: 'queued', tags: expect.arrayContaining(['virtual_hold']) });
  const items = sortWaiting(await QueueItem.find({ _id: { $in: [ta, tb, tc] } }).lean());
  expect(items.map((i) => i._id)).toEqual([ta, tb, tc]);
  expect(await Callback.findById(tb).lean()).toMatchObject({ state: 'waiting', phone: b.from, origin: 'virtual_hold' });

  // A is at the head: bridged on the line as before, no call placed.
  const one = await agentWithPhone('+390511110001');
  expect((await one.session.post(`/api/tickets/${ta}/claim`)).status).toBe(200);
  await waitFor(() => twilio.callUpdates().find((u) => u.path.endsWith(`/Calls/${a.CallSid}.json`)), 5000, 'A bridged');

  // B's turn: the customer is rung first, the agent is reserved by the claim.
  later(300);
  const two = await agentWithPhone('+390511110002');
  expect((await two.session.post(`/api/tickets/${tb}/claim`)).status).toBe(200);
  const [placed] = await waitFor(() => (callTo(b.from).length ? callTo(b.from) : null), 5000, 'callback placed');
  expect(placed!.url).toBe(`${PUBLIC}${BASE}/callback/answer?m=callback%3A${tb}%3A1`);
  expect(placed!.params.MachineDetection).toBe('Enable');
  expect(twilio.callUpdates().find((u) => u.path.endsWith(`/Calls/${b.CallSid}.json`))).toBeUndefined();

  later(320);
  const connected = await answer(placed!.sid, placed!.url, b.from);
  expect(says(connected)[0]).toMatch(/^Buongiorno, è la richiamata/);
  expect(connected.Dial.Number).toBe('+390511110002');
  expect(await Callback.findById(tb).lean()).toMatchObject({ state: 'connected', attempts: 1 });
  // One call in TMA: answered when the callback reached the agent, its wait from joining the queue (at +10 s).
  await waitFor(() => kinds(b.CallSid).includes('answered'), 5000, 'answered');
  expect(callEvents.find((e) => e.callSid === b.CallSid && e.kind === 'answered')).toMatchObject({ waitSeconds: 310 });
  expect(kinds(placed!.sid)).toEqual(['callback_placed']);
  expect(kinds(tb)).toEqual(['callback_connected']);

  // A second answer request (Twilio retry) bridges nothing twice.
  expect(await answer(placed!.sid, placed!.url, b.from)).toHaveProperty('Hangup');

  // C, behind B, is bridged on the line.
  const three = await agentWithPhone('+390511110003');
  expect((await three.session.post(`/api/tickets/${tc}/claim`)).status).toBe(200);
  await waitFor(() => twilio.callUpdates().find((u) => u.path.endsWith(`/Calls/${c.CallSid}.json`)), 5000, 'C bridged');
});

test('no answer: the agent is freed, the call is retried after the spacing at its old place, and after the last attempt the ticket closes with the outcome', async () => {
  const d = caller();
  const td = await d.queue();
  const enqueuedAt = (await QueueItem.findById(td).lean())!.enqueuedAt;
  later(130);
  await d.keepPlace();
  const { agent, session } = await agentWithPhone('+390511110004');
  const admin = await server.admin();
  const runJob = async () => (await admin.post('/api/admin/jobs/callbacks/run', { asOf: clock.now().toISOString() })).body.counts;
  const attempts = server.ctx.rules.callbacks.attempts;
  const spacing = server.ctx.rules.callbacks.retryMinutes * 60;
  expect(attempts).toBe(3);

  let t = 200;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    later(t);
    expect((await session.post(`/api/tickets/${td}/claim`)).status).toBe(200);
    const call = await waitFor(() => callTo(d.from)[attempt - 1] ?? null, 5000, `call ${attempt}`);
    expect(call.url).toContain(`callback%3A${td}%3A${attempt}`);
    // Twilio reports the call was not answered (the second time an answering machine picked up).
    if (attempt === 2) {
      expect(await answer(call.sid, call.url, d.from, 'machine_start')).toHaveProperty('Hangup');
      expect(await twilio.statusCallback(call.sid, 'completed')).toBe(204);
    } else {
      expect(await twilio.statusCallback(call.sid, 'no-answer')).toBe(204);
    }
    const freed = await Agent.findById(agent.id).lean();
    expect(freed!.load?.voice ?? 0).toBe(0);
    if (attempt < attempts) {
      expect(await Callback.findById(td).lean()).toMatchObject({ state: 'retry_wait', attempts: attempt });
      expect(await Ticket.findById(td).lean()).toMatchObject({ status: 'queued' });
      expect(await QueueItem.findById(td).lean()).toBeNull();
      // Not before the spacing; then back at its old place.
      later(t + spacing - 60);
      expect(await runJob()).toMatchObject({ retried: 0 });
      // A claim meanwhile finds no place to take.
      expect((await session.post(`/api/tickets/${td}/claim`)).status).toBe(409);
      t = t + spacing;
      later(t);
      expect(await runJob()).toMatchObject({ retried: 1 });
      expect(await QueueItem.findById(td).lean()).toMatchObject({ enqueuedAt, live: true });
    }
  }
  expect(callTo(d.from)).toHaveLength(3);
  expect(await Callback.findById(td).lean()).toMatchObject({ state: 'failed', attempts: 3, lastOutcome: 'no-answer' });
  expect(await Ticket.findById(td).lean()).toMatchObject({
    status: 'resolved',
    outcome: 'no_reply',
    tags: expect.arrayContaining(['virtual_hold', 'callback_failed']),
  });
  const notes = await Message.find({ ticketId: td, direction: 'note' }).sort({ receivedAt: 1 }).lean();
  expect(notes.map((n) => n.body)).toEqual([
    expect.stringMatching(/^callback call 1 of 3: no-answer; next attempt/),
    expect.stringMatching(/^callback call 2 of 3: machine; next attempt/),
    'callback call 3 of 3: no-answer; no more attempts',
  ]);
  expect(kinds(td)).toEqual(['callback_failed']);
  expect(kinds(d.CallSid)).toContain('abandoned');

  // The statistics: requested, placed, connected, failed (regulatory report of the day).
  const report = await waitFor(
    async () => {
      const r = await admin.get('/api/stats/regulatory?from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z');
      return r.body.callbacks.failed >= 1 ? r.body : null;
    },
    10_000,
    'regulatory report',
  );
  expect(report.callbacks).toMatchObject({ requested: expect.any(Number), placed: expect.any(Number), failed: 1 });
  expect(report.callbacks.placed).toBeGreaterThanOrEqual(3);
  expect(report.definitions.callbacks).toMatch(/virtual hold/);
});

test('bad input loses nothing: another key keeps the caller waiting; an unknown callback id hangs up', async () => {
  const e = caller();
  const te = await e.queue();
  const other = await e.post(`${BASE}/virtual-hold`, { Digits: '7' });
  expect(other).not.toHaveProperty('Leave');
  expect(await Callback.findById(te).lean()).toBeNull();
  expect(await QueueItem.findById(te).lean()).toBeTruthy();
  const unknown = await answer('CA' + 'f'.repeat(32), `${PUBLIC}${BASE}/callback/answer?m=callback%3A${'0'.repeat(24)}%3A1`, e.from);
  expect(unknown).toHaveProperty('Hangup');
  const garbage = await answer('CA' + 'e'.repeat(32), `${PUBLIC}${BASE}/callback/answer?m=nonsense`, e.from);
  expect(garbage).toHaveProperty('Hangup');
});
