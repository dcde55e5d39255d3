// The reminders job end to end: real store, the real SMS/voice senders against the Twilio
// stand-in, real nodemailer into the SMTP sink, runs "as of" a date through the admin API.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setSmsConsent } from '../../channels/sms/consent';
import type { Clock } from '../../core/clock';
import { Bill, Customer } from '../../models';
import { Reminder } from '../../models/reminder';
import { Task } from '../../models/task';
import { payBill, seedBill, type SeededBill } from '../factories/bills';
import { seedCustomer } from '../factories/billing';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';

// Due Thursday 1 Oct 2026 (local midnight in Rome).
const DUE = '2026-09-30T22:00:00.000Z';
/** 10:00 in Rome on a local day (CEST until 25 Oct, CET after). */
const rome = (day: string, hhmm = '10:00') => {
  const summer = day < '2026-10-25';
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Date(
    Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), h - (summer ? 2 : 1), m),
  ).toISOString();
};

let now = new Date(rome('2026-09-28'));
const clock: Clock = { now: () => new Date(now) };
let twilio: TwilioStandIn;
let smtp: SmtpSink;
let server: TestServer;
let admin: Session;
const dataDir = mkdtempSync(join(tmpdir(), 'reminders-test-'));

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  smtp = await startSmtpSink();
  server = await startTestServer(
    { TWILIO_API_BASE_URL: twilio.url, SMTP_OUTBOUND_URL: smtp.url, TWILIO_SMS_PER_SECOND: '0', DATA_DIR: dataDir },
    { clock },
  );
  admin = await server.admin();
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
  await smtp?.close();
});

async function runAsOf(iso: string) {
  now = new Date(iso);
  const res = await admin.post('/api/admin/jobs/reminders/run', { asOf: iso });
  expect(res.status).toBe(200);
  return res.body as { status: string; counts: Record<string, number> };
}
const smsTo = (c: SeededBill) => twilio.messages().filter((m) => m.params.To === c.phone && m.status === 201);
const callsTo = (c: SeededBill) => twilio.calls().filter((m) => m.params.To === c.phone && m.status === 201);
const mailsTo = (c: SeededBill) => smtp.mails.filter((m) => m.rcptTo.includes(c.email));

test('each ladder stage fires on its day, once, naming the customer and the amount', async () => {
  const c = await seedBill(admin, { amount: 120, dueAt: DUE });

  await runAsOf(rome('2026-09-27'));
  expect(smsTo(c)).toHaveLength(0);

  await runAsOf(rome('2026-09-28'));
  expect(smsTo(c)).toHaveLength(1);
  expect(smsTo(c)[0]!.params.Body).toContain('Maria Rossi');
  expect(smsTo(c)[0]!.params.Body).toMatch(/120,00\s€/);
  expect(smsTo(c)[0]!.params.Body).toContain('1 ottobre 2026');
  // Same day again, and the next day: nothing new.
  await runAsOf(rome('2026-09-28', '15:00'));
  await runAsOf(rome('2026-09-29'));
  expect(smsTo(c)).toHaveLength(1);

  await runAsOf(rome('2026-10-20'));
  expect(smsTo(c)).toHaveLength(1);
  await runAsOf(rome('2026-10-21'));
  expect(smsTo(c)).toHaveLength(2);
  expect(smsTo(c)[1]!.params.Body).toMatch(/scaduta il 1 ottobre 2026, risulta non pagata/);

  await runAsOf(rome('2026-11-09'));
  expect(smsTo(c)).toHaveLength(2);
  await runAsOf(rome('2026-11-10'));
  expect(smsTo(c)).toHaveLength(3);
  const notice = await Reminder.findById(`${c.billNumber}:formal_notice`).lean();
  expect(notice).toMatchObject({ status: 'sent', channel: 'sms', letterKey: expect.stringMatching(/\.pdf$/) });
  expect(existsSync(join(dataDir, notice!.letterKey!))).toBe(true);
  expect(await Task.findById(`postal_dispatch:${c.billNumber}:formal_notice`).lean()).toMatchObject({
    kind: 'postal_dispatch',
    status: 'open',
    documentKey: notice!.letterKey,
  });

  // 3 months after the due date is 1 Jan (a holiday: no SMS); the operations task is created that day anyway.
  await runAsOf(rome('2027-01-01'));
  expect(await Task.findById(`suspension:${c.billNumber}:suspension_eligible`).lean()).toMatchObject({
    kind: 'suspension',
    status: 'open',
  });
  expect(smsTo(c)).toHaveLength(3);
  expect(await Reminder.findById(`${c.billNumber}:suspension_eligible`).lean()).toMatchObject({
    status: 'pending',
    reason: 'quiet_hours:sms',
    notBefore: new Date(rome('2027-01-02', '08:00')),
  });
  await runAsOf(rome('2027-01-02', '09:00'));
  expect(smsTo(c)).toHaveLength(4);
  await runAsOf(rome('2027-01-04'));
  expect(smsTo(c)).toHaveLength(4);
  expect(await Bill.findById(c.billNumber).lean()).toMatchObject({ dunning: { stage: 'suspension_eligible' } });
});

