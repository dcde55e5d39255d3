import { Schema, model } from 'mongoose';

/** Named sequences (ticket numbers), advanced with one atomic `$inc`. */
const counterSchema = new Schema({ _id: { type: String, required: true }, seq: { type: Number, default: 0 } }, { versionKey: false });
export const Counter = model('Counter', counterSchema);

/** Reserves `size` numbers and returns the first. */
export async function reserveSequence(name: string, size: number): Promise<number> {
  const doc = await Counter.findOneAndUpdate({ _id: name }, { $inc: { seq: size } }, { upsert: true, returnDocument: 'after' }).lean();
  return (doc?.seq ?? size) - size + 1;
}
