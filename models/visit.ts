import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * One visitor at a walk-in office, from check-in to done; `_id` = the ticket (channel
 * walk_in) it opened. The desks read the waiting ones of an office by (office, state,
 * arrivedAt): a day's visitors of one office, a small set.
 */
const visitSchema = new Schema(
  {
    _id: { type: String, required: true },
    office: { type: String, required: true },
    service: { type: String, required: true },
    /** What the visitor is called by: the service letter and the day's sequence, "A017". */
    number: { type: String, required: true },
    ticketNumber: { type: String, required: true },
    state: { type: String, enum: ['waiting', 'called', 'done', 'no_show'], default: 'waiting' },
    arrivedAt: { type: Date, required: true },
    calledAt: { type: Date },
    desk: { type: String },
    agentId: { type: String },
    doneAt: { type: Date },
    /** The ticket's queue and language when checked in: what the statistics count the visit under. */
    queue: { type: String },
    language: { type: String },
    /** A booked visitor: their slot's start, when they are called (core/walk-in/call-order.ts). */
    bookedFor: { type: Date },
  },
  { versionKey: false },
);
visitSchema.index({ office: 1, state: 1, arrivedAt: 1 });

/** Per office, service and local day: visitors served, their waits and service times (the statistics per office and service). */
const walkInDaySchema = new Schema(
  {
    _id: { type: String, required: true },
    office: { type: String, required: true },
    service: { type: String, required: true },
    day: { type: String, required: true },
    served: { type: Number, default: 0 },
    waitSum: { type: Number, default: 0 },
    longWait: { type: Number, default: 0 },
    serviceSum: { type: Number, default: 0 },
    noShow: { type: Number, default: 0 },
  },
  { versionKey: false, collection: 'walkin_days' },
);
walkInDaySchema.index({ day: 1 });

export type VisitDoc = InferSchemaType<typeof visitSchema>;
export const Visit = model('Visit', visitSchema);
export const WalkInDay = model('WalkInDay', walkInDaySchema);