test('quiet hours queue the SMS to the next allowed time; a payment before then cancels it', async () => {
  const c = await seedBill(admin, { amount: 80, dueAt: DUE });
  const other = await seedBill(admin, { amount: 90, dueAt: DUE });
  await Bill.updateMany({ _id: { $in: [c.billNumber, other.billNumber] } }, { $set: { dunning: { stage: 'due_soon' } } });

  // Wednesday 21 Oct, 21:30: no SMS after 20:00.
  const r = await runAsOf(rome('2026-10-21', '21:30'));
  expect(r.counts.deferred).toBeGreaterThanOrEqual(2);
  expect(smsTo(c)).toHaveLength(0);
  expect(await Reminder.findById(`${c.billNumber}:first_reminder`).lean()).toMatchObject({
    status: 'pending',
    reason: 'quiet_hours:sms',
    notBefore: new Date(rome('2026-10-22', '08:00')),
  });

  await payBill(admin, c.billNumber, 80, rome('2026-10-21', '22:00'));
  await runAsOf(rome('2026-10-22', '07:59'));
  expect(smsTo(other)).toHaveLength(0);
  await runAsOf(rome('2026-10-22', '08:00'));
  expect(smsTo(c)).toHaveLength(0);
  expect(smsTo(other)).toHaveLength(1);
  expect(await Reminder.findById(`${c.billNumber}:first_reminder`).lean()).toMatchObject({ status: 'cancelled', reason: 'paid' });
});

test('a Sunday defers SMS to Monday 08:00', async () => {
  const c = await seedBill(admin, { amount: 60, dueAt: '2026-11-03T23:00:00.000Z' }); // due Wed 4 Nov
  await runAsOf(rome('2026-11-01', '11:00')); // Sunday, and All Saints' day
  expect(await Reminder.findById(`${c.billNumber}:due_soon`).lean()).toMatchObject({
    status: 'pending',
    notBefore: new Date(rome('2026-11-02', '08:00')),
  });
  await runAsOf(rome('2026-11-02', '08:05'));
  expect(smsTo(c)).toHaveLength(1);
});

test('an open dispute blocks reminders; a reminder queued before the dispute is cancelled with the reason', async () => {
  const blocked = await seedBill(admin, { amount: 70, dueAt: DUE });
  const queued = await seedBill(admin, { amount: 75, dueAt: DUE });
  await Bill.updateMany({ _id: { $in: [blocked.billNumber, queued.billNumber] } }, { $set: { dunning: { stage: 'due_soon' } } });

  const open = await admin.post(`/api/contracts/${blocked.contractNumber}/dispute`, { ticketId: 'T-dispute-1' });
  expect(open.status).toBe(200);
  expect(open.body).toEqual({ contractNumber: blocked.contractNumber, billsBlocked: 1 });
  await runAsOf(rome('2026-10-21', '21:00'));
  expect(await Reminder.findById(`${blocked.billNumber}:first_reminder`).lean()).toBeNull();
  expect(await Reminder.findById(`${queued.billNumber}:first_reminder`).lean()).toMatchObject({ status: 'pending' });

  await admin.post(`/api/contracts/${queued.contractNumber}/dispute`, { ticketId: 'T-dispute-2' });
  await runAsOf(rome('2026-10-22', '09:00'));
  expect(smsTo(blocked)).toHaveLength(0);
  expect(smsTo(queued)).toHaveLength(0);
  expect(await Reminder.findById(`${queued.billNumber}:first_reminder`).lean()).toMatchObject({ status: 'cancelled', reason: 'disputed' });

  // Upheld after bills were issued (docs/rules.md, "Disputed contracts"): the contract was never
  // wanted, so collection of its bills is cancelled for good — billing gets a task to cancel each
  // — and the customer gets the €25 credit note. No reminder ever again, however long we wait.
  const close = await admin.post(`/api/contracts/${blocked.contractNumber}/dispute/close`, { upheld: true });
  expect(close.status).toBe(200);
  expect(close.body).toMatchObject({ billsCancelled: 1 });
  expect(await Task.findById(close.body.creditNoteTask).lean()).toMatchObject({
    kind: 'credit_note',
    reason: 'dispute_indemnity',
    amount: 25,
    contractNumber: blocked.contractNumber,
  });
  expect(await Task.findById(`cancel_bill:${blocked.billNumber}`).lean()).toMatchObject({ kind: 'cancel_bill', amount: 70 });
  expect(await Bill.findById(blocked.billNumber).lean()).toMatchObject({ collectionCancelledBy: 'T-dispute-1' });
  for (const day of ['2026-10-22', '2026-11-20', '2027-01-25']) await runAsOf(rome(day, '10:00'));
  // The only text the customer gets is the outcome of the dispute, never a reminder.
  expect(smsTo(blocked).map((m) => m.params.Body)).toEqual([expect.stringContaining('è stato accolto')]);
  expect(await Reminder.countDocuments({ billNumber: blocked.billNumber, status: { $ne: 'cancelled' } })).toBe(0);
});

