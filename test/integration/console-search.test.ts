// The console's search box, through the API: whatever the agent types — a ticket number, a
// phone, an e-mail, an account or contract number, words — finds the tickets by exact reads of
// indexed fields; words search a bounded window of the newest tickets; operators and patterns
// in the query are plain text.
import { ingest } from '../../core/ingest/ingest';
import { previewOf } from '../../core/tickets/preview';
import { inboundSms } from '../factories/inbound';
import { seedCustomer } from '../factories/billing';
import { loginAs, makeAgent } from '../support/agents';
import { startTestServer, type Session, type TestServer } from '../support/server';

let server: TestServer;
let agent: Session;

beforeAll(async () => {
  server = await startTestServer();
  agent = await loginAs(server.session(), await makeAgent());
});
afterAll(async () => {
  await server.close();
});

const search = async (q: string) => {
  const res = await agent.get(`/api/search/tickets?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return res.body as { matchedAs: string[]; tickets: Array<{ ticketId: string; number: string }> };
};

test('by number, phone, e-mail, account, contract and words', async () => {
  const customer = await seedCustomer(await server.admin());
  const known = await ingest(server.ctx, inboundSms({ from: customer.phone, body: 'Perdita di gas in cantina' }));
  const stranger = await ingest(server.ctx, inboundSms({ from: '+393337779999', body: 'Chi siete? Numero sconosciuto' }));
  const mail = await ingest(server.ctx, {
    channel: 'email',
    externalId: `search-${Date.now()}`,
    from: customer.email,
    subject: 'Richiesta duplicato bolletta',
    body: 'Vorrei un duplicato',
    receivedAt: new Date(),
  });
  const ids = (r: { tickets: Array<{ ticketId: string }> }) => r.tickets.map((t) => t.ticketId);

  const byNumber = await search(`t-${Number(known.ticketNumber!.slice(2))}`);
  expect(byNumber).toMatchObject({ matchedAs: ['number'] });
  expect(ids(byNumber)).toEqual([known.ticketId]);
  expect(ids(await search(known.ticketNumber!))).toEqual([known.ticketId]);

  // A phone in the way people write it: the customer's tickets, and a stranger's by their address.
  expect(ids(await search(customer.phone.replace('+39', '').replace(/(\d{3})(\d{3})/, '$1 $2 ')))).toEqual(
    expect.arrayContaining([known.ticketId, mail.ticketId]),
  );
  expect(ids(await search('333 777 9999'))).toEqual([stranger.ticketId]);
  expect(ids(await search(customer.email.toUpperCase()))).toEqual(expect.arrayContaining([known.ticketId, mail.ticketId]));
  expect(await search(customer.accountNumber)).toMatchObject({ matchedAs: ['account'] });
  const byContract = await search(customer.contractNumber);
  expect(byContract.matchedAs).toContain('contract');
  expect(ids(byContract)).toEqual(expect.arrayContaining([known.ticketId, mail.ticketId]));

  const words = await search('duplicato BOLLETTA');
  expect(words).toMatchObject({ matchedAs: ['text'] });
  expect(ids(words)).toEqual([mail.ticketId]);
});

test('operators and patterns are text; nothing is found by them; empty and oversized queries are refused', async () => {
  expect((await search('.*')).tickets).toEqual([]);
  expect((await search('{"$gt":""}')).tickets).toEqual([]);
  expect((await agent.get('/api/search/tickets?q[$gt]=')).status).toBe(400);
  expect((await agent.get('/api/search/tickets?q=')).status).toBe(400);
  expect((await agent.get(`/api/search/tickets?q=${'x'.repeat(121)}`)).status).toBe(400);
  expect((await server.session().get('/api/search/tickets?q=T-1')).status).toBe(401);
});

test('a queue preview is the first non-empty line, at most 60 characters', () => {
  expect(previewOf('\n  Buongiorno,\nho una domanda')).toBe('Buongiorno,');
  expect(previewOf('x'.repeat(100))).toHaveLength(60);
  expect(previewOf('x'.repeat(100))!.endsWith('…')).toBe(true);
  expect(previewOf('   ')).toBeUndefined();
});
