import { Schema, model } from 'mongoose';
import { isDuplicateKey } from './store';

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
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
