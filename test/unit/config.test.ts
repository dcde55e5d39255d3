import { ConfigError, loadConfig } from '../../core/config';

test('defaults give a working embedded configuration', () => {
  const c = loadConfig({});
  expect(c).toMatchObject({ PORT: 3000, NODE_ENV: 'development', RULE_SET: 'seed-2014', DEFAULT_LANGUAGE: 'it', SMTP_PORT: 2525 });
  expect(c.MONGODB_URI).toBeUndefined();
  expect(c.PUBLIC_BASE_URL).toBe('http://localhost:3000');
});

test.each([
  ['PORT', 'eighty', 'PORT'],
  ['PORT', '70000', 'PORT'],
  ['MONGODB_URI', 'http://db:27017', 'MONGODB_URI'],
  ['REDIS_URL', 'localhost:6379', 'REDIS_URL'],
  ['RULE_SET', 'fr-2030', 'RULE_SET'],
  ['ADMIN_PASSWORD', 'short', 'ADMIN_PASSWORD'],
  ['SESSION_SECRET', 'too-short', 'SESSION_SECRET'],
  ['RUN_WORKERS', 'maybe', 'RUN_WORKERS'],
])('a bad %s (%s) is named in the error', (name, value, named) => {
  try {
    loadConfig({ [name]: value });
    throw new Error('expected a ConfigError');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain(named);
  }
});

test('empty values count as unset', () => {
  expect(loadConfig({ MONGODB_URI: '', PORT: '' }).PORT).toBe(3000);
});

test('the signature switch works only in development', () => {
  expect(
    loadConfig({
      TWILIO_SKIP_SIGNATURE: 'true',
      NODE_ENV: 'production',
      EMAIL_WEBHOOK_TOKEN: 'mail-gateway-token-0123456789',
      UNSUBSCRIBE_SECRET: 'an-unsubscribe-secret-of-32-chars-0123',
    }).TWILIO_SKIP_SIGNATURE,
  ).toBe(false);
  expect(loadConfig({ TWILIO_SKIP_SIGNATURE: 'true', NODE_ENV: 'development' }).TWILIO_SKIP_SIGNATURE).toBe(true);
});

test('production refuses to start without the mail gateway secret, naming the variable', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/EMAIL_WEBHOOK_TOKEN: must be set in production/);
  expect(
    loadConfig({
      NODE_ENV: 'production',
      EMAIL_WEBHOOK_TOKEN: 'mail-gateway-token-0123456789',
      UNSUBSCRIBE_SECRET: 'an-unsubscribe-secret-of-32-chars-0123',
    }).EMAIL_WEBHOOK_TOKEN,
  ).toBe('mail-gateway-token-0123456789');
  // Development and tests keep the open webhook for a local mail relay.
  expect(loadConfig({ NODE_ENV: 'development' }).EMAIL_WEBHOOK_TOKEN).toBeUndefined();
});

test('production refuses to start without the unsubscribe secret; elsewhere a development one signs the links', () => {
  expect(() => loadConfig({ NODE_ENV: 'production', EMAIL_WEBHOOK_TOKEN: 'mail-gateway-token-0123456789' })).toThrow(
    /UNSUBSCRIBE_SECRET: must be set in production/,
  );
  expect(() =>
    loadConfig({ NODE_ENV: 'production', EMAIL_WEBHOOK_TOKEN: 'mail-gateway-token-0123456789', UNSUBSCRIBE_SECRET: 'too-short' }),
  ).toThrow(/UNSUBSCRIBE_SECRET: must be at least 32 characters/);
  expect(loadConfig({ NODE_ENV: 'development' }).UNSUBSCRIBE_SECRET.length).toBeGreaterThanOrEqual(32);
});

test('VOICE_COURTESY_HOURS is refused, naming the one courtesy window that replaced it (the rule set’s reminders.voiceHours)', () => {
  expect(() => loadConfig({ VOICE_COURTESY_HOURS: 'mon-fri 09:00-20:00' })).toThrow(
    /VOICE_COURTESY_HOURS: removed.*reminders.*voiceHours/s,
  );
  expect(() => loadConfig({})).not.toThrow();
});
