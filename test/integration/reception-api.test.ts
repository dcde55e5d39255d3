import { createHash, randomBytes } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { forgetAvailability } from '../../channels/web/availability';
import { Agent, Message, Ticket } from '../../models';
import { Inbox } from '../../models/inbox';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

let server: TestServer;
let sink: SmtpSink;
const sockets: Socket[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({
    SMTP_OUTBOUND_URL: sink.url,
    RECEPTION_IP_LIMIT: '6',
    RECEPTION_CONTACT_LIMIT: '3',
    PUBLIC_BASE_URL: 'https://help.utility.example',
  });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
  await sink.close();
});

/** Each test posts from its own client address (trust proxy: loopback), so the per-IP limit is per test. */
let clients = 0;
function client() {
  // A distinct address per client: a random one could repeat and share a rate-limit bucket.
  clients += 1;
  const ip = `203.0.113.${clients}`;
  const s = server.session();
  return {
    post: (path: string, body: unknown) => s.post(path, body, { 'x-forwarded-for': ip }),
    get: (path: string) => s.request('GET', path, undefined, { 'x-forwarded-for': ip }),
  };
}

const valid = () => ({
  category: 'complaint',
  name: 'Maria Bianchi',
  email: `maria.${randomBytes(4).toString('hex')}@example.it`,
  subject: 'Bolletta troppo alta',
  message: 'La bolletta di marzo riporta consumi che non sono i miei.',
  language: 'it',
});

test('a valid request gets a ticket number and a private token; only the token hash is stored; the acknowledgement carries the tracking link', async () => {
  const body = valid();
  const res = await client().post('/api/reception/requests', body);
  expect(res.status).toBe(201);
  expect(res.body.ticketNumber).toMatch(/^T-\d+$/);
  expect(res.body.trackingToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(res.body.trackingUrl).toBe(`/track?n=${res.body.ticketNumber}&token=${res.body.trackingToken}`);
  const ticket = (await Ticket.findOne({ number: res.body.ticketNumber }).lean())!;
  expect(ticket).toMatchObject({
    channel: 'web',
    category: 'complaint',
    language: 'it',
    contact: { address: body.email, name: 'Maria Bianchi' },
  });
  expect(ticket.trackingTokenHash).toBe(createHash('sha256').update(res.body.trackingToken).digest('hex'));
  expect(JSON.stringify(ticket)).not.toContain(res.body.trackingToken);
  expect(new Date(res.body.deadline).getTime()).toBe(ticket.sla!.resolutionDueAt!.getTime());

  const ack = await waitFor(() => sink.mails.find((m) => m.rcptTo.includes(body.email)), 10_000, 'acknowledgement');
  expect(ack.parsed.subject).toContain(`[${res.body.ticketNumber}]`);
  expect(ack.parsed.text).toContain(`https://help.utility.example/track?n=${res.body.ticketNumber}&token=${res.body.trackingToken}`);
  expect(ack.header('auto-submitted')).toBe('auto-replied');
});

test.each([
  ['it', { name: '' }, 'name', 'Campo obbligatorio.'],
  ['en', { message: 'short' }, 'message', 'Too short (at least 10 characters).'],
  ['ru', { email: 'not-an-address' }, 'email', 'Неверный адрес электронной почты.'],
  ['it', { email: undefined, phone: '12' }, 'phone', 'Numero di telefono non valido.'],
  ['en', { email: undefined }, 'email', 'Give an e-mail address or a phone number so that we can answer.'],
  ['en', { category: 'meter_reading' }, 'reading', 'For a meter reading, enter the reading.'],
  ['en', { category: 'meter_reading', reading: '12a4' }, 'reading', 'The reading may contain digits only (at most 12).'],
  ['it', { category: 'voicemail' }, 'category', 'Scelga il tipo di richiesta.'],
  ['en', { contractNumber: 'x y z' }, 'contractNumber', 'Letters and digits only (at most 32).'],
  ['en', { message: 'too long '.repeat(600) }, 'message', 'Too long (at most 5000 characters).'],
])('validation (%s): %s → %s', async (language, change, field, message) => {
  const before = await Ticket.countDocuments();
  const res = await client().post('/api/reception/requests', { ...valid(), ...change, language });
  expect(res.status).toBe(400);
  expect(res.body.error).toBe('ValidationFailed');
  expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, message })]));
  expect(await Ticket.countDocuments()).toBe(before);
});

