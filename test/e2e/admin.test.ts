// The admin screens in a real browser: each screen's main action by the role it is for, its
// refusal for the role it is not, every change in the audit log, and axe on each screen.
import type { Browser, Page } from 'playwright-core';
import { verifyPassword } from '../../core/auth/password';
import { Agent, Audit, Closure, Queue } from '../../models';
import { invalidateQueueCache } from '../../core/routing/select-queue';
import { AGENT_PASSWORD, loginAs, makeAgent } from '../support/agents';
import { screenshot, seriousViolations } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { ADMIN, startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function adminPage(email = ADMIN.email, password = ADMIN.password, tab = 'team'): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB', bypassCSP: true })).newPage();
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${server.url}/admin?lang=en&tab=${tab}`);
  await page.waitForSelector('#login-form', { state: 'visible' });
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#app', { state: 'visible' });
  return page;
}

const audited = (action: string, target?: string) =>
  waitFor(() => Audit.findOne({ action, ...(target ? { target } : {}) }).lean(), 5000, `audit ${action}`);

test('team: edit skills, capacity and role; deactivate; reset a password; import from CSV — all audited', async () => {
  const anna = await makeAgent({ name: 'Anna Rossi', channels: ['sms', 'email'], presence: 'available' });
  const annaSession = await loginAs(server.session(), anna);
  const page = await adminPage();
  const row = page.locator(`#team-table tr[data-agent="${anna.id}"]`);
  await row.waitFor();
  expect(await row.textContent()).toContain('logged in');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'admin-team');

  // Edit: no more e-mail, five SMS at once, supervisor.
  await page.getByRole('button', { name: 'Edit Anna Rossi' }).click();
  await page.locator('#a-channels input[value="email"]').uncheck();
  await page.fill('#a-channels input[name="cap-sms"]', '5');
  await page.selectOption('#a-role', 'supervisor');
  await page.click('#agent-form button[type=submit]');
  await page.locator('#status', { hasText: 'Saved.' }).waitFor();
  expect(await Agent.findById(anna.id).lean()).toMatchObject({ role: 'supervisor', channels: ['sms'], capacity: { sms: 5 } });
  expect(JSON.parse((await audited('agent.update', anna.id)).details!)).toMatchObject({ role: 'supervisor' });

  // A new password, shown once, works; the agent is then deactivated and can no longer log in.
  await page.getByRole('button', { name: 'New password Anna Rossi' }).click();
  const said = (await page.locator('#status', { hasText: 'New password for Anna Rossi' }).textContent())!;
  const password = /: (\S+) \(shown once\)/.exec(said)![1]!;
  expect(await verifyPassword(password, (await Agent.findById(anna.id).lean())!.passwordHash)).toBe(true);
  await audited('agent.reset-password', anna.id);
  await page.getByRole('button', { name: 'Deactivate Anna Rossi' }).click();
  await page.locator(`#team-table tr.inactive[data-agent="${anna.id}"]`).waitFor();
  expect(await Agent.findById(anna.id).lean()).toMatchObject({ active: false, presence: 'offline' });
  expect((await server.session().post('/api/auth/login', { email: anna.email, password })).status).toBe(401);
  // The session she had open ends with the deactivation.
  expect((await annaSession.get('/api/auth/me')).status).toBe(401);
  await audited('agent.deactivate', anna.id);

  // Bulk import: one good row, one bad row reported with its line.
  await page.fill(
    '#import-csv',
    'name,email,role,languages,channels\nPiero Neri,piero.neri@test.example,agent,it|en,sms|chat\nNo Mail,,agent,it,sms\n',
  );
  await page.click('#import-form button[type=submit]');
  await page.locator('#import-report', { hasText: '1 / 2' }).waitFor();
  expect(await page.textContent('#import-report')).toContain('#2');
  expect(await Agent.findOne({ email: 'piero.neri@test.example' }).lean()).toMatchObject({
    languages: ['it', 'en'],
    channels: ['sms', 'chat'],
  });
  await audited('agents.import');
  await page.context().close();
});

