import { loadConfig } from '../../core/config';

test('the per-IP reception limit is generous in development (a newcomer trying the form), 20 an hour elsewhere, and settable', () => {
  expect(loadConfig({ NODE_ENV: 'development' }).RECEPTION_IP_LIMIT).toBe(1000);
  expect(loadConfig({ NODE_ENV: 'test' }).RECEPTION_IP_LIMIT).toBe(20);
  expect(
    loadConfig({
      NODE_ENV: 'production',
      EMAIL_WEBHOOK_TOKEN: 'a-token-of-sixteen-chars',
      UNSUBSCRIBE_SECRET: 'an-unsubscribe-secret-of-32-chars-0123',
    }).RECEPTION_IP_LIMIT,
  ).toBe(20);
  expect(loadConfig({ NODE_ENV: 'development', RECEPTION_IP_LIMIT: '50' }).RECEPTION_IP_LIMIT).toBe(50);
  expect(() => loadConfig({ RECEPTION_IP_LIMIT: '0' })).toThrow(/RECEPTION_IP_LIMIT/);
});
