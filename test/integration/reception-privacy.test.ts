// The customer's own requests on the web reception, over HTTP against the real server: the
// data export (identity checked, an information_request ticket with the legal deadline, the
// link mailed through the SMTP stand-in — or texted when there is no e-mail on file — and
// downloadable until it expires; an expired or tampered link refused with nothing in it),
// and the customer's own statement of a vulnerability (pending on the console; a medical one
// already stops the disconnection steps).
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { Audit, Bill, Message, Ticket } from '../../models';
import { ExportLink } from '../../models/export-link';
import { Task } from '../../models/task';
import { seedBill } from '../factories/bills';
import { seedCustomer, uniqueNumber } from '../factories/billing';
import { loginAs, makeAgent } from '../support/agents';
import { TestClock } from '../support/clock';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

const PUBLIC = 'http://help.utility.example';
// Monday 5 Oct 2026, 10:00 in Rome.
const clock = new TestClock(new Date('2026-10-05T08:00:00Z'));
let server: TestServer;
let sink: SmtpSink;
let twilio: TwilioStandIn;
let admin: Session;
let agent: Session;

beforeAll(async () => {
  sink = await startSmtpSink();
  twilio = await startTwilioStandIn();
  server = await startTestServer(
    {
      RULE_SET: 'it-2026',
      PUBLIC_BASE_URL: PUBLIC,
      SMTP_OUTBOUND_URL: sink.url,
      TWILIO_API_BASE_URL: twilio.url,
      TWILIO_SMS_PER_SECOND: '0',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'reception-privacy-')),
    },
    { clock },
  );
  twilio.forwardCallbacks(PUBLIC, server.url);
  admin = await server.admin();
  agent = await loginAs(server.session(), await makeAgent());
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
  await twilio?.close();
});

let ips = 0;
function visitor() {
  ips += 1;
  const s = server.session();
  const ip = `198.51.100.${ips}`;
  return {
    post: (path: string, body: unknown) => s.post(path, body, { 'x-forwarded-for': ip }),
    get: (path: string, headers: Record<string, string> = {}) => s.request('GET', path, undefined, { 'x-forwarded-for': ip, ...headers }),
  };
}

const EXPORT = '/api/reception/privacy/export-requests';
/** The link in a message, as a path on the test server. */
const linkIn = (text: string) => {
  const m = /http:\/\/help\.utility\.example(\/api\/reception\/privacy\/export\?token=[A-Za-z0-9_-]+&lang=\w+)/.exec(text);
  if (!m) throw new Error(`no link in: ${text}`);
  return m[1]!;
};
const mailsTo = (address: string) => sink.mails.filter((m) => m.rcptTo.includes(address));

