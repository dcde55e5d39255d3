import { Schema, model } from 'mongoose';

/**
 * A slot booked at a walk-in office (optional: a customer books from the reception page).
 * `_id` is the booking code the customer brings to the check-in, so finding it is an exact
 * `_id` read; the booking is removed when checked in, cancelled or found missed, so the
 * collection holds only bookings still ahead (the daily housekeeping removes one a day after
 * its slot when nobody came).
 */
const bookingSchema = new Schema(
  {
    _id: { type: String, required: true },
    office: { type: String, required: true },
    service: { type: String, required: true },
    slotStart: { type: Date, required: true },
    slotEnd: { type: Date, required: true },
    /** The slot's place in its day's seats document (SlotDay.taken). */
    day: { type: String, required: true },
    slot: { type: Number, required: true },
    phone: { type: String },
    accountNumber: { type: String },
    language: { type: String },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

// The customer's bookings (export, erasure) and the ones whose slot is long past (housekeeping).
bookingSchema.index({ accountNumber: 1 });
bookingSchema.index({ phone: 1 });
bookingSchema.index({ slotEnd: 1 });

/**
 * The seats taken per slot of one office, service and local day, `_id` `<office>:<service>:<day>`:
 * `taken.<slot>` is raised only while below the office's desks, by one conditional update, so a
 * slot is never booked beyond them (the same atomic decision as an agent's capacity).
 */
const slotDaySchema = new Schema(
  {
    _id: { type: String, required: true },
    office: { type: String, required: true },
    service: { type: String, required: true },
    day: { type: String, required: true },
    taken: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, collection: 'walkin_slot_days', minimize: false },
);

export const Booking = model('Booking', bookingSchema);
export const SlotDay = model('SlotDay', slotDaySchema);
