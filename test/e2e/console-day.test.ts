// An agent's day in the console, in Italian: the language chosen once and remembered, labels
// instead of codes, previews in the queue, the offline notice, search that opens its result in
// the same view, and claim → reply → resolve with the keyboard only; then the same console on
// a phone-sized screen, one column.
import type { Browser, Page } from 'playwright-core';
import { ingest } from '../../core/ingest/ingest';
import { Ticket } from '../../models';
import { inboundSms } from '../factories/inbound';
import { AGENT_PASSWORD, makeAgent, type TestAgent } from '../support/agents';
import { screenshot, seriousViolations } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

const PUBLIC = 'http://hotline.example.test';
let twilio: TwilioStandIn;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer({ PUBLIC_BASE_URL: PUBLIC, TWILIO_API_BASE_URL: twilio.url });
  twilio.forwardCallbacks(PUBLIC, server.url);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await twilio?.close();
});

async function loggedIn(agent: TestAgent, width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB', bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/console`);
  await page.fill('#login-email', agent.email);
  await page.fill('#login-password', AGENT_PASSWORD);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#conn.ok', { timeout: 15_000 });
  return page;
}

test('in Italian, keyboard only: search, previews, claim → reply → resolve', async () => {
  const agent = await makeAgent({ name: 'Giulia Verdi', channels: ['sms'] });
  const older = await ingest(
    server.ctx,
    inboundSms({ from: '+393337772001', category: 'billing', body: 'Il conguaglio di marzo\nnon mi torna' }),
  );
  const page = await loggedIn(agent, 1366, 768);

  // The browser says English; the agent picks Italian once, and it is remembered.
  expect(await page.textContent('#claim')).toBe('Claim');
  await page.selectOption('#ui-lang', 'it');
  await page.reload();
  await page.waitForSelector('#conn.ok');
  expect(await page.getAttribute('html', 'lang')).toBe('it');
  expect(await page.textContent('#logout')).toBe('Esci');
  expect(await page.textContent('#me-name')).toBe('Giulia Verdi (operatore)');
  expect(await page.isHidden('#admin-link')).toBe(true);
  await page.keyboard.press('?');
  expect(await page.textContent('#help')).toContain('scrivi una risposta');
  await page.keyboard.press('Escape');
  // A new agent starts offline, and is told so.
  expect(await page.isVisible('#offline-notice')).toBe(true);
  expect(await page.textContent('#offline-notice')).toContain('Sei offline');

  // The queue row: the category's label, the channel's, and the first line of the message.
  const row = page.locator(`.queues ul[data-queue] li[data-ticket="${older.ticketId}"]`);
  await row.waitFor();
  const text = (await row.textContent()) ?? '';
  expect(text).toContain('Bolletta');
  expect(text).not.toContain('billing');
  expect(text).toContain('Il conguaglio di marzo');
  expect(text).not.toContain('non mi torna');
  expect(text).toContain('SMS (differito)');
  // A live ticket arrives: its preview comes with the live event.
  const fresh = await ingest(server.ctx, inboundSms({ from: '+393337772002', category: 'billing', body: 'Contatore guasto da ieri' }));
  const freshRow = page.locator(`.queues ul[data-queue] li[data-ticket="${fresh.ticketId}"]`);
  await freshRow.filter({ hasText: 'Contatore guasto da ieri' }).waitFor();

  // Search by phone (a stranger: the sender's address), result opens in the same view.
  await page.focus('#search');
  await page.keyboard.type('333 777 2001');
  await page.keyboard.press('Enter');
  const hit = page.locator(`#search-results li[data-ticket="${older.ticketId}"]`);
  await hit.waitFor();
  expect(await page.evaluate(() => document.activeElement?.closest('li')?.dataset.ticket)).toBe(older.ticketId);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelector('#t-title')?.textContent?.startsWith(n), older.ticketNumber!);
  // Search by ticket number, without the leading zeros.
  await page.fill('#search', `t-${Number(fresh.ticketNumber!.slice(2))}`);
  await page.press('#search', 'Enter');
  await page.locator(`#search-results li[data-ticket="${fresh.ticketId}"]`).waitFor();
  await page.fill('#search', '');
  await page.press('#search', 'Enter');
  await page.waitForSelector('#search-box', { state: 'hidden' });

  // Keyboard only: Tab into the queue, arrows to the fresh ticket, Enter opens, c claims.
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => !!document.activeElement?.matches('.queues li[data-ticket]'))) break;
  }
  expect(await page.evaluate(() => !!document.activeElement?.matches('.queues li[data-ticket]'))).toBe(true);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe('none');
  for (let i = 0; i < 5; i++) {
    if (await page.evaluate((id) => document.activeElement?.closest('li')?.dataset.ticket === id, fresh.ticketId)) break;
    await page.keyboard.press('ArrowDown');
  }
  expect(await page.evaluate(() => document.activeElement?.closest('li')?.dataset.ticket)).toBe(fresh.ticketId);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelector('#t-title')?.textContent?.startsWith(n), fresh.ticketNumber!);
  expect(await page.textContent('#t-meta')).toContain('Bolletta');
  expect(await page.textContent('#thread li.in .meta')).toContain('cliente');
  await page.locator('body').focus();
  await page.keyboard.press('c');
  await page.locator(`#mine li[data-ticket="${fresh.ticketId}"]`).waitFor();
  await page.keyboard.press('r');
  await page.keyboard.type('Gentile cliente, mandiamo un tecnico domani.');
  await page.keyboard.press('Control+Enter');
  const sent = await waitFor(() => twilio.messages().find((m) => m.params.To === '+393337772002'), 10_000, 'the reply');
  expect(sent.params.Body).toBe('Gentile cliente, mandiamo un tecnico domani.');
  await page.keyboard.press('Escape');
  await page.keyboard.press('e');
  await page.locator(`#mine li[data-ticket="${fresh.ticketId}"]`).waitFor({ state: 'detached' });
  expect(await Ticket.findById(fresh.ticketId).lean()).toMatchObject({ status: 'resolved', outcome: 'answered' });
  expect(await page.locator('#outcome option[value="complaint_upheld"]').textContent()).toBe('reclamo accolto');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'console-it');
  await page.context().close();
});

test('on a phone-sized screen the console is one column: queue, then ticket, then customer', async () => {
  const agent = await makeAgent({ name: 'Marco Blu', channels: ['sms'] });
  const t = await ingest(server.ctx, inboundSms({ from: '+393337772003', body: 'Lettura del contatore' }));
  const page = await loggedIn(agent, 390, 844);
  await page.locator(`.queues li[data-ticket="${t.ticketId}"]`).click();
  await page.waitForSelector('#ticket:not([hidden])');
  const layout = await page.evaluate(() => {
    const box = (s: string) => document.querySelector(s)!.getBoundingClientRect();
    return {
      scrollWidth: document.documentElement.scrollWidth,
      queues: box('nav.queues'),
      ticket: box('section.ticket'),
      customer: box('aside.customer'),
    };
  });
  expect(layout.scrollWidth).toBeLessThanOrEqual(390);
  expect(layout.queues.bottom).toBeLessThanOrEqual(layout.ticket.top + 1);
  expect(layout.ticket.bottom).toBeLessThanOrEqual(layout.customer.top + 1);
  expect(layout.ticket.width).toBeGreaterThan(300);
  expect(await seriousViolations(page)).toEqual([]);
  await page.context().close();
});
