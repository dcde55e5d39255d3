import { Schema, Types, model, type InferSchemaType } from 'mongoose';
import { SERVICES } from './contract';

/** A known outage in a network area, announced by the IVR before the menu. */
const outageSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, default: () => new Types.ObjectId() },
    areaCode: { type: String, required: true, index: true },
    service: { type: String, enum: SERVICES, required: true },
    /** Cause as operators typed it, per language. */
    cause: { it: String, ru: String, en: String },
    startedAt: { type: Date, required: true },
    expectedRestorationAt: { type: Date },
    endedAt: { type: Date },
    status: { type: String, enum: ['suspected', 'active', 'resolved'], default: 'active', index: true },
    /** Callers who asked to be texted when supply returns (E.164). */
    notifyPhones: { type: [String], default: [] },
  },
  { versionKey: false, timestamps: true },
);

export type OutageDoc = InferSchemaType<typeof outageSchema>;
export const Outage = model('Outage', outageSchema);
