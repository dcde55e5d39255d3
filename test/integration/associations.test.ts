// Consumer associations through the API: an admin creates two associations and their
// representatives; a representative submits a case for a member with a signed mandate,
// follows it and replies; the other association never sees it; mail from an association's
// domain to its mailbox becomes that association's case; the result recorded at resolution
// gives the seed's figures (cases per month, share resolved positively, average days).
import { Ticket } from '../../models';
import { AssociationCase } from '../../models/association';
import { startTestServer, type Session, type TestServer } from '../support/server';

const T0 = new Date('2026-11-24T09:00:00Z');
const clock = {
  at: T0,
  now() {
    return new Date(this.at);
  },
};

let server: TestServer;
let admin: Session;
let repA: Session;
let repB: Session;
const MANDATE = {
  filename: 'delega.pdf',
  contentType: 'application/pdf',
  data: Buffer.from('%PDF-1.4 delega firmata dal socio').toString('base64'),
};
const CASE = {
  memberName: 'Maria Rossi',
  accountNumber: 'ACC-100200',
  subject: 'Bolletta stimata errata',
  message: 'Il socio contesta la bolletta di ottobre: consumi stimati doppi.',
  mandate: MANDATE,
};

beforeAll(async () => {
  server = await startTestServer({ ASSOCIATION_MAILBOX: 'associazioni@hotline.example' }, { clock });
  admin = await server.admin();
  for (const [id, name, domain] of [
    ['adiconsum', 'Adiconsum', 'adiconsum.it'],
    ['federconsumatori', 'Federconsumatori', 'federconsumatori.it'],
  ]) {
    expect((await admin.post('/api/admin/associations', { id, name, domains: [domain] })).status).toBe(201);
  }
  const rep = async (association: string, email: string) => {
    const r = await admin.post(`/api/admin/associations/${association}/representatives`, {
      name: email,
      email,
      password: 'rep-password-1',
    });
    expect(r.status).toBe(201);
    const s = server.session();
    await s.login(email, 'rep-password-1');
    return s;
  };
  repA = await rep('adiconsum', 'sportello@adiconsum.it');
  repB = await rep('federconsumatori', 'info@federconsumatori.it');
});
afterAll(async () => {
  await server?.close();
});

test('only an admin creates associations and representatives; representatives reach only the portal', async () => {
  expect((await repA.post('/api/admin/associations', { id: 'x-assoc', name: 'X' })).status).toBe(403);
  expect(
    (await admin.post('/api/admin/associations/nope/representatives', { name: 'n', email: 'n@x.it', password: 'rep-password-1' })).status,
  ).toBe(404);
  expect((await repA.get('/api/tickets')).status).toBe(403);
  expect((await admin.get('/api/association/cases')).status).toBe(403);
});

test('a case with its mandate, followed and answered by its association only; the result feeds the figures', async () => {
  // Bad input: a clear error, nothing stored.
  const noMandate = await repA.post('/api/association/cases', { ...CASE, mandate: undefined });
  expect(noMandate.status).toBe(400);
  expect(noMandate.body.message).toMatch(/mandate/);
  const noAccount = await repA.post('/api/association/cases', { ...CASE, accountNumber: undefined });
  expect(noAccount.body.message).toMatch(/account or contract/);
  expect(await AssociationCase.countDocuments({ association: 'adiconsum' })).toBe(0);

  const created = await repA.post('/api/association/cases', CASE);
  expect(created.status).toBe(201);
  const ticket = await Ticket.findById(created.body.id).lean();
  expect(ticket).toMatchObject({
    channel: 'association',
    queue: 'association',
    category: 'complaint',
    contact: { address: 'sportello@adiconsum.it' },
  });
  // The seeds give no association deadline: the complaint's (40 days in seed-2014).
  expect(ticket!.sla!.resolutionDueAt!.getTime() - T0.getTime()).toBe(40 * 86_400_000);

  const listA = await repA.get('/api/association/cases');
  expect(listA.body.cases).toEqual([expect.objectContaining({ id: created.body.id, status: 'queued', subject: CASE.subject })]);
  const one = await repA.get(`/api/association/cases/${created.body.id}`);
  expect(one.body.messages[0]).toMatchObject({ from: 'association', attachments: ['delega.pdf'] });
  expect(
    (await repA.post(`/api/association/cases/${created.body.id}/reply`, { message: 'Alleghiamo la lettura reale: 1234.' })).status,
  ).toBe(201);

  // The other association: not in its list, not readable, not answerable.
  expect((await repB.get('/api/association/cases')).body.cases).toEqual([]);
  expect((await repB.get(`/api/association/cases/${created.body.id}`)).status).toBe(404);
  expect((await repB.post(`/api/association/cases/${created.body.id}/reply`, { message: 'x' })).status).toBe(404);

  // Resolved 3 days later, positively.
  clock.at = new Date(T0.getTime() + 3 * 86_400_000);
  expect((await admin.post(`/api/association-cases/${created.body.id}/resolve`, { result: 'maybe' })).status).toBe(400);
  expect((await admin.post(`/api/association-cases/${created.body.id}/resolve`, { result: 'positive' })).status).toBe(200);
  expect((await repA.get('/api/association/cases')).body.cases[0]).toMatchObject({ status: 'resolved', result: 'positive' });

  const stats = await admin.get('/api/stats/associations?from=2026-11&to=2026-11');
  expect(stats.body.rows).toEqual(
    expect.arrayContaining([
      {
        association: 'adiconsum',
        name: 'Adiconsum',
        month: '2026-11',
        opened: 1,
        resolved: 1,
        positiveShare: 1,
        partialShare: 0,
        avgDays: 3,
      },
    ]),
  );
  const csv = await admin.get('/api/stats/associations?from=2026-11&to=2026-11&format=csv');
  expect(csv.text.split('\n')[0]).toMatch(/association.*month.*opened.*resolved.*positiveShare.*avgDays/);
  expect((await repA.get('/api/stats/associations?from=2026-11&to=2026-11')).status).toBe(403);
});

