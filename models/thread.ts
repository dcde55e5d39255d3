import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * Open-thread pointers: `_id` is a thread key (customer or sender + channel + category),
 * the value the open ticket it joins. Threading a message is one `_id` read; the pointer
 * is removed when its ticket is resolved.
 */
const threadSchema = new Schema(
  {
    _id: { type: String, required: true },
    ticketId: { type: String, required: true },
  },
  { versionKey: false, timestamps: true },
);

export type ThreadDoc = InferSchemaType<typeof threadSchema>;
export const Thread = model('Thread', threadSchema);
