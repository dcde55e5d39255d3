// The single-document guarantees of MongoDB, on the store we ship: concurrent changes of one
// document are never lost and a conditional change has one winner. Stock FerretDB 1.24 breaks
// each of them (it reads, changes in memory and writes back without rechecking the filter);
// the "rmw-lock" patch in scripts/bootstrap.mjs makes them hold. To see them fail:
//   FERRETDB_BIN=/path/to/stock/ferretdb npx jest test/integration/store-hazards.test.ts
import { MongoClient, type Collection } from 'mongodb';
import { testStoreUris } from '../support/env';

interface Item {
  _id: string;
  status: string;
  n: number;
  by?: number;
  pad?: string;
}
interface Account {
  key: string;
  n: number;
}

let client: MongoClient;
let items: Collection<Item>;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
// A document the size of a ticket with its history, so reading and rewriting it takes as long
// as it does in the application (the race window of a stock build grows with it).
const pad = 'x'.repeat(64 * 1024);

/** Runs every task at once and returns their outcomes, errors included, in order. */
async function race<T>(tasks: Array<() => Promise<T>>): Promise<Array<PromiseSettledResult<T>>> {
  return Promise.allSettled(tasks.map((t) => t()));
}
const rejected = (outcomes: Array<PromiseSettledResult<unknown>>) =>
  outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => String(o.reason));

beforeAll(async () => {
  client = new MongoClient(testStoreUris().mongoUri, { maxPoolSize: 100 });
  await client.connect();
  items = client.db().collection<Item>('items');
});

afterAll(async () => {
  await client.close();
});

beforeEach(async () => {
  await items.deleteMany({});
});

it('keeps every one of 300 concurrent $inc of one document', async () => {
  await items.insertOne({ _id: 'counter', status: 'open', n: 0, pad });
  const outcomes = await race(range(300).map(() => () => items.updateOne({ _id: 'counter' }, { $inc: { n: 1 } })));
  expect(rejected(outcomes)).toEqual([]);
  expect(await items.findOne({ _id: 'counter' })).toMatchObject({ n: 300 });
}, 60_000);

it('gives a conditional findOneAndUpdate by _id one winner among 50, for each of 10 documents', async () => {
  const ids = range(10).map((d) => `Q${d}`);
  await items.insertMany(ids.map((_id) => ({ _id, status: 'queued', n: 0, pad })));
  const outcomes = await race(
    ids.flatMap((_id) =>
      range(50).map(
        (by) => () => items.findOneAndUpdate({ _id, status: 'queued' }, { $set: { status: 'claimed', by } }, { returnDocument: 'after' }),
      ),
    ),
  );
  expect(rejected(outcomes)).toEqual([]);
  const won = outcomes.flatMap((o) => (o.status === 'fulfilled' && o.value ? [o.value] : []));
  expect(won.map((d) => d._id).sort()).toEqual(ids);
  // The winner's change is the one the document kept.
  for (const doc of won) expect(await items.findOne({ _id: doc._id })).toMatchObject({ status: 'claimed', by: doc.by });
}, 60_000);

it('gives a conditional deleteOne by _id, racing a conditional claim, one winner among 50', async () => {
  const ids = range(10).map((d) => `D${d}`);
  await items.insertMany(ids.map((_id) => ({ _id, status: 'queued', n: 0, pad })));
  // Per document: 25 "cancel if still queued" against 25 "claim if still queued".
  const outcomes = await race(
    ids.flatMap((_id) =>
      range(50).map((by) =>
        by % 2
          ? async () => ((await items.deleteOne({ _id, status: 'queued' })).deletedCount === 1 ? `${_id} deleted` : null)
          : async () =>
              (await items.updateOne({ _id, status: 'queued' }, { $set: { status: 'claimed', by } })).modifiedCount === 1
                ? `${_id} claimed`
                : null,
      ),
    ),
  );
  expect(rejected(outcomes)).toEqual([]);
  const won = outcomes.flatMap((o) => (o.status === 'fulfilled' && o.value ? [o.value] : []));
  expect(won.map((w) => w.split(' ')[0]).sort()).toEqual(ids);
  for (const w of won) {
    const [_id, what] = w.split(' ');
    const doc = await items.findOne({ _id });
    if (what === 'deleted') expect(doc).toBeNull();
    else expect(doc).toMatchObject({ status: 'claimed' });
  }
}, 60_000);

it('hands each queued item to one of 50 concurrent claims by a filter without _id', async () => {
  await items.insertMany(range(20).map((i) => ({ _id: `P${String(i).padStart(2, '0')}`, status: 'queued', n: i, pad })));
  const outcomes = await race(
    range(50).map(
      (by) => () =>
        items.findOneAndUpdate({ status: 'queued' }, { $set: { status: 'claimed', by } }, { sort: { n: 1 }, returnDocument: 'after' }),
    ),
  );
  expect(rejected(outcomes)).toEqual([]);
  const won = outcomes.flatMap((o) => (o.status === 'fulfilled' && o.value ? [o.value] : []));
  expect(won.map((d) => d._id).sort()).toEqual(range(20).map((i) => `P${String(i).padStart(2, '0')}`));
  expect(await items.countDocuments({ status: 'claimed' })).toBe(20);
}, 60_000);

it('turns 50 concurrent upserts on a unique key into one document, without an error', async () => {
  const accounts = client.db().collection<Account>('accounts');
  await accounts.createIndex({ key: 1 }, { unique: true });
  const outcomes = await race(range(50).map(() => () => accounts.updateOne({ key: 'IT001E0001' }, { $inc: { n: 1 } }, { upsert: true })));
  expect(rejected(outcomes)).toEqual([]);
  expect(await accounts.find({ key: 'IT001E0001' }).toArray()).toEqual([expect.objectContaining({ key: 'IT001E0001', n: 50 })]);
}, 60_000);

it('turns 50 concurrent upserts by _id into one document, without an error', async () => {
  const outcomes = await race(
    range(50).map(
      () => () => items.updateOne({ _id: 'bucket:q1:sms:0900' }, { $inc: { n: 1 }, $setOnInsert: { status: 'open' } }, { upsert: true }),
    ),
  );
  expect(rejected(outcomes)).toEqual([]);
  expect(await items.find({ _id: 'bucket:q1:sms:0900' }).toArray()).toEqual([{ _id: 'bucket:q1:sms:0900', status: 'open', n: 50 }]);
}, 60_000);
