// AUTH and STARTTLS of the inbound SMTP server, for a relay in front of us: offered only when
// configured, AUTH only after STARTTLS, wrong credentials refused with 535.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { SMTPServer } from 'smtp-server';
import { FileAttachmentStore } from '../../channels/email/attachment-store';
import type { MailContext } from '../../channels/email/receive-mail';
import { createSmtpInbound, listen } from '../../channels/email/smtp-inbound';
import { loadConfig } from '../../core/config';
import { createLogger } from '../../core/logger';

let server: SMTPServer;
let port: number;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-auth-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'],
    { stdio: 'ignore' },
  );
  const config = loadConfig({
    SMTP_AUTH_USER: 'relay',
    SMTP_AUTH_PASSWORD: 'relay-secret-123',
    SMTP_TLS_KEY_FILE: key,
    SMTP_TLS_CERT_FILE: cert,
    DATA_DIR: dir,
  });
  // Only the SMTP session is exercised here (verify = connect, STARTTLS, AUTH): no store needed.
  const ctx = { config, logger: createLogger('silent') } as unknown as MailContext;
  server = createSmtpInbound(ctx, new FileAttachmentStore(dir));
  port = await listen(server, 0, '127.0.0.1');
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

const transport = (opts: Record<string, unknown>) =>
  nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, tls: { rejectUnauthorized: false }, ...opts });

test('the right credentials over STARTTLS are accepted', async () => {
  const t = transport({ requireTLS: true, auth: { user: 'relay', pass: 'relay-secret-123' } });
  await expect(t.verify()).resolves.toBe(true);
  t.close();
});

test('wrong credentials are refused with 535', async () => {
  const t = transport({ requireTLS: true, auth: { user: 'relay', pass: 'wrong' } });
  await expect(t.verify()).rejects.toMatchObject({ responseCode: 535 });
  t.close();
});

test('AUTH is not offered before STARTTLS, and mail without AUTH is refused', async () => {
  const plain = transport({ ignoreTLS: true, auth: { user: 'relay', pass: 'relay-secret-123' } });
  await expect(plain.verify()).rejects.toBeTruthy();
  plain.close();
  const anonymous = transport({ requireTLS: true });
  const err = await anonymous
    .sendMail({ from: 'a@example.it', to: 'service@utility.example', text: 'hi' })
    .catch((e: unknown) => e as { responseCode?: number });
  expect((err as { responseCode?: number }).responseCode).toBe(530);
  anonymous.close();
});
