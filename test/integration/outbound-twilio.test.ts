// The outbound module through the real `twilio` client against the local stand-in: what
// Twilio receives, consent (STOP), courtesy hours, and delivery status callbacks.
import { Types } from 'mongoose';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { setSmsConsent } from '../../channels/sms/consent';
import { SmsRateLimiter } from '../../channels/sms/send-rate';
import { twilioClientFor } from '../../channels/twilio/client';
import { TwilioVoiceOutbound } from '../../channels/voice/outbound';
import { quietUntil } from '../../core/reminders/delivery-rules';
import { fixedClock } from '../../core/clock';
import { Customer, Message } from '../../models';
import { seedCustomer } from '../factories/billing';
import { startTestServer, type TestServer } from '../support/server';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

const PUBLIC = 'http://hotline.example.test';
// Tuesday 24 Nov 2026, 11:00 in Rome: inside the courtesy window.
const clock = fixedClock('2026-11-24T10:00:00Z');

let twilio: TwilioStandIn;
let server: TestServer;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer({ PUBLIC_BASE_URL: PUBLIC, TWILIO_API_BASE_URL: twilio.url }, { clock });
  twilio.forwardCallbacks(PUBLIC, server.url);
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
});
beforeEach(() => twilio.clear());

const newId = () => `out:${new Types.ObjectId().toHexString()}`;

test('an SMS reply reaches Twilio as Messages.create with our status callback, and the row tracks it', async () => {
  const messageId = newId();
  await Message.create({
    _id: messageId,
    direction: 'out',
    channel: 'sms',
    to: '+393331112233',
    body: 'La sua pratica T-000001 è stata presa in carico.',
    state: 'sending',
    ticketId: 't1',
  });
  const result = await server.ctx.outbound.sms!.send({
    messageId,
    to: '+39 333 111 2233',
    body: 'La sua pratica T-000001 è stata presa in carico.',
    language: 'it',
    kind: 'reply',
    ticketId: 't1',
  });

  expect(result).toEqual({ externalId: expect.stringMatching(/^SM[0-9a-f]{32}$/), state: 'queued' });
  const [req] = twilio.messages();
  expect(req).toBeDefined();
  expect(req!.path).toBe(`/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`);
  expect(req!.username).toBe(twilio.accountSid);
  expect(req!.password).toBe(twilio.authToken);
  expect(req!.params).toEqual({
    To: '+393331112233',
    From: server.ctx.config.TWILIO_FROM_NUMBER,
    Body: 'La sua pratica T-000001 è stata presa in carico.',
    StatusCallback: `${PUBLIC}/webhooks/twilio/sms/status?m=${encodeURIComponent(messageId)}`,
  });
  expect(await Message.findById(messageId).lean()).toMatchObject({ externalId: result.externalId, state: 'queued' });

  expect(await twilio.statusCallback(result.externalId, 'sent')).toBe(204);
  expect(await twilio.statusCallback(result.externalId, 'delivered')).toBe(204);
  const row = await Message.findById(messageId).lean();
  expect(row).toMatchObject({ state: 'delivered' });
  expect(row?.sentAt).toBeInstanceOf(Date);
  expect(row?.deliveredAt).toBeInstanceOf(Date);
});

test('a status never moves backwards (callbacks out of order) and a failure records the error code', async () => {
  const a = newId();
  const sent = await server.ctx.outbound.sms!.send({
    messageId: a,
    to: '+393331112244',
    body: 'Promemoria',
    language: 'it',
    kind: 'reminder',
  });
  await twilio.statusCallback(sent.externalId, 'delivered');
  await twilio.statusCallback(sent.externalId, 'sent');
  expect(await Message.findById(a).lean()).toMatchObject({ state: 'delivered', direction: 'out', channel: 'sms' });

  const b = newId();
  const failing = await server.ctx.outbound.sms!.send({
    messageId: b,
    to: '+393331112255',
    body: 'Promemoria',
    language: 'it',
    kind: 'reminder',
  });
  await twilio.statusCallback(failing.externalId, 'undelivered', { ErrorCode: '30003' });
  expect(await Message.findById(b).lean()).toMatchObject({ state: 'undelivered', error: 'twilio 30003' });
});

