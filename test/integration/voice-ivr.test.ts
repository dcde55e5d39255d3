// Signed voice webhooks against a real server: every IVR branch, the queue, bridging to
// the agent through the Twilio REST stand-in, abandonment, after-hours voicemail and
// callback, and the call events the statistics read. Every answer must be TwiML.
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { EventMap } from '../../core/events';
import { Agent, Contract, Message, Outage, QueueItem, Reading, Ticket } from '../../models';
import { seedCustomer, uniqueNumber } from '../factories/billing';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { parseTwiml } from '../support/twiml';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';
import { AGENT_PASSWORD, makeAgent } from '../support/agents';

const PUBLIC = 'http://hotline.example.test';
const BASE = '/webhooks/twilio/voice';
// Monday 23 Nov 2026, 11:00 in Rome: the call centre is open. Tests move it.
const MONDAY_11 = new Date('2026-11-23T10:00:00Z');
const SUNDAY_11 = new Date('2026-11-22T10:00:00Z');
const clock = {
  at: MONDAY_11,
  now() {
    return new Date(this.at);
  },
};

let server: TestServer;
let twilio: TwilioStandIn;
let admin: Session;
const callEvents: Array<EventMap['call.event']> = [];
const suspected: Array<EventMap['outage.suspected']> = [];

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  // The suspicion test counts to three: pinned here, whatever the preset's default becomes.
  server = await startTestServer(
    { PUBLIC_BASE_URL: PUBLIC, TWILIO_API_BASE_URL: twilio.url, RULES_OVERRIDES: '{"outages":{"suspectReports":3}}' },
    { clock },
  );
  admin = await server.admin();
  server.ctx.events.on('call.event', (e) => void callEvents.push(e));
  server.ctx.events.on('outage.suspected', (e) => void suspected.push(e));
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
});
beforeEach(() => {
  clock.at = MONDAY_11;
});

