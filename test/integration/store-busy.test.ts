// A busy embedded store makes a write wait, never fail. SQLite lets one connection write at
// a time and FerretDB's other connections retry until busy_timeout (10 s); under the
// hotline-day load some writes waited longer and the application got "database is locked
// (5) (SQLITE_BUSY)". This store gets a 1 ms busy timeout, so that any contention for
// SQLite's lock shows at once: with the "sqlite-one-writer" patch FerretDB's writers queue
// in the process and never meet it. Fails on a build without the patch
// (FERRETDB_BIN=/path/to/that/ferretdb npx jest test/integration/store-busy.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbedded, type EmbeddedServices } from '../../runtime/embedded';

interface Row {
  _id: string;
  status: string;
  n: number;
}

let dataDir: string;
let store: EmbeddedServices;
let clients: MongoClient[];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hotline-busy-'));
  store = await startEmbedded({
    dataDir,
    persistRedis: false,
    ferretdbBin: process.env.FERRETDB_BIN ? resolve(process.env.FERRETDB_BIN) : undefined,
    sqlitePragmas: ['busy_timeout(1)'],
  });
  // Two clients, as two server nodes: up to 200 commands in flight.
  clients = [new MongoClient(store.mongoUri), new MongoClient(store.mongoUri)];
  await Promise.all(clients.map((c) => c.connect()));
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await store.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('lets 150 concurrent writers insert, update, claim and delete without one failure', async () => {
  const rows = clients.map((c) => c.db().collection<Row>('rows'));
  await rows[0].insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: `R${i}`, status: 'queued', n: 0 })));
  const failures: string[] = [];
  let done = 0;
  await Promise.all(
    Array.from({ length: 150 }, async (_, w) => {
      const col = rows[w % 2];
      for (let k = 0; k < 8; k++) {
        const id = `R${(w * 2 + k) % 300}`;
        try {
          if (k % 4 === 0) await col.insertOne({ _id: `N${w}-${k}`, status: 'new', n: k });
          else if (k % 4 === 1) await col.updateOne({ _id: id }, { $inc: { n: 1 } });
          else if (k % 4 === 2) await col.findOneAndUpdate({ _id: id, status: 'queued' }, { $set: { status: 'claimed' } });
          else await col.deleteOne({ _id: `N${w}-${k - 3}` });
          done++;
        } catch (err) {
          failures.push(String((err as Error).message).replace(/^.*\] /, ''));
        }
      }
    }),
  );
  expect(failures).toEqual([]);
  expect(done).toBe(150 * 8);
  // Every insert was deleted again, every increment kept.
  expect(await rows[0].countDocuments({})).toBe(300);
  const kept = await rows[0].aggregate<{ n: number }>([{ $group: { _id: null, n: { $sum: '$n' } } }]).toArray();
  expect(kept[0].n).toBe(150 * 2);
}, 120_000);
