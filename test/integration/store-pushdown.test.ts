// Our FerretDB build narrows a query by an indexed field in SQL (patch "sqlite-indexed-pushdown",
// scripts/ferretdb/sqlite_indexed_pushdown.go). Two things must hold: every filter keeps
// MongoDB's meaning — the same documents as a collection without indexes (which FerretDB
// filters entirely in memory) and as MongoDB's documented rules say — and the reads a person
// waits for are served by an index, not a scan of the table (the stock build scans them all).
import mongoose from 'mongoose';
import { Double, Int32, Long, MongoClient, ObjectId, type Collection, type Document, type Filter } from 'mongodb';
import { ensureIndexes, Bill, Contract, Message, Reading, Ticket } from '../../models';
import { Reminder } from '../../models/reminder';
import { testStoreUris } from '../support/env';

interface Row {
  _id: number;
  k?: unknown;
  c?: string | string[];
  d?: number | number[];
  u?: string;
}

const OID = new ObjectId('65a1b2c3d4e5f60718293a4b');
const JAN = new Date('2026-01-15T10:00:00Z');
const MAR = new Date('2026-03-01T00:00:00Z');
const SPECIAL = 'é<&>"\\ ключ \u2028 😀';
/** What is stored: each `k` a case MongoDB's rules treat specially. */
const ROWS: Row[] = [
  { _id: 1, k: 'a' },
  { _id: 2, k: 'b' },
  { _id: 3, k: ['a', 'z'] }, // an array matches a scalar by element
  { _id: 4, k: new Int32(1) },
  { _id: 5, k: Long.fromNumber(1) },
  { _id: 6, k: new Double(1) }, // 1, 1 and 1.0 are one value
  { _id: 7, k: 1.5 },
  { _id: 8, k: OID },
  { _id: 9, k: OID.toHexString() }, // same text as the ObjectId in the store, a different value
  { _id: 10, k: JAN },
  { _id: 11, k: null },
  { _id: 12 }, // missing: matches null, nothing else
  { _id: 13, k: true },
  { _id: 14, k: new Int32(0) },
  { _id: 15, k: new Double(-0) }, // -0 == 0
  { _id: 16, k: { a: 1 } },
  { _id: 17, k: SPECIAL }, // JSON escapes and non-ASCII
  { _id: 19, k: new Int32(150) },
  { _id: 20, k: 199.5 },
  { _id: 21, k: new Int32(200) },
  { _id: 22, k: Long.fromNumber(120) },
  { _id: 23, k: [5, 160] },
  { _id: 24, k: MAR },
  { _id: 25, k: new Date('1999-01-01T00:00:00Z') }, // 12-digit milliseconds
  { _id: 26, k: new Date('2300-01-01T00:00:00Z') }, // 14-digit milliseconds
  { _id: 27, k: 'T-0001' },
  { _id: 28, k: new Double(1e21) }, // "1e+21" in JSON
  { _id: 29, k: 'A' },
  { _id: 30, k: [] },
  { _id: 31, k: '1' }, // a string that looks like a number
  { _id: 40, c: 'x', d: 1, u: 'u1', k: 'a' },
  { _id: 41, c: 'x', d: 2, u: 'u2', k: 'b' },
  { _id: 42, c: 'y', d: 1, u: 'u3', k: 'a' },
  { _id: 43, c: ['x', 'w'], u: 'u4' },
  { _id: 44, c: 'x', d: [2, 3] },
  { _id: 45, c: ['x'], d: 2 },
];

let client: MongoClient;
let indexed: Collection<Row>;
let plain: Collection<Row>;

