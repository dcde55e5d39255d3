import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { smtpPortOf } from '../../channels/email/feature';
import { MailRef } from '../../channels/email/mail-index';
import { Message, QueueItem, Ticket } from '../../models';
import { seedCustomer } from '../factories/billing';
import { bounceReport } from '../factories/email';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

let server: TestServer;
let sink: SmtpSink;
let client: Transporter;
let seq = 0;

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({
    SMTP_OUTBOUND_URL: sink.url,
    DATA_DIR: process.env.TEST_DATA_DIR ?? '/tmp',
    MAIL_FROM: 'Servizio Clienti <service@utility.example>',
  });
  client = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPortOf(server.ctx)!, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  client.close();
  await server.close();
  await sink.close();
});

const unique = () => `${Date.now()}-${++seq}`;

async function send(mail: SendMailOptions) {
  return client.sendMail({ to: 'service@utility.example', ...mail });
}

async function ticketOfMessageId(messageId: string) {
  return waitFor(
    async () => {
      const ref = await MailRef.findById(`msgid:${messageId.replace(/[<>]/g, '').toLowerCase()}`).lean();
      return ref?.ticketId ? await Ticket.findById(ref.ticketId).lean() : null;
    },
    10_000,
    `ticket of ${messageId}`,
  );
}

function ackFor(ticketNumber: string) {
  return waitFor(
    () => sink.mails.find((m) => m.parsed.subject?.includes(`[${ticketNumber}]`) && m.header('auto-submitted') === 'auto-replied'),
    10_000,
    `ack of ${ticketNumber}`,
  );
}

test('a new mail over SMTP opens a ticket and gets an acknowledgement with the number and the deadline', async () => {
  const from = `mario.${unique()}@example.it`;
  const info = await send({
    from: `Mario Rossi <${from}>`,
    subject: 'Reclamo per la bolletta di marzo',
    text: 'Buongiorno, vorrei presentare un reclamo: la bolletta è troppo alta.',
  });
  const ticket = await ticketOfMessageId(info.messageId);
  expect(ticket).toMatchObject({ channel: 'email', category: 'complaint', language: 'it', contact: { address: from } });

  const ack = await ackFor(ticket.number);
  const days = server.ctx.rules.categories.complaint.answerDays;
  expect(ack.rcptTo).toEqual([from]);
  expect(ack.mailFrom).toBe(''); // the null sender: nothing bounces back to us
  expect(ack.header('auto-submitted')).toBe('auto-replied');
  expect(ack.parsed.text).toContain(ticket.number);
  expect(ack.parsed.text).toContain(`${days} giorni`);
  expect(ack.parsed.text).toContain(
    new Intl.DateTimeFormat('it', { dateStyle: 'long', timeZone: 'Europe/Rome' }).format(ticket.sla!.resolutionDueAt!),
  );
  expect(ack.parsed.html).toContain(ticket.number);
  expect(ack.header('in-reply-to')).toBe(info.messageId);
});

test('a redelivered mail creates nothing; a different mail reusing its Message-ID is not lost', async () => {
  const from = `dup.${unique()}@example.it`;
  const messageId = `<dup-${unique()}@client.example>`;
  const raw = [
    `From: ${from}`,
    'To: service@utility.example',
    'Subject: Informazioni sugli orari',
    `Message-ID: ${messageId}`,
    'Date: Mon, 23 Nov 2026 10:00:00 +0100',
    '',
    'Quali sono gli orari degli sportelli?',
    '',
  ].join('\r\n');
  await send({ envelope: { from, to: 'service@utility.example' }, raw });
  await send({ envelope: { from, to: 'service@utility.example' }, raw });
  const ticket = await ticketOfMessageId(messageId);
  await ackFor(ticket.number);
  expect(await Message.countDocuments({ ticketId: String(ticket._id), direction: 'in' })).toBe(1);
  expect(sink.mails.filter((m) => m.parsed.subject?.includes(`[${ticket.number}]`))).toHaveLength(1);

  const reused = raw.replace('Quali sono gli orari degli sportelli?', 'E il sabato siete aperti?');
  await send({ envelope: { from, to: 'service@utility.example' }, raw: reused });
  await waitFor(
    async () => (await Message.countDocuments({ ticketId: String(ticket._id), direction: 'in' })) === 2,
    10_000,
    'second message',
  );
});

