import { Schema, Types, model, type InferSchemaType } from 'mongoose';
import { CHANNELS } from '../wire';

/** A meter reading as the customer sent it, with the verdict of the validation rules. */
const readingSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, default: () => new Types.ObjectId() },
    contractNumber: { type: String, required: true, index: true },
    accountNumber: { type: String },
    /** One value per register (day/night meters have two). */
    values: { type: [Number], required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    status: { type: String, enum: ['accepted', 'held', 'rejected'], required: true },
    reasons: { type: [String], default: [] },
    /** Outside the bill's reading window: counted for the next bill. */
    forNextBill: { type: Boolean, default: false },
    from: { type: String },
    messageId: { type: String },
    ticketId: { type: String },
    receivedAt: { type: Date, required: true },
  },
  { versionKey: false, timestamps: true },
);

export type ReadingDoc = InferSchemaType<typeof readingSchema>;
export const Reading = model('Reading', readingSchema);
