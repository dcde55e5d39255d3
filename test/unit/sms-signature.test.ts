// The signature check on its own: the real twilio helper against PUBLIC_BASE_URL + path
// (with the query string), and the development-only switch.
import type { AddressInfo } from 'node:net';
import express from 'express';
import twilio from 'twilio';
import { twilioWebhook } from '../../channels/twilio/signature';
import { loadConfig } from '../../core/config';

const PROD_MAIL_TOKEN = 'mail-gateway-token-0123456789';

async function serve(env: Record<string, string>) {
  const config = loadConfig({
    PUBLIC_BASE_URL: 'https://hotline.example.it/base/',
    TWILIO_AUTH_TOKEN: 'secret-token',
    EMAIL_WEBHOOK_TOKEN: PROD_MAIL_TOKEN,
    UNSUBSCRIBE_SECRET: 'an-unsubscribe-secret-of-32-chars-0123',
    ...env,
  });
  const app = express();
  app.post('/hook', ...twilioWebhook(config), (_req, res) => void res.status(200).send('ok'));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { config, url, close: () => new Promise((r) => server.close(r)) };
}

const params = { MessageSid: 'SM1', From: '+393331234567', Body: 'Ciao è già' };
const post = (url: string, path: string, signature?: string) =>
  fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
    body: new URLSearchParams(params).toString(),
  }).then((r) => r.status);

test('valid against PUBLIC_BASE_URL + path and query; anything else is 403', async () => {
  const s = await serve({ NODE_ENV: 'production' });
  try {
    const sign = (u: string, token = 'secret-token') => twilio.getExpectedTwilioSignature(token, u, params);
    expect(await post(s.url, '/hook', sign('https://hotline.example.it/base/hook'))).toBe(200);
    expect(await post(s.url, '/hook?m=out%3A1', sign('https://hotline.example.it/base/hook?m=out%3A1'))).toBe(200);
    expect(await post(s.url, '/hook?m=out%3A2', sign('https://hotline.example.it/base/hook?m=out%3A1'))).toBe(403);
    expect(await post(s.url, '/hook', sign(`${s.url}/hook`))).toBe(403);
    expect(await post(s.url, '/hook', sign('https://hotline.example.it/base/hook', 'other-token'))).toBe(403);
    expect(await post(s.url, '/hook')).toBe(403);
  } finally {
    await s.close();
  }
});

test('TWILIO_SKIP_SIGNATURE works in development only', async () => {
  expect(
    loadConfig({
      NODE_ENV: 'production',
      EMAIL_WEBHOOK_TOKEN: PROD_MAIL_TOKEN,
      UNSUBSCRIBE_SECRET: 'an-unsubscribe-secret-of-32-chars-0123',
      TWILIO_SKIP_SIGNATURE: 'true',
    }).TWILIO_SKIP_SIGNATURE,
  ).toBe(false);
  expect(loadConfig({ NODE_ENV: 'test', TWILIO_SKIP_SIGNATURE: 'true' }).TWILIO_SKIP_SIGNATURE).toBe(false);
  const dev = await serve({ NODE_ENV: 'development', TWILIO_SKIP_SIGNATURE: 'true' });
  try {
    expect(await post(dev.url, '/hook')).toBe(200);
  } finally {
    await dev.close();
  }
});

test('bad hours in the configuration are named at start-up', () => {
  expect(() => loadConfig({ CALL_CENTRE_HOURS: 'mon-fri 8-22' })).toThrow(/CALL_CENTRE_HOURS/);
});
