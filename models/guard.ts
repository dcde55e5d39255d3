import { Schema, model, type Model } from 'mongoose';

/**
 * "Only once" keys. Inserting a key is atomic on every store (a duplicate `_id` fails),
 * while a conditional update is not on FerretDB 1.24, which was measured letting two
 * concurrent `updateOne({_id, state: 'x'}, …)` both succeed. Decisions that must be taken
 * once (a plan per bill and generation, a deferral per bill) insert a guard first.
 */
const guardSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });
export const Guard = model('Guard', guardSchema);

/** True for the one caller that takes `key`; false for every other, now or later. */
export async function takeOnce(key: string, at: Date): Promise<boolean> {
  try {
    await Guard.create({ _id: key, at });
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return false;
    throw err;
  }
}

/**
 * Inserts each document whose `_id` is new, in one request, and returns the ids this call
 * inserted; an `_id` that exists already (a re-run, another worker) is left alone. The
 * batch form of takeOnce for any model keyed by its natural key. An invalid document is an
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
    for (const w of writeErrors) if ((w.code ?? w.err?.code) !== 11000) throw err;
    const duplicates = new Set(writeErrors.map((w) => w.index ?? w.err?.index));
    const inserted = new Set(insertedDocs.map((d) => String(d._id)));
    const unaccounted = docs.filter((d, i) => !duplicates.has(i) && !inserted.has(d._id));
    // Neither inserted nor a duplicate: it failed validation; this throws its real error.
    await Promise.all(unaccounted.map((d) => new target(d).validate()));
    if (unaccounted.length > 0) throw new Error(`insertNew: ${unaccounted.length} document(s) were not inserted`, { cause: err });
    return inserted;
  }
}
