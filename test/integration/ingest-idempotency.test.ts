import { ingest } from '../../core/ingest/ingest';
import { Inbox, Message, QueueItem, Ticket } from '../../models';
import { ReportingEvent } from '../../models/reporting-event';
import { inboundSms } from '../factories/inbound';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

test('the same webhook replayed 20 times at once gives one message and one ticket', async () => {
  const msg = inboundSms();
  const results = await Promise.all(Array.from({ length: 20 }, () => ingest(server.ctx, { ...msg })));

  const ticketIds = new Set(results.map((r) => r.ticketId));
  expect(ticketIds.size).toBe(1);
  expect([...ticketIds][0]).toBeTruthy();
  expect(results.filter((r) => r.created)).toHaveLength(1);
  expect(results.filter((r) => r.duplicate)).toHaveLength(19);
  expect(await Message.countDocuments({ _id: `sms:${msg.externalId}` })).toBe(1);
  expect(await Ticket.countDocuments({ 'contact.address': msg.from })).toBe(1);
  expect(await QueueItem.countDocuments({ _id: [...ticketIds][0] })).toBe(1);
});

test('a replay long after the first delivery returns the same ticket number', async () => {
  const msg = inboundSms();
  const first = await ingest(server.ctx, msg);
  const again = await ingest(server.ctx, { ...msg, body: 'changed text in a replay' });
  expect(again).toMatchObject({ duplicate: true, ticketId: first.ticketId, ticketNumber: first.ticketNumber });
  const stored = await Message.findById(`sms:${msg.externalId}`).lean();
  expect(stored?.body).toBe(msg.body);
});

test('the message is stored before processing, and a failed processing is finished by the retry job', async () => {
  const msg = inboundSms({ body: 'retry me please' });
  // The first attempt runs with a broken rule table, so it fails after the durable write;
  // the retry job runs in the server with the real rules.
  const broken = { ...server.ctx, rules: { ...server.ctx.rules, categories: {} as never } };
  const result = await ingest(broken, msg);
  expect(result.pending).toBe(true);
  expect(await Inbox.findById(`sms:${msg.externalId}`).lean()).toMatchObject({ _id: `sms:${msg.externalId}` });

  const processed = await waitFor(
    () => Message.findOne({ _id: `sms:${msg.externalId}`, state: 'processed' }).lean(),
    15_000,
    'the retry job to process the message',
  );
  expect(processed.ticketId).toBeTruthy();
  expect(processed.body).toBe('retry me please');
  expect(await Ticket.findById(processed.ticketId).lean()).toMatchObject({ status: 'queued' });
  // Removed last, just after the message is marked processed.
  await waitFor(async () => !(await Inbox.findById(`sms:${msg.externalId}`).lean()), 5000, 'the inbox entry to be removed');
});

test('the sweeper finishes a message whose processing died without a trace in the queue', async () => {
  const msg = inboundSms({ body: 'lost in a crash' });
  const id = `sms:${msg.externalId}`;
  // What a crash right after the durable write leaves: an inbox entry, nothing else.
  await Inbox.create({
    _id: id,
    receivedAt: new Date(Date.now() - 120_000),
    payload: JSON.stringify({ inbound: { ...msg, receivedAt: msg.receivedAt } }),
  });
  const run = await server.ctx.scheduler.runNow('ingest-sweep', new Date(), 'manual');
  expect(run.counts).toEqual({ rescheduled: 1 });
  const stored = await waitFor(() => Message.findOne({ _id: id, state: 'processed' }).lean(), 15_000, 'the swept message to be processed');
  expect(stored).toMatchObject({ body: 'lost in a crash' });
  await waitFor(async () => !(await Inbox.findById(id).lean()), 5000, 'the inbox entry to be removed');
});

test('a message processed by an attempt that died before announcing its ticket: the sweeper announces it', async () => {
  // A sender of its own: the message opens its ticket (it does not join another test's).
  const msg = inboundSms({ body: 'processed, then the store was killed', from: '+393339876501' });
  const id = `sms:${msg.externalId}`;
  const first = await ingest(server.ctx, msg);
  // What a store kill between marking the message and announcing its ticket leaves: the
  // message processed on its queued ticket, its inbox entry, and no agent or figure told.
  await ReportingEvent.deleteMany({ ticketId: first.ticketId });
  await Inbox.create({ _id: id, receivedAt: new Date(Date.now() - 120_000), payload: JSON.stringify({ inbound: msg }) });
  const announced: string[] = [];
  server.ctx.events.on('ticket.queued', (e) => void (e.ticketId === first.ticketId && announced.push(e.ticketId)));
  await server.ctx.scheduler.runNow('ingest-sweep', new Date(), 'manual');
  await waitFor(async () => !(await Inbox.findById(id).lean()), 15_000, 'the inbox entry to be removed');
  await waitFor(() => ReportingEvent.findOne({ ticketId: first.ticketId, name: 'offered' }).lean(), 10_000, 'the offered event');
  expect(announced).toEqual([first.ticketId]);
  expect(await Ticket.findById(first.ticketId, { messageCount: 1 }).lean()).toMatchObject({ messageCount: 1 });
});

test('invalid input is refused before anything is written', async () => {
  await expect(ingest(server.ctx, { ...inboundSms(), externalId: '' })).rejects.toThrow();
  await expect(ingest(server.ctx, { ...inboundSms(), channel: 'fax' as never })).rejects.toThrow();
});

test('processed messages and queued tickets are counted in /metrics, by channel and by queue', async () => {
  await ingest(server.ctx, inboundSms({ body: 'conta anche me' }));
  const text = await (await fetch(`${server.url}/metrics`)).text();
  expect(text).toMatch(/hotline_inbound_messages_total\{channel="sms"\} [1-9]/);
  expect(text).toMatch(/hotline_tickets_queued_total\{queue="chat",reason="new"\} [1-9]/);
});