test('upheld dispute over a part-paid bill: a credit task for what was paid, and the bill is out of collection', async () => {
  const c = await seedBill(admin, { amount: 120, dueAt: DUE, paidAmount: 50 });
  expect((await admin.post(`/api/contracts/${c.contractNumber}/dispute`, { ticketId: 'T-dispute-paid' })).status).toBe(200);
  expect((await admin.post(`/api/contracts/${c.contractNumber}/dispute/close`, { upheld: true })).status).toBe(200);
  expect(await Task.findById(`credit_note:refund:${c.billNumber}`).lean()).toMatchObject({
    kind: 'credit_note',
    reason: 'refund',
    amount: 50,
  });
  // Closing again is refused by name; nothing is duplicated.
  expect((await admin.post(`/api/contracts/${c.contractNumber}/dispute/close`, { upheld: true })).body.error).toBe('NoOpenDispute');
  // The rules refuse a plan or a deferral on a bill out of collection.
  const plan = await admin.post(`/api/bills/${c.billNumber}/instalment-plan`, {});
  expect(plan.body.details).toEqual({ reason: 'bill_settled' });
  await runAsOf(rome('2026-11-20', '10:00'));
  expect(smsTo(c).map((m) => m.params.Body)).toEqual([expect.stringContaining('è stato accolto')]);
});

