// The sla-escalation job through the admin API: a ticket near its written-answer deadline
// is escalated once (event for supervisors), a passed deadline is recorded as a breach once.
import { TwilioSmsOutbound } from '../../channels/sms/outbound';
import { createTwilioClient } from '../../channels/twilio/client';
import { ingest } from '../../core/ingest/ingest';
import type { EventMap } from '../../core/events';
import { Message, Ticket } from '../../models';
import { Booking } from '../../models/booking';
import { Guard } from '../../models/guard';
import { Survey, SurveyByPhone } from '../../models/survey';
import { Task } from '../../models/task';
import { inboundSms } from '../factories/inbound';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { postTwilioWebhook, startTwilioStandIn } from '../support/twilio-standin';

let server: TestServer;
let admin: Session;
const seen: Array<EventMap['ticket.sla']> = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.admin();
  server.ctx.events.on('ticket.sla', (e) => {
    seen.push(e);
  });
});
afterAll(async () => {
  await server?.close();
});

test('escalated 5 days before the deadline, breach recorded after it, each once', async () => {
  const r = await ingest(server.ctx, inboundSms({ body: 'Reclamo: la bolletta è sbagliata, voglio un rimborso' }));
  const ticket = await Ticket.findById(r.ticketId).lean();
  const due = ticket!.sla!.resolutionDueAt!;
  const run = async (at: Date) => {
    const res = await admin.post('/api/admin/jobs/sla-escalation/run', { asOf: at.toISOString() });
    expect(res.status).toBe(200);
    return res.body.counts as Record<string, number>;
  };
  expect((await run(new Date(due.getTime() - 6 * 86_400_000))).escalated).toBe(0);
  expect((await run(new Date(due.getTime() - 5 * 86_400_000))).escalated).toBe(1);
  expect((await run(new Date(due.getTime() - 4 * 86_400_000))).escalated).toBe(0);
  expect((await run(new Date(due.getTime() + 60_000))).breached).toBe(1);
  expect((await run(new Date(due.getTime() + 86_400_000))).breached).toBe(0);
  const after = await Ticket.findById(r.ticketId).lean();
  expect(after!.sla!.warnedAt).toBeInstanceOf(Date);
  expect(after!.sla!.breachedAt).toBeInstanceOf(Date);
  expect(seen.filter((e) => e.ticketId === String(r.ticketId)).map((e) => [e.deadline, e.state])).toEqual([
    ['resolution', 'warning'],
    ['resolution', 'breached'],
  ]);
  const runs = await admin.get('/api/admin/jobs/runs?name=sla-escalation');
  expect(runs.body.runs).toHaveLength(5);
  expect(runs.body.jobs).toEqual(expect.arrayContaining(['reminders', 'sla-escalation']));
});

test('callback requests become one outbound call task each, only inside the callback hours', async () => {
  const r = await ingest(server.ctx, inboundSms({ body: 'Vorrei essere richiamato per favore' }));
  // The IVR files these as "callback" tickets; the classifier's choice does not matter here.
  await Ticket.updateOne({ _id: r.ticketId }, { $set: { category: 'callback', status: 'queued' } });
  const run = async (iso: string) =>
    (await admin.post('/api/admin/jobs/callbacks/run', { asOf: iso })).body.counts as Record<string, number>;
  expect(await run('2026-11-22T10:00:00Z')).toMatchObject({ outsideHours: 1, created: 0 }); // Sunday
  expect(await run('2026-11-23T21:30:00Z')).toMatchObject({ outsideHours: 1 }); // Monday 22:30 in Rome
  expect(await run('2026-11-24T08:00:00Z')).toMatchObject({ created: 1 });
  expect(await run('2026-11-24T09:00:00Z')).toMatchObject({ created: 0 });
  expect(await Task.findById(`callback_call:${String(r.ticketId)}`).lean()).toMatchObject({
    kind: 'callback_call',
    status: 'open',
    ticketId: String(r.ticketId),
  });
});

