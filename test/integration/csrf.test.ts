// CSRF (issue 19, defect 4): a page on the same host and another port is same-site, so the
// browser sends the agent's cookie (SameSite=Lax) with its posts; the Origin / Referer check
// refuses them. Same-origin requests, and clients that are not browsers, keep working.
// (The cookie's Secure flag: session-cookie.test.ts.)
import { ingest } from '../../core/ingest/ingest';
import { Ticket } from '../../models';
import { inboundSms } from '../factories/inbound';
import { loginAs, makeAgent } from '../support/agents';
import { startTestServer, type Session, type TestServer } from '../support/server';

const PUBLIC = 'http://hotline.example.test';
let server: TestServer;
let agent: Session;
let otherPort: string;

beforeAll(async () => {
  server = await startTestServer({ PUBLIC_BASE_URL: PUBLIC });
  agent = await loginAs(server.session(), await makeAgent({ channels: ['sms'], capacity: { sms: 50 } }));
  // The attacker's page: the same host as the console, another port.
  otherPort = `http://127.0.0.1:${server.port === 65535 ? 65534 : server.port + 1}`;
});
afterAll(async () => {
  await server?.close();
});

let senders = 0;
const newTicket = async () =>
  String((await ingest(server.ctx, inboundSms({ from: `+39333777${String(++senders).padStart(4, '0')}` }))).ticketId);
const claim = (id: string, headers: Record<string, string>) => agent.post(`/api/tickets/${id}/claim`, {}, headers);

test('a claim from a page on another port of the same host is refused, whichever header names it', async () => {
  const id = await newTicket();
  const cases: Array<Record<string, string>> = [
    { origin: otherPort },
    { referer: `${otherPort}/evil.html` },
    { origin: 'null' },
    { 'sec-fetch-site': 'same-site' },
    { origin: 'https://hotline.example.test' }, // right host, wrong scheme
  ];
  for (const headers of cases) {
    const res = await claim(id, headers);
    expect({ headers, status: res.status, error: res.body?.error }).toEqual({ headers, status: 403, error: 'CrossOriginRequest' });
  }
  expect(await Ticket.findById(id).lean()).toMatchObject({ status: 'queued' });
});

test('same-origin requests work: the public origin, the address the page was loaded from, and clients without Origin', async () => {
  const cases: Array<Record<string, string>> = [
    { origin: PUBLIC },
    { origin: server.url, 'sec-fetch-site': 'same-origin' },
    { referer: `${server.url}/console` },
    {},
  ];
  for (const headers of cases) {
    const id = await newTicket();
    const res = await claim(id, headers);
    expect({ headers, status: res.status }).toEqual({ headers, status: 200 });
  }
});

test('a login posted from another origin is refused (login CSRF); reads are not checked', async () => {
  const s = server.session();
  const agentRow = await makeAgent();
  const res = await s.post('/api/auth/login', { email: agentRow.email, password: 'agent-password-1' }, { origin: otherPort });
  expect(res.status).toBe(403);
  expect((await agent.request('GET', '/api/auth/me', undefined, { origin: otherPort })).status).toBe(200);
});

test('with an http public URL the session cookie is not Secure (it would never be sent back)', async () => {
  const res = await server.session().post('/api/auth/login', { email: 'admin@test.example', password: 'admin-password-1' });
  expect(res.status).toBe(200);
  expect(res.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i);
});
