// The rule book a compliance officer prints: GET /api/rules (supervisors only) and the
// dashboard page /dashboard/rules in a real browser, on the it-2026 preset with one value
// overridden by the operator.
import type { Browser } from 'playwright-core';
import type { RuleBook } from '../../wire/rules';
import { loginAs, makeAgent } from '../support/agents';
import { launchBrowser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { supervisorSession } from '../support/supervisor';

jest.setTimeout(90_000);

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ RULE_SET: 'it-2026', RULES_OVERRIDES: '{"categories":{"complaint":{"answerDays":25}}}' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('GET /api/rules: supervisors read every value with its unit, source and whether it was overridden; others are refused', async () => {
  expect((await server.session().get('/api/rules')).status).toBe(401);
  const agent = await loginAs(server.session(), await makeAgent());
  expect((await agent.get('/api/rules')).status).toBe(403);
  const { session } = await supervisorSession(server);
  const res = await session.get('/api/rules');
  expect(res.status).toBe(200);
  const book = res.body as RuleBook;
  expect(book).toMatchObject({ ruleSet: 'it-2026', country: 'IT' });
  const entry = (path: string) => book.entries.find((e) => e.path === path);
  expect(entry('categories.withdrawal.answerDays')).toMatchObject({ value: 14, unit: 'working days', overridden: false });
  expect(entry('categories.complaint.answerDays')).toMatchObject({ value: 25, unit: 'calendar days', overridden: true });
  expect(entry('categories.complaint.answerDays')!.source).toMatch(/operator override/);
  expect(entry('withinDeadlineTargets.information_request')).toMatchObject({ value: 0.95, unit: 'share' });
  expect(entry('dunning.ladder.2.power_reduction')!.value).toMatch(
    /25 calendar days after the previous step's proven delivery \+ 3 working days/,
  );
  for (const e of book.entries) expect(e.source.length).toBeGreaterThan(5);
});

test('the rule-book page shows the rule set in force, marks the override and prints without its buttons', async () => {
  const { email, password } = await supervisorSession(server);
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' })).newPage();
  await page.goto(`${server.url}/dashboard/rules`);
  await page.waitForSelector('#login-form', { state: 'visible' });
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#book', { state: 'visible' });
  await expect(page.locator('#summary').textContent()).resolves.toMatch(/Rule set it-2026 · calendar IT/);
  const row = (path: string) => page.locator(`tr[data-path="${path}"]`);
  await expect(row('categories.withdrawal.answerDays').locator('td.value').textContent()).resolves.toBe('14 working days');
  await expect(row('categories.complaint.answerDays').getAttribute('class')).resolves.toBe('overridden');
  await expect(row('categories.complaint.answerDays').textContent()).resolves.toMatch(/25 calendar days.*operator override.*overridden/);
  await expect(row('withinDeadlineTargets.information_request').locator('td.value').textContent()).resolves.toBe('95%');
  await expect(row('instalments.referenceRates.2025-06-11').textContent()).resolves.toMatch(/2\.15%.*ECB/);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#print').isVisible()).resolves.toBe(false);
  await expect(row('categories.withdrawal.answerDays').isVisible()).resolves.toBe(true);
});
