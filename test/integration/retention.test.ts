// The retention job against the real store: the admins' dry run counts per kind and changes
// nothing; the run replaces what is past its period (message texts, recordings, resolved
// tickets' contact data, readings' sender numbers, finished callbacks' numbers, survey
// comments) and a second run finds nothing left;
// the statistics stay as they were.
import mongoose from 'mongoose';
import { ingest } from '../../core/ingest/ingest';
import { Message, Reading, Ticket } from '../../models';
import { Callback } from '../../models/callback';
import { Survey } from '../../models/survey';
import { seedCustomer } from '../factories/billing';
import { inboundSms } from '../factories/inbound';
import { loginAs, makeAgent } from '../support/agents';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

const PUBLIC = 'http://hotline.example.test';
let twilio: TwilioStandIn;
let server: TestServer;
let admin: Session;
const YEAR = 365 * 86_400_000;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer({ PUBLIC_BASE_URL: PUBLIC, TWILIO_API_BASE_URL: twilio.url });
  admin = await server.admin();
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
});

const statistics = async () => {
  const db = mongoose.connection.db!;
  return JSON.stringify(await db.collection('reportingevents').find({}).sort({ _id: 1 }).toArray());
};

test('dry run, run, and a second run that finds nothing; statistics unchanged', async () => {
  const c = await seedCustomer(admin);
  const text = await ingest(server.ctx, inboundSms({ from: c.phone, body: 'Vorrei parlare della bolletta di marzo, grazie' }));
  const voicemail = await ingest(
    server.ctx,
    inboundSms({
      channel: 'voice',
      from: c.phone,
      body: 'IVR: voicemail (12 s)',
      attachments: [{ url: 'https://api.twilio.example/Recordings/RE1', contentType: 'audio/x-wav' }],
    } as never),
  );
  // A self-reading by SMS (the webhook records it with the sender's number).
  await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', {
    MessageSid: `SM${Date.now()}${Math.random().toString(16).slice(2)}`,
    AccountSid: twilio.accountSid,
    From: c.phone,
    To: '+390000000000',
    Body: `${c.contractNumber}g1100`,
    NumMedia: '0',
  });
  await waitFor(() => Reading.findOne({ contractNumber: c.contractNumber, from: c.phone }).lean(), 10_000, 'the reading');
  await Ticket.updateOne({ _id: text.ticketId }, { $set: { status: 'resolved', resolvedAt: new Date() } });
  // A callback that reached the customer, and the survey they answered with a comment.
  await Callback.create({
    _id: String(voicemail.ticketId),
    ticketNumber: 'T-cb',
    origin: 'after_hours',
    phone: c.phone,
    language: 'it',
    queue: 'general',
    state: 'connected',
    requestedAt: new Date(),
  });
  await Survey.create({
    _id: String(text.ticketId),
    accountNumber: c.accountNumber,
    tokenHash: 'x'.repeat(64),
    expiresAt: new Date(),
    status: 'answered',
    score: 9,
    comment: `Gentilissimi, ${c.phone}`,
    answeredAt: new Date(),
  });
  const stats = await statistics();

  const today = await admin.get('/api/admin/retention/report');
  const none = { messages: 0, recordings: 0, closedTickets: 0, readings: 0, callbacks: 0, surveyComments: 0, outbox: 0, exportLinks: 0 };
  expect(today.body.counts).toEqual(none);
  const later = new Date(Date.now() + 6 * YEAR).toISOString();
  const agent = await loginAs(server.session(), await makeAgent({ role: 'supervisor' }));
  expect((await agent.get(`/api/admin/retention/report?asOf=${later}`)).status).toBe(403);

  const dry = await admin.get(`/api/admin/retention/report?asOf=${later}`);
  expect(dry.body).toMatchObject({
    dryRun: true,
    counts: { recordings: 1, closedTickets: 1, readings: 1, callbacks: 1, surveyComments: 1 },
  });
  expect(dry.body.counts.messages).toBeGreaterThanOrEqual(2);
  expect((await Message.findOne({ ticketId: String(text.ticketId), direction: 'in' }).lean())?.body).toMatch(/bolletta di marzo/);

  const run = await admin.post('/api/admin/jobs/retention/run', { asOf: later });
  expect(run.body.status).toBe('succeeded');
  expect(run.body.counts).toEqual(dry.body.counts);
  expect((await Message.findOne({ ticketId: String(text.ticketId), direction: 'in' }).lean())?.body).toBe('[erased]');
  expect((await Message.findOne({ ticketId: String(voicemail.ticketId), direction: 'in' }).lean())?.attachments).toEqual([]);
  expect(await Reading.findOne({ contractNumber: c.contractNumber }).lean()).not.toHaveProperty('from');
  expect((await Ticket.findById(text.ticketId).lean())?.contact).toEqual({ name: '[erased]', address: '[erased]' });
  expect((await Callback.findById(String(voicemail.ticketId)).lean())?.phone).toBe('[erased]');
  expect(await Survey.findById(String(text.ticketId)).lean()).toMatchObject({ score: 9 });
  expect(await Survey.findById(String(text.ticketId)).lean()).not.toHaveProperty('comment');

  const again = await admin.post('/api/admin/jobs/retention/run', { asOf: new Date(Date.now() + 6 * YEAR + 60_000).toISOString() });
  expect(again.body.counts).toEqual(none);
  expect(await statistics()).toEqual(stats);
});
