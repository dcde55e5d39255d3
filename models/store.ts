// What the store tells us about writes: the duplicate-key check every insert-once write
// relies on, and the batch insert that keeps only the new keys (the basis of models/guard.ts).
import type { Model } from 'mongoose';

/** The server's code for a unique-index violation (MongoDB and FerretDB alike: "E11000 duplicate key"). */
const DUPLICATE_KEY = 11000;

/** True when a write failed only because its `_id` (or another unique key) exists already. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DUPLICATE_KEY;
}

/**
 * True when the store could not be reached or dropped the connection (a restart, a network
 * cut): the operation may be tried again once it is back. For a write, "may" — it may also
 * have been applied before the connection went.
 */
export function isStoreUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { name, message } = err as { name?: string; message?: string };
  return (
    /^Mongo(Network|NetworkTimeout|ServerSelection|NotConnected|PoolCleared|TopologyClosed)Error$/.test(name ?? '') ||
    /ECONNREFUSED|ECONNRESET|EPIPE|connection .*closed|buffering timed out|shutdown in progress|interrupted at shutdown|database is locked/i.test(
      message ?? '',
    ) ||
    // A store shutting down or restarting answers with these codes before the connection drops.
    [91, 11600, 11602, 189, 10107, 13435].includes(Number((err as { code?: unknown }).code))
  );
}

/**
 * Inserts each document whose `_id` is new, in one request, and returns the ids this call
 * inserted; an `_id` that exists already (a re-run, another worker) is left alone: the
 * insert-a-unique-key pattern for any model keyed by its natural key. An invalid document is an
 * error, never a key the caller believes it holds: with `ordered: false` and a duplicate in
 * the batch, mongoose reports only the duplicate, so what was inserted is counted from the
 * inserted documents and anything neither inserted nor duplicate is validated to throw.
 */
export async function insertNew<D extends { _id: string }>(target: Model<any>, docs: D[]): Promise<Set<string>> {
  if (docs.length === 0) return new Set();
  try {
    await target.insertMany(docs, { ordered: false, throwOnValidationError: true });
    return new Set(docs.map((d) => d._id));
  } catch (err) {
    const { writeErrors, insertedDocs } = err as {
      writeErrors?: Array<{ index?: number; code?: number; err?: { index?: number; code?: number } }>;
      insertedDocs?: Array<{ _id?: unknown }>;
    };
    if (!writeErrors || !insertedDocs) throw err;
    for (const w of writeErrors) if ((w.code ?? w.err?.code) !== DUPLICATE_KEY) throw err;
    const duplicates = new Set(writeErrors.map((w) => w.index ?? w.err?.index));
    const inserted = new Set(insertedDocs.map((d) => String(d._id)));
    const unaccounted = docs.filter((d, i) => !duplicates.has(i) && !inserted.has(d._id));
    // Neither inserted nor a duplicate: it failed validation; this throws its real error.
    await Promise.all(unaccounted.map((d) => new target(d).validate()));
    if (unaccounted.length > 0) throw new Error(`insertNew: ${unaccounted.length} document(s) were not inserted`, { cause: err });
    return inserted;
  }
}
