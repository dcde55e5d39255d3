import { loadConfig } from '../../core/config';
import { createLogger, usePrettyLogs } from '../../core/logger';
import { startBanner } from '../../server/banner';

test('the start banner names every page, the admin, the data folder, the rule set and that messages stay in the dev outbox', () => {
  const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: '/srv/hotline-data', ADMIN_EMAIL: 'boss@utility.example' });
  const text = startBanner(config, { port: 3123, embedded: true });
  expect(text).toMatch(/hotline ready on http:\/\/localhost:3123 \(port 3123\) — development/);
  for (const page of ['/ ', '/console', '/dashboard', '/api/docs', '/metrics', '/outbox'])
    expect(text).toContain(`http://localhost:3123${page.trim()}`);
  expect(text).toContain('boss@utility.example');
  expect(text).toContain('npm run agent -- reset-password boss@utility.example');
  expect(text).toContain('/srv/hotline-data (embedded FerretDB and Redis)');
  expect(text).toContain('seed-2014');
  expect(text).toMatch(/SMS and calls\s+dev outbox: nothing is sent/);
  expect(text).toMatch(/E-mail\s+dev outbox: nothing is sent/);
});

test('with real providers and external stores: no outbox, and no credentials printed', () => {
  const config = loadConfig({
    NODE_ENV: 'production',
    EMAIL_WEBHOOK_TOKEN: 'a-token-of-sixteen-chars',
    UNSUBSCRIBE_SECRET: 'an-unsubscribe-secret-of-32-chars-0123',
    PUBLIC_BASE_URL: 'https://help.utility.example',
    MONGODB_URI: 'mongodb://hotline:s3cret-pass@mongo1:27017/hotline?replicaSet=rs0',
    REDIS_URL: 'redis://:redis-pass@redis:6379',
    SMTP_OUTBOUND_URL: 'smtp://mailer:mail-pass@relay.utility.example:587',
    TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
    TWILIO_FROM_NUMBER: '+390212345678',
    RULE_SET: 'it-2026',
  });
  const text = startBanner(config, { port: 3000, embedded: false });
  expect(text).toContain('ready on https://help.utility.example (port 3000) — production');
  expect(text).toContain('https://help.utility.example/console');
  expect(text).not.toContain('/outbox');
  expect(text).toMatch(/Twilio \+390212345678/);
  expect(text).toContain('smtp://relay.utility.example:587');
  expect(text).toContain('mongodb://mongo1:27017/hotline?replicaSet=rs0');
  expect(text).toContain('it-2026');
  for (const secret of ['s3cret-pass', 'redis-pass', 'mail-pass']) expect(text).not.toContain(secret);
});

test('logs are readable lines in development on a terminal, JSON lines in production and when piped', () => {
  const dev = loadConfig({ NODE_ENV: 'development' });
  expect(usePrettyLogs(dev, true)).toBe(true);
  expect(usePrettyLogs(dev, false)).toBe(false);
  expect(
    usePrettyLogs(
      loadConfig({
        NODE_ENV: 'production',
        EMAIL_WEBHOOK_TOKEN: 'a-token-of-sixteen-chars',
        UNSUBSCRIBE_SECRET: 'an-unsubscribe-secret-of-32-chars-0123',
      }),
      true,
    ),
  ).toBe(false);
  expect(usePrettyLogs(loadConfig({ NODE_ENV: 'development', LOG_FORMAT: 'json' }), true)).toBe(false);
  expect(
    usePrettyLogs(
      loadConfig({
        NODE_ENV: 'production',
        EMAIL_WEBHOOK_TOKEN: 'a-token-of-sixteen-chars',
        UNSUBSCRIBE_SECRET: 'an-unsubscribe-secret-of-32-chars-0123',
        LOG_FORMAT: 'pretty',
      }),
      false,
    ),
  ).toBe(true);
  // JSON lines keep their redaction whatever the format (the pretty stream formats what pino has made safe).
  const lines: string[] = [];
  createLogger('info', { write: (l: string) => lines.push(l) }).info({ phone: '+393331234567' }, 'x');
  expect(lines[0]).toContain('[redacted]');
});
