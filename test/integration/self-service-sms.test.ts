// Instalment plans and deferrals by SMS, through signed webhooks against the real store and
// Redis: keyword → proposal → SI / YES / ДА confirms; replays, a double SI, a late SI, a wrong
// or someone else's bill, a bill already planned, and a refusal with its reason; all audited.
import { randomBytes } from 'node:crypto';
import { Audit, Bill } from '../../models';
import { seedBill } from '../factories/bills';
import { TestClock } from '../support/clock';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { messagesOf } from '../support/twiml';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';

const PUBLIC = 'http://hotline.example.test';
// Monday 12 Oct 2026, 10:00 in Rome.
const START = '2026-10-12T08:00:00Z';
const DUE = '2026-10-19T22:00:00.000Z'; // due 20 Oct
const clock = new TestClock(new Date(START));
let server: TestServer;
let twilio: TwilioStandIn;
let admin: Session;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer(
    { PUBLIC_BASE_URL: PUBLIC, TWILIO_API_BASE_URL: twilio.url, SMS_PROPOSAL_MINUTES: '15', SMS_INBOUND_MAX_PER_WINDOW: '100' },
    { clock },
  );
  admin = await server.admin();
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
});
beforeEach(() => clock.set(START));

const sid = () => `SM${randomBytes(16).toString('hex')}`;

async function send(from: string, body: string, messageSid = sid()): Promise<{ status: number; reply: string; sid: string }> {
  const params = { MessageSid: messageSid, AccountSid: twilio.accountSid, From: from, To: '+390000000000', Body: body, NumMedia: '0' };
  const res = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', params);
  expect(res.contentType).toMatch(/text\/xml/);
  return { status: res.status, reply: messagesOf(res.text).join('\n'), sid: messageSid };
}

test('RATE <bill> proposes the plan; SI confirms it once; a replay and a second SI change nothing', async () => {
  const c = await seedBill(admin, { amount: 180, dueAt: DUE });
  const proposal = await send(c.phone, `RATE ${c.billNumber}`);
  expect(proposal.status).toBe(200);
  expect(proposal.reply).toContain(
    `Fattura ${c.billNumber}: 3 rate, la prima di 60,85 € il 19/11/2026, interessi 5,65% (3,5% + BCE 2,15% dal 11/06/2025)`,
  );
  expect(proposal.reply).toContain('Risponda SI entro 15 minuti');
  // A proposal changes nothing.
  expect((await Bill.findById(c.billNumber).lean())!.instalmentPlan?.status).toBeUndefined();

  const yes = await send(c.phone, 'Sì');
  expect(yes.reply).toBe(`Piano a rate della fattura ${c.billNumber} attivo: 3 rate, la prima il 19/11/2026. Grazie.`);
  expect((await Bill.findById(c.billNumber).lean())!.instalmentPlan).toMatchObject({ status: 'active', interestRate: 0.0565 });

  // Twilio retries the same webhook: the same answer, nothing done twice.
  expect((await send(c.phone, 'Sì', yes.sid)).reply).toBe(yes.reply);
  expect((await send(c.phone, 'SI')).reply).toBe(`La richiesta per la fattura ${c.billNumber} è già confermata.`);

  const audit = await Audit.find({ target: c.billNumber }).lean();
  expect(audit.map((a) => a.action)).toEqual(['billing.instalment.granted']);
  expect(audit[0]!.actor).toBe(`customer:${c.accountNumber}`);
  expect(JSON.parse(audit[0]!.details!)).toMatchObject({
    channel: 'sms',
    ruleSet: 'seed-2014',
    values: { count: 3, baseInterestRate: 0.035 },
  });

  // A plan asked again on the planned bill: the precise reason.
  expect((await send(c.phone, `RATE ${c.billNumber}`)).reply).toBe(
    `Fattura ${c.billNumber}: ha già un piano a rate. Un operatore può aiutarla: risponda con la sua richiesta o chiami il numero verde.`,
  );
});

