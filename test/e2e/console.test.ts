// The agent console in a real browser (Debian chromium through playwright-core): an agent
// logs in, sees an SMS arrive live, claims it, replies; the reply reaches the local Twilio
// stand-in through the real `twilio` package; a second agent's screen updates.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { ingest } from '../../core/ingest/ingest';
import { invalidateQueueCache } from '../../core/routing/select-queue';
import { Agent, Queue, Ticket } from '../../models';
import { inboundSms } from '../factories/inbound';
import { AGENT_PASSWORD, makeAgent, type TestAgent } from '../support/agents';
import { launchBrowser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
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

async function consoleFor(agent: TestAgent): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/console`);
  await page.fill('#login-email', agent.email);
  await page.fill('#login-password', AGENT_PASSWORD);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#conn.ok', { timeout: 15_000 });
  return page;
}

test('an SMS arrives live, is claimed and answered; the reply reaches Twilio; a colleague sees the claim', async () => {
  const alice = await makeAgent({ name: 'Alice', channels: ['sms', 'web'] });
  const bob = await makeAgent({ name: 'Bob', channels: ['sms', 'web'] });
  const pageA = await consoleFor(alice);
  const pageB = await consoleFor(bob);

  // The customer's SMS, through the signed webhook (the real inbound path).
  const from = '+393337770001';
  const hook = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', {
    MessageSid: `SM${'e2e'.padEnd(32, '0')}`,
    AccountSid: twilio.accountSid,
    From: from,
    To: server.ctx.config.TWILIO_FROM_NUMBER,
    Body: 'Buongiorno, ho una domanda sulla bolletta di ottobre',
    NumMedia: '0',
  });
  expect(hook.status).toBe(200);
  const ticket = await waitFor(() => Ticket.findOne({ 'contact.address': from }).lean(), 10_000, 'ticket from the SMS');
  const id = String(ticket._id);

  // Both consoles show it live in the queue list.
  const rowA = pageA.locator(`.queues ul[data-queue] li[data-ticket="${id}"]`);
  const rowB = pageB.locator(`.queues ul[data-queue] li[data-ticket="${id}"]`);
  await rowA.waitFor({ timeout: 10_000 });
  await rowB.waitFor({ timeout: 10_000 });
  expect(await rowA.textContent()).toContain(ticket.number);

  // Alice opens it (click) and claims it (c); Bob's list drops it.
  await rowA.click();
  await pageA.waitForSelector('#ticket:not([hidden])');
  expect(await pageA.locator('#thread li.in').first().textContent()).toContain('bolletta di ottobre');
  await pageA.keyboard.press('c');
  await pageA.locator(`#mine li[data-ticket="${id}"]`).waitFor({ timeout: 10_000 });
  await rowB.waitFor({ state: 'detached', timeout: 10_000 });

  // The reply (Ctrl+Enter) leaves through Twilio.
  await pageA.fill('#reply', 'Gentile cliente, la bolletta di ottobre include il conguaglio annuale.');
  await pageA.press('#reply', 'Control+Enter');
  const sent = await waitFor(() => twilio.messages().find((m) => m.params.To === from), 10_000, 'Twilio Messages.create');
  expect(sent.params.Body).toBe('Gentile cliente, la bolletta di ottobre include il conguaglio annuale.');
  await pageA.locator('#thread li.out').first().waitFor({ timeout: 10_000 });
  if (process.env.CONSOLE_SCREENSHOT) await pageA.screenshot({ path: process.env.CONSOLE_SCREENSHOT });
  expect(await Ticket.findById(id).lean()).toMatchObject({ status: 'assigned', assignee: alice.id, firstResponseAt: expect.any(Date) });

  // The customer writes again: the open conversation updates live.
  const again = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', {
    MessageSid: `SM${'e2e2'.padEnd(32, '0')}`,
    AccountSid: twilio.accountSid,
    From: from,
    To: server.ctx.config.TWILIO_FROM_NUMBER,
    Body: 'Grazie, ma la bolletta di ottobre resta troppo alta',
    NumMedia: '0',
  });
  expect(again.status).toBe(200);
  await pageA.locator('#thread li.in', { hasText: 'resta troppo alta' }).waitFor({ timeout: 10_000 });

  // An internal note by keyboard (Esc, n, Ctrl+Enter): shown on the thread, never sent to Twilio.
  await pageA.press('#reply', 'Escape');
  await pageA.keyboard.press('n');
  await pageA.keyboard.type('customer asked for a call back next week');
  await pageA.keyboard.press('Control+Enter');
  await pageA.locator('#thread li.note').first().waitFor({ timeout: 10_000 });
  expect(twilio.messages().filter((m) => m.params.To === from)).toHaveLength(1);

  // Resolve with an outcome: gone from Alice's list too.
  await pageA.selectOption('#outcome', 'answered');
  await pageA.click('#resolve');
  await pageA.locator(`#mine li[data-ticket="${id}"]`).waitFor({ state: 'detached', timeout: 10_000 });
  expect(await Ticket.findById(id).lean()).toMatchObject({ status: 'resolved', outcome: 'answered' });
});

