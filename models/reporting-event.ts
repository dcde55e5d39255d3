import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * Each business event the statistics count, recorded once with its value in seconds
 * (Chatwoot's reporting events). `_id` is derived from the event's source (a call sid, a
 * ticket id and instant), so a replayed event is a duplicate key, not a second count.
 * The interval buckets are a pure function of these rows: the stats-rebuild job
 * recomputes them from here after a bug fix or an import.
 */
const reportingEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: {
      type: String,
      required: true,
      enum: [
        'offered',
        'answered',
        'abandoned',
        'handled',
        'resolved',
        'transferred',
        'first_response',
        'ivr_entered',
        'agent_requested',
        'agent_requested_closed',
        'voicemail',
        'callback_requested',
        'callback_placed',
        'callback_connected',
        'callback_failed',
        'reading',
        'presence',
        'survey',
        'walkin_arrived',
        'walkin_called',
        'walkin_served',
        'walkin_no_show',
      ],
    },
    at: { type: Date, required: true, index: true },
    queue: { type: String, required: true },
    channel: { type: String, required: true },
    language: { type: String },
    /** The measure in seconds: a wait, a handle time, an answer time, presence seconds. */
    value: { type: Number },
    /** Calls: the wait including the IVR part (the regulator's method). */
    valueWithIvr: { type: Number },
    /** The queue's service-level threshold when the contact was answered. */
    slSeconds: { type: Number },
    ivrChoices: { type: Number },
    /** Presence: the state that ended; readings: accepted | held | rejected. */
    state: { type: String },
    category: { type: String },
    /** Contract service (gas, electricity, …) for written answers per service; the office's service letter for walk-in events. */
    service: { type: String },
    /** Walk-in events: the office. */
    office: { type: String },
    /** Resolved without a transfer or a reopening. */
    firstContact: { type: Boolean },
    handleSeconds: { type: Number },
    score: { type: Number },
    ticketId: { type: String },
    callSid: { type: String },
    agentId: { type: String },
  },
  { versionKey: false, collection: 'reporting_events' },
);

export type ReportingEventDoc = InferSchemaType<typeof reportingEventSchema> & { _id: string };
export const ReportingEvent = model('ReportingEvent', reportingEventSchema);