const phone = () => `+39333${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

/** One phone call: posts each step the way Twilio would, signed, and returns the parsed TwiML. */
function call(from: string) {
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
    expect(res.contentType).toMatch(/text\/xml/);
    return { twiml: parseTwiml(res.text), text: res.text };
  };
  /** Follows an absolute action URL Twilio was given. */
  const follow = (actionUrl: string, params: Record<string, string> = {}) => {
    expect(actionUrl.startsWith(PUBLIC)).toBe(true);
    return post(actionUrl.slice(PUBLIC.length), params);
  };
  return { CallSid, post, follow };
}

const says = (twiml: Record<string, any>): string[] =>
  [...(twiml.Say ?? []), ...(twiml.Gather ?? []).flatMap((g: any) => g.Say ?? [])].map((s: any) =>
    typeof s === 'string' ? s : s['#text'],
  );
const gather = (twiml: Record<string, any>) => (twiml.Gather ?? [])[0];
const eventsOf = (callSid: string) => callEvents.filter((e) => e.callSid === callSid).map((e) => e.kind);

describe('refusals', () => {
  test('bad signature: 403; missing CallSid: 400', async () => {
    const params = { CallSid: 'CA1', From: phone() };
    expect((await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, BASE, params, { signature: 'Zm9v' })).status).toBe(403);
    expect(
      (
        await postTwilioWebhook(
          { actualBase: server.url, publicBase: PUBLIC },
          `${BASE}/menu`,
          { ...params, Digits: '5' },
          { signature: null },
        )
      ).status,
    ).toBe(403);
    expect((await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, BASE, { From: phone() })).status).toBe(400);
    expect(callEvents.filter((e) => e.callSid === 'CA1')).toHaveLength(0);
  });
});

describe('greeting and language', () => {
  test('an unknown caller chooses a language, each offer said in its own; the choice is remembered', async () => {
    const from = phone();
    const c = call(from);
    const { twiml } = await c.post(BASE);
    const g = gather(twiml);
    expect(g['@action']).toBe(`${PUBLIC}${BASE}/language`);
    // The emergency option first, in each language, then the language choice.
    expect(g.Say.map((s: any) => s['@language'])).toEqual(['it-IT', 'en-GB', 'ru-RU', 'it-IT', 'en-GB', 'ru-RU']);
    expect(g.Say.slice(0, 3).map((s: any) => s['#text'])).toEqual([
      'Per un’emergenza gas o un pericolo, premere 9.',
      'For a gas emergency or any danger, press 9.',
      'При запахе газа или другой опасности нажмите 9.',
    ]);
    await c.post(BASE); // Twilio retried the entry webhook: still one ivr_entered
    const ru = await c.follow(g['@action'], { Digits: '3' });
    expect(says(ru.twiml)[0]).toBe('Вас приветствует служба поддержки клиентов.');
    expect(gather(ru.twiml)['@action']).toBe(`${PUBLIC}${BASE}/menu`);
    expect(eventsOf(c.CallSid)).toEqual(['ivr_entered']);

    const again = call(from);
    const second = await again.post(BASE);
    expect(says(second.twiml)[0]).toBe('Вас приветствует служба поддержки клиентов.');
    expect(gather(second.twiml)['@action']).toBe(`${PUBLIC}${BASE}/menu`);
  });

  test('a known customer is greeted in their language straight away; no input replays the menu, then goodbye', async () => {
    const cust = await seedCustomer(admin, { language: 'en' });
    const c = call(cust.phone);
    const { twiml } = await c.post(BASE);
    expect(says(twiml)).toEqual([
      'Welcome to customer service.',
      'For a gas emergency or any danger, press 9.',
      expect.stringMatching(/^To give a meter reading, press 1\./),
    ]);
    expect(twiml.Redirect['#text']).toBe(`${PUBLIC}${BASE}/menu?retry=1`);
    const replay = await c.follow(twiml.Redirect['#text']);
    expect(gather(replay.twiml)).toBeDefined();
    const last = await c.post(`${BASE}/menu?retry=3`);
    expect(says(last.twiml)).toEqual(['Thank you for calling. Goodbye.']);
    expect(last.twiml.Hangup).toBe('');
  });
});

describe('known outage in the caller’s area (24/7)', () => {
  test('announced before the menu with cause and restoration; 1 = be texted when it is back', async () => {
    const area = uniqueNumber('AREA-');
    const cust = await seedCustomer(admin, { areaCode: area, service: 'electricity' });
    // Declared by a supervisor (the admin here) through the API, as on the dashboard.
    const declared = await admin.post('/api/admin/outages', {
      areaCodes: [area],
      service: 'electricity',
      cause: { it: 'guasto sulla linea di media tensione' },
      startedAt: '2026-11-23T08:00:00Z',
      expectedRestorationAt: '2026-11-23T14:30:00Z',
    });
    expect(declared.status).toBe(201);
    const outage = { _id: declared.body.outage.id as string };
    clock.at = SUNDAY_11; // outside call-centre hours: the outage line still works
    const c = call(cust.phone);
    const { twiml } = await c.post(BASE);
    const spoken = says(twiml);
    expect(spoken[1]).toBe('Per un’emergenza gas o un pericolo, premere 9.');
    expect(spoken[2]).toBe(
      'Nella sua zona è in corso un’interruzione del servizio elettrico. Causa: guasto sulla linea di media tensione. Ripristino previsto: lunedì 23 novembre, 15:30.',
    );
    const g = gather(twiml);
    expect(g['@action']).toBe(`${PUBLIC}${BASE}/outage?o=${String(outage._id)}`);
    const after = await c.follow(g['@action'], { Digits: '1' });
    expect(says(after.twiml)[0]).toBe('Grazie. Le invieremo un SMS al ripristino.');
    expect(gather(after.twiml)['@action']).toBe(`${PUBLIC}${BASE}/menu`);
    expect((await Outage.findById(outage._id).lean())?.notifyPhones).toEqual([cust.phone]);
  });
});

describe('texted when supply returns', () => {
  test('once the outage is resolved, each number that asked gets one SMS in its language; STOP is honoured', async () => {
    const en = await seedCustomer(admin, { language: 'en' });
    const stopped = phone();
    await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', {
      MessageSid: `SM${randomBytes(16).toString('hex')}`,
      From: stopped,
      Body: 'STOP',
    });
    // An outage of an area where neither has a contract: only the two who asked are told.
    const area = uniqueNumber('AREA-');
    await seedCustomer(admin, { areaCode: area, service: 'water' });
    const outage = await Outage.create({
      areaCodes: [area],
      service: 'electricity',
      startedAt: MONDAY_11,
      status: 'resolved',
      resolvedAt: MONDAY_11,
      notifyPhones: [en.phone, stopped],
    });
    twilio.clear();
    const run = await server.ctx.scheduler.runNow('outage-notices', MONDAY_11);
    expect(run).toMatchObject({ status: 'succeeded', counts: { outages: 1 } });
    const done = await waitFor(
      async () => {
        const o = await Outage.findById(outage._id).lean();
        return o?.noticeRuns?.resolved?.done ? o : null;
      },
      15_000,
      'the notice run',
    );
    expect(done.figures?.notices?.resolved).toMatchObject({ planned: 2, sent: 1, unreachable: 1 });
    expect(twilio.messages().map((m) => [m.params.To, m.params.Body])).toEqual([
      [en.phone, 'The electricity supply in your area has been restored. We apologise for the inconvenience.'],
    ]);
    const again = await server.ctx.scheduler.runNow('outage-notices', MONDAY_11);
    expect(again.counts).toMatchObject({ outages: 0 });
    expect(twilio.messages()).toHaveLength(1);
  });
});

describe('menu', () => {
  test('1: keypad reading — contract, reading with * as decimal point, read back, confirm, stored like an SMS one', async () => {
    const cust = await seedCustomer(admin);
    const c = call(cust.phone);
    await c.post(BASE);
    const ask = await c.post(`${BASE}/menu`, { Digits: '1' });
    expect(gather(ask.twiml)['@finishOnKey']).toBe('#');
    const value = await c.follow(gather(ask.twiml)['@action'], { Digits: cust.contractNumber });
    const confirm = await c.follow(gather(value.twiml)['@action'], { Digits: '1120*5' });
    expect(says(confirm.twiml)[0]).toBe(
      `Ha digitato 1120,5 per il contratto ${cust.contractNumber.split('').join(' ')}. Per confermare, premere 1. Per ripetere, premere 2.`,
    );
    const done = await c.follow(gather(confirm.twiml)['@action'], { Digits: '1' });
    expect(says(done.twiml)[0]).toBe('Lettura registrata. Grazie.');
    expect(await Reading.findOne({ contractNumber: cust.contractNumber }).lean()).toMatchObject({
      channel: 'voice',
      status: 'accepted',
      values: [1120.5],
    });
    await waitFor(async () => (await Contract.findById(cust.contractNumber).lean())?.lastReading?.[0] === 1120.5, 5000, 'contract moved');
    // Twilio retried the confirmation: nothing new.
    await c.follow(gather(confirm.twiml)['@action'], { Digits: '1' });
    expect(await Reading.countDocuments({ contractNumber: cust.contractNumber })).toBe(1);
  });

  test('1: a two-register meter asks for both; an implausible reading is held with a ticket; an unknown contract is said so', async () => {
    const cust = await seedCustomer(admin, { service: 'electricity' });
    await admin.post('/api/admin/import/contracts', [
      {
        contractNumber: cust.contractNumber,
        accountNumber: cust.accountNumber,
        service: 'electricity',
        meterDigits: 6,
        registers: 2,
        lastReading: '4000/2000',
        lastReadingAt: '2026-10-24T10:00:00Z',
        avgDailyUse: 10,
      },
    ]);
    const c = call(cust.phone);
    await c.post(BASE);
    const ask = await c.post(`${BASE}/menu`, { Digits: '1' });
    const first = await c.follow(gather(ask.twiml)['@action'], { Digits: cust.contractNumber });
    expect(says(first.twiml)[0]).toBe('Digitare la lettura della fascia 1, seguita dal tasto cancelletto.');
    const second = await c.follow(gather(first.twiml)['@action'], { Digits: '9000' });
    expect(says(second.twiml)[0]).toBe('Digitare la lettura della fascia 2, seguita dal tasto cancelletto.');
    const confirm = await c.follow(gather(second.twiml)['@action'], { Digits: '2100' });
    const done = await c.follow(gather(confirm.twiml)['@action'], { Digits: '1' });
    const reading = await Reading.findOne({ contractNumber: cust.contractNumber }).lean();
    expect(reading).toMatchObject({ status: 'held', values: [9000, 2100], reasons: ['implausible_consumption'] });
    const ticket = await Ticket.findById(reading!.ticketId).lean();
    expect(ticket).toMatchObject({ channel: 'voice', category: 'meter_reading', needsReview: true });
    expect(says(done.twiml)[0]).toBe(
      `Lettura ricevuta. Un operatore la verificherà. Numero pratica: ${ticket!.number.replace(/^T-0*/, '').split('').join(' ')}.`,
    );

    const unknown = await c.follow(gather(ask.twiml)['@action'], { Digits: '99999999' });
    expect(says(unknown.twiml)[0]).toBe('Contratto non trovato.');
  });

  test('2: balance and next due date of the caller’s account', async () => {
    const cust = await seedCustomer(admin);
    const res = await admin.post('/api/admin/import/bills', [
      {
        billNumber: uniqueNumber('B'),
        contractNumber: cust.contractNumber,
        amount: 80.5,
        issuedAt: '2026-11-01T00:00:00Z',
        dueAt: '2026-12-15T00:00:00Z',
      },
      {
        billNumber: uniqueNumber('B'),
        contractNumber: cust.contractNumber,
        amount: 60,
        paidAmount: 20,
        issuedAt: '2026-11-10T00:00:00Z',
        dueAt: '2026-12-20T00:00:00Z',
      },
    ]);
    expect(res.status).toBe(200);
    const c = call(cust.phone);
    await c.post(BASE);
    const { twiml } = await c.post(`${BASE}/menu`, { Digits: '2' });
    expect(says(twiml)[0]).toBe('Il saldo da pagare è di 120,50 euro. La prossima scadenza è il 15 dicembre.');

    const stranger = call(phone());
    await stranger.post(BASE);
    await stranger.post(`${BASE}/language`, { Digits: '2' });
    expect(says((await stranger.post(`${BASE}/menu`, { Digits: '2' })).twiml)[0]).toBe(
      'We could not recognise your phone number. For your balance, please speak to an agent.',
    );
  });

  test('3: an outage report opens a ticket; the third report from one area raises a suspected outage once', async () => {
    const area = uniqueNumber('AREA-');
    const tickets: string[] = [];
    for (let i = 0; i < 4; i++) {
      const cust = await seedCustomer(admin, { areaCode: area, service: 'electricity' });
      const c = call(cust.phone);
      await c.post(BASE);
      const { twiml } = await c.post(`${BASE}/menu`, { Digits: '3' });
      expect(says(twiml)[0]).toMatch(/^Segnalazione registrata con il numero [\d ]+\. Grazie\.$/);
      const msg = await Message.findById(`voice:${c.CallSid}:outage`).lean();
      tickets.push(msg!.ticketId!);
    }
    const rows = await Ticket.find({ _id: { $in: tickets.map((t) => new Types.ObjectId(t)) } }).lean();
    expect(rows.map((t) => [t.category, t.channel])).toEqual(Array(4).fill(['outage', 'voice']));
    expect(suspected.filter((s) => s.areaCode === area)).toEqual([{ areaCode: area, reports: 3, at: expect.any(Date) }]);
    expect(await Outage.countDocuments({ areaCodes: area, status: 'suspected' })).toBe(1);
    // The fourth report counts towards it; none of them is linked (a suspicion is not an outage in force).
    expect(await Outage.findOne({ areaCodes: area }).lean()).toMatchObject({ figures: { reports: 4, links: 0 } });
  });

  // Menu 4 decides on a bill at once (test/integration/self-service-ivr.test.ts walks it).
  test('4 with no open bill: says so and plays the menu again, no ticket', async () => {
    const cust = await seedCustomer(admin);
    const c = call(cust.phone);
    await c.post(BASE);
    const choose = await c.post(`${BASE}/menu`, { Digits: '4' });
    expect(gather(choose.twiml)['@action']).toBe(`${PUBLIC}${BASE}/billing`);
    const done = await c.follow(gather(choose.twiml)['@action'], { Digits: '2' });
    expect(says(done.twiml)[0]).toBe('Non risultano bollette da pagare.');
    expect(gather(done.twiml)['@action']).toBe(`${PUBLIC}${BASE}/menu`);
    expect(await Message.findById(`voice:${c.CallSid}:deferral`).lean()).toBeNull();
  });

  test('an invalid choice says so and replays the menu', async () => {
    const c = call(phone());
    await c.post(BASE);
    const { twiml } = await c.post(`${BASE}/menu`, { Digits: '7' });
    expect(says(twiml)[0]).toBe('Scelta non valida.');
    expect(gather(twiml)['@action']).toBe(`${PUBLIC}${BASE}/menu`);
  });
});

describe('talk to an agent', () => {
  test('in hours: enqueued as a voice ticket, position announced, bridged to the agent on claim, with both wait times', async () => {
    const cust = await seedCustomer(admin);
    const agentPhone = '+390511234567';
    const agent = await Agent.create({
      name: 'Operatore',
      email: `${uniqueNumber('op')}@example.it`,
      passwordHash: 'x',
      phone: agentPhone,
      presence: 'available',
    });
    const c = call(cust.phone);
    await c.post(BASE); // IVR starts at 10:00:00Z
    clock.at = new Date(MONDAY_11.getTime() + 20_000);
    const { twiml } = await c.post(`${BASE}/menu`, { Digits: '5' });
    expect(says(twiml)).toEqual(['La stiamo mettendo in contatto con un operatore.']);
    const enqueue = twiml.Enqueue;
    expect(enqueue['@waitUrl']).toBe(`${PUBLIC}${BASE}/wait`);
    expect(enqueue['@action']).toBe(`${PUBLIC}${BASE}/queue-result`);
    const msg = await Message.findById(`voice:${c.CallSid}`).lean();
    const ticket = await Ticket.findById(msg!.ticketId).lean();
    expect(ticket).toMatchObject({ channel: 'voice', status: 'queued', accountNumber: cust.accountNumber });
    // The caller waits on the line: an answer time in seconds.
    expect(ticket!.sla?.firstResponseDueAt).toBeInstanceOf(Date);
    expect(enqueue['#text']).toBe(ticket!.queue);
    expect(await QueueItem.findById(String(ticket!._id)).lean()).toBeTruthy();

    const wait = await c.follow(enqueue['@waitUrl'], { QueuePosition: '2', QueueTime: '5', AvgQueueTime: '90', CurrentQueueSize: '3' });
    expect(says(wait.twiml)).toEqual(['Lei è in posizione 2. Attesa stimata: circa 3 minuti.']);

    clock.at = new Date(MONDAY_11.getTime() + 65_000);
    server.ctx.events.emit('ticket.claimed', {
      ticketId: String(ticket!._id),
      number: ticket!.number,
      queue: ticket!.queue,
      channel: 'voice',
      category: ticket!.category,
      priority: ticket!.priority,
      language: 'it',
      status: 'assigned',
      agentId: String(agent._id),
      waitedSeconds: 45,
    });
    const update = await waitFor(() => twilio.callUpdates().find((u) => u.path.endsWith(`/Calls/${c.CallSid}.json`)), 5000, 'call update');
    const dial = parseTwiml(String(update.params.Twiml)).Dial;
    expect(dial.Number).toBe(agentPhone);
    expect(dial['@action']).toBe(`${PUBLIC}${BASE}/dial-result`);

    await waitFor(() => eventsOf(c.CallSid).includes('answered'), 5000, 'answered event');
    const answered = callEvents.find((e) => e.callSid === c.CallSid && e.kind === 'answered')!;
    expect(answered).toMatchObject({
      waitSeconds: 45,
      waitWithIvrSeconds: 65,
      ticketId: String(ticket!._id),
      queue: ticket!.queue,
      ivrChoices: 1,
    });

    clock.at = new Date(MONDAY_11.getTime() + 365_000);
    await c.post(`${BASE}/queue-result`, { QueueResult: 'bridged', QueueTime: '45' });
    const status = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, `${BASE}/status`, {
      CallSid: c.CallSid,
      CallStatus: 'completed',
      CallDuration: '365',
    });
    expect(status.status).toBe(204);
    expect(eventsOf(c.CallSid)).toEqual(['ivr_entered', 'agent_requested', 'queued', 'answered', 'completed']);
    expect(callEvents.find((e) => e.callSid === c.CallSid && e.kind === 'completed')).toMatchObject({ handleSeconds: 300 });
  });

  test('an agent claiming the call through the console API gets it bridged to their phone', async () => {
    const agent = await makeAgent({ presence: 'available', channels: ['voice'] });
    await Agent.updateOne({ _id: agent.id }, { $set: { phone: '+390519876543' } });
    const c = call(phone());
    await c.post(BASE);
    await c.post(`${BASE}/language`, { Digits: '1' });
    await c.post(`${BASE}/menu`, { Digits: '5' });
    const msg = await Message.findById(`voice:${c.CallSid}`).lean();
    const session = server.session();
    await session.login(agent.email, AGENT_PASSWORD);
    const claim = await session.post(`/api/tickets/${msg!.ticketId}/claim`);
    expect(claim.status).toBe(200);
    const update = await waitFor(() => twilio.callUpdates().find((u) => u.path.endsWith(`/Calls/${c.CallSid}.json`)), 5000, 'call update');
    expect(parseTwiml(String(update.params.Twiml)).Dial.Number).toBe('+390519876543');
    await waitFor(() => eventsOf(c.CallSid).includes('answered'), 5000, 'answered event');
  });

  test('a caller who hangs up in the queue is abandoned (once), and the ticket leaves the live queue', async () => {
    const c = call(phone());
    await c.post(BASE);
    await c.post(`${BASE}/language`, { Digits: '1' });
    clock.at = new Date(MONDAY_11.getTime() + 30_000);
    await c.post(`${BASE}/menu`, { Digits: '5' });
    const msg = await Message.findById(`voice:${c.CallSid}`).lean();
    clock.at = new Date(MONDAY_11.getTime() + 72_000);
    await c.post(`${BASE}/queue-result`, { QueueResult: 'hangup', QueueTime: '42' });
    await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, `${BASE}/status`, {
      CallSid: c.CallSid,
      CallStatus: 'completed',
    });
    expect(eventsOf(c.CallSid)).toEqual(['ivr_entered', 'agent_requested', 'queued', 'abandoned', 'completed']);
    expect(callEvents.find((e) => e.callSid === c.CallSid && e.kind === 'abandoned')).toMatchObject({
      waitSeconds: 42,
      waitWithIvrSeconds: 72,
      ivrChoices: 2,
    });
    expect(await Ticket.findById(msg!.ticketId).lean()).toMatchObject({ status: 'resolved', outcome: 'abandoned' });
    expect(await QueueItem.findById(msg!.ticketId).lean()).toBeNull();
  });

  test('a weekday public holiday is out of hours: no agent queue, the after-hours choice', async () => {
    clock.at = new Date('2026-12-08T10:00:00Z'); // Tue 8 Dec 2026, 11:00 in Rome: Immacolata
    const cust = await seedCustomer(admin);
    const c = call(cust.phone);
    await c.post(BASE);
    const closed = await c.post(`${BASE}/menu`, { Digits: '5' });
    expect(says(closed.twiml)[0]).toMatch(/^Il servizio clienti è aperto dal lunedì al venerdì/);
    expect(closed.twiml.Enqueue).toBeUndefined();
  });

  test('out of hours: voicemail with the recording on the ticket, or a callback request', async () => {
    clock.at = SUNDAY_11;
    const cust = await seedCustomer(admin);
    const c = call(cust.phone);
    await c.post(BASE);
    const closed = await c.post(`${BASE}/menu`, { Digits: '5' });
    expect(says(closed.twiml)[0]).toMatch(/^Il servizio clienti è aperto dal lunedì al venerdì/);
    expect(closed.twiml.Enqueue).toBeUndefined();
    const rec = await c.follow(gather(closed.twiml)['@action'], { Digits: '1' });
    expect(rec.twiml.Record['@action']).toBe(`${PUBLIC}${BASE}/voicemail`);
    const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${twilio.accountSid}/Recordings/RE${randomBytes(16).toString('hex')}`;
    const done = await c.follow(rec.twiml.Record['@action'], { RecordingUrl: recordingUrl, RecordingDuration: '14' });
    expect(says(done.twiml)[0]).toBe('Messaggio registrato. La richiameremo al più presto.');
    const vm = await Message.findById(`voice:${c.CallSid}:voicemail`).lean();
    expect(vm!.attachments[0]).toMatchObject({ url: recordingUrl });
    expect(await Ticket.findById(vm!.ticketId).lean()).toMatchObject({ category: 'voicemail', channel: 'voice' });

    const other = call(cust.phone);
    await other.post(BASE);
    const closed2 = await other.post(`${BASE}/menu`, { Digits: '5' });
    const cb = await other.follow(gather(closed2.twiml)['@action'], { Digits: '2' });
    expect(says(cb.twiml)[0]).toMatch(/^Richiesta di richiamata registrata con il numero/);
    const cbMsg = await Message.findById(`voice:${other.CallSid}:callback`).lean();
    expect(await Ticket.findById(cbMsg!.ticketId).lean()).toMatchObject({
      category: 'callback',
      channel: 'voice',
      accountNumber: cust.accountNumber,
    });
    expect(eventsOf(c.CallSid)).toContain('voicemail');
    expect(eventsOf(other.CallSid)).toContain('callback_requested');
  });
});