test('team refusals: a supervisor sees the team but cannot change it; an agent sees nothing', async () => {
  const sup = await makeAgent({ name: 'Sara Supervisor', role: 'supervisor' });
  const target = await makeAgent({ name: 'Target Agent' });
  const page = await adminPage(sup.email, AGENT_PASSWORD);
  await page.locator(`#team-table tr[data-agent="${target.id}"]`).waitFor();
  await page.getByRole('button', { name: 'Deactivate Target Agent' }).click();
  await page.locator('#status.error', { hasText: 'another role' }).waitFor();
  expect(await Agent.findById(target.id).lean()).toMatchObject({ active: true });

  const agent = await makeAgent({ name: 'Plain Agent' });
  const agentPage = await adminPage(agent.email, AGENT_PASSWORD);
  await agentPage.locator('#status.error', { hasText: 'another role' }).waitFor();
  expect(await agentPage.locator('#team-table tr').count()).toBe(0);
  const session = await loginAs(server.session(), agent);
  expect((await session.post(`/api/admin/agents/${target.id}`, { role: 'admin' })).status).toBe(403);
  expect((await session.post('/api/admin/agents/import', 'name,email\nX,x@test.example', { 'content-type': 'text/csv' })).status).toBe(403);
  await page.context().close();
  await agentPage.context().close();
});

test('queues: a supervisor switches a queue to push with its offer timeout, live without a restart; an agent is refused', async () => {
  const sup = await makeAgent({ name: 'Quinto Supervisor', role: 'supervisor' });
  const page = await adminPage(sup.email, AGENT_PASSWORD, 'queues');
  const save = page.locator('#queues-table button[data-queue="written"]');
  await save.waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'admin-queues');
  const row = page.locator('#queues-table tbody tr', { has: page.locator('button[data-queue="written"]') });
  await row.locator('select[name=mode]').selectOption('push');
  await row.locator('input[name=offerTimeoutSeconds]').fill('45');
  await save.click();
  await page.locator('#status', { hasText: 'Saved.' }).waitFor();
  expect(await Queue.findById('written').lean()).toMatchObject({ mode: 'push', offerTimeoutSeconds: 45 });
  expect(JSON.parse((await audited('queue.update', 'written')).details!)).toMatchObject({ mode: 'push', offerTimeoutSeconds: 45 });
  const agent = await makeAgent();
  const session = await loginAs(server.session(), agent);
  expect((await session.post('/api/queues/written', { mode: 'pull' })).status).toBe(403);
  await Queue.updateOne({ _id: 'written' }, { $set: { mode: 'pull' } });
  invalidateQueueCache();
  await page.context().close();
});

test("queues: a queue's own opening hours, and an exceptional closure added and removed — audited", async () => {
  const sup = await makeAgent({ name: 'Orario Supervisor', role: 'supervisor' });
  const page = await adminPage(sup.email, AGENT_PASSWORD, 'queues');
  const row = page.locator('#queues-table tbody tr', { has: page.locator('button[data-queue="phone"]') });
  await row.waitFor();
  // A bad spec is refused with the reason and changes nothing.
  await row.locator('input[name=businessHours]').fill('sun 9-13');
  await row.locator('button[data-queue="phone"]').click();
  await page.locator('#status.error', { hasText: 'HH:MM' }).waitFor();
  expect((await Queue.findById('phone').lean())!.businessHours).toBe('');
  await row.locator('input[name=businessHours]').fill('mon-sat 07:00-23:00');
  await row.locator('button[data-queue="phone"]').click();
  await page.locator('#status', { hasText: 'Saved.' }).waitFor();
  expect((await Queue.findById('phone').lean())!.businessHours).toBe('mon-sat 07:00-23:00');
  expect(JSON.parse((await audited('queue.update', 'phone')).details!)).toMatchObject({ businessHours: 'mon-sat 07:00-23:00' });

  // A closure of the phone queue tomorrow, with what the IVR says in Italian and English.
  await page.locator('#closures-none').waitFor();
  const day = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const form = page.locator('#closure-form');
  await form.locator('select[name=queue]').selectOption('phone');
  await form.locator('input[name=from]').fill(`${day}T08:00`);
  await form.locator('input[name=to]').fill(`${day}T14:00`);
  await form.locator('input[name=reason]').fill('Assemblea sindacale');
  await form.locator('input[name=message-it]').fill('Oggi fino alle 14 il servizio clienti è chiuso.');
  await form.locator('input[name=message-en]').fill('Customer service is closed today until 2 pm.');
  await form.locator('button[type=submit]').click();
  await page.locator('#status', { hasText: 'Closure added.' }).waitFor();
  const listed = page.locator('#closures-table tbody tr');
  await listed.first().waitFor();
  expect(await listed.count()).toBe(1);
  expect(await listed.first().textContent()).toContain('Assemblea sindacale');
  const stored = await Closure.findOne({ reason: 'Assemblea sindacale' }).lean();
  expect(stored).toMatchObject({
    queue: 'phone',
    message: { it: 'Oggi fino alle 14 il servizio clienti è chiuso.', en: 'Customer service is closed today until 2 pm.' },
  });
  expect(stored!.to.getTime() - stored!.from.getTime()).toBe(6 * 3_600_000);
  await audited('closure.set', `closure:${stored!._id}`);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'admin-closures');

  await page.getByRole('button', { name: 'Remove Assemblea sindacale' }).click();
  await page.locator('#status', { hasText: 'Closure removed.' }).waitFor();
  await page.locator('#closures-none').waitFor();
  expect(await Closure.findById(stored!._id).lean()).toBeNull();
  await audited('closure.delete', `closure:${stored!._id}`);

  await Queue.updateOne({ _id: 'phone' }, { $set: { businessHours: '' } });
  invalidateQueueCache();
  await page.context().close();
});

