import { Schema, Types, model, type InferSchemaType } from 'mongoose';

/**
 * An exceptional closure set by an admin (a strike, a system migration, a local feast): one
 * queue or every queue ("*") closed from `from` to `to`, with an optional message the IVR says
 * instead of the opening hours. A handful of documents, read whole and cached briefly.
 */
const closureSchema = new Schema(
  {
    _id: { type: String, default: () => new Types.ObjectId().toHexString() },
    /** A queue id, or "*" for every queue. */
    queue: { type: String, required: true },
    from: { type: Date, required: true },
    to: { type: Date, required: true },
    reason: { type: String, required: true },
    message: {
      it: { type: String },
      ru: { type: String },
      en: { type: String },
    },
    createdBy: { type: String },
  },
  { versionKey: false, timestamps: true },
);

export type ClosureDoc = InferSchemaType<typeof closureSchema>;
export const Closure = model('Closure', closureSchema);
