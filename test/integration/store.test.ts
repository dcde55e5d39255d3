// The store as the code relies on it: FerretDB built by scripts/bootstrap.mjs with its
// three fixes (look-ups by `_id` narrow the rows first, bulk updates close their rows) must
// still answer every filter exactly as MongoDB does, and models/store.ts insertNew must
// report exactly which keys it took.
import mongoose from 'mongoose';
import { MongoClient, type Collection } from 'mongodb';
import { insertNew, isDuplicateKey } from '../../models/store';
import { Reminder } from '../../models/reminder';
import { testStoreUris } from '../support/env';

interface Row {
  _id: string;
  status: string;
  n: number;
  dunning?: { stage: string };
}

let client: MongoClient;
let rows: Collection<Row>;

beforeAll(async () => {
  const { mongoUri } = testStoreUris();
  client = new MongoClient(mongoUri);
  await client.connect();
  rows = client.db().collection<Row>('rows');
  await mongoose.connect(mongoUri);
});

afterAll(async () => {
  await client.close();
  await mongoose.disconnect();
});

beforeEach(async () => {
  await rows.deleteMany({});
  await rows.insertMany(
    Array.from({ length: 300 }, (_, i) => ({
      _id: `R${i}`,
      status: i % 2 ? 'open' : 'paid',
      n: i,
      dunning: { stage: i % 3 ? 'none' : 'due_soon' },
    })),
  );
});

describe('filters with _id and other conditions', () => {
  it('updates only when every condition holds', async () => {
    expect((await rows.updateOne({ _id: 'R1', status: 'paid' }, { $set: { n: -1 } })).modifiedCount).toBe(0);
    expect((await rows.updateOne({ _id: 'R1', status: 'open' }, { $set: { n: -1 } })).modifiedCount).toBe(1);
    expect((await rows.updateOne({ _id: 'R2', $or: [{ status: 'open' }, { n: 99 }] }, { $set: { n: -2 } })).modifiedCount).toBe(0);
    expect(
      (await rows.updateOne({ _id: 'R3', 'dunning.stage': { $in: [null, 'none'] } }, { $set: { 'dunning.stage': 'first_reminder' } }))
        .modifiedCount,
    ).toBe(0);
    expect(
      (await rows.updateOne({ _id: 'R4', 'dunning.stage': { $in: [null, 'none'] } }, { $set: { 'dunning.stage': 'first_reminder' } }))
        .modifiedCount,
    ).toBe(1);
    expect(await rows.findOne({ _id: 'R1' })).toMatchObject({ n: -1 });
    expect(await rows.findOne({ _id: 'R2' })).toMatchObject({ n: 2 });
    expect(await rows.findOne({ _id: 'R4' })).toMatchObject({ dunning: { stage: 'first_reminder' } });
  });

  it('finds, counts and deletes with the same meaning', async () => {
    expect(await rows.findOne({ _id: 'R5', status: 'paid' })).toBeNull();
    expect(await rows.findOne({ _id: 'R5', status: 'open', n: { $gte: 5 } })).toMatchObject({ _id: 'R5' });
    expect(await rows.countDocuments({ _id: 'R6', status: 'open' })).toBe(0);
    expect((await rows.deleteOne({ _id: 'R7', status: 'paid' })).deletedCount).toBe(0);
    expect((await rows.deleteOne({ _id: 'R7', status: 'open' })).deletedCount).toBe(1);
    expect(await rows.countDocuments({})).toBe(299);
    const found = await rows.findOneAndUpdate({ _id: 'R9', status: 'open' }, { $inc: { n: 1 } }, { returnDocument: 'after' });
    expect(found).toMatchObject({ n: 10 });
  });

  it('runs a bulk of more than a hundred compare-and-set updates to the end', async () => {
    // Before the fix the 101st update waited forever for a connection held by the first 100.
    const res = await rows.bulkWrite(
      Array.from({ length: 300 }, (_, i) => ({
        updateOne: { filter: { _id: `R${i}`, status: 'open' }, update: { $set: { status: 'reminded' } } },
      })),
      { ordered: false },
    );
    expect(res.matchedCount).toBe(150);
    expect(res.modifiedCount).toBe(150);
    expect(await rows.countDocuments({ status: 'reminded' })).toBe(150);
    expect(await rows.countDocuments({ status: 'paid' })).toBe(150);
  }, 60_000);
});

describe('insertNew', () => {
  const reminder = (id: string) => ({
    _id: id,
    billNumber: id,
    stage: 'due_soon',
    status: 'sending',
    notBefore: new Date(),
    decidedAt: new Date(),
  });

  it('returns the ids it inserted and leaves existing ones alone', async () => {
    expect([...(await insertNew(Reminder, [reminder('b1:due_soon'), reminder('b2:due_soon')]))].sort()).toEqual([
      'b1:due_soon',
      'b2:due_soon',
    ]);
    await Reminder.updateOne({ _id: 'b1:due_soon' }, { $set: { status: 'sent' } });
    const taken = await insertNew(Reminder, [
      reminder('b3:due_soon'),
      reminder('b1:due_soon'),
      reminder('b4:due_soon'),
      reminder('b2:due_soon'),
    ]);
    expect([...taken].sort()).toEqual(['b3:due_soon', 'b4:due_soon']);
    expect(await Reminder.findById('b1:due_soon').lean()).toMatchObject({ status: 'sent' });
    expect(await Reminder.countDocuments({ _id: /^b\d:due_soon$/ })).toBe(4);
  });

  it('throws on an invalid document instead of leaving it out silently, even beside a duplicate', async () => {
    await expect(insertNew(Reminder, [reminder('v1:due_soon'), { ...reminder('v2:due_soon'), stage: 'no_such_stage' }])).rejects.toThrow(
      /stage/,
    );
    await insertNew(Reminder, [reminder('v3:due_soon')]);
    // A duplicate and an invalid document in one batch: mongoose alone reports only the duplicate.
    await expect(
      insertNew(Reminder, [reminder('v3:due_soon'), { ...reminder('v4:due_soon'), stage: 'no_such_stage' }, reminder('v5:due_soon')]),
    ).rejects.toThrow(/stage/);
    expect(await Reminder.findById('v4:due_soon').lean()).toBeNull();
  });
});

describe('isDuplicateKey', () => {
  const reminder = {
    _id: 'd1:due_soon',
    billNumber: 'd1',
    stage: 'due_soon',
    status: 'sending',
    notBefore: new Date(),
    decidedAt: new Date(),
  } as const;
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (err: unknown) => err,
    );

  it('recognises the store refusing a second insert of the same key, through mongoose and the driver', async () => {
    await Reminder.create(reminder);
    const viaModel = await failure(Reminder.create(reminder));
    expect(viaModel).not.toBeNull();
    expect(isDuplicateKey(viaModel)).toBe(true);
    const viaDriver = await failure(rows.insertOne({ _id: 'R1', status: 'open', n: 1 }));
    expect(isDuplicateKey(viaDriver)).toBe(true);
  });

  it('is false for every other failure', async () => {
    const invalid = await failure(new Reminder({ ...reminder, _id: 'd2:due_soon', stage: 'no_such_stage' }).save());
    expect(invalid).not.toBeNull();
    expect(isDuplicateKey(invalid)).toBe(false);
    expect(isDuplicateKey(new Error('E11000 in a message only'))).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
    expect(isDuplicateKey(undefined)).toBe(false);
  });
});
