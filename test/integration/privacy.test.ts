// Privacy rights end to end against the real store: the export holds every kind of record
// (JSON, zip with attachments and letters, PDF), the erasure leaves no trace of the
// customer's phone, e-mail or name in any collection while the statistics stay as they
// were, refuses while a legal step or a dispute is open, is idempotent, resumes after a
// killed worker, and the number that texts afterwards is a stranger.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import mongoose from 'mongoose';
import type { Clock } from '../../core/clock';
import { Bill, Ticket } from '../../models';
import { Booking, SlotDay } from '../../models/booking';
import { Callback } from '../../models/callback';
import { Erasure } from '../../models/erasure';
import { addBill, payBill } from '../factories/bills';
import { uniqueNumber } from '../factories/billing';
import { loginAs, makeAgent } from '../support/agents';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60_000);

const PUBLIC = 'http://hotline.example.test';
const DUE = '2026-09-30T22:00:00.000Z';
const now = new Date('2026-09-28T08:00:00Z');
const clock: Clock = { now: () => new Date(now) };
const dataDir = mkdtempSync(join(tmpdir(), 'privacy-test-'));
let twilio: TwilioStandIn;
let server: TestServer;
let admin: Session;
let privacyOfficer: Session;
let agent: Session;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer(
    { PUBLIC_BASE_URL: PUBLIC, TWILIO_API_BASE_URL: twilio.url, TWILIO_SMS_PER_SECOND: '0', DATA_DIR: dataDir },
    { clock },
  );
  admin = await server.admin();
  privacyOfficer = await loginAs(server.session(), await makeAgent({ role: 'privacy' }));
  agent = await loginAs(server.session(), await makeAgent());
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
});

interface Person {
  accountNumber: string;
  contractNumber: string;
  billNumber: string;
  /** The walk-in slot day whose seat the booking holds. */
  slotDay: string;
  name: string;
  phone: string;
  email: string;
}

const sms = (from: string, body: string) =>
  postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', {
    MessageSid: `SM${randomBytes(16).toString('hex')}`,
    AccountSid: twilio.accountSid,
    From: from,
    To: '+390000000000',
    Body: body,
    NumMedia: '0',
  });