test('audit log: filtered by action, exported as CSV; refused to a supervisor', async () => {
  const admin = await server.admin();
  const created = await admin.post('/api/admin/agents', {
    name: 'Audit Target',
    email: 'audit.target@test.example',
    password: 'a-password-1',
    role: 'agent',
  });
  expect(created.status).toBe(201);
  expect((await admin.post(`/api/admin/agents/${created.body.id}`, { languages: ['ru'] })).status).toBe(200);
  const page = await adminPage(ADMIN.email, ADMIN.password, 'audit');
  await page.fill('#f-action', 'agent.update');
  await page.click('#audit-filters button[type=submit]');
  // Only the updates stay once the filter applies.
  await page.locator('#audit-table tbody tr', { hasText: 'agent.create' }).first().waitFor({ state: 'detached' });
  const row = page.locator('#audit-table tbody tr', { hasText: created.body.id });
  expect(await row.textContent()).toContain('agent.update');
  expect(await row.textContent()).toContain('Administrator');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'admin-audit');
  const href = (await page.getAttribute('#audit-csv', 'href'))!;
  const csv = await admin.get(href);
  expect(csv.headers.get('content-type')).toContain('text/csv');
  expect(csv.text.split('\r\n')[0]).toBe('at,actor,actorName,action,target,details');
  expect(csv.text).toContain(`agent.update,${created.body.id}`);

  const sup = await makeAgent({ role: 'supervisor' });
  expect((await (await loginAs(server.session(), sup)).get('/api/admin/audit')).status).toBe(403);
  await page.context().close();
});

test('canned answers: seeded from the built-in ones, a supervisor adds one for a category; the console offers it; an agent is refused', async () => {
  const sup = await makeAgent({ name: 'Carla Supervisor', role: 'supervisor' });
  const page = await adminPage(sup.email, AGENT_PASSWORD, 'canned');
  await page.locator('#canned-table tbody tr', { hasText: 'Request received' }).waitFor();
  await page.fill('#c-id', 'meter-photo');
  await page.fill('#c-label', 'Send a meter photo');
  await page.selectOption('#c-category', 'meter_reading');
  await page.fill('#c-it', 'Ci invii una foto del contatore, per favore.');
  await page.fill('#c-en', 'Please send us a photo of your meter.');
  await page.click('#canned-form button[type=submit]');
  await page.locator('#canned-table tbody tr', { hasText: 'Send a meter photo' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'admin-canned');
  await audited('canned.save', 'meter-photo');
  // A built-in answer deleted stays deleted (the seeding runs once per store).
  await page.getByRole('button', { name: 'Delete Closing' }).click();
  await page.locator('#canned-table tbody tr', { hasText: 'Closing' }).waitFor({ state: 'detached' });
  await audited('canned.delete', 'closing');

  const agent = await makeAgent();
  const session = await loginAs(server.session(), agent);
  const list = await session.get('/api/canned');
  expect(list.body.answers.find((c: { id: string }) => c.id === 'meter-photo')).toMatchObject({
    category: 'meter_reading',
    text: { it: 'Ci invii una foto del contatore, per favore.' },
  });
  expect(list.body.answers.map((c: { id: string }) => c.id)).not.toContain('closing');
  expect((await session.post('/api/admin/canned', { id: 'x', label: 'x', text: { en: 'x' } })).status).toBe(403);
  await page.context().close();
});
