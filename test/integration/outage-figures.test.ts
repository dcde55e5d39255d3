// An incident's figures (issue 13, item 5) as a supervisor reads them, JSON and CSV: contacts by
// channel, callers who heard the announcement and hung up without an agent (deflected), the
// restoration notices sent, delivered and failed (the provider's signed status callbacks), and
// the time from the first report to the declaration and to the resolution.
import { randomBytes } from 'node:crypto';
import { Outage } from '../../models';
import { seedArea } from '../factories/outage-area';
import { TestClock } from '../support/clock';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { supervisorSession } from '../support/supervisor';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

const PUBLIC = 'http://hotline.example.test';
// Tuesday 24 Nov 2026, 10:00 in Rome.
const clock = new TestClock(new Date('2026-11-24T09:00:00Z'));
let server: TestServer;
let twilio: TwilioStandIn;
let sup: Session;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer(
    {
      PUBLIC_BASE_URL: PUBLIC,
      TWILIO_API_BASE_URL: twilio.url,
      TWILIO_SMS_PER_SECOND: '0',
      // Two reports do not raise a suspicion: the declaration below starts the clock at the first.
      RULES_OVERRIDES: '{"outages":{"suspectReports":3,"suspectWindowMinutes":30}}',
    },
    { clock },
  );
  twilio.forwardCallbacks(PUBLIC, server.url);
  sup = (await supervisorSession(server)).session;
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
});

const post = (path: string, params: Record<string, string>) =>
  postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, path, {
    AccountSid: twilio.accountSid,
    To: '+390000000000',
    ...params,
  });

test('contacts by channel, deflected callers, notices sent / delivered / failed, report → declaration → resolution; the same in the CSV', async () => {
  const area = `FIG-${randomBytes(3).toString('hex')}`;
  const people = await seedArea(8, { areaCode: area });
  const sms = (i: number, body: string) =>
    post('/webhooks/twilio/sms', { MessageSid: `SM${randomBytes(16).toString('hex')}`, From: people[i]!.phone, Body: body });

  // 10:00 and 10:04: two reports, no outage yet.
  expect((await sms(0, 'Guasto, siamo senza luce')).status).toBe(200);
  clock.set('2026-11-24T09:04:00Z');
  expect((await sms(1, 'Manca la corrente')).status).toBe(200);

  // 10:10: declared.
  clock.set('2026-11-24T09:10:00Z');
  const declared = await sup.post('/api/admin/outages', { service: 'electricity', areaCodes: [area] });
  expect(declared.status).toBe(201);
  const id = declared.body.outage.id as string;

  // Two more texts, and callers hear the announcement: two hang up, one asks for an agent.
  expect((await sms(2, 'ancora senza luce')).status).toBe(200);
  expect((await sms(3, 'guasto?')).status).toBe(200);
  // A fourth reports it (menu 3) and hangs up: deflected too, and still one voice contact.
  for (const [i, digits] of [
    [4, null],
    [5, null],
    [6, '5'],
    [7, '3'],
  ] as const) {
    const CallSid = `CA${randomBytes(16).toString('hex')}`;
    const entry = await post('/webhooks/twilio/voice', { CallSid, From: people[i]!.phone, CallStatus: 'in-progress' });
    expect(entry.text).toContain('<Say');
    if (digits) await post('/webhooks/twilio/voice/menu', { CallSid, From: people[i]!.phone, CallStatus: 'in-progress', Digits: digits });
    const status = await post('/webhooks/twilio/voice/status', {
      CallSid,
      From: people[i]!.phone,
      CallStatus: 'completed',
      CallDuration: '40',
    });
    expect(status.status).toBe(204);
  }

  // 11:00: resolved; every customer of the area is told; the provider reports 6 delivered and 2 failed.
  clock.set('2026-11-24T10:00:00Z');
  twilio.clear();
  expect((await sup.post(`/api/admin/outages/${id}/resolve`, {})).status).toBe(200);
  await waitFor(async () => (await Outage.findById(id).lean())?.noticeRuns?.resolved?.done, 30_000, 'the notices to finish');
  const sent = twilio.messages().filter((m) => m.status === 201);
  expect(sent).toHaveLength(8);
  for (const [i, m] of sent.entries()) expect(await twilio.statusCallback(m.sid!, i < 6 ? 'delivered' : 'undelivered')).toBeLessThan(300);

  const figures = (await sup.get(`/api/outages/${id}`)).body.outage.figures;
  expect(figures).toMatchObject({
    // The two reports waiting in the queue were linked when it was declared, the two after it at once.
    contacts: { sms: 4, voice: 4 },
    links: 5,
    announced: 4,
    deflected: 3,
    notices: { resolved: { planned: 8, sent: 8, delivered: 6, failed: 2 } },
    reportToDeclaredSeconds: 600,
    reportToResolvedSeconds: 3600,
  });
  const csv = (await sup.get('/api/outages?status=all&format=csv')).text.split('\r\n');
  const header = csv[0]!.split(',');
  const row = csv.find((l) => l.includes(`,${area},`))!.split(',');
  const col = (name: string) => row[header.indexOf(name)];
  expect([
    col('contactsSms'),
    col('contactsVoice'),
    col('deflected'),
    col('resolvedSent'),
    col('resolvedDelivered'),
    col('resolvedFailed'),
    col('reportToDeclaredSeconds'),
    col('reportToResolvedSeconds'),
  ]).toEqual(['4', '4', '3', '8', '6', '2', '600', '3600']);
});
