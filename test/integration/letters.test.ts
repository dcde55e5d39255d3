// A postal letter or PEC registered by the back office: the scan first, then the letter with
// the day it was received. Its ticket counts the rule set's letter deadline (seed-2014: two
// weeks, seed 004) from that day; bad input is refused with a clear error and opens nothing.
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { Ticket } from '../../models';
import { loginAs, makeAgent } from '../support/agents';
import { startTestServer, type TestServer } from '../support/server';
import type { Session } from '../support/server';

let server: TestServer;
let agent: Session;

beforeAll(async () => {
  server = await startTestServer();
  agent = await loginAs(server.session(), await makeAgent());
});
afterAll(async () => {
  await server?.close();
});

const pdf = () => `%PDF-1.4\n% scan ${randomBytes(8).toString('hex')}\n%%EOF\n`;
const localDay = (daysAgo: number) => DateTime.now().setZone('Europe/Rome').startOf('day').minus({ days: daysAgo });

async function upload(): Promise<string> {
  const res = await agent.post('/api/letters/scans', pdf(), { 'content-type': 'application/pdf' });
  expect(res.status).toBe(201);
  return res.body.key as string;
}

const letter = (key: string, over: Record<string, unknown> = {}) => ({
  kind: 'registered',
  receivedOn: localDay(3).toISODate(),
  category: 'complaint',
  subject: 'Reclamo bolletta di marzo',
  summary: 'Il cliente contesta i consumi stimati della bolletta di marzo.',
  sender: { name: 'Mario Rossi' },
  scan: { key, filename: 'lettera.pdf', contentType: 'application/pdf' },
  ...over,
});

test('a registered letter opens a ticket with the scan whose deadline is two weeks from the day it was received', async () => {
  const key = await upload();
  const res = await agent.post('/api/letters', letter(key));
  expect(res.status).toBe(201);
  // Received 3 days ago: 14 calendar days from that day (not from today, not the complaint's 40 days).
  expect(new Date(res.body.resolutionDueAt).toISOString()).toBe(localDay(3).plus({ days: 14 }).toUTC().toISO());
  const t = await Ticket.findById(res.body.ticketId).lean();
  expect(t).toMatchObject({ channel: 'letter', category: 'complaint', number: res.body.ticketNumber });
  expect(t!.sla?.firstResponseDueAt).toBeUndefined();

  // The same scan registered again finds the same ticket.
  const again = await agent.post('/api/letters', letter(key));
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ duplicate: true, ticketId: res.body.ticketId });
});

test.each<[string, (key: string) => Record<string, unknown>, number, RegExp]>([
  ['received in the future', (key) => letter(key, { receivedOn: localDay(-1).toISODate() }), 400, /future/],
  ['a date that is not a day', (key) => letter(key, { receivedOn: '12/03/2026' }), 400, /receivedOn/],
  ['a scan never uploaded', () => letter('a'.repeat(64)), 404, /scan/],
  ['an unknown category', (key) => letter(key, { category: 'gossip' }), 400, /category/],
])('refused with a clear error, nothing opened: %s', async (_n, body, status, message) => {
  const key = await upload();
  const before = await Ticket.countDocuments({ channel: 'letter' });
  const res = await agent.post('/api/letters', body(key));
  expect(res.status).toBe(status);
  expect(JSON.stringify(res.body)).toMatch(message);
  expect(await Ticket.countDocuments({ channel: 'letter' })).toBe(before);
});

test('a scan must be a PDF or an image, sent as the body; only staff may register letters', async () => {
  const text = await agent.post('/api/letters/scans', 'hello', { 'content-type': 'text/plain' });
  expect(text.status).toBe(400);
  expect(text.body.message).toMatch(/application\/pdf/);
  expect((await server.session().post('/api/letters/scans', pdf(), { 'content-type': 'application/pdf' })).status).toBe(401);
  expect((await server.session().post('/api/letters', letter('a'.repeat(64)))).status).toBe(401);
});
