import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * What waits for an agent, in its own small collection (`_id` = ticket id), removed when
 * claimed. The routing loop reads only this, never the ticket history.
 */
const queueItemSchema = new Schema(
  {
    _id: { type: String, required: true },
    ticketNumber: { type: String, required: true },
    queue: { type: String, required: true },
    channel: { type: String, required: true },
    category: { type: String, required: true },
    language: { type: String },
    priority: { type: Number, required: true },
    enqueuedAt: { type: Date, required: true },
    /** A contact waiting on the line (core/routing/match.ts orders these before deferred work). */
    live: { type: Boolean },
    state: { type: String, enum: ['waiting', 'offered'], default: 'waiting' },
    /** The queue row's preview: the first line of the message (core/tickets/preview.ts) and when it came. */
    preview: { type: String },
    lastMessageAt: { type: Date },
    offeredTo: { type: String },
    offerExpiresAt: { type: Date },
    /** Agents who rejected or let an offer expire; push routing skips them. */
    declinedBy: { type: [String], default: [] },
  },
  { versionKey: false },
);
queueItemSchema.index({ queue: 1, priority: 1, enqueuedAt: 1 });

export type QueueItemDoc = InferSchemaType<typeof queueItemSchema>;
export const QueueItem = model('QueueItem', queueItemSchema);
