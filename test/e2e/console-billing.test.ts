// The customer panel's decision buttons in a real browser: a supervisor proposes and grants a
// plan, sends a hardship plan for approval and approves it, opens a dispute with the ticket on
// screen and closes it upheld — the bills leave collection and the customer is told by SMS;
// in Italian, an agent records a formal notice's return receipt.
import type { Browser, Page } from 'playwright-core';
import { fixedClock } from '../../core/clock';
import { ingest } from '../../core/ingest/ingest';
import { Audit, Bill, Contract, Ticket } from '../../models';
import { Reminder } from '../../models/reminder';
import { addBill, seedBill } from '../factories/bills';
import { inboundSms } from '../factories/inbound';
import { AGENT_PASSWORD, makeAgent } from '../support/agents';
import { launchBrowser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

// Monday 12 Oct 2026, 10:00 in Rome.
const clock = fixedClock('2026-10-12T08:00:00Z');
const DUE = '2026-10-19T22:00:00.000Z';
let twilio: TwilioStandIn;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer({ TWILIO_API_BASE_URL: twilio.url }, { clock });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await twilio?.close();
});

async function login(email: string, lang?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/console${lang ? `?lang=${lang}` : ''}`);
  await page.fill('#login-email', email);
  await page.fill('#login-password', AGENT_PASSWORD);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#conn.ok', { timeout: 15_000 });
  return page;
}

test('plan, hardship approval and an upheld dispute from the customer panel', async () => {
  const admin = await server.admin();
  const c = await seedBill(admin, { amount: 180, dueAt: DUE });
  const hardshipBill = await addBill(admin, c.contractNumber, { amount: 240, dueAt: DUE });
  const { ticketId } = await ingest(
    server.ctx,
    inboundSms({ from: c.phone, category: 'billing', body: 'Non riesco a pagare, posso rateizzare?', receivedAt: clock.now() }),
  );
  const sup = await makeAgent({ name: 'Sara', role: 'supervisor', channels: ['sms'] });
  const page = await login(sup.email);
  await page.locator(`.queues ul[data-queue] li[data-ticket="${ticketId}"]`).click();
  const card = (bill: string) => page.locator('#customer .card', { hasText: bill });
  await card(c.billNumber).waitFor();

  // A proposal changes nothing; a grant stores the plan.
  await card(c.billNumber).locator('[data-action=propose-plan]').click();
  await card(c.billNumber).locator('.decision', { hasText: 'Proposal: 3 instalments' }).waitFor();
  expect((await Bill.findById(c.billNumber).lean())!.instalmentPlan?.status).toBeUndefined();
  await card(c.billNumber).locator('[data-action=grant-plan]').click();
  await card(c.billNumber).locator('text=instalment plan: active').waitFor();
  expect((await Bill.findById(c.billNumber).lean())!.instalmentPlan?.status).toBe('active');

  // Hardship: eased terms wait for approval, then a supervisor approves; the customer is told.
  await card(hardshipBill).getByLabel('Hardship category').selectOption('unemployment');
  await card(hardshipBill).locator('[data-action=hardship-plan]').click();
  await card(hardshipBill).locator('[data-action=approve-plan]').click();
  await card(hardshipBill).locator('text=instalment plan: active').waitFor();
  await waitFor(
    () => twilio.messages().find((m) => String(m.params.Body).includes(`fattura ${hardshipBill} è stato approvato`)),
    10_000,
    'SMS',
  );

  // A dispute opened with the ticket on screen, closed upheld: the bills leave collection.
  await page.locator('#customer [data-action=open-dispute]').click();
  await page.locator('#customer [data-action=dispute-upheld]').waitFor();
  expect((await Contract.findById(c.contractNumber).lean())!.disputeTicketId).toBe(ticketId);
  await page.locator('#customer [data-action=dispute-upheld]').click();
  await page.locator('#customer [data-action=open-dispute]').waitFor();
  expect(await Bill.findById(c.billNumber).lean()).toMatchObject({ collectionCancelledBy: ticketId });
  await waitFor(
    () =>
      twilio
        .messages()
        .find((m) => m.params.To === c.phone && String(m.params.Body).includes(`contratto ${c.contractNumber} non richiesto`)),
    10_000,
    'outcome SMS',
  );
  expect(await Ticket.findById(ticketId).lean()).toBeTruthy();
  await page.context().close();
});

test("in Italian: the buttons in the console's language, and a formal notice's return receipt recorded from the panel", async () => {
  const admin = await server.admin();
  const c = await seedBill(admin, { amount: 180, dueAt: '2026-08-19T22:00:00.000Z' });
  // The notice went by registered post on 2 Oct (the ladder's own run is covered in test/integration/notice-receipt.test.ts).
  await Reminder.create({
    _id: `${c.billNumber}:formal_notice`,
    billNumber: c.billNumber,
    stage: 'formal_notice',
    accountNumber: c.accountNumber,
    contractNumber: c.contractNumber,
    status: 'sent',
    notBefore: new Date('2026-10-02T08:00:00Z'),
    decidedAt: new Date('2026-10-02T08:00:00Z'),
    sentAt: new Date('2026-10-02T08:00:00Z'),
  });
  const { ticketId } = await ingest(
    server.ctx,
    inboundSms({ from: c.phone, category: 'billing', body: 'Ho ricevuto una raccomandata', receivedAt: clock.now() }),
  );
  const agent = await makeAgent({ name: 'Lia', channels: ['sms'] });
  const page = await login(agent.email, 'it');
  await page.locator(`.queues ul[data-queue] li[data-ticket="${ticketId}"]`).click();
  const card = page.locator('#customer .card', { hasText: c.billNumber });
  await card.waitFor();
  expect(await card.locator('[data-action=propose-plan]').textContent()).toBe('Proponi rateizzazione');
  expect(await card.getByLabel('Categoria di disagio').locator('option').first().textContent()).toBe('cassa integrazione');
  await card.locator('text=Diffida inviata il').waitFor();

  // A date after today is refused with the reason; nothing is stored.
  await card.getByLabel('Data dell’avviso di ricevimento').fill('2026-10-13');
  await card.locator('[data-action=record-receipt]').click();
  await card.locator('.decision', { hasText: 'Rifiutato: the receipt date is in the future' }).waitFor();
  expect((await Reminder.findById(`${c.billNumber}:formal_notice`).lean())!.receivedAt).toBeUndefined();

  await card.getByLabel('Data dell’avviso di ricevimento').fill('2026-10-06');
  await card.locator('[data-action=record-receipt]').click();
  await card.locator('text=Diffida ricevuta il').waitFor();
  expect(await card.locator('[data-action=record-receipt]').count()).toBe(0);
  expect((await Reminder.findById(`${c.billNumber}:formal_notice`).lean())!.receivedAt).toEqual(new Date('2026-10-05T22:00:00.000Z'));
  expect(await Audit.findOne({ action: 'notice.receipt', target: `bill:${c.billNumber}` }).lean()).toBeTruthy();
  await page.context().close();
});
