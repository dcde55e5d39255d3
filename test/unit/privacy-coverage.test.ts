// Every collection that holds customer data is covered by the export, the erasure and the
// retention job — or says why not — and README's privacy table lists exactly those
// collections. A model added without a decision fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { CUSTOMER_DATA, NO_CUSTOMER_DATA } from '../../core/privacy/coverage';
import { ERASURE_STEPS } from '../../core/privacy/erase-customer';
import { RECORD_KINDS } from '../../core/privacy/records';
import { RETENTION_KINDS } from '../../core/privacy/retention';

const ROOT = join(__dirname, '../..');

/** Every source file that declares a mongoose model (models/ and the channels' own). */
function modelFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = join(dir, e.name);
    if (e.isDirectory()) return modelFiles(rel);
    return e.name.endsWith('.ts') && /\bmodel\(/.test(readFileSync(join(ROOT, rel), 'utf8')) ? [rel] : [];
  });
}

test('every model collection is either customer data with a decision, or listed as holding none', async () => {
  for (const f of ['models', 'channels', 'core'].flatMap(modelFiles)) await import(join(ROOT, f));
  const collections = Object.values(mongoose.models).map((m) => m.collection.collectionName);
  const decided = new Set([...CUSTOMER_DATA.map((c) => c.collection), ...NO_CUSTOMER_DATA]);
  expect(collections.filter((c) => !decided.has(c))).toEqual([]);
  // And nothing is listed that no longer exists.
  expect([...decided].filter((c) => !collections.includes(c))).toEqual([]);
});

test.each(CUSTOMER_DATA.map((c) => [c.collection, c] as const))('%s: export, erasure and retention name real things', (_name, c) => {
  if (typeof c.export === 'string') expect(RECORD_KINDS).toContain(c.export);
  else expect(c.export.not.length).toBeGreaterThan(2);
  if (typeof c.erase === 'string') expect(ERASURE_STEPS).toContain(c.erase);
  else expect(c.erase.kept.length).toBeGreaterThan(2);
  if (Array.isArray(c.retention)) for (const k of c.retention) expect(RETENTION_KINDS).toContain(k);
  else expect(c.retention.not.length).toBeGreaterThan(2);
});

test('every export kind comes from a listed collection', () => {
  const exported = new Set(CUSTOMER_DATA.map((c) => c.export).filter((e) => typeof e === 'string'));
  expect(RECORD_KINDS.filter((k) => !exported.has(k))).toEqual([]);
});

test("README's privacy table lists exactly the customer-data collections", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const from = readme.indexOf('Collections that hold customer data');
  const lines = readme.slice(from).split('\n');
  const head = lines.findIndex((l) => l.startsWith('| collection'));
  const end = lines.findIndex((l, i) => i > head && !l.startsWith('|'));
  const table = lines.slice(head, end).filter((l) => l.startsWith('| `'));
  // The statistics row (`reporting_events`, `stats_*`) says they hold none.
  const listed = table.map((l) => /^\| `([a-z_*]+)`/.exec(l)![1]!).filter((c) => !NO_CUSTOMER_DATA.includes(c) && c !== 'stats_*');
  expect(from).toBeGreaterThan(0);
  expect(listed.sort()).toEqual(CUSTOMER_DATA.map((c) => c.collection).sort());
});
