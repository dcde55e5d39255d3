// One outage, all its contacts (issue 13): during an outage in force, 500 customers of the area
// texting about it make one incident with 500 links and no work for any agent — each is told
// the outage's message and estimate at once, in their language; mail and web requests are
// linked and answered the same way; a contact from outside the area is not. Resolving tells
// every customer of the area once and closes each linked contact with a final message in its
// channel; at night the notices wait for 07:00 unless the outage is urgent.
import { randomBytes } from 'node:crypto';
import { Message, Outage, OutageNotice, QueueItem, Ticket } from '../../models';
import { inPool } from '../../core/pool';
import { seedArea, type AreaCustomer } from '../factories/outage-area';
import { TestClock } from '../support/clock';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { supervisorSession } from '../support/supervisor';
import { messagesOf } from '../support/twiml';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

const PUBLIC = 'http://hotline.example.test';
// Tuesday 24 Nov 2026, 10:00 in Rome.
const clock = new TestClock(new Date('2026-11-24T09:00:00Z'));
let server: TestServer;
let twilio: TwilioStandIn;
let smtp: SmtpSink;
let sup: Session;
const queued: string[] = [];

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  smtp = await startSmtpSink();
  server = await startTestServer(
    { PUBLIC_BASE_URL: PUBLIC, TWILIO_API_BASE_URL: twilio.url, TWILIO_SMS_PER_SECOND: '0', SMTP_OUTBOUND_URL: smtp.url },
    { clock },
  );
  sup = (await supervisorSession(server)).session;
  server.ctx.events.on('ticket.queued', (e) => void queued.push(e.ticketId));
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
  await smtp?.close();
});

async function sms(from: string, body: string): Promise<string[]> {
  const params = {
    MessageSid: `SM${randomBytes(16).toString('hex')}`,
    AccountSid: twilio.accountSid,
    From: from,
    To: '+390000000000',
    Body: body,
  };
  const res = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', params);
  expect(res.status).toBe(200);
  return messagesOf(res.text);
}

async function declare(body: Record<string, unknown>): Promise<string> {
  const res = await sup.post('/api/admin/outages', { service: 'electricity', ...body });
  expect(res.status).toBe(201);
  return res.body.outage.id;
}

const outageOf = (id: string) => Outage.findById(id).lean();

test('500 SMS reports during an outage in force: one incident, 500 links, every sender told at once, no agent work', async () => {
  const area = `STORM-${randomBytes(3).toString('hex')}`;
  const it = await seedArea(400, { areaCode: area, language: 'it' });
  const en = await seedArea(50, { areaCode: area, language: 'en' });
  const ru = await seedArea(50, { areaCode: area, language: 'ru' });
  const id = await declare({
    areaCodes: [area],
    publicMessage: { it: 'Guasto alla cabina primaria: squadre al lavoro.', en: 'Fault at the primary substation: crews at work.' },
    expectedRestorationAt: '2026-11-24T15:30:00Z',
  });
  queued.length = 0;
  const answers = new Map<string, string[]>();
  const everyone: Array<[AreaCustomer, string]> = [
    ...it.map((c) => [c, 'Siamo senza luce da mezz’ora'] as [AreaCustomer, string]),
    ...en.map((c) => [c, 'We have no power in our street'] as [AreaCustomer, string]),
    ...ru.map((c) => [c, 'Нет света во всём доме'] as [AreaCustomer, string]),
  ];
  await inPool(everyone, 10, async ([c, body]) => {
    answers.set(c.phone, await sms(c.phone, body));
  });

  const outage = await outageOf(id);
  expect(outage).toMatchObject({ figures: { links: 500, contacts: { sms: 500 }, reports: 0 } });
  const tickets = await Ticket.find({ outageId: id }, { status: 1, queue: 1, assignee: 1 }).lean();
  expect(tickets).toHaveLength(500);
  // No agent work: nothing queued, nothing announced to the consoles as waiting.
  expect(new Set(tickets.map((t) => t.status))).toEqual(new Set(['pending']));
  expect(await QueueItem.countDocuments({ _id: { $in: tickets.map((t) => String(t._id)) } })).toBe(0);
  expect(queued.filter((t) => tickets.some((x) => String(x._id) === t))).toEqual([]);
  // Each one told at once, in their language; the operator's words where written, the standard sentence in Russian.
  expect(answers.get(it[0]!.phone)![0]).toMatch(
    /^Guasto alla cabina primaria: squadre al lavoro\. Ripristino previsto: martedì 24 novembre, 16:30\. Segnalazione T-\d+ registrata/,
  );
  expect(answers.get(en[0]!.phone)![0]).toMatch(
    /^Fault at the primary substation: crews at work\. Expected restoration: Tuesday 24 November, 16:30\./,
  );
  expect(answers.get(ru[0]!.phone)![0]).toMatch(
    /^В вашем районе авария: свет\. Причина: выясняется\. Ожидаемое восстановление: вторник 24 ноября, 16:30\./,
  );
  expect([...answers.values()].every((a) => a.length === 1)).toBe(true);
  // What they were told is on their ticket for agents to see.
  expect(
    await Message.countDocuments({ _id: { $regex: /^outage-answer:sms:/ }, ticketId: { $in: tickets.map((t) => String(t._id)) } }),
  ).toBe(500);
  // A second report from the same customer joins the same ticket, is answered again, counts no new link.
  expect((await sms(it[0]!.phone, 'Ancora senza luce!'))[0]).toMatch(/^Guasto alla cabina primaria/);
  expect(await outageOf(id)).toMatchObject({ figures: { links: 500 } });
});

