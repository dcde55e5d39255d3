// Gas leaks and other dangers (issue 13), answered 24/7: on a Sunday night the IVR's 9 —
// offered before the language choice to a caller we do not know, in every language — never
// leads to voicemail or the out-of-hours choice but to the emergency queue, with the safety
// instructions while the caller waits; an SMS keyword or the words of a leak open the same
// priority-0 ticket, answered at once with the instructions. Each opens a dispatch task with
// the supply point's address and alerts supervisors (socket) and the on-call person (SMS).
import { randomBytes } from 'node:crypto';
import { Message, QueueItem, Ticket } from '../../models';
import { Task } from '../../models/task';
import { seedArea } from '../factories/outage-area';
import { connectAgentSocket, type AgentSocket } from '../support/agent-socket';
import { TestClock } from '../support/clock';
import { startTestServer, type TestServer } from '../support/server';
import { supervisorSession } from '../support/supervisor';
import { ivrCall } from '../support/ivr-call';
import { messagesOf } from '../support/twiml';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

const PUBLIC = 'http://hotline.example.test';
const BASE = '/webhooks/twilio/voice';
const ON_CALL = '+393351234567';
// Sunday 22 Nov 2026, 23:30 in Rome: the call centre is closed.
const clock = new TestClock(new Date('2026-11-22T22:30:00Z'));
let server: TestServer;
let twilio: TwilioStandIn;
let sup: AgentSocket;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer(
    { PUBLIC_BASE_URL: PUBLIC, TWILIO_API_BASE_URL: twilio.url, TWILIO_SMS_PER_SECOND: '0', EMERGENCY_ONCALL_PHONE: ON_CALL },
    { clock },
  );
  sup = await connectAgentSocket(server.url, (await supervisorSession(server)).session.cookie);
  await sup.next('queue:snapshot');
});
afterAll(async () => {
  sup?.close();
  await server?.close();
  await twilio?.close();
});

const call = (from: string) => ivrCall({ url: server.url, publicBase: PUBLIC, accountSid: twilio.accountSid }, from);
const says = (twiml: Record<string, any>): Array<[string, string]> =>
  [...(twiml.Say ?? []), ...(twiml.Gather ?? []).flatMap((g: any) => g.Say ?? [])].map((s: any) => [s['@language'], s['#text']]);

test('an unknown caller on a Sunday night: 9 before any language, queued for the emergency line with the instructions in every language', async () => {
  const from = '+393471112233';
  const c = call(from);
  const entry = await c.post(BASE);
  const g = entry.Gather[0];
  expect(g.Say.slice(0, 3).map((s: any) => s['#text'])).toEqual([
    'Per un’emergenza gas o un pericolo, premere 9.',
    'For a gas emergency or any danger, press 9.',
    'При запахе газа или другой опасности нажмите 9.',
  ]);
  const redirected = await c.follow(g['@action'], { Digits: '9' });
  const answer = await c.follow(redirected.Redirect['#text']);
  // Never the voicemail or the out-of-hours choice: the emergency queue, whatever the hour.
  expect(answer.Record).toBeUndefined();
  expect(answer.Enqueue['#text']).toBe('emergency');
  expect(answer.Enqueue['@waitUrl']).toBe(`${PUBLIC}${BASE}/emergency/wait`);
  const spoken = says(answer);
  expect(spoken[0]).toEqual(['it-IT', 'La mettiamo subito in contatto con il pronto intervento. Resti in linea.']);
  expect(spoken.slice(1).map(([l]) => l)).toEqual(['it-IT', 'en-GB', 'ru-RU']);
  expect(spoken[2]![1]).toMatch(/^If you smell gas: do not switch lights/);
  const waiting = await c.post(`${BASE}/emergency/wait`, { QueuePosition: '1' });
  expect(says(waiting).map(([l]) => l)).toEqual(['it-IT', 'en-GB', 'ru-RU']);

  const msg = await Message.findById(`voice:${c.CallSid}:emergency`).lean();
  const ticket = await Ticket.findById(msg!.ticketId).lean();
  expect(ticket).toMatchObject({ category: 'emergency', priority: 0, queue: 'emergency', channel: 'voice', live: true, status: 'queued' });
  expect(await QueueItem.findById(String(ticket!._id)).lean()).toMatchObject({ queue: 'emergency', priority: 0, live: true });
  const task = await Task.findById(`emergency_dispatch:${String(ticket!._id)}`).lean();
  expect(task).toMatchObject({ kind: 'emergency_dispatch', status: 'open', callbackNumber: from });
  expect(task?.address).toBeUndefined();
  expect(await sup.next('emergency:raised', (e) => e.ticketId === String(ticket!._id))).toMatchObject({
    channel: 'voice',
    number: ticket!.number,
  });
  const alert = await waitFor(() =>
    twilio.messages().find((m) => m.params.To === ON_CALL && String(m.params.Body).includes(ticket!.number)),
  );
  expect(alert.params.Body).toBe(
    `EMERGENZA ${ticket!.number} via voice. Luogo: non noto (chiedere al segnalante). Richiamare: ${from}. Intervento: emergency_dispatch:${String(ticket!._id)}.`,
  );
});

test('a known customer presses 9 in the menu: the instructions in their language, the crew sent to their gas supply', async () => {
  const [c] = await seedArea(1, { areaCode: 'GAS-1', service: 'gas', language: 'en' });
  const voice = call(c!.phone);
  const entry = await voice.post(BASE);
  expect(says(entry)[1]).toEqual(['en-GB', 'For a gas emergency or any danger, press 9.']);
  const answer = await voice.post(`${BASE}/menu`, { Digits: '9' });
  expect(says(answer).map(([l]) => l)).toEqual(['en-GB', 'en-GB']);
  expect(answer.Enqueue['#text']).toBe('emergency');
  const ticket = await Ticket.findById((await Message.findById(`voice:${voice.CallSid}:emergency`).lean())!.ticketId).lean();
  expect(await Task.findById(`emergency_dispatch:${String(ticket!._id)}`).lean()).toMatchObject({
    accountNumber: c!.accountNumber,
    contractNumber: c!.contractNumber,
    address: expect.stringMatching(/^Via Zona \d+, Bologna$/),
  });
});

test('by SMS: the keyword alone or the words of a leak, answered at once with the instructions, first in the agents’ lists', async () => {
  const [c] = await seedArea(1, { areaCode: 'GAS-2', service: 'gas', language: 'it' });
  for (const body of ['GAS', 'sento puzza di gas sulle scale']) {
    const params = {
      MessageSid: `SM${randomBytes(16).toString('hex')}`,
      AccountSid: twilio.accountSid,
      From: c!.phone,
      To: '+390000000000',
      Body: body,
    };
    const res = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', params);
    expect(messagesOf(res.text)).toEqual([server.ctx.rules.emergencies.safetyInstructions.it]);
  }
  // Both texts are one emergency (one thread), priority 0, in the emergency queue.
  const tickets = await Ticket.find({ accountNumber: c!.accountNumber }).lean();
  expect(tickets.map((t) => [t.category, t.priority, t.queue, t.messageCount])).toEqual([['emergency', 0, 'emergency', 2]]);
  expect(await Task.countDocuments({ ticketId: String(tickets[0]!._id), kind: 'emergency_dispatch' })).toBe(1);
});
