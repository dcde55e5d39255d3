// Benchmark: what one store operation by `_id` costs on the embedded FerretDB as the
// collection grows, with the raw driver (no code of ours). Shows the effect of the fixes
// scripts/bootstrap.mjs applies when it builds FerretDB: run it once with the default
// binary and once with a stock build (--ferretdb=/path/to/ferretdb) and compare.
//   npx tsx bench/store-ops.ts [--docs=20000] [--ferretdb=.tools/bin/ferretdb]
// Prints one JSON line: mean milliseconds per operation, one at a time (the bulk: 90 updates
// in one request, under the 101 at which a stock build waits forever), then the cost of the
// rmw-lock patch: updates per second with --concurrency (50) in flight, on different documents
// of one collection and on one document (with how many of its `$inc` were kept). With
// --versus=<other binary> both builds run, in alternating rounds (--rounds, 3) in the same
// run, and the line gives each one's median and the ratio ours / other.
//   npx tsx bench/store-ops.ts --versus=/path/to/build/without/the/patch
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbedded } from '../runtime/embedded';

const arg = (name: string): string | undefined => process.argv.find((x) => x.startsWith(`--${name}=`))?.slice(name.length + 3);
const DOCS = Number(arg('docs') ?? 20_000);
const BIN = arg('ferretdb');
const VERSUS = arg('versus');
const CONCURRENCY = Number(arg('concurrency') ?? 50);
const ROUNDS = Number(arg('rounds') ?? 3);

type Rows = ReturnType<typeof rowsOf>;
const rowsOf = (client: MongoClient) => client.db('bench').collection<{ _id: string; status: string; n: number; pad?: string }>('rows');

async function perOp(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return +((performance.now() - start) / n).toFixed(2);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-store-'));
  const embedded = await startEmbedded({ dataDir, persistRedis: false, ferretdbBin: BIN ? resolve(BIN) : undefined });
  const client = new MongoClient(embedded.mongoUri);
  try {
    await client.connect();
    const rows = rowsOf(client);
    await fill(rows);
    const at = (i: number) => `R${(i * 7919) % DOCS}`;
    const result = {
      bench: 'store-ops',
      ferretdb: BIN ?? '.tools/bin/ferretdb',
      docs: DOCS,
      insertOneMs: await perOp(200, (i) => rows.insertOne({ _id: `N${i}`, status: 'new', n: i })),
      findByIdMs: await perOp(200, (i) => rows.findOne({ _id: at(i) })),
      updateByIdMs: await perOp(50, (i) => rows.updateOne({ _id: at(i) }, { $set: { n: -i } })),
      updateByIdAndStatusMs: await perOp(50, (i) => rows.updateOne({ _id: at(i + 50), status: 'open' }, { $set: { status: 'done' } })),
      deleteByIdMs: await perOp(50, (i) => rows.deleteOne({ _id: at(i + 100) })),
      bulk90UpdatesMs: await perOp(1, () =>
        rows.bulkWrite(
          Array.from({ length: 90 }, (_, j) => ({
            updateOne: { filter: { _id: at(200 + j), status: 'open' }, update: { $set: { status: 'bulk' } } },
          })),
          { ordered: false },
        ),
      ),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await client.close();
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  await concurrentUpdates();
}

async function fill(rows: Rows): Promise<void> {
  for (let from = 0; from < DOCS; from += 2000) {
    await rows.insertMany(
      Array.from({ length: Math.min(2000, DOCS - from) }, (_, j) => ({
        _id: `R${from + j}`,
        status: 'open',
        n: from + j,
        pad: 'x'.repeat(200),
      })),
    );
  }
}

/** Runs `n` calls of `fn` with `CONCURRENCY` in flight; returns calls per second. */
async function perSecond(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await fn(next++);
    }),
  );
  return Math.round(n / ((performance.now() - start) / 1000));
}

async function concurrentRound(rows: Rows): Promise<{ differentDocsPerSec: number; oneDocPerSec: number; oneDocKept: number }> {
  const differentDocsPerSec = await perSecond(2000, (i) => rows.updateOne({ _id: `R${(i * 7919) % DOCS}` }, { $inc: { n: 1 } }));
  const before = (await rows.findOne({ _id: 'R1' }))?.n ?? 0;
  const oneDocPerSec = await perSecond(1000, () => rows.updateOne({ _id: 'R1' }, { $inc: { n: 1 } }));
  const oneDocKept = ((await rows.findOne({ _id: 'R1' }))?.n ?? 0) - before;
  return { differentDocsPerSec, oneDocPerSec, oneDocKept };
}

/** The concurrent figures, for our build and (--versus) another one, in alternating rounds. */
async function concurrentUpdates(): Promise<void> {
  const builds = [BIN ?? '.tools/bin/ferretdb', ...(VERSUS ? [VERSUS] : [])];
  const stores = await Promise.all(
    builds.map(async (bin) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'bench-store-'));
      const embedded = await startEmbedded({ dataDir, persistRedis: false, ferretdbBin: resolve(bin) });
      const client = new MongoClient(embedded.mongoUri, { maxPoolSize: CONCURRENCY });
      await client.connect();
      await fill(rowsOf(client));
      return { bin, dataDir, embedded, client, rounds: [] as Array<Awaited<ReturnType<typeof concurrentRound>>> };
    }),
  );
  try {
    for (let r = 0; r < ROUNDS; r++) for (const s of stores) s.rounds.push(await concurrentRound(rowsOf(s.client)));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const summary = stores.map((s) => ({
      ferretdb: s.bin,
      differentDocsPerSec: median(s.rounds.map((x) => x.differentDocsPerSec)),
      oneDocPerSec: median(s.rounds.map((x) => x.oneDocPerSec)),
      oneDocKeptOf1000: s.rounds.map((x) => x.oneDocKept),
      rounds: s.rounds,
    }));
    const [ours, other] = summary;
    process.stdout.write(
      `${JSON.stringify({
        bench: 'store-ops-concurrent',
        docs: DOCS,
        concurrency: CONCURRENCY,
        builds: summary,
        ...(other && {
          ratioDifferentDocs: +(ours.differentDocsPerSec / other.differentDocsPerSec).toFixed(2),
          ratioOneDoc: +(ours.oneDocPerSec / other.oneDocPerSec).toFixed(2),
        }),
      })}\n`,
    );
  } finally {
    for (const s of stores) {
      await s.client.close();
      await s.embedded.stop();
      rmSync(s.dataDir, { recursive: true, force: true });
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
