import { Schema, model, type InferSchemaType } from 'mongoose';
import { DUNNING_STAGES } from './bill';

/**
 * One reminder of one dunning stage for one bill; `_id` is "<billNumber>:<stage>", so a
 * second insert for the same (bill, stage) is a duplicate key: exactly once by design.
 * pending → sending (claimed by one worker) → sent | cancelled | failed; pending again
 * with `notBefore` when quiet hours or an unavailable channel put it off.
 */
const reminderSchema = new Schema(
  {
    _id: { type: String, required: true },
    billNumber: { type: String, required: true },
    stage: { type: String, enum: DUNNING_STAGES, required: true },
    accountNumber: { type: String },
    contractNumber: { type: String },
    status: { type: String, enum: ['pending', 'sending', 'sent', 'cancelled', 'failed'], default: 'pending', index: true },
    /** Why it is cancelled, or why it is still pending (quiet hours, no channel available). */
    reason: { type: String },
    /** Not sent before this instant (quiet hours: the next allowed time). */
    notBefore: { type: Date, required: true },
    /** Set when a worker claims it; a claim older than the lease is taken over. */
    claimedAt: { type: Date },
    attempts: { type: Number, default: 0 },
    amount: { type: Number },
    channel: { type: String, enum: ['sms', 'email', 'voice'] },
    messageId: { type: String },
    externalId: { type: String },
    /** Each channel tried on the last attempt and what happened (e.g. "sms:consent"). */
    tried: { type: [String], default: undefined },
    /** Run date (asOf) the stage was decided on. */
    decidedAt: { type: Date, required: true },
    sentAt: { type: Date },
    cancelledAt: { type: Date },
    /** Formal notice: where the PDF letter is (relative to DATA_DIR). */
    letterKey: { type: String },
    /**
     * Formal notice sent by registered post: the day the customer received it, from the return
     * receipt (avviso di ricevimento), recorded by the back office — the delivery proof a ladder
     * step counted from delivery waits for (core/reminders/notice-receipt.ts).
     */
    receivedAt: { type: Date },
    receiptRecordedBy: { type: String },
  },
  { versionKey: false, timestamps: true },
);
reminderSchema.index({ billNumber: 1 });
// The customer panel's notifications (GET /api/customers/:accountNumber).
reminderSchema.index({ accountNumber: 1, decidedAt: -1 });

export const reminderId = (billNumber: string, stage: string): string => `${billNumber}:${stage}`;
export type ReminderDoc = InferSchemaType<typeof reminderSchema>;
export const Reminder = model('Reminder', reminderSchema);
