// Opening hours per queue, public holidays and exceptional closures, through signed IVR webhooks
// against a real server: what the caller hears when they ask for an agent (menu 5), changed
// over HTTP by a supervisor and in force on the next call, without a restart.
import { randomBytes } from 'node:crypto';
import type { EventMap } from '../../core/events';
import { invalidateClosureCache } from '../../core/opening/closures';
import { invalidateQueueCache } from '../../core/routing/select-queue';
import { Audit, Closure, Queue } from '../../models';
import { loginAs, makeAgent } from '../support/agents';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { parseTwiml } from '../support/twiml';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';

const PUBLIC = 'http://hotline.example.test';
const BASE = '/webhooks/twilio/voice';
const MONDAY_11 = new Date('2026-11-23T10:00:00Z'); // Monday 23 Nov 2026, 11:00 in Rome
const SUNDAY_11 = new Date('2026-11-22T10:00:00Z');
const IMMACOLATA_11 = new Date('2026-12-08T10:00:00Z'); // Tuesday 8 Dec 2026, 11:00 in Rome: a public holiday
const clock = {
  at: MONDAY_11,
  now() {
    return new Date(this.at);
  },
};

const callEvents: Array<EventMap['call.event']> = [];
let lastCallSid = '';
const eventsOf = (callSid: string) => callEvents.filter((e) => e.callSid === callSid).map((e) => e.kind);

function setup(env: Record<string, string>) {
  const s = {
    server: undefined as unknown as TestServer,
    twilio: undefined as unknown as TwilioStandIn,
    admin: undefined as unknown as Session,
  };
  beforeAll(async () => {
    invalidateQueueCache();
    invalidateClosureCache();
    s.twilio = await startTwilioStandIn();
    s.server = await startTestServer({ PUBLIC_BASE_URL: PUBLIC, TWILIO_API_BASE_URL: s.twilio.url, ...env }, { clock });
    s.admin = await s.server.admin();
    s.server.ctx.events.on('call.event', (e) => void callEvents.push(e));
  });
  afterAll(async () => {
    await s.server?.close();
    await s.twilio?.close();
  });
  beforeEach(() => {
    clock.at = MONDAY_11;
  });
  return s;
}

const says = (twiml: Record<string, any>): string[] =>
  [...(twiml.Say ?? []), ...(twiml.Gather ?? []).flatMap((g: any) => g.Say ?? [])].map((x: any) =>
    typeof x === 'string' ? x : x['#text'],
  );

