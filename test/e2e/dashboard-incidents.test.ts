// The dashboard's outages tab in a real browser (issue 13): a supervisor declares an outage
// (an unknown area is named), changes its estimate — and, when another supervisor changed it
// first, is shown the version that won instead of overwriting it — sees its contacts counted
// as customers text about it, sees it on the wall board, promotes a suspicion raised by
// reports and resolves; every change arrives over the socket. The count of the area's protected
// customers is on the incident's row.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { Customer } from '../../models';
import { seedArea } from '../factories/outage-area';
import { launchBrowser } from '../support/browser';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { supervisorSession } from '../support/supervisor';
import { postTwilioWebhook } from '../support/twilio-standin';

jest.setTimeout(120_000);

const PUBLIC = 'http://hotline.example.test';
let server: TestServer;
let browser: Browser;
let page: Page;
let other: Session;

beforeAll(async () => {
  server = await startTestServer({ PUBLIC_BASE_URL: PUBLIC, STATS_LIVE_INTERVAL_MS: '500' });
  browser = await launchBrowser();
  const { email, password } = await supervisorSession(server);
  other = (await supervisorSession(server)).session;
  page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'en-GB' })).newPage();
  // The page is served from the test server's own address; its origin is what the CSRF check trusts.
  await page.goto(`${server.url}/dashboard`);
  await page.waitForSelector('#login-form', { state: 'visible' });
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#conn[data-state="on"]');
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function sms(from: string, body: string): Promise<void> {
  const params = { MessageSid: `SM${randomBytes(16).toString('hex')}`, From: from, To: '+390000000000', Body: body };
  const res = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', params);
  expect(res.status).toBe(200);
}

const cell = (id: string, col: string) => page.locator(`#outages-table tr[data-outage="${id}"] td[data-col="${col}"]`);

test('declare, edit (a concurrent change is shown, not overwritten), watch the links, resolve; a suspicion promoted in one click', async () => {
  const area = `WEB-${randomBytes(3).toString('hex')}`;
  const people = await seedArea(3, { areaCode: area, language: 'it' });
  // One of them on life support: the page counts the area's protected customers, without saying why.
  await Customer.updateOne(
    { _id: people[1]!.accountNumber },
    { $push: { vulnerabilities: { kind: 'life_support', status: 'confirmed', source: 'import', evidence: 'certificate' } } },
  );
  await page.click('#tab-incidents');
  await page.waitForSelector('#declare-form', { state: 'visible' });

  // An unknown area is refused, named.
  await page.fill('#d-areas', `${area}, NOWHERE-9`);
  await page.fill('#d-message-en', 'Substation fault, crews on site.');
  await page.click('#declare-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#declare-error')?.textContent?.includes('NOWHERE-9'));
  expect(await page.textContent('#declare-error')).toBe('Not found: NOWHERE-9');

  await page.fill('#d-areas', area);
  await page.fill('#d-eta', '2026-12-01T18:30');
  await page.click('#declare-form button[type=submit]');
  const tr = page.locator('#outages-table tr[data-status="active"]');
  await tr.first().waitFor();
  const id = (await tr.first().getAttribute('data-outage'))!;
  expect(await cell(id, 'version').textContent()).toBe('v1');
  expect(await cell(id, 'place').textContent()).toBe(area);
  expect(await cell(id, 'protected').textContent()).toBe('1');

  // Another supervisor changes it while this one edits version 1: the page shows version 2, keeps the form open.
  await page.click(`#outages-table tr[data-outage="${id}"] button[data-action="edit"]`);
  await page.fill('#e-eta', '2026-12-01T20:00');
  const meanwhile = await other.request('PATCH', `/api/admin/outages/${id}`, { version: 1, urgent: true });
  expect(meanwhile.status).toBe(200);
  await page.click('#edit-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#edit-error')?.textContent?.includes('version 2'));
  expect(await page.textContent('#edit-title')).toContain('(v2)');
  expect(await page.isChecked('#e-urgent')).toBe(true);
  await page.fill('#e-eta', '2026-12-01T20:00');
  await page.click('#edit-form button[type=submit]');
  await page.waitForFunction(
    (o) => document.querySelector(`#outages-table tr[data-outage="${o}"]`)?.getAttribute('data-version') === '3',
    id,
  );
  expect(await page.isHidden('#edit-form')).toBe(true);

  // Customers text about it: the links are counted on the page (and the wall board's strip).
  for (const c of people) await sms(c.phone, 'Manca la luce');
  await page.waitForFunction(
    (o) => document.querySelector(`#outages-table tr[data-outage="${o}"] td[data-col="links"]`)?.textContent === '3',
    id,
    {
      timeout: 15_000,
    },
  );
  expect(await cell(id, 'contacts').textContent()).toBe('sms 3');
  await page.click('#tab-board');
  await page.waitForSelector(`#board-outages .outage[data-outage="${id}"]`);
  expect(await page.textContent(`#board-outages .outage[data-outage="${id}"]`)).toContain(`${area} · active · 3`);

  // Resolved: it leaves the outages in force, for the closed list.
  await page.click('#tab-incidents');
  await page.click(`#outages-table tr[data-outage="${id}"] button[data-action="resolve"]`);
  await page.waitForSelector(`#closed-table tr[data-outage="${id}"][data-status="resolved"]`);
  expect(await page.locator(`#outages-table tr[data-outage="${id}"]`).count()).toBe(0);

  // A suspicion raised by three reports arrives over the socket; one click promotes it.
  const suspectArea = `SUS-${randomBytes(3).toString('hex')}`;
  for (const c of await seedArea(3, { areaCode: suspectArea })) await sms(c.phone, 'Siamo senza corrente');
  const suspected = page.locator('#outages-table tr[data-status="suspected"]');
  await suspected.first().waitFor({ timeout: 15_000 });
  const sid = (await suspected.first().getAttribute('data-outage'))!;
  await page.click(`#outages-table tr[data-outage="${sid}"] button[data-action="promote"]`);
  await page.waitForSelector(`#outages-table tr[data-outage="${sid}"][data-status="active"]`);
  // Its reports are linked to it.
  await page.waitForFunction(
    (o) => document.querySelector(`#outages-table tr[data-outage="${o}"] td[data-col="links"]`)?.textContent === '3',
    sid,
  );

  // For a look by a person: DASHBOARD_SCREENSHOT=/tmp/board.png
  const shot = process.env.DASHBOARD_SCREENSHOT;
  if (shot) await page.screenshot({ path: shot.replace(/\.png$/, '-outages.png'), fullPage: true });

  // The CSV has every figure of every outage.
  const csv = await page.evaluate(async () => (await fetch('/api/outages?status=all&format=csv')).text());
  expect(csv.split('\r\n')[0]).toMatch(/^number,status,service,areas,.*links,.*deflected,.*resolvedSent,resolvedDelivered,resolvedFailed/);
  expect(csv).toContain(`,resolved,electricity,${area},`);
});
