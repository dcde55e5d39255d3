import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
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

test('HTTP Basic with the token as password is accepted too (mail gateways that speak only Basic)', async () => {
  const raw = ['From: gw2@example.it', 'Subject: Orari', 'Message-ID: <gw-2@gateway.example>', '', 'Quali sono gli orari?', ''].join(
    '\r\n',
  );
  const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  const s = server.session();
  const refused = await s.post('/webhooks/email/inbound', raw, { 'content-type': 'message/rfc822', authorization: basic('gw', 'wrong') });
  expect(refused.status).toBe(401);
  expect(refused.headers.get('www-authenticate')).toMatch(/^Basic /);
  const ok = await s.post('/webhooks/email/inbound', raw, { 'content-type': 'message/rfc822', authorization: basic('gateway', TOKEN) });
  expect(ok.status).toBe(201);
});

test('npm start in production without EMAIL_WEBHOOK_TOKEN refuses to start and names the variable', () => {
  const root = join(__dirname, '..', '..');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
  Object.assign(env, { NODE_ENV: 'production', SESSION_SECRET: 'production-session-secret-long-enough-0123', PORT: '0' });
  const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'server', 'main.ts')], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('EMAIL_WEBHOOK_TOKEN: must be set in production');
});