beforeAll(async () => {
  const { mongoUri } = testStoreUris();
  client = new MongoClient(mongoUri);
  await client.connect();
  indexed = client.db().collection<Row>('indexed');
  plain = client.db().collection<Row>('plain');
  await indexed.createIndex({ k: 1 });
  await indexed.createIndex({ c: 1, d: -1 }); // compound: its first field is pushed down
  await indexed.createIndex({ u: 1 }, { unique: true });
  await indexed.createIndex({ d: 1 });
  await plain.createIndex({ nothing: 1 });
  // Every row has its own `u` (MongoDB's unique index counts a missing field as one null).
  const rows = ROWS.map((r) => ({ u: `r${r._id}`, ...r }));
  await indexed.insertMany(rows);
  await plain.insertMany(rows);
  await mongoose.connect(mongoUri);
});

afterAll(async () => {
  await client.close();
  await mongoose.disconnect();
});

async function ids(coll: Collection<Row>, filter: Filter<Row>): Promise<number[]> {
  return (await coll.find(filter).toArray()).map((r) => r._id).sort((a, b) => a - b);
}

/** The query plan SQLite chose for a find (FerretDB's explain returns SQLite's EXPLAIN QUERY PLAN). */
async function plan(coll: { find(f: object): { explain(): Promise<Document> } }, filter: object): Promise<string> {
  const explained = await coll.find(filter).explain();
  return (explained.queryPlanner as { Plan: string[] }).Plan.join('\n');
}

/** Same documents as MongoDB's rules (expected), as the unindexed twin, and through the index. */
async function expectMatches(filter: Filter<Row>, expected: number[], index: string | null): Promise<void> {
  expect({ filter, ids: await ids(indexed, filter) }).toEqual({ filter, ids: expected });
  expect({ filter, ids: await ids(plain, filter) }).toEqual({ filter, ids: expected });
  expect(await indexed.countDocuments(filter)).toBe(expected.length);
  const p = await plan(indexed, filter);
  if (index) {
    expect(p).toMatch(new RegExp(`USING INDEX \\S+_${index} `));
    expect(p).not.toMatch(/SCAN/);
  } else {
    expect(p).toMatch(/SCAN/);
  }
}

describe('equality on an indexed field keeps its meaning', () => {
  it('strings, including arrays that hold them and text with JSON escapes; regular expressions and documents read the table', async () => {
    await expectMatches({ k: 'a' }, [1, 3, 40, 42], 'k_1');
    await expectMatches({ k: 'z' }, [3], 'k_1');
    await expectMatches({ k: 'A' }, [29], 'k_1');
    await expectMatches({ k: SPECIAL }, [17], 'k_1');
    await expectMatches({ k: '1' }, [31], 'k_1');
    await expectMatches({ k: 'nobody' }, [], 'k_1');
    await expectMatches({ k: { $eq: 'b' } }, [2, 41], 'k_1');
    // Not pushed down (the table is read), and still MongoDB's answers:
    await expectMatches({ k: /^T-/ }, [27], null);
    await expectMatches({ k: { a: 1 } }, [16], null);
    await expectMatches({ k: [] }, [30], null);
    await expectMatches(
      { k: { $ne: 'a' } },
      [2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 41, 43, 44, 45],
      null,
    );
  });

  it('numbers: int, long and double of one value are equal, -0 is 0, arrays match by element', async () => {
    for (const one of [new Int32(1), Long.fromNumber(1), new Double(1), 1]) await expectMatches({ k: one }, [4, 5, 6], 'k_1');
    await expectMatches({ k: 1.5 }, [7], 'k_1');
    await expectMatches({ k: new Int32(0) }, [14, 15], 'k_1');
    await expectMatches({ k: new Double(-0) }, [14, 15], 'k_1');
    await expectMatches({ k: 160 }, [23], 'k_1');
    await expectMatches({ k: new Double(1e21) }, [28], 'k_1');
    await expectMatches({ k: Long.fromNumber(120) }, [22], 'k_1');
  });

  it('ObjectId, date and boolean: one value each, never the string with the same text', async () => {
    await expectMatches({ k: OID }, [8], 'k_1');
    await expectMatches({ k: OID.toHexString() }, [9], 'k_1');
    await expectMatches({ k: JAN }, [10], 'k_1');
    await expectMatches({ k: true }, [13], 'k_1');
    await expectMatches({ k: false }, [], 'k_1');
  });

  it('$in over mixed types; null (also a missing field) reads the table', async () => {
    await expectMatches({ k: { $in: ['a', 'b'] } }, [1, 2, 3, 40, 41, 42], 'k_1');
    await expectMatches({ k: { $in: [1, 'T-0001', OID] } }, [4, 5, 6, 8, 27], 'k_1');
    await expectMatches({ k: { $in: ['b'] }, d: 2 }, [41], 'k_1');
    // null also matches a missing field, which has no entry to look up: not pushed down.
    await expectMatches({ k: null }, [11, 12, 43, 44, 45], null);
    await expectMatches({ k: { $in: ['b', null] } }, [2, 11, 12, 41, 43, 44, 45], null);
  });
});

