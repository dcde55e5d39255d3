// The manager dashboard in a real browser (Debian chromium through playwright-core): a
// supervisor created by the admin logs in at /dashboard; the wall board changes, pushed
// over socket.io (`stats:live`), when a call is queued and when it is answered.
import type { Browser } from 'playwright-core';
import { ingest } from '../../core/ingest/ingest';
import { QueueItem } from '../../models';
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

test('the wall board changes when a call is queued and answered', async () => {
  const { email, password } = await supervisorSession(server);
  const page = await (await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'en-GB' })).newPage();
  await page.goto(`${server.url}/dashboard`);
  await page.waitForSelector('#login-form', { state: 'visible' });
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#board', { state: 'visible' });
  await page.waitForSelector('#conn[data-state="on"]');
  const tile = (kpi: string) => page.locator(`[data-kpi="${kpi}"] .value`);
  await expect(tile('waiting').textContent()).resolves.toBe('0');
  await expect(tile('answered').textContent()).resolves.toBe('0 / 0');

  // A call reaches the queue: the voice channel opens its ticket and reports the phone line's step.
  const callSid = `CA${Date.now()}`;
  const queuedAt = new Date();
  const r = await ingest(server.ctx, {
    channel: 'voice',
    externalId: callSid,
    from: '+393331112222',
    body: '',
    receivedAt: queuedAt,
    category: 'billing',
  });
  server.ctx.events.emit('call.event', { callSid, kind: 'ivr_entered', at: new Date(queuedAt.getTime() - 20_000), queue: 'phone' });
  server.ctx.events.emit('call.event', { callSid, kind: 'agent_requested', at: queuedAt, queue: 'phone', ivrChoices: 1 });
  server.ctx.events.emit('call.event', { callSid, kind: 'queued', at: queuedAt, queue: 'phone' });
  await page.waitForFunction(() => document.querySelector('[data-kpi="waiting"] .value')?.textContent === '1', undefined, {
    timeout: 15_000,
  });
  await page.waitForFunction(() => document.querySelector('[data-kpi="answered"] .value')?.textContent === '0 / 1', undefined, {
    timeout: 15_000,
  });

  // An agent answers after 12 s.
  await QueueItem.deleteOne({ _id: r.ticketId });
  server.ctx.events.emit('call.event', {
    callSid,
    kind: 'answered',
    at: new Date(queuedAt.getTime() + 12_000),
    queue: 'phone',
    waitSeconds: 12,
    waitWithIvrSeconds: 32,
  });
  await page.waitForFunction(() => document.querySelector('[data-kpi="answered"] .value')?.textContent === '1 / 1', undefined, {
    timeout: 15_000,
  });
  await expect(tile('waiting').textContent()).resolves.toBe('0');
  await expect(tile('avgWait').textContent()).resolves.toBe('12 s');
  await expect(tile('serviceLevel').textContent()).resolves.toBe('100%');
  const phoneRow = page.locator('#queues-table tbody tr', { hasText: 'Phone' });
  await expect(phoneRow.locator('td').nth(3).textContent()).resolves.toBe('1 / 1');

  // For a look by a person: DASHBOARD_SCREENSHOT=/tmp/board.png
  const shot = process.env.DASHBOARD_SCREENSHOT;
  if (shot) await page.screenshot({ path: shot, fullPage: true });

  // The interval chart draws with Chart.js, and the regulatory page answers.
  await page.click('#tab-intervals');
  await page.waitForFunction(() => (document.querySelector('#intervals-table tbody')?.children.length ?? 0) > 0, undefined, {
    timeout: 15_000,
  });
  if (shot) await page.screenshot({ path: shot.replace(/\.png$/, '-intervals.png'), fullPage: true });
  await page.click('#tab-regulatory');
  await page.waitForFunction(() => document.querySelector('#regulatory-table')?.textContent?.includes('LS'), undefined, {
    timeout: 15_000,
  });
  // The page says how TMA is computed, with and without the IVR: abandoned calls count.
  const definitions = await page.textContent('#regulatory-definitions');
  expect(definitions).toContain('TMA without IVR');
  expect(definitions).toContain('TMA with IVR');
  expect(definitions).toMatch(/abandoned/);
  expect(await page.textContent('#regulatory-table')).toContain('answered + abandoned');
});