test('export by the reception: identity, ticket with the legal deadline, link by e-mail, download until it expires', async () => {
  const c = await seedCustomer(admin);
  const web = visitor();
  const res = await web.post(EXPORT, { accountNumber: c.accountNumber, phone: c.phone.replace('+39', ''), language: 'it' });
  expect(res.status).toBe(202);
  // GDPR Art. 12(3) under it-2026: one month from the request.
  expect(res.body).toMatchObject({ sentVia: 'email', deadline: '2026-11-05T09:00:00.000Z', linkExpiresAt: '2026-10-08T08:00:00.000Z' });

  const ticket = (await Ticket.findOne({ number: res.body.ticketNumber }).lean())!;
  expect(ticket).toMatchObject({ category: 'information_request', accountNumber: c.accountNumber, channel: 'web' });
  expect(ticket.sla?.resolutionDueAt?.toISOString()).toBe(res.body.deadline);
  const audit = await Audit.find({ target: `customer:${c.accountNumber}`, action: 'customer.export.request' }).lean();
  expect(audit).toHaveLength(1);

  const mail = await waitFor(() => mailsTo(c.email)[0], 10_000, 'the link mail');
  expect(mailsTo(c.email)).toHaveLength(1);
  const path = linkIn(mail.parsed.text ?? '');
  const token = new URL(path, PUBLIC).searchParams.get('token')!;
  // The store keeps neither the token nor the link: the message copy is redacted, the link row is the token's hash.
  const stored = await Message.find({ ticketId: String(ticket._id) }).lean();
  expect(JSON.stringify(stored)).not.toContain(token);
  expect(await ExportLink.countDocuments({ _id: token })).toBe(0);

  // No session needed; the zip holds the JSON and the PDF of this customer only.
  const dl = await fetch(`${server.url}${path}`);
  expect(dl.status).toBe(200);
  expect(dl.headers.get('content-type')).toMatch(/application\/zip/);
  expect(dl.headers.get('cache-control')).toBe('no-store');
  const files = unzipSync(new Uint8Array(await dl.arrayBuffer()));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['export.json', 'summary.pdf']));
  const data = JSON.parse(strFromU8(files['export.json']!));
  expect(data.accountNumber).toBe(c.accountNumber);
  expect(data.records.customer).toMatchObject({ phones: [c.phone], emails: [c.email] });
  expect(data.records.tickets.map((t: { number: string }) => t.number)).toContain(res.body.ticketNumber);

  // Until it expires the link works again (a mail scanner may have opened it first); each use is audited.
  expect((await fetch(`${server.url}${path}`)).status).toBe(200);
  const uses = await Audit.find({ target: `customer:${c.accountNumber}`, action: 'customer.export', actor: 'customer:link' }).lean();
  expect(uses).toHaveLength(2);

  // 72 hours later: expired, said plainly, nothing in it.
  clock.set('2026-10-08T08:00:01Z');
  try {
    const late = await web.get(path);
    expect(late.status).toBe(410);
    expect(late.body).toEqual({ error: 'ExportLinkExpired', message: expect.stringMatching(/scaduto/), details: { reason: 'expired' } });
    const page = await web.get(path, { accept: 'text/html' });
    expect(page.status).toBe(410);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toMatch(/Questo link è scaduto/);
    expect(page.text).not.toContain(c.accountNumber);
    // The retention job deletes the expired link.
    const run = await admin.post('/api/admin/jobs/retention/run', { asOf: '2026-10-08T08:00:01Z' });
    expect(run.body.counts.exportLinks).toBeGreaterThanOrEqual(1);
    expect((await web.get(path)).status).toBe(404);
  } finally {
    clock.set('2026-10-05T08:00:00Z');
  }
});

test('a tampered or made-up link is refused without a trace of anyone', async () => {
  const c = await seedCustomer(admin, { language: 'en' });
  const web = visitor();
  expect((await web.post(EXPORT, { accountNumber: c.accountNumber, email: c.email.toUpperCase() })).status).toBe(202);
  const path = linkIn((await waitFor(() => mailsTo(c.email)[0], 10_000, 'the link mail')).parsed.text ?? '');
  const token = new URL(path, PUBLIC).searchParams.get('token')!;
  const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
  for (const bad of [flipped, token.slice(1), 'x'.repeat(43), '', '../../etc/passwd', `${token}%00`]) {
    const res = await web.get(`/api/reception/privacy/export?token=${encodeURIComponent(bad)}&lang=en`);
    expect({ bad, status: res.status }).toEqual({ bad, status: 404 });
    expect(res.body).toEqual({ error: 'ExportLinkInvalid', message: expect.stringMatching(/not valid/), details: { reason: 'invalid' } });
  }
  expect((await web.get('/api/reception/privacy/export')).status).toBe(404);
  // The real one still works.
  expect((await web.get(path)).status).toBe(200);
});

