// The reception's "your data and your situation" section in a real browser: a wrong identity
// is refused in words, the right one gets the export link by e-mail (the SMTP stand-in) and
// the link downloads the zip while a tampered one shows a page saying so; a customer states a
// medical dependency, and an agent confirms it on the console's customer panel.
import type { Browser, Page } from 'playwright-core';
import { ingest } from '../../core/ingest/ingest';
import { Customer } from '../../models/customer';
import { seedCustomer } from '../factories/billing';
import { inboundSms } from '../factories/inbound';
import { AGENT_PASSWORD, makeAgent } from '../support/agents';
import { seriousViolations } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

let server: TestServer;
let sink: SmtpSink;
let browser: Browser;

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ SMTP_OUTBOUND_URL: sink.url, PUBLIC_BASE_URL: 'http://help.utility.example' });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await sink?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'en-GB',
    acceptDownloads: true,
    // axe is injected into the page (test/support/axe.ts); the pages' CSP rightly refuses it otherwise.
    bypassCSP: true,
  });
  return context.newPage();
}

test('ask for your data: refused in words for a wrong identity, then the link by e-mail downloads the zip', async () => {
  const c = await seedCustomer(await server.admin(), { language: 'en' });
  const page = await newPage();
  await page.goto(`${server.url}/?lang=en`);
  await page.getByRole('heading', { name: 'Your data and your situation' }).waitFor();
  await page.getByRole('button', { name: 'A copy of your personal data' }).click();
  const form = page.locator('#privacy-export');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('pe-account');

  // Nothing but the account number: the contact field says what is missing.
  await form.getByLabel('Account number').fill(c.accountNumber);
  await form.getByRole('button', { name: 'Ask for your data' }).click();
  await page.locator('#pe-email-error').filter({ hasText: 'Give an e-mail address or a phone number' }).waitFor();
  expect(await form.getByLabel('E-mail on file').getAttribute('aria-invalid')).toBe('true');

  // A phone that is not theirs: one refusal, whatever was wrong.
  await form.getByLabel('Phone on file').fill('+39 333 000 0000');
  await form.getByRole('button', { name: 'Ask for your data' }).click();
  await page.locator('#privacy-export-result').filter({ hasText: 'We could not confirm your identity' }).waitFor();
  expect(sink.mails.filter((m) => m.rcptTo.includes(c.email))).toHaveLength(0);

  await form.getByLabel('Phone on file').fill('');
  await form.getByLabel('E-mail on file').fill(c.email);
  await form.getByRole('button', { name: 'Ask for your data' }).click();
  await page.locator('#privacy-export-result').filter({ hasText: 'The link was sent to the e-mail on file' }).waitFor();
  expect(await page.locator('#privacy-export-result').textContent()).toMatch(/^Request T-\d+ recorded\./);

  const mail = await waitFor(() => sink.mails.find((m) => m.rcptTo.includes(c.email)), 10_000, 'the link mail');
  const link = /http:\/\/help\.utility\.example(\/api\/reception\/privacy\/export\?token=[A-Za-z0-9_-]+&lang=en)/.exec(
    mail.parsed.text ?? '',
  );
  expect(link).not.toBeNull();
  const path = link![1]!;

  // The customer follows the link: the browser downloads the archive.
  const downloading = page.waitForEvent('download');
  await page.evaluate((url) => {
    location.href = url;
  }, `${server.url}${path}`);
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`my-data-${c.accountNumber}.zip`);

  // A tampered link: a page that says so, in the customer's language, and nothing else.
  const tampered = await newPage();
  const res = await tampered.goto(`${server.url}${path.replace(/token=(.)/, (_m, ch: string) => `token=${ch === 'A' ? 'B' : 'A'}`)}`);
  expect(res?.status()).toBe(404);
  await tampered.getByRole('alert').filter({ hasText: 'This link is not valid' }).waitFor();
  expect(await tampered.content()).not.toContain(c.accountNumber);
});

test('a medical dependency stated on the reception is pending until an agent confirms it on the console', async () => {
  const c = await seedCustomer(await server.admin(), { language: 'en' });
  const page = await newPage();
  await page.goto(`${server.url}/?lang=en`);
  await page.getByRole('button', { name: 'Tell us about your situation' }).click();
  const form = page.locator('#privacy-declare');
  await form.getByLabel('Account number').fill(c.accountNumber);
  await form.getByLabel('Phone on file').fill(c.phone);
  await form.getByLabel('I or someone in my home depends on medical equipment').check();
  await form.getByRole('button', { name: 'Send' }).click();
  await page.locator('#privacy-declare-result').filter({ hasText: 'meanwhile we will not start any power reduction' }).waitFor();
  // Both forms open, answered: no serious accessibility problem.
  await page.getByRole('button', { name: 'A copy of your personal data' }).click();
  expect(await seriousViolations(page)).toEqual([]);
  const stored = await Customer.findById(c.accountNumber, { vulnerabilities: 1 }).lean();
  expect(stored?.vulnerabilities).toEqual([expect.objectContaining({ kind: 'medical', status: 'pending', source: 'customer' })]);

  // The agent opens a ticket of the customer: the panel shows the pending essential supply and the confirm form.
  const { ticketId } = await ingest(server.ctx, inboundSms({ from: c.phone, category: 'billing', body: 'A question about my bill' }));
  const agent = await makeAgent({ name: 'Aldo', channels: ['sms'] });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const console = await context.newPage();
  await console.goto(`${server.url}/console`);
  await console.fill('#login-email', agent.email);
  await console.fill('#login-password', AGENT_PASSWORD);
  await console.click('#login-form button[type=submit]');
  await console.waitForSelector('#conn.ok', { timeout: 15_000 });
  await console.locator(`.queues ul[data-queue] li[data-ticket="${ticketId}"]`).click();
  const box = console.locator('#customer .protection');
  await box.filter({ hasText: 'stated by the customer, to confirm' }).waitFor();
  expect(await box.textContent()).not.toMatch(/medical equipment: never/i);
  await box.getByRole('button', { name: 'Confirm' }).click();
  await box.locator('[role=alert]').filter({ hasText: 'Note the evidence you saw.' }).waitFor();
  await box.getByLabel('Evidence seen').fill('Certificate from the local health authority');
  await box.getByRole('button', { name: 'Confirm' }).click();
  await waitFor(
    async () => (await Customer.findById(c.accountNumber, { vulnerabilities: 1 }).lean())?.vulnerabilities?.[0]?.status === 'confirmed',
    10_000,
    'the confirmation',
  );
  await console.locator('#customer .protection').filter({ hasNotText: 'to confirm' }).waitFor();
});