test('a phone is enough as contact; a meter reading is kept on the request', async () => {
  const res = await client().post('/api/reception/requests', {
    ...valid(),
    email: undefined,
    phone: '347 123 4567',
    category: 'meter_reading',
    reading: '04567',
    contractNumber: 'C-1234',
  });
  expect(res.status).toBe(201);
  const t = (await Ticket.findOne({ number: res.body.ticketNumber }).lean())!;
  expect(t).toMatchObject({ category: 'meter_reading', contact: { address: '+393471234567' }, contractNumber: 'C-1234' });
  expect((await Message.findOne({ ticketId: String(t._id) }).lean())!.body).toContain('Lettura comunicata: 04567');
});

test('the honeypot field turns a submission away and creates nothing', async () => {
  const before = await Ticket.countDocuments();
  const res = await client().post('/api/reception/requests', { ...valid(), website: 'http://spam.example' });
  expect(res.status).toBe(400);
  expect(res.body.error).toBe('Rejected');
  expect(await Ticket.countDocuments()).toBe(before);
});

test('a body over the size limit is refused', async () => {
  const res = await client().post('/api/reception/requests', { ...valid(), filler: 'x'.repeat(40_000) });
  expect(res.status).toBe(413);
});

test('tracking shows status, deadline and the public conversation only; a wrong token reveals nothing', async () => {
  const c = client();
  const created = (await c.post('/api/reception/requests', valid())).body;
  const ticket = (await Ticket.findOne({ number: created.ticketNumber }).lean())!;
  await Message.create({
    _id: `note-${ticket._id}`,
    ticketId: String(ticket._id),
    direction: 'note',
    channel: 'web',
    body: 'internal: customer is difficult',
    state: 'note',
    public: false,
  });
  await server.ctx.outbound.web!.send({
    messageId: `reply-${ticket._id}`,
    to: '',
    body: 'Buongiorno, verifichiamo i consumi.',
    language: 'it',
    kind: 'reply',
    ticketId: String(ticket._id),
  });

  const res = await c.get(`/api/reception/requests/${created.ticketNumber}?token=${created.trackingToken}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.body).toMatchObject({
    ticketNumber: created.ticketNumber,
    status: 'queued',
    category: 'complaint',
    deadline: created.deadline,
  });
  expect(res.body.messages.map((m: { from: string; body: string }) => [m.from, m.body])).toEqual([
    ['customer', valid().message],
    ['agent', 'Buongiorno, verifichiamo i consumi.'],
  ]);
  expect(JSON.stringify(res.body)).not.toContain('internal');
  expect(JSON.stringify(res.body)).not.toContain('@example.it');

  const wrong = await c.get(`/api/reception/requests/${created.ticketNumber}?token=${'A'.repeat(43)}`);
  const unknown = await c.get(`/api/reception/requests/T-999999?token=${created.trackingToken}`);
  const missing = await c.get(`/api/reception/requests/${created.ticketNumber}`);
  for (const r of [wrong, unknown, missing]) {
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('NotFound');
  }
  expect(wrong.body).toEqual(unknown.body);
});

test('a follow-up message on the same token joins the request', async () => {
  const c = client();
  const created = (await c.post('/api/reception/requests', valid())).body;
  const res = await c.post(`/api/reception/requests/${created.ticketNumber}/messages`, {
    token: created.trackingToken,
    message: 'Aggiungo: il contatore è stato sostituito a febbraio.',
  });
  expect(res.status).toBe(201);
  const view = await c.get(`/api/reception/requests/${created.ticketNumber}?token=${created.trackingToken}`);
  expect(view.body.messages.at(-1)).toMatchObject({ from: 'customer', body: 'Aggiungo: il contatore è stato sostituito a febbraio.' });
  expect(
    (await c.post(`/api/reception/requests/${created.ticketNumber}/messages`, { token: 'B'.repeat(43), message: 'intruder' })).status,
  ).toBe(404);
  expect(
    (await c.post(`/api/reception/requests/${created.ticketNumber}/messages`, { token: created.trackingToken, message: '' })).status,
  ).toBe(400);
  expect((await Ticket.findOne({ number: created.ticketNumber }).lean())!.messageCount).toBe(2);
});

test('rate limits: per contact across addresses, and per client address', async () => {
  const email = `limit.${randomBytes(4).toString('hex')}@example.it`;
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await client().post('/api/reception/requests', { ...valid(), email })).status);
  expect(statuses).toEqual([201, 201, 201, 429]);

  const c = client();
  const fromOneIp: number[] = [];
  for (let i = 0; i < 7; i++) fromOneIp.push((await c.post('/api/reception/requests', valid())).status);
  expect(fromOneIp.slice(0, 6)).toEqual([201, 201, 201, 201, 201, 201]);
  const limited = await c.post('/api/reception/requests', { ...valid(), language: 'ru' });
  expect(limited.status).toBe(429);
  expect(limited.body.message).toBe('Слишком много запросов. Повторите попытку позже.');
});

/** What the page makes once per request (web/src/index.ts). */
const submissionId = () => randomBytes(18).toString('base64url');
const ticketsOf = (email: string) => Ticket.countDocuments({ 'contact.address': email });

test('the same form sent twice at once (same submissionId) opens one ticket; both answers name it with the same working token', async () => {
  const body = { ...valid(), submissionId: submissionId() };
  const c = client();
  const [a, b] = await Promise.all([c.post('/api/reception/requests', body), c.post('/api/reception/requests', body)]);
  expect([a.status, b.status].sort()).toEqual([200, 201]);
  expect(b.body.ticketNumber).toBe(a.body.ticketNumber);
  expect(b.body.trackingToken).toBe(a.body.trackingToken);
  expect([a.body.repeated, b.body.repeated].sort()).toEqual([false, true]);
  expect(await ticketsOf(body.email)).toBe(1);
  const tracked = await c.get(`/api/reception/requests/${a.body.ticketNumber}?token=${a.body.trackingToken}`);
  expect(tracked.status).toBe(200);
});

test('sent again later (a lost answer, a double click): the first ticket every time, past the per-contact limit, one acknowledgement', async () => {
  const body = { ...valid(), submissionId: submissionId() };
  const first = await client().post('/api/reception/requests', body);
  expect(first.status).toBe(201);
  for (let i = 0; i < 4; i++) {
    const again = await client().post('/api/reception/requests', body);
    expect({ status: again.status, number: again.body.ticketNumber, token: again.body.trackingToken }).toEqual({
      status: 200,
      number: first.body.ticketNumber,
      token: first.body.trackingToken,
    });
  }
  expect(await ticketsOf(body.email)).toBe(1);
  await waitFor(() => sink.mails.find((m) => m.rcptTo.includes(body.email)), 10_000, 'acknowledgement');
  // A different request from the same page (a new submissionId) is a new ticket.
  expect((await client().post('/api/reception/requests', { ...body, submissionId: submissionId() })).status).toBe(201);
  expect(await ticketsOf(body.email)).toBe(2);
  expect(sink.mails.filter((m) => m.rcptTo.includes(body.email) && m.parsed.subject?.includes(first.body.ticketNumber))).toHaveLength(1);
});

test('stored but not yet numbered (the node that stored it stalled after the durable write): 503 with Retry-After, and the retry names that ticket — never a second one', async () => {
  const body = { ...valid(), submissionId: submissionId() };
  // The durable write of an earlier attempt, whose processing never finished (issue 20: the
  // form answered 503 after storing the request, and the visitor's resubmit opened a second ticket).
  await Inbox.create({
    _id: `web:form:${body.submissionId}`,
    receivedAt: new Date(),
    payload: JSON.stringify({
      inbound: {
        channel: 'web',
        externalId: `form:${body.submissionId}`,
        from: body.email,
        subject: body.subject,
        body: body.message,
        receivedAt: new Date().toISOString(),
        category: body.category,
        language: body.language,
        identity: { name: body.name, email: body.email },
        newThread: true,
      },
      provider: null,
    }),
  });
  const c = client();
  const pending = await c.post('/api/reception/requests', body);
  expect(pending.status).toBe(503);
  expect(Number(pending.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await ticketsOf(body.email)).toBe(0);
  // The page sends the same submission again after Retry-After; the retry job has numbered it meanwhile.
  const answer = await waitFor(
    async () => {
      const r = await c.post('/api/reception/requests', body);
      return r.status === 200 ? r : null;
    },
    20_000,
    'the stored request answered',
  );
  expect(answer.body.ticketNumber).toMatch(/^T-\d+$/);
  expect(await ticketsOf(body.email)).toBe(1);
  expect((await c.get(`/api/reception/requests/${answer.body.ticketNumber}?token=${answer.body.trackingToken}`)).status).toBe(200);
});

function visitor(): Socket {
  const s = connect(`${server.url}/reception`, { transports: ['websocket'], forceNew: true });
  sockets.push(s);
  return s;
}

test('live chat: with no agent it becomes a request; with one it is a chat, both directions persisted before shown; a reload gets it back', async () => {
  await Agent.updateMany({}, { $set: { presence: 'offline' } });
  forgetAvailability();
  expect((await server.session().get('/api/reception/chat')).body).toEqual({ available: false });
  const lonely = visitor();
  const asRequest = await lonely.emitWithAck('chat:start', {
    name: 'Ivan Petrov',
    email: `ivan.${randomBytes(3).toString('hex')}@example.ru`,
    message: 'Здравствуйте, вопрос по счёту',
    language: 'ru',
  });
  expect(asRequest).toMatchObject({ ok: true, mode: 'request', ticketNumber: expect.stringMatching(/^T-/) });
  // Nobody could take it: a written request like a form, on the deadline in days.
  const request = (await Ticket.findOne({ number: asRequest.ticketNumber }).lean())!;
  expect(request.channel).toBe('web');
  expect(request.sla?.firstResponseDueAt).toBeUndefined();
  await waitFor(
    () => sink.mails.find((m) => m.parsed.subject?.includes(`[${asRequest.ticketNumber}]`)),
    10_000,
    'chat-as-request acknowledgement',
  );

  await Agent.updateMany({}, { $set: { presence: 'available', channels: ['chat', 'email'] } });
  forgetAvailability();
  expect((await server.session().get('/api/reception/chat')).body).toEqual({ available: true });

  const v = visitor();
  const bad = await v.emitWithAck('chat:start', { name: '', message: '', language: 'en' });
  expect(bad).toMatchObject({ ok: false, error: 'ValidationFailed' });
  const start = await v.emitWithAck('chat:start', {
    name: 'Anna Verdi',
    email: 'anna.verdi@example.org',
    message: 'Hello, is anyone there?',
    language: 'en',
  });
  expect(start).toMatchObject({ ok: true, mode: 'chat', messages: [{ from: 'customer', body: 'Hello, is anyone there?' }] });
  const ticket = (await Ticket.findOne({ number: start.ticketNumber }).lean())!;
  // A chat an agent can take is a live contact of its own channel, on an answer clock in seconds.
  expect(ticket.channel).toBe('chat');
  expect(ticket.sla?.firstResponseDueAt).toBeInstanceOf(Date);
  const ticketId = String(ticket._id);

  // Visitor → store → room.
  const echoed = new Promise((resolve) => v.once('chat:message', resolve));
  const sent = await v.emitWithAck('chat:message', { clientId: 'client-0001', body: 'My meter shows 1234' });
  expect(sent).toMatchObject({ ok: true, message: { from: 'customer', body: 'My meter shows 1234' } });
  expect(await Message.findById(sent.message.id).lean()).toMatchObject({ direction: 'in', ticketId, body: 'My meter shows 1234' });
  await echoed;
  // The same client message again (a retry after a lost ack) is stored once.
  await v.emitWithAck('chat:message', { clientId: 'client-0001', body: 'My meter shows 1234' });
  expect(await Message.countDocuments({ ticketId, direction: 'in' })).toBe(2);

  // Agent → store → visitor's socket.
  const arrived = new Promise<{ id: string; from: string; body: string }>((resolve) =>
    v.on('chat:message', (m) => m.from === 'agent' && resolve(m)),
  );
  await server.ctx.outbound.web!.send({
    messageId: `agent-msg-${ticketId}`,
    to: '',
    body: 'Hi Anna, I am Luca. Let me check.',
    language: 'en',
    kind: 'reply',
    ticketId,
  });
  const got = await arrived;
  expect(got).toMatchObject({ id: `agent-msg-${ticketId}`, from: 'agent', body: 'Hi Anna, I am Luca. Let me check.' });
  expect(await Message.findById(got.id).lean()).toMatchObject({ direction: 'out', state: 'sent', public: true });

  // Reload: a new socket resumes with the token and gets the whole conversation.
  v.disconnect();
  const again = visitor();
  expect(await again.emitWithAck('chat:resume', { ticketNumber: start.ticketNumber, token: 'x'.repeat(43) })).toMatchObject({
    ok: false,
    error: 'NotFound',
  });
  const resumed = await again.emitWithAck('chat:resume', { ticketNumber: start.ticketNumber, token: start.token });
  expect(resumed.ok).toBe(true);
  expect(resumed.messages.map((m: { from: string; body: string }) => `${m.from}: ${m.body}`)).toEqual([
    'customer: Hello, is anyone there?',
    'customer: My meter shows 1234',
    'agent: Hi Anna, I am Luca. Let me check.',
  ]);
  const next = new Promise<{ body: string }>((resolve) => again.on('chat:message', (m) => m.from === 'agent' && resolve(m)));
  await server.ctx.outbound.web!.send({
    messageId: `agent-msg2-${ticketId}`,
    to: '',
    body: 'Found it.',
    language: 'en',
    kind: 'reply',
    ticketId,
  });
  expect((await next).body).toBe('Found it.');
  // A chat an agent took needs no acknowledgement mail.
  expect(sink.mails.some((m) => m.rcptTo.includes('anna.verdi@example.org'))).toBe(false);
  // A socket that has not started or resumed a chat cannot post into one.
  expect(await visitor().emitWithAck('chat:message', { clientId: 'client-0002', body: 'hi' })).toMatchObject({
    ok: false,
    error: 'NoChat',
  });
});