test('replies thread by In-Reply-To, by References, and by the ticket number in the subject (same sender only)', async () => {
  const from = `thread.${unique()}@example.it`;
  const first = await send({
    from,
    subject: 'Richiesta di informazioni sul contratto',
    text: 'Vorrei informazioni sul mio contratto del gas.',
  });
  const ticket = await ticketOfMessageId(first.messageId);
  const ack = await ackFor(ticket.number);
  const ackId = ack.parsed.messageId!;
  const ticketId = String(ticket._id);

  const byInReplyTo = await send({ from, subject: 'Re: grazie', text: 'Un reclamo diverso ma nello stesso filo', inReplyTo: ackId });
  expect((await ticketOfMessageId(byInReplyTo.messageId))._id.toString()).toBe(ticketId);

  const byReferences = await send({
    from,
    subject: 'altro',
    text: 'Ancora una domanda sul contatore',
    references: [`<unknown-${unique()}@x>`, ackId],
  });
  expect((await ticketOfMessageId(byReferences.messageId))._id.toString()).toBe(ticketId);

  const bySubject = await send({
    from,
    subject: `Sollecito [${ticket.number}]`,
    text: 'Sollecito: nessuna risposta ancora, reclamo urgente',
  });
  expect((await ticketOfMessageId(bySubject.messageId))._id.toString()).toBe(ticketId);

  const stranger = await send({
    from: `stranger.${unique()}@example.org`,
    subject: `Re: [${ticket.number}]`,
    text: 'Reclamo: voglio vedere questa pratica',
  });
  expect((await ticketOfMessageId(stranger.messageId))._id.toString()).not.toBe(ticketId);

  expect(await Ticket.findById(ticketId).lean()).toMatchObject({ messageCount: 4 });
});

test('a known customer is recognised by address; a new mail about a new matter opens a new ticket', async () => {
  const c = await seedCustomer(await server.admin(), { language: 'ru' });
  const bill = await send({ from: c.email, subject: 'Вопрос по счёту', text: 'Почему такой большой счет за март?' });
  const billTicket = await ticketOfMessageId(bill.messageId);
  expect(billTicket).toMatchObject({ accountNumber: c.accountNumber, category: 'billing', language: 'ru' });
  const ack = await ackFor(billTicket.number);
  expect(ack.parsed.text).toContain('Уважаемый клиент');

  const outage = await send({ from: c.email.toUpperCase(), subject: 'Авария', text: 'У нас нет света с утра, авария на линии.' });
  const outageTicket = await ticketOfMessageId(outage.messageId);
  expect(String(outageTicket._id)).not.toBe(String(billTicket._id));
  expect(outageTicket).toMatchObject({ accountNumber: c.accountNumber, category: 'outage', priority: 1 });
});