test('after STOP no SMS leaves for that number (named error, nothing sent to Twilio); START allows it again', async () => {
  const number = '+393331119999';
  await setSmsConsent(number, false, clock.now(), 'SMstop');
  const messageId = newId();
  await expect(server.ctx.outbound.sms!.send({ messageId, to: number, body: 'x', language: 'it', kind: 'reminder' })).rejects.toMatchObject(
    { code: 'SmsConsentWithdrawn', status: 409 },
  );
  expect(twilio.messages()).toHaveLength(0);

  await setSmsConsent(number, true, clock.now(), 'SMstart');
  await server.ctx.outbound.sms!.send({ messageId: newId(), to: number, body: 'x', language: 'it', kind: 'reminder' });
  expect(twilio.messages()).toHaveLength(1);
});

test('a customer whose SMS consent is off is refused, by account number or by phone', async () => {
  const admin = await server.admin();
  const c = await seedCustomer(admin);
  await Customer.updateOne({ _id: c.accountNumber }, { $set: { 'consents.sms': false } });
  await expect(
    server.ctx.outbound.sms!.send({
      messageId: newId(),
      to: c.phone,
      body: 'x',
      language: 'it',
      kind: 'reminder',
      accountNumber: c.accountNumber,
    }),
  ).rejects.toMatchObject({ code: 'SmsConsentWithdrawn' });
  await expect(
    server.ctx.outbound.sms!.send({ messageId: newId(), to: c.phone, body: 'x', language: 'it', kind: 'reply' }),
  ).rejects.toMatchObject({ code: 'SmsConsentWithdrawn' });
  expect(twilio.messages()).toHaveLength(0);
});

test("Twilio's own unsubscribed error (21610) is the same named refusal; an invalid number fails and the row says so", async () => {
  twilio.rejectNumber('+393331110001', 21610);
  await expect(
    server.ctx.outbound.sms!.send({ messageId: newId(), to: '+393331110001', body: 'x', language: 'it', kind: 'reply' }),
  ).rejects.toMatchObject({ code: 'SmsConsentWithdrawn' });

  const id = newId();
  await Message.create({ _id: id, direction: 'out', channel: 'sms', to: '+393331110002', body: 'x', state: 'sending' });
  twilio.rejectNumber('+393331110002', 21211);
  await expect(
    server.ctx.outbound.sms!.send({ messageId: id, to: '+393331110002', body: 'x', language: 'it', kind: 'reply' }),
  ).rejects.toMatchObject({ code: 21211 });
  expect(await Message.findById(id).lean()).toMatchObject({ state: 'failed', error: 'twilio 21211' });
});

test('an automated call reads the text with <Say> in the language and tracks the call to completion', async () => {
  const messageId = newId();
  const result = await server.ctx.outbound.voice!.send({
    messageId,
    to: '+393331112266',
    body: 'Gentile cliente, la bolletta scade il 30 novembre.',
    language: 'it',
    kind: 'reminder',
  });
  expect(result.externalId).toMatch(/^CA[0-9a-f]{32}$/);
  const [req] = twilio.calls();
  expect(req!.params).toMatchObject({
    To: '+393331112266',
    From: server.ctx.config.TWILIO_FROM_NUMBER,
    StatusCallback: `${PUBLIC}/webhooks/twilio/voice/status?m=${encodeURIComponent(messageId)}`,
    StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
  });
  const twiml = String(req!.params.Twiml);
  expect(XMLValidator.validate(twiml)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false }).parse(twiml);
  expect(doc.Response.Say[0]).toMatchObject({ '#text': 'Gentile cliente, la bolletta scade il 30 novembre.', '@_language': 'it-IT' });

  await twilio.statusCallback(result.externalId, 'ringing');
  await twilio.statusCallback(result.externalId, 'completed', { CallDuration: '21' });
  expect(await Message.findById(messageId).lean()).toMatchObject({ state: 'delivered', channel: 'voice' });
});