test('a bill issued while the supply is disputed is stored but held: no reminder; upheld → billing cancels it, rejected → released', async () => {
  const first = await seedBill(admin, { amount: 40, dueAt: DUE });
  const second = await seedBill(admin, { amount: 45, dueAt: DUE });
  for (const [c, ticketId] of [
    [first, 'T-held-1'],
    [second, 'T-held-2'],
  ] as const) {
    expect((await admin.post(`/api/contracts/${c.contractNumber}/dispute`, { ticketId })).status).toBe(200);
  }
  const late = (c: SeededBill, billNumber: string) => ({
    billNumber,
    contractNumber: c.contractNumber,
    amount: 33.5,
    issuedAt: '2026-09-10',
    dueAt: DUE,
    paidAmount: 0,
  });
  const res = await admin.post('/api/admin/import/bills', [late(first, `${first.billNumber}-L`), late(second, `${second.billNumber}-L`)]);
  expect(res.status).toBe(200);
  // Nothing from the billing system is lost: stored, counted, and listed back as held.
  expect(res.body).toMatchObject({
    inserted: 2,
    failed: 0,
    held: [
      { row: 1, billNumber: `${first.billNumber}-L`, contractNumber: first.contractNumber },
      { row: 2, billNumber: `${second.billNumber}-L` },
    ],
  });
  // Importing it again is an update, not a second held bill.
  expect((await admin.post('/api/admin/import/bills', [late(first, `${first.billNumber}-L`)])).body).toMatchObject({
    inserted: 0,
    updated: 1,
    held: [],
  });

  const panel = await admin.get(`/api/customers/${first.accountNumber}`);
  expect(panel.body.bills.find((b: { billNumber: string }) => b.billNumber === `${first.billNumber}-L`)).toMatchObject({
    heldByDispute: 'T-held-1',
    dunningPaused: 'disputed',
  });

  await runAsOf(rome('2026-09-29'));
  expect(smsTo(first)).toHaveLength(0);
  expect(await Reminder.findById(`${first.billNumber}-L:due_soon`).lean()).toBeNull();

  // Upheld: the contract was never wanted; billing gets a task to cancel what it issued meanwhile, and it stays held.
  expect((await admin.post(`/api/contracts/${first.contractNumber}/dispute/close`, { upheld: true })).status).toBe(200);
  expect(await Task.findById(`cancel_bill:${first.billNumber}-L`).lean()).toMatchObject({
    kind: 'cancel_bill',
    ticketId: 'T-held-1',
    amount: 33.5,
    status: 'open',
  });
  // Rejected: the bills are the customer's after all; the hold is lifted.
  expect((await admin.post(`/api/contracts/${second.contractNumber}/dispute/close`, { upheld: false })).status).toBe(200);
  expect(await Task.findById(`cancel_bill:${second.billNumber}-L`).lean()).toBeNull();
  expect(await Bill.findById(`${second.billNumber}-L`).lean()).toMatchObject({ disputed: false });
  expect((await Bill.findById(`${second.billNumber}-L`).lean())?.heldByDispute).toBeUndefined();

  await runAsOf(rome('2026-09-30'));
  expect(twilio.messages().filter((m) => m.params.To === first.phone && String(m.params.Body).includes('33,50'))).toHaveLength(0);
  // Released the same day as the supply's first bill: one message for both (the per-customer cap), 33,50 € + 45,00 €.
  expect(twilio.messages().filter((m) => m.params.To === second.phone && String(m.params.Body).includes('78,50'))).toHaveLength(1);
  expect(await Reminder.findById(`${second.billNumber}-L:due_soon`).lean()).toMatchObject({ status: 'sent' });
});

test('STOP and consent: SMS refused → e-mail; no consent anywhere → pending with the reason, no crash', async () => {
  const stopped = await seedBill(admin, { amount: 50, dueAt: DUE });
  await setSmsConsent(stopped.phone, false, new Date());
  const none = await seedBill(admin, { amount: 55, dueAt: DUE });
  await Customer.updateOne({ _id: none.accountNumber }, { $set: { consents: { sms: false, email: false, voice: false } } });
  const caller = await seedBill(admin, { amount: 65, dueAt: DUE });
  await Customer.updateOne({ _id: caller.accountNumber }, { $set: { preferredChannel: 'voice' } });

  await runAsOf(rome('2026-09-29'));
  expect(smsTo(stopped)).toHaveLength(0);
  expect(mailsTo(stopped)).toHaveLength(1);
  expect(mailsTo(stopped)[0]!.parsed.text).toContain('Maria Rossi');
  expect(await Reminder.findById(`${stopped.billNumber}:due_soon`).lean()).toMatchObject({ status: 'sent', channel: 'email' });

  expect(smsTo(none)).toHaveLength(0);
  expect(mailsTo(none)).toHaveLength(0);
  expect(await Reminder.findById(`${none.billNumber}:due_soon`).lean()).toMatchObject({
    status: 'pending',
    reason: 'no_channel_available',
    tried: ['sms:consent', 'email:consent', 'voice:consent'],
  });

  // Preferred channel first: an automated call inside the courtesy window (Tue 29 Sep, 10:00).
  expect(callsTo(caller)).toHaveLength(1);
  expect(smsTo(caller)).toHaveLength(0);
});

test('shared supply: residents are informed before the suspension task can start', async () => {
  const c = await seedBill(admin, { amount: 400, dueAt: DUE }, { shared: true });
  await Bill.updateOne({ _id: c.billNumber }, { $set: { dunning: { stage: 'formal_notice', stageAt: new Date(rome('2026-11-10')) } } });
  await runAsOf(rome('2027-01-04'));
  const inform = await Task.findById(`inform_residents:${c.billNumber}:suspension_eligible`).lean();
  expect(inform).toMatchObject({ kind: 'inform_residents', status: 'open' });
  expect(await Task.findById(`suspension:${c.billNumber}:suspension_eligible`).lean()).toMatchObject({
    status: 'blocked',
    blockedBy: inform!._id,
  });
});