test("an agent's reply leaves in the thread: Message-ID, In-Reply-To, References, text and HTML, customer's language", async () => {
  const from = `reply.${unique()}@example.org`;
  const first = await send({
    from,
    subject: 'Question about my bill',
    text: 'Hello, I do not understand the bill I received this month.',
    headers: { 'Content-Language': 'en' },
  });
  const ticket = await ticketOfMessageId(first.messageId);
  const ack = await ackFor(ticket.number);
  const customerReply = await send({
    from,
    subject: `Re: ${ack.parsed.subject}`,
    text: 'Also, the amount looks wrong.',
    inReplyTo: ack.parsed.messageId,
    references: [first.messageId, ack.parsed.messageId!],
  });
  await ticketOfMessageId(customerReply.messageId);

  const messageId = `reply-${unique()}`;
  const result = await server.ctx.outbound.email!.send({
    messageId,
    to: from,
    body: 'Dear customer,\nthe amount includes the adjustment.\n\n<b>Kind regards</b>',
    language: 'en',
    kind: 'reply',
    ticketId: String(ticket._id),
  });
  const out = await waitFor(() => sink.mails.find((m) => m.parsed.messageId === `<${result.externalId}>`), 10_000, 'agent reply');
  expect(out.mailFrom).toBe(`service+b${result.externalId.split('@')[0]!.replace(/-/g, '')}@utility.example`);
  expect(out.header('auto-submitted')).toBeUndefined();
  expect(out.header('content-language')).toBe('en');
  expect(out.parsed.inReplyTo).toBe(customerReply.messageId);
  expect(out.parsed.references).toContain(first.messageId);
  expect(out.parsed.references).toContain(ack.parsed.messageId);
  expect(out.parsed.references!.trim().endsWith(customerReply.messageId)).toBe(true);
  expect(out.parsed.subject).toContain(`[${ticket.number}]`);
  expect(out.parsed.text).toContain('the amount includes the adjustment');
  expect(out.parsed.text).toContain(`keeping [${ticket.number}] in the subject`);
  expect(out.parsed.html).toContain('&lt;b&gt;Kind regards&lt;/b&gt;');
  expect(await Message.findById(messageId).lean()).toMatchObject({
    state: 'sent',
    direction: 'out',
    externalId: result.externalId,
    ticketId: String(ticket._id),
  });

  // The customer answers our reply: it threads through our own Message-ID.
  const answer = await send({ from, subject: 'Re: bill', text: 'Thank you, clear now.', inReplyTo: `<${result.externalId}>` });
  expect(String((await ticketOfMessageId(answer.messageId))._id)).toBe(String(ticket._id));

  // A bounce (DSN) of that reply marks it failed and opens nothing.
  const tickets = await Ticket.countDocuments();
  const dsn = bounceReport({ recipient: from, messageId: result.externalId });
  await send({ envelope: { from: '', to: 'service@utility.example' }, raw: dsn });
  await waitFor(async () => (await Message.findById(messageId).lean())?.state === 'failed', 10_000, 'bounce marks failed');
  expect((await Message.findById(messageId).lean())?.error).toBe('bounced 5.1.1');
  expect(await Ticket.countDocuments()).toBe(tickets);

  // A bare bounce quoting nothing still finds its mail through the VERP envelope sender.
  const second = await server.ctx.outbound.email!.send({
    messageId: `${messageId}-2`,
    to: from,
    body: 'One more detail.',
    language: 'en',
    kind: 'reply',
    ticketId: String(ticket._id),
  });
  const secondOut = await waitFor(() => sink.mails.find((m) => m.parsed.messageId === `<${second.externalId}>`), 10_000, 'second reply');
  const bare = [
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
    'Subject: Delivery failure',
    '',
    'Your message could not be delivered.',
    '',
  ].join('\r\n');
  await send({ envelope: { from: '', to: secondOut.mailFrom }, raw: bare });
  await waitFor(async () => (await Message.findById(`${messageId}-2`).lean())?.state === 'failed', 10_000, 'VERP bounce marks failed');
  expect(await Ticket.countDocuments()).toBe(tickets);
});

