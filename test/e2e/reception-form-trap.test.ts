// The trap a newcomer fell into: "meter reading", a bad reading, then "complaint" — the form
// said "check the highlighted fields", highlighted nothing and could not be sent without a
// reload (the hidden reading kept its value and its error).
import type { Browser } from 'playwright-core';
import { Ticket } from '../../models';
import { launchBrowser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('a bad meter reading, then another kind of request: the hidden error goes, and the request is sent', async () => {
  const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  await page.goto(`${server.url}/?lang=en`);
  await page.getByRole('heading', { name: 'Virtual reception' }).waitFor();
  await page.getByLabel('Kind of request').selectOption('meter_reading');
  await page.getByLabel('Full name').fill('Paolo Conti');
  await page.getByLabel('E-mail').fill('paolo.conti@example.org');
  await page.locator('#f-reading').fill('12ab');
  await page.getByLabel('Message').fill('Here is my gas meter reading for this month.');
  await page.getByRole('button', { name: 'Send the request' }).click();
  await page.locator('#e-reading').filter({ hasText: /./ }).waitFor();
  expect(await page.locator('#form-error').textContent()).not.toBe('');

  await page.getByLabel('Kind of request').selectOption('complaint');
  expect(await page.locator('#w-reading').isHidden()).toBe(true);
  expect(await page.locator('#e-reading').textContent()).toBe('');
  expect(await page.locator('#form-error').textContent()).toBe('');
  await page.getByRole('button', { name: 'Send the request' }).click();
  const number = (await page.locator('#ticket-number').textContent())!;
  expect(number).toMatch(/^T-\d+$/);
  expect(await Ticket.findOne({ number }).lean()).toMatchObject({ category: 'complaint' });
  await page.context().close();
}, 60_000);