describe('ranges on an indexed field keep their meaning', () => {
  it('numbers with bounds of the same digit count, doubles between and arrays with one element in range', async () => {
    await expectMatches({ k: { $gte: 100, $lt: 200 } }, [19, 20, 22, 23], 'k_1');
    await expectMatches({ k: { $gt: 120, $lte: 200 } }, [19, 20, 21, 23], 'k_1');
    await expectMatches({ k: { $gte: 1, $lte: 1.5 } }, [4, 5, 6, 7], 'k_1');
  });

  it('dates between two 13-digit bounds; one-sided and other ranges read the table and match all the same', async () => {
    await expectMatches({ k: { $gte: new Date('2026-01-01'), $lte: new Date('2026-12-31') } }, [10, 24], 'k_1');
    await expectMatches({ k: { $gt: JAN, $lt: MAR } }, [], 'k_1');
    await expectMatches({ k: { $gte: JAN, $lte: MAR } }, [10, 24], 'k_1');
    await expectMatches({ k: { $gte: MAR } }, [24, 26], null);
    await expectMatches({ k: { $lt: MAR } }, [10, 25], null);
    await expectMatches({ k: { $gte: 0, $lte: 10 } }, [4, 5, 6, 7, 14, 15, 23], null); // 0 and -0: not pushed down
    await expectMatches({ k: { $gte: 5, $lte: 150 } }, [19, 22, 23], null); // digit counts differ
    await expectMatches({ k: { $gte: 'a', $lt: 'b' } }, [1, 3, 40, 42], null); // strings: JSON escapes break the order
  });
});

describe('which index', () => {
  it('a compound index: its first field, and its first two when both are equalities, arrays of either included', async () => {
    await expectMatches({ c: 'x' }, [40, 41, 43, 44, 45], 'c_1_d_-1');
    await expectMatches({ c: 'x', d: 2 }, [41, 44, 45], 'c_1_d_-1');
    expect(await plan(indexed, { c: 'x', d: 2 })).toMatch(/USING INDEX \S+_c_1_d_-1 \(<expr>=\? AND <expr>=\?\)/);
    await expectMatches({ c: { $in: ['x', 'y'] }, d: { $in: [1, 3] } }, [40, 42, 44], 'c_1_d_-1');
    await expectMatches({ c: 'x', d: { $gte: 2, $lte: 3 } }, [41, 44, 45], 'c_1_d_-1'); // a range stays out of the seek
  });

  it('a unique index before the filter order, else the first indexed field of the filter', async () => {
    await expectMatches({ k: 'a', u: 'u1' }, [40], 'u_1');
    await expectMatches({ k: 'a', c: 'y' }, [42], 'k_1');
    await expectMatches({ c: 'y', k: 'a' }, [42], 'c_1_d_-1');
    await expectMatches({ d: 1, k: 'a' }, [40, 42], 'd_1');
    await expectMatches({ e: 1, k: 'a' } as Filter<Row>, [], 'k_1'); // e leads no index
  });

  it('updates, deletes and findAndModify narrowed by an index change exactly the matching documents', async () => {
    const scratch = client.db().collection<Row>('scratch');
    await scratch.createIndex({ k: 1 });
    await scratch.insertMany(ROWS);
    // One Query serves find, update, delete and findAndModify: the same filters, narrowed by the index.
    expect(await plan(scratch, { k: { $in: ['a', OID] } })).toMatch(/USING INDEX \S+_k_1 /);
    expect((await scratch.updateMany({ k: 1 }, { $set: { d: 9 } })).modifiedCount).toBe(3);
    expect(await ids(scratch, { d: 9 })).toEqual([4, 5, 6]);
    expect((await scratch.findOneAndUpdate({ k: 'z' }, { $set: { d: 8 } }, { returnDocument: 'after' }))?._id).toBe(3);
    expect((await scratch.deleteMany({ k: { $in: ['a', OID] } })).deletedCount).toBe(5);
    expect(await scratch.countDocuments({})).toBe(ROWS.length - 5);
  });
});

