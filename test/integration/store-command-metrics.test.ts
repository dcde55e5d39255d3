// The store commands a request causes show up in /metrics, by command and collection
// (hotline_store_commands_total: issue 20's budget per contact and per connected agent).
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function storeCommands(): Promise<Map<string, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/^hotline_store_commands_total\{command="([^"]+)",collection="([^"]+)"\} (\d+)/gm))
    counts.set(`${m[1]} ${m[2]}`, Number(m[3]));
  return counts;
}

test("a request's store commands are counted in /metrics by command and collection", async () => {
  const before = await storeCommands();
  // Start-up already talked to the store (indexes, default queues, the first admin).
  expect(before.get('createIndexes tickets')).toBeGreaterThan(0);

  const admin = await server.admin();
  const res = await admin.post('/api/admin/agents', {
    name: 'Counted',
    email: 'counted@test.example',
    password: 'counted-password-1',
    role: 'agent',
    languages: ['it'],
  });
  expect(res.status).toBe(201);

  const after = await storeCommands();
  // The login read the admin, the creation inserted the new agent.
  expect(after.get('find agents') ?? 0).toBeGreaterThan(before.get('find agents') ?? 0);
  expect(after.get('insert agents') ?? 0).toBeGreaterThan(before.get('insert agents') ?? 0);
});