/** A customer with a trace in every collection a contact leaves one in. */
async function person(): Promise<Person> {
  const tag = randomBytes(3).toString('hex');
  const p = {
    accountNumber: uniqueNumber('A'),
    contractNumber: uniqueNumber(''),
    name: `Ottavia Zanardelli${tag}`,
    phone: `+39334${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    email: `ottavia.${tag}@example.it`,
  };
  await admin.post('/api/admin/import/customers', [
    { accountNumber: p.accountNumber, name: p.name, phone: p.phone, email: p.email, language: 'it' },
  ]);
  await admin.post('/api/admin/import/contracts', [
    {
      contractNumber: p.contractNumber,
      accountNumber: p.accountNumber,
      service: 'gas',
      address: `Via ${p.name} 1`,
      areaCode: 'BO-01',
      lastReading: 1000,
      lastReadingAt: '2026-09-01T10:00:00Z',
      avgDailyUse: 5,
    },
  ]);
  const billNumber = await addBill(admin, p.contractNumber, { amount: 80, dueAt: DUE });
  await payBill(admin, await addBill(admin, p.contractNumber, { amount: 30, dueAt: '2026-08-31T22:00:00Z' }), 30, '2026-08-30T10:00:00Z');
  // A conversation by SMS, a self-reading, a mail with an attachment, a due-soon reminder.
  expect((await sms(p.phone, `Buongiorno, sono ${p.name}, vorrei sapere il saldo`)).status).toBe(200);
  await sms(p.phone, `${p.contractNumber}g1100`);
  const mail = [
    `From: ${p.name} <${p.email}>`,
    'To: service@utility.example',
    `Subject: Reclamo di ${p.name}`,
    `Message-ID: <${tag}@example.it>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="B"',
    '',
    '--B',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Allego la bolletta. ${p.name}, tel. ${p.phone}`,
    '--B',
    'Content-Type: application/pdf; name="bolletta.pdf"',
    'Content-Disposition: attachment; filename="bolletta.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(`%PDF-1.4 ${p.name} ${tag}`).toString('base64'),
    '--B--',
    '',
  ].join('\r\n');
  expect((await server.session().post('/webhooks/email/inbound', mail, { 'content-type': 'message/rfc822' })).status).toBe(201);
  await waitFor(async () => (await Ticket.countDocuments({ accountNumber: p.accountNumber })) >= 2, 10_000, 'tickets');
  // A callback the customer asked for on one of them (the number it dials).
  const first = (await Ticket.findOne({ accountNumber: p.accountNumber }).lean())!;
  await Callback.create({
    _id: String(first._id),
    ticketNumber: first.number,
    origin: 'after_hours',
    phone: p.phone,
    language: 'it',
    queue: 'general',
    requestedAt: now,
  });
  // A walk-in slot booked with the phone (its seat taken in the slot's day).
  const day = `${tag}-day`;
  await SlotDay.create({ _id: `OFF-P:svc:${day}`, office: 'OFF-P', service: 'svc', day, taken: { 3: 1 } });
  await Booking.create({
    _id: `B${tag}`.toUpperCase(),
    office: 'OFF-P',
    service: 'svc',
    slotStart: new Date(now.getTime() + 86_400_000),
    slotEnd: new Date(now.getTime() + 86_400_000 + 900_000),
    day,
    slot: 3,
    phone: p.phone,
    language: 'it',
    createdAt: now,
  });
  const run = await admin.post('/api/admin/jobs/reminders/run', { asOf: now.toISOString() });
  expect(run.status).toBe(200);
  return { ...p, billNumber, slotDay: `OFF-P:svc:${day}` };
}

/** Every document of every collection, searched for the strings (the test's whole-store search). */
async function traces(needles: string[]): Promise<string[]> {
  const db = mongoose.connection.db!;
  const found: string[] = [];
  for (const { name } of await db.listCollections().toArray()) {
    for (const doc of await db.collection(name).find({}).toArray()) {
      const text = JSON.stringify(doc).toLowerCase();
      for (const n of needles) if (text.includes(n.toLowerCase())) found.push(`${name}: ${n}`);
    }
  }
  return [...new Set(found)];
}

async function statistics(): Promise<string> {
  const db = mongoose.connection.db!;
  const dump = async (c: string) => JSON.stringify(await db.collection(c).find({}).sort({ _id: 1 }).toArray());
  // The statistics' real collection names (models/reporting-event.ts, models/interval-bucket.ts).
  return (await dump('reporting_events')) + (await dump('stats_days')) + (await dump('stats_months'));
}

test('the export is for admins and privacy officers, of a known account, with every kind of record', async () => {
  const p = await person();
  const path = `/api/customers/${p.accountNumber}/export`;
  expect((await agent.get(path)).status).toBe(403);
  expect((await server.session().get(path)).status).toBe(401);
  expect((await privacyOfficer.get('/api/customers/NOSUCH1/export')).status).toBe(404);
  // A privacy officer does no agent work.
  expect((await privacyOfficer.get(`/api/customers/${p.accountNumber}`)).status).toBe(403);

  // An earlier export is itself audited, and the audit entries about the customer are exported.
  expect((await privacyOfficer.get(`${path}?format=pdf`)).status).toBe(200);
  const res = await privacyOfficer.get(path);
  expect(res.status).toBe(200);
  expect(res.body.records.audit.map((a: { action: string }) => a.action)).toContain('customer.export');
  const r = res.body.records;
  expect(r.customer).toMatchObject({ name: p.name, phones: [p.phone], emails: [p.email] });
  for (const kind of [
    'contactPoints',
    'contracts',
    'readings',
    'bills',
    'payments',
    'tickets',
    'messages',
    'reminders',
    'callbacks',
    'bookings',
    'audit',
  ])
    expect({ kind, n: r[kind].length > 0 }).toEqual({ kind, n: true });
  expect(r.contactPoints).toHaveLength(2);
  expect(r.messages.some((m: { _id: string }) => m._id.startsWith('reminder:'))).toBe(true);
  expect(r.messages.some((m: { attachments: unknown[] }) => m.attachments.length > 0)).toBe(true);
  expect(res.text).not.toMatch(/trackingTokenHash|tokenHash|"raw"/);

  const zip = await fetch(`${server.url}${path}?format=zip`, { headers: { cookie: privacyOfficer.cookie } });
  expect(zip.headers.get('content-type')).toMatch(/application\/zip/);
  const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['export.json', 'summary.pdf']));
  const attachment = Object.keys(files).find((f) => f.startsWith('attachments/'));
  expect(attachment).toMatch(/bolletta\.pdf$/);
  expect(strFromU8(files[attachment!]!)).toContain(p.name);
  expect(JSON.parse(strFromU8(files['export.json']!)).accountNumber).toBe(p.accountNumber);
  const pdf = await fetch(`${server.url}${path}?format=pdf`, { headers: { cookie: admin.cookie } });
  expect(
    Buffer.from(await pdf.arrayBuffer())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
});

test('erasure is refused while a legal dunning step is open, and says why', async () => {
  const p = await person();
  await Bill.updateOne({ _id: p.billNumber }, { $set: { 'dunning.stage': 'formal_notice' } });
  const res = await privacyOfficer.post(`/api/customers/${p.accountNumber}/erase`, { reason: 'customer request' });
  expect(res.status).toBe(409);
  expect(res.body.details).toEqual({ reason: 'legal_dunning_step_open' });
  await Bill.updateOne({ _id: p.billNumber }, { $set: { 'dunning.stage': 'due_soon', disputed: true } });
  const disputed = await privacyOfficer.post(`/api/customers/${p.accountNumber}/erase`, { reason: 'customer request' });
  expect(disputed.body.details).toEqual({ reason: 'dispute_open' });
  expect((await agent.post(`/api/customers/${p.accountNumber}/erase`, { reason: 'customer request' })).status).toBe(403);
  expect((await privacyOfficer.post('/api/customers/NOSUCH1/erase', { reason: 'customer request' })).status).toBe(404);
  expect((await privacyOfficer.post(`/api/customers/${p.accountNumber}/erase`, {})).status).toBe(400);
  expect(await traces([p.phone])).not.toEqual([]);
});

test('after erasure no collection holds the phone, the e-mail or the name; statistics and bills stay', async () => {
  const p = await person();
  // The customer's own export request on the reception: a ticket, a link by SMS (the phone on file).
  const asked = await server.session().post('/api/reception/privacy/export-requests', { accountNumber: p.accountNumber, email: p.email });
  expect(asked.body.sentVia).toBe('sms');
  const linkSms = await waitFor(
    () => twilio.messages().find((m) => m.params.To === p.phone && /privacy\/export/.test(String(m.params.Body))),
    10_000,
    'the link',
  );
  const link = /\/api\/reception\/privacy\/export\?token=[^&\s]+/.exec(String(linkSms.params.Body))![0];
  expect((await fetch(`${server.url}${link}`)).status).toBe(200);
  expect(await traces([p.phone, p.email, p.name])).not.toEqual([]);
  const stats = await statistics();

  const res = await admin.request('DELETE', `/api/customers/${p.accountNumber}`, { reason: 'customer request by letter' });
  expect(res.status).toBe(200);
  expect(res.body.status).toBe('erased');
  expect(await traces([p.phone, p.email, p.name])).toEqual([]);
  expect(await statistics()).toEqual(stats);
  // The booking went with the phone, and its seat is free for someone else.
  expect((await SlotDay.findById(p.slotDay).lean())?.taken).toEqual({ 3: 0 });
  expect(await Bill.findById(p.billNumber).lean()).toMatchObject({ amount: 80, accountNumber: p.accountNumber });
  // The export link is gone with the rest: nothing to download any more.
  expect((await fetch(`${server.url}${link}`)).status).toBe(404);

  // Idempotent; the audit has who, when and why, not what.
  const again = await privacyOfficer.post(`/api/customers/${p.accountNumber}/erase`, { reason: 'again' });
  expect(again.body.status).toBe('already_erased');
  // The billing system's copy does not bring the data back.
  const reimport = await admin.post('/api/admin/import/customers', [{ accountNumber: p.accountNumber, name: p.name, phone: p.phone }]);
  expect(reimport.body.errors[0]).toMatchObject({ field: 'accountNumber' });
  expect(await traces([p.phone, p.name])).toEqual([]);

  // The number is a stranger now.
  await sms(p.phone, 'Salve, ho un problema con la fornitura');
  const t = await waitFor(async () => (await Ticket.find({ 'contact.address': p.phone }).lean())[0], 10_000, 'the new ticket');
  expect(t.accountNumber).toBeUndefined();
});

test('an erasure killed mid-way resumes and completes', async () => {
  const p = await person();
  const child = spawn(join(process.cwd(), 'node_modules/.bin/tsx'), ['test/support/erasure-worker.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      WORKER_MONGODB_URI: server.ctx.mongoUri,
      WORKER_REDIS_URL: server.ctx.redisUrl,
      WORKER_DATA_DIR: dataDir,
      ERASE_ACCOUNT: p.accountNumber,
      ERASE_DIE_AFTER: 'tickets',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  expect({ killed: exit.signal === 'SIGKILL' || exit.code === 137, stderr }).toEqual({ killed: true, stderr: '' });
  const half = await Erasure.findById(p.accountNumber).lean();
  expect(half).toMatchObject({ status: 'running', steps: ['messages', 'outbound', 'tickets'] });
  expect(await traces([p.phone])).not.toEqual([]);

  const run = await admin.post('/api/admin/jobs/erasures/run', {});
  expect(run.body.counts).toMatchObject({ resumed: 1 });
  expect(await Erasure.findById(p.accountNumber).lean()).toMatchObject({ status: 'done' });
  expect(await traces([p.phone, p.email, p.name])).toEqual([]);
});
