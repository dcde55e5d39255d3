import { readUnsubscribe, signUnsubscribe, type UnsubscribeClaim } from '../../core/privacy/unsubscribe-token';
import { consentChangeFor } from '../../core/privacy/unsubscribe';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const claim: UnsubscribeClaim = { accountNumber: 'A-1002/7', channel: 'email', purpose: 'reminders' };

test('a signed token reads back as its claim, and only with the same secret', () => {
  const token = signUnsubscribe(SECRET, claim);
  expect(readUnsubscribe(SECRET, token)).toEqual(claim);
  expect(readUnsubscribe(`${SECRET}x`, token)).toBeNull();
});

test.each([
  ['empty', () => ''],
  ['no signature', (t: string) => t.split('.')[0]!],
  ['signature changed', (t: string) => t.slice(0, -2) + (t.endsWith('AA') ? 'BB' : 'AA')],
  ['payload changed', (t: string) => `${Buffer.from('email:marketing:A-1002/7').toString('base64url')}.${t.split('.')[1]}`],
  ['another account', (t: string) => `${Buffer.from('email:reminders:A-1003').toString('base64url')}.${t.split('.')[1]}`],
  ['extra part', (t: string) => `${t}.x`],
  ['huge', () => 'a'.repeat(1000)],
])('refused: %s', (_name, tamper) => {
  expect(readUnsubscribe(SECRET, tamper(signUnsubscribe(SECRET, claim)))).toBeNull();
});

test.each([
  ['reminders', { reminders: false }],
  ['marketing', { marketing: false }],
  ['service', { email: false }],
] as const)('a %s link withdraws %j', (purpose, change) => {
  expect(consentChangeFor({ ...claim, purpose })).toEqual(change);
});