test("mail from an association's domain to its mailbox is that association's case; other mail stays e-mail", async () => {
  clock.at = T0;
  const mail = (from: string, to: string, id: string) =>
    [
      `From: ${from}`,
      `To: ${to}`,
      'Subject: Reclamo per un socio',
      `Message-ID: <${id}@example>`,
      '',
      'Il socio Bianchi, contratto 778899, contesta il conguaglio.',
      '',
    ].join('\r\n');
  const hook = server.session();
  // The mail gateway passes the envelope recipient (X-Envelope-To), as an MTA would.
  const post = (raw: string, to: string) =>
    hook.post('/webhooks/email/inbound', raw, { 'content-type': 'message/rfc822', 'x-envelope-to': to });
  const mapped = await post(mail('avv.verdi@federconsumatori.it', 'associazioni@hotline.example', 'a1'), 'associazioni@hotline.example');
  expect(mapped.status).toBe(201);
  const t = await Ticket.findOne({ number: mapped.body.ticketNumber }).lean();
  expect(t).toMatchObject({ channel: 'association', queue: 'association' });
  expect((await repB.get('/api/association/cases')).body.cases.map((c: { ticketNumber: string }) => c.ticketNumber)).toEqual([
    mapped.body.ticketNumber,
  ]);
  expect((await repA.get('/api/association/cases')).body.cases.map((c: { ticketNumber: string }) => c.ticketNumber)).not.toContain(
    mapped.body.ticketNumber,
  );

  // The same domain to another address, or another domain to the mailbox: ordinary e-mail.
  const other = await hook.post('/webhooks/email/inbound', mail('avv.verdi@federconsumatori.it', 'info@hotline.example', 'a2'), {
    'content-type': 'message/rfc822',
  });
  expect((await Ticket.findOne({ number: other.body.ticketNumber }).lean())!.channel).toBe('email');
  const stranger = await hook.post('/webhooks/email/inbound', mail('someone@example.it', 'associazioni@hotline.example', 'a3'), {
    'content-type': 'message/rfc822',
  });
  expect((await Ticket.findOne({ number: stranger.body.ticketNumber }).lean())!.channel).toBe('email');
});

test('a scanned mandate up to 5 MB is taken; a larger one is refused with a 413 naming the limit, and nothing is stored', async () => {
  const before = await AssociationCase.countDocuments({ association: 'federconsumatori' });
  const scan = (bytes: number) => ({ ...CASE, mandate: { ...MANDATE, data: Buffer.alloc(bytes, 0x25).toString('base64') } });
  // 4.9 MB: far over the API's 1 MB JSON limit, within the case route's own.
  const big = await repB.post('/api/association/cases', scan(Math.floor(4.9 * 1024 * 1024)));
  expect(big.status).toBe(201);
  const one = await repB.get(`/api/association/cases/${big.body.id}`);
  expect(one.body.messages[0]).toMatchObject({ attachments: ['delega.pdf'] });

  // One byte over 5 MB: the file is refused by name of its limit.
  const over = await repB.post('/api/association/cases', scan(5 * 1024 * 1024 + 1));
  expect(over.status).toBe(413);
  expect(over.body).toMatchObject({ error: 'PayloadTooLarge', message: 'the mandate file is larger than 5 MB' });
  // A body over the route's 8 MB: refused before it is parsed, naming both limits.
  const huge = await repB.post('/api/association/cases', scan(7 * 1024 * 1024));
  expect(huge.status).toBe(413);
  expect(huge.body.message).toMatch(/larger than 8 MB.*at most 5 MB/);
  // Anonymous: refused before the body is read.
  expect((await server.session().post('/api/association/cases', scan(7 * 1024 * 1024))).status).toBe(401);
  // Every other API body keeps the 1 MB limit.
  expect((await repB.post(`/api/association/cases/${big.body.id}/reply`, { message: 'x'.repeat(1_100_000) })).status).toBe(413);
  expect(await AssociationCase.countDocuments({ association: 'federconsumatori' })).toBe(before + 1);
});
