import { Schema, model, type InferSchemaType } from 'mongoose';

export const CALLBACK_STATES = ['waiting', 'dialling', 'retry_wait', 'connected', 'failed'] as const;
export type CallbackState = (typeof CALLBACK_STATES)[number];

/**
 * A callback the system dials (core/callbacks): a caller who kept their place in the phone
 * queue (virtual hold), or an out-of-hours request released at opening. `_id` = the ticket
 * id, so a request is one document and every step is a conditional update of it. The place
 * in line is the ticket's queue item (its `enqueuedAt`), never copied here.
 */
const callbackSchema = new Schema(
  {
    _id: { type: String, required: true },
    ticketNumber: { type: String, required: true },
    origin: { type: String, enum: ['virtual_hold', 'after_hours'], required: true },
    /** E.164 number to call; removed with the ticket's personal data. */
    phone: { type: String, required: true },
    language: { type: String, required: true },
    queue: { type: String, required: true },
    state: { type: String, enum: CALLBACK_STATES, default: 'waiting' },
    requestedAt: { type: Date, required: true },
    /** The inbound call that asked (virtual hold): its start and its entry in the queue, for the wait statistics. */
    callSid: { type: String },
    callStartedAt: { type: Date },
    enqueuedAt: { type: Date },
    /** Calls placed so far; the current one's SID and the agent it is for. */
    attempts: { type: Number, default: 0 },
    outboundSid: { type: String },
    agentId: { type: String },
    nextAttemptAt: { type: Date },
    /** The last call's Twilio status (no-answer, busy, failed, machine, completed). */
    lastOutcome: { type: String },
    connectedAt: { type: Date },
    endedAt: { type: Date },
  },
  { versionKey: false, timestamps: true },
);
// The callbacks job reads the requests due for another attempt; a small working set.
callbackSchema.index({ state: 1, nextAttemptAt: 1 });

export type CallbackDoc = InferSchemaType<typeof callbackSchema>;
export const Callback = model('Callback', callbackSchema);
