import { Schema, model, type InferSchemaType } from 'mongoose';
import { NOTICE_STAGES } from '../wire/outages';

/**
 * One notice of one outage stage to one recipient, the reminders' exactly-once shape
 * (models/reminder.ts): `_id` is "<outage>:<recipient>:<stage>", where the recipient is
 * "a<account>" for a customer of the area or "t<ticket>" for a linked contact closed with the
 * final message, or "p<phone>" for a caller who asked the IVR to be texted. A second insert
 * of the same key is a duplicate: one notice per recipient, outage and stage, by design.
 * pending → sending (claimed by one worker, taken over after the lease) → sent | unreachable |
 * failed; pending again with `notBefore` while quiet hours hold it; cancelled when the stage
 * no longer applies (a declaration notice still waiting when the outage is resolved).
 */
const outageNoticeSchema = new Schema(
  {
    _id: { type: String, required: true },
    outageId: { type: String, required: true },
    stage: { type: String, enum: NOTICE_STAGES, required: true },
    accountNumber: { type: String },
    /** A linked contact's ticket: the notice is its final message, in its channel, and closes it. */
    ticketId: { type: String },
    /** An IVR caller's number (no customer behind it). */
    phone: { type: String },
    /** Lower first (core/outages/notices/notice-rules.ts noticeOrder). */
    order: { type: Number, default: 1 },
    status: { type: String, enum: ['pending', 'sending', 'sent', 'unreachable', 'failed', 'cancelled'], default: 'pending' },
    reason: { type: String },
    notBefore: { type: Date, required: true },
    claimedAt: { type: Date },
    attempts: { type: Number, default: 0 },
    channel: { type: String, enum: ['sms', 'email', 'voice', 'web'] },
    messageId: { type: String },
    tried: { type: [String], default: undefined },
    sentAt: { type: Date },
  },
  { versionKey: false, timestamps: true },
);
// The run reads one outage's open notices: the embedded store narrows by the leading field.
outageNoticeSchema.index({ outageId: 1, status: 1 });

export const outageNoticeId = (outageId: string, recipient: string, stage: string): string => `${outageId}:${recipient}:${stage}`;
export type OutageNoticeDoc = InferSchemaType<typeof outageNoticeSchema>;
export const OutageNotice = model('OutageNotice', outageNoticeSchema);
