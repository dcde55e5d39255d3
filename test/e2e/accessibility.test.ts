// Every page, as a person sees it, checked by axe-core in Debian chromium: no serious or
// critical violation. Each page is also photographed at 1366×768 into ./screenshots.
import type { Browser, Page } from 'playwright-core';
import { ingest } from '../../core/ingest/ingest';
import { inboundSms } from '../factories/inbound';
import { AGENT_PASSWORD, makeAgent } from '../support/agents';
import { screenshot, seriousViolations } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { supervisorSession } from '../support/supervisor';

jest.setTimeout(90_000);

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ STATS_LIVE_INTERVAL_MS: '200' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function newPage(width = 1366, height = 768): Promise<Page> {
  return (await browser.newContext({ viewport: { width, height }, locale: 'en-GB', bypassCSP: true })).newPage();
}

async function login(page: Page, path: string, email: string, password: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await page.waitForSelector('#login-form', { state: 'visible' });
  expect(await seriousViolations(page)).toEqual([]);
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('#login-form button[type=submit]');
}

test('reception (with the live chat offered) and tracking pages', async () => {
  await makeAgent({ name: 'Chat Agent', channels: ['chat'], presence: 'available' });
  const page = await newPage();
  await page.goto(`${server.url}/?lang=it`);
  await page.locator('#f-category').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'reception');
  const res = await server.session().post('/api/reception/requests', {
    category: 'complaint',
    name: 'Laura Neri',
    email: 'laura.neri@example.org',
    message: 'La bolletta di marzo conta una lettura mai inviata.',
  });
  expect(res.status).toBe(201);
  await page.goto(`${server.url}/track?n=${res.body.ticketNumber}&token=${res.body.trackingToken}&lang=it`);
  await page.locator('#conversation li').first().waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'tracking');
  await page.context().close();
});

test('agent console: queue, an open ticket with its customer panel, the help', async () => {
  const agent = await makeAgent({ name: 'Giulia Verdi', channels: ['sms', 'web', 'email'] });
  // Enough waiting work that the queue column scrolls (a scrollable region must be reachable by keyboard).
  for (let i = 0; i < 24; i++)
    await ingest(
      server.ctx,
      inboundSms({ from: `+3933377710${String(i).padStart(2, '0')}`, body: `Buongiorno, la bolletta n. ${i} è troppo alta` }),
    );
  const page = await newPage();
  await login(page, '/console', agent.email, AGENT_PASSWORD);
  await page.waitForSelector('#conn.ok');
  const row = page.locator('.queues ul[data-queue] li[data-ticket]').first();
  await row.waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await row.click();
  await page.waitForSelector('#ticket:not([hidden])');
  await page.locator('#thread li.in').first().waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'console');
  await page.keyboard.press('?');
  await page.waitForSelector('#help[open]');
  expect(await seriousViolations(page)).toEqual([]);
  await page.context().close();
});

test('dashboard: wall board, intervals, regulatory page', async () => {
  const { email, password } = await supervisorSession(server);
  const page = await newPage();
  await login(page, '/dashboard', email, password);
  await page.waitForSelector('#board', { state: 'visible' });
  await page.waitForSelector('#conn[data-state="on"]');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'dashboard-board');
  await page.click('#tab-intervals');
  await page.waitForFunction(() => (document.querySelector('#intervals-table tbody')?.children.length ?? 0) > 0, undefined, {
    timeout: 15_000,
  });
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'dashboard-intervals');
  await page.click('#tab-regulatory');
  await page.waitForFunction(() => document.querySelector('#regulatory-table')?.textContent?.includes('LS'), undefined, {
    timeout: 15_000,
  });
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'dashboard-regulatory');
  await page.context().close();
});