test('DEFER in English, YES within the time; a late YES is told the proposal expired', async () => {
  const c = await seedBill(admin, { amount: 90, dueAt: DUE }, { language: 'en' });
  const proposal = await send(c.phone, `defer ${c.billNumber.toLowerCase()}`);
  expect(proposal.reply).toBe(`Bill ${c.billNumber}: new due date 11 Nov 2026 (was 20 Oct 2026). Reply YES within 15 minutes to confirm.`);
  clock.set('2026-10-12T08:14:00Z');
  expect((await send(c.phone, 'yes')).reply).toBe(`Deferral confirmed: bill ${c.billNumber} is now due on 11 Nov 2026. Thank you.`);
  expect((await Bill.findById(c.billNumber).lean())!.deferral?.newDueAt).toEqual(new Date('2026-11-10T23:00:00.000Z'));

  const late = await seedBill(admin, { amount: 90, dueAt: DUE }, { language: 'en' });
  clock.set('2026-10-12T09:00:00Z');
  await send(late.phone, `DEFER ${late.billNumber}`);
  clock.set('2026-10-12T09:15:01Z');
  expect((await send(late.phone, 'YES')).reply).toBe(
    `The proposal for bill ${late.billNumber} has expired. Send DEFER ${late.billNumber} again for a new one.`,
  );
  expect((await Bill.findById(late.billNumber).lean())!.deferral?.requestedAt).toBeUndefined();
});

test('Russian keyword and ДА; a refusal names the reason in the sender’s language', async () => {
  const c = await seedBill(admin, { amount: 30, dueAt: DUE }, { language: 'ru', service: 'gas' });
  const refused = await send(c.phone, `РАССРОЧКА ${c.billNumber}`);
  expect(refused.reply).toBe(`Счёт ${c.billNumber}: сумма слишком мала для рассрочки. Оператор поможет: напишите нам или позвоните.`);
  expect(await Audit.findOne({ target: c.billNumber, action: 'billing.instalment.refused' }).lean()).toMatchObject({
    details: expect.stringContaining('"reason":"amount_too_low"'),
  });
  // No proposal is open: ДА is an ordinary message for an agent (empty TwiML).
  expect((await send(c.phone, 'да')).reply).toBe('');

  const d = await seedBill(admin, { amount: 120, dueAt: DUE }, { language: 'ru' });
  expect((await send(d.phone, `ОТСРОЧКА ${d.billNumber}`)).reply).toContain('новый срок 11/11/2026');
  expect((await send(d.phone, 'ДА')).reply).toBe(`Отсрочка оформлена: счёт ${d.billNumber} оплатить до 11/11/2026.`);
});

test('a wrong bill number and someone else’s bill get the same answer, revealing nothing; no number → the syntax', async () => {
  const mine = await seedBill(admin, { amount: 180, dueAt: DUE });
  const theirs = await seedBill(admin, { amount: 180, dueAt: DUE });
  const wrong = await send(mine.phone, 'RATE F999999999');
  expect(wrong.reply).toBe('Non troviamo la fattura F999999999 per questo numero. Controlli il numero in bolletta.');
  const other = await send(mine.phone, `RATE ${theirs.billNumber}`);
  expect(other.reply).toBe(`Non troviamo la fattura ${theirs.billNumber} per questo numero. Controlli il numero in bolletta.`);
  // A stranger's number: the same.
  expect((await send('+393339999001', `RINVIO ${theirs.billNumber}`)).reply).toContain(`Non troviamo la fattura ${theirs.billNumber}`);
  expect((await Bill.findById(theirs.billNumber).lean())!.instalmentPlan?.status).toBeUndefined();
  // And no SI can confirm anything for them.
  expect((await send(mine.phone, 'SI')).reply).toBe('');
  expect((await send(mine.phone, 'RATE')).reply).toBe('Per le rate invii RATE seguito dal numero della fattura, es. RATE F123456.');
});

test('two SI at once: one confirmation, one "already confirmed"', async () => {
  const c = await seedBill(admin, { amount: 240, dueAt: DUE });
  await send(c.phone, `RATE ${c.billNumber}`);
  const answers = (await Promise.all([send(c.phone, 'SI'), send(c.phone, 'SI')])).map((a) => a.reply).sort();
  expect(answers[0]).toContain('è già confermata');
  expect(answers[1]).toContain('attivo: 3 rate');
  expect(await Audit.countDocuments({ target: c.billNumber, action: 'billing.instalment.granted' })).toBe(1);
});