test('a Russian reminder is said in ru-RU; an unanswered call is a failed delivery', async () => {
  const messageId = newId();
  const result = await server.ctx.outbound.voice!.send({
    messageId,
    to: '+393331112277',
    body: 'Уважаемый клиент, срок оплаты 30 ноября.',
    language: 'ru',
    kind: 'reminder',
  });
  const doc = new XMLParser({ ignoreAttributes: false }).parse(String(twilio.calls()[0]!.params.Twiml));
  expect(doc.Response.Say[0]['@_language']).toBe('ru-RU');
  expect(doc.Response.Say[0]['#text']).toBe('Уважаемый клиент, срок оплаты 30 ноября.');
  await twilio.statusCallback(result.externalId, 'no-answer');
  expect(await Message.findById(messageId).lean()).toMatchObject({ state: 'failed', error: 'no-answer' });
});

test('reminder calls outside the courtesy window (the rule set’s, holidays included) are refused with the next allowed time; alerts are not', async () => {
  const at = (iso: string) =>
    new TwilioVoiceOutbound({
      config: server.ctx.config,
      logger: server.ctx.logger,
      client: twilioClientFor(server.ctx.config),
      clock: fixedClock(iso),
      courtesy: (now) => quietUntil('voice', server.ctx.rules, now, server.ctx.config.TIMEZONE),
    });
  const sunday = at('2026-11-22T10:00:00Z');
  await expect(sunday.send({ messageId: newId(), to: '+393331112288', body: 'x', language: 'it', kind: 'reminder' })).rejects.toMatchObject(
    {
      code: 'OutsideCourtesyWindow',
      details: { nextAt: '2026-11-23T08:00:00.000Z' },
    },
  );
  // Tue 8 Dec 2026, 11:00 in Rome: a weekday inside the hours, but a public holiday.
  const holiday = at('2026-12-08T10:00:00Z');
  await expect(
    holiday.send({ messageId: newId(), to: '+393331112288', body: 'x', language: 'it', kind: 'reminder' }),
  ).rejects.toMatchObject({ code: 'OutsideCourtesyWindow', details: { nextAt: '2026-12-09T08:00:00.000Z' } });
  expect(twilio.calls()).toHaveLength(0);
  await sunday.send({ messageId: newId(), to: '+393331112288', body: 'La fornitura è stata ripristinata.', language: 'it', kind: 'alert' });
  expect(twilio.calls()).toHaveLength(1);
});

test('a status callback with a bad signature is refused and changes nothing', async () => {
  const messageId = newId();
  const sent = await server.ctx.outbound.sms!.send({ messageId, to: '+393331112299', body: 'x', language: 'it', kind: 'reply' });
  const res = await postTwilioWebhook(
    { actualBase: server.url, publicBase: PUBLIC },
    `/webhooks/twilio/sms/status?m=${encodeURIComponent(messageId)}`,
    { MessageSid: sent.externalId, MessageStatus: 'delivered' },
    { signature: 'bm90IGEgc2lnbmF0dXJl' },
  );
  expect(res.status).toBe(403);
  const unsigned = await postTwilioWebhook(
    { actualBase: server.url, publicBase: PUBLIC },
    `/webhooks/twilio/sms/status?m=${encodeURIComponent(messageId)}`,
    { MessageSid: sent.externalId, MessageStatus: 'delivered' },
    { signature: null },
  );
  expect(unsigned.status).toBe(403);
  await waitFor(async () => (await Message.findById(messageId).lean())?.state === 'queued', 2000, 'row unchanged');
});

test('the per-sender pace holds across callers: never more than the configured SMS per second', async () => {
  const limiter = new SmsRateLimiter(server.ctx.redis, 3);
  const seconds: number[] = [];
  await Promise.all(
    Array.from({ length: 7 }, async () => {
      await limiter.acquire('+390000000099');
      seconds.push(Math.floor(Date.now() / 1000));
    }),
  );
  const perSecond = new Map<number, number>();
  for (const s of seconds) perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
  expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(3);
  expect(perSecond.size).toBeGreaterThanOrEqual(3);
});
