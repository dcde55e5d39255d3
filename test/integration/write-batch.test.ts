// models/write-batch.ts against the real store: concurrent writes share commands, and every
// caller learns its own document's outcome — the duplicate key that ingest's idempotency
// rests on, and an error that is only its own.
import net from 'node:net';
import mongoose, { Schema } from 'mongoose';
import { deleteBatched, insertBatched } from '../../models/write-batch';
import { testStoreUris } from '../support/env';

const Probe = mongoose.model('WriteBatchProbe', new Schema({ _id: String, n: Number, tag: String }, { versionKey: false }));
const commands: string[] = [];

beforeAll(async () => {
  await mongoose.connect(testStoreUris().mongoUri, { monitorCommands: true });
  mongoose.connection.getClient().on('commandStarted', (ev) => {
    if ((ev.command as Record<string, unknown>)[ev.commandName] === Probe.collection.collectionName) commands.push(ev.commandName);
  });
  await Probe.createCollection();
});
afterAll(async () => {
  await Probe.collection.drop().catch(() => undefined);
  await mongoose.disconnect();
});
beforeEach(async () => {
  await Probe.deleteMany({});
  commands.length = 0;
});

test('100 concurrent inserts of 50 keys: each key inserted once, the other caller told "duplicate", in a few commands', async () => {
  const outcomes = await Promise.all(
    Array.from({ length: 100 }, (_, i) => insertBatched(Probe, { _id: `k${i % 50}`, n: i }).then((o) => [`k${i % 50}`, o] as const)),
  );
  const byKey = new Map<string, string[]>();
  for (const [k, o] of outcomes) byKey.set(k, [...(byKey.get(k) ?? []), o]);
  expect([...byKey.values()].every((os) => os.filter((o) => o === 'inserted').length === 1 && os.length === 2)).toBe(true);
  expect(await Probe.countDocuments()).toBe(50);
  // The first call of each key came first (i < 50), so it holds the key.
  expect((await Probe.findById('k7').lean())?.n).toBe(7);
  expect(commands.filter((c) => c === 'insert').length).toBeLessThan(10);
});

test('an error of one document is that caller\u2019s alone; the others are written', async () => {
  const results = await Promise.allSettled([
    insertBatched(Probe, { _id: 'ok1', n: 1 }),
    // A key the store refuses (neither MongoDB nor FerretDB stores a top-level `$` field).
    insertBatched(Probe, { _id: 'bad', $bad: 1 }),
    insertBatched(Probe, { _id: 'ok2', n: 2 }),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(await Probe.countDocuments({ _id: { $in: ['ok1', 'ok2'] } })).toBe(2);
  expect(await Probe.findById('bad').lean()).toBeNull();
});

test('concurrent deletes by _id reach each document, in shared commands', async () => {
  await Probe.insertMany(Array.from({ length: 40 }, (_, i) => ({ _id: `d${i}`, n: i })));
  commands.length = 0;
  await Promise.all(Array.from({ length: 20 }, (_, i) => deleteBatched(Probe, `d${i + 20}`)));
  const left = await Probe.find({}).sort({ n: 1 }).lean();
  expect(left.map((d) => d._id)).toEqual(Array.from({ length: 20 }, (_, i) => `d${i}`));
  expect(commands.filter((c) => c === 'delete').length).toBeLessThan(5);
});

// A connection that breaks while a batch is on its way (the store killed under load): the
// driver reports it as a bulk-write error with an empty list of write errors, which once read
// as "no document failed" — every caller was told "inserted", the webhook acknowledged its
// sender, and nothing was stored (issue 19, the fault suite's lost SMS). Now a caller is told
// "inserted" only when the store said so; otherwise it hears the error and its sender retries.
test('a connection cut under a batch: no caller is told "inserted" for a document the store does not have', async () => {
  const upstream = new URL(testStoreUris().mongoUri);
  const marker = Buffer.from(Probe.collection.collectionName);
  // The insert command itself (its first key, `insert`, as BSON), not mongoose's own commands.
  const insertKey = Buffer.from('\x02insert\x00', 'latin1');
  let armed = false;
  const proxy = net.createServer((client) => {
    const server = net.connect(Number(upstream.port), upstream.hostname);
    server.on('error', () => client.destroy());
    client.on('error', () => server.destroy());
    server.pipe(client);
    client.on('data', (chunk: Buffer) => {
      // The insert into the collection, once armed, never reaches the store.
      if (armed && chunk.includes(marker) && chunk.includes(insertKey)) {
        armed = false;
        client.destroy();
        server.destroy();
        return;
      }
      server.write(chunk);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const { port } = proxy.address() as net.AddressInfo;
  const viaProxy = mongoose.createConnection(`mongodb://127.0.0.1:${port}/${mongoose.connection.name}`, {
    directConnection: true,
    autoIndex: false,
    autoCreate: false,
  });
  try {
    await viaProxy.asPromise();
    const Cut = viaProxy.model('WriteBatchCut', Probe.schema, Probe.collection.collectionName);
    await Cut.findOne({}); // the pool has its connection
    armed = true;
    const ids = Array.from({ length: 10 }, (_, i) => `cut${i}`);
    const results = await Promise.allSettled(ids.map((_id, n) => insertBatched(Cut, { _id, n })));
    const told = ids.filter((_, i) => results[i]!.status === 'fulfilled');
    const stored = (await Probe.find({ _id: { $in: ids } }).lean()).map((d) => d._id);
    expect(told.filter((id) => !stored.includes(id))).toEqual([]);
    // The cut was real: the batch failed for its callers.
    expect(results.filter((r) => r.status === 'rejected').length).toBe(10);
  } finally {
    await viaProxy.close();
    await new Promise((r) => proxy.close(r));
  }
});
