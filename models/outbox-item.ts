import { Schema, Types, model, type InferSchemaType } from 'mongoose';

/**
 * What the dev outbox (channels/outbox) kept instead of sending: an SMS, an automated call or
 * an e-mail, as it would have left. Development only (core/outbox-mode.ts); /outbox lists them.
 */
const outboxItemSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, default: () => new Types.ObjectId() },
    at: { type: Date, required: true },
    channel: { type: String, enum: ['sms', 'voice', 'email'], required: true },
    /** The provider's id it was given (an SM…/CA… sid, a Message-ID). */
    externalId: { type: String, required: true },
    /** Our message id (the status callback's `?m=`), when the sender gave one. */
    messageId: { type: String },
    to: { type: String },
    from: { type: String },
    subject: { type: String },
    body: { type: String, default: '' },
    /** Where delivery was simulated to: queued → sent → delivered. */
    state: { type: String, default: 'queued' },
  },
  { versionKey: false },
);
outboxItemSchema.index({ at: -1 });

export type OutboxItemDoc = InferSchemaType<typeof outboxItemSchema>;
export const OutboxItem = model('OutboxItem', outboxItemSchema);
