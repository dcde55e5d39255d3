// Menu 4 walked step by step with signed voice webhooks, against the real store and Redis:
// the open bills read back, one picked by key or by its printed number, the plan or the new
// due date announced and confirmed with a key (and in writing by SMS), each refusal reason
// said in the caller's language with an agent on 1, keypad input that is no bill, a stranger.
import { fixedClock } from '../../core/clock';
import { Audit, Bill, Message, Ticket } from '../../models';
import { addBill, seedBill } from '../factories/bills';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { ivrCall, says, type Twiml } from '../support/ivr-call';
import { startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';

const PUBLIC = 'http://hotline.example.test';
const BASE = '/webhooks/twilio/voice';
// Monday 12 Oct 2026, 10:00 in Rome: the call centre is open.
const clock = fixedClock('2026-10-12T08:00:00Z');
const DUE = '2026-10-19T22:00:00.000Z'; // due 20 Oct
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

const action = (twiml: Twiml): string => String((twiml.Gather ?? [])[0]?.['@action'] ?? '').slice(PUBLIC.length);

/** Enters the call and menu 4, choosing 1 (plan) or 2 (deferral): the bills read back. */
async function menu4(from: string, choice: '1' | '2') {
  const c = call(from);
  await c.post(BASE);
  const choose = await c.post(`${BASE}/menu`, { Digits: '4' });
  expect(action(choose)).toBe(`${BASE}/billing`);
  const bills = await c.post(`${BASE}/billing`, { Digits: choice });
  return { ...c, bills };
}

test('plan: the bills read back, one picked by its key, the plan announced, confirmed with 1, confirmed by SMS too', async () => {
  const c = await seedBill(admin, { amount: 180, dueAt: DUE });
  const later = await addBill(admin, c.contractNumber, { amount: 45.5, dueAt: '2026-11-19T23:00:00.000Z' });
  const { post, bills } = await menu4(c.phone, '1');
  expect(says(bills)).toEqual([
    'Bolletta 1: 180,00 euro, in scadenza il 20 ottobre 2026.',
    'Bolletta 2: 45,50 euro, in scadenza il 20 novembre 2026.',
    expect.stringMatching(/^Digiti il numero della bolletta/),
  ]);
  expect(action(bills)).toBe(`${BASE}/billing/bill`);

  const offer = await post(`${BASE}/billing/bill`, { Digits: '1' });
  expect(says(offer)).toEqual([
    'Per questa bolletta possiamo offrirle 3 rate mensili, la prima di 60,85 euro il 19 novembre 2026, con interessi del 5,65 per cento annuo, cioè 3,5 per cento più il tasso BCE del 2,15 per cento in vigore dal 11 giugno 2025, 181,70 euro in tutto. Per confermare, premere 1. Per tornare al menu, premere 2.',
  ]);
  expect((await Bill.findById(c.billNumber).lean())!.instalmentPlan?.status).toBeUndefined();

  const done = await post(`${BASE}/billing/confirm`, { Digits: '1' });
  expect(says(done).slice(0, 2)).toEqual([
    'Fatto: il piano a rate è attivo, la prima rata scade il 19 novembre 2026.',
    'Le abbiamo inviato una conferma scritta.',
  ]);
  expect(action(done)).toBe(`${BASE}/menu`);
  expect((await Bill.findById(c.billNumber).lean())!.instalmentPlan).toMatchObject({ status: 'active' });
  expect((await Bill.findById(later).lean())!.instalmentPlan?.status).toBeUndefined();
  expect(
    twilio
      .messages()
      .filter((m) => m.params.To === c.phone)
      .map((m) => m.params.Body),
  ).toEqual([`Piano a rate della fattura ${c.billNumber} attivo: 3 rate, la prima il 19/11/2026. Grazie.`]);

  // Twilio retries the confirmation: the same words, one decision, one SMS.
  expect(says(await post(`${BASE}/billing/confirm`, { Digits: '1' }))[0]).toBe(
    'Fatto: il piano a rate è attivo, la prima rata scade il 19 novembre 2026.',
  );
  expect(await Audit.countDocuments({ target: c.billNumber, action: 'billing.instalment.granted' })).toBe(1);
  expect(JSON.parse((await Audit.findOne({ target: c.billNumber }).lean())!.details!)).toMatchObject({ channel: 'voice' });
  expect(twilio.messages().filter((m) => m.params.To === c.phone)).toHaveLength(1);
});

test('deferral: the bill number typed on the keypad, the new due date announced and confirmed (English)', async () => {
  const c = await seedBill(admin, { amount: 90, dueAt: DUE }, { language: 'en' });
  const { post } = await menu4(c.phone, '2');
  const offer = await post(`${BASE}/billing/bill`, { Digits: c.billNumber.replace(/\D/g, '') });
  expect(says(offer)).toEqual([
    'The new due date of this bill would be 11 November 2026, instead of 20 October 2026. To confirm, press 1. To go back to the menu, press 2.',
  ]);
  const done = await post(`${BASE}/billing/confirm`, { Digits: '1' });
  expect(says(done)[0]).toBe('Done: the bill is now due on 11 November 2026.');
  expect((await Bill.findById(c.billNumber).lean())!.deferral?.newDueAt).toEqual(new Date('2026-11-10T23:00:00.000Z'));
});

test('keypad input that is no bill of the caller: said, asked once more, then the menu; 2 on the offer changes nothing', async () => {
  const c = await seedBill(admin, { amount: 180, dueAt: DUE });
  const other = await seedBill(admin, { amount: 180, dueAt: DUE });
  const { post } = await menu4(c.phone, '1');
  const wrong = await post(`${BASE}/billing/bill`, { Digits: '7' });
  expect(says(wrong)[0]).toBe('Il numero digitato non corrisponde a nessuna delle sue bollette aperte.');
  expect(action(wrong)).toBe(`${BASE}/billing/bill?retry=1`);
  // Someone else's bill number is not one of the caller's bills either.
  const again = await post(`${BASE}/billing/bill?retry=1`, { Digits: other.billNumber.replace(/\D/g, '') });
  expect(says(again)[0]).toBe('Il numero digitato non corrisponde a nessuna delle sue bollette aperte.');
  expect(action(again)).toBe(`${BASE}/menu`);

  const offer = await post(`${BASE}/billing/bill`, { Digits: '1' });
  expect(action(offer)).toBe(`${BASE}/billing/confirm`);
  expect(action(await post(`${BASE}/billing/confirm`, { Digits: '2' }))).toBe(`${BASE}/menu`);
  expect((await Bill.findById(c.billNumber).lean())!.instalmentPlan?.status).toBeUndefined();
  expect((await Bill.findById(other.billNumber).lean())!.instalmentPlan?.status).toBeUndefined();
});

describe('each refusal says its precise reason in the caller’s language and offers an agent', () => {
  test('amount too low (Italian, plan on a €30 gas bill)', async () => {
    const c = await seedBill(admin, { amount: 30, dueAt: DUE });
    const { post } = await menu4(c.phone, '1');
    const refused = await post(`${BASE}/billing/bill`, { Digits: '1' });
    expect(says(refused)).toEqual([
      "Non possiamo accogliere la richiesta per questa bolletta: l'importo è troppo basso per le rate. Per parlare con un operatore, premere 1. Per lasciare una richiesta a cui risponderemo per iscritto, premere 2.",
    ]);
    expect(action(refused)).toBe(`${BASE}/billing/agent`);
    // 1 puts the caller through to an agent.
    const agent = await post(`${BASE}/billing/agent`, { Digits: '1' });
    expect(agent.Enqueue).toBeDefined();
    expect(await Audit.findOne({ target: c.billNumber }).lean()).toMatchObject({ action: 'billing.instalment.refused' });
  });

  test('already deferred (English)', async () => {
    const c = await seedBill(admin, { amount: 90, dueAt: DUE }, { language: 'en' });
    expect((await admin.post(`/api/bills/${c.billNumber}/deferral`, {})).status).toBe(201);
    const { post } = await menu4(c.phone, '2');
    expect(says(await post(`${BASE}/billing/bill`, { Digits: '1' }))[0]).toBe(
      'We cannot grant this request for this bill: it has already been deferred once. To speak to an agent, press 1. To leave a request we will answer in writing, press 2.',
    );
  });

  test('another bill overdue (Russian)', async () => {
    const c = await seedBill(admin, { amount: 90, dueAt: DUE }, { language: 'ru' });
    await addBill(admin, c.contractNumber, { amount: 40, dueAt: '2026-09-19T22:00:00.000Z' });
    const { post } = await menu4(c.phone, '2');
    // The overdue bill is read first (oldest due first): the caller picks the second.
    expect(says(await post(`${BASE}/billing/bill`, { Digits: '2' }))[0]).toBe(
      'Мы не можем выполнить запрос по этому счёту: другой счёт просрочен. Чтобы связаться с оператором, нажмите 1. Чтобы оставить заявку, нажмите 2.',
    );
  });

  test('a missed instalment', async () => {
    const c = await seedBill(admin, { amount: 90, dueAt: DUE });
    const planned = await addBill(admin, c.contractNumber, { amount: 120, dueAt: '2026-12-19T23:00:00.000Z' });
    await Bill.updateOne(
      { _id: planned },
      { $set: { instalmentPlan: { status: 'active', instalments: [{ dueAt: new Date('2026-10-01T10:00:00Z'), amount: 40 }] } } },
    );
    const { post } = await menu4(c.phone, '2');
    expect(says(await post(`${BASE}/billing/bill`, { Digits: '1' }))[0]).toBe(
      'Non possiamo accogliere la richiesta per questa bolletta: una rata di un piano non è stata pagata. Per parlare con un operatore, premere 1. Per lasciare una richiesta a cui risponderemo per iscritto, premere 2.',
    );
  });

  test('a business customer', async () => {
    const c = await seedBill(admin, { amount: 300, dueAt: DUE });
    await admin.post('/api/admin/import/customers', [
      { accountNumber: c.accountNumber, name: 'Rossi Srl', phone: c.phone, email: c.email, language: 'it', segment: 'business' },
    ]);
    const { post } = await menu4(c.phone, '1');
    expect(says(await post(`${BASE}/billing/bill`, { Digits: '1' }))[0]).toBe(
      'Non possiamo accogliere la richiesta per questa bolletta: rate e rinvii a queste condizioni sono solo per clienti domestici. Per parlare con un operatore, premere 1. Per lasciare una richiesta a cui risponderemo per iscritto, premere 2.',
    );
  });
});

test('a caller whose number we do not know hears no bill: an agent on 1, or a written request on 2', async () => {
  const { bills, post, CallSid } = await menu4('+393339998877', '1');
  expect(says(bills)[0]).toMatch(/^Non abbiamo riconosciuto il suo numero/);
  expect(action(bills)).toBe(`${BASE}/billing/agent`);
  const left = await post(`${BASE}/billing/agent`, { Digits: '2' });
  expect(says(left)[0]).toMatch(/^Richiesta registrata con il numero/);
  const msg = await Message.findById(`voice:${CallSid}:instalment`).lean();
  expect(await Ticket.findById(msg!.ticketId).lean()).toMatchObject({ category: 'instalment', channel: 'voice' });
});
