// Booking a slot at a walk-in office from the reception page, in a real browser (Russian here):
// a free time chosen, the identity checked, the confirmation with the code to show at the
// office; a slot booked by as many visitors as the office has desks is no longer offered; the
// booking cancelled from the confirmation frees the time again.
import type { Browser, Page } from 'playwright-core';
import { Booking } from '../../models/booking';
import { seriousViolations } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({});
  browser = await launchBrowser();
  const admin = await server.admin();
  const office = await admin.post('/api/admin/offices', {
    id: 'pd-centro',
    name: 'Padova Centro',
    hours: 'mon-sun 08:00-20:00',
    desks: 1,
    services: [
      { code: 'A', name: 'Счета', category: 'billing', slotMinutes: 30 },
      { code: 'W', name: 'Walk-in only', category: 'information_request' },
    ],
  });
  expect(office.status).toBe(201);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function reception(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'ru-RU',
    timezoneId: 'Europe/Rome',
    bypassCSP: true,
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/?lang=ru`);
  await page.waitForSelector('#booking-slots button.slot');
  return page;
}

test('book a free time, get the code in Russian, and cancel it', async () => {
  const page = await reception();
  // Accessible like the rest of the page (axe-core: no serious or critical violation).
  expect(await seriousViolations(page)).toEqual([]);
  // Only the services that take bookings are offered.
  expect(await page.locator('#booking-service option').allTextContents()).toEqual(['Счета']);
  // No time, then no identity: a clear error each, nothing booked.
  await page.click('#booking-submit');
  await page.locator('#booking-error').filter({ hasText: 'Выберите время.' }).waitFor();
  const first = page.locator('#booking-slots button.slot').first();
  const slot = await first.getAttribute('data-slot');
  await first.click();
  await page.click('#booking-submit');
  await page.locator('#booking-error').filter({ hasText: 'Укажите телефон или номер лицевого счёта.' }).waitFor();
  await page.fill('#booking-phone', 'abc');
  await page.click('#booking-submit');
  await page.locator('#booking-error').filter({ hasText: 'the phone number is not valid' }).waitFor();
  expect(await Booking.countDocuments()).toBe(0);

  await page.fill('#booking-phone', '+39 333 444 5566');
  await page.click('#booking-submit');
  await page.locator('#booking-result h2').filter({ hasText: 'Запись подтверждена' }).waitFor();
  const code = (await page.textContent('#booking-code'))!;
  expect(code).toMatch(/^[A-Z2-9]{6}$/);
  const stored = await Booking.findById(code).lean();
  expect(stored).toMatchObject({ office: 'pd-centro', service: 'A', phone: '+393334445566', slotStart: new Date(slot!) });
  expect(await page.textContent('#booking-result')).toContain('Padova Centro — Счета');
  expect(await seriousViolations(page)).toEqual([]);

  // One desk: that time is no longer offered to the next visitor.
  const other = await reception();
  expect(await other.locator(`#booking-slots button[data-slot="${slot}"]`).count()).toBe(0);

  // Cancelled from the confirmation: the time is free again.
  await page.click('#booking-cancel');
  await page.locator('#booking-cancelled').filter({ hasText: 'Запись отменена' }).waitFor();
  await waitFor(async () => (await Booking.countDocuments()) === 0, 5000, 'booking removed');
  const third = await reception();
  expect(await third.locator(`#booking-slots button[data-slot="${slot}"]`).count()).toBe(1);
});
