// The reception's consent API: the account holder (account number + a phone or e-mail on
// file) sees and changes their consents, audited as customer:web; a wrong contact or account
// gets one refusal that reveals nothing; bad input is named field by field and changes
// nothing; the per-contact limit applies as on the other reception posts.
import { Audit, Customer } from '../../models';
import { seedCustomer } from '../factories/billing';
import { startTestServer, type Session, type TestServer } from '../support/server';

let server: TestServer;
let admin: Session;

beforeAll(async () => {
  server = await startTestServer({ RECEPTION_IP_LIMIT: '50', RECEPTION_CONTACT_LIMIT: '6' });
  admin = await server.admin();
});
afterAll(async () => {
  await server?.close();
});

let clients = 0;
/** Each client posts from its own address (trust proxy: loopback), so per-IP limits are its own. */
function client() {
  clients += 1;
  const s = server.session();
  return (path: string, body: unknown) => s.post(path, body, { 'x-forwarded-for': `198.51.100.${clients}` });
}

const consentsOf = async (account: string) => (await Customer.findById(account, { consents: 1 }).lean())?.consents;

test('the account holder sees their consents and changes them; audited as customer:web', async () => {
  const c = await seedCustomer(admin);
  const post = client();
  const seen = await post('/api/reception/consents/lookup', {
    accountNumber: c.accountNumber,
    phone: c.phone.replace('+39', ''),
    language: 'en',
  });
  expect(seen.status).toBe(200);
  expect(seen.body).toEqual({ consents: { sms: true, email: true, voice: true, reminders: true, marketing: false } });

  const changed = await post('/api/reception/consents', {
    accountNumber: c.accountNumber,
    email: c.email.toUpperCase(),
    change: { reminders: false, voice: false },
  });
  expect(changed.status).toBe(200);
  expect(changed.body.consents).toEqual({ sms: true, email: true, voice: false, reminders: false, marketing: false });
  expect(await consentsOf(c.accountNumber)).toMatchObject({ voice: false, reminders: false });
  const audit = await Audit.findOne({ target: `customer:${c.accountNumber}`, action: 'consent.change' }).lean();
  expect(audit).toMatchObject({ actor: 'customer:web', details: 'voice=false reminders=false' });
});

test('a wrong contact, a wrong account or another customer’s contact: the same 403, nothing shown or changed', async () => {
  const c = await seedCustomer(admin);
  const other = await seedCustomer(admin);
  const post = client();
  const refusals = await Promise.all([
    post('/api/reception/consents/lookup', { accountNumber: c.accountNumber, email: 'someone@example.org', language: 'en' }),
    post('/api/reception/consents/lookup', { accountNumber: 'A000NOPE', email: c.email, language: 'en' }),
    post('/api/reception/consents', { accountNumber: c.accountNumber, phone: other.phone, change: { sms: false }, language: 'en' }),
  ]);
  for (const r of refusals) {
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({
      error: 'NotVerified',
      message: expect.stringMatching(/^We found no customer with these details/),
    });
    expect(r.text).not.toContain('consents');
  }
  expect(await consentsOf(c.accountNumber)).toMatchObject({ sms: true, email: true, voice: true, reminders: true });
  expect(await Audit.countDocuments({ target: `customer:${c.accountNumber}` })).toBe(0);
});

test('bad input is named field by field in the visitor’s language and changes nothing', async () => {
  const c = await seedCustomer(admin);
  const post = client();
  const noContact = await post('/api/reception/consents/lookup', { accountNumber: c.accountNumber, language: 'it' });
  expect(noContact.status).toBe(400);
  expect(noContact.body.details).toEqual([
    expect.objectContaining({ field: 'email', message: 'Indichi un indirizzo e-mail o un numero di telefono per ricevere la risposta.' }),
  ]);
  const bad = await post('/api/reception/consents', {
    accountNumber: '../x',
    phone: 'not a phone',
    change: { sms: 'no' },
    language: 'en',
  });
  expect(bad.status).toBe(400);
  expect(bad.body.details).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ field: 'accountNumber', message: 'Letters and digits only (at most 32).' }),
      expect.objectContaining({ field: 'phone', message: 'Not a valid phone number.' }),
      expect.objectContaining({ field: 'change.sms', message: 'Not a valid value.' }),
    ]),
  );
  for (const body of [
    { accountNumber: c.accountNumber, email: c.email, change: {} },
    { accountNumber: c.accountNumber, email: c.email, change: { everything: false } },
    { accountNumber: c.accountNumber, email: c.email, change: { sms: false }, extra: 1 },
  ])
    expect((await post('/api/reception/consents', body)).status).toBe(400);
  expect(await consentsOf(c.accountNumber)).toMatchObject({ sms: true, email: true, voice: true, reminders: true, marketing: false });
});

test('guessing is rate-limited per contact, as on the other reception posts', async () => {
  const c = await seedCustomer(admin);
  const statuses: number[] = [];
  for (let i = 0; i < 8; i++)
    statuses.push((await client()('/api/reception/consents/lookup', { accountNumber: `A${i}GUESS`, email: c.email })).status);
  expect(statuses.slice(0, 6)).toEqual([403, 403, 403, 403, 403, 403]);
  expect(statuses.slice(6)).toEqual([429, 429]);
});
