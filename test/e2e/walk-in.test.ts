// A walk-in visit in real browsers (Debian chromium): the receptionist checks a visitor in on
// the check-in page and gets A001; the office display shows nothing yet; an agent in the
// console's desk mode calls the next visitor, the display shows "A001 · desk 2" live (in
// Russian here), the agent marks it done, and the visit's real wait and service time are in
// the walk-in statistics.
import type { Browser } from 'playwright-core';
import { AGENT_PASSWORD, makeAgent } from '../support/agents';
import { launchBrowser } from '../support/browser';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { supervisorSession } from '../support/supervisor';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

// Tuesday 24 Nov 2026, 09:00 in Rome; the test moves it between the steps.
const T0 = new Date('2026-11-24T08:00:00Z');
const clock = {
  at: T0,
  now() {
    return new Date(this.at);
  },
};

let server: TestServer;
let admin: Session;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({}, { clock });
  admin = await server.admin();
  browser = await launchBrowser();
  const office = await admin.post('/api/admin/offices', {
    id: 'mosca-1',
    name: 'Ufficio Centro',
    hours: 'mon-fri 08:00-17:00',
    services: [
      { code: 'A', name: 'Bollette', category: 'billing' },
      { code: 'C', name: 'Allacci', category: 'information_request' },
    ],
  });
  expect(office.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('check-in → display → desk mode call next → done, with the times in the statistics', async () => {
  const receptionist = await makeAgent({ name: 'Reception', channels: ['walk_in'] });
  const deskAgent = await makeAgent({ name: 'Desk Two', channels: ['walk_in', 'sms'] });

  // The kiosk: staff login, then the check-in form.
  const kiosk = await (await browser.newContext()).newPage();
  await kiosk.goto(`${server.url}/walk-in?office=mosca-1&lang=en`);
  await kiosk.fill('#login-email', receptionist.email);
  await kiosk.fill('#login-password', AGENT_PASSWORD);
  await kiosk.click('#login-form button[type=submit]');
  await kiosk.waitForSelector('#checkin-form');
  // No service chosen: a clear error, no number.
  await kiosk.click('#take');
  await kiosk.waitForFunction(() => (document.getElementById('error')?.textContent ?? '').length > 0);
  expect(await kiosk.locator('#number').count()).toBe(0);
  await kiosk.click('button[data-service="A"]');
  await kiosk.fill('#phone', '+393331234567');
  await kiosk.click('#take');
  await kiosk.waitForSelector('#number');
  expect(await kiosk.textContent('#number')).toBe('A001');

  // The wall board, per office and service: A001 waits now.
  const sup = await supervisorSession(server);
  const wall = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await wall.goto(`${server.url}/dashboard?lang=en`);
  await wall.fill('#login-email', sup.email);
  await wall.fill('#login-password', sup.password);
  await wall.click('#login-form button[type=submit]');
  await wall.waitForSelector('#conn[data-state="on"]');
  const walkInRow = () =>
    wall.$$eval('#walkin-table tr', (rows) => rows.slice(1).map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
  await waitFor(async () => (await walkInRow())[0]?.[2] === '1', 10_000, 'wall board: one waiting');
  expect((await walkInRow())[0]?.slice(0, 2)).toEqual(['Ufficio Centro', 'A']);

  // The office display, in Russian: nobody called yet.
  const display = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await display.goto(`${server.url}/walk-in/display?office=mosca-1&lang=ru`);
  await display.waitForFunction(() => document.getElementById('now')?.textContent === 'Ожидаем следующий номер');

  // 14 minutes later the agent's console, desk mode, desk 2, calls the next visitor.
  clock.at = new Date(T0.getTime() + 14 * 60_000);
  const agentPage = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await agentPage.goto(`${server.url}/console`);
  await agentPage.fill('#login-email', deskAgent.email);
  await agentPage.fill('#login-password', AGENT_PASSWORD);
  await agentPage.click('#login-form button[type=submit]');
  await agentPage.waitForSelector('#conn.ok', { timeout: 15_000 });
  await agentPage.click('#desk-mode summary');
  await agentPage.waitForSelector('#desk-services input[value="A"]');
  await agentPage.waitForFunction(() => document.getElementById('desk-waiting')?.textContent === 'Waiting: 1');
  await agentPage.fill('#desk-number', '2');
  await agentPage.click('#desk-next');
  await agentPage.waitForFunction(() => document.getElementById('desk-status')?.textContent === 'At your desk: A001');

  // The display shows it live, in large type.
  await display.waitForFunction(() => document.querySelector('#now .now')?.textContent === 'A001', undefined, { timeout: 10_000 });
  expect(await display.textContent('#now .now-desk')).toBe('окно 2');
  const size = await display.$eval('#now .now', (e) => parseFloat(getComputedStyle(e).fontSize));
  expect(size).toBeGreaterThanOrEqual(96);

  // Served for 6 minutes, then done.
  clock.at = new Date(T0.getTime() + 20 * 60_000);
  await agentPage.click('#desk-done');
  await agentPage.waitForFunction(() => document.getElementById('desk-status')?.textContent === '');

  // The wall board hears it live (no reload): nobody waits, one served after 14:00 minutes, none over 40.
  await waitFor(async () => (await walkInRow())[0]?.[5] === '1', 10_000, 'wall board: one served');
  expect(await walkInRow()).toEqual([['Ufficio Centro', 'A', '0', '14:00', '0.0 %', '1', '0']]);

  const stats = await admin.get('/api/walk-in/stats?from=2026-11-24&to=2026-11-24');
  expect(stats.body.rows).toEqual([
    expect.objectContaining({
      office: 'mosca-1',
      service: 'A',
      served: 1,
      avgWaitSeconds: 14 * 60,
      avgServiceSeconds: 6 * 60,
      shareOverLongWait: 0,
    }),
  ]);
  const reg = await waitFor(
    async () => {
      const r = await admin.get('/api/stats/regulatory?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z');
      return r.body.walkIn.served >= 1 ? r.body : null;
    },
    10_000,
    'regulatory walk-in',
  );
  expect(reg.walkIn).toMatchObject({ served: 1, avgWaitSeconds: 14 * 60, shareOver40Min: 0 });
});
