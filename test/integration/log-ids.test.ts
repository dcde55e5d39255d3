// Sender-chosen ids in the log (issue 19, defect 10): an e-mail's Message-ID may carry the
// sender's address and a MessageSid is whatever the poster chose; the log lines of a real
// server carry a hash of them (logRef), never the text.
import { randomBytes } from 'node:crypto';
import { createLogger, logRef } from '../../core/logger';
import { Message } from '../../models';
import { startTestServer, type TestServer } from '../support/server';
import { postTwilioWebhook } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

const PUBLIC = 'http://hotline.example.test';
const lines: string[] = [];
let server: TestServer;

beforeAll(async () => {
  const logger = createLogger('debug', { write: (s: string) => void lines.push(s) });
  server = await startTestServer({ PUBLIC_BASE_URL: PUBLIC }, { logger });
});
afterAll(async () => {
  await server?.close();
});

test('an e-mail whose Message-ID carries the sender address: no log line carries the address, the lines carry its hash', async () => {
  const local = `maria.rossi.${randomBytes(3).toString('hex')}`;
  const messageId = `<${local}@example.it>`;
  const raw = [
    'From: Ufficio <ufficio@example.org>',
    'To: service@utility.example',
    'Subject: Richiesta informazioni',
    `Message-ID: ${messageId}`,
    '',
    'Vorrei informazioni sugli orari di apertura.',
    '',
  ].join('\r\n');
  const res = await server.session().post('/webhooks/email/inbound', raw, { 'content-type': 'message/rfc822' });
  expect(res.status).toBe(201);
  const stored = await waitFor(() => Message.findOne({ _id: { $regex: local } }).lean(), 10_000, 'stored mail');
  const key = String(stored._id);
  await waitFor(() => lines.some((l) => l.includes('ticket opened')), 10_000, 'ticket opened line');

  const mine = lines.filter((l) => l.includes(String(logRef(key))));
  expect(mine.length).toBeGreaterThan(0);
  expect(lines.filter((l) => l.includes(local))).toEqual([]);
  expect(String(logRef(key))).toMatch(/^email:#[0-9a-f]{12}$/);
});

test('an SMS MessageSid is logged as a hash, not verbatim', async () => {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const res = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', {
    MessageSid: sid,
    AccountSid: 'AC00000000000000000000000000000000',
    From: '+393337770042',
    To: '+390000000000',
    Body: 'Buongiorno, una domanda sulla bolletta',
    NumMedia: '0',
  });
  expect(res.status).toBe(200);
  await waitFor(() => lines.some((l) => l.includes('sms ingested') && l.includes(String(logRef(sid)))), 10_000, 'sms ingested line');
  expect(lines.filter((l) => l.includes(sid))).toEqual([]);
});

test('an error quoting a message key (a duplicate key, say) is logged without the address', () => {
  const err = new Error('E11000 duplicate key error collection: messages index: _id_ dup key: { _id: "email:<anna.verdi@example.org>" }');
  server.ctx.logger.error({ err }, 'store write failed');
  const line = lines.find((l) => l.includes('store write failed'))!;
  expect(line).toContain('E11000 duplicate key');
  expect(line).not.toContain('anna.verdi');
});

test('our own ObjectIds stay as they are', () => {
  expect(logRef('0123456789abcdef01234567')).toBe('0123456789abcdef01234567');
});