test.each([
  ['Auto-Submitted: auto-replied', { headers: { 'Auto-Submitted': 'auto-replied' } }],
  ['Precedence: bulk', { headers: { Precedence: 'bulk' } }],
  ['Precedence: auto_reply', { headers: { Precedence: 'auto_reply' } }],
  ['List-Id', { headers: { 'List-Id': '<offers.shop.example>' } }],
  ['List-Unsubscribe', { headers: { 'List-Unsubscribe': '<mailto:unsub@shop.example>' } }],
  ['X-Auto-Response-Suppress', { headers: { 'X-Auto-Response-Suppress': 'OOF' } }],
  ['X-Autoreply', { headers: { 'X-Autoreply': 'yes' } }],
  ['an empty envelope sender', { envelope: { from: '', to: 'service@utility.example' } }],
  ['an "Out of Office" subject and no header', { subject: 'Out of Office: back on Monday' }],
  ['an "Automatic reply" subject and no header', { subject: 'Automatic reply: your message' }],
  ['an "Автоответ" subject and no header', { subject: 'Автоответ: Ваше обращение' }],
] as const)('machine mail with %s on no thread of ours opens no ticket and gets no answer', async (_name, extra) => {
  const from = `loop.${unique()}@example.it`;
  const marker = `loop-${unique()}`;
  const tickets = await Ticket.countDocuments();
  // The SMTP answer comes after the mail was processed: nothing is pending once send() returns.
  await send({ from, subject: `Re: la sua richiesta ${marker}`, text: 'Sono fuori ufficio fino a lunedì.', ...extra });
  expect(await Message.countDocuments({ from, direction: 'in' })).toBe(0);
  expect(await Ticket.countDocuments()).toBe(tickets);
  // A person's mail sent after it is acknowledged, so the absence of an ack above is not a race.
  const probe = await send({
    from: `probe.${unique()}@example.it`,
    subject: 'Segnalazione guasto contatore',
    text: 'Il contatore non funziona.',
  });
  await ackFor((await ticketOfMessageId(probe.messageId)).number);
  expect(sink.mails.some((m) => m.rcptTo.includes(from))).toBe(false);
});

test('an auto-reply to our mail is kept on its ticket without reopening, queueing or answering it', async () => {
  const from = `vacanze.${unique()}@example.it`;
  const info = await send({ from, subject: 'Domanda sul contratto', text: 'Quando scade il mio contratto?' });
  const ticket = await ticketOfMessageId(info.messageId);
  const ack = await ackFor(ticket.number);
  // The agent closed the case meanwhile; the customer's mailbox answers our acknowledgement.
  await Ticket.updateOne({ _id: ticket._id }, { $set: { status: 'resolved', resolvedAt: new Date() } });
  await QueueItem.deleteOne({ _id: String(ticket._id) });
  const mailsToSender = sink.mails.filter((m) => m.rcptTo.includes(from)).length;
  for (const [subject, headers] of [
    [
      `Risposta automatica: ${ack.parsed.subject ?? ''}`,
      { 'Auto-Submitted': 'auto-replied', 'In-Reply-To': ack.header('message-id') ?? '' },
    ],
    [`Out of Office: ${ack.parsed.subject ?? ''}`, { 'In-Reply-To': ack.header('message-id') ?? '' }],
  ] as const) {
    await send({ from, subject, text: 'Sono fuori ufficio fino a lunedì.', headers });
  }
  const kept = await Message.find({ ticketId: String(ticket._id), direction: 'in' }).lean();
  expect(kept.map((m) => m.subject)).toEqual([
    'Domanda sul contratto',
    expect.stringMatching(/^Risposta automatica/),
    expect.stringMatching(/^Out of Office/),
  ]);
  expect(await Ticket.findById(ticket._id).lean()).toMatchObject({ status: 'resolved', messageCount: 1, reopenCount: 0 });
  expect(await QueueItem.exists({ _id: String(ticket._id) })).toBeNull();
  expect(await Ticket.countDocuments({ 'contact.address': from })).toBe(1);
  // Nothing answered them.
  expect(sink.mails.filter((m) => m.rcptTo.includes(from))).toHaveLength(mailsToSender);
});

test('a 20 MB message is refused with 552 and stores nothing', async () => {
  const before = await Message.countDocuments({ channel: 'email', direction: 'in' });
  const big = 'x'.repeat(76) + '\r\n';
  const err = await send({
    from: `big.${unique()}@example.it`,
    subject: 'big',
    text: big.repeat(Math.ceil((20 * 1024 * 1024) / big.length)),
  }).catch((e: unknown) => e as { responseCode?: number });
  expect((err as { responseCode?: number }).responseCode).toBe(552);
  expect(await Message.countDocuments({ channel: 'email', direction: 'in' })).toBe(before);
});

