// The wall board on a laptop, a full-HD monitor and a 4K TV: every tile and table column fits
// (nothing overflows, nothing wraps), the dark board fills the screen, headers follow the
// chosen language, and the signed-in supervisor and logout are on the header.
import type { Browser, Page } from 'playwright-core';
import { ingest } from '../../core/ingest/ingest';
import { inboundSms } from '../factories/inbound';
import { screenshot, seriousViolations } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { supervisorSession } from '../support/supervisor';

jest.setTimeout(90_000);

let server: TestServer;
let browser: Browser;
let login: { email: string; password: string };

beforeAll(async () => {
  server = await startTestServer({ STATS_LIVE_INTERVAL_MS: '200' });
  browser = await launchBrowser();
  login = await supervisorSession(server);
  for (let i = 0; i < 3; i++) await ingest(server.ctx, inboundSms({ from: `+39333777300${i}`, category: 'billing' }));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function board(width: number, height: number, lang: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height }, locale: 'en-GB', bypassCSP: true })).newPage();
  await page.goto(`${server.url}/dashboard?lang=${lang}`);
  await page.waitForSelector('#login-form', { state: 'visible' });
  await page.fill('#login-email', login.email);
  await page.fill('#login-password', login.password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#board', { state: 'visible' });
  await page.waitForSelector('#conn[data-state="on"]');
  await page.waitForFunction(() => document.querySelector('[data-kpi="waiting"] .value')?.textContent === '3');
  return page;
}

/** Everything that overflows its box on the board (scrollWidth beyond clientWidth), by selector. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const check = (e: Element, name: string) => {
      if (e.scrollWidth > e.clientWidth + 1) bad.push(`${name}: ${e.scrollWidth} > ${e.clientWidth}`);
    };
    document.querySelectorAll('.tile').forEach((e) => {
      const kpi = (e as HTMLElement).dataset.kpi;
      check(e, `tile ${kpi}`);
      e.querySelectorAll('.value, .label').forEach((v) => check(v, `tile ${kpi} ${v.className}`));
      // One line: a wrapped value is taller than about one line of its own size.
      const v = e.querySelector<HTMLElement>('.value')!;
      if (v.getBoundingClientRect().height > parseFloat(getComputedStyle(v).fontSize) * 1.6) bad.push(`tile ${kpi}: value wraps`);
    });
    document.querySelectorAll('.tables section').forEach((e, i) => check(e, `column ${i}`));
    check(document.documentElement, 'page');
    return bad;
  });
}

test.each([
  [1366, 768],
  [1920, 1080],
  [3840, 2160],
])('at %i×%i every tile and column fits, even with long values', async (width, height) => {
  const page = await board(width, height, 'en');
  expect(await overflowing(page)).toEqual([]);
  // Values as long as a busy day makes them: they shrink to fit rather than spill.
  await page.evaluate(() => {
    document.querySelector('[data-kpi="answered"] .value')!.textContent = '12 345 / 13 456';
    document.querySelector('[data-kpi="longest"] .value')!.textContent = '12 h 34';
    window.dispatchEvent(new Event('resize'));
  });
  expect(await overflowing(page)).toEqual([]);
  // The dark board reaches the bottom of the screen: no white band under the content.
  const bottom = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(bottom).toBe('rgb(15, 23, 32)');
  if (width === 1366) await screenshot(page, 'dashboard-board-1366');
  if (width === 1920) await screenshot(page, 'dashboard-board-1920');
  await page.context().close();
});

test('in Italian: headers translated, the supervisor named with their role, logout', async () => {
  const page = await board(1366, 768, 'it');
  expect(await page.getAttribute('html', 'lang')).toBe('it');
  const headers = await page.locator('#queues-table th').allTextContents();
  expect(headers).toEqual(['Coda', 'In attesa', 'attesa max', 'risposte', 'abbandoni', 'attesa media', 'p90', 'LS']);
  expect(await page.textContent('#me-name')).toBe('Supervisor (supervisore)');
  expect(await seriousViolations(page)).toEqual([]);
  await page.click('#tab-regulatory');
  await page.locator('#regulatory-table', { hasText: 'TMA senza IVR (risposte + abbandonate)' }).waitFor();
  await page.click('#tab-board');
  await page.click('#logout');
  await page.waitForSelector('#login-form', { state: 'visible' });
  expect((await server.session().get('/api/auth/me')).status).toBe(401);
  await page.context().close();
});
