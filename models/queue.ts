import { Schema, model, type InferSchemaType } from 'mongoose';
import { CATEGORIES, CHANNELS } from '../wire';

/** A work queue: which channels and categories it takes, how work is handed out, its targets. */
const queueSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    channels: { type: [String], enum: CHANNELS, default: [] },
    /** Empty: every category. */
    categories: { type: [String], enum: CATEGORIES, default: [] },
    /** Lower is matched first when several queues fit a ticket. */
    order: { type: Number, default: 100 },
    mode: { type: String, enum: ['push', 'pull'], default: 'pull' },
    offerTimeoutSeconds: { type: Number, default: 20 },
    /** Service level: answered within this many seconds counts as "in service level". */
    serviceLevelSeconds: { type: Number, default: 20 },
    serviceLevelTarget: { type: Number, default: 0.8 },
    /** Opening hours as "mon-fri 08:00-22:00; sat 08:00-18:00"; empty = the call centre's (CALL_CENTRE_HOURS). Read by core/opening. */
    businessHours: { type: String, default: '' },
  },
  { versionKey: false, timestamps: true },
);

export type QueueDoc = InferSchemaType<typeof queueSchema>;
export const Queue = model('Queue', queueSchema);