test('malformed MIME: a message without headers is refused; a broken multipart is still taken', async () => {
  const err = await send({ envelope: { from: 'x@example.it', to: 'service@utility.example' }, raw: '\r\n\r\nno headers at all\r\n' }).catch(
    (e: unknown) => e as { responseCode?: number },
  );
  expect((err as { responseCode?: number }).responseCode).toBe(554);

  const id = `<broken-${unique()}@example.it>`;
  const broken = [
    `From: broken.${unique()}@example.it`,
    'Subject: lettura',
    `Message-ID: ${id}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="never-closed"',
    '',
    '--never-closed',
    'Content-Type: text/plain',
    '',
    'lettura contatore 12345',
    '',
  ].join('\r\n');
  await send({ envelope: { from: 'x@example.it', to: 'service@utility.example' }, raw: broken });
  const ticket = await ticketOfMessageId(id);
  const msg = await Message.findOne({ ticketId: String(ticket._id), direction: 'in' }).lean();
  expect(msg?.body).toContain('lettura contatore 12345');
});

test('the raw-mail webhook takes message/rfc822 and nothing else', async () => {
  const s = server.session();
  const id = `<hook-${unique()}@gateway.example>`;
  const raw = [
    `From: hook.${unique()}@example.it`,
    'Subject: Proposta',
    `Message-ID: ${id}`,
    '',
    'Suggerimento: aprite uno sportello a Cesena.',
    '',
  ].join('\r\n');
  const res = await s.post('/webhooks/email/inbound', raw, { 'content-type': 'message/rfc822' });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ outcome: 'ticket', created: true, duplicate: false });
  const again = await s.post('/webhooks/email/inbound', raw, { 'content-type': 'message/rfc822' });
  expect(again.body).toMatchObject({ outcome: 'ticket', duplicate: true, ticketNumber: res.body.ticketNumber });
  expect((await s.post('/webhooks/email/inbound', raw, { 'content-type': 'text/plain' })).status).toBe(415);
  expect((await s.post('/webhooks/email/inbound', '\r\n\r\nbody only', { 'content-type': 'message/rfc822' })).status).toBe(400);
});

test('attachments are stored within limits and downloadable by agents only', async () => {
  const from = `att.${unique()}@example.it`;
  const pdf = Buffer.from('%PDF-1.4 fake bill');
  const info = await send({
    from,
    subject: 'Foto del contatore',
    text: 'In allegato la bolletta e un programma.',
    attachments: [
      { filename: 'bolletta.pdf', content: pdf, contentType: 'application/pdf' },
      { filename: 'tool.exe', content: Buffer.from('MZ...'), contentType: 'application/x-msdownload' },
    ],
  });
  const ticket = await ticketOfMessageId(info.messageId);
  const msg = (await Message.findOne({ ticketId: String(ticket._id), direction: 'in' }).lean())!;
  expect(msg.attachments).toHaveLength(2);
  expect(msg.attachments[0]).toMatchObject({ filename: 'bolletta.pdf', contentType: 'application/pdf', size: pdf.length });
  expect(msg.attachments[0]!.storageKey).toMatch(/^[a-f0-9]{64}$/);
  expect(msg.attachments[1]).toMatchObject({ filename: 'tool.exe' });
  expect(msg.attachments[1]!.storageKey).toBeUndefined();

  const path = `/api/attachments/${encodeURIComponent(msg._id)}/0`;
  expect((await server.session().get(path)).status).toBe(401);
  const admin = await server.admin();
  const res = await admin.get(path);
  expect(res.status).toBe(200);
  expect(res.text).toBe(pdf.toString());
  expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
  expect((await admin.get(`/api/attachments/${encodeURIComponent(msg._id)}/1`)).status).toBe(404);
});
