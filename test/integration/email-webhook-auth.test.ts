import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
const TOKEN = 'gateway-token-0123456789';
beforeAll(async () => {
  server = await startTestServer({ EMAIL_WEBHOOK_TOKEN: TOKEN, DATA_DIR: process.env.TEST_DATA_DIR ?? '/tmp' });
});
afterAll(async () => {
  await server.close();
});

test('with EMAIL_WEBHOOK_TOKEN set, the raw-mail webhook needs the bearer token', async () => {
  const raw = [
    'From: gw@example.it',
    'Subject: Richiesta informazioni',
    'Message-ID: <gw-1@gateway.example>',
    '',
    'Vorrei informazioni sugli orari.',
    '',
  ].join('\r\n');
  const s = server.session();
  expect((await s.post('/webhooks/email/inbound', raw, { 'content-type': 'message/rfc822' })).status).toBe(401);
  expect(
    (await s.post('/webhooks/email/inbound', raw, { 'content-type': 'message/rfc822', authorization: 'Bearer wrong-token-0123456789' }))
      .status,
  ).toBe(401);
  const ok = await s.post('/webhooks/email/inbound', raw, { 'content-type': 'message/rfc822', authorization: `Bearer ${TOKEN}` });
  expect(ok.status).toBe(201);
  expect(ok.body).toMatchObject({ outcome: 'ticket', created: true });
});
