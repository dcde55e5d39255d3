import { Schema, model, type InferSchemaType } from 'mongoose';
import { CHANNELS } from '../wire';

const attachmentSchema = new Schema(
  {
    filename: { type: String },
    contentType: { type: String },
    size: { type: Number },
    /** Where the bytes are: a storage key of ours, or the provider's URL (Twilio media, recordings). */
    storageKey: { type: String },
    url: { type: String },
  },
  { _id: false },
);

const headerSchema = new Schema({ name: String, value: String }, { _id: false });

/**
 * Every message in and out, and agents' internal notes. `_id` is "<channel>:<externalId>"
 * for inbound messages, so a replayed webhook hits a duplicate key instead of a second row.
 */
const messageSchema = new Schema(
  {
    _id: { type: String, required: true },
    ticketId: { type: String, index: true },
    direction: { type: String, enum: ['in', 'out', 'note'], required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    externalId: { type: String },
    from: { type: String },
    to: { type: String },
    subject: { type: String },
    body: { type: String, default: '' },
    attachments: { type: [attachmentSchema], default: [] },
    /** Mail headers that matter for threading; a list, because header names may contain '.'. */
    headers: { type: [headerSchema], default: undefined },
    /** received → processed for inbound; queued → sent → delivered | failed for outbound. */
    state: {
      type: String,
      enum: ['received', 'processed', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'note'],
      required: true,
      index: true,
    },
    error: { type: String },
    authorId: { type: String },
    receivedAt: { type: Date },
    sentAt: { type: Date },
    deliveredAt: { type: Date },
    /** The provider's payload as JSON text (kept as text: its keys may not be storable). */
    raw: { type: String },
    /** Visible to the customer on the web tracking page (agents' notes never are). */
    public: { type: Boolean, default: true },
  },
  { versionKey: false, timestamps: true },
);
messageSchema.index({ ticketId: 1, createdAt: 1 });
// An erasure removes an attachment's file only when no other message shares it (content-addressed keys).
messageSchema.index({ 'attachments.storageKey': 1 });

export type MessageDoc = InferSchemaType<typeof messageSchema>;
export const Message = model('Message', messageSchema);
