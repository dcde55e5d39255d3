// SIGTERM under load on keep-alive connections (issue 19, defect 1): the server stops taking
// work at once — readiness 503, new requests refused with `Connection: close` or the
// connection closed — finishes what it had begun, and exits 0 well inside its 20 s. Every
// request it acknowledged is stored.
import { createConnection } from 'node:net';
import { MongoClient } from 'mongodb';
import { freePort } from '../../runtime/embedded';
import { startEntryProcess } from '../support/entry-process';
import { testStoreUris } from '../support/env';
import { AUTH_TOKEN, startSmsLoad } from '../support/sms-load';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

const PUBLIC = 'http://hotline.example.test';
let cleanup = () => undefined as unknown;
afterAll(() => cleanup());

test('SIGTERM during a keep-alive load: acknowledged = stored, nothing new taken after the signal, exit 0 in time', async () => {
  const stores = testStoreUris();
  const smtpPort = await freePort();
  const server = await startEntryProcess({
    entry: 'server/main.ts',
    ready: /hotline ready on \S+ \(port (\d+)\)/,
    ...stores,
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      PUBLIC_BASE_URL: PUBLIC,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      SMS_INBOUND_MAX_PER_WINDOW: '1000',
    },
  });
  const url = `http://127.0.0.1:${server.ready[1]}`;
  cleanup = () => server.child.kill('SIGKILL');
  // Each message once: a refusal is counted, not retried (a retry would be a new request anyway).
  const load = startSmsLoad({ baseUrl: () => url, publicBase: PUBLIC, concurrency: 6, resend: false });
  const ready: number[] = [];
  const probe = (async () => {
    // Readiness on a keep-alive connection of its own, as a load balancer polls it.
    while (server.child.exitCode === null) {
      ready.push(
        await fetch(`${url}/readyz`).then(
          (r) => r.status,
          () => 0,
        ),
      );
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  await waitFor(() => load.acked.size >= 60, 60_000, 'load to be acknowledged');
  // A mail server's idle connection, as a relay keeps one open: it must not hold the shutdown.
  const smtp = createConnection({ port: smtpPort, host: '127.0.0.1' });
  smtp.on('error', () => undefined);
  let connected = false;
  smtp.once('connect', () => (connected = true));
  await waitFor(() => connected, 10_000, 'an SMTP connection');

  const exited = new Promise<number | null>((r) => server.child.once('exit', (code) => r(code)));
  const signalAt = Date.now();
  server.child.kill('SIGTERM');
  const code = await exited;
  const tookMs = Date.now() - signalAt;
  await load.stop();
  await probe;
  smtp.destroy();

  expect(code).toBe(0);
  expect(tookMs).toBeLessThan(10_000);
  // Requests begun a second after the signal (time for it to arrive under load) were not taken.
  const late = load.attempts.filter((a) => a.startedAt > signalAt + 1000);
  expect(late.length).toBeGreaterThan(0);
  expect(late.filter((a) => a.status >= 200 && a.status < 300)).toEqual([]);
  expect(ready).toContain(200);
  expect(ready.filter((s) => s === 200).length).toBeLessThan(ready.length); // it went 503 / refused before the end

  const client = await MongoClient.connect(stores.mongoUri);
  try {
    const ids = [...load.acked].map((sid) => `sms:${sid}`);
    const db = client.db();
    const stored = new Set<string>();
    for (const coll of ['messages', 'inboxes'])
      for (const d of await db
        .collection(coll)
        .find({ _id: { $in: ids as never[] } }, { projection: { _id: 1 } })
        .toArray())
        stored.add(String(d._id));
    expect(ids.filter((id) => !stored.has(id))).toEqual([]);
    await db.dropDatabase();
  } finally {
    await client.close();
  }
});