test('a resolved complaint gets one survey by SMS; the answer lands on the ticket and in the statistics event', async () => {
  const twilio = await startTwilioStandIn();
  const real = server.ctx.outbound.sms;
  server.ctx.outbound.sms = new TwilioSmsOutbound({
    config: server.ctx.config,
    logger: server.ctx.logger,
    client: createTwilioClient({ ...server.ctx.config, TWILIO_API_BASE_URL: twilio.url }),
    clock: server.ctx.clock,
  });
  try {
    const r = await ingest(
      server.ctx,
      inboundSms({ from: '+393339990001', body: 'Reclamo: mi avete addebitato due volte la stessa bolletta' }),
    );
    await Ticket.updateOne(
      { _id: r.ticketId },
      { $set: { category: 'complaint', status: 'resolved', resolvedAt: new Date('2026-11-24T08:00:00Z') } },
    );
    const answered: Array<{ ticketId: string; score: number }> = [];
    server.ctx.events.on('survey.answered', (e) => {
      answered.push({ ticketId: e.ticketId, score: e.score });
    });
    const run = async (iso: string) =>
      (await admin.post('/api/admin/jobs/surveys/run', { asOf: iso })).body.counts as Record<string, number>;
    expect(await run('2026-11-24T09:00:00Z')).toMatchObject({ created: 0 }); // 1 h after: too early
    expect(await run('2026-11-24T10:30:00Z')).toMatchObject({ created: 1, sent: 1 });
    expect(await run('2026-11-24T11:30:00Z')).toMatchObject({ created: 0 });
    const sms = twilio.messages().filter((m) => m.params.To === '+393339990001');
    expect(sms).toHaveLength(1);
    const link = /\/api\/surveys\/([^?\s]+)\?t=([\w-]+)/.exec(String(sms[0]!.params.Body));
    expect(link).not.toBeNull();
    const [, id, token] = link!;
    const anon = server.session();
    expect((await anon.post(`/api/surveys/${id}`, { token: 'wrong-token-123', score: 4 })).status).toBe(404);
    expect((await anon.post(`/api/surveys/${id}`, { token, score: 9 })).status).toBe(400);
    const ok = await anon.post(`/api/surveys/${id}`, { token, score: 4, comment: 'Risolto in fretta' });
    expect(ok.status).toBe(200);
    expect((await anon.post(`/api/surveys/${id}`, { token, score: 5 })).status).toBe(409);
    expect((await Ticket.findById(r.ticketId).lean())!.survey).toMatchObject({ score: 4, comment: 'Risolto in fretta' });
    expect(await Survey.findById(String(r.ticketId)).lean()).toMatchObject({ status: 'answered', channel: 'sms', score: 4 });
    expect(answered).toEqual([{ ticketId: String(r.ticketId), score: 4 }]);
  } finally {
    if (real) server.ctx.outbound.sms = real;
    await twilio.close();
  }
});

test('a survey sent by SMS can be answered by replying "4 tutto bene"; a wrong score gets the range, a second answer is refused, other texts stay messages', async () => {
  const twilio = await startTwilioStandIn();
  const real = server.ctx.outbound.sms;
  server.ctx.outbound.sms = new TwilioSmsOutbound({
    config: server.ctx.config,
    logger: server.ctx.logger,
    client: createTwilioClient({ ...server.ctx.config, TWILIO_API_BASE_URL: twilio.url }),
    clock: server.ctx.clock,
  });
  const from = '+393339990002';
  const sms = (Body: string) =>
    postTwilioWebhook({ actualBase: server.url, publicBase: server.ctx.config.PUBLIC_BASE_URL }, '/webhooks/twilio/sms', {
      MessageSid: `SM${Math.random().toString(16).slice(2).padEnd(32, '0')}`,
      From: from,
      To: server.ctx.config.TWILIO_FROM_NUMBER,
      Body,
      NumMedia: '0',
    });
  try {
    // Before any survey, "4" is an ordinary message.
    const early = await sms('4');
    expect(early.status).toBe(200);
    expect(early.text).not.toContain('<Message>');

    const r = await ingest(server.ctx, inboundSms({ from, body: 'Reclamo: la lettura in bolletta è sbagliata' }));
    await Ticket.updateOne(
      { _id: r.ticketId },
      { $set: { category: 'complaint', status: 'resolved', resolvedAt: new Date('2026-11-25T08:00:00Z') } },
    );
    await admin.post('/api/admin/jobs/surveys/run', { asOf: '2026-11-25T10:30:00Z' });
    const sent = twilio.messages().filter((m) => m.params.To === from);
    expect(sent).toHaveLength(1);
    expect(String(sent[0]!.params.Body)).toMatch(/Risponda a questo SMS/);
    const number = (await Ticket.findById(r.ticketId).lean())!.number!;

    const wrong = await sms('9');
    expect(wrong.text).toContain('da 1 a 5');
    // A number out of range with words is not taken for a score: an ordinary message.
    const amount = await sms('10 euro in più in bolletta, perché?');
    expect(amount.text).not.toContain('da 1 a 5');
    expect(await Message.countDocuments({ channel: 'sms', body: '10 euro in più in bolletta, perché?' })).toBe(1);

    const ok = await sms('4 tutto bene, grazie');
    expect(ok.text).toContain(`Grazie per il suo giudizio (4/5) sulla pratica ${number}`);
    expect((await Ticket.findById(r.ticketId).lean())!.survey).toMatchObject({ score: 4, comment: 'tutto bene, grazie' });
    expect(await Survey.findById(String(r.ticketId)).lean()).toMatchObject({ status: 'answered', score: 4 });
    // Words in an answer reach an agent too: the SMS is also stored as an ordinary message.
    expect(await Message.countDocuments({ channel: 'sms', body: '4 tutto bene, grazie' })).toBe(1);

    // Answered: later texts are ordinary messages, and the score stays.
    const later = await sms('2 bollette non arrivate, richiamatemi');
    expect(later.text).not.toContain('giudizio');
    expect(await Message.countDocuments({ channel: 'sms', body: '2 bollette non arrivate, richiamatemi' })).toBe(1);
    expect((await Survey.findById(String(r.ticketId)).lean())!.score).toBe(4);

    // A longer text that happens to start with a number is a message, not a survey answer.
    const long = await sms(
      `3 ${'bollette non pagate, vorrei una rateizzazione perché non riesco a pagarle tutte insieme questo mese; '.repeat(2)}`,
    );
    expect(long.text).not.toContain('giudizio');
  } finally {
    if (real) server.ctx.outbound.sms = real;
    await twilio.close();
  }
});

