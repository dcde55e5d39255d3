// Benchmark: what one store operation by `_id` costs on the embedded FerretDB as the
// collection grows, with the raw driver (no code of ours). Shows the effect of the fixes
// scripts/bootstrap.mjs applies when it builds FerretDB: run it once with the default
// binary and once with a stock build (--ferretdb=/path/to/ferretdb) and compare.
//   npx tsx bench/store-ops.ts [--docs=20000] [--ferretdb=.tools/bin/ferretdb]
// Prints one JSON line: mean milliseconds per operation, one at a time (the bulk: 90 updates
// in one request, under the 101 at which a stock build waits forever).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbedded } from '../runtime/embedded';

const arg = (name: string): string | undefined => process.argv.find((x) => x.startsWith(`--${name}=`))?.slice(name.length + 3);
const DOCS = Number(arg('docs') ?? 20_000);
const BIN = arg('ferretdb');

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
    const rows = client.db('bench').collection<{ _id: string; status: string; n: number; pad?: string }>('rows');
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
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