test('mail and web requests from the area are linked and answered; a report from outside the area is not', async () => {
  const area = `MIX-${randomBytes(3).toString('hex')}`;
  const [mailer, visitor] = await seedArea(2, { areaCode: area, language: 'en' });
  const [outsider] = await seedArea(1, { areaCode: `ELSEWHERE-${randomBytes(2).toString('hex')}` });
  const id = await declare({ areaCodes: [area], publicMessage: { en: 'Cable damaged by roadworks.' } });

  const mail = [
    `From: Mario <${mailer!.email}>`,
    'To: service@utility.example',
    'Subject: Power cut',
    `Message-ID: <${randomBytes(6).toString('hex')}@example.it>`,
    '',
    'We have no power since this morning.',
  ].join('\r\n');
  const mailed = await server.session().post('/webhooks/email/inbound', mail, { 'content-type': 'message/rfc822' });
  expect(mailed.status).toBeLessThan(300);
  const web = await server.session().post('/api/reception/requests', {
    category: 'information_request',
    name: 'Anna',
    phone: visitor!.phone,
    message: 'There is no electricity in the whole building since noon.',
    language: 'en',
  });
  expect(web.status).toBe(201);
  expect(web.body.answer).toMatch(/^Cable damaged by roadworks\. We are working to restore it as soon as possible\./);
  expect(await sms(outsider!.phone, 'Manca la luce')).toEqual([]);

  const linked = await Ticket.find({ outageId: id }).lean();
  expect(linked.map((t) => t.channel).sort()).toEqual(['email', 'web']);
  // The mail's answer is the outage's message, not the usual acknowledgement with a deadline.
  const answer = await waitFor(() => smtp.mails.find((m) => m.rcptTo.includes(mailer!.email)), 10_000, 'the mail answer');
  expect(answer.parsed.subject).toMatch(/^Outage in your area \[T-\d+\]$/);
  expect(answer.parsed.text).toMatch(
    /^Cable damaged by roadworks\. We are working to restore it as soon as possible\. Report T-\d+ recorded/,
  );
  expect(await Ticket.findOne({ accountNumber: outsider!.accountNumber }).lean()).toMatchObject({ status: 'queued' });
  expect(await outageOf(id)).toMatchObject({ figures: { links: 2, contacts: { email: 1, web: 1 } } });
  // The web visitor's tracking page shows what they were told.
  const tracked = await server.session().get(`/api/reception/requests/${web.body.ticketNumber}?token=${web.body.trackingToken}`);
  expect(JSON.stringify(tracked.body)).toContain('Cable damaged by roadworks.');
});

test('resolving closes every linked contact with a final message in its channel and tells the rest of the area once; at night only if urgent', async () => {
  const area = `NIGHT-${randomBytes(3).toString('hex')}`;
  const people = await seedArea(30, { areaCode: area, language: 'it' });
  const id = await declare({ areaCodes: [area], urgent: false });
  for (const c of people.slice(0, 5)) await sms(c.phone, 'Manca la corrente');
  twilio.clear();

  // 23:30 in Rome: the restoration notices wait for the morning.
  clock.set('2026-11-24T22:30:00Z');
  expect((await sup.post(`/api/admin/outages/${id}/resolve`, {})).status).toBe(200);
  await waitFor(
    async () => (await OutageNotice.countDocuments({ outageId: id, status: 'pending', reason: /^quiet_hours/ })) === 30,
    20_000,
    'the notices to wait',
  );
  expect(twilio.messages()).toHaveLength(0);
  expect(await outageOf(id)).toMatchObject({ figures: { notices: { resolved: { planned: 30, sent: 0 } } } });
  expect(await Ticket.countDocuments({ outageId: id, status: 'pending' })).toBe(5);

  // 07:05: the schedule sends them, each once; the five who wrote get the final message of their case, which closes it.
  clock.set('2026-11-25T06:05:00Z');
  await server.ctx.scheduler.runNow('outage-notices', clock.now());
  await waitFor(async () => (await outageOf(id))?.noticeRuns?.resolved?.done, 20_000, 'the notices to finish');
  const texts = twilio.messages();
  expect(texts).toHaveLength(30);
  expect(new Set(texts.map((m) => m.params.To)).size).toBe(30);
  const closing = texts.filter((m) => /la sua segnalazione T-\d+ è chiusa/.test(String(m.params.Body)));
  expect(closing.map((m) => m.params.To).sort()).toEqual(
    people
      .slice(0, 5)
      .map((c) => c.phone)
      .sort(),
  );
  expect(await Ticket.countDocuments({ outageId: id, status: 'resolved', outcome: 'outage_resolved' })).toBe(5);
  expect(await outageOf(id)).toMatchObject({ figures: { closed: 5, notices: { resolved: { planned: 30, sent: 30, failed: 0 } } } });
  await server.ctx.scheduler.runNow('outage-notices', clock.now());
  expect(twilio.messages()).toHaveLength(30);

  // An urgent outage's notice goes out at night.
  const urgentArea = `URGENT-${randomBytes(3).toString('hex')}`;
  await seedArea(3, { areaCode: urgentArea });
  const urgent = await declare({ areaCodes: [urgentArea], urgent: true, notify: true });
  clock.set('2026-11-25T01:00:00Z');
  twilio.clear();
  await sup.post(`/api/admin/outages/${urgent}/resolve`, {});
  await waitFor(async () => (await outageOf(urgent))?.noticeRuns?.resolved?.done, 20_000, 'the urgent notices');
  // Declared at 07:05 with notices (3), resolved at 02:00 (3): six texts, none held back.
  expect(twilio.messages()).toHaveLength(6);
  clock.set('2026-11-24T09:00:00Z');
});
