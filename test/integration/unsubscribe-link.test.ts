// The unsubscribe link of automatic e-mails: a real reminder captured by the SMTP stand-in
// carries the footer link and the RFC 8058 headers; GET (what mail scanners do) changes
// nothing; the one-click POST, without a session, withdraws the consent once; a tampered
// token is refused and changes nothing; the next reminder run honours the opt-out while the
// legal notice still goes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../core/clock';
import { Audit, Ticket } from '../../models';
import { Customer } from '../../models/customer';
import { Reminder } from '../../models/reminder';
import { seedBill, type SeededBill } from '../factories/bills';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

// Due Thursday 1 Oct 2026 (local midnight in Rome); due soon from Monday 28 Sep.
const DUE = '2026-09-30T22:00:00.000Z';
let now = new Date('2026-09-28T08:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let twilio: TwilioStandIn;
let smtp: SmtpSink;
let server: TestServer;
let admin: Session;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  smtp = await startSmtpSink();
  server = await startTestServer(
    {
      TWILIO_API_BASE_URL: twilio.url,
      SMTP_OUTBOUND_URL: smtp.url,
      TWILIO_SMS_PER_SECOND: '0',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'unsubscribe-')),
    },
    { clock },
  );
  admin = await server.admin();
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
  await twilio?.close();
});

async function runAsOf(iso: string) {
  now = new Date(iso);
  const res = await admin.post('/api/admin/jobs/reminders/run', { asOf: iso });
  expect(res.status).toBe(200);
}

async function emailCustomer(language = 'it'): Promise<SeededBill> {
  const c = await seedBill(admin, { amount: 80, dueAt: DUE }, { language });
  await Customer.updateOne({ _id: c.accountNumber }, { $set: { preferredChannel: 'email' } });
  return c;
}

/** The path and query of the link in the List-Unsubscribe header (PUBLIC_BASE_URL is not the test server's address). */
function linkOf(header: string | undefined): string {
  const m = /^<(https?:\/\/[^>]+)>, <mailto:[^>]+>$/.exec(header ?? '');
  if (!m) throw new Error(`no unsubscribe link in ${header}`);
  const u = new URL(m[1]!);
  return `${u.pathname}${u.search}`;
}

function oneClick(path: string, body = 'List-Unsubscribe=One-Click') {
  // A mail provider's server: no cookie, no Origin, a form body.
  return fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
}

const consentsOf = async (account: string) => (await Customer.findById(account, { consents: 1 }).lean())?.consents;
const auditsOf = (account: string) => Audit.countDocuments({ target: `customer:${account}`, action: 'consent.change' });

