// One clock per kind of work: live contacts (a call, a chat, a visitor at the desk) are answered
// in seconds; deferred ones (a form, an SMS, an e-mail) by the regulatory answer deadline of
// their category, in days. A form complaint with a 40-day deadline is not "breached" after two
// minutes, and the wall board does not show SMS at 0 % by a seconds clock.
import { ingest } from '../../core/ingest/ingest';
import { checkFirstResponses } from '../../core/sla/check-sla';
import { claimTicket } from '../../core/tickets/claim-ticket';
import { migrateChatChannel, CHAT_CHANNEL_MIGRATION } from '../../core/migrations/chat-channel';
import { Agent, Migration, Queue, Ticket } from '../../models';
import { inboundSms } from '../factories/inbound';
import { connectAgentSocket } from '../support/agent-socket';
import { loginAs, makeAgent } from '../support/agents';
import { TestClock } from '../support/clock';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { supervisorSession } from '../support/supervisor';
import { waitFor } from '../support/wait-for';

const START = '2026-03-12T09:00:00Z';
const clock = new TestClock(new Date(START));
let server: TestServer;
let sup: Session;

beforeAll(async () => {
  server = await startTestServer({ TIMEZONE: 'Europe/Rome', RULE_SET: 'seed-2014' }, { clock });
  sup = (await supervisorSession(server)).session;
});
afterAll(async () => {
  await server.close();
});

const DAY = 86_400_000;
let phones = 0;
const phone = () => `+39333555${String(++phones).padStart(4, '0')}`;

test('a form complaint runs on its 40-day deadline: no first-response breach after 2 minutes, or a day', async () => {
  clock.set(START);
  const breaches: string[] = [];
  server.ctx.events.on('ticket.sla', (e) => void breaches.push(`${e.ticketId}:${e.deadline}:${e.state}`));
  const res = await server.session().post('/api/reception/requests', {
    category: 'complaint',
    name: 'Maria Bianchi',
    email: 'maria.bianchi@example.it',
    message: 'La bolletta di febbraio contiene consumi che non sono miei.',
    language: 'it',
  });
  expect(res.status).toBe(201);
  const form = (await Ticket.findOne({ number: res.body.ticketNumber }).lean())!;
  expect(form.channel).toBe('web');
  expect(form.sla?.firstResponseDueAt ?? null).toBeNull();
  expect(form.sla?.resolutionDueAt).toEqual(new Date(new Date(START).getTime() + 40 * DAY));

  // A ticket stored before the change (a form with a 2-minute first-response deadline): the
  // reading rule keeps it off the seconds clock too.
  const legacy = await ingest(server.ctx, {
    channel: 'web',
    externalId: `form:legacy-${Date.now()}`,
    from: 'old.form@example.it',
    body: 'Reclamo inviato prima dell’aggiornamento',
    category: 'complaint',
    receivedAt: new Date(START),
    newThread: true,
  });
  await Ticket.updateOne({ _id: legacy.ticketId }, { $set: { 'sla.firstResponseDueAt': new Date(new Date(START).getTime() + 120_000) } });

  // A live chat keeps its answer time in seconds, on the same clock job.
  const chat = await ingest(server.ctx, {
    channel: 'chat',
    externalId: `chat:${Date.now()}`,
    from: 'web-visitor:1',
    body: 'Buongiorno, c’è qualcuno?',
    receivedAt: new Date(START),
    newThread: true,
  });
  const chatTicket = (await Ticket.findById(chat.ticketId).lean())!;
  expect(chatTicket.sla?.firstResponseDueAt).toEqual(new Date(new Date(START).getTime() + 120_000));

  await checkFirstResponses(server.ctx, new Date(new Date(START).getTime() + 121_000));
  await checkFirstResponses(server.ctx, new Date(new Date(START).getTime() + DAY));
  await waitFor(() => breaches.some((b) => b === `${chat.ticketId}:first_response:breached`), 5000, 'the chat breach');
  const formId = String(form._id);
  expect(breaches.filter((b) => b.startsWith(`${formId}:`) || b.startsWith(`${legacy.ticketId}:`))).toEqual([]);
  for (const id of [formId, legacy.ticketId]) {
    const t = (await Ticket.findById(id).lean())!;
    expect(t.sla?.firstResponseBreachedAt ?? null).toBeNull();
    expect(t.sla?.firstResponseWarnedAt ?? null).toBeNull();
  }

  // The console's countdowns get the clock of each kind: seconds for live channels, days by category.
  const agent = await makeAgent({ name: 'Clock agent' });
  const socket = await connectAgentSocket(server.url, (await loginAs(server.session(), agent)).cookie);
  try {
    const snapshot = await socket.next('queue:snapshot');
    expect(snapshot.firstResponseSeconds).toEqual({ voice: 240, chat: 120, walk_in: 2400 });
    expect(snapshot.answerDays).toMatchObject({ complaint: 40, information_request: 30, billing: 30 });
  } finally {
    socket.close();
  }
});