test('housekeeping removes old claim guards and closed survey pointers, and nothing that decides something for good', async () => {
  const asOf = new Date('2026-12-31T02:40:00Z');
  const old = new Date(asOf.getTime() - 31 * 86_400_000);
  const recent = new Date(asOf.getTime() - 29 * 86_400_000);
  await Guard.create({ _id: 'claim:hk-old:1', at: old });
  await Guard.create({ _id: 'claim:hk-recent:1', at: recent });
  await Guard.create({ _id: 'deferral:hk-bill', at: old });
  await Guard.create({ _id: 'instalment-plan:hk-bill:1', at: old });
  await SurveyByPhone.create({ _id: 'phone:+393330000001', surveyId: 'hk-s1', expiresAt: new Date(asOf.getTime() - 1000) });
  await SurveyByPhone.create({ _id: 'phone:+393330000002', surveyId: 'hk-s2', expiresAt: new Date(asOf.getTime() + 86_400_000) });
  // A walk-in booking nobody came to (its slot ended two days ago) and one still ahead.
  const booking = (id: string, slotEnd: Date) =>
    Booking.create({
      _id: id,
      office: 'HK',
      service: 's',
      slotStart: slotEnd,
      slotEnd,
      day: 'd',
      slot: 0,
      phone: '+393330000003',
      createdAt: old,
    });
  await booking('HKPAST', new Date(asOf.getTime() - 2 * 86_400_000));
  await booking('HKNEXT', new Date(asOf.getTime() + 86_400_000));

  // (Other tests in this file leave closed survey pointers too; they go as well.)
  const res = await admin.post('/api/admin/jobs/housekeeping/run', { asOf: asOf.toISOString() });
  expect(res.status).toBe(200);
  expect(res.body.counts.claimGuardsRemoved).toBeGreaterThanOrEqual(1);
  expect(res.body.counts.surveyPointersRemoved).toBeGreaterThanOrEqual(1);
  expect(res.body.counts.bookingsRemoved).toBeGreaterThanOrEqual(1);
  // A second run the same night finds nothing left to remove.
  const again = await admin.post('/api/admin/jobs/housekeeping/run', { asOf: new Date(asOf.getTime() + 60_000).toISOString() });
  expect(again.body.counts).toEqual({
    claimGuardsRemoved: 0,
    surveyPointersRemoved: 0,
    outageReportCountersRemoved: 0,
    bookingsRemoved: 0,
  });
  expect(await Booking.findById('HKPAST').lean()).toBeNull();
  expect(await Booking.findById('HKNEXT').lean()).not.toBeNull();
  expect(await Guard.findById('claim:hk-old:1').lean()).toBeNull();
  for (const kept of ['claim:hk-recent:1', 'deferral:hk-bill', 'instalment-plan:hk-bill:1'])
    expect(await Guard.findById(kept).lean()).not.toBeNull();
  expect(await SurveyByPhone.findById('phone:+393330000001').lean()).toBeNull();
  expect(await SurveyByPhone.findById('phone:+393330000002').lean()).not.toBeNull();
});