test('a reminder e-mail carries the link and the one-click headers; GET changes nothing, POST opts out once, the next run honours it', async () => {
  const c = await emailCustomer();
  await runAsOf('2026-09-28T08:00:00Z');
  const mails = smtp.mails.filter((m) => m.rcptTo.includes(c.email));
  expect(mails).toHaveLength(1);
  const mail = mails[0]!;
  expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  const path = linkOf(mail.header('list-unsubscribe'));
  expect(path).toMatch(/^\/unsubscribe\?t=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  const url = /<(http[^>]+)>/.exec(mail.header('list-unsubscribe')!)![1]!;
  expect(mail.parsed.text).toContain(url);
  expect(mail.parsed.html).toContain(`href="${url}"`);
  // Nothing personal is readable in the token beyond the account number.
  const payload = Buffer.from(path.split('t=')[1]!.split('.')[0]!, 'base64url').toString();
  expect(payload).toBe(`email:reminders:${c.accountNumber}`);

  // A mail scanner or the customer opening the link: the page in Italian, with a confirm button; no change.
  const page = await fetch(server.url + path);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('promemoria di pagamento');
  expect(html).toMatch(/<form method="post"[^>]*><input type="hidden" name="List-Unsubscribe" value="One-Click"><button/);
  expect((await consentsOf(c.accountNumber))?.reminders).toBe(true);
  expect(await auditsOf(c.accountNumber)).toBe(0);

  // The mail client's one-click POST, twice (a retry): consent off, audited once.
  for (let i = 0; i < 2; i++) {
    const res = await oneClick(path);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('la sua scelta è registrata');
  }
  expect(await consentsOf(c.accountNumber)).toMatchObject({ reminders: false, email: true, sms: true });
  const audits = await Audit.find({ target: `customer:${c.accountNumber}`, action: 'consent.change' }).lean();
  expect(audits.map((a) => [a.actor, a.details])).toEqual([['customer:email-link', 'reminders=false']]);

  // The first reminder three weeks later is not sent; the formal notice (a legal act) still is.
  await runAsOf('2026-10-21T08:00:00Z');
  expect(await Reminder.findById(`${c.billNumber}:first_reminder`).lean()).toMatchObject({
    status: 'cancelled',
    reason: 'consent_reminders',
  });
  expect(smtp.mails.filter((m) => m.rcptTo.includes(c.email))).toHaveLength(1);
  await runAsOf('2026-11-10T09:00:00Z');
  expect(await Reminder.findById(`${c.billNumber}:formal_notice`).lean()).toMatchObject({ status: 'sent', channel: 'email' });
  const legal = smtp.mails.filter((m) => m.rcptTo.includes(c.email));
  expect(legal).toHaveLength(2);
  // Its link withdraws service e-mail, not "reminders" (which is already off).
  const legalPath = linkOf(legal[1]!.header('list-unsubscribe'));
  expect(Buffer.from(legalPath.split('t=')[1]!.split('.')[0]!, 'base64url').toString()).toBe(`email:service:${c.accountNumber}`);
});

test('a tampered, forged or missing token is refused with 400 and changes nothing; so is a POST without the one-click body', async () => {
  const c = await emailCustomer('en');
  await runAsOf('2026-09-28T08:00:00Z');
  const path = linkOf(smtp.mails.find((m) => m.rcptTo.includes(c.email))?.header('list-unsubscribe'));
  const token = path.split('t=')[1]!;
  const [payload, sig] = token.split('.') as [string, string];
  const flipped = `${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
  const otherAccount = Buffer.from(`email:reminders:${c.accountNumber}X`).toString('base64url');
  const marketing = Buffer.from(`email:marketing:${c.accountNumber}`).toString('base64url');
  for (const bad of [`${payload}.${flipped}`, `${otherAccount}.${sig}`, `${marketing}.${sig}`, payload, '', 'x'.repeat(500)]) {
    const res = await oneClick(`/unsubscribe?t=${bad}`);
    expect(res.status).toBe(400);
    // Nothing in a bad token can be trusted, the language included: the deployment's (it).
    expect(await res.text()).toContain('Questo link non è valido');
    expect((await fetch(`${server.url}/unsubscribe?t=${bad}`)).status).toBe(400);
  }
  expect((await oneClick(path, '')).status).toBe(400);
  expect((await oneClick(path, 'List-Unsubscribe=Yes')).status).toBe(400);
  expect(await consentsOf(c.accountNumber)).toMatchObject({ reminders: true, email: true, marketing: false });
  expect(await auditsOf(c.accountNumber)).toBe(0);
});

test('the mailto: alternative: a mail with the token in the subject opts out without a ticket; a forged one is an ordinary request', async () => {
  const c = await emailCustomer('en');
  await runAsOf('2026-09-28T08:00:00Z');
  const header = smtp.mails.find((m) => m.rcptTo.includes(c.email))!.header('list-unsubscribe')!;
  const mailto = new URL(/<(mailto:[^>]+)>/.exec(header)![1]!);
  expect(mailto.pathname).toBe('service@utility.example');
  const subject = mailto.searchParams.get('subject')!;
  expect(subject).toMatch(/^unsubscribe [A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  const send = (subj: string) =>
    admin.post(
      '/webhooks/email/inbound',
      [
        `From: ${c.email}`,
        'To: service@utility.example',
        `Subject: ${subj}`,
        `Message-ID: <${subj.length}.${Date.now()}@mail.example>`,
        '',
        '',
      ].join('\r\n'),
      { 'content-type': 'message/rfc822' },
    );
  const forged = await send(`${subject.slice(0, -3)}xyz`);
  expect(forged.body).toMatchObject({ outcome: 'ticket', created: true });
  // Its acknowledgement is part of a conversation: no unsubscribe link there.
  const ack = await waitFor(
    () => smtp.mails.find((m) => m.rcptTo.includes(c.email) && m.header('auto-submitted') === 'auto-replied'),
    10_000,
    'acknowledgement',
  );
  expect(ack.header('list-unsubscribe')).toBeUndefined();
  expect(ack.parsed.text).not.toContain('/unsubscribe');
  expect((await consentsOf(c.accountNumber))?.reminders).toBe(true);

  const tickets = await Ticket.countDocuments({ accountNumber: c.accountNumber });
  const res = await send(subject);
  expect(res.body).toMatchObject({ outcome: 'machine', reason: 'unsubscribe' });
  expect(await Ticket.countDocuments({ accountNumber: c.accountNumber })).toBe(tickets);
  expect(await consentsOf(c.accountNumber)).toMatchObject({ reminders: false, email: true });
  expect((await Audit.find({ target: `customer:${c.accountNumber}`, action: 'consent.change' }).lean()).map((a) => a.actor)).toEqual([
    'customer:email-link',
  ]);
});
