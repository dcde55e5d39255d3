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
 * batch form of takeOnce for any model keyed by its natural key. Every document is
 * validated first: with `ordered: false` mongoose would otherwise report a duplicate and
 * silently drop an invalid one, and the caller would take a key it does not hold.
 */
export async function insertNew<D extends { _id: string }>(target: Model<any>, docs: D[]): Promise<Set<string>> {
  if (docs.length === 0) return new Set();
  await Promise.all(docs.map((doc) => new target(doc).validate()));
  try {
    await target.insertMany(docs, { ordered: false, throwOnValidationError: true });
    return new Set(docs.map((d) => d._id));
  } catch (err) {
    const writeErrors = (err as { writeErrors?: Array<{ index?: number; code?: number; err?: { index?: number; code?: number } }> }).writeErrors;
    if (!writeErrors) throw err;
    const duplicates = new Set<number>();
    for (const w of writeErrors) {
      const code = w.code ?? w.err?.code;
      const index = w.index ?? w.err?.index;
      if (code !== 11000 || index === undefined) throw err;
      duplicates.add(index);
    }
    return new Set(docs.filter((_, i) => !duplicates.has(i)).map((d) => d._id));
  }
}
