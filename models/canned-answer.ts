import { Schema, model, type InferSchemaType } from 'mongoose';

/** A canned answer agents insert and edit before sending; `_id` is its short id. A handful of documents, read whole. */
const cannedAnswerSchema = new Schema(
  {
    _id: { type: String, required: true },
    label: { type: String, required: true },
    /** Offered on tickets of this category first; null: on every ticket. */
    category: { type: String, default: null },
    text: {
      it: { type: String, default: '' },
      ru: { type: String, default: '' },
      en: { type: String, default: '' },
    },
  },
  { versionKey: false, timestamps: true },
);

export type CannedAnswerDoc = InferSchemaType<typeof cannedAnswerSchema>;
export const CannedAnswer = model('CannedAnswer', cannedAnswerSchema);
