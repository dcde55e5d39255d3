// Group commit for the hot single-document writes of ingest: inserts (and deletes by `_id`)
// that arrive while the previous batch of the same collection is on its way are sent
// together, as one `insert` (`ordered: false`) or `delete` command, and every caller
// learns its own document's outcome. Measured on the embedded store (bench/ingest.ts,
// bench/RESULTS.md): an insert costs FerretDB ≈ 0.27 ms CPU alone and ≈ 0.05 ms in a batch
// of 20, and the driver's own cost per command shrinks alike. Nothing is acknowledged before
// the store has acknowledged its batch, so durability is that of a single write.
//
// The documents go to the driver as they are: no mongoose casting, defaults or timestamps.
// Callers build complete documents (the `*Row` builders beside each call).
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import type { Model } from 'mongoose';

/** `duplicate`: the `_id` (or another unique key) was there already — the idempotency answer. */
export type InsertOutcome = 'inserted' | 'duplicate';

const DUPLICATE_KEY = 11000;
/** Documents per command; the driver would split larger batches itself. */
const MAX_BATCH = 200;

interface Pending<R> {
  doc: Document;
  resolve(outcome: R): void;
  reject(err: unknown): void;
}

interface WriteError {
  index: number;
  code?: number;
  errmsg?: string;
}

/** One writer per collection and kind of write: at most one batch in flight, the next one gathering meanwhile. */
class Coalescer<R> {
  private queue: Pending<R>[] = [];
  private busy = false;

  constructor(private readonly flush: (items: Pending<R>[]) => Promise<void>) {}

  submit(doc: Document): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ doc, resolve, reject });
      if (!this.busy) this.start();
    });
  }

  private start(): void {
    this.busy = true;
    // Let the writes started in this turn of the event loop join the first batch.
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.flush(batch);
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.busy = false;
    }
  }
}

/**
 * The write errors of a batch that the store ran: null when the command itself failed. The
 * driver reports a failed command — a connection broken under it (the store killed), an
 * error answer — as a bulk-write error with an empty list of write errors; that list says
 * nothing about any document, so it must not be read as "none failed" (issue 19: every
 * caller of such a batch was once told "inserted" and nothing was stored).
 */
function writeErrorsOf(err: unknown): WriteError[] | null {
  const raw = (err as { writeErrors?: unknown }).writeErrors;
  if (raw === undefined || raw === null) return null;
  const errors = (Array.isArray(raw) ? raw : [raw]) as WriteError[];
  return errors.length ? errors : null;
}

function errorOf(w: WriteError): Error {
  return Object.assign(new Error(w.errmsg ?? `write error ${String(w.code)}`), { code: w.code });
}

/**
 * Settles each caller from a batch's write errors (by index); a batch without them failed as
 * a whole. `accounted`, when given, checks that the store's answer covers every document
 * (inserted + failed = sent), else nothing is known and every caller hears the error.
 */
function settle<R>(items: Pending<R>[], err: unknown, ok: R, duplicate: R, accounted?: (errors: WriteError[]) => boolean): void {
  const errors = writeErrorsOf(err);
  if (!errors || (accounted && !accounted(errors))) {
    for (const p of items) p.reject(err);
    return;
  }
  const byIndex = new Map(errors.map((w) => [w.index, w]));
  items.forEach((p, i) => {
    const w = byIndex.get(i);
    if (!w) p.resolve(ok);
    else if (w.code === DUPLICATE_KEY) p.resolve(duplicate);
    else p.reject(errorOf(w));
  });
}

function driverCollection(target: Model<any>): Collection {
  const db = target.db.db;
  if (!db) throw new Error(`write-batch: not connected (${target.modelName})`);
  return db.collection(target.collection.collectionName);
}

// Keyed by model, so models of the same name on two connections (a second node in a test) never share a writer.
const inserters = new WeakMap<Model<any>, Coalescer<InsertOutcome>>();
const deleters = new WeakMap<Model<any>, Coalescer<void>>();

/** Inserts one complete document, batched with concurrent inserts into the same collection. */
export function insertBatched(target: Model<any>, doc: Document & { _id: unknown }): Promise<InsertOutcome> {
  let c = inserters.get(target);
  if (!c) {
    c = new Coalescer<InsertOutcome>(async (items) => {
      try {
        await driverCollection(target).insertMany(
          items.map((p) => p.doc),
          { ordered: false },
        );
        for (const p of items) p.resolve('inserted');
      } catch (err) {
        const inserted = (err as { result?: { insertedCount?: unknown } }).result?.insertedCount;
        settle(items, err, 'inserted', 'duplicate', (errors) => inserted === items.length - errors.length);
      }
    });
    inserters.set(target, c);
  }
  return c.submit(doc);
}

/** Deletes one document by `_id`, batched with concurrent deletes from the same collection. */
export function deleteBatched(target: Model<any>, id: unknown): Promise<void> {
  let c = deleters.get(target);
  if (!c) {
    c = new Coalescer<void>(async (items) => {
      const ops: AnyBulkWriteOperation[] = items.map((p) => ({ deleteOne: { filter: { _id: p.doc._id } } }));
      try {
        await driverCollection(target).bulkWrite(ops, { ordered: false });
        for (const p of items) p.resolve();
      } catch (err) {
        settle(items, err, undefined, undefined);
      }
    });
    deleters.set(target, c);
  }
  return c.submit({ _id: id });
}