test('instalment plan and deferral through the API: the plan or the precise reason, and the ladder pauses', async () => {
  now = new Date(rome('2026-09-20'));
  const c = await seedBill(admin, { amount: 200, dueAt: DUE }, { service: 'electricity' });
  const quote = await admin.post(`/api/bills/${c.billNumber}/instalment-plan`, { dryRun: true });
  expect(quote.status).toBe(200);
  expect(quote.body.plan.instalments).toHaveLength(3);
  const plan = await admin.post(`/api/bills/${c.billNumber}/instalment-plan`, {});
  expect(plan.status).toBe(201);
  expect(plan.body.plan).toMatchObject({ status: 'active', principal: 200 });
  expect(plan.body.plan.instalments[0].dueAt).toBe('2026-10-30T23:00:00.000Z');
  const again = await admin.post(`/api/bills/${c.billNumber}/instalment-plan`, {});
  expect(again.status).toBe(422);
  expect(again.body).toMatchObject({ error: 'NotEligible', details: { reason: 'plan_exists' } });

  const d = await seedBill(admin, { amount: 20_000.01, dueAt: DUE });
  const big = await admin.post(`/api/bills/${d.billNumber}/deferral`, {});
  expect(big.status).toBe(422);
  expect(big.body.details).toEqual({ reason: 'amount_too_high' });
  const e = await seedBill(admin, { amount: 100, dueAt: DUE });
  const ok = await admin.post(`/api/bills/${e.billNumber}/deferral`, {});
  expect(ok.status).toBe(201);
  expect(ok.body.newDueAt).toBe('2026-10-19T22:00:00.000Z');
  const second = await admin.post(`/api/bills/${e.billNumber}/deferral`, {});
  expect(second.body.details).toEqual({ reason: 'already_deferred' });

  // D+20: neither the planned nor the deferred bill gets a reminder; the plan's missed instalment resumes the ladder.
  await runAsOf(rome('2026-10-21'));
  expect(smsTo(c).filter((m) => !String(m.params.Body).includes('scade il'))).toHaveLength(0);
  expect(await Reminder.findById(`${e.billNumber}:first_reminder`).lean()).toBeNull();
  await runAsOf(rome('2026-11-20'));
  expect(await Reminder.findById(`${c.billNumber}:first_reminder`).lean()).toMatchObject({ status: 'sent' });

  const overdue = await admin.post(`/api/bills/${c.billNumber}/deferral`, {});
  expect(overdue.body.details).toEqual({ reason: 'bill_overdue' });
  const agentless = await server.session().post(`/api/bills/${c.billNumber}/deferral`, {});
  expect(agentless.status).toBe(401);
});

test('tariff change notices reach the affected customers once, in their language, after quiet hours', async () => {
  const affected = await seedCustomer(admin, { service: 'water', areaCode: 'TN-99', language: 'en' });
  const elsewhere = await seedCustomer(admin, { service: 'water', areaCode: 'TN-01' });
  const created = await admin.post('/api/admin/tariff-changes', {
    id: 'W-2027-01',
    service: 'water',
    areaCode: 'TN-99',
    effectiveAt: '2027-01-01T00:00:00Z',
    announceFrom: '2026-11-01T00:00:00Z',
    summary: { it: 'la quota fissa passa a 3 €', en: 'the fixed charge becomes €3' },
  });
  expect(created.status).toBe(201);
  const run = async (iso: string) => {
    now = new Date(iso);
    return (await admin.post('/api/admin/jobs/tariff-notices/run', { asOf: iso })).body.counts as Record<string, number>;
  };
  expect(await run(rome('2026-11-03', '21:00'))).toMatchObject({ created: 1, deferred: 1, sent: 0 });
  expect(await run(rome('2026-11-04', '08:30'))).toMatchObject({ created: 0, sent: 1 });
  expect(await run(rome('2026-11-05', '08:30'))).toMatchObject({ created: 0, sent: 0 });
  const to = (p: string) => twilio.messages().filter((m) => m.params.To === p && m.status === 201);
  expect(to(affected.phone)).toHaveLength(1);
  expect(to(affected.phone)[0]!.params.Body).toBe(
    'Dear Maria Rossi, from 1 January 2027 the terms of your supply change: the fixed charge becomes €3',
  );
  expect(to(elsewhere.phone)).toHaveLength(0);
});
