// Development without a Twilio account or a mail relay: acknowledgements and replies are kept
// in the dev outbox and shown on /outbox, with their delivery simulated, instead of "failed".
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../core/config';
import { outboxMode } from '../../core/outbox-mode';
import { Message } from '../../models';
import { OutboxItem } from '../../models/outbox-item';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

let server: TestServer;
beforeAll(async () => {
  // OUTBOX=on: what development without TWILIO_* / SMTP_OUTBOUND_URL decides (unit test below).
  server = await startTestServer({ OUTBOX: 'on' });
});
afterAll(async () => {
  await server.close();
});

const request = (contact: Record<string, string>) => ({
  category: 'complaint',
  name: 'Maria Bianchi',
  subject: 'Bolletta troppo alta',
  message: 'La bolletta di marzo riporta consumi che non sono i miei.',
  language: 'it',
  ...contact,
});

test('a reception request by e-mail: the acknowledgement is in the outbox and on the /outbox page, nothing failed', async () => {
  const email = `maria.${randomBytes(4).toString('hex')}@example.it`;
  const res = await server.session().post('/api/reception/requests', request({ email }));
  expect(res.status).toBe(201);
  const item = await waitFor(() => OutboxItem.findOne({ channel: 'email', to: email }).lean(), 10_000, 'outbox mail');
  expect(item.subject).toContain(`[${res.body.ticketNumber}]`);
  expect(item.body).toContain(`${server.ctx.config.PUBLIC_BASE_URL}/track?n=${res.body.ticketNumber}`);
  const row = await Message.findOne({ channel: 'email', direction: 'out', to: email }).lean();
  expect(row?.state).toBe('sent');

  const anonymous = await server.session().request('GET', '/outbox');
  expect(anonymous.status).toBe(401);
  const admin = await server.admin();
  const page = await admin.request('GET', '/outbox');
  expect(page.status).toBe(200);
  expect(page.text).toContain(res.body.ticketNumber);
  expect(page.text).toContain('Nothing here has been sent');
  const api = await admin.request('GET', '/api/outbox?limit=5');
  expect(api.body.mode).toEqual({ twilio: true, email: true });
  expect(api.body.items[0]).toMatchObject({ channel: 'email', to: email });
  expect((await admin.request('GET', '/api/outbox?limit=0')).status).toBe(400);
});

test('an SMS is kept, and its delivery callbacks are simulated: the message row goes queued → sent → delivered', async () => {
  const messageId = `out-${randomBytes(6).toString('hex')}`;
  const sent = await server.ctx.outbound.sms!.send({
    messageId,
    to: '+393331234567',
    body: 'La sua richiesta T-1 è stata registrata.',
    language: 'it',
    kind: 'ack',
    customerConsent: true,
  });
  expect(sent.externalId).toMatch(/^SM[0-9a-f]{32}$/);
  const item = await OutboxItem.findOne({ externalId: sent.externalId }).lean();
  expect(item).toMatchObject({ channel: 'sms', to: '+393331234567', messageId, body: 'La sua richiesta T-1 è stata registrata.' });
  await waitFor(async () => (await Message.findById(messageId).lean())?.state === 'delivered' || null, 10_000, 'delivered');
  expect((await OutboxItem.findOne({ externalId: sent.externalId }).lean())?.state).toBe('delivered');
});

test('the outbox is chosen in development only when Twilio / SMTP are not configured, and refused in production unless allowed', () => {
  const dev = (env: Record<string, string> = {}) => outboxMode(loadConfig({ NODE_ENV: 'development', ...env }));
  expect(dev()).toEqual({ twilio: true, email: true });
  expect(dev({ TWILIO_ACCOUNT_SID: 'AC1234', SMTP_OUTBOUND_URL: 'smtp://relay:25' })).toEqual({ twilio: false, email: false });
  expect(dev({ TWILIO_API_BASE_URL: 'http://127.0.0.1:3999' })).toEqual({ twilio: false, email: true });
  expect(dev({ OUTBOX: 'off' })).toEqual({ twilio: false, email: false });
  expect(outboxMode(loadConfig({ NODE_ENV: 'test' }))).toEqual({ twilio: false, email: false });
  const prod = {
    NODE_ENV: 'production',
    EMAIL_WEBHOOK_TOKEN: 'a-token-of-sixteen-chars',
    UNSUBSCRIBE_SECRET: 'an-unsubscribe-secret-of-32-chars-0123',
  };
  expect(outboxMode(loadConfig(prod))).toEqual({ twilio: false, email: false });
  expect(() => loadConfig({ ...prod, OUTBOX: 'on' })).toThrow(ConfigError);
  expect(() => loadConfig({ ...prod, OUTBOX: 'on' })).toThrow(
    /OUTBOX: the dev outbox sends nothing: refused in production unless OUTBOX_IN_PRODUCTION=true/,
  );
  expect(outboxMode(loadConfig({ ...prod, OUTBOX: 'on', OUTBOX_IN_PRODUCTION: 'true' }))).toEqual({ twilio: true, email: true });
});
