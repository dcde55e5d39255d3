// models/write-batch.ts against the real store: concurrent writes share commands, and every
// caller learns its own document's outcome — the duplicate key that ingest's idempotency
// rests on, and an error that is only its own.
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
