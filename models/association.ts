import { Schema, model, type InferSchemaType } from 'mongoose';

/** A consumer association with an agreement (created by an admin); `_id` is its short code. */
const associationSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    /** Mail from these sender domains to the associations' mailbox is this association's case. */
    domains: { type: [String], default: [] },
  },
  { versionKey: false, timestamps: true },
);
associationSchema.index({ domains: 1 });

/**
 * A case an association brought for a member; `_id` = its ticket. The portal lists a
 * representative's cases by (association, openedAt) — one association's few hundred a year.
 */
const associationCaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    association: { type: String, required: true },
    ticketNumber: { type: String, required: true },
    openedAt: { type: Date, required: true },
    /** Recorded at resolution: resolved positively, partly, or not. */
    result: { type: String, enum: ['positive', 'partial', 'negative'] },
    resolvedAt: { type: Date },
  },
  { versionKey: false },
);
associationCaseSchema.index({ association: 1, openedAt: -1 });

/** Per association and local month: cases opened and resolved, by result, and days to resolution (the seed's figures). */
const associationMonthSchema = new Schema(
  {
    _id: { type: String, required: true },
    association: { type: String, required: true },
    month: { type: String, required: true },
    opened: { type: Number, default: 0 },
    resolved: { type: Number, default: 0 },
    positive: { type: Number, default: 0 },
    partial: { type: Number, default: 0 },
    negative: { type: Number, default: 0 },
    daysSum: { type: Number, default: 0 },
  },
  { versionKey: false, collection: 'association_months' },
);
associationMonthSchema.index({ month: 1 });

export type AssociationDoc = InferSchemaType<typeof associationSchema>;
export const Association = model('Association', associationSchema);
export const AssociationCase = model('AssociationCase', associationCaseSchema);
export const AssociationMonth = model('AssociationMonth', associationMonthSchema);
