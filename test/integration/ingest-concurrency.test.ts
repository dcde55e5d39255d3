// Concurrent messages of one thread (issue 20, "Correct under load"): a burst from one phone
// number or one mail sender must open one ticket that every message joins, each message
// processed on its own request — none handed to the retry job after a duplicate-key error.
import { randomBytes } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { smtpPortOf } from '../../channels/email/feature';
import { ingest } from '../../core/ingest/ingest';
import { resetTicketNumbers } from '../../core/tickets/ticket-number';
import { Counter, Inbox, Message, Ticket } from '../../models';
import { inboundSms } from '../factories/inbound';
import { startTestServer, type TestServer } from '../support/server';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';

const PUBLIC = 'http://hotline.example.test';
const BURST = 20;
let server: TestServer;
let twilio: TwilioStandIn;
let mail: Transporter;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer({
    PUBLIC_BASE_URL: PUBLIC,
    TWILIO_API_BASE_URL: twilio.url,
    SMS_INBOUND_MAX_PER_WINDOW: '100',
    DATA_DIR: process.env.TEST_DATA_DIR ?? '/tmp',
  });
  mail = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtpPortOf(server.ctx)!,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: BURST,
  });
});
afterAll(async () => {
  mail?.close();
  await server?.close();
  await twilio?.close();
});

/** What a burst left behind: its messages (all stored and processed?), their tickets, and inbox entries still waiting. */
async function outcome(messageIds: string[]) {
  const [messages, waiting] = await Promise.all([
    Message.find({ _id: { $in: messageIds } }, { ticketId: 1, state: 1 }).lean(),
    Inbox.find({ _id: { $in: messageIds } }, { _id: 1 }).lean(),
  ]);
  const ticketIds = [...new Set(messages.map((m) => m.ticketId))];
  const tickets = await Ticket.find(
    { _id: { $in: ticketIds.filter((t): t is string => !!t) } },
    { messageCount: 1, status: 1, number: 1 },
  ).lean();
  return { messages, waiting, ticketIds, tickets };
}

/**
 * The next ticket this node opens takes the number after the burst's ticket: no number went to
 * a ticket that a message of the burst wrote and withdrew again (a loser of the race to open).
 */
async function expectNoTicketWithdrawn(burstTicketNumber: string) {
  const next = await ingest(server.ctx, inboundSms({ from: `+39347${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}` }));
  expect(Number(next.ticketNumber?.slice(2))).toBe(Number(burstTicketNumber.slice(2)) + 1);
}

test(`${BURST} concurrent SMS from one number open one ticket, and every message joins it on its own request`, async () => {
  const from = `+39333${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const sids = Array.from({ length: BURST }, () => `SM${randomBytes(16).toString('hex')}`);
  const responses = await Promise.all(
    sids.map((sid, i) =>
      postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', {
        MessageSid: sid,
        AccountSid: twilio.accountSid,
        From: from,
        To: '+390000000000',
        Body: `Buongiorno, la bolletta di ottobre è troppo alta (messaggio ${i + 1})`,
        NumMedia: '0',
      }),
    ),
  );
  expect(responses.map((r) => r.status)).toEqual(sids.map(() => 200));

  // Checked as soon as the last answer arrived: nothing may wait for the retry job.
  const { messages, waiting, ticketIds, tickets } = await outcome(sids.map((s) => `sms:${s}`));
  expect(waiting).toEqual([]);
  expect(messages).toHaveLength(BURST);
  expect(messages.every((m) => m.state === 'processed')).toBe(true);
  expect(ticketIds).toHaveLength(1);
  expect(tickets).toEqual([expect.objectContaining({ status: 'queued', messageCount: BURST })]);
  expect(await Ticket.countDocuments({ 'contact.address': from })).toBe(1);
  await expectNoTicketWithdrawn(tickets[0]!.number);
});

test(`${BURST} concurrent e-mails of one thread open one ticket that all of them join`, async () => {
  const from = `burst.${Date.now()}@example.it`;
  const infos = await Promise.all(
    Array.from({ length: BURST }, (_, i) =>
      mail.sendMail({
        from: `Anna Bianchi <${from}>`,
        to: 'service@utility.example',
        subject: 'Reclamo per la bolletta di marzo',
        text: `Buongiorno, contesto l'importo della bolletta di marzo (mail ${i + 1}).`,
      }),
    ),
  );
  expect(infos.every((x) => x.accepted?.length === 1)).toBe(true);

  // Mail keys are derived from the Message-ID (channels/email/threading.ts): read them from the store.
  const stored = await Message.find({ direction: 'in', channel: 'email', from }, { _id: 1 }).lean();
  expect(stored).toHaveLength(BURST);
  const { waiting, ticketIds, tickets, messages } = await outcome(stored.map((m) => m._id));
  expect(waiting).toEqual([]);
  expect(messages.every((m) => m.state === 'processed')).toBe(true);
  expect(ticketIds).toHaveLength(1);
  expect(tickets).toEqual([expect.objectContaining({ status: 'queued', messageCount: BURST })]);
  await expectNoTicketWithdrawn(tickets[0]!.number);
});

test('a ticket number handed out twice (two nodes, a lost $inc on the counter) is skipped, not a failed ingest', async () => {
  const first = await ingest(server.ctx, inboundSms({ from: '+393470000001', body: 'Vorrei informazioni sulla bolletta' }));
  expect(first.ticketNumber).toMatch(/^T-\d+$/);
  // What a lost `$inc` does across nodes: the counter forgets the block this node holds, so the
  // next reservation gets the same numbers again.
  await Counter.updateOne({ _id: 'ticket' }, { $set: { seq: Number(first.ticketNumber!.slice(2)) - 1 } });
  resetTicketNumbers();

  const msg = inboundSms({ from: '+393470000002', body: 'Vorrei informazioni sulla bolletta' });
  const second = await ingest(server.ctx, msg);
  expect(second).toMatchObject({ pending: false, created: true });
  expect(second.ticketNumber).not.toBe(first.ticketNumber);
  expect(await Inbox.findById(`sms:${msg.externalId}`).lean()).toBeNull();
});
