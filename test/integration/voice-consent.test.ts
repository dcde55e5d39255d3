// The IVR's consent option (menu 6), with signed webhooks walking the steps: an identified
// caller hears the state of a channel, confirms with a key, hears the result in their
// language; the change is the customer's consent, audited as customer:ivr. A stranger, a
// second thought (2) and a forged step change nothing.
import { Audit, Customer } from '../../models';
import { seedCustomer } from '../factories/billing';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { gather, ivrCall, says } from '../support/ivr-call';
import { startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';

const PUBLIC = 'http://hotline.example.test';
const BASE = '/webhooks/twilio/voice';
// Monday 23 Nov 2026, 11:00 in Rome: the call centre is open.
const clock = { now: () => new Date('2026-11-23T10:00:00Z') };

let server: TestServer;
let twilio: TwilioStandIn;
let admin: Session;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer({ PUBLIC_BASE_URL: PUBLIC, TWILIO_API_BASE_URL: twilio.url }, { clock });
  admin = await server.admin();
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
});

const call = (from: string) => ivrCall({ url: server.url, publicBase: PUBLIC, accountSid: twilio.accountSid }, from);
const consentsOf = async (account: string) => (await Customer.findById(account, { consents: 1 }).lean())?.consents;
const auditsOf = (account: string) =>
  Audit.find({ target: `customer:${account}`, action: 'consent.change' }, { actor: 1, details: 1 }).lean();

test('an identified caller turns SMS off and back on by keypad, confirmed by the voice; audited as customer:ivr', async () => {
  const cust = await seedCustomer(admin, { language: 'it' });
  const c = call(cust.phone);
  const menu = await c.post(BASE);
  expect(says(menu).join(' ')).toContain('Per scegliere come ricevere promemoria e avvisi, premere 6.');

  const choose = await c.post(`${BASE}/menu`, { Digits: '6' });
  expect(says(choose)).toEqual([expect.stringMatching(/^Promemoria e avvisi via SMS: premere 1\./)]);
  const state = await c.press(choose, '1');
  expect(says(state)).toEqual(['Promemoria e avvisi via SMS sono attivi. Per disattivarli, premere 1. Per lasciarli così, premere 2.']);
  const done = await c.press(state, '1');
  expect(says(done)[0]).toBe(
    'Fatto: non le invieremo più promemoria e avvisi via SMS. Gli avvisi previsti dalla legge le arriveranno comunque con gli altri canali o per posta.',
  );
  expect(gather(done)['@action']).toBe(`${PUBLIC}${BASE}/menu`);
  expect(await consentsOf(cust.accountNumber)).toMatchObject({ sms: false, email: true, voice: true });

  // Again: the voice says it is off; 2 leaves it so; then 1 turns it back on.
  const again = await c.press(await c.post(`${BASE}/menu`, { Digits: '6' }), '1');
  expect(says(again)[0]).toMatch(/^Promemoria e avvisi via SMS sono disattivati\. Per riattivarli, premere 1\./);
  expect(says(await c.press(again, '2'))[0]).toBe('Nessuna modifica.');
  expect((await consentsOf(cust.accountNumber))?.sms).toBe(false);
  const back = await c.press(await c.press(await c.post(`${BASE}/menu`, { Digits: '6' }), '1'), '1');
  expect(says(back)[0]).toBe('Fatto: promemoria e avvisi via SMS sono di nuovo attivi.');
  expect((await consentsOf(cust.accountNumber))?.sms).toBe(true);

  expect((await auditsOf(cust.accountNumber)).map((a) => [a.actor, a.details])).toEqual([
    ['customer:ivr', 'sms=false'],
    ['customer:ivr', 'sms=true'],
  ]);
});

test('each channel in the caller’s language: e-mail and automated calls in English, 0 goes back without a change', async () => {
  const cust = await seedCustomer(admin, { language: 'en' });
  const c = call(cust.phone);
  await c.post(BASE);
  const email = await c.press(await c.post(`${BASE}/menu`, { Digits: '6' }), '2');
  expect(says(email)[0]).toBe('Reminders and notices by e-mail are on. To turn them off, press 1. To leave them as they are, press 2.');
  expect(says(await c.press(email, '1'))[0]).toMatch(/^Done: we will no longer send you reminders and notices by e-mail\./);
  const voice = await c.press(await c.post(`${BASE}/menu`, { Digits: '6' }), '3');
  expect(says(await c.press(voice, '1'))[0]).toMatch(/^Done: we will no longer send you reminders and notices by automated call\./);
  const back = await c.press(await c.post(`${BASE}/menu`, { Digits: '6' }), '0');
  expect(says(back)).toEqual([expect.stringMatching(/^For a gas emergency/), expect.stringMatching(/^To give a meter reading/)]);
  expect(await consentsOf(cust.accountNumber)).toMatchObject({ sms: true, email: false, voice: false });
});

test('a caller not identified by their number changes nothing, even posting the confirm step directly', async () => {
  const cust = await seedCustomer(admin, { language: 'en' });
  const c = call(`+39333${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`);
  await c.post(BASE);
  await c.post(`${BASE}/language`, { Digits: '2' });
  const refused = await c.post(`${BASE}/menu`, { Digits: '6' });
  expect(says(refused)[0]).toMatch(/^We could not recognise your phone number\. To change your preferences/);
  expect(says(await c.post(`${BASE}/consent/confirm?channel=sms&to=off`, { Digits: '1' }))[0]).toBe('Nothing was changed.');
  // A known caller whose forged step names no real channel: nothing either.
  const k = call(cust.phone);
  await k.post(BASE);
  expect(says(await k.post(`${BASE}/consent/confirm?channel=marketing&to=off`, { Digits: '1' }))[0]).toBe('Nothing was changed.');
  expect(await consentsOf(cust.accountNumber)).toMatchObject({ sms: true, email: true, voice: true, marketing: false });
  expect(await auditsOf(cust.accountNumber)).toEqual([]);
});

test('an unsigned consent step is refused', async () => {
  const res = await fetch(`${server.url}${BASE}/consent/confirm?channel=sms&to=off`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ CallSid: 'CAx', From: '+393330000000', Digits: '1' }).toString(),
  });
  expect(res.status).toBe(403);
});
