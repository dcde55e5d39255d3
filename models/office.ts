import { Schema, model, type InferSchemaType } from 'mongoose';
import { CATEGORIES } from '../wire';

/** A walk-in office (sportello / ЦОК), created by an admin; `_id` is its short code ("bo-centro"). */
const officeSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    hours: { type: String, required: true },
    services: {
      type: [
        new Schema(
          {
            code: { type: String, required: true },
            name: { type: String, required: true },
            category: { type: String, enum: CATEGORIES, required: true },
            /** Minutes of a booked slot; none: the service takes no bookings. */
            slotMinutes: { type: Number },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    /** Desks serving at once: the bookings one slot of a service can take. */
    desks: { type: Number, default: 1 },
    active: { type: Boolean, default: true },
  },
  { versionKey: false, timestamps: true },
);

export type OfficeDoc = InferSchemaType<typeof officeSchema>;
export const Office = model('Office', officeSchema);