test('push queue: the offer prompt appears, the agent accepts with the keyboard (c)', async () => {
  await Queue.updateOne({ _id: 'chat' }, { $set: { mode: 'push', offerTimeoutSeconds: 30 } });
  invalidateQueueCache();
  const carla = await makeAgent({ name: 'Carla', channels: ['sms'] });
  const page = await consoleFor(carla);
  await page.selectOption('#presence', 'available');
  await waitFor(async () => (await Agent.findById(carla.id).lean())?.presence === 'available', 5000, 'presence saved');

  const { ticketId, ticketNumber } = await ingest(server.ctx, inboundSms({ from: '+393337770002', category: 'billing' }));
  await page.waitForSelector('#offer:not([hidden])', { timeout: 10_000 });
  expect(await page.textContent('#offer-text')).toContain(ticketNumber);
  // A reload (or a reconnect) brings the pending offer back from the snapshot.
  await page.reload();
  await page.waitForSelector('#offer:not([hidden])', { timeout: 10_000 });
  expect(await page.textContent('#offer-text')).toContain(ticketNumber);
  await page.keyboard.press('c');
  await page.locator(`#mine li[data-ticket="${ticketId}"]`).waitFor({ timeout: 10_000 });
  expect(await page.isHidden('#offer')).toBe(true);
  expect(await Ticket.findById(ticketId).lean()).toMatchObject({ status: 'assigned', assignee: carla.id });
});