test('the wall board measures SMS against their deadline in days, not a seconds clock', async () => {
  clock.set('2026-03-12T10:00:00Z');
  const agent = await makeAgent({ name: 'SMS agent', channels: ['sms', 'chat'] });
  const sms = await ingest(server.ctx, inboundSms({ from: phone(), body: 'Vorrei capire la bolletta di marzo', receivedAt: clock.now() }));
  const waiting = await ingest(server.ctx, inboundSms({ from: phone(), body: 'Domanda sulla fattura', receivedAt: clock.now() }));
  expect((await Ticket.findById(sms.ticketId).lean())!.category).toBe('billing');

  // Two hours later (far beyond the chat queue's 60 s): one SMS is taken, one still waits.
  clock.set('2026-03-12T12:00:00Z');
  await claimTicket(server.ctx, { ticketId: sms.ticketId!, actor: { agentId: agent.id, role: 'agent' } });
  const smsRow = await waitFor(
    async () => {
      const live = await sup.get('/api/stats/live?fresh=true');
      const row = (live.body.channels as Array<Record<string, unknown>>).find((c) => c.key === 'sms');
      return row && row.answered === 1 ? row : null;
    },
    5000,
    'the SMS answered on the board',
  );
  expect(smsRow).toMatchObject({ clock: 'deadline_days', answered: 1, serviceLevel: 1, waiting: 1, slaAtRisk: 0 });
  expect(waiting.ticketId).toBeTruthy();
  const live = await sup.get('/api/stats/live?fresh=true');
  expect((live.body.channels as Array<Record<string, unknown>>).find((c) => c.key === 'chat')).toMatchObject({ clock: 'answer_seconds' });
});

test('stored queues and agents that took web chats take the chat channel, once per store', async () => {
  await Queue.create({ _id: 'legacy-web', name: 'Legacy web', channels: ['web', 'sms'], order: 25, mode: 'pull' });
  const legacy = await makeAgent({ name: 'Legacy agent', channels: ['web', 'email'] });
  const mailOnly = await makeAgent({ name: 'Mail agent', channels: ['email'] });
  await Migration.deleteOne({ _id: CHAT_CHANNEL_MIGRATION });
  expect(await migrateChatChannel()).toMatchObject({ ran: true });
  expect((await Queue.findById('legacy-web').lean())!.channels).toEqual(['web', 'sms', 'chat']);
  expect((await Agent.findById(legacy.id).lean())!.channels).toEqual(['web', 'email', 'chat']);
  expect((await Agent.findById(mailOnly.id).lean())!.channels).toEqual(['email']);
  // An operator who then takes chat away from a queue is not overruled at the next start.
  await Queue.updateOne({ _id: 'legacy-web' }, { $pull: { channels: 'chat' } });
  expect(await migrateChatChannel()).toMatchObject({ ran: false });
  expect((await Queue.findById('legacy-web').lean())!.channels).toEqual(['web', 'sms']);
  await Queue.deleteOne({ _id: 'legacy-web' });
});
