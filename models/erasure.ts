import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * One erasure of a customer's personal data (core/privacy/erase-customer.ts); `_id` is the
 * account number, so a second request finds the first. It records progress, never what was
 * erased: `steps` are the names of the finished steps, so a run that died resumes after them.
 */
const erasureSchema = new Schema(
  {
    _id: { type: String, required: true },
    status: { type: String, enum: ['running', 'done'], required: true, index: true },
    /** Who asked (an agent id) and why (a short code or sentence without personal data). */
    requestedBy: { type: String, required: true },
    reason: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    steps: { type: [String], default: [] },
    finishedAt: { type: Date },
  },
  { versionKey: false, timestamps: true },
);

export type ErasureDoc = InferSchemaType<typeof erasureSchema>;
export const Erasure = model('Erasure', erasureSchema);