/** A caller (Italian by default) asks for an agent: the TwiML of menu 5. */
async function askForAgent(s: { server: TestServer; twilio: TwilioStandIn }, languageKey?: string) {
  const CallSid = `CA${randomBytes(16).toString('hex')}`;
  lastCallSid = CallSid;
  const From = `+39333${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const post = async (path: string, params: Record<string, string> = {}) => {
    const res = await postTwilioWebhook({ actualBase: s.server.url, publicBase: PUBLIC }, path, {
      CallSid,
      AccountSid: s.twilio.accountSid,
      From,
      To: '+390000000000',
      CallStatus: 'in-progress',
      ...params,
    });
    expect(res.status).toBe(200);
    return parseTwiml(res.text);
  };
  await post(BASE);
  if (languageKey) await post(`${BASE}/language`, { Digits: languageKey });
  return post(`${BASE}/menu`, { Digits: '5' });
}
const queued = (twiml: Record<string, any>) => twiml.Enqueue !== undefined;
const afterHours = (twiml: Record<string, any>) =>
  twiml.Enqueue === undefined && (twiml.Gather ?? [])[0]?.['@action'] === `${PUBLIC}${BASE}/after-hours`;

describe('it-2026', () => {
  const s = setup({ RULE_SET: 'it-2026' });

  test('a weekday public holiday sends the caller to the out-of-hours choice', async () => {
    clock.at = IMMACOLATA_11;
    const closed = await askForAgent(s);
    expect(afterHours(closed)).toBe(true);
    expect(says(closed)[0]).toMatch(/^Il servizio clienti è aperto dal lunedì al venerdì/);
    // Nobody could have answered: not a request for an agent in LS.
    expect(eventsOf(lastCallSid)).toEqual(['ivr_entered', 'agent_requested_closed']);
    clock.at = MONDAY_11;
    expect(queued(await askForAgent(s))).toBe(true);
    expect(eventsOf(lastCallSid)).toEqual(['ivr_entered', 'agent_requested', 'queued']);
  });

  test('a closure set over HTTP takes effect on the next call, with its message; removed, the queue reopens', async () => {
    expect(queued(await askForAgent(s))).toBe(true);
    const set = await s.admin.post('/api/closures', {
      queue: 'phone',
      from: '2026-11-23T07:00:00Z',
      to: '2026-11-23T17:00:00Z',
      reason: 'strike',
      message: { it: 'Oggi il servizio clienti è chiuso per sciopero.', en: 'Customer service is closed today for a strike.' },
    });
    expect(set.status).toBe(201);
    const id = set.body.closure.id;
    const closed = await askForAgent(s);
    expect(afterHours(closed)).toBe(true);
    expect(says(closed)).toEqual([
      'Oggi il servizio clienti è chiuso per sciopero.',
      'Per lasciare un messaggio, premere 1. Per essere richiamato, premere 2.',
    ]);
    // A Russian caller: no Russian message was given, so the closure is said in a language there is.
    const ru = await askForAgent(s, '3');
    expect(afterHours(ru)).toBe(true);
    expect(says(ru)[1]).toBe('Чтобы оставить сообщение, нажмите 1. Чтобы заказать обратный звонок, нажмите 2.');

    expect((await s.admin.get('/api/closures')).body.closures).toEqual([
      expect.objectContaining({ id, queue: 'phone', reason: 'strike', from: '2026-11-23T07:00:00.000Z', to: '2026-11-23T17:00:00.000Z' }),
    ]);
    expect(await Audit.findOne({ action: 'closure.set', target: `closure:${id}` }).lean()).not.toBeNull();
    expect((await s.admin.request('DELETE', `/api/closures/${id}`)).status).toBe(204);
    expect(await Audit.findOne({ action: 'closure.delete', target: `closure:${id}` }).lean()).not.toBeNull();
    expect(queued(await askForAgent(s))).toBe(true);
    expect((await s.admin.request('DELETE', `/api/closures/${id}`)).status).toBe(404);
  });

  test('"*" closes every queue, without a message: the generic closure prompt', async () => {
    const set = await s.admin.post('/api/closures', {
      queue: '*',
      from: '2026-11-23T09:00:00Z',
      to: '2026-11-23T11:00:00Z',
      reason: 'system migration',
    });
    expect(set.status).toBe(201);
    const closed = await askForAgent(s);
    expect(says(closed)[0]).toBe('Oggi il servizio clienti è eccezionalmente chiuso.');
    await s.admin.request('DELETE', `/api/closures/${set.body.closure.id}`);
  });

  test('bad closures are refused with the reason, and nothing is stored; agents are refused', async () => {
    const before = await Closure.countDocuments();
    const bad = [
      [{ queue: 'phone', from: '2026-11-23T12:00:00Z', to: '2026-11-23T12:00:00Z', reason: 'x' }, /end after it starts/],
      [{ queue: 'phone', from: '2026-11-21T09:00:00Z', to: '2026-11-23T12:00:00Z', reason: 'x' }, /one day in the past/],
      [{ queue: 'phone', from: '2026-11-23T01:00:00Z', to: '2026-11-23T09:00:00Z', reason: 'x' }, /already ended/],
      [{ queue: 'phone', from: 'tomorrow', to: '2026-11-23T12:00:00Z', reason: 'x' }, /from/],
      [{ queue: 'phone', from: '2026-11-23T12:00:00Z', to: '2026-11-23T13:00:00Z' }, /reason/],
      [
        { queue: 'phone', from: '2026-11-23T12:00:00Z', to: '2026-11-23T13:00:00Z', reason: 'x', message: { de: 'Geschlossen' } },
        /de|unrecognized/i,
      ],
    ] as const;
    for (const [body, why] of bad) {
      const res = await s.admin.post('/api/closures', body);
      expect(res.status).toBe(400);
      expect(res.text).toMatch(why);
    }
    const unknown = await s.admin.post('/api/closures', {
      queue: 'nope',
      from: '2026-11-23T12:00:00Z',
      to: '2026-11-23T13:00:00Z',
      reason: 'x',
    });
    expect(unknown.status).toBe(404);
    expect(await Closure.countDocuments()).toBe(before);
    const agent = await loginAs(s.server.session(), await makeAgent());
    expect(
      (await agent.post('/api/closures', { queue: '*', from: '2026-11-23T12:00:00Z', to: '2026-11-23T13:00:00Z', reason: 'x' })).status,
    ).toBe(403);
    expect((await agent.get('/api/closures')).status).toBe(403);
  });

  test("a queue's own hours override the call centre's, and bad hours are refused", async () => {
    const bad = await s.admin.post('/api/queues/phone', { businessHours: 'sun 9-13' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/HH:MM/);
    expect((await Queue.findById('phone').lean())!.businessHours).toBe('');

    expect((await s.admin.post('/api/queues/phone', { businessHours: 'sun 09:00-13:00' })).status).toBe(200);
    clock.at = SUNDAY_11;
    expect(queued(await askForAgent(s))).toBe(true);
    clock.at = MONDAY_11;
    const closed = await askForAgent(s);
    expect(afterHours(closed)).toBe(true);
    expect(says(closed)[0]).toBe('In questo momento il servizio clienti è chiuso.');

    expect((await s.admin.post('/api/queues/phone', { businessHours: '' })).status).toBe(200);
    expect(queued(await askForAgent(s))).toBe(true);
  });
});

describe('a rule set that keeps the call centre open on holidays', () => {
  const s = setup({ RULE_SET: 'it-2026', RULES_OVERRIDES: JSON.stringify({ callCentre: { closedOnHolidays: false } }) });
  test('the same weekday holiday offers the queue', async () => {
    clock.at = IMMACOLATA_11;
    expect(queued(await askForAgent(s))).toBe(true);
  });
});
