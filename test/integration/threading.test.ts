import { ingest } from '../../core/ingest/ingest';
import { QueueItem, Thread, Ticket } from '../../models';
import { seedCustomer } from '../factories/billing';
import { inboundSms } from '../factories/inbound';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

test('a known customer is identified by phone; a second message on the same matter joins the open ticket', async () => {
  const c = await seedCustomer(await server.admin(), { language: 'ru' });
  const first = await ingest(server.ctx, inboundSms({ from: c.phone, body: 'Почему такой большой счет?' }));
  const second = await ingest(server.ctx, inboundSms({ from: c.phone, body: 'И ещё: счет пришёл дважды' }));
  expect(first).toMatchObject({ created: true, accountNumber: c.accountNumber, category: 'billing', language: 'ru' });
  expect(second).toMatchObject({ created: false, ticketId: first.ticketId });
  expect(await Ticket.findById(first.ticketId).lean()).toMatchObject({ messageCount: 2, unread: 2, queue: 'chat' });
});

test('a different matter from the same customer opens a new ticket, with its own priority and deadline', async () => {
  const c = await seedCustomer(await server.admin());
  const billing = await ingest(server.ctx, inboundSms({ from: c.phone, body: 'Non capisco la bolletta' }));
  const outage = await ingest(server.ctx, inboundSms({ from: c.phone, body: 'Siamo senza luce da stamattina' }));
  expect(outage.ticketId).not.toBe(billing.ticketId);
  const t = await Ticket.findById(outage.ticketId).lean();
  expect(t).toMatchObject({ category: 'outage', priority: 1, queue: 'urgent' });
  expect(t!.sla!.resolutionDueAt!.getTime() - t!.queuedAt!.getTime()).toBe(server.ctx.rules.categories.outage.answerDays * 86_400_000);
});

test('an unknown sender is threaded by number; an e-mail sender by address, case-insensitively', async () => {
  const a = await ingest(server.ctx, inboundSms({ from: '+393471112233', body: 'Buongiorno, informazioni sugli orari' }));
  const b = await ingest(server.ctx, inboundSms({ from: '+39 347 111 2233', body: 'e anche sugli sportelli' }));
  expect(b.ticketId).toBe(a.ticketId);
  const m1 = await ingest(server.ctx, {
    channel: 'email',
    externalId: 'mail-1@x',
    from: 'Someone@Example.org',
    subject: 'Reclamo',
    body: 'testo',
    receivedAt: new Date(),
  });
  const m2 = await ingest(server.ctx, {
    channel: 'email',
    externalId: 'mail-2@x',
    from: 'someone@example.org',
    subject: 'Reclamo',
    body: 'altro',
    receivedAt: new Date(),
  });
  expect(m2.ticketId).toBe(m1.ticketId);
});

test('a message on a resolved ticket opens a new one; one naming the ticket reopens it', async () => {
  const first = await ingest(server.ctx, inboundSms({ from: '+393479990000', body: 'Reclamo per il contatore' }));
  await Ticket.updateOne({ _id: first.ticketId }, { $set: { status: 'resolved', resolvedAt: new Date() } });
  await QueueItem.deleteOne({ _id: first.ticketId });
  await Thread.deleteOne({ ticketId: first.ticketId });
  const next = await ingest(server.ctx, inboundSms({ from: '+393479990000', body: 'Altro reclamo' }));
  expect(next.ticketId).not.toBe(first.ticketId);

  const reply = await ingest(server.ctx, {
    ...inboundSms({ from: '+393479990000', body: 'Non sono soddisfatto' }),
    ticketId: first.ticketId,
  });
  expect(reply).toMatchObject({ ticketId: first.ticketId, created: false });
  expect(await Ticket.findById(first.ticketId).lean()).toMatchObject({ status: 'queued', reopenCount: 1 });
  expect(await QueueItem.exists({ _id: first.ticketId })).toBeTruthy();
});

test('events announce new and updated tickets', async () => {
  const seen: string[] = [];
  server.ctx.events.on('ticket.queued', (e) => void seen.push(`queued:${e.number}:${e.reason}`));
  server.ctx.events.on('ticket.updated', (e) => void seen.push(`updated:${e.number}`));
  const a = await ingest(server.ctx, inboundSms({ from: '+393470001111', body: 'Prima domanda sugli orari' }));
  await ingest(server.ctx, inboundSms({ from: '+393470001111', body: 'seconda domanda sugli orari' }));
  expect(seen).toEqual([`queued:${a.ticketNumber}:new`, `updated:${a.ticketNumber}`]);
});