describe('the reads a person waits for are served by an index', () => {
  beforeAll(async () => {
    await ensureIndexes();
    // A few thousand rows, so that a plan choosing a scan would also be measurably slow.
    const tickets = Array.from({ length: 3000 }, (_, i) => ({
      number: `T-${String(i).padStart(7, '0')}`,
      accountNumber: `A${i % 600}`,
      channel: 'sms',
      category: 'billing',
      priority: 3,
      status: i % 10 ? 'resolved' : 'assigned',
      assignee: `agent${i % 20}`,
      queue: 'general',
      language: 'it',
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    }));
    await Ticket.collection.insertMany(tickets);
    await Message.collection.insertMany(
      tickets.map((t, i) => ({
        _id: `sms:M${i}`,
        ticketId: `t${i}`,
        direction: 'in',
        channel: 'sms',
        state: 'processed',
        public: true,
      })) as never[],
    );
  });

  const read = async (q: { explain(): Promise<unknown> }) => {
    const explained = (await q.explain()) as Document | Document[];
    return ((Array.isArray(explained) ? explained[0] : explained)!.queryPlanner as { Plan: string[] }).Plan.join('\n');
  };

  it.each([
    ['tracking: a ticket by number', () => Ticket.find({ number: 'T-0000042' }), 'number_1'],
    ['ticket view: its messages', () => Message.find({ ticketId: 't42' }).sort({ createdAt: 1 }), 'ticketId_1'],
    [
      'tracking: its public messages',
      () => Message.find({ ticketId: 't42', public: true, direction: { $in: ['in', 'out'] } }),
      'ticketId_1',
    ],
    ['customer panel: tickets', () => Ticket.find({ accountNumber: 'A42' }).sort({ createdAt: -1 }).limit(20), 'accountNumber_1'],
    ['customer panel: bills', () => Bill.find({ accountNumber: 'A42' }).sort({ dueAt: -1 }).limit(24), 'accountNumber_1'],
    ['customer panel: contracts', () => Contract.find({ accountNumber: 'A42' }), 'accountNumber_1'],
    ['customer panel: readings', () => Reading.find({ contractNumber: 'C42' }).sort({ receivedAt: -1 }).limit(5), 'contractNumber_1'],
    [
      'customer panel: notifications',
      () => Reminder.find({ accountNumber: 'A42' }).sort({ decidedAt: -1 }).limit(20),
      'accountNumber_1_decidedAt_-1',
    ],
    [
      'console snapshot: my open tickets',
      () => Ticket.find({ assignee: 'agent3', status: { $in: ['assigned', 'pending'] } }),
      'assignee_1',
    ],
  ])('%s', async (_name, query, index) => {
    const p = await read(query());
    expect(p).toMatch(new RegExp(`USING INDEX \\S+_${index} `));
    expect(p).not.toMatch(/SCAN/);
  });
});
