// The consumer associations' portal in a real browser: a representative logs in, submits a
// case for a member with the signed mandate as a file, sees it in their list with its status,
// opens it and replies; a representative of another association sees none of it; the
// supervisors' regulatory page shows the association's figures.
import type { Browser, Page } from 'playwright-core';
import { AssociationCase } from '../../models/association';
import { Message } from '../../models';
import { launchBrowser } from '../support/browser';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

let server: TestServer;
let admin: Session;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.admin();
  browser = await launchBrowser();
  for (const [id, name, email] of [
    ['adoc', 'Adoc', 'rep@adoc.it'],
    ['codacons', 'Codacons', 'rep@codacons.it'],
  ]) {
    expect((await admin.post('/api/admin/associations', { id, name, domains: [email.split('@')[1]] })).status).toBe(201);
    expect((await admin.post(`/api/admin/associations/${id}/representatives`, { name, email, password: 'rep-password-1' })).status).toBe(
      201,
    );
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function portalAs(email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}/association`);
  await page.fill('#login-email', email);
  await page.fill('#login-password', 'rep-password-1');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#case-form');
  return page;
}

test('a representative submits a case with its mandate, follows it and replies; another association sees nothing', async () => {
  const page = await portalAs('rep@adoc.it');
  await page.fill('#case-member', 'Giulia Neri');
  await page.fill('#case-contract', 'CTR-445566');
  await page.fill('#case-subject', 'Contratto non richiesto');
  await page.selectOption('#case-category', 'disputed_contract');
  await page.fill('#case-message', 'La socia non ha mai firmato questo contratto.');
  // Without the mandate: a clear error, nothing sent.
  await page.click('#case-submit');
  await page.waitForFunction(() => (document.getElementById('case-error')?.textContent ?? '').includes('mandate'));
  expect(await AssociationCase.countDocuments({ association: 'adoc' })).toBe(0);
  // A scan over 5 MB: refused on the page, naming the limit, before any upload.
  await page.setInputFiles('#case-mandate', {
    name: 'delega-scansione.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 0x25),
  });
  await page.click('#case-submit');
  await page.waitForFunction(() => (document.getElementById('case-error')?.textContent ?? '').includes('larger than 5 MB'));
  expect(await AssociationCase.countDocuments({ association: 'adoc' })).toBe(0);
  await page.setInputFiles('#case-mandate', {
    name: 'delega-neri.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4 delega firmata Neri'),
  });
  await page.click('#case-submit');
  const row = page.locator('#cases button[data-case]');
  await row.first().waitFor({ timeout: 10_000 });
  expect(await row.first().textContent()).toMatch(/Contratto non richiesto · queued/);

  await row.first().click();
  await page.waitForSelector('#case-messages li');
  expect(await page.textContent('#case-messages')).toContain('delega-neri.pdf');
  await page.fill('#reply-text', 'Inviamo anche la denuncia.');
  await page.click('#reply-send');
  await page.waitForFunction(() => (document.getElementById('case-messages')?.textContent ?? '').includes('Inviamo anche la denuncia.'));
  const c = (await AssociationCase.findOne({ association: 'adoc' }).lean())!;
  expect(await Message.countDocuments({ ticketId: c._id, direction: 'in' })).toBe(2);

  const other = await portalAs('rep@codacons.it');
  await other.waitForSelector('#cases', { state: 'attached' });
  await other.waitForLoadState('networkidle');
  expect(await other.locator('#cases li').count()).toBe(0);

  // The supervisors' regulatory page lists the association's cases of the month.
  const dash = await (await browser.newContext()).newPage();
  await dash.goto(`${server.url}/dashboard`);
  await dash.fill('#login-email', 'admin@test.example');
  await dash.fill('#login-password', 'admin-password-1');
  await dash.click('#login-form button[type=submit]');
  await dash.waitForSelector('#board', { state: 'visible' });
  await dash.click('#tab-regulatory');
  await waitFor(async () => ((await dash.textContent('#associations-table')) ?? '').includes('Adoc'), 15_000, 'associations table');
});