test('a wrong identity is refused with one answer whatever was wrong; nothing is recorded or sent', async () => {
  const c = await seedCustomer(admin);
  const other = await seedCustomer(admin);
  const web = visitor();
  const tickets = await Ticket.countDocuments({});
  const mails = sink.mails.length;
  const links = await ExportLink.countDocuments({});
  const attempts = [
    { accountNumber: c.accountNumber, phone: '+39333 000 0000' }, // wrong phone
    { accountNumber: c.accountNumber, email: 'someone.else@example.it' }, // wrong e-mail
    { accountNumber: c.accountNumber, phone: other.phone }, // another customer's phone
    { accountNumber: 'A000NOSUCH', email: c.email }, // unknown account, right e-mail
  ];
  const answers = [];
  for (const a of attempts) {
    const res = await web.post(EXPORT, { ...a, language: 'it' });
    expect(res.status).toBe(403);
    answers.push(res.body);
  }
  expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
  expect(answers[0]).toEqual({
    error: 'NotVerified',
    message: expect.stringMatching(/confermare la sua identità/),
    details: { reason: 'not_verified' },
  });
  // The same words for every case: which detail was wrong is never said.
  expect(await Ticket.countDocuments({})).toBe(tickets);
  expect(await ExportLink.countDocuments({})).toBe(links);
  expect(sink.mails.length).toBe(mails);
});

test('bad input names the field and records nothing', async () => {
  const web = visitor();
  const noContact = await web.post(EXPORT, { accountNumber: 'A123', language: 'en' });
  expect(noContact.status).toBe(400);
  expect(noContact.body.details).toEqual([expect.objectContaining({ field: 'email', code: 'contact_required' })]);
  const badEmail = await web.post(EXPORT, { accountNumber: 'A123', email: 'not-an-address', language: 'en' });
  expect(badEmail.body.details).toEqual([expect.objectContaining({ field: 'email', code: 'invalid_email' })]);
  const badPhone = await web.post(EXPORT, { accountNumber: 'A123', phone: 'call me', language: 'en' });
  expect(badPhone.body.details).toEqual([expect.objectContaining({ field: 'phone', code: 'invalid_phone' })]);
  const extra = await web.post(EXPORT, { accountNumber: 'A123', email: 'a@b.it', everything: true });
  expect(extra.status).toBe(400);
  const badKind = await web.post('/api/reception/vulnerabilities', { accountNumber: 'A123', email: 'a@b.it', kind: 'vip' });
  expect(badKind.status).toBe(400);
  expect(badKind.body.details).toEqual([expect.objectContaining({ field: 'kind' })]);
});

