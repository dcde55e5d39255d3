import type { Browser, Page } from 'playwright-core';
import { io as connect, type Socket } from 'socket.io-client';
import { Agent, Ticket } from '../../models';
import { launchBrowser } from '../support/browser';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

let server: TestServer;
let sink: SmtpSink;
let browser: Browser;
let agentSocket: Socket | null = null;

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ SMTP_OUTBOUND_URL: sink.url });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  agentSocket?.disconnect();
  await browser?.close();
  await server?.close();
  await sink?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
  return context.newPage();
}

test('submit the form on a phone-sized screen, get the number and deadline, open the tracking link and add a message', async () => {
  await Agent.updateMany({}, { $set: { presence: 'offline' } });
  const page = await newPage();
  await page.goto(`${server.url}/?lang=en`);
  await page.getByRole('heading', { name: 'Virtual reception' }).waitFor();

  // An empty submission: each problem is announced next to its field and focus goes to the first.
  await page.getByRole('button', { name: 'Send the request' }).click();
  await page.locator('#e-category').filter({ hasText: 'Choose the kind of request.' }).waitFor();
  expect(await page.locator('#e-name').textContent()).toBe('This field is required.');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-category');
  expect(await page.getByLabel('Kind of request').getAttribute('aria-invalid')).toBe('true');

  await page.getByLabel('Kind of request').selectOption('complaint');
  await page.getByLabel('Full name').fill('Laura Neri');
  await page.getByLabel('E-mail').fill('laura.neri@example.org');
  await page.getByLabel('Subject (optional)').fill('Wrong bill');
  // Keyboard only for the last field and the submission.
  await page.getByLabel('Message').focus();
  await page.keyboard.type('My March bill counts a reading I never sent.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');

  const number = (await page.locator('#ticket-number').textContent())!;
  expect(number).toMatch(/^T-\d+$/);
  const ticket = (await Ticket.findOne({ number }).lean())!;
  expect(ticket).toMatchObject({ channel: 'web', category: 'complaint', language: 'en' });
  expect(await page.locator('#deadline').textContent()).toBe(
    new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(ticket.sla!.resolutionDueAt!),
  );
  const link = (await page.locator('#tracking-link').getAttribute('href'))!;
  expect(link).toMatch(new RegExp(`/track\\?n=${number}&token=[A-Za-z0-9_-]{43}&lang=en$`));
  await waitFor(() => sink.mails.find((m) => m.rcptTo.includes('laura.neri@example.org')), 10_000, 'acknowledgement mail');

  await page.goto(link);
  await page.locator('#ticket-number').filter({ hasText: number }).waitFor();
  expect(await page.locator('#status').textContent()).toBe('Waiting for an agent');
  expect(await page.locator('#conversation li').count()).toBe(1);
  await page.getByLabel('Add a message').fill('I attach nothing, but the meter was replaced in February.');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('#conversation li').nth(1).waitFor();
  // A reload shows it from the store.
  await page.reload();
  await page.locator('#conversation li').nth(1).filter({ hasText: 'replaced in February' }).waitFor();

  // A tampered link shows nothing of the request.
  await page.goto(link.replace(/token=[^&]+/, 'token=' + 'A'.repeat(43)));
  await page.locator('#not-found').waitFor();
  expect(await page.content()).not.toContain('Laura');
  await page.context().close();
});

test('live chat with an agent (agent socket + reply), and a reload gets the conversation back', async () => {
  const admin = await server.admin();
  agentSocket = connect(`${server.url}/agents`, { transports: ['websocket'], extraHeaders: { cookie: admin.cookie }, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    agentSocket!.once('connect', () => resolve());
    agentSocket!.once('connect_error', reject);
  });
  const presence = await agentSocket.emitWithAck('presence:set', 'available');
  expect(presence.error).toBeUndefined();
  const queued: Array<{ ticketId: string; number: string; channel: string }> = [];
  agentSocket.on('ticket:queued', (t) => queued.push(t));

  const page = await newPage();
  await page.goto(`${server.url}/?lang=en`);
  await page.getByRole('heading', { name: 'Chat with an agent' }).waitFor();
  await page.locator('#f-chatName').fill('Paolo Gialli');
  await page.locator('#f-chatMessage').fill('Hello, my gas meter is making a noise.');
  await page.getByRole('button', { name: 'Start the chat' }).click();
  await page.locator('#chat-log li').filter({ hasText: 'my gas meter is making a noise' }).waitFor();

  // The agent sees the chat arrive on its socket, claims it and answers.
  // A chat an agent can take is a live contact on its own channel.
  const item = await waitFor(() => queued.find((t) => t.channel === 'chat'), 10_000, 'ticket:queued on the agent socket');
  expect((await admin.post(`/api/tickets/${item.ticketId}/claim`)).status).toBe(200);
  const reply = await admin.post(`/api/tickets/${item.ticketId}/reply`, { body: 'Hello Paolo, is the noise continuous?' });
  expect(reply.status).toBe(201);
  await page.locator('#chat-log li.msg-agent').filter({ hasText: 'is the noise continuous?' }).waitFor();

  await page.getByLabel('Write a message').fill('Yes, since this morning.');
  await page.keyboard.press('Enter');
  await page.locator('#chat-log li.msg-customer').filter({ hasText: 'since this morning' }).waitFor();

  // Reload: the same conversation, in order, from the store.
  await page.reload();
  await page.locator('#chat-log li').nth(2).waitFor();
  const texts = await page.locator('#chat-log li p').allTextContents();
  expect(texts).toEqual(['Hello, my gas meter is making a noise.', 'Hello Paolo, is the noise continuous?', 'Yes, since this morning.']);
  // And it still receives live answers after the reload.
  await admin.post(`/api/tickets/${item.ticketId}/reply`, { body: 'A technician will call you today.' });
  await page.locator('#chat-log li.msg-agent').filter({ hasText: 'technician will call' }).waitFor();
  await page.context().close();
});

test('the answer to a submitted form is lost on the way: the page sends it again by itself and shows the one ticket', async () => {
  await Agent.updateMany({}, { $set: { presence: 'offline' } });
  const page = await newPage();
  // The first POST reaches the server (the ticket is opened) and its answer never reaches the page.
  let posts = 0;
  await page.route('**/api/reception/requests', async (route) => {
    posts += 1;
    if (posts > 1) return route.continue();
    await route.fetch();
    await route.abort('connectionreset');
  });
  await page.goto(`${server.url}/?lang=en`);
  // The request form's own fields (the chat, when an agent is free, has a name field too).
  const request = page.getByRole('group', { name: 'Your request' });
  await request.getByLabel('Kind of request').selectOption('information_request');
  await request.getByLabel('Full name').fill('Paolo Riva');
  await request.getByLabel('E-mail').fill('paolo.riva@example.org');
  await request.getByLabel('Message').fill('What are the opening hours of the Via Roma office?');
  await page.getByRole('button', { name: 'Send the request' }).click();

  const number = (await page.locator('#ticket-number').textContent({ timeout: 15_000 }))!;
  expect(posts).toBe(2);
  const tickets = await Ticket.find({ 'contact.address': 'paolo.riva@example.org' }).lean();
  expect(tickets.map((t) => t.number)).toEqual([number]);
  await page.context().close();
});
