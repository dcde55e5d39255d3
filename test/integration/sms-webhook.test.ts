// Signed SMS webhooks against a real server: self-readings (accepted, held, rejected,
// malformed, outside the window, two registers, unknown sender), conversations, replays,
// consent keywords, the inbound limit, and the refusals (signature, missing fields).
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { fixedClock } from '../../core/clock';
import { smsCatalog } from '../../channels/sms/catalog';
import { Contract, Customer, Inbox, Message, Reading, Ticket } from '../../models';
import { seedCustomer, uniqueNumber } from '../factories/billing';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { messagesOf, parseTwiml } from '../support/twiml';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

const PUBLIC = 'http://hotline.example.test';
const clock = fixedClock('2026-11-23T10:00:00Z');
let server: TestServer;
let twilio: TwilioStandIn;
let admin: Session;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer({ PUBLIC_BASE_URL: PUBLIC, TWILIO_API_BASE_URL: twilio.url, SMS_INBOUND_MAX_PER_WINDOW: '5' }, { clock });
  admin = await server.admin();
});
afterAll(async () => {
  await server?.close();
  await twilio?.close();
});

const sid = () => `SM${randomBytes(16).toString('hex')}`;
const phone = () => `+39333${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

function sms(from: string, body: string, extra: Record<string, string> = {}) {
  const params = { MessageSid: sid(), AccountSid: twilio.accountSid, From: from, To: '+390000000000', Body: body, NumMedia: '0', ...extra };
  return { params, post: () => postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', params) };
}

async function send(from: string, body: string): Promise<{ status: number; replies: string[]; sid: string }> {
  const m = sms(from, body);
  const res = await m.post();
  expect(res.contentType).toMatch(/text\/xml/);
  return { status: res.status, replies: messagesOf(res.text), sid: m.params.MessageSid };
}

/** A customer with a contract of our choosing, through the real import API. */
async function customerWith(contract: Record<string, unknown>, language = 'it') {
  const accountNumber = uniqueNumber('A');
  const contractNumber = uniqueNumber('');
  const tel = phone();
  await admin.post('/api/admin/import/customers', [{ accountNumber, name: 'Cliente Prova', phone: tel, language }]);
  const res = await admin.post('/api/admin/import/contracts', [
    {
      contractNumber,
      accountNumber,
      service: 'gas',
      meterDigits: 5,
      registers: 1,
      lastReading: 1000,
      lastReadingAt: '2026-10-24T10:00:00Z',
      avgDailyUse: 5,
      ...contract,
    },
  ]);
  expect(res.status).toBe(200);
  return { accountNumber, contractNumber, phone: tel };
}

describe('refusals', () => {
  test('a bad or missing signature is refused with 403 and nothing is stored', async () => {
    const m = sms(phone(), 'Buongiorno, ho un problema con la bolletta');
    const bad = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', m.params, {
      signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    });
    expect(bad.status).toBe(403);
    const none = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', m.params, {
      signature: null,
    });
    expect(none.status).toBe(403);
    // Signed for another URL (a replay against a different endpoint).
    const elsewhere = await postTwilioWebhook(
      { actualBase: server.url, publicBase: 'http://attacker.example' },
      '/webhooks/twilio/sms',
      m.params,
    );
    expect(elsewhere.status).toBe(403);
    expect(await Message.countDocuments({ _id: `sms:${m.params.MessageSid}` })).toBe(0);
  });

  test('a signed request missing MessageSid or From is a 400', async () => {
    const noSid = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', {
      From: phone(),
      Body: 'ciao',
    });
    expect(noSid.status).toBe(400);
    const noFrom = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', {
      MessageSid: sid(),
      Body: 'ciao',
    });
    expect(noFrom.status).toBe(400);
  });
});

describe('self-reading', () => {
  test('accepted: confirmed in the customer language, stored, the contract moves; a replay changes nothing', async () => {
    const c = await seedCustomer(admin);
    const m = sms(c.phone, `${c.contractNumber}g 1150`);
    const first = await m.post();
    expect(first.status).toBe(200);
    expect(messagesOf(first.text)).toEqual([`Lettura 1150 del contratto ${c.contractNumber} registrata. Grazie!`]);
    const readings = await Reading.find({ contractNumber: c.contractNumber }).lean();
    expect(readings).toHaveLength(1);
    expect(readings[0]).toMatchObject({
      status: 'accepted',
      values: [1150],
      channel: 'sms',
      messageId: `sms:${m.params.MessageSid}`,
      accountNumber: c.accountNumber,
    });
    await waitFor(async () => (await Contract.findById(c.contractNumber).lean())?.lastReading?.[0] === 1150, 5000, 'contract moved');

    const replay = await m.post();
    expect(messagesOf(replay.text)).toEqual(messagesOf(first.text));
    expect(await Reading.countDocuments({ contractNumber: c.contractNumber })).toBe(1);
    expect(await Ticket.countDocuments({ contractNumber: c.contractNumber })).toBe(0);
  });

  test('the same self-reading delivered 10 times at once is one Reading and one answer', async () => {
    const c = await seedCustomer(admin);
    const m = sms(c.phone, `${c.contractNumber}g800`); // held: opens a ticket too
    const replies = await Promise.all(Array.from({ length: 10 }, () => m.post()));
    expect([...new Set(replies.map((r) => messagesOf(r.text)[0]))]).toHaveLength(1);
    expect(await Reading.countDocuments({ contractNumber: c.contractNumber })).toBe(1);
    expect(await Ticket.countDocuments({ contractNumber: c.contractNumber })).toBe(1);
  });

  test('held (lower than the last reading): stored as held, a ticket for an agent, the reply says it is being checked', async () => {
    const c = await seedCustomer(admin);
    const { replies, sid: messageSid } = await send(c.phone, `${c.contractNumber}G900`);
    const reading = await Reading.findOne({ contractNumber: c.contractNumber }).lean();
    expect(reading).toMatchObject({ status: 'held', reasons: ['lower_than_last'] });
    const ticket = await Ticket.findById(reading!.ticketId).lean();
    expect(ticket).toMatchObject({
      category: 'meter_reading',
      channel: 'sms',
      needsReview: true,
      contractNumber: c.contractNumber,
      accountNumber: c.accountNumber,
      status: 'queued',
    });
    expect(ticket!.tags).toEqual(expect.arrayContaining(['self_reading', 'lower_than_last']));
    expect(replies).toEqual([`Lettura 900 (${c.contractNumber}) ricevuta: la verifichiamo (pratica ${ticket!.number}).`]);
    expect(await Message.findById(`sms:${messageSid}`).lean()).toMatchObject({ ticketId: String(ticket!._id) });
    expect(await Contract.findById(c.contractNumber).lean()).toMatchObject({ lastReading: [1000] });
  });

  test('held (implausibly high), in English for an English customer', async () => {
    const c = await seedCustomer(admin, { language: 'en' });
    const { replies } = await send(c.phone, `${c.contractNumber}g9000`);
    expect(replies[0]).toMatch(new RegExp(`^Reading 9000 \\(${c.contractNumber}\\) received: we are checking it \\(case T-\\d+\\)\\.$`));
    expect(await Reading.findOne({ contractNumber: c.contractNumber }).lean()).toMatchObject({
      status: 'held',
      reasons: ['implausible_consumption'],
    });
  });

  test('from a number that is not the customer’s: accepted, but a ticket marks it for review', async () => {
    const c = await seedCustomer(admin);
    const { replies } = await send(phone(), `${c.contractNumber}g1100`);
    expect(replies).toEqual([`Lettura 1100 del contratto ${c.contractNumber} registrata. Grazie!`]);
    const reading = await Reading.findOne({ contractNumber: c.contractNumber }).lean();
    expect(reading).toMatchObject({ status: 'accepted', reasons: ['unknown_sender'] });
    expect(await Ticket.findById(reading!.ticketId).lean()).toMatchObject({ needsReview: true, category: 'meter_reading' });
    await waitFor(async () => (await Contract.findById(c.contractNumber).lean())?.lastReading?.[0] === 1100, 5000, 'contract moved');
  });

  test('Russian customer, two-register meter, Cyrillic look-alike letters and labels', async () => {
    const c = await customerWith({ service: 'electricity', meterDigits: 6, registers: 2, lastReading: '4000/2000', avgDailyUse: 10 }, 'ru');
    const { replies } = await send(c.phone, `${c.contractNumber} ЕЕ Т1 4200,5 Т2 2100`);
    expect(replies).toEqual([`Показания 4200,5/2100 по договору ${c.contractNumber} приняты. Спасибо!`]);
    await waitFor(
      async () => (await Contract.findById(c.contractNumber).lean())?.lastReading?.join('/') === '4200.5/2100',
      5000,
      'contract moved',
    );

    const one = await send(c.phone, `${c.contractNumber}ee 4300`);
    expect(one.replies).toEqual([`Счётчик Т1/Т2, пример: ${c.contractNumber}ee 4567 2345`]);
  });

  test('outside the reading window: accepted for the next bill, and the reply says so', async () => {
    const c = await customerWith({ readingWindowStartDay: 1, readingWindowEndDay: 10 });
    const { replies } = await send(c.phone, `${c.contractNumber}g1100`);
    expect(replies).toEqual([`Lettura 1100 (${c.contractNumber}) registrata fuori periodo: varrà per la prossima bolletta.`]);
    expect(await Reading.findOne({ contractNumber: c.contractNumber }).lean()).toMatchObject({ status: 'accepted', forNextBill: true });
  });

  test('rejections with a precise answer: unknown contract, wrong service, too many digits', async () => {
    const c = await seedCustomer(admin);
    expect((await send(c.phone, '99999999g1234')).replies).toEqual([
      'Contratto 99999999 non trovato. Controlli il numero in bolletta e riprovi.',
    ]);
    expect((await send(c.phone, `${c.contractNumber}ee1234`)).replies).toEqual([
      `Il contratto ${c.contractNumber} non è di luce. Usi g gas, ee luce, a acqua, t calore.`,
    ]);
    expect((await send(c.phone, `${c.contractNumber}g123456`)).replies).toEqual(['Lettura non valida: il contatore ha 5 cifre. Riprovi.']);
    expect(await Ticket.countDocuments({ contractNumber: c.contractNumber })).toBe(0);
    expect(await Contract.findById(c.contractNumber).lean()).toMatchObject({ lastReading: [1000] });
  });

  test('malformed: the reply explains the format with an example, in the default language for unknown senders', async () => {
    const { replies } = await send(phone(), '12345678 4567');
    expect(replies).toEqual([
      'Formato: contratto, servizio, lettura, es. 12345678g4567 (g gas, ee luce, a acqua, t calore). Biorario: 12345678ee 4567 2345',
    ]);
  });
});

describe('conversations', () => {
  test('free text opens a ticket through ingest (empty TwiML); a replay is a no-op', async () => {
    const c = await seedCustomer(admin);
    const m = sms(c.phone, 'Buongiorno, la bolletta di ottobre mi sembra troppo alta');
    const first = await m.post();
    expect(first.status).toBe(200);
    expect(parseTwiml(first.text)).toEqual('');
    const stored = await Message.findById(`sms:${m.params.MessageSid}`).lean();
    expect(stored).toMatchObject({ channel: 'sms', direction: 'in', state: 'processed' });
    const ticket = await Ticket.findById(stored!.ticketId).lean();
    expect(ticket).toMatchObject({ channel: 'sms', category: 'billing', accountNumber: c.accountNumber });
    await m.post();
    expect(await Message.countDocuments({ _id: `sms:${m.params.MessageSid}` })).toBe(1);
    expect(await Ticket.countDocuments({ accountNumber: c.accountNumber })).toBe(1);
  });

  test('Cyrillic text from an unknown sender becomes a Russian ticket', async () => {
    const m = sms(phone(), 'Здравствуйте! Нет света с утра, когда включат?');
    await m.post();
    const stored = await Message.findById(`sms:${m.params.MessageSid}`).lean();
    expect(stored?.body).toBe('Здравствуйте! Нет света с утра, когда включат?');
    expect(await Ticket.findById(stored!.ticketId).lean()).toMatchObject({ language: 'ru', category: 'outage' });
  });

  test('an everyday outage report by SMS is an outage at outage priority, as through the IVR', async () => {
    const m = sms(phone(), 'manca la luce in via Roma da stamattina');
    await m.post();
    const stored = await Message.findById(`sms:${m.params.MessageSid}`).lean();
    expect(await Ticket.findById(stored!.ticketId).lean()).toMatchObject({ category: 'outage', priority: 1 });
  });

  test('a 10 kB body is taken whole, and a 100 kB one is refused before anything is stored', async () => {
    const body = 'Segnalo un problema. '.repeat(500).slice(0, 10_000);
    const m = sms(phone(), body);
    const res = await m.post();
    expect(res.status).toBe(200);
    expect((await Message.findById(`sms:${m.params.MessageSid}`).lean())?.body).toBe(body);

    const huge = sms(phone(), 'x'.repeat(100_000));
    expect((await huge.post()).status).toBe(413);
    expect(await Message.countDocuments({ _id: `sms:${huge.params.MessageSid}` })).toBe(0);
  });

  test('an empty SMS gets a helpful answer in the sender’s language and opens no ticket; a picture without words still does', async () => {
    const ru = await customerWith({ service: 'electricity' }, 'ru');
    const empty = await send(ru.phone, '');
    expect(empty.status).toBe(200);
    expect(empty.replies).toEqual([smsCatalog.ru!.empty]);
    const blank = await send(phone(), ' \n\u200b ');
    expect(blank.replies).toEqual([smsCatalog[server.ctx.config.DEFAULT_LANGUAGE]!.empty]);
    for (const sent of [empty, blank]) {
      expect(await Message.countDocuments({ _id: `sms:${sent.sid}` })).toBe(0);
      expect(await Inbox.countDocuments({ _id: `sms:${sent.sid}` })).toBe(0);
    }
    expect(await Ticket.countDocuments({ accountNumber: ru.accountNumber })).toBe(0);

    const picture = sms(phone(), '', {
      NumMedia: '1',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM2/Media/ME2',
      MediaContentType0: 'image/jpeg',
    });
    await picture.post();
    const stored = await Message.findById(`sms:${picture.params.MessageSid}`).lean();
    expect(stored?.ticketId).toBeTruthy();
  });

  test('MMS media become attachments', async () => {
    const m = sms(phone(), 'foto del contatore', {
      NumMedia: '1',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM1/Media/ME1',
      MediaContentType0: 'image/jpeg',
    });
    await m.post();
    expect((await Message.findById(`sms:${m.params.MessageSid}`).lean())?.attachments).toEqual([
      expect.objectContaining({ contentType: 'image/jpeg', url: expect.stringContaining('/Media/ME1') }),
    ]);
  });

  test('a looping sender stops opening work after the per-number limit', async () => {
    const from = phone();
    for (let i = 0; i < 8; i++) await send(from, `auto-reply ${i}: I am out of office`);
    const ids = await Message.find({ from, direction: 'in' }, { _id: 1 }).lean();
    expect(ids).toHaveLength(5);
  });
});

describe('consent keywords', () => {
  test('STOP withdraws SMS consent (customer and number) and later SMS are refused; START restores it', async () => {
    const c = await seedCustomer(admin);
    expect((await send(c.phone, 'STOP')).replies).toEqual(['Non riceverà più SMS di servizio. Per riattivarli invii START.']);
    expect(await Customer.findById(c.accountNumber).lean()).toMatchObject({ consents: { sms: false } });
    await expect(
      server.ctx.outbound.sms!.send({
        messageId: `out:${new Types.ObjectId().toHexString()}`,
        to: c.phone,
        body: 'promemoria',
        language: 'it',
        kind: 'reminder',
        accountNumber: c.accountNumber,
      }),
    ).rejects.toMatchObject({ code: 'SmsConsentWithdrawn' });

    expect((await send(c.phone, 'start')).replies).toEqual(['SMS di servizio riattivati. Per disattivarli invii STOP.']);
    expect(await Customer.findById(c.accountNumber).lean()).toMatchObject({ consents: { sms: true } });
    await server.ctx.outbound.sms!.send({
      messageId: `out:${new Types.ObjectId().toHexString()}`,
      to: c.phone,
      body: 'promemoria',
      language: 'it',
      kind: 'reminder',
      accountNumber: c.accountNumber,
    });
    expect(twilio.messages().filter((r) => r.params.To === c.phone)).toHaveLength(1);
  });

  test('Russian and Italian keywords answer in their language for unknown senders; HELP changes nothing', async () => {
    const from = phone();
    expect((await send(from, 'СТОП')).replies).toEqual(['SMS отключены. Чтобы включить, отправьте СТАРТ.']);
    expect((await send(from, 'aiuto')).replies[0]).toMatch(/^Autolettura: 12345678g4567/);
    await expect(
      server.ctx.outbound.sms!.send({
        messageId: `out:${new Types.ObjectId().toHexString()}`,
        to: from,
        body: 'x',
        language: 'ru',
        kind: 'reply',
      }),
    ).rejects.toMatchObject({ code: 'SmsConsentWithdrawn' });
    expect((await send(from, 'Старт')).replies).toEqual(['SMS включены. Чтобы отключить, отправьте СТОП.']);
  });
});