test('an MMS media URL that is not http(s) is shown as text, never as a link; an https one is a link', async () => {
  const dave = await makeAgent({ name: 'Dave', channels: ['sms'] });
  const page = await consoleFor(dave);
  const alerts: string[] = [];
  page.on('dialog', (d) => {
    alerts.push(d.message());
    void d.dismiss();
  });
  const { ticketId } = await ingest(
    server.ctx,
    inboundSms({
      from: '+393337770005',
      body: 'Foto del contatore allegata',
      attachments: [{ url: 'javascript:alert(4)' }, { url: 'https://api.twilio.com/2010-04-01/Media/ME1' }],
    }),
  );
  const row = page.locator(`.queues ul[data-queue] li[data-ticket="${ticketId}"]`);
  await row.waitFor({ timeout: 10_000 });
  await row.click();
  await page.locator('#thread li.in', { hasText: 'Foto del contatore' }).waitFor({ timeout: 10_000 });
  const hrefs = await page.locator('#thread a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(hrefs).toEqual(['https://api.twilio.com/2010-04-01/Media/ME1']);
  expect(await page.locator('#thread li.in').textContent()).toContain('javascript:alert(4)');
  await page.locator('#thread li.in .muted').click();
  expect(alerts).toEqual([]);
});

test("CSRF: a page on another port of the same host cannot claim a ticket with the agent's cookie", async () => {
  const erin = await makeAgent({ name: 'Erin', channels: ['sms'] });
  const page = await consoleFor(erin);
  const { ticketId, ticketNumber } = await ingest(server.ctx, inboundSms({ from: '+393337770006', body: 'Una domanda sul contatore' }));
  // The attacker's page: same host (127.0.0.1), another port, so same-site and the Lax cookie goes along.
  const evil: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(
      `<form id="f" method="post" action="${server.url}/api/tickets/${ticketId}/claim"></form><script>document.getElementById('f').submit()</script>`,
    );
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  try {
    const attack = await page.context().newPage();
    const answer = attack.waitForResponse((r) => r.url().endsWith(`/api/tickets/${ticketId}/claim`));
    await attack.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
    expect((await answer).status()).toBe(403);
    expect(await Ticket.findById(ticketId).lean()).toMatchObject({ status: 'queued' });
    // The console itself (same origin) still claims it.
    await attack.close();
    await page.bringToFront();
    const row = page.locator(`.queues ul[data-queue] li[data-ticket="${ticketId}"]`);
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    // `c` acts on the ticket on screen: once it is shown.
    await page.waitForFunction((n) => document.querySelector('#t-title')?.textContent?.startsWith(n), ticketNumber!);
    await page.keyboard.press('c');
    await page.locator(`#mine li[data-ticket="${ticketId}"]`).waitFor({ timeout: 10_000 });
  } finally {
    await new Promise<void>((resolve) => evil.close(() => resolve()));
  }
});

test('keys act on the ticket on screen: c claims the open ticket, not a pop-up offer; accepting an offer opens it before anything is typed', async () => {
  // The open ticket waits in a pull queue; other work is pushed as offers from another queue.
  await Queue.updateOne({ _id: 'chat' }, { $set: { mode: 'pull' } });
  await Queue.updateOne({ _id: 'written' }, { $set: { mode: 'push', offerTimeoutSeconds: 120 } });
  invalidateQueueCache();
  const dana = await makeAgent({ name: 'Dana', channels: ['sms', 'email'] });
  const page = await consoleFor(dana);
  const customerA = '+393337770003';
  const open = await ingest(server.ctx, inboundSms({ from: customerA, category: 'billing', body: 'Il conguaglio di marzo non mi torna' }));
  await page.locator(`.queues li[data-ticket="${open.ticketId}"]`).click();
  await page.waitForFunction((n) => document.querySelector('#t-title')?.textContent?.startsWith(n), open.ticketNumber!);

  // Available: an e-mail from another customer is pushed to Dana while ticket A is on screen.
  await page.selectOption('#presence', 'available');
  await waitFor(async () => (await Agent.findById(dana.id).lean())?.presence === 'available', 5000, 'presence saved');
  const offered = await ingest(server.ctx, {
    channel: 'email',
    externalId: `e2e-offer-${Date.now()}`,
    from: 'altro.cliente@example.it',
    subject: 'Domanda sulla bolletta',
    body: 'Vorrei capire la bolletta di aprile',
    category: 'billing',
    receivedAt: new Date(),
  });
  await page.waitForSelector('#offer:not([hidden])', { timeout: 10_000 });
  expect(await page.textContent('#offer-text')).toContain(offered.ticketNumber);

  // c claims the ticket the agent is looking at; the offer stays where it is.
  await page.locator('body').focus();
  await page.keyboard.press('c');
  await page.locator(`#mine li[data-ticket="${open.ticketId}"]`).waitFor({ timeout: 10_000 });
  expect(await Ticket.findById(open.ticketId).lean()).toMatchObject({ status: 'assigned', assignee: dana.id });
  expect(await Ticket.findById(offered.ticketId).lean()).toMatchObject({ status: 'queued' });
  expect(await page.isVisible('#offer')).toBe(true);
  expect(await page.textContent('#t-title')).toContain(open.ticketNumber);

  // The next reply goes to the customer on screen.
  await page.keyboard.press('r');
  await page.keyboard.type('Gentile cliente, il conguaglio riguarda i consumi stimati.');
  await page.keyboard.press('Control+Enter');
  const sent = await waitFor(() => twilio.messages().find((m) => m.params.To === customerA), 10_000, 'the reply to customer A');
  expect(sent.params.Body).toBe('Gentile cliente, il conguaglio riguarda i consumi stimati.');

  // A draft for A is not carried over: accepting the offer (o) opens the offered ticket on
  // screen, with an empty reply box, before anything can be typed into it.
  await page.fill('#reply', 'bozza per il cliente A');
  await page.press('#reply', 'Escape');
  await page.keyboard.press('o');
  await page.waitForFunction((n) => document.querySelector('#t-title')?.textContent?.startsWith(n), offered.ticketNumber!, {
    timeout: 10_000,
  });
  await page.locator(`#mine li[data-ticket="${offered.ticketId}"]`).waitFor({ timeout: 10_000 });
  expect(await page.inputValue('#reply')).toBe('');
  expect(await page.isHidden('#offer')).toBe(true);
  expect(await Ticket.findById(offered.ticketId).lean()).toMatchObject({ status: 'assigned', assignee: dana.id });
  // Ticket A got one reply only.
  expect(twilio.messages().filter((m) => m.params.To === customerA)).toHaveLength(1);
});
