// In the browser: the reception form's instalment request shows the concrete proposal for the
// bill named (account + bill + e-mail on file), and the tracking page accepts it.
import type { Browser } from 'playwright-core';
import { fixedClock } from '../../core/clock';
import { Bill } from '../../models';
import { seedBill } from '../factories/bills';
import { launchBrowser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

// Monday 12 Oct 2026, 10:00 in Rome.
const clock = fixedClock('2026-10-12T08:00:00Z');
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({}, { clock });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('instalment request on a phone-sized screen: the proposal at once, accepted on the tracking page', async () => {
  const admin = await server.admin();
  const c = await seedBill(admin, { amount: 180, dueAt: '2026-10-19T22:00:00.000Z' }, { language: 'en' });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${server.url}/?lang=en`);
  await page.getByRole('heading', { name: 'Virtual reception' }).waitFor();
  // The bill field appears only for instalment and deferral requests.
  expect(await page.locator('#w-billNumber').isHidden()).toBe(true);
  await page.getByLabel('Kind of request').selectOption('instalment');
  await page.getByLabel('Bill number').waitFor();
  await page.getByLabel('Full name').fill('Anna Verdi');
  await page.getByLabel('E-mail').fill(c.email);
  await page.locator('#f-accountNumber').fill(c.accountNumber);
  await page.getByLabel('Bill number').fill(c.billNumber);
  await page.getByLabel('Message').fill('I would like to pay this bill in instalments.');
  await page.getByRole('button', { name: 'Send the request' }).click();

  await page.locator('#proposal').waitFor();
  expect(await page.locator('#proposal').textContent()).toBe(
    `For bill ${c.billNumber} we can offer 3 monthly instalments: the first of €60.85 on 19 Nov 2026, interest 5.65% a year (3.5% + ECB 2.15% from 11 Jun 2025), €181.70 in all.`,
  );
  expect((await Bill.findById(c.billNumber).lean())!.instalmentPlan?.status).toBeUndefined();

  await page.goto((await page.locator('#tracking-link').getAttribute('href'))!);
  await page.getByRole('heading', { name: 'The proposal for your bill' }).waitFor();
  await page.getByRole('button', { name: 'Accept the proposal' }).click();
  await page.locator('#proposal-text').filter({ hasText: 'is active' }).waitFor();
  expect(await page.locator('#proposal-text').textContent()).toBe(
    `Instalment plan for bill ${c.billNumber} is active: 3 instalments, the first on 19 Nov 2026. Thank you.`,
  );
  expect(await page.locator('#proposal-accept').count()).toBe(0);
  await waitFor(async () => (await Bill.findById(c.billNumber).lean())?.instalmentPlan?.status === 'active', 5_000, 'plan stored');
  // A reload shows it accepted, with nothing to click.
  await page.reload();
  await page.locator('#proposal-text').filter({ hasText: 'already accepted' }).waitFor();
  expect(await page.locator('#proposal-accept').count()).toBe(0);
  await context.close();
});
