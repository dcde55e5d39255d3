import { Schema, model } from 'mongoose';

/**
 * Inbound messages received but not yet processed: with the message itself (state
 * `received`), the durable first write of ingest
 * (`_id` = "<channel>:<externalId>", the normalised message as JSON). The entry is removed
 * once the message is on its ticket (`processed`), so this collection holds only
 * what is in flight and the sweeper (a query without `_id`, which FerretDB answers by
 * reading the collection) reads a handful of documents, never the history.
 */
const inboxSchema = new Schema(
  {
    _id: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    payload: { type: String, required: true },
  },
  { versionKey: false },
);
export const Inbox = model('Inbox', inboxSchema);
