import { Schema, model } from 'mongoose';
import { isDuplicateKey } from './store';

/**
 * "Only once" keys: inserting a key is atomic on every store (a duplicate `_id` fails).
 * For a decision that has no document of its own to carry a condition. Claims, instalment
 * plans and deferrals used to take one first, because stock FerretDB 1.24 let two
 * concurrent `updateOne({_id, state: 'x'}, …)` both succeed; our build's rmw-lock patch
 * makes such a conditional update atomic, as on MongoDB, so they now decide by it alone.
 * Keys written before stay (plans, deferrals) or are removed by housekeeping (claims).
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
