import { Schema, Types, model, type InferSchemaType } from 'mongoose';

/** Who did what to which record; details hold ids and codes, never message text. */
const auditSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, default: () => new Types.ObjectId() },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    target: { type: String },
    details: { type: String },
  },
  { versionKey: false },
);
auditSchema.index({ at: -1 });
// A customer's export lists the entries about them (target "customer:<account>").
// One record's history (an outage incident's changes on the dashboard).
auditSchema.index({ target: 1, at: -1 });

export type AuditDoc = InferSchemaType<typeof auditSchema>;
export const Audit = model('Audit', auditSchema);
