// The reception's consent section in a real browser: the customer proves who they are with
// the account number and the e-mail or phone on file, sees their choices, changes them, and
// finds them so after a reload; a wrong contact shows the server's refusal and nothing else.
import type { Browser, Page } from 'playwright-core';
import { Audit, Customer } from '../../models';
import { seedCustomer } from '../factories/billing';
import { seriousViolations } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { startTestServer, type Session, type TestServer } from '../support/server';

let server: TestServer;
let admin: Session;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.admin();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function newPage(): Promise<Page> {
  // bypassCSP: only so that axe can be injected (as in accessibility.test.ts).
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB', bypassCSP: true });
  return context.newPage();
}

test('a customer looks up their contact preferences, turns off reminders and automated calls, and finds them so later', async () => {
  const c = await seedCustomer(admin, { language: 'en' });
  const page = await newPage();
  await page.goto(`${server.url}/?lang=en`);
  const section = page.locator('#consent-box');
  await section.getByRole('heading', { name: 'Your contact preferences' }).waitFor();
  // Closed at first: the request form stays the only form on the page.
  expect(await section.getByRole('textbox').count()).toBe(0);
  await section.getByRole('button', { name: 'Change my preferences' }).click();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('consent-account');

  await section.getByRole('button', { name: 'Show my preferences' }).click();
  await section.locator('#consent-error').filter({ hasText: 'Give your account number and your e-mail or phone.' }).waitFor();

  await section.getByLabel('Account number').fill(c.accountNumber);
  await section.getByLabel('E-mail or phone you gave us').fill('not.mine@example.org');
  await section.getByRole('button', { name: 'Show my preferences' }).click();
  await section.locator('#consent-error').filter({ hasText: 'We found no customer with these details' }).waitFor();
  expect(await section.getByRole('checkbox').count()).toBe(0);

  await section.getByLabel('E-mail or phone you gave us').fill(c.email);
  await section.getByRole('button', { name: 'Show my preferences' }).click();
  await section.getByRole('checkbox', { name: 'By text message' }).waitFor();
  expect(await section.getByRole('checkbox', { name: 'By text message' }).isChecked()).toBe(true);
  expect(await section.getByRole('checkbox', { name: 'Payment reminders' }).isChecked()).toBe(true);
  expect(await section.getByRole('checkbox', { name: 'Commercial offers' }).isChecked()).toBe(false);
  await section.getByText('Notices the law requires').waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  await section.getByRole('button', { name: 'Save my preferences' }).click();
  await section.locator('#consent-status').filter({ hasText: 'Nothing to save.' }).waitFor();
  await section.getByRole('checkbox', { name: 'Payment reminders' }).uncheck();
  await section.getByRole('checkbox', { name: 'By automated call' }).uncheck();
  await section.getByRole('button', { name: 'Save my preferences' }).click();
  await section.locator('#consent-status').filter({ hasText: 'Preferences saved.' }).waitFor();
  expect((await Customer.findById(c.accountNumber, { consents: 1 }).lean())?.consents).toMatchObject({
    sms: true,
    email: true,
    voice: false,
    reminders: false,
    marketing: false,
  });
  expect(await Audit.findOne({ target: `customer:${c.accountNumber}`, action: 'consent.change' }).lean()).toMatchObject({
    actor: 'customer:web',
    details: 'voice=false reminders=false',
  });

  // Later, by phone number this time (as typed locally): the saved choices.
  await page.reload();
  await section.getByRole('button', { name: 'Change my preferences' }).click();
  await section.getByLabel('Account number').fill(c.accountNumber);
  await section.getByLabel('E-mail or phone you gave us').fill(c.phone.replace('+39', ''));
  await section.getByRole('button', { name: 'Show my preferences' }).click();
  await section.getByRole('checkbox', { name: 'By automated call' }).waitFor();
  expect(await section.getByRole('checkbox', { name: 'By automated call' }).isChecked()).toBe(false);
  expect(await section.getByRole('checkbox', { name: 'Payment reminders' }).isChecked()).toBe(false);
  expect(await section.getByRole('checkbox', { name: 'By e-mail' }).isChecked()).toBe(true);
  await page.context().close();
});

test('in Italian by default', async () => {
  const page = await browser.newPage({ locale: 'it-IT' });
  await page.goto(`${server.url}/`);
  await page.getByRole('heading', { name: 'Le sue preferenze di contatto' }).waitFor();
  await page.getByRole('button', { name: 'Cambia le mie preferenze' }).click();
  await page.getByLabel('Codice cliente', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Mostra le mie preferenze' }).waitFor();
  await page.close();
});