test('no e-mail on file: the link goes by SMS to the phone on file', async () => {
  const accountNumber = uniqueNumber('A');
  const phone = `+39335${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const imported = await admin.post('/api/admin/import/customers', [{ accountNumber, name: 'Ivan Petrov', phone, language: 'ru' }]);
  expect(imported.body.failed).toBe(0);
  const res = await visitor().post(EXPORT, { accountNumber, phone });
  expect(res.status).toBe(202);
  expect(res.body.sentVia).toBe('sms');
  const sms = await waitFor(() => twilio.messages().find((m) => m.params.To === phone), 10_000, 'the SMS');
  const body = String(sms.params.Body);
  expect(body).toMatch(/Ваши персональные данные/);
  expect((await fetch(`${server.url}${linkIn(body)}`)).status).toBe(200);
});

test("the customer's own statement: pending on the console, a supervisor's task, and a medical one already stops disconnection", async () => {
  const c = await seedBill(admin, { amount: 120, dueAt: '2026-09-30T22:00:00.000Z' }, { service: 'electricity' });
  const web = visitor();
  const wrong = await web.post('/api/reception/vulnerabilities', {
    accountNumber: c.accountNumber,
    phone: '+393330000000',
    kind: 'medical',
  });
  expect(wrong.status).toBe(403);
  const res = await web.post('/api/reception/vulnerabilities', { accountNumber: c.accountNumber, email: c.email, kind: 'medical' });
  expect(res.status).toBe(201);
  expect(res.body).toEqual({ status: 'pending' });
  expect(
    (await web.post('/api/reception/vulnerabilities', { accountNumber: c.accountNumber, email: c.email, kind: 'medical' })).body,
  ).toEqual({
    status: 'already',
  });

  // The agent sees an essential supply to confirm, with its review date (PROTECTION_DECLARED_REVIEW_DAYS).
  const panel = await agent.get(`/api/customers/${c.accountNumber}`);
  expect(panel.body.customer.vulnerabilities).toEqual([
    { kind: 'essential_supply', status: 'pending', source: 'customer', reviewAt: '2026-10-19T08:00:00.000Z' },
  ]);
  const task = await Task.findOne({ accountNumber: c.accountNumber, kind: 'protection_review' }).lean();
  expect(task?.note).toMatch(/stated by the customer \(web\): confirm the essential_supply flag/);
  expect(await Audit.countDocuments({ target: `customer:${c.accountNumber}`, action: 'vulnerability.declare' })).toBe(1);

  const delivered = new Set<string>();
  // Not yet confirmed, the ladder already stops at the formal notice (the safe choice for medical equipment).
  for (let t = new Date('2026-10-21T08:00:00Z').getTime(); t < new Date('2027-03-01T08:00:00Z').getTime(); t += 6 * 86_400_000) {
    const iso = new Date(t).toISOString();
    clock.set(iso);
    expect((await admin.post('/api/admin/jobs/reminders/run', { asOf: iso })).status).toBe(200);
    for (const m of twilio.messages())
      if (m.status === 201 && m.sid && m.params.To === c.phone && !delivered.has(m.sid)) {
        delivered.add(m.sid);
        await twilio.statusCallback(m.sid, 'delivered');
      }
  }
  clock.set('2026-10-05T08:00:00Z');
  const kinds = (await Task.find({ billNumber: c.billNumber }).lean()).map((t) => t.kind).sort();
  expect(kinds).not.toContain('power_reduction');
  expect(kinds).not.toContain('suspension');
  expect(kinds).toContain('protected_case');
  expect((await Bill.findById(c.billNumber).lean())?.dunning).toMatchObject({ pausedReason: 'protected' });

  // An agent confirms it with the evidence: confirmed, as before.
  const confirmed = await agent.post(`/api/customers/${c.accountNumber}/vulnerabilities/medical/confirm`, { evidence: 'ASL certificate' });
  expect(confirmed.status).toBe(200);
  // The supervisors' task to confirm it is done.
  expect(await Task.findById(task!._id).lean()).toMatchObject({ status: 'done' });
  expect((await agent.get(`/api/customers/${c.accountNumber}`)).body.customer.vulnerabilities[0]).toMatchObject({
    status: 'confirmed',
    source: 'customer',
  });
});

test('SMS keyword from the number on file: a pending statement and a plain answer; from a stranger, nothing', async () => {
  const c = await seedCustomer(admin);
  const sms = (from: string, body: string) =>
    postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', {
      MessageSid: `SM${randomBytes(16).toString('hex')}`,
      AccountSid: twilio.accountSid,
      From: from,
      To: '+390000000000',
      Body: body,
      NumMedia: '0',
    });
  const res = await sms(c.phone, 'Salvavita');
  expect(res.status).toBe(200);
  expect(res.text).toMatch(/dipende da apparecchiature medicali/);
  const panel = await agent.get(`/api/customers/${c.accountNumber}`);
  expect(panel.body.customer.vulnerabilities).toEqual([
    { kind: 'essential_supply', status: 'pending', source: 'customer', reviewAt: '2026-10-19T08:00:00.000Z' },
  ]);
  expect((await sms(c.phone, 'SALVAVITA')).text).toMatch(/già registrata/);

  const stranger = '+393471234567';
  const unknown = await sms(stranger, 'MEDICAL');
  expect(unknown.text).toMatch(/Non troviamo un contratto|found no contract/);
  // A sentence about it is a message for an agent, not a statement.
  const other = await seedCustomer(admin);
  await sms(other.phone, 'mio padre usa un apparecchio salvavita, posso segnalarlo?');
  await waitFor(async () => (await Ticket.countDocuments({ accountNumber: other.accountNumber })) > 0, 10_000, 'the ticket');
  expect((await agent.get(`/api/customers/${other.accountNumber}`)).body.customer.vulnerabilities ?? []).toEqual([]);
});
