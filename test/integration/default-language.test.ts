// DEFAULT_LANGUAGE decides for everyone who gave no language: a Russian deployment opens
// tickets, writes customers and answers strangers in Russian, never in the code's Italian.
import { randomBytes } from 'node:crypto';
import { Customer, Ticket } from '../../models';
import { uniqueNumber } from '../factories/billing';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { messagesOf } from '../support/twiml';
import { postTwilioWebhook } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

const PUBLIC = 'http://hotline.example.test';
const FORMAT_RU = 'Формат: договор, услуга, показания: 12345678g4567 (g газ, ee свет, a вода, t тепло). Т1/Т2: 12345678ee 4567 2345';
let server: TestServer;
let sink: SmtpSink;
let admin: Session;

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ DEFAULT_LANGUAGE: 'ru', PUBLIC_BASE_URL: PUBLIC, SMTP_OUTBOUND_URL: sink.url });
  admin = await server.admin();
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

const phone = () => `+39333${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

async function sms(from: string, body: string): Promise<{ sid: string; replies: string[] }> {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const params = { MessageSid: sid, From: from, To: '+390000000000', Body: body, NumMedia: '0' };
  const res = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', params);
  expect(res.status).toBe(200);
  return { sid, replies: messagesOf(res.text) };
}

test('a web form with no language field, no ?lang= and no Accept-Language opens a Russian ticket', async () => {
  const res = await server
    .session()
    .post(
      '/api/reception/requests',
      { category: 'complaint', name: 'N. N.', email: `nn.${randomBytes(4).toString('hex')}@example.test`, message: '#4711 · 2026 · 0000' },
      { 'x-forwarded-for': '203.0.113.77' },
    );
  expect(res.status).toBe(201);
  expect(await Ticket.findOne({ number: res.body.ticketNumber }, { language: 1 }).lean()).toMatchObject({ language: 'ru' });
  const tracked = await server.session().request('GET', `/api/reception/requests/${res.body.ticketNumber}?token=${res.body.trackingToken}`);
  expect(tracked.body).toMatchObject({ ticketNumber: res.body.ticketNumber, language: 'ru' });
});

test('a customer imported without a language is written with the default one, and answered in it', async () => {
  const accountNumber = uniqueNumber('A');
  const tel = phone();
  const imported = await admin.post('/api/admin/import/customers', [{ accountNumber, name: 'Без языка', phone: tel }]);
  expect(imported.body).toMatchObject({ inserted: 1, failed: 0 });
  expect(await Customer.findById(accountNumber, { language: 1 }).lean()).toMatchObject({ language: 'ru' });
  expect((await sms(tel, '12345678 4567')).replies).toEqual([FORMAT_RU]);
});

test('a stranger whose text tells nothing of its language gets Russian: the reply, and the ticket a message opens', async () => {
  const stranger = phone();
  expect((await sms(stranger, '12345678 4567')).replies).toEqual([FORMAT_RU]);
  const { sid } = await sms(stranger, '#4711 ???');
  const ticket = await waitFor(
    async () => {
      const t = await Ticket.findOne({ 'contact.address': stranger }, { language: 1 }).lean();
      return t ?? undefined;
    },
    10_000,
    `ticket for ${sid}`,
  );
  expect(ticket).toMatchObject({ language: 'ru' });
});

test('an agent created without languages speaks the default one, so Russian tickets are offered to them', async () => {
  const email = `agent.${randomBytes(4).toString('hex')}@example.test`;
  const res = await admin.post('/api/admin/agents', { name: 'Оператор', email, password: 'a-long-password-1', role: 'agent' });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ languages: ['ru'] });
});
