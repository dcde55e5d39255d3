// The reception form's instalment and deferral requests against the real server: the concrete
// proposal for the bill named once account + bill + contact match, nothing revealed otherwise;
// the tracking page's proposal accepted once with the token, refused with the reason.
import { fixedClock } from '../../core/clock';
import { Audit, Bill } from '../../models';
import { seedBill } from '../factories/bills';
import { startTestServer, type Session, type TestServer } from '../support/server';

// Monday 12 Oct 2026, 10:00 in Rome.
const clock = fixedClock('2026-10-12T08:00:00Z');
const DUE = '2026-10-19T22:00:00.000Z';
let server: TestServer;
let admin: Session;

beforeAll(async () => {
  server = await startTestServer({}, { clock });
  admin = await server.admin();
});
afterAll(async () => {
  await server?.close();
});

let ips = 0;
function client() {
  ips += 1;
  const ip = `192.0.2.${ips}`;
  const s = server.session();
  return {
    post: (path: string, body: unknown) => s.post(path, body, { 'x-forwarded-for': ip }),
    get: (path: string) => s.request('GET', path, undefined, { 'x-forwarded-for': ip }),
  };
}

const request = (
  c: { accountNumber: string; email: string; billNumber: string },
  category: string,
  extra: Record<string, unknown> = {},
) => ({
  category,
  name: 'Maria Rossi',
  email: c.email,
  accountNumber: c.accountNumber,
  billNumber: c.billNumber,
  message: 'Vorrei pagare questa bolletta a rate, grazie.',
  language: 'it',
  ...extra,
});

test('instalment request: the proposal for the bill named; the tracking page accepts it once', async () => {
  const c = await seedBill(admin, { amount: 180, dueAt: DUE });
  const web = client();
  const res = await web.post('/api/reception/requests', request(c, 'instalment'));
  expect(res.status).toBe(201);
  expect(res.body.proposal).toEqual({
    kind: 'instalment',
    billNumber: c.billNumber,
    state: 'open',
    text: `Per la fattura ${c.billNumber} possiamo offrirle 3 rate mensili: la prima di 60,85 € il 19/11/2026, interessi 5,65% annuo (3,5% + BCE 2,15% dal 11/06/2025), 181,70 € in tutto.`,
  });
  const { ticketNumber, trackingToken } = res.body;
  const shown = await web.get(`/api/reception/requests/${ticketNumber}/proposal?token=${trackingToken}&lang=it`);
  expect(shown.body.proposal).toMatchObject({ state: 'open' });

  // Without the token: nothing.
  expect((await web.post(`/api/reception/requests/${ticketNumber}/proposal/accept`, { token: 'x'.repeat(43) })).status).toBe(404);
  const accepted = await web.post(`/api/reception/requests/${ticketNumber}/proposal/accept`, { token: trackingToken, language: 'it' });
  expect(accepted.status).toBe(200);
  expect(accepted.body.proposal.text).toBe(`Piano a rate della fattura ${c.billNumber} attivo: 3 rate, la prima il 19/11/2026. Grazie.`);
  expect((await Bill.findById(c.billNumber).lean())!.instalmentPlan).toMatchObject({ status: 'active' });
  // A second click: already accepted, one decision.
  const again = await web.post(`/api/reception/requests/${ticketNumber}/proposal/accept`, { token: trackingToken, language: 'it' });
  expect(again.body.proposal).toMatchObject({ state: 'accepted', text: 'Ha già accettato la proposta.' });
  expect(await Audit.countDocuments({ target: c.billNumber, action: 'billing.instalment.granted' })).toBe(1);
  expect(JSON.parse((await Audit.findOne({ target: c.billNumber, action: 'billing.instalment.granted' }).lean())!.details!)).toMatchObject({
    channel: 'web',
  });
});

test('the bill must belong to the account and the contact: otherwise no proposal and nothing revealed', async () => {
  const c = await seedBill(admin, { amount: 180, dueAt: DUE });
  const other = await seedBill(admin, { amount: 180, dueAt: DUE });
  const notYours = `Non troviamo la fattura ${other.billNumber} con il numero cliente e il contatto indicati. Un operatore risponderà alla sua richiesta.`;
  // My account and e-mail, someone else's bill.
  const a = await client().post('/api/reception/requests', request({ ...c, billNumber: other.billNumber }, 'deferral'));
  expect(a.status).toBe(201);
  expect(a.body.proposal).toMatchObject({ state: 'refused', text: notYours });
  // Their account and bill, a stranger's e-mail.
  const b = await client().post('/api/reception/requests', request({ ...other, email: 'someone@example.org' }, 'deferral'));
  expect(b.body.proposal.text).toBe(notYours);
  // No proposal was remembered, so there is nothing to accept.
  const accept = await client().post(`/api/reception/requests/${b.body.ticketNumber}/proposal/accept`, { token: b.body.trackingToken });
  expect(accept.status).toBe(404);
  expect(accept.body.error).toBe('NoProposal');
  expect((await Bill.findById(other.billNumber).lean())!.deferral?.requestedAt).toBeUndefined();
});

test('a refusal names the reason; a bad bill number is a field error', async () => {
  const c = await seedBill(admin, { amount: 90, dueAt: DUE });
  expect((await admin.post(`/api/bills/${c.billNumber}/deferral`, {})).status).toBe(201);
  const res = await client().post('/api/reception/requests', request(c, 'deferral'));
  expect(res.body.proposal).toMatchObject({ state: 'refused', text: expect.stringContaining('è già stata rinviata una volta') });
  const bad = await client().post('/api/reception/requests', request({ ...c, billNumber: '<script>' }, 'deferral'));
  expect(bad.status).toBe(400);
  expect(bad.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'billNumber' })]));
});
